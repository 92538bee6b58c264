//! Which schemes a code carries (one code may carry several), from the account templates' GUIs
//! and AIDs and the card-network primitives, with the fields each scheme defines.

use super::decode::Decoder;
use super::issue::IssueCode;
use super::model::{MerchantQr, SchemeValue};
use super::tlv::{self, Tlv};
use std::collections::HashMap;

/// One scheme's fields: each present value as text, each absent one as null.
type Fields = HashMap<String, Option<SchemeValue>>;

fn text_fields(pairs: &[(&str, Option<&str>)]) -> Fields {
    pairs.iter().map(|(k, v)| (k.to_string(), v.map(|v| SchemeValue::Text(v.to_string())))).collect()
}

/// Card-network primitives (EMVCo-assigned pairs of ids).
const PRIMITIVES: &[(u8, u8, &str)] = &[
    (2, 3, "Visa"),
    (4, 5, "Mastercard"),
    (6, 8, "EMVCo reserved"),
    (9, 10, "Discover"),
    (11, 12, "American Express"),
    (13, 14, "JCB"),
    (15, 16, "UnionPay"),
];

/// Globally unique identifiers (reverse domain names or AIDs, matched case-insensitively).
const GUIS: &[(&str, &str)] = &[
    ("br.gov.bcb.pix", "PIX"),
    ("hk.com.hkicl", "FPS"),
    ("sg.paynow", "PayNow"),
    ("sg.sgqr", "SGQR"),
    ("id.co.qris.www", "QRIS"),
    ("a000000677010111", "PromptPay"),
    ("a000000677010112", "PromptPay bill payment"),
    ("a000000615", "DuitNow"),
    ("a000000727", "VietQR"),
    ("a000000333", "UnionPay"),
    ("a000000004", "Mastercard"),
    ("a000000003", "Visa"),
    ("ph.ppmi", "QR Ph"),
    ("com.swiftpass", "SwiftPass"),
];

fn sub<'a>(s: &'a [Tlv], id: &str) -> Option<&'a str> {
    s.iter().find(|t| t.id == id).map(|t| t.value.as_str())
}

pub(crate) fn identify(d: &mut Decoder, objects: &[Tlv], out: &mut MerchantQr) -> Vec<String> {
    let mut schemes: Vec<String> = Vec::new();
    let mut fields: HashMap<String, Fields> = HashMap::new();
    let mut add = |name: &str| {
        if !schemes.iter().any(|s| s == name) {
            schemes.push(name.to_string());
        }
    };
    let country = objects.iter().find(|o| o.id == "58").map(|o| o.value.as_str());
    // The additional data (62) is read once for every template that needs it.
    let additional = objects.iter().find(|t| t.id == "62").and_then(|t| tlv::parse(&t.value, 0).ok()).unwrap_or_default();
    for o in objects {
        let Ok(id) = o.id.parse::<u8>() else { continue };
        if let Some((_, _, name)) = PRIMITIVES.iter().find(|(a, b, _)| (*a..=*b).contains(&id)) {
            add(name);
            continue;
        }
        if !(26..=51).contains(&id) {
            continue;
        }
        let Ok(s) = tlv::parse(&o.value, o.value_position) else { continue };
        let Some(gui) = sub(&s, "00") else { continue };
        let lower = gui.to_ascii_lowercase();
        if let Some((_, name)) = GUIS.iter().find(|(g, _)| lower.starts_with(g)) {
            add(name);
            scheme_fields(d, name, o, &s, &additional, &mut fields);
        } else if country == Some("KH") && gui.contains('@') {
            // KHQR: the GUI is the Bakong account id (name@bank), in 29 (individual) or 30 (merchant).
            add("KHQR");
            fields.insert(
                "KHQR".into(),
                text_fields(&[
                    ("bakong_account_id", Some(gui)),
                    ("account_type", Some(if id == 30 { "merchant" } else { "individual" })),
                    ("merchant_id_or_account", sub(&s, "01")),
                    ("acquiring_bank", sub(&s, "02")),
                ]),
            );
        }
    }
    if !fields.is_empty() {
        out.scheme_fields = Some(fields);
    }
    schemes
}

fn scheme_fields(d: &mut Decoder, name: &str, o: &Tlv, s: &[Tlv], additional: &[Tlv], fields: &mut HashMap<String, Fields>) {
    let value = match name {
        "FPS" => {
            let proxy = [("02", "fps_id"), ("03", "mobile"), ("04", "email")].into_iter().find_map(|(k, t)| sub(s, k).map(|v| (t, v)));
            if proxy.is_none() && sub(s, "01").is_none() {
                d.report(
                    IssueCode::SchemeRule,
                    o.value_position,
                    "FPS needs a participant code (01) or a proxy: FPS id (02), mobile (03) or email (04)",
                    false,
                );
            }
            text_fields(&[("participant_code", sub(s, "01")), ("proxy_type", proxy.map(|p| p.0)), ("proxy_value", proxy.map(|p| p.1))])
        }
        "PIX" => {
            if sub(s, "01").is_none() && sub(s, "25").is_none() {
                d.report(IssueCode::SchemeRule, o.value_position, "PIX needs a key (01) or a payload URL (25)", false);
            }
            text_fields(&[("key", sub(s, "01")), ("url", sub(s, "25")), ("description", sub(s, "02")), ("txid", sub(additional, "05"))])
        }
        "PromptPay" => {
            let proxy = [("01", "mobile"), ("02", "national_or_tax_id"), ("03", "e_wallet")]
                .into_iter()
                .find_map(|(k, t)| sub(s, k).map(|v| (t, v)));
            match proxy {
                Some(("mobile", v)) if !(v.len() == 13 && v.starts_with("0066")) => {
                    d.report(IssueCode::SchemeRule, o.value_position, "a PromptPay mobile number is 13 digits starting 0066", false)
                }
                None => d.report(
                    IssueCode::SchemeRule,
                    o.value_position,
                    "PromptPay needs a mobile (01), national/tax id (02) or e-wallet id (03)",
                    false,
                ),
                _ => {}
            }
            text_fields(&[("proxy_type", proxy.map(|p| p.0)), ("proxy_value", proxy.map(|p| p.1))])
        }
        "PayNow" => {
            let proxy_type = match sub(s, "01") {
                Some("0") => Some("mobile"),
                Some("2") => Some("uen"),
                _ => None,
            };
            let mut f = text_fields(&[("proxy_type", proxy_type), ("proxy_value", sub(s, "02")), ("expiry", sub(s, "04"))]);
            f.insert("editable".into(), sub(s, "03").map(|e| SchemeValue::Flag(e == "1")));
            f
        }
        "VietQR" => {
            let beneficiary = sub(s, "01").and_then(|b| tlv::parse(b, 0).ok()).unwrap_or_default();
            text_fields(&[("bank_bin", sub(&beneficiary, "00")), ("account", sub(&beneficiary, "01")), ("service_code", sub(s, "02"))])
        }
        "QRIS" => text_fields(&[("nmid", sub(s, "02")), ("merchant_criteria", sub(s, "03"))]),
        "DuitNow" => text_fields(&[("acquirer", sub(s, "01")), ("merchant_id", sub(s, "02"))]),
        _ => return,
    };
    fields.insert(name.to_string(), value);
}
