// Whether the WebAssembly module is instantiated, and what the glue calls before it is: a
// placeholder whose every property access throws a clear CrosspayError (not_initialized), so a
// call before initAsync() says what to do instead of failing deep in the glue with a TypeError.
// scripts/build.mjs makes the glue start from `notReady`; initSync/initAsync replace it.
let ready = false;

export function markReady() {
  ready = true;
}

export function isReady() {
  return ready;
}

/** A CrosspayError made in JavaScript: the same shape as the core's (name, stable code). */
export function crosspayError(code, message, cause) {
  const err = new Error(message);
  err.name = "CrosspayError";
  err.code = code;
  if (cause !== undefined) err.cause = cause;
  return err;
}

function notInitialized() {
  return crosspayError("not_initialized", "crosspay is not initialised: await initAsync() (browsers, bundlers, mini-programs) before calling it");
}

export const notReady = new Proxy(
  {},
  {
    get() {
      throw notInitialized();
    },
  },
);

// Argument checks, applied by scripts/build.mjs where the glue hands each argument to the
// WebAssembly module: a wrong JS type is a CrosspayError (invalid_argument, naming the argument),
// never a silent coercion or a WebAssembly trap.
function invalidArgument(name, want, got) {
  const seen = got === null ? "null" : Array.isArray(got) ? "an array" : got instanceof Date ? "a Date" : typeof got;
  return crosspayError("invalid_argument", `invalid argument ${name}: expected ${want}, got ${seen}`);
}

export function expectString(value, name) {
  if (typeof value !== "string") throw invalidArgument(name, "a string", value);
  return value;
}

export function expectBytes(value, name) {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  throw invalidArgument(name, "a Uint8Array or an ArrayBuffer", value);
}

export function expectBigInt(value, name) {
  if (typeof value !== "bigint") throw invalidArgument(name, "a BigInt (e.g. 5n)", value);
  return value;
}

/**
 * Minor units for the module: a BigInt64Array as it is, or an array of BigInts that each fit 64
 * bits (never wrapped, never a number: 109.62 must not become 109).
 */
export function expectBigInt64Array(value, name) {
  if (value instanceof BigInt64Array) return value;
  if (Array.isArray(value) && value.every((v) => typeof v === "bigint" && BigInt.asIntN(64, v) === v)) return BigInt64Array.from(value);
  throw invalidArgument(name, "a BigInt64Array or an array of 64-bit BigInts", value);
}

/**
 * An array of strings, read once: each element is checked and put into `into` (a fresh plain
 * array unless given), which is what crosses. Reading twice (check, then copy) let an element
 * whose getter changes between reads cross as a number; a hole is not a string either.
 */
export function expectStrings(value, name, into = []) {
  if (!Array.isArray(value)) throw invalidArgument(name, "an array of strings", value);
  const n = value.length;
  for (let i = 0; i < n; i++) {
    const s = value[i];
    if (typeof s !== "string") throw invalidArgument(name, "an array of strings", value);
    into[i] = s;
  }
  return into;
}

/** `value` is an instance of `klass`, whose name as the API spells it is `className`. */
export function expectInstance(value, klass, name, className) {
  if (!(value instanceof klass)) throw invalidArgument(name, `a ${className}`, value);
}

/** Whether `e` is an error crosspay threw (a real `Error` with `name === "CrosspayError"` and a `code`). */
export function isCrosspayError(e) {
  return e instanceof Error && e.name === "CrosspayError" && typeof e.code === "string";
}
