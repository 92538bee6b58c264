#!/usr/bin/env bash
# Installs everything the test command needs, idempotently (a re-run that finds it all checks
# and returns in seconds): the wasm32 target and std's source, wasm-bindgen-cli at exactly
# Cargo.lock's version, Debian's chromium, JNA, JUnit 4 and Gson, Node packages from the committed
# lockfiles (TypeScript, playwright-core, binaryen's wasm-opt, the Kotlin compiler), pytest in a
# venv, and Swift in a Debian trixie root (scripts/swift-root.sh).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
mkdir -p "$TOOLS"

need() { command -v "$1" >/dev/null 2>&1; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif need sudo; then sudo "$@"; else die "need root for: $*"; fi; }

# Debian packages: browser, JVM libraries, an SVG rasterizer and a QR/barcode decoder (the render
# tests prove what we draw scans), debootstrap (the Swift root, below), redis-server (the fleet
# tests start and stop their own, on a free loopback port), and the toolchains if a machine lacks
# them.
debs=(chromium libjna-java junit4 libgoogle-gson-java zbar-tools librsvg2-bin debootstrap redis-server)
need node || debs+=(nodejs npm)
need javac || debs+=(default-jdk-headless)
need cc || debs+=(gcc)
need python3 || debs+=(python3 python3-venv)
missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -qq
  as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
for jar in jna.jar junit4.jar hamcrest-core.jar gson.jar; do
  [ -f "$JAVA_SHARE/$jar" ] || die "$JAVA_SHARE/$jar is missing after installing Debian's packages"
done

# Rust: the wasm target, std's source (the npm build compiles std for its modules: a panic traps
# at once, js/scripts/build.mjs) and wasm-bindgen-cli at the exact version of the wasm-bindgen crate.
rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
rustup component list --installed | grep -qx 'rust-src' || rustup component add rust-src
wb_version=$(locked_version wasm-bindgen)
[ -n "$wb_version" ] || die "wasm-bindgen is not in Cargo.lock"
wb=$(wasm_bindgen_bin)
if [ ! -x "$wb" ]; then
  mkdir -p "$(dirname "$wb")"
  on_path=$(command -v wasm-bindgen || true)
  if [ -n "$on_path" ] && [ "$("$on_path" --version)" = "wasm-bindgen $wb_version" ]; then
    ln -sf "$on_path" "$wb"
  else
    say "cargo install wasm-bindgen-cli $wb_version (a few minutes, once)"
    cargo install --quiet wasm-bindgen-cli --version "$wb_version" --root "$(dirname "$(dirname "$wb")")"
  fi
fi
[ "$("$wb" --version)" = "wasm-bindgen $wb_version" ] || die "$wb is not wasm-bindgen $wb_version"

# cargo-fuzz, pinned, for scripts/fuzz.sh and the test command's short fuzz run.
if ! command -v cargo-fuzz >/dev/null || [ "$(cargo-fuzz --version 2>/dev/null)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]; then
  say "cargo install cargo-fuzz $CARGO_FUZZ_VERSION (a few minutes, once)"
  cargo install --quiet cargo-fuzz --version "$CARGO_FUZZ_VERSION" --root "$TOOLS/cargo-fuzz-$CARGO_FUZZ_VERSION"
fi

# Node packages, from the committed lockfiles; re-installed only when a lockfile changes. With a
# second argument, installed there (a tools folder outside the repo) instead of beside the lockfile.
npm_ci() {
  local dir=$1 into=${2:-$1}
  local stamp=$into/node_modules/.crosspay-lock
  if [ ! -f "$stamp" ] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
    say "npm ci in ${into/#$REPO\//}"
    mkdir -p "$into"
    [ "$into" = "$dir" ] || cp "$dir/package.json" "$dir/package-lock.json" "$into/"
    (cd "$into" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$dir/package-lock.json" "$stamp"
  fi
}
npm_ci "$REPO/js"
npm_ci "$REPO/kotlin/tools"
# The Node releases the npm package is also tested on (js/node-versions/package.json says which
# and why): official Linux x64 builds from the npm registry, about 50 MB each, kept in the tools
# folder so fresh clones reuse them.
npm_ci "$REPO/js/node-versions" "$NODE_VERSIONS"
# npm skips an optional package it could not fetch (or that is for another platform): say so here,
# and forget the stamp, so that the next run installs again instead of the test failing later.
if [ "$(uname -sm)" = "Linux x86_64" ]; then
  for n in $(node -p 'Object.keys(require(process.argv[1]).optionalDependencies).join(" ")' "$REPO/js/node-versions/package.json"); do
    "$NODE_VERSIONS/node_modules/$n/bin/node" --version >/dev/null 2>&1 || {
      rm -f "$NODE_VERSIONS/node_modules/.crosspay-lock"
      die "$n (js/node-versions/package.json) did not install into $NODE_VERSIONS"
    }
  done
fi
[ -x "$KOTLIN_HOME/bin/kotlinc-jvm" ] || die "kotlinc-jvm is missing from the kotlin-compiler npm package"

# Python: a tools venv with maturin (builds the wheel), re-made when its requirements change;
# the tests run in a fresh venv with the wheel installed (scripts/test.sh), from pip's cache.
req=$REPO/python/requirements-build.txt
if [ ! -x "$VENV/bin/maturin" ] || ! cmp -s "$req" "$VENV/.crosspay-req"; then
  say "python venv with $(tr '\n' ' ' < "$req")"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$req"
  cp "$req" "$VENV/.crosspay-req"
fi

# Swift 6 (Debian trixie's swiftlang) in a trixie root under the tools folder, once per machine.
"$REPO/scripts/swift-root.sh" >/dev/null
echo "setup: all tools present"
