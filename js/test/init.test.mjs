// The browser/bundler entry, loaded in Node: calling before init is a clear error; initSync with
// host-provided bytes works (the hook a mini-program loader uses).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as web from "crosspay/web";

test("calling before init throws not_initialized", () => {
  assert.throws(
    () => web.convert("1.00", "CNY", "HKD", "1", "half-up"),
    (e) => e.name === "CrosspayError" && e.code === "not_initialized",
  );
});

test("initSync with bytes from the host makes the API ready", () => {
  const require = createRequire(import.meta.url);
  const wasmPath = require.resolve("crosspay/crosspay.wasm");
  web.initSync(readFileSync(wasmPath));
  assert.equal(web.convert("100.00", "CNY", "HKD", "1.0962", "half-up").target.amount, "109.62");
});
