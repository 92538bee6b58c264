//! What crosspay draws scans: every payload of the shared vectors (payment codes, compact and
//! CPM; every merchant QR; the numeric codes) is rendered by `crosspay render` as SVG,
//! rasterized by an independent renderer (librsvg's `rsvg-convert`) at 2 and 4 pixels per
//! module, the sizes a phone shows, and read back by an independent decoder (zbar's `zbarimg`),
//! which must return exactly the payload. `scripts/setup.sh` installs both tools.
mod common;

use common::{crosspay, temp, vectors};
use std::path::Path;
use std::process::Command;

fn tool(name: &str) -> &str {
    let found = Command::new("sh").args(["-c", &format!("command -v {name}")]).output().map(|o| o.status.success()).unwrap_or(false);
    assert!(found, "{name} is missing: run scripts/setup.sh (it installs librsvg2-bin and zbar-tools)");
    name
}

/// Rasterizes `svg` at `zoom` pixels per SVG unit and returns what zbar reads: the symbologies
/// it found, and the exact bytes of the data (`-Sbinary`: no character-set guessing).
fn scan(svg: &Path, zoom: u32) -> (Vec<String>, String) {
    let png = svg.with_extension(format!("{zoom}.png"));
    let r = Command::new(tool("rsvg-convert")).args(["-z", &zoom.to_string(), "-b", "white", "-o"]).arg(&png).arg(svg).output().unwrap();
    assert!(r.status.success(), "rsvg-convert: {}", String::from_utf8_lossy(&r.stderr));
    let xml = Command::new(tool("zbarimg")).args(["-q", "--xml"]).arg(&png).output().unwrap().stdout;
    let kinds =
        String::from_utf8_lossy(&xml).split("<symbol type='").skip(1).map(|t| t.split('\'').next().unwrap_or("").to_string()).collect();
    let raw = Command::new(tool("zbarimg")).args(["-q", "--raw", "-Sbinary"]).arg(&png).output().unwrap().stdout;
    (kinds, String::from_utf8(raw).expect("a UTF-8 payload"))
}

fn qr(payload: &str) -> (Vec<String>, String) {
    (vec!["QR-Code".to_string()], payload.to_string())
}

