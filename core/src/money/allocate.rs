//! Allocation: split an amount by ratios with no minor unit lost or created.

use super::amount::Amount;
use super::currency::Currency;
use super::decimal::parse_decimal;
use super::ratio::pow10;
use crate::error::CrosspayError;
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};
use rust_decimal::Decimal;

/// Splits `amount` by `ratios` (non-negative decimal strings, not all zero). Each part gets the
/// floor of its exact share in minor units; the units left over go one each to the parts with
/// the largest remainders, ties to the earlier part. The parts always sum to `amount` exactly;
/// a negative amount (a refund) is split as its absolute value and negated.
pub fn allocate(amount: &Amount, ratios: &[String]) -> Result<Vec<Amount>, CrosspayError> {
    let weights = parse_ratios(ratios)?;
    let total_weight: BigInt = weights.iter().sum();
    let units = BigInt::from(amount.value().mantissa()); // the value is held at the minor units
    let magnitude = units.abs();

    // share_i = magnitude × w_i / W = floor_i + rem_i / W: all integers, one common denominator.
    let (mut parts, remainders): (Vec<BigInt>, Vec<BigInt>) = weights.iter().map(|w| (&magnitude * w).div_rem(&total_weight)).unzip();
    let given: BigInt = parts.iter().sum();
    let left = (&magnitude - given).to_usize().unwrap_or(0); // fewer than the number of parts
    let mut order: Vec<usize> = (0..parts.len()).collect();
    // Largest remainder first; the stable sort keeps ties in order, earlier part first.
    order.sort_by(|&a, &b| remainders[b].cmp(&remainders[a]));
    for &i in order.iter().take(left) {
        parts[i] += 1;
    }
    let sign = if units.is_negative() { -1 } else { 1 };
    parts.iter().map(|p| to_amount(&(p * sign), amount.currency())).collect()
}

fn to_amount(units: &BigInt, currency: Currency) -> Result<Amount, CrosspayError> {
    let overflow = || CrosspayError::overflow("an allocation part does not fit in 28 significant digits");
    let units = units.to_i128().ok_or_else(overflow)?;
    let value = Decimal::try_from_i128_with_scale(units, currency.minor_units()).map_err(|_| overflow())?;
    Ok(Amount::new_exact(value, currency))
}

/// The ratios as integers over one common power of ten.
fn parse_ratios(ratios: &[String]) -> Result<Vec<BigInt>, CrosspayError> {
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
    let scale = decimals.iter().map(Decimal::scale).max().unwrap_or(0);
    let weights: Vec<BigInt> = decimals.iter().map(|d| BigInt::from(d.mantissa()) * pow10(scale - d.scale())).collect();
    if weights.iter().all(Zero::is_zero) {
        return Err(CrosspayError::InvalidRatios { reason: "the ratios are all zero".into() });
    }
    Ok(weights)
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

    #[test]
    fn refuses_bad_ratios() {
        for bad in [&[][..], &["0", "0"], &["-1", "2"], &["1", "x"], &["1e2"]] {
            let ratios = bad.iter().map(|r| r.to_string()).collect();
            assert_eq!(allocate_amount("1.00", "HKD", ratios).unwrap_err().code(), "invalid_ratios", "{bad:?}");
        }
    }
}
