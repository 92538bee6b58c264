//! The keys CLI contract: `keys generate`, `sign`, `verify`, exactly as issue 4 writes them.

use serde_json::{json, Value};
mod common;

use common::{crosspay, stdout_json, vectors as vector_file};

fn vectors() -> Value {
    vector_file("keys.json")
}

struct Dir(std::path::PathBuf);

impl Dir {
    fn new(name: &str) -> Self {
        let d = std::env::temp_dir().join(format!("crosspay-keys-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        Self(d)
    }
    fn write(&self, name: &str, text: &str) -> String {
        let p = self.0.join(name);
        std::fs::write(&p, text).unwrap();
        p.to_str().unwrap().to_string()
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn generate_sign_verify_round_trip() {
    let out = crosspay(&["keys", "generate", "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let keys = stdout_json(&out);
    for k in ["private_pkcs8_pem", "public_spki_pem", "public_jwk", "public_sec1_hex", "kid"] {
        assert!(keys.get(k).is_some(), "missing {k}");
    }
    assert_eq!(keys["public_jwk"]["kty"], "EC");
    assert_eq!(keys["public_jwk"]["crv"], "P-256");
    let dir = Dir::new("round-trip");
    let key = dir.write("key.pem", keys["private_pkcs8_pem"].as_str().unwrap());
    let public = dir.write("pub.pem", keys["public_spki_pem"].as_str().unwrap());
    for format in ["p1363", "der"] {
        let sig = stdout_json(&crosspay(&["sign", "--key", &key, "--message-hex", "cafe", "--format", format, "--json"]));
        let sig = sig["signature_hex"].as_str().unwrap();
        for public_key in [public.as_str(), keys["public_sec1_hex"].as_str().unwrap()] {
            let out = crosspay(&[
                "verify",
                "--public-key",
                public_key,
                "--message-hex",
                "cafe",
                "--signature-hex",
                sig,
                "--format",
                format,
                "--json",
            ]);
            assert_eq!(out.status.code(), Some(0));
            assert_eq!(stdout_json(&out), json!({"valid": true, "reason": null}));
        }
        let out =
            crosspay(&["verify", "--public-key", &public, "--message-hex", "cafd", "--signature-hex", sig, "--format", format, "--json"]);
        assert_eq!(out.status.code(), Some(1));
        assert_eq!(stdout_json(&out), json!({"valid": false, "reason": "mismatch"}));
    }
}

#[test]
fn signatures_and_verdicts_match_the_vectors() {
    let doc = vectors();
    let dir = Dir::new("vectors");
    for k in doc["keys"].as_array().unwrap() {
        // A private JWK file: the JWK with its "d" added.
        let d = hex::decode(k["private_raw_hex"].as_str().unwrap()).unwrap();
        let mut jwk = k["public_jwk"].clone();
        jwk["d"] = json!(base64_url(&d));
        let key = dir.write(&format!("{}.jwk", k["name"].as_str().unwrap()), &jwk.to_string());
        for s in k["signatures"].as_array().unwrap() {
            let msg = s["message_hex"].as_str().unwrap();
            let sig = stdout_json(&crosspay(&["sign", "--key", &key, "--message-hex", msg, "--json"]));
            assert_eq!(sig["signature_hex"], s["p1363_hex"]);
            let der = stdout_json(&crosspay(&["sign", "--key", &key, "--message-hex", msg, "--format", "der", "--json"]));
            assert_eq!(der["signature_hex"], s["der_hex"]);
        }
    }
    for v in doc["verify"].as_array().unwrap() {
        let key = doc["keys"].as_array().unwrap().iter().find(|k| k["name"] == v["key"]).unwrap();
        let mut args = vec![
            "verify",
            "--public-key",
            key["public_sec1_compressed_hex"].as_str().unwrap(),
            "--message-hex",
            v["message_hex"].as_str().unwrap(),
            "--signature-hex",
            v["signature_hex"].as_str().unwrap(),
            "--format",
            v["format"].as_str().unwrap(),
            "--json",
        ];
        if v["allow_high_s"] == json!(true) {
            args.push("--allow-high-s");
        }
        let out = crosspay(&args);
        let valid = v["valid"] == json!(true);
        assert_eq!(out.status.code(), Some(if valid { 0 } else { 1 }), "{}", v["name"]);
        assert_eq!(stdout_json(&out), json!({"valid": valid, "reason": v.get("reason").cloned().unwrap_or(Value::Null)}), "{}", v["name"]);
    }
}

#[test]
fn unusable_input_exits_2_with_an_error_object() {
    let dir = Dir::new("unusable");
    let not_a_key = dir.write("junk.pem", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    for (args, code) in [
        (vec!["verify", "--public-key", "02zz", "--message-hex", "00", "--signature-hex", "00", "--json"], "invalid_key"),
        (vec!["verify", "--public-key", "0200", "--message-hex", "00", "--signature-hex", "00", "--json"], "invalid_key"),
        (
            vec![
                "verify",
                "--public-key",
                vectors()["keys"][0]["public_sec1_compressed_hex"].as_str().unwrap(),
                "--message-hex",
                "0g",
                "--signature-hex",
                "00",
                "--json",
            ],
            "invalid_hex",
        ),
        (vec!["sign", "--key", &not_a_key, "--message-hex", "00", "--json"], "invalid_key"),
        (vec!["sign", "--key", "/nonexistent/key.pem", "--message-hex", "00", "--json"], "io_error"),
        (vec!["keys", "generate", "--entropy-hex", "0000", "--json"], "weak_entropy"),
        (vec!["sign", "--key", &not_a_key, "--json"], "usage"),
    ] {
        let out = crosspay(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(stdout_json(&out)["error"]["code"], code, "{args:?}");
    }
}

#[test]
fn generation_from_host_entropy_is_deterministic() {
    let entropy = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    let a = stdout_json(&crosspay(&["keys", "generate", "--entropy-hex", entropy, "--json"]));
    let b = stdout_json(&crosspay(&["keys", "generate", "--entropy-hex", entropy, "--json"]));
    assert_eq!(a["kid"], b["kid"]);
}

fn base64_url(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}
