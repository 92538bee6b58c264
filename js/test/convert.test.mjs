// The installed npm package in Node.js, against the shared vectors.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as crosspay from "crosspay";
import { vectorDoc } from "./vector-files.mjs";
import { runConvertVectors, runMoneyVectors } from "./money-checks.js";

const doc = vectorDoc("convert.json");

test("the vector file has cases", () => {
  assert.ok(doc.cases.length >= 30);
});

for (const r of runConvertVectors(crosspay, doc)) {
  test(`convert vector ${r.name}`, () => {
    assert.deepEqual(r.got, r.want);
  });
}

const moneyDoc = vectorDoc("money.json");
for (const r of runMoneyVectors(crosspay, moneyDoc)) {
  test(`money vector ${r.name}`, () => {
    assert.deepEqual(r.got, r.want);
  });
}

test("a rate sheet reports its provenance", () => {
  const sheet = crosspay.RateSheet.fromUnsignedJson(JSON.stringify(moneyDoc.sheets.ecb));
  assert.equal(sheet.source, "ECB");
  assert.equal(sheet.asOf, "2026-11-20T16:00:00Z");
  assert.equal(sheet.validUntil, "2026-11-21T16:00:00Z");
  assert.ok(sheet instanceof crosspay.RateSheet);
});

test("a bad rounding name is invalid_rounding wherever it is given", () => {
  const isRounding = (e) => e.name === "CrosspayError" && e.code === "invalid_rounding" && /bankers/.test(e.message);
  assert.throws(() => crosspay.convert("1.00", "HKD", "CNY", "0.9123", "bankers"), isRounding);
  assert.throws(() => crosspay.convertAtRate("1.00", "HKD", "CNY", "0.9123", { rounding: "bankers" }), isRounding);
  assert.throws(() => crosspay.normalizeAmount("1.005", "HKD", "bankers"), isRounding);
});

test("a malformed options object is invalid_options, not a crash", () => {
  for (const options of [{ rounding: "half-up", markup_bps: -5 }, {}, null]) {
    assert.throws(
      () => crosspay.convertAtRate("1.00", "HKD", "CNY", "0.9123", options),
      (e) => e.name === "CrosspayError" && e.code === "invalid_options",
      JSON.stringify(options),
    );
  }
});

test("normalizeAmount is strict unless a rounding is given", () => {
  assert.equal(crosspay.normalizeAmount("1.5", "HKD"), "1.50");
  assert.equal(crosspay.normalizeAmount("1.005", "HKD", "half-even"), "1.00");
  assert.throws(() => crosspay.normalizeAmount("1.005", "HKD"), (e) => e.code === "precision_exceeded");
});

test("errors are real Error objects with a stable code", () => {
  assert.throws(
    () => crosspay.convert("1e3", "CNY", "HKD", "1.0962", "half-up"),
    (e) => e instanceof Error && e.name === "CrosspayError" && e.code === "invalid_amount" && /1e3/.test(e.message),
  );
});

test("errorCodes lists every code the vectors use", () => {
  const codes = crosspay.errorCodes();
  for (const c of doc.cases.filter((c) => c.error)) assert.ok(codes.includes(c.error), c.error);
});

test("currencyInfo describes ISO and registered codes", () => {
  assert.deepEqual(crosspay.currencyInfo("KWD"), {
    code: "KWD", numeric: 414, minor_units: 3, name: "Kuwaiti dinar", superseded_by: undefined,
  });
  assert.equal(crosspay.currencyInfo("CNH").minor_units, 2);
});

test("the Node entry is ready on import, initAsync resolves", async () => {
  await crosspay.initAsync();
  assert.match(crosspay.version(), /^\d+\.\d+\.\d+$/);
});

test("receipts are plain objects, and every amount is its own (the result tape's string cache)", () => {
  const r = crosspay.convert("100.00", "CNY", "HKD", "1.0962", "half-up");
  assert.equal(Object.getPrototypeOf(r), Object.prototype);
  assert.equal(Object.getPrototypeOf(r.target), Object.prototype);
  assert.ok(Array.isArray(r.chain));
  assert.deepEqual(JSON.parse(JSON.stringify(r)), r);
  // 3,000 conversions against BigInt arithmetic: a cached short string may only ever be reused
  // for the very same bytes (half-up at 0.9132 on cents: (c × 9132 + 5000) / 10000, c ≥ 0).
  for (let i = 0; i < 3000; i++) {
    const cents = BigInt((i * 7919) % 1_000_000);
    const amount = `${cents / 100n}.${String(cents % 100n).padStart(2, "0")}`;
    const want = (cents * 9132n + 5000n) / 10000n;
    const got = crosspay.convert(amount, "CNY", "HKD", "0.9132", "half-up");
    assert.equal(got.target.amount, `${want / 100n}.${String(want % 100n).padStart(2, "0")}`, amount);
    assert.equal(got.source.amount, amount);
  }
});
