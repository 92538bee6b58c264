//! Rate sheets: quotes from one source with `as_of` and `valid_until`, and the rules for finding
//! a rate in them (direct, inverse only when allowed, cross through pivots).

use super::currency::Currency;
use super::decimal::parse_decimal;
use super::decimal_path::decimal_text;
use super::rate::{PriceKind, Provenance, Rate, RateLeg, Side};
use super::ratio::{display, from_decimal, from_int, Ratio, DISPLAY_SCALE};
use crate::error::CrosspayError;
use crate::time::Instant;
use rust_decimal::Decimal;
use serde::Deserialize;

/// The JSON form (`docs/money.md`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SheetJson {
    source: String,
    as_of: String,
    valid_until: String,
    #[serde(default)]
    allow_inverse: bool,
    #[serde(default)]
    pivots: Vec<String>,
    quotes: Vec<QuoteJson>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuoteJson {
    base: String,
    quote: String,
    mid: String,
    bid: Option<String>,
    ask: Option<String>,
    #[serde(default = "one")]
    unit: u32,
    valid_until: Option<String>,
}

fn one() -> u32 {
    1
}

/// One quote: `unit` of `base` = `price` of `quote`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Quote {
    base: Currency,
    quote: Currency,
    mid: Decimal,
    bid: Option<Decimal>,
    ask: Option<Decimal>,
    unit: u32,
    valid_until: Option<Instant>,
}

/// A validated rate sheet. Immutable; share it freely.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Object))]
pub struct RateSheet {
    source: String,
    as_of: Instant,
    valid_until: Instant,
    allow_inverse: bool,
    pivots: Vec<Currency>,
    quotes: Vec<Quote>,
    /// The key id that signed the sheet, when `verify_rate_sheet` checked it.
    signed_by: Option<String>,
    /// `as_of` and `valid_until` in RFC 3339, written once: every receipt's provenance has them.
    as_of_text: String,
    valid_until_text: String,
    found: FoundRates,
}

/// A rate worked out for a pair and side, with the expiries of the quotes it uses.
#[derive(Clone)]
struct Found {
    rate: Rate,
    /// Base, quote and `valid_until` of each used quote that has its own.
    expiries: Vec<(Currency, Currency, Instant)>,
}

/// Rates worked out before, by pair and side. What a rate is does not depend on the time (only
/// whether it may be used, which every call checks), so a sheet works each out once: for a
/// cross rate that is most of a conversion's cost (exact fractions and their texts). Not part
/// of the sheet's value: a clone starts empty and equality ignores it.
#[derive(Default)]
struct FoundRates(std::sync::Mutex<Vec<(Pair, Found)>>);

/// From, to and the side asked for.
type Pair = (Currency, Currency, Option<Side>);

impl FoundRates {
    /// At most this many pairs and sides are kept, the latest first (a sheet quoting every pair
    /// of 180 currencies could be asked for 97,000; a wallet asks for a few).
    const MOST: usize = 32;

    fn get(&self, key: &Pair) -> Option<Found> {
        self.0.lock().ok()?.iter().find(|(k, _)| k == key).map(|(_, found)| found.clone())
    }

    fn keep(&self, key: Pair, found: &Found) {
        if let Ok(mut kept) = self.0.lock() {
            kept.truncate(Self::MOST - 1);
            kept.insert(0, (key, found.clone()));
        }
    }
}

impl Clone for FoundRates {
    fn clone(&self) -> Self {
        Self::default()
    }
}

impl PartialEq for FoundRates {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Eq for FoundRates {}

impl std::fmt::Debug for FoundRates {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FoundRates")
    }
}

fn invalid(reason: impl Into<String>) -> CrosspayError {
    CrosspayError::InvalidRateSheet { reason: reason.into() }
}

fn sheet_currency(code: &str, at: &str) -> Result<Currency, CrosspayError> {
    Currency::from_code(code).map_err(|e| invalid(format!("{at}: {e}")))
}

