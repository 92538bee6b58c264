//! Conversion in 128-bit integers, and in 64 bits wherever the values allow (wide
//! multiplication and division are library calls in wasm), at any rate whose fraction fits: a
//! plain decimal (a given rate, a direct quote) or an exact inverse or cross rate (8.2520 /
//! 9.0525). The big-integer fractions of `convert.rs` decide every case this path declines;
//! property tests there check that the two give the same receipt byte for byte, at decimal and
//! at fractional rates, and here that a price list gets, amount by amount, what single
//! conversions give.
//!
//! One [`DecimalPlan`] per rate and options holds what every amount shares; then, per amount,
//! either a whole receipt ([`DecimalPlan::receipt`]) or, for price lists, only the source and
//! target texts ([`DecimalPlan::price`]), parsed and written without a detour through
//! `rust_decimal` or `fmt`. Texts of fractions that do not terminate go through `display`'s
//! 128-bit form (`display_small`).

use super::amount::Amount;
use super::currency::Currency;
use super::decimal::{fixed_text, parse_units_inlined, ten_to, write_fixed, write_fixed_bytes};
use super::ratio::{display_small, DISPLAY_SCALE};
use super::rounding::RoundingMode;
use super::text_list::TextList;
use super::CompactString;
use num_integer::Integer;
use rust_decimal::Decimal;

/// What [`DecimalPlan::receipt`] computes: the parts of the receipt that depend on the arithmetic.
pub(super) struct DecimalResult {
    pub target: Amount,
    /// `None` when there is no markup: the rate's own text.
    pub effective_rate: Option<CompactString>,
    pub markup: CompactString,
    pub unrounded: CompactString,
    pub residue: CompactString,
}

/// A positive denominator, and whether it is a power of ten (then texts need no gcd).
#[derive(Clone, Copy)]
struct Denom {
    value: i128,
    /// `Some(s)` when `value` is `10^s`.
    tens: Option<u32>,
}

impl Denom {
    fn tens(s: u32) -> Option<Self> {
        Some(Self { value: ten_to(s)?, tens: Some(s) })
    }

    fn times(self, other: Self) -> Option<Self> {
        let tens = self.tens.zip(other.tens).map(|(a, b)| a + b);
        Some(Self { value: mul(self.value, other.value)?, tens })
    }
}

/// `n / d` as a receipt writes it (`display`'s text): `None` if it does not fit 128 bits.
fn text(n: i128, d: Denom) -> Option<CompactString> {
    match d.tens {
        Some(s) if s <= DISPLAY_SCALE => Some(decimal_text(n, s)),
        _ => display_small(n, d.value),
    }
}

/// What a conversion at one rate works out once, whatever the number of amounts: the rate as a
/// fraction of 128-bit integers (a plain decimal, or an exact inverse or cross rate that fits).
pub(super) struct DecimalPlan {
    /// The market rate `rn / rd`.
    rn: i128,
    rd: Denom,
    /// The rate after markup, exactly: `en / ed`.
    en: i128,
    ed: Denom,
    bps: u32,
    /// Source amounts are held at their currency's minor units: this scale.
    sa: u32,
    /// The exact product's denominator (`10^sa · ed`).
    dx: Denom,
    /// The product is rounded to a whole number of steps: `round(mx · up / down)` …
    up: i128,
    down: i128,
    /// … and the steps times this are the target in minor units of `to`.
    units_per_step: i128,
    /// `en`, `up`, `down` and `units_per_step` when all four fit 64 bits: [`Self::target`]'s
    /// arithmetic in wasm's own integers for every amount whose products stay in 64 bits.
    narrow: Option<[i64; 4]>,
    mode: RoundingMode,
    from: Currency,
    to: Currency,
}

impl DecimalPlan {
    /// At a plain decimal rate. `None` when a receipt's texts could need more than
    /// [`DISPLAY_SCALE`] digits or a shared factor does not fit 128 bits: the exact path then
    /// takes every amount.
    // Inline hints natively only: at the WebAssembly build's opt-level "z" the copies cost 9 KB.
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub(super) fn new(rate: Decimal, bps: u32, step: Decimal, mode: RoundingMode, from: Currency, to: Currency) -> Option<Self> {
        let (sa, sr, m) = (from.minor_units(), rate.scale(), to.minor_units());
        let se = if bps == 0 { sr } else { sr + 4 };
        if (sa + se).max(m) > DISPLAY_SCALE || (bps != 0 && sa + sr + 4 > DISPLAY_SCALE) {
            return None;
        }
        Self::fraction(rate.mantissa(), Denom::tens(sr)?, bps, step, mode, from, to)
    }

