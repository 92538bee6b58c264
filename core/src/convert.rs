//! The first money function: convert an amount with a given rate, one exact multiplication and
//! one rounding at the end. (Rate sheets, markup, reverse conversion and allocation build on it.)

use crate::amount::{format_fixed, format_normalized, parse_decimal, DecimalSyntax};
use crate::currency::Currency;
use crate::error::CrosspayError;
use crate::rounding::RoundingMode;
use rust_decimal::Decimal;

/// An amount in a currency, as it crosses every boundary: a decimal string with exactly the
/// currency's minor units (`"109.62"` HKD, `"110"` JPY, `"1.234"` KWD).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Money {
    pub amount: String,
    pub currency: String,
}

/// The receipt of one conversion.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Conversion {
    /// What was converted, written with the source currency's minor units.
    pub source: Money,
    /// The result, rounded once to the target currency's minor units.
    pub target: Money,
    /// Units of the target currency for one unit of the source currency, as given.
    pub rate: String,
    /// The rounding mode applied to the result.
    pub rounding: RoundingMode,
    /// The exact product before rounding, in its shortest form.
    pub unrounded: String,
    /// `target − unrounded`: what rounding added (positive) or removed (negative).
    pub residue: String,
}

/// Converts `amount` of `from` into `to` at `rate` (one `from` = `rate` `to`), rounding the
/// exact product once to the minor units of `to` with `rounding`.
///
/// The amount may be negative (a refund); it may not have more fraction digits than `from`
/// allows. The rate must be a positive plain decimal. Nothing is rounded on the way.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn convert(
    amount: &str,
    from: &str,
    to: &str,
    rate: &str,
    rounding: RoundingMode,
) -> Result<Conversion, CrosspayError> {
    let from = Currency::from_code(from)?;
    let to = Currency::from_code(to)?;
    let value = parse_amount(amount, from)?;
    let rate_value = parse_rate(rate)?;

    let unrounded = exact_mul(value, rate_value).ok_or_else(|| CrosspayError::Overflow {
        operation: format!("{amount} × {rate}"),
    })?;
    let mut rounded = unrounded.round_dp_with_strategy(to.minor_units(), rounding.strategy());
    if rounded.is_zero() {
        rounded.set_sign_positive(true);
    }
    // Both operands are exact and of modest scale: the difference cannot overflow.
    let residue = rounded - unrounded;

    Ok(Conversion {
        source: Money {
            amount: format_fixed(value, from.minor_units()),
            currency: from.code().to_string(),
        },
        target: Money {
            amount: format_fixed(rounded, to.minor_units()),
            currency: to.code().to_string(),
        },
        rate: rate_value.to_string(),
        rounding,
        unrounded: format_normalized(unrounded),
        residue: format_normalized(residue),
    })
}

/// Parses an amount in `currency`, refusing more fraction digits than the currency has.
pub(crate) fn parse_amount(input: &str, currency: Currency) -> Result<Decimal, CrosspayError> {
    let value = parse_decimal(input, true).map_err(|why| CrosspayError::InvalidAmount {
        input: input.to_string(),
        reason: why.reason(),
    })?;
    if value.scale() > currency.minor_units() {
        return Err(CrosspayError::PrecisionExceeded {
            input: input.to_string(),
            currency: currency.code().to_string(),
            digits: value.scale(),
            allowed: currency.minor_units(),
        });
    }
    Ok(value)
}

/// Parses a rate: a positive plain decimal.
pub(crate) fn parse_rate(input: &str) -> Result<Decimal, CrosspayError> {
    let invalid = |reason: String| CrosspayError::InvalidRate {
        input: input.to_string(),
        reason,
    };
    let rate = parse_decimal(input, false).map_err(|why| match why {
        DecimalSyntax::Sign => invalid("a rate must be positive".into()),
        other => invalid(other.reason()),
    })?;
    if rate.is_zero() {
        return Err(invalid("a rate must be positive".into()));
    }
    Ok(rate)
}

/// The exact product, or `None` when it does not fit rust_decimal's 28 digits exactly
/// (rust_decimal would otherwise round it silently, and we round only once, at the end).
fn exact_mul(a: Decimal, b: Decimal) -> Option<Decimal> {
    let (a, b) = (a.normalize(), b.normalize());
    let product = a.checked_mul(b)?;
    (product.is_zero() || product.scale() == a.scale() + b.scale()).then_some(product)
}

#[cfg(test)]
mod tests {
    use super::*;
    use RoundingMode::*;

    fn target(amount: &str, from: &str, to: &str, rate: &str, mode: RoundingMode) -> String {
        convert(amount, from, to, rate, mode).unwrap().target.amount
    }

    #[test]
    fn the_readme_example() {
        let c = convert("100.00", "CNY", "HKD", "1.0962", HalfUp).unwrap();
        assert_eq!(c.target, Money { amount: "109.62".into(), currency: "HKD".into() });
        assert_eq!((c.unrounded.as_str(), c.residue.as_str()), ("109.62", "0"));
        assert_eq!(c.source.amount, "100.00");
    }

    #[test]
    fn rounds_once_to_the_target_minor_units() {
        assert_eq!(target("100", "HKD", "JPY", "19.2345", HalfUp), "1923");
        assert_eq!(target("10.00", "USD", "KWD", "0.30745", HalfEven), "3.074");
        assert_eq!(target("10.00", "USD", "KWD", "0.30755", HalfEven), "3.076");
        assert_eq!(target("1", "USD", "CLF", "0.0270183", Down), "0.0270");
        assert_eq!(target("-10.00", "HKD", "CNY", "0.9123", Floor), "-9.13");
        assert_eq!(target("-0.01", "HKD", "JPY", "0.1", HalfUp), "0");
    }

    #[test]
    fn residue_is_target_minus_unrounded() {
        let c = convert("10.01", "HKD", "CNY", "0.9123", Up).unwrap();
        assert_eq!((c.unrounded.as_str(), c.target.amount.as_str()), ("9.132123", "9.14"));
        assert_eq!(c.residue, "0.007877");
    }

    #[test]
    fn typed_errors_for_bad_input() {
        let code = |a, f, t, r| convert(a, f, t, r, HalfUp).unwrap_err().code();
        assert_eq!(code("1e3", "CNY", "HKD", "1"), "invalid_amount");
        assert_eq!(code("1.001", "CNY", "HKD", "1"), "precision_exceeded");
        assert_eq!(code("1.5", "JPY", "HKD", "1"), "precision_exceeded");
        assert_eq!(code("1", "CNY", "XYZ", "1"), "unknown_currency");
        assert_eq!(code("1", "CNY", "HKD", "0"), "invalid_rate");
        assert_eq!(code("1", "CNY", "HKD", "-1.2"), "invalid_rate");
        assert_eq!(code("1", "CNY", "HKD", "1,2"), "invalid_rate");
        assert_eq!(
            code("7922816251426433759354395033", "JPY", "HKD", "100"),
            "overflow"
        );
        assert_eq!(
            code("1.11", "USD", "HKD", "1.00000000000000000000000000001"),
            "invalid_rate"
        );
    }

    #[test]
    fn refuses_products_that_would_be_rounded_silently() {
        let err = convert("123456789012345.67", "USD", "HKD", "7.7912345678901234567", HalfUp);
        assert_eq!(err.unwrap_err().code(), "overflow");
    }
}
