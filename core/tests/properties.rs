//! Property tests for the money layer.

use crosspay_core::{allocate_amount, convert_at_rate, to_minor_units, ConvertOptions, RateSheet, RoundingMode};
use proptest::prelude::*;

const CURRENCIES: &[(&str, u32)] = &[("HKD", 2), ("CNY", 2), ("JPY", 0), ("KWD", 3), ("CLF", 4), ("VND", 0)];

fn mode() -> impl Strategy<Value = RoundingMode> {
    prop::sample::select(RoundingMode::ALL.to_vec())
}

fn currency() -> impl Strategy<Value = (&'static str, u32)> {
    prop::sample::select(CURRENCIES.to_vec())
}

/// A positive rate with up to 8 fraction digits, from 0.0001 to about 50000.
fn rate() -> impl Strategy<Value = String> {
    (1u64..5_000_000_000_000u64, 4u32..=8).prop_map(|(m, scale)| {
        let d = rust_decimal::Decimal::new(m as i64, scale);
        d.to_string()
    })
}

fn amount(units: i64, scale: u32) -> String {
    rust_decimal::Decimal::new(units, scale).to_string()
}

fn dec(text: &str) -> rust_decimal::Decimal {
    text.parse().unwrap()
}

fn options(mode: RoundingMode, markup_bps: u32, reverse: bool) -> ConvertOptions {
    ConvertOptions { markup_bps, reverse, ..ConvertOptions::new(mode) }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, failure_persistence: None, ..ProptestConfig::default() })]

    /// The reverse source covers the target, and one minor unit less does not.
    #[test]
    fn reverse_is_minimal_and_covers(
        (from, fs) in currency(), (to, ts) in currency(), rate in rate(), mode in mode(),
        markup in 0u32..300, wanted in -1_000_000_000i64..1_000_000_000,
    ) {
        let wanted = amount(wanted, ts);
        let r = convert_at_rate(&wanted, from, to, &rate, &options(mode, markup, true)).unwrap();
        let target = |source: &str| convert_at_rate(source, from, to, &rate, &options(mode, markup, false)).unwrap().target.amount;
        prop_assert!(dec(&target(&r.source.amount)) >= dec(&wanted), "does not cover");
        let less = (dec(&r.source.amount) - rust_decimal::Decimal::new(1, fs)).to_string();
        prop_assert!(dec(&target(&less)) < dec(&wanted), "not minimal: {less} {from} also covers");
        prop_assert_eq!(&r.target.amount, &target(&r.source.amount));
    }

    /// Converting forward and then asking for that target in reverse never charges more than
    /// the original source, and still covers the target.
    #[test]
    fn forward_then_reverse_never_undercharges(
        (from, fs) in currency(), (to, _ts) in currency(), rate in rate(), mode in mode(),
        markup in 0u32..300, source in -1_000_000_000i64..1_000_000_000,
    ) {
        let source = amount(source, fs);
        let fwd = convert_at_rate(&source, from, to, &rate, &options(mode, markup, false)).unwrap();
        let back = convert_at_rate(&fwd.target.amount, from, to, &rate, &options(mode, markup, true)).unwrap();
        prop_assert!(dec(&back.source.amount) <= dec(&source));
        prop_assert!(dec(&back.target.amount) >= dec(&fwd.target.amount));
    }

    /// Rounding moves the exact result by less than one minor unit, in the mode's direction.
    #[test]
    fn forward_rounds_once_within_a_unit(
        (from, fs) in currency(), (to, ts) in currency(), rate in rate(), mode in mode(),
        source in -1_000_000_000i64..1_000_000_000,
    ) {
        let c = convert_at_rate(&amount(source, fs), from, to, &rate, &options(mode, 0, false)).unwrap();
        let residue: rust_decimal::Decimal = c.residue.parse().unwrap();
        prop_assert!(residue.abs() < rust_decimal::Decimal::new(1, ts));
        match mode {
            RoundingMode::Floor => prop_assert!(residue <= rust_decimal::Decimal::ZERO),
            RoundingMode::Ceiling => prop_assert!(residue >= rust_decimal::Decimal::ZERO),
            RoundingMode::HalfUp | RoundingMode::HalfEven | RoundingMode::HalfDown =>
                prop_assert!(residue.abs() * rust_decimal::Decimal::TWO <= rust_decimal::Decimal::new(1, ts)),
            _ => {}
        }
    }

    /// Allocation never loses or creates a minor unit, and each part is within one unit of its
    /// exact share.
    #[test]
    fn allocation_sums_exactly(
        (cur, scale) in currency(), total in -1_000_000_000_000i64..1_000_000_000_000,
        ratios in prop::collection::vec(0u32..1000, 1..12),
    ) {
        prop_assume!(ratios.iter().any(|&r| r > 0));
        let text: Vec<String> = ratios.iter().map(u32::to_string).collect();
        let parts = allocate_amount(&amount(total, scale), cur, text).unwrap();
        let units: Vec<i64> = parts.iter().map(|p| to_minor_units(p, cur).unwrap()).collect();
        prop_assert_eq!(units.iter().sum::<i64>(), total);
        let weight: u64 = ratios.iter().map(|&r| u64::from(r)).sum();
        for (part, &r) in units.iter().zip(&ratios) {
            let exact = total as f64 * f64::from(r) / weight as f64; // a bound check only
            prop_assert!((*part as f64 - exact).abs() <= 1.0 + exact.abs() * 1e-12);
        }
    }

    /// No input, however malformed, makes the money layer panic.
    #[test]
    fn arbitrary_text_never_panics(a in ".{0,40}", b in ".{0,6}", c in ".{0,6}", r in ".{0,40}", inc in ".{0,8}") {
        let mut o = ConvertOptions::new(RoundingMode::HalfUp);
        o.cash_increment = Some(inc);
        let _ = convert_at_rate(&a, &b, &c, &r, &o);
        let _ = allocate_amount(&a, &b, vec![r.clone(), c.clone()]);
        let _ = RateSheet::from_unsigned_json(&a);
    }
}
