// Turns a result tape from the WebAssembly module into plain objects, in one call per result
// (the format is documented once, in bindings/wasm/src/tape.rs). Generic: nothing here knows a
// record's fields. Short ASCII strings (currency codes, rates, amounts seen before) come from a
// small cache checked byte for byte, so a repeated value costs a comparison, not a new string.
// Lists of strings cross as one text each way: readStrings below, and tag 13 of the tape.
import { expectStrings } from "./state.js";

const cache = new Array(1024);
// Field and variant names by id (tags 8 and 9), as the module numbered them.
const names = [];
const utf8 = new TextDecoder("utf-8", { fatal: true });
let bytes = null;
let pos = 0;

// The tape is read where the module wrote it: `memory` is the glue's view of all of wasm memory
// and the tape its `len` bytes from `at` (no view of its own made for each result: about 50 ns).
export function decodeTape(memory, at, len) {
  bytes = memory;
  pos = at;
  try {
    const decoded = value();
    if (pos !== at + len) throw new Error(`crosspay: unreadable result (${pos - at} of ${len} bytes read)`);
    return decoded;
  } finally {
    bytes = null;
  }
}

function count() {
  let b = bytes[pos++];
  if (b < 0x80) return b;
  let n = b & 0x7f;
  let scale = 0x80;
  do {
    b = bytes[pos++];
    n += (b & 0x7f) * scale;
    scale *= 0x80;
  } while (b & 0x80);
  return n;
}

function ascii(len) {
  const b = bytes;
  const p = pos;
  pos += len;
  if (len === 0) return "";
  // Up to twelve bytes a string is made from its char codes, one call with one argument each, or
  // two joined (Node 20: 25 ns for nine bytes, against 91 ns through the decoder, 86 ns through
  // `fromCharCode.apply` and 56 ns a char at a time); past that it comes from the decoder, whose
  // cost hardly grows with the length (a loop of char codes costs about 3 ns more a byte: 0.17
  // against 1.06 µs for a 380-byte payment code); past 24 it is not cached.
  if (len > 24) return utf8.decode(b.subarray(p, p + len));
  const slot = (len * 31 + b[p] * 7 + b[p + (len >> 1)] * 3 + b[p + len - 1] * 5) & 1023;
  const seen = cache[slot];
  if (seen !== undefined && seen.length === len) {
    let i = 0;
    while (i < len && seen.charCodeAt(i) === b[p + i]) i++;
    if (i === len) return seen;
  }
  const s = textAt(b, p, len);
  cache[slot] = s;
  return s;
}

// One to any number of ASCII bytes as a string: from char codes up to twelve, else the decoder.
function textAt(b, p, len) {
  return len <= 12 ? upTo12(b, p, len) : utf8.decode(b.subarray(p, p + len));
}

/**
 * A short ASCII text in wasm memory (a string a call returns) made from its char codes, as the
 * tape's are; `undefined` past twelve bytes or for anything not ASCII, which the glue's
 * TextDecoder reads (its getStringFromWasm0 asks here first: js/scripts/build.mjs).
 */
export function shortAscii(memory, at, len) {
  if (len > 12) return undefined;
  for (let i = at; i < at + len; i++) if (memory[i] > 127) return undefined;
  return len === 0 ? "" : upTo12(memory, at, len);
}

// One to twelve bytes: one fromCharCode call of up to six, or two joined.
function upTo12(b, p, len) {
  return len <= 6 ? chars(b, p, len) : chars(b, p, 6) + chars(b, p + 6, len - 6);
}

// One to six bytes as a string, one char code an argument.
function chars(b, p, n) {
  switch (n) {
    case 1: return String.fromCharCode(b[p]);
    case 2: return String.fromCharCode(b[p], b[p + 1]);
    case 3: return String.fromCharCode(b[p], b[p + 1], b[p + 2]);
    case 4: return String.fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3]);
    case 5: return String.fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4]);
    default: return String.fromCharCode(b[p], b[p + 1], b[p + 2], b[p + 3], b[p + 4], b[p + 5]);
  }
}

