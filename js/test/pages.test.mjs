// The example pages (examples/web/) in headless Chromium, driven as a person would, served by
// their own static server on loopback with the installed package. Screenshots are kept as test
// artifacts, and the codes are read back FROM THE SCREENSHOTS by an independent decoder (zbar),
// then checked with this package: the checkout's merchant QR decodes to the order, the wallet's
// QR verifies at a terminal and its barcode is the numeric code, the gate accepts a code once and
// refuses the replay, an expired rate sheet is refused on screen, and every page keeps working
// with the network cut after load (the wallet even across a reload, through its service worker).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import * as crosspay from "crosspay";
import { launchChromium } from "./chromium.mjs";

const jsDir = process.env.CROSSPAY_JS_DIR;
const examples = resolve(jsDir, "..", "examples", "web");
const pkgDir = dirname(createRequire(import.meta.url).resolve("crosspay/package.json"));
const artifacts = process.env.CROSSPAY_ARTIFACTS ?? join(resolve(jsDir, ".."), "target", "test-artifacts", "pages");
const { startServer } = await import(pathToFileURL(join(examples, "serve.mjs")).href);
const { default: demo } = await import(pathToFileURL(join(examples, "demo-data.js")).href);

let server;
let browser;

before(async () => {
  mkdirSync(artifacts, { recursive: true });
  server = await startServer({ pkgDist: join(pkgDir, "dist"), jsqr: join(jsDir, "node_modules", "jsqr", "dist", "jsQR.js") });
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Reads every symbol in a PNG with zbar: [{ type, data }] (exact bytes: -Sbinary, one per call). */
function zbar(png) {
  const types = execFileSync("zbarimg", ["-q", "--xml", png], { encoding: "utf8" })
    .split("<symbol type='")
    .slice(1)
    .map((s) => s.split("'")[0]);
  const read = (symbology) =>
    execFileSync("zbarimg", ["-q", "--raw", "-Sdisable", `-S${symbology}.enable`, "-Sbinary", png], { encoding: "utf8" });
  return { types, qr: types.includes("QR-Code") ? read("qrcode") : null, code128: types.includes("CODE-128") ? read("code128") : null };
}

async function shot(page, name) {
  const file = join(artifacts, `${name}.png`);
  writeFileSync(file, await page.screenshot({ fullPage: true }));
  return file;
}

async function open(context, path) {
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(`${server.url}/${path}`);
  await page.waitForSelector("body[data-ready=true]", { timeout: 15000 });
  return { page, errors };
}

const trust = () => crosspay.TrustList.verify(demo.trustList, crosspay.PublicKey.parse(demo.rootPublicKey));

test("checkout: the order's merchant QR, read from a screenshot, is the order; the price abroad; an expired sheet refused", async () => {
  const context = await browser.newContext();
  const { page, errors } = await open(context, "checkout.html");
  await page.fill("#amount", "128.50");
  await page.fill("#bill", "B20261201042");
  await context.setOffline(true); // everything it needs is loaded
  await page.click("#show");
  await page.waitForFunction(() => document.getElementById("payload").textContent.includes("128.50"));
  const png = await shot(page, "checkout");
  const read = zbar(png);
  assert.deepEqual(read.types, ["QR-Code"]);
  assert.equal(read.qr, await page.textContent("#payload"));
  const qr = crosspay.decodeMerchantQr(read.qr, true);
  assert.ok(qr.valid, JSON.stringify(qr.errors));
  assert.deepEqual([qr.amount, qr.currency_code, qr.point_of_initiation, qr.additional_data?.["01"]], ["128.50", "CNY", "12", "B20261201042"]);
  // the tourist's price, as this package computes it from the same signed sheet
  const sheet = crosspay.verifyRateSheet(demo.signedSheet, trust(), demo.at);
  const want = sheet.merchantQrPayment(read.qr, "HKD", demo.at, { rounding: "half-up" });
  assert.match(await page.textContent("#foreign"), new RegExp(`^You pay ${want.source.amount} HKD for 128.50 CNY$`));
  assert.match(await page.textContent("#provenance"), /crosspay demo treasury.*valid until 2026-12-01T20:00:00Z/);
  await page.click("#later");
  assert.match(await page.textContent("#foreign"), /^No price in your currency: quote_expired/);
  assert.equal(await page.getAttribute("#foreign", "class"), "outcome refused");
  await shot(page, "checkout-expired");
  // a bad amount is refused on screen, not a crash
  await page.fill("#amount", "12.345");
  await page.click("#show");
  assert.match(await page.textContent("#order-error"), /^invalid_merchant_qr: .*more decimals than the currency's 2/);
  assert.deepEqual(errors, []);
  await context.close();
});

test("wallet: QR and barcode read from a screenshot verify; the counter is in localStorage first; it works offline, reload included", async () => {
  const context = await browser.newContext();
  const { page, errors } = await open(context, "wallet.html");
  const counter = Number(await page.getAttribute("body", "data-counter"));
  const stored = JSON.parse(await page.evaluate(() => localStorage.getItem("crosspay-wallet-state")));
  assert.equal(JSON.stringify(stored).includes(`${counter}`), true, "the shown counter is the stored one");
  const png = await shot(page, "wallet");
  const read = zbar(png);
  assert.deepEqual(read.types.sort(), ["CODE-128", "QR-Code"]);
  assert.equal(read.qr, await page.textContent("#payload"));
  assert.equal(read.code128, await page.getAttribute("body", "data-numeric"));
  const at = demo.at;
  const terminal = new crosspay.Verifier(trust(), { terminal_currency: "HKD", scope: "retail", max_age_seconds: 3600 });
  const v = terminal.verify(read.qr, new Date(Date.parse(at) + 60_000).toISOString().replace(/\.\d{3}Z$/, "Z"));
  assert.ok(v.accepted, `${v.reason}: ${v.detail}`);
  assert.equal(v.counter, counter);
  const numeric = new crosspay.NumericVerifier([demo.numericSeed]).verify(read.code128, at);
  assert.ok(numeric.accepted, `${numeric.reason}`);

  // The countdown runs, and the next code has the next counter.
  const before = Number(await page.textContent("#countdown"));
  assert.ok(before > 0 && before <= 30);
  await page.waitForFunction((c) => Number(document.body.dataset.counter) === c + 1, counter, { timeout: 40000 });

  // Offline: the service worker serves the page and the module on a reload.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.waitForSelector("body[data-ready=true]");
  await context.setOffline(true);
  await page.reload();
  await page.waitForSelector("body[data-ready=true]", { timeout: 15000 });
  const offline = Number(await page.getAttribute("body", "data-counter"));
  assert.ok(offline > counter + 1, `a new code offline: ${offline}`);
  assert.match(await page.textContent("#payload"), /^CP1:/);
  await shot(page, "wallet-offline");
  assert.deepEqual(errors, []);
  await context.close();
});

test("gate: a code pasted and a code read from a picture are accepted once; the replay is refused with its reason", async () => {
  // A fresh wallet (its own storage) makes two codes; their screenshots go to the gate.
  const walletContext = await browser.newContext();
  const { page: wallet } = await open(walletContext, "wallet.html");
  const first = await wallet.textContent("#payload");
  await wallet.reload();
  await wallet.waitForSelector("body[data-ready=true]");
  const second = await wallet.textContent("#payload");
  assert.notEqual(first, second);
  const picture = await shot(wallet, "wallet-for-gate");
  const digits = await wallet.getAttribute("body", "data-numeric");
  await walletContext.close();

  const context = await browser.newContext();
  const { page, errors } = await open(context, "gate.html");
  await context.setOffline(true);
  await page.fill("#code", first);
  await page.click("#verify");
  assert.match(await page.textContent("#verdict"), /^Accepted: wallet \w+, code \d+/);
  await page.click("#verify");
  assert.match(await page.textContent("#verdict"), /^Refused: replay/);
  assert.equal(await page.getAttribute("body", "data-verdict"), "replay");
  await shot(page, "gate-replay");

  await page.setInputFiles("#image", picture);
  await page.waitForFunction((code) => document.getElementById("read").textContent === `Read: ${code}`, second, { timeout: 15000 });
  assert.match(await page.textContent("#verdict"), /^Accepted/);
  await shot(page, "gate-from-picture");

  await page.fill("#code", digits);
  await page.click("#verify");
  assert.match(await page.textContent("#verdict"), /^Accepted/);
  await page.click("#verify");
  assert.match(await page.textContent("#verdict"), /^Refused: replay/);
  await page.fill("#code", "CP1:NOT A CODE");
  await page.click("#verify");
  assert.match(await page.textContent("#verdict"), /^Refused/);
  assert.deepEqual(errors, []);
  await context.close();
});
