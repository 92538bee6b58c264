// The one way the Node tests read a shared vector file (tests/vectors/, named by CROSSPAY_VECTORS);
// the browser tests fetch the same files from the test server.
import { readFileSync } from "node:fs";
import { join } from "node:path";

export function vectorDoc(name) {
  const dir = process.env.CROSSPAY_VECTORS;
  if (!dir) throw new Error("CROSSPAY_VECTORS must name tests/vectors");
  return JSON.parse(readFileSync(join(dir, name), "utf8"));
}
