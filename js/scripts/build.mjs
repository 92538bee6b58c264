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

// Two entries from the same core: the full package (`crosspay`, default features) and the wallet
// entry (`crosspay/wallet`, bindings/wasm without default features: money, merchant-QR decoding
// and payment, wallet codes, raw and JWK keys; no issuer, verifier, trust lists, rate-sheet
// signing, merchant encoding, cards, drawing or DER/PEM keys). Each is its own module and glue.
// The wallet keeps p256's precomputed tables: without them it is 18 KB gzip smaller but signs at
// 0.8× @noble/curves instead of 3× (docs/benchmarks.md).
// `least` is how many argument checks each kind of argument must get in the glue (below).
const builds = [
  { name: "crosspay", dir: dist, cargo: [], least: { strings: 40, bytes: 5, arrays: 2, bigints: 1, classes: 5 } },
  { name: "crosspay/wallet", dir: join(dist, "wallet"), cargo: ["--no-default-features", "--features", "precomputed-tables"], least: { strings: 20, bytes: 5, arrays: 2, bigints: 1, classes: 2 } },
];
rmSync(dist, { recursive: true, force: true });
const src = (f) => readFileSync(join(js, "src", f), "utf8");
// The drawing helpers are the full package's: the wallet entry's index.js, node.js and index.d.ts
// are the same files without them (checked, like the glue edits below).
const drawExport = 'export { drawQrMatrix, drawBarcode } from "./draw.js";\n';
const drawTypes = "/** Where and how to draw on a canvas";
function walletText(text, file) {
  const at = text.indexOf(file === "index.d.ts" ? drawTypes : drawExport);
  if (at < 0) throw new Error(`js/src/${file}: expected the drawing exports, to leave them out of the wallet entry`);
  return file === "index.d.ts" ? text.slice(0, at).trimEnd() + "\n" : text.replace(drawExport, "");
}
let sizes = [];
let fullGlue, fullTypes, fullWasm;
for (const b of builds) {
  const { glue, glueTypes, wasmOut } = buildEntry(b);
  if (b.dir === dist) [fullGlue, fullTypes, fullWasm] = [glue, glueTypes, wasmOut];
}

