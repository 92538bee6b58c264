// One fresh mini-program instance, for peers.mjs (run in a process of its own each time): the
// mini-program folder in a simulated host (test/miniprogram-host.mjs), loaded, then the first key
// and the first payment code. Prints [load ms, first key ms, first code ms] as JSON.
//
//   node js/bench/miniprogram-fresh.mjs wechat   the module, through WXWebAssembly
//   node js/bench/miniprogram-fresh.mjs alipay   Alipay's main thread, which has no WebAssembly:
//                                                the pure-JS fallback (also under node --jitless,
//                                                as JavaScript runs where an app may not JIT)
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { miniprogramHost } from "../test/miniprogram-host.mjs";

const js = join(dirname(fileURLToPath(import.meta.url)), "..");
const v = JSON.parse(readFileSync(join(js, "..", "tests", "vectors", "paycodes.json"), "utf8"));
const cert = v.certificates.find((c) => c.name === "transit").certificate;
const device = Buffer.from(v.keys["device-1"], "hex");
const kind = process.argv[2];
if (kind !== "wechat" && kind !== "alipay") throw new Error("usage: miniprogram-fresh.mjs wechat|alipay");

const t0 = performance.now();
const mounts = kind === "wechat" ? { "/miniprogram_npm/crosspay": join(js, "miniprogram_dist") } : { "/node_modules/crosspay": js };
const host = miniprogramHost({ kind, mounts });
const mp = host.require("crosspay");
await mp.initAsync();
const want = kind === "wechat" ? "WXWebAssembly" : "wasm2js";
if (mp.backend() !== want) throw new Error(`expected ${want}, loaded ${mp.backend()}`);
const t1 = performance.now();
const key = mp.PrivateKey.fromRaw(host.evaluate("Uint8Array").from(device));
const t2 = performance.now();
new mp.Wallet(cert).generate(key, { at: "2026-11-22T08:00:00Z" });
const t3 = performance.now();
console.log(JSON.stringify([t1 - t0, t2 - t1, t3 - t2]));
