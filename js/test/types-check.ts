// Compiled with tsc --noEmit --strict against the installed package: the declarations must
// describe the API as users call it.
import { decodeMerchantQr, encodeMerchantQr, merchantQrPaymentAtRate } from "crosspay";
import type { MerchantQr } from "crosspay";
import { issueCertificate, NumericSeed, NumericVerifier, TrustList, Verifier, verifyRateSheet, Wallet } from "crosspay";
import type { CertificateInfo, GeneratedCode, RefusalReason, Verification } from "crosspay";
import { allocate, convert, convertAtRate, currencyInfo, errorCodes, initAsync, PrivateKey, PublicKey, RateSheet, signWithSigner, toMinorUnits, version } from "crosspay";
import type { Conversion, ConvertOptions, CrosspayError, CrosspayErrorCode, CurrencyInfo, Money, RoundingMode } from "crosspay";

async function main(): Promise<void> {
  await initAsync();
  const mode: RoundingMode = "half-even";
  const c: Conversion = convert("100.00", "CNY", "HKD", "1.0962", mode);
  const target: Money = c.target;
  const amount: string = target.amount;
  const info: CurrencyInfo = currencyInfo("JPY");
  const units: number = info.minor_units;
  const codes: string[] = errorCodes();
  const v: string = version();
  try {
    convert("1e3", "CNY", "HKD", "1", "half-up");
  } catch (e) {
    const err = e as CrosspayError;
    const code: CrosspayErrorCode = err.code;
    console.log(code, err.message);
  }
  // @ts-expect-error: rounding modes are a closed set
  convert("1.00", "CNY", "HKD", "1", "bankers");
  // @ts-expect-error: amounts are strings, never numbers
  convert(1.0, "CNY", "HKD", "1", "half-up");
  const options: ConvertOptions = { rounding: "half-up", markup_bps: 50, reverse: true };
  const r: Conversion = convertAtRate("100.00", "HKD", "CNY", "0.9123", options);
  const sheet: RateSheet = RateSheet.fromUnsignedJson("{}");
  const viaSheet: Conversion = sheet.convert("1.00", "HKD", "CNY", "2026-11-20T08:15:00Z", { rounding: "floor", side: "buy" });
  const parts: string[] = allocate("100.00", "HKD", ["1", "1", "1"]);
  const cents: bigint = toMinorUnits("109.62", "HKD");
  const expired: CrosspayErrorCode = "quote_expired";
  // @ts-expect-error: options need a rounding
  convertAtRate("1.00", "HKD", "CNY", "1", { markup_bps: 5 });
  const key: PrivateKey = PrivateKey.fromEntropy(new Uint8Array(32));
  const pub: PublicKey = key.publicKey();
  const sig: Uint8Array = key.sign(new Uint8Array([1, 2, 3]), "der");
  const verdict = pub.verify(new Uint8Array([1, 2, 3]), sig, "der");
  const why: "malformed_signature" | "out_of_range" | "high_s" | "mismatch" | undefined = verdict.reason;
  const hw: Uint8Array = await signWithSigner({ sign: async (m: Uint8Array) => key.sign(m) }, pub, new Uint8Array([1]));
  // @ts-expect-error: a signer needs a sign function
  await signWithSigner({}, pub, new Uint8Array([1]));
  const qr: MerchantQr = decodeMerchantQr("000201", true);
  const firstIssue: string | undefined = qr.errors[0]?.code;
  const payload: string = encodeMerchantQr({ merchant_name: "X", currency: "344" });
  const due: Conversion = merchantQrPaymentAtRate(payload, "CNY", "1.0962", { rounding: "half-up" });
  console.log(qr.valid, qr.schemes.join(), firstIssue, due.source.amount);
  console.log(verdict.valid, why, hw.length, pub.kid);
  const cert: CertificateInfo = issueCertificate(key, pub, { not_before: "2026-11-01T00:00:00Z", not_after: "2027-01-01T00:00:00Z", scope: ["transit"] });
  const wallet = new Wallet(cert.certificate);
  const code: GeneratedCode = wallet.generate(key, { at: "2026-11-22T08:30:00Z", container: "cpm" });
  const prepared = wallet.prepare({ at: "2026-11-22T08:30:01Z", amount: "1.00", currency: "HKD" });
  const msg: Uint8Array = prepared.message;
  // @ts-expect-error: containers are compact or cpm
  wallet.generate(key, { at: "2026-11-22T08:30:00Z", container: "qr" });
  const trust = TrustList.verify("a.b.c", pub);
  const verdictCode: Verification = new Verifier(trust, { terminal_currency: "HKD", max_age_seconds: 60 }).verify(code.payload, "2026-11-22T08:30:00Z");
  const reason: RefusalReason | undefined = verdictCode.reason ?? undefined;
  const n: string = NumericSeed.generate(1).code("88", "2026-11-22T08:30:00Z");
  const nv: boolean = new NumericVerifier([NumericSeed.generate(1).toJson()]).verify(n, "2026-11-22T08:30:00Z").accepted;
  const trusted: RateSheet = verifyRateSheet("a.b.c", trust, "2026-11-22T08:30:00Z");
  console.log(code.qr_version, msg.length, reason, nv, trusted.source);
  console.log(amount, units, codes, v, r.effective_rate, r.chain.length, viaSheet.provenance?.source, parts, cents, expired);
}
void main();
