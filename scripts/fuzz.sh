#!/usr/bin/env bash
# Runs the cargo-fuzz targets in fuzz/ (libFuzzer with AddressSanitizer) for a while each.
# Usage: scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET ...]   (default 30 s, every target)
# The machine's toolchain is stable: RUSTC_BOOTSTRAP lets it take the sanitizer flags.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
seconds=${1:-30}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(public_key private_key signature rate_sheet amount merchant_qr paycode certificate trust_list time)
command -v cargo-fuzz >/dev/null || die "cargo-fuzz is missing: run scripts/setup.sh"
cd "$REPO/fuzz"
# Seed the merchant QR corpus with the real payloads of the vectors (the corpus is not committed).
if [ ! -d corpus/merchant_qr ]; then
  mkdir -p corpus/merchant_qr
  python3 -c 'import json,sys
for i, c in enumerate(json.load(open(sys.argv[1]))["cases"]):
    open(f"corpus/merchant_qr/vector-{i}", "w").write(c["payload"])' "$REPO/tests/vectors/merchant_qr.json"
fi
# Seed the payment-code corpus with the vector payloads and certificates.
if [ ! -d corpus/paycode ]; then
  mkdir -p corpus/paycode corpus/certificate corpus/trust_list
  python3 -c 'import json,sys,base64
v = json.load(open(sys.argv[1]))
for i, c in enumerate(v["codes"]):
    open(f"corpus/paycode/code-{i}", "w").write(c["expected"]["payload"])
for i, c in enumerate(v["certificates"]):
    open(f"corpus/certificate/cert-{i}", "wb").write(base64.urlsafe_b64decode(c["certificate"] + "=" * (-len(c["certificate"]) % 4)))
open("corpus/trust_list/jws", "w").write(v["trust_list"]["jws"])
open("corpus/trust_list/doc", "w").write(json.dumps(v["trust_list"]["document"]))
open("corpus/trust_list/sheet", "w").write(v["rate_sheets"]["signed"])
open("corpus/trust_list/seed", "w").write(json.dumps(v["numeric"]["seed"]))' "$REPO/tests/vectors/paycodes.json"
fi
# Seed the time corpus with the edges: offsets, leap seconds, years 0000 and 9999.
if [ ! -d corpus/time ]; then
  mkdir -p corpus/time
  i=0
  for t in 2026-11-22T08:30:00Z 9999-12-31T23:59:59-01:00 0000-01-01T00:00:00+01:00 2016-12-31T23:59:60Z \
           9999-12-31T23:59:59.999999999+23:59 1970-01-01T00:00:00-00:00 2106-02-07T06:28:16Z; do
    printf '%s' "$t" > "corpus/time/edge-$i"; i=$((i + 1))
  done
fi
# Built once, then run side by side, one target per core (CROSSPAY_FUZZ_JOBS overrides): each
# libFuzzer process is single-threaded. Their reports are printed in order afterwards.
export RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="$CARGO_TARGET_DIR/fuzz"
cargo fuzz build || die "the fuzz targets did not build"
jobs=${CROSSPAY_FUZZ_JOBS:-$(nproc)}
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
run_one() {
  cargo fuzz run "$1" -- -max_total_time="$seconds" -print_final_stats=1 >"$logs/$1.log" 2>&1
  echo $? >"$logs/$1.status"
}
running=0
for t in "${targets[@]}"; do
  run_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
done
wait
passed=0 failed=0
for t in "${targets[@]}"; do
  echo "-- fuzz $t for ${seconds}s"
  grep -E "^(Done|stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY|thread .* panicked)" "$logs/$t.log"
  if [ "$(cat "$logs/$t.status" 2>/dev/null)" = 0 ]; then
    passed=$((passed + 1))
  else
    echo "FAIL fuzz $t (artifacts in fuzz/artifacts/$t)"
    tail -20 "$logs/$t.log"
    failed=$((failed + 1))
  fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
