// Builds the npm package into js/dist: cargo (wasm32, release-wasm profile) → wasm-bindgen
// (--target web, one .wasm for every host) → wasm-opt → hand-written host entries that re-export
// the glue. Tools: wasm-bindgen at exactly Cargo.lock's version (scripts/setup.sh), and
// wasm-opt from the npm package binaryen.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildMiniprogram } from "./miniprogram.mjs";

const js = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repo = resolve(js, "..");
const dist = join(js, "dist");
const targetDir = process.env.CARGO_TARGET_DIR ?? join(repo, "target");

function run(cmd, args, opts = {}) {
  execFileSync(cmd, args, { stdio: ["ignore", "inherit", "inherit"], ...opts });
}

function lockedVersion(crate) {
  const lock = readFileSync(join(repo, "Cargo.lock"), "utf8");
  const m = lock.match(new RegExp(`name = "${crate}"\\nversion = "([^"]+)"`));
  if (!m) throw new Error(`${crate} is not in Cargo.lock`);
  return m[1];
}

const wasmBindgen = process.env.WASM_BINDGEN ?? "wasm-bindgen";
const want = lockedVersion("wasm-bindgen");
const have = execFileSync(wasmBindgen, ["--version"], { encoding: "utf8" }).trim().split(" ")[1];
if (have !== want) {
  throw new Error(`wasm-bindgen-cli ${have} does not match the wasm-bindgen crate ${want}: run scripts/setup.sh`);
}

run("cargo", ["build", "--quiet", "--target", "wasm32-unknown-unknown", "-p", "crosspay-wasm", "--profile", "release-wasm"], { cwd: repo });
const wasmIn = join(targetDir, "wasm32-unknown-unknown", "release-wasm", "crosspay_wasm.wasm");

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
run(wasmBindgen, ["--target", "web", "--out-dir", dist, "--out-name", "crosspay_wasm", wasmIn]);

const wasmOut = join(dist, "crosspay_wasm_bg.wasm");
const wasmOpt = join(js, "node_modules", ".bin", "wasm-opt");
if (!existsSync(wasmOpt)) throw new Error("wasm-opt is missing: run npm ci in js/ (scripts/setup.sh does)");
const before = statSync(wasmOut).size;
run(wasmOpt, ["-Oz", "--strip-debug", "--strip-producers", "--strip-target-features", "-o", wasmOut, wasmOut]);

for (const f of ["index.js", "node.js", "state.js", "tape.js", "random.js", "draw.js", "index.d.ts"]) {
  copyFileSync(join(js, "src", f), join(dist, f));
}

// Before initAsync()/initSync() the glue's module handle is state.js's placeholder, which throws
// a clear not_initialized CrosspayError on any call; nothing wraps the API itself. Two exact
// edits of the generated glue, checked so that a wasm-bindgen upgrade cannot skip them silently.
const gluePath = join(dist, "crosspay_wasm.js");
let glue = readFileSync(gluePath, "utf8");
function edit(from, to, times) {
  const found = glue.split(from).length - 1;
  if (found !== times) throw new Error(`expected ${times} × ${JSON.stringify(from)} in the wasm-bindgen glue, found ${found}`);
  glue = glue.split(from).join(to);
}
edit("let wasmModule, wasmInstance, wasm;", "let wasmModule, wasmInstance, wasm = notReady;", 1);
edit("if (wasm !== undefined) return wasm;", "if (wasm !== notReady) return wasm;", 2);
// Every argument is checked where the glue hands it over (state.js's expect* functions): the
// glue's own variable names are the arguments' names.
function check(pattern, replace, atLeast) {
  const found = (glue.match(pattern) ?? []).length;
  if (found < atLeast) throw new Error(`expected at least ${atLeast} × ${pattern} in the wasm-bindgen glue, found ${found}`);
  glue = glue.replace(pattern, replace);
}
check(/passStringToWasm0\((\w+), wasm\./g, 'passStringToWasm0(expectString($1, "$1"), wasm.', 40);
check(/passArray8ToWasm0\((\w+), wasm\./g, 'passArray8ToWasm0(expectBytes($1, "$1"), wasm.', 5);
check(/passArrayJsValueToWasm0\((\w+), wasm\./g, 'passArrayJsValueToWasm0(expectStrings($1, "$1"), wasm.', 2);
check(/BigInt\.asIntN\(64, (\w+)\)/g, 'BigInt.asIntN(64, expectBigInt($1, "$1"))', 1);
check(/_assertClass\((\w+), (\w+)\);/g, 'expectInstance($1, $2, "$1");', 5);
writeFileSync(gluePath, `import { notReady, expectString, expectBytes, expectStrings, expectBigInt, expectInstance } from "./state.js";\n${glue}`);
// The declarations say what the checks accept: bytes are a Uint8Array or an ArrayBuffer (the
// glue's own `number[]` would be refused at run time).
const typesPath = join(dist, "crosspay_wasm.d.ts");
let glueTypes = readFileSync(typesPath, "utf8");
const byteTypes = (glueTypes.match(/Uint8Array \| number\[\]/g) ?? []).length;
if (byteTypes < 5) throw new Error(`expected at least 5 byte parameters in the declarations, found ${byteTypes}`);
glueTypes = glueTypes.replaceAll("Uint8Array | number[]", "Uint8Array | ArrayBuffer");
// Bytes handed out are fresh copies over their own ArrayBuffer: saying so lets them go straight
// to WebCrypto (`BufferSource`) under TypeScript 5.7+ without a cast.
glueTypes = glueTypes.replaceAll("): Uint8Array;", "): Uint8Array<ArrayBuffer>;").replaceAll("readonly message: Uint8Array;", "readonly message: Uint8Array<ArrayBuffer>;");
writeFileSync(typesPath, glueTypes);

// The mini-program folder, from the same checked glue and module (scripts/miniprogram.mjs).
const mp = buildMiniprogram({ js, glue: readFileSync(gluePath, "utf8"), wasm: wasmOut });
const initTypes = glueTypes.indexOf("export type InitInput");
if (initTypes < 0) throw new Error("expected the glue's InitInput declarations");
writeFileSync(join(mp, "crosspay_wasm.d.ts"), glueTypes.slice(0, initTypes));
if (!/^export function convert\(/m.test(glueTypes)) throw new Error("the glue exports no convert(): is the wasm façade built?");
if (!glueTypes.includes("export type CrosspayErrorCode =")) throw new Error("the error-code union from the core is missing");
const count = (re) => (glueTypes.match(re) ?? []).length;
rmSync(join(dist, ".gitignore"), { force: true });

const after = statSync(wasmOut).size;
console.log(`crosspay npm build: ${count(/^export function /gm)} functions, ${count(/^export class /gm)} classes; wasm ${before} → ${after} bytes after wasm-opt`);
