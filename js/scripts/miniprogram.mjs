// The mini-program entry (package.json "miniprogram": "miniprogram_dist"), written by build.mjs:
// CommonJS, ES2017 syntax only, what WeChat DevTools' "build npm" copies into miniprogram_npm/.
// The full package's module and glue (build.mjs builds it for what both hosts run: no reference
// types, MINIPROGRAM_WASM_FEATURES), with build.mjs's checks in the glue: its loaders for
// fetch/URL/WebAssembly are cut
// (miniprogram/index.js loads through WXWebAssembly or MYWebAssembly instead),
// TextEncoder/TextDecoder come from miniprogram/text.js (the host's where it has them), memory
// views are renewed whenever the memory's buffer changes, and TypeScript's transpiler lowers the
// syntax to ES2017. The module ships as .wasm.br; the pure-JS fallback, crosspay_fallback.js
// (buildFallback), is wasm2js of a build for size behind the same glue. Both start with p256's
// generator table (core/src/keys/generator.rs) built at build time (withTablesBuilt), which the
// npm module builds on its first key.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants } from "node:zlib";
import { transformSync } from "esbuild";
import ts from "typescript";
import { TABLE_BYTES, TABLE_PAYLOAD, withTableChecked } from "./generator-table.mjs";
import { dataBytes, leb, name, sections, withoutStackData } from "./wasm-module.mjs";

export const MINIPROGRAM_DIR = "miniprogram_dist";
export const MINIPROGRAM_WASM = "crosspay_wasm_bg.wasm.br";
export const FALLBACK_FILE = "crosspay_fallback.js";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * The capabilities of the mini-program module and of the fallback's: the full package's
 * (bindings/wasm's default features, read from its Cargo.toml). The generator table stays (as
 * p256's base-point table did before it): at opt-level "z" it makes the fallback sign about 2.5×
 * faster, and 11 KB smaller.
 */
export const MINIPROGRAM_FEATURES = (() => {
  const manifest = readFileSync(join(repo, "bindings", "wasm", "Cargo.toml"), "utf8");
  const m = manifest.match(/^default = \[([^\]]*)\]/m);
  if (!m) throw new Error("bindings/wasm/Cargo.toml: expected a default feature list");
  return [...m[1].matchAll(/"([^"]+)"/g)].map((x) => x[1]);
})();

/**
 * What the pure-JS fallback carries (the rest, cards, the prepaid card and DER/PEM keys, throws
 * not_in_fallback there): money, keys and wallet codes (always in the façade), merchant QR both
 * ways, certificates and trust lists issued and verified, rate sheets, and drawing. wasm2js turns
 * a byte of code into about two bytes of minified JavaScript: all of the module would be about
 * 1.8 MB, and the folder over the hosts' 2 MB.
 */
export const FALLBACK_FEATURES = ["merchant", "verifier", "issuer", "render"];

/** The WebAssembly features the mini-program module may use: in both hosts' tables (issue 14). */
export const MINIPROGRAM_WASM_FEATURES = ["--enable-mutable-globals", "--enable-sign-ext", "--enable-nontrapping-float-to-int", "--enable-bulk-memory", "--enable-bulk-memory-opt", "--enable-multivalue"];

/** The façade's one raw export (bindings/wasm/src/keys.rs): it builds core's generator table. */
export const TABLES_EXPORT = "crosspay_build_tables";

/**
 * The module as it is once core's generator table is built: binaryen's wasm-ctor-eval runs
 * TABLES_EXPORT at build time and keeps the memory it leaves as data (the export goes), less what
 * the call left on the stack (generator-table.mjs checks the table). A mini-program launches often from a package downloaded once, and
 * its first key would otherwise build the table: a few ms through the module, 15 ms through the
 * pure-JS fallback, 690 ms where that runs without a JIT (Node's V8 with --jitless). The data
 * costs about 25 KB, which the npm entries, downloaded by pages, do not carry (docs/benchmarks.md,
 * "A mini-program's first key builds no table").
 */
