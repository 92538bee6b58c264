//! Amount, rate and cash-increment text through conversion, reverse conversion and allocation.
#![no_main]
use crosspay_core::{allocate_amount, convert_at_rate, normalize_amount, ConvertOptions, RoundingMode};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut parts = text.splitn(3, '|');
    let (amount, rate, increment) = (parts.next().unwrap_or(""), parts.next().unwrap_or("1"), parts.next());
    for reverse in [false, true] {
        let options =
            ConvertOptions { reverse, cash_increment: increment.map(str::to_string), ..ConvertOptions::new(RoundingMode::HalfUp) };
        let _ = convert_at_rate(amount, "HKD", "JPY", rate, &options);
    }
    let _ = normalize_amount(amount, "KWD", Some(RoundingMode::Floor));
    let _ = allocate_amount(amount, "HKD", vec![rate.to_string(), "1".to_string()]);
});
