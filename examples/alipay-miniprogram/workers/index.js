// The worker: loads crosspay through MYWebAssembly from the module the postinstall step copied to
// /assets/ (an absolute code-package path, outside this folder), then answers the page.
const cp = require("crosspay");
const demo = require("./demo-data.js");
const { payScreen } = require("./pay-screen.js");

const ready = cp.initAsync({ path: "/assets/crosspay_wasm_bg.wasm.br" });

worker.onMessage((msg) => {
  ready
    .then(() => {
      const screen = payScreen(cp, demo, msg);
      worker.postMessage({ state: screen.state, view: screen.view, qr: screen.qr });
    })
    .catch((e) => worker.postMessage({ error: cp.isCrosspayError(e) ? `${e.code}: ${e.message}` : String(e) }));
});
