// The mini-program entry (package.json "miniprogram") in simulated WeChat and Alipay runtimes
// (miniprogram-host.mjs): it loads through WXWebAssembly on WeChat's main thread and through
// MYWebAssembly inside an Alipay worker, and every shared vector file passes in each; before
// initAsync() resolves calls throw not_initialized; bad paths and options are typed errors; every
// file parses as an ES2017 script.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { brotliDecompressSync } from "node:zlib";
import { ABSENT, checkScripts, miniprogramHost, vectorTexts } from "./miniprogram-host.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const jsDir = process.env.CROSSPAY_JS_DIR;
const vectors = process.env.CROSSPAY_VECTORS;
const pkgDir = dirname(createRequire(import.meta.url).resolve("crosspay/package.json"));
const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
const mpDir = join(pkgDir, pkg.miniprogram);
const files = checkScripts(here, jsDir);
const buildScript = (f) => import(pathToFileURL(join(jsDir, "scripts", f)).href);
const { TABLES_EXPORT } = await buildScript("miniprogram.mjs");
const { TABLE_BYTES, TABLE_PAYLOAD, tablesIn, withTableChecked } = await buildScript("generator-table.mjs");
const { dataBytes, dataOf, memoryImage, sections } = await buildScript("wasm-module.mjs");
const texts = vectorTexts(vectors);
const wechatMounts = { "/miniprogram_npm/crosspay": mpDir };
const alipayMounts = { "/node_modules/crosspay": pkgDir };
const ALIPAY_PATH = `/node_modules/crosspay/${pkg.miniprogram}/crosspay_wasm_bg.wasm.br`;

// What the pure-JS fallback leaves out (it throws not_in_fallback there).
const NOT_IN_FALLBACK = ["cards", "prepaid"];

function expectAllPassed(outcome, backend) {
  assert.equal(outcome.error, undefined, outcome.error);
  assert.equal(outcome.backend, backend);
  const byArea = {};
  for (const r of outcome.results) {
    byArea[r.area] = (byArea[r.area] ?? 0) + 1;
    assert.ok(r.ok, `${r.area} ${r.name}: ${r.detail}`);
  }
  // Every shared file ran, with about as many cases as in Node (WebCrypto interop left out).
  const least = { convert: 30, money: 40, "merchant-qr": 40, keys: 20, paycode: 10, render: 20, cards: 100, prepaid: 25 };
  for (const [area, atLeast] of Object.entries(least)) {
    if (backend === "wasm2js" && NOT_IN_FALLBACK.includes(area)) assert.equal(byArea[area], undefined, area);
    else assert.ok(byArea[area] >= atLeast, `${area}: ${byArea[area]} cases`);
  }
  return byArea;
}

// What a call throws: "code: message" for a CrosspayError, "no error" when it returns.
function outcome(fn) {
  try {
    fn();
    return "no error";
  } catch (e) {
    return e.name === "CrosspayError" ? `${e.code}: ${e.message}` : String(e);
  }
}

// Calls the fallback leaves out: each throws not_in_fallback, naming what was called.
function expectNotInFallback(host) {
  const cp = host.require("crosspay");
  const HostBytes = host.evaluate("Uint8Array");
  assert.match(outcome(() => cp.checkCard("4111111111111111")), /^not_in_fallback: checkCard\(\) is not in the pure-JS fallback/);
  assert.match(outcome(() => cp.CardNumber.parse("4111111111111111")), /^not_in_fallback: CardNumber\.parse\(\)/);
  assert.match(outcome(() => cp.PublicKey.fromSpkiDer(new HostBytes([48, 0]))), /^not_in_fallback: PublicKey\.fromSpkiDer\(\)/);
}

test("the package names its mini-program folder, with the module as .wasm.br", () => {
  assert.equal(pkg.miniprogram, "miniprogram_dist");
  const names = readdirSync(mpDir);
  for (const f of ["index.js", "crosspay_wasm.js", "state.js", "tape.js", "text.js", "crosspay_wasm_bg.wasm.br", "crosspay_fallback.js", "index.d.ts"]) {
    assert.ok(names.includes(f), f);
  }
  assert.ok(!names.some((f) => f.endsWith(".wasm")), "only the brotli module ships here");
});

