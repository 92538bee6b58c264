//! A fixed workload for profiling conversion (valgrind --tool=callgrind).
use crosspay_core::{convert, RoundingMode};
fn main() {
    let mut n = 0;
    for i in 0..20_000u32 {
        let amount = format!("{}.{:02}", i, i % 100);
        n += convert(&amount, "CNY", "HKD", "1.0962", RoundingMode::HalfUp).unwrap().target.amount.len();
    }
    println!("{n}");
}
