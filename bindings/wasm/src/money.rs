//! Money: conversion at a given rate or with a rate sheet, allocation, minor units.

use crate::quick::{is_quick_list, sheet_list_quick};
use crate::string_list::StringList;
use crate::{from_js, rounding, to_js, JsResult};
use crosspay_core::{Conversion, Conversions, ConvertOptions, MinorUnitConversions, RoundingMode};
use tsify::Ts;
use wasm_bindgen::prelude::*;

/// Converts `amount` of `from` into `to` at `rate` (one `from` = `rate` `to`), rounding once.
/// Amounts and rates are decimal strings; throws a `CrosspayError` on bad input.
#[wasm_bindgen]
pub fn convert(
    amount: &str,
    from: &str,
    to: &str,
    rate: &str,
    #[wasm_bindgen(unchecked_param_type = "RoundingMode")] rounding_mode: &str,
) -> JsResult<Ts<Conversion>> {
    to_js(crosspay_core::convert(amount, from, to, rate, rounding(rounding_mode)?)?)
}

/// [`convert`] with every option: markup, cash increment, reverse.
#[wasm_bindgen(js_name = convertAtRate)]
pub fn convert_at_rate(amount: &str, from: &str, to: &str, rate: &str, options: Ts<ConvertOptions>) -> JsResult<Ts<Conversion>> {
    let options = from_js(options)?;
    to_js(crosspay_core::convert_at_rate(amount, from, to, rate, &options)?)
}

/// A validated rate sheet: quotes from one source, with `as_of` and `valid_until`.
#[wasm_bindgen]
pub struct RateSheet(pub(crate) crosspay_core::RateSheet);

#[wasm_bindgen]
impl RateSheet {
    /// Parses an unsigned rate sheet (JSON text) that nobody vouches for; a sheet from a server
    /// is checked with `verifyRateSheet(signed, trustList, at)` instead.
    #[wasm_bindgen(js_name = fromUnsignedJson)]
    pub fn from_unsigned_json(json: &str) -> JsResult<RateSheet> {
        Ok(crosspay_core::RateSheet::from_unsigned_json(json).map(RateSheet)?)
    }

    /// Converts with a rate from this sheet at time `at` (RFC 3339).
    pub fn convert(&self, amount: &str, from: &str, to: &str, at: &str, options: Ts<ConvertOptions>) -> JsResult<Ts<Conversion>> {
        let options = from_js(options)?;
        to_js(self.0.convert(amount, from, to, at, &options)?)
    }

    /// Many amounts with one rate from this sheet at time `at`: see `convertMany`.
    #[wasm_bindgen(js_name = convertMany)]
    pub fn convert_many(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] amounts: JsValue,
        from: &str,
        to: &str,
        at: &str,
        options: Ts<ConvertOptions>,
    ) -> JsResult<Ts<Conversions>> {
        if is_quick_list(&amounts) {
            // The glue's quick path (tape.js's quickConvertMany, quick.rs's `sheet_list_quick`): the
            // amounts are in the list buffer; the answer is the template's number, or 0.
            let options = from_js(options)?;
            return Ok(Ts::new_unchecked(JsValue::from(sheet_list_quick(&self.0, from, to, at, &options))));
        }
        let amounts = StringList::read(&amounts, "amounts")?;
        let options = from_js(options)?;
        let items = amounts.items();
        let receipt = self.0.convert_list(&items, from, to, at, &options)?;
        amounts.receipt(&items, receipt)
    }

    /// `convertMany` with amounts in integer minor units: see `convertManyMinorUnits`.
    #[wasm_bindgen(js_name = convertManyMinorUnits)]
    pub fn convert_many_minor_units(
        &self,
        units: &[i64],
        from: &str,
        to: &str,
        at: &str,
        options: Ts<ConvertOptions>,
    ) -> JsResult<Ts<MinorUnitConversions>> {
        let options = from_js(options)?;
        to_js(self.0.convert_units_list(units, from, to, at, &options)?)
    }

    /// "What will I pay?" for a merchant code, with a rate from this sheet at time `at`.
    #[wasm_bindgen(js_name = merchantQrPayment)]
    pub fn merchant_qr_payment(
        &self,
        payload: &str,
        wallet_currency: &str,
        at: &str,
        options: Ts<ConvertOptions>,
    ) -> JsResult<Ts<Conversion>> {
        let options = from_js(options)?;
        to_js(self.0.merchant_qr_payment(payload, wallet_currency, at, &options)?)
    }

    /// The sheet's source, e.g. `ECB`.
    #[wasm_bindgen(getter)]
    pub fn source(&self) -> String {
        self.0.source().to_string()
    }

    /// RFC 3339.
    #[wasm_bindgen(getter, js_name = asOf)]
    pub fn as_of(&self) -> String {
        self.0.as_of().to_rfc3339()
    }

    /// RFC 3339.
    #[wasm_bindgen(getter, js_name = validUntil)]
    pub fn valid_until(&self) -> String {
        self.0.valid_until().to_rfc3339()
    }

    /// The key id that signed the sheet (`verifyRateSheet`); undefined for an unsigned sheet.
    #[wasm_bindgen(getter, js_name = signedBy)]
    pub fn signed_by(&self) -> Option<String> {
        self.0.signed_by().map(str::to_string)
    }
}

