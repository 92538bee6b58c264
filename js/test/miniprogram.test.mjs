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
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { ABSENT, checkScripts, miniprogramHost, vectorTexts } from "./miniprogram-host.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const jsDir = process.env.CROSSPAY_JS_DIR;
const vectors = process.env.CROSSPAY_VECTORS;
const pkgDir = dirname(createRequire(import.meta.url).resolve("crosspay/package.json"));
const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
const mpDir = join(pkgDir, pkg.miniprogram);
const files = checkScripts(here, jsDir);
const texts = vectorTexts(vectors);
const wechatMounts = { "/miniprogram_npm/crosspay": mpDir };
const alipayMounts = { "/node_modules/crosspay": pkgDir };
const ALIPAY_PATH = `/node_modules/crosspay/${pkg.miniprogram}/crosspay_wasm_bg.wasm.br`;

function expectAllPassed(outcome, backend) {
  assert.equal(outcome.error, undefined, outcome.error);
  assert.equal(outcome.backend, backend);
  const byArea = {};
  for (const r of outcome.results) {
    byArea[r.area] = (byArea[r.area] ?? 0) + 1;
    assert.ok(r.ok, `${r.area} ${r.name}: ${r.detail}`);
  }
  // Every shared file ran, with about as many cases as in Node (WebCrypto interop left out).
  for (const [area, atLeast] of Object.entries({ convert: 30, money: 40, "merchant-qr": 40, keys: 20, paycode: 10, render: 20, cards: 100, prepaid: 25 })) {
    assert.ok(byArea[area] >= atLeast, `${area}: ${byArea[area]} cases`);
  }
  return byArea;
}

test("the package names its mini-program folder, with the module as .wasm.br", () => {
  assert.equal(pkg.miniprogram, "miniprogram_dist");
  const names = readdirSync(mpDir);
  for (const f of ["index.js", "crosspay_wasm.js", "state.js", "tape.js", "text.js", "crosspay_wasm_bg.wasm.br", "index.d.ts"]) {
    assert.ok(names.includes(f), f);
  }
  assert.ok(!names.some((f) => f.endsWith(".wasm")), "only the brotli module ships here");
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
  const code = (fn) => {
    try {
      fn();
      return "no error";
    } catch (e) {
      return e.name === "CrosspayError" ? e.code : String(e);
    }
  };
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
  for (const bad of ["/path.wasm", { path: 7 }, { fallback: "yes" }, { wasm: "/x.wasm" }]) {
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

test("Alipay, main thread: no MYWebAssembly, so initAsync() says the module cannot load", async () => {
  const host = miniprogramHost({ kind: "alipay", mounts: alipayMounts, files });
  assert.equal(host.evaluate("typeof MYWebAssembly"), "undefined");
  const cp = host.require("crosspay");
  const e = await cp.initAsync({ path: ALIPAY_PATH }).then(() => null, (err) => err);
  assert.equal(e?.code, "load_failed");
  assert.match(e.message, /WebAssembly/);
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
