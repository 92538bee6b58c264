//! Conversion: forward (a source amount into the target currency) and reverse (the smallest
//! source amount that covers a target amount), one exact multiplication, one rounding.

use super::amount::Money;
use super::currency::Currency;
use super::decimal::{parse_decimal, DecimalSyntax};
use super::plan::Plan;
use super::rate::{PriceKind, Provenance, Rate, RateLeg, Side};
use super::rounding::RoundingMode;
use super::sheet::RateSheet;
use super::text_list::TextList;
use super::CompactString;
use crate::error::CrosspayError;
use crate::time::Instant;

/// How to convert. Only `rounding` is required: crosspay never picks a rounding for you.
/// Unknown keys are refused (`invalid_options`): a misspelt `markupBps` must never mean "no markup".
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct ConvertOptions {
    pub rounding: RoundingMode,
    /// Markup in basis points, applied to the rate against the customer:
    /// effective rate = rate × (1 − bps/10000). Below 10000.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = 0))]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub markup_bps: u32,
    /// Which price of sheet quotes to use (see [`Side`]); inferred per leg when absent.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub side: Option<Side>,
    /// Round the target to a multiple of this instead of the minor unit (CHF `0.05`).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub cash_increment: Option<String>,
    /// The amount is the target to cover: find the smallest source amount whose forward
    /// conversion, with the same rate and rounding, is at least it.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = false))]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub reverse: bool,
}

impl ConvertOptions {
    pub fn new(rounding: RoundingMode) -> Self {
        Self { rounding, markup_bps: 0, side: None, cash_increment: None, reverse: false }
    }
}

/// The receipt of one conversion.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Conversion {
    /// What the customer pays, with the source currency's minor units.
    pub source: Money,
    /// What the target receives, rounded once (for `reverse`, the forward conversion of
    /// `source`, which is at least `requested`).
    pub target: Money,
    /// For `reverse`: the target amount that had to be covered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested: Option<Money>,
    /// The market rate, units of target per unit of source, before markup.
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub rate: CompactString,
    /// The rate after markup: the one the amounts were computed with.
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub effective_rate: CompactString,
    pub markup_bps: u32,
    /// `source × (rate − effective_rate)`, in the target currency, unrounded.
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub markup: CompactString,
    /// The legs the rate was found through (one for a given or direct rate, two for a cross).
    pub chain: Vec<RateLeg>,
    pub rounding: RoundingMode,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cash_increment: Option<String>,
    /// `source × effective_rate`, exactly (rounded for display only if it does not terminate).
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub unrounded: CompactString,
    /// `target − unrounded`: what rounding added (positive) or removed (negative).
    #[cfg_attr(feature = "wasm", tsify(type = "string"))]
    pub residue: CompactString,
    /// For sheet rates: the source, `as_of` and `valid_until` of the rate.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provenance: Option<Provenance>,
}

/// The receipt of many conversions at one rate (a price list, a basket): each amount's source
/// and target, computed exactly as [`convert_at_rate`] computes them one by one, and what they
/// share. Per-amount details (unrounded value, residue, markup) are in a single conversion's
/// [`Conversion`].
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Conversions {
    pub source_currency: String,
    pub target_currency: String,
    /// What is paid for each amount, in order, with the source currency's minor units.
    #[cfg_attr(feature = "wasm", tsify(type = "string[]"))]
    pub sources: TextList,
    /// What each target receives, rounded once (for `reverse`, the forward conversion of each
    /// source, at least its `requested` amount).
    #[cfg_attr(feature = "wasm", tsify(type = "string[]"))]
    pub targets: TextList,
    /// For `reverse`: the target amounts that had to be covered, in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "wasm", tsify(optional, type = "string[]"))]
    pub requested: Option<TextList>,
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

/// Converts `amount` of `from` into `to` at `rate` (one `from` = `rate` `to`), rounding the
/// exact product once to the minor units of `to` with `rounding`.
///
/// The amount may be negative (a refund); it may not have more fraction digits than `from`
/// allows. The rate must be a positive plain decimal.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn convert(amount: &str, from: &str, to: &str, rate: &str, rounding: RoundingMode) -> Result<Conversion, CrosspayError> {
    convert_at_rate(amount, from, to, rate, &ConvertOptions::new(rounding))
}

/// [`convert`] with every option: markup, cash increment, reverse.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn convert_at_rate(amount: &str, from: &str, to: &str, rate: &str, options: &ConvertOptions) -> Result<Conversion, CrosspayError> {
    let (from, to, rate) = given_rate(from, to, rate)?;
    run(amount, from, to, rate, options)
}

