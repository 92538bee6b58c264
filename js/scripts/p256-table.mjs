// p256's base-point table as the mini-program build ships it (miniprogram.mjs, withTablesBuilt),
// the only place the build knows its layout: 33 lookup tables of 8 points, each point three field
// elements (X, Y, Z) of 32 bytes, little-endian, in Montgomery form (v·2^256 mod p). The first
// point is the generator, with Z = 1.
//
// The table's points are projective with whatever Z their additions gave, so all of its bytes
// look random. The same points with Z = 1 (x = X/Z, y = Y/Z: the projective formulas give the
// same results for either) repeat one 32-byte Z 264 times, which brotli stores once: 8 KB less.
// The build checks every point is on the curve before and after, and every key and signing
// vector runs on the table in both of the mini-program's backends (js/test/miniprogram.test.mjs).
import { dataOf, memoryImage, withData } from "./wasm-module.mjs";

export const TABLE_POINTS = 33 * 8;
export const TABLE_BYTES = TABLE_POINTS * 3 * 32;

const p = 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n;
const b = 0x5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604bn;
const gx = 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n;
const gy = 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n;

const mod = (x) => ((x % p) + p) % p;
function power(x, e) {
  let r = 1n;
  x = mod(x);
  for (; e > 0n; e >>= 1n) {
    if (e & 1n) r = (r * x) % p;
    x = (x * x) % p;
  }
  return r;
}
const inverse = (x) => power(x, p - 2n);
const R = 2n ** 256n % p;
const R_INVERSE = inverse(R);
const toMontgomery = (v) => (mod(v) * R) % p;
const fromMontgomery = (v) => (v * R_INVERSE) % p;

const read = (buf, at) => BigInt(`0x${Buffer.from(buf.subarray(at, at + 32)).reverse().toString("hex")}`);
const write = (buf, at, v) => Buffer.from(v.toString(16).padStart(64, "0"), "hex").reverse().copy(buf, at);

/** Whether (X : Y : Z), plain integers, is a point of P-256 other than infinity. */
function onCurve(x, y, z) {
  if (mod(z) === 0n) return false;
  const z2 = (z * z) % p;
  return mod(y * y * z - (x * x * x - 3n * x * z2 + b * z2 * z)) === 0n;
}

/** The table's points at `at` in `memory`, as plain integers, if all 264 are on the curve. */
function pointsAt(memory, at) {
  const points = [];
  for (let i = 0; i < TABLE_POINTS; i++) {
    const [x, y, z] = [0, 32, 64].map((o) => fromMontgomery(read(memory, at + 96 * i + o)));
    if (!onCurve(x, y, z)) return null;
    points.push([x, y, z]);
  }
  return points;
}

/**
 * Where `memory` holds a base-point table: each place where the generator starts 264 points of
 * the curve, as { at, points } (the points as plain integers [x, y, z]).
 */
export function tablesIn(memory) {
  const generator = Buffer.alloc(96);
  [gx, gy, 1n].forEach((v, i) => write(generator, 32 * i, toMontgomery(v)));
  const found = [];
  for (let at = memory.indexOf(generator); at >= 0; at = memory.indexOf(generator, at + 1)) {
    const points = at + TABLE_BYTES <= memory.length ? pointsAt(memory, at) : null;
    if (points) found.push({ at, points });
  }
  return found;
}

/**
 * The module with p256's base-point table (found by its first point, the generator) written with
 * Z = 1. Throws when no table of 264 points of the curve starts at the generator: a p256 whose
 * table is laid out otherwise needs this file changed (or the call left out, for 8 KB more).
 */
export function withTableNormalised(bytes) {
  const { start, memory } = memoryImage(dataOf(bytes));
  const found = tablesIn(memory);
  if (found.length !== 1) throw new Error(`expected one p256 base-point table (${TABLE_POINTS} points from the generator) in the module's data, found ${found.length}`);
  const [{ at, points }] = found;
  const table = Buffer.alloc(TABLE_BYTES);
  points.forEach(([x, y, z], i) => {
    const zi = inverse(z);
    const affine = [(x * zi) % p, (y * zi) % p, 1n];
    if (!onCurve(...affine)) throw new Error(`p256 table point ${i}: not on the curve once normalised`);
    affine.forEach((v, k) => write(table, 96 * i + 32 * k, toMontgomery(v)));
  });
  return withData(bytes, start + at, start + at + TABLE_BYTES, table).bytes;
}
