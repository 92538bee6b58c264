//! Keys and signatures: RFC 6979, Project Wycheproof, formats, entropy, host signers.

use crosspay_core::{sign_with, ForeignSigner, HighSPolicy, PrivateKey, PublicKey, SignatureFormat, SignerError, VerifyFailure};
use p256::ecdsa::Signature;
use wycheproof::ecdsa::{TestName, TestSet};
use wycheproof::TestResult;

const N: &str = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
const HALF_N: &str = "7fffffff800000007fffffffffffffffde737d56d38bcf4279dce5617e3192a8";

fn unhex(s: &str) -> Vec<u8> {
    hex::decode(s).unwrap()
}

/// RFC 6979 appendix A.2.5, P-256 with SHA-256, messages "sample" and "test".
#[test]
fn rfc6979_a_2_5_signatures_are_reproduced() {
    let key = PrivateKey::from_raw(&unhex("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721")).unwrap();
    let public = key.public_key();
    assert_eq!(
        hex::encode(public.to_sec1(false)),
        "0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb67903fe1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299"
    );
    for (message, r, s) in [
        (
            "sample",
            "EFD48B2AACB6A8FD1140DD9CD45E81D69D2C877B56AAF991C34D0EA84EAF3716",
            "F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8",
        ),
        (
            "test",
            "F1ABB023518351CD71D881567B1EA663ED3EFCF6C5132B354F28D3B0B7D38367",
            "019F4113742A2B14BD25926B49C649155F267E60D3814B4C0CC84250E46F0083",
        ),
    ] {
        let rfc = [unhex(r), unhex(s)].concat();
        let rfc_sig = Signature::from_slice(&rfc).unwrap();
        // crosspay emits the low-S form of the RFC signature: the same r, and s or n − s.
        let want = rfc_sig.normalize_s().to_bytes().to_vec();
        let ours = key.sign(message.as_bytes(), SignatureFormat::P1363);
        assert_eq!(hex::encode(&ours), hex::encode(&want), "{message}");
        assert_eq!(&ours[..32], &rfc[..32], "{message}: r");
        // The RFC's own (possibly high-S) signature verifies when high-S is accepted.
        assert!(public.verify(message.as_bytes(), &rfc, SignatureFormat::P1363, HighSPolicy::Accept).valid);
        let high = rfc_sig.normalize_s() != rfc_sig;
        let strict = public.verify(message.as_bytes(), &rfc, SignatureFormat::P1363, HighSPolicy::Reject);
        assert_eq!(strict.valid, !high, "{message}");
    }
    // "sample" is the RFC's high-S case (s > n/2), so crosspay emits n − s for it.
    let s = unhex("F7CB1C942D657C41D436C7A1B6E29F65F3E900DBB9AFF4064DC4AB2F843ACDA8");
    assert!(s.as_slice() > unhex(HALF_N).as_slice());
}

/// Every ECDSA P-256/SHA-256 vector of Wycheproof, DER and P1363: our verdict must match; the
/// only allowed difference is a valid high-S signature refused by the default policy.
fn wycheproof(name: TestName, format: SignatureFormat) -> (usize, usize, usize, usize) {
    let set = TestSet::load(name).unwrap();
    let (mut valid, mut invalid, mut high_s_refused, mut acceptable) = (0, 0, 0, 0);
    let mut mismatches = Vec::new();
    for group in &set.test_groups {
        let key = PublicKey::from_sec1(&group.key.key);
        let spki = PublicKey::from_spki_der(&group.der);
        for t in &group.tests {
            let (Ok(key), Ok(spki)) = (&key, &spki) else {
                mismatches.push(format!("tc {}: key refused", t.tc_id));
                continue;
            };
            assert_eq!(key, spki, "SEC1 and SPKI forms of the same key");
            let strict = key.verify(&t.msg, &t.sig, format, HighSPolicy::Reject);
            let lenient = key.verify(&t.msg, &t.sig, format, HighSPolicy::Accept);
            match t.result {
                TestResult::Valid => {
                    valid += 1;
                    if !lenient.valid {
                        mismatches.push(format!("tc {} ({}): valid, refused with {:?}", t.tc_id, t.comment, lenient.reason));
                    }
                    if !strict.valid {
                        if strict.reason == Some(VerifyFailure::HighS) {
                            high_s_refused += 1;
                        } else {
                            mismatches.push(format!("tc {}: valid, refused strictly with {:?}", t.tc_id, strict.reason));
                        }
                    }
                }
                TestResult::Invalid => {
                    invalid += 1;
                    if lenient.valid || strict.valid {
                        mismatches.push(format!("tc {} ({}): invalid, accepted", t.tc_id, t.comment));
                    }
                }
                // "Acceptable" (e.g. BER-encoded signatures): crosspay's strict parser refuses.
                TestResult::Acceptable => {
                    acceptable += 1;
                    if strict.valid {
                        mismatches.push(format!("tc {}: acceptable, accepted strictly", t.tc_id));
                    }
                }
            }
        }
    }
    assert!(mismatches.is_empty(), "{} Wycheproof mismatches:\n{}", mismatches.len(), mismatches.join("\n"));
    (valid, invalid, acceptable, high_s_refused)
}

