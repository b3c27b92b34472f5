package io.twt.template;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Makefile as sam build runs it for a function with {@code Metadata: BuildMethod: makefile}:
 * {@code make --makefile <ContextPath>/Makefile build-<LogicalId>} in a scratch directory (SAM's
 * copy of ProjectRootDirectory), with the caller's environment plus {@code ARTIFACTS_DIR}
 * (aws-lambda-builders' CustomMakeAction). Maven is a stand-in here: the reactor built the jars
 * before these tests, and the stand-in records how the Makefile calls it.
 */
class SamBuildMakefileIT {

    private static final Template TEMPLATE = Repository.template();
    private static final Path MAKEFILE = Repository.file("Makefile");

    @TempDir
    Path temp;

    static Stream<String> functions() {
        return TEMPLATE.resourcesOfType(Template.SERVERLESS_FUNCTION).keySet().stream();
    }

    /** What sam build reads: BuildMethod, the Makefile's directory and the directory it copies for the build. */
    @ParameterizedTest
    @MethodSource("functions")
    void everyFunctionIsBuiltByTheRepositorysMakefileFromItsOwnModule(String function) throws Exception {
        Map<String, Object> metadata = Template.map(TEMPLATE.resource(function).get("Metadata"), function + "/Metadata");
        assertThat(metadata.get("BuildMethod")).as(function).isEqualTo("makefile");
        assertThat(Repository.file((String) metadata.get("ContextPath")).resolve("Makefile")).as(function + "/ContextPath").isEqualTo(MAKEFILE);
        String codeUri = (String) TEMPLATE.properties(function).get("CodeUri");
        // A file CodeUri cannot be copied as a source directory: sam build copies ProjectRootDirectory instead.
        assertThat(metadata.get("ProjectRootDirectory")).as(function + "/ProjectRootDirectory")
                .isEqualTo(codeUri.substring(0, codeUri.indexOf("/target/")));
        assertThat(Repository.file((String) metadata.get("ProjectRootDirectory"))).isDirectory();

        Make dryRun = make("-n", "build-" + function, temp.resolve("build/" + function), Map.of("MVN", "true"));
        assertThat(dryRun.exitCode()).as("make -n build-%s: %s", function, dryRun.output()).isZero();
    }

    @Test
    void aTargetForAResourceTheTemplateDoesNotHaveIsAnError() throws Exception {
        Make dryRun = make("-n", "build-NoSuchFunction", temp.resolve("build/NoSuchFunction"), Map.of("MVN", "true"));
        assertThat(dryRun.exitCode()).isNotZero();
        assertThat(dryRun.output()).contains("No rule to make target");
    }

    @ParameterizedTest
    @MethodSource("functions")
    void theTargetPutsTheJarOfCodeUriWhereLambdasJavaRuntimeLoadsIt(String function) throws Exception {
        Path artifacts = temp.resolve("build/" + function);
        Make build = make(null, "build-" + function, artifacts, Map.of("MVN", "true"));
        assertThat(build.exitCode()).as(build.output()).isZero();

        Path jar = BuildOutputs.builtFile((String) TEMPLATE.properties(function).get("CodeUri"), function + "/CodeUri");
        Path deployed = artifacts.resolve("lib/function.jar");
        try (Stream<Path> files = Files.walk(artifacts)) {
            assertThat(files.filter(Files::isRegularFile).map(artifacts::relativize).map(Path::toString)).containsExactly("lib/function.jar");
        }
        assertThat(Files.mismatch(deployed, jar)).as("lib/function.jar is the jar %s", jar).isEqualTo(-1L);

        try (URLClassLoader loader = BuildOutputs.taskClassLoader(artifacts, layerJars(function))) {
            Class<?> type = BuildOutputs.lambdaHandlerClass(loader, (String) TEMPLATE.properties(function).get("Handler"), function);
            assertThat(Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI())).isEqualTo(deployed);
        }
    }

    /** A full sam build runs the three targets one after the other, each in its own scratch directory. */
    @Test
    void oneMavenRunPerSamBuildBuildsEveryModuleTheTemplatePointsAtInThisRepository() throws Exception {
        Path calls = temp.resolve("maven-calls.txt");
        Path maven = fakeMaven(calls, 0);
        for (String function : functions().toList()) {
            Make build = make(null, "build-" + function, temp.resolve("build/" + function), Map.of("MVN", maven.toString()));
            assertThat(build.exitCode()).as(build.output()).isZero();
        }

        List<String> lines = Files.readAllLines(calls);
        assertThat(lines).hasSize(1);
        List<String> args = List.of(lines.get(0).split(" "));
        assertThat(args).containsSubsequence("-f", Repository.file("pom.xml").toString())
                .contains("-B", "-am", "package", "-DskipTests");
        List<String> modules = List.of(args.get(args.indexOf("-pl") + 1).split(","));
        assertThat(modules).containsAll(modulesTheTemplatePointsAt());
    }

    @Test
    void targetsRunAtOnceBySamBuildParallelShareOneMavenRun() throws Exception {
        Path calls = temp.resolve("maven-calls.txt");
        Path maven = fakeMaven(calls, 1);
        List<Process> builds = new ArrayList<>();
        for (String function : functions().toList()) {
            builds.add(start(null, "build-" + function, temp.resolve("build/" + function), Map.of("MVN", maven.toString())));
        }
        for (Process build : builds) {
            assertThat(build.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(build.exitValue()).as(new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        }
        assertThat(Files.readAllLines(calls)).hasSize(1);
        assertThat(temp.resolve("build/.twt-maven-built.lock")).doesNotExist();
    }

    @Test
    void aFailedMavenRunFailsTheTargetAndLeavesNoStampSoTheNextTargetRunsMavenAgain() throws Exception {
        Path artifacts = temp.resolve("build/ValidateFunction");
        Make failed = make(null, "build-ValidateFunction", artifacts, Map.of("MVN", "false"));
        assertThat(failed.exitCode()).isNotZero();
        assertThat(temp.resolve("build/.twt-maven-built")).doesNotExist();
        assertThat(artifacts.resolve("lib/function.jar")).doesNotExist();

        Make retried = make(null, "build-RefreshFunction", temp.resolve("build/RefreshFunction"), Map.of("MVN", "true"));
        assertThat(retried.exitCode()).as(retried.output()).isZero();
        assertThat(temp.resolve("build/.twt-maven-built")).isRegularFile();
    }

    /** The modules whose target/ a function's CodeUri or a layer's ContentUri names. */
    private static List<String> modulesTheTemplatePointsAt() {
        List<String> paths = new ArrayList<>();
        TEMPLATE.resourcesOfType(Template.SERVERLESS_FUNCTION).values().forEach(p -> paths.add((String) p.get("CodeUri")));
        TEMPLATE.resourcesOfType(Template.SERVERLESS_LAYER).values().forEach(p -> paths.add((String) p.get("ContentUri")));
        return paths.stream().map(path -> path.substring(0, path.indexOf("/target/"))).distinct().toList();
    }

    private List<Path> layerJars(String function) throws IOException {
        List<Path> jars = new ArrayList<>();
        for (String layer : TEMPLATE.layerIds(function)) {
            Path zip = BuildOutputs.builtFile((String) TEMPLATE.properties(layer).get("ContentUri"), layer + "/ContentUri");
            jars.addAll(BuildOutputs.extractLayerJars(zip, Files.createDirectories(temp.resolve("layers/" + function + "/" + layer))));
        }
        return jars;
    }

    /** A Maven stand-in that appends its arguments to {@code calls} (after {@code seconds}, to overlap parallel targets). */
    private Path fakeMaven(Path calls, int seconds) throws IOException {
        Path script = temp.resolve("fake-mvn");
        Files.writeString(script, "#!/bin/sh\nsleep " + seconds + "\necho \"$*\" >> '" + calls + "'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private record Make(int exitCode, String output) {
    }

    private Make make(String option, String target, Path artifacts, Map<String, String> env) throws Exception {
        Process process = start(option, target, artifacts, env);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("make %s finishes", target).isTrue();
        return new Make(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** make as CustomMakeAction runs it: in a scratch directory, with ARTIFACTS_DIR (created first) in the environment. */
    private Process start(String option, String target, Path artifacts, Map<String, String> env) throws IOException {
        Path scratch = Files.createTempDirectory(temp, "scratch-");
        Files.createDirectories(artifacts);
        List<String> command = new ArrayList<>(List.of("make", "--makefile", MAKEFILE.toString()));
        if (option != null) {
            command.add(option);
        }
        command.add(target);
        ProcessBuilder builder = new ProcessBuilder(command).directory(scratch.toFile()).redirectErrorStream(true);
        Map<String, String> environment = new HashMap<>(env);
        environment.put("ARTIFACTS_DIR", artifacts.toString());
        builder.environment().putAll(environment);
        return builder.start();
    }
}