function value() {
  switch (bytes[pos++]) {
    case 0: return undefined;
    case 1: return null;
    case 2: return false;
    case 3: return true;
    case 4: {
      const v = new DataView(bytes.buffer, bytes.byteOffset + pos, 8).getFloat64(0, true);
      pos += 8;
      return v;
    }
    case 5: return count();
    case 6: return ascii(count());
    case 7: {
      const n = count();
      const s = utf8.decode(bytes.subarray(pos, pos + n));
      pos += n;
      return s;
    }
    case 10: {
      const o = {};
      for (let n = count(); n > 0; n--) {
        // A key is almost always a name already sent (tag 8): read here, not through value().
        let k;
        if (bytes[pos] === 8) {
          pos++;
          k = named(count());
        } else k = value();
        o[k] = value();
      }
      return o;
    }
    case 11: {
      const n = count();
      const a = new Array(n);
      for (let i = 0; i < n; i++) a[i] = value();
      return a;
    }
    case 8: return named(count());
    case 9: {
      const id = count();
      const n = count();
      const name = utf8.decode(bytes.subarray(pos, pos + n));
      pos += n;
      names[id] = name;
      return name;
    }
    case 13: {
      const n = count();
      const text = utf8.decode(bytes.subarray(pos, pos + n));
      pos += n;
      return text.split("\n");
    }
    case 15: {
      // Minor units: 64-bit integers, as a BigInt64Array of its own (copied, so aligned).
      const n = count();
      const out = new BigInt64Array(n);
      new Uint8Array(out.buffer).set(bytes.subarray(pos, pos + 8 * n));
      pos += 8 * n;
      return out;
    }
    case 12: {
      const n = count();
      const out = bytes.slice(pos, pos + n);
      pos += n;
      return out;
    }
    default:
      throw new Error(`crosspay: unreadable result (tag ${bytes[pos - 1]} at ${pos - 1})`);
  }
}

function named(id) {
  const name = names[id];
  if (name === undefined) throw new Error(`crosspay: unreadable result (a name never sent, at ${pos})`);
  return name;
}

const utf8Out = new TextEncoder();

/**
 * An array of strings for the module, read once: its elements into `copy` (an empty array the
 * module made), and returned joined by "\n" in UTF-8 (the module splits them: one crossing
 * instead of one per element). ASCII, as every amount is, goes in a char code at a time, with no
 * joined string (`join` cost twice as much). The module may hand the copy back as a price list's
 * `sources` when those are exactly the texts given. Anything but an array of strings (holes
 * included) is the glue's invalid_argument.
 */
export function readStrings(list, name, copy) {
  expectStrings(list, name, copy);
  const n = copy.length;
  let size = n > 0 ? n - 1 : 0;
  for (let i = 0; i < n; i++) size += copy[i].length;
  const bytes = new Uint8Array(size);
  for (let i = 0, o = 0; i < n; i++) {
    const s = copy[i];
    if (i > 0) bytes[o++] = 10;
    for (let j = 0; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (c > 127) return utf8Out.encode(copy.join("\n"));
      bytes[o++] = c;
    }
  }
  return bytes;
}

// `convert`'s quick path (bindings/wasm/src/quick.rs says how it works). The glue's `convert`
// asks here first; `undefined` sends the call through the full path, which checks the
// arguments and names any error. The receipt every amount at the last rate shares comes once
// (`receiptTemplate`); each call then copies its objects and puts the amount's four texts in.
const QUICK_IN = 256;
// The module instance the state below belongs to (its exports), the scratch buffer's address in
// its memory, and the templates it sent last: `convert`'s, and `convertMany`'s (`listReceipt`).
let quickFor = null;
let quickAt = -1;
let receipt = null;
let listReceipt = null;

/**
 * Keeps a template: a receipt whose slots are "\0" and the slot's digit, either four texts
 * (`convert`'s) or two lists, each a list of its slot alone (`convertMany`'s). What a call builds
 * from it is a fresh plain object throughout (every object and array copied, nothing shared), so
 * a template of anything else (a class instance, bytes) is not kept and calls take the full path.
 */
export function receiptTemplate(id, template) {
  const objs = [], parent = [], key = [], arrays = [], slotIn = [], slotKey = [], slotOf = [], listIn = [], listKey = [], listOf = [];
  const slot = (v) => (typeof v === "string" && v.length === 2 && v.charCodeAt(0) === 0 ? v.charCodeAt(1) - 48 : -1);
  const walk = (o, p, k) => {
    const i = objs.length;
    objs.push(o);
    parent.push(p);
    key.push(k);
    arrays.push(Array.isArray(o));
    for (const name of Object.keys(o)) {
      const v = o[name];
      if (slot(v) >= 0) {
        slotIn.push(i);
        slotKey.push(name);
        slotOf.push(slot(v));
      } else if (Array.isArray(v) && v.length === 1 && slot(v[0]) >= 0) {
        listIn.push(i);
        listKey.push(name);
        listOf.push(slot(v[0]));
      } else if (typeof v === "object" && v !== null) {
        const proto = Object.getPrototypeOf(v);
        if (proto !== Object.prototype && proto !== Array.prototype) return false;
        if (!walk(v, i, name)) return false;
      }
    }
    return true;
  };
  const plain = typeof template === "object" && template !== null && Object.getPrototypeOf(template) === Object.prototype;
  const kept = plain && walk(template, -1, null) ? { id, objs, parent, key, arrays, slotIn, slotKey, slotOf, listIn, listKey, listOf } : null;
  const slots = (of) => [...of].sort().join();
  if (listOf.length === 0) receipt = kept !== null && objs.length <= TEMPLATE_OBJECTS && slots(slotOf) === "0,1,2,3" ? kept : null;
  else listReceipt = kept !== null && slotOf.length === 0 && slots(listOf) === "0,1" ? kept : null;
}

