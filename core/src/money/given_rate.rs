//! [`GivenRatePlan`]: what [`convert`](super::convert::convert) works out once for one rate given
//! as text, and the four texts of a receipt that depend on its amount; likewise for a price list
//! at that rate ([`convert_many`](super::convert::convert_many)), each amount's target. The
//! WebAssembly façade builds JavaScript receipts from the plan's templates and those texts.

use super::convert::{given_rate, run, Conversion, Conversions, ConvertOptions};
use super::currency::Currency;
use super::decimal::{parse_units, write_fixed};
use super::decimal_path::DecimalPlan;
use super::plan::Plan;
use super::rate::Rate;
use super::rounding::RoundingMode;
use super::sheet::RateSheet;
use super::text_list::TextList;
use super::CompactString;
use crate::time::Instant;

/// What [`convert`](super::convert::convert) works out once for one rate given as text (the currencies, the rate, the
/// rounding step), for a caller that converts amount after amount at it: each amount's receipt
/// is then [`Self::template`]'s, the same for every amount, with the four texts that depend on
/// the amount ([`Self::texts`]) in their places. The WebAssembly façade's `convert` builds the
/// JavaScript receipt that way. Only where the 128-bit path takes the rate; the texts are the
/// ones [`convert`](super::convert::convert) writes, by the same code (tests compare them amount by amount).
pub struct GivenRatePlan {
    from: Currency,
    to: Currency,
    rate: Rate,
    /// A rounding, and for a rate sheet's price list the side of its quotes (which picked `rate`).
    options: ConvertOptions,
    plan: DecimalPlan,
}

/// The lists of a price list's receipt that depend on its amounts, in the order
/// [`GivenRatePlan::list_template`] takes their slots: `sources`, `targets`.
pub const LIST_TEXTS: usize = 2;

/// The texts of a receipt that depend on its amount, in the order [`GivenRatePlan::texts`] gives
/// them: `source.amount`, `target.amount`, `unrounded`, `residue`.
pub const AMOUNT_TEXTS: usize = 4;

impl GivenRatePlan {
    /// `None` for anything [`convert`](super::convert::convert) refuses and at a rate the 128-bit path does not take:
    /// [`convert`](super::convert::convert) then decides, and names any error.
    pub fn new(from: &str, to: &str, rate: &str, rounding: RoundingMode) -> Option<Self> {
        let (from, to, rate) = given_rate(from, to, rate).ok()?;
        Self::with_rate(from, to, rate, ConvertOptions::new(rounding))
    }

    /// The plan at a rate found or given: `None` where the 128-bit path does not take it.
    fn with_rate(from: Currency, to: Currency, rate: Rate, options: ConvertOptions) -> Option<Self> {
        let plan = Plan::new(from, to, &rate, &options, true).ok()?.decimal?;
        Some(Self { from, to, rate, options, plan })
    }

    /// [`Self::new`] for a price list's options: `None` unless they are a rounding alone (any
    /// other option, such as a markup or `reverse`, is the full path's).
    pub fn for_list(from: &str, to: &str, rate: &str, options: &ConvertOptions) -> Option<Self> {
        (*options == ConvertOptions::new(options.rounding)).then(|| Self::new(from, to, rate, options.rounding))?
    }

    /// One amount of a price list at this rate: its target text's ASCII bytes, exactly as
    /// [`convert_many`](super::convert::convert_many) writes the text (by the same code), handed
    /// to `done`; `None`, with `done` not called, unless that receipt's source for it is `amount`
    /// as written (the usual "123.45" at two minor units) and the 128-bit path takes it: the
    /// caller's full path then decides, and names any error. `amount` is the text's bytes (any
    /// bytes: what is not a plain ASCII amount is declined).
    #[inline(always)]
    pub fn list_target<R>(&self, amount: &[u8], done: impl FnOnce(&[u8]) -> R) -> Option<R> {
        self.plan.priced(amount, |source, target| source.is_none().then(|| done(target)))?
    }

    /// [`convert_many`](super::convert::convert_many)'s receipt at this rate with its two lists
    /// ([`LIST_TEXTS`]'s order) each the one text of its slot: what the receipt of every list
    /// whose amounts [`Self::list_target`] all takes shares. `None` where the full path would
    /// refuse even an empty list.
    pub fn list_template(&self, slots: [&str; LIST_TEXTS]) -> Option<Conversions> {
        let mut receipt = Plan::new(self.from, self.to, &self.rate, &self.options, true).ok()?.many::<&str>(&[]).ok()?;
        [receipt.sources, receipt.targets] = slots.map(|slot| TextList::from_iter([slot]));
        Some(receipt)
    }

