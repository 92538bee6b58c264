//! Merchant QR: decode (the CLI's JSON shape as a plain object), encode, "what will I pay".

use crate::{from_js, to_js, JsResult};
use crosspay_core::{Conversion, ConvertOptions, CrosspayError};
use tsify::Ts;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_MERCHANT_QR: &'static str = r#"
/** A finding of the merchant QR decoder: a stable code, a message, the character position. */
export interface MerchantQrIssue { code: string; message: string; position: number }
/** A template's sub-objects keyed by two-digit id. */
export type MerchantQrTemplate = Record<string, string>;
/** A decoded merchant code (docs/merchant-qr.md): the same object `crosspay merchant-qr decode --json` prints. */
export interface MerchantQrDecoded {
  valid: boolean;
  format: "emv" | "upi" | "wechat-pay-url" | "alipay-url" | "unionpay-url" | "unknown";
  schemes: string[];
  errors: MerchantQrIssue[];
  warnings: MerchantQrIssue[];
  payload_format_indicator?: string;
  point_of_initiation?: string;
  merchant_account_info?: Record<string, string | MerchantQrTemplate>;
  mcc?: string;
  currency?: string;
  currency_code?: string;
  amount?: string;
  tip_or_convenience_indicator?: string;
  convenience_fee_fixed?: string;
  convenience_fee_percentage?: string;
  country?: string;
  merchant_name?: string;
  merchant_city?: string;
  postal_code?: string;
  additional_data?: MerchantQrTemplate;
  language_template?: MerchantQrTemplate;
  unreserved?: Record<string, string | MerchantQrTemplate>;
  crc?: string;
  scheme_fields?: Record<string, Record<string, unknown>>;
  /** The ordered object tree; `encodeMerchantQr` re-encodes it byte for byte. */
  objects?: unknown[];
  url?: string;
}
"#;

/// Decodes a merchant code; never throws: problems are in `errors` and `warnings`.
#[wasm_bindgen(js_name = decodeMerchantQr, unchecked_return_type = "MerchantQrDecoded")]
pub fn decode_merchant_qr(payload: &str, strict: Option<bool>) -> JsResult<JsValue> {
    let qr = crosspay_core::decode_merchant_qr(payload, strict.unwrap_or(false));
    js_sys::JSON::parse(&qr.json)
}

/// Builds a merchant code from a spec (the decoded object, or its keyed fields), as an object or
/// a JSON string.
#[wasm_bindgen(js_name = encodeMerchantQr)]
pub fn encode_merchant_qr(#[wasm_bindgen(unchecked_param_type = "Partial<MerchantQrDecoded> | string")] spec: JsValue) -> JsResult<String> {
    let text = match spec.as_string() {
        Some(s) => s,
        None => js_sys::JSON::stringify(&spec)
            .map(String::from)
            .map_err(|_| JsValue::from(CrosspayError::InvalidMerchantQr { reason: "the spec cannot be written as JSON".into() }))?,
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
