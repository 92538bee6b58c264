//! Exact arithmetic for rates and conversions: rationals over big integers, so that inverse and
//! cross rates (1/7.8 never terminates) are carried exactly and rounded once, at the end.

use super::rounding::RoundingMode;
use num_bigint::BigInt;
use num_integer::Integer;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};
use rust_decimal::Decimal;
use std::cmp::Ordering;

pub(crate) type Ratio = BigRational;

/// Fraction digits shown for a value whose decimal expansion does not terminate (or is longer):
/// such display strings are rounded half-even here; computations never use them.
pub const DISPLAY_SCALE: u32 = 24;

pub(crate) fn pow10(n: u32) -> BigInt {
    num_traits::pow(BigInt::from(10u8), n as usize)
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
    let ceil = &floor + 1;
    let positive = q.is_positive();
    let toward_zero = |f: BigInt, c: BigInt| if positive { f } else { c };
    let away_from_zero = |f: BigInt, c: BigInt| if positive { c } else { f };
    match mode {
        RoundingMode::Floor => floor,
        RoundingMode::Ceiling => ceil,
        RoundingMode::Down => toward_zero(floor, ceil),
        RoundingMode::Up => away_from_zero(floor, ceil),
        RoundingMode::HalfUp | RoundingMode::HalfDown | RoundingMode::HalfEven => {
            match (&rem * 2u8).cmp(q.denom()) {
                Ordering::Less => floor,
                Ordering::Greater => ceil,
                Ordering::Equal => match mode {
                    RoundingMode::HalfUp => away_from_zero(floor, ceil),
                    RoundingMode::HalfDown => toward_zero(floor, ceil),
                    _ if floor.is_even() => floor,
                    _ => ceil,
                },
            }
        }
    }
}

/// `v` as a Decimal with exactly `scale` fraction digits, if `v` is a multiple of 10^-scale and
/// fits rust_decimal's 96-bit mantissa.
pub(crate) fn to_decimal(v: &Ratio, scale: u32) -> Option<Decimal> {
    let scaled = v * Ratio::from_integer(pow10(scale));
    if !scaled.is_integer() {
        return None;
    }
    let units = scaled.to_integer().to_i128()?;
    let mut d = Decimal::try_from_i128_with_scale(units, scale).ok()?;
    if d.is_zero() {
        d.set_sign_positive(true);
    }
    Some(d)
}

/// The shortest decimal text of `v`: exact when its expansion terminates within
/// [`DISPLAY_SCALE`] fraction digits, otherwise rounded half-even to that many.
pub(crate) fn display(v: &Ratio) -> String {
    let denom = v.denom();
    for scale in 0..=DISPLAY_SCALE {
        let p = pow10(scale);
        if (&p % denom).is_zero() {
            return format_units(&(v.numer() * (p / denom)), scale);
        }
    }
    let units = round_to_integer(&(v * Ratio::from_integer(pow10(DISPLAY_SCALE))), RoundingMode::HalfEven);
    format_units(&units, DISPLAY_SCALE)
}

/// `units × 10^-scale` as text, without trailing fraction zeros and never as "-0".
fn format_units(units: &BigInt, scale: u32) -> String {
    let digits = units.abs().to_string();
    let scale = scale as usize;
    let padded = if digits.len() <= scale {
        format!("{}{}", "0".repeat(scale + 1 - digits.len()), digits)
    } else {
        digits
    };
    let (int, frac) = padded.split_at(padded.len() - scale);
    let frac = frac.trim_end_matches('0');
    let sign = if units.is_negative() { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    }
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

    #[test]
    fn rounds_ties_by_mode() {
        use RoundingMode::*;
        for (n, d, mode, want) in [
            (5, 2, HalfUp, 3), (5, 2, HalfDown, 2), (5, 2, HalfEven, 2), (7, 2, HalfEven, 4),
            (-5, 2, HalfUp, -3), (-5, 2, HalfDown, -2), (-5, 2, HalfEven, -2),
            (11, 10, Up, 2), (-11, 10, Up, -2), (19, 10, Down, 1), (-19, 10, Down, -1),
            (-11, 10, Ceiling, -1), (-11, 10, Floor, -2), (4, 2, Up, 2),
        ] {
            assert_eq!(round_to_integer(&r(n, d), mode), BigInt::from(want), "{n}/{d} {mode}");
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