/// The currencies and a caller's rate, as one leg.
// Inline hints natively only: at the WebAssembly build's opt-level "z" the copies cost 9 KB.
#[cfg_attr(not(target_arch = "wasm32"), inline)]
pub(super) fn given_rate(from: &str, to: &str, rate: &str) -> Result<(Currency, Currency, Rate), CrosspayError> {
    let (from, to) = (Currency::from_code(from)?, Currency::from_code(to)?);
    let value = parse_rate(rate)?;
    // An accepted rate is its own text (decimal.rs's tests prove it): the caller's digits.
    let text = CompactString::new(rate);
    let leg = RateLeg { from: from.text(), to: to.text(), rate: text.clone(), price: PriceKind::Given, inverted: false, unit: 1 };
    Ok((from, to, Rate::given(value, text, vec![leg])))
}

/// Converts many amounts at one rate: the currencies, rate and options are read once. Each
/// amount gets exactly what [`convert_at_rate`] would give it; the first one that fails is the
/// error (its text is in the message).
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn convert_many(
    amounts: Vec<String>,
    from: &str,
    to: &str,
    rate: &str,
    options: &ConvertOptions,
) -> Result<Conversions, CrosspayError> {
    convert_list(&amounts, from, to, rate, options)
}

/// [`convert_many`] for borrowed texts (the WebAssembly façade splits one joined string).
pub fn convert_list<S: AsRef<str>>(
    amounts: &[S],
    from: &str,
    to: &str,
    rate: &str,
    options: &ConvertOptions,
) -> Result<Conversions, CrosspayError> {
    let (from, to, rate) = given_rate(from, to, rate)?;
    Plan::new(from, to, &rate, options, true)?.many(amounts)
}

#[cfg_attr(feature = "uniffi", uniffi::export)]
impl RateSheet {
    /// Converts with a rate found in this sheet at time `at` (RFC 3339).
    pub fn convert(&self, amount: &str, from: &str, to: &str, at: &str, options: &ConvertOptions) -> Result<Conversion, CrosspayError> {
        let (from, to) = (Currency::from_code(from)?, Currency::from_code(to)?);
        let at = Instant::parse(at)?;
        let rate = self.find_rate(from, to, options.side, at)?;
        run(amount, from, to, rate, options)
    }

    /// Converts many amounts with one rate from this sheet at time `at`: see [`convert_many`].
    pub fn convert_many(
        &self,
        amounts: Vec<String>,
        from: &str,
        to: &str,
        at: &str,
        options: &ConvertOptions,
    ) -> Result<Conversions, CrosspayError> {
        self.convert_list(&amounts, from, to, at, options)
    }
}

impl RateSheet {
    /// [`RateSheet::convert_many`] for borrowed texts.
    pub fn convert_list<S: AsRef<str>>(
        &self,
        amounts: &[S],
        from: &str,
        to: &str,
        at: &str,
        options: &ConvertOptions,
    ) -> Result<Conversions, CrosspayError> {
        let (from, to) = (Currency::from_code(from)?, Currency::from_code(to)?);
        let at = Instant::parse(at)?;
        let rate = self.find_rate(from, to, options.side, at)?;
        Plan::new(from, to, &rate, options, true)?.many(amounts)
    }
}

/// Parses a rate: a positive plain decimal.
pub(crate) fn parse_rate(input: &str) -> Result<rust_decimal::Decimal, CrosspayError> {
    let invalid = |reason: String| CrosspayError::InvalidRate { input: input.to_string(), reason };
    let rate = parse_decimal(input, false).map_err(|why| match why {
        DecimalSyntax::Sign => invalid("a rate must be positive".into()),
        other => invalid(other.reason()),
    })?;
    if rate.is_zero() {
        return Err(invalid("a rate must be positive".into()));
    }
    Ok(rate)
}

#[cfg_attr(not(target_arch = "wasm32"), inline)]
pub(super) fn run(amount: &str, from: Currency, to: Currency, rate: Rate, options: &ConvertOptions) -> Result<Conversion, CrosspayError> {
    run_with(amount, from, to, rate, options, true)
}

