// crosspay for browsers and bundlers: `await initAsync()` once, then call the API.
import init, { initSync as glueInitSync } from "./crosspay_wasm.js";
import { isReady, markReady } from "./state.js";

export * from "./crosspay_wasm.js";
export { isCrosspayError } from "./state.js";
export { randomBytesAsync, generateKeyAsync } from "./random.js";
export { drawQrMatrix, drawBarcode } from "./draw.js";

let pending = null;

/**
 * Loads and instantiates the WebAssembly module. Safe to call more than once.
 * `input` may be a URL, a Response, bytes or a WebAssembly.Module; by default the .wasm file
 * next to this script is fetched.
 */
export function initAsync(input) {
  if (isReady()) return Promise.resolve();
  if (!pending) {
    const module_or_path = input ?? new URL("./crosspay_wasm_bg.wasm", import.meta.url);
    pending = init({ module_or_path }).then(
      () => markReady(),
      (e) => {
        pending = null;
        throw e;
      },
    );
  }
  return pending;
}

/** Instantiates synchronously from bytes or a compiled WebAssembly.Module the host provides. */
export function initSync(module) {
  if (isReady()) return;
  glueInitSync({ module });
  markReady();
}
