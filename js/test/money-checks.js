// Runs tests/vectors/convert.json and money.json against a crosspay API object. Plain ESM with
// no Node imports, so the same file runs in Node and in the browser page.
import { same } from "./same.js";

function receipt(c) {
  return {
    source: { amount: c.source.amount, currency: c.source.currency },
    target: { amount: c.target.amount, currency: c.target.currency },
    rate: c.rate,
    rounding: c.rounding,
    unrounded: c.unrounded,
    residue: c.residue,
  };
}

/** Returns one result per case: { name, ok, got, want }. */
export function runConvertVectors(api, doc) {
  return doc.cases.map((c) => {
    const i = c.input;
    let got;
    try {
      got = { expected: receipt(api.convert(i.amount, i.from, i.to, i.rate, i.rounding)) };
    } catch (e) {
      got = e && e.name === "CrosspayError" ? { error: e.code } : { thrown: String(e) };
    }
    const want = "expected" in c ? { expected: c.expected } : { error: c.error };
    return { name: c.name, ok: same(got, want), got, want };
  });
}

// Absent optional values arrive as undefined from WebAssembly; the vectors write them as null.
function plain(value) {
  return JSON.parse(JSON.stringify(value, (_, v) => (v === undefined ? null : typeof v === "bigint" ? Number(v) : v)));
}

function outcome(run) {
  try {
    return { expected: plain(run()) };
  } catch (e) {
    return e && e.name === "CrosspayError" ? { error: e.code } : { thrown: String(e) };
  }
}

function result(name, got, c) {
  const want = "expected" in c ? { expected: c.expected } : { error: c.error };
  return { name, ok: same(got, want), got, want };
}

/** Runs every section of tests/vectors/money.json; one result per case. */
export function runMoneyVectors(api, doc) {
  const out = [];
  for (const c of doc.conversions) {
    const { amount, from, to } = c.input;
    const got = outcome(() =>
      c.sheet
        ? api.RateSheet.fromUnsignedJson(JSON.stringify(doc.sheets[c.sheet])).convert(amount, from, to, c.at, c.options)
        : api.convertAtRate(amount, from, to, c.rate, c.options),
    );
    out.push(result(`conversion ${c.name}`, got, c));
  }
  for (const c of doc.price_lists) {
    const { amounts, from, to } = c.input;
    const got = outcome(() =>
      c.sheet
        ? api.RateSheet.fromUnsignedJson(JSON.stringify(doc.sheets[c.sheet])).convertMany(amounts, from, to, c.at, c.options)
        : api.convertMany(amounts, from, to, c.rate, c.options),
    );
    out.push(result(`price list ${c.name}`, got, c));
  }
  for (const c of doc.allocations) {
    out.push(result(`allocation ${c.name}`, outcome(() => api.allocate(c.amount, c.currency, c.ratios)), c));
  }
  for (const c of doc.minor_units) {
    const got = outcome(() => [api.toMinorUnits(c.amount, c.currency), api.fromMinorUnits(BigInt(c.units), c.currency)]);
    out.push(result(`minor units ${c.amount} ${c.currency}`, got, { expected: [c.units, c.amount] }));
  }
  for (const c of doc.sheet_errors) {
    const text = c.sheet_text ?? JSON.stringify(c.sheet);
    out.push(result(`sheet error ${c.name}`, outcome(() => (api.RateSheet.fromUnsignedJson(text), "parsed")), c));
  }
  return out;
}