function buildEntry(b) {
  run("cargo", ["build", "--quiet", "--target", "wasm32-unknown-unknown", "-p", "crosspay-wasm", "--profile", "release-wasm", ...b.cargo], { cwd: repo });
  const wasmIn = join(targetDir, "wasm32-unknown-unknown", "release-wasm", "crosspay_wasm.wasm");
  mkdirSync(b.dir, { recursive: true });
  run(wasmBindgen, ["--target", "web", "--out-dir", b.dir, "--out-name", "crosspay_wasm", wasmIn]);

  const wasmOut = join(b.dir, "crosspay_wasm_bg.wasm");
  const wasmOpt = join(js, "node_modules", ".bin", "wasm-opt");
  if (!existsSync(wasmOpt)) throw new Error("wasm-opt is missing: run npm ci in js/ (scripts/setup.sh does)");
  const before = statSync(wasmOut).size;
  // --converge repeats -Oz while it still shrinks; the two assumptions hold for every instance
  // the entries make (rustc leaves the first KiB of memory unused, and the module's own memory
  // starts zeroed): about 2 KB gzip together. No --traps-never-happen: a trap must stay a trap.
  run(wasmOpt, ["-Oz", "--converge", "--low-memory-unused", "--zero-filled-memory", "--strip-debug", "--strip-producers", "--strip-target-features", "-o", wasmOut, wasmOut]);

  const full = b.dir === dist;
  for (const f of ["state.js", "tape.js", "random.js"]) copyFileSync(join(js, "src", f), join(b.dir, f));
  for (const f of ["index.js", "node.js", "index.d.ts"]) writeFileSync(join(b.dir, f), full ? src(f) : walletText(src(f), f));
  if (full) copyFileSync(join(js, "src", "draw.js"), join(b.dir, "draw.js"));

  // Before initAsync()/initSync() the glue's module handle is state.js's placeholder, which throws
  // a clear not_initialized CrosspayError on any call; nothing wraps the API itself. Two exact
  // edits of the generated glue, checked so that a wasm-bindgen upgrade cannot skip them silently.
  const gluePath = join(b.dir, "crosspay_wasm.js");
  let glue = readFileSync(gluePath, "utf8");
  function edit(from, to, times) {
    const found = glue.split(from).length - 1;
    if (found !== times) throw new Error(`${b.name}: expected ${times} × ${JSON.stringify(from)} in the wasm-bindgen glue, found ${found}`);
    glue = glue.split(from).join(to);
  }
  edit("let wasmModule, wasmInstance, wasm;", "let wasmModule, wasmInstance, wasm = notReady;", 1);
  edit("if (wasm !== undefined) return wasm;", "if (wasm !== notReady) return wasm;", 2);
  // Every argument is checked where the glue hands it over (state.js's expect* functions): the
  // glue's own variable names are the arguments' names.
  function check(pattern, replace, atLeast) {
    const found = (glue.match(pattern) ?? []).length;
    if (found < atLeast) throw new Error(`${b.name}: expected at least ${atLeast} × ${pattern} in the wasm-bindgen glue, found ${found}`);
    glue = glue.replace(pattern, replace);
  }
  check(/passStringToWasm0\((\w+), wasm\./g, 'passStringToWasm0(expectString($1, "$1"), wasm.', b.least.strings);
  check(/passArray8ToWasm0\((\w+), wasm\./g, 'passArray8ToWasm0(expectBytes($1, "$1"), wasm.', b.least.bytes);
  check(/passArrayJsValueToWasm0\((\w+), wasm\./g, 'passArrayJsValueToWasm0(expectStrings($1, "$1"), wasm.', b.least.arrays);
  check(/BigInt\.asIntN\(64, (\w+)\)/g, 'BigInt.asIntN(64, expectBigInt($1, "$1"))', b.least.bigints);
  check(/_assertClass\((\w+), (\w+)\);/g, 'expectInstance($1, $2, "$1");', b.least.classes);
  glue = `import { notReady, expectString, expectBytes, expectStrings, expectBigInt, expectInstance } from "./state.js";\n${glue}`;
  writeFileSync(gluePath, glue);
  // The declarations say what the checks accept: bytes are a Uint8Array or an ArrayBuffer (the
  // glue's own `number[]` would be refused at run time).
  const typesPath = join(b.dir, "crosspay_wasm.d.ts");
  let glueTypes = readFileSync(typesPath, "utf8");
  const byteTypes = (glueTypes.match(/Uint8Array \| number\[\]/g) ?? []).length;
  if (byteTypes < 5) throw new Error(`${b.name}: expected at least 5 byte parameters in the declarations, found ${byteTypes}`);
  glueTypes = glueTypes.replaceAll("Uint8Array | number[]", "Uint8Array | ArrayBuffer");
  // Bytes handed out are fresh copies over their own ArrayBuffer: saying so lets them go straight
  // to WebCrypto (`BufferSource`) under TypeScript 5.7+ without a cast.
  glueTypes = glueTypes.replaceAll("): Uint8Array;", "): Uint8Array<ArrayBuffer>;").replaceAll("readonly message: Uint8Array;", "readonly message: Uint8Array<ArrayBuffer>;");
  writeFileSync(typesPath, glueTypes);
  if (!/^export function convert\(/m.test(glueTypes)) throw new Error(`${b.name}: the glue exports no convert(): is the wasm façade built?`);
  if (!glueTypes.includes("export type CrosspayErrorCode =")) throw new Error(`${b.name}: the error-code union from the core is missing`);
  rmSync(join(b.dir, ".gitignore"), { force: true });
  const count = (re) => (glueTypes.match(re) ?? []).length;
  sizes.push(`${b.name}: ${count(/^export function /gm)} functions, ${count(/^export class /gm)} classes; wasm ${before} → ${statSync(wasmOut).size} bytes after wasm-opt`);
  return { glue, glueTypes, wasmOut };
}

// The mini-program folder, from the full package's checked glue and module (scripts/miniprogram.mjs).
const mp = buildMiniprogram({ js, glue: fullGlue, wasm: fullWasm });
const initTypes = fullTypes.indexOf("export type InitInput");
if (initTypes < 0) throw new Error("expected the glue's InitInput declarations");
writeFileSync(join(mp, "crosspay_wasm.d.ts"), fullTypes.slice(0, initTypes));
for (const line of sizes) console.log(`crosspay npm build: ${line}`);
