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

/** Where the import descriptor at `p` (its kind byte) ends. */
function importDescriptorEnd(bytes, p) {
  const kind = bytes[p++];
  const limits = (q) => {
    const flags = bytes[q];
    let [, at] = leb(bytes, q + 1);
    if (flags & 1) [, at] = leb(bytes, at);
    return at;
  };
  if (kind === 0) return leb(bytes, p)[1];
  if (kind === 1) return limits(p + 1);
  if (kind === 2) return limits(p);
  if (kind === 3) return p + 2;
  throw new Error(`unexpected import kind ${kind}`);
}

/**
 * The module with its imports named anew: `rename(module, field)` gives the [module, field] to
 * import from instead. What each import is (its descriptor) is copied as it is.
 */
export function withImportNames(bytes, rename) {
  const text = (t) => {
    const b = Buffer.from(t, "utf8");
    return Buffer.concat([ulebBytes(b.length), b]);
  };
  return rewrite(bytes, (s) => {
    if (s.id !== 2) return undefined;
    let [n, p] = leb(bytes, s.body);
    const parts = [ulebBytes(n)];
    for (; n > 0; n--) {
      const [module, at] = name(bytes, p);
      const [field, descriptor] = name(bytes, at);
      p = importDescriptorEnd(bytes, descriptor);
      const [toModule, toField] = rename(module, field);
      parts.push(text(toModule), text(toField), bytes.subarray(descriptor, p));
    }
    if (p !== s.end) throw new Error("the import section holds more than its imports");
    return Buffer.concat(parts);
  });
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

/** A module's data segments (active, placed by i32.const), as { offset, data }. */
export function dataOf(bytes) {
  return sections(bytes)
    .filter((s) => s.id === 11)
    .flatMap((s) => dataSegments(bytes, s));
}

/** The bytes of data a module's segments hold. */
export function dataBytes(bytes) {
  return dataOf(bytes).reduce((sum, d) => sum + d.data.length, 0);
}

/**
 * The memory that data segments ({ offset, data }: a module's, or wasm2js's) set, from the first
 * segment's offset (`start`) to the last one's end, zero between them.
 */
export function memoryImage(segments) {
  const start = Math.min(...segments.map((d) => d.offset));
  const memory = Buffer.alloc(Math.max(...segments.map((d) => d.offset + d.data.length)) - start);
  for (const d of segments) d.data.copy(memory, d.offset - start);
  return { start, memory };
}

/**
 * The module with memory [from, to) set by `replacement` (its bytes at `from`; none: left zero),
 * every other data byte as it was. Returns the module and how many bytes of data the range held.
 */
export function withData(bytes, from, to, replacement = null) {
  let replaced = 0;
  const pieces = [];
  for (const { offset, data } of dataOf(bytes)) {
    const end = offset + data.length;
    const cutFrom = Math.min(Math.max(from, offset), end);
    const cutTo = Math.min(Math.max(to, offset), end);
    replaced += cutTo - cutFrom;
    if (cutFrom > offset) pieces.push({ offset, data: data.subarray(0, cutFrom - offset) });
    if (cutTo < end) pieces.push({ offset: cutTo, data: data.subarray(cutTo - offset) });
  }
  if (replacement) pieces.push({ offset: from, data: replacement });
  pieces.sort((x, y) => x.offset - y.offset);
  const segment = ({ offset, data }) => Buffer.concat([Buffer.from([0, 0x41]), slebBytes(offset), Buffer.from([0x0b]), ulebBytes(data.length), data]);
  const body = Buffer.concat([ulebBytes(pieces.length), ...pieces.map(segment)]);
  return { bytes: rewrite(bytes, (s) => (s.id === 11 ? body : s.id === 12 ? ulebBytes(pieces.length) : undefined)), replaced };
}

/**
 * The module without the data its shadow stack holds: what a call evaluated at build time left
 * below the stack pointer, dead frames that no call reads (the stack pointer is the first global,
 * as rustc's linker lays a module out: the stack first, below every data segment of the build).
 * Returns the module and how many bytes of data went.
 */
export function withoutStackData(bytes) {
  const globals = sections(bytes).find((s) => s.id === 6);
  if (!globals) throw new Error("expected a global section (the stack pointer)");
  const p = leb(bytes, globals.body)[1];
  if (bytes[p] !== 0x7f || bytes[p + 1] !== 1 || bytes[p + 2] !== 0x41) throw new Error("expected the first global to be the stack pointer: a mutable i32 set by i32.const");
  const [stackTop, after] = sleb(bytes, p + 3);
  if (bytes[after] !== 0x0b || stackTop <= 0) throw new Error("expected the stack pointer's initial value");
  const { bytes: out, replaced } = withData(bytes, 0, stackTop);
  return { bytes: out, dropped: replaced };
}
