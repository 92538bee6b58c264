// The pay page. On Alipay, WebAssembly runs only inside a worker (MYWebAssembly; on iOS the
// experimental worker must be on), so crosspay lives in workers/index.js and the page talks to it.
// The page draws the QR code the worker sends with crosspay's drawQrMatrix (plain JavaScript: it
// needs no initAsync()).
const { drawQrMatrix } = require("crosspay");
const { drawCode } = require("./pay-screen.js");

Page({
  data: { price: "88.00 CNY", pay: "", rate: "", code: "", error: "" },

  onLoad() {
    const worker = my.createWorker("workers/index.js");
    worker.onMessage((msg) => {
      if (msg.state) my.setStorageSync({ key: "crosspay-wallet", data: msg.state }); // before the code is shown
      this.setData(msg.error ? { error: msg.error } : msg.view);
      if (msg.qr) drawCode(my, drawQrMatrix, msg.qr, (err) => err && this.setData({ error: String(err) }));
    });
    const saved = my.getStorageSync({ key: "crosspay-wallet" }).data || undefined;
    worker.postMessage({ price: "88.00", saved });
  },
});
