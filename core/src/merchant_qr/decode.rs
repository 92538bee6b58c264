//! Decoding in layers: TLV syntax → CRC → EMV field rules → scheme rules. Every deviation is an
//! error in strict mode; in lenient mode the deviations real national codes show are warnings.

use super::crc::crc_hex;
use super::issue::{Issue, IssueCode};
use super::model::{MerchantQr, ObjectValue, Template, TlvNode};
use super::schemes;
use super::tlv::{self, Tlv};

pub(crate) struct Decoder {
    pub strict: bool,
    /// Checking a code the encoder made: informational deviations are errors too.
    pub emitting: bool,
    pub errors: Vec<Issue>,
    pub warnings: Vec<Issue>,
}

impl Decoder {
    /// Records a deviation in an informational field or in the order of objects, one that leaves
    /// the payee, the amount and the currency unambiguous: a warning in lenient mode, an error in
    /// strict mode and for codes the encoder makes.
    pub fn informational(&mut self, code: IssueCode, position: usize, message: impl Into<String>) {
        let tolerated = !self.emitting;
        self.report(code, position, message, tolerated);
    }

    /// Records a deviation: an error in strict mode or when `tolerated` is false, else a warning.
    pub fn report(&mut self, code: IssueCode, position: usize, message: impl Into<String>, tolerated: bool) {
        let issue = Issue::new(code, position, message);
        if tolerated && !self.strict {
            self.warnings.push(issue);
        } else {
            self.errors.push(issue);
        }
    }

    fn error(&mut self, code: IssueCode, position: usize, message: impl Into<String>) {
        self.report(code, position, message, false);
    }
}

/// A template's sub-objects, or an error at its position.
pub(crate) fn template(d: &mut Decoder, t: &Tlv, tolerance: Tolerance) -> Option<Vec<Tlv>> {
    match tlv::parse(&t.value, t.value_position) {
        Ok(sub) => Some(sub),
        Err(issue) => {
            let (position, message) = (issue.position as usize, format!("template {}: {}", t.id, issue.message));
            match tolerance {
                Tolerance::Never => d.report(IssueCode::BadTemplate, position, message, false),
                Tolerance::RealWorld => d.report(IssueCode::BadTemplate, position, message, true),
                Tolerance::Informational => d.informational(IssueCode::BadTemplate, position, message),
            }
            None
        }
    }
}

/// How a malformed template is reported.
#[derive(Clone, Copy)]
pub(crate) enum Tolerance {
    /// An error in both modes (account templates: the payee).
    Never,
    /// A warning in lenient mode: real national codes do it.
    RealWorld,
    /// A warning in lenient mode, an error in strict mode and for the encoder.
    Informational,
}

/// A template's sub-objects by id.
pub(crate) fn template_map(sub: &[Tlv]) -> Template {
    sub.iter().map(|s| (s.id.clone(), s.value.clone())).collect()
}

/// The ordered object tree, for byte-identical re-encoding.
fn tree(objects: &[Tlv]) -> Vec<TlvNode> {
    objects
        .iter()
        .map(|o| {
            let is_template = matches!(o.id.parse::<u8>(), Ok(26..=51 | 62 | 64 | 80..=99));
            match (is_template, tlv::parse(&o.value, 0)) {
                (true, Ok(sub)) => TlvNode { id: o.id.clone(), value: None, objects: Some(tree(&sub)) },
                _ => TlvNode { id: o.id.clone(), value: Some(o.value.clone()), objects: None },
            }
        })
        .collect()
}

fn is_digits(s: &str, n: usize) -> bool {
    s.len() == n && s.bytes().all(|b| b.is_ascii_digit())
}

