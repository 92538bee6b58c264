// An Alipay mini-program worker (the only place MYWebAssembly exists): runs every shared vector
// file in the simulated worker context and posts the results back.
import { parentPort, workerData } from "node:worker_threads";
import { miniprogramHost } from "./miniprogram-host.mjs";

const host = miniprogramHost({ kind: "alipay", worker: true, mounts: workerData.mounts, files: workerData.files });
const absent = Object.fromEntries(workerData.absent.map((name) => [name, host.evaluate(`typeof ${name}`)]));
const loader = host.evaluate("typeof MYWebAssembly");
host
  .require("/checks/run.js", "/worker/index.js")
  .run(workerData.texts, workerData.init)
  .then(
    (json) => parentPort.postMessage({ absent, loader, loads: host.loads, ...JSON.parse(json) }),
    (e) => parentPort.postMessage({ error: `${e?.name}: ${e?.code ?? ""} ${e?.message ?? e}` }),
  );