    /// The texts of `amount`'s receipt that depend on it ([`AMOUNT_TEXTS`]'s order), exactly as
    /// [`convert`](super::convert::convert) writes them, handed to `done`; `None`, with `done` not called, where
    /// [`convert`](super::convert::convert) must decide (any error included). The amount is read as a price list reads
    /// it (up to 18 digits; a longer one is declined) and its arithmetic is the receipt's.
    #[cfg_attr(crosspay_speed, optimize(speed))]
    pub fn texts<R>(&self, amount: &str, done: impl FnOnce([&str; AMOUNT_TEXTS]) -> R) -> Option<R> {
        let scale = self.plan.source_scale();
        let (ma, written_fixed) = parse_units(amount.as_bytes(), scale)?;
        let (units, unrounded, residue) = self.plan.amounts(ma)?;
        Some(write_fixed(units, self.to.minor_units(), |target| match written_fixed {
            true => done([amount, target, &unrounded, &residue]),
            false => write_fixed(ma, scale, |source| done([source, target, &unrounded, &residue])),
        }))
    }

    /// [`convert`](super::convert::convert)'s receipt for `amount` with the texts that depend on the amount replaced by
    /// `slots` ([`AMOUNT_TEXTS`]'s order): what every amount's receipt at this rate shares.
    /// `None` where [`Self::texts`] declines `amount`.
    pub fn template(&self, amount: &str, slots: [&str; AMOUNT_TEXTS]) -> Option<Conversion> {
        self.texts(amount, |_| ())?;
        let mut receipt = run(amount, self.from, self.to, self.rate.clone(), &self.options).ok()?;
        let [source, target, unrounded, residue] = slots.map(CompactString::new);
        (receipt.source.amount, receipt.target.amount, receipt.unrounded, receipt.residue) = (source, target, unrounded, residue);
        Some(receipt)
    }
}

impl RateSheet {
    /// [`GivenRatePlan::for_list`] for this sheet's price lists
    /// ([`RateSheet::convert_many`] at `at`): the rate the sheet gives for the
    /// pair then, a rounding and the side of the quotes the only options; `None` for anything
    /// else, a rate the 128-bit path does not take (a cross rate's exact fraction) and anything
    /// the full path refuses (it names the error). Two plans whose [`GivenRatePlan::list_template`]s
    /// are equal give the same receipts: the template holds the rate, its chain and provenance.
    pub fn list_plan(&self, from: &str, to: &str, at: &str, options: &ConvertOptions) -> Option<GivenRatePlan> {
        let only = ConvertOptions { side: options.side, ..ConvertOptions::new(options.rounding) };
        if *options != only {
            return None;
        }
        let (from, to) = (Currency::from_code(from).ok()?, Currency::from_code(to).ok()?);
        let rate = self.find_rate(from, to, options.side, Instant::parse(at).ok()?).ok()?;
        GivenRatePlan::with_rate(from, to, rate, only)
    }
}

#[cfg(test)]
mod tests {
    use super::super::amount::Amount;
    use super::super::convert::tests::{any_rate, CODES};
    use super::super::convert::{convert, convert_many};
    use super::super::rate::Side;
    use super::*;
    use RoundingMode::*;

    /// `template`'s receipt with `texts` in its slots.
    fn filled(template: &Conversion, texts: &[CompactString; AMOUNT_TEXTS]) -> Conversion {
        let mut receipt = template.clone();
        [receipt.source.amount, receipt.target.amount, receipt.unrounded, receipt.residue] = texts.clone();
        receipt
    }

    const SLOTS: [&str; AMOUNT_TEXTS] = ["\u{0}0", "\u{0}1", "\u{0}2", "\u{0}3"];

    #[test]
    fn a_given_rate_plan_gives_converts_receipts() {
        let plan = GivenRatePlan::new("CNY", "HKD", "0.9132", HalfEven).expect("a plain decimal rate takes the 128-bit path");
        let template = plan.template("123.45", SLOTS).unwrap();
        assert_eq!(template.source.amount, "\u{0}0");
        assert_eq!(template.residue, "\u{0}3");
        assert_eq!(template.rate, "0.9132");
        for amount in ["123.45", "5.5", "-0.01", "0", "0.00", "-0", "99999999999.99"] {
            let texts = plan.texts(amount, |t| t.map(CompactString::new)).unwrap();
            assert_eq!(filled(&template, &texts), convert(amount, "CNY", "HKD", "0.9132", HalfEven).unwrap(), "{amount}");
        }
        // What convert refuses, the plan declines (convert names the error).
        for amount in ["1.001", "1e3", "", " 1", "12a", "+1"] {
            assert!(plan.texts(amount, |_| ()).is_none() && plan.template(amount, SLOTS).is_none(), "{amount}");
            assert!(convert(amount, "CNY", "HKD", "0.9132", HalfEven).is_err(), "{amount}");
        }
        for (from, to, rate) in [("XXX", "HKD", "1"), ("CNY", "hkd", "1"), ("CNY", "HKD", "0"), ("CNY", "HKD", "-1"), ("CNY", "HKD", "1e2")]
        {
            assert!(GivenRatePlan::new(from, to, rate, HalfEven).is_none(), "{from} {to} {rate}");
            assert!(convert("1.00", from, to, rate, HalfEven).is_err(), "{from} {to} {rate}");
        }
    }

