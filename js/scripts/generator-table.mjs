// The generator table as the mini-program build ships it (miniprogram.mjs, withTablesBuilt), the
// only place the build knows its layout (core/src/keys/generator.rs): 33 rows of 8 affine points,
// each point p256's `AffinePoint` (x and y, field elements of 32 bytes, little-endian, in
// Montgomery form v·2^256 mod p; then its infinity flag, a byte, 0; 7 bytes of padding): 72 bytes.
// The first point is the generator. The build checks there is exactly one such table in the
// module's data and that every point is on the curve; every key and signing vector runs on it in
// both of the mini-program's backends (js/test/miniprogram.test.mjs).
import { dataOf, memoryImage } from "./wasm-module.mjs";

export const TABLE_POINTS = 33 * 8;
export const POINT_BYTES = 72;
export const TABLE_BYTES = TABLE_POINTS * POINT_BYTES;
/** The bytes of the table that are never padding: x, y and the infinity flag of each point. */
export const TABLE_PAYLOAD = TABLE_POINTS * 65;

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
const R = 2n ** 256n % p;
const R_INVERSE = power(R, p - 2n);
const toMontgomery = (v) => (mod(v) * R) % p;
const fromMontgomery = (v) => (v * R_INVERSE) % p;

const read = (buf, at) => BigInt(`0x${Buffer.from(buf.subarray(at, at + 32)).reverse().toString("hex")}`);
const write = (buf, at, v) => Buffer.from(v.toString(16).padStart(64, "0"), "hex").reverse().copy(buf, at);

/** Whether (x, y), plain integers, is a point of P-256. */
const onCurve = (x, y) => mod(y * y - (x * x * x - 3n * x + b)) === 0n;

/** The table's points at `at` in `memory`, as plain integers, if all 264 are finite points of the curve. */
function pointsAt(memory, at) {
  const points = [];
  for (let i = 0; i < TABLE_POINTS; i++) {
    const start = at + POINT_BYTES * i;
    const [x, y] = [0, 32].map((o) => fromMontgomery(read(memory, start + o)));
    if (memory[start + 64] !== 0 || !onCurve(x, y)) return null;
    points.push([x, y]);
  }
  return points;
}

/**
 * Where `memory` holds a generator table: each place where the generator, a finite point, starts
 * 264 points of the curve, as { at, points } (the points as plain integers [x, y]).
 */
export function tablesIn(memory) {
  const generator = Buffer.alloc(65);
  [gx, gy].forEach((v, i) => write(generator, 32 * i, toMontgomery(v)));
  const found = [];
  for (let at = memory.indexOf(generator); at >= 0; at = memory.indexOf(generator, at + 1)) {
    const points = at + TABLE_BYTES <= memory.length ? pointsAt(memory, at) : null;
    if (points) found.push({ at, points });
  }
  return found;
}

/**
 * The module as it is, once checked to hold exactly one generator table of 264 points of the
 * curve. Throws otherwise: a core whose table is laid out differently needs this file changed.
 */
export function withTableChecked(bytes) {
  const found = tablesIn(memoryImage(dataOf(bytes)).memory);
  if (found.length !== 1) throw new Error(`expected one generator table (${TABLE_POINTS} points from the generator) in the module's data, found ${found.length}`);
  return bytes;
}
