// The installed package's browser entry in headless Chromium (Debian's chromium driven by
// playwright-core), served from localhost, against the same vectors as Node.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { executablePath, launchChromium } from "./chromium.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const pkgRoot = dirname(createRequire(import.meta.url).resolve("crosspay/package.json"));
const vectorsDir = process.env.CROSSPAY_VECTORS;
const types = { ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json", ".html": "text/html" };
const roots = { "/pkg/": pkgRoot, "/vectors/": vectorsDir, "/test/": here };

let server;
let browser;
let base;

before(async () => {
  assert.ok(vectorsDir, "CROSSPAY_VECTORS must name tests/vectors");
  assert.ok(existsSync(executablePath), `Chromium not found at ${executablePath}: run scripts/setup.sh`);
  server = createServer((req, res) => {
    const path = new URL(req.url, "http://x").pathname;
    if (path === "/") {
      res.writeHead(200, { "content-type": "text/html" });
      return res.end("<!doctype html><title>crosspay</title><p>crosspay browser test</p>");
    }
    const prefix = Object.keys(roots).find((p) => path.startsWith(p));
    const file = prefix && normalize(join(roots[prefix], path.slice(prefix.length)));
    if (!file || !file.startsWith(roots[prefix]) || !existsSync(file)) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${server.address().port}`;
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve()));
});

test("vectors pass in Chromium through the ESM browser entry", async (t) => {
  const page = await browser.newPage();
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(String(e)));
  await page.goto(`${base}/`);
  const { beforeInit, results } = await page.evaluate(async () => {
    const crosspay = await import("/pkg/dist/index.js");
    let beforeInit;
    try {
      crosspay.convert("1.00", "CNY", "HKD", "1", "half-up");
      beforeInit = "no error";
    } catch (e) {
      beforeInit = e.code;
    }
    await crosspay.initAsync();
    const doc = await (await fetch("/vectors/convert.json")).json();
    const money = await (await fetch("/vectors/money.json")).json();
    const { runConvertVectors, runMoneyVectors } = await import("/test/money-checks.js");
    return { beforeInit, results: [...runConvertVectors(crosspay, doc), ...runMoneyVectors(crosspay, money)] };
  });
  assert.equal(beforeInit, "not_initialized");
  assert.ok(results.length >= 90, `only ${results.length} vectors ran`);
  for (const r of results) {
    await t.test(`chromium vector ${r.name}`, () => assert.deepEqual(r.got, r.want));
  }
  assert.deepEqual(pageErrors, []);
  await page.close();
});

/** Loads the browser entry in a fresh page, then runs `runner` from /test/`module` over a vector file. */
async function runInPage(module, runner, vectorFile) {
  const page = await browser.newPage();
  await page.goto(`${base}/`);
  const results = await page.evaluate(async ([module, runner, vectorFile]) => {
    const crosspay = await import("/pkg/dist/index.js");
    await crosspay.initAsync();
    const doc = await (await fetch(`/vectors/${vectorFile}`)).json();
    const checks = await import(`/test/${module}`);
    return checks[runner](crosspay, doc);
  }, [module, runner, vectorFile]);
  await page.close();
  return results;
}

test("merchant QR vectors in Chromium", async (t) => {
  const results = await runInPage("merchant-qr-checks.js", "runMerchantQrVectors", "merchant_qr.json");
  assert.ok(results.length >= 60, `only ${results.length} merchant QR vectors ran`);
  for (const r of results) {
    await t.test(`chromium merchant qr ${r.name}`, () => assert.ok(r.ok, r.detail));
  }
});

test("card and prepaid vectors in Chromium", async (t) => {
  const cards = await runInPage("card-checks.js", "runCardVectors", "cards.json");
  const prepaid = await runInPage("card-checks.js", "runPrepaidVectors", "prepaid.json");
  assert.ok(cards.length >= 100 && prepaid.length >= 25, `only ${cards.length} card and ${prepaid.length} prepaid checks ran`);
  for (const r of [...cards, ...prepaid]) {
    await t.test(`chromium cards: ${r.name}`, () => assert.ok(r.ok, r.detail));
  }
});

test("render vectors in Chromium, and drawQrMatrix on a real canvas", async (t) => {
  const results = await runInPage("render-checks.js", "runRenderVectors", "render.json");
  assert.ok(results.length >= 20, `only ${results.length} render checks ran`);
  for (const r of results) {
    await t.test(`chromium render: ${r.name}`, () => assert.ok(r.ok, r.detail));
  }
  const page = await browser.newPage();
  await page.goto(`${base}/`);
  const mismatches = await page.evaluate(async () => {
    const crosspay = await import("/pkg/dist/index.js");
    await crosspay.initAsync();
    const m = crosspay.qrMatrix("CP1:HELLO FROM A CANVAS");
    const canvas = document.createElement("canvas");
    const scale = 3;
    canvas.width = canvas.height = (m.size + 2 * m.quiet_zone) * scale;
    const ctx = canvas.getContext("2d");
    crosspay.drawQrMatrix(ctx, m, { scale });
    const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
    let bad = 0;
    for (let y = -m.quiet_zone; y < m.size + m.quiet_zone; y++) {
      for (let x = -m.quiet_zone; x < m.size + m.quiet_zone; x++) {
        const dark = x >= 0 && y >= 0 && x < m.size && y < m.size && m.modules[y * m.size + x] === 1;
        const px = ((y + m.quiet_zone) * scale + 1) * canvas.width + (x + m.quiet_zone) * scale + 1;
        if ((pixels[px * 4] < 128) !== dark) bad++;
      }
    }
    return bad;
  });
  await page.close();
  assert.equal(mismatches, 0);
});

test("an asynchronous replay store in Chromium (AsyncVerifier)", async (t) => {
  const results = await runInPage("paycode-checks.js", "runAsyncStoreChecks", "paycodes.json");
  assert.ok(results.length >= 30, `only ${results.length} checks ran`);
  for (const r of results) {
    await t.test(`chromium ${r.name}`, () => assert.ok(r.ok, r.detail));
  }
});

test("keys interoperate with Chromium's WebCrypto", async (t) => {
  const results = await runInPage("keys-checks.js", "runKeyChecks", "keys.json");
  assert.ok(results.length >= 20, `only ${results.length} key checks ran`);
  for (const r of results) {
    await t.test(`chromium keys: ${r.name}`, () => assert.ok(r.ok, r.detail));
  }
});

test("payment-code vectors and a WebCrypto-signed wallet code in Chromium", async (t) => {
  const results = await runInPage("paycode-checks.js", "runPaycodeVectors", "paycodes.json");
  assert.ok(results.length > 60);
  for (const r of results) {
    await t.test(`chromium paycode ${r.name}`, () => assert.ok(r.ok, r.detail));
  }
  const page = await browser.newPage();
  await page.goto(`${base}/`);
  const r = await page.evaluate(async () => {
    const crosspay = await import("/pkg/dist/index.js");
    await crosspay.initAsync();
    const v = await (await fetch("/vectors/paycodes.json")).json();
    const checks = await import("/test/paycode-checks.js");
    return checks.runWebCryptoWallet(crosspay, v, crypto.subtle);
  });
  await page.close();
  assert.ok(r.ok, r.detail);
});

