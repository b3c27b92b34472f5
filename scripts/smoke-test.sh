#!/usr/bin/env bash
# After sam deploy: scripts/smoke-test.sh STACK [--region REGION] [--wait SECONDS] [--keep]
# Puts a sample raw object, waits for Validate's outputs, invokes Refresh; see docs/deploy.md, "Smoke test".
set -euo pipefail
jar="$(cd "$(dirname "$0")/.." && pwd)/tools/smoke/target/twt-smoke.jar"
if [ ! -f "$jar" ]; then
  echo "smoke-test: $jar is missing; build it with mvn -B package -DskipTests" >&2
  exit 2
fi
exec java -jar "$jar" "$@"
