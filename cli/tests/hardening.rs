//! The security review's findings (issue 10) against the real binary: trust-list rollback and
//! staleness, `issuer revoke-key`, verifier processes racing on one `--replay-db`, times out of
//! range, no silent overwrite of secrets, strict hex, input limits.

mod common;

use common::{crosspay, p, stdout_json, temp, vectors};
use std::path::{Path, PathBuf};

fn run(args: &[&str]) -> (Option<i32>, serde_json::Value) {
    let out = crosspay(args);
    (out.status.code(), stdout_json(&out))
}

fn ok(args: &[&str]) -> serde_json::Value {
    let (status, v) = run(args);
    assert_eq!(status, Some(0), "{args:?}: {v}");
    v
}

/// An issuer directory (initialised at `at`) and one enrolled device with its key and state.
struct Setup {
    dir: PathBuf,
    issuer: PathBuf,
}

impl Setup {
    fn new(name: &str, at: &str) -> Self {
        let dir = temp(name);
        let issuer = dir.join("issuer");
        ok(&["issuer", "init", "--dir", p(&issuer), "--at", at, "--json"]);
        let key = ok(&["keys", "generate", "--json"]);
        std::fs::write(dir.join("device.key"), key["private_pkcs8_pem"].as_str().unwrap()).unwrap();
        std::fs::write(dir.join("device.pub"), key["public_spki_pem"].as_str().unwrap()).unwrap();
        #[rustfmt::skip]
        ok(&["issuer", "enroll", "--dir", p(&issuer), "--device-public-key", p(&dir.join("device.pub")), "--scope", "transit",
            "--not-before", "2026-11-01T00:00:00Z", "--not-after", "2026-12-31T23:59:59Z", "--out", p(&dir.join("cert.json")), "--json"]);
        Self { dir, issuer }
    }

    fn code(&self, at: &str) -> String {
        let (cert, key, state) = (self.dir.join("cert.json"), self.dir.join("device.key"), self.dir.join("state.json"));
        #[rustfmt::skip]
        let v = ok(&["wallet", "qr", "--cert", p(&cert), "--key", p(&key), "--state", p(&state), "--at", at, "--json"]);
        v["payload"].as_str().unwrap().to_string()
    }

    fn verify(&self, list: &Path, payload: &str, at: &str, extra: &[&str]) -> (Option<i32>, serde_json::Value) {
        let (root, db) = (self.issuer.join("root.pub"), self.dir.join("replay.db"));
        #[rustfmt::skip]
        let mut args = vec!["verify-code", "--trust-list", p(list), "--root-public-key", p(&root), "--at", at, "--replay-db", p(&db), "--json"];
        args.extend_from_slice(extra);
        args.push(payload);
        run(&args)
    }
}

impl Drop for Setup {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn alias(s: &Setup) -> String {
    let cert: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(s.dir.join("cert.json")).unwrap()).unwrap();
    cert["alias"].as_str().unwrap().to_string()
}

#[test]
fn an_older_trust_list_is_refused_once_a_newer_one_was_seen() {
    let s = Setup::new("rollback", "2026-11-20T00:00:00Z");
    let list = s.issuer.join("trust-list.jws");
    let old = s.dir.join("old-list.jws");
    std::fs::copy(&list, &old).unwrap();
    let (status, v) = s.verify(&list, &s.code("2026-11-22T08:00:00Z"), "2026-11-22T08:00:01Z", &[]);
    assert_eq!((status, &v["accepted"]), (Some(0), &true.into()), "{v}");
    // Revoke the device: the gate is given the new list and refuses it.
    ok(&["issuer", "revoke", "--dir", p(&s.issuer), "--alias", &alias(&s), "--at", "2026-11-22T09:00:00Z", "--json"]);
    let (status, v) = s.verify(&list, &s.code("2026-11-22T09:00:10Z"), "2026-11-22T09:00:11Z", &[]);
    assert_eq!((status, v["reason"].as_str()), (Some(1), Some("revoked")));
    // The attack: hand the same gate (same replay db) the older list, where the device was fine.
    let (status, v) = s.verify(&old, &s.code("2026-11-22T09:00:20Z"), "2026-11-22T09:00:21Z", &[]);
    assert_eq!((status, v["error"]["code"].as_str()), (Some(2), Some("trust_list_rollback")), "{v}");
    // A fresh gate told the sequence it last had refuses the older list too.
    std::fs::remove_file(s.dir.join("replay.db")).unwrap();
    let (status, v) = s.verify(&old, &s.code("2026-11-22T09:00:30Z"), "2026-11-22T09:00:31Z", &["--min-trust-sequence", "2"]);
    assert_eq!((status, v["error"]["code"].as_str()), (Some(2), Some("trust_list_rollback")), "{v}");
}

