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
 * `/miniprogram_npm/crosspay/crosspay_wasm_bg.wasm.br`, where WeChat's "build npm" puts it);
 * `fallback: true`, run the pure-JS translation of the module (crosspay_fallback.js) instead,
 * which is also what happens where the host has no WebAssembly loader at all.
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
    if (k !== "path" && k !== "fallback") throw crosspayError("invalid_argument", "invalid argument options: unknown option " + k + " (path, fallback)");
  });
  if (options.path !== undefined && typeof options.path !== "string") {
    throw crosspayError("invalid_argument", "invalid argument options.path: expected a string, got " + typeof options.path);
  }
  if (options.fallback !== undefined && typeof options.fallback !== "boolean") {
    throw crosspayError("invalid_argument", "invalid argument options.fallback: expected a boolean, got " + typeof options.fallback);
  }
  if (options.fallback === true && options.path !== undefined) {
    throw crosspayError("invalid_argument", "invalid argument options.path: the pure-JS fallback (fallback: true) loads no module file");
  }
  // Where the host has no loader (Alipay's main thread, old clients) the fallback runs, and a
  // `path` meant for the loader (the same code in a worker) does not matter.
  var loader = hostLoader();
  if (options.fallback === true || loader === null) return loadFallback();
  var imports = glue.__wbg_get_imports();
  return loader.wasm.instantiate(options.path === undefined ? DEFAULT_PATH : options.path, imports).then(function (result) {
    var instance = result && result.instance ? result.instance : result;
    glue.__wbg_finalize_init(instance, result && result.module);
    loadedWith = loader.name;
  });
}

// The pure-JS fallback: the same module through wasm2js, behind the same glue. An i64 parameter
// arrives from the glue as a BigInt and goes to the translation as two 32-bit halves; what the
// fallback leaves out throws not_in_fallback before it touches the module.
function loadFallback() {
  var fallback;
  try {
    fallback = require("./crosspay_fallback.js");
  } catch (e) {
    throw crosspayError("load_failed", "crosspay could not load its pure-JS fallback (crosspay_fallback.js): " + (e && e.message ? e.message : String(e)), e);
  }
  var high = 0;
  var imports = glue.__wbg_get_imports();
  imports.env = {
    setTempRet0: function (h) {
      high = h;
    },
  };
  var raw = fallback.instantiate(imports);
  // Grown, it keeps the old buffer attached (js/scripts/miniprogram.mjs).
  raw.memory.keepsOldBuffer = true;
  var exports = {};
  Object.keys(raw).forEach(function (name) {
    var fn = raw[name];
    var at = fallback.i64Params[name];
    if (at !== undefined) fn = splitI64(fn, at);
    if (fallback.i64Results.indexOf(name) >= 0) {
      fn = joinI64(fn, function () {
        return high;
      });
    }
    exports[name] = fn;
  });
  fallback.absent.forEach(function (name) {
    exports[name] = function () {
      throw crosspayError(
        "not_in_fallback",
        apiName(name) + " is not in the pure-JS fallback, which carries money, keys, payment codes (issuing and verification), merchant QR and drawing; it needs the WebAssembly module (WXWebAssembly, or MYWebAssembly in an Alipay worker)"
      );
    };
  });
  glue.__wbg_finalize_init({ exports: exports }, undefined);
  loadedWith = "wasm2js";
}

// BigInt is touched only when such a function is called: old engines without it (the clients
// the fallback is for) still load it and run everything else.
function splitI64(fn, positions) {
  return function () {
    var args = [];
    for (var i = 0; i < arguments.length; i++) {
      if (positions.indexOf(i) >= 0) {
        var v = BigInt.asUintN(64, arguments[i]);
        args.push(Number(v & BigInt(0xffffffff)) | 0, Number(v >> BigInt(32)) | 0);
      } else {
        args.push(arguments[i]);
      }
    }
    return fn.apply(null, args);
  };
}

function joinI64(fn, highHalf) {
  return function () {
    var low = fn.apply(null, arguments);
    return BigInt.asIntN(64, (BigInt(highHalf() | 0) << BigInt(32)) | BigInt(low >>> 0));
  };
}

// "prepaidcard_open" → "PrepaidCard.open()", "__wbg_get_cardinfo_brand" → "CardInfo.brand": class
// names are lower-cased in export names, so the glue's own spelling is looked up.
function apiName(exportName) {
  var name = exportName.indexOf("__wbg_") === 0 ? exportName.slice(6) : exportName;
  var field = /^[gs]et_/.test(name);
  if (field) name = name.slice(4);
  var cut = name.indexOf("_");
  if (cut < 0) return name + "()";
  var cls = name.slice(0, cut);
  var match = Object.keys(glue).filter(function (k) {
    return k.toLowerCase() === cls;
  })[0];
  return (match || cls) + "." + name.slice(cut + 1) + (field ? "" : "()");
}

/**
 * How the module was loaded: "WXWebAssembly", "MYWebAssembly", "wasm2js" (the pure-JS fallback),
 * or null before initAsync() resolves.
 */
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
