// crosspay in a WeChat or Alipay mini-program: `const cp = require("crosspay")`, then
// `await cp.initAsync()` once; after that the API is the Node entry's. CommonJS and ES2017 syntax
// only (WeChat DevTools' "build npm" copies this folder as it is). scripts/build.mjs writes the
// folder: this loader, the wasm-bindgen glue, state.js and tape.js turned into CommonJS, text.js,
// and the module as .wasm.br.
"use strict";

var glue = require("./crosspay_wasm.js");
var state = require("./state.js");
var random = require("./random.js");
var draw = require("./draw.js");

/** Where WeChat DevTools' "build npm" puts the module; other layouts pass `initAsync({ path })`. */
var DEFAULT_PATH = "/miniprogram_npm/crosspay/crosspay_wasm_bg.wasm.br";

var crosspayError = state.crosspayError;

// The host's loader: WeChat's WXWebAssembly (main thread and workers), Alipay's MYWebAssembly
// (workers only), or none (Alipay's main thread, old clients).
function hostLoader() {
  if (typeof WXWebAssembly !== "undefined" && WXWebAssembly && typeof WXWebAssembly.instantiate === "function") {
    return { name: "WXWebAssembly", wasm: WXWebAssembly };
  }
  if (typeof MYWebAssembly !== "undefined" && MYWebAssembly && typeof MYWebAssembly.instantiate === "function") {
    return { name: "MYWebAssembly", wasm: MYWebAssembly };
  }
  return null;
}

// The host's asynchronous random source: wx.getRandomValues or my.getRandomValues.
function hostRandom() {
  if (typeof wx !== "undefined" && wx && typeof wx.getRandomValues === "function") return wx;
  if (typeof my !== "undefined" && my && typeof my.getRandomValues === "function") return my;
  return null;
}

var pending = null;
var loadedWith = null;

/**
 * Loads the module once (safe to call again: the same promise while it loads). Options: `path`,
 * the module's absolute path inside the code package (default
 * `/miniprogram_npm/crosspay/crosspay_wasm_bg.wasm.br`, where WeChat's "build npm" puts it).
 */
function initAsync(options) {
  if (state.isReady()) return Promise.resolve();
  if (!pending) {
    pending = Promise.resolve()
      .then(function () {
        return load(options === undefined || options === null ? {} : options);
      })
      .then(
        function () {
          state.markReady();
        },
        function (e) {
          pending = null;
          throw e && e.name === "CrosspayError" ? e : crosspayError("load_failed", "crosspay could not load its WebAssembly module: " + (e && e.message ? e.message : String(e)), e);
        }
      );
  }
  return pending;
}

function load(options) {
  if (typeof options !== "object") throw crosspayError("invalid_argument", "invalid argument options: expected an options object, got " + typeof options);
  Object.keys(options).forEach(function (k) {
    if (k !== "path") throw crosspayError("invalid_argument", "invalid argument options: unknown option " + k + " (path)");
  });
  if (options.path !== undefined && typeof options.path !== "string") {
    throw crosspayError("invalid_argument", "invalid argument options.path: expected a string, got " + typeof options.path);
  }
  var loader = hostLoader();
  if (loader === null) {
    throw crosspayError(
      "load_failed",
      "this host has no WebAssembly loader: WeChat has WXWebAssembly (base library 2.13.0 and later), Alipay has MYWebAssembly inside a worker only"
    );
  }
  var imports = glue.__wbg_get_imports();
  return loader.wasm.instantiate(options.path === undefined ? DEFAULT_PATH : options.path, imports).then(function (result) {
    var instance = result && result.instance ? result.instance : result;
    glue.__wbg_finalize_init(instance, result && result.module);
    loadedWith = loader.name;
  });
}

/** How the module was loaded: "WXWebAssembly", "MYWebAssembly", or null before initAsync() resolves. */
function backend() {
  return loadedWith;
}

// The host's random source for randomBytesAsync/generateKeyAsync (src/random.js): asynchronous,
// through wx.getRandomValues / my.getRandomValues; the platform's crypto where neither exists.
var source = hostRandom();
if (source !== null) {
  random.useRandomSource(function (length) {
    return new Promise(function (resolve, reject) {
      source.getRandomValues({
        length: length,
        success: function (res) {
          resolve(res && res.randomValues ? new Uint8Array(res.randomValues) : null);
        },
        fail: function (err) {
          reject(crosspayError("random_unavailable", "the host's getRandomValues failed: " + (err && err.errMsg ? err.errMsg : String(err)), err));
        },
      });
    });
  });
}

Object.keys(glue).forEach(function (name) {
  if (name !== "default" && name !== "initSync" && name.indexOf("__wbg_") !== 0) exports[name] = glue[name];
});
exports.isCrosspayError = state.isCrosspayError;
exports.initAsync = initAsync;
exports.backend = backend;
exports.randomBytesAsync = random.randomBytesAsync;
exports.generateKeyAsync = random.generateKeyAsync;
exports.drawQrMatrix = draw.drawQrMatrix;
exports.drawBarcode = draw.drawBarcode;
