//! Regression tests for the security review (issue 10): trust-list rollback and staleness,
//! atomic replay claims across processes, out-of-range times, unauthenticated numeric
//! prefixes, input limits and linear parsing, strict hex. Each fails on the code before the fix.

use crosspay_core::time::Instant;
use crosspay_core::*;
use proptest::prelude::*;
use serde_json::Value;
#[cfg(feature = "file-store")]
use std::path::PathBuf;
#[cfg(feature = "file-store")]
use std::{path::Path, process::Command};

fn vectors() -> Value {
    let path = format!("{}/../tests/vectors/paycodes.json", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

fn key(v: &Value, name: &str) -> PrivateKey {
    PrivateKey::from_raw(&hex::decode(v["keys"][name].as_str().unwrap()).unwrap()).unwrap()
}

fn list(v: &Value, jws: &Value) -> TrustList {
    TrustList::verify(jws.as_str().unwrap(), &key(v, "root").public_key()).unwrap()
}

fn cert_text(v: &Value, name: &str) -> String {
    v["certificates"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap()["certificate"].as_str().unwrap().to_string()
}

#[cfg(feature = "file-store")]
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("crosspay-hardening-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const AT: &str = "2026-11-22T08:30:00Z";

fn code_at(wallet: &Wallet, device: &PrivateKey, at: &str) -> String {
    wallet.generate(device, &CodeRequest { at: at.into(), ..Default::default() }).unwrap().payload
}

// ---- finding 1: trust-list rollback and staleness -------------------------------------------

#[test]
fn an_older_trust_list_is_refused_after_a_newer_one() {
    let v = vectors();
    let (current, previous) = (list(&v, &v["trust_list"]["jws"]), list(&v, &v["trust_list"]["previous"]["jws"]));
    assert_eq!((current.sequence(), previous.sequence()), (7, 6));
    let revoked = Wallet::new(&cert_text(&v, "revoked"), None).unwrap();
    let device = key(&v, "device-2");

    // The attack: a gate handed the older list accepts the revoked device again.
    let naive = Verifier::new(previous.clone(), &VerifierOptions::default()).unwrap();
    assert!(naive.verify(&code_at(&revoked, &device, AT), AT).unwrap().accepted);

    // A verifier that holds 7 refuses 6 and keeps 7.
    let gate = Verifier::new(current.clone(), &VerifierOptions::default()).unwrap();
    assert_eq!(gate.update_trust_list(previous.clone()).unwrap_err().code(), "trust_list_rollback");
    assert_eq!(gate.trust_list().sequence(), 7);
    assert_eq!(gate.verify(&code_at(&revoked, &device, AT), AT).unwrap().reason, Some(RefusalReason::Revoked));

    // A fresh verifier told the last sequence it had refuses the older list at once.
    let options = VerifierOptions { min_trust_list_sequence: Some(7), ..Default::default() };
    assert_eq!(Verifier::new(previous.clone(), &options).unwrap_err().code(), "trust_list_rollback");

    // Going forward works, and drops what was cached under the old list: the device is refused now.
    let upgraded = Verifier::new(previous.clone(), &VerifierOptions::default()).unwrap();
    assert!(upgraded.verify(&code_at(&revoked, &device, "2026-11-22T08:30:01Z"), "2026-11-22T08:30:01Z").unwrap().accepted);
    upgraded.update_trust_list(current.clone()).unwrap();
    let after = upgraded.verify(&code_at(&revoked, &device, "2026-11-22T08:30:02Z"), "2026-11-22T08:30:02Z").unwrap();
    assert_eq!(after.reason, Some(RefusalReason::Revoked));
    // The same sequence again is fine; another root is not.
    upgraded.update_trust_list(current.clone()).unwrap();
    let other_root = PrivateKey::from_raw(&[7u8; 32]).unwrap();
    let foreign = sign_trust_list(&other_root, &v["trust_list"]["document"].to_string()).unwrap();
    let foreign = TrustList::verify(&foreign, &other_root.public_key()).unwrap();
    assert_eq!(upgraded.update_trust_list(foreign).unwrap_err().code(), "invalid_trust_list");
}

#[test]
fn the_same_sequence_with_other_contents_is_a_rollback() {
    let v = vectors();
    let current = list(&v, &v["trust_list"]["jws"]);
    let mut doc = v["trust_list"]["previous"]["document"].clone();
    doc["sequence"] = 7.into();
    let forged = sign_trust_list(&key(&v, "root"), &doc.to_string()).unwrap();
    let gate = Verifier::new(current, &VerifierOptions::default()).unwrap();
    assert_eq!(gate.update_trust_list(list(&v, &Value::String(forged))).unwrap_err().code(), "trust_list_rollback");
}

#[cfg(feature = "file-store")]
#[test]
fn the_highest_sequence_persists_in_the_file_store_and_is_shared() {
    let v = vectors();
    let (current, previous) = (list(&v, &v["trust_list"]["jws"]), list(&v, &v["trust_list"]["previous"]["jws"]));
    let dir = temp_dir("sequence");
    let db = dir.join("replay.db");
    let open = || Box::new(FileReplayStore::open(&db).unwrap());
    // Gate A starts on 6; gate B, sharing the store, is given 7.
    let a = Verifier::with_store(previous.clone(), &VerifierOptions::default(), open()).unwrap();
    let b = Verifier::with_store(current.clone(), &VerifierOptions::default(), open()).unwrap();
    let revoked = Wallet::new(&cert_text(&v, "revoked"), None).unwrap();
    let device = key(&v, "device-2");
    // A's claim now sees that the store accepted 7: refused, never accepted.
    let got = a.verify(&code_at(&revoked, &device, AT), AT).unwrap();
    assert_eq!(got.reason, Some(RefusalReason::TrustListRollback), "{}", got.detail);
    assert!(!b.verify(&code_at(&revoked, &device, AT), AT).unwrap().accepted);
    drop((a, b));
    // After a restart the store still remembers 7.
    let err = Verifier::with_store(previous, &VerifierOptions::default(), open()).unwrap_err();
    assert_eq!(err.code(), "trust_list_rollback");
    assert!(err.to_string().contains("sequence 6 is below 7"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn a_stale_trust_list_refuses_every_code() {
    let v = vectors();
    let current = list(&v, &v["trust_list"]["jws"]);
    assert_eq!(current.issued_at().to_rfc3339(), "2026-11-20T00:00:00Z");
    let wallet = Wallet::new(&cert_text(&v, "transit"), None).unwrap();
    let device = key(&v, "device-1");
    let gate = Verifier::new(current.clone(), &VerifierOptions::default()).unwrap();
    let edge = "2026-11-27T00:00:00Z"; // exactly 7 days: still fresh
    assert!(gate.verify(&code_at(&wallet, &device, edge), edge).unwrap().accepted);
    let late = "2026-11-27T00:00:01Z";
    let got = gate.verify(&code_at(&wallet, &device, late), late).unwrap();
    assert_eq!(got.reason, Some(RefusalReason::TrustListStale), "{}", got.detail);
    assert_eq!(DEFAULT_MAX_TRUST_LIST_AGE_SECONDS, 604_800);
}

// ---- finding 2: atomic claims across processes ----------------------------------------------

/// One verifier process: verifies the job's payloads, in its order, on the shared replay db,
/// and prints which it accepted. Runs only when the parent test starts it.
#[cfg(feature = "file-store")]
#[test]
fn replay_worker_process() {
    let Ok(job) = std::env::var("CROSSPAY_REPLAY_WORKER") else { return };
    let job: Value = serde_json::from_str(&std::fs::read_to_string(job).unwrap()).unwrap();
    let v = vectors();
    let trust = list(&v, &job["trust_list"]);
    let options: VerifierOptions = serde_json::from_value(job["options"].clone()).unwrap();
    let store = FileReplayStore::open(job["db"].as_str().unwrap()).unwrap();
    let verifier = Verifier::with_store(trust, &options, Box::new(store)).unwrap();
    // Start together: wait for the parent's go file.
    let go = Path::new(job["go"].as_str().unwrap());
    while !go.exists() {
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    let mut accepted = Vec::new();
    let mut reasons = Vec::new();
    for item in job["payloads"].as_array().unwrap() {
        let got = verifier.verify(item[1].as_str().unwrap(), job["at"].as_str().unwrap()).unwrap();
        if got.accepted {
            accepted.push(item[0].clone());
        } else {
            reasons.push(got.reason.map(|r| r.as_str()).unwrap_or("?"));
        }
    }
    println!("WORKER-RESULT {}", serde_json::json!({ "accepted": accepted, "reasons": reasons }));
}

#[cfg(feature = "file-store")]
/// Runs `jobs` as verifier processes at once on one db; returns each one's accepted ids.
fn run_workers(dir: &Path, jobs: Vec<Value>) -> Vec<(Vec<Value>, Vec<String>)> {
    let go = dir.join("go");
    let _ = std::fs::remove_file(&go);
    let children: Vec<_> = jobs
        .into_iter()
        .enumerate()
        .map(|(i, mut job)| {
            job["go"] = go.to_str().unwrap().into();
            let path = dir.join(format!("job-{i}.json"));
            std::fs::write(&path, job.to_string()).unwrap();
            Command::new(std::env::current_exe().unwrap())
                .args(["--exact", "replay_worker_process", "--nocapture", "--test-threads=1"])
                .env("CROSSPAY_REPLAY_WORKER", &path)
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(300));
    std::fs::write(&go, "").unwrap();
    children
        .into_iter()
        .map(|c| {
            let out = c.wait_with_output().unwrap();
            assert!(out.status.success(), "a worker failed: {}", String::from_utf8_lossy(&out.stdout));
            let text = String::from_utf8(out.stdout).unwrap();
            let line =
                text.lines().find_map(|l| l.split_once("WORKER-RESULT ").map(|(_, r)| r)).unwrap_or_else(|| panic!("no result: {text}"));
            let r: Value = serde_json::from_str(line).unwrap();
            let reasons = r["reasons"].as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect();
            (r["accepted"].as_array().unwrap().clone(), reasons)
        })
        .collect()
}

#[cfg(feature = "file-store")]
/// A deterministic shuffle (no rand dependency): Fisher-Yates with a xorshift stream.
fn shuffled<T: Clone>(items: &[T], mut seed: u64) -> Vec<T> {
    let mut out = items.to_vec();
    for i in (1..out.len()).rev() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        out.swap(i, (seed % (i as u64 + 1)) as usize);
    }
    out
}

#[cfg(feature = "file-store")]
fn job(v: &Value, db: &Path, payloads: Vec<Value>, options: Value, at: &str) -> Value {
    serde_json::json!({ "trust_list": v["trust_list"]["jws"], "db": db.to_str().unwrap(), "payloads": payloads, "options": options, "at": at })
}

#[cfg(feature = "file-store")]
#[test]
fn eight_processes_on_one_replay_file_accept_each_code_exactly_once() {
    let v = vectors();
    let dir = temp_dir("processes");
    let db = dir.join("replay.db");
    let issuer = key(&v, "issuer-2026");
    // 200 enrolled devices, one fresh code each.
    let payloads: Vec<Value> = (0..200u32)
        .map(|i| {
            let device = PrivateKey::from_raw(&<sha2::Sha256 as sha2::Digest>::digest(format!("replay device {i}"))).unwrap();
            let spec = CertificateSpec {
                alias: Some(format!("{:016x}", 0xc0de_0000_0000_0000u64 + u64::from(i))),
                not_before: "2026-11-01T00:00:00Z".into(),
                not_after: "2026-12-31T23:59:59Z".into(),
                scope: vec!["transit".into()],
                limits: vec![],
            };
            let cert = issue_certificate(&issuer, &device.public_key(), &spec).unwrap();
            let wallet = Wallet::new(&cert.to_text(), None).unwrap();
            serde_json::json!([i, code_at(&wallet, &device, AT)])
        })
        .collect();
    let jobs = (0..8).map(|w| job(&v, &db, shuffled(&payloads, 0x9e37_79b9 + w), serde_json::json!({}), AT)).collect();
    let results = run_workers(&dir, jobs);
    let mut count = vec![0; 200];
    for (accepted, reasons) in &results {
        for id in accepted {
            count[id.as_u64().unwrap() as usize] += 1;
        }
        assert!(reasons.iter().all(|r| r == "replay"), "only replays are refused: {reasons:?}");
    }
    assert!(count.iter().all(|&c| c == 1), "each code accepted exactly once: {count:?}");
    // A replay after the run is refused.
    let verifier =
        Verifier::with_store(list(&v, &v["trust_list"]["jws"]), &VerifierOptions::default(), Box::new(FileReplayStore::open(&db).unwrap()))
            .unwrap();
    assert_eq!(verifier.verify(payloads[17][1].as_str().unwrap(), AT).unwrap().reason, Some(RefusalReason::Replay));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[cfg(feature = "file-store")]
#[test]
fn concurrent_codes_of_one_device_never_exceed_its_exposure_and_lose_no_update() {
    let v = vectors();
    let dir = temp_dir("exposure");
    let db = dir.join("replay.db");
    let wallet = Wallet::new(&cert_text(&v, "transit"), None).unwrap();
    let device = key(&v, "device-1");
    // 40 codes of HKD 10.00 with counters 1..40; at most HKD 100.00 may be accepted.
    let codes: Vec<Value> = (0..40)
        .map(|i| {
            let request = CodeRequest { at: AT.into(), amount: Some("10.00".into()), currency: Some("HKD".into()), container: None };
            serde_json::json!([i, wallet.generate(&device, &request).unwrap().payload])
        })
        .collect();
    let options = serde_json::json!({ "terminal_currency": "HKD", "max_exposure": [{ "currency": "HKD", "amount": "100.00" }] });
    // Every process sends the counters in increasing order (a device's codes as they were made).
    let jobs = (0..8).map(|_| job(&v, &db, codes.clone(), options.clone(), AT)).collect();
    let results = run_workers(&dir, jobs);
    let mut accepted: Vec<u64> = results.iter().flat_map(|(a, _)| a.iter().map(|id| id.as_u64().unwrap())).collect();
    let total = accepted.len();
    accepted.sort_unstable();
    accepted.dedup();
    assert_eq!(accepted.len(), total, "a counter, once accepted, is never accepted again");
    assert!(total <= 10, "HKD {total}0.00 accepted over a limit of HKD 100.00");
    assert!(total >= 1);
    for (_, reasons) in &results {
        assert!(reasons.iter().all(|r| ["replay", "counter_rewind", "exposure_exceeded"].contains(&r.as_str())), "{reasons:?}");
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

// ---- finding 3: out-of-range times -----------------------------------------------------------

fn rfc3339() -> impl Strategy<Value = String> {
    let year = prop_oneof![Just(0u32), Just(1), Just(1969), Just(1970), Just(2026), Just(2106), Just(9998), Just(9999), 0u32..=9999];
    let offset = prop_oneof![
        Just("Z".to_string()),
        (any::<bool>(), 0u32..=23, 0u32..=59).prop_map(|(neg, h, m)| format!("{}{h:02}:{m:02}", if neg { '-' } else { '+' })),
        Just("-23:59".to_string()),
        Just("+23:59".to_string()),
    ];
    let fraction = prop_oneof![Just(String::new()), (0u32..1_000_000_000).prop_map(|f| format!(".{f:09}"))];
    (year, 1u32..=12, 1u32..=31, 0u32..=23, 0u32..=59, prop_oneof![0u32..=59, Just(60)], fraction, offset)
        .prop_map(|(y, mo, d, h, mi, s, f, o)| format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}{f}{o}"))
}

fn every_time_entry_point(at: &str, v: &Value, trust: &TrustList) {
    let _ = Instant::parse(at).map(|t| (t.to_rfc3339(), t.unix_seconds()));
    let gate = Verifier::new(trust.clone(), &VerifierOptions::default()).unwrap();
    let payload = v["codes"][0]["expected"]["payload"].as_str().unwrap();
    let _ = gate.verify(payload, at);
    let seed = NumericSeed::from_json(&v["numeric"]["seed"].to_string()).unwrap();
    let _ = numeric_code(&seed, "88", at);
    let _ = NumericVerifier::new(vec![seed]).verify("889850741112161324", at);
    let wallet = Wallet::new(&cert_text(v, "transit"), None).unwrap();
    let _ = wallet.generate(&key(v, "device-1"), &CodeRequest { at: at.into(), ..Default::default() });
    let spec = CertificateSpec { alias: None, not_before: at.into(), not_after: at.into(), scope: vec!["transit".into()], limits: vec![] };
    let _ = issue_certificate(&key(v, "issuer-2026"), &key(v, "device-1").public_key(), &spec);
    let mut doc = v["trust_list"]["document"].clone();
    doc["issued_at"] = at.into();
    doc["issuers"][0]["not_before"] = at.into();
    let _ = sign_trust_list(&key(v, "root"), &doc.to_string());
    let sheet =
        serde_json::json!({"source": "t", "as_of": at, "valid_until": at, "quotes": [{"base": "HKD", "quote": "CNY", "mid": "0.9"}]});
    if let Ok(sheet) = RateSheet::from_unsigned_json(&sheet.to_string()) {
        let _ = sheet.convert("1.00", "HKD", "CNY", at, &ConvertOptions::new(RoundingMode::HalfUp));
    }
    let _ = verify_rate_sheet(v["rate_sheets"]["signed"].as_str().unwrap(), trust, at);
}

#[test]
fn the_reported_out_of_range_time_is_invalid_time_everywhere() {
    let v = vectors();
    let trust = list(&v, &v["trust_list"]["jws"]);
    let at = "9999-12-31T23:59:59-01:00";
    assert_eq!(Instant::parse(at).unwrap_err().code(), "invalid_time");
    let gate = Verifier::new(trust.clone(), &VerifierOptions::default()).unwrap();
    assert_eq!(gate.verify(v["codes"][0]["expected"]["payload"].as_str().unwrap(), at).unwrap_err().code(), "invalid_time");
    let sheet = r#"{"source":"t","as_of":"2026-01-01T00:00:00Z","valid_until":"9999-12-31T23:59:59-01:00","quotes":[]}"#;
    assert_eq!(RateSheet::from_unsigned_json(sheet).unwrap_err().code(), "invalid_rate_sheet");
    every_time_entry_point(at, &v, &trust);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Nothing panics on any string the RFC 3339 parser accepts (offsets, leap seconds, years
    /// 0000 and 9999), through every public entry point that takes a time.
    #[test]
    fn no_entry_point_panics_on_any_rfc_3339_time(at in rfc3339()) {
        let v = vectors();
        let trust = list(&v, &v["trust_list"]["jws"]);
        every_time_entry_point(&at, &v, &trust);
    }
}

// ---- finding 5: the numeric prefix is authenticated -------------------------------------------

#[test]
fn a_numeric_code_moved_to_another_prefix_matches_no_seed() {
    let v = vectors();
    let seed = NumericSeed::from_json(&v["numeric"]["seed"].to_string()).unwrap();
    let genuine = numeric_code(&seed, "88", AT).unwrap();
    let body = &genuine[2..17];
    let moved = format!("31{body}{}", luhn_check_digit(&format!("31{body}")).unwrap());
    let verifier = NumericVerifier::new(vec![seed.clone()]);
    assert_eq!(verifier.verify(&moved, AT).unwrap().reason, Some(RefusalReason::NoMatch));
    // ...and the genuine code is still accepted afterwards, not refused as a replay.
    assert!(verifier.verify(&genuine, AT).unwrap().accepted);
    // Each prefix has its own body.
    assert_ne!(numeric_code(&seed, "31", AT).unwrap()[2..17], genuine[2..17]);
}

// ---- finding 7: input limits and linear parsing -----------------------------------------------

#[test]
fn inputs_over_the_documented_maximum_are_refused_at_once() {
    let v = vectors();
    let trust = list(&v, &v["trust_list"]["jws"]);
    let huge = "0".repeat(MAX_DOCUMENT_BYTES + 1);
    assert_eq!(RateSheet::from_unsigned_json(&huge).unwrap_err().code(), "input_too_large");
    assert_eq!(TrustList::verify(&huge, &key(&v, "root").public_key()).unwrap_err().code(), "input_too_large");
    assert_eq!(verify_rate_sheet(&huge, &trust, AT).unwrap_err().code(), "input_too_large");
    assert_eq!(sign_trust_list(&key(&v, "root"), &huge).unwrap_err().code(), "input_too_large");
    assert_eq!(encode_merchant_qr(&huge).unwrap_err().code(), "input_too_large");
    assert_eq!(Wallet::new(&huge, None).unwrap_err().code(), "input_too_large");
    let qr = decode_merchant_qr(&"0".repeat(MAX_QR_CHARS + 1), false);
    assert_eq!((qr.valid, qr.errors[0].code), (false, IssueCode::InputTooLarge));
    // Characters, not bytes: 4,296 Khmer characters are not too large, 4,297 are.
    assert_ne!(decode_merchant_qr(&"ក".repeat(MAX_QR_CHARS), false).errors[0].code, IssueCode::InputTooLarge);
    let gate = Verifier::new(trust, &VerifierOptions::default()).unwrap();
    let code = format!("CP1:{}", "A".repeat(MAX_QR_CHARS));
    assert_eq!(gate.verify(&code, AT).unwrap().reason, Some(RefusalReason::InputTooLarge));
    assert_eq!(NumericVerifier::new(vec![]).verify(&"1".repeat(MAX_QR_CHARS + 1), AT).unwrap().reason, Some(RefusalReason::InputTooLarge));
}

// ---- finding 8: strict hex ---------------------------------------------------------------------

#[test]
fn hex_is_exactly_pairs_of_hex_digits() {
    let v = vectors();
    let sec1 = hex::encode(key(&v, "device-1").public_key().to_sec1(true));
    assert!(PublicKey::parse(&sec1).is_ok());
    assert!(PublicKey::parse(&sec1.to_uppercase()).is_ok());
    let plus = format!("+{}", &sec1[1..]);
    assert_eq!(u8::from_str_radix(&plus[..2], 16).ok(), Some(u8::from_str_radix(&sec1[1..2], 16).unwrap()), "the old parser's bug");
    for bad in
        [plus.as_str(), &format!("-{}", &sec1[1..]), &format!(" {}", &sec1[1..]), &format!("0x{}", &sec1[2..]), &sec1[..sec1.len() - 1]]
    {
        assert_eq!(PublicKey::parse(bad).map_err(|e| e.code()).err(), Some("invalid_key"), "{bad:?}");
    }
}
