// Rendering in Node: the shared vectors (tests/vectors/render.json) and the canvas helpers.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as crosspay from "crosspay";
import { vectorDoc } from "./vector-files.mjs";
import { runRenderVectors } from "./render-checks.js";

const results = runRenderVectors(crosspay, vectorDoc("render.json"));
test("the render checks ran", () => assert.ok(results.length >= 20, `${results.length}`));
for (const r of results) {
  test(`render: ${r.name}`, () => assert.ok(r.ok, r.detail));
}

test("modules cross as a Uint8Array", () => {
  const m = crosspay.qrMatrix("HELLO", { ec_level: "H" });
  assert.ok(m.modules instanceof Uint8Array);
  assert.equal(m.modules.length, m.size * m.size);
});

test("unknown QR options are refused", () => {
  assert.throws(() => crosspay.qrMatrix("HELLO", { ec: "H" }), (e) => e.code === "invalid_options");
  assert.throws(() => crosspay.qrMatrix("HELLO", { ec_level: "Z" }), (e) => e.code === "invalid_options");
});
