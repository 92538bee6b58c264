#!/usr/bin/env bash
# The demo: a short cross-border walk-through printed by the crosspay CLI, then an offline
# transit gate: issuer init → enroll a wallet → the wallet shows an offline code → the gate
# verifies it → the same code replayed is refused.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$REPO"
cargo build --quiet -p crosspay-cli
cp="$CARGO_TARGET_DIR/debug/crosspay"
"$cp" demo

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
show() { printf '   $ crosspay %s\n' "$*" | sed "s#$work/##g"; }
field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

printf '\n7. An MTR-style gate with no network: the issuer enrolls a phone, the phone shows a signed code\n'
show issuer init --dir issuer --at 2026-11-20T00:00:00Z
"$cp" issuer init --dir "$work/issuer" --at 2026-11-20T00:00:00Z >/dev/null
show keys generate --out device.key --public-out device.pub
"$cp" keys generate --out "$work/device.key" --public-out "$work/device.pub" | sed "s/^/   /"
show issuer enroll --dir issuer --device-public-key device.pub --offline-limit 200.00 --currency HKD --scope transit --not-before 2026-11-01T00:00:00Z --not-after 2026-12-31T23:59:59Z --at 2026-11-20T00:00:00Z --out cert.json
"$cp" issuer enroll --dir "$work/issuer" --device-public-key "$work/device.pub" --offline-limit 200.00 --currency HKD --scope transit \
  --not-before 2026-11-01T00:00:00Z --not-after 2026-12-31T23:59:59Z --at 2026-11-20T00:00:00Z --out "$work/cert.json" | sed "s/^/   /"
show wallet qr --cert cert.json --key device.key --state wallet.json --at 2026-11-22T08:30:00Z --amount 23.50 --currency HKD --json
code=$("$cp" wallet qr --cert "$work/cert.json" --key "$work/device.key" --state "$work/wallet.json" --at 2026-11-22T08:30:00Z \
  --amount 23.50 --currency HKD --json)
echo "   $code"
payload=$(field payload <<<"$code")
gate() { # AT [TRUST_LIST]
  local list=${2:-trust-list.jws}
  show verify-code --trust-list "issuer/$list" --root-public-key issuer/root.pub --at "$1" --replay-db gate.db --terminal-currency HKD --scope transit --json "${payload:0:16}…"
  "$cp" verify-code --trust-list "$work/issuer/$list" --root-public-key "$work/issuer/root.pub" --at "$1" \
    --replay-db "$work/gate.db" --terminal-currency HKD --scope transit --json "$payload" | sed 's/^/   /' || echo "   (exit $?: refused)"
}
cp "$work/issuer/trust-list.jws" "$work/issuer/old-list.jws"
printf '\n8. The gate verifies it offline (trust list + root key only)\n'
gate 2026-11-22T08:30:04Z
printf '\n9. Someone replays a photo of the same code: refused\n'
gate 2026-11-22T08:30:09Z
printf '\n10. The issuer revokes the phone; someone hands the gate the older trust list to undo that: refused\n'
alias=$(field alias <"$work/cert.json")
show issuer revoke --dir issuer --alias "$alias" --at 2026-11-22T09:00:00Z
"$cp" issuer revoke --dir "$work/issuer" --alias "$alias" --at 2026-11-22T09:00:00Z | sed "s#$work/##g; s/^/   /"
payload=$(field payload <<<"$("$cp" wallet qr --cert "$work/cert.json" --key "$work/device.key" --state "$work/wallet.json" --at 2026-11-22T09:00:10Z --json)")
gate 2026-11-22T09:00:11Z
gate 2026-11-22T09:00:12Z old-list.jws
