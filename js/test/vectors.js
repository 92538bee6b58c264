// Runs tests/vectors/convert.json against a crosspay API object. Plain ESM with no Node
// imports, so the same file runs in Node and in the browser page.

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

// Compares plain JSON values exactly (key order does not matter).
function same(a, b) {
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b)) return false;
  if (a === null || typeof a !== "object") return a === b;
  const ka = Object.keys(a).sort();
  const kb = Object.keys(b).sort();
  return same(ka.join("\u0000"), kb.join("\u0000")) && ka.every((k) => same(a[k], b[k]));
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
