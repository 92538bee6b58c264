// Run by node-versions.test.mjs under each pinned Node (18, 20.19, 22.12, 24, 26): imports both
// entries of the installed package as an ES module and runs every shared vector file through
// them, then prints one JSON line: the Node version, whether the entry was ready on import, and
// per check list its count and failures. Plain ESM with only `node:` imports every version has.
// Usage: node test/node-versions-run.mjs   (CROSSPAY_VECTORS names tests/vectors)
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { webcrypto } from "node:crypto";
import * as full from "crosspay";
import * as wallet from "crosspay/wallet";
import { runCardVectors, runPrepaidVectors } from "./card-checks.js";
import { runKeyChecks } from "./keys-checks.js";
import { runMerchantQrVectors } from "./merchant-qr-checks.js";
import { runConvertVectors, runMoneyVectors } from "./money-checks.js";
import { runAsyncStoreChecks, runPaycodeVectors, runWalletCodeVectors, runWebCryptoWallet } from "./paycode-checks.js";
import { runRenderVectors } from "./render-checks.js";

const doc = (name) => JSON.parse(readFileSync(join(process.env.CROSSPAY_VECTORS, name), "utf8"));

// Ready on import where Node has process.getBuiltinModule (20.16, 22.3 and later); before that,
// initAsync() reads the module. A call before it must say so with not_initialized.
const probe = (api) => {
  try {
    api.normalizeAmount("1", "HKD");
    return "ready";
  } catch (e) {
    return e && e.name === "CrosspayError" ? e.code : `threw ${e}`;
  }
};
const onImport = { full: probe(full), wallet: probe(wallet) };
await Promise.all([full.initAsync(), wallet.initAsync()]);

// WebCrypto for the interop checks: global from Node 19 (and 18 with a flag); node:crypto's
// everywhere. The keys' own randomness is the package's business: generate() must work here.
const subtle = (globalThis.crypto ?? webcrypto).subtle;
const entropy = (n) => webcrypto.getRandomValues(new Uint8Array(n));
const paycodes = doc("paycodes.json");
// Each list is a function, so that one which throws is reported as a failure, not a crash.
const lists = {
  "convert.json": () => runConvertVectors(full, doc("convert.json")),
  "money.json": () => runMoneyVectors(full, doc("money.json")),
  "merchant_qr.json": () => runMerchantQrVectors(full, doc("merchant_qr.json")),
  "cards.json": () => runCardVectors(full, doc("cards.json")),
  "prepaid.json": () => runPrepaidVectors(full, doc("prepaid.json")),
  "render.json": () => runRenderVectors(full, doc("render.json")),
  "keys.json": () => runKeyChecks(full, doc("keys.json"), { subtle, entropy }),
  "paycodes.json": () => runPaycodeVectors(full, paycodes),
  "paycodes.json, async store": () => runAsyncStoreChecks(full, paycodes),
  "paycodes.json, WebCrypto signer": async () => [await runWebCryptoWallet(full, paycodes, subtle)],
  "wallet: convert.json": () => runConvertVectors(wallet, doc("convert.json")),
  "wallet: money.json": () => runMoneyVectors(wallet, doc("money.json")),
  "wallet: merchant_qr.json": () => runMerchantQrVectors({ ...wallet, encodeMerchantQr: full.encodeMerchantQr }, doc("merchant_qr.json")),
  "wallet: paycodes.json": () => runWalletCodeVectors(wallet, paycodes),
  "wallet: keys.json": () => runKeyChecks(wallet, doc("keys.json"), { subtle, entropy }),
  // The packages' own randomness, used by the lists above only through PrivateKey.generate().
  "randomBytesAsync and generateKeyAsync": async () => {
    const bytes = await full.randomBytesAsync(32);
    const key = await wallet.generateKeyAsync();
    return [{ name: "32 random bytes and a key", ok: bytes.length === 32 && key.publicKey().kid.length === 11 }];
  },
};
const report = { node: process.versions.node, onImport, lists: {} };
for (const [name, list] of Object.entries(lists)) {
  let results;
  try {
    results = await list();
  } catch (e) {
    results = [{ name: "the list ran to its end", ok: false, detail: `${e?.name}: ${e?.code ?? ""} ${e?.message ?? e}` }];
  }
  const failures = results.filter((r) => !r.ok).map((r) => ({ name: r.name, detail: r.detail ?? { got: r.got, want: r.want } }));
  report.lists[name] = { count: results.length, failures };
}
console.log(JSON.stringify(report));