    /// At an exact rate `n / d` (`d > 0`) that fits 128 bits: an inverse or cross rate.
    pub(super) fn exact(n: i128, d: i128, bps: u32, step: Decimal, mode: RoundingMode, from: Currency, to: Currency) -> Option<Self> {
        (d > 0).then_some(())?;
        Self::fraction(n, Denom { value: d, tens: None }, bps, step, mode, from, to)
    }

    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    fn fraction(rn: i128, rd: Denom, bps: u32, step: Decimal, mode: RoundingMode, from: Currency, to: Currency) -> Option<Self> {
        let (en, ed) = if bps == 0 { (rn, rd) } else { (rn.checked_mul(i128::from(10_000 - bps))?, rd.times(Denom::tens(4)?)?) };
        let (mc, sc) = (step.mantissa(), step.scale());
        let (sa, m) = (from.minor_units(), to.minor_units());
        if sc > m {
            return None;
        }
        let dx = Denom::tens(sa)?.times(ed)?;
        // exact / step = (mx / dx) / (mc · 10^-sc) = mx · 10^sc / (dx · mc), with the powers of
        // ten cancelled (a decimal rate: no gcd needed) or in lowest terms.
        let (up, down) = match dx.tens {
            Some(sx) if sx >= sc => (1, mc.checked_mul(ten_to(sx - sc)?)?),
            Some(sx) => (ten_to(sc - sx)?, mc),
            None => {
                let (up, down) = (ten_to(sc)?, mul(dx.value, mc)?);
                let g = i128::try_from(up.unsigned_abs().gcd(&down.unsigned_abs())).ok()?;
                (up / g, down / g)
            }
        };
        let units_per_step = mc.checked_mul(ten_to(m - sc)?)?;
        let narrow = [en, up, down, units_per_step].map(|v| i64::try_from(v).ok());
        let narrow = match narrow {
            [Some(a), Some(b), Some(c), Some(d)] => Some([a, b, c, d]),
            _ => None,
        };
        Some(Self { rn, rd, en, ed, bps, sa, dx, up, down, units_per_step, narrow, mode, from, to })
    }

    /// The exact product's numerator (over `dx`) and the target in minor units of `to`, for a
    /// source mantissa at scale `sa`; `None` if anything overflows or the target does not fit
    /// an amount (96 bits).
    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn target(&self, ma: i128) -> Option<(i128, i128)> {
        self.target_inlined(ma)
    }

    /// [`Self::target`]'s body, inlined where a price list converts amount after amount (its
    /// 128-bit answer then stays in registers: about 10 % of a list's time in wasm); past 64
    /// bits, a call.
    #[inline(always)]
    fn target_inlined(&self, ma: i128) -> Option<(i128, i128)> {
        if let Some((mx, units)) = i64::try_from(ma).ok().and_then(|ma| self.target64(ma)) {
            return Some((i128::from(mx), i128::from(units)));
        }
        self.target128(ma)
    }

    /// [`Self::target`] in 128-bit integers.
    #[inline(never)]
    fn target128(&self, ma: i128) -> Option<(i128, i128)> {
        let mx = mul(ma, self.en)?;
        let steps = round_div(mul(mx, self.up)?, self.down, self.mode);
        let units = mul(steps, self.units_per_step)?;
        (units.unsigned_abs() < 1 << 96).then_some((mx, units))
    }

    /// [`Self::target`] in 64-bit integers; `None` when a product leaves 64 bits (the 128-bit
    /// arithmetic then decides). A 64-bit target is always within an amount's 96 bits.
    fn target64(&self, ma: i64) -> Option<(i64, i64)> {
        let [en, up, down, units_per_step] = self.narrow?;
        let mx = mul64(ma, en)?;
        let steps = round_div_in(mul64(mx, up)?, down, self.mode);
        Some((mx, mul64(steps, units_per_step)?))
    }

