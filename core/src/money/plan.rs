//! What a conversion works out once, whatever the number of amounts (the currencies, the
//! rate, the options checked, the rounding step), and each amount's part of a receipt: the
//! 128-bit path where the rate allows it (`decimal_path.rs`), exact fractions otherwise.

use super::amount::Amount;
use super::bigint::BigInt;
use super::convert::{Conversions, ConvertOptions};
use super::currency::Currency;
use super::decimal::parse_decimal;
use super::decimal_path::DecimalPlan;
use super::rate::{Provenance, Rate, RateLeg};
use super::ratio::{decimal_unit, display, from_decimal, round_to_integer, to_decimal, Ratio};
use super::rounding::RoundingMode;
use super::text_list::TextList;
use super::CompactString;
use crate::error::CrosspayError;

/// How the target is rounded: to multiples of `step` with `mode`.
pub(super) struct Rounder {
    /// The step: 10^-minor units, or the cash increment.
    pub(super) step_decimal: rust_decimal::Decimal,
    mode: RoundingMode,
    currency: Currency,
}

impl Rounder {
    pub(super) fn new(to: Currency, mode: RoundingMode, cash_increment: Option<&str>) -> Result<Self, CrosspayError> {
        let step_decimal = match cash_increment {
            None => rust_decimal::Decimal::new(1, to.minor_units()),
            Some(text) => {
                let invalid = |reason: &str| CrosspayError::InvalidCashIncrement {
                    input: text.to_string(),
                    currency: to.code().to_string(),
                    reason: reason.to_string(),
                };
                let inc = parse_decimal(text, false).map_err(|why| invalid(&why.reason()))?;
                if inc.is_zero() {
                    return Err(invalid("must be positive"));
                }
                if inc.normalize().scale() > to.minor_units() {
                    return Err(invalid("must be a multiple of the currency's minor unit"));
                }
                inc
            }
        };
        Ok(Self { step_decimal, mode, currency: to })
    }

    fn step(&self) -> Ratio {
        from_decimal(self.step_decimal)
    }

    /// Rounds `exact` to a multiple of the step.
    fn round(&self, exact: &Ratio) -> Ratio {
        let step = self.step();
        Ratio::from_integer(round_to_integer(&(exact / &step), self.mode)) * &step
    }

    fn amount(&self, value: &Ratio) -> Result<Amount, CrosspayError> {
        to_decimal(value, self.currency.minor_units())
            .map(|d| Amount::new_exact(d, self.currency))
            .ok_or_else(|| CrosspayError::overflow(format!("{} {} does not fit in 28 significant digits", display(value), self.currency)))
    }
}

/// Everything a conversion works out once, whatever the number of amounts: the currencies, the
/// rate, the options checked, the rounding step, and (on first need) the exact effective rate.
pub(super) struct Plan<'a> {
    from: Currency,
    to: Currency,
    rate: &'a Rate,
    options: &'a ConvertOptions,
    rounder: Rounder,
    effective: std::cell::OnceCell<Ratio>,
    /// A forward conversion at a plain decimal rate: the 128-bit path (`decimal_path.rs`).
    pub(super) decimal: Option<DecimalPlan>,
}

/// One amount's part of a receipt.
pub(super) struct Computed {
    pub source: Amount,
    pub target: Amount,
    pub requested: Option<Amount>,
    /// `None`: the rate's own text (no markup).
    pub effective_rate: Option<CompactString>,
    pub markup: CompactString,
    pub unrounded: CompactString,
    pub residue: CompactString,
}

impl<'a> Plan<'a> {
    // Inline hints natively only: at the WebAssembly build's opt-level "z" the copies cost 9 KB.
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub(super) fn new(
        from: Currency,
        to: Currency,
        rate: &'a Rate,
        options: &'a ConvertOptions,
        decimal: bool,
    ) -> Result<Self, CrosspayError> {
        if options.markup_bps >= 10_000 {
            return Err(CrosspayError::InvalidMarkup { bps: options.markup_bps });
        }
        let rounder = Rounder::new(to, options.rounding, options.cash_increment.as_deref())?;
        let decimal = match (rate.decimal, decimal) {
            (Some(value), true) => DecimalPlan::new(value, options.markup_bps, rounder.step_decimal, options.rounding, from, to),
            (None, true) => {
                // An inverse or cross rate: the same path when its fraction fits 128 bits.
                let value = rate.value();
                let (n, d) = (value.numer().to_i128(), value.denom().to_i128());
                n.zip(d).and_then(|(n, d)| DecimalPlan::exact(n, d, options.markup_bps, rounder.step_decimal, options.rounding, from, to))
            }
            _ => None,
        };
        Ok(Self { from, to, rate, options, rounder, effective: std::cell::OnceCell::new(), decimal })
    }

