//! The shared vectors in tests/vectors/, checked from Rust. The CLI, JS (Node and Chromium),
//! Kotlin, Python and Swift suites read the same files.

use crosspay_core::{
    allocate_amount, convert, convert_at_rate, convert_many, convert_many_minor_units, from_minor_units, parse_rounding_mode,
    to_minor_units, Conversion, ConvertOptions, CrosspayError, RateSheet,
};
use serde_json::{json, Value};

fn doc(name: &str) -> Value {
    let path = format!("{}/../tests/vectors/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn outcome<T: serde::Serialize>(r: Result<T, CrosspayError>) -> Value {
    match r {
        Ok(v) => json!({ "expected": v }),
        Err(e) => json!({ "error": e.code() }),
    }
}

fn want(case: &Value) -> Value {
    match case.get("expected") {
        Some(expected) => json!({ "expected": expected }),
        None => json!({ "error": case["error"] }),
    }
}

fn check_all(kind: &str, cases: &[Value], run: impl Fn(&Value) -> Value) {
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|case| {
            let got = run(case);
            (got != want(case)).then(|| format!("{}: got {got}\n   want {}", case["name"], want(case)))
        })
        .collect();
    assert!(failures.is_empty(), "{} of {} {kind} vectors failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

/// The fields a convert.json case pins (the receipt has more).
fn convert_json_view(c: &Conversion) -> Value {
    json!({
        "source": c.source, "target": c.target, "rate": c.rate, "rounding": c.rounding,
        "unrounded": c.unrounded, "residue": c.residue,
    })
}

#[test]
fn convert_vectors() {
    let doc = doc("convert.json");
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 30, "the vector file lost cases");
    check_all("convert", cases, |case| {
        let s = |k: &str| case["input"][k].as_str().unwrap();
        let r = parse_rounding_mode(s("rounding")).and_then(|mode| convert(s("amount"), s("from"), s("to"), s("rate"), mode));
        match r {
            Ok(c) => json!({ "expected": convert_json_view(&c) }),
            Err(e) => json!({ "error": e.code() }),
        }
    });
}

#[test]
fn money_conversion_vectors() {
    let doc = doc("money.json");
    let cases = doc["conversions"].as_array().unwrap();
    assert!(cases.len() >= 30);
    check_all("conversion", cases, |case| {
        let s = |k: &str| case["input"][k].as_str().unwrap();
        let options: ConvertOptions = serde_json::from_value(case["options"].clone()).unwrap();
        let r = match case.get("sheet") {
            Some(name) => RateSheet::from_unsigned_json(&doc["sheets"][name.as_str().unwrap()].to_string())
                .and_then(|sheet| sheet.convert(s("amount"), s("from"), s("to"), case["at"].as_str().unwrap(), &options)),
            None => convert_at_rate(s("amount"), s("from"), s("to"), case["rate"].as_str().unwrap(), &options),
        };
        outcome(r)
    });
}

#[test]
fn money_allocation_vectors() {
    let doc = doc("money.json");
    check_all("allocation", doc["allocations"].as_array().unwrap(), |case| {
        let ratios = serde_json::from_value(case["ratios"].clone()).unwrap();
        outcome(allocate_amount(case["amount"].as_str().unwrap(), case["currency"].as_str().unwrap(), ratios))
    });
}

#[test]
fn money_minor_unit_vectors() {
    for case in doc("money.json")["minor_units"].as_array().unwrap() {
        let (amount, currency, units) =
            (case["amount"].as_str().unwrap(), case["currency"].as_str().unwrap(), case["units"].as_i64().unwrap());
        assert_eq!(to_minor_units(amount, currency).unwrap(), units, "{case}");
        assert_eq!(from_minor_units(units, currency).unwrap(), amount, "{case}");
    }
}

#[test]
fn money_sheet_error_vectors() {
    let doc = doc("money.json");
    check_all("sheet error", doc["sheet_errors"].as_array().unwrap(), |case| {
        let text = case.get("sheet_text").and_then(Value::as_str).map(str::to_string).unwrap_or_else(|| case["sheet"].to_string());
        outcome(RateSheet::from_unsigned_json(&text).map(|_| ()))
    });
}

#[test]
fn key_vectors() {
    use crosspay_core::{HighSPolicy, PrivateKey, PublicKey, SignatureFormat};
    let doc = doc("keys.json");
    let unhex = |v: &Value| hex::decode(v.as_str().unwrap()).unwrap();
    let mut publics = std::collections::HashMap::new();
    for k in doc["keys"].as_array().unwrap() {
        let key = PrivateKey::from_raw(&unhex(&k["private_raw_hex"])).unwrap();
        let public = key.public_key();
        assert_eq!(public.to_sec1(true), unhex(&k["public_sec1_compressed_hex"]), "{}", k["name"]);
        assert_eq!(public.to_sec1(false), unhex(&k["public_sec1_uncompressed_hex"]));
        assert_eq!(public.to_spki_der(), unhex(&k["public_spki_der_hex"]));
        let jwk: Value = serde_json::from_str(&public.to_jwk()).unwrap();
        assert_eq!(jwk, k["public_jwk"]);
        assert_eq!(public.kid(), k["kid"].as_str().unwrap());
        assert_eq!(PublicKey::from_jwk(&k["public_jwk"].to_string()).unwrap(), public);
        for s in k["signatures"].as_array().unwrap() {
            let msg = unhex(&s["message_hex"]);
            assert_eq!(hex::encode(key.sign(&msg, SignatureFormat::P1363)), s["p1363_hex"].as_str().unwrap(), "{}", k["name"]);
            assert_eq!(hex::encode(key.sign(&msg, SignatureFormat::Der)), s["der_hex"].as_str().unwrap());
        }
        publics.insert(k["name"].as_str().unwrap().to_string(), public);
    }
    for v in doc["verify"].as_array().unwrap() {
        let key = &publics[v["key"].as_str().unwrap()];
        let format: SignatureFormat = v["format"].as_str().unwrap().parse().unwrap();
        let policy = if v["allow_high_s"] == json!(true) { HighSPolicy::Accept } else { HighSPolicy::Reject };
        let verdict = key.verify(&unhex(&v["message_hex"]), &unhex(&v["signature_hex"]), format, policy);
        let got = json!({"valid": verdict.valid, "reason": verdict.reason});
        let want = json!({"valid": v["valid"], "reason": v.get("reason").cloned().unwrap_or(Value::Null)});
        assert_eq!(got, want, "{}", v["name"]);
    }
    for b in doc["bad_public_keys"].as_array().unwrap() {
        assert_eq!(PublicKey::from_sec1(&unhex(&b["public_hex"])).unwrap_err().code(), "invalid_key", "{}", b["name"]);
    }
    let private_documents = doc["private_documents"].as_array().unwrap();
    assert!(private_documents.len() >= 30);
    for case in private_documents {
        let text = case["document"].as_str().unwrap();
        let read = match case["form"].as_str().unwrap() {
            "pkcs8_der" => PrivateKey::from_pkcs8_der(&unhex(&case["document"])),
            "sec1_der" => PrivateKey::from_sec1_der(&unhex(&case["document"])),
            "pkcs8_pem" => PrivateKey::from_pkcs8_pem(text),
            "sec1_pem" => PrivateKey::from_sec1_pem(text),
            other => panic!("unknown form {other}"),
        };
        // PEM text is also what `parse` reads, by its label.
        if case["form"].as_str().unwrap().ends_with("_pem") {
            assert_eq!(
                PrivateKey::parse(text).map(|k| k.public_key()).map_err(|e| e.code()),
                read.as_ref().map(|k| k.public_key()).map_err(|e| e.code())
            );
        }
        match (&case["key"], read) {
            (Value::String(name), Ok(key)) => assert_eq!(key.public_key(), publics[name], "{}", case["name"]),
            (Value::Null, Err(e)) => assert_eq!(e.code(), case["error"].as_str().unwrap(), "{}", case["name"]),
            (_, got) => panic!("{}: got {:?}", case["name"], got.map(|k| k.public_key())),
        }
    }
}

/// money.json's price lists: many amounts at one rate (convert_many, RateSheet::convert_many),
/// and each amount exactly what a single conversion gives it.
#[test]
fn money_price_list_vectors() {
    let doc = doc("money.json");
    let cases = doc["price_lists"].as_array().unwrap();
    assert!(cases.len() >= 10);
    let checked_in_units = std::cell::Cell::new(0);
    check_all("price list", cases, |case| {
        let s = |k: &str| case["input"][k].as_str().unwrap();
        let amounts: Vec<String> = serde_json::from_value(case["input"]["amounts"].clone()).unwrap();
        let options: ConvertOptions = serde_json::from_value(case["options"].clone()).unwrap();
        let sheet =
            case.get("sheet").map(|name| RateSheet::from_unsigned_json(&doc["sheets"][name.as_str().unwrap()].to_string()).unwrap());
        let at = case["at"].as_str().unwrap_or_default();
        let one = |amount: &str| match &sheet {
            Some(sheet) => sheet.convert(amount, s("from"), s("to"), at, &options),
            None => convert_at_rate(amount, s("from"), s("to"), case["rate"].as_str().unwrap(), &options),
        };
        let r = match &sheet {
            Some(sheet) => sheet.convert_many(amounts.clone(), s("from"), s("to"), at, &options),
            None => convert_many(amounts.clone(), s("from"), s("to"), case["rate"].as_str().unwrap(), &options),
        };
        if let Ok(batch) = &r {
            for (i, amount) in amounts.iter().enumerate() {
                let single = one(amount).unwrap();
                assert_eq!(
                    (batch.sources.get(i), batch.targets.get(i)),
                    (Some(&*single.source.amount), Some(&*single.target.amount)),
                    "{amount}"
                );
                assert_eq!(
                    (&*batch.effective_rate, &batch.chain, &batch.provenance),
                    (&*single.effective_rate, &single.chain, &single.provenance)
                );
                assert_eq!(batch.requested.as_ref().and_then(|r| r.get(i)), single.requested.as_ref().map(|r| &*r.amount));
            }
        }
        if let Ok(batch) = &r {
            // The same list in integer minor units: the same sources and targets, in units.
            let given = if options.reverse { s("to") } else { s("from") };
            let units: Vec<i64> = amounts.iter().map(|a| to_minor_units(a, given).unwrap()).collect();
            let minor = match &sheet {
                Some(sheet) => sheet.convert_many_minor_units(units, s("from"), s("to"), at, &options),
                None => convert_many_minor_units(units, s("from"), s("to"), case["rate"].as_str().unwrap(), &options),
            }
            .unwrap();
            let texts = |list: &[i64], currency: &str| list.iter().map(|&u| from_minor_units(u, currency).unwrap()).collect::<Vec<_>>();
            assert_eq!(texts(&minor.sources, s("from")), batch.sources, "{}", case["name"]);
            assert_eq!(texts(&minor.targets, s("to")), batch.targets, "{}", case["name"]);
            assert_eq!(
                minor.requested.as_deref().map(|r| texts(r, s("to"))),
                batch.requested.as_ref().map(|r| r.to_vec()),
                "{}",
                case["name"]
            );
            assert_eq!(
                (&minor.rate, &minor.effective_rate, &minor.chain, &minor.provenance, &minor.cash_increment),
                (&batch.rate, &batch.effective_rate, &batch.chain, &batch.provenance, &batch.cash_increment)
            );
            checked_in_units.set(checked_in_units.get() + 1);
        }
        if std::env::var_os("CROSSPAY_PRINT_VECTORS").is_some() {
            println!("{} {}", case["name"], outcome(r.clone()));
        }
        outcome(r)
    });
    assert!(checked_in_units.get() >= 8, "price lists checked in minor units: {}", checked_in_units.get());
}
