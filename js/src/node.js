// crosspay for Node.js: the module is instantiated on import, so the API is ready at once;
// initAsync() and initSync() exist for parity with the browser entry and do nothing then.
//
// The .wasm is read through process.getBuiltinModule (Node 20.16+, 22.3+), which hands out `fs`
// without building an ES module facade of it: `import ... from "node:fs"` costs about 2.5 ms of a
// fresh process. Older Nodes are not ready on import: `await initAsync()` reads the file there
// (or initSync(bytes) takes it from the caller). No top-level await, so that Node 22's require()
// of this entry keeps working.
//
// Keys and certificates take their randomness from `globalThis.crypto` (getrandom's JavaScript
// backend, and randomBytesAsync). Node 18 has WebCrypto only as node:crypto's `webcrypto` (the
// global came in Node 19, and behind a flag before), so there initAsync() installs that one as
// the global, as Node 19 and later do themselves; it never replaces a global that exists.
import { initSync as glueInitSync } from "./crosspay_wasm.js";
import { isReady, markReady } from "./state.js";

export * from "./crosspay_wasm.js";
export { isCrosspayError } from "./state.js";
export { randomBytesAsync, generateKeyAsync } from "./random.js";
export { drawQrMatrix, drawBarcode } from "./draw.js";

const wasmUrl = new URL("./crosspay_wasm_bg.wasm", import.meta.url);

function instantiate(fs) {
  glueInitSync({ module: fs.readFileSync(wasmUrl) });
  markReady();
}

const fs = typeof process.getBuiltinModule === "function" ? process.getBuiltinModule("fs") : undefined;
if (fs) instantiate(fs);

let pending = null;

export function initAsync() {
  if (isReady()) return Promise.resolve();
  pending ??= Promise.all([import("node:fs"), globalThis.crypto ?? import("node:crypto").then((c) => (globalThis.crypto ??= c.webcrypto))]).then(
    ([fs]) => instantiate(fs),
    (e) => {
      pending = null;
      throw e;
    },
  );
  return pending;
}

export function initSync(module) {
  if (isReady() || module === undefined) return;
  glueInitSync({ module });
  markReady();
}
