// The pay page: a shop's CNY price shown in the wallet's HKD, from a rate sheet the app verified
// against its trust list, and the wallet's next payment code, as text and as a QR code.
const cp = require("crosspay");
const demo = require("./demo-data.js");
const { payScreen, drawCode } = require("./pay-screen.js");

Page({
  data: { price: "88.00 CNY", pay: "", rate: "", code: "", error: "" },

  async onLoad() {
    try {
      await cp.initAsync(); // loads /miniprogram_npm/crosspay/crosspay_wasm_bg.wasm.br
      const saved = wx.getStorageSync("crosspay-wallet") || undefined;
      const screen = payScreen(cp, demo, { price: "88.00", saved });
      wx.setStorageSync("crosspay-wallet", screen.state); // persist before the code is shown
      this.setData(screen.view); // the canvas appears with the code, then the QR is drawn on it
      drawCode(wx, cp.drawQrMatrix, screen.qr, (err) => err && this.setData({ error: String(err) }));
    } catch (e) {
      this.setData({ error: cp.isCrosspayError(e) ? `${e.code}: ${e.message}` : String(e) });
    }
  },
});
