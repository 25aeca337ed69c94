#!/usr/bin/env bash
# Fleet benchmark of the scheduled drift check (issue 6): 10 / 100 / 1,000 services on moto,
# every AWS call taking at least LATENCY_MS (AWS in-region), calls metered against the default
# AWS rate limits. Prints wall time, AWS calls per service (total and per operation), peak heap.
#
#   bench/drift-fleet.sh                      # 10,100,1000 services, 30 ms per call
#   SIZES=10,100 LATENCY_MS=50 bench/drift-fleet.sh
#   SIZES=1000 SHARDS=10 WORST_CASE=false bench/drift-fleet.sh   # also the fleet as 10 shard invocations at once
#
# Seed once, check many times (a fleet too big to seed for every run; one size only):
#   SEED_ONLY=1 SIZES=10000 MOTO_PORT=55123 bench/drift-fleet.sh
#       starts moto detached on MOTO_PORT (or uses the one at MOTO_ENDPOINT: it is reset), seeds the
#       fleet, hand-edits 1 %, and exits leaving moto running. MOTO_STATE (default
#       target/bench/moto-<port>) gets moto.env (MOTO_PID, MOTO_PORT, MOTO_ENDPOINT), moto.log and
#       fleet.txt (the hand-edited services). Stop that moto with: kill "$(. "$MOTO_STATE/moto.env"; echo "$MOTO_PID")"
#   MOTO_ENDPOINT=http://127.0.0.1:55123 SIZES=10000 SHARDS=4 bench/drift-fleet.sh
#       only the measured check(s) against that moto, which they leave as they found it (the check is
#       report-only and the benchmark asserts it writes nothing; WORST_CASE defaults to false here,
#       and when true the removed spec-hash tags are put back afterwards).
#   REPAIR=1 MOTO_ENDPOINT=http://127.0.0.1:55123 SIZES=10000 bench/drift-fleet.sh
#       deploys image B again, through the deploy path, to the seeded services that do not run it (a
#       deploy lost while seeding), leaving the hand-edited ones as they are.
#
# Needs moto_server on PATH (moto 5.2.1). Not part of `mvn verify`: the benchmark class runs only
# with -Dbench.drift=true. See docs/BENCH.md.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES="${SIZES:-10,100,1000}"
SHARDS="${SHARDS:-1}"
SEED_ONLY="${SEED_ONLY:-}"
MOTO_ENDPOINT="${MOTO_ENDPOINT:-}"
SEED_THREADS="${SEED_THREADS:-8}"
LATENCY_MS="${LATENCY_MS:-30}"
HEAP="${HEAP:--Xmx1g}"
TEST_PORT="${TEST_PORT:-8096}"
OUT="target/bench"
mkdir -p "$OUT"
LOG="$OUT/drift-fleet-$(date +%Y%m%d-%H%M%S).log"

MODE=full
MOTO_PID=""
if [[ -n "$SEED_ONLY" || -n "$MOTO_ENDPOINT" ]]; then
  if [[ "$SIZES" == *,* ]]; then
    echo "SEED_ONLY / MOTO_ENDPOINT: one moto holds one fleet; give one size (SIZES=$SIZES)" >&2
    exit 2
  fi
  if [[ -n "$MOTO_ENDPOINT" ]]; then
    MOTO_PORT="${MOTO_ENDPOINT##*:}"
    MOTO_PORT="${MOTO_PORT%%/*}"
  elif [[ -z "${MOTO_PORT:-}" ]]; then
    echo "SEED_ONLY: give MOTO_PORT (the port the long-running moto listens on) or MOTO_ENDPOINT" >&2
    exit 2
  fi
  MOTO_STATE="${MOTO_STATE:-$OUT/moto-$MOTO_PORT}"
  mkdir -p "$MOTO_STATE"
  MOTO_STATE="$(cd "$MOTO_STATE" && pwd)"
  if [[ -f "$MOTO_STATE/moto.env" ]]; then
    MOTO_PID="$(. "$MOTO_STATE/moto.env"; echo "${MOTO_PID:-}")"
  fi
