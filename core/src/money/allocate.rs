//! Allocation: split an amount by ratios with no minor unit lost or created.

use super::amount::Amount;
use super::bigint::BigInt;
use super::currency::Currency;
use super::decimal::{parse_decimal, ten_to};
use super::ratio::pow10;
use crate::error::CrosspayError;
use rust_decimal::Decimal;

/// Splits `amount` by `ratios` (non-negative decimal strings, not all zero). Each part gets the
/// floor of its exact share in minor units; the units left over go one each to the parts with
/// the largest remainders, ties to the earlier part. The parts always sum to `amount` exactly;
/// a negative amount (a refund) is split as its absolute value and negated.
pub fn allocate(amount: &Amount, ratios: &[String]) -> Result<Vec<Amount>, CrosspayError> {
    let (decimals, scale) = parse_ratios(ratios)?;
    let units = amount.value().mantissa(); // the value is held at the minor units
    let magnitude = units.unsigned_abs();
    // In 128 bits when every product fits (the common case: no allocation per number), else in
    // integers of any size; the same shares either way.
    let parts = match shares_in_128_bits(magnitude, &decimals, scale) {
        Some((floors, remainders, left)) => largest_remainder(floors, &remainders, left, |p| *p += 1),
        None => {
            let (floors, remainders, left) = shares(magnitude, &decimals, scale);
            let parts = largest_remainder(floors, &remainders, left, |p| *p += &BigInt::one());
            parts.iter().map(|p| p.to_u128().unwrap_or(u128::MAX)).collect()
        }
    };
    parts.into_iter().map(|p| to_amount(p, units < 0, amount.currency())).collect()
}

/// Each part's floor and remainder of `magnitude × w / W` (`W` the weights' sum), and how many
/// minor units the floors leave over (fewer than the number of parts), in 128 bits when it fits.
fn shares_in_128_bits(magnitude: u128, decimals: &[Decimal], scale: u32) -> Option<(Vec<u128>, Vec<u128>, usize)> {
    let weight = |d: &Decimal| u128::try_from(d.mantissa()).ok()?.checked_mul(ten_to(scale - d.scale())?.try_into().ok()?);
    let weights = decimals.iter().map(weight).collect::<Option<Vec<u128>>>()?;
    let total = weights.iter().try_fold(0u128, |t, &w| t.checked_add(w))?;
    let (mut floors, mut remainders) = (Vec::with_capacity(weights.len()), Vec::with_capacity(weights.len()));
    for w in weights {
        let share = magnitude.checked_mul(w)?;
        floors.push(share / total);
        remainders.push(share % total);
    }
    let given: u128 = floors.iter().sum(); // at most `magnitude`
    Some((floors, remainders, usize::try_from(magnitude - given).ok()?))
}

/// [`shares_in_128_bits`] in integers of any size.
fn shares(magnitude: u128, decimals: &[Decimal], scale: u32) -> (Vec<BigInt>, Vec<BigInt>, usize) {
    let weights: Vec<BigInt> = decimals.iter().map(|d| BigInt::from(d.mantissa()) * pow10(scale - d.scale())).collect();
    let total: BigInt = weights.iter().sum();
    let magnitude = BigInt::from(magnitude);
    let (floors, remainders): (Vec<BigInt>, Vec<BigInt>) = weights.iter().map(|w| (&magnitude * w).div_rem(&total)).unzip();
    let given: BigInt = floors.iter().sum();
    let left = (&magnitude - given).to_usize().unwrap_or(0);
    (floors, remainders, left)
}

/// The floors with one more unit each for the `left` parts of largest remainder (a stable sort:
/// ties to the earlier part).
fn largest_remainder<T: Ord>(mut floors: Vec<T>, remainders: &[T], left: usize, add_one: impl Fn(&mut T)) -> Vec<T> {
    let mut order: Vec<usize> = (0..floors.len()).collect();
    order.sort_by(|&a, &b| remainders[b].cmp(&remainders[a]));
    for &i in order.iter().take(left) {
        add_one(&mut floors[i]);
    }
    floors
}

