#!/usr/bin/env bash
# Fleet benchmark of the scheduled drift check (issue 6): 10 / 100 / 1,000 services on moto,
# every AWS call taking at least LATENCY_MS (AWS in-region), calls metered against the default
# AWS rate limits. Prints wall time, AWS calls per service (total and per operation), peak heap.
#
#   bench/drift-fleet.sh                      # 10,100,1000 services, 30 ms per call
#   SIZES=10,100 LATENCY_MS=50 bench/drift-fleet.sh
#   SIZES=1000 SHARDS=10 WORST_CASE=false bench/drift-fleet.sh   # also the fleet as 10 shard invocations at once
#
# Needs moto_server on PATH (moto 5.2.1). Not part of `mvn verify`: the benchmark class runs only
# with -Dbench.drift=true. See docs/BENCH.md.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES="${SIZES:-10,100,1000}"
SHARDS="${SHARDS:-1}"
WORST_CASE="${WORST_CASE:-true}"
LATENCY_MS="${LATENCY_MS:-30}"
HEAP="${HEAP:--Xmx1g}"
TEST_PORT="${TEST_PORT:-8096}"
OUT="target/bench"
mkdir -p "$OUT"
LOG="$OUT/drift-fleet-$(date +%Y%m%d-%H%M%S).log"

set +e
./mvnw -B test \
  -Dquarkus.lambda.mock-event-server.test-port="$TEST_PORT" \
  -Dtest=DriftFleetBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.drift=true -Dbench.sizes="$SIZES" -Dbench.latencyMs="$LATENCY_MS" \
  -Dbench.shards="$SHARDS" -Dbench.worstCase="$WORST_CASE" -Dbench.schedule="${SCHEDULE:-rate(1 hour)}" \
  -DargLine="$HEAP" -DtrimStackTrace=false \
  2>&1 | tee "$LOG" | grep -v -E '^\[(INFO|WARNING)\]|^\[INFO\] Download|^$'
status=${PIPESTATUS[0]}
set -e
echo "full log: $LOG"
exit "$status"