export function withTablesBuilt(bytes, { js, wasmFeatures, work, label }) {
  // Below the stack pointer the module as built has no data: what is there after the call is the
  // stack's, and goes.
  if (withoutStackData(bytes).dropped !== 0) throw new Error(`${label}: data below the stack pointer; expected the stack first, as rustc lays a module out`);
  const [input, output] = [`${label}-tables-in.wasm`, `${label}-tables.wasm`].map((f) => join(work, f));
  mkdirSync(work, { recursive: true });
  writeFileSync(input, bytes);
  const tool = (t, args) => execFileSync(join(js, "node_modules", ".bin", t), [...wasmFeatures, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  const log = tool("wasm-ctor-eval", [`--ctors=${TABLES_EXPORT}`, input, "-o", output]);
  if (!log.includes(`success on ${TABLES_EXPORT}`)) throw new Error(`${label}: wasm-ctor-eval could not build the generator table at build time:\n${log}`);
  // The function goes with its export; the code is written as -Oz writes it (its stack IR
  // optimised: about 1 KB smaller than wasm-ctor-eval's own writing), no pass run again.
  tool("wasm-opt", ["--remove-unused-module-elements", "--optimize-level=2", "--shrink-level=2", "--optimize-stack-ir", output, "-o", output]);
  const built = withTableChecked(withoutStackData(readFileSync(output)).bytes);
  if (exportedFunctions(built).exports.some((e) => e.name === TABLES_EXPORT)) throw new Error(`${label}: ${TABLES_EXPORT} is still exported after wasm-ctor-eval`);
  const grown = dataBytes(built) - dataBytes(bytes);
  // The table, and the once-cell's state beside it (a few bytes of the data the call found may
  // have gone back to zero, which the data leaves out, as may the points' padding).
  if (grown < TABLE_PAYLOAD - 64 || grown > TABLE_BYTES + 1024) throw new Error(`${label}: building the generator table left ${grown} bytes of data, expected about the table's ${TABLE_BYTES}`);
  return built;
}

/** The module without the custom section `section`. */
export function withoutCustomSection(bytes, section) {
  const keep = [bytes.subarray(0, 8)];
  for (const s of sections(bytes)) {
    if (s.id === 0 && name(bytes, s.body)[0] === section) continue;
    keep.push(bytes.subarray(s.start, s.end));
  }
  return Buffer.concat(keep);
}

/**
 * A module's imports and exports as its sections hold them: each name with where its bytes are
 * (`at`, `length`), each function import's and export's type (wasm value-type bytes).
 */
function importsAndExports(bytes) {
  const types = [];
  const funcTypes = [];
  const imports = [];
  const exports = [];
  for (const s of sections(bytes)) {
    let p = s.body;
    const count = () => {
      const [n, at] = leb(bytes, p);
      p = at;
      return n;
    };
    const text = () => {
      const [length, at] = leb(bytes, p);
      p = at + length;
      return { text: Buffer.from(bytes.subarray(at, p)).toString("utf8"), at, length };
    };
    if (s.id === 1) {
      for (let i = count(); i > 0; i--) {
        if (bytes[p++] !== 0x60) throw new Error("unexpected type form");
        let n = count();
        const params = [...bytes.subarray(p, p + n)];
        p += n;
        n = count();
        const results = [...bytes.subarray(p, p + n)];
        p += n;
        types.push({ params, results });
      }
    } else if (s.id === 2) {
      for (let i = count(); i > 0; i--) {
        const module = text();
        const field = text();
        const kind = bytes[p++];
        let type = null;
        if (kind === 0) {
          type = types[count()];
          funcTypes.push(type);
        } else if (kind === 1) {
          p += 1;
          const flags = bytes[p++];
          count();
          if (flags & 1) count();
        } else if (kind === 2) {
          const flags = bytes[p++];
          count();
          if (flags & 1) count();
        } else if (kind === 3) p += 2;
        else throw new Error(`unexpected import kind ${kind}`);
        imports.push({ module, field, kind, type });
      }
    } else if (s.id === 3) {
      for (let i = count(); i > 0; i--) funcTypes.push(types[count()]);
    } else if (s.id === 7) {
      for (let i = count(); i > 0; i--) {
        const name = text();
        const kind = bytes[p++];
        const index = count();
        exports.push({ name, kind, type: kind === 0 ? funcTypes[index] : null });
      }
    }
  }
  return { imports, exports };
}

/** Exported functions with their parameter and result types (wasm value-type bytes). */
export function exportedFunctions(bytes) {
  const { imports, exports } = importsAndExports(bytes);
  return {
    imports: imports.filter((i) => i.kind === 0).map((i) => ({ module: i.module.text, field: i.field.text, type: i.type })),
    exports: exports.map((e) => ({ name: e.name.text, kind: e.kind, type: e.type })),
  };
}

// Names wasm-bindgen ends with a hash (`…__invoke__h5df517d46218c0dc`, `__wbg_new_787b9fb330d55d78`):
// the hash differs between builds of the same code with different profiles.
const HASHED = /\b\w+?_(?:_h)?[0-9a-f]{16}\b/g;

// wasm-bindgen's comment above a closure cast names the closure's shim by its index in that
// module's function table, which two profiles may number differently: only a comment, the call
// below it goes by the (paired) hashed name.
const inert = (glue) => glue.replace(/(\/\/ Cast intrinsic for `[^`\n]*shim_idx: )\d+/g, "$1#");

/**
 * The hashed names of glue `from` paired with those of glue `to`, in order of first appearance
 * (only the pairs that differ); throws unless `from` with its names replaced is `to` exactly.
 */
export function pairHashedNames(from, to) {
  const names = (text) => [...new Set(text.match(HASHED) ?? [])];
  const [a, b] = [names(from), names(to)];
  if (a.length !== b.length) throw new Error(`the glues have ${a.length} and ${b.length} hashed names`);
  const pairs = new Map(a.flatMap((n, i) => (n === b[i] ? [] : [[n, b[i]]])));
  if (inert(from.replace(HASHED, (n) => pairs.get(n) ?? n)) !== inert(to)) {
    throw new Error("the fallback module's glue differs from the full package's beyond hashed names: one glue cannot run both");
  }
  return pairs;
}

/** The module with its import and export names renamed by `pairs` (each to a name as long). */
export function renameImportsAndExports(bytes, pairs) {
  const out = Buffer.from(bytes);
  const { imports, exports } = importsAndExports(out);
  const seen = new Set();
  for (const n of [...imports.flatMap((i) => [i.module, i.field]), ...exports.map((e) => e.name)]) {
    const to = pairs.get(n.text);
    if (to === undefined) continue;
    if (Buffer.byteLength(to) !== n.length) throw new Error(`cannot rename ${n.text} to ${to}: not as long`);
    out.write(to, n.at, "utf8");
    seen.add(n.text);
  }
  const missing = [...pairs.keys()].filter((n) => !seen.has(n));
  if (missing.length) throw new Error(`the module imports or exports none of ${missing.join(", ")}`);
  return out;
}

// The glue's own exports (memory, allocation, closures, panics): every module has them, under
// names that may differ between builds. The rest (functions, methods, field getters, class
// finalizers) are the API, named the same in every build.
const internal = (name) =>
  name === "memory" ||
  name === TABLES_EXPORT || name.startsWith("__wbindgen_") || name.startsWith("wasm_bindgen__") || name === "__abort_handler" || name === "__instance_terminated";

/** The API exports of a module (the glue's functions, methods, getters and finalizers). */
export function apiExports(bytes) {
  return exportedFunctions(bytes).exports.filter((e) => !internal(e.name)).map((e) => e.name);
}

/** What every script esbuild writes for the package shares: comments dropped, UTF-8 as written. */
export const ESBUILD_OUTPUT = { charset: "utf8", legalComments: "none" };

// keepNames: the glue's classes and functions keep their `name` (error messages use it).
function minify(script, keepNames = true) {
  return transformSync(script, { loader: "js", ...ESBUILD_OUTPUT, minify: true, keepNames, target: "es2017" }).code;
}

// The declarations (index.d.ts, crosspay_wasm.d.ts) carry the documentation; the scripts go
// without comments, as every byte counts against the hosts' package limit.
function toScript(source, file) {
  const out = ts.transpileModule(source, {
    fileName: file,
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2017, esModuleInterop: false, removeComments: true },
  });
  if (out.diagnostics?.length) {
    throw new Error(`${file}: ${out.diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")).join("; ")}`);
  }
  return out.outputText;
}

