// Simulated WeChat and Alipay mini-program runtimes, faithful to what their documentation says
// (issue 14): a `vm` context with no WebAssembly, TextEncoder, TextDecoder, crypto, fetch or
// import(); a CommonJS `require` rooted at a virtual code package where the package's
// miniprogram_dist sits at /miniprogram_npm/crosspay/ (where WeChat DevTools' "build npm" puts
// it; for Alipay the package sits in /node_modules/crosspay/ and the module's path is given); `wx` / `my` with an asynchronous getRandomValues; and WXWebAssembly / MYWebAssembly whose
// instantiate takes only a string path inside the package (.wasm or .wasm.br, read and
// brotli-decoded by the host) and, like WeChat on iOS, hands out no exported Globals.
// Alipay's MYWebAssembly exists only inside a worker: `alipayWorker: true` is that context.
import vm from "node:vm";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, posix } from "node:path";
import { brotliDecompressSync } from "node:zlib";
import { webcrypto } from "node:crypto";
import { createRequire } from "node:module";

/** What a context must not have: the test checks each is missing. */
export const ABSENT = ["WebAssembly", "TextEncoder", "TextDecoder", "crypto", "fetch", "process", "Buffer", "require", "module"];

/**
 * A simulated host. `kind`: "wechat" (WXWebAssembly on the main thread) or "alipay" (the worker
 * context when `worker` is true: MYWebAssembly there; none on the main thread). `mounts` maps
 * virtual folders to real ones; `files` adds virtual files (path → source text).
 */
