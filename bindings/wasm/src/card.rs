//! Cards (core's `card`): brands, checks, typing, expiry, security codes, a card number class
//! that never shows itself, and the prepaid card, whose state crosses as a plain object.

use crate::money::RateSheet;
use crate::{from_js, to_js, JsResult};
use crosspay_core::{CardBrand, CardBrandInfo, CardCheck, CardInput, FundingCard, PrepaidCard, PrepaidRules, PrepaidStep};
use tsify::Ts;
use wasm_bindgen::prelude::*;

/// Every brand crosspay knows: ranges, lengths, Luhn, security code and grouping (docs/cards.md).
#[wasm_bindgen(js_name = cardBrands, unchecked_return_type = "CardBrandInfo[]")]
pub fn card_brands() -> JsResult<js_sys::Array> {
    crosspay_core::card_brands().into_iter().map(|b| to_js(b).map(|t: Ts<CardBrandInfo>| t.js_value().clone())).collect()
}

/// Checks a number and, when given, its expiry (`MM/YY`, with `at`) and security code: an answer
/// listing every problem, or an error for unusable input.
#[wasm_bindgen(js_name = checkCard)]
pub fn check_card(number: &str, expiry: Option<String>, cvc: Option<String>, at: Option<String>) -> JsResult<Ts<CardCheck>> {
    to_js(crosspay_core::check_card(number, expiry, cvc, at)?)
}

/// What a card number field should show as the user types, and where the cursor goes.
#[wasm_bindgen(js_name = formatCardInput)]
pub fn format_card_input(input: &str, #[wasm_bindgen(unchecked_param_type = "number")] cursor: JsValue) -> JsResult<Ts<CardInput>> {
    to_js(crosspay_core::format_card_input(input, crate::u32_arg(&cursor, "cursor")?))
}

/// An expiry (`MM/YY`) checked at `at`: its last valid second, or `card_expired`.
#[wasm_bindgen(js_name = checkCardExpiry)]
pub fn check_card_expiry(expiry: &str, at: &str) -> JsResult<String> {
    Ok(crosspay_core::check_card_expiry(expiry, at)?)
}

/// A security code of the right length for `brand`, or `invalid_cvc`.
#[wasm_bindgen(js_name = checkCvc)]
pub fn check_cvc(brand: Ts<CardBrand>, cvc: &str) -> JsResult<()> {
    Ok(crosspay_core::check_cvc(from_js(brand)?, cvc)?)
}

/// A parsed card number. Its string form is the brand and a mask; read the digits with
/// `exposeDigits()`. `free()` wipes them.
#[wasm_bindgen]
pub struct CardNumber(crosspay_core::CardNumber);

#[wasm_bindgen]
impl CardNumber {
    pub fn parse(number: &str) -> JsResult<CardNumber> {
        Ok(CardNumber(crosspay_core::CardNumber::parse(number)?))
    }

    #[wasm_bindgen(getter)]
    pub fn brand(&self) -> JsResult<Ts<CardBrand>> {
        to_js(self.0.brand())
    }

    #[wasm_bindgen(getter)]
    pub fn masked(&self) -> String {
        self.0.masked()
    }

    #[wasm_bindgen(getter)]
    pub fn last4(&self) -> String {
        self.0.last4()
    }

    #[wasm_bindgen(getter)]
    pub fn length(&self) -> u8 {
        self.0.length()
    }

    /// The digits: keep them out of logs.
    #[wasm_bindgen(js_name = exposeDigits)]
    pub fn expose_digits(&self) -> String {
        self.0.expose_digits().to_string()
    }

    /// The number grouped for its field.
    #[wasm_bindgen(js_name = exposeFormatted)]
    pub fn expose_formatted(&self) -> String {
        self.0.expose_formatted().to_string()
    }

    #[wasm_bindgen(js_name = checkCvc)]
    pub fn check_cvc(&self, cvc: &str) -> JsResult<()> {
        Ok(self.0.check_cvc(cvc)?)
    }

    /// This card as a prepaid card's funding card (brand, mask, expiry, billing currency).
    #[wasm_bindgen(js_name = fundingCard)]
    pub fn funding_card(&self, expiry: &str, currency: &str) -> JsResult<Ts<FundingCard>> {
        to_js(self.0.funding_card(expiry, currency)?)
    }

    /// `visa 411111******1111`: never the digits.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_string_js(&self) -> String {
        self.0.to_string()
    }

    /// `JSON.stringify` shows the mask, never the digits.
    #[wasm_bindgen(js_name = toJSON)]
    pub fn to_json(&self) -> String {
        self.0.to_string()
    }
}

/// The tourist card's rules (CNY, top-ups from 100.00, at most 2,000.00, 90 days, refunded).
#[wasm_bindgen(js_name = touristCardRules)]
pub fn tourist_card_rules() -> JsResult<Ts<PrepaidRules>> {
    to_js(crosspay_core::tourist_card_rules())
}

/// Prepaid rules from JSON, checked.
#[wasm_bindgen(js_name = prepaidRulesFromJson)]
pub fn prepaid_rules_from_json(json: &str) -> JsResult<Ts<PrepaidRules>> {
    to_js(crosspay_core::prepaid_rules_from_json(json)?)
}

/// Opens a prepaid card at `at` under `rules`, funded by `funding`.
#[wasm_bindgen(js_name = openPrepaidCard)]
pub fn open_prepaid_card(rules: Ts<PrepaidRules>, funding: Ts<FundingCard>, at: &str) -> JsResult<Ts<PrepaidCard>> {
    to_js(crosspay_core::open_prepaid_card(from_js(rules)?, from_js(funding)?, at)?)
}

/// Tops up by exactly `amount`, charging the funding card through a signed sheet.
#[wasm_bindgen(js_name = prepaidTopUp)]
pub fn prepaid_top_up(card: Ts<PrepaidCard>, amount: &str, sheet: &RateSheet, at: &str) -> JsResult<Ts<PrepaidStep>> {
    to_js(crosspay_core::prepaid_top_up(from_js(card)?, amount, &sheet.0, at)?)
}

/// Spends `amount` of the balance, with an optional reference.
#[wasm_bindgen(js_name = prepaidSpend)]
pub fn prepaid_spend(card: Ts<PrepaidCard>, amount: &str, at: &str, reference: Option<String>) -> JsResult<Ts<PrepaidStep>> {
    to_js(crosspay_core::prepaid_spend(from_js(card)?, amount, at, reference)?)
}

/// Refunds the whole remainder to the funding card through a signed sheet, and closes the card.
#[wasm_bindgen(js_name = prepaidRefund)]
pub fn prepaid_refund(card: Ts<PrepaidCard>, sheet: &RateSheet, at: &str) -> JsResult<Ts<PrepaidStep>> {
    to_js(crosspay_core::prepaid_refund(from_js(card)?, &sheet.0, at)?)
}

/// The card's state as JSON, to store.
#[wasm_bindgen(js_name = prepaidCardToJson)]
pub fn prepaid_card_to_json(card: Ts<PrepaidCard>) -> JsResult<String> {
    Ok(crosspay_core::prepaid_card_to_json(&from_js(card)?))
}

/// A stored state read back and checked.
#[wasm_bindgen(js_name = prepaidCardFromJson)]
pub fn prepaid_card_from_json(json: &str) -> JsResult<Ts<PrepaidCard>> {
    to_js(crosspay_core::prepaid_card_from_json(json)?)
}
