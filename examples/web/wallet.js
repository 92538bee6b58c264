// The wallet: its next payment code as a QR and its numeric code as a barcode, a new one every
// 30 s. The counter is written to localStorage before a code is shown (a code never repeats a
// counter, even if the page dies right after), and a service worker keeps the page and the
// module so it works offline after the first load.
import { barcodeSvg, NumericSeed, PrivateKey, qrSvg, Wallet } from "crosspay";
import { $, demo, describe, now, ready, scaled } from "./common.js";

const STATE = "crosspay-wallet-state";
const REFRESH = 30;
let left = 0;

function show() {
  try {
    const wallet = new Wallet(demo.certificate, localStorage.getItem(STATE) ?? undefined);
    const at = now();
    const code = wallet.generate(PrivateKey.parse(demo.deviceKey), { at });
    localStorage.setItem(STATE, code.state); // persisted before the code exists on screen
    const numeric = NumericSeed.fromJson(demo.numericSeed).code("88", at);
    $("qr").innerHTML = scaled(qrSvg(code.payload), 4);
    $("bar").innerHTML = scaled(barcodeSvg(numeric), 3);
    $("counter").textContent = String(code.counter);
    $("payload").textContent = code.payload;
    document.body.dataset.counter = String(code.counter);
    document.body.dataset.numeric = numeric;
    $("error").hidden = true;
  } catch (e) {
    $("error").hidden = false;
    $("error").textContent = describe(e);
  }
  left = REFRESH;
  $("countdown").textContent = String(left);
}

if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("sw.js").then(
    () => ($("offline-note").textContent = "Works offline after this first load."),
    (e) => ($("offline-note").textContent = `No offline copy: ${e.message}`),
  );
}
await ready();
show();
setInterval(() => {
  left -= 1;
  if (left <= 0) show();
  else $("countdown").textContent = String(left);
}, 1000);
document.body.dataset.ready = "true";
