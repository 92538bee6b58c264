// The installed package on every Node it claims (package.json engines: >=18), not only the test
// command's own: each release pinned in js/node-versions/package.json (installed by
// scripts/setup.sh into CROSSPAY_NODE_VERSIONS) runs node-versions-run.mjs (both entries as ES
// modules, every shared vector file) and node-versions-require.cjs (both entries through
// require()). The test command's own Node runs the require() check too.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const here = dirname(fileURLToPath(import.meta.url));
const installed = process.env.CROSSPAY_NODE_VERSIONS;
const jsDir = process.env.CROSSPAY_JS_DIR;
if (!installed || !jsDir) throw new Error("CROSSPAY_NODE_VERSIONS and CROSSPAY_JS_DIR must be set (node scripts/test.mjs sets them)");

const pinned = JSON.parse(readFileSync(join(jsDir, "node-versions", "package.json"), "utf8")).optionalDependencies;
const releases = Object.entries(pinned).map(([name, spec]) => ({
  name,
  version: spec.slice(spec.lastIndexOf("@") + 1),
  node: join(installed, "node_modules", name, "bin", "node"),
}));
const run = promisify(execFile);
// The script's JSON line; if it crashed, its last lines of output (not the minified source line
// Node prints with an uncaught error).
const parse = async (node, script) => {
  const { stdout } = await run(node, [join(here, script)], { cwd: dirname(here), env: process.env, maxBuffer: 64 << 20 }).catch((e) => {
    const tail = (text) => String(text).split("\n").filter((l) => l.length < 400).slice(-12).join("\n");
    throw new Error(`${script} failed under ${node} (exit ${e.code}):\n${tail(e.stderr)}\n${tail(e.stdout)}`);
  });
  return JSON.parse(stdout.trim().split("\n").pop());
};
const at = (version) => version.split(".").map(Number);
// Where js/README.md and the Node entry say what happens (node.js: ready on import where Node
// has process.getBuiltinModule; require() of an ES module from 20.19 and 22.12).
const readyOnImport = (version) => {
  const [major, minor] = at(version);
  return major > 22 || (major === 22 && minor >= 3) || (major === 20 && minor >= 16);
};
const requireLoadsEsm = (version) => {
  const [major, minor] = at(version);
  return major > 22 || (major === 22 && minor >= 12) || (major === 20 && minor >= 19);
};

test("the pinned releases are installed, one per line the package claims", () => {
  assert.equal(process.platform === "linux" && process.arch, "x64", "the pinned builds are linux-x64 (js/node-versions/package.json)");
  assert.ok(releases.length >= 5, `only ${releases.length} releases pinned`);
  for (const r of releases) assert.ok(existsSync(r.node), `${r.name} (${r.version}) is not installed at ${r.node}: run scripts/setup.sh`);
});

for (const r of releases) {
  test(`Node ${r.version}: both entries as ES modules pass every shared vector file`, async (t) => {
    const report = await parse(r.node, "node-versions-run.mjs");
    assert.equal(report.node, r.version);
    const want = readyOnImport(r.version) ? "ready" : "not_initialized";
    assert.deepEqual(report.onImport, { full: want, wallet: want }, "ready on import exactly where Node has process.getBuiltinModule");
    assert.ok(Object.keys(report.lists).length >= 16, "every check list ran");
    for (const [name, list] of Object.entries(report.lists)) {
      await t.test(`${name}: ${list.count} checks`, () => {
        assert.ok(list.count > 0, `${name}: no checks ran`);
        assert.deepEqual(list.failures, [], `${name}: ${list.failures.length} of ${list.count} failed`);
      });
    }
  });
}

for (const r of [...releases, { name: "this Node", version: process.versions.node, node: process.execPath }]) {
  test(`Node ${r.version} (${r.name}): require() of both entries ${requireLoadsEsm(r.version) ? "works" : "refuses an ES module, as documented"}`, async () => {
    const report = await parse(r.node, "node-versions-require.cjs");
    assert.equal(report.node, r.version);
    const want = requireLoadsEsm(r.version) ? { amount: "109.62", verified: true } : "ERR_REQUIRE_ESM";
    for (const spec of ["crosspay", "crosspay/wallet"]) {
      const got = report.entries[spec];
      if (typeof want === "string") assert.equal(got.error, want, `${spec}: ${JSON.stringify(got)}`);
      else assert.deepEqual(got, want, spec);
    }
  });
}
