// crosspay's npm build against the libraries JavaScript payment code uses today, measured in one
// Node process: @noble/curves and WebCrypto / node:crypto for P-256 ECDSA, dinero.js and big.js
// for money. Rounds are interleaved (every case once per round) and each figure is the median of
// the rounds, so a slow moment of the machine hits every case alike. Prints ops/s and the ratios
// the targets are written in (docs/benchmarks.md); sizes are the gzip of each entry's wasm + glue.
//
//   node js/bench/peers.mjs [--rounds N] [--ms MS] [--json] [--markdown]
//
// Run after the build (node js/scripts/build.mjs). Peers are pinned devDependencies of js/.
import { createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify, webcrypto } from "node:crypto";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { p256 } from "@noble/curves/nist.js";
import Big from "big.js";
import { convert as dConvert, dinero, halfEven, toDecimal, toSnapshot, transformScale } from "dinero.js";
import { CNY, HKD } from "dinero.js/currencies";
import * as crosspay from "../dist/node.js";
import * as walletEntry from "../dist/wallet/node.js";
import { entries, miniprogramFolder } from "../scripts/entries.mjs";
import { miniprogramHost } from "../test/miniprogram-host.mjs";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const ROUNDS = arg("--rounds", 7);
const MS = arg("--ms", 300);
const subtle = webcrypto.subtle;

// Ready on import from Node 20.16 and 22.3; before that (Node 18: bench/versions.mjs runs this
// file on each release the package is tested on) the entries read their module here.
await Promise.all([crosspay.initAsync(), walletEntry.initAsync()]);

