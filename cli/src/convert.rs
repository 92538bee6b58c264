//! `crosspay convert` and `crosspay currency`.

use crate::output::{print_json, Failure};
use clap::Args;
use crosspay_core::{Conversion, RoundingMode};
use serde::Serialize;
use std::process::ExitCode;

#[derive(Args)]
pub struct ConvertArgs {
    /// The amount to convert, a plain decimal string in the source currency (e.g. 100.00).
    #[arg(long, allow_hyphen_values = true)]
    amount: String,
    /// Source currency code (ISO 4217 or registered, e.g. CNY).
    #[arg(long)]
    from: String,
    /// Target currency code (e.g. HKD).
    #[arg(long)]
    to: String,
    /// Units of the target currency for one unit of the source currency (e.g. 1.0962).
    #[arg(long, allow_hyphen_values = true)]
    rate: String,
    /// half-up, half-even, half-down, up, down, ceiling or floor.
    #[arg(long, default_value = "half-up")]
    rounding: String,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

/// The JSON printed by `convert --json`: the receipt, with the target amount and currency also
/// at the top level for scripts that want just the answer.
#[derive(Serialize)]
struct ConvertOutput<'a> {
    amount: &'a str,
    currency: &'a str,
    #[serde(flatten)]
    conversion: &'a Conversion,
}

pub fn run_convert(args: ConvertArgs) -> Result<ExitCode, Failure> {
    let rounding: RoundingMode = args.rounding.parse()?;
    let c = crosspay_core::convert(&args.amount, &args.from, &args.to, &args.rate, rounding)?;
    if args.json {
        print_json(&ConvertOutput {
            amount: &c.target.amount,
            currency: &c.target.currency,
            conversion: &c,
        })?;
    } else {
        println!(
            "{} {} = {} {}  (rate {}, {}; exact {}, residue {})",
            c.source.amount,
            c.source.currency,
            c.target.amount,
            c.target.currency,
            c.rate,
            c.rounding,
            c.unrounded,
            c.residue
        );
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Args)]
pub struct CurrencyArgs {
    /// The currency code, e.g. KWD.
    code: String,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

pub fn run_currency(args: CurrencyArgs) -> Result<ExitCode, Failure> {
    let info = crosspay_core::currency_info(&args.code)?;
    if args.json {
        print_json(&info)?;
    } else {
        let numeric = info.numeric.map_or("none".to_string(), |n| format!("{n:03}"));
        println!(
            "{}  {}  minor units {}  numeric {}",
            info.code, info.name, info.minor_units, numeric
        );
    }
    Ok(ExitCode::SUCCESS)
}
