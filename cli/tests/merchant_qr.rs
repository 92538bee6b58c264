//! The merchant-qr CLI contract, exactly as issue 6 writes it.

use serde_json::{json, Value};
mod common;

use common::{crosspay, stdout_json, vectors as vector_file};

fn cases() -> Vec<Value> {
    vector_file("merchant_qr.json")["cases"].as_array().unwrap().clone()
}

const KEYS: &[&str] = &[
    "payload_format_indicator",
    "point_of_initiation",
    "merchant_account_info",
    "mcc",
    "currency",
    "currency_code",
    "amount",
    "tip_or_convenience_indicator",
    "convenience_fee_fixed",
    "convenience_fee_percentage",
    "country",
    "merchant_name",
    "merchant_city",
    "postal_code",
    "additional_data",
    "language_template",
    "unreserved",
    "crc",
];

#[test]
fn decode_prints_the_contract_and_exits_by_validity() {
    for case in cases() {
        let name = case["name"].as_str().unwrap();
        let payload = case["payload"].as_str().unwrap();
        for (strict, want) in [(false, &case["lenient"]), (true, &case["strict"])] {
            let mut args = vec!["merchant-qr", "decode"];
            if strict {
                args.push("--strict");
            }
            args.extend(["--json", payload]);
            let out = crosspay(&args);
            let v = stdout_json(&out);
            assert_eq!(out.status.code(), Some(if want["valid"] == json!(true) { 0 } else { 1 }), "{name} strict={strict}");
            assert_eq!(v["valid"], want["valid"], "{name}");
            for key in ["valid", "schemes", "warnings", "errors"] {
                assert!(v.get(key).is_some(), "{name}: no {key}");
            }
            for issue in v["errors"].as_array().unwrap().iter().chain(v["warnings"].as_array().unwrap()) {
                for k in ["code", "message", "position"] {
                    assert!(issue.get(k).is_some(), "{name}: issue without {k}");
                }
            }
            for (k, expected) in case.get("fields").and_then(Value::as_object).into_iter().flatten() {
                assert!(KEYS.contains(&k.as_str()), "{k} is not a contract key");
                assert_eq!(&v[k], expected, "{name}: {k}");
            }
        }
    }
}

#[test]
fn the_emvco_sample_decodes_to_the_named_keys() {
    let sample = cases().into_iter().find(|c| c["name"] == "emvco-spec-sample").unwrap();
    let v = stdout_json(&crosspay(&["merchant-qr", "decode", "--json", sample["payload"].as_str().unwrap()]));
    assert_eq!(v["merchant_account_info"]["29"], json!({"00": "D15600000000", "05": "A93FO3230Q"}));
    assert_eq!(v["currency"], "156");
    assert_eq!(v["currency_code"], "CNY");
    assert_eq!(v["amount"], "23.72");
    assert_eq!(v["tip_or_convenience_indicator"], "01");
    assert_eq!(v["language_template"], json!({"00": "ZH", "01": "最佳运输", "02": "北京"}));
    assert_eq!(v["additional_data"]["03"], "1234");
    assert_eq!(v["unreserved"]["91"], json!({"00": "A011223344998877", "07": "12345678"}));
    assert_eq!(v["crc"], "A13A");
}

#[test]
fn encode_reads_a_spec_file_and_prints_the_payload() {
    let dir = std::env::temp_dir().join(format!("crosspay-mqr-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let spec = dir.join("spec.json");
    std::fs::write(
        &spec,
        json!({
            "merchant_account_info": {"26": {"00": "br.gov.bcb.pix", "01": "123e4567-e12b-12d1-a456-426655440000"}},
            "mcc": "0000", "currency": "986", "country": "BR", "merchant_name": "Fulano de Tal", "merchant_city": "BRASILIA",
            "additional_data": {"05": "***"},
        })
        .to_string(),
    )
    .unwrap();
    let out = crosspay(&["merchant-qr", "encode", "--json", spec.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    // The BCB manual's static example, byte for byte.
    assert_eq!(
        stdout_json(&out),
        json!({"payload": "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D"})
    );
    std::fs::write(&spec, r#"{"currency": "986"}"#).unwrap();
    let out = crosspay(&["merchant-qr", "encode", "--json", spec.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout_json(&out)["error"]["code"], "invalid_merchant_qr");
    let _ = std::fs::remove_dir_all(dir);
}
