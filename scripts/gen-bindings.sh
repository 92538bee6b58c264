#!/usr/bin/env bash
# Builds the uniffi library and generates the Kotlin, Python and Swift bindings from it.
# Usage: scripts/gen-bindings.sh OUT_DIR   (prints nothing else on success)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
out=${1:?usage: gen-bindings.sh OUT_DIR}
cd "$REPO"
cargo build --quiet -p crosspay-ffi --features bindgen --bin uniffi-bindgen
cargo build --quiet -p crosspay-ffi --lib
rm -rf "$out" && mkdir -p "$out"
"$CARGO_TARGET_DIR/debug/uniffi-bindgen" generate "$CARGO_TARGET_DIR/debug/libcrosspay_ffi.so" \
  --config bindings/uniffi/uniffi.toml --no-format \
  --language kotlin --language python --language swift --out-dir "$out" >/dev/null
