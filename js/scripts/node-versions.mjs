// The Node releases the package is also tested on: which are pinned (js/node-versions/package.json)
// and where scripts/setup.sh installed them (the folder scripts/lib.sh names). Shared by
// scripts/test.mjs and bench/versions.mjs.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const js = resolve(dirname(fileURLToPath(import.meta.url)), "..");

export function installedDir() {
  return process.env.NODE_VERSIONS ?? execFileSync("bash", ["-c", 'source "$1" && printf %s "$NODE_VERSIONS"', "-", join(js, "..", "scripts", "lib.sh")], { encoding: "utf8" });
}

/** The pinned releases' `node` binaries, in package.json's order. */
export function pinnedNodes() {
  const pinned = JSON.parse(readFileSync(join(js, "node-versions", "package.json"), "utf8")).optionalDependencies;
  return Object.keys(pinned).map((name) => join(installedDir(), "node_modules", name, "bin", "node"));
}
