//! k·G, and the ECDSA signature built on it.
//!
//! With the feature `precomputed-tables`, k·G comes from a table of the generator's multiples
//! held in affine form. p256's own table (primeorder's `BasepointTable`) holds projective
//! points, so each of a signature's 65 table additions is a full projective addition (12
//! multiplications) and each constant-time lookup moves three coordinates; affine multiples take
//! the mixed addition (11 multiplications, fewer additions) and a lookup moves two: a signature
//! 6-11 % faster in wasm, 7 % natively, and the table 19 KB instead of 25 KB. In the npm modules
//! (built for size) the lookup and the loop are optimised for speed: 3-6 % faster again. The arithmetic, the
//! complete addition formulas and the scalar's signed radix-16 digits are p256's and
//! primeorder's; this module arranges them, in constant time: every lookup reads every entry of
//! its row, and nothing branches on the scalar. Without the feature, p256's multiplication.
//!
//! The signature is RFC 6979's (k from the `rfc6979` crate, HMAC-SHA-256), normalised to low-S:
//! byte for byte what p256's `SigningKey::sign` returns, which the tests check.

use p256::ecdsa::Signature;
use p256::elliptic_curve::ops::{Invert, Reduce};
use p256::elliptic_curve::point::AffineCoordinates;
use p256::elliptic_curve::{Curve as _, PrimeField};
use p256::{NistP256, NonZeroScalar, Scalar, U256};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

#[cfg(feature = "precomputed-tables")]
pub(crate) use table::{build_table, mul_generator};

/// k·G in constant time (p256's multiplication: no table).
#[cfg(not(feature = "precomputed-tables"))]
pub(crate) fn mul_generator(k: &Scalar) -> p256::ProjectivePoint {
    use p256::elliptic_curve::group::Group;
    p256::ProjectivePoint::mul_by_generator(k)
}

#[cfg(feature = "precomputed-tables")]
mod table {
    use p256::elliptic_curve::group::Group;
    use p256::elliptic_curve::point::BatchNormalize;
    use p256::elliptic_curve::subtle::{Choice, ConditionallyNegatable, ConditionallySelectable, ConstantTimeEq};
    use p256::{AffinePoint, NistP256, ProjectivePoint, Scalar};
    use primeorder::{Radix16Decomposition, Radix16Digits};
    use std::sync::OnceLock;

    /// Rows of the table: row `i` holds j·256^i·G for j = 1..=8 (32 bytes of scalar, and one more
    /// row for the top digit of the signed recoding).
    const ROWS: usize = 33;
    const PER_ROW: usize = 8;

    type Row = [AffinePoint; PER_ROW];

    /// Held in place (no heap): the mini-program build runs [`build_table`] at build time and
    /// ships the memory it leaves (js/scripts/generator-table.mjs knows the layout).
    static TABLE: OnceLock<[Row; ROWS]> = OnceLock::new();

    fn build() -> [Row; ROWS] {
        let mut projective = [ProjectivePoint::IDENTITY; ROWS * PER_ROW];
        let mut base = ProjectivePoint::GENERATOR;
        for row in projective.chunks_exact_mut(PER_ROW) {
            let mut p = base;
            for point in row {
                *point = p;
                p += base;
            }
            for _ in 0..8 {
                base = base.double();
            }
        }
        // The array form allocates nothing (the mini-program build runs this where memory cannot
        // grow): one inversion for every point.
        let affine: [AffinePoint; ROWS * PER_ROW] = <ProjectivePoint as BatchNormalize<_>>::batch_normalize(&projective);
        let mut table = [[AffinePoint::IDENTITY; PER_ROW]; ROWS];
        for (row, points) in table.iter_mut().zip(affine.chunks_exact(PER_ROW)) {
            row.copy_from_slice(points);
        }
        table
    }

    /// Builds the table now (the first key or signature would otherwise).
    pub(crate) fn build_table() {
        TABLE.get_or_init(build);
    }

    /// `digit`·(the row's point), `digit` in -8..=8, reading every entry of the row.
    #[cfg_attr(crosspay_speed, optimize(speed))]
    fn select(row: &Row, digit: i8) -> AffinePoint {
        let sign = digit >> 7; // -1 when negative, else 0
        let magnitude = ((digit + sign) ^ sign) as u8;
        let mut point = AffinePoint::IDENTITY;
        for (j, candidate) in (1u8..).zip(row) {
            point.conditional_assign(candidate, magnitude.ct_eq(&j));
        }
        point.conditional_negate(Choice::from((sign & 1) as u8));
        point
    }

