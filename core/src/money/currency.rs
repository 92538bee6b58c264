//! Currencies: ISO 4217 through `iso_currency`, plus registered non-ISO codes with explicit
//! minor units (CNH, the offshore yuan traded in Hong Kong).

use super::CompactString;
use crate::error::CrosspayError;
use std::cell::Cell;

/// A non-ISO currency code in common use, with its minor units.
struct Registered {
    code: &'static str,
    minor_units: u32,
    name: &'static str,
}

/// Codes that are not in ISO 4217 but that wallets meet every day.
const REGISTERED: &[Registered] = &[Registered { code: "CNH", minor_units: 2, name: "Chinese yuan (offshore)" }];

thread_local! {
    /// Currencies found lately, by a hash of their code: ISO 4217's table is searched by a long
    /// chain of string comparisons, and a conversion looks up two codes.
    static RECENT: [Cell<Option<Currency>>; 16] = const { [const { Cell::new(None) }; 16] };
}

/// Where a three-letter code is kept in [`RECENT`].
fn recent_slot(code: &[u8]) -> usize {
    code.iter().fold(0usize, |h, &b| h * 7 + usize::from(b)) & 15
}

/// ISO 4217's currency with this alphabetic code. iso_currency's own `from_code` is one match of
/// some 180 string arms, 4.8 KB of every wasm module; its table searched in order is a loop over
/// `code()`, which reads a table (and [`RECENT`] keeps the codes a caller uses).
fn iso_by_code(code: &str) -> Option<iso_currency::Currency> {
    use iso_currency::IntoEnumIterator as _;
    iso_currency::Currency::iter().find(|c| c.code() == code)
}

/// ISO 4217's currency with this numeric code (a merchant code's 53), searched as
/// [`iso_by_code`] searches.
pub(crate) fn iso_by_numeric(numeric: u16) -> Option<iso_currency::Currency> {
    use iso_currency::IntoEnumIterator as _;
    iso_currency::Currency::iter().find(|c| c.numeric() == numeric)
}

/// A currency crosspay can hold amounts in: it always has a definite number of minor units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Currency {
    code: &'static str,
    minor_units: u32,
    iso: Option<iso_currency::Currency>,
}

impl Currency {
    /// Looks a code up: exactly three upper-case ASCII letters, ISO 4217 or registered.
    /// Codes without minor units (gold `XAU`, `XDR`, `XXX`) are refused: they are not money
    /// amounts crosspay can round.
    pub fn from_code(code: &str) -> Result<Self, CrosspayError> {
        let unknown = |reason: &str| CrosspayError::UnknownCurrency { code: code.to_string(), reason: reason.to_string() };
        if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(unknown("a currency code is three upper-case letters, e.g. HKD"));
        }
        let slot = recent_slot(code.as_bytes());
        if let Some(seen) = RECENT.with(|recent| recent[slot].get()).filter(|c| c.code == code) {
            return Ok(seen);
        }
        let found = match REGISTERED.iter().find(|r| r.code == code) {
            Some(r) => Self { code: r.code, minor_units: r.minor_units, iso: None },
            None => {
                let iso = iso_by_code(code).ok_or_else(|| unknown("not an ISO 4217 code nor a registered one"))?;
                let minor_units = iso.exponent().ok_or_else(|| unknown("this ISO 4217 code has no minor units (not a currency amount)"))?;
                Self { code: iso.code(), minor_units: u32::from(minor_units), iso: Some(iso) }
            }
        };
        RECENT.with(|recent| recent[slot].set(Some(found)));
        Ok(found)
    }

    /// The alphabetic code, e.g. `HKD`.
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The code as a receipt's text (inline, no allocation).
    pub(crate) fn text(&self) -> CompactString {
        CompactString::const_new(self.code)
    }

    /// Digits after the decimal point: JPY 0, HKD 2, KWD 3, CLF 4.
    pub fn minor_units(&self) -> u32 {
        self.minor_units
    }

    /// The ISO 4217 numeric code (`344` for HKD); `None` for registered non-ISO codes.
    pub fn numeric(&self) -> Option<u16> {
        self.iso.map(|c| c.numeric())
    }

    /// The English name.
    pub fn name(&self) -> String {
        match self.iso {
            Some(c) => c.name().to_string(),
            None => REGISTERED.iter().find(|r| r.code == self.code).map(|r| r.name.to_string()).unwrap_or_default(),
        }
    }

    /// The currency that replaced this one, if ISO 4217 marks it as superseded.
    pub fn superseded_by(&self) -> Option<&'static str> {
        self.iso.and_then(|c| c.is_superseded()).map(|c| c.code())
    }
}

