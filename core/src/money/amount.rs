//! `Amount`: an exact decimal in a currency, always held at the currency's minor units.

use super::currency::Currency;
use super::decimal::{fixed_text, parse_decimal};
use super::rounding::RoundingMode;
use super::CompactString;
use crate::error::CrosspayError;
use rust_decimal::Decimal;

/// An amount of money: an exact decimal with exactly its currency's minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Amount {
    value: Decimal,
    currency: Currency,
}

/// An amount as it crosses every boundary: a decimal string with exactly the currency's minor
/// units (`"109.62"` HKD, `"110"` JPY, `"1.234"` KWD) and the currency code.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Money {
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub amount: CompactString,
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub currency: CompactString,
}

impl Amount {
    /// Parses strictly: a plain decimal with no more fraction digits than the currency has.
    pub fn parse(text: &str, currency: Currency) -> Result<Self, CrosspayError> {
        let value = parse_amount_text(text)?;
        if value.scale() > currency.minor_units() {
            return Err(CrosspayError::PrecisionExceeded {
                input: text.to_string(),
                currency: currency.code().to_string(),
                digits: value.scale(),
                allowed: currency.minor_units(),
            });
        }
        Self::held_at_minor_units(value, currency, text)
    }

    /// Parses a plain decimal and rounds any extra fraction digits with `rounding`.
    pub fn parse_rounded(text: &str, currency: Currency, rounding: RoundingMode) -> Result<Self, CrosspayError> {
        let value = parse_amount_text(text)?;
        let rounded = super::ratio::round_decimal(value, currency.minor_units(), rounding)
            .ok_or_else(|| CrosspayError::overflow(format!("{text} rounded to {} fraction digits", currency.minor_units())))?;
        Self::held_at_minor_units(rounded, currency, text)
    }

    /// Near rust_decimal's limit (29 digits) a value may not be writable with the currency's
    /// minor units ("7922816251426433759354395033.5" HKD): that is an overflow, not a silent
    /// change of scale.
    fn held_at_minor_units(value: Decimal, currency: Currency, text: &str) -> Result<Self, CrosspayError> {
        let amount = Self::new_exact(value, currency);
        if amount.value.scale() != currency.minor_units() {
            return Err(CrosspayError::overflow(format!(
                "{text} {currency} cannot be held with {} fraction digits",
                currency.minor_units()
            )));
        }
        Ok(amount)
    }

    /// `value` must have at most the currency's minor units (callers ensure it).
    pub(crate) fn new_exact(mut value: Decimal, currency: Currency) -> Self {
        value.rescale(currency.minor_units());
        if value.is_zero() {
            value.set_sign_positive(true);
        }
        Self { value, currency }
    }

    /// Zero in `currency`.
    pub fn zero(currency: Currency) -> Self {
        Self::new_exact(Decimal::ZERO, currency)
    }

    /// An amount from integer minor units (cents, fen, fils): `10962` HKD is 109.62.
    pub fn from_minor_units(units: i64, currency: Currency) -> Self {
        Self::new_exact(Decimal::new(units, currency.minor_units()), currency)
    }

    /// The amount in integer minor units; `overflow` beyond i64.
    pub fn to_minor_units(&self) -> Result<i64, CrosspayError> {
        i64::try_from(self.value.mantissa())
            .map_err(|_| CrosspayError::overflow(format!("{self} in minor units does not fit a 64-bit integer")))
    }

    pub fn value(&self) -> Decimal {
        self.value
    }

    pub fn currency(&self) -> Currency {
        self.currency
    }

    pub fn is_negative(&self) -> bool {
        self.value.is_sign_negative() && !self.value.is_zero()
    }

    /// `self + other`; `currency_mismatch` or `overflow`, never a panic.
    pub fn checked_add(&self, other: &Self) -> Result<Self, CrosspayError> {
        self.same_currency(other)?;
        let sum = self.value.checked_add(other.value).ok_or_else(|| CrosspayError::overflow(format!("{self} + {other}")))?;
        Ok(Self::new_exact(sum, self.currency))
    }

    /// `self − other`; `currency_mismatch` or `overflow`, never a panic.
    pub fn checked_sub(&self, other: &Self) -> Result<Self, CrosspayError> {
        self.same_currency(other)?;
        let diff = self.value.checked_sub(other.value).ok_or_else(|| CrosspayError::overflow(format!("{self} − {other}")))?;
        Ok(Self::new_exact(diff, self.currency))
    }

    /// `−self`.
    pub fn negated(&self) -> Self {
        Self::new_exact(-self.value, self.currency)
    }

    fn same_currency(&self, other: &Self) -> Result<(), CrosspayError> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(CrosspayError::CurrencyMismatch { left: self.currency.code().to_string(), right: other.currency.code().to_string() })
        }
    }

    /// The amount text, with exactly the currency's minor units.
    pub fn to_text(&self) -> String {
        self.text().into_string()
    }

    /// [`Amount::to_text`] held inline (no allocation up to 24 bytes).
    pub(crate) fn text(&self) -> CompactString {
        // Held at exactly the currency's minor units, never negative zero (`new_exact`).
        fixed_text(self.value.mantissa(), self.value.scale())
    }

    /// The boundary form.
    pub fn to_money(&self) -> Money {
        Money { amount: self.text(), currency: self.currency.text() }
    }
}

