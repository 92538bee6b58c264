//! Signed integers of any size for the exact fractions of [`super::ratio`]: what a conversion,
//! an allocation or a reverse search needs (add, subtract, multiply, divide with remainder,
//! gcd, shift, compare, decimal text) and nothing more.
//!
//! Written here rather than taken from num-bigint, which was a fifth of the wallet module's
//! arithmetic (25 KB of wasm for operations, traits and radix conversions crosspay never uses);
//! the values are small (a few 32-bit limbs: 96-bit mantissas, powers of ten, quote prices), so
//! schoolbook multiplication and Knuth's long division (TAOCP 4.3.1, algorithm D) are the whole
//! of it. num-bigint stays as the tests' oracle: every operation is checked against it on
//! random and edge-case operands (the tests below).

mod limbs;

use limbs::{add_mag, cmp_mag, divrem_mag, divrem_small, limbs_of, mul_mag, shr_mag, sub_mag, trim, Limbs};
use std::cmp::Ordering;
use std::fmt;
use std::ops::{Add, AddAssign, Div, Mul, MulAssign, Neg, Rem, Shr, Sub, SubAssign};

/// An integer: a sign and a magnitude in 32-bit limbs, least significant first, with no zero
/// limb at the top (zero is no limbs and never negative).
#[derive(Clone, PartialEq, Eq, Default)]
pub(crate) struct BigInt {
    negative: bool,
    limbs: Vec<u32>,
}

impl BigInt {
    fn new(negative: bool, limbs: Limbs) -> Self {
        let limbs = trim(limbs);
        Self { negative: negative && !limbs.is_empty(), limbs }
    }

    pub fn one() -> Self {
        Self::from(1u8)
    }

    pub fn is_zero(&self) -> bool {
        self.limbs.is_empty()
    }

    pub fn is_one(&self) -> bool {
        !self.negative && self.limbs == [1]
    }

    pub fn is_negative(&self) -> bool {
        self.negative
    }

    pub fn is_positive(&self) -> bool {
        !self.negative && !self.limbs.is_empty()
    }

    pub fn is_even(&self) -> bool {
        self.limbs.first().is_none_or(|l| l & 1 == 0)
    }

    pub fn abs(&self) -> Self {
        Self { negative: false, limbs: self.limbs.clone() }
    }

    /// The number of zero bits at the bottom; `None` for zero.
    pub fn trailing_zeros(&self) -> Option<u64> {
        let i = self.limbs.iter().position(|&l| l != 0)?;
        Some(i as u64 * 32 + u64::from(self.limbs[i].trailing_zeros()))
    }

    fn magnitude(&self) -> Option<u128> {
        if self.limbs.len() > 4 {
            return None;
        }
        Some(self.limbs.iter().rev().fold(0u128, |acc, &l| (acc << 32) | u128::from(l)))
    }

    pub fn to_u128(&self) -> Option<u128> {
        if self.negative {
            return None;
        }
        self.magnitude()
    }

    pub fn to_i128(&self) -> Option<i128> {
        let m = self.magnitude()?;
        if self.negative {
            0i128.checked_sub_unsigned(m)
        } else {
            i128::try_from(m).ok()
        }
    }

    pub fn to_usize(&self) -> Option<usize> {
        self.to_u128().and_then(|m| usize::try_from(m).ok())
    }

    /// Quotient rounded toward zero and the remainder with the dividend's sign (`/` and `%`).
    /// `d` must not be zero.
    pub fn div_rem(&self, d: &Self) -> (Self, Self) {
        let (q, r) = divrem_mag(&self.limbs, &d.limbs);
        (Self::new(self.negative != d.negative, q), Self::new(self.negative, r))
    }

    /// Quotient rounded toward negative infinity and the remainder with the divisor's sign.
    /// `d` must not be zero.
    pub fn div_mod_floor(&self, d: &Self) -> (Self, Self) {
        let (q, r) = self.div_rem(d);
        if !r.is_zero() && r.negative != d.negative {
            (q - Self::one(), r + d)
        } else {
            (q, r)
        }
    }

