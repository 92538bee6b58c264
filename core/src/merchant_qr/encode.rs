//! Building codes: lengths in characters, the CRC computed, checked by the decoder before it is
//! handed out. Accepts the decoder's own JSON: with `objects` (the ordered tree) a decoded code
//! re-encodes byte for byte; without, the keyed fields are written in tag order.

use super::crc::crc_hex;
use super::tlv;
use crate::error::CrosspayError;
use serde_json::{Map, Value};

fn invalid(reason: impl Into<String>) -> CrosspayError {
    CrosspayError::InvalidMerchantQr { reason: reason.into() }
}

fn text(v: &Value, at: &str) -> Result<String, CrosspayError> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        _ => Err(invalid(format!("{at}: expected a string"))),
    }
}

/// An ordered `[{"id", "value"} | {"id", "objects": [...]}]` tree to TLV text.
fn write_tree(objects: &[Value], at: &str) -> Result<String, CrosspayError> {
    let mut pairs = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        let here = format!("{at}[{i}]");
        let id = o.get("id").ok_or_else(|| invalid(format!("{here}: no id")))?;
        let id = text(id, &here)?;
        let value = match (o.get("value"), o.get("objects")) {
            (Some(v), _) => text(v, &here)?,
            (None, Some(Value::Array(sub))) => write_tree(sub, &format!("{here}.objects"))?,
            _ => return Err(invalid(format!("{here}: needs a value or objects"))),
        };
        pairs.push((id, value));
    }
    tlv::write(&pairs).map_err(|e| invalid(format!("{at}: {e}")))
}

/// A keyed object (`{"00": "...", "01": ...}`) to TLV text, in id order.
fn write_map(map: &Map<String, Value>, at: &str) -> Result<String, CrosspayError> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (id, v) in map {
        let value = match v {
            Value::Object(inner) => write_map(inner, &format!("{at}.{id}"))?,
            other => text(other, &format!("{at}.{id}"))?,
        };
        pairs.push((id.clone(), value));
    }
    pairs.sort_by(|a, b| a.0.cmp(&b.0));
    tlv::write(&pairs).map_err(|e| invalid(format!("{at}: {e}")))
}

/// The keyed form, in tag order.
fn write_fields(spec: &Map<String, Value>) -> Result<String, CrosspayError> {
    let mut root: Map<String, Value> = Map::new();
    root.insert("00".into(), Value::String("01".into()));
    let simple = [
        ("payload_format_indicator", "00"),
        ("point_of_initiation", "01"),
        ("mcc", "52"),
        ("currency", "53"),
        ("amount", "54"),
        ("tip_or_convenience_indicator", "55"),
        ("convenience_fee_fixed", "56"),
        ("convenience_fee_percentage", "57"),
        ("country", "58"),
        ("merchant_name", "59"),
        ("merchant_city", "60"),
        ("postal_code", "61"),
    ];
    for (key, id) in simple {
        if let Some(v) = spec.get(key).filter(|v| !v.is_null()) {
            root.insert(id.into(), Value::String(text(v, key)?));
        }
    }
    if !spec.contains_key("currency") {
        if let Some(code) = spec.get("currency_code").and_then(Value::as_str) {
            let c = crate::money::Currency::from_code(code)?;
            let numeric = c.numeric().ok_or_else(|| invalid(format!("{code} has no ISO 4217 numeric code")))?;
            root.insert("53".into(), Value::String(format!("{numeric:03}")));
        }
    }
    for (key, ids) in
        [("merchant_account_info", None), ("unreserved", None), ("additional_data", Some("62")), ("language_template", Some("64"))]
    {
        match (spec.get(key), ids) {
            (Some(Value::Object(m)), None) => {
                for (id, v) in m {
                    root.insert(id.clone(), v.clone());
                }
            }
            (Some(Value::Object(m)), Some(id)) => {
                root.insert(id.into(), Value::Object(m.clone()));
            }
            (Some(Value::Null) | None, _) => {}
            _ => return Err(invalid(format!("{key}: expected an object"))),
        }
    }
    write_map(&root, "spec")
}

/// Builds a payload from a spec (the decoder's JSON shape) and checks it decodes without errors
/// (for keyed fields, also without informational deviations).
pub(crate) fn encode(spec: &str) -> Result<String, CrosspayError> {
    crate::limits::check_size("a merchant QR spec", spec.len(), crate::limits::MAX_DOCUMENT_BYTES)?;
    let spec: Value = serde_json::from_str(spec).map_err(|e| invalid(format!("the spec is not JSON: {e}")))?;
    let Value::Object(map) = &spec else {
        return Err(invalid("the spec must be a JSON object"));
    };
    // A new code (keyed fields) carries no informational deviation; a decoded code's objects are
    // reproduced as they were, so whatever decodes as valid re-encodes to itself.
    let building = !matches!(map.get("objects"), Some(Value::Array(_)));
    let body = match map.get("objects") {
        Some(Value::Array(objects)) => {
            // Re-encoding a decoded code: drop its CRC object, keep everything else in order.
            let kept: Vec<Value> = objects.iter().filter(|o| o.get("id").and_then(Value::as_str) != Some("63")).cloned().collect();
            write_tree(&kept, "objects")?
        }
        _ => write_fields(map)?,
    };
    let with_tag = format!("{body}6304");
    let payload = format!("{with_tag}{}", crc_hex(&with_tag));
    let check = super::decode(&payload, false, building);
    if let Some(first) = check.errors.first() {
        return Err(invalid(format!("the code would not decode: {}", first.message)));
    }
    // A decoder tolerates an amount with more decimals than its currency has (codes like that are
    // in the wild); a new code never has one: a CNY 12.345 would charge what nobody priced.
    if let Some(w) = check.warnings.iter().filter(|_| building).find(|w| w.code == super::issue::IssueCode::AmountPrecision) {
        return Err(invalid(w.message.clone()));
    }
    Ok(payload)
}
