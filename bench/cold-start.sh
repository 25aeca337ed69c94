#!/usr/bin/env bash
# Cold-start benchmark: process start to first response of the packaged deployer under AWS's
# runtime interface client with Lambda's JVM flags, beside an empty Quarkus Lambda (bench/empty-lambda,
# same Quarkus) measured alternately in the same run. Prints medians, the ratio (target <= 1.3) and
# the function.zip sizes. The deployer's first event is an ECR push nobody follows, against moto
# holding the example configs (or AWS_ENDPOINT_URL).
#
#   bench/cold-start.sh [runs=7]      BENCH_CPUS=0 (default: one CPU, via taskset) or BENCH_CPUS=all
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-7}"
cpus="${BENCH_CPUS:-0}"
if [ "$cpus" != all ] && ! command -v taskset >/dev/null 2>&1; then
  echo "cold-start: taskset (util-linux) not found; running on all CPUs" >&2
  cpus=all
fi

echo "== building the deployer and the empty Quarkus Lambda"
./mvnw -q -B package -DskipTests
./mvnw -q -B -f bench/empty-lambda/pom.xml package

exec java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  dev.ecsdeployer.local.ColdStartBench target/function.zip bench/empty-lambda/target/function.zip "$runs" "$cpus"