/// `decimal`: whether a plain decimal rate may take the 128-bit path (tests compare both).
#[cfg_attr(not(target_arch = "wasm32"), inline)]
fn run_with(
    amount: &str,
    from: Currency,
    to: Currency,
    rate: Rate,
    options: &ConvertOptions,
    decimal: bool,
) -> Result<Conversion, CrosspayError> {
    let one = Plan::new(from, to, &rate, options, decimal)?.compute(amount)?;
    Ok(Conversion {
        source: one.source.to_money(),
        target: one.target.to_money(),
        requested: one.requested.map(|r| r.to_money()),
        effective_rate: one.effective_rate.unwrap_or_else(|| rate.text.clone()),
        rate: rate.text,
        markup_bps: options.markup_bps,
        markup: one.markup,
        chain: rate.chain,
        rounding: options.rounding,
        cash_increment: options.cash_increment.clone(),
        unrounded: one.unrounded,
        residue: one.residue,
        provenance: rate.provenance,
    })
}

#[cfg(test)]
pub(super) mod tests {
    use super::super::amount::Amount;
    use super::super::bigint::BigInt;
    use super::super::decimal_path::DecimalPlan;
    use super::super::plan::Rounder;
    use super::super::ratio::Ratio;
    use super::*;
    use RoundingMode::*;

    fn opts(mode: RoundingMode) -> ConvertOptions {
        ConvertOptions::new(mode)
    }

    #[test]
    fn the_readme_example() {
        let c = convert("100.00", "CNY", "HKD", "1.0962", HalfUp).unwrap();
        assert_eq!(c.target, Money { amount: "109.62".into(), currency: "HKD".into() });
        assert_eq!((c.unrounded.as_str(), c.residue.as_str(), c.effective_rate.as_str()), ("109.62", "0", "1.0962"));
        assert_eq!(c.chain.len(), 1);
        assert_eq!(c.chain[0].price, PriceKind::Given);
    }

    #[test]
    fn products_beyond_28_digits_are_exact_not_rounded_silently() {
        // 123456789012345.67 × 7.7912345678901234567 has 36 significant digits.
        let c = convert("123456789012345.67", "USD", "HKD", "7.7912345678901234567", HalfUp).unwrap();
        assert_eq!(c.unrounded, "961880802193705.157645526596755677489");
        assert_eq!(c.target.amount, "961880802193705.16");
    }

    #[test]
    fn results_that_do_not_fit_are_overflow() {
        let err = convert("9999999999999999999999999999", "JPY", "KRW", "10", HalfUp).unwrap_err();
        assert_eq!(err.code(), "overflow");
    }

    #[test]
    fn the_issue_reverse_example_needs_109_61_not_109_62() {
        let o = ConvertOptions { reverse: true, ..opts(HalfUp) };
        let c = convert_at_rate("100.00", "HKD", "CNY", "0.9123", &o).unwrap();
        assert_eq!((c.source.amount.as_str(), c.target.amount.as_str()), ("109.61", "100.00"));
        assert_eq!(c.requested, Some(Money { amount: "100.00".into(), currency: "CNY".into() }));
    }

    #[test]
    fn markup_is_against_the_customer_in_both_directions() {
        let plain = convert_at_rate("100.00", "HKD", "CNY", "0.9123", &opts(HalfUp)).unwrap();
        let marked = convert_at_rate("100.00", "HKD", "CNY", "0.9123", &ConvertOptions { markup_bps: 100, ..opts(HalfUp) }).unwrap();
        assert!(marked.target.amount < plain.target.amount);
        assert_eq!(marked.markup, "0.9123");
        let rev = |bps| {
            let o = ConvertOptions { markup_bps: bps, reverse: true, ..opts(HalfUp) };
            convert_at_rate("100.00", "HKD", "CNY", "0.9123", &o).unwrap().source.amount
        };
        assert!(rev(100) > rev(0));
        let refused = ConvertOptions { markup_bps: 10_000, ..opts(HalfUp) };
        assert_eq!(convert_at_rate("1.00", "HKD", "CNY", "1", &refused).unwrap_err().code(), "invalid_markup");
    }

