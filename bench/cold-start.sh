#!/usr/bin/env bash
# Cold-start benchmark: the packaged deployer under AWS's runtime interface client with Lambda's JVM
# flags, beside an empty Quarkus Lambda (bench/empty-lambda, same Quarkus) and, with BENCH_BASELINE,
# the deployer built from another git revision (the "before" of a change), all measured alternately
# in one run against one moto. Every deployer event is a deploying push to an existing service.
# Prints (a) process start -> first response, (b) the first invocation's handler time beside the warm
# one, (c) warm handler time p50/p95 over 50 pushes, the zips' sizes and peak RSS. See docs/BENCH.md.
#
#   bench/cold-start.sh [runs=5]            BENCH_CPUS=0 (default: one CPU, via taskset) or BENCH_CPUS=all
#   BENCH_BASELINE=main bench/cold-start.sh  also the deployer as built from that revision
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
cpus="${BENCH_CPUS:-0}"
if [ "$cpus" != all ] && ! command -v taskset >/dev/null 2>&1; then
  echo "cold-start: taskset (util-linux) not found; running on all CPUs" >&2
  cpus=all
fi

echo "== building the deployer and the empty Quarkus Lambda"
./mvnw -q -B package -DskipTests
./mvnw -q -B -f bench/empty-lambda/pom.xml package

baseline=()
if [ -n "${BENCH_BASELINE:-}" ]; then
  rev="$(git rev-parse --short "$BENCH_BASELINE")"
  src="target/bench/baseline-src"
  echo "== building the baseline deployer from $BENCH_BASELINE ($rev)"
  git worktree remove --force "$src" >/dev/null 2>&1 || rm -rf "$src"
  git worktree add --detach "$src" "$rev" >/dev/null
  (cd "$src" && ./mvnw -q -B package -DskipTests)
  mkdir -p target/bench
  cp "$src/target/function.zip" "target/bench/baseline-$rev.zip"
  git worktree remove --force "$src"
  baseline=("target/bench/baseline-$rev.zip")
fi

exec java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  dev.ecsdeployer.local.ColdStartBench target/function.zip bench/empty-lambda/target/function.zip "$runs" "$cpus" \
  "${baseline[@]}"
