//! tests/vectors/merchant_qr.json from Rust, plus encoder round trips and properties.

use crosspay_core::{decode_merchant_qr, encode_merchant_qr};
use serde_json::{json, Value};
use std::collections::BTreeSet;

fn vectors() -> Vec<Value> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/merchant_qr.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    doc["cases"].as_array().unwrap().clone()
}

fn codes(v: &Value) -> BTreeSet<String> {
    v.as_array().unwrap().iter().map(|i| i["code"].as_str().unwrap_or_else(|| i.as_str().unwrap()).to_string()).collect()
}

fn as_set(v: &Value) -> BTreeSet<String> {
    v.as_array().unwrap().iter().map(|c| c.as_str().unwrap().to_string()).collect()
}

#[test]
fn every_vector_decodes_as_expected() {
    let cases = vectors();
    assert!(cases.iter().filter(|c| c["real_world"] == json!(true)).count() >= 40, "at least 40 real-world payloads");
    let mut failures = Vec::new();
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let payload = case["payload"].as_str().unwrap();
        let lenient: Value = serde_json::from_str(&decode_merchant_qr(payload, false).json).unwrap();
        let strict: Value = serde_json::from_str(&decode_merchant_qr(payload, true).json).unwrap();
        let l = &case["lenient"];
        let got = json!({
            "valid": lenient["valid"], "schemes": lenient["schemes"],
            "warnings": codes(&lenient["warnings"]), "errors": codes(&lenient["errors"]),
            "strict_valid": strict["valid"], "strict_errors": codes(&strict["errors"]),
        });
        let want = json!({
            "valid": l["valid"], "schemes": l["schemes"], "warnings": as_set(&l["warnings"]), "errors": as_set(&l["errors"]),
            "strict_valid": case["strict"]["valid"], "strict_errors": as_set(&case["strict"]["errors"]),
        });
        if got != want {
            failures.push(format!("{name}: got {got}\n   want {want}"));
        }
        if let Some(fields) = case.get("fields").and_then(Value::as_object) {
            for (k, v) in fields {
                if &lenient[k] != v {
                    failures.push(format!("{name}: field {k}: got {}, want {v}", lenient[k]));
                }
            }
        }
        if let Some(format) = case.get("format") {
            if &lenient["format"] != format {
                failures.push(format!("{name}: format {}", lenient["format"]));
            }
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn decoded_codes_re_encode_byte_for_byte() {
    for case in vectors() {
        let payload = case["payload"].as_str().unwrap();
        let qr = decode_merchant_qr(payload, false);
        if !qr.valid || qr.format != "emv" {
            continue;
        }
        let again = encode_merchant_qr(&qr.json).unwrap_or_else(|e| panic!("{}: {e}", case["name"]));
        let want = format!("{}{}", &payload[..payload.len() - 4], payload[payload.len() - 4..].to_uppercase());
        assert_eq!(again, want, "{}", case["name"]);
    }
}

#[test]
fn keyed_specs_encode_in_tag_order_and_decode_back() {
    let spec = json!({
        "point_of_initiation": "12",
        "merchant_account_info": {"26": {"00": "hk.com.hkicl", "02": "9999999"}},
        "mcc": "5812", "currency_code": "HKD", "amount": "88.80", "country": "HK",
        "merchant_name": "TAI HING", "merchant_city": "HONG KONG",
        "additional_data": {"01": "INV-0042", "05": "REF42"},
        "language_template": {"00": "ZH", "01": "太興", "02": "香港"},
    });
    let payload = encode_merchant_qr(&spec.to_string()).unwrap();
    let qr = decode_merchant_qr(&payload, true);
    assert!(qr.valid, "{:?}", qr.errors);
    assert_eq!(qr.schemes, ["FPS"]);
    assert_eq!((qr.amount.as_deref(), qr.currency_code.as_deref()), (Some("88.80"), Some("HKD")));
    let v: Value = serde_json::from_str(&qr.json).unwrap();
    assert_eq!(v["language_template"]["01"], "太興");
    assert_eq!(v["additional_data"]["01"], "INV-0042");
    // Lengths are characters: 太興 is 2 characters (6 bytes).
    assert!(payload.contains("0102太興"), "{payload}");
}

#[test]
fn encoding_refuses_what_would_not_decode() {
    for bad in [
        json!({"merchant_account_info": {"26": {"00": "hk.com.hkicl", "02": "1"}}, "currency": "344", "country": "HK", "merchant_name": "X", "merchant_city": "Y", "amount": "0"}),
        json!({"currency": "344", "country": "HK"}),
        json!({"merchant_name": "x".repeat(100)}),
        json!([1, 2]),
    ] {
        let err = encode_merchant_qr(&bad.to_string()).unwrap_err();
        assert_eq!(err.code(), "invalid_merchant_qr", "{bad}");
    }
}

#[test]
fn what_will_i_pay_uses_reverse_conversion() {
    use crosspay_core::{merchant_qr_payment_at_rate, ConvertOptions, RoundingMode};
    // FPS sample: HKD 123; the wallet holds CNY at 1 CNY = 1.0962 HKD.
    let fps = "00020101021226270012hk.com.hkicl0207999999952040000530334454031235802HK5902NA6002HK6304D1A3";
    let c = merchant_qr_payment_at_rate(fps, "CNY", "1.0962", &ConvertOptions::new(RoundingMode::HalfUp)).unwrap();
    assert_eq!(c.target.amount, "123.00");
    assert_eq!(c.source.currency, "CNY");
    // 112.20 CNY × 1.0962 = 122.99364 → 122.99; 112.21 → 123.004602 → 123.00.
    assert_eq!(c.source.amount, "112.21");
    let static_code = "00020101021129370016A000000677010111011300668012345675802TH530376463046197";
    let err = merchant_qr_payment_at_rate(static_code, "HKD", "4.4", &ConvertOptions::new(RoundingMode::HalfUp)).unwrap_err();
    assert_eq!(err.code(), "invalid_merchant_qr");
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    fn text(max: usize) -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop::sample::select(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZ abcdefghijklmnopqrstuvwxyz0123456789-.太興香港ចនសៀម".chars().collect::<Vec<_>>(),
            ),
            1..max,
        )
        .prop_map(|c| c.into_iter().collect::<String>())
        .prop_filter("not blank at the ends", |s| s.trim() == s)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

        /// decode(encode(x)) == x for every field, in characters, with local scripts.
        #[test]
        fn decode_of_encode_is_identity(name in text(25), city in text(15), account in text(20), bill in text(20), units in 1u32..10_000_000, lang_name in text(20)) {
            let amount = format!("{}.{:02}", units / 100, units % 100);
            prop_assume!(amount != "0.00");
            let spec = json!({
                "point_of_initiation": "12",
                "merchant_account_info": {"26": {"00": "hk.com.hkicl", "02": account}},
                "mcc": "5411", "currency": "344", "amount": amount, "country": "HK",
                "merchant_name": name, "merchant_city": city,
                "additional_data": {"01": bill}, "language_template": {"00": "ZH", "01": lang_name},
            });
            let payload = encode_merchant_qr(&spec.to_string()).unwrap();
            let v: Value = serde_json::from_str(&decode_merchant_qr(&payload, false).json).unwrap();
            prop_assert_eq!(&v["valid"], &json!(true));
            for k in ["merchant_name", "merchant_city", "amount", "mcc", "currency", "country", "merchant_account_info", "additional_data", "language_template"] {
                prop_assert_eq!(&v[k], &spec[k], "{}", k);
            }
        }

        /// No input makes the decoder panic, and positions stay inside the payload.
        #[test]
        fn arbitrary_input_never_panics(s in ".{0,120}", prefix in prop::sample::select(vec!["", "000201", "00020101021226", "upi://pay?"])) {
            let payload = format!("{prefix}{s}");
            for strict in [false, true] {
                let qr = decode_merchant_qr(&payload, strict);
                let n = payload.chars().count() as u32;
                prop_assert!(qr.errors.iter().chain(&qr.warnings).all(|i| i.position <= n));
                prop_assert_eq!(qr.valid, qr.errors.is_empty());
            }
        }
    }
}

#[test]
fn a_new_code_never_has_more_decimals_than_its_currency() {
    let spec = |currency: &str, amount: &str| {
        serde_json::json!({
            "merchant_account_info": {"15": "9156000014901234567890"}, "mcc": "5812", "currency": currency, "amount": amount,
            "country": "CN", "merchant_name": "SHOP", "merchant_city": "SHENZHEN",
        })
        .to_string()
    };
    for (currency, amount) in [("156", "12.345"), ("392", "100.5"), ("048", "1.0001")] {
        let e = crosspay_core::encode_merchant_qr(&spec(currency, amount)).unwrap_err();
        assert_eq!(e.code(), "invalid_merchant_qr", "{currency} {amount}");
        assert!(e.to_string().contains("more decimals"), "{e}");
    }
    for (currency, amount) in [("156", "12.34"), ("156", "12"), ("392", "100"), ("048", "1.001")] {
        assert!(crosspay_core::encode_merchant_qr(&spec(currency, amount)).is_ok(), "{currency} {amount}");
    }
}
