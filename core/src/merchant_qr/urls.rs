//! Merchant codes that are not EMV: recognised and classified, never reported as corrupt.

use super::model::{MerchantQr, SchemeValue};
use std::collections::HashMap;

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

/// The decoded form of a recognised URL, or `None`.
pub(crate) fn classify(payload: &str) -> Option<MerchantQr> {
    let lower = payload.to_ascii_lowercase();
    let (_, format, scheme) = URLS.iter().find(|(p, _, _)| lower.starts_with(p))?;
    let mut out = MerchantQr {
        valid: true,
        format: format.to_string(),
        schemes: vec![scheme.to_string()],
        url: Some(payload.into()),
        ..MerchantQr::default()
    };
    if *format == "upi" {
        let query = payload.split_once('?').map_or("", |q| q.1);
        let params: HashMap<String, String> =
            query.split('&').filter_map(|kv| kv.split_once('=')).map(|(k, v)| (k.to_string(), percent_decode(v))).collect();
        let param = |name: &str| params.get(name).cloned();
        (out.merchant_name, out.amount, out.currency_code, out.mcc) = (param("pn"), param("am"), param("cu"), param("mc"));
        let fields = params.into_iter().map(|(k, v)| (k, Some(SchemeValue::Text(v)))).collect();
        out.scheme_fields = Some(HashMap::from([("UPI".to_string(), fields)]));
    }
    Some(out)
}