// The rate's texts last written, after which the amount goes.
let written = null;

// The scratch buffer's address in `wasm`'s memory; a first call, or (should a glue ever be given
// another instance) one whose buffer and templates are not this one's: nothing held is used again.
function scratchOf(wasm) {
  if (wasm !== quickFor) {
    quickAt = wasm.crosspay_convert_scratch() >>> 0;
    quickFor = wasm;
    written = null;
    receipt = null;
    listReceipt = null;
  }
  return quickAt;
}

/** `convert` by the quick path, or `undefined` for the full path. */
export function quickConvert(wasm, memory, amount, from, to, rate, rounding) {
  if (typeof amount !== "string" || typeof from !== "string" || typeof to !== "string" || typeof rate !== "string" || typeof rounding !== "string") return undefined;
  if (amount.length + from.length + to.length + rate.length + rounding.length > QUICK_IN) return undefined;
  scratchOf(wasm);
  const b = memory();
  let at;
  if (written !== null && written.from === from && written.to === to && written.rate === rate && written.rounding === rounding) at = written.end;
  else {
    written = null;
    at = put(b, put(b, put(b, put(b, quickAt, from), to), rate), rounding);
    if (at < 0) return undefined;
    written = { from, to, rate, rounding, end: at };
  }
  if (put(b, at, amount) < 0) return undefined;
  const id = wasm.crosspay_convert_quick(from.length, to.length, rate.length, rounding.length, amount.length, receipt === null ? 0 : receipt.id) >>> 0;
  if (id === 0 || receipt === null || receipt.id !== id) return undefined;
  bytes = memory();
  pos = quickAt + QUICK_IN;
  let texts;
  try {
    // The source's length byte is 255 when it is the amount as given (then no text follows).
    // Not through ascii()'s cache: these texts change with every amount, and looking them up
    // first cost about a sixth of a call.
    const source = bytes[pos] === 255 ? (pos++, amount) : freshText(bytes[pos++]);
    texts = [source, freshText(bytes[pos++]), freshText(bytes[pos++]), freshText(bytes[pos++])];
  } finally {
    bytes = null;
  }
  return fromTemplate(receipt, texts);
}

// What a rate sheet's `convertMany` is given for amounts already in the module's list buffer:
// an object no caller can hold (the module asks `isQuickList`).
const QUICK_LIST = Object.freeze({});

/** Whether `amounts` is the quick path's marker (bindings/wasm/src/quick.rs asks). */
export function isQuickList(amounts) {
  return amounts === QUICK_LIST;
}

/** The key of a rate sheet's generated `convertMany`, which its quick path falls back on. */
export const FULL_LIST = Symbol("crosspay: RateSheet.convertMany's full path");

/**
 * `convertMany` by the quick path (bindings/wasm/src/quick.rs says how it works), or `full`'s
 * answer: the generated function, which checks the arguments and names any error. The amounts
 * are read once: should the quick path decline after reading them, `full` gets its copy. For a
 * rate sheet's (`sheet`), `rate` is the time and `full` the generated method, which, given the
 * marker for the amounts, works out the sheet's plan and converts the list buffer's amounts.
 */