/// Amount text to an exact decimal (any number of fraction digits), or `invalid_amount`.
fn parse_amount_text(text: &str) -> Result<Decimal, CrosspayError> {
    parse_decimal(text, true).map_err(|why| CrosspayError::InvalidAmount { input: text.to_string(), reason: why.reason() })
}

impl std::fmt::Display for Amount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.to_text(), self.currency)
    }
}

/// Parses an amount and writes it with exactly the currency's minor units. Without `rounding`,
/// extra fraction digits are a `precision_exceeded` error; with it, they are rounded.
#[cfg_attr(feature = "uniffi", uniffi::export(default(rounding = None)))]
pub fn normalize_amount(amount: &str, currency: &str, rounding: Option<RoundingMode>) -> Result<String, CrosspayError> {
    let currency = Currency::from_code(currency)?;
    let parsed = match rounding {
        Some(mode) => Amount::parse_rounded(amount, currency, mode)?,
        None => Amount::parse(amount, currency)?,
    };
    Ok(parsed.to_text())
}

/// An amount in integer minor units: `("109.62", "HKD")` → `10962`.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn to_minor_units(amount: &str, currency: &str) -> Result<i64, CrosspayError> {
    Amount::parse(amount, Currency::from_code(currency)?)?.to_minor_units()
}

/// Integer minor units as an amount: `(10962, "HKD")` → `"109.62"`, `(5, "KWD")` → `"0.005"`.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn from_minor_units(units: i64, currency: &str) -> Result<String, CrosspayError> {
    Ok(Amount::from_minor_units(units, Currency::from_code(currency)?).to_text())
}

/// Unsigned minor units as text in `currency` (limits and amounts of payment codes).
pub(crate) fn unsigned_units_text(currency: Currency, minor: u64) -> String {
    i64::try_from(minor).map(|m| Amount::from_minor_units(m, currency).to_text()).unwrap_or_else(|_| format!("{minor} minor units"))
}

/// The currency and minor units of a non-negative amount (limits and amounts of payment codes).
pub(crate) fn unsigned_minor_units(amount: &str, currency: &str) -> Result<(Currency, u64), CrosspayError> {
    let currency = Currency::from_code(currency)?;
    let units = Amount::parse(amount, currency)?.to_minor_units()?;
    let units =
        u64::try_from(units).map_err(|_| CrosspayError::InvalidAmount { input: amount.into(), reason: "must not be negative".into() })?;
    Ok((currency, units))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cur(code: &str) -> Currency {
        Currency::from_code(code).unwrap()
    }

    #[test]
    fn minor_units_round_trip() {
        assert_eq!(to_minor_units("109.62", "HKD").unwrap(), 10962);
        assert_eq!(to_minor_units("-0.005", "KWD").unwrap(), -5);
        assert_eq!(to_minor_units("1500", "JPY").unwrap(), 1500);
        assert_eq!(from_minor_units(10962, "HKD").unwrap(), "109.62");
        assert_eq!(from_minor_units(5, "CLF").unwrap(), "0.0005");
        assert_eq!(from_minor_units(i64::MIN, "JPY").unwrap(), i64::MIN.to_string());
        let big = "9999999999999999999999999999";
        assert_eq!(to_minor_units(big, "JPY").unwrap_err().code(), "overflow");
    }

    #[test]
    fn strict_unless_a_rounding_is_given() {
        assert_eq!(normalize_amount("1.005", "HKD", None).unwrap_err().code(), "precision_exceeded");
        assert_eq!(normalize_amount("1.005", "HKD", Some(RoundingMode::HalfEven)).unwrap(), "1.00");
        assert_eq!(normalize_amount("1.5", "HKD", None).unwrap(), "1.50");
        assert_eq!(normalize_amount("1e3", "HKD", Some(RoundingMode::HalfUp)).unwrap_err().code(), "invalid_amount");
    }

    #[test]
    fn checked_arithmetic_is_typed() {
        let a = Amount::parse("10.00", cur("HKD")).unwrap();
        let b = Amount::parse("0.01", cur("HKD")).unwrap();
        assert_eq!(a.checked_add(&b).unwrap().to_text(), "10.01");
        assert_eq!(b.checked_sub(&a).unwrap().to_text(), "-9.99");
        let c = Amount::parse("1.00", cur("CNY")).unwrap();
        assert_eq!(a.checked_add(&c).unwrap_err().code(), "currency_mismatch");
        let max = Amount::parse("79228162514264337593543950335", cur("JPY")).unwrap();
        assert_eq!(max.checked_add(&Amount::parse("1", cur("JPY")).unwrap()).unwrap_err().code(), "overflow");
        let near_limit = Amount::parse("7922816251426433759354395033.5", cur("HKD"));
        assert_eq!(near_limit.unwrap_err().code(), "overflow");
    }
}