    /// The rate after markup, exactly.
    fn effective(&self) -> &Ratio {
        self.effective.get_or_init(|| match self.options.markup_bps {
            0 => self.rate.value(),
            bps => self.rate.value() * Ratio::new(BigInt::from(10_000 - bps), BigInt::from(10_000u32)),
        })
    }

    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub(super) fn compute(&self, amount: &str) -> Result<Computed, CrosspayError> {
        self.compute_amount(Amount::parse(amount, if self.options.reverse { self.to } else { self.from })?)
    }

    /// One amount's receipt: `given` is the source, or for `reverse` the target to cover.
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub(super) fn compute_amount(&self, given: Amount) -> Result<Computed, CrosspayError> {
        let (source, requested) = if self.options.reverse {
            let wanted = given;
            let source = match self.decimal.as_ref().and_then(|plan| plan.reverse(&wanted)) {
                Some(source) => source,
                None => reverse_source(&wanted, self.from, self.effective(), &self.rounder)?,
            };
            (source, Some(wanted))
        } else {
            (given, None)
        };
        if let Some(plan) = &self.decimal {
            if let Some(fast) = plan.receipt(&source) {
                return Ok(Computed {
                    source,
                    target: fast.target,
                    requested,
                    effective_rate: fast.effective_rate,
                    markup: fast.markup,
                    unrounded: fast.unrounded,
                    residue: fast.residue,
                });
            }
        }
        let effective = self.effective();
        let source_value = from_decimal(source.value());
        let exact = &source_value * effective;
        let target = self.rounder.amount(&self.rounder.round(&exact))?;
        let residue = from_decimal(target.value()) - &exact;
        let markup = match self.options.markup_bps {
            0 => CompactString::const_new("0"),
            _ => display(&(&source_value * (self.rate.value() - effective))),
        };
        Ok(Computed {
            source,
            target,
            requested,
            effective_rate: (self.options.markup_bps != 0).then(|| display(effective)),
            markup,
            unrounded: display(&exact),
            residue: display(&residue),
        })
    }

    /// Many amounts at this rate: what they share once, then each one's source and target.
    #[cfg_attr(crosspay_speed, optimize(speed))]
    pub(super) fn many<S: AsRef<str>>(&self, amounts: &[S]) -> Result<Conversions, CrosspayError> {
        // Room for amounts of up to 16 characters; the lists grow past that if they must.
        let (n, bytes) = (amounts.len(), amounts.len() * 16);
        let mut sources = TextList::with_capacity(n, bytes);
        let mut targets = TextList::with_capacity(n, bytes);
        let mut requested = if self.options.reverse { TextList::with_capacity(n, bytes) } else { TextList::new() };
        let mut effective_rate = None;
        let forward = self.decimal.as_ref().filter(|_| !self.options.reverse);
        for amount in amounts {
            let amount = amount.as_ref();
            if forward.is_some_and(|plan| plan.price(amount, &mut sources, &mut targets)) {
                continue;
            }
            let one = self.compute(amount)?;
            sources.push_plain(&one.source.text());
            targets.push_plain(&one.target.text());
            if let Some(r) = one.requested {
                requested.push_plain(&r.text());
            }
            effective_rate = effective_rate.or(one.effective_rate);
        }
        let requested = self.options.reverse.then_some(requested);
        Ok(list_receipt!(Conversions { self.shared(effective_rate), sources, targets, requested }))
    }

