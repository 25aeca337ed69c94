#!/usr/bin/env bash
# The local run: builds the function, starts moto (or uses AWS_ENDPOINT_URL), creates what the
# example services need, loads their configs, then runs target/function.zip under AWS's runtime
# interface client the way Lambda's java21 runtime does and feeds it events/ in order:
# push -> deploy, deployment completed, drift check (none), hand edit, drift check (found).
# Exits 0 only if every step did what it should. Needs a JDK 21+ and moto (pip install "moto[server]").
#   ./local-run.sh --native   the same steps on the native build (dist/native/function.zip, built by
#                             ./native-build.sh when missing or older than the sources), its bootstrap
#                             run the way Lambda's provided.al2023 runtime runs it
# See docs/LOCAL-RUN.md.
set -euo pipefail
cd "$(dirname "$0")"

# A JDK 21+ (release 21): JAVA_HOME, else the newest under /usr/lib/jvm.
. .mvn/select-jdk.sh
ecs_deployer_select_jdk || exit 2
PATH="$JAVA_HOME/bin:$PATH"

NATIVE=false
case "${1:-}" in
  "") ;;
  --native) NATIVE=true ;;
  *) echo "usage: $0 [--native]" >&2; exit 2 ;;
esac
if $NATIVE; then
  zip=dist/native/function.zip
  if [ ! -f "$zip" ] || [ -n "$(find src/main pom.xml -newer "$zip" -type f 2>/dev/null | head -1)" ]; then
    echo "== $zip is missing or older than src/main or pom.xml: ./native-build.sh"
    ./native-build.sh
  fi
fi

# moto from pyenv is found by the harness even without pyenv's shims on the PATH (MotoBinaryLocator).
if [ -z "${AWS_ENDPOINT_URL:-}" ]; then
  echo "== building the function (./mvnw package) and starting moto"
else
  echo "== building the function (./mvnw package); AWS endpoint: $AWS_ENDPOINT_URL"
fi
# package also copies the runtime interface client to target/ric and writes target/test-classpath.txt.
./mvnw -q -B package -DskipTests

# The orchestration (moto, baseline, Runtime API server) is test-side Java: run it on the test classpath.
exec java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" dev.ecsdeployer.local.LocalRun "$@"
