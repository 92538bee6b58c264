//! The wasm-bindgen façade. Records and enums carry their TypeScript types from crosspay-core
//! (tsify, behind its `wasm` feature); this file only adapts calls and errors.
//!
//! Every error reaches JavaScript as a real `Error` whose `name` is `"CrosspayError"` and whose
//! `code` is the stable code from [`CrosspayError::code`]: core's `From<CrosspayError> for
//! JsValue` (its `wasm` feature), so façade functions use `?`. The TypeScript union of the codes
//! comes from core's error table too (a `typescript_custom_section`).
// The npm build sets `crosspay_speed`: the tape's writer and a price list's strings are optimised
// for speed (tape.rs, string_list.rs; core/src/lib.rs says why).
#![cfg_attr(crosspay_speed, feature(optimize_attribute))]

#[cfg(feature = "cards")]
mod card;
mod keys;
mod merchant_qr;
mod money;
mod paycode;
mod quick;
#[cfg(feature = "render")]
mod render;
mod string_list;
mod tape;

use crosspay_core::{CrosspayError, CurrencyInfo, RoundingMode};
use tsify::Ts;
use wasm_bindgen::prelude::*;

#[cfg(feature = "cards")]
pub use card::*;
pub use keys::*;
pub use merchant_qr::*;
pub use money::*;
pub use paycode::*;
#[cfg(feature = "render")]
pub use render::*;

type JsResult<T> = Result<T, JsValue>;

/// Hands a record to JavaScript as a plain object, typed by tsify's `Ts` (one tape, `tape.rs`).
pub(crate) fn to_js<T: tsify::Tsify + serde::Serialize>(value: T) -> JsResult<Ts<T>> {
    to_object(&value).map(Ts::new_unchecked)
}

/// [`to_js`], untyped: for a caller that sets a field of the object before handing it over.
pub(crate) fn to_object<T: serde::Serialize>(value: &T) -> JsResult<JsValue> {
    tape::to_value(value).map_err(not_handed_over)
}

/// Why a result could not reach JavaScript (not generic: written once, not once per record type).
fn not_handed_over(reason: String) -> JsValue {
    js_sys::Error::new(&format!("crosspay: cannot hand a result to JavaScript: {reason}")).into()
}

/// Reads an options object (or an enum name) from JavaScript through its JSON text, so that the
/// core's serde rules hold exactly as for JSON (unknown keys refused); a missing value is
/// `invalid_argument`, a wrong shape `invalid_options` (a bad rounding name `invalid_rounding`).
pub(crate) fn from_js<T: tsify::Tsify + serde::de::DeserializeOwned>(value: Ts<T>) -> JsResult<T>
where
    <T as tsify::Tsify>::JsType: Clone,
{
    let text = options_text(&value.js_value())?;
    serde_json::from_str(&text).map_err(|e| options_refused(&e))
}

/// An options value's JSON text; `invalid_argument` when there is none (not generic, as below).
fn options_text(value: &JsValue) -> JsResult<String> {
    let text = js_sys::JSON::stringify(value).ok().and_then(|t| t.as_string());
    text.filter(|_| !value.is_undefined()).ok_or_else(|| invalid_argument("options", "an options object or name"))
}

/// The error for options serde refused.
fn options_refused(e: &serde_json::Error) -> JsValue {
    CrosspayError::from_options(&e.to_string()).into()
}

/// A wrong JS type for an argument: a CrosspayError with code `invalid_argument` naming it (the
/// same shape as the checks the build adds to the glue, js/src/state.js).
pub(crate) fn invalid_argument(name: &str, want: &str) -> JsValue {
    let err = js_sys::Error::new(&format!("invalid argument {name}: expected {want}"));
    err.set_name("CrosspayError");
    let _ = js_sys::Reflect::set(&err, &"code".into(), &"invalid_argument".into());
    err.into()
}

/// A whole number from 0 to u32::MAX, or `invalid_argument` naming it (never a coercion).
pub(crate) fn u32_arg(value: &JsValue, name: &str) -> JsResult<u32> {
    let n = value.as_f64().filter(|v| v.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(v));
    n.map(|v| v as u32).ok_or_else(|| invalid_argument(name, "a whole number from 0 to 4294967295"))
}

pub(crate) fn rounding(name: &str) -> JsResult<RoundingMode> {
    Ok(name.parse()?)
}

/// Describes a currency code (minor units, numeric code, name).
#[wasm_bindgen(js_name = currencyInfo)]
pub fn currency_info(code: &str) -> JsResult<Ts<CurrencyInfo>> {
    to_js(crosspay_core::currency_info(code)?)
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
