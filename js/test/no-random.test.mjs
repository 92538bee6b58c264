// A host with no synchronous random source (a WeChat-style mini-program: no crypto global).
// Runs in its own process (node --test runs each file separately): crypto is removed before
// crosspay is first used.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const hostRandom = globalThis.crypto.getRandomValues.bind(globalThis.crypto); // stands in for wx.getRandomValues
delete globalThis.crypto;
const web = await import("crosspay/web");
web.initSync(readFileSync(createRequire(import.meta.url).resolve("crosspay/crosspay.wasm")));

test("generate() reports random_unavailable instead of crashing", () => {
  assert.equal(globalThis.crypto, undefined);
  assert.throws(() => web.PrivateKey.generate(), (e) => e.name === "CrosspayError" && e.code === "random_unavailable");
});

test("keys come from host entropy instead, and sign and verify", () => {
  const key = web.PrivateKey.fromEntropy(hostRandom(new Uint8Array(32)));
  const msg = new Uint8Array([1, 2, 3]);
  assert.ok(key.publicKey().verify(msg, key.sign(msg)).valid);
});

test("randomBytesAsync and generateKeyAsync say random_unavailable too", async () => {
  await assert.rejects(web.randomBytesAsync(32), (e) => e.name === "CrosspayError" && e.code === "random_unavailable");
  await assert.rejects(web.generateKeyAsync(), (e) => e.code === "random_unavailable");
});
