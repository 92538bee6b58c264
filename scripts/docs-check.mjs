#!/usr/bin/env node
// The docs are tested: every fenced code block of the README, the packages' READMEs and docs/*.md
// runs as written, in order, in a scratch folder per document (so a later block uses the files an
// earlier one made, as a reader following the page would), against the built CLI, the packed npm
// package and the built Python package.
//
//   sh        run with bash (-euo pipefail). A block whose lines start with "$ " is a transcript:
//             each command runs on its own and its stdout is compared with the lines shown under
//             it (as JSON when both parse, else as text; "…" matches anything). "# exit N" at the
//             end of a command expects that exit status (default 0).
//   js, ts    type-checked together under `tsc --strict` (js blocks as TypeScript), then run with
//             Node as ES modules. A line `expr; // → value` asserts that expr equals value
//             (`const x = expr; // → value` asserts x).
//   python    run with python3; a block of ">>>" lines is a doctest.
//   json      must parse; `<!-- docs: file NAME -->` before it writes it to the scratch folder.
//   rust      compiled and run by rustdoc (core/src/lib.rs includes every document under doctest).
//   text      not code (formats, synopses, diagrams).
// `<!-- docs: miniprogram wechat -->` (or `alipay`, `alipay-worker`) before a js block runs it instead as a
// page (or worker) script in that simulated mini-program host (js/test/miniprogram-host.mjs:
// no WebAssembly, TextEncoder, crypto, fetch or import(); the package's miniprogram_dist where the
// host's npm step puts it): each Page() it defines is opened and its onLoad awaited, `// →`
// assertions hold as above, and a rejection anywhere fails it. Not type-checked (no page types).
// Any other block must say why it does not run: `<!-- docs: norun REASON -->` before it. Every
// block must name its language. `<!-- docs: fresh -->` starts a new scratch folder.
//
// Usage: node scripts/docs-check.mjs [FILE.md ...]   (run from scripts/test.sh docs)
//        node scripts/docs-check.mjs --expect-failures N scripts/docs-check-fixture.md   (the runner's own test)
// Needs: CROSSPAY_CLI_DIR (the folder of the built `crosspay`), CROSSPAY_NPM_TARBALL (npm pack of
// js/), CROSSPAY_PYTHON_PATH (a folder holding the `crosspay` Python package).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const TARGET = process.env.CARGO_TARGET_DIR ?? join(REPO, "target");
const SCRATCH = join(TARGET, "docs-scratch");
const env = (name) => process.env[name] ?? fail(`${name} is not set (run: scripts/test.sh docs)`);
const CLI_DIR = env("CROSSPAY_CLI_DIR");
const TARBALL = env("CROSSPAY_NPM_TARBALL");
const PYTHON_PATH = env("CROSSPAY_PYTHON_PATH");
const PYTHON = process.env.CROSSPAY_PYTHON ?? "python3";
const TIMEOUT_MS = 120_000;

function fail(message) {
  console.error(`docs-check: ${message}`);
  process.exit(2);
}

const DEFAULT_DOCS = ["README.md", "js/README.md", "core/README.md", "kotlin/README.md", "swift/README.md",
  "python/README.md", "bindings/README.md", "examples/wechat-miniprogram/README.md", "examples/alipay-miniprogram/README.md", ...readdirSync(join(REPO, "docs")).filter((f) => f.endsWith(".md")).sort().map((f) => `docs/${f}`)]
  .filter((f) => existsSync(join(REPO, f)));
const args = process.argv.slice(2);
const expectAt = args.indexOf("--expect-failures");
const expectFailures = expectAt >= 0 ? Number(args.splice(expectAt, 2)[1]) : 0;
const docs = args.length ? args.map((f) => relative(REPO, resolve(f))) : DEFAULT_DOCS;

