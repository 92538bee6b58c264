// `convert`'s quick path (bindings/wasm/src/money.rs, js/src/tape.js's quickConvert): a receipt
// at a rate given as text is built from the template the module sends once per rate and the
// amount's four texts. Every receipt it builds is the full path's (`convertAtRate`, the same
// receipt through the result tape), key order included; each one is a fresh plain object; it is
// taken, which the module's export counts here; and whatever it declines gets the full path's
// answer or error.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { brotliDecompressSync } from "node:zlib";

// What crosspay_convert_quick answered, call by call (0: the full path answers). Counted where
// the glue instantiates the module, before the package is imported (this file's own process).
const answers = [];
const Instance = WebAssembly.Instance;
WebAssembly.Instance = function (module, imports) {
  const instance = new Instance(module, imports);
  const quick = instance.exports.crosspay_convert_quick;
  if (typeof quick !== "function") return instance;
  const counted = (...args) => {
    const id = quick(...args);
    answers.push(id >>> 0);
    return id;
  };
  return { exports: { ...instance.exports, crosspay_convert_quick: counted } };
};
const crosspay = await import("crosspay");
WebAssembly.Instance = Instance;

const full = (amount, from, to, rate, rounding) => crosspay.convertAtRate(amount, from, to, rate, { rounding });
const MODES = ["half-up", "half-even", "half-down", "up", "down", "ceiling", "floor"];
const CODES = ["CNY", "HKD", "JPY", "KWD", "CLF", "USD", "VND"];
const DIGITS = { CNY: 2, HKD: 2, JPY: 0, KWD: 3, CLF: 4, USD: 2, VND: 0 };

// A deterministic generator (xorshift), so that a failure names a case that can be run again.
function random(seed) {
  let s = seed >>> 0 || 1;
  return (n) => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s % n;
  };
}

function amountOf(next, currency) {
  const digits = DIGITS[currency];
  const units = String(next(10) < 2 ? next(100) : next(2 ** 31) * (next(3) + 1));
  const whole = digits === 0 ? units : `${units.slice(0, -digits) || "0"}.${units.slice(-digits).padStart(digits, "0")}`;
  // Written short sometimes ("5.5" for 5.50), negative sometimes (a refund).
  const text = digits > 0 && next(4) === 0 ? whole.replace(/0+$/, "").replace(/\.$/, "") : whole;
  return next(6) === 0 ? `-${text}` : text;
}

function rateOf(next) {
  const digits = next(9);
  const units = String(next(10) < 7 ? next(100_000) + 1 : next(2 ** 31) + 1);
  return digits === 0 ? units : `${units.slice(0, -digits) || "0"}.${units.slice(-digits).padStart(digits, "0")}`;
}

test("every receipt is the full path's, key order included, whichever rates come and go", () => {
  const next = random(20261208);
  const rates = Array.from({ length: 12 }, () => [CODES[next(7)], CODES[next(7)], rateOf(next), MODES[next(7)]]);
  const before = answers.length;
  let checked = 0;
  for (let i = 0; i < 3000; i++) {
    // Mostly the same rate for a while, now and then one seen before (its template sent again).
    const [from, to, rate, mode] = rates[next(4) === 0 ? next(12) : Math.floor(i / 250)];
    const amount = amountOf(next, from);
    const want = full(amount, from, to, rate, mode);
    const got = crosspay.convert(amount, from, to, rate, mode);
    assert.deepStrictEqual(got, want, `${amount} ${from} → ${to} at ${rate}, ${mode}`);
    assert.deepStrictEqual(Object.keys(got), Object.keys(want));
    checked++;
  }
  const quick = answers.slice(before).filter((id) => id !== 0).length;
  assert.equal(checked, 3000);
  // Nearly every one of them through the quick path (the module's answers count them).
  assert.ok(quick >= 2700, `${quick} of 3000 conversions by the quick path`);
});

test("the quick path is taken at a plain rate: one template, then the same number every call", () => {
  const before = answers.length;
  const first = crosspay.convert("123.45", "CNY", "HKD", "0.9132", "half-even");
  for (const amount of ["99.99", "5.5", "1000.00", "0", "-12.30"]) crosspay.convert(amount, "CNY", "HKD", "0.9132", "half-even");
  const ids = answers.slice(before);
  assert.equal(ids.length, 6);
  assert.ok(ids[0] > 0 && ids.every((id) => id === ids[0]), JSON.stringify(ids));
  assert.equal(first.target.amount, "112.73");
  assert.equal(first.unrounded, "112.73454");
  assert.equal(first.residue, "-0.00454");
  assert.equal(crosspay.convert("5.5", "CNY", "HKD", "0.9132", "half-even").source.amount, "5.50");
});

