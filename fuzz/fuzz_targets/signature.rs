//! Signature decoders (P1363, strict DER) and verification with both policies.
#![no_main]
use crosspay_core::{convert_signature, HighSPolicy, PrivateKey, SignatureFormat};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let key = PrivateKey::from_entropy(b"fuzzing key: a fixed seed of 32 bytes or more").expect("a fixed valid seed");
    let public = key.public_key();
    for format in [SignatureFormat::P1363, SignatureFormat::Der] {
        for policy in [HighSPolicy::Reject, HighSPolicy::Accept] {
            let verdict = public.verify(b"message", data, format, policy);
            assert_eq!(verdict.valid, verdict.reason.is_none());
        }
        if let Ok(other) = convert_signature(data, format, SignatureFormat::P1363) {
            // A strict encoding converts back to exactly the same bytes.
            assert_eq!(convert_signature(&other, SignatureFormat::P1363, format).ok().as_deref(), Some(data));
        }
    }
});