// ---- reading the documents ----------------------------------------------------------------
/** Fenced blocks at column 0, with the `<!-- docs: … -->` directives just before each. */
function readBlocks(doc) {
  const lines = readFileSync(join(REPO, doc), "utf8").split("\n");
  const blocks = [];
  let directives = [];
  for (let i = 0; i < lines.length; i++) {
    const directive = /^<!--\s*docs:\s*(.*?)\s*-->\s*$/.exec(lines[i]);
    if (directive) {
      directives.push(directive[1]);
      continue;
    }
    const open = /^```(.*)$/.exec(lines[i]);
    if (!open) {
      if (lines[i].trim() !== "") directives = directives.filter((d) => d === "fresh");
      continue;
    }
    let end = i + 1;
    while (end < lines.length && lines[end] !== "```") end++;
    if (end === lines.length) throw new Error(`${doc}:${i + 1}: a fence that is never closed`);
    const block = { doc, line: i + 1, lang: open[1].trim(), code: lines.slice(i + 1, end).join("\n") + "\n" };
    for (const d of directives) {
      const [word, ...rest] = d.split(/\s+/);
      const arg = rest.join(" ");
      if (word === "norun") block.norun = arg || fail(`${doc}:${i + 1}: norun needs a reason`);
      else if (word === "file") block.file = arg;
      else if (word === "fresh") block.fresh = true;
      else if (word === "miniprogram") block.miniprogram = ["wechat", "alipay", "alipay-worker"].includes(arg) ? arg : fail(`${doc}:${i + 1}: miniprogram wechat|alipay|alipay-worker`);
      else fail(`${doc}:${i + 1}: unknown directive "${d}"`);
    }
    directives = [];
    blocks.push(block);
    i = end;
  }
  return blocks;
}

// ---- running things ------------------------------------------------------------------------
const childEnv = {
  ...process.env,
  PATH: `${CLI_DIR}:${process.env.PATH}`,
  PYTHONPATH: PYTHON_PATH,
  NODE_NO_WARNINGS: "1",
};

function run(command, args, cwd, input) {
  const r = spawnSync(command, args, { cwd, env: childEnv, input, encoding: "utf8", timeout: TIMEOUT_MS });
  if (r.error) return { status: -1, stdout: "", stderr: String(r.error) };
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Objects compared as the reader sees them: keys in any order, undefined members absent. */
function canonical(value) {
  if (typeof value === "bigint") return { $bigint: value.toString() };
  if (value instanceof Uint8Array) return { $bytes: [...value] };
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.keys(value).sort().filter((k) => value[k] !== undefined).map((k) => [k, canonical(value[k])]));
  }
  return value;
}
const same = (a, b) => JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));

function parseJson(text) {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

// "…" in shown output: in a string, any text; as a value, any value; before a closing brace, any
// further members. Text that is not JSON compares line by line, "…" matching any text.
const ANY = "@@docs-any@@", REST = "@@docs-rest@@";
const wildcard = (text) => new RegExp(`^${text.split("…").map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("[\\s\\S]*?")}$`);

function matchJson(want, got) {
  if (want === ANY) return true;
  if (typeof want === "string") return typeof got === "string" && (want.includes("…") ? wildcard(want).test(got) : want === got);
  if (Array.isArray(want)) return Array.isArray(got) && want.length === got.length && want.every((w, i) => matchJson(w, got[i]));
  if (want && typeof want === "object") {
    if (!got || typeof got !== "object" || Array.isArray(got)) return false;
    const keys = Object.keys(want).filter((k) => k !== REST);
    if (!(REST in want) && Object.keys(got).length !== keys.length) return false;
    return keys.every((k) => k in got && matchJson(want[k], got[k]));
  }
  return want === got;
}

function outputMatches(expected, actual) {
  const want = expected.trim(), got = actual.trim();
  const g = parseJson(got);
  const w = parseJson(want.replace(/,\s*…\s*}/g, `,"${REST}":true}`).replace(/{\s*…\s*}/g, `{"${REST}":true}`).replace(/:\s*…(?=\s*[,}])/g, `:"${ANY}"`));
  if (w.ok && g.ok) return matchJson(w.value, g.value);
  if (want.includes("…")) return wildcard(want).test(got);
  return want.split("\n").map((l) => l.trimEnd()).join("\n") === got.split("\n").map((l) => l.trimEnd()).join("\n");
}

/** A transcript: `$ command` (continued by trailing backslashes), then its output lines. */
function transcript(code) {
  const steps = [];
  const lines = code.replace(/\n$/, "").split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith("$ ")) {
      if (!steps.length) throw new Error(`output before any "$ " command: ${lines[i]}`);
      steps.at(-1).expected.push(lines[i]);
      continue;
    }
    let command = lines[i].slice(2);
    while (command.endsWith("\\") && i + 1 < lines.length) command = command.slice(0, -1) + lines[++i].trim();
    const exit = /#\s*exit (\d+)\b[^'"]*$/.exec(command);
    steps.push({ command, exit: exit ? Number(exit[1]) : 0, expected: [] });
  }
  return steps;
}