// A mini-program's first key builds no table (js/scripts/miniprogram.mjs, withTablesBuilt): the
// folder's module holds core's generator table as data, its code the npm module's but for the
// function that built it; the npm module, which pages download, builds the table on its first key.
// That the table is right, every signing and key vector below proves, through both backends.
test("the mini-program module and fallback ship the generator table built", () => {
  const npm = readFileSync(join(pkgDir, "dist", "crosspay_wasm_bg.wasm"));
  const mp = brotliDecompressSync(readFileSync(join(mpDir, "crosspay_wasm_bg.wasm.br")));
  const exported = (bytes) => WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => e.name);
  assert.ok(exported(npm).includes(TABLES_EXPORT), "the npm module keeps the export the build evaluates");
  assert.deepEqual(exported(mp), exported(npm).filter((n) => n !== TABLES_EXPORT));
  const grown = dataBytes(mp) - dataBytes(npm);
  assert.ok(grown >= TABLE_PAYLOAD - 64 && grown <= TABLE_BYTES + 1024, `${grown} bytes of data more than the npm module's`);
  const code = (bytes) => sections(bytes).find((s) => s.id === 10);
  const [a, b] = [code(npm), code(mp)].map((s) => s.end - s.body);
  assert.ok(b < a && a - b < 256, `code: ${a} bytes in the npm module, ${b} in the mini-program's`);
  // The table is found where it starts, at the generator, its 264 points on the curve. The npm
  // module has none.
  assert.equal(tablesIn(memoryImage(dataOf(mp)).memory).length, 1);
  assert.ok(withTableChecked(mp).equals(mp));
  assert.throws(() => withTableChecked(npm), /found 0/);
  // The fallback holds it too: its data, as wasm2js writes it (base64 at each segment's offset),
  // has one table from the generator, 264 points of the curve; it no longer names the export.
  const fallback = readFileSync(join(mpDir, "crosspay_fallback.js"), "utf8");
  assert.ok(!fallback.includes(TABLES_EXPORT));
  const pieces = [...fallback.matchAll(/\w+\(\w+,(\d+),"([A-Za-z0-9+/=]+)"\)/g)].map((m) => ({ offset: Number(m[1]), data: Buffer.from(m[2], "base64") }));
  assert.ok(pieces.length > 100, `${pieces.length} data segments found in the fallback`);
  const tables = tablesIn(memoryImage(pieces).memory);
  assert.equal(tables.length, 1);
  assert.equal(tables[0].points.length, 264);
  // The rows are the generator's multiples: row 0 holds G, 2G, …, 8G (x of 2G checked).
  assert.equal(tables[0].points[1][0], 0x7cf27b188d034f7e8a52380304b51ac3c08969e277f21b35a60b48fc47669978n);
});

test("every file of the mini-program entry parses as an ES2017 script", () => {
  const acorn = createRequire(join(jsDir, "package.json"))("acorn");
  const scripts = readdirSync(mpDir).filter((f) => f.endsWith(".js"));
  assert.ok(scripts.length >= 5);
  for (const f of scripts) {
    assert.doesNotThrow(() => acorn.parse(readFileSync(join(mpDir, f), "utf8"), { ecmaVersion: 2017, sourceType: "script" }), f);
  }
  // and the parser does refuse newer syntax, so the check means something
  for (const newer of ["a ?? b", "a?.b", "try {} catch {}", "1n", "class A { x = 1 }", "import.meta"]) {
    assert.throws(() => acorn.parse(newer, { ecmaVersion: 2017, sourceType: "script" }), newer);
  }
});

test("WeChat, main thread: nothing the entry must not rely on is there", () => {
  const host = miniprogramHost({ kind: "wechat", mounts: wechatMounts, files });
  for (const name of ABSENT) assert.equal(host.evaluate(`typeof ${name}`), "undefined", name);
  assert.equal(host.evaluate("typeof WXWebAssembly"), "object");
  return host.evaluate('import("crosspay").then(() => "loaded", () => "refused")').then((r) => assert.equal(r, "refused"));
});

test("WeChat: before initAsync() resolves every call throws not_initialized", async () => {
  const host = miniprogramHost({ kind: "wechat", mounts: wechatMounts, files });
  const cp = host.require("crosspay");
  const code = (fn) => outcome(fn).split(":")[0];
  assert.equal(code(() => cp.convert("1.00", "CNY", "HKD", "1.08", "half-even")), "not_initialized");
  const HostBytes = host.evaluate("Uint8Array");
  assert.equal(code(() => cp.PrivateKey.fromRaw(new HostBytes(32).fill(1))), "not_initialized");
  const pending = cp.initAsync();
  assert.equal(code(() => cp.version()), "not_initialized", "still loading");
  await pending;
  assert.equal(typeof cp.version(), "string");
  assert.equal(cp.backend(), "WXWebAssembly");
  assert.deepEqual(host.loads, ["/miniprogram_npm/crosspay/crosspay_wasm_bg.wasm.br"]);
  await cp.initAsync(); // again: resolves, loads nothing more
  assert.equal(host.loads.length, 1);
});

