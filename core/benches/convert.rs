//! Benchmarks of conversion, reported in docs/benchmarks.md as ratios against the peers measured
//! in the same run (a bare rust_decimal multiply-and-round, and the float arithmetic that money
//! code must never use). Run: `cargo bench -p crosspay-core --bench convert`.

use criterion::{criterion_group, criterion_main, Criterion};
use crosspay_core::{
    allocate_amount, convert, convert_at_rate, convert_list, from_minor_units, to_minor_units, ConvertOptions, RateSheet, RoundingMode,
};
use rust_decimal::{Decimal, RoundingStrategy};
use std::hint::black_box;
use std::str::FromStr;

const SHEET: &str = r#"{"source":"ECB","as_of":"2026-11-20T16:00:00Z","valid_until":"2026-11-21T16:00:00Z","allow_inverse":true,"pivots":["EUR"],
"quotes":[{"base":"EUR","quote":"HKD","mid":"9.0525"},{"base":"EUR","quote":"CNY","mid":"8.2520"},{"base":"EUR","quote":"JPY","mid":"162.35"}]}"#;
const AT: &str = "2026-11-21T09:00:00Z";

fn benches(c: &mut Criterion) {
    let mut g = c.benchmark_group("convert");
    g.bench_function("crosspay/strings-in-out", |b| {
        b.iter(|| convert(black_box("100.00"), "CNY", "HKD", black_box("1.0962"), RoundingMode::HalfUp))
    });
    let sheet = RateSheet::from_unsigned_json(SHEET).unwrap();
    let half_up = ConvertOptions::new(RoundingMode::HalfUp);
    g.bench_function("crosspay/parsed-sheet-direct", |b| b.iter(|| sheet.convert(black_box("100.00"), "EUR", "HKD", AT, &half_up)));
    g.bench_function("crosspay/parsed-sheet-cross", |b| b.iter(|| sheet.convert(black_box("100.00"), "HKD", "CNY", AT, &half_up)));
    let reverse = ConvertOptions { reverse: true, ..ConvertOptions::new(RoundingMode::HalfUp) };
    g.bench_function("crosspay/reverse", |b| b.iter(|| convert_at_rate(black_box("100.00"), "HKD", "CNY", black_box("0.9123"), &reverse)));
    g.bench_function("crosspay/minor-units-round-trip", |b| {
        b.iter(|| from_minor_units(to_minor_units(black_box("109.62"), "HKD").unwrap(), "HKD"))
    });
    g.bench_function("crosspay/allocate-3", |b| {
        b.iter(|| allocate_amount(black_box("100.00"), "HKD", vec!["1".into(), "1".into(), "1".into()]))
    });
    g.bench_function("crosspay/parse-sheet", |b| b.iter(|| RateSheet::from_unsigned_json(black_box(SHEET))));
    // Peers, same inputs: what a plain decimal library does (parse, multiply, round), and floats.
    g.bench_function("peer/rust_decimal-mul-round", |b| {
        b.iter(|| {
            let a = Decimal::from_str(black_box("100.00")).unwrap();
            let r = Decimal::from_str(black_box("1.0962")).unwrap();
            (a * r).round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero).to_string()
        })
    });
    g.bench_function("peer/f64-mul-round", |b| {
        b.iter(|| {
            let a: f64 = black_box("100.00").parse().unwrap();
            let r: f64 = black_box("1.0962").parse().unwrap();
            format!("{:.2}", a * r)
        })
    });
    g.finish();

    let mut batch = c.benchmark_group("batch");
    let amounts: Vec<String> = (1..=1000).map(|i| format!("{}.{:02}", i, i % 100)).collect();
    batch.bench_function("crosspay/1000-conversions", |b| {
        b.iter(|| {
            amounts.iter().map(|a| convert(a, "CNY", "HKD", "1.0962", RoundingMode::HalfEven).unwrap().target.amount.len()).sum::<usize>()
        })
    });
    // A price list in one call: what the JS package's convertMany runs.
    let list: Vec<&str> = amounts.iter().map(String::as_str).collect();
    let half_even = ConvertOptions::new(RoundingMode::HalfEven);
    batch.bench_function("crosspay/convert-list-1000", |b| {
        b.iter(|| convert_list(black_box(&list), "CNY", "HKD", "1.0962", &half_even).unwrap().targets.len())
    });
    batch.bench_function("peer/rust_decimal-1000", |b| {
        let r = Decimal::from_str("1.0962").unwrap();
        b.iter(|| {
            amounts
                .iter()
                .map(|a| {
                    (Decimal::from_str(a).unwrap() * r).round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven).to_string().len()
                })
                .sum::<usize>()
        })
    });
    batch.finish();

    // Rate-sheet parsing grows linearly (issue 10, finding 7: the duplicate-pair check was
    // quadratic, 30k quotes 0.9 s); over 1 MiB a sheet is refused at once.
    let mut growth = c.benchmark_group("rate_sheet_growth");
    growth.sample_size(10);
    let codes =
        ["AUD", "CAD", "CHF", "CNY", "EUR", "GBP", "HKD", "JPY", "KRW", "MOP", "MYR", "NZD", "PHP", "SGD", "THB", "TWD", "USD", "VND"];
    let pairs: Vec<(&str, &str)> = codes.iter().flat_map(|a| codes.iter().map(move |b| (*a, *b))).filter(|(a, b)| a != b).collect();
    for quotes in [100usize, 300] {
        let list: Vec<String> =
            pairs.iter().take(quotes).map(|(a, b)| format!(r#"{{"base":"{a}","quote":"{b}","mid":"1.2345"}}"#)).collect();
        let sheet = format!(
            r#"{{"source":"g","as_of":"2026-11-22T00:00:00Z","valid_until":"2026-11-23T00:00:00Z","quotes":[{}]}}"#,
            list.join(",")
        );
        growth.throughput(criterion::Throughput::Bytes(sheet.len() as u64));
        growth.bench_function(format!("parse/{quotes}-quotes"), |b| b.iter(|| RateSheet::from_unsigned_json(black_box(&sheet)).unwrap()));
    }
    let huge = " ".repeat((1 << 20) + 1);
    growth.bench_function("refuse/over-1-MiB", |b| b.iter(|| RateSheet::from_unsigned_json(black_box(&huge)).unwrap_err()));
    growth.finish();
}

criterion_group! {
    name = convert_benches;
    config = Criterion::default().warm_up_time(std::time::Duration::from_millis(500)).measurement_time(std::time::Duration::from_secs(2));
    targets = benches
}
criterion_main!(convert_benches);