#[test]
fn wycheproof_ecdsa_p256_sha256_der() {
    let (valid, invalid, acceptable, high_s) = wycheproof(TestName::EcdsaSecp256r1Sha256, SignatureFormat::Der);
    println!("Wycheproof ecdsa_secp256r1_sha256 (DER): {valid} valid, {invalid} invalid, {acceptable} acceptable; {high_s} valid high-S refused by the default policy");
    assert!(valid > 100 && invalid > 200, "{valid} {invalid}");
}

#[test]
fn wycheproof_ecdsa_p256_sha256_p1363() {
    let (valid, invalid, acceptable, high_s) = wycheproof(TestName::EcdsaSecp256r1Sha256P1363, SignatureFormat::P1363);
    println!("Wycheproof ecdsa_secp256r1_sha256_p1363: {valid} valid, {invalid} invalid, {acceptable} acceptable; {high_s} valid high-S refused by the default policy");
    assert!(valid > 100 && invalid > 50, "{valid} {invalid}");
}

#[test]
fn every_format_round_trips_to_the_same_key() {
    let key = PrivateKey::from_entropy(b"a fixed test seed of thirty-two+ bytes, not random").unwrap();
    let kid = key.public_key().kid();
    for other in [
        PrivateKey::from_pkcs8_der(&key.to_pkcs8_der()).unwrap(),
        PrivateKey::from_pkcs8_pem(&key.to_pkcs8_pem()).unwrap(),
        PrivateKey::from_sec1_der(&key.to_sec1_der()).unwrap(),
        PrivateKey::from_raw(&key.to_raw()).unwrap(),
        PrivateKey::from_jwk(&key.to_jwk()).unwrap(),
        PrivateKey::parse(&key.to_pkcs8_pem()).unwrap(),
    ] {
        assert_eq!(other.public_key().kid(), kid);
    }
    let public = key.public_key();
    for other in [
        PublicKey::from_sec1(&public.to_sec1(true)).unwrap(),
        PublicKey::from_sec1(&public.to_sec1(false)).unwrap(),
        PublicKey::from_spki_der(&public.to_spki_der()).unwrap(),
        PublicKey::from_spki_pem(&public.to_spki_pem()).unwrap(),
        PublicKey::from_jwk(&public.to_jwk()).unwrap(),
        PublicKey::parse(&hex::encode(public.to_sec1(true))).unwrap(),
    ] {
        assert_eq!(other, public);
    }
    assert_eq!(kid.len(), 11);
}

