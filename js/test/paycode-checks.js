// tests/vectors/paycodes.json against the npm package: plain ESM for Node and Chromium.
// Re-signs the trust list, re-issues certificates, regenerates every wallet code byte for byte,
// runs every verifier scenario and numeric/rate-sheet case, and signs a code with WebCrypto
// (a non-extractable key, two-step signing) when `subtle` is given.

import { same } from "./same.js";

const hex = (h) => Uint8Array.from(h.match(/../g).map((b) => parseInt(b, 16)));
function check(name, fn) {
  try {
    const problem = fn();
    return { name, ok: !problem, detail: problem || "" };
  } catch (e) {
    return { name, ok: false, detail: `${e.code ?? ""} ${e.message}` };
  }
}

/**
 * What a wallet makes, byte for byte: every QR code and numeric code of the vectors (the wallet
 * entry `crosspay/wallet` has exactly this part of the API). One result per check.
 */
export function runWalletCodeVectors(api, v) {
  const key = (name) => api.PrivateKey.fromRaw(hex(v.keys[name]));
  const certOf = (name) => v.certificates.find((c) => c.name === name).certificate;
  const results = [];
  for (const c of v.codes) {
    results.push(check(`code ${c.name}`, () => {
      const wallet = new api.Wallet(certOf(c.certificate), c.state);
      const got = wallet.generate(key(c.device), c.request);
      return same(got, c.expected) ? "" : `got ${JSON.stringify(got)}`;
    }));
  }
  const seed = api.NumericSeed.fromJson(JSON.stringify(v.numeric.seed));
  for (const c of v.numeric.codes) {
    results.push(check(`numeric ${c.prefix} at ${c.at}`, () => (seed.code(c.prefix, c.at) === c.code ? "" : "different code")));
  }
  return results;
}

/**
 * One result per check: { name, ok, detail }. `host.der: false` leaves out the one check of a
 * text key encoding (PublicKey.parse: the mini-program's pure-JS fallback has no DER/PEM keys).
 */
export function runPaycodeVectors(api, v, host = {}) {
  const key = (name) => api.PrivateKey.fromRaw(hex(v.keys[name]));
  const root = key("root");
  const trust = api.TrustList.verify(v.trust_list.jws, root.publicKey());
  const results = [];
  results.push(check("trust list re-signed byte for byte", () =>
    api.signTrustList(root, JSON.stringify(v.trust_list.document)) === v.trust_list.jws ? "" : "different JWS"));
  for (const c of v.certificates) {
    results.push(check(`certificate ${c.name}`, () => {
      const info = api.issueCertificate(key(c.issuer), key(c.device).publicKey(), c.spec);
      return same(info, c.info) ? "" : `got ${JSON.stringify(info)}`;
    }));
  }
  results.push(...runWalletCodeVectors(api, v));
  for (const s of v.scenarios) {
    const verifier = new api.Verifier(trust, s.options);
    for (const step of s.steps) {
      results.push(check(`${s.name}: ${step.code}`, () => {
        const got = verifier.verify(step.payload, step.at);
        return got.accepted === step.accepted && same(got.reason, step.reason) ? "" : `got ${got.reason}: ${got.detail}`;
      }));
    }
  }
  // The same scenarios through a replay store written in JS, and a store that fails.
  for (const s of v.scenarios) {
    const verifier = api.Verifier.withReplayStore(trust, s.options, new MapReplayStore());
    for (const step of s.steps) {
      results.push(check(`host store ${s.name}: ${step.code}`, () => {
        const got = verifier.verify(step.payload, step.at);
        return got.accepted === step.accepted && same(got.reason, step.reason) ? "" : `got ${got.reason}: ${got.detail}`;
      }));
    }
  }
  results.push(check("a JS store that throws, answers nonsense or answers later refuses the code", () => {
    const gate = v.scenarios[0];
    const broken = [
      { claim() { throw new Error("quota exceeded"); }, acceptTrustSequence: (n) => n },
      { claim: () => ({ outcome: "maybe" }), acceptTrustSequence: (n) => n },
      { claim: () => Promise.resolve({ outcome: "accepted" }), acceptTrustSequence: (n) => n },
    ];
    const reasons = broken.map((store) => api.Verifier.withReplayStore(trust, gate.options, store).verify(gate.steps[0].payload, gate.steps[0].at).reason);
    return reasons.every((r) => r === "replay_store_failed") ? "" : reasons.join(",");
  }));
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
  results.push(...hardeningChecks(api, v, key, trust, host));
  return results;
}

