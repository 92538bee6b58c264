//! Merchant codes that are not EMV: recognised and classified, never reported as corrupt.

use serde_json::{json, Map, Value};

/// `(prefix, format, scheme)`, matched case-insensitively.
const URLS: &[(&str, &str, &str)] = &[
    ("upi://pay?", "upi", "UPI"),
    ("wxp://", "wechat-pay-url", "WeChat Pay"),
    ("weixin://wxpay/", "wechat-pay-url", "WeChat Pay"),
    ("https://wx.tenpay.com/", "wechat-pay-url", "WeChat Pay"),
    ("https://qr.alipay.com/", "alipay-url", "Alipay"),
    ("alipays://", "alipay-url", "Alipay"),
    ("https://qr.alipay.hk/", "alipay-url", "AlipayHK"),
    ("https://qr.95516.com/", "unionpay-url", "UnionPay"),
];

fn percent_decode(s: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16);
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (bytes[i], bytes.get(i + 1).copied().and_then(hex), bytes.get(i + 2).copied().and_then(hex)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b'+', _, _) => {
                out.push(b' ');
                i += 1;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The JSON form for a recognised URL, or `None`.
pub(crate) fn classify(payload: &str) -> Option<Value> {
    let lower = payload.to_ascii_lowercase();
    let (_, format, scheme) = URLS.iter().find(|(p, _, _)| lower.starts_with(p))?;
    let mut out = Map::new();
    out.insert("format".into(), json!(format));
    out.insert("valid".into(), json!(true));
    out.insert("schemes".into(), json!([scheme]));
    out.insert("errors".into(), json!([]));
    out.insert("warnings".into(), json!([]));
    out.insert("url".into(), json!(payload));
    if *format == "upi" {
        let query = payload.split_once('?').map_or("", |q| q.1);
        let params: Map<String, Value> =
            query.split('&').filter_map(|kv| kv.split_once('=')).map(|(k, v)| (k.to_string(), json!(percent_decode(v)))).collect();
        for (param, key) in [("pn", "merchant_name"), ("am", "amount"), ("cu", "currency_code"), ("mc", "mcc")] {
            if let Some(v) = params.get(param) {
                out.insert(key.into(), v.clone());
            }
        }
        out.insert("scheme_fields".into(), json!({ "UPI": params }));
    }
    Some(Value::Object(out))
}