fn sheet_time(text: &str, at: &str) -> Result<Instant, CrosspayError> {
    Instant::parse(text).map_err(|e| invalid(format!("{at}: {e}")))
}

fn sheet_price(text: &str, at: &str) -> Result<Decimal, CrosspayError> {
    let price = parse_decimal(text, false).map_err(|why| invalid(format!("{at} {text:?}: {}", why.reason())))?;
    if price.is_zero() {
        return Err(invalid(format!("{at}: a price must be positive")));
    }
    Ok(price)
}

/// A leg's rate: a plain decimal where it is one (a direct quote whose unit is a power of ten,
/// the common case: no fraction is made), else the exact fraction.
enum LegRate {
    Decimal(Decimal),
    Exact(Ratio),
}

/// `price / unit` as a plain decimal when `unit` is a power of ten and the result's digits are
/// within what receipts show exactly ([`DISPLAY_SCALE`]): the same value and text the exact
/// fraction gives.
fn decimal_per_unit(price: Decimal, unit: u32) -> Option<Decimal> {
    let shift = (0..=9u32).find(|&k| 10u32.checked_pow(k) == Some(unit))?;
    let scale = price.scale() + shift;
    (scale <= DISPLAY_SCALE).then(|| Decimal::try_from_i128_with_scale(price.mantissa(), scale).ok()).flatten()
}

impl RateSheet {
    pub fn source(&self) -> &str {
        &self.source
    }

    pub fn as_of(&self) -> Instant {
        self.as_of
    }

    pub fn valid_until(&self) -> Instant {
        self.valid_until
    }

    /// The key id (`kid`) of the issuer key whose signature `verify_rate_sheet` checked; `None`
    /// for a sheet read with `from_unsigned_json`.
    pub fn signed_by(&self) -> Option<&str> {
        self.signed_by.as_deref()
    }

    pub(crate) fn with_signer(mut self, kid: &str) -> Self {
        self.signed_by = Some(kid.to_string());
        self
    }

    /// Finds the rate from `from` to `to` at time `at`: direct; else inverse when the sheet
    /// allows it; else through the sheet's pivots in order. Nothing is rounded.
    pub(crate) fn find_rate(&self, from: Currency, to: Currency, side: Option<Side>, at: Instant) -> Result<Rate, CrosspayError> {
        self.check_time(|| "the rate sheet".into(), self.as_of, self.valid_until, at)?;
        if from == to {
            return Ok(Rate::exact(from_int(1), Vec::new(), Some(self.provenance(&[]))));
        }
        let found = match self.found.get(&(from, to, side)) {
            Some(found) => found,
            None => {
                let found = self.work_out(from, to, side)?;
                self.found.keep((from, to, side), &found);
                found
            }
        };
        for (base, quote, until) in &found.expiries {
            self.check_time(|| format!("the {base}/{quote} quote"), self.as_of, *until, at)?;
        }
        Ok(found.rate)
    }

    /// The rate `from`→`to` (two currencies the sheet may link) and the quotes it uses.
    fn work_out(&self, from: Currency, to: Currency, side: Option<Side>) -> Result<Found, CrosspayError> {
        let mut inverse_refused = false;
        let mut try_leg = |a: Currency, b: Currency| -> Option<(LegRate, RateLeg, &Quote)> {
            match self.leg(a, b, side) {
                Ok(found) => Some(found),
                Err(refused) => {
                    inverse_refused |= refused;
                    None
                }
            }
        };
        let chain = match try_leg(from, to) {
            Some(direct) => vec![direct],
            None => self
                .pivots
                .iter()
                .filter(|&&p| p != from && p != to)
                .find_map(|&p| Some(vec![try_leg(from, p)?, try_leg(p, to)?]))
                .unwrap_or_default(),
        };
        if chain.is_empty() {
            let (from, to, sheet) = (from.code().to_string(), to.code().to_string(), self.source.clone());
            return Err(if inverse_refused {
                CrosspayError::InverseNotAllowed { from, to, sheet }
            } else {
                CrosspayError::NoRate { from, to, sheet }
            });
        }
        let expiries = chain.iter().filter_map(|(_, _, q)| Some((q.base, q.quote, q.valid_until?))).collect();
        let quotes: Vec<&Quote> = chain.iter().map(|(_, _, q)| *q).collect();
        let provenance = Some(self.provenance(&quotes));
        let rate = if let [(LegRate::Decimal(value), leg, _)] = chain.as_slice() {
            // The receipt's rate is the leg's, written alike: no fraction needs making.
            Rate::decimal(*value, leg.rate.clone(), chain.into_iter().map(|(_, leg, _)| leg).collect(), provenance)
        } else {
            let value = chain.iter().fold(from_int(1), |acc, (r, _, _)| match r {
                LegRate::Decimal(d) => acc * from_decimal(*d),
                LegRate::Exact(r) => acc * r,
            });
            Rate::exact(value, chain.into_iter().map(|(_, leg, _)| leg).collect(), provenance)
        };
        Ok(Found { rate, expiries })
    }

