// The mini-program entry's own UTF-8 TextEncoder/TextDecoder (used where a host has none, as on
// WeChat and Alipay devices) against Node's, byte for byte: valid text across every range, and
// random and hand-picked malformed bytes in fatal and replacing modes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);
const pkgDir = dirname(require.resolve("crosspay/package.json"));
const { Utf8Encoder, Utf8Decoder } = require(join(pkgDir, "miniprogram_dist", "text.js"));

// A small deterministic generator, so a failure can be replayed.
let state = 0x2545f491;
const rand = (n) => {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) % n;
};

const outcome = (fn) => {
  try {
    return { value: fn() };
  } catch (e) {
    return { error: e.constructor.name };
  }
};

test("decode agrees with Node's on random and malformed bytes, fatal and not", () => {
  const samples = [
    [0xc0, 0x80], [0xe0, 0x80, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xf0, 0x9f, 0x98], [0xe2, 0x82],
    [0xff], [0x80], [0xef, 0xbb, 0xbf, 0x41], [0xc2], [0xf0, 0x9f, 0x98, 0x80, 0x80], [0xe0, 0xa0, 0x7f], [],
  ];
  for (let i = 0; i < 20000; i++) {
    const len = rand(12);
    const bytes = [];
    for (let j = 0; j < len; j++) bytes.push(rand(4) === 0 ? rand(0x80) : 0x80 + rand(0x80));
    samples.push(bytes);
  }
  for (const fatal of [true, false]) {
    for (const ignoreBOM of [true, false]) {
      const ours = new Utf8Decoder("utf-8", { fatal, ignoreBOM });
      const node = new TextDecoder("utf-8", { fatal, ignoreBOM });
      for (const s of samples) {
        const b = new Uint8Array(s);
        assert.deepEqual(outcome(() => ours.decode(b)), outcome(() => node.decode(b)), `${JSON.stringify(s)} fatal=${fatal} ignoreBOM=${ignoreBOM}`);
      }
    }
  }
});

test("encode and encodeInto agree with Node's, including lone surrogates and short buffers", () => {
  const ours = new Utf8Encoder();
  const node = new TextEncoder();
  const pieces = ["a", "é", "€", "中", "😀", "\ud800", "\udc00", "\u0000", "\u07ff", "\u0800", "\uffff", "HK$", "￥"];
  const strings = ["", "crosspay 100.00 CNY → 109.62 HKD", "\ud83d\ude00\ud83d", "\udc00\ud800"];
  for (let i = 0; i < 5000; i++) {
    let s = "";
    for (let j = rand(8); j > 0; j--) s += pieces[rand(pieces.length)];
    strings.push(s);
  }
  for (const s of strings) {
    assert.deepEqual(ours.encode(s), node.encode(s), JSON.stringify(s));
    for (const cap of [0, 1, 2, 3, 5, 64]) {
      const [a, b] = [new Uint8Array(cap), new Uint8Array(cap)];
      assert.deepEqual(ours.encodeInto(s, a), node.encodeInto(s, b), `${JSON.stringify(s)} into ${cap}`);
      assert.deepEqual(a, b);
    }
  }
});

test("valid text in every range round-trips", () => {
  const dec = new Utf8Decoder("utf-8", { fatal: true });
  const enc = new Utf8Encoder();
  for (let cp = 0; cp <= 0x10ffff; cp += cp < 0x3000 ? 1 : 97) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const s = String.fromCodePoint(cp);
    assert.equal(dec.decode(enc.encode(s)), s, cp.toString(16));
  }
  assert.throws(() => new Utf8Decoder("latin1"), RangeError);
});