    /// A forward conversion's target in minor units of `to`, for a source mantissa at scale
    /// `sa` (its currency's minor units); `None` on overflow.
    pub(super) fn target_units(&self, ma: i128) -> Option<i128> {
        self.target(ma).map(|(_, units)| units)
    }

    /// The whole receipt's arithmetic for one amount.
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub(super) fn receipt(&self, source: &Amount) -> Option<DecimalResult> {
        let ma = source.value().mantissa();
        if source.value().scale() != self.sa {
            return None;
        }
        let (units, unrounded, residue) = self.amounts(ma)?;
        let markup = match self.bps {
            0 => CompactString::const_new("0"),
            bps => text(mul(mul(ma, self.rn)?, i128::from(bps))?, Denom::tens(self.sa + 4)?.times(self.rd)?)?,
        };
        let effective_rate = match self.bps {
            0 => None,
            _ => Some(text(self.en, self.ed)?),
        };
        let target = Decimal::try_from_i128_with_scale(units, self.to.minor_units()).ok()?;
        Some(DecimalResult { target: Amount::new_exact(target, self.to), effective_rate, markup, unrounded, residue })
    }

    /// What every receipt of a source mantissa `ma` (at scale `sa`) holds that depends on it
    /// besides the source: the target in minor units of `to`, the exact product's text
    /// (`unrounded`) and the residue's. `None` on overflow.
    #[cfg_attr(not(target_arch = "wasm32"), inline)]
    pub(super) fn amounts(&self, ma: i128) -> Option<(i128, CompactString, CompactString)> {
        let (mx, units) = self.target(ma)?;
        let m = self.to.minor_units();
        // target − exact = units / 10^m − mx / dx, over one denominator.
        let residue = match self.dx.tens {
            Some(sx) => {
                let s = sx.max(m);
                let n = mul(units, ten_to(s - m)?)?.checked_sub(mul(mx, ten_to(s - sx)?)?)?;
                text(n, Denom::tens(s)?)?
            }
            None => text(mul(units, self.dx.value)?.checked_sub(mul(mx, ten_to(m)?)?)?, Denom::tens(m)?.times(self.dx)?)?,
        };
        Some((units, text(mx, self.dx)?, residue))
    }

    /// The scale of source amounts (their currency's minor units).
    pub(super) fn source_scale(&self) -> u32 {
        self.sa
    }