#[test]
fn malformed_keys_are_typed_errors() {
    let public = PrivateKey::from_entropy(&[
        7u8, 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32,
    ])
    .unwrap()
    .public_key();
    let mut off_curve = public.to_sec1(false);
    off_curve[64] ^= 1;
    let bad_public: Vec<Vec<u8>> = vec![vec![], vec![4; 65], off_curve, public.to_sec1(true)[..32].to_vec(), vec![0]];
    for bytes in bad_public {
        assert_eq!(PublicKey::from_sec1(&bytes).unwrap_err().code(), "invalid_key");
    }
    assert_eq!(PublicKey::from_spki_der(b"\x30\x00").unwrap_err().code(), "invalid_key");
    assert_eq!(PublicKey::from_jwk(r#"{"kty":"EC","crv":"P-384","x":"AA","y":"AA"}"#).unwrap_err().code(), "invalid_key");
    assert_eq!(PrivateKey::from_raw(&[0u8; 32]).unwrap_err().code(), "invalid_key");
    assert_eq!(PrivateKey::from_raw(&unhex(N)).unwrap_err().code(), "invalid_key");
    assert_eq!(PrivateKey::from_raw(&[1u8; 31]).unwrap_err().code(), "invalid_key");
    assert_eq!(PrivateKey::parse("not a key").unwrap_err().code(), "invalid_key");
}

#[test]
fn bad_entropy_is_refused() {
    let weak = [vec![0u8; 64], vec![0xab; 32], [1u8, 2].repeat(20), b"abcdefgh".repeat(5), vec![9u8; 31], vec![1u8; 2000]];
    for e in weak {
        assert_eq!(PrivateKey::from_entropy(&e).unwrap_err().code(), "weak_entropy", "{e:?}");
    }
    let a = PrivateKey::from_entropy(&(0u8..32).collect::<Vec<_>>()).unwrap();
    let b = PrivateKey::from_entropy(&(0u8..32).collect::<Vec<_>>()).unwrap();
    assert_eq!(a.public_key(), b.public_key(), "derivation is deterministic");
    assert_ne!(PrivateKey::generate().unwrap().public_key(), PrivateKey::generate().unwrap().public_key());
}

#[test]
fn secrets_never_print() {
    let key = PrivateKey::from_raw(&unhex("C9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721")).unwrap();
    let shown = format!("{key:?}");
    assert!(shown.contains("[REDACTED]"), "{shown}");
    assert!(!shown.to_lowercase().contains("c9afa9"), "{shown}");
    let err = PrivateKey::from_pkcs8_pem("-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----").unwrap_err();
    assert!(!err.to_string().contains("c2VjcmV0"), "{err}");
}

#[test]
fn signatures_are_low_s_and_convert_between_formats() {
    let key = PrivateKey::from_entropy(b"another fixed seed for the signature format test").unwrap();
    for i in 0..64u8 {
        let msg = [i; 10];
        let p1363 = key.sign(&msg, SignatureFormat::P1363);
        let der = key.sign(&msg, SignatureFormat::Der);
        assert_eq!(crosspay_core::convert_signature(&der, SignatureFormat::Der, SignatureFormat::P1363).unwrap(), p1363);
        assert!(key.public_key().verify(&msg, &der, SignatureFormat::Der, HighSPolicy::Reject).valid);
        let s = Signature::from_slice(&p1363).unwrap();
        assert_eq!(s.normalize_s(), s, "high-S emitted");
    }
}

/// The operating system's randomness (rand_core 0.6, as crosspay uses it) in the rand_core
/// version p256 0.14 takes for its randomized APIs.
struct HostRng;

impl p256::elliptic_curve::rand_core::TryRng for HostRng {
    type Error = std::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok(rand_core::RngCore::next_u32(&mut rand_core::OsRng))
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        Ok(rand_core::RngCore::next_u64(&mut rand_core::OsRng))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, dst);
        Ok(())
    }
}
impl p256::elliptic_curve::rand_core::TryCryptoRng for HostRng {}

/// A fresh random signing key, straight from p256 (the peer crosspay is checked against).
fn random_signing_key() -> p256::ecdsa::SigningKey {
    loop {
        let mut scalar = [0u8; 32];
        rand_core::RngCore::fill_bytes(&mut rand_core::OsRng, &mut scalar);
        if let Ok(key) = p256::ecdsa::SigningKey::from_slice(&scalar) {
            return key;
        }
    }
}

/// A host signer that behaves like hardware: random nonces, DER, and high-S half the time.
struct HardwareLike {
    key: p256::ecdsa::SigningKey,
    flip: std::sync::atomic::AtomicBool,
}

impl ForeignSigner for HardwareLike {
    fn sign(&self, message: Vec<u8>) -> Result<Vec<u8>, SignerError> {
        use p256::ecdsa::signature::RandomizedSigner;
        let sig: Signature = self.key.sign_with_rng(&mut HostRng, &message);
        let sig = sig.normalize_s();
        let flip = !self.flip.fetch_xor(true, std::sync::atomic::Ordering::SeqCst);
        let sig = if flip {
            let (r, s) = sig.split_scalars();
            Signature::from_scalars(r, -*s).unwrap() // the high-S twin
        } else {
            sig
        };
        Ok(sig.to_der().as_bytes().to_vec())
    }
}

#[test]
fn foreign_signatures_are_normalized_and_checked() {
    let key = random_signing_key();
    let public = PublicKey::from_sec1(key.verifying_key().to_sec1_point(true).as_bytes()).unwrap();
    let signer = HardwareLike { key, flip: false.into() };
    for _ in 0..4 {
        let sig = sign_with(&signer, &public, b"pay 23.50 HKD", SignatureFormat::P1363).unwrap();
        assert!(public.verify(b"pay 23.50 HKD", &sig, SignatureFormat::P1363, HighSPolicy::Reject).valid);
    }
    let other = PrivateKey::generate().unwrap().public_key();
    let err = sign_with(&signer, &other, b"pay", SignatureFormat::Der).unwrap_err();
    assert_eq!(err.code(), "signer_failed");

    struct Refuses;
    impl ForeignSigner for Refuses {
        fn sign(&self, _: Vec<u8>) -> Result<Vec<u8>, SignerError> {
            Err(SignerError::Failed { reason: "user cancelled".into() })
        }
    }
    assert_eq!(sign_with(&Refuses, &public, b"x", SignatureFormat::Der).unwrap_err().code(), "signer_failed");
    struct Garbage;
    impl ForeignSigner for Garbage {
        fn sign(&self, _: Vec<u8>) -> Result<Vec<u8>, SignerError> {
            Ok(vec![0x30, 0x02, 0x01])
        }
    }
    assert_eq!(sign_with(&Garbage, &public, b"x", SignatureFormat::Der).unwrap_err().code(), "signer_failed");
}

