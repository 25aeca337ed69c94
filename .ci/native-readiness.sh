#!/usr/bin/env bash
# Native readiness without native-image: runs the Quarkus build with the native package type,
# which executes every Quarkus native build step (reflection, resource, proxy and
# initialisation registration; the native-image source jar) and then needs native-image.
# (-Dquarkus.native.sources-only=true would stop cleanly there, but the Lambda extension
# refuses it.)
#
# Passes when
#   - the build fails ONLY in NativeImageBuildStep#build because no native-image / container
#     runtime exists, and the native-image source jar was written; or
#   - native-image (or a container runtime) exists and the full native build succeeds.
# Fails on any other build error (a failing build step, an unsatisfied bean, ...) and on the
# Quarkus warnings that mean reflection registration is incomplete.
# What it cannot see: problems only native-image itself reports (class initialisation at
# build time, runtime class generation). native-build.sh on a GraalVM machine covers those.
set -euo pipefail
cd "$(dirname "$0")/.."

LOG="$(mktemp -t native-readiness.XXXXXX.log)"
fail() {
  printf '\nnative-readiness: FAIL: %s\n' "$1" >&2
  echo "--- build errors (full log: $LOG)" >&2
  # Error lines without Maven's boilerplate and stack frames.
  grep -E '^\[ERROR\]|\[error\]' "$LOG" \
    | grep -vE '^\[ERROR\][[:space:]]+at |^\[ERROR\] *(-> \[Help|$|To see|Re-run|For more|\[Help)' \
    | head -40 >&2 || tail -40 "$LOG" >&2
  exit 1
}

# A stale source jar from an earlier run must not count as proof.
rm -rf target/*-native-image-source-jar

start=$(date +%s)
set +e
./mvnw -B package -DskipTests -Dquarkus.native.enabled=true >"$LOG" 2>&1
rc=$?
set -e
secs=$(( $(date +%s) - start ))

# Quarkus warns, rather than fails, when it cannot register a class hierarchy for reflection
# (e.g. a handler input type outside the Jandex index): in a native executable that is a
# runtime failure, so it fails here.
REFLECTION_WARNING='ReflectiveHierarchy|register the hierarchy|not in the Jandex index|for reflection'
# grep without -q reads all its input: with pipefail, -q's early exit would fail the producer (SIGPIPE).
if grep -E '^\[WARNING\]' "$LOG" | grep -iE "$REFLECTION_WARNING" >/dev/null; then
  # The warning is followed by the list of classes it could not register.
  grep -iE -A 12 "^\[WARNING\].*($REFLECTION_WARNING)" "$LOG" | grep -vE '^\[(INFO|ERROR)\]' >&2
  printf '\nnative-readiness: FAIL: incomplete reflection registration (above; full log: %s)\n' "$LOG" >&2
  exit 1
fi

if [ "$rc" -eq 0 ]; then
  ls target/function.zip >/dev/null 2>&1 || fail "build succeeded but target/function.zip is missing"
  rm -f "$LOG"
  echo "native-readiness: PASS (${secs}s): full native build succeeded (native-image or a container runtime is available)"
  exit 0
fi

# Every failing build step must be the native-image step, for want of the tool.
steps="$(grep -oE '\[error\]: Build step [^ ]+' "$LOG" | sort -u || true)"
[ -n "$steps" ] || fail "the build failed before Quarkus's build steps (compilation, dependency or plugin error)"
others="$(printf '%s\n' "$steps" | grep -v 'NativeImageBuildStep#build' || true)"
[ -z "$others" ] || fail "build step(s) failed: $(printf '%s' "$others" | sed 's/\[error\]: Build step //' | tr '\n' ' ')"
grep -qE 'Cannot get an executable name when no container runtime is available|Cannot find the `native-image`' "$LOG" \
  || fail "NativeImageBuildStep failed for a reason other than a missing native-image / container runtime"

jar_dir="$(ls -d target/*-native-image-source-jar 2>/dev/null | head -1)"
[ -n "$jar_dir" ] || fail "no target/*-native-image-source-jar was written"
runner="$(ls "$jar_dir"/*-runner.jar 2>/dev/null | head -1)"
[ -n "$runner" ] || fail "$jar_dir has no runner jar"
unzip -Z1 "$runner" | grep -x 'META-INF/native-image/reflect-config.json' >/dev/null \
  || fail "$runner has no META-INF/native-image/reflect-config.json"

regs="$(unzip -p "$runner" META-INF/native-image/reflect-config.json | grep -o '"name"' | wc -l | tr -d ' ' || true)"
rm -f "$LOG"
echo "native-readiness: PASS (${secs}s): every Quarkus native build step ran; $jar_dir written ($regs reflection registrations); stopped only at native-image, which this machine lacks"
