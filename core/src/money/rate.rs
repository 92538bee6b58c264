//! Rates: units of the target currency for one unit of the source currency, held exactly.

use super::ratio::{display, Ratio};
use super::CompactString;

/// Which price of a quote the customer deals at, from the customer's side of the quote's
/// **base** currency. `sell` (the customer sells the base) uses the bid; `buy` (the customer
/// buys the base) uses the ask. When omitted it is inferred per leg, always against the
/// customer: converting base→quote sells the base (bid), quote→base buys it (ask).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum Side {
    Buy,
    Sell,
}

impl std::str::FromStr for Side {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "buy" => Ok(Self::Buy),
            "sell" => Ok(Self::Sell),
            other => Err(format!("unknown side {other:?}: expected buy or sell")),
        }
    }
}

/// The price a leg used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum PriceKind {
    /// A rate given by the caller, not from a sheet.
    Given,
    Mid,
    Bid,
    Ask,
}

/// One step of the chain a rate was found through.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct RateLeg {
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub from: CompactString,
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub to: CompactString,
    /// Units of `to` for one `from` on this leg (exact, or rounded for display only).
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub rate: CompactString,
    /// The quote's price used.
    pub price: PriceKind,
    /// The quote is `to`/`from` and was inverted (only when the sheet allows it).
    pub inverted: bool,
    /// The quote's unit (100 in "100 JPY = 4.80 CNY").
    pub unit: u32,
}

/// Where a sheet rate came from and how long it holds.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Provenance {
    /// The sheet's source, e.g. `ECB`.
    pub source: String,
    /// RFC 3339.
    pub as_of: String,
    /// RFC 3339: the earliest expiry of the sheet and of every quote used.
    pub valid_until: String,
}

/// A found rate: the exact value, the chain it came through, and its provenance.
#[derive(Debug, Clone)]
pub(crate) struct Rate {
    /// The exact value; `None` for a given decimal rate, whose fraction is made only if needed.
    exact: Option<Ratio>,
    /// The value as a plain decimal when it is one (a given rate, a direct quote): the
    /// conversion then runs in 128-bit integers (`convert.rs`, `decimal_path`).
    pub decimal: Option<rust_decimal::Decimal>,
    /// How the rate is written in receipts (a given rate keeps the caller's digits).
    pub text: CompactString,
    pub chain: Vec<RateLeg>,
    pub provenance: Option<Provenance>,
}

impl Rate {
    pub fn exact(value: Ratio, chain: Vec<RateLeg>, provenance: Option<Provenance>) -> Self {
        Self { text: display(&value), decimal: super::ratio::as_decimal(&value), exact: Some(value), chain, provenance }
    }

    /// A rate given as a decimal, written in receipts as the caller wrote it.
    pub fn given(value: rust_decimal::Decimal, text: CompactString, chain: Vec<RateLeg>) -> Self {
        Self::decimal(value, text, chain, None)
    }

    /// A rate that is a plain decimal, written as `text`; its fraction is made only if needed.
    pub fn decimal(value: rust_decimal::Decimal, text: CompactString, chain: Vec<RateLeg>, provenance: Option<Provenance>) -> Self {
        Self { exact: None, decimal: Some(value), text, chain, provenance }
    }

    /// The exact value as a fraction.
    pub fn value(&self) -> Ratio {
        match (&self.exact, self.decimal) {
            (Some(exact), _) => exact.clone(),
            (None, Some(d)) => super::ratio::from_decimal(d),
            (None, None) => unreachable!("a rate is built with a value"),
        }
    }
}
