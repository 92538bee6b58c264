//! Payment codes from Rust: the shared vectors (tests/vectors/paycodes.json) reproduced byte for
//! byte and verified, one test per refusal reason besides, the RFC 4226/6238 tables for the
//! HMAC/time-step plumbing, an independent BER-TLV walk of the CPM container, the QR capacity
//! table against the `qrcode` crate, and properties (a fresh code always verifies; decoders
//! never panic).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use crosspay_core::paycode::base45;
use crosspay_core::time::Instant;
use crosspay_core::*;
use hmac::{Hmac, KeyInit, Mac};
use proptest::prelude::*;
use serde_json::Value;

fn vectors() -> Value {
    let path = format!("{}/../tests/vectors/paycodes.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn key(v: &Value, name: &str) -> PrivateKey {
    PrivateKey::from_raw(&hex::decode(v["keys"][name].as_str().unwrap()).unwrap()).unwrap()
}

fn trust(v: &Value) -> TrustList {
    TrustList::verify(v["trust_list"]["jws"].as_str().unwrap(), &key(v, "root").public_key()).unwrap()
}

fn cert_text(v: &Value, name: &str) -> String {
    v["certificates"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap()["certificate"].as_str().unwrap().to_string()
}

#[test]
fn vectors_trust_list_and_certificates_reproduce() {
    let v = vectors();
    let jws = sign_trust_list(&key(&v, "root"), &v["trust_list"]["document"].to_string()).unwrap();
    assert_eq!(jws, v["trust_list"]["jws"].as_str().unwrap());
    for c in v["certificates"].as_array().unwrap() {
        let spec: CertificateSpec = serde_json::from_value(c["spec"].clone()).unwrap();
        let issuer = key(&v, c["issuer"].as_str().unwrap());
        let device = key(&v, c["device"].as_str().unwrap()).public_key();
        let cert = issue_certificate(&issuer, &device, &spec).unwrap();
        assert_eq!(cert.to_text(), c["certificate"].as_str().unwrap(), "{}", c["name"]);
        assert_eq!(serde_json::to_value(cert.info()).unwrap(), c["info"], "{}", c["name"]);
    }
}

#[test]
fn vectors_codes_reproduce() {
    let v = vectors();
    for c in v["codes"].as_array().unwrap() {
        let wallet = Wallet::new(&cert_text(&v, c["certificate"].as_str().unwrap()), Some(c["state"].as_str().unwrap())).unwrap();
        let request: CodeRequest = serde_json::from_value(c["request"].clone()).unwrap();
        let got = wallet.generate(&key(&v, c["device"].as_str().unwrap()), &request).unwrap();
        assert_eq!(serde_json::to_value(&got).unwrap(), c["expected"], "{}", c["name"]);
        assert!(got.qr_version <= 10 || request.container == Some(Container::Cpm), "{} needs QR version {}", c["name"], got.qr_version);
    }
}

#[test]
fn vectors_scenarios_verify() {
    let v = vectors();
    for scenario in v["scenarios"].as_array().unwrap() {
        let options: VerifierOptions = serde_json::from_value(scenario["options"].clone()).unwrap();
        let verifier = Verifier::new(trust(&v), &options).unwrap();
        for step in scenario["steps"].as_array().unwrap() {
            let got = verifier.verify(step["payload"].as_str().unwrap(), step["at"].as_str().unwrap()).unwrap();
            let reason = got.reason.map(|r| r.as_str());
            assert_eq!(
                (got.accepted, reason),
                (step["accepted"].as_bool().unwrap(), step["reason"].as_str()),
                "{} / {}: {}",
                scenario["name"],
                step["code"],
                got.detail
            );
        }
    }
}

#[test]
fn vectors_numeric_codes() {
    let v = vectors();
    let n = &v["numeric"];
    let seed = NumericSeed::from_json(&n["seed"].to_string()).unwrap();
    for c in n["codes"].as_array().unwrap() {
        let code = numeric_code(&seed, c["prefix"].as_str().unwrap(), c["at"].as_str().unwrap()).unwrap();
        assert_eq!(code, c["code"].as_str().unwrap());
    }
    let verifier = NumericVerifier::new(vec![seed]);
    for step in n["scenario"].as_array().unwrap() {
        let got = verifier.verify(step["payload"].as_str().unwrap(), step["at"].as_str().unwrap()).unwrap();
        assert_eq!(
            (got.accepted, got.reason.map(|r| r.as_str())),
            (step["accepted"].as_bool().unwrap(), step["reason"].as_str()),
            "{step}"
        );
    }
}

#[test]
fn vectors_signed_rate_sheets() {
    let v = vectors();
    let r = &v["rate_sheets"];
    let signed = sign_rate_sheet(&key(&v, r["signer"].as_str().unwrap()), r["sheet"].as_str().unwrap()).unwrap();
    assert_eq!(signed, r["signed"].as_str().unwrap());
    let trust = trust(&v);
    for c in r["cases"].as_array().unwrap() {
        let got = verify_rate_sheet(c["signed"].as_str().unwrap(), &trust, c["at"].as_str().unwrap());
        assert_eq!(got.err().map(|e| e.code()), c["error"].as_str(), "{}", c["name"]);
    }
    // A verified sheet converts.
    let sheet = verify_rate_sheet(&signed, &trust, "2026-11-22T12:00:00Z").unwrap();
    let options = ConvertOptions::new(RoundingMode::HalfUp);
    assert_eq!(sheet.convert("100.00", "HKD", "CNY", "2026-11-22T12:00:00Z", &options).unwrap().target.amount, "91.00");
}

#[test]
fn trust_list_refuses_wrong_root_tampering_and_bad_documents() {
    let v = vectors();
    let jws = v["trust_list"]["jws"].as_str().unwrap();
    let other = key(&v, "issuer-2026").public_key();
    assert_eq!(TrustList::verify(jws, &other).unwrap_err().code(), "invalid_trust_list");
    let mut parts: Vec<&str> = jws.split('.').collect();
    let doc = v["trust_list"]["document"].to_string().replace("\"sequence\":7", "\"sequence\":8");
    let payload = base64::Engine::encode(&base64::engine::general_purpose::URL_SAFE_NO_PAD, doc);
    parts[1] = &payload;
    assert_eq!(TrustList::verify(&parts.join("."), &key(&v, "root").public_key()).unwrap_err().code(), "invalid_trust_list");
    let root = key(&v, "root");
    for bad in [
        r#"{"type":"x"}"#,
        r#"{"type":"crosspay-trust-list","version":1,"sequence":1,"issued_at":"2026-01-01T00:00:00Z","issuers":[{"kid":"AAAAAAAAAAA","public_key":"AA","not_before":"2026-01-01T00:00:00Z","not_after":"2027-01-01T00:00:00Z","status":"active"}]}"#,
    ] {
        assert_eq!(sign_trust_list(&root, bad).unwrap_err().code(), "invalid_trust_list");
    }
}

#[test]
fn wallet_refuses_what_it_must_not_make_and_never_reuses_a_counter() {
    let v = vectors();
    let text = cert_text(&v, "transit");
    let device = key(&v, "device-1");
    let wallet = Wallet::new(&text, None).unwrap();
    let req = |at: &str, amount: Option<(&str, &str)>| CodeRequest {
        at: at.into(),
        amount: amount.map(|a| a.0.into()),
        currency: amount.map(|a| a.1.into()),
        container: None,
    };
    let code = |r: Result<GeneratedCode, CrosspayError>| r.map(|g| g.counter).map_err(|e| e.code());
    assert_eq!(code(wallet.generate(&device, &req("2026-11-22T08:00:00Z", None))), Ok(1));
    assert_eq!(code(wallet.generate(&device, &req("2026-11-22T08:00:00Z", Some(("200.01", "HKD"))))), Err("invalid_paycode"));
    assert_eq!(code(wallet.generate(&device, &req("2026-11-22T08:00:00Z", Some(("1.00", "USD"))))), Err("invalid_paycode"));
    assert_eq!(code(wallet.generate(&device, &req("2027-01-01T00:00:00Z", None))), Err("invalid_paycode"));
    assert_eq!(code(wallet.generate(&device, &req("2026-11-22T08:00:00Z", Some(("1.005", "HKD"))))), Err("precision_exceeded"));
    assert_eq!(code(wallet.generate(&key(&v, "device-2"), &req("2026-11-22T08:00:00Z", None))), Err("invalid_certificate"));
    // A failed signature spends its counter; the next code is 2 whatever happened between.
    let prepared = wallet.prepare(&req("2026-11-22T08:00:01Z", None)).unwrap();
    assert_eq!(prepared.counter(), 2);
    assert_eq!(prepared.finish(&[0u8; 64]).unwrap_err().code(), "signer_failed");
    assert_eq!(code(wallet.generate(&device, &req("2026-11-22T08:00:02Z", None))), Ok(3));
    // Export/import: a restart resumes after the last counter, and a state for another alias is refused.
    let state = wallet.export_state();
    let resumed = Wallet::new(&text, Some(&state)).unwrap();
    assert_eq!(code(resumed.generate(&device, &req("2026-11-22T08:00:03Z", None))), Ok(4));
    let other = cert_text(&v, "revoked");
    assert_eq!(Wallet::new(&other, Some(&state)).unwrap_err().code(), "invalid_certificate");
    // Two-step signing with a DER, high-S signature from a "hardware" signer is normalized.
    let prepared = wallet.prepare(&req("2026-11-22T08:00:04Z", None)).unwrap();
    let der = device.sign(&prepared.message(), SignatureFormat::Der);
    let done = prepared.finish(&der).unwrap();
    let verifier = Verifier::new(trust(&v), &VerifierOptions::default()).unwrap();
    assert!(verifier.verify(&done.payload, "2026-11-22T08:00:05Z").unwrap().accepted);
}

#[test]
fn a_certificate_is_read_from_enroll_json_by_its_certificate_member() {
    let v = vectors();
    let entry = v["certificates"].as_array().unwrap().iter().find(|c| c["name"] == "transit").unwrap();
    let text = entry["certificate"].as_str().unwrap();
    let enrolled = format!(
        r#" {{"issuer_kid":"k","scope":["transit"],"limits":[{{"currency":"HKD","amount":"500"}}],"certificate":"{text}","n":1}} "#
    );
    assert_eq!(DeviceCertificate::from_text(&enrolled).unwrap().to_bytes(), DeviceCertificate::from_text(text).unwrap().to_bytes());
    let reason = |json: &str| DeviceCertificate::from_text(json).unwrap_err().to_string();
    assert!(
        reason(r#"{"certificate":5}"#).ends_with(r#"the JSON's "certificate" is a number, not a string"#),
        "{}",
        reason(r#"{"certificate":5}"#)
    );
    assert!(reason(r#"{"scope":"transit"}"#).ends_with(r#"the JSON has no "certificate" member"#));
    let twice = format!(r#"{{"certificate":"{text}","certificate":"{text}"}}"#);
    assert!(reason(&twice).contains(r#"not a JSON object: duplicate member "certificate""#), "{}", reason(&twice));
    assert!(reason("{").contains("not a JSON object: EOF while parsing an object"));
}

#[test]
fn a_certificate_whose_device_key_is_no_point_makes_no_code_and_spends_no_counter() {
    // The wallet decompresses the certified device key only when it needs the point: the
    // certificate loads, and every way of making a code refuses it before taking a counter.
    let v = vectors();
    let entry = v["certificates"].as_array().unwrap().iter().find(|c| c["name"] == "transit").unwrap();
    let transit = DeviceCertificate::from_text(entry["certificate"].as_str().unwrap()).unwrap();
    let bytes = transit.to_bytes();
    let mut tbs = bytes[..bytes.len() - 64].to_vec();
    tbs[16] = 0x02; // the device key's 33 bytes: an x with no y on the curve
    tbs[17..49].copy_from_slice(&[0xFF; 32]);
    let issuer = key(&v, entry["issuer"].as_str().unwrap());
    let sig = issuer.sign(&[CERT_DOMAIN, &tbs].concat(), SignatureFormat::P1363);
    let text = URL_SAFE_NO_PAD.encode([tbs, sig].concat());
    assert_eq!(DeviceCertificate::from_text(&text).unwrap().info().device_kid, "(not a P-256 point)");

    let wallet = Wallet::new(&text, None).unwrap();
    let request = CodeRequest { at: "2026-11-22T08:00:00Z".into(), ..CodeRequest::default() };
    let err = wallet.generate(&key(&v, "device-1"), &request).unwrap_err();
    assert_eq!(err.code(), "invalid_certificate");
    assert!(err.to_string().contains("device key (not a P-256 point)"), "{err}");
    assert_eq!(wallet.prepare(&request).unwrap_err().code(), "invalid_key");
    struct Never;
    impl ForeignSigner for Never {
        fn sign(&self, _: Vec<u8>) -> Result<Vec<u8>, SignerError> {
            unreachable!("no message is made for a certificate without a device key")
        }
    }
    assert_eq!(wallet.generate_with_signer(&Never, &request).unwrap_err().code(), "invalid_key");
    assert!(wallet.export_state().contains(r#""counter":0"#), "{}", wallet.export_state());
}

#[test]
fn replay_store_forgets_only_what_freshness_makes_safe() {
    let v = vectors();
    let options = VerifierOptions { replay_capacity: Some(1), ..Default::default() };
    let verifier = Verifier::new(trust(&v), &options).unwrap();
    let (t1, t2) = (cert_text(&v, "transit"), cert_text(&v, "retail-rotated-key"));
    let w1 = Wallet::new(&t1, None).unwrap();
    let w2 = Wallet::new(&t2, None).unwrap();
    let (d1, d2) = (key(&v, "device-1"), key(&v, "device-2"));
    let req = |at: &str| CodeRequest { at: at.into(), ..Default::default() };
    let a = w1.generate(&d1, &req("2026-11-22T08:00:00Z")).unwrap();
    assert!(verifier.verify(&a.payload, "2026-11-22T08:00:00Z").unwrap().accepted);
    // The store holds one alias and its code is still fresh: a second alias is refused, fail closed.
    let b = w2.generate(&d2, &req("2026-11-22T08:00:10Z")).unwrap();
    assert_eq!(verifier.verify(&b.payload, "2026-11-22T08:00:10Z").unwrap().reason, Some(RefusalReason::ReplayStoreFull));
    // Once the first code is past 60 s + 30 s, its alias may be forgotten.
    let c = w2.generate(&d2, &req("2026-11-22T08:01:31Z")).unwrap();
    assert!(verifier.verify(&c.payload, "2026-11-22T08:01:31Z").unwrap().accepted);
    // ...and replaying the forgotten code is still refused: it is stale.
    assert_eq!(verifier.verify(&a.payload, "2026-11-22T08:01:32Z").unwrap().reason, Some(RefusalReason::Stale));
}

#[cfg(feature = "file-store")]
#[test]
fn file_replay_store_survives_a_restart() {
    let v = vectors();
    let dir = std::env::temp_dir().join(format!("crosspay-replay-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("replay.db");
    let _ = std::fs::remove_file(&path);
    let wallet = Wallet::new(&cert_text(&v, "transit"), None).unwrap();
    let code = wallet.generate(&key(&v, "device-1"), &CodeRequest { at: "2026-11-22T08:00:00Z".into(), ..Default::default() }).unwrap();
    for expect in [None, Some(RefusalReason::Replay)] {
        let store = FileReplayStore::open(&path).unwrap();
        let verifier = Verifier::with_store(trust(&v), &VerifierOptions::default(), Box::new(store)).unwrap();
        assert_eq!(verifier.verify(&code.payload, "2026-11-22T08:00:01Z").unwrap().reason, expect);
    }
    std::fs::write(&path, "not a database, and not to be overwritten").unwrap();
    assert!(matches!(FileReplayStore::open(&path), Err(ReplayError::Failed(_))));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn certificate_cache_saves_the_issuer_check_but_not_the_time_checks() {
    let v = vectors();
    let text = cert_text(&v, "transit");
    let wallet = Wallet::new(&text, None).unwrap();
    let device = key(&v, "device-1");
    // 42 days after the trust list: this gate is allowed a list that old.
    let options = VerifierOptions { max_trust_list_age_seconds: Some(60 * 86_400), ..Default::default() };
    let verifier = Verifier::new(trust(&v), &options).unwrap();
    let at = |t: &str| CodeRequest { at: t.into(), ..Default::default() };
    let first = wallet.generate(&device, &at("2026-12-31T23:59:00Z")).unwrap();
    assert!(verifier.verify(&first.payload, "2026-12-31T23:59:00Z").unwrap().accepted);
    // Same certificate, now cached: an expired certificate is still refused.
    let second = wallet.generate(&device, &at("2026-12-31T23:59:59Z")).unwrap();
    assert_eq!(verifier.verify(&second.payload, "2027-01-01T00:00:30Z").unwrap().reason, Some(RefusalReason::CertificateExpired));
}

#[test]
fn cpm_container_is_walkable_by_a_generic_ber_tlv_decoder() {
    use iso7816_tlv::ber::{Tag, Tlv, Value as V};
    let v = vectors();
    let code = v["codes"].as_array().unwrap().iter().find(|c| c["request"]["container"] == "cpm").unwrap();
    let payload = code["expected"]["payload"].as_str().unwrap();
    let bytes = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, payload).unwrap();
    let tlvs = Tlv::parse_all(&bytes);
    assert_eq!(tlvs.len(), 2);
    assert_eq!(tlvs[0].tag(), &Tag::try_from(0x85u32).unwrap());
    assert_eq!(tlvs[0].value(), &V::Primitive(b"CPV01".to_vec()));
    let app = &tlvs[1];
    assert_eq!(app.tag(), &Tag::try_from(0x61u32).unwrap());
    let find = |t: u32| app.find(&Tag::try_from(t).unwrap()).unwrap_or_else(|| panic!("tag {t:X}")).value().clone();
    assert_eq!(find(0x4F), V::Primitive(CPM_AID.to_vec()));
    let counter = match find(0x9F36) {
        V::Primitive(b) => u32::from_be_bytes(b.try_into().unwrap()),
        other => panic!("{other:?}"),
    };
    assert_eq!(counter, code["expected"]["counter"].as_u64().unwrap() as u32);
    assert_eq!(find(0x9F02), V::Primitive(vec![0, 0, 0, 0, 0x23, 0x50]));
    assert_eq!(find(0xDF21), V::Primitive(b"HKD".to_vec()));
    assert!(matches!(find(0xDF23), V::Primitive(c) if DeviceCertificate::from_bytes(&c).is_ok()));
    assert!(matches!(find(0xDF24), V::Primitive(s) if s.len() == 64));
    // The same signed content re-packed as compact verifies the same way.
    let parsed = PaymentCode::parse(payload).unwrap();
    assert_eq!(parsed.container(), Container::Cpm);
    assert_eq!(PaymentCode::parse(&parsed.encode(Container::Compact)).unwrap().encode(Container::Cpm), payload);
}

#[test]
fn qr_capacity_table_matches_the_qrcode_crate() {
    use qrcode::{EcLevel, QrCode, Version};
    // Each capacity boundary of versions 1-20 (the ones codes use), in both modes.
    let lengths = [20, 38, 61, 90, 122, 154, 178, 221, 262, 311, 366, 419, 483, 528, 600, 656, 734, 816, 909, 970]
        .iter()
        .chain(&[14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251, 287, 331, 362, 412, 450, 504, 560, 624, 666])
        .flat_map(|&c| [c, c + 1]);
    for len in lengths {
        for text in ["A".repeat(len), "a".repeat(len)] {
            let ours = qr_version(&text);
            let theirs = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok().map(|q| match q.version() {
                Version::Normal(v) => v as u32,
                Version::Micro(_) => 0,
            });
            assert_eq!(Some(ours).filter(|v| *v > 0), theirs, "length {len} {}", &text[..1]);
        }
    }
}

type HmacSha1 = Hmac<sha1::Sha1>;

fn hmac_any(alg: &str, key: &[u8], msg: &[u8]) -> Vec<u8> {
    match alg {
        "SHA1" => HmacSha1::new_from_slice(key).unwrap().chain_update(msg).finalize().into_bytes().to_vec(),
        "SHA256" => hmac_sha256(key, msg).to_vec(),
        _ => Hmac::<sha2::Sha512>::new_from_slice(key).unwrap().chain_update(msg).finalize().into_bytes().to_vec(),
    }
}

/// RFC 4226 appendix D: HMAC-SHA-1 intermediate values and 6-digit HOTP for counters 0..9.
#[test]
fn rfc_4226_hotp_table() {
    let secret = b"12345678901234567890";
    let hotp = [755224, 287082, 359152, 969429, 338314, 254676, 287922, 162583, 399871, 520489];
    assert_eq!(hex::encode(hmac_any("SHA1", secret, &0u64.to_be_bytes())), "cc93cf18508d94934c64b65d8ba7667fb7cde4b0");
    assert_eq!(hex::encode(hmac_any("SHA1", secret, &9u64.to_be_bytes())), "1637409809a679dc698207310c8c7fc07290d9e5");
    for (count, want) in hotp.iter().enumerate() {
        assert_eq!(hotp_truncate(&hmac_any("SHA1", secret, &(count as u64).to_be_bytes()), 6), *want, "count {count}");
    }
}

/// RFC 6238 appendix B: TOTP with T0 = 0, X = 30, 8 digits, SHA-1/256/512.
#[test]
fn rfc_6238_totp_table() {
    let seeds = [
        ("SHA1", &b"12345678901234567890"[..]),
        ("SHA256", &b"12345678901234567890123456789012"[..]),
        ("SHA512", &b"1234567890123456789012345678901234567890123456789012345678901234"[..]),
    ];
    let table: [(i64, u64, [u32; 3]); 6] = [
        (59, 0x1, [94287082, 46119246, 90693936]),
        (1111111109, 0x23523EC, [7081804, 68084774, 25091201]),
        (1111111111, 0x23523ED, [14050471, 67062674, 99943326]),
        (1234567890, 0x273EF07, [89005924, 91819424, 93441116]),
        (2000000000, 0x3F940AA, [69279037, 90698825, 38618901]),
        (20000000000, 0x27BC86AA, [65353130, 77737706, 47863826]),
    ];
    for (time, step, codes) in table {
        assert_eq!(time_step(time, 0, 30), step, "T at {time}");
        for ((alg, seed), want) in seeds.iter().zip(codes) {
            assert_eq!(hotp_truncate(&hmac_any(alg, seed, &step.to_be_bytes()), 8), want, "{alg} at {time}");
        }
    }
}

#[test]
fn numeric_codes_refuse_reserved_prefixes_and_have_valid_luhn() {
    let seed = NumericSeed::from_parts([1; 8], 3, &[7; 32]).unwrap();
    for prefix in ["10", "13", "15", "25", "28", "30", "62"] {
        assert_eq!(numeric_code(&seed, prefix, "2026-11-22T08:30:00Z").unwrap_err().code(), "invalid_paycode", "{prefix}");
    }
    for bad in ["8", "888", "8a"] {
        assert!(numeric_code(&seed, bad, "2026-11-22T08:30:00Z").is_err());
    }
    assert_eq!(luhn_check_digit("7992739871"), Some(3), "the classic Luhn example");
    assert!(format!("{seed:?}").contains("[REDACTED]"));
    let json = seed.to_json();
    assert_eq!(NumericSeed::from_json(&json).unwrap().seed_id(), seed.seed_id());
}

fn fixture() -> (Value, Wallet, PrivateKey, TrustList) {
    let v = vectors();
    let w = Wallet::new(&cert_text(&v, "transit"), None).unwrap();
    let k = key(&v, "device-1");
    let t = trust(&v);
    (v, w, k, t)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any code a wallet makes, at any time in its certificate's window, with any amount within
    /// its limit, in either container, verifies at that time — and only once.
    #[test]
    fn a_fresh_code_always_verifies(offset in 0u32..5_000_000, cents in proptest::option::of(1u64..=20000), cpm in any::<bool>()) {
        let (_, wallet, device, trust) = fixture();
        let at = Instant::from_u32_seconds(1_793_491_200 + offset).to_rfc3339(); // 2026-11-01 + offset
        let request = CodeRequest {
            at: at.clone(),
            amount: cents.map(|c| format!("{}.{:02}", c / 100, c % 100)),
            currency: cents.map(|_| "HKD".into()),
            container: Some(if cpm { Container::Cpm } else { Container::Compact }),
        };
        let code = wallet.generate(&device, &request).unwrap();
        let max_version = if cpm { 16 } else { 10 };
        prop_assert!(code.qr_version <= max_version);
        // The property is about codes, over the certificate's whole window: the trust list may be that old here.
        let options = VerifierOptions { terminal_currency: Some("HKD".into()), max_trust_list_age_seconds: Some(u32::MAX), ..Default::default() };
        let verifier = Verifier::new(trust, &options).unwrap();
        let first = verifier.verify(&code.payload, &at).unwrap();
        prop_assert!(first.accepted, "{}", first.detail);
        prop_assert_eq!(first.amount, request.amount);
        prop_assert_eq!(verifier.verify(&code.payload, &at).unwrap().reason, Some(RefusalReason::Replay));
    }

    /// Any byte flipped anywhere in a compact code makes it refused, never accepted, never a panic.
    #[test]
    fn any_tampered_byte_is_refused(index in any::<prop::sample::Index>(), bit in 0u8..8) {
        let (_, wallet, device, trust) = fixture();
        let code = wallet.generate(&device, &CodeRequest { at: "2026-11-22T08:30:00Z".into(), amount: Some("23.50".into()), currency: Some("HKD".into()), container: None }).unwrap();
        let mut bytes = base45::decode(&code.payload[4..]).unwrap();
        let i = index.index(bytes.len());
        bytes[i] ^= 1 << bit;
        let tampered = format!("CP1:{}", base45::encode(&bytes));
        let verifier = Verifier::new(trust, &VerifierOptions::default()).unwrap();
        let got = verifier.verify(&tampered, "2026-11-22T08:30:00Z").unwrap();
        prop_assert!(!got.accepted, "byte {} bit {} accepted", i, bit);
    }

    #[test]
    fn decoders_never_panic(text in "\\PC{0,400}", bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = PaymentCode::parse(&text);
        let _ = PaymentCode::parse(&format!("CP1:{}", base45::encode(&bytes)));
        let _ = PaymentCode::parse(&base64::Engine::encode(&base64::engine::general_purpose::STANDARD, [&b"\x85\x05CPV01"[..], &bytes].concat()));
        let _ = DeviceCertificate::from_bytes(&bytes);
        let _ = NumericSeed::from_json(&text);
        let _ = Wallet::new(&text, None);
    }
}
