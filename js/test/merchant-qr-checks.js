// tests/vectors/merchant_qr.json against the npm package: plain ESM for Node and Chromium.
import { same } from "./same.js";

const set = (list) => [...new Set(list.map((i) => (typeof i === "string" ? i : i.code)))].sort();

/** One result per case: { name, ok, detail }. */
export function runMerchantQrVectors(api, doc) {
  return doc.cases.map((c) => {
    const lenient = api.decodeMerchantQr(c.payload);
    const strict = api.decodeMerchantQr(c.payload, true);
    const got = {
      valid: lenient.valid, schemes: lenient.schemes, warnings: set(lenient.warnings), errors: set(lenient.errors),
      strict_valid: strict.valid, strict_errors: set(strict.errors),
    };
    const want = {
      valid: c.lenient.valid, schemes: c.lenient.schemes, warnings: set(c.lenient.warnings), errors: set(c.lenient.errors),
      strict_valid: c.strict.valid, strict_errors: set(c.strict.errors),
    };
    const problems = [];
    if (!same(got, want)) problems.push(`got ${JSON.stringify(got)} want ${JSON.stringify(want)}`);
    for (const [k, v] of Object.entries(c.fields ?? {})) {
      if (!same(lenient[k], v)) problems.push(`field ${k}: ${JSON.stringify(lenient[k])}`);
    }
    if (c.format && lenient.format !== c.format) problems.push(`format ${lenient.format}`);
    if (lenient.valid && lenient.format === "emv") {
      const again = api.encodeMerchantQr(lenient);
      const want = c.payload.slice(0, -4) + c.payload.slice(-4).toUpperCase();
      if (again !== want) problems.push(`re-encoded as ${again}`);
    }
    return { name: c.name, ok: problems.length === 0, detail: problems.join("; ") };
  });
}
