// Compiled with tsc --noEmit --strict against the installed package: `crosspay/wallet` declares
// the wallet's API, and only that.
import { convert, decodeMerchantQr, initAsync, merchantQrPaymentAtRate, PrivateKey, PublicKey, Wallet } from "crosspay/wallet";
import type { Conversion, CrosspayError, GeneratedCode, MerchantQr } from "crosspay/wallet";
import * as wallet from "crosspay/wallet";

async function main(): Promise<void> {
  await initAsync();
  const c: Conversion = convert("100.00", "CNY", "HKD", "1.0962", "half-even");
  const qr: MerchantQr = decodeMerchantQr("000201");
  const due: Conversion = merchantQrPaymentAtRate("000201", "CNY", "1.0962", { rounding: "half-up" });
  const key = PrivateKey.fromJwk(PrivateKey.fromEntropy(new Uint8Array(32)).toJwk());
  const pub: PublicKey = PublicKey.fromJwk(key.publicKey().toJwk());
  const code: GeneratedCode = new Wallet("certificate").generate(key, { at: "2026-11-22T08:30:00Z" });
  try {
    convert("1e3", "CNY", "HKD", "1", "half-up");
  } catch (e) {
    console.log((e as CrosspayError).code);
  }
  // @ts-expect-error: the issuer is not in the wallet entry
  wallet.issueCertificate;
  // @ts-expect-error: nor are DER keys
  key.toPkcs8Der();
  // @ts-expect-error: nor is drawing
  wallet.drawQrMatrix;
  console.log(c.target.amount, qr.valid, due.source.amount, pub.kid, code.payload);
}
void main();