#[test]
fn jwks_from_webcrypto_with_standard_members_are_read() {
    let webcrypto = r#"{"key_ops":["sign"],"ext":true,"kty":"EC","x":"XbhvT2hjDDwM0ucMbAt03w_H-7KqrXY3ih288yjDxDw","y":"i07RgTGBBAv34Nh7PbkGMFBQBjB7ccES2oJZAI2jNIc","crv":"P-256","d":"P8QMiUU4FMrCJMF2Cr9vdjZO3v4Xg03gIeUMjOh3F5w"}"#;
    let key = PrivateKey::from_jwk(webcrypto).unwrap();
    assert_eq!(PublicKey::from_jwk(webcrypto).unwrap(), key.public_key());
    let with_alg = webcrypto.replace(r#""ext":true"#, r#""ext":true,"alg":"ES256","use":"sig","kid":"k1""#);
    assert!(PrivateKey::from_jwk(&with_alg).is_ok());
    for bad in [
        webcrypto.replace("P-256", "P-384"),
        webcrypto.replace(r#""kty":"EC""#, r#""kty":"RSA""#),
        webcrypto.replace(r#""ext":true"#, r#""alg":"ES384""#),
        webcrypto.replace("P8QMiUU4FMrCJMF2Cr9vdjZO3v4Xg03gIeUMjOh3F5w", "P8QMiUU4FMrCJMF2Cr9vdjZO3v4Xg03gIeUMjOh3F5x"),
        webcrypto.replace("XbhvT2hjDDwM0ucMbAt03w_H-7KqrXY3ih288yjDxDw", "XbhvT2hjDDwM0ucMbAt03w_H-7KqrXY3ih288yjDxDw="),
        r#"{"kty":"EC","crv":"P-256"}"#.to_string(),
        "not json".to_string(),
    ] {
        assert_eq!(PrivateKey::from_jwk(&bad).unwrap_err().code(), "invalid_key", "{bad}");
    }
}

mod arbitrary_input {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, failure_persistence: None, ..ProptestConfig::default() })]

        /// No byte string makes a key or signature decoder panic, and whatever a decoder
        /// accepts re-encodes to the same key.
        #[test]
        fn decoders_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..200), text in ".{0,200}") {
            if let Ok(key) = PublicKey::from_sec1(&bytes) {
                prop_assert_eq!(PublicKey::from_spki_der(&key.to_spki_der()).ok(), Some(key));
            }
            let _ = PublicKey::from_spki_der(&bytes);
            let _ = PrivateKey::from_pkcs8_der(&bytes);
            let _ = PrivateKey::from_sec1_der(&bytes);
            let _ = PrivateKey::from_raw(&bytes);
            let _ = PrivateKey::from_entropy(&bytes);
            for t in [text.as_str(), &format!("-----BEGIN PRIVATE KEY-----\n{text}\n-----END PRIVATE KEY-----")] {
                let _ = PublicKey::parse(t);
                let _ = PrivateKey::parse(t);
                let _ = PublicKey::from_jwk(t);
            }
            let key = PublicKey::from_sec1(&hex::decode("0360fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb6").unwrap()).unwrap();
            for format in [SignatureFormat::P1363, SignatureFormat::Der] {
                let v = key.verify(b"m", &bytes, format, HighSPolicy::Accept);
                prop_assert_eq!(v.valid, v.reason.is_none());
            }
        }

    }

    proptest! {
        // Fewer cases: each signs and verifies, which is slow in debug builds.
        #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

        /// Mutating one byte of a valid signature never leaves it valid.
        #[test]
        fn tampered_signatures_never_verify(index in 0usize..64, flip in 1u8..=255, msg in prop::collection::vec(any::<u8>(), 0..64)) {
            let key = PrivateKey::from_entropy(b"proptest key seed with at least 32 bytes in it").unwrap();
            let mut sig = key.sign(&msg, SignatureFormat::P1363);
            sig[index] ^= flip;
            prop_assert!(!key.public_key().verify(&msg, &sig, SignatureFormat::P1363, HighSPolicy::Accept).valid);
        }
    }
}
