#!/usr/bin/env bash
# EventSamplesIT on the native executable: every sample in events/ through bootstrap, started as
# provided.al2023 starts it under the test's Runtime API server, with the same expectations as on the
# JVM package. Needs the native zip (./native-build.sh) and the compiled tests (./mvnw package
# -DskipTests, which ./local-run.sh runs); runs failsafe alone, not the build or the other tests.
#   .ci/native-samples.sh [native function.zip, default dist/native/function.zip]
set -euo pipefail
cd "$(dirname "$0")/.."
zip="${1:-dist/native/function.zip}"
[ -f "$zip" ] || { echo "native-samples: $zip is missing: run ./native-build.sh" >&2; exit 2; }
[ -d target/test-classes ] || { echo "native-samples: target/test-classes is missing: run ./mvnw package -DskipTests" >&2; exit 2; }
exec ./mvnw -B failsafe:integration-test failsafe:verify -Dit.test=EventSamplesIT "-Dsamples.native=$zip"
