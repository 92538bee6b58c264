// Reading and rewriting a WebAssembly module's sections, for the build's checked edits
// (miniprogram.mjs, build.mjs). Only what those edits need; anything unexpected throws.

/** A module's sections, as { id, start, body (start of contents), end }. */
export function sections(bytes) {
  const out = [];
  let p = 8;
  while (p < bytes.length) {
    const start = p;
    const id = bytes[p++];
    const [size, at] = leb(bytes, p);
    out.push({ id, start, body: at, end: at + size });
    p = at + size;
  }
  return out;
}

/** An unsigned LEB128 at `p`: [value, position after it]. */
export function leb(bytes, p) {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = bytes[p++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, p];
}

/** A signed 32-bit LEB128 at `p` (an i32.const): [value, position after it]. */
function sleb(bytes, p) {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = bytes[p++];
    value |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  if (shift < 32 && byte & 0x40) value |= -1 << shift;
  return [value, p];
}

function ulebBytes(n) {
  const out = [];
  do {
    let b = n % 128;
    n = Math.floor(n / 128);
    if (n > 0) b |= 0x80;
    out.push(b);
  } while (n > 0);
  return Buffer.from(out);
}

function slebBytes(n) {
  const out = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && b & 0x40)) {
      out.push(b);
      return Buffer.from(out);
    }
    out.push(b | 0x80);
  }
}

/** A UTF-8 name at `p`: [text, position after it]. */
export function name(bytes, p) {
  const [n, at] = leb(bytes, p);
  return [Buffer.from(bytes.subarray(at, at + n)).toString("utf8"), at + n];
}

function section(id, body) {
  return Buffer.concat([Buffer.from([id]), ulebBytes(body.length), body]);
}

/** The module with its sections' bodies replaced where `replace(section)` gives one. */
function rewrite(bytes, replace) {
  const out = [bytes.subarray(0, 8)];
  for (const s of sections(bytes)) {
    const body = replace(s);
    out.push(body === undefined ? bytes.subarray(s.start, s.end) : section(s.id, body));
  }
  return Buffer.concat(out);
}

/** The active data segments of a module's data section `s`, as { offset, data }. */
function dataSegments(bytes, s) {
  let [n, q] = leb(bytes, s.body);
  const out = [];
  for (; n > 0; n--) {
    if (bytes[q] !== 0 || bytes[q + 1] !== 0x41) throw new Error("expected only active data segments placed by i32.const");
    const [offset, at] = sleb(bytes, q + 2);
    if (bytes[at] !== 0x0b) throw new Error("expected a data segment's offset to be one i32.const");
    const [length, data] = leb(bytes, at + 1);
    q = data + length;
    out.push({ offset, data: bytes.subarray(data, q) });
  }
  return out;
}

/** The bytes of data a module's segments hold. */
export function dataBytes(bytes) {
  return sections(bytes)
    .filter((s) => s.id === 11)
    .flatMap((s) => dataSegments(bytes, s))
    .reduce((sum, d) => sum + d.data.length, 0);
}

/**
 * The module without the data its shadow stack holds: what a call evaluated at build time left
 * below the stack pointer, dead frames that no call reads (the stack pointer is the first global,
 * as rustc's linker lays a module out: the stack first, below every data segment of the build).
 * Returns the module and how many bytes of data went.
 */
export function withoutStackData(bytes) {
  const all = sections(bytes);
  const globals = all.find((s) => s.id === 6);
  const dataSection = all.find((s) => s.id === 11);
  if (!globals || !dataSection) throw new Error("expected a global section (the stack pointer) and a data section");
  const p = leb(bytes, globals.body)[1];
  if (bytes[p] !== 0x7f || bytes[p + 1] !== 1 || bytes[p + 2] !== 0x41) throw new Error("expected the first global to be the stack pointer: a mutable i32 set by i32.const");
  const [stackTop, after] = sleb(bytes, p + 3);
  if (bytes[after] !== 0x0b || stackTop <= 0) throw new Error("expected the stack pointer's initial value");
  let dropped = 0;
  const kept = [];
  for (const { offset, data } of dataSegments(bytes, dataSection)) {
    const skip = Math.min(Math.max(stackTop - offset, 0), data.length);
    dropped += skip;
    if (skip === data.length) continue;
    const body = data.subarray(skip);
    kept.push(Buffer.concat([Buffer.from([0, 0x41]), slebBytes(offset + skip), Buffer.from([0x0b]), ulebBytes(body.length), body]));
  }
  const body = Buffer.concat([ulebBytes(kept.length), ...kept]);
  const out = rewrite(bytes, (s) => (s.id === 11 ? body : s.id === 12 ? ulebBytes(kept.length) : undefined));
  return { bytes: out, dropped };
}
