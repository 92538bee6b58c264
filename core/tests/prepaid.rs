//! tests/vectors/prepaid.json: prepaid (tourist) card scenarios step by step, through signed
//! rate sheets, with every receipt and state. The worked example is asserted again below with its
//! numbers written out by hand, and a property test checks that every minor unit is accounted for.
//!
//! The file is written from the cases below by `cargo test -p crosspay-core --test prepaid --
//! --ignored write_vectors` (after a deliberate change), and checked by the rest.

mod common;

use common::{err, opt, read, s, write};
use crosspay_core::*;
use proptest::prelude::*;
use serde_json::{json, Value};

const PREPAID: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/prepaid.json");

fn paycodes() -> Value {
    read(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/vectors/paycodes.json"))
}

struct Env {
    trust: TrustList,
    signed: std::collections::BTreeMap<String, String>,
}

fn env(v: &Value) -> Env {
    let key = |name: &str| PrivateKey::from_raw(&hex::decode(s(&v["keys"][name])).unwrap()).unwrap();
    let trust = TrustList::verify(s(&v["trust_list"]), &key("root").public_key()).unwrap();
    let signed = v["sheets"].as_object().unwrap().iter().map(|(k, sh)| (k.clone(), s(&sh["signed"]).to_string())).collect();
    Env { trust, signed }
}

fn sheet_json(as_of: &str, until: &str, mid: &str, bid: &str, ask: &str) -> String {
    json!({
        "source": "crosspay treasury", "as_of": as_of, "valid_until": until, "allow_inverse": true, "pivots": [],
        "quotes": [{ "base": "USD", "quote": "CNY", "unit": 1, "mid": mid, "bid": bid, "ask": ask }]
    })
    .to_string()
}

fn prepaid_cases() -> Value {
    let p = paycodes();
    let rules_custom = json!({ "currency": "CNY", "min_top_up": "50.00", "max_balance": "5000.00", "validity_days": 30,
        "refund_remainder": true, "rounding": "half-even", "markup_bps": 150 });
    let rules_keep = json!({ "currency": "CNY", "min_top_up": "100.00", "max_balance": "2000.00", "validity_days": 90,
        "refund_remainder": false, "rounding": "half-up" });
    let visa = json!({ "number": "4111111111111111", "expiry": "12/28", "currency": "USD" });
    let top = |amount: &str, at: &str| json!({ "op": "top_up", "amount": amount, "sheet": "top-up", "at": at });
    let spend = |amount: &str, at: &str| json!({ "op": "spend", "amount": amount, "at": at });
    let refund = |sheet: &str, at: &str| json!({ "op": "refund", "sheet": sheet, "at": at });
    json!({
        "description": "Prepaid (tourist) card scenarios: each step's receipt and next state, or its error. A step with a sheet verifies it with the trust list at the step's time (that error is the step's). Written by core/tests/prepaid.rs.",
        "keys": { "root": p["keys"]["root"], "issuer-2026": p["keys"]["issuer-2026"] },
        "trust_list": p["trust_list"]["jws"],
        "sheets": {
            "top-up": { "json": sheet_json("2026-12-01T00:00:00Z", "2026-12-01T23:59:59Z", "7.1000", "7.0950", "7.1050") },
            "refund": { "json": sheet_json("2027-03-01T00:00:00Z", "2027-03-01T23:59:59Z", "7.1900", "7.1850", "7.2000") },
            "early-refund": { "json": sheet_json("2026-12-10T00:00:00Z", "2026-12-10T23:59:59Z", "7.1200", "7.1150", "7.1250") },
        },
        "scenarios": [
            {
                "name": "the worked example: top up 500.00 CNY from a USD Visa, spend, refund the rest at expiry",
                "rules": null, "funding": visa, "opened_at": "2026-12-01T09:00:00Z",
                "steps": [
                    top("500.00", "2026-12-01T09:05:00Z"),
                    json!({ "op": "spend", "amount": "420.50", "at": "2026-12-03T12:00:00Z", "reference": "Shenzhen Bay tea house, order 8812" }),
                    refund("refund", "2027-03-01T09:00:00Z"),
                ]
            },
            {
                "name": "the tourist card's rules refuse, then allow",
                "rules": null, "funding": visa, "opened_at": "2026-12-01T09:00:00Z",
                "steps": [
                    top("99.99", "2026-12-01T09:01:00Z"),
                    top("2000.01", "2026-12-01T09:01:00Z"),
                    top("12.345", "2026-12-01T09:01:00Z"),
                    top("-100.00", "2026-12-01T09:01:00Z"),
                    top("2000.00", "2026-12-01T09:01:00Z"),
                    top("100.00", "2026-12-01T09:02:00Z"),
                    spend("2000.01", "2026-12-01T09:03:00Z"),
                    spend("0", "2026-12-01T09:03:00Z"),
                    spend("150.00", "2026-12-01T09:00:30Z"),
                    spend("150.00", "2026-12-01T10:00:00Z"),
                    json!({ "op": "top_up", "amount": "100.00", "sheet": "top-up", "unsigned": true, "at": "2026-12-01T10:01:00Z" }),
                    top("100.00", "2026-12-02T00:00:00Z"),
                    spend("1.00", "2027-03-01T09:00:00Z"),
                    refund("refund", "2027-03-01T09:00:00Z"),
                    spend("1.00", "2027-03-01T09:01:00Z"),
                    refund("refund", "2027-03-01T09:02:00Z"),
                ]
            },
            {
                "name": "a funding card that expires while the prepaid card is open",
                "rules": null, "funding": { "number": "5555555555554444", "expiry": "12/26", "currency": "USD" }, "opened_at": "2026-12-01T09:00:00Z",
                "steps": [
                    top("100.00", "2026-12-01T09:05:00Z"),
                    spend("30.00", "2027-01-02T10:00:00Z"),
                    refund("refund", "2027-03-01T09:00:00Z"),
                ]
            },
            {
                "name": "a programme's own rules: 1.5% markup, half-even, refunded early",
                "rules": rules_custom, "funding": { "number": "378282246310005", "expiry": "06/29", "currency": "USD" }, "opened_at": "2026-12-01T08:00:00Z",
                "steps": [
                    top("333.33", "2026-12-01T08:30:00Z"),
                    spend("33.33", "2026-12-05T19:45:00Z"),
                    refund("early-refund", "2026-12-10T12:00:00Z"),
                ]
            },
            {
                "name": "rules that keep the remainder",
                "rules": rules_keep, "funding": visa, "opened_at": "2026-12-01T09:00:00Z",
                "steps": [
                    top("100.00", "2026-12-01T09:05:00Z"),
                    refund("refund", "2027-03-01T09:00:00Z"),
                ]
            },
        ],
    })
}

fn rules_of(v: &Value) -> PrepaidRules {
    if v.is_null() {
        tourist_card_rules()
    } else {
        prepaid_rules_from_json(&v.to_string()).unwrap()
    }
}

fn funding_of(v: &Value) -> FundingCard {
    CardNumber::parse(s(&v["number"])).unwrap().funding_card(s(&v["expiry"]), s(&v["currency"])).unwrap()
}

/// Runs one step: the sheet is the signed one verified at the step's time (or the unsigned JSON).
fn run_step(e: &Env, v: &Value, card: &PrepaidCard, step: &Value) -> Result<PrepaidStep, CrosspayError> {
    let at = s(&step["at"]);
    let sheet = |name: &Value| -> Result<RateSheet, CrosspayError> {
        if step["unsigned"] == true {
            RateSheet::from_unsigned_json(s(&v["sheets"][s(name)]["json"]))
        } else {
            verify_rate_sheet(&e.signed[s(name)], &e.trust, at)
        }
    };
    match s(&step["op"]) {
        "top_up" => prepaid_top_up(card.clone(), s(&step["amount"]), &sheet(&step["sheet"])?, at),
        "spend" => prepaid_spend(card.clone(), s(&step["amount"]), at, opt(&step["reference"])),
        "refund" => prepaid_refund(card.clone(), &sheet(&step["sheet"])?, at),
        other => panic!("unknown op {other}"),
    }
}

fn prepaid_computed(cases: &Value) -> Value {
    let mut out = cases.clone();
    let issuer = PrivateKey::from_raw(&hex::decode(s(&out["keys"]["issuer-2026"])).unwrap()).unwrap();
    for sh in out["sheets"].as_object_mut().unwrap().values_mut() {
        sh["signed"] = json!(sign_rate_sheet(&issuer, s(&sh["json"])).unwrap());
    }
    let e = env(&out);
    let snapshot = out.clone();
    for sc in out["scenarios"].as_array_mut().unwrap() {
        let mut card = open_prepaid_card(rules_of(&sc["rules"]), funding_of(&sc["funding"]), s(&sc["opened_at"])).unwrap();
        sc["opened"] = serde_json::to_value(&card).unwrap();
        for step in sc["steps"].as_array_mut().unwrap() {
            step["expected"] = match run_step(&e, &snapshot, &card, step) {
                Ok(next) => {
                    card = next.card.clone();
                    serde_json::to_value(&next).unwrap()
                }
                Err(x) => err(x),
            };
        }
    }
    out
}

#[test]
fn prepaid_vectors_are_current() {
    let file = read(PREPAID);
    assert_eq!(file, prepaid_computed(&file), "tests/vectors/prepaid.json is stale: run write_vectors");
}

#[test]
#[ignore]
fn write_vectors() {
    write(PREPAID, prepaid_computed(&prepaid_cases()));
}

/// The worked example, number by number, from the rates alone.
#[test]
fn worked_example_by_hand() {
    let v = read(PREPAID);
    let steps = &v["scenarios"][0]["steps"];
    // Top-up 500.00 CNY: the card sells USD at the sheet's bid, 7.0950. The card pays the least
    // USD whose conversion covers 500.00: 500 / 7.095 = 70.4721…, so 70.48 (worth 500.0556 →
    // 500.06; 70.47 is worth only 499.98). The receipt says what the card paid and its worth.
    let top = &steps[0]["expected"];
    assert_eq!(top["receipt"]["amount"], json!({ "amount": "500.00", "currency": "CNY" }));
    assert_eq!(top["receipt"]["card_amount"], json!({ "amount": "70.48", "currency": "USD" }));
    assert_eq!(top["receipt"]["conversion"]["rate"], "7.095");
    assert_eq!(top["receipt"]["conversion"]["target"]["amount"], "500.06");
    assert_eq!(top["receipt"]["conversion"]["requested"]["amount"], "500.00");
    assert_eq!(top["receipt"]["signed_by"], "vkOtjrBJ53E");
    assert_eq!(top["card"]["balance"]["amount"], "500.00");
    let spend = &steps[1]["expected"];
    assert_eq!(spend["card"]["balance"]["amount"], "79.50");
    assert_eq!(spend["receipt"]["reference"], "Shenzhen Bay tea house, order 8812");
    assert!(spend["receipt"]["card_amount"].is_null());
    // 79.50 CNY back: the card buys USD at the refund sheet's ask, 7.2000, so 1/7.2 =
    // 0.13888…: 79.50 / 7.2 = 11.0416… → 11.04 USD.
    let back = &steps[2]["expected"];
    assert_eq!(back["receipt"]["amount"]["amount"], "79.50");
    assert_eq!(back["receipt"]["card_amount"], json!({ "amount": "11.04", "currency": "USD" }));
    assert!(s(&back["receipt"]["conversion"]["rate"]).starts_with("0.13888888"));
    assert_eq!(back["card"]["totals"]["charged"]["amount"], "70.48");
    assert_eq!(back["card"]["totals"]["refunded_to_card"]["amount"], "11.04");
    assert_eq!(back["card"]["balance"]["amount"], "0.00");
    assert_eq!(back["card"]["closed_at"], "2027-03-01T09:00:00Z");
    assert_eq!(back["card"]["totals"]["topped_up"]["amount"], "500.00");
    assert_eq!(back["card"]["totals"]["spent"]["amount"], "420.50");
    assert_eq!(back["card"]["totals"]["refunded"]["amount"], "79.50");
    assert_eq!(back["card"]["receipts"], 3);
}

/// What the rules scenario must refuse, by code, as the issue lists it.
#[test]
fn rules_scenario_refuses_by_code() {
    let v = read(PREPAID);
    let got: Vec<Value> =
        v["scenarios"][1]["steps"].as_array().unwrap().iter().map(|s| s["expected"].get("error").cloned().unwrap_or(json!("ok"))).collect();
    let want = [
        "below_minimum_top_up",
        "balance_limit_exceeded",
        "precision_exceeded",
        "invalid_amount",
        "ok",
        "balance_limit_exceeded",
        "insufficient_balance",
        "invalid_amount",
        "invalid_time",
        "ok",
        "untrusted_rate_sheet",
        "quote_expired",
        "prepaid_expired",
        "ok",
        "prepaid_closed",
        "prepaid_closed",
    ];
    assert_eq!(got, want.iter().map(|w| json!(w)).collect::<Vec<_>>());
    let expired = &v["scenarios"][2]["steps"];
    assert_eq!(expired[0]["expected"]["receipt"]["amount"]["amount"], "100.00");
    assert_eq!(expired[1]["expected"]["card"]["balance"]["amount"], "70.00", "a spend does not need the funding card");
    assert_eq!(expired[2]["expected"]["receipt"]["card_amount"]["currency"], "USD", "the refund still reaches the card");
    assert_eq!(v["scenarios"][4]["steps"][1]["expected"]["error"], "refund_not_allowed");
}

#[test]
fn a_top_up_from_an_expired_funding_card_is_refused() {
    let v = read(PREPAID);
    let e = env(&v);
    let funding = funding_of(&json!({ "number": "5555555555554444", "expiry": "12/26", "currency": "USD" }));
    let card = open_prepaid_card(tourist_card_rules(), funding, "2026-12-01T09:00:00Z").unwrap();
    let sheet_doc = sheet_json("2027-01-02T00:00:00Z", "2027-01-02T23:59:59Z", "7.1000", "7.0950", "7.1050");
    let issuer = PrivateKey::from_raw(&hex::decode(s(&v["keys"]["issuer-2026"])).unwrap()).unwrap();
    let sheet = verify_rate_sheet(&sign_rate_sheet(&issuer, &sheet_doc).unwrap(), &e.trust, "2027-01-02T10:00:00Z").unwrap();
    let got = prepaid_top_up(card.clone(), "100.00", &sheet, "2027-01-02T10:00:00Z").unwrap_err();
    assert_eq!(got.code(), "card_expired");
    let early = CardNumber::parse("4111111111111111").unwrap().funding_card("11/26", "USD").unwrap();
    assert_eq!(open_prepaid_card(tourist_card_rules(), early, "2026-12-01T00:00:00Z").unwrap_err().code(), "card_expired");
}

#[test]
fn stored_state_is_checked_when_read_back() {
    let v = read(PREPAID);
    let card: PrepaidCard = serde_json::from_value(v["scenarios"][0]["steps"][1]["expected"]["card"].clone()).unwrap();
    let json = prepaid_card_to_json(&card);
    assert_eq!(prepaid_card_from_json(&json).unwrap(), card);
    let tamper = |f: &dyn Fn(&mut Value)| {
        let mut doc: Value = serde_json::from_str(&json).unwrap();
        f(&mut doc);
        prepaid_card_from_json(&doc.to_string()).unwrap_err().code()
    };
    assert_eq!(tamper(&|d| d["balance"]["amount"] = json!("1079.50")), "invalid_prepaid_card");
    assert_eq!(tamper(&|d| d["balance"]["currency"] = json!("USD")), "invalid_prepaid_card");
    assert_eq!(tamper(&|d| d["expires_at"] = json!("2030-01-01T00:00:00Z")), "invalid_prepaid_card");
    assert_eq!(tamper(&|d| d["totals"]["spent"]["amount"] = json!("-1.00")), "invalid_prepaid_card");
    assert_eq!(tamper(&|d| d["rules"]["max_balance"] = json!("50.00")), "invalid_prepaid_card");
    assert_eq!(tamper(&|d| d["closed_at"] = json!("2026-12-03T12:00:00Z")), "invalid_prepaid_card");
    assert_eq!(tamper(&|d| d["extra"] = json!(1)), "invalid_prepaid_card");
    assert_eq!(prepaid_card_from_json("not json").unwrap_err().code(), "invalid_prepaid_card");
    assert_eq!(prepaid_card_from_json(&"x".repeat((1 << 20) + 1)).unwrap_err().code(), "input_too_large");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Random top-ups and spends, then the refund: every minor unit is accounted for.
    #[test]
    fn prepaid_totals_always_add_up(ops in proptest::collection::vec((any::<bool>(), 1u32..200_000), 1..12)) {
        let v = read(PREPAID);
        let e = env(&v);
        let sheet = verify_rate_sheet(&e.signed["top-up"], &e.trust, "2026-12-01T10:00:00Z").unwrap();
        let refund_sheet = verify_rate_sheet(&e.signed["refund"], &e.trust, "2027-03-01T09:00:00Z").unwrap();
        let mut card = open_prepaid_card(tourist_card_rules(), funding_of(&json!({ "number": "4111111111111111", "expiry": "12/28", "currency": "USD" })), "2026-12-01T09:00:00Z").unwrap();
        let (mut charged, mut up, mut spent) = (0i64, 0i64, 0i64);
        let cents = |m: &Money| -> i64 { m.amount.replace('.', "").parse().unwrap() };
        for (i, (is_top, minor)) in ops.into_iter().enumerate() {
            let amount = format!("{}.{:02}", minor / 100, minor % 100);
            let at = format!("2026-12-01T10:{:02}:00Z", i);
            let r = if is_top { prepaid_top_up(card.clone(), &amount, &sheet, &at) } else { prepaid_spend(card.clone(), &amount, &at, None) };
            match r {
                Ok(step) => {
                    let rc = &step.receipt;
                    if is_top {
                        let paid = rc.card_amount.as_ref().unwrap();
                        charged += cents(paid);
                        up += minor as i64;
                        // The charge is the least that covers the top-up.
                        let conv = rc.conversion.as_ref().unwrap();
                        prop_assert!(cents(&conv.target) >= minor as i64);
                        let less = cents(paid) - 1; // one cent less, written without a float
                        let less = format!("{}.{:02}", less / 100, less % 100);
                        let worth = sheet.convert(&less, "USD", "CNY", &at, &ConvertOptions::new(RoundingMode::HalfUp)).unwrap();
                        prop_assert!(cents(&worth.target) < minor as i64);
                    } else {
                        spent += minor as i64;
                    }
                    prop_assert_eq!(cents(&rc.balance_after), cents(&rc.balance_before) + if is_top { minor as i64 } else { -(minor as i64) });
                    card = step.card;
                }
                Err(x) => prop_assert!(["below_minimum_top_up", "balance_limit_exceeded", "insufficient_balance"].contains(&x.code()), "{}", x),
            }
            prop_assert!(cents(&card.balance) >= 0 && cents(&card.balance) <= 200_000);
            prop_assert_eq!(cents(&card.balance), up - spent);
            prop_assert_eq!(cents(&card.totals.charged), charged);
        }
        let remainder = card.balance.clone();
        let back = prepaid_refund(card, &refund_sheet, "2027-03-01T09:00:00Z").unwrap();
        let want = refund_sheet.convert(&remainder.amount, "CNY", "USD", "2027-03-01T09:00:00Z", &ConvertOptions::new(RoundingMode::HalfUp)).unwrap();
        prop_assert_eq!(&back.receipt.card_amount, &Some(want.target));
        prop_assert_eq!(cents(&back.card.totals.refunded), up - spent);
        prop_assert_eq!(cents(&back.card.balance), 0);
    }
}
