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

function notInitialized() {
  const err = new Error("crosspay is not initialised: await initAsync() (browsers, bundlers, mini-programs) before calling it");
  err.name = "CrosspayError";
  err.code = "not_initialized";
  return err;
}

export const notReady = new Proxy(
  {},
  {
    get() {
      throw notInitialized();
    },
  },
);
