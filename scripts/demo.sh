#!/usr/bin/env bash
# The demo: a short cross-border walk-through printed by the crosspay CLI.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO"
cargo run --quiet -p crosspay-cli -- demo
