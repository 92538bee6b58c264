// Size budgets of the installed package (deterministic: gzip -9 of the files, no timing): each
// entry's wasm + glue is at most its budget in js/scripts/entries.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";

const { entries, miniprogramFolder } = await import(pathToFileURL(join(process.env.CROSSPAY_JS_DIR, "scripts", "entries.mjs")).href);
const installed = dirname(fileURLToPath(import.meta.resolve("crosspay")));

for (const e of entries(installed)) {
  test(`size: ${e.name} (wasm + glue, gzip) within its budget`, () => {
    const gzip = [e.wasm, ...e.js].reduce((n, f) => n + gzipSync(readFileSync(f), { level: 9 }).length, 0);
    assert.ok(gzip <= e.budget, `${e.name}: ${gzip} bytes gzipped, over its budget of ${e.budget}`);
    assert.ok(readFileSync(e.wasm).length > 10_000, "the wasm is there");
  });
}

test("size: the mini-program folder (every file, as a code package counts it) within its budget", (t) => {
  const folder = miniprogramFolder(join(installed, "..", "miniprogram_dist"));
  const files = readdirSync(folder.dir);
  const bytes = files.reduce((n, f) => n + statSync(join(folder.dir, f)).size, 0);
  t.diagnostic(`mini-program folder: ${files.length} files, ${bytes} bytes (budget ${folder.budget}, host limit ${folder.limit})`);
  assert.ok(files.includes("crosspay_wasm_bg.wasm.br"));
  assert.ok(bytes <= folder.budget, `${bytes} bytes, over the budget of ${folder.budget}`);
  assert.ok(folder.budget < folder.limit / 4, "the budget is well under the hosts' 2 MB");
});
