// The result tape's decoder (js/src/tape.js, as installed: the mini-program folder keeps it as a
// file of its own) on tapes written by hand: texts of every short length, a tape read where it
// lies in a larger memory, a tape whose length disagrees with what it holds, and the glue's short
// ASCII strings (shortAscii) against the TextDecoder.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const pkgDir = dirname(createRequire(import.meta.url).resolve("crosspay/package.json"));
const pkg = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
const { decodeTape, shortAscii } = createRequire(import.meta.url)(join(pkgDir, pkg.miniprogram, "tape.js"));
const utf8 = new TextEncoder();

// A tape of one ASCII string (tag 6, a one-byte length) at `at` in a memory of junk.
function stringTape(text, at) {
  const bytes = utf8.encode(text);
  const memory = new Uint8Array(at + bytes.length + 8).fill(0xee);
  memory.set([6, bytes.length, ...bytes], at);
  return { memory, len: bytes.length + 2 };
}

test("texts of every length up to 30 bytes decode to themselves, wherever the tape lies", () => {
  for (let n = 0; n <= 30; n++) {
    // Twice each: the second time from the decoder's cache of short strings.
    for (const round of [0, 1]) {
      const text = "-0123456789.ABCDEFGHIJKLMNOPQRSTUVWXYZ".slice(0, n);
      const { memory, len } = stringTape(text, 3 + n + round);
      assert.equal(decodeTape(memory, 3 + n + round, len), text, `${n} bytes`);
    }
  }
});

test("a tape whose length disagrees with what it holds is an error, not a partial result", () => {
  const { memory, len } = stringTape("112.73", 5);
  assert.throws(() => decodeTape(memory, 5, len + 1), /unreadable result/);
  assert.throws(() => decodeTape(memory, 5, len - 1), /unreadable result/);
  assert.throws(() => decodeTape(new Uint8Array([0xee, 99]), 1, 1), /unreadable result \(tag 99/);
});

test("short ASCII strings a call returns come from their char codes; anything else is left to the TextDecoder", () => {
  const memory = new Uint8Array(64).fill(0x41);
  const put = (text, at) => {
    const bytes = utf8.encode(text);
    memory.set(bytes, at);
    return bytes.length;
  };
  assert.equal(shortAscii(memory, 7, 0), "");
  for (const text of ["HKD", "112.73", "half-even", "-0.00454", "123456789012"]) assert.equal(shortAscii(memory, 9, put(text, 9)), text);
  assert.equal(shortAscii(memory, 0, 13), undefined, "past twelve bytes");
  // UTF-8 past ASCII is the decoder's: a short string with one is not made from char codes.
  for (const text of ["é", "Zürich", "¥100", "Ω"]) assert.equal(shortAscii(memory, 20, put(text, 20)), undefined, text);
});
