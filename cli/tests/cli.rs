//! The CLI contract, exactly as the issues write it: flags, JSON keys and exit codes.

use serde_json::{json, Value};
mod common;

use common::{crosspay, stdout_json, vectors as vector_file};

#[test]
fn convert_json_contract() {
    let out =
        crosspay(&["convert", "--amount", "100.00", "--from", "CNY", "--to", "HKD", "--rate", "1.0962", "--rounding", "half-up", "--json"]);
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
        let out =
            crosspay(&["convert", "--amount", amount, "--from", from, "--to", "HKD", "--rate", rate, "--rounding", rounding, "--json"]);
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
    let out =
        crosspay(&["convert", "--amount", "-10.00", "--from", "HKD", "--to", "CNY", "--rate", "0.9123", "--rounding", "floor", "--json"]);
    assert_eq!(stdout_json(&out)["amount"], "-9.13");
}

#[test]
fn every_convert_vector_through_the_cli() {
    let doc = vector_file("convert.json");
    for case in doc["cases"].as_array().unwrap() {
        let i = &case["input"];
        let s = |k: &str| i[k].as_str().unwrap();
        let amount = format!("--amount={}", s("amount"));
        let out = crosspay(&[
            "convert",
            &amount,
            "--from",
            s("from"),
            "--to",
            s("to"),
            "--rate",
            s("rate"),
            "--rounding",
            s("rounding"),
            "--json",
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

fn money_doc() -> Value {
    vector_file("money.json")
}

/// A file in a fresh temporary directory, removed with the directory at the end of the test.
struct TempFile(std::path::PathBuf);

impl TempFile {
    fn new(name: &str, text: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("crosspay-cli-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("sheet.json");
        std::fs::write(&path, text).unwrap();
        Self(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        if let Some(dir) = self.0.parent() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

#[test]
fn convert_with_a_signed_rate_sheet_prints_the_issue_contract() {
    let doc = money_doc();
    let sheet = TempFile::new("contract", &doc["sheets"]["ecb"].to_string());
    let dir = sheet.0.parent().unwrap();
    let (issuer, signed) = (dir.join("issuer"), dir.join("sheet.jws"));
    let p = |path: &std::path::Path| path.to_str().unwrap().to_string();
    assert!(crosspay(&["issuer", "init", "--dir", &p(&issuer), "--at", "2026-11-20T00:00:00Z", "--json"]).status.success());
    #[rustfmt::skip]
    let out = crosspay(&["issuer", "sign-rate-sheet", "--dir", &p(&issuer), "--sheet", &p(&sheet.0), "--out", &p(&signed), "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    let (tl, root) = (p(&issuer.join("trust-list.jws")), p(&issuer.join("root.pub")));
    #[rustfmt::skip]
    let convert = |rates: &str, extra: &[&str]| {
        let mut args = vec!["convert", "--amount", "100.00", "--from", "HKD", "--to", "CNY", "--rates", rates,
            "--at", "2026-11-21T09:00:00Z", "--markup-bps", "30", "--rounding", "half-up", "--json"];
        args.extend_from_slice(extra);
        let out = crosspay(&args);
        (out.status.code(), stdout_json(&out))
    };
    let (status, v) = convert(&p(&signed), &["--trust-list", &tl, "--root-public-key", &root]);
    assert_eq!(status, Some(0), "{v}");
    for key in ["source", "target", "rate", "effective_rate", "chain", "unrounded", "residue", "provenance"] {
        assert!(v.get(key).is_some(), "missing {key}: {v}");
    }
    assert_eq!(v["source"], json!({"amount": "100.00", "currency": "HKD"}));
    assert_eq!(v["chain"].as_array().unwrap().len(), 2);
    assert_eq!(v["chain"][0]["inverted"], true);

    // The unsigned sheet converts the same, but only when the caller says so explicitly.
    let (status, unsigned) = convert(&p(&sheet.0), &[]);
    assert_eq!((status, &unsigned["error"]["code"]), (Some(2), &json!("untrusted_rate_sheet")), "{unsigned}");
    let (status, unsigned) = convert(&p(&sheet.0), &["--allow-unsigned-rates"]);
    assert_eq!((status, &unsigned["target"]), (Some(0), &v["target"]));
    // A signed sheet given as unsigned, an unsigned sheet given as signed, a tampered one: refused.
    let (status, e) = convert(&p(&signed), &["--allow-unsigned-rates"]);
    assert_eq!((status, &e["error"]["code"]), (Some(2), &json!("invalid_rate_sheet")));
    let (status, e) = convert(&p(&sheet.0), &["--trust-list", &tl, "--root-public-key", &root]);
    assert_eq!((status, &e["error"]["code"]), (Some(2), &json!("untrusted_rate_sheet")));
    let text = std::fs::read_to_string(&signed).unwrap();
    let tampered = dir.join("tampered.jws");
    let (head, sig) = text.rsplit_once('.').unwrap();
    std::fs::write(&tampered, format!("{head}.{}", sig.chars().rev().collect::<String>())).unwrap();
    let (status, e) = convert(&p(&tampered), &["--trust-list", &tl, "--root-public-key", &root]);
    assert_eq!((status, &e["error"]["code"]), (Some(2), &json!("untrusted_rate_sheet")));
}

#[test]
fn rate_and_rates_are_exclusive_and_rates_needs_at() {
    let base = "convert --amount 1.00 --from HKD --to CNY";
    for extra in ["--json", "--rates x.json --json", "--rate 1 --rates x.json --at 2026-11-21T09:00:00Z --json"] {
        let line = format!("{base} {extra}");
        let args: Vec<&str> = line.split_whitespace().collect();
        let out = crosspay(&args);
        assert_eq!(out.status.code(), Some(2), "{line}");
        assert_eq!(stdout_json(&out)["error"]["code"], "usage", "{line}");
    }
    let line = format!("{base} --rates /nonexistent.json --at 2026-11-21T09:00:00Z --allow-unsigned-rates --json");
    let out = crosspay(&line.split_whitespace().collect::<Vec<_>>());
    assert_eq!(stdout_json(&out)["error"]["code"], "io_error");
}

#[test]
fn every_money_conversion_vector_through_the_cli() {
    let doc = money_doc();
    for case in doc["conversions"].as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let i = &case["input"];
        let o = &case["options"];
        let mut args: Vec<String> = vec![
            "convert".into(),
            format!("--amount={}", i["amount"].as_str().unwrap()),
            "--from".into(),
            i["from"].as_str().unwrap().into(),
            "--to".into(),
            i["to"].as_str().unwrap().into(),
            "--rounding".into(),
            o["rounding"].as_str().unwrap().into(),
            "--json".into(),
        ];
        let _sheet = case.get("sheet").map(|s| {
            let file = TempFile::new(name, &doc["sheets"][s.as_str().unwrap()].to_string());
            let at = case["at"].as_str().unwrap();
            args.extend(["--rates".into(), file.0.to_str().unwrap().into(), "--at".into(), at.into(), "--allow-unsigned-rates".into()]);
            file
        });
        if let Some(rate) = case.get("rate") {
            args.extend(["--rate".into(), rate.as_str().unwrap().into()]);
        }
        if let Some(bps) = o.get("markup_bps") {
            args.extend(["--markup-bps".into(), bps.to_string()]);
        }
        if let Some(side) = o.get("side") {
            args.extend(["--side".into(), side.as_str().unwrap().into()]);
        }
        if let Some(inc) = o.get("cash_increment") {
            args.extend(["--cash-increment".into(), inc.as_str().unwrap().into()]);
        }
        if o.get("reverse") == Some(&json!(true)) {
            args.push("--reverse".into());
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = crosspay(&args);
        let v = stdout_json(&out);
        match case.get("expected") {
            Some(expected) => {
                assert_eq!(out.status.code(), Some(0), "{name}: {v}");
                for (k, want) in expected.as_object().unwrap() {
                    assert_eq!(&v[k], want, "{name}: {k}");
                }
                assert_eq!(v["amount"], expected["target"]["amount"], "{name}");
            }
            None => {
                assert_eq!(out.status.code(), Some(2), "{name}");
                assert_eq!(v["error"]["code"], case["error"], "{name}");
            }
        }
    }
}

#[test]
fn every_allocation_vector_through_the_cli() {
    for case in money_doc()["allocations"].as_array().unwrap() {
        let ratios: Vec<&str> = case["ratios"].as_array().unwrap().iter().map(|r| r.as_str().unwrap()).collect();
        let ratios = format!("--ratios={}", ratios.join(","));
        let amount = format!("--amount={}", case["amount"].as_str().unwrap());
        let out = crosspay(&["allocate", &amount, "--currency", case["currency"].as_str().unwrap(), &ratios, "--json"]);
        let v = stdout_json(&out);
        match case.get("expected") {
            Some(parts) => assert_eq!(v, json!({ "parts": parts }), "{}", case["name"]),
            None => assert_eq!(v["error"]["code"], case["error"], "{}", case["name"]),
        }
    }
}
