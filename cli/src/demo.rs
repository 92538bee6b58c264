//! `crosspay demo`: the walk-through the README's first command runs.

use crate::output::Failure;
use crosspay_core::{allocate_amount, convert, convert_at_rate, ConvertOptions, CrosspayError, RateSheet, RoundingMode};
use std::process::ExitCode;

/// A bank's board in Hong Kong: HKD/CNY with a spread, JPY quoted per 100, and no inverses.
const BOARD: &str = r#"{"source": "HKBANK board", "as_of": "2026-11-20T08:00:00Z", "valid_until": "2026-11-20T09:00:00Z",
 "allow_inverse": false, "pivots": ["HKD"],
 "quotes": [{"base": "HKD", "quote": "CNY", "mid": "0.9123", "bid": "0.9100", "ask": "0.9146"},
            {"base": "JPY", "quote": "HKD", "mid": "5.0250", "bid": "5.0100", "ask": "5.0400", "unit": 100}]}"#;

fn step(n: u32, title: &str) {
    println!("\n{n}. {title}");
}

pub fn run() -> Result<ExitCode, Failure> {
    println!("crosspay {} — exact cross-border money", crosspay_core::version());

    step(1, "A Hong Kong traveller pays a Shenzhen shop: CNY 100.00 at 1 CNY = 1.0962 HKD, half-up");
    let c = convert("100.00", "CNY", "HKD", "1.0962", RoundingMode::HalfUp)?;
    println!(
        "   {} {} → {} {}   exact {}, residue {}",
        c.source.amount, c.source.currency, c.target.amount, c.target.currency, c.unrounded, c.residue
    );

    step(2, "The shop must receive exactly CNY 100.00; the wallet pays from HKD at 0.9123 (reverse)");
    let reverse = ConvertOptions { reverse: true, ..ConvertOptions::new(RoundingMode::HalfUp) };
    let r = convert_at_rate("100.00", "HKD", "CNY", "0.9123", &reverse)?;
    println!(
        "   smallest source: {} {} → {} {} (the naive 100 / 0.9123 would charge 109.62)",
        r.source.amount, r.source.currency, r.target.amount, r.target.currency
    );

    step(3, "With the bank's board at 08:15: bid/ask by side, 30 bps markup, a JPY rate per 100");
    let board = RateSheet::from_unsigned_json(BOARD)?;
    let marked = ConvertOptions { markup_bps: 30, ..ConvertOptions::new(RoundingMode::HalfEven) };
    for (amount, from, to) in [("1000.00", "HKD", "CNY"), ("10000", "JPY", "CNY")] {
        let c = board.convert(amount, from, to, "2026-11-20T08:15:00Z", &marked)?;
        let legs: Vec<String> = c.chain.iter().map(|l| format!("{}→{} {} ({:?})", l.from, l.to, l.rate, l.price).to_lowercase()).collect();
        println!(
            "   {} {} → {} {}   via {}; effective {}, markup {} {}",
            c.source.amount,
            c.source.currency,
            c.target.amount,
            c.target.currency,
            legs.join(", "),
            c.effective_rate,
            c.markup,
            c.target.currency
        );
    }
    if let Some(p) = board.convert("1.00", "HKD", "CNY", "2026-11-20T08:15:00Z", &marked)?.provenance {
        println!("   rate from {} as of {}, valid until {}", p.source, p.as_of, p.valid_until);
    }

    step(4, "A Shenzhen tourist scans a Hong Kong shop's FPS code and pays from a CNY wallet");
    let scanned = "00020101021226270012hk.com.hkicl0207999999952040000530334454031235802HK5902NA6002HK6304D1A3";
    let qr = crosspay_core::decode_merchant_qr(scanned, false);
    println!(
        "   {} code, schemes {}, amount {} {}",
        if qr.valid { "valid" } else { "INVALID" },
        qr.schemes.join("+"),
        qr.amount.as_deref().unwrap_or("?"),
        qr.currency_code.as_deref().unwrap_or("?")
    );
    let pay = crosspay_core::merchant_qr_payment_at_rate(scanned, "CNY", "1.0962", &ConvertOptions::new(RoundingMode::HalfUp))?;
    println!(
        "   the wallet pays {} {} so the shop receives exactly {} {}",
        pay.source.amount, pay.source.currency, pay.target.amount, pay.target.currency
    );
    let broken = "00020101021226270012hk.com.hkicl0207999999952040000530334454031235802HK5902NA6002HK630484E1";
    if let Some(e) = crosspay_core::decode_merchant_qr(broken, false).errors.first() {
        println!(
            "   a code with a wrong checksum: {} at character {}: {}",
            serde_json::to_value(e.code).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default(),
            e.position,
            e.message
        );
    }

    step(5, "Split the HKD 109.61 over three line items, no cent lost");
    println!("   {}", allocate_amount("109.61", "HKD", vec!["1".into(), "1".into(), "1".into()])?.join(" + "));

    step(6, "Bad input is a typed error with a stable code, never a guess");
    let failures: [(&str, Result<_, CrosspayError>); 4] = [
        ("1e3 CNY", convert("1e3", "CNY", "HKD", "1.0962", RoundingMode::HalfUp).map(|_| ())),
        ("JPY 1.5", convert("1.5", "JPY", "HKD", "0.052", RoundingMode::HalfUp).map(|_| ())),
        ("the board at 09:30", board.convert("1.00", "HKD", "CNY", "2026-11-20T09:30:00Z", &marked).map(|_| ())),
        ("HKD → JPY on the board", board.convert("1.00", "HKD", "JPY", "2026-11-20T08:15:00Z", &marked).map(|_| ())),
    ];
    for (what, result) in failures {
        if let Err(e) = result {
            println!("   {what}: {} — {e}", e.code());
        }
    }
    println!("\nTry: crosspay convert --amount 100.00 --from CNY --to HKD --rate 1.0962 --rounding half-up --json");
    Ok(ExitCode::SUCCESS)
}