/// Decodes an EMV merchant-presented payload (docs/merchant-qr.md).
pub(crate) fn decode_emv(payload: &str, strict: bool, emitting: bool) -> MerchantQr {
    let mut d = Decoder { strict, emitting, errors: Vec::new(), warnings: Vec::new() };
    let mut out = MerchantQr { format: "emv".into(), ..MerchantQr::default() };

    let objects = match tlv::parse(payload, 0) {
        Ok(o) => o,
        Err(issue) => {
            d.errors.push(issue);
            return finish(out, d, Vec::new());
        }
    };

    // Duplicates are errors in both modes (one pass: ids are two digits).
    let mut seen = [false; 100];
    for o in &objects {
        let Ok(id) = o.id.parse::<usize>() else { continue };
        if std::mem::replace(&mut seen[id % 100], true) {
            d.error(IssueCode::DuplicateTag, o.position, format!("id {} appears more than once", o.id));
        }
    }

    // CRC: found by position, the last object, never by searching for "6304".
    match objects.last() {
        Some(last) if last.id == "63" => {
            if last.value.chars().count() != 4 || !last.value.chars().all(|c| c.is_ascii_hexdigit()) {
                d.error(IssueCode::CrcBadFormat, last.value_position, format!("the CRC {:?} is not four hex digits", last.value));
            } else {
                let covered = payload.char_indices().nth(last.value_position).map_or(payload, |(at, _)| &payload[..at]);
                let want = crc_hex(covered);
                if !last.value.eq_ignore_ascii_case(&want) {
                    d.error(IssueCode::CrcMismatch, last.value_position, format!("the CRC is {} but the payload's is {want}", last.value));
                } else if last.value != want {
                    d.warnings.push(Issue::new(
                        IssueCode::CrcLowercase,
                        last.value_position,
                        "lower-case CRC hex (accepted; upper case is emitted)",
                    ));
                }
            }
            out.crc = Some(last.value.to_ascii_uppercase()); // hex: ASCII case only (no Unicode case tables in the module)
        }
        _ => match objects.iter().find(|o| o.id == "63") {
            Some(o) => d.error(IssueCode::CrcNotLast, o.position, "the CRC (63) must be the last object"),
            None => d.error(IssueCode::CrcMissing, payload.chars().count(), "no CRC (63) at the end"),
        },
    }

    fields(&mut d, &objects, &mut out);
    out.objects = Some(tree(&objects));
    finish(out, d, objects)
}

fn finish(mut out: MerchantQr, mut d: Decoder, objects: Vec<Tlv>) -> MerchantQr {
    let schemes = if d.errors.iter().any(|e| matches!(e.code, IssueCode::TlvBadId | IssueCode::TlvBadLength | IssueCode::TlvTruncated)) {
        Vec::new()
    } else {
        schemes::identify(&mut d, &objects, &mut out)
    };
    out.valid = d.errors.is_empty();
    out.schemes = schemes;
    out.errors = d.errors;
    out.warnings = d.warnings;
    out
}