/// Splits `amount` by `ratios` (decimal strings); the parts sum to it exactly.
#[wasm_bindgen]
pub fn allocate(amount: &str, currency: &str, ratios: Vec<String>) -> JsResult<Vec<String>> {
    Ok(crosspay_core::allocate_amount(amount, currency, ratios)?)
}

/// An amount in integer minor units, as a BigInt: `("109.62", "HKD")` → `10962n`.
#[wasm_bindgen(js_name = toMinorUnits)]
pub fn to_minor_units(amount: &str, currency: &str) -> JsResult<i64> {
    Ok(crosspay_core::to_minor_units(amount, currency)?)
}

/// Integer minor units (a BigInt) as an amount: `(10962n, "HKD")` → `"109.62"`.
#[wasm_bindgen(js_name = fromMinorUnits)]
pub fn from_minor_units(units: i64, currency: &str) -> JsResult<String> {
    Ok(crosspay_core::from_minor_units(units, currency)?)
}

/// Writes an amount with exactly its currency's minor units; extra digits are an error unless
/// a rounding mode is given.
#[wasm_bindgen(js_name = normalizeAmount)]
pub fn normalize_amount(amount: &str, currency: &str, rounding_mode: Option<Ts<RoundingMode>>) -> JsResult<String> {
    // A bad mode name is invalid_rounding here, as in convert().
    let mode = rounding_mode.map(|m| rounding(&m.js_value().as_string().unwrap_or_default())).transpose()?;
    Ok(crosspay_core::normalize_amount(amount, currency, mode)?)
}

/// Converts many amounts at one rate (a price list): each gets what `convertAtRate` would give
/// it; the currencies, rate and options are read once.
#[wasm_bindgen(js_name = convertMany)]
pub fn convert_many(
    #[wasm_bindgen(unchecked_param_type = "string[]")] amounts: JsValue,
    from: &str,
    to: &str,
    rate: &str,
    options: Ts<ConvertOptions>,
) -> JsResult<Ts<Conversions>> {
    let amounts = StringList::read(&amounts, "amounts")?;
    let options = from_js(options)?;
    let items = amounts.items();
    let receipt = crosspay_core::convert_list(&items, from, to, rate, &options)?;
    amounts.receipt(&items, receipt)
}

/// `convertMany` for amounts in integer minor units: a `BigInt64Array` (or an array of BigInts)
/// of `from`'s minor units, or for `reverse` of `to`'s; the receipt's lists are `BigInt64Array`s.
/// The fast lane for price lists kept as cents: no decimal text crosses either way.
#[wasm_bindgen(js_name = convertManyMinorUnits)]
pub fn convert_many_minor_units(
    units: &[i64],
    from: &str,
    to: &str,
    rate: &str,
    options: Ts<ConvertOptions>,
) -> JsResult<Ts<MinorUnitConversions>> {
    let options = from_js(options)?;
    to_js(crosspay_core::convert_units_list(units, from, to, rate, &options)?)
}
