//! `crosspay card` and `crosspay prepaid` as a user runs them: the number from stdin, exit codes
//! 0/1/2, JSON equal to the shared vectors (tests/vectors/cards.json, prepaid.json), the worked
//! prepaid example through a state file with signed rate sheets, and no digits in any output.
mod common;

use common::{crosspay, p, stdout_json, temp, vectors};
use crosspay_core::PrivateKey;
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn with_stdin(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_crosspay"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A command may refuse before it reads its input (an open card is never overwritten): then
    // the pipe is closed and the write fails with BrokenPipe, which is its answer, not an error.
    match child.stdin.take().unwrap().write_all(input.as_bytes()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        other => other.unwrap(),
    }
    child.wait_with_output().unwrap()
}

fn no_digits(out: &Output, number: &str) {
    let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(!all.contains(number), "the number leaked: {all}");
}

fn case<'a>(v: &'a Value, list: &str, name: &str) -> &'a Value {
    v[list].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap()
}

#[test]
fn card_check_reads_stdin_and_answers_like_the_vectors() {
    let v = vectors("cards.json");
    let c = case(&v, "checks", "visa, expiry and CVC fine");
    let out = with_stdin(
        &["card", "check", "--number", "-", "--expiry", "12/28", "--cvc", "123", "--at", "2026-12-01T00:00:00Z", "--json"],
        "4111 1111 1111 1111\n",
    );
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let got = stdout_json(&out);
    assert_eq!(got, c["expected"]);
    for key in ["valid", "brand", "length_ok", "luhn_ok", "masked", "formatted", "cvc_length", "expired"] {
        assert!(got.get(key).is_some(), "the issue's key {key}");
    }
    no_digits(&out, "4111111111111111");

    let c = case(&v, "checks", "everything wrong at once");
    let out =
        with_stdin(&["card", "check", "--expiry", "01/20", "--cvc", "12", "--at", "2026-12-01T00:00:00Z", "--json"], "4111111111111112");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout_json(&out), c["expected"]);

    let out = crosspay(&["card", "check", "--number", "378282246310005"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), "amex 37828******0005: valid");

    let out = with_stdin(&["card", "check", "--json"], "4111 abcd");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout_json(&out)["error"]["code"], "invalid_card_number");
    let out = crosspay(&["card", "check", "--number", "4111111111111111", "--expiry", "12/28", "--json"]);
    assert_eq!(out.status.code(), Some(2), "--expiry needs --at");
}

