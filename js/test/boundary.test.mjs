// Every export, called with wrong JS types, throws a CrosspayError with a code: never a
// RuntimeError (a WebAssembly trap), a TypeError or a silent coercion; and the module keeps working.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as crosspay from "crosspay";
import { vectorDoc } from "./vector-files.mjs";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

// The declarations say which callables take bytes: only there is a string the wrong type.
const dist = join(dirname(createRequire(import.meta.url).resolve("crosspay/package.json")), "dist");
const dts = ["crosspay_wasm.d.ts", "index.d.ts"].map((f) => readFileSync(join(dist, f), "utf8")).join("\n");
function signatureOf(name) {
  const [owner, member] = name.replace(/^new /, "").split(/[.#]/);
  const scope = member ? (dts.split(/^export class /m).find((c) => c.startsWith(`${owner} `)) ?? "") : dts;
  const fn = member ?? owner;
  const signature = name.startsWith("new ") ? scope.match(/constructor\(([^)]*)\)/) : scope.match(new RegExp(`\\b${fn}\\(([^)]*)\\)`));
  return signature ? signature[1] : "";
}
const takesBytes = (name) => signatureOf(name).includes("Uint8Array");

const v = vectorDoc("paycodes.json");
const hex = (h) => Uint8Array.from(h.match(/../g).map((b) => parseInt(b, 16)));
const key = crosspay.PrivateKey.fromRaw(hex(v.keys["device-1"]));
const trust = crosspay.TrustList.verify(v.trust_list.jws, crosspay.PrivateKey.fromRaw(hex(v.keys.root)).publicKey());
const cert = v.certificates.find((c) => c.name === "transit").certificate;
const asyncVerifier = await crosspay.AsyncVerifier.create(trust, {}, { claim: async () => ({ outcome: "accepted" }), acceptTrustSequence: async (n) => n });
const instances = {
  AsyncVerifier: () => asyncVerifier,
  CardNumber: () => crosspay.CardNumber.parse("4111111111111111"),
  NumericSeed: () => crosspay.NumericSeed.fromJson(JSON.stringify(v.numeric.seed)),
  NumericVerifier: () => new crosspay.NumericVerifier([JSON.stringify(v.numeric.seed)]),
  PreparedCode: () => new crosspay.Wallet(cert).prepare({ at: "2026-11-22T08:30:00Z" }),
  PrivateKey: () => key,
  PublicKey: () => key.publicKey(),
  RateSheet: () => crosspay.RateSheet.fromUnsignedJson(v.rate_sheets.sheet),
  TrustList: () => trust,
  Verifier: () => new crosspay.Verifier(trust),
  Wallet: () => new crosspay.Wallet(cert),
};
const wrong = { number: 123, object: { a: 1 }, array: [1, 2, 3], null: null, undefined: undefined, date: new Date(), "string for bytes": "hello" };

/** Every callable of the package: [name, arity, call(args)]. */
function callables() {
  const out = [];
  for (const [name, value] of Object.entries(crosspay)) {
    if (typeof value !== "function" || ["initAsync", "initSync", "isCrosspayError"].includes(name)) continue;
    if (!/^[A-Z]/.test(name)) {
      if (value.length > 0) out.push([name, value.length, (args) => value(...args)]);
      continue;
    }
    if (value.length > 0) out.push([`new ${name}`, value.length, (args) => new value(...args)]);
    for (const s of Object.getOwnPropertyNames(value)) {
      if (typeof value[s] === "function" && !["__wrap"].includes(s) && value[s].length > 0) {
        out.push([`${name}.${s}`, value[s].length, (args) => value[s](...args)]);
      }
    }
    for (const m of Object.getOwnPropertyNames(value.prototype)) {
      const f = Object.getOwnPropertyDescriptor(value.prototype, m).value;
      if (m === "constructor" || typeof f !== "function" || f.length === 0 || m.startsWith("__")) continue;
      out.push([`${name}#${m}`, f.length, (args) => f.apply(instances[name](), args)]);
    }
  }
  return out;
}

/** Arguments that may legitimately be absent: calling with undefined/null there is not wrong. */
const optionalOnly = new Set(["decodeMerchantQr", "PrivateKey#sign", "PublicKey#verify", "normalizeAmount", "new Verifier", "new Wallet"]);

for (const [name, arity, call] of callables()) {
  for (const [kind, bad] of Object.entries(wrong)) {
    if ((kind === "undefined" || kind === "null") && optionalOnly.has(name) && arity === 1) continue;
    if (kind === "string for bytes" && !takesBytes(name)) continue;
    if (kind === "number" && arity === 1 && /: number\b/.test(signatureOf(name))) continue;
    test(`${name} with ${kind} for every argument is a CrosspayError`, async () => {
      let threw;
      try {
        await call(Array(arity).fill(bad)); // an asynchronous function rejects instead of throwing
      } catch (e) {
        threw = e;
      }
      assert.ok(threw, "did not throw");
      assert.equal(threw.name, "CrosspayError", `${threw.name}: ${threw.message}`);
      assert.equal(typeof threw.code, "string");
      assert.ok(crosspay.errorCodes().includes(threw.code) || ["invalid_argument", "not_initialized"].includes(threw.code), threw.code);
      // The module keeps working.
      assert.equal(crosspay.convert("100.00", "CNY", "HKD", "1.0962", "half-up").target.amount, "109.62");
    });
  }
}

test("the issue's cases: strings are not bytes, wrong types are not traps, unknown keys are refused", () => {
  const named = (code, arg) => (e) => e.name === "CrosspayError" && e.code === code && (!arg || e.message.includes(arg));
  assert.throws(() => key.sign("hello"), named("invalid_argument", "message"));
  assert.notDeepEqual(key.sign(new TextEncoder().encode("hello")), key.sign(new TextEncoder().encode("world")));
  assert.deepEqual(key.sign(new TextEncoder().encode("hello").buffer), key.sign(new TextEncoder().encode("hello")), "an ArrayBuffer is bytes too");
  assert.throws(() => crosspay.convert(100, "CNY", "HKD", "1.0962", "half-up"), named("invalid_argument", "amount"));
  assert.throws(() => crosspay.decodeMerchantQr(123), named("invalid_argument", "payload"));
  assert.throws(() => crosspay.RateSheet.fromUnsignedJson(JSON.parse(v.rate_sheets.sheet)), named("invalid_argument", "json"));
  assert.throws(() => new crosspay.Wallet(cert, { counter: 1 }), named("invalid_argument", "state"));
  assert.throws(() => new crosspay.Verifier(trust).verify("CP1:x", new Date()), named("invalid_argument", "at"));
  assert.throws(() => crosspay.TrustList.verify(v.trust_list.jws, "-----BEGIN PUBLIC KEY-----"), named("invalid_argument", "root"));
  assert.throws(() => crosspay.allocate("1.00", "HKD", [1, 1, 1]), named("invalid_argument", "ratios"));
  // Every array of strings is read once (the check and the copy that crosses are one read): an
  // element whose getter turns into a number later crosses as the string it was, and a hole is
  // invalid_argument, never the glue's untyped "wrong type" error.
  let reads = 0;
  const shifty = ["1", "2"];
  Object.defineProperty(shifty, 1, { get: () => (reads++ === 0 ? "2" : 5) });
  assert.deepEqual(crosspay.allocate("9.00", "HKD", shifty), crosspay.allocate("9.00", "HKD", ["1", "2"]));
  assert.equal(reads, 1);
  assert.throws(() => crosspay.allocate("1.00", "HKD", ["1", , "1"]), named("invalid_argument", "ratios"));
  assert.throws(() => new crosspay.NumericVerifier([JSON.stringify(v.numeric.seed), , "x"]), named("invalid_argument", "seeds"));
  assert.throws(() => crosspay.fromMinorUnits(5, "KWD"), named("invalid_argument", "units"));
  assert.equal(crosspay.fromMinorUnits(5n, "KWD"), "0.005");
  assert.throws(() => crosspay.convertAtRate("100.00", "HKD", "CNY", "0.9123", { rounding: "half-up", markupBps: 30 }), named("invalid_options", "markupBps"));
  assert.equal(crosspay.convertAtRate("100.00", "HKD", "CNY", "0.9123", { rounding: "half-up", markup_bps: 30 }).markup_bps, 30);
});

test("the error type is exported for catching by type", () => {
  assert.ok(crosspay.isCrosspayError(Object.assign(new Error("x"), { name: "CrosspayError", code: "invalid_amount" })));
  try {
    crosspay.convert("1e3", "CNY", "HKD", "1", "half-up");
  } catch (e) {
    assert.ok(crosspay.isCrosspayError(e));
  }
  assert.ok(!crosspay.isCrosspayError(new TypeError("x")));
});

test("a price list crosses as one string each way and loses nothing", () => {
  const named = (code, arg) => (e) => e.name === "CrosspayError" && e.code === code && (!arg || e.message.includes(arg));
  const opts = { rounding: "half-even" };
  const one = (a) => crosspay.convert(a, "CNY", "HKD", "0.9132", "half-even");
  const amounts = ["0", "-0.00", "123.45", "-7.5", "999999999999999999", "1234567890123456789.12", "0.01", "100"];
  const many = crosspay.convertMany(amounts, "CNY", "HKD", "0.9132", opts);
  assert.ok(Array.isArray(many.sources) && Array.isArray(many.targets));
  assert.deepEqual(many.sources, amounts.map((a) => one(a).source.amount));
  assert.deepEqual(many.targets, amounts.map((a) => one(a).target.amount));
  assert.deepEqual(crosspay.convertMany(["1.5"], "CNY", "HKD", "0.9132", opts).targets, ["1.37"]);
  assert.deepEqual(crosspay.convertMany([], "CNY", "HKD", "0.9132", opts).targets, []);
  // An element holding a line feed is read on its own: its own error, with its own text.
  let want;
  try {
    one("2\n3");
  } catch (e) {
    want = e;
  }
  assert.throws(() => crosspay.convertMany(["1.00", "2\n3"], "CNY", "HKD", "0.9132", opts), (e) => e.code === "invalid_amount" && e.message === want.message);
  assert.throws(() => crosspay.convertMany(["", ""], "CNY", "HKD", "0.9132", opts), named("invalid_amount"));
  assert.throws(() => crosspay.convertMany(["1.00", 2], "CNY", "HKD", "0.9132", opts), named("invalid_argument", "amounts"));
  assert.throws(() => crosspay.convertMany("1.00", "CNY", "HKD", "0.9132", opts), named("invalid_argument", "amounts"));
  const sheet = crosspay.RateSheet.fromUnsignedJson(v.rate_sheets.sheet);
  assert.throws(() => sheet.convertMany([1], "CNY", "HKD", "2026-11-21T09:00:00Z", opts), named("invalid_argument", "amounts"));
  // A hole is not a string (it is not read as an empty amount).
  assert.throws(() => crosspay.convertMany(["1.00", , "2.00"], "CNY", "HKD", "0.9132", opts), named("invalid_argument", "amounts"));
  // Each element is read once: one whose getter turns into a number on a second read is
  // converted as the string it was, never coerced.
  let reads = 0;
  const shifty = ["1.00", "2.00"];
  Object.defineProperty(shifty, 1, { get: () => (reads++ === 0 ? "2.00" : 5) });
  assert.deepEqual(crosspay.convertMany(shifty, "CNY", "HKD", "0.9132", opts).sources, ["1.00", "2.00"]);
  assert.equal(reads, 1);
  // When the sources are the amounts as given, they come back as a plain array of their own:
  // not the caller's array (nor of its class), so changing one leaves the other as it was.
  class Prices extends Array {}
  const given = Prices.from(["1.00", "2.50"]);
  const got = crosspay.convertMany(given, "CNY", "HKD", "0.9132", opts);
  assert.ok(got.sources !== given && Object.getPrototypeOf(got.sources) === Array.prototype);
  assert.deepEqual(got.sources, ["1.00", "2.50"]);
  assert.deepEqual(Object.keys(got), Object.keys(crosspay.convertMany(["1.5"], "CNY", "HKD", "0.9132", opts)));
  got.sources[0] = "9.99";
  assert.equal(given[0], "1.00");
  // Through a sheet too.
  const sheetGot = sheet.convertMany(given, "CNY", "HKD", "2026-11-22T09:00:00Z", opts);
  assert.ok(sheetGot.sources !== given && Object.getPrototypeOf(sheetGot.sources) === Array.prototype);
  assert.deepEqual(sheetGot.sources, ["1.00", "2.50"]);
});

test("results read after the module's memory grows are read from the grown memory", () => {
  // Growing a WebAssembly memory detaches its ArrayBuffer; the glue renews its views of it when
  // their length reads 0 (js/scripts/build.mjs). A stale view would throw on the next result.
  const opts = { rounding: "half-even" };
  const before = [crosspay.fromMinorUnits(12345n, "HKD"), crosspay.convert("123.45", "CNY", "HKD", "0.9132", "half-even")];
  // About 10 MB in and out: more than this process's module has held so far, so it grows.
  const amounts = Array.from({ length: 600_000 }, (_, i) => `${i}.${String(i % 100).padStart(2, "0")}`);
  const many = crosspay.convertMany(amounts, "CNY", "HKD", "0.9132", opts);
  assert.equal(many.targets.length, amounts.length);
  assert.equal(many.targets[599_999], crosspay.convert(amounts[599_999], "CNY", "HKD", "0.9132", "half-even").target.amount);
  assert.deepEqual([crosspay.fromMinorUnits(12345n, "HKD"), crosspay.convert("123.45", "CNY", "HKD", "0.9132", "half-even")], before);
  assert.equal(crosspay.version(), crosspay.version());
});

test("a price list in minor units crosses as BigInt64Arrays, never as numbers", () => {
  const named = (code, arg) => (e) => e.name === "CrosspayError" && e.code === code && (!arg || e.message.includes(arg));
  const opts = { rounding: "half-even" };
  const amounts = ["0.00", "123.45", "-7.50", "9999999999999.99", "0.01"];
  const units = BigInt64Array.from(amounts, (a) => crosspay.toMinorUnits(a, "CNY"));
  const many = crosspay.convertManyMinorUnits(units, "CNY", "HKD", "0.9132", opts);
  const texts = crosspay.convertMany(amounts, "CNY", "HKD", "0.9132", opts);
  assert.ok(many.sources instanceof BigInt64Array && many.targets instanceof BigInt64Array);
  assert.deepEqual(Array.from(many.targets, (u) => crosspay.fromMinorUnits(u, "HKD")), texts.targets);
  assert.deepEqual(Array.from(many.sources), Array.from(units));
  // An array of BigInts is read as the same list; the empty list is an empty BigInt64Array.
  assert.deepEqual(crosspay.convertManyMinorUnits(Array.from(units), "CNY", "HKD", "0.9132", opts), many);
  const none = crosspay.convertManyMinorUnits([], "CNY", "HKD", "0.9132", opts);
  assert.ok(none.targets instanceof BigInt64Array && none.targets.length === 0);
  // Beyond 2^53 the units stay exact (a number could not hold them).
  const big = crosspay.convertManyMinorUnits([2n ** 62n], "JPY", "JPY", "1", { rounding: "half-even" });
  assert.equal(big.targets[0], 2n ** 62n);
  // Numbers, BigInts beyond 64 bits and anything else are refused, never coerced or wrapped.
  for (const bad of [[12345], [2n ** 63n], ["1.00"], "1.00", null, new Float64Array(1)]) {
    assert.throws(() => crosspay.convertManyMinorUnits(bad, "CNY", "HKD", "0.9132", opts), named("invalid_argument", "units"));
  }
  const sheet = crosspay.RateSheet.fromUnsignedJson(v.rate_sheets.sheet);
  assert.throws(() => sheet.convertManyMinorUnits([1], "CNY", "HKD", "2026-11-21T09:00:00Z", opts), named("invalid_argument", "units"));
  // A target beyond 64 bits is an overflow error, not a wrapped number.
  assert.throws(() => crosspay.convertManyMinorUnits([2n ** 62n], "JPY", "KWD", "1000", opts), named("overflow"));
});
