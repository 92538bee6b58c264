// Merchant QR in Node: the shared vectors, encoding, and "what will I pay".
import { test } from "node:test";
import assert from "node:assert/strict";
import * as crosspay from "crosspay";
import { vectorDoc } from "./vector-files.mjs";
import { runMerchantQrVectors } from "./merchant-qr-checks.js";

const doc = vectorDoc("merchant_qr.json");

test("at least 40 real-world payloads", () => assert.ok(doc.cases.filter((c) => c.real_world).length >= 40));
for (const r of runMerchantQrVectors(crosspay, doc)) {
  test(`merchant qr ${r.name}`, () => assert.ok(r.ok, r.detail));
}

test("encode a dynamic FPS code from keyed fields, with a Chinese language template", () => {
  const payload = crosspay.encodeMerchantQr({
    point_of_initiation: "12", merchant_account_info: { 26: { "00": "hk.com.hkicl", "02": "9999999" } },
    mcc: "5812", currency_code: "HKD", amount: "88.80", country: "HK", merchant_name: "TAI HING", merchant_city: "HONG KONG",
    language_template: { "00": "ZH", "01": "太興", "02": "香港" },
  });
  const qr = crosspay.decodeMerchantQr(payload, true);
  assert.equal(qr.valid, true, JSON.stringify(qr.errors));
  assert.deepEqual([qr.schemes, qr.amount, qr.currency_code, qr.language_template["01"]], [["FPS"], "88.80", "HKD", "太興"]);
  assert.throws(() => crosspay.encodeMerchantQr({ currency: "344" }), (e) => e.code === "invalid_merchant_qr");
});

test("what will I pay: reverse conversion into the wallet's currency", () => {
  const fps = doc.cases.find((c) => c.name === "fps-hkicl-fps-id").payload;
  const c = crosspay.merchantQrPaymentAtRate(fps, "CNY", "1.0962", { rounding: "half-up" });
  assert.deepEqual([c.source.amount, c.source.currency, c.target.amount, c.target.currency], ["112.21", "CNY", "123.00", "HKD"]);
});
