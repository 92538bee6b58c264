//! The merchant QR decoder (both modes) and re-encoding of whatever decodes as valid.
#![no_main]
use crosspay_core::{decode_merchant_qr, encode_merchant_qr};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for strict in [false, true] {
        let qr = decode_merchant_qr(text, strict);
        assert_eq!(qr.valid, qr.errors.is_empty());
        if qr.valid && qr.format == "emv" {
            // A valid code re-encodes to itself (CRC in upper case).
            let again = encode_merchant_qr(&qr.json).expect("a valid code re-encodes");
            let n = text.len() - 4;
            assert_eq!(again, format!("{}{}", &text[..n], text[n..].to_uppercase()));
        }
    }
});
