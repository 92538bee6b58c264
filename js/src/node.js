// crosspay for Node.js: the module is instantiated on import, so the API is ready at once.
// initAsync() and initSync() exist for parity with the browser entry and do nothing here.
import { readFileSync } from "node:fs";
import { initSync as glueInitSync } from "./crosspay_wasm.js";
import { markReady } from "./state.js";

export * from "./crosspay_wasm.js";
export { isCrosspayError } from "./state.js";
export { randomBytesAsync, generateKeyAsync } from "./random.js";
export { drawQrMatrix, drawBarcode } from "./draw.js";

glueInitSync({ module: readFileSync(new URL("./crosspay_wasm_bg.wasm", import.meta.url)) });
markReady();

export function initAsync() {
  return Promise.resolve();
}

export function initSync() {}
