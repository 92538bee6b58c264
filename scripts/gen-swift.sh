#!/usr/bin/env bash
# Regenerates the committed Swift bindings (swift/Sources/Crosspay/Crosspay.swift, swift/Headers/).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
gen=$CARGO_TARGET_DIR/bindings
"$REPO/scripts/gen-bindings.sh" "$gen"
cp "$gen/Crosspay.swift" "$REPO/swift/Sources/Crosspay/Crosspay.swift"
cp "$gen/CrosspayFFI.h" "$REPO/swift/Headers/CrosspayFFI.h"
cp "$gen/CrosspayFFI.modulemap" "$REPO/swift/Headers/module.modulemap"
echo "regenerated swift/Sources/Crosspay/Crosspay.swift and swift/Headers/"