function runShell(block, dir) {
  if (!/^\$ /m.test(block.code)) {
    const file = join(dir, `block-${block.line}.sh`);
    writeFileSync(file, block.code);
    const r = run("bash", ["-euo", "pipefail", file], dir);
    return r.status === 0 ? null : `exit ${r.status}\n${r.stdout}${r.stderr}`;
  }
  for (const step of transcript(block.code)) {
    const r = run("bash", ["-o", "pipefail", "-c", step.command], dir);
    if (r.status !== step.exit) return `$ ${step.command}\nexit ${r.status}, expected ${step.exit}\n${r.stdout}${r.stderr}`;
    const expected = step.expected.join("\n");
    if (expected.trim() && !outputMatches(expected, r.stdout)) {
      return `$ ${step.command}\nexpected:\n${expected}\nprinted:\n${r.stdout}${r.stderr}`;
    }
  }
  return null;
}

const EXPECT_PRELUDE = `import { inspect as __inspect } from "node:util";
const __canon = (v) => typeof v === "bigint" ? { $bigint: v.toString() } : v instanceof Uint8Array ? { $bytes: [...v] }
  : Array.isArray(v) ? v.map(__canon) : v && typeof v === "object"
  ? Object.fromEntries(Object.keys(v).sort().filter((k) => v[k] !== undefined).map((k) => [k, __canon(v[k])])) : v;
const __expect = (actual, expected, where) => {
  if (JSON.stringify(__canon(actual)) !== JSON.stringify(__canon(expected))) {
    console.error(where + ": expected " + __inspect(expected) + ", got " + __inspect(actual));
    process.exitCode = 1;
  }
};
`;

/** `expr; // → value` becomes an assertion (one line each; the rest is left as written). */
function withExpectations(block) {
  return block.code.split("\n").map((line, k) => {
    const m = /^(\s*)(.*?);?\s*\/\/ → (.*)$/.exec(line);
    if (!m) return line;
    const [, indent, statement, expected] = m;
    const where = JSON.stringify(`${block.doc}:${block.line + 1 + k}`);
    const decl = /^((?:const|let|var)\s+([A-Za-z_$][\w$]*)\s*=.*)$/.exec(statement);
    if (decl) return `${indent}${decl[1]}; __expect(${decl[2]}, ${expected}, ${where});`;
    return `${indent}__expect(${statement}, ${expected}, ${where});`;
  }).join("\n");
}

let typescript;
async function transpile(code) {
  typescript ??= (await import(join(REPO, "js/node_modules/typescript/lib/typescript.js"))).default;
  return typescript.transpileModule(code, { compilerOptions: { target: typescript.ScriptTarget.ES2022, module: typescript.ModuleKind.ESNext } }).outputText;
}

async function runJs(block, dir) {
  let code = withExpectations(block);
  if (block.lang === "ts") code = await transpile(code);
  const file = join(dir, `block-${block.line}.mjs`);
  writeFileSync(file, EXPECT_PRELUDE + code);
  const r = run(process.execPath, [file], dir);
  return r.status === 0 ? null : `exit ${r.status}\n${r.stdout}${r.stderr}`;
}

