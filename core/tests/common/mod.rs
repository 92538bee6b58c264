//! What the card and prepaid vector tests share: reading a vector file, and small accessors.
#![allow(dead_code)] // each test file uses its own part

use crosspay_core::CrosspayError;
use serde_json::{json, Value};

pub fn read(path: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

pub fn err(e: CrosspayError) -> Value {
    json!({ "error": e.code() })
}

pub fn s(v: &Value) -> &str {
    v.as_str().unwrap_or_else(|| panic!("not a string: {v}"))
}

pub fn opt(v: &Value) -> Option<String> {
    v.as_str().map(str::to_string)
}

/// Writes a vector file as the tests read it (pretty JSON, one final newline).
pub fn write(path: &str, v: Value) {
    std::fs::write(path, serde_json::to_string_pretty(&v).unwrap() + "\n").unwrap();
}
