// `convert`'s quick path (bindings/wasm/src/money.rs, js/src/tape.js's quickConvert): a receipt
// at a rate given as text is built from the template the module sends once per rate and the
// amount's four texts. Every receipt it builds is the full path's (`convertAtRate`, the same
// receipt through the result tape), key order included; each one is a fresh plain object; it is
// taken, which the module's export counts here; and whatever it declines gets the full path's
// answer or error. The same for `convertMany`'s (quickConvertMany: a list template, the targets
// in one text), whose full path is had here by making its export decline.
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
  const list = instance.exports.crosspay_convert_list_quick;
  if (typeof quick !== "function" || typeof list !== "function") return instance;
  const counted = (...args) => {
    const id = quick(...args);
    answers.push(id >>> 0);
    return id;
  };
  const listed = (...args) => {
    const id = fullLists ? 0 : list(...args);
    listAnswers.push(id >>> 0);
    return id;
  };
  return { exports: { ...instance.exports, crosspay_convert_quick: counted, crosspay_convert_list_quick: listed } };
};
// What crosspay_convert_list_quick answered; while `fullLists`, it declines every list.
const listAnswers = [];
let fullLists = false;
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

// An amount as a receipt writes it: every minor digit, no "-0".
function fixedOf(next, currency) {
  const digits = DIGITS[currency];
  const units = next(10) < 2 ? next(100) + 1 : next(2 ** 31) * (next(3) + 1) + 1;
  const text = String(units).padStart(digits + 1, "0");
  const fixed = digits === 0 ? text : `${text.slice(0, -digits)}.${text.slice(-digits)}`;
  return next(6) === 0 ? `-${fixed}` : fixed;
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

// The mini-program folder's glue (CommonJS), and a function that instantiates its module by hand.
function miniprogramGlue() {
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve("crosspay/package.json"));
  const mpDir = join(pkgDir, JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8")).miniprogram);
  const glue = require(join(mpDir, "crosspay_wasm.js"));
  const module = new WebAssembly.Module(brotliDecompressSync(readFileSync(join(mpDir, "crosspay_wasm_bg.wasm.br"))));
  const start = () => glue.__wbg_finalize_init(new Instance(module, glue.__wbg_get_imports()), module);
  return { glue, start };
}

test("a glue given a second module instance uses none of the first one's templates", () => {
  // The mini-program folder's glue (CommonJS) instantiated by hand, twice: the second instance
  // numbers its templates from 1 again, so a template number the glue held from the first must
  // not be taken for the second's (it once would have been: CNY to HKD at 1.0962 for EUR to JPY).
  const { glue, start } = miniprogramGlue();
  start();
  assert.equal(glue.convert("10.00", "CNY", "HKD", "1.0962", "half-up").target.amount, "10.96");
  start();
  const got = glue.convert("10.00", "EUR", "JPY", "160.5", "half-up");
  assert.deepStrictEqual(got, glue.convertAtRate("10.00", "EUR", "JPY", "160.5", { rounding: "half-up" }));
  assert.deepStrictEqual([got.source.currency, got.target.amount, got.target.currency, got.rate], ["EUR", "1605", "JPY", "160.5"]);
});

// `convertMany` by its full path: the quick path's export made to decline.
function fullMany(...args) {
  fullLists = true;
  try {
    return crosspay.convertMany(...args);
  } finally {
    fullLists = false;
  }
}

const outcome = (fn) => {
  try {
    return { receipt: fn() };
  } catch (e) {
    return { error: `${e.name} ${e.code}: ${e.message}` };
  }
};

test("every price list's receipt is the full path's, key order included, whichever rates come and go", () => {
  const next = random(20261209);
  const rates = Array.from({ length: 12 }, () => [CODES[next(7)], CODES[next(7)], rateOf(next), MODES[next(7)]]);
  const before = listAnswers.length;
  let quick = 0;
  for (let i = 0; i < 300; i++) {
    const [from, to, rate, mode] = rates[next(4) === 0 ? next(12) : Math.floor(i / 25)];
    // Now and then a list of any amounts, some written short ("5.5"): the whole list is then
    // the full path's; the others written as the receipt writes them.
    const any = next(4) === 0;
    const amounts = Array.from({ length: next(40) }, () => (any ? amountOf(next, from) : fixedOf(next, from)));
    const at = listAnswers.length;
    const got = outcome(() => crosspay.convertMany(amounts, from, to, rate, { rounding: mode }));
    quick += listAnswers.slice(at).filter((id) => id !== 0).length;
    const want = outcome(() => fullMany(amounts, from, to, rate, { rounding: mode }));
    assert.deepStrictEqual(got, want, `${JSON.stringify(amounts)} ${from} → ${to} at ${rate}, ${mode}`);
    if (got.receipt) {
      assert.deepStrictEqual(Object.keys(got.receipt), Object.keys(want.receipt));
      // Each target is the single conversion's.
      got.receipt.targets.forEach((t, k) => assert.equal(t, full(amounts[k], from, to, rate, mode).target.amount));
    }
  }
  assert.ok(listAnswers.length > before);
  // Most lists by the quick path (the module's answers count them).
  assert.ok(quick >= 100, `${quick} of 300 lists by the quick path`);
});

test("a price list at a plain rate takes the quick path: one template, then the same number every call", () => {
  const amounts = Array.from({ length: 1000 }, (_, i) => `${100 + i}.${String(i % 100).padStart(2, "0")}`);
  const before = listAnswers.length;
  const first = crosspay.convertMany(amounts, "CNY", "HKD", "0.9132", { rounding: "half-even" });
  crosspay.convertMany(amounts.slice(0, 3), "CNY", "HKD", "0.9132", { rounding: "half-even" });
  const ids = listAnswers.slice(before);
  assert.equal(ids.length, 2);
  assert.ok(ids[0] > 0 && ids[1] === ids[0], JSON.stringify(ids));
  assert.deepStrictEqual(first.targets.slice(0, 3), ["91.32", "92.24", "93.16"]);
  assert.deepStrictEqual(first.sources, amounts);
  assert.notEqual(first.sources, amounts);
  assert.deepStrictEqual(first, fullMany(amounts, "CNY", "HKD", "0.9132", { rounding: "half-even" }));
});

test("long price lists grow the module's list buffers, and a short one after lets them go: every receipt the full path's", () => {
  const next = random(20261210);
  const long = Array.from({ length: 30000 }, () => fixedOf(next, "CNY"));
  const lists = [long, ["1.00"], long.slice(0, 20000).reverse(), ["2.00", "3.00"], long];
  for (const amounts of lists) {
    const before = listAnswers.length;
    const got = crosspay.convertMany(amounts, "CNY", "JPY", "20.5", { rounding: "half-even" });
    assert.ok(listAnswers.slice(before).every((id) => id !== 0), "by the quick path");
    assert.deepStrictEqual(got, fullMany(amounts, "CNY", "JPY", "20.5", { rounding: "half-even" }));
  }
});

test("each price list's receipt is a fresh plain object: changing one changes no other", () => {
  const amounts = ["10.00", "20.00"];
  const a = crosspay.convertMany(amounts, "CNY", "HKD", "1.0962", { rounding: "half-up" });
  a.sources[0] = "x";
  a.targets.push("y");
  a.chain[0].rate = "z";
  a.rate = "w";
  const b = crosspay.convertMany(amounts, "CNY", "HKD", "1.0962", { rounding: "half-up" });
  assert.deepStrictEqual(b, fullMany(amounts, "CNY", "HKD", "1.0962", { rounding: "half-up" }));
  assert.deepStrictEqual(amounts, ["10.00", "20.00"]);
  assert.notEqual(a.chain, b.chain);
  assert.notEqual(a.chain[0], b.chain[0]);
  for (const o of [b, b.chain[0]]) assert.equal(Object.getPrototypeOf(o), Object.prototype);
  for (const o of [b.sources, b.targets, b.chain]) assert.equal(Object.getPrototypeOf(o), Array.prototype);
});

test("what the price lists' quick path declines gets the full path's receipt or error, its amounts read once", () => {
  const ok = ["1.00", "2.50"];
  const cases = [
    // Amounts written otherwise than the receipt writes them, past 18 digits, or refused.
    [["1.00", "5"], "CNY", "HKD", "0.9132", { rounding: "half-up" }],
    [["1.00", "-0.00"], "CNY", "HKD", "0.9132", { rounding: "half-up" }],
    [["12345678901234567890.12"], "CNY", "HKD", "0.9132", { rounding: "half-up" }],
    [["1.001"], "CNY", "HKD", "0.9132", { rounding: "half-up" }],
    [["１２"], "CNY", "HKD", "0.9132", { rounding: "half-up" }],
    [["1.00\n2.00"], "CNY", "HKD", "0.9132", { rounding: "half-up" }],
    [["1.00", ""], "CNY", "HKD", "0.9132", { rounding: "half-up" }],
    [[], "CNY", "HKD", "0.9132", { rounding: "half-up" }],
    // Options other than a rounding alone, and options refused.
    [ok, "CNY", "HKD", "0.9132", { rounding: "half-up", markup_bps: 25 }],
    [ok, "CNY", "HKD", "0.9132", { rounding: "half-up", reverse: true }],
    [ok, "CHF", "CHF", "1", { rounding: "half-up", cash_increment: "0.05" }],
    [ok, "CNY", "HKD", "0.9132", { rounding: "half-up", markupBps: 25 }],
    [ok, "CNY", "HKD", "0.9132", { rounding: "bankers" }],
    [ok, "CNY", "HKD", "0.9132", {}],
    [ok, "CNY", "HKD", "0.9132", undefined],
    [ok, "CNY", "HKD", "0.9132", "half-up"],
    [ok, "CNY", "HKD", "0.9132", { rounding: "half-up", extra: 1n }],
    [ok, "CNY", "HKD", "0.9132", { toJSON: () => ({ rounding: "half-down" }) }],
    // A rate or currency refused, or one the 128-bit path does not take.
    [ok, "XXX", "HKD", "0.9132", { rounding: "half-up" }],
    [ok, "CNY", "HKD", "0", { rounding: "half-up" }],
    [ok, "CNY", "HKD", `0.${"1".repeat(300)}`, { rounding: "half-up" }],
    // Wrong JS types: the same invalid_argument as ever.
    ["1.00", "CNY", "HKD", "0.9132", { rounding: "half-up" }],
    [[1], "CNY", "HKD", "0.9132", { rounding: "half-up" }],
    [["1.00", undefined], "CNY", "HKD", "0.9132", { rounding: "half-up" }],
    [ok, "CNY", null, "0.9132", { rounding: "half-up" }],
    [ok, "CNY", "HKD", 0.9132, { rounding: "half-up" }],
  ];
  for (const args of cases) {
    const want = outcome(() => fullMany(...args));
    const got = outcome(() => crosspay.convertMany(...args));
    assert.deepStrictEqual(got, want, JSON.stringify(args, (_, v) => (typeof v === "bigint" ? `${v}n` : v)));
    // And a plain list still goes by the quick path afterwards.
    const before = listAnswers.length;
    assert.deepStrictEqual(crosspay.convertMany(ok, "CNY", "HKD", "1.0962", { rounding: "half-up" }).targets, ["1.10", "2.74"]);
    assert.ok(listAnswers.slice(before).every((id) => id !== 0));
  }
  // The toJSON above is the full path's reading too: half-down, not half-up.
  assert.equal(crosspay.convertMany(["0.05"], "CNY", "HKD", "0.1", { toJSON: () => ({ rounding: "half-down" }) }).targets[0], "0.00");
  // Each amount is read once, even where the quick path declines after reading them.
  let reads = 0;
  const amounts = ["1.00", "5"];
  Object.defineProperty(amounts, 0, { get: () => (reads++, "1.00"), enumerable: true });
  assert.deepStrictEqual(crosspay.convertMany(amounts, "CNY", "HKD", "0.9132", { rounding: "half-up" }).sources, ["1.00", "5.00"]);
  assert.equal(reads, 1);
  // And where an element is not a string: the same error, the elements still read once.
  reads = 0;
  const wrong = ["1.00", 5];
  Object.defineProperty(wrong, 0, { get: () => (reads++, "1.00"), enumerable: true });
  assert.throws(() => crosspay.convertMany(wrong, "CNY", "HKD", "0.9132", { rounding: "half-up" }), (e) => e.code === "invalid_argument" && /amounts/.test(e.message));
  assert.equal(reads, 1);
});

test("a glue given a second module instance uses none of the first one's list templates", () => {
  const { glue, start } = miniprogramGlue();
  start();
  assert.deepStrictEqual(glue.convertMany(["10.00"], "CNY", "HKD", "1.0962", { rounding: "half-up" }).targets, ["10.96"]);
  start();
  const got = glue.convertMany(["10.00", "1.00"], "EUR", "JPY", "160.5", { rounding: "half-up" });
  assert.deepStrictEqual([got.source_currency, got.target_currency, got.rate, got.targets], ["EUR", "JPY", "160.5", ["1605", "161"]]);
});

// A rate sheet's `convertMany` goes the same way through its generated method, keyed by a
// symbol, which its quick path calls with a marker for the amounts. Wrapped here to count the
// module's answers, and to decline (answer 0) while `fullSheets`: the full path's receipts.
const sheetAnswers = [];
let fullSheets = false;
{
  const proto = crosspay.RateSheet.prototype;
  const [key] = Object.getOwnPropertySymbols(proto);
  const method = proto[key];
  proto[key] = function (amounts, ...rest) {
    if (Array.isArray(amounts)) return method.call(this, amounts, ...rest);
    const id = fullSheets ? 0 : method.call(this, amounts, ...rest) >>> 0;
    sheetAnswers.push(id);
    return id;
  };
}

const SHEET = crosspay.RateSheet.fromUnsignedJson(
  JSON.stringify({
    source: "T",
    as_of: "2026-11-20T00:00:00Z",
    valid_until: "2026-11-21T00:00:00Z",
    allow_inverse: true,
    pivots: ["EUR"],
    quotes: [
      { base: "EUR", quote: "HKD", mid: "9.0525", bid: "9.0400", ask: "9.0650" },
      { base: "EUR", quote: "CNY", mid: "8.2520", valid_until: "2026-11-20T12:00:00Z" },
      { base: "USD", quote: "JPY", mid: "155.20" },
      { base: "CNY", quote: "HKD", mid: "1.0962" },
    ],
  }),
);

function fullSheet(sheet, ...args) {
  fullSheets = true;
  try {
    return sheet.convertMany(...args);
  } finally {
    fullSheets = false;
  }
}

test("every rate sheet's price list receipt is the full path's: direct, inverse and cross rates, sides, times", () => {
  const next = random(20261211);
  const pairs = [["EUR", "HKD"], ["HKD", "EUR"], ["CNY", "HKD"], ["HKD", "CNY"], ["USD", "JPY"], ["JPY", "USD"], ["EUR", "CNY"], ["EUR", "JPY"]];
  const times = ["2026-11-20T06:00:00Z", "2026-11-20T13:00:00Z", "2026-11-22T00:00:00Z"];
  const before = sheetAnswers.length;
  for (let i = 0; i < 300; i++) {
    const [from, to] = pairs[next(pairs.length)];
    const at = times[next(4) === 0 ? next(3) : 0];
    const options = { rounding: MODES[next(7)], ...(next(3) === 0 ? { side: ["buy", "sell", "mid"][next(3)] } : {}), ...(next(8) === 0 ? { markup_bps: 30 } : {}) };
    const any = next(5) === 0;
    const amounts = Array.from({ length: 1 + next(30) }, () => (any ? amountOf(next, from) : fixedOf(next, from)));
    const got = outcome(() => SHEET.convertMany(amounts, from, to, at, options));
    const want = outcome(() => fullSheet(SHEET, amounts, from, to, at, options));
    assert.deepStrictEqual(got, want, `${JSON.stringify(amounts)} ${from} → ${to} at ${at}, ${JSON.stringify(options)}`);
    if (got.receipt) assert.deepStrictEqual(Object.keys(got.receipt), Object.keys(want.receipt));
  }
  const quick = sheetAnswers.slice(before).filter((id) => id !== 0).length;
  assert.ok(quick >= 60, `${quick} of 300 lists by the quick path`);
});

test("a rate sheet's and a given rate's price lists, one after the other, each get their own receipt", () => {
  const amounts = ["10.00", "123.45"];
  const at = "2026-11-20T06:00:00Z";
  for (let i = 0; i < 4; i++) {
    const before = sheetAnswers.length;
    const fromSheet = SHEET.convertMany(amounts, "CNY", "HKD", at, { rounding: "half-up" });
    assert.ok(sheetAnswers.slice(before).every((id) => id !== 0), "by the quick path");
    assert.deepStrictEqual(fromSheet, fullSheet(SHEET, amounts, "CNY", "HKD", at, { rounding: "half-up" }));
    assert.equal(fromSheet.provenance.source, "T");
    const given = crosspay.convertMany(amounts, "CNY", "HKD", "1.0962", { rounding: "half-up" });
    assert.deepStrictEqual(given, fullMany(amounts, "CNY", "HKD", "1.0962", { rounding: "half-up" }));
    assert.equal(given.provenance, undefined);
    assert.deepStrictEqual(given.targets, fromSheet.targets);
  }
});

test("no caller's argument is taken for the quick path's marker: a sheet's wrong amounts are the same invalid_argument", () => {
  for (const amounts of [{}, Object.freeze({}), 3, null, undefined, "1.00", [1]]) {
    assert.throws(
      () => SHEET.convertMany(amounts, "CNY", "HKD", "2026-11-20T06:00:00Z", { rounding: "half-up" }),
      (e) => e.code === "invalid_argument" && /amounts/.test(e.message),
      JSON.stringify(amounts),
    );
  }
});
