//! Price lists in integer minor units: [`convert_many`](super::convert::convert_many) for
//! amounts held as cents, fen or yen (the way ledgers, card networks and most JS money code keep
//! them), with no decimal text in or out. Each amount gets exactly what a single conversion of
//! its text gives it: the same plan, the same 128-bit path, the same exact fallback.

use super::amount::Amount;
use super::convert::{given_rate, ConvertOptions};
use super::currency::Currency;
use super::plan::{list_receipt, Plan};
use super::rate::{Provenance, RateLeg};
use super::rounding::RoundingMode;
use super::sheet::RateSheet;
use crate::error::CrosspayError;
use crate::time::Instant;

/// The receipt of many conversions at one rate, in integer minor units: each amount's source
/// and target (and, for `reverse`, the target it had to cover), and what they share. JavaScript
/// gets the three lists as `BigInt64Array`s.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct MinorUnitConversions {
    pub source_currency: String,
    pub target_currency: String,
    /// What is paid for each amount, in minor units of the source currency, in order.
    #[serde(serialize_with = "i64_list")]
    #[cfg_attr(feature = "wasm", tsify(type = "BigInt64Array"))]
    pub sources: Vec<i64>,
    /// What each target receives, rounded once, in minor units of the target currency.
    #[serde(serialize_with = "i64_list")]
    #[cfg_attr(feature = "wasm", tsify(type = "BigInt64Array"))]
    pub targets: Vec<i64>,
    /// For `reverse`: the target amounts that had to be covered, in order.
    #[serde(default, skip_serializing_if = "Option::is_none", serialize_with = "optional_i64_list")]
    #[cfg_attr(feature = "wasm", tsify(optional, type = "BigInt64Array"))]
    pub requested: Option<Vec<i64>>,
    pub rate: String,
    pub effective_rate: String,
    pub markup_bps: u32,
    pub chain: Vec<RateLeg>,
    pub rounding: RoundingMode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cash_increment: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
}

/// The serde newtype name of a list of minor units: transparent to serde_json and every other
/// format, it lets the WebAssembly tape hand JavaScript a `BigInt64Array` (64-bit integers that a
/// `number` could not hold exactly), empty or not.
pub const I64_LIST: &str = "crosspay::I64List";

struct I64List<'a>(&'a [i64]);

impl serde::Serialize for I64List<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(I64_LIST, self.0)
    }
}

fn i64_list<S: serde::Serializer>(list: &[i64], serializer: S) -> Result<S::Ok, S::Error> {
    serde::Serialize::serialize(&I64List(list), serializer)
}

fn optional_i64_list<S: serde::Serializer>(list: &Option<Vec<i64>>, serializer: S) -> Result<S::Ok, S::Error> {
    match list {
        Some(list) => serializer.serialize_some(&I64List(list)),
        None => serializer.serialize_none(),
    }
}

/// Converts many amounts given in integer minor units of `from` (for `reverse`, target amounts
/// in minor units of `to`) at one rate: `[10962, 500]` CNY are 109.62 and 5.00. Each amount
/// gets exactly what [`convert_at_rate`](super::convert::convert_at_rate) gives its text; a
/// result that does not fit 64 bits is an `overflow` error naming the amount.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn convert_many_minor_units(
    units: Vec<i64>,
    from: &str,
    to: &str,
    rate: &str,
    options: &ConvertOptions,
) -> Result<MinorUnitConversions, CrosspayError> {
    convert_units_list(&units, from, to, rate, options)
}

/// [`convert_many_minor_units`] for a borrowed list (the WebAssembly façade reads a
/// `BigInt64Array` in place).
pub fn convert_units_list(
    units: &[i64],
    from: &str,
    to: &str,
    rate: &str,
    options: &ConvertOptions,
) -> Result<MinorUnitConversions, CrosspayError> {
    let (from, to, rate) = given_rate(from, to, rate)?;
    many_units(&Plan::new(from, to, &rate, options, true)?, units)
}

#[cfg_attr(feature = "uniffi", uniffi::export)]
impl RateSheet {
    /// Many amounts in integer minor units with one rate from this sheet at time `at`: see
    /// [`convert_many_minor_units`].
    pub fn convert_many_minor_units(
        &self,
        units: Vec<i64>,
        from: &str,
        to: &str,
        at: &str,
        options: &ConvertOptions,
    ) -> Result<MinorUnitConversions, CrosspayError> {
        self.convert_units_list(&units, from, to, at, options)
    }
}

impl RateSheet {
    /// [`RateSheet::convert_many_minor_units`] for a borrowed list.
    pub fn convert_units_list(
        &self,
        units: &[i64],
        from: &str,
        to: &str,
        at: &str,
        options: &ConvertOptions,
    ) -> Result<MinorUnitConversions, CrosspayError> {
        let (from, to) = (Currency::from_code(from)?, Currency::from_code(to)?);
        let rate = self.find_rate(from, to, options.side, Instant::parse(at)?)?;
        many_units(&Plan::new(from, to, &rate, options, true)?, units)
    }
}

