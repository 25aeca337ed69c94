#!/usr/bin/env bash
# Assembles a GraalVM native-image toolchain on a Linux x86_64 machine that has neither GraalVM,
# Mandrel nor a container engine, from package registries only:
#   - GraalVM's builder jars (Maven Central, pinned version and SHA-256),
#   - a private copy of an installed Temurin 25 JDK (it has JVMCI) as the builder's java.home,
#   - the JDK static libraries the image links, compiled from Debian's OpenJDK source package
#     (jdk-static-libs.sh: against this JDK's JNI prototypes),
#   - stand-ins for svm's C libraries (c/), a `native-image` launcher (launcher/native-image).
# Prints the toolchain's GraalVM home (for GRAALVM_HOME) on its last line. Built once per version
# of this folder into $ECS_DEPLOYER_NATIVE_CACHE (default ~/.cache/ecs-deployer-native); about
# 3 minutes, 1.2 GB (the JDK copy, the sources, the jars).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)

GRAALVM=25.0.4
# The builder's modules (Maven Central) and their SHA-256.
JARS="
org.graalvm.nativeimage:svm 39187df94c72f6e6634daad9fc007ca3d918992dafb1f34da0dcdfb3b1db0437
org.graalvm.nativeimage:pointsto 91e9db82266a39c07009b360c31530585a9a8334417495a5e241c1b61ea4bbf6
org.graalvm.nativeimage:objectfile 0d61b2f513658944778cb079347b4357379854df11b9841ae0951e3a672e9da6
org.graalvm.nativeimage:native-image-base 6226b125fa9ec8eb8c3a08d6d532314375717a78c301a12e29ab4f1bb99d2ef5
org.graalvm.nativeimage:svm-configure 85b8f048093efef184090679b8a0facf1e693481f861792efdba66662db4d1ef
org.graalvm.nativeimage:svm-capnproto-runtime 1db6b2a3135df3fd4a7ea4a60d29189b215f3c9b286632aac8c92839039936e3
org.graalvm.compiler:compiler 16efb7edf503b9dbd93666c3f93e03ba76f42f0d1ef410d394ef8abf6e9b6d94
org.graalvm.sdk:nativeimage a42f260174e9a059ecfbbca2aa5b8243e80e84b9dc3f70096a5213aebbeac450
org.graalvm.sdk:word b91cd74e61e6257416f52dac5925e3a9d03b756035d48f4e8c56106fe11d7eff
org.graalvm.sdk:collections f78840945e4d746ca37aadd3d04a3266c3b7fd644a303d5b85fb03aa012b4fd4
org.graalvm.sdk:nativeimage-libgraal fa760372843d1bb56b0e2905d298afbee20acb52e02f5c8573d9a5a8553c712c
org.graalvm.truffle:truffle-compiler 3e9973775adb2f6c276fadfff2ef12ac4f20e71f8bbc12c773d36c90c8471c00
org.graalvm.espresso:espresso-svm aea983181a205ebcf2da34faec633b95ea12547e78a573e0c5aa6a78cb566efb
"
SVM_SOURCES_SHA256=0bd9c5be2a0cf7ebc314db90540b8f86ea659465de7ff66ef1b9ecf5ae5bdd8b
# Debian's OpenJDK source package (openjdk-25's files are listed but not served; 26's are). Override
# both when Debian drops this version: apt-get source --download-only openjdk-26 (with a deb-src line)
# and its orig tarball's SHA-256 from the .dsc.
JDK_SRC_VERSION=${NATIVE_JDK_SRC_VERSION:-26.0.2.1+1}
JDK_SRC_SHA256=${NATIVE_JDK_SRC_SHA256:-b9a893567232edf475e1511ce2de897a00bc3d775f2e46269f492164150f0d76}

die() { printf 'native toolchain: %s\n' "$*" >&2; exit 1; }
step() { printf '== toolchain: %s (%s)\n' "$*" "$(date +%T)" >&2; }

