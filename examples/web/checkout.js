// The shop's checkout: an order in CNY becomes a dynamic EMV merchant QR (UnionPay account, the
// amount, the bill number); a tourist sees the amount in their currency from the signed rate
// sheet, with its source and expiry, and an expired sheet is refused on screen.
import { encodeMerchantQr, qrSvg, verifyRateSheet } from "crosspay";
import { $, advance, demo, describe, now, outcome, ready, scaled, trustList } from "./common.js";

let payload = null;

function showOrder() {
  $("order-error").hidden = true;
  try {
    payload = encodeMerchantQr({
      payload_format_indicator: "01",
      point_of_initiation: "12", // dynamic: one code per order
      merchant_account_info: { 15: "9156000014901234567890" },
      mcc: "5812",
      currency: "156",
      amount: $("amount").value.trim(),
      country: "CN",
      merchant_name: "SHENZHEN DIM SUM",
      merchant_city: "SHENZHEN",
      additional_data: { "01": $("bill").value.trim() },
    });
    $("merchant-qr").innerHTML = scaled(qrSvg(payload, { ec_level: "M" }), 4);
    $("payload").textContent = payload;
  } catch (e) {
    payload = null;
    $("merchant-qr").innerHTML = "";
    $("payload").textContent = "";
    $("order-error").hidden = false;
    $("order-error").textContent = describe(e);
  }
  showForeign();
}

function showForeign() {
  $("clock").textContent = now();
  if (!payload) return;
  const at = now();
  try {
    const sheet = verifyRateSheet(demo.signedSheet, trustList(), at);
    const pay = sheet.merchantQrPayment(payload, $("wallet-currency").value, at, { rounding: "half-up" });
    outcome("foreign", true, `You pay ${pay.source.amount} ${pay.source.currency} for ${pay.target.amount} ${pay.target.currency}`);
    $("provenance").textContent = `Rate ${pay.effective_rate} from ${pay.provenance?.source}, as of ${pay.provenance?.as_of}, valid until ${pay.provenance?.valid_until}`;
  } catch (e) {
    outcome("foreign", false, `No price in your currency: ${describe(e)}`);
    $("provenance").textContent = "";
  }
}

await ready();
$("order").addEventListener("submit", (ev) => {
  ev.preventDefault();
  showOrder();
});
$("later").addEventListener("click", () => {
  advance(24 * 3600);
  showForeign();
});
showOrder();
document.body.dataset.ready = "true";