/// Each amount by the plan's 128-bit path where it applies, otherwise by a single conversion's
/// own computation of it.
fn many_units(plan: &Plan<'_>, units: &[i64]) -> Result<MinorUnitConversions, CrosspayError> {
    let (from, to) = plan.currencies();
    let reverse = plan.reverse();
    let mut sources = Vec::with_capacity(units.len());
    let mut targets = Vec::with_capacity(units.len());
    let mut requested = Vec::with_capacity(if reverse { units.len() } else { 0 });
    let mut effective_rate = None;
    for &u in units {
        if let Some(target) = plan.fast_target_units(u) {
            sources.push(u);
            targets.push(target);
            continue;
        }
        let one = plan.compute_amount(Amount::from_minor_units(u, if reverse { to } else { from }))?;
        sources.push(one.source.to_minor_units()?);
        targets.push(one.target.to_minor_units()?);
        if let Some(r) = one.requested {
            requested.push(r.to_minor_units()?);
        }
        effective_rate = effective_rate.or(one.effective_rate);
    }
    let requested = reverse.then_some(requested);
    Ok(list_receipt!(MinorUnitConversions { plan.shared(effective_rate), sources, targets, requested }))
}

#[cfg(test)]
mod tests {
    use super::super::convert::tests::{any_options, any_rate, CODES};
    use super::super::convert::{convert_many, Conversions};
    use super::*;
    use crate::money::amount::{from_minor_units, to_minor_units};
    use crate::money::TextList;

    /// What `convert_many` gives the texts of `units`, in minor units.
    fn by_text(units: &[i64], from: &str, to: &str, rate: &str, options: &ConvertOptions) -> Result<MinorUnitConversions, CrosspayError> {
        let given = if options.reverse { to } else { from };
        let texts: Vec<String> = units.iter().map(|&u| from_minor_units(u, given)).collect::<Result<_, _>>()?;
        let c: Conversions = convert_many(texts, from, to, rate, options)?;
        let minor = |list: &TextList, currency: &str| list.iter().map(|t| to_minor_units(t, currency)).collect::<Result<Vec<_>, _>>();
        Ok(MinorUnitConversions {
            sources: minor(&c.sources, from)?,
            targets: minor(&c.targets, to)?,
            requested: c.requested.as_ref().map(|r| minor(r, to)).transpose()?,
            source_currency: c.source_currency,
            target_currency: c.target_currency,
            rate: c.rate,
            effective_rate: c.effective_rate,
            markup_bps: c.markup_bps,
            chain: c.chain,
            rounding: c.rounding,
            cash_increment: c.cash_increment,
            provenance: c.provenance,
        })
    }

    #[test]
    fn minor_units_are_the_texts_they_stand_for() {
        let units = [1, 999, 10_000, 123_456, -500, 0, i64::MAX / 10_000];
        let options = ConvertOptions::new(RoundingMode::HalfEven);
        let got = convert_many_minor_units(units.to_vec(), "CNY", "HKD", "1.0962", &options).unwrap();
        assert_eq!(got.targets[..6], [1, 1095, 10962, 135_332, -548, 0]);
        assert_eq!(got, by_text(&units, "CNY", "HKD", "1.0962", &options).unwrap());
        // A target beyond 64 bits is an overflow, never a wrapped number.
        let err = convert_many_minor_units(vec![1, i64::MAX], "JPY", "KWD", "1000", &options).unwrap_err();
        assert_eq!(err.code(), "overflow");
        // In JSON (the CLI's and the services' form) the lists are plain arrays of integers.
        let json = serde_json::to_value(&got).unwrap();
        assert_eq!(json["targets"][2], 10962);
        assert_eq!(serde_json::from_value::<MinorUnitConversions>(json).unwrap(), got);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]
        /// A list in minor units gets, amount by amount, what the list of its texts gets (or
        /// the same error): any units, every kind of rate and option, forward and reverse.
        #[test]
        fn minor_units_agree_with_texts(
            units in proptest::collection::vec(proptest::prop_oneof![
                proptest::prelude::any::<i64>(),
                -1_000_000i64..1_000_000,
            ], 1..10),
            from in 0usize..5, to in 0usize..5,
            rate in any_rate(),
            options in any_options(),
        ) {
            let rate = rate.to_string();
            let got = convert_many_minor_units(units.clone(), CODES[from], CODES[to], &rate, &options);
            let want = by_text(&units, CODES[from], CODES[to], &rate, &options);
            match (got, want) {
                (Ok(g), Ok(w)) => proptest::prop_assert_eq!(g, w),
                (Err(g), Err(w)) => proptest::prop_assert_eq!(g.code(), w.code()),
                (g, w) => proptest::prop_assert!(false, "{units:?} {rate} {options:?}: {g:?} vs {w:?}"),
            }
        }
    }
}
