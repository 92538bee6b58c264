//! Benchmarks of keys and signatures, reported in docs/benchmarks.md as ratios against the
//! `p256` crate used directly in the same run. Run: `cargo bench -p crosspay-core --bench keys`.

use criterion::{criterion_group, criterion_main, Criterion};
use crosspay_core::{HighSPolicy, PrivateKey, SignatureFormat};
use p256::ecdsa::signature::{Signer, Verifier};
use std::hint::black_box;

fn benches(c: &mut Criterion) {
    let key = PrivateKey::from_entropy(b"benchmark seed: thirty-two or more bytes of it").unwrap();
    let public = key.public_key();
    let pkcs8 = key.to_pkcs8_der();
    let raw = key.to_raw();
    let msg = b"crosspay paycode v1: counter 42, HKD 23.50";
    let sig = key.sign(msg, SignatureFormat::P1363);
    let peer_key = p256::ecdsa::SigningKey::from_slice(&raw).unwrap();
    let peer_public = *peer_key.verifying_key();
    let peer_sig: p256::ecdsa::Signature = peer_key.sign(msg);

    let mut g = c.benchmark_group("keys");
    g.bench_function("crosspay/generate", |b| b.iter(|| PrivateKey::generate().unwrap()));
    g.bench_function("crosspay/from-entropy", |b| b.iter(|| PrivateKey::from_entropy(black_box(&raw[..])).unwrap()));
    g.bench_function("crosspay/sign-p1363", |b| b.iter(|| key.sign(black_box(msg), SignatureFormat::P1363)));
    g.bench_function("crosspay/sign-reparsing-pkcs8-each-time", |b| {
        b.iter(|| PrivateKey::from_pkcs8_der(black_box(&pkcs8)).unwrap().sign(msg, SignatureFormat::P1363))
    });
    g.bench_function("crosspay/verify-strict", |b| {
        b.iter(|| public.verify(black_box(msg), black_box(&sig), SignatureFormat::P1363, HighSPolicy::Reject))
    });
    g.bench_function("crosspay/kid", |b| b.iter(|| public.kid()));
    g.bench_function("peer/p256-generate", |b| {
        b.iter(|| {
            let mut scalar = [0u8; 32];
            rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut scalar);
            p256::ecdsa::SigningKey::from_slice(&scalar)
        })
    });
    g.bench_function("peer/p256-sign", |b| b.iter(|| -> p256::ecdsa::Signature { peer_key.sign(black_box(msg)) }));
    g.bench_function("peer/p256-verify", |b| b.iter(|| peer_public.verify(black_box(msg), &peer_sig)));
    g.finish();
}

criterion_group! {
    name = key_benches;
    config = Criterion::default().warm_up_time(std::time::Duration::from_millis(500)).measurement_time(std::time::Duration::from_secs(2));
    targets = benches
}
criterion_main!(key_benches);