// A js block in a simulated mini-program: a runner script in the scratch folder sets up the host
// on the unpacked package and loads the block as /pages/doc/doc.js (WeChat) or /workers/doc.js.
function runMiniprogram(block, dir) {
  const file = join(dir, `block-${block.line}.mjs`);
  const runner = `import { miniprogramHost } from ${JSON.stringify(pathToFileURL(join(REPO, "js/test/miniprogram-host.mjs")).href)};
import { inspect } from "node:util";
import { readFileSync } from "node:fs";
const kind = ${JSON.stringify(block.miniprogram)};
const pkg = ${JSON.stringify(join(dir, "node_modules", "crosspay"))};
const inWorker = kind === "alipay-worker";
const script = inWorker ? "/workers/doc.js" : "/pages/doc/doc.js";
const host = miniprogramHost({
  kind: kind === "wechat" ? "wechat" : "alipay",
  worker: inWorker,
  mounts: kind === "wechat" ? { "/miniprogram_npm/crosspay": pkg + "/miniprogram_dist" } : { "/node_modules/crosspay": pkg },
  files: {
    [script]: ${JSON.stringify(withExpectations(block))},
    // where the Alipay example's postinstall step copies the module
    "/assets/crosspay_wasm_bg.wasm.br": readFileSync(pkg + "/miniprogram_dist/crosspay_wasm_bg.wasm.br"),
  },
});
const canon = (v) => typeof v === "bigint" ? { $bigint: v.toString() } : v instanceof host.evaluate("Uint8Array") ? { $bytes: [...v] }
  : Array.isArray(v) ? v.map(canon) : v && typeof v === "object"
  ? Object.fromEntries(Object.keys(v).sort().filter((k) => v[k] !== undefined).map((k) => [k, canon(v[k])])) : v;
let checked = 0;
host.context.__expect = (actual, expected, where) => {
  checked++;
  if (JSON.stringify(canon(actual)) !== JSON.stringify(canon(expected))) {
    console.error(where + ": expected " + inspect(expected) + ", got " + inspect(actual));
    process.exitCode = 1;
  }
};
if (inWorker) host.context.worker = { onMessage() {}, postMessage(m) { console.log("worker posted", JSON.stringify(m)); } };
host.require(script, "/");
for (const definition of host.pages) {
  const page = Object.create(definition);
  page.data = { ...definition.data };
  page.setData = (d) => Object.assign(page.data, d);
  if (definition.onLoad) await definition.onLoad.call(page);
}
process.on("beforeExit", () => { if (!checked) { console.error("no // → assertion ran"); process.exitCode = 1; } });
`;
  writeFileSync(file, runner);
  const r = run(process.execPath, [file], dir);
  return r.status === 0 ? null : `exit ${r.status}\n${r.stdout}${r.stderr}`;
}

function runPython(block, dir) {
  const file = join(dir, `block-${block.line}.py`);
  if (/^>>> /m.test(block.code)) {
    writeFileSync(file, block.code);
    const r = run(PYTHON, ["-c", "import doctest, sys\nr = doctest.testfile(sys.argv[1], module_relative=False, optionflags=doctest.NORMALIZE_WHITESPACE)\nsys.exit(1 if r.failed or not r.attempted else 0)", file], dir);
    return r.status === 0 ? null : `${r.stdout}${r.stderr}`;
  }
  writeFileSync(file, block.code);
  const r = run(PYTHON, [file], dir);
  return r.status === 0 ? null : `exit ${r.status}\n${r.stdout}${r.stderr}`;
}

// ---- the packages a scratch folder sees ---------------------------------------------------
function freshScratch(name) {
  const dir = join(SCRATCH, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "node_modules", "crosspay"), { recursive: true });
  const r = run("tar", ["-xzf", TARBALL, "-C", join(dir, "node_modules", "crosspay"), "--strip-components=1"], dir);
  if (r.status !== 0) fail(`cannot unpack ${TARBALL}: ${r.stderr}`);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "docs-scratch", private: true, type: "module" }));
  return dir;
}

/** Every js/ts block, as TypeScript, in one `tsc --strict` run. */
function typeCheck(blocks) {
  const dir = freshScratch("tsc");
  const files = [];
  const origin = new Map();
  for (const b of blocks) {
    const name = `${b.doc.replace(/[^A-Za-z0-9]+/g, "_")}_L${b.line}.ts`;
    writeFileSync(join(dir, name), `${b.code}\nexport {};\n`);
    files.push(name);
    origin.set(name, b);
  }
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({
    compilerOptions: {
      strict: true, noEmit: true, target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext",
      lib: ["ES2022", "ESNext.Disposable", "DOM"], types: ["node"], typeRoots: [join(REPO, "js/node_modules/@types")],
      skipLibCheck: false,
    },
    files,
  }));
  const r = run(process.execPath, [join(REPO, "js/node_modules/typescript/bin/tsc"), "-p", "tsconfig.json"], dir);
  const errors = new Map();
  for (const line of (r.stdout + r.stderr).split("\n")) {
    const m = /^(\S+?\.ts)\((\d+),\d+\): (.*)$/.exec(line);
    if (!m) continue;
    const b = origin.get(m[1]);
    if (!b) continue;
    errors.set(b, `${errors.get(b) ?? ""}${b.doc}:${b.line + Number(m[2])}: ${m[3]}\n`);
  }
  if (r.status !== 0 && errors.size === 0) fail(`tsc failed:\n${r.stdout}${r.stderr}`);
  return errors;
}