[ "$(uname -s)/$(uname -m)" = Linux/x86_64 ] || die "builds only on Linux x86_64 (this is $(uname -s)/$(uname -m)); elsewhere use GraalVM/Mandrel (GRAALVM_HOME) or a container build"
missing=()
for tool in gcc ar python3 curl tar xz unzip sha256sum; do command -v $tool >/dev/null 2>&1 || missing+=($tool); done
[ -f /usr/include/zlib.h ] || missing+=(zlib1g-dev)
[ ${#missing[@]} = 0 ] || die "missing: ${missing[*]} (Debian: apt-get install gcc binutils python3 curl xz-utils unzip zlib1g-dev)"

# The JDK the builder runs on: Temurin (or any OpenJDK) 25 with the jdk.internal.vm.ci module.
JDK=${NATIVE_JDK:-}
if [ -z "$JDK" ]; then
  for j in /usr/lib/jvm/temurin-25-jdk-* /usr/lib/jvm/*-25-* /usr/lib/jvm/*25*; do
    if [ -x "$j/bin/java" ] && "$j/bin/java" --list-modules 2>/dev/null | grep -q '^jdk.internal.vm.ci@25'; then JDK=$j; break; fi
  done
fi
[ -n "$JDK" ] && "$JDK/bin/java" --list-modules 2>/dev/null | grep -q '^jdk.internal.vm.ci@25' \
  || die "no JDK 25 with JVMCI (jdk.internal.vm.ci) found: install Temurin 25 (apt: temurin-25-jdk) or set NATIVE_JDK"
JDK_VERSION=$("$JDK/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')

CACHE=${ECS_DEPLOYER_NATIVE_CACHE:-$HOME/.cache/ecs-deployer-native}
ID=$( { echo "$GRAALVM $JDK_SRC_VERSION $JDK_VERSION"; (cd "$HERE" && find . -type f ! -name '*.md' | sort | xargs sha256sum); } | sha256sum | cut -c1-12)
T=$CACHE/toolchain-$GRAALVM-$ID
if [ -f "$T/.complete" ]; then
  step "reusing $T"
  echo "$T/jdk"; exit 0
fi
DL=$CACHE/downloads
mkdir -p "$DL"
rm -rf "$T.tmp"; mkdir -p "$T.tmp"
W=$T.tmp
check() { # file sha256
  echo "$2  $1" | sha256sum -c --quiet - >/dev/null 2>&1 || die "$(basename "$1"): SHA-256 is $(sha256sum "$1" | cut -c1-64), expected $2"
}

step "GraalVM $GRAALVM builder jars (Maven Central)"
M2=${MAVEN_REPO_LOCAL:-$HOME/.m2/repository}
mkdir -p "$W/jars"
get() { # groupId:artifactId[:jar:classifier] -> path
  local ga=$1 g a c=""; g=${ga%%:*}; a=${ga#*:}; a=${a%%:*}; case $ga in *:jar:*) c=-${ga##*:};; esac
  local f="$M2/${g//.//}/$a/$GRAALVM/$a-$GRAALVM$c.jar"
  if [ ! -f "$f" ]; then
    "$ROOT/mvnw" -q -B dependency:get -Dmaven.repo.local="$M2" -Dartifact="$g:$a:$GRAALVM${c:+:jar:${c#-}}" -Dtransitive=false >&2 \
      || die "cannot download $g:$a:$GRAALVM$c from Maven Central"
  fi
  echo "$f"
}
while read -r ga sha; do
  [ -n "$ga" ] || continue
  f=$(get "$ga"); check "$f" "$sha"; cp "$f" "$W/jars/"
done <<< "$JARS"
f=$(get org.graalvm.nativeimage:svm:jar:sources); check "$f" "$SVM_SOURCES_SHA256"
mkdir -p "$W/svm-src"; unzip -q -o "$f" 'com/oracle/svm/core/*/*LibCHelper.java' -d "$W/svm-src"

step "JDK $JDK_VERSION ($JDK) as the builder's java.home"
cp -a "$(readlink -f "$JDK")" "$W/jdk"
echo "$GRAALVM" > "$W/graalvm.version"; echo "$JDK_VERSION" > "$W/jdk.version"

step "OpenJDK $JDK_SRC_VERSION native sources (Debian source package)"
TARBALL=$DL/openjdk-26_$JDK_SRC_VERSION.orig.tar.xz
if [ ! -f "$TARBALL" ]; then
  # The Debian mirror this machine's apt uses.
  MIRROR=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/*.sources 2>/dev/null | grep -v security | head -1)
  [ -n "$MIRROR" ] || MIRROR=$(awk '$1=="deb" && $2 ~ /debian\/?$/ {print $2; exit}' /etc/apt/sources.list 2>/dev/null)
  MIRROR=${MIRROR:-http://deb.debian.org/debian}
  url="${MIRROR%/}/pool/main/o/openjdk-26/openjdk-26_${JDK_SRC_VERSION//+/%2b}.orig.tar.xz"
  curl -fsS -o "$TARBALL.part" "$url" \
    || die "cannot download $url: Debian may have replaced openjdk-26 $JDK_SRC_VERSION. Find the current one with a deb-src line for sid and 'apt-get source --download-only openjdk-26', then set NATIVE_JDK_SRC_VERSION and NATIVE_JDK_SRC_SHA256 (the orig tarball's, from the .dsc)"
  mv "$TARBALL.part" "$TARBALL"
fi
check "$TARBALL" "$JDK_SRC_SHA256"
top=openjdk-26-$JDK_SRC_VERSION
mkdir -p "$W/jdksrc"
tar xJf "$TARBALL" -C "$W/jdksrc" --wildcards "$top/src/java.base/*/native/*" "$top/src/hotspot/share/include/*" \
  "$top/src/hotspot/os/posix/include/*" "$top/src/jdk.net/*/native/*" || die "$TARBALL does not hold $top/src/..."

step "JDK static libraries (gcc, against JDK $JDK_VERSION's JNI prototypes)"
"$HERE/jdk-static-libs.sh" "$W/jdksrc/$top" "$W/jdk" "$W/jdk/lib/static/linux-amd64/glibc" "$W/build" >&2

step "svm C stand-ins, builder helper, launcher"
mkdir -p "$W/clibs/include" "$W/build/c" "$W/jdk/lib/svm/builder/lib"
python3 "$HERE/svm-headers.py" "$W/svm-src" "$W/clibs/include" >&2
CF=(-O2 -fPIC -fstack-protector-strong -Wall -Werror -Wno-unused-parameter -Wno-format-truncation)
gcc "${CF[@]}" -I "$W/clibs/include" -c "$HERE/c/libchelper.c" -o "$W/build/c/libchelper.o"
ar rcs "$W/clibs/liblibchelper.a" "$W/build/c/libchelper.o"
gcc "${CF[@]}" -Wno-unused-function -c "$HERE/c/libjvm.c" -o "$W/build/c/libjvm.o"
ar rcs "$W/clibs/libjvm.a" "$W/build/c/libjvm.o"
gcc "${CF[@]}" -shared -I "$W/jdk/include" -I "$W/jdk/include/linux" -o "$W/jdk/lib/svm/builder/lib/libreporterchelper.so" "$HERE/c/reporterchelper.c"
# The builder's JVM options: fixed ones, and exports of the JDK internals it uses (from this JDK).
targets=jdk.graal.compiler,org.graalvm.nativeimage.base,org.graalvm.nativeimage.builder,org.graalvm.nativeimage.pointsto,org.graalvm.nativeimage.objectfile,org.graalvm.truffle.compiler,org.graalvm.nativeimage.configure,org.graalvm.nativeimage.libgraal,org.graalvm.espresso.shared.svm,org.graalvm.nativeimage,org.graalvm.word,org.graalvm.collections
{ cat "$HERE/builder-jvm.args"
  for m in java.base jdk.internal.vm.ci java.management jdk.management jdk.jfr jdk.internal.jvmstat java.desktop java.xml \
           jdk.unsupported jdk.internal.ed jdk.crypto.cryptoki java.logging java.naming jdk.net jdk.sctp java.rmi java.security.jgss; do
    "$W/jdk/bin/java" --describe-module $m 2>/dev/null \
      | awk '$1=="contains"||$1=="exports" {print $2} $1=="qualified" {print $3}' | sort -u \
      | while read -r p; do echo "--add-exports=$m/$p=$targets"; done
  done; } > "$W/builder-jvm.args"
cp "$HERE/launcher/native-image" "$W/jdk/bin/native-image"; chmod +x "$W/jdk/bin/native-image"
"$W/jdk/bin/native-image" --version >/dev/null || die "the launcher does not run (python3?)"
rm -rf "$W/jdksrc" "$W/svm-src" "$W/build"
touch "$W/.complete"
rm -rf "$T"; mv "$W" "$T"
# Toolchains of earlier versions of this folder are not used again.
find "$CACHE" -maxdepth 1 -name 'toolchain-*' ! -name "$(basename "$T")" ! -name '*.tmp' -exec rm -rf {} +
# The launcher finds its toolchain from its own path: fix nothing up after the move.
step "done: $T ($(du -sh "$T" | cut -f1))"
echo "$T/jdk"