    /// `template`'s lists in place of its slots.
    fn listed(template: &Conversions, sources: &[String], targets: &[String]) -> Conversions {
        let mut receipt = template.clone();
        [receipt.sources, receipt.targets] = [TextList::from_iter(sources), TextList::from_iter(targets)];
        receipt
    }

    /// `amount`'s target in a price list, where the plan takes it.
    fn target_of(plan: &GivenRatePlan, amount: &str) -> Option<String> {
        let mut target = None;
        plan.list_target(amount.as_bytes(), |t| target = Some(String::from_utf8(t.to_vec()).unwrap()))?;
        target
    }

    const LIST_SLOTS: [&str; LIST_TEXTS] = ["\u{0}0", "\u{0}1"];

    #[test]
    fn a_given_rate_plan_gives_a_price_lists_receipt() {
        let plan = GivenRatePlan::for_list("CNY", "HKD", "0.9132", &ConvertOptions::new(HalfEven)).unwrap();
        let template = plan.list_template(LIST_SLOTS).unwrap();
        assert_eq!((template.sources.to_vec(), template.targets.to_vec()), (vec!["\u{0}0".to_string()], vec!["\u{0}1".to_string()]));
        let amounts: Vec<String> = ["123.45", "-0.01", "0.00", "99999999999.99"].map(String::from).to_vec();
        let targets: Vec<String> = amounts.iter().map(|a| target_of(&plan, a).unwrap()).collect();
        let want = convert_many(amounts.clone(), "CNY", "HKD", "0.9132", &ConvertOptions::new(HalfEven)).unwrap();
        assert_eq!(listed(&template, &amounts, &targets), want);
        assert_eq!(targets[0], "112.73");
        // Declined: a source the receipt writes otherwise ("5.00", "0.00"), and what convert_many
        // refuses (it names the error).
        for amount in ["5", "5.5", "-0.00", "-0", "1.001", "1e3", "", " 1", "+1"] {
            assert!(plan.list_target(amount.as_bytes(), |_| ()).is_none(), "{amount}");
        }
        // Any option but a rounding is the full path's.
        let mut options = ConvertOptions::new(HalfEven);
        options.markup_bps = 25;
        assert!(GivenRatePlan::for_list("CNY", "HKD", "0.9132", &options).is_none());
        let mut options = ConvertOptions::new(HalfEven);
        options.reverse = true;
        assert!(GivenRatePlan::for_list("CNY", "HKD", "0.9132", &options).is_none());
        let mut options = ConvertOptions::new(HalfEven);
        options.cash_increment = Some("0.05".into());
        assert!(GivenRatePlan::for_list("CNY", "HKD", "0.9132", &options).is_none());
    }

