#!/usr/bin/env bash
# Builds the deployer as a native executable for Lambda's provided.al2023 runtime and packages
# it as dist/native/function.zip (a zip holding `bootstrap`), which `make build-NativeFunction`
# (sam build NativeFunction) unpacks for template.yaml's NativeFunction.
#
#   ./native-build.sh                 GraalVM/Mandrel (GRAALVM_HOME or native-image on PATH) if present,
#                                     else Docker/Podman, else (Linux x86_64) the toolchain that
#                                     native/toolchain.sh assembles from Maven Central and Debian
#   NATIVE_BUILD=container ./native-build.sh     force the container build
#   NATIVE_BUILD=toolchain ./native-build.sh     force the assembled toolchain (see README: Native build)
#   NATIVE_ARCH=arm64 ./native-build.sh          target architecture (default: this machine's)
#   ./native-build.sh --package-only  only check and copy an existing native target/function.zip
#   NATIVE_PROJECT=bench/empty-lambda ./native-build.sh   another Maven project of this repository (the
#                                     cold-start benchmark's empty Lambda): its target/function.zip is
#                                     checked and copied to <project>/dist/native/function.zip
#   extra arguments are passed to Maven, e.g. ./native-build.sh -Dquarkus.native.native-image-xmx=6g
#
# native-image compiles for the machine it runs on. Lambda's default here is arm64 (Graviton):
# build on an arm64 Linux machine, or in a container with --platform linux/arm64 under
# emulation (slow; NATIVE_ARCH=arm64 does this), or deploy with Architecture=x86_64.
set -euo pipefail
cd "$(dirname "$0")"

# Mandrel for JDK 21 (floating tag: the latest 23.1.x). Quarkus 3.33's own default is :jdk-25;
# either builds this Java 17 code. Override with NATIVE_BUILDER_IMAGE.
BUILDER_IMAGE="${NATIVE_BUILDER_IMAGE:-quay.io/quarkus/ubi9-quarkus-mandrel-builder-image:jdk-21}"
PROJECT="${NATIVE_PROJECT:-.}"
[ -f "$PROJECT/pom.xml" ] || { printf 'native-build: NATIVE_PROJECT=%s has no pom.xml\n' "$PROJECT" >&2; exit 2; }
OUT_DIR="$PROJECT/dist/native"
OUT_DIR="${OUT_DIR#./}"
ZIP="$PROJECT/target/function.zip"
ZIP="${ZIP#./}"
# provided.al2023's glibc: the executable must need no symbol version newer than this.
MAX_GLIBC=2.34

die() { printf 'native-build: %s\n' "$*" >&2; exit 1; }
say() { printf '\n== %s\n' "$*"; }

host_arch() {
  case "$(uname -m)" in
    aarch64|arm64) echo arm64 ;;
    x86_64|amd64) echo x86_64 ;;
    *) uname -m ;;
  esac
}

# Architecture of an ELF executable, from its e_machine field (no dependency on `file`).
elf_arch() {
  local magic machine
  magic="$(head -c 4 "$1" | od -An -tx1 | tr -d ' \n')"
  [ "$magic" = "7f454c46" ] || { echo "not-elf"; return; }
  # e_machine: two little-endian bytes at offset 18 (read bytewise: portable od).
  machine="$(od -An -tu1 -j18 -N2 "$1" | awk '{print $1 + 256 * $2}')"
  case "$machine" in
    183) echo arm64 ;;
    62) echo x86_64 ;;
    *) echo "elf-machine-$machine" ;;
  esac
}

# Check that target/function.zip is a native build for $1 and copy it where the template looks.
package() {
  local want="$1" tmp arch
  [ -f "$ZIP" ] || die "$ZIP not found: the native build did not produce it"
  unzip -Z1 "$ZIP" | grep -x bootstrap >/dev/null \
    || die "$ZIP has no 'bootstrap' at its root: it is the JVM package, not a native build"
  tmp="$(mktemp -d)"
  unzip -q -o "$ZIP" bootstrap -d "$tmp"
  arch="$(elf_arch "$tmp/bootstrap")"
  rm -rf "$tmp"
  case "$arch" in
    arm64|x86_64) ;;
    *) die "bootstrap in $ZIP is not a Linux arm64/x86_64 executable ($arch); a native-image run on macOS or Windows builds for that OS: use NATIVE_BUILD=container" ;;
  esac
  [ "$arch" = "$want" ] || die "bootstrap is $arch but $want was asked for (NATIVE_ARCH)"
  check_glibc
  mkdir -p "$OUT_DIR"
  cp "$ZIP" "$OUT_DIR/function.zip"
  echo "$arch" > "$OUT_DIR/ARCH"
  say "packaged $OUT_DIR/function.zip ($(du -h "$OUT_DIR/function.zip" | cut -f1), bootstrap for $arch)"
  [ "$PROJECT" = . ] || return 0
  cat <<EOF
Deploy it:  sam deploy --guided --parameter-overrides Runtime=native Architecture=$arch ...
Note: $ZIP now holds the native build; run ./mvnw package before deploying Runtime=jvm.
EOF
}