    /// The greatest common divisor, never negative (0 for 0 and 0).
    pub fn gcd(&self, other: &Self) -> Self {
        let (mut a, mut b) = (self.limbs.clone(), other.limbs.clone());
        while !b.is_empty() {
            let (_, r) = divrem_mag(&a, &b);
            a = std::mem::replace(&mut b, r);
        }
        Self::new(false, a)
    }

    /// 10^n.
    pub fn pow10(n: u32) -> Self {
        let mut limbs = vec![1u32];
        for _ in 0..n / 9 {
            limbs = mul_mag(&limbs, &[1_000_000_000]);
        }
        Self::new(false, mul_mag(&limbs, &[10u32.pow(n % 9)]))
    }
}

macro_rules! from_unsigned {
    ($($t:ty),*) => {$(
        impl From<$t> for BigInt {
            fn from(v: $t) -> Self {
                Self { negative: false, limbs: limbs_of(v as u128) }
            }
        }
    )*};
}
macro_rules! from_signed {
    ($($t:ty),*) => {$(
        impl From<$t> for BigInt {
            fn from(v: $t) -> Self {
                Self { negative: v < 0, limbs: limbs_of((v as i128).unsigned_abs()) }
            }
        }
    )*};
}
from_unsigned!(u8, u32, u64, u128);
from_signed!(i32, i64, i128);

impl Ord for BigInt {
    fn cmp(&self, o: &Self) -> Ordering {
        match (self.negative, o.negative) {
            (false, true) => Ordering::Greater,
            (true, false) => Ordering::Less,
            (false, false) => cmp_mag(&self.limbs, &o.limbs),
            (true, true) => cmp_mag(&o.limbs, &self.limbs),
        }
    }
}

impl PartialOrd for BigInt {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

impl Neg for BigInt {
    type Output = BigInt;
    fn neg(self) -> BigInt {
        Self::new(!self.negative, self.limbs)
    }
}

/// `a + b` of signed magnitudes (the sum, or the difference when the signs differ).
fn add_signed(a_negative: bool, a: &[u32], b_negative: bool, b: &[u32]) -> BigInt {
    if a_negative == b_negative {
        return BigInt::new(a_negative, add_mag(a, b));
    }
    match cmp_mag(a, b) {
        Ordering::Equal => BigInt::default(),
        Ordering::Greater => BigInt::new(a_negative, sub_mag(a, b)),
        Ordering::Less => BigInt::new(b_negative, sub_mag(b, a)),
    }
}

impl Add<&BigInt> for &BigInt {
    type Output = BigInt;
    fn add(self, o: &BigInt) -> BigInt {
        add_signed(self.negative, &self.limbs, o.negative, &o.limbs)
    }
}

impl Sub<&BigInt> for &BigInt {
    type Output = BigInt;
    fn sub(self, o: &BigInt) -> BigInt {
        add_signed(self.negative, &self.limbs, !o.negative, &o.limbs)
    }
}

impl Mul<&BigInt> for &BigInt {
    type Output = BigInt;
    fn mul(self, o: &BigInt) -> BigInt {
        BigInt::new(self.negative != o.negative, mul_mag(&self.limbs, &o.limbs))
    }
}

impl Div<&BigInt> for &BigInt {
    type Output = BigInt;
    /// Rounded toward zero; `o` must not be zero.
    fn div(self, o: &BigInt) -> BigInt {
        self.div_rem(o).0
    }
}

impl Rem<&BigInt> for &BigInt {
    type Output = BigInt;
    fn rem(self, o: &BigInt) -> BigInt {
        self.div_rem(o).1
    }
}

forward_owned_ops!(BigInt; Add add, Sub sub, Mul mul, Div div);

impl AddAssign<&BigInt> for BigInt {
    /// In place when the signs agree (a sum of parts, a counter).
    fn add_assign(&mut self, o: &BigInt) {
        if self.negative != o.negative && !o.is_zero() && !self.is_zero() {
            *self = &*self + o;
            return;
        }
        if self.is_zero() {
            self.negative = o.negative;
        }
        limbs::add_into(&mut self.limbs, &o.limbs);
    }
}

impl SubAssign<&BigInt> for BigInt {
    fn sub_assign(&mut self, o: &BigInt) {
        *self = &*self - o;
    }
}

impl MulAssign<&BigInt> for BigInt {
    fn mul_assign(&mut self, o: &BigInt) {
        *self = &*self * o;
    }
}

impl Shr<u32> for &BigInt {
    type Output = BigInt;
    /// Rounded toward negative infinity, as an arithmetic shift.
    fn shr(self, bits: u32) -> BigInt {
        let shifted = BigInt::new(self.negative, shr_mag(&self.limbs, bits));
        let lost = self.trailing_zeros().is_some_and(|z| z < u64::from(bits));
        if self.negative && lost {
            shifted - BigInt::one()
        } else {
            shifted
        }
    }
}

impl<'a> std::iter::Sum<&'a BigInt> for BigInt {
    fn sum<I: Iterator<Item = &'a BigInt>>(iter: I) -> Self {
        iter.fold(BigInt::default(), |mut acc, x| {
            acc += x;
            acc
        })
    }
}