#[test]
fn card_brands_lists_the_table_with_sources() {
    let v = vectors("cards.json");
    let out = crosspay(&["card", "brands", "--json"]);
    assert!(out.status.success());
    let got = stdout_json(&out);
    let brands: Vec<Value> = got["brands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| serde_json::json!({ "brand": b["brand"], "lengths": b["lengths"], "luhn": b["luhn"], "cvc_length": b["cvc_length"] }))
        .collect();
    assert_eq!(Value::from(brands), v["brands"]);
    assert!(got["sources"].as_object().unwrap().len() >= 3);
    let text = crosspay(&["card", "brands"]);
    assert!(String::from_utf8_lossy(&text.stdout).lines().count() >= 8);
}

struct Files {
    trust_list: PathBuf,
    root: PathBuf,
    sheets: PathBuf,
}

fn files(dir: &Path, v: &Value) -> Files {
    let root = PrivateKey::from_raw(&hex::decode(v["keys"]["root"].as_str().unwrap()).unwrap()).unwrap();
    let f = Files { trust_list: dir.join("trust-list.jws"), root: dir.join("root.pub"), sheets: dir.to_path_buf() };
    std::fs::write(&f.trust_list, v["trust_list"].as_str().unwrap()).unwrap();
    std::fs::write(&f.root, root.public_key().to_spki_pem()).unwrap();
    for (name, s) in v["sheets"].as_object().unwrap() {
        std::fs::write(dir.join(format!("{name}.jws")), s["signed"].as_str().unwrap()).unwrap();
    }
    f
}

impl Files {
    fn rates(&self, sheet: &str, at: &str) -> Vec<String> {
        let sheet = self.sheets.join(format!("{sheet}.jws"));
        ["--rates", p(&sheet), "--trust-list", p(&self.trust_list), "--root-public-key", p(&self.root), "--at", at]
            .map(String::from)
            .to_vec()
    }
}

fn run(args: &[String]) -> Output {
    crosspay(&args.iter().map(String::as_str).collect::<Vec<_>>())
}

#[test]
fn prepaid_worked_example_through_a_state_file() {
    let v = vectors("prepaid.json");
    let dir = temp("prepaid");
    let f = files(&dir, &v);
    let state = dir.join("card.json");
    let sc = &v["scenarios"][0];
    let open =
        ["prepaid", "open", "--state", p(&state), "--expiry", "12/28", "--currency", "USD", "--at", "2026-12-01T09:00:00Z", "--json"];
    let out = with_stdin(&open, "4111111111111111\n");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(stdout_json(&out), sc["opened"]);
    no_digits(&out, "4111111111111111");
    assert!(!std::fs::read_to_string(&state).unwrap().contains("4111111111111111"));
    let again = with_stdin(&open, "4111111111111111\n");
    assert_eq!(stdout_json(&again)["error"]["code"], "file_exists", "an open card is never overwritten by accident");

    let steps = sc["steps"].as_array().unwrap();
    let state_arg = ["--state".to_string(), p(&state).to_string(), "--json".to_string()];
    let mut top: Vec<String> = ["prepaid", "top-up", "--amount", "500.00"].map(String::from).to_vec();
    top.extend(f.rates("top-up", "2026-12-01T09:05:00Z"));
    top.extend(state_arg.clone());
    let out = run(&top);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    assert_eq!(stdout_json(&out), steps[0]["expected"]);

    let mut spend: Vec<String> =
        ["prepaid", "spend", "--amount", "420.50", "--at", "2026-12-03T12:00:00Z", "--reference", "Shenzhen Bay tea house, order 8812"]
            .map(String::from)
            .to_vec();
    spend.extend(state_arg.clone());
    assert_eq!(stdout_json(&run(&spend)), steps[1]["expected"]);

    let mut refund: Vec<String> = ["prepaid", "refund"].map(String::from).to_vec();
    refund.extend(f.rates("refund", "2027-03-01T09:00:00Z"));
    refund.extend(state_arg.clone());
    assert_eq!(stdout_json(&run(&refund)), steps[2]["expected"]);

    let show = crosspay(&["prepaid", "show", "--state", p(&state), "--json"]);
    assert_eq!(stdout_json(&show), steps[2]["expected"]["card"]);
    let text = crosspay(&["prepaid", "show", "--state", p(&state)]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("balance 0.00 CNY, closed at 2027-03-01T09:00:00Z"));

    // A closed card refuses, and the state file is left as it was.
    let before = std::fs::read_to_string(&state).unwrap();
    let out = run(&spend);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout_json(&out)["error"]["code"], "prepaid_closed");
    assert_eq!(std::fs::read_to_string(&state).unwrap(), before);
}

#[test]
fn prepaid_refuses_unsigned_stale_and_tampered() {
    let v = vectors("prepaid.json");
    let dir = temp("prepaid-refusals");
    let f = files(&dir, &v);
    let state = dir.join("card.json");
    let out = crosspay(&[
        "prepaid",
        "open",
        "--state",
        p(&state),
        "--number",
        "5555555555554444",
        "--expiry",
        "12/28",
        "--currency",
        "USD",
        "--at",
        "2026-12-01T09:00:00Z",
    ]);
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("555555******4444"));

    // An unsigned sheet where a signed one is expected is not a JWS.
    let unsigned = dir.join("unsigned.json");
    std::fs::write(&unsigned, v["sheets"]["top-up"]["json"].as_str().unwrap()).unwrap();
    let mut top: Vec<String> = ["prepaid", "top-up", "--amount", "100.00", "--state", p(&state), "--json"].map(String::from).to_vec();
    let mut args = top.clone();
    args.extend(f.rates("top-up", "2026-12-01T09:05:00Z"));
    let i = args.iter().position(|a| a == "--rates").unwrap();
    args[i + 1] = p(&unsigned).to_string();
    let out = run(&args);
    assert_eq!(out.status.code(), Some(2));
    assert_ne!(stdout_json(&out)["error"]["code"], Value::Null);

    top.extend(f.rates("top-up", "2026-12-02T00:00:00Z"));
    assert_eq!(stdout_json(&run(&top))["error"]["code"], "quote_expired");

    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(&state).unwrap()).unwrap();
    doc["balance"]["amount"] = "1000.00".into();
    std::fs::write(&state, doc.to_string()).unwrap();
    let out = crosspay(&["prepaid", "show", "--state", p(&state), "--json"]);
    assert_eq!(stdout_json(&out)["error"]["code"], "invalid_prepaid_card");
}
