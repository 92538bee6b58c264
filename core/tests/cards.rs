//! tests/vectors/cards.json: card numbers whose brand is given by hand (published test numbers,
//! each with where it was published, and numbers built at every range boundary), full
//! `check_card` answers, typing, expiries, security codes and masks.
//!
//! The file is written from the cases below by `cargo test -p crosspay-core --test cards --
//! --ignored write_vectors` (after a deliberate change), and checked by the rest. The oracle for a
//! brand is the hand-given `brand` of each case, never the code: the checker compares the two.

mod common;

use common::{err, opt, read, s, write};
use crosspay_core::*;
use serde_json::{json, Value};

const CARDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/cards.json");

/// A number of `len` digits starting with `prefix`, zero-filled, with its Luhn check digit.
fn luhn_number(prefix: &str, len: usize) -> String {
    let mut body: String = prefix.to_string();
    while body.len() < len - 1 {
        body.push('0');
    }
    (0..10).map(|d| format!("{body}{d}")).find(|n| luhn_valid(n)).unwrap()
}

const STRIPE: &str = "stripe";
const BRAINTREE: &str = "braintree";
const ADYEN: &str = "adyen";
const PAYPAL: &str = "paypal";
const BUILT: &str = "constructed";

fn card_cases() -> Value {
    let published = [
        ("4111111111111111", "visa", BRAINTREE),
        ("4012888888881881", "visa", PAYPAL),
        ("4242424242424242", "visa", STRIPE),
        ("4222222222222", "visa", PAYPAL),
        ("4000056655665556", "visa", STRIPE),
        ("4917610000000000003", "visa", ADYEN),
        ("5555555555554444", "mastercard", STRIPE),
        ("5105105105105100", "mastercard", PAYPAL),
        ("2223003122003222", "mastercard", STRIPE),
        ("5200828282828210", "mastercard", STRIPE),
        ("378282246310005", "amex", STRIPE),
        ("371449635398431", "amex", STRIPE),
        ("378734493671000", "amex", PAYPAL),
        ("6011111111111117", "discover", STRIPE),
        ("6011000990139424", "discover", STRIPE),
        ("6011981111111113", "discover", STRIPE),
        ("30569309025904", "diners", PAYPAL),
        ("38520000023237", "diners", PAYPAL),
        ("36227206271667", "diners", STRIPE),
        ("3056930009020004", "diners", STRIPE),
        ("3530111333300000", "jcb", PAYPAL),
        ("3566002020360505", "jcb", STRIPE),
        ("3566111111111113", "jcb", BRAINTREE),
        ("6200000000000005", "unionpay", STRIPE),
        ("6200000000000047", "unionpay", STRIPE),
        ("6205500000000000004", "unionpay", STRIPE),
        ("6304000000000000", "maestro", BRAINTREE),
    ];
    // Built at the edges of each range (prefix, length, the brand the published ranges give).
    let edges = [
        ("2221", 16, Some("mastercard")),
        ("2720", 16, Some("mastercard")),
        ("2220", 16, None),
        ("2721", 16, None),
        ("51", 16, Some("mastercard")),
        ("55", 16, Some("mastercard")),
        ("56", 16, None),
        ("34", 15, Some("amex")),
        ("37", 15, Some("amex")),
        ("35", 15, None),
        ("3528", 16, Some("jcb")),
        ("3589", 19, Some("jcb")),
        ("3527", 16, None),
        ("3590", 16, None),
        ("300", 14, Some("diners")),
        ("305", 14, Some("diners")),
        ("3095", 14, Some("diners")),
        ("36", 14, Some("diners")),
        ("38", 16, Some("diners")),
        ("39", 16, Some("diners")),
        ("306", 14, None),
        ("6011", 19, Some("discover")),
        ("644", 16, Some("discover")),
        ("649", 16, Some("discover")),
        ("65", 16, Some("discover")),
        ("643", 16, None),
        ("622126", 16, Some("unionpay")),
        ("622925", 19, Some("unionpay")),
        ("62", 17, Some("unionpay")),
        ("81", 16, Some("unionpay")),
        ("4", 13, Some("visa")),
        ("4", 19, Some("visa")),
        ("6304", 12, Some("maestro")),
        ("6759", 19, Some("maestro")),
        ("9", 16, None),
        ("1", 16, None),
    ];
    let mut cards: Vec<Value> = published.iter().map(|(n, b, src)| json!({ "number": n, "brand": b, "source": src })).collect();
    cards.extend(
        edges.iter().map(
            |(p, len, b)| json!({ "number": luhn_number(p, *len), "brand": b, "source": BUILT, "edge": format!("{p}… ({len} digits)") }),
        ),
    );
    json!({
        "description": "Card numbers with their brand given by hand (published test numbers and numbers built at range edges), check_card answers, typing, expiries, security codes and masks. Times are UTC. Written by core/tests/cards.rs.",
        "sources": {
            STRIPE: "https://docs.stripe.com/testing#cards",
            BRAINTREE: "https://developer.paypal.com/braintree/docs/reference/general/testing",
            ADYEN: "https://docs.adyen.com/development-resources/testing/test-card-numbers",
            PAYPAL: "PayPal's classic sandbox test card list (developer.paypal.com), as widely reprinted",
            BUILT: "a prefix from the published ranges (docs/cards.md), zero-filled, with its Luhn check digit"
        },
        "brands": [],
        "cards": cards,
        "checks": [
            { "name": "visa, expiry and CVC fine", "number": "4111 1111 1111 1111", "expiry": "12/28", "cvc": "123", "at": "2026-12-01T00:00:00Z" },
            { "name": "amex wants a 4-digit CID", "number": "3782-822463-10005", "expiry": "12/28", "cvc": "123", "at": "2026-12-01T00:00:00Z" },
            { "name": "amex with its CID", "number": "378282246310005", "expiry": null, "cvc": "1234", "at": null },
            { "name": "expired at the start of the month after", "number": "4242424242424242", "expiry": "11/26", "cvc": null, "at": "2026-12-01T00:00:00Z" },
            { "name": "last second of the expiry month", "number": "4242424242424242", "expiry": "11/26", "cvc": null, "at": "2026-11-30T23:59:59Z" },
            { "name": "Luhn fails", "number": "4111111111111112", "expiry": null, "cvc": null, "at": null },
            { "name": "unknown brand", "number": "9111111111111111", "expiry": null, "cvc": null, "at": null },
            { "name": "visa of a length it does not issue", "number": "41111111111111", "expiry": null, "cvc": null, "at": null },
            { "name": "unionpay need not pass Luhn", "number": "6200000000000006", "expiry": null, "cvc": null, "at": null },
            { "name": "too short for any card", "number": "4111", "expiry": null, "cvc": null, "at": null },
            { "name": "23 digits: an answer, not an error", "number": "4".repeat(23), "expiry": null, "cvc": null, "at": null },
            { "name": "everything wrong at once", "number": "4111111111111112", "expiry": "01/20", "cvc": "12", "at": "2026-12-01T00:00:00Z" },
        ],
        "check_errors": [
            { "name": "letters", "number": "4111 1111 abcd 1111", "expiry": null, "cvc": null, "at": null, "error": "invalid_card_number" },
            { "name": "empty", "number": "", "expiry": null, "cvc": null, "at": null, "error": "invalid_card_number" },
            { "name": "over 64 characters", "number": "4".repeat(65), "expiry": null, "cvc": null, "at": null, "error": "invalid_card_number" },
            { "name": "expiry without a time", "number": "4111111111111111", "expiry": "12/28", "cvc": null, "at": null, "error": "invalid_expiry" },
            { "name": "month 13", "number": "4111111111111111", "expiry": "13/28", "cvc": null, "at": "2026-12-01T00:00:00Z", "error": "invalid_expiry" },
            { "name": "CVC with a letter", "number": "4111111111111111", "expiry": null, "cvc": "12a", "at": null, "error": "invalid_cvc" },
            { "name": "bad time", "number": "4111111111111111", "expiry": "12/28", "cvc": null, "at": "yesterday", "error": "invalid_time" },
        ],
        "parse_errors": [
            { "name": "Luhn fails", "number": "4111111111111112", "error": "invalid_card_number" },
            { "name": "unknown brand", "number": "9111111111111111", "error": "unsupported_card_brand" },
            { "name": "a length the brand does not issue", "number": "41111111111111", "error": "invalid_card_number" },
            { "name": "two separators in a row", "number": "4111  1111 1111 1111", "error": "invalid_card_number" },
            { "name": "empty", "number": "", "error": "invalid_card_number" },
            { "name": "22 digits", "number": "4".repeat(22), "error": "invalid_card_number" },
            { "name": "full-width digits", "number": "４１１１１１１１１１１１１１１１", "error": "invalid_card_number" },
        ],
        "typing": [
            { "name": "visa as it is typed", "input": "41111", "cursor": 5 },
            { "name": "amex groups 4-6-5", "input": "3782822463", "cursor": 10 },
            { "name": "pasted with dashes, cursor in the middle", "input": "4242-4242-4242-4242", "cursor": 7 },
            { "name": "letters dropped, cursor kept after the same digits", "input": "42a42", "cursor": 3 },
            { "name": "too many digits cut at the brand's maximum", "input": "42424242424242424242424", "cursor": 23 },
            { "name": "unknown brand groups by four", "input": "9999999999", "cursor": 0 },
            { "name": "empty", "input": "", "cursor": 0 },
            { "name": "cursor past the end", "input": "3056930902590", "cursor": 99 },
        ],
        "expiries": [
            { "expiry": "12/28", "at": "2026-12-01T00:00:00Z" },
            { "expiry": "12 / 28", "at": "2026-12-01T00:00:00Z" },
            { "expiry": "2/27", "at": "2026-12-01T00:00:00Z" },
            { "expiry": "02/2027", "at": "2026-12-01T00:00:00Z" },
            { "expiry": "12/28", "at": "2028-12-31T23:59:59Z" },
            { "expiry": "12/28", "at": "2029-01-01T00:00:00Z" },
            { "expiry": "13/27", "at": "2026-12-01T00:00:00Z" },
            { "expiry": "00/27", "at": "2026-12-01T00:00:00Z" },
            { "expiry": "1227", "at": "2026-12-01T00:00:00Z" },
            { "expiry": "12/2", "at": "2026-12-01T00:00:00Z" },
            { "expiry": "", "at": "2026-12-01T00:00:00Z" },
        ],
        "cvcs": [
            { "brand": "visa", "cvc": "123" },
            { "brand": "visa", "cvc": "1234" },
            { "brand": "amex", "cvc": "1234" },
            { "brand": "amex", "cvc": "123" },
            { "brand": "unionpay", "cvc": "000" },
            { "brand": "visa", "cvc": "12a" },
            { "brand": "visa", "cvc": "" },
        ],
        "masks": [
            { "number": "4111111111111111" },
            { "number": "378282246310005" },
            { "number": "6304000000000000" },
            { "number": "6205500000000000004" },
            { "number": luhn_number("6304", 12) },
        ],
    })
}