    #[test]
    fn plain_decimal_rates_take_the_128_bit_path() {
        let (cny, hkd, jpy) =
            (Currency::from_code("CNY").unwrap(), Currency::from_code("HKD").unwrap(), Currency::from_code("JPY").unwrap());
        let step = Rounder::new(hkd, HalfUp, None).unwrap().step_decimal;
        let plan = |rate: &str, bps, from| DecimalPlan::new(parse_rate(rate).unwrap(), bps, step, HalfUp, from, hkd);
        let source = Amount::parse("100.00", cny).unwrap();
        let fast = plan("1.0962", 30, cny).unwrap().receipt(&source).expect("a plain decimal conversion fits 128 bits");
        assert_eq!((fast.target.to_text().as_str(), fast.markup.as_str()), ("109.29", "0.32886"));
        // 47 significant digits do not fit: the exact path decides.
        let big = Amount::parse("9999999999999999999999999999", jpy).unwrap();
        assert!(plan("7.7912345678901234567", 0, jpy).unwrap().receipt(&big).is_none());
        // A cross rate (8.2520 / 9.0525, a fraction that never terminates) takes it too.
        let cross = Rate::exact(Ratio::new(BigInt::from(82_520u32 * 10_000), BigInt::from(90_525u32 * 10_000)), Vec::new(), None);
        let options = opts(HalfUp);
        let planned = Plan::new(hkd, cny, &cross, &options, true).unwrap();
        let fast =
            planned.decimal.as_ref().and_then(|p| p.receipt(&Amount::parse("100.00", hkd).unwrap())).expect("a cross rate fits 128 bits");
        assert_eq!((fast.target.to_text().as_str(), fast.residue.as_str()), ("91.16", "0.002861088097210715272024"));
        let exact = run_with("100.00", hkd, cny, cross.clone(), &options, false).unwrap();
        assert_eq!((exact.unrounded.as_str(), exact.residue.as_str()), (fast.unrounded.as_str(), "0.002861088097210715272024"));
        // Reverse: the smallest source covering the target, found in 128 bits (the issue's
        // example: 100.00 CNY at 0.9123 needs 109.61 HKD, not 109.62).
        let given = Rate::given(parse_rate("0.9123").unwrap(), "0.9123".into(), Vec::new());
        let reverse = ConvertOptions { reverse: true, ..opts(HalfUp) };
        let planned = Plan::new(hkd, cny, &given, &reverse, true).unwrap();
        let source = planned.decimal.as_ref().and_then(|p| p.reverse(&Amount::parse("100.00", cny).unwrap()));
        assert_eq!(source.map(|s| s.to_text()).as_deref(), Some("109.61"));
        // A price list's amount: its source and target texts only.
        let (mut sources, mut targets) = (TextList::new(), TextList::new());
        assert!(plan("1.0962", 0, cny).unwrap().price("-0.5", &mut sources, &mut targets));
        assert_eq!((sources, targets), (TextList::from(vec!["-0.50".into()]), TextList::from(vec!["-0.55".into()])));
    }

    /// One random conversion for the property tests below: an amount (of the target currency
    /// for a reverse one) and options, among currencies of 0 to 4 minor units.
    #[allow(clippy::too_many_arguments)]
    fn random_case(
        units: i64,
        small: i64,
        use_small: bool,
        (from, to): (usize, usize),
        bps: u32,
        increment: usize,
        mode: usize,
        reverse: bool,
    ) -> (String, Currency, Currency, ConvertOptions) {
        let (from, to) = (Currency::from_code(CODES[from]).unwrap(), Currency::from_code(CODES[to]).unwrap());
        let amount = Amount::from_minor_units(if use_small { small } else { units }, if reverse { to } else { from }).to_text();
        (amount, from, to, random_options(bps, increment, mode, reverse))
    }

    /// Currencies of 0 to 4 minor units, for the property tests.
    pub(in crate::money) const CODES: [&str; 5] = ["JPY", "HKD", "KWD", "CLF", "CNY"];

    /// Random options for the property tests: a markup, a cash increment, a rounding, reverse.
    pub(in crate::money) fn random_options(bps: u32, increment: usize, mode: usize, reverse: bool) -> ConvertOptions {
        let cash_increment = [None, Some("0.05"), Some("10"), Some("0.5"), Some("1")][increment].map(String::from);
        ConvertOptions { markup_bps: bps, cash_increment, reverse, ..ConvertOptions::new(RoundingMode::ALL[mode]) }
    }

    /// A rate for the property tests: a positive decimal of up to 16 fraction digits, any 64-bit
    /// mantissa or, half the time, a short one.
    pub(in crate::money) fn any_rate() -> impl proptest::strategy::Strategy<Value = rust_decimal::Decimal> {
        use proptest::strategy::Strategy as _;
        (1u64..u64::MAX, 0u32..16, proptest::prelude::any::<bool>()).prop_map(|(units, scale, short)| {
            let units = if short { units % 100_000 + 1 } else { units };
            rust_decimal::Decimal::from_i128_with_scale(units.into(), scale)
        })
    }

