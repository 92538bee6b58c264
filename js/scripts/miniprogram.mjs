// The mini-program entry (package.json "miniprogram": "miniprogram_dist"), written by build.mjs:
// CommonJS, ES2017 syntax only, what WeChat DevTools' "build npm" copies into miniprogram_npm/.
// From the same glue as the other entries (after build.mjs's checks are in it): its loaders for
// fetch/URL/WebAssembly are cut (miniprogram/index.js loads through WXWebAssembly or
// MYWebAssembly instead), TextEncoder/TextDecoder come from miniprogram/text.js (the host's
// where it has them), memory views are renewed whenever the memory's buffer changes, and
// TypeScript's transpiler lowers the syntax to ES2017. The module ships as .wasm.br.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { brotliCompressSync, constants } from "node:zlib";
import ts from "typescript";

export const MINIPROGRAM_DIR = "miniprogram_dist";
export const MINIPROGRAM_WASM = "crosspay_wasm_bg.wasm.br";

function toScript(source, file) {
  const out = ts.transpileModule(source, {
    fileName: file,
    reportDiagnostics: true,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2017, esModuleInterop: false, removeComments: false },
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

function replaceExactly(text, from, to, times, file) {
  const found = text.split(from).length - 1;
  if (found !== times) throw new Error(`${file}: expected ${times} × ${JSON.stringify(from)}, found ${found}`);
  return text.split(from).join(to);
}

/** Writes js/<MINIPROGRAM_DIR> from the checked glue text, the js/src helpers and the .wasm. */
export function buildMiniprogram({ js, glue, wasm }) {
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
  // A memory that grows may keep its old buffer usable (wasm2js-style memories do): compare the
  // buffer itself, not only a detached view's length.
  g = replaceExactly(g, "cachedUint8ArrayMemory0.byteLength === 0", "cachedUint8ArrayMemory0.buffer !== wasm.memory.buffer", 1, "glue");
  for (const bad of ["import.meta", "fetch(", "WebAssembly."]) {
    if (g.includes(bad)) throw new Error(`the mini-program glue still mentions ${bad}`);
  }
  writeFileSync(join(out, "crosspay_wasm.js"), toScript(textImport + g, "crosspay_wasm.js"));

  const src = join(js, "src");
  for (const f of ["state.js", "random.js", "draw.js"]) writeFileSync(join(out, f), toScript(readFileSync(join(src, f), "utf8"), f));
  writeFileSync(join(out, "tape.js"), toScript(textImport + readFileSync(join(src, "tape.js"), "utf8"), "tape.js"));
  for (const f of ["index.js", "text.js"]) copyFileSync(join(js, "miniprogram", f), join(out, f));
  copyFileSync(join(js, "miniprogram", "index.d.ts"), join(out, "index.d.ts"));
  // Node reads .js in this folder as CommonJS too (the package itself is "type": "module").
  writeFileSync(join(out, "package.json"), `${JSON.stringify({ type: "commonjs", main: "index.js", types: "index.d.ts" }, null, 2)}\n`);

  const bytes = readFileSync(wasm);
  const br = brotliCompressSync(bytes, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  });
  writeFileSync(join(out, MINIPROGRAM_WASM), br);
  return out;
}