    /// What every amount of a list shares; `effective_rate`: the text an amount's receipt gave,
    /// if one was computed.
    pub(super) fn shared(&self, effective_rate: Option<CompactString>) -> Shared {
        let effective_rate = match (effective_rate, self.options.markup_bps) {
            (Some(text), _) => text,
            (None, 0) => self.rate.text.clone(),
            (None, _) => display(self.effective()),
        };
        Shared {
            source_currency: self.from.code().to_string(),
            target_currency: self.to.code().to_string(),
            rate: self.rate.text.to_string(),
            effective_rate: effective_rate.into_string(),
            markup_bps: self.options.markup_bps,
            chain: self.rate.chain.clone(),
            rounding: self.options.rounding,
            cash_increment: self.options.cash_increment.clone(),
            provenance: self.rate.provenance.clone(),
        }
    }

    /// A forward conversion's target in minor units of `to`, for a source in minor units of
    /// `from`, by the 128-bit path; `None` where the caller's full path must decide.
    pub(super) fn fast_target_units(&self, source_units: i64) -> Option<i64> {
        let plan = self.decimal.as_ref().filter(|_| !self.options.reverse)?;
        plan.target_units(i128::from(source_units)).and_then(|units| i64::try_from(units).ok())
    }

    pub(super) fn reverse(&self) -> bool {
        self.options.reverse
    }

    pub(super) fn currencies(&self) -> (Currency, Currency) {
        (self.from, self.to)
    }
}

/// A list's receipt: [`Conversions`], or `MinorUnitConversions` (the same fields, with the
/// amounts in minor units), from what its amounts share ([`Plan::shared`]) and their lists.
macro_rules! list_receipt {
    ($record:ident { $shared:expr, $sources:expr, $targets:expr, $requested:expr }) => {{
        let shared = $shared;
        $record {
            source_currency: shared.source_currency,
            target_currency: shared.target_currency,
            sources: $sources,
            targets: $targets,
            requested: $requested,
            rate: shared.rate,
            effective_rate: shared.effective_rate,
            markup_bps: shared.markup_bps,
            chain: shared.chain,
            rounding: shared.rounding,
            cash_increment: shared.cash_increment,
            provenance: shared.provenance,
        }
    }};
}
pub(super) use list_receipt;

/// The fields a list's receipt shares (see [`Plan::shared`]).
pub(super) struct Shared {
    pub source_currency: String,
    pub target_currency: String,
    pub rate: String,
    pub effective_rate: String,
    pub markup_bps: u32,
    pub chain: Vec<RateLeg>,
    pub rounding: RoundingMode,
    pub cash_increment: Option<String>,
    pub provenance: Option<Provenance>,
}

/// The smallest source amount (in whole minor units of `from`) whose forward conversion is at
/// least `wanted`. Forward conversion is monotone in the source for every rounding mode, so a
/// bracket and a binary search find it exactly; no estimate is trusted on its own.
fn reverse_source(wanted: &Amount, from: Currency, effective: &Ratio, rounder: &Rounder) -> Result<Amount, CrosspayError> {
    let unit = decimal_unit(from.minor_units());
    let per_unit = &unit * effective; // target value of one source minor unit
    let goal = from_decimal(wanted.value());
    let covers = |n: &BigInt| rounder.round(&(Ratio::from_integer(n.clone()) * &per_unit)) >= goal;

    // hi: the exact quotient rounded up covers for every mode that rounds to minor units; a
    // cash increment may need more, so widen until it covers (and likewise for lo).
    let estimate = round_to_integer(&(&goal / &per_unit), RoundingMode::Ceiling);
    let mut step = BigInt::one();
    let mut hi = estimate.clone();
    while !covers(&hi) {
        hi += &step;
        step = &step + &step;
    }
    let mut step = round_to_integer(&(&rounder.step() / &per_unit), RoundingMode::Ceiling) + BigInt::one();
    let mut lo = &estimate - &step;
    while covers(&lo) {
        lo -= &step;
        step = &step + &step;
    }
    while &hi - &lo > BigInt::one() {
        let mid: BigInt = (&lo + &hi) / BigInt::from(2u8);
        if covers(&mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    let value = Ratio::from_integer(hi) * unit;
    to_decimal(&value, from.minor_units())
        .map(|d| Amount::new_exact(d, from))
        .ok_or_else(|| CrosspayError::overflow(format!("the {from} amount covering {wanted} does not fit in 28 significant digits")))
}
