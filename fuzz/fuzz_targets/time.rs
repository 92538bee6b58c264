//! Time parsing (RFC 3339), and the instants it accepts used where codes and sheets use them:
//! never a panic (the review found `9999-12-31T23:59:59-01:00` panicking in the UTC conversion).
#![no_main]
use crosspay_core::time::Instant;
use crosspay_core::{numeric_code, ConvertOptions, NumericSeed, NumericVerifier, RateSheet, RoundingMode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(at) = Instant::parse(text) else { return };
    // A parsed instant formats, and re-parses to itself.
    assert_eq!(Instant::parse(&at.to_rfc3339()).ok(), Some(at));
    let seed = NumericSeed::from_parts([7; 8], 1, &[9; 32]).expect("a 32-byte seed");
    if let Ok(code) = numeric_code(&seed, "88", text) {
        assert!(NumericVerifier::new(vec![seed]).verify(&code, text).is_ok());
    }
    let sheet = format!(r#"{{"source":"fuzz","as_of":"{text}","valid_until":"{text}","quotes":[{{"base":"HKD","quote":"CNY","mid":"0.9"}}]}}"#);
    if let Ok(sheet) = RateSheet::from_unsigned_json(&sheet) {
        let _ = sheet.convert("1.00", "HKD", "CNY", text, &ConvertOptions::new(RoundingMode::HalfUp));
    }
});
