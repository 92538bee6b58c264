//! The wasm-bindgen façade. Records and enums carry their TypeScript types from crosspay-core
//! (tsify, behind its `wasm` feature); this file only adapts calls and errors.
//!
//! Every error reaches JavaScript as a real `Error` whose `name` is `"CrosspayError"` and whose
//! `code` is the stable code from [`CrosspayError::code`].

use crosspay_core::{Conversion, CrosspayError, CurrencyInfo, RoundingMode};
use tsify::Ts;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_ERRORS: &'static str = r#"
/** Every error crosspay throws is an `Error` with `name === "CrosspayError"` and a stable `code`. */
export interface CrosspayError extends Error {
  name: "CrosspayError";
  code: CrosspayErrorCode;
}
export type CrosspayErrorCode =
  | "invalid_amount"
  | "unknown_currency"
  | "precision_exceeded"
  | "invalid_rate"
  | "invalid_rounding"
  | "overflow";
"#;

/// Hands a record to JavaScript as a plain object (serde-wasm-bindgen, through tsify's `Ts`).
fn to_js<T: tsify::Tsify + serde::Serialize>(value: T) -> Result<Ts<T>, JsValue> {
    value
        .into_ts()
        .map_err(|e| js_sys::Error::new(&format!("crosspay: cannot hand a result to JavaScript: {e}")).into())
}

fn js_error(e: CrosspayError) -> JsValue {
    let err = js_sys::Error::new(&e.to_string());
    err.set_name("CrosspayError");
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(&err, &JsValue::from_str("code"), &JsValue::from_str(e.code()));
    err.into()
}

/// Converts `amount` of `from` into `to` at `rate` (one `from` = `rate` `to`), rounding once.
/// Amounts and rates are decimal strings; throws a `CrosspayError` on bad input.
#[wasm_bindgen]
pub fn convert(
    amount: &str,
    from: &str,
    to: &str,
    rate: &str,
    #[wasm_bindgen(unchecked_param_type = "RoundingMode")] rounding: &str,
) -> Result<Ts<Conversion>, JsValue> {
    let rounding: RoundingMode = rounding.parse().map_err(js_error)?;
    to_js(crosspay_core::convert(amount, from, to, rate, rounding).map_err(js_error)?)
}

/// Describes a currency code (minor units, numeric code, name).
#[wasm_bindgen(js_name = currencyInfo)]
pub fn currency_info(code: &str) -> Result<Ts<CurrencyInfo>, JsValue> {
    to_js(crosspay_core::currency_info(code).map_err(js_error)?)
}

/// The stable error codes this version can throw.
#[wasm_bindgen(js_name = errorCodes)]
pub fn error_codes() -> Vec<String> {
    crosspay_core::error_codes()
}

/// The crosspay core version.
#[wasm_bindgen]
pub fn version() -> String {
    crosspay_core::version()
}

#[cfg(test)]
mod tests {
    /// The TypeScript union above is the one hand-written copy of the codes: keep it exact.
    #[test]
    fn typescript_error_codes_match_the_core() {
        let declared: Vec<&str> = include_str!("lib.rs")
            .lines()
            .take_while(|l| !l.contains("\"#;"))
            .filter_map(|l| l.trim().strip_prefix("| \""))
            .map(|l| l.trim_end_matches(['"', ';']))
            .collect();
        assert_eq!(declared, crosspay_core::CrosspayError::CODES);
    }
}
