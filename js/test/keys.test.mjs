// Keys and signatures in Node: the shared vectors, and interop with Node's WebCrypto.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as crosspay from "crosspay";
import { vectorDoc } from "./vector-files.mjs";
import { runKeyChecks } from "./keys-checks.js";

const doc = vectorDoc("keys.json");
const results = await runKeyChecks(crosspay, doc);

test("the key checks ran", () => assert.ok(results.length >= 20, `${results.length}`));
for (const r of results) {
  test(`keys: ${r.name}`, () => assert.ok(r.ok, r.detail));
}

test("a private key never prints its secret", () => {
  const key = crosspay.PrivateKey.fromRaw(new Uint8Array(32).fill(0).map((_, i) => i + 1));
  assert.doesNotMatch(String(key), /0102030405/);
  assert.doesNotMatch(JSON.stringify(key), /0102030405/);
});

test("randomBytesAsync and generateKeyAsync (the same calls as in a mini-program)", async () => {
  const bytes = await crosspay.randomBytesAsync(16);
  assert.ok(bytes instanceof Uint8Array && bytes.length === 16);
  const [a, b] = [await crosspay.generateKeyAsync(), await crosspay.generateKeyAsync()];
  assert.notEqual(a.publicKey().kid, b.publicKey().kid);
  const msg = new Uint8Array([7, 7]);
  assert.ok(a.publicKey().verify(msg, a.sign(msg)).valid);
});