export function quickConvertMany(wasm, memory, full, amounts, from, to, rate, options, sheet = false) {
  if (!Array.isArray(amounts) || typeof from !== "string" || typeof to !== "string" || typeof rate !== "string") return full(amounts, from, to, rate, options);
  let json = "";
  try {
    // The options as the full path reads them (`from_js`), and read once; a sheet's method
    // reads them itself.
    if (!sheet) json = JSON.stringify(options);
  } catch {
    return full(amounts, from, to, rate, options);
  }
  // Every element read once, into the copy the full path is given should this path decline
  // (a wrong one included: it names the same error).
  const n = amounts.length;
  const copy = new Array(n);
  let size = n;
  let strings = true;
  for (let i = 0; i < n; i++) {
    const s = amounts[i];
    copy[i] = s;
    if (typeof s === "string") size += s.length;
    else strings = false;
  }
  const fromCopy = () => full(copy, from, to, rate, options);
  if (!strings || n === 0 || typeof json !== "string" || from.length + to.length + rate.length + json.length > QUICK_IN) return fromCopy();
  const at = scratchOf(wasm);
  const list = wasm.crosspay_list_buffer(size) >>> 0;
  if (list === 0) return fromCopy();
  // Wasm memory may have grown: the view is taken after.
  let b = memory();
  // Each amount a length byte and its ASCII bytes.
  for (let i = 0, o = list; i < n; i++) {
    const s = copy[i];
    if (s.length > 255) return fromCopy();
    b[o++] = s.length;
    for (let j = 0; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (c > 127) return fromCopy();
      b[o++] = c;
    }
  }
  written = null;
  const have = listReceipt === null ? 0 : listReceipt.id;
  let id;
  if (sheet) {
    // The count, the length and the template held: the scratch buffer's first three words.
    const words = new DataView(b.buffer, b.byteOffset + at, 12);
    [n, size, have].forEach((word, i) => words.setUint32(4 * i, word, true));
    try {
      id = full(QUICK_LIST, from, to, rate, options) >>> 0;
    } catch {
      // Options refused, say: the full path names the error.
      return fromCopy();
    }
  } else {
    if (put(b, put(b, put(b, put(b, at, from), to), rate), json) < 0) return fromCopy();
    id = wasm.crosspay_convert_list_quick(from.length, to.length, rate.length, json.length, n, size, have) >>> 0;
  }
  if (id === 0 || listReceipt === null || listReceipt.id !== id) return fromCopy();
  b = memory();
  // The targets' address and length, after the inputs.
  const answer = new DataView(b.buffer, b.byteOffset + at + QUICK_IN, 8);
  const ptr = answer.getUint32(0, true);
  const len = answer.getUint32(4, true);
  // Each target a length byte and its ASCII bytes, made afresh (as freshText).
  const targets = new Array(n);
  for (let i = 0, p = ptr; i < n; i++) {
    const m = b[p++];
    if (p + m > ptr + len) return fromCopy();
    targets[i] = m === 0 ? "" : textAt(b, p, m);
    p += m;
  }
  return fromListTemplate(listReceipt, [copy, targets]);
}

// A list receipt from its template: each object and array copied, each copy linked into its
// parent's copy, the two lists put in their slots. Once a list, so a loop.
function fromListTemplate(r, lists) {
  const { objs: o, arrays: a, parent: p, key: k, listIn, listKey, listOf } = r;
  const m = new Array(o.length);
  for (let i = 0; i < o.length; i++) {
    m[i] = a[i] ? o[i].slice() : { ...o[i] };
    if (i > 0) m[p[i]][k[i]] = m[i];
  }
  for (let i = 0; i < listIn.length; i++) m[listIn[i]][listKey[i]] = lists[listOf[i]];
  return m[0];
}

// An ASCII text of `len` bytes at `pos`, made afresh (ascii() without its cache).
function freshText(len) {
  const p = pos;
  pos += len;
  return len === 0 ? "" : textAt(bytes, p, len);
}

// ASCII `text` into `b` from `at`: where it ends, or -1 (from then on) for anything else.
function put(b, at, text) {
  if (at < 0) return -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c > 127) return -1;
    b[at + i] = c;
  }
  return at + text.length;
}

// A receipt from its template: each object and array copied (a template holds at most
// TEMPLATE_OBJECTS), each copy linked into its parent's copy, the four texts put in their slots.
// Written out copy by copy and slot by slot rather than in loops: each line is then a property
// access of its own that V8 sees always with the same key and shape, which a loop's single line
// is not (a receipt in 0.11 µs instead of 0.17 µs on its own, and about a third of a `convert`
// less in place).
const TEMPLATE_OBJECTS = 6;

function fromTemplate(r, t) {
  const { objs: o, arrays: a, parent: p, key: k, slotIn: si, slotKey: sk, slotOf: so } = r;
  const n = o.length;
  const m0 = { ...o[0] };
  const m1 = n > 1 ? (a[1] ? o[1].slice() : { ...o[1] }) : null;
  const m2 = n > 2 ? (a[2] ? o[2].slice() : { ...o[2] }) : null;
  const m3 = n > 3 ? (a[3] ? o[3].slice() : { ...o[3] }) : null;
  const m4 = n > 4 ? (a[4] ? o[4].slice() : { ...o[4] }) : null;
  const m5 = n > 5 ? (a[5] ? o[5].slice() : { ...o[5] }) : null;
  const m = [m0, m1, m2, m3, m4, m5];
  if (n > 1) m[p[1]][k[1]] = m1;
  if (n > 2) m[p[2]][k[2]] = m2;
  if (n > 3) m[p[3]][k[3]] = m3;
  if (n > 4) m[p[4]][k[4]] = m4;
  if (n > 5) m[p[5]][k[5]] = m5;
  m[si[0]][sk[0]] = t[so[0]];
  m[si[1]][sk[1]] = t[so[1]];
  m[si[2]][sk[2]] = t[so[2]];
  m[si[3]][sk[3]] = t[so[3]];
  return m0;
}