test("each receipt is a fresh plain object: changing one changes no other", () => {
  const a = crosspay.convert("10.00", "CNY", "HKD", "1.0962", "half-up");
  a.source.amount = "x";
  a.target.currency = "y";
  a.chain[0].rate = "z";
  a.chain.push("w");
  a.unrounded = "v";
  const b = crosspay.convert("10.00", "CNY", "HKD", "1.0962", "half-up");
  assert.deepStrictEqual(b, full("10.00", "CNY", "HKD", "1.0962", "half-up"));
  assert.notEqual(a.chain, b.chain);
  assert.notEqual(a.chain[0], b.chain[0]);
  assert.notEqual(a.source, b.source);
  for (const o of [b, b.source, b.target, b.chain[0]]) assert.equal(Object.getPrototypeOf(o), Object.prototype);
  assert.ok(Array.isArray(b.chain));
});

test("what the quick path declines gets the full path's receipt or error", () => {
  const cases = [
    // An amount past 18 digits, a rate the 128-bit path does not take, long texts.
    ["12345678901234567890.12", "CNY", "HKD", "0.9132", "half-up"],
    ["1.00", "CNY", "HKD", "0.123456789012345678901234567", "half-up"],
    ["1.00", "CNY", "HKD", `0.${"1".repeat(300)}`, "half-up"],
    // Refusals: the full path names them.
    ["1.001", "CNY", "HKD", "0.9132", "half-up"],
    ["1e3", "CNY", "HKD", "0.9132", "half-up"],
    ["", "CNY", "HKD", "0.9132", "half-up"],
    ["１２", "CNY", "HKD", "0.9132", "half-up"],
    ["1.00", "XXX", "HKD", "0.9132", "half-up"],
    ["1.00", "CNY", "HKD", "0", "half-up"],
    ["1.00", "CNY", "HKD", "-1", "half-up"],
    ["1.00", "CNY", "HKD", "0.9132", "bankers"],
    ["1.00", "CNY", "HKD", "0.9132", "HALF-UP"],
    ["1.00", "CNY", "HKD", "0,9132", "half-up"],
  ];
  const result = (fn) => {
    try {
      return { receipt: fn() };
    } catch (e) {
      return { error: `${e.name} ${e.code}: ${e.message}` };
    }
  };
  for (const [amount, from, to, rate, mode] of cases) {
    const want = result(() => full(amount, from, to, rate, mode));
    assert.deepStrictEqual(result(() => crosspay.convert(amount, from, to, rate, mode)), want, `${amount} ${from} ${to} ${rate.slice(0, 20)} ${mode}`);
    // And the rate before it still converts by the quick path afterwards.
    const before = answers.length;
    assert.equal(crosspay.convert("100.00", "CNY", "HKD", "1.0962", "half-up").target.amount, "109.62");
    assert.ok(answers.slice(before).every((id) => id !== 0));
  }
  // A wrong JS type is the same invalid_argument as ever, naming the argument.
  for (const args of [[100, "CNY", "HKD", "1", "half-up"], ["1.00", "CNY", null, "1", "half-up"], ["1.00", "CNY", "HKD", 1.5, "half-up"], ["1.00", "CNY", "HKD", "1", undefined]]) {
    assert.throws(() => crosspay.convert(...args), (e) => e.code === "invalid_argument" && /invalid argument (amount|to|rate|rounding_mode)/.test(e.message));
  }
});

test("a glue given a second module instance uses none of the first one's templates", () => {
  // The mini-program folder's glue (CommonJS) instantiated by hand, twice: the second instance
  // numbers its templates from 1 again, so a template number the glue held from the first must
  // not be taken for the second's (it once would have been: CNY to HKD at 1.0962 for EUR to JPY).
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve("crosspay/package.json"));
  const mpDir = join(pkgDir, JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")).miniprogram);
  const glue = require(join(mpDir, "crosspay_wasm.js"));
  const module = new WebAssembly.Module(brotliDecompressSync(readFileSync(join(mpDir, "crosspay_wasm_bg.wasm.br"))));
  const start = () => glue.__wbg_finalize_init(new Instance(module, glue.__wbg_get_imports()), module);
  start();
  assert.equal(glue.convert("10.00", "CNY", "HKD", "1.0962", "half-up").target.amount, "10.96");
  start();
  const got = glue.convert("10.00", "EUR", "JPY", "160.5", "half-up");
  assert.deepStrictEqual(got, glue.convertAtRate("10.00", "EUR", "JPY", "160.5", { rounding: "half-up" }));
  assert.deepStrictEqual([got.source.currency, got.target.amount, got.target.currency, got.rate], ["EUR", "1605", "JPY", "160.5"]);
});