function cut(text, from, to, file) {
  const a = text.indexOf(from);
  const b = to === null ? text.length : text.indexOf(to, a);
  if (a < 0 || b < 0) throw new Error(`${file}: expected ${JSON.stringify(from)} … ${JSON.stringify(to)} in the wasm-bindgen glue`);
  return text.slice(0, a) + text.slice(b);
}

/** `text` with every `from` replaced by `to`, checked to be there exactly `times` times (a checked edit; build.mjs's too). */
export function replaceExactly(text, from, to, times, file) {
  const found = text.split(from).length - 1;
  if (found !== times) throw new Error(`${file}: expected ${times} × ${JSON.stringify(from)}, found ${found}`);
  return text.split(from).join(to);
}

/**
 * The pure-JS fallback: binaryen's wasm2js translation of the mini-program module (as a CommonJS
 * script, ES2017, no eval), with the exports outside FALLBACK_FEATURES removed first (the glue
 * finds a function throwing not_in_fallback in their place) so their code goes too.
 */
function buildFallback({ js, wasm: built, keep, wasmFeatures, work }) {
  const tool = (t) => join(js, "node_modules", ".bin", t);
  const run = (t, args) => execFileSync(tool(t), [...wasmFeatures, ...args], { stdio: ["ignore", "ignore", "inherit"] });
  const wasm = withTablesBuilt(built, { js, wasmFeatures, work, label: "fallback" });
  const { exports } = exportedFunctions(wasm);
  const api = exports.filter((e) => !internal(e.name)).map((e) => e.name);
  const unknown = keep.filter((n) => !api.includes(n));
  if (unknown.length) throw new Error(`the fallback's exports are not all in the mini-program module: ${unknown.join(", ")}`);
  const absent = api.filter((n) => !keep.includes(n));
  if (absent.length === 0 || keep.filter((n) => !n.startsWith("__")).length < 30) throw new Error(`expected the fallback to keep most exports and leave some out (${keep.length} kept, ${absent.length} left out)`);
  // wasm-metadce: every export but the absent ones is a root; what only they reach goes.
  const live = exports.filter((e) => !absent.includes(e.name));
  const graph = [{ name: "glue", root: true, reaches: live.map((e) => `export ${e.name}`) }, ...exports.map((e) => ({ name: `export ${e.name}`, export: e.name }))];
  mkdirSync(work, { recursive: true });
  const [input, dce, translated] = ["fallback-in.wasm", "fallback.wasm", "fallback.wasm2js.mjs"].map((f) => join(work, f));
  writeFileSync(input, wasm);
  writeFileSync(join(work, "fallback-graph.json"), JSON.stringify(graph));
  run("wasm-metadce", [input, "--graph-file", join(work, "fallback-graph.json"), "-o", dce]);
  // wasm2js's i64 lowering misses i64.trunc_sat_*: lower those to MVP operations first.
  run("wasm-opt", ["--llvm-nontrapping-fptoint-lowering", "-Oz", "--converge", "--low-memory-unused", "--zero-filled-memory", "--strip-debug", "--strip-producers", dce, "-o", dce]);
  // wasm2js splits an i64 parameter of an export into two i32 halves (low first), returns an
  // i64 as its low half with the high half through the import env.setTempRet0, and cannot hand
  // a BigInt to an import; the loader (miniprogram/index.js) splits and joins the glue's BigInts.
  const i64Params = {};
  const i64Results = [];
  const after = exportedFunctions(readFileSync(dce));
  for (const imp of after.imports) {
    if (imp.type.params.includes(0x7e) || imp.type.results.includes(0x7e)) throw new Error(`import ${imp.field} passes an i64, which wasm2js cannot hand to JavaScript`);
  }
  for (const e of after.exports) {
    if (e.kind !== 0) continue;
    if (e.type.results.length > 1) throw new Error(`export ${e.name} returns several values, which the fallback loader does not take`);
    if (e.type.results[0] === 0x7e) i64Results.push(e.name);
    const at = e.type.params.flatMap((t, i) => (t === 0x7e ? [i] : []));
    if (at.length) i64Params[e.name] = at;
  }
  if (after.exports.some((e) => absent.includes(e.name))) throw new Error("wasm-metadce kept an export the fallback leaves out");
  run("wasm2js", ["-Oz", dce, "-o", translated]);

  let text = readFileSync(translated, "utf8");
  // The module's imports (the glue's, and env.setTempRet0 with i64 results) come in as asmFunc's
  // argument: the import statements and the call at the end go.
  let head = "import * as $_crosspay_wasm_bg_js from './crosspay_wasm_bg.js';\n";
  if (i64Results.length) head += "import * as env from 'env';\n";
  const tail = text.indexOf("\nvar retasmFunc = asmFunc(");
  if (!text.startsWith(head) || tail < 0) throw new Error("wasm2js output: expected the imports of the glue (and env), and the asmFunc(...) call");
  const body = text.slice(head.length, tail);
  for (const bad of [/^\s*(import|export)\b/m, /\beval\(/, /\bFunction\(/]) {
    if (bad.test(body)) throw new Error(`wasm2js output: unexpected ${bad} (the hosts allow no modules or eval)`);
  }
  const script = `module.exports = {\n  i64Params: ${JSON.stringify(i64Params)},\n  i64Results: ${JSON.stringify(i64Results)},\n  absent: ${JSON.stringify(absent)},\n  instantiate: function (imports) {\n${body}\n    return asmFunc(imports);\n  },\n};\n`;
  const header = "// crosspay's pure-JS fallback (mini-programs without WebAssembly): binaryen wasm2js of\n// crosspay_wasm_bg.wasm.br without the exports listed in `absent`, minified. Built by js/scripts/miniprogram.mjs.\n";
  return { text: header + minify(script, false), kept: keep.length, absent: absent.length, wasmBytes: readFileSync(dce).length };
}

/**
 * Writes js/<MINIPROGRAM_DIR> from the checked glue text, the js/src helpers, the module (`wasm`, its bytes, with
 * TABLES_EXPORT) and the module the fallback is translated from (`fallbackWasm`, its names the glue's).
 */
export function buildMiniprogram({ js, glue, wasm, fallbackWasm, fallbackApi, wasmFeatures, work }) {
  const out = join(js, MINIPROGRAM_DIR);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const textImport = 'import { TextEncoder, TextDecoder } from "./text.js";\n';

  let g = glue;
  // The loaders that need fetch, URL, import.meta or WebAssembly go; the imports object and the
  // finishing step stay, for miniprogram/index.js.
  g = cut(g, "async function __wbg_load(", "function initSync(", "glue");
  g = cut(g, "function initSync(", null, "glue");
  g += "\nexport { __wbg_get_imports, __wbg_finalize_init };\n";
  // The glue renews its views of wasm memory when their buffer's length reads 0: growing a
  // WebAssembly memory detaches the old buffer. wasm2js's memory grows into a new buffer and
  // leaves the old one attached, with its length: the fallback's loader marks that memory
  // (miniprogram/index.js), and only there is the view's buffer compared with the memory's, whose
  // `buffer` is an API getter on a real module's memory (a sixth of fromMinorUnits's time).
  // (A DataView's own byteLength throws once its buffer is detached: its buffer's is read.)
  const stale = (view, length) => `${length} === 0 || (wasm.memory.keepsOldBuffer === true && ${view}.buffer !== wasm.memory.buffer)`;
  g = replaceExactly(g, "cachedUint8ArrayMemory0.byteLength === 0", stale("cachedUint8ArrayMemory0", "cachedUint8ArrayMemory0.byteLength"), 1, "glue");
  g = replaceExactly(g, "cachedDataViewMemory0.buffer.byteLength === 0", stale("cachedDataViewMemory0", "cachedDataViewMemory0.buffer.byteLength"), 1, "glue");
  for (const bad of ["import.meta", "fetch(", "WebAssembly."]) {
    if (g.includes(bad)) throw new Error(`the mini-program glue still mentions ${bad}`);
  }
  // Minified: hosts count a code package's bytes, and the declarations keep the documentation.
  writeFileSync(join(out, "crosspay_wasm.js"), minify(toScript(textImport + g, "crosspay_wasm.js")));

  const src = join(js, "src");
  for (const f of ["state.js", "random.js", "draw.js"]) writeFileSync(join(out, f), toScript(readFileSync(join(src, f), "utf8"), f));
  writeFileSync(join(out, "tape.js"), toScript(textImport + readFileSync(join(src, "tape.js"), "utf8"), "tape.js"));
  for (const f of ["index.js", "text.js"]) copyFileSync(join(js, "miniprogram", f), join(out, f));
  copyFileSync(join(js, "miniprogram", "index.d.ts"), join(out, "index.d.ts"));
  // Node reads .js in this folder as CommonJS too (the package itself is "type": "module").
  writeFileSync(join(out, "package.json"), `${JSON.stringify({ type: "commonjs", main: "index.js", types: "index.d.ts" }, null, 2)}\n`);

  const bytes = withTablesBuilt(wasm, { js, wasmFeatures, work, label: "module" });
  const br = brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  });
  writeFileSync(join(out, MINIPROGRAM_WASM), br);
  const fallback = buildFallback({ js, wasm: readFileSync(fallbackWasm), keep: fallbackApi, wasmFeatures, work });
  writeFileSync(join(out, FALLBACK_FILE), fallback.text);
  return { dir: out, fallback };
}
