//! Unsigned magnitudes in 32-bit limbs, least significant first: the arithmetic under
//! [`super::BigInt`] (its signs are handled there). Results have no zero limb at the top.

use std::cmp::Ordering;

pub(super) type Limbs = Vec<u32>;

pub(super) fn trim(mut limbs: Limbs) -> Limbs {
    while limbs.last() == Some(&0) {
        limbs.pop();
    }
    limbs
}

pub(super) fn cmp_mag(a: &[u32], b: &[u32]) -> Ordering {
    a.len().cmp(&b.len()).then_with(|| a.iter().rev().cmp(b.iter().rev()))
}

/// `acc += b`, in place.
pub(super) fn add_into(acc: &mut Limbs, b: &[u32]) {
    if acc.len() < b.len() {
        acc.resize(b.len(), 0);
    }
    let mut carry = 0u64;
    for (i, limb) in acc.iter_mut().enumerate() {
        if carry == 0 && i >= b.len() {
            break;
        }
        let sum = u64::from(*limb) + u64::from(b.get(i).copied().unwrap_or(0)) + carry;
        *limb = sum as u32;
        carry = sum >> 32;
    }
    if carry > 0 {
        acc.push(carry as u32);
    }
}

pub(super) fn add_mag(a: &[u32], b: &[u32]) -> Limbs {
    let (long, short) = if a.len() >= b.len() { (a, b) } else { (b, a) };
    let mut out = Vec::with_capacity(long.len() + 1);
    out.extend_from_slice(long);
    add_into(&mut out, short);
    out
}

/// `a - b` for `a ≥ b`.
pub(super) fn sub_mag(a: &[u32], b: &[u32]) -> Limbs {
    let mut out = Vec::with_capacity(a.len());
    let mut borrow = 0i64;
    for (i, &x) in a.iter().enumerate() {
        let diff = i64::from(x) - i64::from(b.get(i).copied().unwrap_or(0)) - borrow;
        out.push(diff as u32);
        borrow = i64::from(diff < 0);
    }
    debug_assert_eq!(borrow, 0, "sub_mag of a smaller magnitude");
    trim(out)
}

/// A magnitude of at most two limbs as a `u64` (the common case, in wasm's own 64-bit integers).
pub(super) fn small(a: &[u32]) -> Option<u64> {
    match *a {
        [] => Some(0),
        [lo] => Some(u64::from(lo)),
        [lo, hi] => Some((u64::from(hi) << 32) | u64::from(lo)),
        _ => None,
    }
}

pub(super) fn mul_mag(a: &[u32], b: &[u32]) -> Limbs {
    if a.is_empty() || b.is_empty() {
        return Vec::new();
    }
    if a.len() + b.len() <= 2 {
        return limbs_of(u128::from(a[0]) * u128::from(b[0]));
    }
    let mut out = vec![0u32; a.len() + b.len()];
    for (i, &x) in a.iter().enumerate() {
        let mut carry = 0u64;
        for (j, &y) in b.iter().enumerate() {
            let t = u64::from(x) * u64::from(y) + u64::from(out[i + j]) + carry;
            out[i + j] = t as u32;
            carry = t >> 32;
        }
        out[i + b.len()] = carry as u32;
    }
    trim(out)
}

/// `a / d` and `a % d` for a one-limb `d > 0`.
pub(super) fn divrem_small(a: &[u32], d: u32) -> (Limbs, u32) {
    let mut q = vec![0u32; a.len()];
    let mut rem = 0u64;
    for (i, &x) in a.iter().enumerate().rev() {
        let cur = (rem << 32) | u64::from(x);
        q[i] = (cur / u64::from(d)) as u32;
        rem = cur % u64::from(d);
    }
    (trim(q), rem as u32)
}

