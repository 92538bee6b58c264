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
  // Each successful price list again, its amounts as a BigInt64Array of minor units: the same
  // sources, targets and rates, in units, and the lists are BigInt64Arrays.
  for (const c of doc.price_lists.filter((c) => "expected" in c)) {
    const { amounts, from, to } = c.input;
    const got = outcome(() => {
      const units = BigInt64Array.from(amounts, (a) => api.toMinorUnits(a, c.options.reverse ? to : from));
      const list = c.sheet
        ? api.RateSheet.fromUnsignedJson(JSON.stringify(doc.sheets[c.sheet])).convertManyMinorUnits(units, from, to, c.at, c.options)
        : api.convertManyMinorUnits(units, from, to, c.rate, c.options);
      const lists = [list.sources, list.targets, list.requested ?? new BigInt64Array(0)];
      if (!lists.every((l) => l instanceof BigInt64Array)) throw new Error("the minor-unit lists are not BigInt64Arrays");
      const texts = (xs, currency) => Array.from(xs, (x) => api.fromMinorUnits(x, currency));
      const view = { sources: texts(list.sources, from), targets: texts(list.targets, to), rate: list.rate, effective_rate: list.effective_rate };
      if (list.requested !== undefined) view.requested = texts(list.requested, to);
      return view;
    });
    const e = c.expected;
    const want = { sources: e.sources, targets: e.targets, rate: e.rate, effective_rate: e.effective_rate };
    if (e.requested !== undefined) want.requested = e.requested;
    out.push(result(`price list in minor units ${c.name}`, got, { expected: want }));
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
