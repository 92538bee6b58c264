//! The rate-sheet JSON decoder and conversion with whatever it accepts.
#![no_main]
use crosspay_core::{ConvertOptions, RateSheet, RoundingMode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(sheet) = RateSheet::from_unsigned_json(text) {
            let options = ConvertOptions::new(RoundingMode::HalfEven);
            for (from, to) in [("HKD", "CNY"), ("EUR", "JPY"), ("USD", "KWD")] {
                let _ = sheet.convert("123.45", from, to, "2026-11-21T00:00:00Z", &options);
            }
        }
    }
});
