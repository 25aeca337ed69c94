# Sourced by mvnw and the scripts: the project compiles for release 21 (the Lambda java21 runtime
# and sealed-type switches), so it needs a JDK 21 or newer. Keeps JAVA_HOME when it names one;
# otherwise picks the newest JDK 21+ under /usr/lib/jvm (Temurin 25 on this project's machines)
# or the java on the PATH when that is new enough, and fails naming what is missing.
ecs_deployer_jdk_feature() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n 1
}
ecs_deployer_select_jdk() {
  if [ -n "${JAVA_HOME-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    v=$(ecs_deployer_jdk_feature "$JAVA_HOME")
    [ "${v:-0}" -ge 21 ] 2>/dev/null && return 0
  fi
  best="" best_v=0
  case $- in *f*) set +f; ecs_deployer_reglob=1;; esac
  for home in /usr/lib/jvm/* "$(dirname "$(dirname "$(readlink -f "$(command -v javac 2>/dev/null || echo /nonexistent)")")")"; do
    [ -x "$home/bin/javac" ] || continue
    v=$(ecs_deployer_jdk_feature "$home")
    if [ "${v:-0}" -ge 21 ] 2>/dev/null && [ "$v" -gt "$best_v" ]; then best="$home" best_v="$v"; fi
  done
  [ -z "${ecs_deployer_reglob-}" ] || set -f
  if [ -z "$best" ]; then
    echo "ecs-deployer needs a JDK 21 or newer (found none in JAVA_HOME, under /usr/lib/jvm or on the PATH);" \
      "install one (e.g. Temurin 21/25) or set JAVA_HOME to it" >&2
    return 1
  fi
  JAVA_HOME="$best"
  export JAVA_HOME
}