export function miniprogramHost({ kind, worker = false, mounts, files = {}, hide = [] }) {
  // No eval or new Function, as in the hosts (the pure-JS fallback must not need them).
  const context = vm.createContext({}, { codeGeneration: { strings: false, wasm: false } });
  // V8 puts WebAssembly in every context; the hosts have none under that name.
  vm.runInContext("delete globalThis.WebAssembly;", context);
  const g = context;
  g.console = console;
  g.setTimeout = setTimeout;
  g.clearTimeout = clearTimeout;
  g.setInterval = setInterval;
  g.clearInterval = clearInterval;

  const real = (path) => {
    if (typeof path !== "string" || !path.startsWith("/")) return null;
    const p = posix.normalize(path);
    for (const [at, dir] of Object.entries(mounts).sort((a, b) => b[0].length - a[0].length)) {
      if (at === "/") return join(dir, p.slice(1));
      if (p.startsWith(at.endsWith("/") ? at : `${at}/`)) return join(dir, p.slice(at.length));
    }
    return null;
  };
  // `hide`: files of the mounted folders the code package leaves out (packOptions.ignore).
  const exists = (path) => path in files || (!hide.includes(path) && real(path) !== null && existsSync(real(path)) && statSync(real(path)).isFile());
  const read = (path) => (path in files ? Buffer.from(files[path]) : readFileSync(real(path)));

  // The host's random source: asynchronous only, as wx.getRandomValues and my.getRandomValues are.
  const api = {
    getRandomValues({ length, success, fail }) {
      setTimeout(() => {
        if (!Number.isInteger(length) || length < 1 || length > 1024) return fail?.({ errMsg: "getRandomValues:fail invalid length" });
        const bytes = webcrypto.getRandomValues(new Uint8Array(length));
        success?.({ randomValues: bytes.buffer });
      }, 0);
    },
  };
  // Canvas 2D as both hosts give it to a page: createSelectorQuery().select("#id").node().exec(cb)
  // calls back later with { node } for the page's <canvas type="2d" id="id">, 300 × 150 until the
  // page sizes it; its context paints solid fillRect()s into `pixels` (RGBA) for a test to read.
  const canvases = new Map();
  const canvasNode = (id) => {
    if (!canvases.has(id)) {
      const canvas = { width: 300, height: 150, pixels: null };
      const ctx = {
        fillStyle: "#000",
        fillRect(x, y, w, h) {
          const { width, height } = canvas;
          if (!canvas.pixels || canvas.pixels.length !== width * height * 4) canvas.pixels = new Uint8ClampedArray(width * height * 4);
          const m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(String(ctx.fillStyle));
          if (!m) throw new Error(`the simulated canvas paints #rgb or #rrggbb, not ${ctx.fillStyle}`);
          const hex = m[1].length === 3 ? [...m[1]].map((c) => c + c).join("") : m[1];
          const rgb = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
          for (let yy = Math.max(0, y); yy < Math.min(height, y + h); yy++) {
            for (let xx = Math.max(0, x); xx < Math.min(width, x + w); xx++) {
              canvas.pixels.set([...rgb, 255], (yy * width + xx) * 4);
            }
          }
        },
      };
      canvas.getContext = (kind) => (kind === "2d" ? ctx : null);
      canvases.set(id, canvas);
    }
    return canvases.get(id);
  };
  api.createSelectorQuery = () => {
    const picked = [];
    const query = {
      select(selector) {
        return {
          node() {
            picked.push(selector);
            return query;
          },
        };
      },
      exec(cb) {
        setTimeout(() => cb(picked.map((sel) => (sel.startsWith("#") ? { node: canvasNode(sel.slice(1)) } : null))), 0);
      },
    };
    return query;
  };
  // Storage and pages, as far as the examples use them: wx.getStorageSync(key) gives "" when
  // unset, my.getStorageSync({ key }) gives { data }; App() and Page() record their definitions.
  const storage = new Map();
  const pages = [];
  if (kind === "wechat") {
    api.getStorageSync = (key) => (storage.has(key) ? storage.get(key) : "");
    api.setStorageSync = (key, data) => void storage.set(key, data);
  } else {
    api.getStorageSync = ({ key }) => ({ data: storage.has(key) ? storage.get(key) : null });
    api.setStorageSync = ({ key, data }) => void storage.set(key, data);
    // A worker: its own context (MYWebAssembly there only), messages cloned and delivered later.
    api.createWorker = (script) => {
      const inside = miniprogramHost({ kind, worker: true, mounts, files, hide });
      const toPage = [];
      const toWorker = [];
      const deliver = (list, msg) => setTimeout(() => list.forEach((fn) => fn(structuredClone(msg))), 0);
      inside.context.worker = { onMessage: (fn) => void toWorker.push(fn), postMessage: (msg) => deliver(toPage, msg) };
      inside.require(`/${script}`, "/");
      return { onMessage: (fn) => void toPage.push(fn), postMessage: (msg) => deliver(toWorker, msg), terminate() {} };
    };
  }
  if (!worker) {
    g.App = (definition) => void (g.__app = definition);
    g.Page = (definition) => void pages.push(definition);
  }
  const loaderName = kind === "wechat" ? "WXWebAssembly" : "MYWebAssembly";
  const hasLoader = kind === "wechat" || worker;
  const loads = [];
  if (kind === "wechat") g.wx = api;
  else g.my = api;
  if (hasLoader) {
    g[loaderName] = {
      instantiate(path, imports) {
        loads.push(path);
        return new Promise((resolve, reject) => {
          if (typeof path !== "string") return reject(new TypeError(`${loaderName}.instantiate: path must be a string`));
          if (!/\.wasm(\.br)?$/.test(path) || !exists(path)) return reject(new Error(`${loaderName}.instantiate: no file ${path} in the code package`));
          let bytes = read(path);
          if (path.endsWith(".br")) bytes = brotliDecompressSync(bytes);
          WebAssembly.instantiate(bytes, imports).then(({ instance, module }) => {
            const exports = {};
            for (const [name, value] of Object.entries(instance.exports)) {
              if (!(value instanceof WebAssembly.Global)) exports[name] = value; // as on iOS
            }
            resolve({ module, instance: { exports: Object.freeze(exports) } });
          }, reject);
        });
      },
      Memory: WebAssembly.Memory,
      Table: WebAssembly.Table,
      Global: WebAssembly.Global,
    };
  }

  // CommonJS as the hosts do it: relative paths against the requiring file, a bare name from
  // /miniprogram_npm/<name>/ (its package.json "main", else index.js); no Node built-ins.
  const npmRoot = kind === "wechat" ? "/miniprogram_npm" : "/node_modules";
  const cache = new Map();
  const resolve = (from, spec) => {
    let base;
    if (spec.startsWith("./") || spec.startsWith("../")) base = posix.join(posix.dirname(from), spec);
    else if (spec.startsWith("/")) base = posix.normalize(spec);
    else {
      // WeChat: what "build npm" copied to /miniprogram_npm/<name>/. Alipay: the package in
      // /node_modules/<name>/, entered through its "miniprogram" folder (else "main").
      const root = `${npmRoot}/${spec}`;
      const pkg = `${root}/package.json`;
      const meta = exists(pkg) ? JSON.parse(read(pkg).toString()) : {};
      base = kind === "alipay" && meta.miniprogram ? posix.join(root, meta.miniprogram, "index.js") : posix.join(root, meta.main ?? "index.js");
    }
    for (const c of [base, `${base}.js`, `${base}/index.js`]) if (exists(c)) return c;
    throw new Error(`module not found: ${spec} (from ${from})`);
  };
  const load = (path) => {
    if (cache.has(path)) return cache.get(path).exports;
    const module = { exports: {} };
    cache.set(path, module);
    if (path.endsWith(".json")) {
      module.exports = vm.runInContext(`(${read(path).toString()})`, context);
      return module.exports;
    }
    const fn = new vm.Script(`(function (require, module, exports) {${read(path).toString()}\n})`, { filename: path }).runInContext(context);
    fn.call(module.exports, (spec) => load(resolve(path, spec)), module, module.exports);
    return module.exports;
  };

  return {
    context,
    loads,
    storage,
    pages,
    canvases,
    /** `require` as a page at `from` would call it. */
    require: (spec, from = "/pages/pay/pay.js") => load(resolve(from, spec)),
    /** Evaluates an expression in the host, e.g. `typeof TextEncoder`. */
    evaluate: (code) => vm.runInContext(code, context),
  };
}