// ---- main ------------------------------------------------------------------------------------
const RUSTDOC_INCLUDES = readFileSync(join(REPO, "core/src/lib.rs"), "utf8");
const all = docs.flatMap(readBlocks);
const tsErrors = typeCheck(all.filter((b) => !b.norun && !b.miniprogram && (b.lang === "js" || b.lang === "ts")));
let passed = 0, failed = 0, skipped = 0;
const failing = new Set();
const report = (b, error, what = b.lang) => {
  if (error) {
    failed++;
    failing.add(`${b.doc}:${b.line}`);
    console.log(`FAIL ${b.doc}:${b.line} ${what}\n${error.replace(/^/gm, "     ")}`);
  } else {
    passed++;
    console.log(`ok   ${b.doc}:${b.line} ${what}`);
  }
};

for (const doc of docs) {
  const slug = doc.replace(/[^A-Za-z0-9]+/g, "_");
  let dir = freshScratch(slug), fresh = 0;
  for (const b of all.filter((x) => x.doc === doc)) {
    if (b.fresh) dir = freshScratch(`${slug}_${++fresh}`);
    if (b.norun) {
      skipped++;
      console.log(`--   ${b.doc}:${b.line} ${b.lang || "(no language)"} not run: ${b.norun}`);
      continue;
    }
    try {
      switch (b.lang) {
        case "sh": report(b, runShell(b, dir)); break;
        case "js": case "ts":
          if (b.miniprogram) {
            report(b, runMiniprogram(b, dir), `js (in a simulated ${b.miniprogram} mini-program)`);
            break;
          }
          report(b, tsErrors.get(b) ?? null, `${b.lang} (tsc --strict)`);
          report(b, await runJs(b, dir));
          break;
        case "python": report(b, runPython(b, dir)); break;
        case "json": {
          const parsed = parseJson(b.code);
          report(b, parsed.ok ? null : "does not parse as JSON");
          if (b.file) writeFileSync(join(dir, b.file), b.code);
          break;
        }
        case "rust": {
          const included = RUSTDOC_INCLUDES.includes(`include_str!("../../${doc}")`) || (doc === "core/README.md" && RUSTDOC_INCLUDES.includes('include_str!("../README.md")'));
          report(b, included ? null : `${doc} is not included for rustdoc in core/src/lib.rs, so this block is never compiled`, "rust (run by rustdoc)");
          break;
        }
        case "text": break;
        case "": report(b, "a block must name its language (text for formats and synopses)"); break;
        default: report(b, `a ${b.lang} block is not run here: mark it <!-- docs: norun REASON -->`);
      }
    } catch (e) {
      report(b, String(e?.stack ?? e));
    }
  }
}
// Every error code a user can meet (the core's table, the JS-only ones, the CLI's own) is
// listed in the README's "Errors" section.
if (!expectFailures) {
  const { errorCodes } = await import(join(SCRATCH, "tsc/node_modules/crosspay/dist/node.js"));
  const cliCodes = readdirSync(join(REPO, "cli/src")).flatMap((f) =>
    [...readFileSync(join(REPO, "cli/src", f), "utf8").matchAll(/Failure::new\(\s*"([a-z_]+)"/g)].map((m) => m[1]));
  const readme = readFileSync(join(REPO, "README.md"), "utf8");
  const errors = readme.slice(readme.indexOf("\n## Errors"), readme.indexOf("\n## ", readme.indexOf("\n## Errors") + 5));
  const missing = [...new Set([...errorCodes(), "not_initialized", "invalid_argument", "load_failed", "not_in_fallback", ...cliCodes])].filter((c) => !errors.includes(`\`${c}\``));
  report({ doc: "README.md", line: readme.slice(0, readme.indexOf("\n## Errors")).split("\n").length + 1 },
    missing.length ? `error codes not listed in the README's "Errors" section: ${missing.join(", ")}` : null, "every error code listed");
}

console.log(`\ndocs: ${all.length} blocks in ${docs.length} documents, ${skipped} marked not runnable`);
if (expectFailures) {
  // The runner's own test: a document of broken examples, each of which must be caught.
  const missed = all.filter((b) => !failing.has(`${b.doc}:${b.line}`)).map((b) => `${b.doc}:${b.line}`);
  const caught = failed === expectFailures && missed.length === 0;
  console.log(`docs runner self-test: ${failed} failures reported, ${expectFailures} expected; broken blocks not caught: ${missed.join(", ") || "none"}`);
  console.log(`docs-check self-test: ${caught ? 1 : 0} passed, ${caught ? 0 : 1} failed`);
  process.exit(caught ? 0 : 1);
}
console.log(`docs: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