    /// Options for the property tests ([`random_options`]), forward and reverse.
    pub(in crate::money) fn any_options() -> impl proptest::strategy::Strategy<Value = ConvertOptions> {
        use proptest::strategy::Strategy as _;
        let bps = proptest::prop_oneof![proptest::strategy::Just(0u32), 0u32..10_000];
        (bps, 0usize..5, 0usize..7, proptest::prelude::any::<bool>())
            .prop_map(|(bps, increment, mode, reverse)| random_options(bps, increment, mode, reverse))
    }

    /// The 128-bit path and the big-integer path give the same receipt, or errors of one code.
    fn both_paths_agree(
        (amount, from, to, options): &(String, Currency, Currency, ConvertOptions),
        make: impl Fn() -> Rate,
    ) -> Result<(), proptest::test_runner::TestCaseError> {
        match (run_with(amount, *from, *to, make(), options, true), run_with(amount, *from, *to, make(), options, false)) {
            (Ok(f), Ok(e)) => proptest::prop_assert_eq!(f, e),
            (Err(f), Err(e)) => proptest::prop_assert_eq!(f.code(), e.code()),
            (f, e) => proptest::prop_assert!(false, "{amount} {options:?}: {f:?} vs {e:?}"),
        }
        Ok(())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// The 128-bit path gives the exact path's receipt, byte for byte, or the same error.
        #[test]
        fn the_decimal_path_agrees_with_exact_fractions(
            units in proptest::prelude::any::<i64>(),
            small in -100_000i64..100_000,
            use_small in proptest::prelude::any::<bool>(),
            from in 0usize..5, to in 0usize..5,
            value in any_rate(),
            bps in proptest::prop_oneof![proptest::strategy::Just(0u32), 0u32..10_000],
            increment in 0usize..5,
            mode in 0usize..7,
            reverse in proptest::prelude::any::<bool>(),
        ) {
            let case = random_case(units, small, use_small, (from, to), bps, increment, mode, reverse);
            both_paths_agree(&case, || Rate::given(value, compact_str::ToCompactString::to_compact_string(&value), Vec::new()))?;
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// At an exact rate (an inverse or a cross rate: any fraction), the 128-bit path gives the
        /// big-integer path's receipt, byte for byte, or the same error.
        #[test]
        fn the_fraction_path_agrees_with_big_integers(
            units in proptest::prelude::any::<i64>(),
            small in -100_000i64..100_000,
            use_small in proptest::prelude::any::<bool>(),
            from in 0usize..5, to in 0usize..5,
            numer in 1u64..u64::MAX, denom in 1u64..u64::MAX, short in 0u32..3,
            bps in proptest::prop_oneof![proptest::strategy::Just(0u32), 0u32..10_000],
            increment in 0usize..5,
            mode in 0usize..7,
            reverse in proptest::prelude::any::<bool>(),
        ) {
            let case = random_case(units, small, use_small, (from, to), bps, increment, mode, reverse);
            // Quote-like fractions (8.2520 / 9.0525 scaled), and wide ones.
            let (numer, denom) = match short { 0 => (numer % 100_000 + 1, denom % 100_000 + 1), 1 => (numer % 1_000_000_000 + 1, denom % 1_000 + 1), _ => (numer, denom) };
            let value = Ratio::new(BigInt::from(numer) * BigInt::from(10_000u32), BigInt::from(denom) * BigInt::from(10_000u32));
            both_paths_agree(&case, || Rate::exact(value.clone(), Vec::new(), None))?;
        }
    }

    #[test]
    fn cash_increments_must_fit_the_currency() {
        let inc = |i: &str| ConvertOptions { cash_increment: Some(i.into()), ..opts(HalfUp) };
        assert_eq!(convert_at_rate("10.00", "EUR", "CHF", "0.9365", &inc("0.05")).unwrap().target.amount, "9.35");
        assert_eq!(convert_at_rate("10.00", "EUR", "CHF", "0.9365", &inc("0.050")).unwrap().target.amount, "9.35");
        for bad in ["0.001", "0", "-0.05", "x"] {
            let err = convert_at_rate("10.00", "EUR", "CHF", "0.9365", &inc(bad)).unwrap_err();
            assert_eq!(err.code(), "invalid_cash_increment", "{bad}");
        }
        // Whole multiples of larger steps are fine: 19234.5 JPY to the nearest 10 yen.
        assert_eq!(convert_at_rate("1000", "HKD", "JPY", "19.2345", &inc("10")).unwrap().target.amount, "19230");
    }
}
