//! Exact arithmetic for rates and conversions: fractions over big integers, so that inverse and
//! cross rates (1/7.8 never terminates) are carried exactly and rounded once, at the end.
//!
//! Fractions are not reduced after each operation (a conversion's denominators stay small: powers
//! of ten and a few quote prices); they are compared by cross-multiplication and reduced only
//! when shown. That keeps a conversion to a handful of small multiplications.

use super::bigint::BigInt;
use super::decimal::ten_to;
use super::rounding::RoundingMode;
use super::CompactString;
use num_integer::Integer;
use rust_decimal::Decimal;
use std::cmp::Ordering;
use std::ops::{Div, Mul, Neg, Sub};

/// An exact fraction `n / d` with `d > 0`, not necessarily in lowest terms.
#[derive(Debug, Clone)]
pub(crate) struct Ratio {
    n: BigInt,
    d: BigInt,
}

impl Ratio {
    /// `n / d`; `d` must not be zero (every caller divides by a positive price or power of ten).
    pub fn new(n: BigInt, d: BigInt) -> Self {
        debug_assert!(!d.is_zero(), "zero denominator");
        if d.is_negative() {
            Self { n: -n, d: -d }
        } else {
            Self { n, d }
        }
    }

    pub fn from_integer(n: BigInt) -> Self {
        Self { n, d: BigInt::one() }
    }

    pub fn numer(&self) -> &BigInt {
        &self.n
    }

    pub fn denom(&self) -> &BigInt {
        &self.d
    }

    /// `1 / self`; `self` must not be zero.
    pub fn recip(&self) -> Self {
        Self::new(self.d.clone(), self.n.clone())
    }

    pub fn is_positive(&self) -> bool {
        self.n.is_positive()
    }

    /// In lowest terms (one gcd).
    pub fn reduced(&self) -> Self {
        let g = self.n.gcd(&self.d);
        if g.is_one() || g.is_zero() {
            return self.clone();
        }
        Self { n: &self.n / &g, d: &self.d / &g }
    }
}

impl Mul for &Ratio {
    type Output = Ratio;
    fn mul(self, o: &Ratio) -> Ratio {
        Ratio { n: &self.n * &o.n, d: &self.d * &o.d }
    }
}

impl Div for &Ratio {
    type Output = Ratio;
    /// `o` must not be zero.
    fn div(self, o: &Ratio) -> Ratio {
        Ratio::new(&self.n * &o.d, &self.d * &o.n)
    }
}

impl Sub for &Ratio {
    type Output = Ratio;
    fn sub(self, o: &Ratio) -> Ratio {
        if self.d == o.d {
            return Ratio { n: &self.n - &o.n, d: self.d.clone() };
        }
        Ratio { n: &self.n * &o.d - &o.n * &self.d, d: &self.d * &o.d }
    }
}

forward_owned_ops!(Ratio; Mul mul, Div div, Sub sub);

impl Neg for Ratio {
    type Output = Ratio;
    fn neg(self) -> Ratio {
        Ratio { n: -self.n, d: self.d }
    }
}

impl PartialEq for Ratio {
    fn eq(&self, o: &Self) -> bool {
        self.cmp(o) == Ordering::Equal
    }
}

impl Eq for Ratio {}

