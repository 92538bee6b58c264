//! `check_card`: everything a checkout asks of a number, an expiry and a security code, in one
//! answer that says what is wrong instead of stopping at the first problem.

use super::brands::{brand_of, MAX_DIGITS, MIN_DIGITS};
use super::expiry::CardExpiry;
use super::number::{check_cvc, digits_of, grouped, luhn_valid, mask};
use super::CardBrand;
use crate::error::CrosspayError;
use crate::time::Instant;

/// The answer of [`check_card`]. `formatted` is the whole number grouped for its field; `masked`
/// is what may be shown or logged.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct CardCheck {
    /// Every check below passed: a known brand, a length it issues, the Luhn check where the
    /// brand requires it, not expired and the right CVC length (when given).
    pub valid: bool,
    pub brand: Option<CardBrand>,
    /// The length is one the brand issues (for an unknown brand: 8 to 19 digits, ISO/IEC 7812).
    pub length_ok: bool,
    pub luhn_ok: bool,
    /// Whether the brand requires the Luhn check (UnionPay does not).
    pub luhn_required: bool,
    pub masked: String,
    pub formatted: String,
    /// The brand's security code length (4 for American Express).
    pub cvc_length: Option<u8>,
    /// When a CVC was given: whether it has the brand's length.
    pub cvc_ok: Option<bool>,
    /// When an expiry was given: whether the card is expired at `at`.
    pub expired: Option<bool>,
    /// When an expiry was given: its last valid second (RFC 3339).
    pub valid_through: Option<String>,
    /// The error codes a strict parse would raise, in order (`unsupported_card_brand`,
    /// `invalid_card_number`, `card_expired`, `invalid_cvc`); empty when `valid`.
    pub problems: Vec<String>,
}

/// Checks a card number and, when given, its expiry (`MM/YY`, with `at`, RFC 3339) and security
/// code. A number that is not digits (with single spaces or dashes) is `invalid_card_number`, a
/// malformed expiry `invalid_expiry`, a CVC that is not digits `invalid_cvc`, an expiry without
/// `at` `invalid_expiry`: those are unusable input. Everything else is an answer: an unknown
/// brand, a wrong length, a failed Luhn check, an expired card or a short CVC make `valid` false
/// and are listed in `problems`. No message holds the number or the code.
pub fn check_card(number: &str, expiry: Option<String>, cvc: Option<String>, at: Option<String>) -> Result<CardCheck, CrosspayError> {
    let digits = digits_of(number)?;
    let expiry = match (expiry.as_deref(), at.as_deref()) {
        (Some(e), Some(t)) => Some((CardExpiry::parse(e)?, Instant::parse(t)?)),
        (Some(e), None) => {
            return Err(CrosspayError::InvalidExpiry {
                input: e.chars().take(16).collect(),
                reason: "checking an expiry needs the time it is checked at".into(),
            })
        }
        (None, _) => None,
    };
    if let Some(c) = cvc.as_deref() {
        if c.is_empty() || !c.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CrosspayError::InvalidCvc { reason: "a card security code is digits only".into() });
        }
    }
    let brand = brand_of(&digits);
    let info = brand.map(CardBrand::info);
    let length_ok = match info {
        Some(i) => i.lengths.iter().any(|&l| usize::from(l) == digits.len()),
        None => (MIN_DIGITS..=MAX_DIGITS).contains(&digits.len()),
    };
    let luhn_ok = luhn_valid(&digits);
    let luhn_required = info.is_none_or(|i| i.luhn);
    let cvc_ok = match (brand, cvc.as_deref()) {
        (Some(b), Some(c)) => Some(check_cvc(b, c).is_ok()),
        (None, Some(_)) => Some(false),
        (_, None) => None,
    };
    let expired = expiry.map(|(e, at)| e.is_expired_at(at));
    let mut problems = Vec::new();
    if brand.is_none() {
        problems.push("unsupported_card_brand");
    }
    if !length_ok || (luhn_required && !luhn_ok) {
        problems.push("invalid_card_number");
    }
    if expired == Some(true) {
        problems.push("card_expired");
    }
    if cvc_ok == Some(false) {
        problems.push("invalid_cvc");
    }
    Ok(CardCheck {
        valid: problems.is_empty(),
        brand,
        length_ok,
        luhn_ok,
        luhn_required,
        masked: mask(&digits),
        formatted: grouped(&digits, brand, digits.len()).to_string(),
        cvc_length: info.map(|i| i.cvc_length),
        cvc_ok,
        expired,
        valid_through: expiry.map(|(e, _)| e.valid_through().to_rfc3339()),
        problems: problems.into_iter().map(String::from).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_good_card_passes_every_check() {
        let c = check_card("3782 822463 10005", Some("12/28".into()), Some("1234".into()), Some("2026-12-02T00:00:00Z".into())).unwrap();
        assert!(c.valid, "{c:?}");
        assert_eq!(c.brand, Some(CardBrand::Amex));
        assert_eq!((c.masked.as_str(), c.formatted.as_str()), ("37828******0005", "3782 822463 10005"));
        assert_eq!((c.cvc_length, c.cvc_ok, c.expired), (Some(4), Some(true), Some(false)));
    }

    #[test]
    fn problems_are_listed_not_thrown() {
        let c = check_card("4111111111111112", Some("01/20".into()), Some("12".into()), Some("2026-12-02T00:00:00Z".into())).unwrap();
        assert!(!c.valid);
        assert_eq!(c.problems, ["invalid_card_number", "card_expired", "invalid_cvc"]);
        let c = check_card("9999999999999995", None, None, None).unwrap();
        assert_eq!((c.brand, c.length_ok, c.luhn_ok), (None, true, true));
        assert_eq!(c.problems, ["unsupported_card_brand"]);
    }

    #[test]
    fn unusable_input_is_an_error() {
        let at = Some("2026-12-02T00:00:00Z".to_string());
        assert_eq!(check_card("4111x", None, None, None).unwrap_err().code(), "invalid_card_number");
        assert_eq!(check_card("4111111111111111", Some("13/28".into()), None, at.clone()).unwrap_err().code(), "invalid_expiry");
        assert_eq!(check_card("4111111111111111", Some("12/28".into()), None, None).unwrap_err().code(), "invalid_expiry");
        assert_eq!(check_card("4111111111111111", None, Some("12a".into()), None).unwrap_err().code(), "invalid_cvc");
        assert_eq!(check_card("4111111111111111", Some("12/28".into()), None, Some("soon".into())).unwrap_err().code(), "invalid_time");
    }
}