    /// One leg `a`→`b`: `Err(true)` when only an inverse quote exists and inverting is refused.
    fn leg(&self, a: Currency, b: Currency, side: Option<Side>) -> Result<(LegRate, RateLeg, &Quote), bool> {
        let direct = self.quotes.iter().find(|q| q.base == a && q.quote == b);
        let inverse = self.quotes.iter().find(|q| q.base == b && q.quote == a);
        let (quote, inverted) = match (direct, inverse) {
            (Some(q), _) => (q, false),
            (None, Some(q)) if self.allow_inverse => (q, true),
            (None, Some(_)) => return Err(true),
            (None, None) => return Err(false),
        };
        // Converting base→quote sells the base; quote→base buys it. An explicit side overrides.
        let side = side.unwrap_or(if inverted { Side::Buy } else { Side::Sell });
        let (price, kind) = match (side, quote.bid, quote.ask) {
            (Side::Sell, Some(bid), _) => (bid, PriceKind::Bid),
            (Side::Buy, _, Some(ask)) => (ask, PriceKind::Ask),
            _ => (quote.mid, PriceKind::Mid),
        };
        let (rate, text) = match decimal_per_unit(price, quote.unit).filter(|_| !inverted) {
            Some(d) => (LegRate::Decimal(d), decimal_text(d.mantissa(), d.scale())),
            None => {
                let per_unit = from_decimal(price) / from_int(quote.unit);
                let rate = if inverted { per_unit.recip() } else { per_unit };
                let text = display(&rate);
                (LegRate::Exact(rate), text)
            }
        };
        let leg = RateLeg { from: a.text(), to: b.text(), rate: text, price: kind, inverted, unit: quote.unit };
        Ok((rate, leg, quote))
    }

    /// Refuses the sheet before its `as_of` or after its `valid_until`.
    pub fn check_valid_at(&self, at: Instant) -> Result<(), CrosspayError> {
        self.check_time(|| format!("the {} rate sheet", self.source), self.as_of, self.valid_until, at)
    }

    /// `what` names the sheet or quote in the error; it is written only for an error.
    fn check_time(&self, what: impl Fn() -> String, as_of: Instant, valid_until: Instant, at: Instant) -> Result<(), CrosspayError> {
        if at < as_of {
            return Err(CrosspayError::QuoteNotYetValid { what: what(), as_of: as_of.to_rfc3339(), at: at.to_rfc3339() });
        }
        if at > valid_until {
            return Err(CrosspayError::QuoteExpired { what: what(), valid_until: valid_until.to_rfc3339(), at: at.to_rfc3339() });
        }
        Ok(())
    }

    fn provenance(&self, used: &[&Quote]) -> Provenance {
        let until = used.iter().filter_map(|q| q.valid_until).fold(self.valid_until, Instant::min);
        let valid_until = if until == self.valid_until { self.valid_until_text.clone() } else { until.to_rfc3339() };
        Provenance { source: self.source.clone(), as_of: self.as_of_text.clone(), valid_until }
    }
}

