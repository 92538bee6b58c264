#!/usr/bin/env bash
# The Swift package's XCTests, compiled and run on Linux: the package (swift/), the shared
# vectors and the built libcrosspay_ffi.so are copied into the trixie root (scripts/swift-root.sh),
# where `swift test` builds against the library through swift/Linux/CrosspayFFI. The build folder
# stays in the root between runs, so a second run only recompiles what changed.
# Prints XCTest's output and a closing "xctest: N passed, N failed" from its own summary.
# Usage: scripts/swift-test.sh LIBDIR   (LIBDIR holds libcrosspay_ffi.so)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
libdir=${1:?usage: swift-test.sh LIBDIR}
[ -f "$libdir/libcrosspay_ffi.so" ] || die "$libdir/libcrosspay_ffi.so is missing: cargo build -p crosspay-ffi"
root=$("$REPO/scripts/swift-root.sh")
work=$root/work/crosspay
mkdir -p "$work/swift" "$work/tests" "$root/work/lib"
# A fresh copy of the sources, the build folder kept.
find "$work/swift" -mindepth 1 -maxdepth 1 ! -name .build -exec rm -rf {} +
rm -rf "$work/tests/vectors"
tar -C "$REPO" --exclude=swift/.build -cf - swift tests/vectors | tar -C "$work" -xf -
cp "$libdir/libcrosspay_ffi.so" "$root/work/lib/"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
"$REPO/scripts/swift-root.sh" run /bin/sh -c \
  'cd /work/crosspay/swift && LD_LIBRARY_PATH=/work/lib swift test -Xlinker -L/work/lib 2>&1' | tee "$log" || status=$?
# XCTest's own lines: one "Test Case '…' passed|failed" per test, and the run's "Executed N tests"
# after "Test Suite 'All tests' passed|failed" (its failure count is of assertions, not tests).
passed=$(grep -cE "^Test Case '.*' passed" "$log" || true)
failed=$(grep -cE "^Test Case '.*' failed" "$log" || true)
ran=$(awk "/Test Suite 'All tests' (passed|failed)/ { all = 1; next } all && /Executed [0-9]+ tests?/ { print \$2; exit }" "$log")
if [ -z "$ran" ] || [ "$ran" -ne $((passed + failed)) ]; then
  echo "xctest: $passed passed, $((failed + 1)) failed   (XCTest did not run to its summary: the build failed or a test crashed)"
  exit 1
fi
echo "xctest: $passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
