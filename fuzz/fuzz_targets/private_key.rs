//! Every private-key decoder: raw scalar, PKCS#8 DER and PEM, SEC1 DER and PEM, JWK, entropy.
#![no_main]
use crosspay_core::PrivateKey;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for parsed in [PrivateKey::from_raw(data), PrivateKey::from_pkcs8_der(data), PrivateKey::from_sec1_der(data)] {
        if let Ok(key) = parsed {
            let again = PrivateKey::from_pkcs8_der(&key.to_pkcs8_der()).map(|k| k.public_key());
            assert_eq!(again.ok(), Some(key.public_key()));
        }
    }
    let _ = PrivateKey::from_entropy(data);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = PrivateKey::from_pkcs8_pem(text);
        let _ = PrivateKey::from_sec1_pem(text);
        let _ = PrivateKey::from_jwk(text);
        let _ = PrivateKey::parse(text);
    }
});