#[cfg_attr(feature = "uniffi", uniffi::export)]
impl RateSheet {
    /// Parses and validates an **unsigned** sheet's JSON form: nobody vouches for its rates, so
    /// use it only for sheets your own process made or trusts by other means; a sheet from a
    /// server or a file is checked with [`crate::verify_rate_sheet`] instead. Every inconsistency
    /// is an `invalid_rate_sheet` error naming the field: unknown fields, bad currencies or
    /// times, non-positive prices, bid > mid > ask, a zero unit, a pair quoted twice,
    /// `valid_until` before `as_of`; over 1 MiB is `input_too_large`.
    #[cfg_attr(feature = "uniffi", uniffi::constructor)]
    pub fn from_unsigned_json(json: &str) -> Result<Self, CrosspayError> {
        crate::limits::check_size("a rate sheet", json.len(), crate::limits::MAX_DOCUMENT_BYTES)?;
        let raw: SheetJson = serde_json::from_str(json).map_err(|e| invalid(e.to_string()))?;
        if raw.source.trim().is_empty() {
            return Err(invalid("source: must name where the rates come from"));
        }
        let as_of = sheet_time(&raw.as_of, "as_of")?;
        let valid_until = sheet_time(&raw.valid_until, "valid_until")?;
        if valid_until < as_of {
            return Err(invalid("valid_until is before as_of"));
        }
        let mut pivots = Vec::new();
        let mut seen = std::collections::HashSet::new();
        for (i, p) in raw.pivots.iter().enumerate() {
            let c = sheet_currency(p, &format!("pivots[{i}]"))?;
            if !seen.insert(c) {
                return Err(invalid(format!("pivots[{i}]: {c} is listed twice")));
            }
            pivots.push(c);
        }
        let mut quotes: Vec<Quote> = Vec::with_capacity(raw.quotes.len());
        let mut pairs = std::collections::HashSet::with_capacity(raw.quotes.len());
        for (i, q) in raw.quotes.iter().enumerate() {
            let at = format!("quotes[{i}]");
            let base = sheet_currency(&q.base, &format!("{at}.base"))?;
            let quote = sheet_currency(&q.quote, &format!("{at}.quote"))?;
            if base == quote {
                return Err(invalid(format!("{at}: base and quote are both {base}")));
            }
            if !pairs.insert((base, quote)) {
                return Err(invalid(format!("{at}: {base}/{quote} is quoted twice")));
            }
            let mid = sheet_price(&q.mid, &format!("{at}.mid"))?;
            let bid = q.bid.as_deref().map(|b| sheet_price(b, &format!("{at}.bid"))).transpose()?;
            let ask = q.ask.as_deref().map(|a| sheet_price(a, &format!("{at}.ask"))).transpose()?;
            if bid.is_some_and(|b| b > mid) || ask.is_some_and(|a| a < mid) {
                return Err(invalid(format!("{at}: prices must satisfy bid <= mid <= ask")));
            }
            if q.unit == 0 {
                return Err(invalid(format!("{at}.unit: must be at least 1")));
            }
            let valid_until = q.valid_until.as_deref().map(|t| sheet_time(t, &format!("{at}.valid_until"))).transpose()?;
            quotes.push(Quote { base, quote, mid, bid, ask, unit: q.unit, valid_until });
        }
        Ok(Self {
            source: raw.source,
            as_of_text: as_of.to_rfc3339(),
            valid_until_text: valid_until.to_rfc3339(),
            as_of,
            valid_until,
            allow_inverse: raw.allow_inverse,
            pivots,
            quotes,
            signed_by: None,
            found: FoundRates::default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::ratio::as_decimal;

    /// A rate worked out once still has its quotes' expiries checked on every call, and a
    /// sheet's clone (which starts without the rates worked out) is equal and converts alike.
    #[test]
    fn rates_worked_out_once_are_still_checked_every_time() {
        let sheet = RateSheet::from_unsigned_json(
            r#"{"source":"T","as_of":"2026-11-20T00:00:00Z","valid_until":"2026-11-21T00:00:00Z","allow_inverse":true,"pivots":["EUR"],
            "quotes":[{"base":"EUR","quote":"HKD","mid":"9.0525"},{"base":"EUR","quote":"CNY","mid":"8.2520","valid_until":"2026-11-20T12:00:00Z"}]}"#,
        )
        .unwrap();
        let options = crate::ConvertOptions::new(crate::RoundingMode::HalfUp);
        let convert = |s: &RateSheet, at: &str| s.convert("100.00", "HKD", "CNY", at, &options);
        let first = convert(&sheet, "2026-11-20T06:00:00Z").unwrap();
        assert_eq!(first.chain.len(), 2);
        assert_eq!(first.provenance.as_ref().unwrap().valid_until, "2026-11-20T12:00:00Z");
        for _ in 0..3 {
            assert_eq!(convert(&sheet, "2026-11-20T06:00:00Z").unwrap(), first);
            assert_eq!(convert(&sheet, "2026-11-20T13:00:00Z").unwrap_err().code(), "quote_expired");
        }
        let copy = sheet.clone();
        assert_eq!(copy, sheet);
        assert_eq!(convert(&copy, "2026-11-20T13:00:00Z").unwrap_err().code(), "quote_expired");
        assert_eq!(convert(&copy, "2026-11-20T06:00:00Z").unwrap(), first);
        assert_eq!(sheet.convert("1.00", "HKD", "JPY", "2026-11-20T06:00:00Z", &options).unwrap_err().code(), "no_rate");
        assert_eq!(sheet.convert("1.00", "HKD", "JPY", "2026-11-20T06:00:00Z", &options).unwrap_err().code(), "no_rate");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1500))]
        /// A direct quote's rate taken as a plain decimal is the rate the exact fraction gives:
        /// the same value, decimal (mantissa and scale), texts, chain and provenance; inverse
        /// quotes and other units still go through the fraction.
        #[test]
        fn a_decimal_leg_is_the_exact_leg(
            mantissa in 1u64..1_000_000_000_000_000_000, scale in 0u32..26,
            unit in proptest::sample::select(vec![1u32, 10, 100, 1000, 3, 7, 250, 1_000_000_000]),
            side in proptest::sample::select(vec![None, Some(Side::Buy), Some(Side::Sell)]),
        ) {
            let price = Decimal::from_i128_with_scale(i128::from(mantissa), scale);
            let json = format!(
                r#"{{"source":"T","as_of":"2026-11-20T00:00:00Z","valid_until":"2026-11-21T00:00:00Z","allow_inverse":true,"quotes":[{{"base":"EUR","quote":"HKD","mid":"{price}","unit":{unit}}}]}}"#
            );
            let sheet = RateSheet::from_unsigned_json(&json).unwrap();
            let at = Instant::parse("2026-11-20T12:00:00Z").unwrap();
            let (eur, hkd) = (Currency::from_code("EUR").unwrap(), Currency::from_code("HKD").unwrap());
            for (from, to, inverted) in [(eur, hkd, false), (hkd, eur, true)] {
                let rate = sheet.find_rate(from, to, side, at).unwrap();
                let per_unit = from_decimal(price) / from_int(unit);
                let exact = if inverted { per_unit.recip() } else { per_unit };
                proptest::prop_assert!(rate.value() == exact);
                proptest::prop_assert_eq!(&rate.text, &display(&exact));
                proptest::prop_assert_eq!(&rate.chain[0].rate, &display(&exact));
                proptest::prop_assert_eq!(rate.decimal.map(|d| (d.mantissa(), d.scale())), as_decimal(&exact).map(|d| (d.mantissa(), d.scale())));
                let provenance = rate.provenance.clone().unwrap();
                proptest::prop_assert_eq!((provenance.as_of.as_str(), provenance.valid_until.as_str()), ("2026-11-20T00:00:00Z", "2026-11-21T00:00:00Z"));
            }
        }
    }
}