/// Quotient and remainder of magnitudes, `b` not zero: Knuth's algorithm D.
pub(super) fn divrem_mag(a: &[u32], b: &[u32]) -> (Limbs, Limbs) {
    debug_assert!(!b.is_empty(), "division by zero");
    if cmp_mag(a, b) == Ordering::Less {
        return (Vec::new(), a.to_vec());
    }
    if let (Some(x), Some(y)) = (small(a), small(b)) {
        return (limbs_of(u128::from(x / y)), limbs_of(u128::from(x % y)));
    }
    if b.len() == 1 {
        let (q, r) = divrem_small(a, b[0]);
        return (q, if r == 0 { Vec::new() } else { vec![r] });
    }
    // D1: normalise so that the divisor's top limb has its high bit set.
    let shift = b[b.len() - 1].leading_zeros();
    let v = shl_bits(b, shift);
    let mut u = shl_bits(a, shift);
    u.resize(a.len() + 1, 0);
    let n = v.len();
    let m = a.len() - n;
    let mut q = vec![0u32; m + 1];
    let (v_top, v_next) = (u64::from(v[n - 1]), u64::from(v[n - 2]));
    for j in (0..=m).rev() {
        // D3: estimate the quotient digit from the top two limbs, then correct it at most twice.
        let top = (u64::from(u[j + n]) << 32) | u64::from(u[j + n - 1]);
        let mut qhat = top / v_top;
        let mut rhat = top % v_top;
        while qhat > u64::from(u32::MAX) || qhat * v_next > ((rhat << 32) | u64::from(u[j + n - 2])) {
            qhat -= 1;
            rhat += v_top;
            if rhat > u64::from(u32::MAX) {
                break;
            }
        }
        // D4: multiply and subtract.
        let mut borrow = 0i64;
        let mut carry = 0u64;
        for i in 0..n {
            let p = qhat * u64::from(v[i]) + carry;
            carry = p >> 32;
            let t = i64::from(u[i + j]) - borrow - i64::from(p as u32);
            u[i + j] = t as u32;
            borrow = i64::from(t < 0);
        }
        let t = i64::from(u[j + n]) - borrow - carry as i64;
        u[j + n] = t as u32;
        // D5, D6: the estimate was one too large (rare): add the divisor back.
        if t < 0 {
            qhat -= 1;
            let mut carry = 0u64;
            for i in 0..n {
                let s = u64::from(u[i + j]) + u64::from(v[i]) + carry;
                u[i + j] = s as u32;
                carry = s >> 32;
            }
            u[j + n] = u[j + n].wrapping_add(carry as u32);
        }
        q[j] = qhat as u32;
    }
    // D8: the remainder is what is left of `u`, shifted back.
    u.truncate(n);
    (trim(q), shr_mag(&trim(u), shift))
}

/// `a` shifted left by `bits` < 32 (one more limb when it carries out).
pub(super) fn shl_bits(a: &[u32], bits: u32) -> Limbs {
    if bits == 0 {
        return a.to_vec();
    }
    let mut out = Vec::with_capacity(a.len() + 1);
    let mut carry = 0u32;
    for &x in a {
        out.push((x << bits) | carry);
        carry = x >> (32 - bits);
    }
    if carry > 0 {
        out.push(carry);
    }
    out
}

pub(super) fn shr_mag(a: &[u32], bits: u32) -> Limbs {
    let limbs = (bits / 32) as usize;
    let bits = bits % 32;
    if limbs >= a.len() {
        return Vec::new();
    }
    let a = &a[limbs..];
    if bits == 0 {
        return a.to_vec();
    }
    let out = (0..a.len()).map(|i| (a[i] >> bits) | a.get(i + 1).map_or(0, |&next| next << (32 - bits))).collect();
    trim(out)
}

/// The limbs of `v`, as many as it needs.
pub(super) fn limbs_of(mut v: u128) -> Limbs {
    let mut limbs = Vec::with_capacity(((128 - v.leading_zeros()) as usize).div_ceil(32));
    while v != 0 {
        limbs.push(v as u32);
        v >>= 32;
    }
    limbs
}
