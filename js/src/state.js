// Whether the WebAssembly module is instantiated. Every API function checks it first, so a call
// before initAsync() is a clear CrosspayError instead of a TypeError from deep in the glue.
let ready = false;

export function markReady() {
  ready = true;
}

export function isReady() {
  return ready;
}

export function ensureReady() {
  if (!ready) {
    const err = new Error(
      "crosspay is not initialised: await initAsync() (browsers, bundlers, mini-programs) before calling it",
    );
    err.name = "CrosspayError";
    err.code = "not_initialized";
    throw err;
  }
}
