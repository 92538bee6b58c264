// Tests what users install: packs the built package with npm pack, installs the tarball into a
// fresh consumer project (js/.consumer), then runs the Node and Chromium tests there with Node's
// test runner and checks the declarations with tsc --noEmit --strict.
// Usage: node scripts/test.mjs [node|browser|types|all]   (run scripts/build.mjs first)
import { execFileSync, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { installedDir } from "./node-versions.mjs";

const js = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const repo = resolve(js, "..");
const consumer = join(js, ".consumer");
const what = process.argv[2] ?? "all";

if (!existsSync(join(js, "dist", "crosspay_wasm_bg.wasm"))) {
  console.error("js/dist is not built: run node scripts/build.mjs");
  process.exit(2);
}

rmSync(consumer, { recursive: true, force: true });
mkdirSync(consumer, { recursive: true });
const packed = execFileSync("npm", ["pack", "--silent", "--pack-destination", consumer], { cwd: js, encoding: "utf8" })
  .trim()
  .split("\n")
  .pop();
writeFileSync(join(consumer, "package.json"), JSON.stringify({ name: "crosspay-consumer", private: true, type: "module" }, null, 2));
execFileSync("npm", ["install", "--silent", "--no-audit", "--no-fund", "--no-package-lock", `./${packed}`], { cwd: consumer, stdio: "inherit" });
cpSync(join(js, "test"), join(consumer, "test"), { recursive: true });

let failed = false;
// The browser suite: the vectors in Chromium and the example pages (browser.test.mjs, pages.test.mjs).
const inBrowser = (f) => f === "browser.test.mjs" || f === "pages.test.mjs";
const wantsFile = (f) => what === "all" || (what === "browser") === inBrowser(f);
if (what === "node" || what === "browser" || what === "all") {
  const files = readdirSync(join(consumer, "test"))
    .filter((f) => f.endsWith(".test.mjs") && wantsFile(f))
    .map((f) => join("test", f));
  const r = spawnSync(process.execPath, ["--test", "--test-reporter=spec", ...files], {
    cwd: consumer,
    stdio: "inherit",
    env: { ...process.env, CROSSPAY_VECTORS: join(repo, "tests", "vectors"), CROSSPAY_JS_DIR: js, CROSSPAY_NODE_VERSIONS: installedDir() },
  });
  failed ||= r.status !== 0;
}
if (what === "types" || what === "all") {
  const r = spawnSync(join(js, "node_modules", ".bin", "tsc"), ["-p", join(consumer, "test", "tsconfig.json")], { stdio: "inherit" });
  console.log(r.status === 0 ? "tsc --noEmit: 1 passed, 0 failed" : "tsc --noEmit: 0 passed, 1 failed");
  failed ||= r.status !== 0;
}
process.exit(failed ? 1 : 0);
