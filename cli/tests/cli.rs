//! The CLI contract, exactly as the issues write it: flags, JSON keys and exit codes.

use serde_json::{json, Value};
use std::process::{Command, Output};

fn crosspay(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_crosspay"))
        .args(args)
        .output()
        .expect("the crosspay binary runs")
}

fn stdout_json(out: &Output) -> Value {
    let text = String::from_utf8(out.stdout.clone()).expect("UTF-8 output");
    assert_eq!(text.lines().count(), 1, "exactly one JSON line, got {text:?}");
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

#[test]
fn convert_json_contract() {
    let out = crosspay(&[
        "convert", "--amount", "100.00", "--from", "CNY", "--to", "HKD", "--rate", "1.0962",
        "--rounding", "half-up", "--json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let v = stdout_json(&out);
    assert_eq!(v["amount"], "109.62");
    assert_eq!(v["currency"], "HKD");
    assert_eq!(v["rate"], "1.0962");
    assert_eq!(v["rounding"], "half-up");
    assert_eq!(v["source"], json!({"amount": "100.00", "currency": "CNY"}));
    assert_eq!(v["target"], json!({"amount": "109.62", "currency": "HKD"}));
    assert_eq!(v["unrounded"], "109.62");
    assert_eq!(v["residue"], "0");
}

#[test]
fn convert_errors_are_json_with_a_stable_code_and_exit_non_zero() {
    for (amount, from, rate, rounding, code) in [
        ("1e3", "CNY", "1.0962", "half-up", "invalid_amount"),
        ("1.00", "XYZ", "1.0962", "half-up", "unknown_currency"),
        ("1.005", "CNY", "1.0962", "half-up", "precision_exceeded"),
        ("1.00", "CNY", "0", "half-up", "invalid_rate"),
        ("1.00", "CNY", "1.0962", "sideways", "invalid_rounding"),
    ] {
        let out = crosspay(&[
            "convert", "--amount", amount, "--from", from, "--to", "HKD", "--rate", rate,
            "--rounding", rounding, "--json",
        ]);
        assert_eq!(out.status.code(), Some(2), "{code}");
        let v = stdout_json(&out);
        assert_eq!(v["error"]["code"], code);
        assert!(!v["error"]["message"].as_str().unwrap().is_empty());
    }
}

#[test]
fn usage_errors_are_json_too_when_json_is_asked_for() {
    let out = crosspay(&["convert", "--amount", "1.00", "--from", "CNY", "--json"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout_json(&out)["error"]["code"], "usage");
}

#[test]
fn negative_amounts_are_values_not_flags() {
    let out = crosspay(&[
        "convert", "--amount", "-10.00", "--from", "HKD", "--to", "CNY", "--rate", "0.9123",
        "--rounding", "floor", "--json",
    ]);
    assert_eq!(stdout_json(&out)["amount"], "-9.13");
}

#[test]
fn every_convert_vector_through_the_cli() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/convert.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    for case in doc["cases"].as_array().unwrap() {
        let i = &case["input"];
        let s = |k: &str| i[k].as_str().unwrap();
        let amount = format!("--amount={}", s("amount"));
        let out = crosspay(&[
            "convert", &amount, "--from", s("from"), "--to", s("to"), "--rate", s("rate"),
            "--rounding", s("rounding"), "--json",
        ]);
        let v = stdout_json(&out);
        let name = &case["name"];
        match case.get("expected") {
            Some(expected) => {
                assert_eq!(out.status.code(), Some(0), "{name}");
                for (k, want) in expected.as_object().unwrap() {
                    assert_eq!(&v[k], want, "{name}: {k}");
                }
            }
            None => {
                assert_eq!(out.status.code(), Some(2), "{name}");
                assert_eq!(v["error"]["code"], case["error"], "{name}");
            }
        }
    }
}

#[test]
fn currency_describes_codes() {
    let v = stdout_json(&crosspay(&["currency", "KWD", "--json"]));
    assert_eq!(v["minor_units"], 3);
    assert_eq!(v["numeric"], 414);
}

#[test]
fn demo_runs() {
    let out = crosspay(&["demo"]);
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("100.00 CNY → 109.62 HKD"), "{text}");
}