fn card_computed(cases: &Value) -> Value {
    let mut out = cases.clone();
    out["brands"] = card_brands()
        .iter()
        .map(|b| json!({ "brand": b.brand, "lengths": b.lengths, "luhn": b.luhn, "cvc_length": b.cvc_length }))
        .collect();
    let each = |out: &mut Value, key: &str, f: &dyn Fn(&Value) -> Value| {
        for c in out[key].as_array_mut().unwrap() {
            c["expected"] = f(c);
        }
    };
    each(&mut out, "cards", &|c| {
        let check = check_card(s(&c["number"]), None, None, None).unwrap();
        let parsed = CardNumber::parse(s(&c["number"])).map(|n| n.brand()).map_err(|e| e.code());
        json!({ "check": check, "parse": match parsed { Ok(b) => json!({ "brand": b }), Err(e) => json!({ "error": e }) } })
    });
    let checked = |c: &Value| check_card(s(&c["number"]), opt(&c["expiry"]), opt(&c["cvc"]), opt(&c["at"]));
    each(&mut out, "checks", &|c| serde_json::to_value(checked(c).unwrap()).unwrap());
    for c in out["check_errors"].as_array().unwrap() {
        assert_eq!(checked(c).unwrap_err().code(), s(&c["error"]), "{}", c["name"]);
    }
    for c in out["parse_errors"].as_array().unwrap() {
        assert_eq!(CardNumber::parse(s(&c["number"])).unwrap_err().code(), s(&c["error"]), "{}", c["name"]);
    }
    each(&mut out, "typing", &|c| serde_json::to_value(format_card_input(s(&c["input"]), c["cursor"].as_u64().unwrap() as u32)).unwrap());
    each(&mut out, "expiries", &|c| match check_card_expiry(s(&c["expiry"]), s(&c["at"])) {
        Ok(through) => json!({ "valid_through": through }),
        Err(e) => err(e),
    });
    each(&mut out, "cvcs", &|c| {
        let brand: CardBrand = serde_json::from_value(c["brand"].clone()).unwrap();
        match check_cvc(brand, s(&c["cvc"])) {
            Ok(()) => json!({ "ok": true }),
            Err(e) => err(e),
        }
    });
    each(&mut out, "masks", &|c| {
        let n = CardNumber::parse(s(&c["number"])).unwrap();
        json!({ "masked": n.masked(), "last4": n.last4(), "formatted": n.expose_formatted().to_string(), "display": n.to_string() })
    });
    out
}