/**
 * The check files of js/test (ESM) as CommonJS scripts for the hosts, through TypeScript's
 * transpiler to ES2017 (what the hosts parse), at /checks/<file>; and /checks/run.js, which
 * initialises crosspay with `init` options and runs every shared vector file inside the host
 * (but the areas in `skip`: what the pure-JS fallback leaves out).
 */
export function checkScripts(testDir, jsDir) {
  const ts = createRequire(join(jsDir, "package.json"))("typescript");
  const files = {};
  for (const f of ["same.js", "money-checks.js", "merchant-qr-checks.js", "keys-checks.js", "paycode-checks.js", "render-checks.js", "card-checks.js"]) {
    const out = ts.transpileModule(readFileSync(join(testDir, f), "utf8"), {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2017 },
    });
    files[`/checks/${f}`] = out.outputText;
  }
  files["/checks/run.js"] = `"use strict";
var cp = require("crosspay");
var money = require("./money-checks.js");
var mqr = require("./merchant-qr-checks.js");
var keys = require("./keys-checks.js");
var pay = require("./paycode-checks.js");
var render = require("./render-checks.js");
var cards = require("./card-checks.js");
exports.run = async function (texts, init, skip) {
  await cp.initAsync(init);
  var doc = function (name) { return JSON.parse(texts[name]); };
  var out = [];
  var add = function (area, list) {
    if (skip && skip.indexOf(area) >= 0) return;
    list.forEach(function (r) { out.push({ area: area, name: r.name, ok: r.ok === true, detail: r.ok ? "" : JSON.stringify({ got: r.got, want: r.want, detail: r.detail }) }); });
  };
  add("convert", money.runConvertVectors(cp, doc("convert.json")));
  add("money", money.runMoneyVectors(cp, doc("money.json")));
  add("merchant-qr", mqr.runMerchantQrVectors(cp, doc("merchant_qr.json")));
  add("keys", await keys.runKeyChecks(cp, doc("keys.json"), { subtle: undefined, newKey: cp.generateKeyAsync, entropy: cp.randomBytesAsync, der: cp.backend() !== "wasm2js" }));
  add("paycode", pay.runPaycodeVectors(cp, doc("paycodes.json"), { der: cp.backend() !== "wasm2js" }));
  add("paycode", await pay.runAsyncStoreChecks(cp, doc("paycodes.json")));
  add("render", render.runRenderVectors(cp, doc("render.json")));
  if (!skip || skip.indexOf("cards") < 0) add("cards", cards.runCardVectors(cp, doc("cards.json")));
  if (!skip || skip.indexOf("prepaid") < 0) add("prepaid", cards.runPrepaidVectors(cp, doc("prepaid.json")));
  return JSON.stringify({ backend: cp.backend(), results: out });
};
`;
  return files;
}

/** The shared vector files' text, by name. */
export function vectorTexts(vectorsDir) {
  const texts = {};
  for (const f of ["convert.json", "money.json", "merchant_qr.json", "keys.json", "paycodes.json", "render.json", "cards.json", "prepaid.json"]) texts[f] = readFileSync(join(vectorsDir, f), "utf8");
  return texts;
}
