//! Merchant QR: decode (core's typed `MerchantQr`, the CLI's JSON shape), encode, "what will I pay".

use crate::{from_js, to_js, JsResult};
use crosspay_core::{Conversion, ConvertOptions, MerchantQr};
use tsify::Ts;
use wasm_bindgen::prelude::*;

/// Decodes a merchant code; never throws: problems are in `errors` and `warnings`.
#[wasm_bindgen(js_name = decodeMerchantQr)]
pub fn decode_merchant_qr(payload: &str, strict: Option<bool>) -> JsResult<Ts<MerchantQr>> {
    to_js(crosspay_core::decode_merchant_qr(payload, strict.unwrap_or(false)))
}

/// Builds a merchant code from a spec (the decoded object, or its keyed fields), as an object or
/// a JSON string.
#[cfg(feature = "merchant")]
#[wasm_bindgen(js_name = encodeMerchantQr)]
pub fn encode_merchant_qr(#[wasm_bindgen(unchecked_param_type = "Partial<MerchantQr> | string")] spec: JsValue) -> JsResult<String> {
    let text = match spec.as_string() {
        Some(s) => s,
        None if !spec.is_object() => return Err(crate::invalid_argument("spec", "an object or a JSON string")),
        None => js_sys::JSON::stringify(&spec).map(String::from).map_err(|_| {
            JsValue::from(crosspay_core::CrosspayError::InvalidMerchantQr { reason: "the spec cannot be written as JSON".into() })
        })?,
    };
    Ok(crosspay_core::encode_merchant_qr(&text)?)
}

/// "What will I pay?": the smallest wallet amount that covers the code's amount at `rate`
/// (one wallet unit = `rate` merchant units).
#[wasm_bindgen(js_name = merchantQrPaymentAtRate)]
pub fn merchant_qr_payment_at_rate(
    payload: &str,
    wallet_currency: &str,
    rate: &str,
    options: Ts<ConvertOptions>,
) -> JsResult<Ts<Conversion>> {
    let options = from_js(options)?;
    to_js(crosspay_core::merchant_qr_payment_at_rate(payload, wallet_currency, rate, &options)?)
}
