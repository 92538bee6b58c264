// Asynchronous randomness with one shape on every entry: crypto.getRandomValues by default; the
// mini-program entry plugs in wx.getRandomValues / my.getRandomValues (useRandomSource, not part
// of the public API). Code written against randomBytesAsync/generateKeyAsync runs unchanged on
// every host.
import { PrivateKey } from "./crosspay_wasm.js";
import { crosspayError } from "./state.js";

let source = (length) => {
  const c = globalThis.crypto;
  if (!c || typeof c.getRandomValues !== "function") {
    throw crosspayError("random_unavailable", "this host has no random source: pass 32 bytes of entropy to PrivateKey.fromEntropy");
  }
  return c.getRandomValues(new Uint8Array(length));
};

/** Replaces the random source: `fn(length)` gives a Uint8Array or a Promise of one. */
export function useRandomSource(fn) {
  source = fn;
}

/** `length` (1–1024) random bytes from the host's random source, as a Promise of a Uint8Array. */
export async function randomBytesAsync(length) {
  if (typeof length !== "number" || !Number.isInteger(length) || length < 1 || length > 1024) {
    throw crosspayError("invalid_argument", "invalid argument length: expected a whole number from 1 to 1024");
  }
  const bytes = await source(length);
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
    throw crosspayError("random_unavailable", `the host's random source gave ${bytes instanceof Uint8Array ? bytes.length : "no"} bytes, not ${length}`);
  }
  return bytes;
}

/** A new private key from 32 bytes of the host's random source, as a Promise. */
export async function generateKeyAsync() {
  const seed = await randomBytesAsync(32);
  try {
    return PrivateKey.fromEntropy(seed);
  } finally {
    seed.fill(0);
  }
}
