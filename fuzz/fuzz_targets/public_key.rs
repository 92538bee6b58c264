//! Every public-key decoder: SEC1, SPKI DER and PEM, JWK, and the text auto-detection.
#![no_main]
use crosspay_core::PublicKey;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(key) = PublicKey::from_sec1(data) {
        // Whatever decodes must re-encode to something that decodes to the same key.
        assert_eq!(PublicKey::from_sec1(&key.to_sec1(true)).ok(), Some(key.clone()));
        assert_eq!(PublicKey::from_spki_der(&key.to_spki_der()).ok(), Some(key));
    }
    let _ = PublicKey::from_spki_der(data);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = PublicKey::from_spki_pem(text);
        let _ = PublicKey::from_jwk(text);
        let _ = PublicKey::parse(text);
    }
});
