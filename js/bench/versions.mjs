// The headline ratios of bench/peers.mjs on each Node release the package is tested on (the ones
// pinned in js/node-versions, installed by scripts/setup.sh) and on this Node: the peers run in the
// same process as crosspay each time, so each column is a fair comparison within its own V8, and
// the columns show how far a ratio depends on the Node a user runs. Releases run one after the
// other, never together.
//
//   node js/bench/versions.mjs [--rounds N] [--ms MS]      (after node js/scripts/build.mjs)
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { pinnedNodes } from "../scripts/node-versions.mjs";
import { join } from "node:path";

const js = new URL("..", import.meta.url).pathname;
const nodes = [...pinnedNodes(), process.execPath];
const passOn = ["--rounds", "--ms"].flatMap((flag) => {
  const i = process.argv.indexOf(flag);
  return i < 0 ? [] : [flag, process.argv[i + 1]];
});

const runs = [];
for (const node of nodes) {
  if (!existsSync(node)) throw new Error(`${node} is not installed: run scripts/setup.sh`);
  const out = execFileSync(node, [join(js, "bench", "peers.mjs"), "--json", ...passOn], { encoding: "utf8", maxBuffer: 64 << 20 });
  const report = JSON.parse(out);
  runs.push(report);
  console.error(`${report.node}: done`);
}
const unique = runs.filter((r, i) => runs.findIndex((o) => o.node === r.node) === i);
const f = (x) => (x === undefined ? "" : x >= 100 ? Math.round(x).toLocaleString("en-US") : x.toFixed(2));
console.log(`${unique[0].rounds} interleaved rounds of ${unique[0].ms_per_case} ms per case, medians; each column is one process.\n`);
console.log(`| ratio | target | ${unique.map((r) => `Node ${r.node.slice(1)}`).join(" | ")} |`);
console.log(`| --- | --- | ${unique.map(() => "---").join(" | ")} |`);
for (const [name, , target] of unique[0].ratios) {
  console.log(`| ${name} | ${target} | ${unique.map((r) => f(r.ratios.find((x) => x[0] === name)?.[1])).join(" | ")} |`);
}
for (const [group, name] of [["sign", "crosspay"], ["sign", "@noble/curves"], ["verify", "crosspay"], ["verify", "@noble/curves"], ["convert", "crosspay convert (strings in, receipt out)"], ["convert", "dinero.js convert + transformScale + toDecimal"]]) {
  const ops = (r) => r.results.find((x) => x.group === group && x.name === name)?.ops;
  console.log(`| ${group}, ops/s: ${name} | | ${unique.map((r) => f(ops(r))).join(" | ")} |`);
}
