// Size budgets of the installed package (deterministic: gzip -9 of the files, no timing): each
// entry's wasm + glue is at most its budget in js/scripts/entries.mjs; no module carries panic messages.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { brotliDecompressSync, gzipSync } from "node:zlib";

const { entries, miniprogramFolder } = await import(pathToFileURL(join(process.env.CROSSPAY_JS_DIR, "scripts", "entries.mjs")).href);
const installed = dirname(fileURLToPath(import.meta.resolve("crosspay")));

for (const e of entries(installed)) {
  test(`size: ${e.name} (wasm + glue, gzip) within its budget`, () => {
    const gzip = [e.wasm, ...e.js].reduce((n, f) => n + gzipSync(readFileSync(f), { level: 9 }).length, 0);
    assert.ok(gzip <= e.budget, `${e.name}: ${gzip} bytes gzipped, over its budget of ${e.budget}`);
    assert.ok(readFileSync(e.wasm).length > 10_000, "the wasm is there");
    // Each host entry is one bundled script: nothing an import loads goes uncounted.
    assert.deepEqual(readdirSync(dirname(e.wasm)).filter((f) => f.endsWith(".js")).sort(), ["index.js", "node.js"]);
  });
}

// The npm entries import everything from module "a" under names of one or two letters
// (scripts/build.mjs, shortImportNames): none of wasm-bindgen's hashed names is left in a module
// or a host script, and renaming them back is the identity on the bytes.
test("size: the npm entries' imports are short names, in the module and in both host scripts", async () => {
  const { withImportNames } = await import(pathToFileURL(join(process.env.CROSSPAY_JS_DIR, "scripts", "wasm-module.mjs")).href);
  for (const e of entries(installed)) {
    const bytes = readFileSync(e.wasm);
    const imports = WebAssembly.Module.imports(new WebAssembly.Module(bytes));
    assert.ok(imports.length > 20, `${e.name}: ${imports.length} imports`);
    for (const i of imports) assert.ok(i.module === "a" && /^[a-zA-Z]{1,2}$/.test(i.name), `${e.name}: imports ${i.module} ${i.name}`);
    assert.equal(new Set(imports.map((i) => i.name)).size, imports.length, `${e.name}: each import its own name`);
    for (const f of ["node.js", "index.js"]) {
      const text = readFileSync(join(dirname(e.wasm), f), "utf8");
      assert.doesNotMatch(text, /__wbg_\w+_[0-9a-f]{16}\b|crosspay_wasm_bg\.js/, `${e.name} ${f}: a hashed import name left`);
    }
    assert.deepEqual(withImportNames(bytes, (module, field) => [module, field]), bytes, `${e.name}: names rewritten as they were give the same bytes`);
    const back = withImportNames(bytes, (_, field) => ["./crosspay_wasm_bg.js", `__wbg_${field}`]);
    assert.deepEqual(
      WebAssembly.Module.imports(new WebAssembly.Module(back)).map((i) => [i.module, i.name, i.kind]),
      imports.map((i) => ["./crosspay_wasm_bg.js", `__wbg_${i.name}`, i.kind]),
    );
  }
});

test("size: the mini-program folder (every file, as a code package counts it) within its budgets", (t) => {
  const folder = miniprogramFolder(join(installed, "..", "miniprogram_dist"));
  const files = readdirSync(folder.dir);
  const size = (f) => statSync(join(folder.dir, f)).size;
  assert.ok(files.includes("crosspay_wasm_bg.wasm.br") && files.includes(folder.fallback), files.join(", "));
  const rest = files.filter((f) => f !== folder.fallback).reduce((n, f) => n + size(f), 0);
  const fallback = size(folder.fallback);
  t.diagnostic(`mini-program folder: ${files.length} files, ${rest + fallback} bytes: ${rest} without the pure-JS fallback (budget ${folder.budget}), ${fallback} the fallback (budget ${folder.fallbackBudget}); host limit ${folder.limit}`);
  assert.ok(rest <= folder.budget, `${rest} bytes without the fallback, over the budget of ${folder.budget}`);
  assert.ok(fallback <= folder.fallbackBudget, `the fallback is ${fallback} bytes, over its budget of ${folder.fallbackBudget}`);
  assert.ok(folder.budget < folder.limit / 4, "without the fallback, the budget is well under the hosts' 2 MB");
  assert.ok(folder.budget + folder.fallbackBudget < folder.limit, "with it, the budgets stay under the hosts' 2 MB");
});

// The modules are built with std from source and `panic=immediate-abort` (scripts/build.mjs): a
// panic is a trap at once, as it always was to a caller (wasm32-unknown-unknown prints nothing),
// and none of core's panic messages or their formatting is in the module (about 20 KB gzip).
test("size: every module is built so that a panic traps at once (none of core's panic messages in it), with no builder's paths", () => {
  const folder = miniprogramFolder(join(installed, "..", "miniprogram_dist"));
  const modules = [
    ...entries(installed).map((e) => [e.name, readFileSync(e.wasm)]),
    ["mini-program module", brotliDecompressSync(readFileSync(join(folder.dir, "crosspay_wasm_bg.wasm.br")))],
  ];
  for (const [name, bytes] of modules) {
    assert.equal(bytes.subarray(0, 4).toString("latin1"), "\0asm", `${name}: a module`);
    for (const text of ["index out of bounds: the len is ", "range end index ", "capacity overflow", "explicit panic"]) {
      assert.equal(bytes.indexOf(text), -1, `${name}: holds core's panic message "${text}"`);
    }
    // The source paths left (what `#[track_caller]` functions are passed) are remapped: none of
    // the builder's cargo registry or toolchain folders is in what users download.
    for (const folder of ["/registry/src/", "/lib/rustlib/src/"]) {
      assert.equal(bytes.indexOf(folder), -1, `${name}: holds a path of the builder's ${folder}`);
    }
    assert.notEqual(bytes.indexOf("crates/ecdsa-"), -1, `${name}: ecdsa's source paths remapped to crates/…`);
  }
});
