#!/usr/bin/env bash
# Regenerates src/main/resources/META-INF/quarkus-preload-classes.txt: the classes a deploying push
# still loads after a primed (SnapStart) init, which Quarkus then loads during init. Run it after a
# change to the push path, then rebuild. See docs/BENCH.md.
set -euo pipefail
cd "$(dirname "$0")/.."
out=src/main/resources/META-INF/quarkus-preload-classes.txt
# Without the current list: what priming alone leaves to the first invocation.
rm -f "$out"
./mvnw -q -B package -DskipTests
java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" dev.ecsdeployer.local.HotClasses \
  target/function.zip "$out"