/// EMV field rules for every root object.
fn fields(d: &mut Decoder, objects: &[Tlv], out: &mut MerchantQr) {
    let get = |id: &str| objects.iter().find(|o| o.id == id);
    let end = objects.last().map_or(0, |o| o.value_position + o.value.chars().count());

    match objects.first() {
        Some(first) if first.id == "00" => {
            out.payload_format_indicator = Some(first.value.clone());
            if first.value != "01" {
                // DuitNow codes carry "02". The indicator is informational: the TLV layout it
                // announces is the one the rest of the payload already parsed as.
                let message = format!("payload format indicator {:?}, expected \"01\"", first.value);
                if first.value == "02" {
                    d.report(IssueCode::UnexpectedFormatIndicator, first.value_position, message, true);
                } else {
                    d.informational(IssueCode::UnexpectedFormatIndicator, first.value_position, message);
                }
            }
        }
        // Present but elsewhere: the root objects' order says nothing of the payee or the amount.
        _ => match get("00") {
            Some(o) => {
                out.payload_format_indicator = Some(o.value.clone());
                d.informational(IssueCode::FormatIndicatorNotFirst, o.position, "the payload format indicator (00) must come first");
            }
            None => d.error(IssueCode::FormatIndicatorNotFirst, 0, "the payload format indicator (00) must come first"),
        },
    }
    if let Some(o) = get("01") {
        out.point_of_initiation = Some(o.value.clone());
        if o.value != "11" && o.value != "12" {
            // Informational (whether the code is reused); the amount says what is due.
            d.informational(
                IssueCode::BadPointOfInitiation,
                o.value_position,
                format!("point of initiation {:?}: 11 (static) or 12 (dynamic)", o.value),
            );
        }
    }

    // Merchant account information: 02–25 primitives, 26–51 templates with a GUI in sub-tag 00.
    let mut accounts = std::collections::HashMap::new();
    for o in objects {
        match o.id.parse::<u8>() {
            Ok(2..=25) => {
                accounts.insert(o.id.clone(), ObjectValue::Text(o.value.clone()));
            }
            Ok(26..=51) => {
                let value = match template(d, o, Tolerance::Never) {
                    Some(sub) => {
                        if !sub.iter().any(|s| s.id == "00") {
                            d.report(
                                IssueCode::MissingGlobalUniqueIdentifier,
                                o.value_position,
                                format!("template {} has no globally unique identifier (00)", o.id),
                                true,
                            );
                        }
                        ObjectValue::Template(template_map(&sub))
                    }
                    None => ObjectValue::Text(o.value.clone()),
                };
                accounts.insert(o.id.clone(), value);
            }
            _ => {}
        }
    }
    if accounts.is_empty() {
        d.error(IssueCode::MissingMerchantAccount, end, "no merchant account information (02 to 51)");
    }
    out.merchant_account_info = Some(accounts);

    // Mandatory fields. PromptPay personal codes omit 52, 59 and 60: tolerated in lenient mode.
    for (id, name, tolerated) in [
        ("52", "merchant category code", true),
        ("53", "transaction currency", false),
        ("58", "country code", false),
        ("59", "merchant name", true),
        ("60", "merchant city", true),
    ] {
        if get(id).is_none() {
            d.report(IssueCode::MissingField, end, format!("{name} ({id}) is missing"), tolerated);
        }
    }
    if let Some(o) = get("52") {
        out.mcc = Some(o.value.clone());
        if !is_digits(&o.value, 4) {
            d.informational(IssueCode::BadMcc, o.value_position, format!("merchant category code {:?} is not four digits", o.value));
        }
    }
    let mut minor_units = None;
    if let Some(o) = get("53") {
        out.currency = Some(o.value.clone());
        let currency = o.value.parse::<u16>().ok().filter(|_| is_digits(&o.value, 3)).and_then(crate::money::currency::iso_by_numeric);
        match currency {
            Some(c) => {
                out.currency_code = Some(c.code().to_string());
                minor_units = c.exponent();
            }
            None => d.error(IssueCode::BadCurrency, o.value_position, format!("{:?} is not an ISO 4217 numeric currency code", o.value)),
        }
    }
    if let Some(o) = get("54") {
        out.amount = Some(o.value.clone());
        amount_rule(d, o, minor_units);
    }
    tip_rules(d, objects, out);
    if let Some(o) = get("58") {
        out.country = Some(o.value.clone());
        if o.value.len() != 2 || !o.value.bytes().all(|b| b.is_ascii_uppercase()) {
            d.informational(IssueCode::BadCountry, o.value_position, format!("country {:?} is not an ISO 3166 alpha-2 code", o.value));
        }
    }
    for (id, key, max) in [("59", "merchant_name", 25), ("60", "merchant_city", 15), ("61", "postal_code", 10)] {
        if let Some(o) = get(id) {
            let slot = match id {
                "59" => &mut out.merchant_name,
                "60" => &mut out.merchant_city,
                _ => &mut out.postal_code,
            };
            *slot = Some(o.value.clone());
            let n = o.value.chars().count();
            if n > max {
                // Utility bills carry 31-character names; tolerated in lenient mode.
                d.report(IssueCode::FieldTooLong, o.value_position, format!("{key} has {n} characters; EMVCo allows {max}"), true);
            }
            if !o.value.is_ascii() {
                d.report(
                    IssueCode::NonAsciiText,
                    o.value_position,
                    format!("{key} has local-script characters; EMVCo puts them in the language template (64)"),
                    true,
                );
            }
        }
    }
    if let Some(o) = get("62") {
        // Bill numbers and references: informational for the payee and the amount.
        if let Some(sub) = template(d, o, Tolerance::Informational) {
            out.additional_data = Some(template_map(&sub));
        }
    }
    if let Some(o) = get("64") {
        if let Some(sub) = template(d, o, Tolerance::Informational) {
            let pref = sub.iter().find(|s| s.id == "00");
            if pref.is_none_or(|p| p.value.chars().count() != 2) || !sub.iter().any(|s| s.id == "01") {
                d.informational(
                    IssueCode::BadLanguageTemplate,
                    o.value_position,
                    "the language template needs a 2-letter preference (00) and a name (01)",
                );
            }
            out.language_template = Some(template_map(&sub));
        }
    }
    let mut unreserved = std::collections::HashMap::new();
    for o in objects {
        match o.id.parse::<u8>() {
            Ok(65..=79) => d.report(IssueCode::RfuTag, o.position, format!("id {} is reserved for future use", o.id), true),
            Ok(80..=99) => {
                let value = match template(d, o, Tolerance::RealWorld) {
                    Some(sub) => ObjectValue::Template(template_map(&sub)),
                    None => ObjectValue::Text(o.value.clone()),
                };
                unreserved.insert(o.id.clone(), value);
            }
            _ => {}
        }
    }
    out.unreserved = Some(unreserved);
}

