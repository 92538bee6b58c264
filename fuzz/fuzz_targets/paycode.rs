//! Payment-code decoders: compact (`CP1:` Base45) and EMV CPM payloads, numeric codes, and the
//! wallet-state parser. Whatever parses re-encodes to exactly the same text.
#![no_main]
use crosspay_core::{NumericVerifier, PaymentCode, Wallet};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(code) = PaymentCode::parse(text) {
        assert_eq!(code.encode(code.container()), text, "a parsed code re-encodes byte for byte");
        let _ = code.certificate().info();
    }
    let _ = NumericVerifier::new(vec![]).verify(text, "2026-11-22T08:30:00Z");
    let _ = Wallet::new(text, Some(text));
});
