// The npm build's conversion speed, as ratios against peers measured in the same run: decimal.js
// (the usual exact-decimal choice in JS: parse, multiply, round) and plain numbers (what money
// code must never use). Run after the build: node js/bench/convert.mjs [--json]
import { readFileSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";
import Decimal from "decimal.js";
import * as crosspay from "../dist/node.js";

const sheet = crosspay.RateSheet.fromUnsignedJson(JSON.stringify({
  source: "ECB", as_of: "2026-11-20T16:00:00Z", valid_until: "2026-11-21T16:00:00Z", allow_inverse: true, pivots: ["EUR"],
  quotes: [{ base: "EUR", quote: "HKD", mid: "9.0525" }, { base: "EUR", quote: "CNY", mid: "8.2520" }],
}));
const amounts = Array.from({ length: 1000 }, (_, i) => `${i + 1}.${String(i % 100).padStart(2, "0")}`);
const at = "2026-11-21T09:00:00Z";

const cases = {
  "crosspay convert (strings in, receipt out)": (a) => crosspay.convert(a, "CNY", "HKD", "1.0962", "half-up").target.amount,
  "crosspay sheet cross rate": (a) => sheet.convert(a, "HKD", "CNY", at, { rounding: "half-up" }).target.amount,
  "crosspay reverse": (a) => crosspay.convertAtRate(a, "HKD", "CNY", "0.9123", { rounding: "half-up", reverse: true }).source.amount,
  "peer decimal.js mul + round": (a) => new Decimal(a).times("1.0962").toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2),
  "peer number mul + toFixed": (a) => (Number(a) * 1.0962).toFixed(2),
};

function measure(fn) {
  for (let i = 0; i < 2; i++) amounts.forEach(fn); // warm up
  let runs = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0n;
  while (elapsed < 500_000_000n) {
    amounts.forEach(fn);
    runs++;
    elapsed = process.hrtime.bigint() - start;
  }
  return Number(elapsed) / (runs * amounts.length); // ns per conversion
}

const results = Object.entries(cases).map(([name, fn]) => ({ name, ns: measure(fn) }));
const base = results.find((r) => r.name.startsWith("peer decimal.js")).ns;
const wasm = new URL("../dist/crosspay_wasm_bg.wasm", import.meta.url);
const size = { wasm: statSync(wasm).size, wasm_gzip: gzipSync(readFileSync(wasm)).length };
if (process.argv.includes("--json")) {
  console.log(JSON.stringify({ results, size }));
} else {
  for (const r of results) console.log(`${r.name.padEnd(44)} ${r.ns.toFixed(0).padStart(7)} ns  ${(r.ns / base).toFixed(2)}× decimal.js`);
  console.log(`wasm ${size.wasm} bytes, ${size.wasm_gzip} gzipped`);
}
