# sam build's targets (Metadata BuildMethod: makefile in template.yaml). SAM runs
#   make --makefile <this file> build-<LogicalId>
# once per function, each time in a scratch copy of the function's ProjectRootDirectory, with
# ARTIFACTS_DIR set to .aws-sam/build/<LogicalId>; what the target puts there is the function's
# code. Without sam build, `mvn -B package -DskipTests` and `sam deploy -t template.yaml` deploy the
# same jars and zips. Not for sam build --use-container: Maven runs on this repository, on the host.

# This repository (SAM passes this file's absolute path), not the scratch copy make runs in.
ROOT := $(dir $(abspath $(lastword $(MAKEFILE_LIST))))

MVN ?= mvn
# Every module whose target/ the template points at: the layers' zips are built here too, as a
# full sam build leaves a layer whose ContentUri is a .zip to be deployed as it is.
MODULES := functions/validate,functions/refresh,functions/bootstrap,functions/compliance,layers/snowflake-jdbc,forwarder

# Maven runs once per sam build: the targets share .aws-sam/build, which sam build empties first.
MAVEN_STAMP ?= $(ARTIFACTS_DIR)/../.twt-maven-built

FUNCTIONS := ValidateFunction RefreshFunction BootstrapFunction ComplianceFunction
build-ValidateFunction: MODULE := functions/validate
build-RefreshFunction: MODULE := functions/refresh
build-BootstrapFunction: MODULE := functions/bootstrap
build-ComplianceFunction: MODULE := functions/compliance

.PHONY: $(addprefix build-,$(FUNCTIONS))

# The shaded jar under lib/: Lambda's Java runtime puts /var/task and /var/task/lib/*.jar on the
# class path, and SAM zips the directory with fixed entry times, so an unchanged jar deploys no new version.
$(addprefix build-,$(FUNCTIONS)): $(MAVEN_STAMP)
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp "$(ROOT)$(MODULE)/target/function.jar" "$(ARTIFACTS_DIR)/lib/function.jar"

# With sam build --parallel the targets run at once: the lock lets one run Maven, the others wait
# and find the stamp. A lock left by an interrupted build goes with the next sam build's clean-up.
$(MAVEN_STAMP):
	$(if $(ARTIFACTS_DIR),,$(error ARTIFACTS_DIR is not set: these targets are run by sam build))
	@until mkdir "$@.lock" 2>/dev/null; do sleep 1; done; \
	trap 'rmdir "$@.lock"' EXIT; \
	if [ ! -f "$@" ]; then \
		$(MVN) -B -q -f "$(ROOT)pom.xml" -pl $(MODULES) -am package -DskipTests && touch "$@"; \
	fi
