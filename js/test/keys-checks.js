// Key and signature checks against WebCrypto (globalThis.crypto.subtle): plain ESM, so the same
// checks run in Node, in Chromium and (turned into a CommonJS script) in the simulated
// mini-programs, which have no WebCrypto and only an asynchronous random source: `host` says what
// the place has. Each check returns { name, ok, detail }.

const ECDSA = { name: "ECDSA", hash: "SHA-256" };
const P256 = { name: "ECDSA", namedCurve: "P-256" };
const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
const unhex = (s) => new Uint8Array(s.match(/../g)?.map((h) => parseInt(h, 16)) ?? []);
// UTF-8 without TextEncoder (mini-programs have none).
const text = (s) => Uint8Array.from(unescape(encodeURIComponent(s)), (c) => c.charCodeAt(0));

/**
 * `host`: `subtle` (WebCrypto, or undefined where there is none: its interop checks are left
 * out), `newKey()` (a new PrivateKey, maybe a Promise) and `entropy(n)` (random bytes, maybe a
 * Promise). By default, the global crypto's. `der: false` leaves the DER and PEM checks out
 * (the mini-program's pure-JS fallback, where those calls throw not_in_fallback).
 */
export async function runKeyChecks(api, doc, host = {}) {
  // DER and PEM encodings (PKCS#8, SEC1, SPKI): the full package's; the wallet entry has raw
  // and JWK keys only (its export list is checked in wallet.test.mjs).
  const der = host.der ?? typeof api.PublicKey.fromSpkiDer === "function";
  const subtle = "subtle" in host ? host.subtle : globalThis.crypto.subtle;
  const newKey = host.newKey ?? (() => api.PrivateKey.generate());
  const entropy = host.entropy ?? ((n) => globalThis.crypto.getRandomValues(new Uint8Array(n)));
  const results = [];
  const check = async (name, fn) => {
    try {
      const detail = await fn();
      results.push({ name, ok: detail === true, detail: detail === true ? "" : String(detail) });
    } catch (e) {
      results.push({ name, ok: false, detail: `${e?.name}: ${e?.code ?? ""} ${e?.message ?? e}` });
    }
  };
  const codeOf = (fn) => {
    try {
      fn();
      return "no error";
    } catch (e) {
      return e.code;
    }
  };

  // The shared vectors: encodings, kid, deterministic signatures, verdicts, bad keys.
  const publics = {};
  for (const k of doc.keys) {
    await check(`vector key ${k.name}`, () => {
      const key = api.PrivateKey.fromRaw(unhex(k.private_raw_hex));
      const pub = key.publicKey();
      publics[k.name] = pub;
      const jwk = JSON.parse(pub.toJwk());
      const same =
        hex(pub.toSec1(true)) === k.public_sec1_compressed_hex &&
        hex(pub.toSec1(false)) === k.public_sec1_uncompressed_hex &&
        (!der || hex(pub.toSpkiDer()) === k.public_spki_der_hex) &&
        jwk.x === k.public_jwk.x && jwk.y === k.public_jwk.y && pub.kid === k.kid &&
        api.PublicKey.fromJwk(JSON.stringify(k.public_jwk)).kid === k.kid && api.PrivateKey.fromJwk(key.toJwk()).publicKey().kid === k.kid &&
        k.signatures.every((s) =>
          hex(key.sign(unhex(s.message_hex))) === s.p1363_hex && hex(key.sign(unhex(s.message_hex), "der")) === s.der_hex);
      return same || `got kid ${pub.kid}`;
    });
  }
  for (const v of doc.verify) {
    await check(`vector verify ${v.name}`, () => {
      const got = publics[v.key].verify(unhex(v.message_hex), unhex(v.signature_hex), v.format, v.allow_high_s === true);
      const want = { valid: v.valid, reason: v.reason ?? null };
      return (got.valid === want.valid && (got.reason ?? null) === want.reason) || JSON.stringify(got);
    });
  }
  for (const b of doc.bad_public_keys) {
    await check(`vector bad key ${b.name}`, () => codeOf(() => api.PublicKey.fromSec1(unhex(b.public_hex))) === "invalid_key");
  }
  // PKCS#8 and SEC1 documents: read as the key they hold, or refused (a public point not the
  // key's own, another curve, a bad scalar, the wrong form or label). PEM goes through `parse`.
  if (der) for (const d of doc.private_documents) {
    await check(`vector private document ${d.name}`, () => {
      const read = {
        pkcs8_der: () => api.PrivateKey.fromPkcs8Der(unhex(d.document)),
        sec1_der: () => api.PrivateKey.fromSec1Der(unhex(d.document)),
      }[d.form] ?? (() => api.PrivateKey.parse(d.document));
      if (d.error) return codeOf(read) === d.error || `got ${codeOf(read)}`;
      const kid = read().publicKey().kid;
      return kid === doc.keys.find((k) => k.name === d.key).kid || `got kid ${kid}`;
    });
  }

  // WebCrypto keys into crosspay, through every format, and signatures both ways.
  if (subtle) await check(`WebCrypto key imports through JWK${der ? ", PKCS#8, SPKI" : ""} and raw to one key id`, async () => {
    const pair = await subtle.generateKey(P256, true, ["sign", "verify"]);
    const jwk = await subtle.exportKey("jwk", pair.privateKey);
    const pkcs8 = new Uint8Array(await subtle.exportKey("pkcs8", pair.privateKey));
    const spki = new Uint8Array(await subtle.exportKey("spki", pair.publicKey));
    const raw = new Uint8Array(await subtle.exportKey("raw", pair.publicKey));
    const publicJwk = JSON.stringify(await subtle.exportKey("jwk", pair.publicKey));
    const kids = [
      api.PrivateKey.fromJwk(JSON.stringify(jwk)).publicKey().kid,
      api.PublicKey.fromSec1(raw).kid,
      api.PublicKey.fromJwk(publicJwk).kid,
      api.PublicKey.fromJwk(JSON.stringify(jwk)).kid,
      ...(der ? [
        api.PrivateKey.parse(JSON.stringify(jwk)).publicKey().kid,
        api.PrivateKey.fromPkcs8Der(pkcs8).publicKey().kid,
        api.PublicKey.fromSpkiDer(spki).kid,
        api.PublicKey.parse(publicJwk).kid,
      ] : []),
    ];
    return new Set(kids).size === 1 || kids.join(",");
  });
  if (subtle) await check("crosspay signatures verify in WebCrypto; WebCrypto signatures verify in crosspay", async () => {
    const pair = await subtle.generateKey(P256, true, ["sign", "verify"]);
    const key = api.PrivateKey.fromJwk(JSON.stringify(await subtle.exportKey("jwk", pair.privateKey)));
    const pub = api.PublicKey.fromSec1(new Uint8Array(await subtle.exportKey("raw", pair.publicKey)));
    for (let i = 0; i < 8; i++) {
      const msg = text(`payment ${i}`);
      if (!(await subtle.verify(ECDSA, pair.publicKey, key.sign(msg), msg))) return `WebCrypto refused crosspay signature ${i}`;
      const theirs = new Uint8Array(await subtle.sign(ECDSA, pair.privateKey, msg));
      // WebCrypto does not normalize s: half its signatures are high-S.
      const lenient = pub.verify(msg, theirs, "p1363", true);
      const strict = pub.verify(msg, theirs);
      if (!lenient.valid) return `crosspay refused WebCrypto signature ${i}: ${lenient.reason}`;
      if (!strict.valid && strict.reason !== "high_s") return `strict verdict ${strict.reason}`;
      const der = api.convertSignature(theirs, "p1363", "der");
      if (!pub.verify(msg, der, "der", true).valid) return "DER conversion";
    }
    return true;
  });
  if (subtle) await check(`crosspay keys import into WebCrypto (${der ? "PKCS#8, SPKI, " : ""}JWK, raw)`, async () => {
    const key = await newKey();
    const pub = key.publicKey();
    const msg = text("crosspay → WebCrypto");
    const sig = key.sign(msg);
    const signers = [await subtle.importKey("jwk", JSON.parse(key.toJwk()), P256, false, ["sign"])];
    if (der) signers.push(await subtle.importKey("pkcs8", key.toPkcs8Der(), P256, false, ["sign"]));
    const verifiers = [
      await subtle.importKey("raw", pub.toSec1(false), P256, false, ["verify"]),
      await subtle.importKey("jwk", JSON.parse(pub.toJwk()), P256, false, ["verify"]),
    ];
    if (der) verifiers.push(await subtle.importKey("spki", pub.toSpkiDer(), P256, false, ["verify"]));
    for (const v of verifiers) if (!(await subtle.verify(ECDSA, v, sig, msg))) return "WebCrypto refused";
    for (const k of signers) {
      const s = new Uint8Array(await subtle.sign(ECDSA, k, msg));
      if (!pub.verify(msg, s, "p1363", true).valid) return "crosspay refused a signature by the imported key";
    }
    return true;
  });

  // A non-extractable WebCrypto key as a host signer (the async path).
  if (subtle) await check("a non-extractable WebCrypto key signs through signWithSigner, normalized to low-S", async () => {
    const pair = await subtle.generateKey(P256, false, ["sign", "verify"]);
    const pub = api.PublicKey.fromSec1(new Uint8Array(await subtle.exportKey("raw", pair.publicKey)));
    const signer = { sign: (m) => subtle.sign(ECDSA, pair.privateKey, m) };
    for (let i = 0; i < 8; i++) {
      const msg = text(`gate ${i}`);
      for (const format of ["p1363", "der"]) {
        const sig = await api.signWithSigner(signer, pub, msg, format);
        const verdict = pub.verify(msg, sig, format);
        if (!verdict.valid) return `strict verify refused: ${verdict.reason}`;
      }
    }
    return true;
  });
  await check("a synchronous DER host signer works too", async () => {
    const inner = await newKey();
    const signer = { sign: (m) => api.convertSignature(inner.sign(m), "p1363", "der") };
    const sig = await api.signWithSigner(signer, inner.publicKey(), text("sync"));
    return inner.publicKey().verify(text("sync"), sig).valid;
  });
  await check("host signer failures are signer_failed", async () => {
    const key = await newKey();
    const other = (await newKey()).publicKey();
    const cases = [
      [{ sign: () => { throw new Error("user cancelled"); } }, key.publicKey()],
      [{ sign: async () => { throw new Error("keystore locked"); } }, key.publicKey()],
      [{ sign: () => new Uint8Array([48, 2, 1]) }, key.publicKey()],
      [{ sign: (m) => key.sign(m) }, other],
      [{}, key.publicKey()],
    ];
    const codes = [];
    for (const [signer, pub] of cases) {
      codes.push(await api.signWithSigner(signer, pub, text("x")).then(() => "no error", (e) => e.code));
    }
    return codes.every((c) => c === "signer_failed") || codes.join(",");
  });

  // Generation: the place's random source, or entropy from the host.
  await check("generation from the platform random source and from host entropy", async () => {
    const a = (await newKey()).publicKey().kid;
    const b = (await newKey()).publicKey().kid;
    const seed = await entropy(32);
    const c = api.PrivateKey.fromEntropy(seed).publicKey().kid;
    const d = api.PrivateKey.fromEntropy(seed).publicKey().kid;
    const weak = [new Uint8Array(32), new Uint8Array(16).fill(7), new Uint8Array(40).fill(1)].map((e) => codeOf(() => api.PrivateKey.fromEntropy(e)));
    return (a !== b && c === d && weak.every((w) => w === "weak_entropy")) || weak.join(",");
  });
  await check("bad keys are invalid_key", () => {
    const p384 = JSON.stringify({ kty: "EC", crv: "P-384", x: "AA", y: "AA" });
    const codes = [
      codeOf(() => api.PrivateKey.fromRaw(new Uint8Array(32))),
      codeOf(() => api.PublicKey.fromJwk(p384)),
      codeOf(() => api.PrivateKey.fromJwk(p384)),
      codeOf(() => api.PrivateKey.fromJwk(api.PrivateKey.fromRaw(new Uint8Array(32).fill(9)).publicKey().toJwk())),
      ...(der ? [
        codeOf(() => api.PublicKey.fromSpkiDer(new Uint8Array([48, 0]))),
        codeOf(() => api.PrivateKey.parse("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")),
        codeOf(() => api.PublicKey.parse(p384)),
      ] : []),
    ];
    return codes.every((c) => c === "invalid_key") || codes.join(",");
  });
  return results;
}
