// What the pay page shows, from crosspay alone (no page API). Copied into both examples by
// examples/make-demo-data.mjs: edit examples/shared/pay-screen.js. `demo` holds the root key, trust list, signed sheet, certificate and device key
// (demo-data.js); `saved` is the wallet state kept from the last code, if any.
function payScreen(cp, demo, { price, saved }) {
  const root = cp.PublicKey.fromJwk(demo.rootPublicKey);
  const trustList = cp.TrustList.verify(demo.trustList, root);
  const sheet = cp.verifyRateSheet(demo.signedSheet, trustList, demo.at);
  // "The shop must receive exactly 88.00 CNY": the HKD to pay, from the sheet's HKD/CNY quote.
  const receipt = sheet.convert(price, "HKD", "CNY", demo.at, { rounding: "half-up", reverse: true });
  const wallet = new cp.Wallet(demo.certificate, saved);
  const code = wallet.generate(cp.PrivateKey.fromJwk(demo.deviceKey), {
    at: demo.at,
    amount: receipt.source.amount,
    currency: receipt.source.currency,
  });
  return {
    state: code.state,
    qr: cp.qrMatrix(code.payload),
    view: {
      pay: `${receipt.source.amount} ${receipt.source.currency}`,
      rate: `1 HKD = ${receipt.effective_rate} CNY (${receipt.provenance.source}, valid until ${receipt.provenance.valid_until})`,
      code: code.payload,
      counter: code.counter,
    },
  };
}

// Draws the code's QR matrix on the page's <canvas type="2d" id="qr"> (both hosts find it with
// createSelectorQuery().select("#qr").node()): 4 pixels a module, the quiet zone included.
// `host` is wx or my; `drawQrMatrix` is crosspay's. Calls back with the side drawn, in pixels.
function drawCode(host, drawQrMatrix, matrix, done) {
  host
    .createSelectorQuery()
    .select("#qr")
    .node()
    .exec((res) => {
      const canvas = res && res[0] && res[0].node;
      if (!canvas) return done && done(new Error("the page has no <canvas id=\"qr\">"));
      canvas.width = canvas.height = (matrix.size + 2 * matrix.quiet_zone) * 4;
      const side = drawQrMatrix(canvas.getContext("2d"), matrix, { scale: 4 });
      return done && done(null, side);
    });
}

module.exports = { payScreen, drawCode };
