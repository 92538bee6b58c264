// Payment codes in Node: the shared vectors, a WebCrypto-signed wallet code, wallet state and errors.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as crosspay from "crosspay";
import { vectorDoc } from "./vector-files.mjs";
import { runAsyncStoreChecks, runPaycodeVectors, runWebCryptoWallet } from "./paycode-checks.js";

const v = vectorDoc("paycodes.json");

for (const r of runPaycodeVectors(crosspay, v)) {
  test(`paycode ${r.name}`, () => assert.ok(r.ok, r.detail));
}

test("a wallet code signed by a non-extractable WebCrypto key", async () => {
  const r = await runWebCryptoWallet(crosspay, v, globalThis.crypto.subtle);
  assert.ok(r.ok, r.detail);
});

test("wallet state survives a restart and counters never repeat", () => {
  const hex = (h) => Uint8Array.from(h.match(/../g).map((b) => parseInt(b, 16)));
  const cert = v.certificates.find((c) => c.name === "transit").certificate;
  const device = crosspay.PrivateKey.fromRaw(hex(v.keys["device-1"]));
  const wallet = new crosspay.Wallet(cert);
  const a = wallet.generate(device, { at: "2026-11-22T08:00:00Z" });
  const b = wallet.generate(device, { at: "2026-11-22T08:00:01Z", container: "cpm" });
  assert.deepEqual([a.counter, b.counter, b.container], [1, 2, "cpm"]);
  const resumed = new crosspay.Wallet(cert, wallet.exportState());
  assert.equal(resumed.generate(device, { at: "2026-11-22T08:00:02Z" }).counter, 3);
  assert.throws(() => wallet.generate(device, { at: "2026-11-22T08:00:00Z", amount: "200.01", currency: "HKD" }), (e) => e.code === "invalid_paycode");
  assert.throws(() => new crosspay.Wallet("not a certificate"), (e) => e.name === "CrosspayError" && e.code === "invalid_certificate");
  assert.throws(() => crosspay.TrustList.verify(v.trust_list.jws, device.publicKey()), (e) => e.code === "invalid_trust_list");
  assert.equal(crosspay.describeCertificate(cert).alias, "a1b2c3d4e5f60718");
  assert.equal(crosspay.qrVersion(a.payload), a.qr_version);
});

for (const r of await runAsyncStoreChecks(crosspay, v)) {
  test(`paycode ${r.name}`, () => assert.ok(r.ok, r.detail));
}
