#!/usr/bin/env bash
# Compiles the JDK static libraries a native image links (libjava.a libnio.a libnet.a libzip.a
# libextnet.a, with -DSTATIC_BUILD) from an OpenJDK source tree, against JNI prototypes generated
# from the class files of the JDK the builder runs on (tools/JniHeaders.java).
#
# The C sources may come from a newer feature release than that JDK (Debian serves OpenJDK 26's
# source package; 25's files are not downloadable). A native function whose C signature differs
# from this JDK's native method then fails to compile. Such a file is compiled with its drifted
# functions renamed away (DRIFT below lists them, each checked by hand): the image cannot call a
# function it does not find; if it needs one, linking fails (a build error, never a wrong call).
#
# Usage: jdk-static-libs.sh <openjdk-src-root> <jdk-home> <out-lib-dir> <work-dir>
set -euo pipefail
SRC=$1 JDK=$2 OUT=$3 WORK=$4
HERE=$(cd "$(dirname "$0")" && pwd)
B=$SRC/src/java.base
GEN=$WORK/include
OBJ=$WORK/obj
rm -rf "$GEN" "$OBJ"; mkdir -p "$GEN" "$OBJ" "$OUT"

# Native functions whose C definition in OpenJDK 26's sources differs from JDK 25's native method
# (found by this script's strict compile), each renamed to drifted_<name>:
#  - Class.forName0: JDK 25 passes the caller class too. Native image substitutes java.lang.Class
#    (DynamicHub): the JNI function is never linked.
#  - ConstantPool.*0: JDK 26 dropped the unused constant-pool-oop argument. Native image has no
#    class file constant pools: never linked.
#  - UnixNativeDispatcher.fstatat0: JDK 26 returns the errno, JDK 25's throws UnixException.
#    c/jdk-compat.c defines the JDK 25 function over the renamed one.
# Any other drift fails this script; a renamed function the image does need fails the link.
CONSTANT_POOL="getSize0 getClassAt0 getClassAtIfLoaded0 getClassRefIndexAt0 getMethodAt0 getMethodAtIfLoaded0
  getFieldAt0 getFieldAtIfLoaded0 getMemberRefInfoAt0 getNameAndTypeRefIndexAt0 getNameAndTypeRefInfoAt0
  getIntAt0 getLongAt0 getFloatAt0 getDoubleAt0 getStringAt0 getUTF8At0 getTagAt0"
DRIFT="Java_java_lang_Class_forName0 Java_sun_nio_fs_UnixNativeDispatcher_fstatat0
  $(for m in $CONSTANT_POOL; do printf 'Java_jdk_internal_reflect_ConstantPool_%s ' "$m"; done)"

# JNI headers for the classes the sources include.
grep -rhoE '#include "(java|jdk|sun)_[A-Za-z0-9_]+\.h"' "$B"/*/native/lib{java,nio,net,zip} "$SRC/src/jdk.net/linux/native/libextnet" \
  | sed 's/#include "//; s/\.h"//' | sort -u > "$WORK/headers.txt"
"$JDK/bin/java" "$HERE/tools/JniHeaders.java" "$GEN" "$WORK/headers.txt"
major=$("$JDK/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.class.version = \([0-9]*\).*/\1/p')
sed -e "s/@@VERSION_CLASSFILE_MAJOR@@/$major/" -e 's/@@VERSION_CLASSFILE_MINOR@@/0/' \
  "$B/share/native/include/classfile_constants.h.template" > "$GEN/classfile_constants.h"
ver=$("$JDK/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.runtime.version = //p')
feature=${ver%%.*}

CFLAGS=(-O2 -fPIC -fno-strict-aliasing -fno-omit-frame-pointer -fstack-protector-strong -w
  -Werror=implicit-function-declaration -Werror=incompatible-pointer-types -Werror=int-conversion -Werror=return-type
  -D_GNU_SOURCE -D_REENTRANT -DLINUX -D_LARGEFILE64_SOURCE -D_LP64=1 -DARCH='"amd64"' -Damd64 -DNDEBUG
  -DSTATIC_BUILD=1 -DARCHPROPNAME='"amd64"' -DVERSION_STRING="\"$ver\"" -DVERSION_SHORT="\"${ver%%+*}\""
  -DVERSION_SPECIFICATION="\"$feature\""
  -I"$GEN" -I"$B/share/native/include" -I"$B/unix/native/include" -I"$SRC/src/hotspot/share/include"
  -I"$SRC/src/hotspot/os/posix/include" -I"$B/share/native/libjava" -I"$B/unix/native/libjava" -I"$B/linux/native/libjava"
  -I"$B/share/native/libnet" -I"$B/unix/native/libnet" -I"$B/share/native/libnio" -I"$B/share/native/libnio/ch"
  -I"$B/unix/native/libnio/ch" -I"$B/unix/native/libnio/fs")
RENAME=(); for f in $DRIFT; do RENAME+=("-D$f=drifted_$f"); done
# The renamed functions must not meet this JDK's prototypes (they are the other JDK's).
for f in $DRIFT; do sed -i "/ JNICALL $f(/d" "$GEN"/*.h; done

failed=0
build() { # library name, source dirs...
  local name=$1; shift; local objs=() c o
  mkdir -p "$OBJ/$name"
  for d in "$@"; do
    for c in $(find "$d" -maxdepth 1 -name '*.c' | sort); do
      o=$OBJ/$name/$(basename "$c" .c).o
      local rename=("${RENAME[@]}"); [ "$d" != "$HERE/c/compat" ] || rename=()
      if gcc "${CFLAGS[@]}" "${rename[@]}" -I"$d" -DLIBRARY_NAME="$name" -c "$c" -o "$o" 2>"$o.err"; then
        objs+=("$o")
      else
        echo "jdk-static-libs: $name: $(basename "$c") does not compile against $JDK's JNI prototypes:" >&2
        grep -E 'error' "$o.err" | head -5 >&2; failed=1
      fi
    done
  done
  rm -f "$OUT/lib$name.a"; ar rcs "$OUT/lib$name.a" "${objs[@]}"
  echo "lib$name.a: ${#objs[@]} objects"
}
build java "$B/share/native/libjava" "$B/unix/native/libjava" "$B/linux/native/libjava"
build nio "$HERE/c/compat" "$B/share/native/libnio" "$B/share/native/libnio/ch" "$B/unix/native/libnio" "$B/unix/native/libnio/ch" \
  "$B/unix/native/libnio/fs" "$B/linux/native/libnio" "$B/linux/native/libnio/ch" "$B/linux/native/libnio/fs"
build net "$B/share/native/libnet" "$B/unix/native/libnet"
build zip "$B/share/native/libzip"
build extnet "$SRC/src/jdk.net/linux/native/libextnet"
[ "$failed" = 0 ] || { echo "jdk-static-libs: some sources do not match $JDK (above): add the drifted functions to DRIFT after checking them" >&2; exit 1; }
