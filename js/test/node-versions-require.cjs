// Run by node-versions.test.mjs under each pinned Node: `require()` of both entries from a
// CommonJS file, as an existing CommonJS service would write it. The package is ESM; Node loads
// an ES module through require() from 20.19 and 22.12 (js/README.md says so). Prints one JSON
// line per entry: what a conversion and a signature gave, or the error require() threw.
"use strict";

const report = { node: process.versions.node, entries: {} };
for (const spec of ["crosspay", "crosspay/wallet"]) {
  try {
    const cp = require(spec);
    const key = cp.PrivateKey.generate();
    const message = new Uint8Array([1, 2, 3]);
    report.entries[spec] = {
      amount: cp.convert("100.00", "CNY", "HKD", "1.0962", "half-up").target.amount,
      verified: key.publicKey().verify(message, key.sign(message)).valid,
    };
  } catch (e) {
    report.entries[spec] = { error: (e && (e.code || e.name)) || String(e), message: String(e && e.message).split("\n")[0] };
  }
}
console.log(JSON.stringify(report));