impl PartialOrd for Ratio {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl Ord for Ratio {
    fn cmp(&self, o: &Self) -> Ordering {
        if self.d == o.d {
            return self.n.cmp(&o.n);
        }
        (&self.n * &o.d).cmp(&(&o.n * &self.d))
    }
}

/// Fraction digits shown for a value whose decimal expansion does not terminate (or is longer):
/// such display strings are rounded half-even here; computations never use them.
pub const DISPLAY_SCALE: u32 = 24;

pub(crate) fn pow10(n: u32) -> BigInt {
    match 10u128.checked_pow(n) {
        Some(p) => BigInt::from(p),
        None => BigInt::pow10(n),
    }
}

pub(crate) fn from_decimal(d: Decimal) -> Ratio {
    Ratio::new(BigInt::from(d.mantissa()), pow10(d.scale()))
}

pub(crate) fn from_int(n: impl Into<BigInt>) -> Ratio {
    Ratio::from_integer(n.into())
}

/// One unit of the `scale`-th decimal place: 10^-scale.
pub(crate) fn decimal_unit(scale: u32) -> Ratio {
    Ratio::new(BigInt::one(), pow10(scale))
}

/// Rounds `q` to an integer with `mode`.
pub(crate) fn round_to_integer(q: &Ratio, mode: RoundingMode) -> BigInt {
    let (floor, rem) = q.numer().div_mod_floor(q.denom());
    if rem.is_zero() {
        return floor;
    }
    let ceil = &floor + BigInt::one();
    let positive = q.is_positive();
    let toward_zero = |f: BigInt, c: BigInt| if positive { f } else { c };
    let away_from_zero = |f: BigInt, c: BigInt| if positive { c } else { f };
    match mode {
        RoundingMode::Floor => floor,
        RoundingMode::Ceiling => ceil,
        RoundingMode::Down => toward_zero(floor, ceil),
        RoundingMode::Up => away_from_zero(floor, ceil),
        RoundingMode::HalfUp | RoundingMode::HalfDown | RoundingMode::HalfEven => match (&rem + &rem).cmp(q.denom()) {
            Ordering::Less => floor,
            Ordering::Greater => ceil,
            Ordering::Equal => match mode {
                RoundingMode::HalfUp => away_from_zero(floor, ceil),
                RoundingMode::HalfDown => toward_zero(floor, ceil),
                _ if floor.is_even() => floor,
                _ => ceil,
            },
        },
    }
}

/// `d` rounded to `scale` fraction digits with `mode`: the same rounding as every conversion.
pub(crate) fn round_decimal(d: Decimal, scale: u32, mode: RoundingMode) -> Option<Decimal> {
    let units = round_to_integer(&(from_decimal(d) * Ratio::from_integer(pow10(scale))), mode);
    to_decimal(&(Ratio::from_integer(units) / Ratio::from_integer(pow10(scale))), scale)
}

/// `v` as a Decimal with exactly `scale` fraction digits, if `v` is a multiple of 10^-scale and
/// fits rust_decimal's 96-bit mantissa.
pub(crate) fn to_decimal(v: &Ratio, scale: u32) -> Option<Decimal> {
    let (units, rem) = (v.numer() * pow10(scale)).div_rem(v.denom());
    if !rem.is_zero() {
        return None;
    }
    let units = units.to_i128()?;
    let mut d = Decimal::try_from_i128_with_scale(units, scale).ok()?;
    if d.is_zero() {
        d.set_sign_positive(true);
    }
    Some(d)
}

/// The shortest decimal text of `v`: exact when its expansion terminates within
/// [`DISPLAY_SCALE`] fraction digits, otherwise rounded half-even to that many.
pub(crate) fn display(v: &Ratio) -> CompactString {
    if let Some(text) = v.numer().to_i128().zip(v.denom().to_i128()).and_then(|(n, d)| display_small(n, d)) {
        return text;
    }
    display_big(v)
}

/// [`display`] in big integers.
fn display_big(v: &Ratio) -> CompactString {
    let v = match terminating_scale(v.denom()) {
        Some(_) => v.clone(),
        None => v.reduced(),
    };
    match terminating_scale(v.denom()) {
        // n/d = n·(10^s/d) / 10^s exactly, since d divides 10^s.
        Some(scale) => format_units(&(v.numer() * (pow10(scale) / v.denom())), scale),
        None => {
            let units = round_to_integer(&(&v * &Ratio::from_integer(pow10(DISPLAY_SCALE))), RoundingMode::HalfEven);
            format_units(&units, DISPLAY_SCALE)
        }
    }
}

/// [`display`] for `n / d` (`d > 0`) in 128 bits, the common case (a conversion's values are
/// small: powers of ten and a few quote prices); `None` when an intermediate does not fit.
pub(super) fn display_small(n: i128, d: i128) -> Option<CompactString> {
    let g = i128::try_from(n.unsigned_abs().gcd(&d.unsigned_abs())).ok()?;
    let (n, d) = (n / g, d / g); // in lowest terms: `d` is 2^a·5^b exactly when it terminates
    let twos = d.trailing_zeros();
    let (mut rest, mut fives) = (d >> twos, 0u32);
    while rest % 5 == 0 && fives <= DISPLAY_SCALE {
        rest /= 5;
        fives += 1;
    }
    let scale = twos.max(fives);
    let units = if rest == 1 && scale <= DISPLAY_SCALE {
        n.checked_mul(ten_to(scale)? / d)?
    } else {
        let scale = ten_to(DISPLAY_SCALE)?;
        return Some(super::decimal_path::decimal_text(
            super::decimal_path::round_div(n.checked_mul(scale)?, d, RoundingMode::HalfEven),
            DISPLAY_SCALE,
        ));
    };
    Some(super::decimal_path::decimal_text(units, scale))
}

/// `v` as a Decimal when its denominator is a power of ten and it fits (no reduction tried).
pub(crate) fn as_decimal(v: &Ratio) -> Option<Decimal> {
    let d = v.denom().to_u128()?;
    let scale = (0..=28u32).find(|&s| 10u128.pow(s) == d)?;
    Decimal::try_from_i128_with_scale(v.numer().to_i128()?, scale).ok()
}

/// The number of fraction digits of `k / d` for any `k`, if `d` is 2^a·5^b with max(a, b) within
/// [`DISPLAY_SCALE`].
fn terminating_scale(d: &BigInt) -> Option<u32> {
    let (twos, fives, rest_is_one) = match d.to_u128() {
        // The common case: a denominator that fits 128 bits (powers of ten, quote prices).
        Some(x) => {
            let twos = x.trailing_zeros();
            let mut rest = x >> twos;
            let mut fives = 0u32;
            while rest % 5 == 0 && fives <= DISPLAY_SCALE {
                rest /= 5;
                fives += 1;
            }
            (twos, fives, rest == 1)
        }
        None => {
            let twos = d.trailing_zeros().unwrap_or(0).min(u64::from(u32::MAX)) as u32;
            let mut rest = d >> twos;
            let five = BigInt::from(5u8);
            let mut fives = 0u32;
            while fives <= DISPLAY_SCALE && (&rest % &five).is_zero() {
                rest = &rest / &five;
                fives += 1;
            }
            (twos, fives, rest.is_one())
        }
    };
    let scale = twos.max(fives);
    (rest_is_one && scale <= DISPLAY_SCALE).then_some(scale)
}

/// `units × 10^-scale` as text, without trailing fraction zeros and never as "-0".
fn format_units(units: &BigInt, scale: u32) -> CompactString {
    // The common case in 128 bits (no big-integer printing, no `fmt`).
    if let Some(units) = units.to_i128() {
        return super::decimal_path::decimal_text(units, scale);
    }
    let digits = units.abs().to_string();
    let scale = scale as usize;
    let padded = if digits.len() <= scale { format!("{}{}", "0".repeat(scale + 1 - digits.len()), digits) } else { digits };
    let (int, frac) = padded.split_at(padded.len() - scale);
    let frac = frac.trim_end_matches('0');
    let sign = if units.is_negative() { "-" } else { "" };
    // Past 128 bits: a value no receipt usually holds, so the text's allocation does not matter.
    CompactString::from(if frac.is_empty() { format!("{sign}{int}") } else { format!("{sign}{int}.{frac}") })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn r(n: i64, d: i64) -> Ratio {
        Ratio::new(BigInt::from(n), BigInt::from(d))
    }

    #[test]
    fn displays_exactly_when_it_terminates() {
        assert_eq!(display(&r(10962, 10000)), "1.0962");
        assert_eq!(display(&r(-1, 8)), "-0.125");
        assert_eq!(display(&r(0, 1)), "0");
        assert_eq!(display(&r(1200, 1)), "1200");
        assert_eq!(display(&r(10, 78)), "0.128205128205128205128205");
        assert_eq!(display(&r(2, 3)), "0.666666666666666666666667");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// The 128-bit display writes what the big-integer one writes, terminating or not.
        #[test]
        fn small_display_is_display(n in proptest::prelude::any::<i64>(), d in 1i64..i64::MAX, k in 0u32..20, small in -1000i64..1000, use_small: bool) {
            let n = if use_small { small } else { n };
            let d = if use_small { d % 1000 + 1 } else { d };
            // denominators with many factors of 2 and 5 as well as others
            let d = i128::from(d) * 10i128.pow(k % 8) * if k > 10 { 3 } else { 1 };
            let v = Ratio::new(BigInt::from(n), BigInt::from(d));
            if let Some(small) = display_small(i128::from(n), d) {
                proptest::prop_assert_eq!(small, display_big(&v));
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// Texts are written without `fmt`: the same as rust_decimal's normalised text.
        #[test]
        fn texts_are_rust_decimals_normalised_text(units in -(1i128 << 96) + 1..(1i128 << 96), scale in 0u32..=28, small in -100_000i128..100_000, use_small: bool) {
            let units = if use_small { small } else { units };
            let want = Decimal::from_i128_with_scale(units, scale).normalize().to_string();
            proptest::prop_assert_eq!(format_units(&BigInt::from(units), scale), want);
        }
    }

    #[test]
    fn converts_back_to_decimals_only_when_exact() {
        let v = from_decimal(Decimal::from_str("109.620000").unwrap());
        assert_eq!(to_decimal(&v, 2).unwrap().to_string(), "109.62");
        assert_eq!(to_decimal(&r(1, 3), 2), None);
        assert_eq!(to_decimal(&r(0, 1), 3).unwrap().to_string(), "0.000");
    }
}
