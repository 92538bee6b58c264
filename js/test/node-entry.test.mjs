// The Node entry on a Node without process.getBuiltinModule (before 20.16 and 22.3): not ready on
// import, initAsync() reads the module. Runs in its own process (node --test runs each file
// separately): the function is removed before crosspay is first imported.
import { test } from "node:test";
import assert from "node:assert/strict";

assert.equal(typeof process.getBuiltinModule, "function", "this Node has process.getBuiltinModule");
delete process.getBuiltinModule;
const c = await import("crosspay");

test("without process.getBuiltinModule the entry is not ready on import, and says what to do", () => {
  assert.throws(
    () => c.convert("100.00", "CNY", "HKD", "1.0962", "half-up"),
    (e) => e.name === "CrosspayError" && e.code === "not_initialized" && /initAsync/.test(e.message),
  );
});

test("initAsync() reads the module there, once, and the API is ready", async () => {
  const crypto = globalThis.crypto;
  const [a, b] = [c.initAsync(), c.initAsync()];
  assert.equal(a, b, "a second call while reading waits for the same read");
  await a;
  assert.equal(c.convert("100.00", "CNY", "HKD", "1.0962", "half-up").target.amount, "109.62");
  await c.initAsync(); // ready: resolves at once
  assert.equal(globalThis.crypto, crypto, "a global crypto that exists is left as it is (Node 18's is installed: node-versions.test.mjs)");
});
