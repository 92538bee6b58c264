//! Writes tests/vectors/paycodes.json: fixed keys, seeds and times, the exact payloads they
//! give, and the verifier's verdicts. Run: `cargo run -p crosspay-core --example paycode_vectors > tests/vectors/paycodes.json`.
//! Every target reproduces the payloads byte for byte and verifies them; the Python suite also
//! checks the signatures and HMACs with independent libraries.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use crosspay_core::paycode::base45;
use crosspay_core::time::Instant;
use crosspay_core::*;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

fn raw(name: &str) -> String {
    hex::encode(Sha256::digest(format!("crosspay paycode vector key: {name}")))
}

fn key(name: &str) -> PrivateKey {
    PrivateKey::from_raw(&hex::decode(raw(name)).unwrap()).unwrap()
}

fn spec(alias: &str, from: &str, to: &str, scope: &[&str], limits: &[(&str, &str)]) -> CertificateSpec {
    CertificateSpec {
        alias: Some(alias.into()),
        not_before: from.into(),
        not_after: to.into(),
        scope: scope.iter().map(|s| s.to_string()).collect(),
        limits: limits.iter().map(|(c, a)| OfflineLimit { currency: c.to_string(), amount: a.to_string() }).collect(),
    }
}

/// Flips one bit of the compact payload's binary form at `offset` from the end (negative) or start.
fn tamper(payload: &str, offset: isize) -> String {
    let mut bytes = base45::decode(payload.strip_prefix("CP1:").unwrap()).unwrap();
    let i = if offset < 0 { (bytes.len() as isize + offset) as usize } else { offset as usize };
    bytes[i] ^= 0x02;
    format!("CP1:{}", base45::encode(&bytes))
}