fi
if [[ -n "$SEED_ONLY" ]]; then
  MODE=seed
  if [[ -z "$MOTO_ENDPOINT" ]]; then
    MOTO_ENDPOINT="http://127.0.0.1:$MOTO_PORT"
    if curl -s -o /dev/null "$MOTO_ENDPOINT/moto-api/ecs-deployer/deployment"; then
      echo "something already listens on $MOTO_ENDPOINT: use MOTO_ENDPOINT to seed it, or another MOTO_PORT" >&2
      exit 2
    fi
    MOTO_BIN="${MOTO_SERVER:-$(command -v moto_server || true)}"
    [[ -x "$MOTO_BIN" ]] || { echo "moto_server not found: put it on PATH or set MOTO_SERVER" >&2; exit 2; }
    # The harness's patch (ECS deployments as on AWS, MOTO-GAPS.md), copied where mvn clean does not reach it
    # unless MOTO_STATE is under target/.
    mkdir -p "$MOTO_STATE/moto-patch"
    cp src/test/resources/moto/*.py "$MOTO_STATE/moto-patch/"
    # Its own session: it outlives this script and whatever stops this script's process group.
    PYTHONPATH="$MOTO_STATE/moto-patch${PYTHONPATH:+:$PYTHONPATH}" \
      setsid "$MOTO_BIN" -H 127.0.0.1 -p "$MOTO_PORT" >"$MOTO_STATE/moto.log" 2>&1 </dev/null &
    MOTO_PID=$!
    for _ in $(seq 1 300); do
      if curl -s -o /dev/null -w '%{http_code}' "$MOTO_ENDPOINT/moto-api/ecs-deployer/deployment" | grep -q 200; then
        break
      fi
      kill -0 "$MOTO_PID" 2>/dev/null || { echo "moto exited on start:" >&2; cat "$MOTO_STATE/moto.log" >&2; exit 1; }
      sleep 0.2
    done
    printf 'MOTO_PID=%s\nMOTO_PORT=%s\nMOTO_ENDPOINT=%s\nSTARTED=%s\n' "$MOTO_PID" "$MOTO_PORT" "$MOTO_ENDPOINT" \
      "$(date -u +%FT%TZ)" >"$MOTO_STATE/moto.env"
    echo "moto started: pid $MOTO_PID, $MOTO_ENDPOINT (state: $MOTO_STATE)"
  fi
  WORST_CASE=false
elif [[ -n "${REPAIR:-}" && -n "$MOTO_ENDPOINT" ]]; then
  MODE=repair
  WORST_CASE=false
elif [[ -n "$MOTO_ENDPOINT" ]]; then
  MODE=check
  WORST_CASE="${WORST_CASE:-false}"
fi
WORST_CASE="${WORST_CASE:-true}"
MOTO_ARGS=()
if [[ "$MODE" != full ]]; then
  MOTO_ARGS=(-Dbench.motoEndpoint="$MOTO_ENDPOINT" -Dbench.fleetFile="$MOTO_STATE/fleet.txt"
    -Dbench.motoPid="${MOTO_PID:--1}")
fi

set +e
./mvnw -B test \
  -Dquarkus.lambda.mock-event-server.test-port="$TEST_PORT" \
  -Dtest=DriftFleetBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.drift=true -Dbench.sizes="$SIZES" -Dbench.latencyMs="$LATENCY_MS" \
  -Dbench.shards="$SHARDS" -Dbench.worstCase="$WORST_CASE" -Dbench.schedule="${SCHEDULE:-rate(1 hour)}" \
  -Dbench.mode="$MODE" -Dbench.seedThreads="$SEED_THREADS" "${MOTO_ARGS[@]}" \
  -DargLine="$HEAP" -DtrimStackTrace=false \
  2>&1 | tee "$LOG" | grep -v -E '^\[(INFO|WARNING)\]|^\[INFO\] Download|^$'
status=${PIPESTATUS[0]}
set -e
echo "full log: $LOG"
if [[ "$MODE" != full ]]; then
  rss="$(awk '/VmRSS/ {print int($2/1024) " MB"}' "/proc/$MOTO_PID/status" 2>/dev/null || true)"
  echo "moto left running at $MOTO_ENDPOINT (pid ${MOTO_PID:-unknown}${rss:+, RSS $rss}; state: $MOTO_STATE)"
fi
exit "$status"