# The newest GLIBC_x.y the executable needs (objdump -T), against provided.al2023's.
check_glibc() {
  local tmp newest
  command -v objdump >/dev/null 2>&1 || die "objdump (binutils) is needed to check the executable's glibc symbols"
  tmp="$(mktemp -d)"
  unzip -q -o "$ZIP" bootstrap -d "$tmp"
  newest="$(objdump -T "$tmp/bootstrap" | grep -oE 'GLIBC_[0-9]+\.[0-9]+(\.[0-9]+)?' | sed 's/GLIBC_//' | sort -uV | tail -1)"
  rm -rf "$tmp"
  [ -n "$newest" ] || die "objdump -T shows no GLIBC symbols in bootstrap: not a dynamically linked glibc executable?"
  if [ "$(printf '%s\n%s\n' "$newest" "$MAX_GLIBC" | sort -V | tail -1)" != "$MAX_GLIBC" ]; then
    die "bootstrap needs GLIBC_$newest, newer than provided.al2023's $MAX_GLIBC: build on a machine with glibc <= $MAX_GLIBC (or in a container)"
  fi
  say "glibc: bootstrap needs GLIBC_$newest at most (provided.al2023 has $MAX_GLIBC)"
}

container_runtime() {
  local rt
  for rt in docker podman; do
    # `info` talks to the engine: a CLI without a running engine does not count.
    if command -v "$rt" >/dev/null 2>&1 && "$rt" info >/dev/null 2>&1; then
      echo "$rt"; return 0
    fi
  done
  return 1
}

HOST="$(host_arch)"
TARGET="${NATIVE_ARCH:-$HOST}"
case "$TARGET" in arm64|x86_64) ;; *) die "NATIVE_ARCH must be arm64 or x86_64, not '$TARGET'" ;; esac

if [ "${1:-}" = "--package-only" ]; then
  package "$TARGET"
  exit 0
fi

MODE="${NATIVE_BUILD:-auto}"
case "$MODE" in auto|local|container|toolchain) ;; *) die "NATIVE_BUILD must be auto, local, container or toolchain, not '$MODE'" ;; esac

# Quarkus also finds native-image through GRAALVM_HOME.
[ -n "${GRAALVM_HOME:-}" ] && PATH="$GRAALVM_HOME/bin:$PATH"
HAVE_LOCAL=false
if [ "$(uname -s)" = Linux ] && command -v native-image >/dev/null 2>&1 && native-image --version >/dev/null 2>&1; then
  HAVE_LOCAL=true
fi
RUNTIME="$(container_runtime || true)"

if [ "$MODE" = auto ]; then
  if $HAVE_LOCAL && [ "$TARGET" = "$HOST" ]; then MODE=local
  elif [ -n "$RUNTIME" ]; then MODE=container
  elif [ "$(uname -s)/$TARGET" = Linux/x86_64 ] && [ "$HOST" = x86_64 ]; then MODE=toolchain
  elif $HAVE_LOCAL; then
    die "native-image here builds $HOST executables, but $TARGET was asked for, and there is no working Docker/Podman to build under emulation. Build on a $TARGET Linux machine, or use NATIVE_ARCH=$HOST and deploy with Architecture=$HOST."
  else
    cat >&2 <<EOF
native-build: cannot build a native executable on this machine.
  - no GraalVM/Mandrel: 'native-image' is not on PATH (Linux only). Install Mandrel or GraalVM
    for JDK 21 (e.g. 'sdk install java 21-graalce', or https://github.com/graalvm/mandrel/releases)
    and put its bin/ on PATH, or set GRAALVM_HOME;
  - no container runtime: neither 'docker info' nor 'podman info' succeeds. Install and start
    Docker or Podman; the build then runs in $BUILDER_IMAGE.
The JVM package needs neither: ./mvnw package, then deploy with Runtime=jvm.
EOF
    exit 2
  fi
fi

MVN_ARGS=(-B package -DskipTests -Dquarkus.native.enabled=true)
case "$MODE" in
  toolchain)
    [ "$TARGET" = x86_64 ] && [ "$HOST" = x86_64 ] || die "the assembled toolchain builds x86_64 on an x86_64 Linux host only"
    say "no GraalVM/Mandrel or container runtime: assembling the native-image toolchain (native/toolchain.sh; once, then cached)"
    GRAALVM_HOME="$(native/toolchain.sh | tail -1)" || die "native/toolchain.sh failed (above)"
    export GRAALVM_HOME
    PATH="$GRAALVM_HOME/bin:$PATH"
    say "native build with $(native-image --version 2>/dev/null | head -1) (assembled: $GRAALVM_HOME)"
    MVN_ARGS+=(-Dquarkus.native.container-build=false)
    ;;
  local)
    $HAVE_LOCAL || die "NATIVE_BUILD=local but no working native-image on PATH (Linux only)"
    [ "$TARGET" = "$HOST" ] || die "a local native-image cannot build $TARGET on this $HOST machine"
    say "native build with local $(native-image --version 2>/dev/null | head -1)"
    MVN_ARGS+=(-Dquarkus.native.container-build=false)
    ;;
  container)
    [ -n "$RUNTIME" ] || die "NATIVE_BUILD=container but neither 'docker info' nor 'podman info' succeeds"
    MVN_ARGS+=(-Dquarkus.native.container-build=true
               "-Dquarkus.native.container-runtime=$RUNTIME"
               "-Dquarkus.native.builder-image=$BUILDER_IMAGE")
    if [ "$TARGET" != "$HOST" ]; then
      # Cross-building runs the whole builder under QEMU emulation (binfmt must be set up,
      # e.g. docker run --privileged --rm tonistiigi/binfmt --install all): expect it to be
      # several times slower than a native build on a $TARGET machine.
      platform=$([ "$TARGET" = arm64 ] && echo linux/arm64 || echo linux/amd64)
      MVN_ARGS+=("-Dquarkus.native.container-runtime-options=--platform=$platform")
      say "cross-building $TARGET on $HOST under emulation (slow)"
    fi
    say "native build in $RUNTIME with $BUILDER_IMAGE"
    ;;
esac

rm -f "$ZIP"
./mvnw -f "$PROJECT/pom.xml" "${MVN_ARGS[@]}" "$@"
package "$TARGET"