fn main() {
    let at = "2026-11-22T08:30:00Z";
    let names = ["root", "issuer-2026", "issuer-2027", "issuer-2025", "rogue-issuer", "device-1", "device-2"];
    let keys: Value = names.iter().map(|n| (n.to_string(), json!(raw(n)))).collect::<serde_json::Map<_, _>>().into();
    let (root, i1, i2, i0, rogue, d1, d2) =
        (key("root"), key("issuer-2026"), key("issuer-2027"), key("issuer-2025"), key("rogue-issuer"), key("device-1"), key("device-2"));

    let document = json!({
        "type": "crosspay-trust-list", "version": 1, "sequence": 7, "issued_at": "2026-11-20T00:00:00Z",
        "issuers": [
            TrustedIssuer::new(&i1.public_key(), "2026-01-01T00:00:00Z", "2027-12-31T23:59:59Z", IssuerStatus::Active),
            TrustedIssuer::new(&i2.public_key(), "2026-11-01T00:00:00Z", "2028-12-31T23:59:59Z", IssuerStatus::Active),
            TrustedIssuer::new(&i0.public_key(), "2025-01-01T00:00:00Z", "2026-10-31T23:59:59Z", IssuerStatus::Retired),
        ],
        "deny_list": ["d2d2d2d2d2d2d2d2"],
    });
    let trust_jws = sign_trust_list(&root, &document.to_string()).unwrap();
    let trust = TrustList::verify(&trust_jws, &root.public_key()).unwrap();
    // The list before it: device d2d2… not yet revoked. A verifier that has seen 7 refuses it.
    let mut previous = document.clone();
    previous["sequence"] = json!(6);
    previous["issued_at"] = json!("2026-11-19T00:00:00Z");
    previous["deny_list"] = json!([]);
    let previous_jws = sign_trust_list(&root, &previous.to_string()).unwrap();

    let cert_cases: Vec<(&str, &str, &PrivateKey, &PrivateKey, CertificateSpec)> = vec![
        (
            "transit",
            "issuer-2026",
            &i1,
            &d1,
            spec("a1b2c3d4e5f60718", "2026-11-01T00:00:00Z", "2026-12-31T23:59:59Z", &["transit"], &[("HKD", "200.00"), ("CNY", "150.00")]),
        ),
        (
            "retail-rotated-key",
            "issuer-2027",
            &i2,
            &d2,
            spec("0f1e2d3c4b5a6978", "2026-11-15T00:00:00Z", "2027-05-15T00:00:00Z", &["transit", "retail"], &[("HKD", "500.00")]),
        ),
        (
            "retired-issuer",
            "issuer-2025",
            &i0,
            &d1,
            spec("1111111111111111", "2026-06-01T00:00:00Z", "2026-12-31T23:59:59Z", &["transit"], &[]),
        ),
        (
            "revoked",
            "issuer-2026",
            &i1,
            &d2,
            spec("d2d2d2d2d2d2d2d2", "2026-11-01T00:00:00Z", "2026-12-31T23:59:59Z", &["transit"], &[("HKD", "200.00")]),
        ),
        ("expired", "issuer-2026", &i1, &d1, spec("2222222222222222", "2026-10-01T00:00:00Z", "2026-11-10T00:00:00Z", &["transit"], &[])),
        (
            "not-yet-valid",
            "issuer-2026",
            &i1,
            &d1,
            spec("3333333333333333", "2026-12-01T00:00:00Z", "2027-01-01T00:00:00Z", &["transit"], &[]),
        ),
        (
            "unknown-issuer",
            "rogue-issuer",
            &rogue,
            &d1,
            spec("4444444444444444", "2026-11-01T00:00:00Z", "2026-12-31T23:59:59Z", &["transit"], &[]),
        ),
    ];
    let mut certs = serde_json::Map::new();
    let mut certificates = Vec::new();
    for (name, issuer_name, issuer, device, s) in &cert_cases {
        let cert = issue_certificate(issuer, &device.public_key(), s).unwrap();
        let device_name = if std::ptr::eq(*device, &d1) { "device-1" } else { "device-2" };
        certificates.push(json!({"name": name, "issuer": issuer_name, "device": device_name, "spec": s, "certificate": cert.to_text(), "info": cert.info()}));
        certs.insert(name.to_string(), json!({"cert": cert.to_text(), "device": device_name}));
    }
    let cert_of = |name: &str| certs[name]["cert"].as_str().unwrap().to_string();
    let device_of = |name: &str| if certs[name]["device"] == "device-1" { &d1 } else { &d2 };

    // Codes a wallet makes: (name, certificate, counter before, request).
    let req = |at: &str, amount: Option<(&str, &str)>, container: Container| CodeRequest {
        at: at.into(),
        amount: amount.map(|a| a.0.to_string()),
        currency: amount.map(|a| a.1.to_string()),
        container: Some(container),
    };
    let mut codes = Vec::new();
    let mut payload_of = std::collections::HashMap::new();
    let wallet_cases = [
        ("gate-no-amount", "transit", 0u32, req(at, None, Container::Compact)),
        ("gate-hkd-23.50", "transit", 1, req("2026-11-22T08:30:05Z", Some(("23.50", "HKD")), Container::Compact)),
        ("gate-cpm-hkd-23.50", "transit", 2, req("2026-11-22T08:30:10Z", Some(("23.50", "HKD")), Container::Cpm)),
        ("shop-cny", "transit", 3, req(at, Some(("88.00", "CNY")), Container::Compact)),
        ("counter-reused", "transit", 0, req("2026-11-22T08:30:20Z", None, Container::Compact)),
        ("rotated-key-retail", "retail-rotated-key", 41, req(at, Some(("499.99", "HKD")), Container::Compact)),
        ("exposure-1", "retail-rotated-key", 50, req(at, Some(("150.00", "HKD")), Container::Compact)),
        ("exposure-2", "retail-rotated-key", 51, req("2026-11-22T08:30:01Z", Some(("150.00", "HKD")), Container::Compact)),
        ("exposure-3", "retail-rotated-key", 52, req("2026-11-22T08:30:02Z", Some(("10.00", "HKD")), Container::Compact)),
        ("retired-issuer", "retired-issuer", 0, req(at, None, Container::Compact)),
        ("revoked", "revoked", 0, req(at, None, Container::Compact)),
        ("unknown-issuer", "unknown-issuer", 0, req(at, None, Container::Compact)),
        ("stale", "transit", 10, req("2026-11-22T08:28:29Z", None, Container::Compact)),
        ("future", "transit", 11, req("2026-11-22T08:31:31Z", None, Container::Compact)),
        ("big-counter", "retail-rotated-key", 2_000_000, req(at, Some(("199.99", "HKD")), Container::Compact)),
    ];
    for (name, cert_name, before, request) in &wallet_cases {
        let state = json!({"type": "crosspay-wallet-state", "alias": DeviceCertificate::from_text(&cert_of(cert_name)).unwrap().alias(), "counter": before}).to_string();
        let wallet = Wallet::new(&cert_of(cert_name), Some(&state)).unwrap();
        let generated = wallet.generate(device_of(cert_name), request).unwrap();
        payload_of.insert(name.to_string(), generated.payload.clone());
        codes.push(json!({"name": name, "certificate": cert_name, "device": certs[*cert_name]["device"], "state": state, "request": request, "expected": generated}));
    }
    // Codes no wallet would make (signed directly), and tampered ones.
    let transit = DeviceCertificate::from_text(&cert_of("transit")).unwrap();
    let t = |s: &str| Instant::parse(s).unwrap().unix_seconds() as u32;
    let unchecked = |name: &str, cert: &DeviceCertificate, dev: &PrivateKey, time: &str, counter: u32, amount: Option<(&str, &str)>| {
        let code = PaymentCode::sign_unchecked(cert, dev, t(time), counter, amount, Container::Compact).unwrap();
        (name.to_string(), code.encode(Container::Compact))
    };
    let expired = DeviceCertificate::from_text(&cert_of("expired")).unwrap();
    let not_yet = DeviceCertificate::from_text(&cert_of("not-yet-valid")).unwrap();
    let extra = vec![
        unchecked("over-limit", &transit, &d1, at, 20, Some(("200.01", "HKD"))),
        unchecked("expired-certificate", &expired, &d1, "2026-11-09T23:59:00Z", 1, None),
        unchecked("not-yet-valid-certificate", &not_yet, &d1, at, 1, None),
    ];
    let gate = payload_of["gate-no-amount"].clone();
    let mut literal: Vec<(String, String)> = extra;
    literal.push(("tampered-device-signature".into(), tamper(&gate, -1)));
    literal.push(("tampered-issuer-signature".into(), tamper(&gate, 100)));
    literal.push(("tampered-alias".into(), tamper(&gate, 9)));
    literal.push(("tampered-counter".into(), tamper(&gate, transit.to_bytes().len() as isize + 4)));
    literal.push(("wrong-version".into(), gate.replacen("CP1:", "CP2:", 1)));
    literal.push(("trailing-byte".into(), {
        let mut b = base45::decode(&gate[4..]).unwrap();
        b.push(0);
        format!("CP1:{}", base45::encode(&b))
    }));
    literal.push(("truncated".into(), gate[..gate.len() - 3].to_string()));
    literal.push(("lower-case".into(), gate.to_lowercase()));
    let invalid_point = {
        // A certificate whose device key is not on the curve, correctly signed by the issuer.
        let mut b = base45::decode(&gate[4..]).unwrap();
        let cert_len = transit.to_bytes().len();
        let mut tbs = b[..cert_len - 64].to_vec();
        tbs[16] = 0x02;
        tbs[17..49].copy_from_slice(&[0xFF; 32]);
        let sig = i1.sign(&[CERT_DOMAIN, &tbs].concat(), SignatureFormat::P1363);
        b.splice(..cert_len, [tbs, sig].concat());
        format!("CP1:{}", base45::encode(&b))
    };
    literal.push(("invalid-device-key".into(), invalid_point));
    for (name, payload) in &literal {
        payload_of.insert(name.clone(), payload.clone());
    }

    let step = |name: &str, at: &str, reason: Option<&str>| json!({"code": name, "payload": payload_of[name], "at": at, "accepted": reason.is_none(), "reason": reason});
    let scenarios = json!([
        {"name": "gate: accept, replay, rewind", "options": {"terminal_currency": "HKD", "scope": "transit"}, "steps": [
            step("gate-no-amount", "2026-11-22T08:30:02Z", None),
            step("gate-no-amount", "2026-11-22T08:30:03Z", Some("replay")),
            step("gate-cpm-hkd-23.50", "2026-11-22T08:30:11Z", None),
            step("gate-cpm-hkd-23.50", "2026-11-22T08:30:12Z", Some("replay")),
            step("gate-hkd-23.50", "2026-11-22T08:30:13Z", Some("counter_rewind")),
            step("counter-reused", "2026-11-22T08:30:21Z", Some("replay")),
            step("big-counter", "2026-11-22T08:30:22Z", None),
        ]},
        {"name": "refusals, one per check", "options": {"terminal_currency": "HKD", "scope": "transit"}, "steps": [
            step("wrong-version", at, Some("malformed")),
            step("trailing-byte", at, Some("malformed")),
            step("truncated", at, Some("malformed")),
            step("lower-case", at, Some("malformed")),
            step("unknown-issuer", at, Some("unknown_issuer")),
            step("retired-issuer", at, Some("issuer_key_inactive")),
            step("tampered-issuer-signature", at, Some("bad_issuer_signature")),
            step("tampered-alias", at, Some("bad_issuer_signature")),
            step("invalid-device-key", at, Some("invalid_device_key")),
            step("not-yet-valid-certificate", at, Some("certificate_not_yet_valid")),
            step("expired-certificate", "2026-11-10T00:00:31Z", Some("certificate_expired")),
            step("revoked", at, Some("revoked")),
            step("tampered-device-signature", at, Some("bad_device_signature")),
            step("tampered-counter", at, Some("bad_device_signature")),
            step("stale", at, Some("stale")),
            step("future", at, Some("future")),
            step("over-limit", at, Some("over_limit")),
            step("shop-cny", at, Some("wrong_currency")),
            step("rotated-key-retail", at, None),
        ]},
        {"name": "retail terminal: scope and cumulative exposure", "options": {"terminal_currency": "HKD", "scope": "retail", "max_exposure": [{"currency": "HKD", "amount": "300.00"}]}, "steps": [
            step("gate-hkd-23.50", "2026-11-22T08:30:06Z", Some("wrong_scope")),
            step("exposure-1", "2026-11-22T08:30:01Z", None),
            step("exposure-2", "2026-11-22T08:30:02Z", None),
            step("exposure-3", "2026-11-22T08:30:03Z", Some("exposure_exceeded")),
        ]},
        {"name": "stricter freshness", "options": {"max_age_seconds": 5, "clock_skew_seconds": 2}, "steps": [
            step("gate-no-amount", "2026-11-22T08:30:08Z", Some("stale")),
            step("gate-no-amount", "2026-11-22T08:30:07Z", None),
        ]},
        {"name": "trust list too old: 7 days by default", "options": {}, "steps": [
            step("gate-no-amount", "2026-11-27T00:00:01Z", Some("trust_list_stale")),
            step("gate-no-amount", "2026-11-22T08:30:02Z", None),
        ]},
        {"name": "trust list too old: a stricter maximum age", "options": {"max_trust_list_age_seconds": 86400}, "steps": [
            step("gate-no-amount", "2026-11-22T08:30:02Z", Some("trust_list_stale")),
        ]},
        {"name": "a minimum trust-list sequence the list meets", "options": {"min_trust_list_sequence": 7}, "steps": [
            step("gate-no-amount", "2026-11-22T08:30:02Z", None),
        ]},
    ]);

    // Numeric codes.
    let secret = Sha256::digest(b"crosspay paycode vector numeric seed");
    let seed = NumericSeed::from_parts([0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77], 1, &secret).unwrap();
    let seed_json: Value = serde_json::from_str(&seed.to_json()).unwrap();
    let numeric_times =
        ["2026-11-22T08:30:00Z", "2026-11-22T08:30:29Z", "2026-11-22T08:30:30Z", "1970-01-01T00:00:00Z", "2038-01-19T03:14:08Z"];
    let numeric: Vec<Value> = numeric_times
        .iter()
        .map(|at| json!({"prefix": "88", "at": at, "code": numeric_code(&seed, "88", at).unwrap()}))
        .chain(std::iter::once(json!({"prefix": "31", "at": at, "code": numeric_code(&seed, "31", at).unwrap()})))
        .collect();
    let code_at = |t: &str| numeric_code(&seed, "88", t).unwrap();
    let with_check = |first17: &str| format!("{first17}{}", luhn_check_digit(first17).unwrap());
    let c = code_at(at);
    let nstep =
        |code: &str, at: &str, reason: Option<&str>| json!({"payload": code, "at": at, "accepted": reason.is_none(), "reason": reason});
    let numeric_scenario = json!([
        nstep(&c, at, None),
        nstep(&c, "2026-11-22T08:30:10Z", Some("replay")),
        nstep(&code_at("2026-11-22T08:29:40Z"), at, Some("counter_rewind")),
        nstep(&code_at("2026-11-22T08:29:00Z"), at, Some("no_match")),
        nstep(&code_at("2026-11-22T08:31:30Z"), at, Some("no_match")),
        nstep(&code_at("2026-11-22T08:30:45Z"), "2026-11-22T08:30:20Z", None),
        nstep(&format!("{}{}", &c[..17], (c.as_bytes()[17] - b'0' + 1) % 10), at, Some("bad_check_digit")),
        nstep(&with_check(&format!("62{}", &c[2..17])), at, Some("reserved_prefix")),
        nstep(&c[..17], at, Some("malformed")),
        nstep(&with_check(&format!("88{}", "0".repeat(15))), at, Some("no_match")),
    ]);

    // Signed rate sheets.
    let sheet = json!({"source": "crosspay treasury", "as_of": "2026-11-22T00:00:00Z", "valid_until": "2026-11-22T23:59:59Z", "allow_inverse": true, "pivots": [],
        "quotes": [{"base": "HKD", "quote": "CNY", "mid": "0.9123", "bid": "0.9100", "ask": "0.9146", "unit": 1}]}).to_string();
    let signed = sign_rate_sheet(&i1, &sheet).unwrap();
    let by_retired = sign_rate_sheet(&i0, &sheet).unwrap();
    let by_rogue = sign_rate_sheet(&rogue, &sheet).unwrap();
    let mut parts: Vec<String> = signed.split('.').map(String::from).collect();
    parts[1] = URL_SAFE_NO_PAD.encode(sheet.replace("0.9146", "0.9246"));
    let tampered = parts.join(".");
    let rs = |name: &str, signed: &str, at: &str, error: Option<&str>| json!({"name": name, "signed": signed, "at": at, "error": error});
    let rate_sheets = json!({"sheet": sheet, "signer": "issuer-2026", "signed": signed, "cases": [
        rs("valid", &signed, "2026-11-22T12:00:00Z", None),
        rs("expired", &signed, "2026-11-23T00:00:00Z", Some("quote_expired")),
        rs("not-yet-valid", &signed, "2026-11-21T23:00:00Z", Some("quote_not_yet_valid")),
        rs("unsigned", &sheet, "2026-11-22T12:00:00Z", Some("untrusted_rate_sheet")),
        rs("tampered", &tampered, "2026-11-22T12:00:00Z", Some("untrusted_rate_sheet")),
        rs("retired-issuer", &by_retired, "2026-11-22T12:00:00Z", Some("untrusted_rate_sheet")),
        rs("unknown-issuer", &by_rogue, "2026-11-22T12:00:00Z", Some("untrusted_rate_sheet")),
    ]});
    let _ = trust;

    let out = json!({
        "description": "Payment codes (docs/paycode-format.md). Keys are raw P-256 scalars (hex). Every target re-issues the certificates, re-signs the trust list, regenerates each wallet code from its certificate, device key, state and request, and must get the exact strings below; then runs each scenario on one fresh verifier (in-memory replay store) and must get each step's verdict; and refuses the previous trust list after the current one (trust_list_rollback). The Python suite also checks signatures and HMACs with independent libraries.",
        "format": 1,
        "keys": keys,
        "trust_list": {"document": document, "root": "root", "jws": trust_jws,
            "previous": {"document": previous, "jws": previous_jws,
                "note": "sequence 6, before device d2d2d2d2d2d2d2d2 was revoked: a verifier holding 7, or told min_trust_list_sequence 7, refuses it with trust_list_rollback; a fresh verifier given only this list accepts the code 'revoked'"}},
        "certificates": certificates,
        "codes": codes,
        "scenarios": scenarios,
        "numeric": {"seed": seed_json, "codes": numeric, "scenario": numeric_scenario},
        "rate_sheets": rate_sheets,
    });
    println!("{}", serde_json::to_string_pretty(&out).unwrap());
}
