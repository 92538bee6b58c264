// The module uses only WebAssembly features that both mini-program hosts run (Alipay's published
// table; WeChat follows the system engines, with SIMD from 8.0.25): binaryen's validator accepts
// it with exactly those features enabled (so no tail calls, exception handling, GC, memory64,
// multiple memories, extended constant expressions, threads or relaxed SIMD), and the list of
// the features it does use is found by taking each away in turn.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { brotliDecompressSync } from "node:zlib";

const wasmOpt = join(process.env.CROSSPAY_JS_DIR, "node_modules", ".bin", "wasm-opt");
const pkgDir = dirname(createRequire(import.meta.url).resolve("crosspay/package.json"));

// Both hosts' features, in binaryen's names (a feature and the parts binaryen splits off it).
const ALLOWED = {
  "bulk memory": ["bulk-memory", "bulk-memory-opt"],
  "multi-value": ["multivalue"],
  "mutable globals": ["mutable-globals"],
  "reference types": ["reference-types", "call-indirect-overlong"],
  "sign extension": ["sign-ext"],
  "non-trapping float-to-int": ["nontrapping-float-to-int"],
  "fixed-width SIMD": ["simd"],
};

function validates(file, groups) {
  const flags = groups.flatMap((g) => ALLOWED[g].map((f) => `--enable-${f}`));
  return spawnSync(wasmOpt, ["--mvp-features", ...flags, file, "-o", process.platform === "win32" ? "NUL" : "/dev/null"], { encoding: "utf8" });
}

const modules = {
  "the Node and browser module": readFileSync(join(pkgDir, "dist", "crosspay_wasm_bg.wasm")),
  "the mini-program module (.wasm.br)": brotliDecompressSync(readFileSync(join(pkgDir, "miniprogram_dist", "crosspay_wasm_bg.wasm.br"))),
};

const dir = mkdtempSync(join(tmpdir(), "crosspay-features-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));

for (const [what, bytes] of Object.entries(modules)) {
  test(`${what} needs only features both hosts support`, (t) => {
    const file = join(dir, `${what.length}.wasm`);
    writeFileSync(file, bytes);
    const all = Object.keys(ALLOWED);
    const ok = validates(file, all);
    assert.equal(ok.status, 0, `outside both hosts' features:\n${ok.stderr.slice(0, 2000)}`);
    const used = all.filter((g) => validates(file, all.filter((x) => x !== g)).status !== 0);
    t.diagnostic(`features used: ${used.join(", ")}`);
    // The check can fail: an MVP-only validation refuses this module.
    assert.notEqual(validates(file, []).status, 0);
    assert.ok(used.includes("bulk memory") && used.includes("sign extension"), used.join(", "));
    // No exported Globals to rely on (WeChat on iOS exports none).
    const exportsOf = new WebAssembly.Module(bytes);
    const globals = WebAssembly.Module.exports(exportsOf).filter((e) => e.kind === "global");
    t.diagnostic(`exported globals (dropped on iOS; the glue does not read them): ${globals.map((g) => g.name).join(", ") || "none"}`);
  });
}