    /// The smallest source amount whose forward conversion is at least `wanted` (an amount of
    /// `to`): `reverse_source` in 128 bits. Forward conversion is monotone in the source, so a
    /// bracket and a binary search find it; `None` on overflow (the caller's exact search then
    /// decides).
    pub(super) fn reverse(&self, wanted: &Amount) -> Option<Amount> {
        let m = self.to.minor_units();
        if wanted.value().scale() != m {
            return None;
        }
        let goal = wanted.value().mantissa();
        let covers = |ma: i128| self.target(ma).map(|(_, units)| units >= goal);
        // goal / 10^m = ma / 10^sa · en / ed, so ma ≈ goal · dx / (10^m · en), rounded up.
        let estimate = round_div(mul(goal, self.dx.value)?, mul(ten_to(m)?, self.en)?, RoundingMode::Ceiling);
        let (mut hi, mut lo, mut step) = (estimate, estimate.checked_sub(1)?, 1i128);
        while !covers(hi)? {
            (hi, step) = (hi.checked_add(step)?, step.checked_mul(2)?);
        }
        step = 1;
        while covers(lo)? {
            (lo, step) = (lo.checked_sub(step)?, step.checked_mul(2)?);
        }
        while hi.checked_sub(lo)? > 1 {
            let mid = lo + (hi - lo) / 2;
            if covers(mid)? {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Decimal::try_from_i128_with_scale(hi, self.sa).ok().map(|d| Amount::new_exact(d, self.from))
    }

    /// One amount of a price list: its source and target texts, exactly as a receipt writes
    /// them, appended to their lists. `false`, with nothing appended, for anything but a plain
    /// amount of at most 18 digits within the source's minor units, or on overflow: the caller's
    /// full path then decides (and names any error).
    pub(super) fn price(&self, amount: &str, sources: &mut TextList, targets: &mut TextList) -> bool {
        // Both texts are plain: the amount passed the short grammar, the target is written here.
        self.priced(amount.as_bytes(), |source, target| {
            sources.push_plain(source.unwrap_or(amount));
            // ASCII digits, '.' and '-' (write_fixed's text): never the default.
            targets.push_plain(std::str::from_utf8(target).unwrap_or_default());
        })
        .is_some()
    }

    /// [`Self::price`]'s two texts, handed to `done`: the source only where it is not `amount`
    /// as written (`None` for the usual "123.45" at two minor units), then the target's ASCII
    /// bytes. Bytes both ways: the plain amounts it takes are ASCII, and a caller holding or
    /// copying bytes (the WebAssembly façade's price lists) need not check them as UTF-8.
    #[inline(always)]
    pub(super) fn priced<R>(&self, amount: &[u8], done: impl FnOnce(Option<&str>, &[u8]) -> R) -> Option<R> {
        let (ma, written_fixed) = parse_units_inlined(amount, self.sa)?;
        let (_, units) = self.target_inlined(ma)?;
        Some(write_fixed_bytes(units, self.to.minor_units(), |target| match written_fixed {
            true => done(None, target),
            false => write_fixed(ma, self.sa, |source| done(Some(source), target)),
        }))
    }
}

/// `a × b`, in 64 bits when both fit.
fn mul(a: i128, b: i128) -> Option<i128> {
    match (i64::try_from(a), i64::try_from(b)) {
        (Ok(a), Ok(b)) => Some(i128::from(a) * i128::from(b)),
        _ => a.checked_mul(b),
    }
}

/// `a × b` when the operands' bit lengths show it fits 64 bits (wasm has no 64-bit multiply
/// with overflow check: `checked_mul` becomes a 128-bit library call); `None` otherwise, even
/// for some products that would fit, which the 128-bit path then computes.
fn mul64(a: i64, b: i64) -> Option<i64> {
    let bits = 128 - a.unsigned_abs().leading_zeros() - b.unsigned_abs().leading_zeros();
    (bits <= 63).then(|| a * b)
}

/// `n / d` (`d > 0`) rounded to an integer with `mode`: `round_to_integer` in 128 bits.
pub(super) fn round_div(n: i128, d: i128, mode: RoundingMode) -> i128 {
    match (i64::try_from(n), i64::try_from(d)) {
        (Ok(n), Ok(d)) => i128::from(round_div_in(n, d, mode)),
        _ => round_div_in(n, d, mode),
    }
}

/// [`round_div`] in one integer width (64-bit division is wasm's own; 128-bit is a library
/// call). `floor + 1` cannot overflow: a remainder means `d ≥ 2`, so `|floor| ≤ |n| / 2`.
#[cfg_attr(crosspay_speed, optimize(speed))]
fn round_div_in<T: Integer + Copy>(n: T, d: T, mode: RoundingMode) -> T {
    let (floor, rem) = n.div_mod_floor(&d);
    if rem.is_zero() {
        return floor;
    }
    let ceil = floor + T::one();
    let positive = n > T::zero();
    let (toward_zero, away_from_zero) = if positive { (floor, ceil) } else { (ceil, floor) };
    match mode {
        RoundingMode::Floor => floor,
        RoundingMode::Ceiling => ceil,
        RoundingMode::Down => toward_zero,
        RoundingMode::Up => away_from_zero,
        RoundingMode::HalfUp | RoundingMode::HalfDown | RoundingMode::HalfEven => match rem.cmp(&(d - rem)) {
            std::cmp::Ordering::Less => floor,
            std::cmp::Ordering::Greater => ceil,
            std::cmp::Ordering::Equal => match mode {
                RoundingMode::HalfUp => away_from_zero,
                RoundingMode::HalfDown => toward_zero,
                _ if floor.is_even() => floor,
                _ => ceil,
            },
        },
    }
}

/// `units × 10^-scale` without trailing fraction zeros and never "-0": `display`'s text.
pub(super) fn decimal_text(mut units: i128, mut scale: u32) -> CompactString {
    // 64-bit division where the value allows it: 128-bit division is a library call in wasm.
    if let Ok(mut small) = i64::try_from(units) {
        while scale > 0 && small % 10 == 0 {
            small /= 10;
            scale -= 1;
        }
        units = i128::from(small);
    } else {
        while scale > 0 && units % 10 == 0 {
            units /= 10;
            scale -= 1;
        }
    }
    fixed_text(units, scale)
}

#[cfg(test)]
mod tests {
    use super::super::convert::tests::{any_options, any_rate, CODES};
    use super::super::convert::{convert_at_rate, convert_many, Conversions, ConvertOptions};
    use super::*;
    use crate::error::CrosspayError;
    use proptest::strategy::Strategy as _;
    use RoundingMode::*;

    fn opts(mode: RoundingMode) -> ConvertOptions {
        ConvertOptions::new(mode)
    }

    /// What `convert_at_rate` gives each amount, as `convert_many` writes it.
    fn one_by_one(amounts: &[String], from: &str, to: &str, rate: &str, options: &ConvertOptions) -> Result<Conversions, CrosspayError> {
        let mut all = Conversions {
            source_currency: from.to_string(),
            target_currency: to.to_string(),
            sources: TextList::new(),
            targets: TextList::new(),
            requested: options.reverse.then(TextList::new),
            rate: String::new(),
            effective_rate: String::new(),
            markup_bps: options.markup_bps,
            chain: Vec::new(),
            rounding: options.rounding,
            cash_increment: options.cash_increment.clone(),
            provenance: None,
        };
        for amount in amounts {
            let one = convert_at_rate(amount, from, to, rate, options)?;
            all.sources.push(&one.source.amount);
            all.targets.push(&one.target.amount);
            if let (Some(list), Some(r)) = (all.requested.as_mut(), one.requested) {
                list.push(&r.amount);
            }
            (all.rate, all.effective_rate, all.chain) = (one.rate.into_string(), one.effective_rate.into_string(), one.chain);
        }
        Ok(all)
    }

    #[test]
    fn a_price_list_is_its_single_conversions() {
        let amounts: Vec<String> =
            ["0", "-0.00", "123.45", "1", "-7.5", "-12.30", "0.50", "999999999999999999", "1234567890123456789.12", "0.01"]
                .map(String::from)
                .to_vec();
        for (rate, bps) in [("0.9132", 0), ("1.0962", 150), ("7.7912345678901234567", 0), ("0.000001", 0)] {
            let options = ConvertOptions { markup_bps: bps, ..opts(HalfEven) };
            assert_eq!(convert_many(amounts.clone(), "CNY", "HKD", rate, &options), one_by_one(&amounts, "CNY", "HKD", rate, &options));
        }
        // The first amount that fails is the error, with its own reason.
        for bad in ["1.005", "1e3", "", "01.00", "12345678901234567890123456789"] {
            let list = vec!["1.00".to_string(), bad.to_string(), "x".to_string()];
            let (got, want) = (
                convert_many(list.clone(), "CNY", "HKD", "0.9132", &opts(HalfUp)),
                one_by_one(&list, "CNY", "HKD", "0.9132", &opts(HalfUp)),
            );
            assert_eq!(got.unwrap_err().to_string(), want.unwrap_err().to_string(), "{bad:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1500))]
        /// A price list gets, amount by amount, what single conversions give (or the same first
        /// error): amounts of any length and precision, valid or not, at every kind of rate.
        #[test]
        fn a_price_list_agrees_with_single_conversions(
            amounts in proptest::collection::vec(proptest::prop_oneof![
                (proptest::prelude::any::<i64>(), 0u32..6).prop_map(|(u, s)| rust_decimal::Decimal::new(u, s).to_string()),
                (-100_000i64..100_000, 0u32..4).prop_map(|(u, s)| rust_decimal::Decimal::new(u, s).to_string()),
                "-?[0-9]{1,22}(\\.[0-9]{1,5})?",
                "[-+.0-9e ]{0,6}",
            ], 1..12),
            from in 0usize..5, to in 0usize..5,
            rate in any_rate(),
            options in any_options(),
        ) {
            let rate = rate.to_string();
            let got = convert_many(amounts.clone(), CODES[from], CODES[to], &rate, &options);
            let want = one_by_one(&amounts, CODES[from], CODES[to], &rate, &options);
            match (got, want) {
                (Ok(g), Ok(w)) => proptest::prop_assert_eq!(g, w),
                (Err(g), Err(w)) => proptest::prop_assert_eq!(g.to_string(), w.to_string()),
                (g, w) => proptest::prop_assert!(false, "{amounts:?} {rate} {options:?}: {g:?} vs {w:?}"),
            }
        }
    }
}
