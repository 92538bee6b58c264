# Shared by the scripts: where things are. Source it; it sets REPO, TOOLS, CARGO_TARGET_DIR, PATH.
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Tools the scripts install outside the repo, so fresh clones on the same machine reuse them.
TOOLS=${CROSSPAY_TOOLS:-$HOME/.cache/crosspay-tools}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$REPO/target}
export PATH="$HOME/.cargo/bin:$PATH"
KOTLIN_HOME=$REPO/kotlin/tools/node_modules/kotlin-compiler
JAVA_SHARE=/usr/share/java
VENV=$TOOLS/venv
# Node releases besides the machine's own, for js/test/node-versions.test.mjs (scripts/setup.sh).
export NODE_VERSIONS=$TOOLS/node-versions
CARGO_FUZZ_VERSION=0.13.2
export PATH="$TOOLS/cargo-fuzz-$CARGO_FUZZ_VERSION/bin:$PATH"

locked_version() { # the version of a crate in Cargo.lock
  awk -v n="$1" '$0 == "name = \"" n "\"" { getline; gsub(/version = |"/, ""); print; exit }' "$REPO/Cargo.lock"
}
wasm_bindgen_bin() { echo "$TOOLS/wasm-bindgen-$(locked_version wasm-bindgen)/bin/wasm-bindgen"; }
say() { printf '\033[1m== %s\033[0m\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
# js/scripts/build.mjs runs this wasm-bindgen (the one scripts/setup.sh installs).
export WASM_BINDGEN=$(wasm_bindgen_bin)