impl fmt::Display for BigInt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Nine decimal digits at a time, least significant first.
        let mut chunks = Vec::new();
        let mut rest = self.limbs.clone();
        while !rest.is_empty() {
            let (q, r) = divrem_small(&rest, 1_000_000_000);
            chunks.push(r);
            rest = q;
        }
        let mut text = String::with_capacity(chunks.len() * 9 + 1);
        if self.negative {
            text.push('-');
        }
        match chunks.split_last() {
            None => text.push('0'),
            Some((top, lower)) => {
                text.push_str(&top.to_string());
                for chunk in lower.iter().rev() {
                    text.push_str(&format!("{chunk:09}"));
                }
            }
        }
        f.write_str(&text)
    }
}

impl fmt::Debug for BigInt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::BigInt;
    use num_integer::Integer;
    use num_traits::{Signed, ToPrimitive, Zero};
    use proptest::prelude::*;

    type Oracle = num_bigint::BigInt;

    /// Limbs that reach the division's corner cases far more often than uniform ones: all ones,
    /// a lone high bit, zeros, small values.
    fn limb() -> impl Strategy<Value = u32> {
        prop_oneof![
            Just(0u32),
            Just(1),
            Just(u32::MAX),
            Just(u32::MAX - 1),
            Just(0x8000_0000),
            Just(0x7fff_ffff),
            Just(0xffff_0000),
            any::<u32>(),
            any::<u32>(),
            any::<u32>(),
        ]
    }

    fn pair() -> impl Strategy<Value = ((bool, Vec<u32>), Oracle)> {
        (any::<bool>(), proptest::collection::vec(limb(), 0..9)).prop_map(|(negative, limbs)| {
            let oracle = Oracle::from_slice(if negative { num_bigint::Sign::Minus } else { num_bigint::Sign::Plus }, &limbs);
            ((negative, limbs), oracle)
        })
    }

    fn ours((negative, limbs): &(bool, Vec<u32>)) -> BigInt {
        BigInt::new(*negative, limbs.clone())
    }

    fn same(a: &BigInt, b: &Oracle) -> bool {
        a.to_string() == b.to_string()
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]
        #[test]
        fn every_operation_is_num_bigints((a, oa) in pair(), (b, ob) in pair(), shift in 0u32..200) {
            let (a, b) = (ours(&a), ours(&b));
            prop_assert!(same(&a, &oa), "{a} {oa}");
            prop_assert!(same(&(&a + &b), &(&oa + &ob)));
            prop_assert!(same(&(&a - &b), &(&oa - &ob)));
            prop_assert!(same(&(&a * &b), &(&oa * &ob)));
            prop_assert!(same(&-a.clone(), &-oa.clone()));
            let (mut sum, mut difference, mut product) = (a.clone(), a.clone(), a.clone());
            sum += &b;
            difference -= &b;
            product *= &b;
            prop_assert!(same(&sum, &(&oa + &ob)) && same(&difference, &(&oa - &ob)) && same(&product, &(&oa * &ob)));
            prop_assert!(sum == &a + &b, "{sum:?}: limbs trimmed as the operator's");
            prop_assert!(same(&[a.clone(), b.clone(), a.clone()].iter().sum(), &(&oa + &ob + &oa)));
            prop_assert!(same(&a.abs(), &oa.abs()));
            prop_assert_eq!(a.cmp(&b), oa.cmp(&ob));
            prop_assert_eq!(a == b, oa == ob);
            prop_assert_eq!(a.is_zero(), oa.is_zero());
            prop_assert_eq!(a.is_negative(), oa.is_negative());
            prop_assert_eq!(a.is_positive(), oa.is_positive());
            prop_assert_eq!(a.is_even(), oa.is_even());
            prop_assert_eq!(a.is_one(), oa == Oracle::from(1));
            prop_assert_eq!(a.to_i128(), oa.to_i128());
            prop_assert_eq!(a.to_u128(), oa.to_u128());
            prop_assert_eq!(a.to_usize(), oa.to_usize());
            prop_assert_eq!(a.trailing_zeros(), oa.trailing_zeros());
            prop_assert!(same(&(&a >> shift), &(&oa >> shift)));
            prop_assert!(same(&a.gcd(&b), &oa.gcd(&ob)));
            if !b.is_zero() {
                let (q, r) = a.div_rem(&b);
                let (oq, or) = oa.div_rem(&ob);
                prop_assert!(same(&q, &oq) && same(&r, &or), "{a} / {b}: {q} {r}, want {oq} {or}");
                let (q, r) = a.div_mod_floor(&b);
                let (oq, or) = oa.div_mod_floor(&ob);
                prop_assert!(same(&q, &oq) && same(&r, &or), "{a} div_mod_floor {b}");
                prop_assert!(same(&(&a / &b), &(&oa / &ob)));
                prop_assert!(same(&(&a % &b), &(&oa % &ob)));
            }
        }

        #[test]
        fn conversions_are_num_bigints(v in any::<i128>(), u in any::<u128>(), n in 0u32..120) {
            prop_assert!(same(&BigInt::from(v), &Oracle::from(v)));
            prop_assert!(same(&BigInt::from(u), &Oracle::from(u)));
            prop_assert!(same(&BigInt::from(v as i64), &Oracle::from(v as i64)));
            prop_assert!(same(&BigInt::pow10(n), &num_traits::pow(Oracle::from(10u8), n as usize)));
        }
    }

    /// Divisions whose first quotient estimate is two too large, and one that needs the
    /// add-back step (D6), in 32-bit limbs: the cases Hacker's Delight's divmnu test gives in
    /// 16-bit ones, scaled.
    #[test]
    fn long_division_corner_cases() {
        let cases: [(&[u32], &[u32]); 4] = [
            (&[0, 0, 0x8000_0000, 0x7fff_ffff], &[1, 0, 0x8000_0000]),
            (&[0, 0xffff_fffe, 0x8000_0000], &[0xffff_ffff, 0x8000_0000]),
            (&[3, 0, 0x8000_0000], &[1, 0, 0x2000_0000]),
            (&[0, 0, 0x8000_0000, 0x7fff_ffff, 7], &[1, 0x8000_0000, 0xffff_ffff]),
        ];
        for (a, b) in cases {
            let (q, r) = BigInt::new(false, a.to_vec()).div_rem(&BigInt::new(false, b.to_vec()));
            let oracle = Oracle::from_slice(num_bigint::Sign::Plus, a).div_rem(&Oracle::from_slice(num_bigint::Sign::Plus, b));
            assert!(same(&q, &oracle.0) && same(&r, &oracle.1), "{a:x?} / {b:x?}");
        }
    }

    #[test]
    fn texts() {
        assert_eq!(BigInt::default().to_string(), "0");
        assert_eq!(BigInt::from(-1_000_000_000i64).to_string(), "-1000000000");
        assert_eq!((BigInt::pow10(40) + BigInt::from(7u8)).to_string(), format!("1{}7", "0".repeat(39)));
    }
}