/** What the security review found (issue 10), as seen from JS. */
function hardeningChecks(api, v, key, trust, host) {
  const results = [];
  const throwsCode = (fn, code) => {
    try {
      fn();
      return `did not throw ${code}`;
    } catch (e) {
      return e.code === code ? "" : `threw ${e.code ?? e.name}: ${e.message}`;
    }
  };
  const previous = api.TrustList.verify(v.trust_list.previous.jws, key("root").publicKey());
  results.push(check("an older trust list is refused after a newer one", () => {
    const verifier = new api.Verifier(trust);
    const problem = throwsCode(() => verifier.updateTrustList(previous), "trust_list_rollback");
    return problem || (verifier.trustListSequence === 7n ? "" : `now on ${verifier.trustListSequence}`);
  }));
  results.push(check("a minimum trust-list sequence refuses an older list", () =>
    throwsCode(() => new api.Verifier(previous, { min_trust_list_sequence: 7 }), "trust_list_rollback")));
  results.push(check("the trust list says when it was issued", () => (trust.issuedAt === "2026-11-20T00:00:00Z" ? "" : trust.issuedAt)));
  results.push(check("an out-of-range time is invalid_time, and the module keeps working", () => {
    const verifier = new api.Verifier(trust);
    const payload = v.codes[0].expected.payload;
    const problem = throwsCode(() => verifier.verify(payload, "9999-12-31T23:59:59-01:00"), "invalid_time")
      || throwsCode(() => api.NumericSeed.fromJson(JSON.stringify(v.numeric.seed)).code("88", "9999-12-31T23:59:59-01:00"), "invalid_time");
    return problem || (verifier.verify(payload, "2026-11-22T08:30:01Z").accepted ? "" : "a good call failed afterwards");
  }));
  results.push(check("a numeric code moved to another prefix matches no seed", () => {
    const seed = api.NumericSeed.fromJson(JSON.stringify(v.numeric.seed));
    const genuine = seed.code("88", "2026-11-22T08:30:00Z");
    const body = "31" + genuine.slice(2, 17);
    const luhn = (d) => {
      let sum = 0;
      [...d].reverse().forEach((c, i) => {
        const n = Number(c) * (i % 2 === 0 ? 2 : 1);
        sum += n > 9 ? n - 9 : n;
      });
      return String((10 - (sum % 10)) % 10);
    };
    const got = new api.NumericVerifier([JSON.stringify(v.numeric.seed)]).verify(body + luhn(body), "2026-11-22T08:30:00Z");
    return got.reason === "no_match" ? "" : `got ${got.reason}`;
  }));
  results.push(check("inputs over the maximum are refused at once", () => {
    const verifier = new api.Verifier(trust);
    const got = verifier.verify("CP1:" + "A".repeat(5000), "2026-11-22T08:30:00Z");
    const qr = api.decodeMerchantQr("0".repeat(5000));
    if (got.reason !== "input_too_large") return `verify: ${got.reason}`;
    if (qr.errors[0]?.code !== "input_too_large") return `merchant QR: ${JSON.stringify(qr.errors)}`;
    return throwsCode(() => api.RateSheet.fromUnsignedJson(" ".repeat((1 << 20) + 1)), "input_too_large");
  }));
  if (host.der !== false) {
    results.push(check("hex with a sign is not hex", () => {
      const sec1 = Array.from(key("device-1").publicKey().toSec1(true), (b) => b.toString(16).padStart(2, "0")).join("");
      return throwsCode(() => api.PublicKey.parse("+" + sec1.slice(1)), "invalid_key");
    }));
  }
  return results;
}

/**
 * A wallet code signed by a non-extractable WebCrypto key (prepare, sign, finish), verified.
 * `office` issues the certificate and verifies the code: the same API by default, the full
 * package when `api` is the wallet entry.
 */