test("WeChat, main thread: every shared vector file passes", async () => {
  const host = miniprogramHost({ kind: "wechat", mounts: wechatMounts, files });
  const outcome = JSON.parse(await host.require("/checks/run.js").run(texts, undefined));
  expectAllPassed(outcome, "WXWebAssembly");
});

test("a module path that is not in the package is load_failed, and a later good call loads", async () => {
  const host = miniprogramHost({ kind: "wechat", mounts: wechatMounts, files });
  const cp = host.require("crosspay");
  const failed = await cp.initAsync({ path: "/miniprogram_npm/crosspay/missing.wasm.br" }).then(() => null, (e) => e);
  assert.equal(failed?.name, "CrosspayError");
  assert.equal(failed.code, "load_failed");
  assert.match(failed.message, /missing\.wasm\.br/);
  await cp.initAsync();
  assert.equal(cp.backend(), "WXWebAssembly");
});

test("initAsync options of the wrong type or name are invalid_argument", async () => {
  const host = miniprogramHost({ kind: "wechat", mounts: wechatMounts, files });
  const cp = host.require("crosspay");
  for (const bad of ["/path.wasm", { path: 7 }, { fallback: "yes" }, { fallback: 1 }, { fallback: true, path: "/x.wasm.br" }, { wasm: "/x.wasm" }]) {
    const e = await cp.initAsync(bad).then(() => null, (err) => err);
    assert.equal(e?.code, "invalid_argument", JSON.stringify(bad));
  }
});

test("host entropy: randomBytesAsync and generateKeyAsync use wx.getRandomValues", async () => {
  const host = miniprogramHost({ kind: "wechat", mounts: wechatMounts, files });
  const cp = host.require("crosspay");
  await cp.initAsync();
  const bytes = await cp.randomBytesAsync(32);
  assert.equal(bytes.length, 32);
  const [a, b] = [await cp.generateKeyAsync(), await cp.generateKeyAsync()];
  assert.notEqual(a.publicKey().kid, b.publicKey().kid);
  const msg = new (host.evaluate("Uint8Array"))([1, 2, 3]);
  assert.ok(a.publicKey().verify(msg, a.sign(msg)).valid);
  // the core never asks for synchronous random here
  assert.throws(() => cp.PrivateKey.generate(), (e) => e.code === "random_unavailable");
  for (const n of [0, 1025, 1.5, "32"]) {
    assert.equal(await cp.randomBytesAsync(n).then(() => "no error", (e) => e.code), "invalid_argument", String(n));
  }
});

test("WeChat, pure-JS fallback (fallback: true): every shared vector file it carries passes, with no module file and no eval", async () => {
  const host = miniprogramHost({ kind: "wechat", mounts: wechatMounts, files });
  assert.throws(() => host.evaluate('eval("1")'), /Code generation from strings disallowed/, "the host allows no eval");
  const outcome = JSON.parse(await host.require("/checks/run.js").run(texts, { fallback: true }, NOT_IN_FALLBACK));
  expectAllPassed(outcome, "wasm2js");
  assert.deepEqual(host.loads, [], "WXWebAssembly is not asked");
  expectNotInFallback(host);
  const cp = host.require("crosspay");
  // an i64 parameter (a BigInt in the glue) crosses as two halves, both signs and the extremes
  assert.equal(cp.fromMinorUnits(-9007199254740993n, "JPY"), "-9007199254740993");
  assert.equal(cp.fromMinorUnits(9223372036854775807n, "USD"), "92233720368547758.07");
  assert.equal(cp.fromMinorUnits(-9223372036854775808n, "USD"), "-92233720368547758.08");
});

test("Alipay, main thread: no MYWebAssembly, so initAsync() runs the pure-JS fallback and its vectors pass", async () => {
  const host = miniprogramHost({ kind: "alipay", mounts: alipayMounts, files });
  assert.equal(host.evaluate("typeof MYWebAssembly"), "undefined");
  // the worker's options (a module path) do not stop the fallback on the main thread
  const outcome = JSON.parse(await host.require("/checks/run.js", "/pages/pay/pay.js").run(texts, { path: ALIPAY_PATH }, NOT_IN_FALLBACK));
  expectAllPassed(outcome, "wasm2js");
  expectNotInFallback(host);
});

