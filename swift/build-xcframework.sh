#!/usr/bin/env bash
# Builds CrosspayFFI.xcframework (iOS device, iOS simulator, macOS) from the Rust core and
# refreshes the generated Swift, for `swift build` / Xcode on macOS. Needs Xcode and rustup.
# Usage: swift/build-xcframework.sh [--debug]
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(uname)" = Darwin ] || { echo "build-xcframework.sh needs macOS with Xcode" >&2; exit 2; }

profile=release; flag=--release
[ "${1:-}" = --debug ] && { profile=debug; flag=; }
target_dir=${CARGO_TARGET_DIR:-target}
targets=(aarch64-apple-ios aarch64-apple-ios-sim x86_64-apple-ios aarch64-apple-darwin x86_64-apple-darwin)

rustup target add "${targets[@]}"
for t in "${targets[@]}"; do
  cargo build $flag -p crosspay-ffi --lib --target "$t"
done

# Generate the Swift from the host library, exactly as the Linux check does.
host=$(uname -m | sed 's/arm64/aarch64/')-apple-darwin
cargo build -p crosspay-ffi --features bindgen --bin uniffi-bindgen
gen=$(mktemp -d)
"$target_dir/debug/uniffi-bindgen" generate "$target_dir/$host/$profile/libcrosspay_ffi.dylib" \
  --config bindings/uniffi/uniffi.toml --language swift --out-dir "$gen"
cp "$gen/Crosspay.swift" swift/Sources/Crosspay/Crosspay.swift
cp "$gen/CrosspayFFI.h" swift/Headers/CrosspayFFI.h
cp "$gen/CrosspayFFI.modulemap" swift/Headers/module.modulemap

# One static library per platform slice (fat where a slice has two architectures).
out=$(mktemp -d)
mkdir -p "$out/ios-sim" "$out/macos"
lipo -create "$target_dir/aarch64-apple-ios-sim/$profile/libcrosspay_ffi.a" \
             "$target_dir/x86_64-apple-ios/$profile/libcrosspay_ffi.a" -output "$out/ios-sim/libcrosspay_ffi.a"
lipo -create "$target_dir/aarch64-apple-darwin/$profile/libcrosspay_ffi.a" \
             "$target_dir/x86_64-apple-darwin/$profile/libcrosspay_ffi.a" -output "$out/macos/libcrosspay_ffi.a"

rm -rf swift/CrosspayFFI.xcframework
xcodebuild -create-xcframework \
  -library "$target_dir/aarch64-apple-ios/$profile/libcrosspay_ffi.a" -headers swift/Headers \
  -library "$out/ios-sim/libcrosspay_ffi.a" -headers swift/Headers \
  -library "$out/macos/libcrosspay_ffi.a" -headers swift/Headers \
  -output swift/CrosspayFFI.xcframework
echo "built swift/CrosspayFFI.xcframework; now: cd swift && swift test"
