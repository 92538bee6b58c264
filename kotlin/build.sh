#!/usr/bin/env bash
# Builds the Kotlin library as a jar: the uniffi-generated Kotlin and CrosspayErrorCode.kt
# compiled with -Werror, and the native library at JNA's resource path for this platform
# (linux-x86-64/libcrosspay_ffi.so), so a JVM app needs the jar, JNA and the Kotlin stdlib on its
# class path and nothing else (no -Djna.library.path).
# Usage: kotlin/build.sh [OUT_JAR]   (default: $CARGO_TARGET_DIR/kotlin/crosspay.jar)
set -euo pipefail
source "$(dirname "$0")/../scripts/lib.sh"
out=${1:-$CARGO_TARGET_DIR/kotlin/crosspay.jar}
gen=$CARGO_TARGET_DIR/kotlin/gen
"$REPO/scripts/gen-bindings.sh" "$gen"
lib=$CARGO_TARGET_DIR/debug/libcrosspay_ffi.so
[ -f "$lib" ] || die "$lib is missing after gen-bindings.sh"

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) platform=linux-x86-64 ;;
  Linux-aarch64) platform=linux-aarch64 ;;
  *) die "no JNA resource prefix known for $(uname -s)-$(uname -m)" ;;
esac

work=$CARGO_TARGET_DIR/kotlin/jar
rm -rf "$work" && mkdir -p "$work/classes" "$work/native/$platform"
"$KOTLIN_HOME/bin/kotlinc-jvm" -Werror -d "$work/classes" -cp "$JAVA_SHARE/jna.jar" \
  "$gen/com/crosspay/crosspay.kt" "$REPO"/kotlin/src/main/kotlin/com/crosspay/*.kt
cp "$lib" "$work/native/$platform/"
mkdir -p "$(dirname "$out")"
rm -f "$out"
jar --create --file "$out" -C "$work/classes" . -C "$work/native" .
echo "$out"
