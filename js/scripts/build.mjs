// Builds the npm package into js/dist and js/miniprogram_dist: cargo (wasm32, release-wasm
// profile, std built from source so that a panic traps at once) → wasm-bindgen (--target web, one
// .wasm for every host, mini-programs included) → wasm-opt → hand-written host entries that
// re-export the glue, each bundled into one script by esbuild; the mini-programs' pure-JS
// fallback from a build for size (below). Tools: wasm-bindgen at exactly Cargo.lock's version
// (scripts/setup.sh), wasm-opt from the npm package binaryen.
import { execFile, execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { buildSync } from "esbuild";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { inlineHot } from "./inline-hot.mjs";
import { withImportNames } from "./wasm-module.mjs";
import {
  FALLBACK_FEATURES,
  MINIPROGRAM_FEATURES,
  MINIPROGRAM_WASM_FEATURES,
  apiExports,
  buildMiniprogram,
  ESBUILD_OUTPUT,
  pairHashedNames,
  renameImportsAndExports,
  replaceExactly,
  withoutCustomSection,
} from "./miniprogram.mjs";

const js = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repo = resolve(js, "..");
const dist = join(js, "dist");
const targetDir = process.env.CARGO_TARGET_DIR ?? join(repo, "target");

// Seconds each tool took, summed by what it did (printed at the end with the sizes; tools that
// ran side by side overlap).
const times = new Map();
const timed = (what, t0) => times.set(what, (times.get(what) ?? 0) + (performance.now() - t0) / 1000);
function run(cmd, args, opts = {}, what = cmd.split("/").pop()) {
  const t0 = performance.now();
  execFileSync(cmd, args, { stdio: ["ignore", "inherit", "inherit"], ...opts });
  timed(what, t0);
}
/** Like run(), in the background: resolves when the tool has exited 0 (its output is printed then). */
function runAsync(cmd, args, what = cmd.split("/").pop()) {
  const t0 = performance.now();
  return new Promise((done, failed) =>
    execFile(cmd, args, { maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      process.stdout.write(stdout);
      process.stderr.write(stderr);
      timed(what, t0);
      error ? failed(new Error(`${what} failed: ${error.message}`)) : done();
    }),
  );
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
// The wallet keeps the generator table (core's precomputed-tables): without it, smaller but signing at
// 0.8× @noble/curves instead of 3× (docs/benchmarks.md).
// `least` is how many argument checks each kind of argument must get in the glue (below).
const fullChecks = { strings: 40, bytes: 5, arrays: 1, bigints: 1, units: 2, classes: 5 };
// Both are built without reference types and with only the WebAssembly features both mini-program
// hosts have (MINIPROGRAM_WASM_FEATURES): the full package's module is also the mini-program's
// (scripts/miniprogram.mjs), so mini-programs sign at the npm module's speed.
const builds = [
  // `inline`: __multi3 inlined into the P-256 arithmetic (scripts/inline-hot.mjs: signing 10 %,
  // verifying 15 % faster for about 4.4 KB gzip).
  { name: "crosspay", dir: dist, ...npmCargo([]), least: fullChecks, inline: true },
  { name: "crosspay/wallet", dir: join(dist, "wallet"), ...npmCargo(["--no-default-features", "--features", "precomputed-tables"]), inline: true, least: { strings: 20, bytes: 5, arrays: 1, bigints: 1, units: 2, classes: 2 } },
];
// The pure-JS fallback's module (scripts/miniprogram.mjs): every capability of the full package,
// built for size (profile release-js: opt-level "z" throughout, full LTO; wasm2js turns a byte of
// code into about two of JavaScript, and the folder must stay under the hosts' 2 MB) in its own
// target folder. Its glue must be the full package's but for the hashes in a few generated names
// (checked below), which are renamed in the module.
const fallbackBuild = {
  name: "fallback module",
  dir: join(targetDir, "miniprogram", "bindgen"),
  ...miniprogramCargo(["--no-default-features", "--features", MINIPROGRAM_FEATURES.join(",")]),
  hostFiles: false,
  least: fullChecks,
};
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
// The module wasm-bindgen's glue names for its imports (renamed by shortImportNames below).
const GLUE_MODULE = "./crosspay_wasm_bg.js";
// CROSSPAY_JS_QUICK=1 (while working on the package, never in the test command): the full
// package alone, without the wallet entry and the mini-program folder.
const quick = process.env.CROSSPAY_JS_QUICK === "1";
// cargo runs one build at a time (each uses every core while it can); a module's wasm-opt, which
// mostly keeps one core busy for a minute, runs while the next module compiles.
const entries = (quick ? builds.slice(0, 1) : [...builds, fallbackBuild]).map((b) => buildEntry(b, cargoBuild(b)));
if (quick) {
  await Promise.all(entries);
  shortImportNames(builds[0]);
  for (const line of sizes.flat()) console.log(`crosspay npm build (quick: the full package only): ${line}`);
  process.exit(0);
}

/**
 * cargo's rustflags for the wasm target, as a `--config` pair: never reference types (above), and
 * a panic is a trap at once (`panic=immediate-abort`, with std built from source: `std()` below).
 * wasm32-unknown-unknown has nowhere to print a panic's message, so the trap was all a caller
 * ever saw; immediate-abort leaves out the message's formatting and every panic location (about
 * 20 KB gzip a module). `RUSTC_BOOTSTRAP` lets the pinned stable toolchain take these flags, as
 * for the fuzz targets; legacy symbol names keep wasm-bindgen's shim names as stable rustc's.
 */
function rustflags(...more) {
  const flags = ["-C", "target-feature=-reference-types", "-C", "panic=immediate-abort", "-C", "symbol-mangling-version=legacy", "-Z", "unstable-options"];
  return ["--config", `target.wasm32-unknown-unknown.rustflags=${JSON.stringify([...flags, ...remapped(), ...more])}`];
}

/**
 * The few source paths a module still holds (what `#[track_caller]` functions are passed) as
 * `crates/…` and `rust/…`, not as this machine's registry and toolchain folders: the same bytes
 * from any home folder, and none of the builder's paths in what users download. Worked out once
 * (kept on the function: the build list above asks before a module-level binding would exist).
 */
function remapped() {
  if (!remapped.flags) {
    const registry = join(process.env.CARGO_HOME ?? join(homedir(), ".cargo"), "registry", "src");
    const indexes = existsSync(registry) ? readdirSync(registry).map((d) => join(registry, d)) : [];
    const sysroot = execFileSync("rustc", ["--print", "sysroot"], { cwd: repo, encoding: "utf8" }).trim();
    const pairs = [...indexes.map((d) => [d, "crates"]), [join(sysroot, "lib", "rustlib", "src", "rust"), "rust"]];
    remapped.flags = pairs.map(([from, to]) => `--remap-path-prefix=${from}=${to}`);
  }
  return remapped.flags;
}

/**
 * std built from source for the flags above (the rust-src component: scripts/setup.sh). For the
 * npm modules, `core` (UTF-8 checks, slices, formatting), the compiler's builtins (128-bit
 * arithmetic) and the allocator at opt-level 3, like the prebuilt std they replace, whatever the
 * profile says for our crates ("z" made `convertMany` 1.2× slower); `alloc` and `std` at the
 * profile's "z" (1.2 KB less, as fast once the hot functions are optimised for speed:
 * `npmCargo` below). For the fallback, "z" throughout (23 KB less JavaScript, as fast:
 * docs/benchmarks.md). std's own feature `optimize_for_size` throughout: its smaller sorts,
 * integer and float parsing and formatting, character counting and escaping (9 KB of wasm, 4.9 KB
 * gzip less in the full package; no measured call slower in interleaved A/B runs).
 */
function std(profile) {
  const build = ["-Z", "build-std=std,panic_abort", "-Z", "build-std-features=optimize_for_size"];
  return [...build, ...stdAtThree(profile).flatMap((c) => ["--config", `profile.${profile}.package.${c}.opt-level=3`])];
}

/** std's crates `profile` builds at opt-level 3 (std() says why): none for the fallback's. */
function stdAtThree(profile) {
  return profile === "release-js" ? [] : ["core", "compiler_builtins", "dlmalloc"];
}

/**
 * Any function may be inlined into another crate, not only generic and `#[inline]` ones (rustc's
 * `-Zcross-crate-inline-threshold=always`, per package through cargo's `profile-rustflags`). The
 * npm modules are built without LTO, so that the crates built for speed keep their opt-level (the
 * profile's note in Cargo.toml), and every call from one crate into another had stayed a call:
 * nothing of the callee specialised for its caller, no case a caller never reaches pruned.
 * serde_json, for one, prints a float in an error message itself, yet its call to serde's general
 * printer kept that printer's float case, hence core's whole float formatter (15 KB of wasm).
 * With it the full package is 35 KB gzip smaller, the wallet entry 20 KB, `convert` 5-15 %
 * faster; the fallback's JavaScript (full LTO, which inlines across crates only what rustc let
 * it) 183 KB smaller (docs/benchmarks.md). Not for the crates built at their own opt-level (in
 * Cargo.toml's profile, or std's at 3), whose code a copy inlined into a caller would build at the
 * caller's "z".
 */
function inlining(profile) {
  const keep = [...ownOptLevel(profile), ...stdAtThree(profile)];
  const always = 'rustflags=["-Zcross-crate-inline-threshold=always"]';
  // `"*"` is every crate outside the workspace; crosspay-core, inside it, is named.
  const every = ["--config", `profile.${profile}.package."*".${always}`, "--config", `profile.${profile}.package.crosspay-core.${always}`];
  return ["-Z", "profile-rustflags", ...every, ...keep.flatMap((c) => ["--config", `profile.${profile}.package.${c}.rustflags=[]`])];
}

/** The packages Cargo.toml's `profile` builds at an opt-level of their own (the crypto crates). */
function ownOptLevel(profile) {
  const manifest = readFileSync(join(repo, "Cargo.toml"), "utf8");
  const own = [...manifest.matchAll(new RegExp(`^\\[profile\\.${profile}\\.package\\.([\\w-]+)\\]`, "gm"))].map((m) => m[1]);
  // Every such section read, or the build stops: a crate missed would be inlined at "z".
  if (own.length !== manifest.split(`[profile.${profile}.package.`).length - 1) throw new Error(`Cargo.toml: a [profile.${profile}.package.*] section this script cannot read`);
  return own;
}

/**
 * cargo options for an npm entry (profile release-wasm: the crypto crates at opt-level 3). The
 * cfg `crosspay_speed` turns on `#[optimize(speed)]` where the code asks for it: the tape's writer
 * and the functions a price list spends each amount in, optimised for speed in a module otherwise
 * built for size (`convert` about 0.95×, `convertMany` 0.9× the time, for 1 KB gzip:
 * docs/benchmarks.md). The fallback, built for size throughout, goes without.
 */
function npmCargo(cargo) {
  return { cargo: [...rustflags("--cfg", "crosspay_speed"), ...inlining("release-wasm"), ...cargo], wasmFeatures: MINIPROGRAM_WASM_FEATURES };
}

/**
 * cargo options for a module built like the fallback's (profile release-js), with sha2's compact
 * SHA-256 (one round in a loop instead of 64 unrolled): the size-first build's choice, 7 KB of
 * wasm and about 15 KB of the fallback's JavaScript less.
 */
function miniprogramCargo(cargo) {
  return {
    cargo: [...rustflags("--cfg", 'sha2_backend_soft="compact"'), ...inlining("release-js"), ...cargo],
    profile: "release-js",
    targetDir: join(targetDir, "miniprogram"),
    wasmFeatures: MINIPROGRAM_WASM_FEATURES,
  };
}

/** Runs cargo for one build and returns the path of its module. */
function cargoBuild(b) {
  const profile = b.profile ?? "release-wasm";
  const dir = b.targetDir ?? targetDir;
  run("cargo", ["build", "--quiet", "--target", "wasm32-unknown-unknown", "-p", "crosspay-wasm", "--profile", profile, ...std(profile), ...b.cargo], {
    cwd: repo,
    env: { ...process.env, CARGO_TARGET_DIR: dir, RUSTC_BOOTSTRAP: "1" },
  }, `cargo ${b.name}`);
  const wasm = join(dir, "wasm32-unknown-unknown", profile, "crosspay_wasm.wasm");
  if (!b.wasmFeatures) return wasm;
  // Without the target_features section wasm-bindgen goes by the code, which has no reference
  // types. (The prebuilt std named them there; the std built above does not, but a module must
  // never depend on which std it was linked with.)
  const stripped = join(dir, `crosspay_wasm.${b.name.replace(/\W+/g, "-")}.wasm`);
  writeFileSync(stripped, withoutCustomSection(readFileSync(wasm), "target_features"));
  return stripped;
}

/**
 * Each host entry (index.js, node.js) as one script: the glue, state.js, tape.js, random.js (and
 * draw.js) bundled into it, without comments and white space, syntax shortened, its own names
 * shortened (about 1 KB gzip an entry; the exports keep theirs, and each class its `name`, set in
 * the glue by buildEntry). A fresh Node process imports the entry about 2 ms
 * sooner than six modules, a page fetches one script instead of six, and one gzip stream is
 * smaller than six; the documentation is in the declarations (.d.ts), which stay as written.
 */
function bundleScripts(dir) {
  const modules = readdirSync(dir).filter((f) => f.endsWith(".js"));
  for (const f of ["index.js", "node.js"]) {
    const out = buildSync({
      entryPoints: [join(dir, f)],
      bundle: true,
      write: false,
      format: "esm",
      platform: "neutral",
      external: ["node:fs", "node:crypto"],
      ...ESBUILD_OUTPUT,
      minify: true,
    });
    writeFileSync(join(dir, `${f}.bundled`), out.outputFiles[0].contents);
  }
  for (const f of modules) rmSync(join(dir, f));
  for (const f of ["index.js", "node.js"]) renameSync(join(dir, `${f}.bundled`), join(dir, f));
}

/**
 * The npm entries' imports named `a`, `b`, … from a module named `a`, in the .wasm and in both
 * host scripts, instead of wasm-bindgen's `./crosspay_wasm_bg.js` and `__wbg_<what>_<16 hex>`:
 * the hashes are the least compressible text in either file (about 2 KB gzip an entry). The
 * exports keep their names (the API the glue calls, and the mini-program module, built from the
 * same wasm-bindgen output before this, is compared with them). Each name is replaced where it is
 * the key in the glue's imports object, checked to be there exactly once in each script.
 */
function shortImportNames(b) {
  const wasmPath = join(b.dir, "crosspay_wasm_bg.wasm");
  const fields = new Map();
  const short = (i) => (i < 52 ? "" : short(Math.floor(i / 52) - 1)) + "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"[i % 52];
  const renamed = withImportNames(readFileSync(wasmPath), (module, field) => {
    if (module !== GLUE_MODULE) throw new Error(`${b.name}: an import from ${module}, expected ${GLUE_MODULE} only`);
    if (!fields.has(field)) fields.set(field, short(fields.size));
    return ["a", fields.get(field)];
  });
  const imported = WebAssembly.Module.imports(new WebAssembly.Module(renamed));
  const expected = [...fields.values()];
  if (imported.some((i) => i.module !== "a") || new Set(imported.map((i) => i.name)).size !== expected.length) {
    throw new Error(`${b.name}: the renamed module imports ${JSON.stringify(imported.slice(0, 3))}…, expected ${expected.length} names from "a"`);
  }
  writeFileSync(wasmPath, renamed);
  for (const f of ["node.js", "index.js"]) {
    const path = join(b.dir, f);
    let text = readFileSync(path, "utf8");
    const replaceOnce = (from, to) => (text = replaceExactly(text, from, to, 1, `${b.name} ${f}`));
    replaceOnce(`${JSON.stringify(GLUE_MODULE)}:{__proto__:null,`, "a:{__proto__:null,");
    for (const [from, to] of fields) replaceOnce(`${from}:`, `${to}:`);
    writeFileSync(path, text);
  }
  sizes.push(`${b.name}: ${fields.size} imports renamed`);
}

/** wasm-bindgen, wasm-opt and the checked glue edits for one module; its size lines go in order. */
async function buildEntry(b, wasmIn) {
  const lines = [];
  sizes.push(lines);
  rmSync(b.dir, { recursive: true, force: true });
  mkdirSync(b.dir, { recursive: true });
  run(wasmBindgen, ["--target", "web", "--out-dir", b.dir, "--out-name", "crosspay_wasm", wasmIn]);

  const wasmOut = join(b.dir, "crosspay_wasm_bg.wasm");
  const wasmOpt = join(js, "node_modules", ".bin", "wasm-opt");
  if (!existsSync(wasmOpt)) throw new Error("wasm-opt is missing: run npm ci in js/ (scripts/setup.sh does)");
  const before = statSync(wasmOut).size;
  if (b.inline) {
    const { bytes, inlined } = inlineHot(readFileSync(wasmOut));
    writeFileSync(wasmOut, bytes);
    lines.push(`${b.name}: __multi3 inlined at ${inlined} calls in the P-256 arithmetic`);
  }
  // --converge repeats -Oz while it still shrinks; the two assumptions hold for every instance
  // the entries make (rustc leaves the first KiB of memory unused, and the module's own memory
  // starts zeroed): about 2 KB gzip together. No --traps-never-happen: a trap must stay a trap.
  await runAsync(wasmOpt, [...(b.wasmFeatures ?? []), "-Oz", "--converge", "--low-memory-unused", "--zero-filled-memory", "--strip-debug", "--strip-producers", "--strip-target-features", "-o", wasmOut, wasmOut]);

  const full = b.dir === dist;
  if (b.hostFiles !== false) {
    for (const f of ["state.js", "tape.js", "random.js"]) copyFileSync(join(js, "src", f), join(b.dir, f));
    for (const f of ["index.js", "node.js", "index.d.ts"]) writeFileSync(join(b.dir, f), full ? src(f) : walletText(src(f), f));
    if (full) copyFileSync(join(js, "src", "draw.js"), join(b.dir, "draw.js"));
  }

  // Before initAsync()/initSync() the glue's module handle is state.js's placeholder, which throws
  // a clear not_initialized CrosspayError on any call; nothing wraps the API itself. Exact edits
  // of the generated glue, checked so that a wasm-bindgen upgrade cannot skip them silently.
  const gluePath = join(b.dir, "crosspay_wasm.js");
  let glue = readFileSync(gluePath, "utf8");
  const edit = (from, to, times) => (glue = replaceExactly(glue, from, to, times, `${b.name}: the wasm-bindgen glue`));
  edit("let wasmModule, wasmInstance, wasm;", "let wasmModule, wasmInstance, wasm = notReady;", 1);
  edit("if (wasm !== undefined) return wasm;", "if (wasm !== notReady) return wasm;", 2);
  // The glue's DataView over wasm memory (read for every result a call hands back) is renewed
  // when its buffer is detached, which growing a WebAssembly memory does. Where ArrayBuffer has no
  // `detached` (Node 20 and 18, older browsers), the glue compared the buffer with the memory's
  // `buffer`, an API getter that cost fromMinorUnits and version() about a quarter of their time;
  // a detached buffer's byteLength is 0 (ES2015 on), a WebAssembly memory's never, and reading it
  // is inlined. The mini-program glue compares buffers again, for its wasm2js fallback's memory,
  // which leaves the old buffer attached (scripts/miniprogram.mjs).
  edit(
    "cachedDataViewMemory0.buffer.detached === true || (cachedDataViewMemory0.buffer.detached === undefined && cachedDataViewMemory0.buffer !== wasm.memory.buffer)",
    "cachedDataViewMemory0.buffer.byteLength === 0",
    1,
  );
  // A result's tape is decoded where it lies in wasm memory (js/src/tape.js), not through a
  // subarray made for it; a short ASCII string a call returns is made from its char codes
  // (tape.js's shortAscii), not by the TextDecoder (55-90 ns for a few bytes in Node 20).
  edit("import { decodeTape, isQuickList, readStrings, receiptTemplate } from './tape.js';", "import { decodeTape, isQuickList, readStrings, receiptTemplate, shortAscii, quickConvert, quickConvertMany, FULL_LIST } from './tape.js';", 1);
  edit(
    "    ptr = ptr >>> 0;\n    return decodeText(getUint8ArrayMemory0().subarray(ptr, ptr + len));",
    "    ptr = ptr >>> 0;\n    const mem = getUint8ArrayMemory0();\n    const short = shortAscii(mem, ptr, len);\n    return short !== undefined ? short : decodeText(mem.subarray(ptr, ptr + len));",
    1,
  );
  edit("decodeTape(getArrayU8FromWasm0(arg0, arg1))", "decodeTape(getUint8ArrayMemory0(), arg0 >>> 0, arg1 >>> 0)", 1);
  // `convert` asks its quick path first (tape.js's quickConvert: a receipt at a given rate is
  // built from the template core sends once per rate and the amount's four texts), and goes
  // through the generated function, renamed, for anything that path declines.
  const convertArgs = "amount, from, to, rate, rounding_mode";
  edit(
    `export function convert(${convertArgs}) {`,
    `export function convert(${convertArgs}) {\n    return quickConvert(wasm, getUint8ArrayMemory0, ${convertArgs}) ?? convertReceipt(${convertArgs});\n}\n\nfunction convertReceipt(${convertArgs}) {`,
    1,
  );
  // `convertMany` at a given rate the same way (tape.js's quickConvertMany: the list template
  // core sends once per rate, the amounts' targets in one text); the generated function answers
  // the rest, given the amounts as the quick path read them.
  const manyArgs = "amounts, from, to, rate, options";
  edit(
    `export function convertMany(${manyArgs}) {`,
    `export function convertMany(${manyArgs}) {\n    return quickConvertMany(wasm, getUint8ArrayMemory0, convertManyFull, ${manyArgs});\n}\n\nfunction convertManyFull(${manyArgs}) {`,
    1,
  );
  // A rate sheet's `convertMany` too: the generated method keyed by a symbol (tape.js's
  // FULL_LIST), which the quick path calls with its marker for the amounts (the module then
  // converts the list buffer's) and falls back on.
  const sheetArgs = "amounts, from, to, at, options";
  edit(
    `    convertMany(${sheetArgs}) {`,
    `    convertMany(${sheetArgs}) {\n        return quickConvertMany(wasm, getUint8ArrayMemory0, (a, f, t, r, o) => this[FULL_LIST](a, f, t, r, o), ${sheetArgs}, true);\n    }\n    [FULL_LIST](${sheetArgs}) {`,
    1,
  );
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
  check(/passArray64ToWasm0\((\w+), wasm\./g, 'passArray64ToWasm0(expectBigInt64Array($1, "$1"), wasm.', b.least.units);
  check(/_assertClass\((\w+), (\w+)\);/g, 'expectInstance($1, $2, "$1", "$2");', b.least.classes);
  // Each class keeps the name the API gives it (what a debugger and console.log show) once
  // bundleScripts has renamed what the host scripts call it inside. Only there: the mini-program's
  // scripts keep their names as written (miniprogram.mjs), and are made from `glue` as returned.
  const classes = [...glue.matchAll(/^export class (\w+) \{$/gm)].map((m) => m[1]);
  if (classes.length < b.least.classes) throw new Error(`${b.name}: expected at least ${b.least.classes} classes in the glue, found ${classes.length}`);
  const classNames = `for (const [name, value] of Object.entries({ ${classes.join(", ")} })) Object.defineProperty(value, "name", { value: name });\n`;
  glue = `import { notReady, expectString, expectBytes, expectStrings, expectBigInt, expectBigInt64Array, expectInstance } from "./state.js";\n${glue}`;
  writeFileSync(gluePath, glue + classNames);
  // The declarations say what the checks accept: bytes are a Uint8Array or an ArrayBuffer (the
  // glue's own `number[]` would be refused at run time).
  const typesPath = join(b.dir, "crosspay_wasm.d.ts");
  let glueTypes = readFileSync(typesPath, "utf8");
  const byteTypes = (glueTypes.match(/Uint8Array \| number\[\]/g) ?? []).length;
  if (byteTypes < 5) throw new Error(`${b.name}: expected at least 5 byte parameters in the declarations, found ${byteTypes}`);
  glueTypes = glueTypes.replaceAll("Uint8Array | number[]", "Uint8Array | ArrayBuffer");
  // Minor units are a BigInt64Array or an array of BigInts, as wasm-bindgen declares them and
  // state.js's expectBigInt64Array accepts them (BigInts beyond 64 bits refused, never wrapped).
  const unitTypes = (glueTypes.match(/units: BigInt64Array \| bigint\[\],/g) ?? []).length;
  if (unitTypes < 2) throw new Error(`${b.name}: expected at least 2 minor-unit list parameters in the declarations, found ${unitTypes}`);
  // Bytes handed out are fresh copies over their own ArrayBuffer: saying so lets them go straight
  // to WebCrypto (`BufferSource`) under TypeScript 5.7+ without a cast.
  glueTypes = glueTypes.replaceAll("): Uint8Array;", "): Uint8Array<ArrayBuffer>;").replaceAll("readonly message: Uint8Array;", "readonly message: Uint8Array<ArrayBuffer>;");
  writeFileSync(typesPath, glueTypes);
  if (!/^export function convert\(/m.test(glueTypes)) throw new Error(`${b.name}: the glue exports no convert(): is the wasm façade built?`);
  if (!glueTypes.includes("export type CrosspayErrorCode =")) throw new Error(`${b.name}: the error-code union from the core is missing`);
  rmSync(join(b.dir, ".gitignore"), { force: true });
  if (b.hostFiles !== false) bundleScripts(b.dir);
  const count = (re) => (glueTypes.match(re) ?? []).length;
  lines.push(`${b.name}: ${count(/^export function /gm)} functions, ${count(/^export class /gm)} classes; wasm ${before} → ${statSync(wasmOut).size} bytes after wasm-opt`);
  return { glue, glueTypes, wasmOut };
}

// The mini-program folder (scripts/miniprogram.mjs): the full package's module and checked glue,
// and the fallback translated from the build for size, whose export list comes from a build of
// the fallback's capabilities (that build runs while the modules above are optimised).
const fallbackApiDir = join(targetDir, "miniprogram", "fallback-api");
rmSync(fallbackApiDir, { recursive: true, force: true });
run(wasmBindgen, ["--target", "web", "--out-dir", fallbackApiDir, "--out-name", "crosspay_wasm", cargoBuild({ name: "fallback exports", ...miniprogramCargo(["--no-default-features", "--features", FALLBACK_FEATURES.join(",")]) })]);
const [fullBuilt, , fallbackBuilt] = await Promise.all(entries);
const fullTypes = fullBuilt.glueTypes;
const initTypes = fullTypes.indexOf("export type InitInput");
if (initTypes < 0) throw new Error("expected the glue's InitInput declarations");
const apiTypes = fullTypes.slice(0, initTypes);
// The fallback runs behind the full package's glue: the two glues must be the same text once the
// hashed names (closures' invoke shims, imports) are paired in order of appearance.
const renamed = pairHashedNames(fallbackBuilt.glue, fullBuilt.glue);
const fallbackModule = join(targetDir, "miniprogram", "fallback-renamed.wasm");
writeFileSync(fallbackModule, renameImportsAndExports(readFileSync(fallbackBuilt.wasmOut), renamed));
// Which exports the fallback keeps: those of the build with only its capabilities (above), named
// as wasm-bindgen names them.
const fallbackApiWasm = join(fallbackApiDir, "crosspay_wasm_bg.wasm");
const mpStart = performance.now();
const { dir: mp, fallback } = buildMiniprogram({
  js,
  glue: fullBuilt.glue,
  wasm: readFileSync(fullBuilt.wasmOut),
  fallbackWasm: fallbackModule,
  fallbackApi: apiExports(readFileSync(fallbackApiWasm)),
  wasmFeatures: MINIPROGRAM_WASM_FEATURES,
  work: join(targetDir, "miniprogram"),
});
timed("mini-program folder", mpStart);
writeFileSync(join(mp, "crosspay_wasm.d.ts"), apiTypes);
sizes.push(`pure-JS fallback: ${renamed.size} hashed names renamed to the full glue's; ${fallback.kept} exports kept, ${fallback.absent} left out; ${fallback.wasmBytes} bytes of wasm → ${fallback.text.length} bytes of JavaScript`);
for (const b of builds) shortImportNames(b);
sizes.push(`seconds: ${[...times].map(([what, s]) => `${what} ${s.toFixed(1)}`).join(", ")}`);
for (const line of sizes.flat()) console.log(`crosspay npm build: ${line}`);