fn render(dir: &Path, name: &str, args: &[&str]) -> std::path::PathBuf {
    let svg = dir.join(format!("{name}.svg"));
    let mut all = vec!["render"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--out", svg.to_str().unwrap()]);
    let out = crosspay(&all);
    assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
    svg
}

fn payloads() -> Vec<(String, String)> {
    let codes = vectors("paycodes.json");
    let mut list: Vec<(String, String)> = codes["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (format!("paycode {}", c["name"].as_str().unwrap()), c["expected"]["payload"].as_str().unwrap().to_string()))
        .collect();
    for c in vectors("merchant_qr.json")["cases"].as_array().unwrap() {
        list.push((format!("merchant qr {}", c["name"].as_str().unwrap()), c["payload"].as_str().unwrap().to_string()));
    }
    list
}

#[test]
fn every_vector_payload_scans_back_exactly_at_2_and_4_pixels_per_module() {
    let dir = temp("render-qr");
    let list = payloads();
    assert!(list.len() >= 80, "{} payloads", list.len());
    let mut decoded = 0;
    for (i, (name, payload)) in list.iter().enumerate() {
        let svg = render(&dir, &format!("qr{i}"), &["qr", payload]);
        for zoom in [2, 4] {
            let found = scan(&svg, zoom);
            assert_eq!(found, qr(payload), "{name} at {zoom} px/module");
            decoded += 1;
        }
    }
    assert_eq!(decoded, 2 * list.len());
}

#[test]
fn error_correction_levels_and_a_minimum_version_scan_too() {
    let dir = temp("render-levels");
    let payload = vectors("paycodes.json")["codes"][0]["expected"]["payload"].as_str().unwrap().to_string();
    for (i, args) in [["--ec", "L"], ["--ec", "Q"], ["--ec", "H"], ["--min-version", "20"]].iter().enumerate() {
        let svg = render(&dir, &format!("level{i}"), &["qr", args[0], args[1], &payload]);
        assert_eq!(scan(&svg, 2), qr(&payload), "{args:?}");
    }
}

#[test]
fn numeric_codes_scan_as_code_128_with_the_same_digits() {
    let dir = temp("render-barcode");
    let numeric = &vectors("paycodes.json")["numeric"]["codes"];
    let mut codes: Vec<String> = numeric.as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap().to_string()).collect();
    codes.extend(["000000000000000000", "999999999999999999", "10"].map(String::from));
    assert!(codes.len() >= 5);
    for (i, code) in codes.iter().enumerate() {
        assert_eq!(code.len() % 2, 0);
        let svg = render(&dir, &format!("bar{i}"), &["barcode", code]);
        for zoom in [2, 4] {
            assert_eq!(scan(&svg, zoom), (vec!["CODE-128".to_string()], code.clone()), "{code} at {zoom} px/module");
        }
    }
}

#[test]
fn merchant_qr_encode_and_wallet_numeric_draw_what_they_make() {
    let dir = temp("render-flags");
    let spec = dir.join("spec.json");
    // A Shenzhen shop's dynamic code: UnionPay account, CNY, the amount and a bill number.
    std::fs::write(
        &spec,
        r#"{"merchant_account_info": {"15": "9156000014901234567890"}, "mcc": "5812", "currency": "156", "amount": "88.00",
            "country": "CN", "merchant_name": "SHENZHEN SHOP", "merchant_city": "SHENZHEN", "additional_data": {"01": "B20261202001"}}"#,
    )
    .unwrap();
    let text = crosspay(&["merchant-qr", "encode", spec.to_str().unwrap()]);
    assert!(text.status.success(), "merchant-qr encode: {}", String::from_utf8_lossy(&text.stderr));
    let payload = String::from_utf8(text.stdout).unwrap().trim().to_string();
    let svg_out = crosspay(&["merchant-qr", "encode", "--render", "svg", spec.to_str().unwrap()]);
    assert!(svg_out.status.success());
    let svg = dir.join("merchant.svg");
    std::fs::write(&svg, &svg_out.stdout).unwrap();
    assert_eq!(scan(&svg, 2), qr(&payload));
    let json = common::stdout_json(&crosspay(&["merchant-qr", "encode", "--render", "terminal", "--json", spec.to_str().unwrap()]));
    assert_eq!(json["payload"], payload.as_str());
    assert!(json["terminal"].as_str().unwrap().contains('▀'));

    let numeric = &vectors("paycodes.json")["numeric"];
    let seed = dir.join("seed.json");
    std::fs::write(&seed, numeric["seed"].to_string()).unwrap();
    let case = &numeric["codes"][0];
    let args = [
        "wallet",
        "numeric",
        "--seed",
        seed.to_str().unwrap(),
        "--prefix",
        case["prefix"].as_str().unwrap(),
        "--at",
        case["at"].as_str().unwrap(),
    ];
    let code = String::from_utf8(crosspay(&args).stdout).unwrap().trim().to_string();
    assert_eq!(code, case["code"].as_str().unwrap());
    let drawn = crosspay(&[&args[..], &["--render", "svg"]].concat());
    assert!(drawn.status.success());
    let svg = dir.join("numeric.svg");
    std::fs::write(&svg, &drawn.stdout).unwrap();
    assert_eq!(scan(&svg, 2), (vec!["CODE-128".to_string()], code));
}

#[test]
fn bad_input_is_a_typed_error() {
    let out = crosspay(&["render", "barcode", "12345"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid_barcode"));
    let out = crosspay(&["render", "qr", "--min-version", "41", "x"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("invalid_options"));
    let big = "x".repeat(2400);
    let out = crosspay(&["render", "qr", &big]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("input_too_large"));
    let out = crosspay(&["render", "qr", "--ec", "Z", "x"]);
    assert_eq!(out.status.code(), Some(2));
}
