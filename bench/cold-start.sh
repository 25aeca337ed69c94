#!/usr/bin/env bash
# Cold-start benchmark: the packaged deployer under AWS's runtime interface client with Lambda's JVM
# flags, beside an empty Quarkus Lambda (bench/empty-lambda, same Quarkus), the native builds of both
# (bootstrap run as provided.al2023 runs it) and, with BENCH_BASELINE, the deployer built from another
# git revision (the "before" of a change), all measured alternately in one run against one moto. Every
# deployer event is a deploying push to an existing service. Prints (a) process start -> first response,
# (b) for the JVM deployers, the first invocation's handler time after a SnapStart-style init beside the
# warm one, (c) warm handler time p50/p95 over 50 pushes, the zips' sizes and peak RSS. See docs/BENCH.md.
#
#   bench/cold-start.sh [runs=5]            BENCH_CPUS=0 (default: one CPU, via taskset) or BENCH_CPUS=all
#   BENCH_BASELINE=main bench/cold-start.sh  also the deployer as built from that revision
#   BENCH_NATIVE=false bench/cold-start.sh   the JVM functions only (no native build needed)
#   NATIVE_ZIP=dist/native/function.zip EMPTY_NATIVE_ZIP=bench/empty-lambda/dist/native/function.zip
#                                            native zips to use as they are; when not set, those defaults,
#                                            built by ./native-build.sh when missing or older than their
#                                            sources (a native build: 6-20 minutes, 5.6 GB; README)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
cpus="${BENCH_CPUS:-0}"
if [ "$cpus" != all ] && ! command -v taskset >/dev/null 2>&1; then
  echo "cold-start: taskset (util-linux) not found; running on all CPUs" >&2
  cpus=all
fi

# The native zip to measure: $1 if set (used as it is), else $2, built from project $3 by native-build.sh
# when missing or older than the files under $4...
native_zip() {
  local given="$1" default="$2" project="$3"
  shift 3
  if [ -n "$given" ]; then
    [ -f "$given" ] || { echo "cold-start: $given (set in the environment) is missing" >&2; return 1; }
    echo "$given"
    return
  fi
  if [ ! -f "$default" ] || [ -n "$(find "$@" -newer "$default" -type f 2>/dev/null | head -1)" ]; then
    echo "== $default is missing or older than its sources: NATIVE_PROJECT=$project ./native-build.sh" >&2
    NATIVE_PROJECT="$project" ./native-build.sh >&2
  fi
  echo "$default"
}

native=()
if [ "${BENCH_NATIVE:-true}" != false ]; then
  # Before the JVM packages: a native build leaves its own target/function.zip behind.
  native+=("native=$(native_zip "${NATIVE_ZIP:-}" dist/native/function.zip . src/main pom.xml)")
  native+=("empty-native=$(native_zip "${EMPTY_NATIVE_ZIP:-}" bench/empty-lambda/dist/native/function.zip \
    bench/empty-lambda bench/empty-lambda/src bench/empty-lambda/pom.xml)")
fi

echo "== building the deployer and the empty Quarkus Lambda (JVM)"
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
  baseline=("baseline=target/bench/baseline-$rev.zip")
fi

exec java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
  dev.ecsdeployer.local.ColdStartBench deployer=target/function.zip empty=bench/empty-lambda/target/function.zip \
  "runs=$runs" "cpus=$cpus" "${native[@]}" "${baseline[@]}"
