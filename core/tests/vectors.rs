//! The shared vectors in tests/vectors/, checked from Rust. The JS, Kotlin, Python and Swift
//! suites read the same files.

use crosspay_core::{convert, parse_rounding_mode, Conversion};
use serde_json::{json, Value};

fn vectors(name: &str) -> Vec<Value> {
    let path = format!("{}/../tests/vectors/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let doc: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    doc["cases"].as_array().expect("a cases array").clone()
}

/// The receipt in the vectors' JSON shape (the CLI and JS print exactly this).
fn receipt(c: &Conversion) -> Value {
    json!({
        "source": {"amount": c.source.amount, "currency": c.source.currency},
        "target": {"amount": c.target.amount, "currency": c.target.currency},
        "rate": c.rate,
        "rounding": c.rounding.as_str(),
        "unrounded": c.unrounded,
        "residue": c.residue,
    })
}

#[test]
fn convert_vectors() {
    let cases = vectors("convert.json");
    assert!(cases.len() >= 30, "the vector file lost cases");
    let mut failures = Vec::new();
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let i = &case["input"];
        let s = |k: &str| i[k].as_str().unwrap();
        let result = parse_rounding_mode(s("rounding"))
            .and_then(|mode| convert(s("amount"), s("from"), s("to"), s("rate"), mode));
        let outcome = match &result {
            Ok(c) => json!({ "expected": receipt(c) }),
            Err(e) => json!({ "error": e.code() }),
        };
        let want = match case.get("expected") {
            Some(expected) => json!({ "expected": expected }),
            None => json!({ "error": case["error"] }),
        };
        if outcome != want {
            failures.push(format!("{name}: got {outcome}, want {want}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} vectors failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}