export async function runWebCryptoWallet(api, v, subtle, office = api) {
  const pair = await subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign"]);
  const raw = new Uint8Array(await subtle.exportKey("raw", pair.publicKey));
  const issuer = office.PrivateKey.fromRaw(hex(v.keys["issuer-2026"]));
  const info = office.issueCertificate(issuer, office.PublicKey.fromSec1(raw), {
    not_before: "2026-11-01T00:00:00Z", not_after: "2026-12-31T23:59:59Z", scope: ["transit"],
    limits: [{ currency: "HKD", amount: "200.00" }],
  });
  const wallet = new api.Wallet(info.certificate);
  const prepared = wallet.prepare({ at: "2026-11-22T08:30:00Z", amount: "23.50", currency: "HKD" });
  const sig = new Uint8Array(await subtle.sign({ name: "ECDSA", hash: "SHA-256" }, pair.privateKey, prepared.message));
  const code = prepared.finish(sig);
  const trust = office.TrustList.verify(v.trust_list.jws, office.PrivateKey.fromRaw(hex(v.keys.root)).publicKey());
  const verifier = new office.Verifier(trust, { terminal_currency: "HKD" });
  const first = verifier.verify(code.payload, "2026-11-22T08:30:03Z");
  const again = verifier.verify(code.payload, "2026-11-22T08:30:04Z");
  const ok = first.accepted && first.amount === "23.50" && again.reason === "replay" && code.qr_version <= 10 && JSON.parse(code.state).counter === 1;
  return { name: "WebCrypto-signed wallet code verifies once", ok, detail: JSON.stringify({ first, again, code }) };
}

/**
 * The same scenarios through AsyncVerifier over a store that answers with Promises (as an
 * IndexedDB one does), a rejecting store, and two verifications started together.
 */
export async function runAsyncStoreChecks(api, v) {
  const key = (name) => api.PrivateKey.fromRaw(hex(v.keys[name]));
  const trust = api.TrustList.verify(v.trust_list.jws, key("root").publicKey());
  const later = (value) => new Promise((resolve) => setTimeout(() => resolve(value), 0));
  const asyncStore = () => {
    const inner = new MapReplayStore();
    return { claim: (c) => later(inner.claim(c)), acceptTrustSequence: (n) => later(inner.acceptTrustSequence(n)) };
  };
  const results = [];
  const push = (name, detail) => results.push({ name, ok: detail === "", detail });
  for (const s of v.scenarios) {
    const verifier = await api.AsyncVerifier.create(trust, s.options, asyncStore());
    for (const step of s.steps) {
      const got = await verifier.verify(step.payload, step.at);
      push(`async store ${s.name}: ${step.code}`, got.accepted === step.accepted && same(got.reason, step.reason) ? "" : `got ${got.reason}: ${got.detail}`);
    }
  }
  const gate = v.scenarios[0];
  const step = gate.steps[0];
  const rejecting = { claim: () => Promise.reject(new Error("the transaction aborted")), acceptTrustSequence: (n) => n };
  const refused = await (await api.AsyncVerifier.create(trust, gate.options, rejecting)).verify(step.payload, step.at);
  push("a rejecting async store refuses the code", refused.reason === "replay_store_failed" && /aborted/.test(refused.detail) ? "" : `${refused.reason}`);
  const shared = await api.AsyncVerifier.create(trust, gate.options, asyncStore());
  const both = await Promise.all([shared.verify(step.payload, step.at), shared.verify(step.payload, step.at)]);
  push("two verifications started together: one accepted, one replay", both[0].accepted && both[1].reason === "replay" ? "" : JSON.stringify(both.map((b) => b.reason)));
  return results;
}

/** A replay store as a page or a server writes one in JS: the claim's checks in crosspay's order. */
class MapReplayStore {
  constructor() {
    this.aliases = new Map();
    this.trust = 0;
  }

  claim(c) {
    if (c.trust_sequence != null && c.trust_sequence < this.trust) return { outcome: "trust_list_rollback", highest: this.trust };
    const a = this.aliases.get(c.alias);
    if (a) {
      for (const [counter, time] of a.seen) if (time < c.forget_before) a.seen.delete(counter);
      if (c.counter === a.highest || a.seen.has(c.counter)) return { outcome: "replay" };
      if (c.counter < a.highest) return { outcome: "counter_rewind", highest: a.highest };
    }
    const exposure = a && c.currency != null ? a.exposure.get(c.currency) || 0 : 0;
    if (c.currency != null && c.max_exposure != null && exposure + c.units > c.max_exposure) return { outcome: "exposure_exceeded", exposure };
    const record = a || { highest: 0, seen: new Map(), exposure: new Map() };
    record.seen.set(c.counter, c.code_time);
    record.highest = Math.max(record.highest, c.counter);
    if (c.currency != null) record.exposure.set(c.currency, exposure + c.units);
    this.aliases.set(c.alias, record);
    return { outcome: "accepted" };
  }

  acceptTrustSequence(sequence) {
    this.trust = Math.max(this.trust, sequence);
    return this.trust;
  }
}