#[test]
fn a_trust_list_past_its_maximum_age_refuses_codes() {
    let s = Setup::new("stale", "2026-11-20T00:00:00Z");
    let list = s.issuer.join("trust-list.jws");
    let late = "2026-11-27T00:00:10Z";
    let (status, v) = s.verify(&list, &s.code(late), late, &[]);
    assert_eq!((status, v["reason"].as_str()), (Some(1), Some("trust_list_stale")), "{v}");
    let (status, v) = s.verify(&list, &s.code(late), late, &["--max-trust-age", "864000"]);
    assert_eq!((status, &v["accepted"]), (Some(0), &true.into()), "{v}");
}

#[test]
fn revoke_key_revokes_or_retires_an_issuer_key() {
    let s = Setup::new("revoke-key", "2026-11-20T00:00:00Z");
    let list = s.issuer.join("trust-list.jws");
    let doc: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(s.issuer.join("trust-list.json")).unwrap()).unwrap();
    let kid = doc["issuers"][0]["kid"].as_str().unwrap().to_string();
    // Retired: stops signing, what it signed stays valid.
    let v = ok(&["issuer", "revoke-key", "--dir", p(&s.issuer), "--kid", &kid, "--retire", "--at", "2026-11-21T00:00:00Z", "--json"]);
    assert_eq!((v["issuers"][0]["status"].as_str(), v["sequence"].as_u64()), (Some("retired"), Some(2)));
    let (status, _) = s.verify(&list, &s.code("2026-11-22T08:00:00Z"), "2026-11-22T08:00:01Z", &[]);
    assert_eq!(status, Some(0));
    // Revoked: nothing it signed is accepted, and a revoked key is never brought back to retired.
    let v = ok(&["issuer", "revoke-key", "--dir", p(&s.issuer), "--kid", &kid, "--at", "2026-11-22T09:00:00Z", "--json"]);
    assert_eq!(v["issuers"][0]["status"], "revoked");
    let (status, v) = s.verify(&list, &s.code("2026-11-22T09:00:10Z"), "2026-11-22T09:00:11Z", &[]);
    assert_eq!((status, v["reason"].as_str()), (Some(1), Some("issuer_key_inactive")), "{v}");
    let v = ok(&["issuer", "revoke-key", "--dir", p(&s.issuer), "--kid", &kid, "--retire", "--json"]);
    assert_eq!(v["issuers"][0]["status"], "revoked");
    let (status, v) = run(&["issuer", "revoke-key", "--dir", p(&s.issuer), "--kid", "AAAAAAAAAAA", "--json"]);
    assert_eq!((status, v["error"]["code"].as_str()), (Some(2), Some("invalid_trust_list")));
}

