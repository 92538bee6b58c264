//! tests/vectors/render.json: QR matrices (rows of modules), SVG text and Code 128 bar widths that
//! every target must produce byte for byte, and the errors for what cannot be drawn. That what is
//! drawn scans is proven separately, by an independent rasterizer and decoder (cli/tests/render.rs).
//!
//! The file is written from the cases below by `cargo test -p crosspay-core --test render --
//! --ignored write_vectors` (after a deliberate change of rendering), and checked by the rest.

use crosspay_core::{barcode, barcode_svg, qr_matrix, qr_svg, CrosspayError, EcLevel, QrMatrix, QrOptions};
use serde_json::{json, Value};

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/render.json");

fn vectors(name: &str) -> Value {
    let path = format!("{}/../tests/vectors/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn options(v: &Value) -> QrOptions {
    serde_json::from_value(v.clone()).expect("QR options")
}

fn rows(m: &QrMatrix) -> Vec<String> {
    m.modules.chunks(m.size as usize).map(|r| r.iter().map(|&b| if b == 1 { '1' } else { '0' }).collect()).collect()
}

fn matrix_json(m: &QrMatrix) -> Value {
    json!({ "version": m.version, "ec_level": m.ec_level, "size": m.size, "quiet_zone": m.quiet_zone, "rows": rows(m) })
}

fn code(e: CrosspayError) -> Value {
    json!({ "error": e.code() })
}

/// The cases, from the other vector files where they can be (real payloads).
fn cases() -> Value {
    let paycodes = vectors("paycodes.json");
    let payload =
        |name: &str| paycodes["codes"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap()["expected"]["payload"].clone();
    let merchant = vectors("merchant_qr.json");
    let emvco = merchant["cases"].as_array().unwrap().iter().find(|c| c["name"] == "emvco-spec-sample").unwrap()["payload"].clone();
    let numeric = paycodes["numeric"]["codes"][0]["code"].clone();
    json!({
        "qr": [
            { "name": "short text, defaults (M, smallest version, quiet zone 4)", "payload": "HELLO", "options": {} },
            { "name": "a minimum version, H, quiet zone 2", "payload": "HELLO", "options": { "ec_level": "H", "min_version": 5, "quiet_zone": 2 } },
            { "name": "compact payment code (CP1, alphanumeric)", "payload": payload("gate-hkd-23.50"), "options": {} },
            { "name": "EMV CPM payment code (base64)", "payload": payload("gate-cpm-hkd-23.50"), "options": { "ec_level": "L" } },
            { "name": "merchant QR with UTF-8 (EMVCo's sample)", "payload": emvco, "options": { "ec_level": "Q" } },
            { "name": "a URL", "payload": "https://pay.example.com/c/8f3a?amount=88.00&currency=CNY", "options": { "quiet_zone": 0 } },
        ],
        "qr_errors": [
            { "name": "more than version 40-M holds", "payload": "x".repeat(2400), "options": {}, "error": "input_too_large" },
            { "name": "over every QR's limit", "payload": "9".repeat(4297), "options": { "ec_level": "L" }, "error": "input_too_large" },
            { "name": "min_version 0", "payload": "x", "options": { "min_version": 0 }, "error": "invalid_options" },
            { "name": "min_version 41", "payload": "x", "options": { "min_version": 41 }, "error": "invalid_options" },
            { "name": "quiet zone over 16", "payload": "x", "options": { "quiet_zone": 17 }, "error": "invalid_options" },
        ],
        "svg": [
            { "name": "the SVG of the first case", "payload": "HELLO", "options": {} },
        ],
        "barcodes": [
            { "name": "numeric payment code", "digits": numeric },
            { "name": "all zeros", "digits": "000000000000000000" },
            { "name": "two digits", "digits": "10" },
        ],
        "barcode_errors": [
            { "name": "empty", "digits": "", "error": "invalid_barcode" },
            { "name": "odd length", "digits": "123", "error": "invalid_barcode" },
            { "name": "not digits", "digits": "12a4", "error": "invalid_barcode" },
            { "name": "full-width digits", "digits": "１２", "error": "invalid_barcode" },
            { "name": "over 80 digits", "digits": "1".repeat(82), "error": "invalid_barcode" },
        ],
    })
}

/// The expected values, computed now.
fn computed(cases: &Value) -> Value {
    let list = |k: &str| cases[k].as_array().unwrap().clone();
    let qr = list("qr").into_iter().map(|mut c| {
        c["expected"] = matrix_json(&qr_matrix(c["payload"].as_str().unwrap(), &options(&c["options"])).unwrap());
        c
    });
    let svg = list("svg").into_iter().map(|mut c| {
        c["expected"] = qr_svg(c["payload"].as_str().unwrap(), &options(&c["options"])).unwrap().into();
        c
    });
    let bars = list("barcodes").into_iter().map(|mut c| {
        let digits = c["digits"].as_str().unwrap();
        let b = barcode(digits).unwrap();
        let widths: String = b.widths.iter().map(|w| char::from(b'0' + w)).collect();
        c["expected"] = json!({ "text": b.text, "symbology": b.symbology, "width": b.width, "quiet_zone": b.quiet_zone, "widths": widths, "svg": barcode_svg(digits).unwrap() });
        c
    });
    json!({
        "description": "Rendering (docs/render.md): QR matrices as rows of modules (1 dark), without the quiet zone; the SVG of a QR; Code 128 set C barcodes as bar and space widths in modules (starting with a bar) and their SVG; and what cannot be drawn. Every target must produce these byte for byte; that they scan is proven by an independent decoder in the test command (cli/tests/render.rs).",
        "format": 1,
        "qr": qr.collect::<Vec<_>>(),
        "qr_errors": cases["qr_errors"],
        "svg": svg.collect::<Vec<_>>(),
        "barcodes": bars.collect::<Vec<_>>(),
        "barcode_errors": cases["barcode_errors"],
    })
}

#[test]
#[ignore = "writes tests/vectors/render.json"]
fn write_vectors() {
    std::fs::write(PATH, serde_json::to_string_pretty(&computed(&cases())).unwrap() + "\n").unwrap();
}

#[test]
fn the_vector_file_is_what_the_core_draws() {
    let file: Value = serde_json::from_str(&std::fs::read_to_string(PATH).unwrap()).unwrap();
    assert_eq!(file, computed(&file), "tests/vectors/render.json differs from what the core draws");
    assert_eq!(file["qr"].as_array().unwrap().len(), 6);
    // EMVCo's sample holds UTF-8: one byte-mode segment at least
    assert_eq!(file["qr"][4]["expected"]["ec_level"], "Q");
}

#[test]
fn the_errors_are_the_vectors_codes() {
    let file: Value = serde_json::from_str(&std::fs::read_to_string(PATH).unwrap()).unwrap();
    for c in file["qr_errors"].as_array().unwrap() {
        let got = qr_matrix(c["payload"].as_str().unwrap(), &options(&c["options"])).map(|_| json!("no error")).unwrap_or_else(code);
        assert_eq!(got, json!({ "error": c["error"] }), "{}", c["name"]);
    }
    for c in file["barcode_errors"].as_array().unwrap() {
        let got = barcode(c["digits"].as_str().unwrap()).map(|_| json!("no error")).unwrap_or_else(code);
        assert_eq!(got, json!({ "error": c["error"] }), "{}", c["name"]);
    }
}

#[test]
fn every_level_gives_a_symbol_at_least_as_large_as_a_lower_one() {
    let payload = "CP1:".to_string() + &"A1".repeat(150);
    let mut last = 0;
    for level in [EcLevel::L, EcLevel::M, EcLevel::Q, EcLevel::H] {
        let m = qr_matrix(&payload, &QrOptions { ec_level: Some(level), ..Default::default() }).unwrap();
        assert!(m.version >= last, "{level:?}");
        assert_eq!(m.modules.len(), (m.size * m.size) as usize);
        assert_eq!(m.size, 17 + 4 * u32::from(m.version));
        last = m.version;
    }
}

#[test]
fn the_images_in_docs_are_what_the_core_draws() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/img");
    let paycodes = vectors("paycodes.json");
    let payload = paycodes["codes"][1]["expected"]["payload"].as_str().unwrap();
    let digits = paycodes["numeric"]["codes"][0]["code"].as_str().unwrap();
    // crosspay render qr PAYLOAD --out docs/img/paycode-qr.svg; render barcode DIGITS --out docs/img/numeric-barcode.svg
    assert_eq!(std::fs::read_to_string(format!("{root}/paycode-qr.svg")).unwrap(), qr_svg(payload, &QrOptions::default()).unwrap());
    assert_eq!(std::fs::read_to_string(format!("{root}/numeric-barcode.svg")).unwrap(), barcode_svg(digits).unwrap());
}