    #[test]
    fn a_rate_sheets_list_plan_gives_its_price_lists_receipts() {
        let sheet = RateSheet::from_unsigned_json(
            r#"{"source":"T","as_of":"2026-11-20T00:00:00Z","valid_until":"2026-11-21T00:00:00Z","allow_inverse":true,"pivots":["EUR"],
            "quotes":[{"base":"EUR","quote":"HKD","mid":"9.0525","bid":"9.0400","ask":"9.0650"},{"base":"EUR","quote":"CNY","mid":"8.2520"},
            {"base":"USD","quote":"JPY","mid":"155.20","unit":1}]}"#,
        )
        .unwrap();
        let at = "2026-11-20T06:00:00Z";
        let amounts: Vec<String> = ["123.45", "-0.01", "0.00", "99999999.99"].map(String::from).to_vec();
        let pairs = [
            ("EUR", "HKD", None),
            ("EUR", "HKD", Some(Side::Buy)),
            ("EUR", "HKD", Some(Side::Sell)),
            ("USD", "JPY", None),
            ("HKD", "EUR", None),
            ("HKD", "CNY", None),
        ];
        for (from, to, side) in pairs {
            let options = ConvertOptions { side, ..ConvertOptions::new(HalfEven) };
            // A cross or inverse rate may have no plan (an exact fraction): the full path's.
            let Some(plan) = sheet.list_plan(from, to, at, &options) else {
                assert!(from != "EUR" && from != "USD", "{from} {to} {side:?}");
                assert!(sheet.convert_many(amounts.clone(), from, to, at, &options).is_ok());
                continue;
            };
            let targets: Vec<String> = amounts.iter().map(|a| target_of(&plan, a).unwrap()).collect();
            let want = sheet.convert_many(amounts.clone(), from, to, at, &options).unwrap();
            assert_eq!(listed(&plan.list_template(LIST_SLOTS).unwrap(), &amounts, &targets), want, "{from} {to} {side:?}");
        }
        // Other options, an expired or unknown time, a pair the sheet has no rate for: the full
        // path's.
        let options = ConvertOptions::new(HalfEven);
        let markup = ConvertOptions { markup_bps: 25, ..options.clone() };
        assert!(sheet.list_plan("EUR", "HKD", at, &markup).is_none());
        for (from, to, at) in [("EUR", "HKD", "2026-11-22T00:00:00Z"), ("EUR", "HKD", "now"), ("EUR", "JPY", at), ("EUR", "hkd", at)] {
            assert!(sheet.list_plan(from, to, at, &options).is_none(), "{from} {to} {at}");
            assert!(sheet.convert_many(amounts.clone(), from, to, at, &options).is_err(), "{from} {to} {at}");
        }
        // Plans at other times or sides have other templates where their receipts differ.
        let bid = ConvertOptions { side: Some(Side::Buy), ..options.clone() };
        let (a, b) = (sheet.list_plan("EUR", "HKD", at, &options).unwrap(), sheet.list_plan("EUR", "HKD", at, &bid).unwrap());
        assert_ne!(a.list_template(LIST_SLOTS), b.list_template(LIST_SLOTS));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// Every amount's receipt is the plan's template with the amount's texts in its slots,
        /// whichever amount the template was made from; where the plan declines an amount or a
        /// rate, `convert` still answers (the caller's full path).
        #[test]
        fn a_given_rate_plan_is_convert(
            units in proptest::prelude::any::<i64>(),
            small in -100_000i64..100_000,
            first in -100_000i64..100_000,
            from in 0usize..5, to in 0usize..5,
            value in any_rate(),
            mode in 0usize..7,
        ) {
            let (from, to, mode) = (CODES[from], CODES[to], RoundingMode::ALL[mode]);
            let rate = value.to_string();
            let Some(plan) = GivenRatePlan::new(from, to, &rate, mode) else {
                // Declined only where the 128-bit path declines: never a rate like a quote's.
                proptest::prop_assert!(value.scale() > 8 || value.mantissa() >= 1_000_000_000_000, "{rate}");
                return Ok(());
            };
            let currency = Currency::from_code(from).unwrap();
            let first = Amount::from_minor_units(first, currency).to_text();
            let Some(template) = plan.template(&first, SLOTS) else { return Ok(()) };
            for units in [units, small] {
                let amount = Amount::from_minor_units(units, currency).to_text();
                let want = convert(&amount, from, to, &rate, mode);
                match plan.texts(&amount, |t| t.map(CompactString::new)) {
                    Some(texts) => proptest::prop_assert_eq!(filled(&template, &texts), want.unwrap()),
                    None => proptest::prop_assert!(plan.template(&amount, SLOTS).is_none()),
                }
            }
        }

        /// A price list whose amounts the plan all takes has `convert_many`'s receipt: the list
        /// template with the amounts and their targets in its slots.
        #[test]
        fn a_given_rate_plan_is_convert_many(
            units in proptest::collection::vec(proptest::prelude::any::<i64>(), 0..6),
            small in proptest::collection::vec(-100_000i64..100_000, 0..6),
            texts in proptest::collection::vec("-?(0|[1-9][0-9]{0,5})(\\.[0-9]{0,3})?", 0..3),
            from in 0usize..5, to in 0usize..5,
            value in any_rate(),
            mode in 0usize..7,
        ) {
            let (from, to, mode) = (CODES[from], CODES[to], RoundingMode::ALL[mode]);
            let rate = value.to_string();
            let options = ConvertOptions::new(mode);
            let Some(plan) = GivenRatePlan::for_list(from, to, &rate, &options) else { return Ok(()) };
            let currency = Currency::from_code(from).unwrap();
            let mut amounts: Vec<String> = units.iter().chain(&small).map(|&u| Amount::from_minor_units(u, currency).to_text().to_string()).collect();
            amounts.extend(texts);
            let want = convert_many(amounts.clone(), from, to, &rate, &options);
            let targets: Option<Vec<String>> = amounts.iter().map(|a| target_of(&plan, a)).collect();
            if let Some(targets) = targets {
                proptest::prop_assert_eq!(listed(&plan.list_template(LIST_SLOTS).unwrap(), &amounts, &targets), want.unwrap());
            }
        }
    }
}
