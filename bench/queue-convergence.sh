#!/usr/bin/env bash
# Queue convergence at fleet size: a _defaults change for SERVICES services of one environment
# (200 by default) queued as one work item per service and worked by four concurrent consumers
# through the handler, on moto, until every service is deployed. `mvn verify` runs the same case
# with 25 services (WorkQueueTest); this runs it at the size issue 19 measured (200: about 300 s
# on a 2-core CI machine). Prints the wall time of the case and the test class.
#
#   bench/queue-convergence.sh                 # 200 services
#   SERVICES=100 bench/queue-convergence.sh
#
# Needs moto_server on PATH (moto 5.2.1). See docs/TESTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."

SERVICES="${SERVICES:-200}"
OUT="target/bench"
mkdir -p "$OUT"
LOG="$OUT/queue-convergence-$(date +%Y%m%d-%H%M%S).log"

set +e
./mvnw -B test \
  -Dtest='WorkQueueTest#aDefaultsChangeIsOneItemPerServiceAndEveryServiceConverges' \
  -Dsurefire.failIfNoSpecifiedTests=false \
  -Dbench.queue.services="$SERVICES" -DtrimStackTrace=false \
  2>&1 | tee "$LOG" | grep -E 'queue convergence:|Tests run:|FAIL|ERROR\]|BUILD'
status=${PIPESTATUS[0]}
set -e
echo "full log: $LOG"
exit "$status"
