// tests/vectors/paycodes.json against the npm package: plain ESM for Node and Chromium.
// Re-signs the trust list, re-issues certificates, regenerates every wallet code byte for byte,
// runs every verifier scenario and numeric/rate-sheet case, and signs a code with WebCrypto
// (a non-extractable key, two-step signing) when `subtle` is given.

const hex = (h) => Uint8Array.from(h.match(/../g).map((b) => parseInt(b, 16)));
// Plain JSON values compared exactly, key order aside (undefined and null are both "absent").
function same(a, b) {
  if (a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b)) return false;
  if (a === null || typeof a !== "object") return a === b;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return keys.every((k) => same(a[k], b[k]));
}

function check(name, fn) {
  try {
    const problem = fn();
    return { name, ok: !problem, detail: problem || "" };
  } catch (e) {
    return { name, ok: false, detail: `${e.code ?? ""} ${e.message}` };
  }
}

/** One result per check: { name, ok, detail }. */
export function runPaycodeVectors(api, v) {
  const key = (name) => api.PrivateKey.fromRaw(hex(v.keys[name]));
  const root = key("root");
  const trust = api.TrustList.verify(v.trust_list.jws, root.publicKey());
  const certOf = (name) => v.certificates.find((c) => c.name === name).certificate;
  const results = [];
  results.push(check("trust list re-signed byte for byte", () =>
    api.signTrustList(root, JSON.stringify(v.trust_list.document)) === v.trust_list.jws ? "" : "different JWS"));
  for (const c of v.certificates) {
    results.push(check(`certificate ${c.name}`, () => {
      const info = api.issueCertificate(key(c.issuer), key(c.device).publicKey(), c.spec);
      return same(info, c.info) ? "" : `got ${JSON.stringify(info)}`;
    }));
  }
  for (const c of v.codes) {
    results.push(check(`code ${c.name}`, () => {
      const wallet = new api.Wallet(certOf(c.certificate), c.state);
      const got = wallet.generate(key(c.device), c.request);
      return same(got, c.expected) ? "" : `got ${JSON.stringify(got)}`;
    }));
  }
  for (const s of v.scenarios) {
    const verifier = new api.Verifier(trust, s.options);
    for (const step of s.steps) {
      results.push(check(`${s.name}: ${step.code}`, () => {
        const got = verifier.verify(step.payload, step.at);
        return got.accepted === step.accepted && same(got.reason, step.reason) ? "" : `got ${got.reason}: ${got.detail}`;
      }));
    }
  }
  const seed = api.NumericSeed.fromJson(JSON.stringify(v.numeric.seed));
  for (const c of v.numeric.codes) {
    results.push(check(`numeric ${c.prefix} at ${c.at}`, () => (seed.code(c.prefix, c.at) === c.code ? "" : "different code")));
  }
  const numeric = new api.NumericVerifier([JSON.stringify(v.numeric.seed)]);
  for (const step of v.numeric.scenario) {
    results.push(check(`numeric verify ${step.payload} at ${step.at}`, () => {
      const got = numeric.verify(step.payload, step.at);
      return got.accepted === step.accepted && same(got.reason, step.reason) ? "" : `got ${got.reason}`;
    }));
  }
  results.push(check("rate sheet re-signed", () =>
    api.signRateSheet(key(v.rate_sheets.signer), v.rate_sheets.sheet) === v.rate_sheets.signed ? "" : "different JWS"));
  for (const c of v.rate_sheets.cases) {
    results.push(check(`rate sheet ${c.name}`, () => {
      try {
        api.verifyRateSheet(c.signed, trust, c.at);
        return c.error === null ? "" : `accepted, want ${c.error}`;
      } catch (e) {
        return e.code === c.error ? "" : `threw ${e.code}: ${e.message}`;
      }
    }));
  }
  return results;
}

/** A wallet code signed by a non-extractable WebCrypto key (prepare, sign, finish), verified. */
export async function runWebCryptoWallet(api, v, subtle) {
  const pair = await subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign"]);
  const spki = new Uint8Array(await subtle.exportKey("spki", pair.publicKey));
  const issuer = api.PrivateKey.fromRaw(hex(v.keys["issuer-2026"]));
  const info = api.issueCertificate(issuer, api.PublicKey.fromSpkiDer(spki), {
    not_before: "2026-11-01T00:00:00Z", not_after: "2026-12-31T23:59:59Z", scope: ["transit"],
    limits: [{ currency: "HKD", amount: "200.00" }],
  });
  const wallet = new api.Wallet(info.certificate);
  const prepared = wallet.prepare({ at: "2026-11-22T08:30:00Z", amount: "23.50", currency: "HKD" });
  const sig = new Uint8Array(await subtle.sign({ name: "ECDSA", hash: "SHA-256" }, pair.privateKey, prepared.message));
  const code = prepared.finish(sig);
  const trust = api.TrustList.verify(v.trust_list.jws, api.PrivateKey.fromRaw(hex(v.keys.root)).publicKey());
  const verifier = new api.Verifier(trust, { terminal_currency: "HKD" });
  const first = verifier.verify(code.payload, "2026-11-22T08:30:03Z");
  const again = verifier.verify(code.payload, "2026-11-22T08:30:04Z");
  const ok = first.accepted && first.amount === "23.50" && again.reason === "replay" && code.qr_version <= 10 && JSON.parse(code.state).counter === 1;
  return { name: "WebCrypto-signed wallet code verifies once", ok, detail: JSON.stringify({ first, again, code }) };
}