#[test]
fn card_vectors_are_current() {
    let file = read(CARDS);
    assert_eq!(file, card_computed(&file), "tests/vectors/cards.json is stale: run write_vectors");
    assert_eq!(strip(&file), card_cases(), "the cases in cards.json differ from this file's");
}

/// The file without what `card_computed` adds.
fn strip(v: &Value) -> Value {
    let mut v = v.clone();
    v["brands"] = json!([]);
    for list in v.as_object_mut().unwrap().values_mut().filter_map(|l| l.as_array_mut()) {
        for c in list {
            if let Some(o) = c.as_object_mut() {
                o.remove("expected");
            }
        }
    }
    v
}

#[test]
#[ignore]
fn write_vectors() {
    write(CARDS, card_computed(&card_cases()));
}

#[test]
fn every_card_has_its_hand_given_brand() {
    for c in read(CARDS)["cards"].as_array().unwrap() {
        let want = c["brand"].as_str();
        let check = check_card(s(&c["number"]), None, None, None).unwrap();
        assert_eq!(check.brand.map(|b| b.as_str()), want, "{}", c["number"]);
        if let Some(want) = want {
            assert!(check.valid, "{} should be valid: {:?}", c["number"], check.problems);
            assert_eq!(CardNumber::parse(s(&c["number"])).unwrap().brand().as_str(), want);
        } else {
            assert_eq!(CardNumber::parse(s(&c["number"])).unwrap_err().code(), "unsupported_card_brand");
        }
    }
}

#[test]
fn card_numbers_never_show_themselves() {
    let n = CardNumber::parse("4111 1111 1111 1111").unwrap();
    let debug = format!("{n:?}");
    assert!(debug.contains("[REDACTED]") && !debug.contains("4111111111111111") && !debug.contains("1111 1111"), "{debug}");
    assert_eq!(n.to_string(), "visa 411111******1111");
    for input in ["4111111111111112", "9111111111111111", "4111 1111 abcd 1111"] {
        let e = CardNumber::parse(input).unwrap_err();
        assert!(!e.to_string().contains("11111111"), "{e}");
        assert!(!format!("{e:?}").contains("11111111"), "{e:?}");
    }
}
