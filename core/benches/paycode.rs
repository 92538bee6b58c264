//! Payment codes: generate and verify (with and without the certificate cache), reported in
//! docs/benchmarks.md as ratios against the p256 crate's bare ECDSA sign/verify in the same run
//! (a code costs one device signature to make, one or two signature checks to verify).
//! Run: `cargo bench -p crosspay-core --bench paycode`.

use criterion::{criterion_group, criterion_main, Criterion};
use crosspay_core::*;
use p256::ecdsa::signature::{Signer, Verifier as _};
use std::hint::black_box;

fn key(n: u8) -> PrivateKey {
    PrivateKey::from_raw(&[n; 32]).unwrap()
}

fn paycode(c: &mut Criterion) {
    let (root, issuer, device) = (key(1), key(2), key(3));
    let doc = serde_json::json!({"type": "crosspay-trust-list", "version": 1, "sequence": 1, "issued_at": "2026-11-01T00:00:00Z",
        "issuers": [TrustedIssuer::new(&issuer.public_key(), "2026-01-01T00:00:00Z", "2027-12-31T23:59:59Z", IssuerStatus::Active)]});
    let trust = TrustList::verify(&sign_trust_list(&root, &doc.to_string()).unwrap(), &root.public_key()).unwrap();
    let spec = CertificateSpec {
        alias: Some("0011223344556677".into()),
        not_before: "2026-11-01T00:00:00Z".into(),
        not_after: "2026-12-31T23:59:59Z".into(),
        scope: vec!["transit".into()],
        limits: vec![OfflineLimit { currency: "HKD".into(), amount: "200.00".into() }],
    };
    let cert = issue_certificate(&issuer, &device.public_key(), &spec).unwrap();
    let wallet = Wallet::new(&cert.to_text(), None).unwrap();
    let request =
        CodeRequest { at: "2026-11-22T08:30:00Z".into(), amount: Some("23.50".into()), currency: Some("HKD".into()), container: None };
    let mut g = c.benchmark_group("paycode");
    g.bench_function("crosspay/generate-compact", |b| b.iter(|| wallet.generate(&device, black_box(&request)).unwrap()));
    let cpm = CodeRequest { container: Some(Container::Cpm), ..request.clone() };
    g.bench_function("crosspay/generate-cpm", |b| b.iter(|| wallet.generate(&device, black_box(&cpm)).unwrap()));
    // Verification: a fresh verifier per batch would measure setup; instead each iteration
    // verifies a new code (the counter moves on) at a time that keeps every code fresh.
    let codes: Vec<String> = (0..4096).map(|_| wallet.generate(&device, &request).unwrap().payload).collect();
    for (name, cache) in [("crosspay/verify-cached", None), ("crosspay/verify-uncached", Some(0))] {
        let options = VerifierOptions { certificate_cache: cache, ..Default::default() };
        g.bench_function(name, |b| {
            b.iter_batched(
                || Verifier::new(trust.clone(), &options).unwrap(),
                |verifier| {
                    for code in codes.iter().take(16) {
                        assert!(verifier.verify(black_box(code), "2026-11-22T08:30:10Z").unwrap().accepted);
                    }
                },
                criterion::BatchSize::SmallInput,
            )
        });
    }
    let seed = NumericSeed::from_parts([1; 8], 1, &[9; 32]).unwrap();
    g.bench_function("crosspay/numeric-code", |b| b.iter(|| numeric_code(&seed, "88", black_box("2026-11-22T08:30:00Z")).unwrap()));
    // Peers: one bare ECDSA signature and verification with the p256 crate.
    let sk = p256::ecdsa::SigningKey::from_slice(&[3; 32]).unwrap();
    let vk = *sk.verifying_key();
    let msg = vec![0x5a; 200];
    let sig: p256::ecdsa::Signature = sk.sign(&msg);
    g.bench_function("peer/p256-sign", |b| b.iter(|| -> p256::ecdsa::Signature { sk.sign(black_box(&msg)) }));
    g.bench_function("peer/p256-verify-x16", |b| b.iter(|| (0..16).all(|_| vk.verify(black_box(&msg), &sig).is_ok())));
    g.finish();
}

criterion_group!(benches, paycode);
criterion_main!(benches);
