// The wallet entry, `crosspay/wallet` (bindings/wasm without default features), installed from
// the packed package: exactly the wallet's API, every shared vector of what it does, byte for
// byte the full package's results, and codes the full package's verifier accepts.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as wallet from "crosspay/wallet";
import * as full from "crosspay";
import { vectorDoc } from "./vector-files.mjs";
import { runConvertVectors, runMoneyVectors } from "./money-checks.js";
import { runMerchantQrVectors } from "./merchant-qr-checks.js";
import { runWalletCodeVectors, runWebCryptoWallet } from "./paycode-checks.js";
import { runKeyChecks } from "./keys-checks.js";

// Money, merchant-QR decoding and "what will I pay", wallet codes (QR and numeric, with two-step
// signing), raw and JWK keys, host signers, and the host helpers. Nothing of the issuer
// (certificates, trust-list and rate-sheet signing), the verifier, merchant encoding, cards,
// drawing or DER/PEM keys: those are the full package's.
const WALLET_API = [
  "NumericSeed", "PreparedCode", "PrivateKey", "PublicKey", "RateSheet", "Wallet",
  "allocate", "convert", "convertAtRate", "convertMany", "convertManyMinorUnits", "convertSignature", "currencyInfo",
  "decodeMerchantQr", "describeCertificate", "errorCodes", "fromMinorUnits", "generateKeyAsync",
  "initAsync", "initSync", "isCrosspayError", "merchantQrPaymentAtRate", "normalizeAmount",
  "qrVersion", "randomBytesAsync", "signWithSigner", "toMinorUnits", "version",
].sort();

const hex = (h) => Uint8Array.from(h.match(/../g).map((b) => parseInt(b, 16)));
const methods = (cls) => Object.getOwnPropertyNames(cls.prototype).filter((n) => n !== "constructor" && !n.startsWith("__")).sort();

test("the wallet entry exports the wallet's API, all of it also in the full package", () => {
  assert.deepEqual(Object.keys(wallet).sort(), WALLET_API);
  for (const name of WALLET_API) assert.equal(typeof full[name], typeof wallet[name], name);
  for (const name of ["issueCertificate", "signTrustList", "signRateSheet", "verifyRateSheet", "TrustList", "Verifier", "AsyncVerifier", "NumericVerifier", "encodeMerchantQr", "checkCard", "qrMatrix", "drawQrMatrix"]) {
    assert.ok(name in full && !(name in wallet), name);
  }
});

test("its key classes hold raw and JWK forms, not DER or PEM", () => {
  assert.deepEqual(methods(wallet.PrivateKey), ["free", "publicKey", "sign", "toJwk", "toRaw"]);
  assert.deepEqual(methods(wallet.PublicKey), ["free", "kid", "toJwk", "toSec1", "verify"]);
  for (const cls of ["PrivateKey", "PublicKey", "Wallet", "PreparedCode", "NumericSeed", "RateSheet"]) {
    const mine = methods(wallet[cls]);
    assert.deepEqual(mine.filter((n) => !methods(full[cls]).includes(n)), [], `${cls} has nothing the full package lacks`);
  }
});

for (const r of runConvertVectors(wallet, vectorDoc("convert.json"))) {
  test(`wallet convert vector ${r.name}`, () => assert.deepEqual(r.got, r.want));
}
for (const r of runMoneyVectors(wallet, vectorDoc("money.json"))) {
  test(`wallet money vector ${r.name}`, () => assert.deepEqual(r.got, r.want));
}

// Decoding is the wallet's; the re-encoding half of each case is the merchant's (full package).
for (const r of runMerchantQrVectors({ ...wallet, encodeMerchantQr: full.encodeMerchantQr }, vectorDoc("merchant_qr.json"))) {
  test(`wallet merchant QR vector ${r.name}`, () => assert.ok(r.ok, r.detail));
}

const v = vectorDoc("paycodes.json");
for (const r of runWalletCodeVectors(wallet, v)) {
  test(`wallet ${r.name}`, () => assert.ok(r.ok, r.detail));
}

test("a code the wallet entry makes with a WebCrypto key verifies in the full package's verifier", async () => {
  const r = await runWebCryptoWallet(wallet, v, globalThis.crypto.subtle, full);
  assert.ok(r.ok, r.detail);
});

const keyResults = await runKeyChecks(wallet, vectorDoc("keys.json"));
test("the wallet's key checks ran", () => assert.ok(keyResults.length >= 20, `${keyResults.length}`));
for (const r of keyResults) {
  test(`wallet keys: ${r.name}`, () => assert.ok(r.ok, r.detail));
}

test("the two entries are separate modules: a handle from one is refused by the other", () => {
  const cert = v.certificates.find((c) => c.name === "transit").certificate;
  const key = wallet.PrivateKey.fromRaw(hex(v.keys["device-1"]));
  assert.throws(() => new full.Wallet(cert).generate(key, { at: "2026-11-22T08:00:00Z" }), (e) => e.name === "CrosspayError" && e.code === "invalid_argument");
  const own = new wallet.Wallet(cert).generate(key, { at: "2026-11-22T08:00:00Z" });
  const same = new full.Wallet(cert).generate(full.PrivateKey.fromRaw(hex(v.keys["device-1"])), { at: "2026-11-22T08:00:00Z" });
  assert.deepEqual(own, same);
});

test("a wrong JS type is an invalid_argument error in the wallet entry too", () => {
  assert.throws(() => wallet.convert(100, "CNY", "HKD", "1", "half-even"), (e) => e.code === "invalid_argument");
  assert.throws(() => wallet.PrivateKey.fromRaw("01".repeat(32)), (e) => e.code === "invalid_argument");
  assert.throws(() => wallet.fromMinorUnits(5, "HKD"), (e) => e.code === "invalid_argument");
});

// The host scripts are minified with their own names shortened (scripts/build.mjs): each class
// still has the name the API gives it, in a message about a wrong argument and for console.log.
test("both entries' classes keep their API names, in messages and for console.log", async () => {
  const { inspect } = await import("node:util");
  for (const entry of [full, wallet]) {
    const classes = Object.entries(entry).filter(([, value]) => typeof value === "function" && /^class\b/.test(Function.prototype.toString.call(value)));
    assert.ok(classes.length >= 6, classes.map(([name]) => name).join(", "));
    for (const [name, value] of classes) assert.equal(value.name, name);
    const key = entry.PrivateKey.fromRaw(new Uint8Array(32).fill(7));
    assert.match(inspect(key), /^PrivateKey \{/);
    const w = new entry.Wallet(v.certificates.find((c) => c.name === "transit").certificate);
    assert.throws(() => w.generate({}, { at: "2026-11-22T08:00:00Z" }), (e) => e.code === "invalid_argument" && /expected a PrivateKey, got object/.test(e.message));
  }
});
