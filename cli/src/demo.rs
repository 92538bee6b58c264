//! `crosspay demo`: the walk-through the README's first command runs.

use crate::output::Failure;
use crosspay_core::{convert, RoundingMode};
use std::process::ExitCode;

struct Step {
    story: &'static str,
    amount: &'static str,
    from: &'static str,
    to: &'static str,
    rate: &'static str,
    rounding: RoundingMode,
}

const STEPS: &[Step] = &[
    Step {
        story: "A Hong Kong traveller pays a Shenzhen shop: CNY 100.00 priced, rate 1 CNY = 1.0962 HKD",
        amount: "100.00",
        from: "CNY",
        to: "HKD",
        rate: "1.0962",
        rounding: RoundingMode::HalfUp,
    },
    Step {
        story: "Yen has no minor unit: HKD 250.00 at 19.2345 rounds to whole yen",
        amount: "250.00",
        from: "HKD",
        to: "JPY",
        rate: "19.2345",
        rounding: RoundingMode::HalfEven,
    },
    Step {
        story: "Kuwaiti dinar has three: USD 10.00 at 0.30745, banker's rounding",
        amount: "10.00",
        from: "USD",
        to: "KWD",
        rate: "0.30745",
        rounding: RoundingMode::HalfEven,
    },
    Step {
        story: "Offshore yuan (CNH, not in ISO 4217) works too; a wallet never rounds in its own favour by accident: floor",
        amount: "88.88",
        from: "HKD",
        to: "CNH",
        rate: "0.9123",
        rounding: RoundingMode::Floor,
    },
];

pub fn run() -> Result<ExitCode, Failure> {
    println!("crosspay {} — exact cross-border conversion\n", crosspay_core::version());
    for (i, step) in STEPS.iter().enumerate() {
        let c = convert(step.amount, step.from, step.to, step.rate, step.rounding)?;
        println!("{}. {}", i + 1, step.story);
        println!(
            "   {} {} → {} {}   exact {} · {} · residue {}\n",
            c.source.amount, c.source.currency, c.target.amount, c.target.currency, c.unrounded,
            c.rounding, c.residue
        );
    }
    println!("Bad input is a typed error with a stable code, never a guess:");
    for (amount, from) in [("1e3", "CNY"), ("1.5", "JPY"), ("10.00", "XYZ")] {
        let err = convert(amount, from, "HKD", "1.0962", RoundingMode::HalfUp)
            .expect_err("the demo's bad inputs are refused");
        println!("   convert {amount} {from}: {} — {}", err.code(), err);
    }
    println!("\nTry it: crosspay convert --amount 100.00 --from CNY --to HKD --rate 1.0962 --rounding half-up --json");
    Ok(ExitCode::SUCCESS)
}