/// The review's race: verifier processes sharing one replay db. Eight at once, each sending the
/// same 40 codes (40 devices) in its own order: each code accepted exactly once.
#[test]
fn verifier_processes_sharing_a_replay_db_accept_each_code_once() {
    let v = vectors("paycodes.json");
    let d = temp("hardening-race");
    let (list, root, db) = (d.join("list.jws"), d.join("root.pub"), d.join("replay.db"));
    std::fs::write(&list, v["trust_list"]["jws"].as_str().unwrap()).unwrap();
    let raw = |name: &str| hex::decode(v["keys"][name].as_str().unwrap()).unwrap();
    let root_key = crosspay_core::PrivateKey::from_raw(&raw("root")).unwrap();
    std::fs::write(&root, root_key.public_key().to_spki_pem()).unwrap();
    let issuer = crosspay_core::PrivateKey::from_raw(&raw("issuer-2026")).unwrap();
    let at = "2026-11-22T08:30:00Z";
    let codes: Vec<String> = (0..40u8)
        .map(|i| {
            let device = crosspay_core::PrivateKey::from_raw(&[i + 1; 32]).unwrap();
            let spec = crosspay_core::CertificateSpec {
                alias: Some(format!("{:016x}", 0xbeef_0000_0000_0000u64 + u64::from(i))),
                not_before: "2026-11-01T00:00:00Z".into(),
                not_after: "2026-12-31T23:59:59Z".into(),
                scope: vec!["transit".into()],
                limits: vec![],
            };
            let cert = crosspay_core::issue_certificate(&issuer, &device.public_key(), &spec).unwrap();
            let wallet = crosspay_core::Wallet::new(&cert.to_text(), None).unwrap();
            wallet.generate(&device, &crosspay_core::CodeRequest { at: at.into(), ..Default::default() }).unwrap().payload
        })
        .collect();
    let threads: Vec<_> = (0..8usize)
        .map(|w| {
            let (codes, list, root, db) = (codes.clone(), list.clone(), root.clone(), db.clone());
            std::thread::spawn(move || {
                let order: Vec<usize> = (0..codes.len()).map(|i| (i * 7 + w * 13) % codes.len()).collect();
                #[rustfmt::skip]
                let accepted: Vec<usize> = order.into_iter().filter(|&i| {
                    let out = crosspay(&["verify-code", "--trust-list", p(&list), "--root-public-key", p(&root), "--at", at,
                        "--replay-db", p(&db), "--json", &codes[i]]);
                    let v = stdout_json(&out);
                    assert!(v["accepted"] == true || v["reason"] == "replay", "{v}");
                    v["accepted"] == true
                }).collect();
                accepted
            })
        })
        .collect();
    let mut count = vec![0; codes.len()];
    for t in threads {
        for i in t.join().unwrap() {
            count[i] += 1;
        }
    }
    assert!(count.iter().all(|&c| c == 1), "{count:?}");
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn an_out_of_range_time_is_invalid_time_never_a_crash() {
    let s = Setup::new("time", "2026-11-20T00:00:00Z");
    let at = "9999-12-31T23:59:59-01:00";
    let list = s.issuer.join("trust-list.jws");
    let payload = s.code("2026-11-22T08:00:00Z");
    let (status, v) = s.verify(&list, &payload, at, &[]);
    assert_eq!((status, v["error"]["code"].as_str()), (Some(2), Some("invalid_time")), "{v}");
    let (cert, key, state) = (s.dir.join("cert.json"), s.dir.join("device.key"), s.dir.join("state.json"));
    for args in [
        vec!["wallet", "qr", "--cert", p(&cert), "--key", p(&key), "--state", p(&state), "--at", at, "--json"],
        vec!["issuer", "rotate", "--dir", p(&s.issuer), "--at", at, "--json"],
    ] {
        let (status, v) = run(&args);
        assert_eq!((status, v["error"]["code"].as_str()), (Some(2), Some("invalid_time")), "{args:?}: {v}");
    }
    let sheet = s.dir.join("sheet.json");
    std::fs::write(&sheet, format!(r#"{{"source":"t","as_of":"2026-01-01T00:00:00Z","valid_until":"{at}","quotes":[]}}"#)).unwrap();
    #[rustfmt::skip]
    let (status, v) = run(&["convert", "--amount", "1", "--from", "HKD", "--to", "CNY", "--rates", p(&sheet), "--at", "2026-11-22T00:00:00Z", "--allow-unsigned-rates", "--json"]);
    assert_eq!((status, v["error"]["code"].as_str()), (Some(2), Some("invalid_rate_sheet")), "{v}");
    std::fs::write(&sheet, r#"{"source":"t","as_of":"2026-01-01T00:00:00Z","valid_until":"2027-01-01T00:00:00Z","quotes":[]}"#).unwrap();
    #[rustfmt::skip]
    let (status, v) = run(&["convert", "--amount", "1", "--from", "HKD", "--to", "CNY", "--rates", p(&sheet), "--at", at, "--allow-unsigned-rates", "--json"]);
    assert_eq!((status, v["error"]["code"].as_str()), (Some(2), Some("invalid_time")), "{v}");
}

#[test]
fn no_command_overwrites_a_key_seed_or_certificate_without_force() {
    let s = Setup::new("overwrite", "2026-11-20T00:00:00Z");
    let root_key = s.issuer.join("root.key");
    let before = std::fs::read_to_string(&root_key).unwrap();
    // The review's case: a seed written over the root key.
    let (status, v) = run(&["issuer", "provision-numeric", "--dir", p(&s.issuer), "--out", p(&root_key), "--json"]);
    assert_eq!((status, v["error"]["code"].as_str()), (Some(2), Some("file_exists")), "{v}");
    assert!(v["error"]["message"].as_str().unwrap().contains("root.key"), "the error names the file: {v}");
    assert_eq!(std::fs::read_to_string(&root_key).unwrap(), before);
    // Init over an existing issuer, enroll over a certificate, sign over a sheet: refused too.
    let (status, v) = run(&["issuer", "init", "--dir", p(&s.issuer), "--json"]);
    assert_eq!((status, v["error"]["code"].as_str()), (Some(2), Some("file_exists")));
    assert_eq!(std::fs::read_to_string(&root_key).unwrap(), before);
    let cert = s.dir.join("cert.json");
    let cert_before = std::fs::read_to_string(&cert).unwrap();
    let device_pub = s.dir.join("device.pub");
    #[rustfmt::skip]
    let enroll = |extra: &[&str]| {
        let mut args = vec!["issuer", "enroll", "--dir", p(&s.issuer), "--device-public-key", p(&device_pub),
            "--scope", "transit", "--not-after", "2026-12-31T23:59:59Z", "--out", p(&cert), "--json"];
        args.extend_from_slice(extra);
        run(&args)
    };
    assert_eq!(enroll(&[]).1["error"]["code"], "file_exists");
    assert_eq!(std::fs::read_to_string(&cert).unwrap(), cert_before);
    assert_eq!(enroll(&["--force"]).0, Some(0), "--force replaces it");
    assert_ne!(std::fs::read_to_string(&cert).unwrap(), cert_before);
    let seed = s.dir.join("seed.json");
    ok(&["issuer", "provision-numeric", "--dir", p(&s.issuer), "--out", p(&seed), "--json"]);
    let seed_before = std::fs::read_to_string(&seed).unwrap();
    let (status, _) = run(&["issuer", "provision-numeric", "--dir", p(&s.issuer), "--out", p(&seed), "--json"]);
    assert_eq!((status, std::fs::read_to_string(&seed).unwrap()), (Some(2), seed_before.clone()));
    ok(&["issuer", "provision-numeric", "--dir", p(&s.issuer), "--out", p(&seed), "--force", "--json"]);
    assert_ne!(std::fs::read_to_string(&seed).unwrap(), seed_before);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&seed).unwrap().permissions().mode() & 0o777, 0o600, "a forced seed is still 0600");
    }
    let sheet = s.dir.join("sheet.json");
    std::fs::write(&sheet, r#"{"source":"t","as_of":"2026-11-22T00:00:00Z","valid_until":"2026-11-23T00:00:00Z","quotes":[]}"#).unwrap();
    let (status, v) = run(&["issuer", "sign-rate-sheet", "--dir", p(&s.issuer), "--sheet", p(&sheet), "--out", p(&seed), "--json"]);
    assert_eq!((status, v["error"]["code"].as_str()), (Some(2), Some("file_exists")));
}

#[test]
fn hex_with_a_sign_is_not_hex_and_huge_inputs_are_refused_at_once() {
    let key = ok(&["keys", "generate", "--json"]);
    let sec1 = key["public_sec1_hex"].as_str().map(String::from).unwrap_or_else(|| {
        let k = crosspay_core::PublicKey::parse(key["public_spki_pem"].as_str().unwrap()).unwrap();
        hex::encode(k.to_sec1(true))
    });
    let plus = format!("+{}", &sec1[1..]);
    #[rustfmt::skip]
    let (status, v) = run(&["verify", "--public-key", &plus, "--message-hex", "00", "--signature-hex", &"00".repeat(64), "--json"]);
    assert_eq!((status, v["error"]["code"].as_str()), (Some(2), Some("invalid_key")), "{v}");
    // A key file that is not there is a missing file, not bad hex.
    #[rustfmt::skip]
    let (status, v) = run(&["verify", "--public-key", "/no/such/device.pub", "--message-hex", "00", "--signature-hex", "00", "--json"]);
    assert_eq!((status, v["error"]["code"].as_str()), (Some(2), Some("io_error")), "{v}");
    assert!(v["error"]["message"].as_str().unwrap().contains("/no/such/device.pub"));
    // 100 KB on the command line: refused before parsing, in milliseconds.
    let huge = format!("000201{}", "26160012hk.com.hkicl".repeat(5_000));
    let (status, v) = run(&["merchant-qr", "decode", "--json", &huge]);
    assert_eq!((status, v["errors"][0]["code"].as_str()), (Some(1), Some("input_too_large")), "{v}");
}

/// `keys generate --out` writes the key pair to files the other commands read: the private key
/// mode 0600 and never printed, nothing overwritten without `--force`, and a refusal leaves no
/// half pair behind.
#[test]
fn keys_generate_writes_key_files_and_never_overwrites_them() {
    let dir = temp("keyfiles");
    let (key, public) = (dir.join("device.key"), dir.join("device.pub"));
    let out = crosspay(&["keys", "generate", "--out", p(&key), "--public-out", p(&public), "--json"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v = stdout_json(&out);
    let stdout = String::from_utf8(out.stdout.clone()).unwrap();
    assert!(!stdout.contains("PRIVATE KEY") && v.get("private_pkcs8_pem").is_none(), "the private key is not printed: {stdout}");
    let pem = std::fs::read_to_string(&key).unwrap();
    assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----"));
    assert_eq!(std::fs::read_to_string(&public).unwrap(), v["public_spki_pem"].as_str().unwrap());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&key).unwrap().permissions().mode() & 0o777, 0o600);
    }
    // The files are what `sign` and `verify` read.
    let sig = crosspay(&["sign", "--key", p(&key), "--message-hex", "68656c6c6f"]);
    let sig = String::from_utf8(sig.stdout).unwrap();
    let verified =
        crosspay(&["verify", "--public-key", p(&public), "--message-hex", "68656c6c6f", "--signature-hex", sig.trim(), "--json"]);
    assert_eq!(stdout_json(&verified)["valid"], true);

    // Not overwritten; with a new public file name, nothing is written either.
    let other_public = dir.join("other.pub");
    let again = crosspay(&["keys", "generate", "--out", p(&key), "--public-out", p(&other_public), "--json"]);
    assert_eq!((again.status.code(), stdout_json(&again)["error"]["code"].as_str()), (Some(2), Some("file_exists")));
    assert_eq!(std::fs::read_to_string(&key).unwrap(), pem, "the key is untouched");
    assert!(!other_public.exists(), "a refusal writes no half pair");
    // --force replaces both.
    let forced = crosspay(&["keys", "generate", "--out", p(&key), "--public-out", p(&public), "--force", "--json"]);
    assert!(forced.status.success());
    assert_ne!(std::fs::read_to_string(&key).unwrap(), pem);
    let same = crosspay(&["keys", "generate", "--out", p(&key), "--public-out", p(&key), "--force"]);
    assert_eq!(same.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_kid_that_starts_with_a_hyphen_is_a_value_not_a_flag() {
    // Kids are base64url: one in 64 starts with '-' (seen as a flaky revoke-key test).
    let out = common::crosspay(&[
        "issuer",
        "revoke-key",
        "--dir",
        "/nonexistent-crosspay-dir",
        "--kid",
        "-1J0NcVxXvI",
        "--retire",
        "--at",
        "2026-11-21T00:00:00Z",
        "--json",
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(!text.contains("\"usage\""), "{text}");
    assert!(text.contains("io_error"), "{text}");
}