    /// k·G in constant time: the even radix-16 digits summed directly, the odd ones summed and
    /// then multiplied by 16, each digit's multiple taken from its row (primeorder's scheme).
    #[cfg_attr(crosspay_speed, optimize(speed))]
    pub(crate) fn mul_generator(k: &Scalar) -> ProjectivePoint {
        let table = TABLE.get_or_init(build);
        let digits = Radix16Decomposition::<Radix16Digits<NistP256>>::new(k);
        let last = ROWS - 1;
        let mut even = ProjectivePoint::from(select(&table[last], digits[2 * last]));
        let mut odd = ProjectivePoint::IDENTITY;
        for i in (0..last).rev() {
            odd += select(&table[i], digits[2 * i + 1]);
            even += select(&table[i], digits[2 * i]);
        }
        for _ in 0..4 {
            odd = odd.double();
        }
        even + odd
    }
}

/// ECDSA P-256 / SHA-256 of `message` with `d`: RFC 6979's k, low-S.
pub(crate) fn sign(d: &NonZeroScalar, message: &[u8]) -> Signature {
    let digest = Sha256::digest(message);
    let z = <Scalar as Reduce<U256>>::reduce(&U256::from_be_slice(&digest));
    let order = NistP256::ORDER;
    let secret = Zeroizing::new(d.to_repr());
    let mut kgen = rfc6979::KGenerator::<Sha256, U256>::new(&secret, &digest, &[], &order);
    loop {
        let mut k_bytes = Zeroizing::new(p256::FieldBytes::default());
        kgen.fill_next_k(&mut k_bytes);
        let Some(k) = Option::<NonZeroScalar>::from(NonZeroScalar::from_repr(*k_bytes)) else { continue };
        let k = Zeroizing::new(k);
        let r_point = mul_generator(&k).to_affine();
        let r = <Scalar as Reduce<U256>>::reduce(&U256::from_be_slice(&r_point.x()));
        let k_inv = Zeroizing::new(*Invert::invert(&*k));
        let s = *k_inv * (z + r * d.as_ref());
        // `from_scalars` refuses r = 0 or s = 0 (a new k is drawn, as RFC 6979 says).
        if let Ok(signature) = Signature::from_scalars(r, s) {
            return signature.normalize_s();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::ecdsa::signature::Signer;
    use p256::ecdsa::SigningKey;
    use p256::ProjectivePoint;

    #[test]
    fn the_table_multiplies_as_p256_does() {
        let edge = [Scalar::ZERO, Scalar::ONE, -Scalar::ONE, Scalar::from(8u64), Scalar::from(9u64), -Scalar::from(8u64)];
        for k in edge {
            assert_eq!(mul_generator(&k).to_affine(), (ProjectivePoint::GENERATOR * k).to_affine());
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(500))]
        #[test]
        fn k_g_is_p256s(bytes in proptest::prelude::any::<[u8; 32]>()) {
            let k = <Scalar as Reduce<U256>>::reduce(&U256::from_be_slice(&bytes));
            proptest::prop_assert_eq!(mul_generator(&k).to_affine(), (ProjectivePoint::GENERATOR * k).to_affine());
        }

        #[test]
        fn keys_have_p256s_public_point(secret in proptest::prelude::any::<[u8; 32]>()) {
            if let Ok(theirs) = SigningKey::from_slice(&secret) {
                let ours = crate::keys::PrivateKey::from_raw(&secret).expect("p256 took the scalar");
                proptest::prop_assert_eq!(ours.public_key().to_sec1(false), theirs.verifying_key().to_sec1_point(false).as_bytes().to_vec());
            }
        }

        #[test]
        fn signatures_are_p256s(secret in proptest::prelude::any::<[u8; 32]>(), message in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200)) {
            if let Ok(key) = SigningKey::from_slice(&secret) {
                let theirs: Signature = key.sign(&message);
                proptest::prop_assert_eq!(sign(key.as_nonzero_scalar(), &message), theirs.normalize_s());
            }
        }
    }
}
