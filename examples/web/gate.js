// The gate: verifies a wallet's code (pasted, or read from a picture with jsQR, an independent
// QR decoder) with one Verifier for the page's life, so a code seen before is a replay; the
// 18-digit numeric codes go to a NumericVerifier. Shows accepted, or refused with the reason.
import { NumericVerifier, Verifier } from "crosspay";
import { $, demo, describe, now, outcome, ready, trustList } from "./common.js";

await ready();
const verifier = new Verifier(trustList(), { terminal_currency: "HKD", scope: "retail" });
const numeric = new NumericVerifier([demo.numericSeed]);

function verify(text) {
  const code = text.trim();
  try {
    const v = /^\d{18}$/.test(code) ? numeric.verify(code, now()) : verifier.verify(code, now());
    if (v.accepted) {
      outcome("verdict", true, `Accepted: ${v.alias ? `wallet ${v.alias}, ` : ""}code ${v.counter ?? ""}${v.amount ? `, ${v.amount} ${v.currency}` : ""}`);
    } else {
      outcome("verdict", false, `Refused: ${v.reason} (${v.detail})`);
    }
    document.body.dataset.verdict = v.accepted ? "accepted" : v.reason;
  } catch (e) {
    outcome("verdict", false, `Refused: ${describe(e)}`);
    document.body.dataset.verdict = "error";
  }
}

async function readImage(file) {
  const bitmap = await createImageBitmap(file);
  const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
  const ctx = canvas.getContext("2d");
  ctx.drawImage(bitmap, 0, 0);
  const pixels = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
  const found = globalThis.jsQR(pixels.data, bitmap.width, bitmap.height);
  if (!found) {
    outcome("verdict", false, "No QR code found in that picture");
    document.body.dataset.verdict = "unreadable";
    return;
  }
  $("read").textContent = `Read: ${found.data}`;
  $("code").value = found.data;
  verify(found.data);
}

$("verify").addEventListener("click", () => verify($("code").value));
$("image").addEventListener("change", (ev) => {
  const file = ev.target.files?.[0];
  if (file) readImage(file);
});
document.body.dataset.ready = "true";