test("a newer engine (ArrayBuffer.prototype.detached, as iOS 17.4 and V8 12 have): the fallback's growing memory is read afresh", async () => {
  const host = miniprogramHost({ kind: "alipay", mounts: alipayMounts, files });
  // wasm2js grows memory into a new ArrayBuffer and leaves the old one attached: a view cached
  // over the old one must not be kept because `detached` says false.
  host.evaluate('Object.defineProperty(ArrayBuffer.prototype, "detached", { configurable: true, get() { return false; } })');
  const outcome = JSON.parse(await host.require("/checks/run.js", "/pages/pay/pay.js").run(texts, {}, NOT_IN_FALLBACK));
  expectAllPassed(outcome, "wasm2js");
  const cp = host.require("crosspay");
  // and a batch large enough to grow the memory again comes back whole and right
  const amounts = Array.from({ length: 20000 }, (_, i) => `${i}.${String(i % 100).padStart(2, "0")}`);
  const many = cp.convertMany(amounts, "CNY", "HKD", "1.0962", { rounding: "half-up" });
  assert.equal(many.targets.length, amounts.length);
  assert.equal(many.targets[19999], cp.convert(amounts[19999], "CNY", "HKD", "1.0962", "half-up").target.amount);
});

test("the module's memory grows: results after it are read from the grown memory", async () => {
  const host = miniprogramHost({ kind: "wechat", mounts: wechatMounts, files });
  const cp = host.require("crosspay");
  await cp.initAsync();
  assert.equal(cp.backend(), "WXWebAssembly");
  const before = [cp.fromMinorUnits(12345n, "HKD"), cp.convert("88.00", "CNY", "HKD", "1.0962", "half-up").target.amount];
  // About 10 MB in and out, more than the module has held: it grows (the glue's views of the old
  // buffer would throw once it is detached).
  const amounts = Array.from({ length: 600000 }, (_, i) => `${i}.${String(i % 100).padStart(2, "0")}`);
  const many = cp.convertMany(amounts, "CNY", "HKD", "1.0962", { rounding: "half-up" });
  assert.equal(many.targets.length, amounts.length);
  assert.equal(many.targets[599999], cp.convert(amounts[599999], "CNY", "HKD", "1.0962", "half-up").target.amount);
  assert.deepEqual([cp.fromMinorUnits(12345n, "HKD"), cp.convert("88.00", "CNY", "HKD", "1.0962", "half-up").target.amount], before);
});

test("an old engine without BigInt still runs the fallback (only the i64 calls need it)", async () => {
  const host = miniprogramHost({ kind: "alipay", mounts: alipayMounts, files });
  host.evaluate("delete globalThis.BigInt");
  assert.equal(host.evaluate("typeof BigInt"), "undefined");
  const cp = host.require("crosspay");
  await cp.initAsync();
  assert.equal(cp.backend(), "wasm2js");
  assert.equal(cp.convert("88.00", "CNY", "HKD", "1.0962", "half-up").target.amount, "96.47");
  const key = await cp.generateKeyAsync();
  const msg = new (host.evaluate("Uint8Array"))([1, 2, 3]);
  assert.ok(key.publicKey().verify(msg, key.sign(msg)).valid);
});

test("a code package that leaves the fallback out (packOptions.ignore) says so: load_failed", async () => {
  const host = miniprogramHost({ kind: "wechat", mounts: wechatMounts, files, hide: ["/miniprogram_npm/crosspay/crosspay_fallback.js"] });
  const cp = host.require("crosspay");
  const e = await cp.initAsync({ fallback: true }).then(() => null, (err) => err);
  assert.equal(e?.code, "load_failed");
  assert.match(e.message, /crosspay_fallback\.js/);
  await cp.initAsync(); // the module still loads through WXWebAssembly
  assert.equal(cp.backend(), "WXWebAssembly");
});

test("Alipay, inside a worker: every shared vector file passes through MYWebAssembly", async () => {
  const outcome = await new Promise((resolve, reject) => {
    const worker = new Worker(new URL("./miniprogram-worker.mjs", import.meta.url), {
      workerData: { mounts: alipayMounts, files, texts, init: { path: ALIPAY_PATH }, absent: ABSENT },
    });
    worker.once("message", resolve);
    worker.once("error", reject);
  });
  for (const name of ABSENT) assert.equal(outcome.absent?.[name], "undefined", name);
  assert.equal(outcome.loader, "object");
  assert.deepEqual(outcome.loads, [ALIPAY_PATH]);
  expectAllPassed(outcome, "MYWebAssembly");
});
