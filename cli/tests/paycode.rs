//! The payment-code CLI contract of issue 5: flags, JSON keys and exit codes, end to end
//! (issuer init → enroll → wallet code → verify → replay refused), plus every vector scenario
//! through `verify-code` and `verify-numeric`.

mod common;

use common::{crosspay, p, stdout_json, temp, vectors};
use std::path::{Path, PathBuf};

fn ok(args: &[&str]) -> serde_json::Value {
    let out = crosspay(args);
    assert!(out.status.success(), "{args:?}: {}", String::from_utf8_lossy(&out.stdout));
    stdout_json(&out)
}

fn vector_pem(v: &serde_json::Value, name: &str, dir: &Path) -> (PathBuf, PathBuf) {
    let key = crosspay_core::PrivateKey::from_raw(&hex::decode(v["keys"][name].as_str().unwrap()).unwrap()).unwrap();
    let (k, pubf) = (dir.join(format!("{name}.key")), dir.join(format!("{name}.pub")));
    std::fs::write(&k, key.to_pkcs8_pem().as_str()).unwrap();
    std::fs::write(&pubf, key.public_key().to_spki_pem()).unwrap();
    (k, pubf)
}

#[test]
fn issuer_enroll_wallet_verify_replay() {
    let d = temp("flow");
    let iss = d.join("issuer");
    let init = ok(&["issuer", "init", "--dir", p(&iss), "--at", "2026-11-20T00:00:00Z", "--json"]);
    assert_eq!(init["issuers"].as_array().unwrap().len(), 1);
    let key = ok(&["keys", "generate", "--json"]);
    std::fs::write(d.join("device.key"), key["private_pkcs8_pem"].as_str().unwrap()).unwrap();
    std::fs::write(d.join("device.pub"), key["public_spki_pem"].as_str().unwrap()).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(iss.join("root.key")).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let cert = d.join("cert.json");
    #[rustfmt::skip]
    let info = ok(&["issuer", "enroll", "--dir", p(&iss), "--device-public-key", p(&d.join("device.pub")), "--offline-limit", "200.00",
        "--currency", "HKD", "--scope", "transit", "--not-before", "2026-11-01T00:00:00Z", "--not-after", "2026-12-31T23:59:59Z", "--out", p(&cert), "--json"]);
    assert_eq!(info["limits"][0]["amount"], "200.00");
    let state = d.join("state.json");
    let device_key = d.join("device.key");
    #[rustfmt::skip]
    let wallet = |at: &str, extra: &[&str]| {
        let mut args = vec!["wallet", "qr", "--cert", p(&cert), "--key", p(&device_key), "--state", p(&state), "--at", at, "--json"];
        args.extend_from_slice(extra);
        ok(&args)
    };
    let code = wallet("2026-11-22T08:30:00Z", &["--amount", "23.50", "--currency", "HKD"]);
    assert_eq!(code["counter"], 1);
    assert!(code["qr_version"].as_u64().unwrap() <= 10);
    assert!(code["payload"].as_str().unwrap().starts_with("CP1:"));
    let (tl, root, db) = (iss.join("trust-list.jws"), iss.join("root.pub"), d.join("replay.db"));
    #[rustfmt::skip]
    let verify = |payload: &str, at: &str, extra: &[&str]| {
        let mut args = vec!["verify-code", "--trust-list", p(&tl), "--root-public-key", p(&root), "--at", at, "--replay-db", p(&db), "--json"];
        args.extend_from_slice(extra);
        args.push(payload);
        let out = crosspay(&args);
        (out.status.code(), stdout_json(&out))
    };
    let payload = code["payload"].as_str().unwrap();
    let (status, first) = verify(payload, "2026-11-22T08:30:05Z", &["--terminal-currency", "HKD", "--scope", "transit"]);
    assert_eq!(
        (status, &first["accepted"], &first["reason"], &first["amount"], &first["counter"]),
        (Some(0), &true.into(), &serde_json::Value::Null, &"23.50".into(), &1.into())
    );
    assert_eq!(first["alias"], info["alias"]);
    let (status, again) = verify(payload, "2026-11-22T08:30:06Z", &[]);
    assert_eq!((status, again["accepted"].as_bool(), again["reason"].as_str()), (Some(1), Some(false), Some("replay")));
    // The state file moved on: the next code has counter 2 and a CPM container.
    let cpm = wallet("2026-11-22T08:31:00Z", &["--container", "cpm"]);
    assert_eq!(cpm["counter"], 2);
    assert!(cpm["payload"].as_str().unwrap().starts_with("hQVDUFYwM"));
    let (status, wrong_scope) = verify(cpm["payload"].as_str().unwrap(), "2026-11-22T08:31:00Z", &["--scope", "retail"]);
    assert_eq!((status, wrong_scope["reason"].as_str()), (Some(1), Some("wrong_scope")));
    // Revoke the alias: the next code is refused as revoked.
    ok(&["issuer", "revoke", "--dir", p(&iss), "--alias", info["alias"].as_str().unwrap(), "--at", "2026-11-22T09:00:00Z", "--json"]);
    let later = wallet("2026-11-22T09:00:10Z", &[]);
    let (status, revoked) = verify(later["payload"].as_str().unwrap(), "2026-11-22T09:00:10Z", &[]);
    assert_eq!((status, revoked["reason"].as_str()), (Some(1), Some("revoked")));
    // Rotation: the old key is retired, certificates it signed still verify; new ones use the new key.
    let rotated = ok(&["issuer", "rotate", "--dir", p(&iss), "--at", "2026-11-22T09:10:00Z", "--json"]);
    assert_eq!(rotated["issuers"][0]["status"], "retired");
    assert_eq!(rotated["issuers"][1]["status"], "active");
    // Bad input is exit 2 with a JSON error.
    let out = crosspay(&[
        "verify-code",
        "--trust-list",
        p(&tl),
        "--root-public-key",
        p(&root),
        "--at",
        "yesterday",
        "--replay-db",
        p(&db),
        "--json",
        payload,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout_json(&out)["error"]["code"], "invalid_time");
    let out = crosspay(&[
        "verify-code",
        "--trust-list",
        p(&tl),
        "--root-public-key",
        p(&iss.join("trust-list.json")),
        "--at",
        "2026-11-22T08:30:05Z",
        "--replay-db",
        p(&db),
        "--json",
        payload,
    ]);
    assert_eq!(out.status.code(), Some(2));
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn numeric_codes_through_the_cli() {
    let d = temp("numeric");
    let iss = d.join("issuer");
    ok(&["issuer", "init", "--dir", p(&iss), "--json"]);
    let seed = d.join("seed.json");
    let prov = ok(&["issuer", "provision-numeric", "--dir", p(&iss), "--out", p(&seed), "--json"]);
    assert_eq!(prov["key_version"], 1);
    let code = ok(&["wallet", "numeric", "--seed", p(&seed), "--prefix", "88", "--at", "2026-11-22T08:30:00Z", "--json"]);
    let code = code["code"].as_str().unwrap().to_string();
    assert_eq!(code.len(), 18);
    let db = d.join("n.db");
    let verify = |at: &str| {
        let out = crosspay(&["verify-numeric", "--seed", p(&seed), "--at", at, "--replay-db", p(&db), "--json", &code]);
        (out.status.code(), stdout_json(&out)["reason"].as_str().map(String::from))
    };
    assert_eq!(verify("2026-11-22T08:30:20Z"), (Some(0), None));
    assert_eq!(verify("2026-11-22T08:30:25Z"), (Some(1), Some("replay".into())));
    let out = crosspay(&["wallet", "numeric", "--seed", p(&seed), "--prefix", "62", "--at", "2026-11-22T08:30:00Z", "--json"]);
    assert_eq!((out.status.code(), stdout_json(&out)["error"]["code"].as_str()), (Some(2), Some("invalid_paycode")));
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn every_vector_scenario_through_verify_code() {
    let v = vectors("paycodes.json");
    let d = temp("vectors");
    let (tl, db) = (d.join("trust-list.jws"), d.join("replay.db"));
    std::fs::write(&tl, v["trust_list"]["jws"].as_str().unwrap()).unwrap();
    let (_, root) = vector_pem(&v, "root", &d);
    for scenario in v["scenarios"].as_array().unwrap() {
        let _ = std::fs::remove_file(&db);
        let o = &scenario["options"];
        let mut extra: Vec<String> = vec![];
        for (flag, key) in [
            ("--terminal-currency", "terminal_currency"),
            ("--scope", "scope"),
            ("--max-age", "max_age_seconds"),
            ("--skew", "clock_skew_seconds"),
            ("--max-trust-age", "max_trust_list_age_seconds"),
            ("--min-trust-sequence", "min_trust_list_sequence"),
        ] {
            if let Some(value) = o.get(key) {
                extra.push(flag.into());
                extra.push(value.as_str().map_or_else(|| value.to_string(), String::from));
            }
        }
        if let Some(max) = o.get("max_exposure") {
            extra.push("--max-exposure".into());
            extra.push(max[0]["amount"].as_str().unwrap().into());
        }
        for step in scenario["steps"].as_array().unwrap() {
            let mut args: Vec<&str> = vec![
                "verify-code",
                "--trust-list",
                p(&tl),
                "--root-public-key",
                p(&root),
                "--at",
                step["at"].as_str().unwrap(),
                "--replay-db",
                p(&db),
                "--json",
            ];
            args.extend(extra.iter().map(String::as_str));
            args.push(step["payload"].as_str().unwrap());
            let out = crosspay(&args);
            let got = stdout_json(&out);
            let want_exit = if step["accepted"].as_bool().unwrap() { 0 } else { 1 };
            assert_eq!((out.status.code(), &got["reason"]), (Some(want_exit), &step["reason"]), "{} / {}", scenario["name"], step["code"]);
        }
    }
    // Numeric scenario through verify-numeric.
    let seed = d.join("seed.json");
    std::fs::write(&seed, v["numeric"]["seed"].to_string()).unwrap();
    let ndb = d.join("n.db");
    for step in v["numeric"]["scenario"].as_array().unwrap() {
        let out = crosspay(&[
            "verify-numeric",
            "--seed",
            p(&seed),
            "--at",
            step["at"].as_str().unwrap(),
            "--replay-db",
            p(&ndb),
            "--json",
            step["payload"].as_str().unwrap(),
        ]);
        assert_eq!(stdout_json(&out)["reason"], step["reason"], "{step}");
    }
    // Signed rate sheets.
    for case in v["rate_sheets"]["cases"].as_array().unwrap() {
        let f = d.join("sheet.jws");
        std::fs::write(&f, case["signed"].as_str().unwrap()).unwrap();
        let out = crosspay(&[
            "verify-rate-sheet",
            "--trust-list",
            p(&tl),
            "--root-public-key",
            p(&root),
            "--at",
            case["at"].as_str().unwrap(),
            "--json",
            p(&f),
        ]);
        let got = stdout_json(&out);
        assert_eq!(got["error"]["code"].as_str(), case["error"].as_str(), "{}", case["name"]);
    }
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn wallet_qr_reproduces_the_vector_payloads() {
    let v = vectors("paycodes.json");
    let d = temp("wallet-vectors");
    for c in v["codes"].as_array().unwrap() {
        let cert = d.join("cert.txt");
        let text =
            v["certificates"].as_array().unwrap().iter().find(|x| x["name"] == c["certificate"]).unwrap()["certificate"].as_str().unwrap();
        std::fs::write(&cert, text).unwrap();
        let (key, _) = vector_pem(&v, c["device"].as_str().unwrap(), &d);
        let state = d.join("state.json");
        std::fs::write(&state, c["state"].as_str().unwrap()).unwrap();
        let r = &c["request"];
        let mut args =
            vec!["wallet", "qr", "--cert", p(&cert), "--key", p(&key), "--state", p(&state), "--at", r["at"].as_str().unwrap(), "--json"];
        if let (Some(a), Some(cur)) = (r["amount"].as_str(), r["currency"].as_str()) {
            args.extend(["--amount", a, "--currency", cur]);
        }
        args.extend(["--container", r["container"].as_str().unwrap()]);
        let got = ok(&args);
        assert_eq!(got["payload"], c["expected"]["payload"], "{}", c["name"]);
        assert_eq!(got["qr_version"], c["expected"]["qr_version"]);
        let saved: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&state).unwrap()).unwrap();
        assert_eq!(saved["counter"], c["expected"]["counter"], "the state is saved with the counter used");
    }
    std::fs::remove_dir_all(&d).unwrap();
}