// ---- fixtures -------------------------------------------------------------------------------
const message = new Uint8Array(100).map((_, i) => (i * 37 + 11) & 0xff);
const raw = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
const key = crosspay.PrivateKey.fromRaw(raw);
const pub = key.publicKey();
const sig = key.sign(message);
const nobleSig = p256.sign(message, raw, { lowS: true });
const pkcs8 = key.toPkcs8Der();
const spki = pub.toSpkiDer();
const nodeKey = createPrivateKey({ key: Buffer.from(pkcs8), format: "der", type: "pkcs8" });
const nodePub = createPublicKey({ key: Buffer.from(spki), format: "der", type: "spki" });
const nodeSig = nodeSign("sha256", message, { key: nodeKey, dsaEncoding: "ieee-p1363" });
const ecdsa = { name: "ECDSA", hash: "SHA-256" };
const webKey = await subtle.importKey("pkcs8", pkcs8, { name: "ECDSA", namedCurve: "P-256" }, false, ["sign"]);
const webPub = await subtle.importKey("spki", spki, { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
const webSig = new Uint8Array(await subtle.sign(ecdsa, webKey, message));
for (const [who, ok] of [
  ["noble", p256.verify(sig, message, pub.toSec1(false))],
  ["node:crypto", nodeVerify("sha256", message, { key: nodePub, dsaEncoding: "ieee-p1363" }, sig)],
  ["crosspay on noble's", pub.verify(message, nobleSig)],
  ["crosspay on WebCrypto's", pub.verify(message, webSig, undefined, true)],
]) {
  if (!ok) throw new Error(`signatures do not interoperate (${who}): the benchmark would compare different work`);
}

// Payment codes: the shared vectors' trust list, certificate and device key; codes one second apart.
const v = JSON.parse(readFileSync(new URL("../../tests/vectors/paycodes.json", import.meta.url), "utf8"));
const hex = (h) => Uint8Array.from(h.match(/../g).map((b) => parseInt(b, 16)));
const device = crosspay.PrivateKey.fromRaw(hex(v.keys["device-1"]));
const trust = crosspay.TrustList.verify(v.trust_list.jws, crosspay.PrivateKey.fromRaw(hex(v.keys.root)).publicKey());
const cert = v.certificates.find((c) => c.name === "transit").certificate;
const wallet = new crosspay.Wallet(cert);
// The wallet entry (crosspay/wallet: its own, smaller module).
const wKey = walletEntry.PrivateKey.fromRaw(raw);
const wDevice = walletEntry.PrivateKey.fromRaw(hex(v.keys["device-1"]));
const wWallet = new walletEntry.Wallet(cert);
const at = (s) => new Date(Date.parse("2026-11-22T08:00:00Z") + s * 1000).toISOString().replace(".000Z", "Z");
const codes = Array.from({ length: 4000 }, (_, i) => wallet.generate(device, { at: at(i) }).payload);
let verifier = null;
let next = 0;
function verifyNext() {
  if (verifier === null || next === codes.length) {
    verifier = new crosspay.Verifier(trust, { scope: "transit", terminal_currency: "HKD" });
    next = 0;
  }
  const i = next++;
  const got = verifier.verify(codes[i], at(i + 1));
  if (!got.accepted) throw new Error(`a fresh code was refused: ${got.reason} ${got.detail}`);
}

// The mini-program folder in a simulated WeChat host (js/test/miniprogram-host.mjs: the same V8),
// once through WXWebAssembly and once through the pure-JS fallback (wasm2js), each in its own
// context: what a mini-program runs, as far as Node can tell.
const mpDir = miniprogramFolder().dir;
async function miniprogram(init) {
  const host = miniprogramHost({ kind: "wechat", mounts: { "/miniprogram_npm/crosspay": mpDir } });
  const mp = host.require("crosspay");
  await mp.initAsync(init);
  const Bytes = host.evaluate("Uint8Array");
  const k = mp.PrivateKey.fromRaw(Bytes.from(raw));
  const m = Bytes.from(message);
  const s = k.sign(m);
  const w = new mp.Wallet(cert);
  const d = mp.PrivateKey.fromRaw(Bytes.from(hex(v.keys["device-1"])));
  return { mp, k, p: k.publicKey(), m, s, w, d };
}
const mpWasm = await miniprogram(undefined);
const mpJs = await miniprogram({ fallback: true });
if (mpWasm.mp.backend() !== "WXWebAssembly" || mpJs.mp.backend() !== "wasm2js") throw new Error("the mini-program hosts did not load as expected");

// Money: the case, 123.45 CNY at 0.9132, half-even, to a 2-decimal string.
const rates = { HKD: { amount: 9132, scale: 4 } };
const cny = dinero({ amount: 12345, currency: CNY });
const amounts = Array.from({ length: 1000 }, (_, i) => `${100 + i}.${String(i % 100).padStart(2, "0")}`);
let ai = 0;
const nextAmount = () => amounts[(ai = (ai + 1) % amounts.length)];
const expectSame = [
  crosspay.convert("123.45", "CNY", "HKD", "0.9132", "half-even").target.amount,
  toDecimal(transformScale(dConvert(cny, HKD, rates), 2, halfEven)),
  new Big("123.45").times("0.9132").round(2, Big.roundHalfEven).toFixed(2),
];
if (new Set(expectSame).size !== 1) throw new Error(`peers disagree on the conversion: ${expectSame}`);
const hasBatch = typeof crosspay.convertMany === "function";
const BATCH = 1000;

// ---- cases ----------------------------------------------------------------------------------
// Each case is [group, name, fn, opsPerCall]; async cases return a promise.
const cases = [
  ["sign", "crosspay", () => key.sign(message)],
  ["sign", "@noble/curves", () => p256.sign(message, raw, { lowS: true })],
  ["sign", "WebCrypto", () => subtle.sign(ecdsa, webKey, message)],
  ["sign", "node:crypto (OpenSSL)", () => nodeSign("sha256", message, { key: nodeKey, dsaEncoding: "ieee-p1363" })],
  ["sign", "crosspay/wallet", () => wKey.sign(message)],
  ["verify", "crosspay", () => pub.verify(message, sig)],
  ["verify", "@noble/curves", () => p256.verify(sig, message, pub.toSec1(false))],
  ["verify", "WebCrypto", () => subtle.verify(ecdsa, webPub, webSig, message)],
  ["verify", "node:crypto (OpenSSL)", () => nodeVerify("sha256", message, { key: nodePub, dsaEncoding: "ieee-p1363" }, nodeSig)],
  ["paycode", "wallet generate (sign + encode)", () => wallet.generate(device, { at: "2026-11-22T08:00:00Z" })],
  ["paycode", "crosspay/wallet: wallet generate", () => wWallet.generate(wDevice, { at: "2026-11-22T08:00:00Z" })],
  ["paycode", "verifier verify (certificate cached)", verifyNext],
  ["convert", "crosspay convert (strings in, receipt out)", () => crosspay.convert(nextAmount(), "CNY", "HKD", "0.9132", "half-even")],
  ["convert", "dinero.js convert + transformScale + toDecimal", () => toDecimal(transformScale(dConvert(cny, HKD, rates), 2, halfEven))],
  ["convert", "big.js times + round + toFixed", () => new Big(nextAmount()).times("0.9132").round(2, Big.roundHalfEven).toFixed(2)],
  ["convert", "crosspay/wallet: convert", () => walletEntry.convert(nextAmount(), "CNY", "HKD", "0.9132", "half-even")],
];
if (hasBatch) {
  cases.push(["convert", `crosspay convertMany (${BATCH} amounts, per amount)`, () => crosspay.convertMany(amounts, "CNY", "HKD", "0.9132", { rounding: "half-even" }), BATCH]);
}
// The same price list held as integer minor units (cents), as dinero.js itself holds amounts:
// crosspay's minor-units batch against dinero.js's convert + transformScale with the integer
// read back (no decimal text on either side), and against the dinero.js case too.
const units = BigInt64Array.from(amounts, (a) => crosspay.toMinorUnits(a, "CNY"));
const hasUnits = typeof crosspay.convertManyMinorUnits === "function";
if (hasUnits) {
  const check = crosspay.convertManyMinorUnits(units, "CNY", "HKD", "0.9132", { rounding: "half-even" }).targets;
  const texts = crosspay.convertMany(amounts, "CNY", "HKD", "0.9132", { rounding: "half-even" }).targets;
  if (texts.some((t, i) => crosspay.fromMinorUnits(check[i], "HKD") !== t)) throw new Error("the minor-units batch disagrees with convertMany");
  const peer = toSnapshot(transformScale(dConvert(cny, HKD, rates), 2, halfEven)).amount;
  const ours = crosspay.convertManyMinorUnits([12345n], "CNY", "HKD", "0.9132", { rounding: "half-even" }).targets[0];
  if (BigInt(peer) !== ours) throw new Error(`dinero.js and crosspay disagree in minor units: ${peer} vs ${ours}`);
  cases.push(
    ["convert", `crosspay convertManyMinorUnits (${BATCH} amounts, per amount)`, () => crosspay.convertManyMinorUnits(units, "CNY", "HKD", "0.9132", { rounding: "half-even" }), BATCH],
    ["convert", `crosspay/wallet: convertManyMinorUnits (${BATCH} amounts, per amount)`, () => walletEntry.convertManyMinorUnits(units, "CNY", "HKD", "0.9132", { rounding: "half-even" }), BATCH],
    ["convert", "dinero.js convert + transformScale + toSnapshot (minor units out)", () => toSnapshot(transformScale(dConvert(cny, HKD, rates), 2, halfEven)).amount],
  );
}
for (const [who, x] of [["mini-program module", mpWasm], ["mini-program fallback (wasm2js)", mpJs]]) {
  cases.push(
    ["mini-program", `${who}: sign`, () => x.k.sign(x.m)],
    ["mini-program", `${who}: verify`, () => x.p.verify(x.m, x.s)],
    ["mini-program", `${who}: wallet generate`, () => x.w.generate(x.d, { at: "2026-11-22T08:00:00Z" })],
    ["mini-program", `${who}: convert`, () => x.mp.convert(nextAmount(), "CNY", "HKD", "0.9132", "half-even")],
  );
}

async function timeCase(fn, perCall = 1) {
  const first = fn();
  const isAsync = first instanceof Promise;
  if (isAsync) await first;
  let ops = 0;
  const start = performance.now();
  let now = start;
  while (now - start < MS) {
    for (let i = 0; i < 16; i++) {
      if (isAsync) await fn();
      else fn();
    }
    ops += 16 * perCall;
    now = performance.now();
  }
  return (ops * 1000) / (now - start);
}

const samples = cases.map(() => []);
for (let round = 0; round < ROUNDS; round++) {
  for (const [i, c] of cases.entries()) samples[i].push(await timeCase(c[2], c[3]));
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = cases.map(([group, name], i) => ({ group, name, ops: median(samples[i]) }));
const ops = (group, name) => {
  const found = results.find((r) => r.group === group && r.name === name);
  if (!found) throw new Error(`no case ${group} / ${name}`);
  return found.ops;
};

// The ratios the targets are written in: above 1 is faster than the peer.
const noble = ["sign", "@noble/curves"];
const dinero2 = ["convert", "dinero.js convert + transformScale + toDecimal"];
const ratios = [
  ["sign: crosspay ÷ @noble/curves", ops("sign", "crosspay") / ops(...noble), "≥ 3"],
  ["verify: crosspay ÷ @noble/curves", ops("verify", "crosspay") / ops("verify", "@noble/curves"), "≥ 3"],
  ["sign: crosspay/wallet ÷ @noble/curves", ops("sign", "crosspay/wallet") / ops(...noble), "reported"],
  ["sign: crosspay ÷ node:crypto", ops("sign", "crosspay") / ops("sign", "node:crypto (OpenSSL)"), "reported"],
  ["verify: crosspay ÷ node:crypto", ops("verify", "crosspay") / ops("verify", "node:crypto (OpenSSL)"), "reported"],
  ["payment code generate: time ÷ a bare sign", ops("sign", "crosspay") / ops("paycode", "wallet generate (sign + encode)"), "≤ 1.1"],
  ["code verify (cached certificate): time ÷ a bare verify", ops("verify", "crosspay") / ops("paycode", "verifier verify (certificate cached)"), "≤ 1.1"],
  ["convert: crosspay ÷ dinero.js", ops("convert", "crosspay convert (strings in, receipt out)") / ops(...dinero2), "≥ 2"],
  ["sign: mini-program module ÷ @noble/curves", ops("mini-program", "mini-program module: sign") / ops(...noble), "reported"],
  ["sign: mini-program fallback ÷ @noble/curves", ops("mini-program", "mini-program fallback (wasm2js): sign") / ops(...noble), "reported"],
  ["sign: mini-program fallback ÷ mini-program module", ops("mini-program", "mini-program fallback (wasm2js): sign") / ops("mini-program", "mini-program module: sign"), "reported"],
  ["convert: mini-program fallback ÷ mini-program module", ops("mini-program", "mini-program fallback (wasm2js): convert") / ops("mini-program", "mini-program module: convert"), "reported"],
];
if (hasBatch) ratios.push(["convert batch, per amount: crosspay ÷ dinero.js", ops("convert", `crosspay convertMany (${BATCH} amounts, per amount)`) / ops(...dinero2), "≥ 15 (texts)"]);
if (hasUnits) {
  const perUnit = ops("convert", `crosspay convertManyMinorUnits (${BATCH} amounts, per amount)`);
  ratios.push(
    ["convert batch in minor units, per amount: crosspay ÷ dinero.js (minor units out)", perUnit / ops("convert", "dinero.js convert + transformScale + toSnapshot (minor units out)"), "≥ 15"],
    ["convert batch in minor units, per amount: crosspay ÷ dinero.js (the issue's case, text out)", perUnit / ops(...dinero2), "reported"],
  );
}

// Sizes: what a user ships for each entry, gzip -9 of the wasm and the JavaScript it loads.
const sizes = entries().map((e) => {
  const gz = (files) => files.reduce((n, f) => n + gzipSync(readFileSync(f), { level: 9 }).length, 0);
  return { entry: e.name, wasm: readFileSync(e.wasm).length, gzip: gz([e.wasm, ...e.js]), budget: e.budget, target: e.target };
});

// A fresh Node process: import an entry and make the first payment code (keys, wallet, sign).
const freshOf = (entry) => {
  const script = `const t0 = performance.now();
const c = await import(${JSON.stringify(new URL(entry, import.meta.url).href)});
await c.initAsync(); // resolved at once where the entry is ready on import (Node 20.16+, 22.3+)
const t1 = performance.now();
const k = c.PrivateKey.fromRaw(new Uint8Array(${JSON.stringify([...hex(v.keys["device-1"])])}));
new c.Wallet(${JSON.stringify(cert)}).generate(k, { at: "2026-11-22T08:00:00Z" });
console.log(JSON.stringify([t1 - t0, performance.now() - t1]));`;
  const runs = Array.from({ length: 7 }, () => JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" })));
  return { import_ms: median(runs.map((f) => f[0])), import_and_first_code_ms: median(runs.map((f) => f[0] + f[1])) };
};
const fresh = { crosspay: freshOf("../dist/node.js"), "crosspay/wallet": freshOf("../dist/wallet/node.js") };
ratios.push(["fresh process: import + first payment code, ms", fresh.crosspay.import_and_first_code_ms, "≤ 10"]);
ratios.push(["fresh process, crosspay/wallet: import + first payment code, ms", fresh["crosspay/wallet"].import_and_first_code_ms, "≤ 10"]);
// The same measurement of two references, for what the 10 ms are measured against: Node's module
// loader alone (a first import, of an empty module), and @noble/curves imported and signing once.
const freshMs = (body) => {
  const script = `const t0 = performance.now();\n${body}\nconsole.log(JSON.stringify(performance.now() - t0));`;
  return median(Array.from({ length: 7 }, () => JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" }))));
};
const empty = join(mkdtempSync(join(tmpdir(), "crosspay-bench-")), "empty.mjs");
writeFileSync(empty, "export default 0;\n");
fresh.references = {
  "an empty module": freshMs(`await import(${JSON.stringify(pathToFileURL(empty).href)});`),
  "@noble/curves: import + first signature": freshMs(`const { p256 } = await import(${JSON.stringify(import.meta.resolve("@noble/curves/nist.js"))});
p256.sign(new Uint8Array(32).fill(7), new Uint8Array(${JSON.stringify([...raw])}));`),
};
rmSync(dirname(empty), { recursive: true });
for (const [what, ms] of Object.entries(fresh.references)) ratios.push([`fresh process, for reference: ${what}, ms`, ms, "reported"]);
// A mini-program's fresh instance (bench/miniprogram-fresh.mjs, a process each time): the folder
// loaded, then the first key and the first payment code. WeChat's main thread runs the module;
// Alipay's has no WebAssembly and runs the pure-JS fallback, measured also with V8's JIT off
// (--jitless), as JavaScript runs in an app that may not JIT.
const freshMiniprogram = (kind, flags, n) => {
  const child = [...flags, fileURLToPath(new URL("miniprogram-fresh.mjs", import.meta.url)), kind];
  // stderr is kept for a failure's message (--jitless also warns there that it turns wasm off).
  const runs = Array.from({ length: n }, () => JSON.parse(execFileSync(process.execPath, child, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })));
  return { load_ms: median(runs.map((r) => r[0])), first_key_ms: median(runs.map((r) => r[1])), first_code_ms: median(runs.map((r) => r[2])) };
};
fresh.miniprogram = {
  "WeChat (the module)": freshMiniprogram("wechat", [], 7),
  "Alipay's main thread (the pure-JS fallback)": freshMiniprogram("alipay", [], 5),
  "Alipay's main thread, no JIT (node --jitless)": freshMiniprogram("alipay", ["--jitless"], 3),
};
for (const [what, f] of Object.entries(fresh.miniprogram)) ratios.push([`mini-program fresh instance, ${what}: first key + first payment code, ms`, f.first_key_ms + f.first_code_ms, "reported"]);

const report = { node: process.version, rounds: ROUNDS, ms_per_case: MS, results, ratios, sizes, fresh };
if (process.argv.includes("--json")) {
  console.log(JSON.stringify(report, null, 2));
} else if (process.argv.includes("--markdown")) {
  const f = (x) => (x >= 100 ? Math.round(x).toLocaleString("en-US") : x.toFixed(2));
  console.log(`Node ${process.version}, ${ROUNDS} interleaved rounds of ${MS} ms per case, medians.\n`);
  console.log("| ratio | measured | target |\n| --- | --- | --- |");
  for (const [name, value, target] of ratios) console.log(`| ${name} | ${f(value)} | ${target} |`);
  console.log("\n| area | case | ops/s |\n| --- | --- | --- |");
  for (const r of results) console.log(`| ${r.group} | ${r.name} | ${f(r.ops)} |`);
  const n = (x) => x.toLocaleString("en-US");
  console.log("\n| entry | wasm bytes | gzip (wasm + glue) | enforced budget | target |\n| --- | --- | --- | --- | --- |");
  for (const s of sizes) console.log(`| ${s.entry} | ${n(s.wasm)} | ${n(s.gzip)} | ${n(s.budget)} | ${n(s.target)} |`);
  for (const [entry, f] of Object.entries(fresh)) {
    if (entry === "references" || entry === "miniprogram") continue;
    console.log(`\nFresh process, ${entry}: import ${f.import_ms.toFixed(1)} ms, import + first payment code ${f.import_and_first_code_ms.toFixed(1)} ms.`);
  }
  for (const [what, f] of Object.entries(fresh.miniprogram)) {
    console.log(`\nMini-program fresh instance, ${what}: load ${f.load_ms.toFixed(1)} ms, first key ${f.first_key_ms.toFixed(1)} ms, first payment code ${f.first_code_ms.toFixed(1)} ms.`);
  }
} else {
  for (const r of results) console.log(`${r.group.padEnd(8)} ${r.name.padEnd(52)} ${Math.round(r.ops).toString().padStart(10)} ops/s`);
  for (const [name, value, target] of ratios) console.log(`${name.padEnd(60)} ${value.toFixed(2).padStart(8)}  (target ${target})`);
  for (const s of sizes) console.log(`size ${s.entry.padEnd(10)} wasm ${s.wasm} B, gzip wasm + glue ${s.gzip} B (budget ${s.budget}, target ${s.target})`);
}
