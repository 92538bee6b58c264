//! Drawing codes: QR matrices and SVG, Code 128 bars and SVG (core's `render`); js/src/draw.js
//! draws a matrix or bars on a canvas.

use crate::{from_js, to_js, JsResult};
use crosspay_core::{Barcode, QrMatrix, QrOptions};
use tsify::Ts;
use wasm_bindgen::prelude::*;

fn qr_options(options: Option<Ts<QrOptions>>) -> JsResult<QrOptions> {
    options.map(from_js).transpose().map(Option::unwrap_or_default)
}

/// The QR symbol for `payload` as modules (`modules`: size × size bytes, 1 dark).
#[wasm_bindgen(js_name = qrMatrix)]
pub fn qr_matrix(payload: &str, options: Option<Ts<QrOptions>>) -> JsResult<Ts<QrMatrix>> {
    to_js(crosspay_core::qr_matrix(payload, &qr_options(options)?)?)
}

/// `payload` as an SVG QR code (one path, sized in modules, no fonts).
#[wasm_bindgen(js_name = qrSvg)]
pub fn qr_svg(payload: &str, options: Option<Ts<QrOptions>>) -> JsResult<String> {
    Ok(crosspay_core::qr_svg(payload, &qr_options(options)?)?)
}

/// A numeric code (an even number of digits) as Code 128 bar widths.
#[wasm_bindgen]
pub fn barcode(digits: &str) -> JsResult<Ts<Barcode>> {
    to_js(crosspay_core::barcode(digits)?)
}

/// A numeric code as an SVG Code 128 barcode with its digits beneath.
#[wasm_bindgen(js_name = barcodeSvg)]
pub fn barcode_svg(digits: &str) -> JsResult<String> {
    Ok(crosspay_core::barcode_svg(digits)?)
}