fn amount_rule(d: &mut Decoder, o: &Tlv, minor_units: Option<u16>) {
    let v = &o.value;
    let (int, frac) = v.split_once('.').unwrap_or((v, ""));
    let well_formed = v.len() <= 13
        && !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.bytes().all(|b| b.is_ascii_digit())
        && !(v.contains('.') && frac.is_empty());
    if !well_formed {
        d.error(IssueCode::BadAmount, o.value_position, format!("amount {v:?} is not a decimal of at most 13 characters"));
    } else if int.bytes().all(|b| b == b'0') && frac.bytes().all(|b| b == b'0') {
        d.error(IssueCode::BadAmount, o.value_position, "the amount is zero");
    } else if let Some(units) = minor_units {
        if frac.len() > usize::from(units) {
            d.report(
                IssueCode::AmountPrecision,
                o.value_position,
                format!("amount {v} has more decimals than the currency's {units}"),
                true,
            );
        }
    }
}

fn tip_rules(d: &mut Decoder, objects: &[Tlv], out: &mut MerchantQr) {
    let get = |id: &str| objects.iter().find(|o| o.id == id);
    let (tip, fixed, pct) = (get("55"), get("56"), get("57"));
    if let Some(t) = tip {
        out.tip_or_convenience_indicator = Some(t.value.clone());
        if !matches!(t.value.as_str(), "01" | "02" | "03") {
            d.informational(IssueCode::BadTipIndicator, t.value_position, format!("tip indicator {:?}: 01, 02 or 03", t.value));
        }
    }
    if let Some(f) = fixed {
        out.convenience_fee_fixed = Some(f.value.clone());
    }
    if let Some(p) = pct {
        out.convenience_fee_percentage = Some(p.value.clone());
    }
    let indicator = tip.map(|t| t.value.as_str());
    let at = |o: Option<&Tlv>| o.map_or(0, |o| o.position);
    if indicator == Some("02") && fixed.is_none() {
        d.informational(IssueCode::TipInconsistent, at(tip), "indicator 02 needs a fixed convenience fee (56)");
    }
    if indicator == Some("03") && pct.is_none() {
        d.informational(IssueCode::TipInconsistent, at(tip), "indicator 03 needs a percentage convenience fee (57)");
    }
    if fixed.is_some() && indicator != Some("02") {
        d.informational(IssueCode::TipInconsistent, at(fixed), "a fixed fee (56) needs indicator 02 (55)");
    }
    if pct.is_some() && indicator != Some("03") {
        d.informational(IssueCode::TipInconsistent, at(pct), "a percentage fee (57) needs indicator 03 (55)");
    }
}