/// A part (never more than the amount split, so it always fits) as an amount.
fn to_amount(units: u128, negative: bool, currency: Currency) -> Result<Amount, CrosspayError> {
    let overflow = || CrosspayError::overflow("an allocation part does not fit in 28 significant digits");
    let units = i128::try_from(units).map_err(|_| overflow())?;
    let value = Decimal::try_from_i128_with_scale(if negative { -units } else { units }, currency.minor_units()).map_err(|_| overflow())?;
    Ok(Amount::new_exact(value, currency))
}

/// The ratios as decimals, and the largest scale among them (the common power of ten).
fn parse_ratios(ratios: &[String]) -> Result<(Vec<Decimal>, u32), CrosspayError> {
    if ratios.is_empty() {
        return Err(CrosspayError::InvalidRatios { reason: "at least one ratio is needed".into() });
    }
    let decimals = ratios
        .iter()
        .enumerate()
        .map(|(i, r)| {
            parse_decimal(r, false)
                .map_err(|why| CrosspayError::InvalidRatios { reason: format!("ratio {} {r:?}: {}", i + 1, why.reason()) })
        })
        .collect::<Result<Vec<Decimal>, _>>()?;
    if decimals.iter().all(Decimal::is_zero) {
        return Err(CrosspayError::InvalidRatios { reason: "the ratios are all zero".into() });
    }
    let scale = decimals.iter().map(Decimal::scale).max().unwrap_or(0);
    Ok((decimals, scale))
}

/// Splits `amount` of `currency` by `ratios`; the parts sum to it exactly (see [`allocate`]).
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn allocate_amount(amount: &str, currency: &str, ratios: Vec<String>) -> Result<Vec<String>, CrosspayError> {
    let amount = Amount::parse(amount, Currency::from_code(currency)?)?;
    Ok(allocate(&amount, &ratios)?.iter().map(Amount::to_text).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(amount: &str, currency: &str, ratios: &[&str]) -> Vec<String> {
        allocate_amount(amount, currency, ratios.iter().map(|r| r.to_string()).collect()).unwrap()
    }

    #[test]
    fn largest_remainder_with_ties_to_the_earlier_part() {
        assert_eq!(split("100.00", "HKD", &["1", "1", "1"]), ["33.34", "33.33", "33.33"]);
        assert_eq!(split("0.05", "HKD", &["1", "1"]), ["0.03", "0.02"]);
        assert_eq!(split("10.00", "HKD", &["1", "2", "3"]), ["1.67", "3.33", "5.00"]);
        assert_eq!(split("100", "JPY", &["0.5", "0.25", "0.25"]), ["50", "25", "25"]);
        assert_eq!(split("-0.05", "HKD", &["1", "1"]), ["-0.03", "-0.02"]);
        assert_eq!(split("1.000", "KWD", &["0", "1", "0"]), ["0.000", "1.000", "0.000"]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// The 128-bit shares are the shares in integers of any size, whenever they fit.
        #[test]
        fn shares_in_128_bits_are_the_big_ones(
            magnitude in 0u128..(1 << 96),
            small in 0u128..1_000_000,
            ratios in proptest::collection::vec((0i64..i64::MAX, 0u32..12), 1..6),
            use_small: bool,
        ) {
            let magnitude = if use_small { small } else { magnitude };
            let decimals: Vec<Decimal> = ratios.iter().map(|&(m, s)| Decimal::new(if use_small { m % 1000 } else { m }, s)).collect();
            proptest::prop_assume!(!decimals.iter().all(Decimal::is_zero));
            let scale = decimals.iter().map(Decimal::scale).max().unwrap_or(0);
            let (floors, remainders, left) = shares(magnitude, &decimals, scale);
            if let Some((f, r, l)) = shares_in_128_bits(magnitude, &decimals, scale) {
                proptest::prop_assert_eq!(l, left);
                proptest::prop_assert!(f.iter().map(|&x| BigInt::from(x)).eq(floors.iter().cloned()));
                proptest::prop_assert!(r.iter().map(|&x| BigInt::from(x)).eq(remainders.iter().cloned()));
            }
        }
    }

    #[test]
    fn refuses_bad_ratios() {
        for bad in [&[][..], &["0", "0"], &["-1", "2"], &["1", "x"], &["1e2"]] {
            let ratios = bad.iter().map(|r| r.to_string()).collect();
            assert_eq!(allocate_amount("1.00", "HKD", ratios).unwrap_err().code(), "invalid_ratios", "{bad:?}");
        }
    }
}
