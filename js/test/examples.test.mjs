// The mini-program example projects (examples/wechat-miniprogram, examples/alipay-miniprogram)
// run in the simulated hosts as their IDEs would lay them out: the pay page loads crosspay, shows
// the CNY price in HKD from the verified rate sheet and the wallet's payment code, keeps the
// wallet state in storage, and the code verifies at a terminal. Their shared files are current.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import * as crosspay from "crosspay";
import { miniprogramHost } from "./miniprogram-host.mjs";

const examples = resolve(process.env.CROSSPAY_JS_DIR, "..", "examples");
const pkgDir = dirname(createRequire(import.meta.url).resolve("crosspay/package.json"));
const mpDir = join(pkgDir, "miniprogram_dist");
const demo = createRequire(join(examples, "wechat-miniprogram", "pages", "pay", "demo-data.js"))("./demo-data.js");
const jsQR = createRequire(join(process.env.CROSSPAY_JS_DIR, "package.json"))("jsqr");

/** The QR code the page drew on its <canvas id="qr">, read back by a decoder: it is the code shown. */
async function assertQrDrawn(host, data) {
  await new Promise((done) => setTimeout(done, 20)); // the selector query answers later
  const canvas = host.canvases.get("qr");
  assert.ok(canvas?.pixels, "the page drew on its canvas");
  const read = jsQR(canvas.pixels, canvas.width, canvas.height);
  assert.equal(read?.data, data.code, "the drawn QR code scans as the payment code");
}

test("the examples' shared files are what examples/make-demo-data.mjs makes from this package", () => {
  const entry = pathToFileURL(join(pkgDir, "dist", "node.js")).href;
  const r = spawnSync(process.execPath, [join(examples, "make-demo-data.mjs"), "--check"], { encoding: "utf8", env: { ...process.env, CROSSPAY_JS_ENTRY: entry } });
  assert.equal(r.status, 0, r.stderr);
});

/** A page instance as the hosts make one: `data` copied from the definition, setData merging. */
function openPage(definition, onSetData = () => {}) {
  const page = Object.create(definition);
  page.data = { ...definition.data };
  page.setData = (d) => {
    Object.assign(page.data, d);
    onSetData(page.data);
  };
  return page;
}

/** What the page's template binds must be in its data after loading. */
function assertTemplateBound(template, data) {
  for (const [, key] of readFileSync(template, "utf8").matchAll(/\{\{\s*(\w+)\s*\}\}/g)) assert.ok(key in data, `${template} binds ${key}`);
}

function assertPayScreen(data, counter) {
  assert.equal(data.error, "", data.error);
  assert.equal(data.price, "88.00 CNY");
  assert.equal(data.pay, "96.70 HKD");
  assert.match(data.rate, /^1 HKD = 0\.91 CNY \(crosspay demo treasury, valid until 2026-12-01T20:00:00Z\)$/);
  assert.match(data.code, /^CP1:/);
  assert.equal(data.counter, counter);
  // A terminal with the same trust list accepts the code, once.
  const trust = crosspay.TrustList.verify(demo.trustList, crosspay.PublicKey.parse(demo.rootPublicKey));
  const terminal = new crosspay.Verifier(trust, { terminal_currency: "HKD", scope: "retail" });
  const verdict = terminal.verify(data.code, demo.at);
  assert.ok(verdict.accepted, `${verdict.reason}: ${verdict.detail}`);
  assert.deepEqual([verdict.amount, verdict.currency, verdict.counter], ["96.70", "HKD", counter]);
}

test("WeChat example: the pay page shows the HKD total and a code the terminal accepts; the counter is kept", async () => {
  const root = join(examples, "wechat-miniprogram");
  const host = miniprogramHost({ kind: "wechat", mounts: { "/": root, "/miniprogram_npm/crosspay": mpDir } });
  host.require("/app.js", "/");
  const app = JSON.parse(readFileSync(join(root, "app.json"), "utf8"));
  host.require(`/${app.pages[0]}.js`, "/");
  assert.equal(host.pages.length, 1);
  for (const counter of [1, 2]) {
    const page = openPage(host.pages[0]);
    await page.onLoad();
    assertPayScreen(page.data, counter);
    await assertQrDrawn(host, page.data);
    assertTemplateBound(join(root, `${app.pages[0]}.wxml`), page.data);
    assert.ok(host.storage.get("crosspay-wallet"), "the wallet state is stored");
  }
  assert.deepEqual(host.loads, ["/miniprogram_npm/crosspay/crosspay_wasm_bg.wasm.br"]);
});

test("the WeChat pay page on a client without WXWebAssembly runs on the pure-JS fallback (a project that keeps it)", async () => {
  const root = join(examples, "wechat-miniprogram");
  const host = miniprogramHost({ kind: "wechat", mounts: { "/": root, "/miniprogram_npm/crosspay": mpDir } });
  host.evaluate("delete globalThis.WXWebAssembly"); // base library before 2.13.0
  host.require("/app.js", "/");
  const app = JSON.parse(readFileSync(join(root, "app.json"), "utf8"));
  host.require(`/${app.pages[0]}.js`, "/");
  const page = openPage(host.pages[0]);
  await page.onLoad();
  assertPayScreen(page.data, 1);
  await assertQrDrawn(host, page.data);
  assert.equal(host.require("crosspay").backend(), "wasm2js");
  assert.deepEqual(host.loads, []);
});

test("Alipay example: the page asks its worker, which loads crosspay through MYWebAssembly", async () => {
  const root = join(examples, "alipay-miniprogram");
  const wasm = readFileSync(join(mpDir, "crosspay_wasm_bg.wasm.br")); // what the postinstall step copies
  const host = miniprogramHost({
    kind: "alipay",
    mounts: { "/": root, "/node_modules/crosspay": pkgDir },
    files: { "/assets/crosspay_wasm_bg.wasm.br": wasm },
  });
  assert.equal(host.evaluate("typeof MYWebAssembly"), "undefined", "not on the page's thread");
  host.require("/app.js", "/");
  const app = JSON.parse(readFileSync(join(root, "app.json"), "utf8"));
  host.require(`/${app.pages[0]}.js`, "/");
  for (const counter of [1, 2]) {
    const data = await new Promise((done) => {
      const page = openPage(host.pages[0], (d) => (d.code || d.error) && done(d));
      page.onLoad();
    });
    assertPayScreen(data, counter);
    await assertQrDrawn(host, data);
    assertTemplateBound(join(root, `${app.pages[0]}.axml`), data);
  }
  assert.equal(JSON.parse(readFileSync(join(root, "package.json"), "utf8")).scripts.postinstall.includes("assets/crosspay_wasm_bg.wasm.br"), true);
});