impl std::fmt::Display for Currency {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code)
    }
}

/// What a currency is, as a plain record for every target.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct CurrencyInfo {
    /// Alphabetic code, e.g. `HKD`.
    pub code: String,
    /// ISO 4217 numeric code, absent for registered non-ISO codes such as CNH.
    pub numeric: Option<u16>,
    /// Digits after the decimal point.
    pub minor_units: u8,
    /// English name.
    pub name: String,
    /// The code that replaced this one, when ISO 4217 lists it as superseded.
    pub superseded_by: Option<String>,
}

/// Describes a currency code, or says why it is not one crosspay can use.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn currency_info(code: &str) -> Result<CurrencyInfo, CrosspayError> {
    let c = Currency::from_code(code)?;
    Ok(CurrencyInfo {
        code: c.code().to_string(),
        numeric: c.numeric(),
        // ISO 4217 minor units are 0..=4; registered codes are written here by hand.
        minor_units: c.minor_units() as u8,
        name: c.name(),
        superseded_by: c.superseded_by().map(str::to_string),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn searching_the_table_finds_what_iso_currency_s_matches_find() {
        let letters = (b'A'..=b'Z').map(char::from);
        for code in letters.clone().flat_map(|a| letters.clone().flat_map(move |b| (b'A'..=b'Z').map(move |c| format!("{a}{b}{}", char::from(c))))) {
            assert_eq!(iso_by_code(&code), iso_currency::Currency::from_code(&code), "{code}");
        }
        for code in ["", "hkd", "HK", "HKDX", "H\u{e9}D"] {
            assert_eq!(iso_by_code(code), None, "{code}");
        }
        for numeric in 0..=u16::MAX {
            assert_eq!(iso_by_numeric(numeric), iso_currency::Currency::from_numeric(numeric), "{numeric}");
        }
    }

    #[test]
    fn minor_units_follow_iso_4217() {
        for (code, units) in [("JPY", 0), ("HKD", 2), ("CNY", 2), ("KWD", 3), ("CLF", 4)] {
            assert_eq!(Currency::from_code(code).unwrap().minor_units(), units, "{code}");
        }
    }

    #[test]
    fn codes_kept_lately_are_the_codes_asked_for() {
        // Many codes share a slot of the recent table: each answer is still its own code's,
        // in any order and however often, and unknown codes stay unknown.
        let codes = ["JPY", "HKD", "CNY", "KWD", "CLF", "CNH", "USD", "EUR", "GBP", "THB", "SGD", "MYR", "IDR", "VND", "KHR", "BRL", "CHF"];
        for round in 0..3 {
            for code in codes.iter().cycle().skip(round * 5).take(codes.len() * 2) {
                let c = Currency::from_code(code).unwrap();
                assert_eq!((c.code(), c.minor_units()), (*code, Currency::from_code(code).unwrap().minor_units()));
                assert_eq!(c.name(), currency_info(code).unwrap().name);
                assert_eq!(Currency::from_code("ZZZ").unwrap_err().code(), "unknown_currency");
            }
        }
        assert_eq!(Currency::from_code("KWD").unwrap().minor_units(), 3);
        assert_eq!(Currency::from_code("JPY").unwrap().minor_units(), 0);
    }

    #[test]
    fn cnh_is_registered_with_two_minor_units() {
        let info = currency_info("CNH").unwrap();
        assert_eq!((info.minor_units, info.numeric), (2, None));
    }

    #[test]
    fn refuses_malformed_unknown_and_unitless_codes() {
        for code in ["", "hkd", "HK", "HKDD", "ZZZ", "XAU", "XXX", "H1D", "ＨＫＤ"] {
            let err = Currency::from_code(code).unwrap_err();
            assert_eq!(err.code(), "unknown_currency", "{code}");
        }
    }

    #[test]
    fn numeric_codes_are_reported() {
        assert_eq!(currency_info("HKD").unwrap().numeric, Some(344));
        assert_eq!(currency_info("BGN").unwrap().superseded_by.as_deref(), Some("EUR"));
    }
}
