//! `crosspay convert`, `crosspay allocate` and `crosspay currency`.

use crate::output::{print_json, Failure};
use clap::{Args, ValueEnum};
use crosspay_core::{verify_rate_sheet, Conversion, ConvertOptions, PublicKey, RateSheet, RoundingMode, Side, TrustList};
use serde::Serialize;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Clone, Copy, ValueEnum)]
enum SideArg {
    Buy,
    Sell,
}

#[derive(Args)]
pub struct ConvertArgs {
    /// The amount, a plain decimal string: in the source currency, or with --reverse the target
    /// amount to cover.
    #[arg(long, allow_hyphen_values = true)]
    amount: String,
    /// Source currency code (ISO 4217 or registered, e.g. CNY).
    #[arg(long)]
    from: String,
    /// Target currency code (e.g. HKD).
    #[arg(long)]
    to: String,
    /// Units of the target currency for one unit of the source currency (e.g. 1.0962).
    #[arg(long, allow_hyphen_values = true, required_unless_present = "rates", conflicts_with = "rates")]
    rate: Option<String>,
    /// A signed rate sheet (JWS, `crosspay issuer sign-rate-sheet`) to find the rate in; it is
    /// verified against --trust-list and --root-public-key at --at before any conversion.
    #[arg(long, requires = "at")]
    rates: Option<PathBuf>,
    /// The signed trust list that says which issuer keys may sign rate sheets.
    #[arg(long, requires = "rates", requires = "root_public_key")]
    trust_list: Option<PathBuf>,
    /// The root public key that signs the trust list.
    #[arg(long, requires = "trust_list")]
    root_public_key: Option<PathBuf>,
    /// Convert with an unsigned rate sheet (JSON) that nobody has vouched for: for tests and
    /// for sheets your own process made.
    #[arg(long, requires = "rates", conflicts_with = "trust_list")]
    allow_unsigned_rates: bool,
    /// The time of the conversion, RFC 3339 (e.g. 2026-11-21T09:00:00Z): no hidden clock.
    #[arg(long)]
    at: Option<String>,
    /// Markup in basis points, applied to the rate against the customer.
    #[arg(long, default_value_t = 0)]
    markup_bps: u32,
    /// Which side of sheet quotes to deal at (default: inferred per leg, against the customer).
    #[arg(long, value_enum)]
    side: Option<SideArg>,
    /// half-up, half-even, half-down, up, down, ceiling or floor.
    #[arg(long, default_value = "half-up")]
    rounding: String,
    /// Round the target to a multiple of this (e.g. 0.05 for CHF cash).
    #[arg(long)]
    cash_increment: Option<String>,
    /// --amount is the target to cover: find the smallest source amount that reaches it.
    #[arg(long)]
    reverse: bool,
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
    let options = ConvertOptions {
        rounding: args.rounding.parse::<RoundingMode>()?,
        markup_bps: args.markup_bps,
        side: args.side.map(|s| match s {
            SideArg::Buy => Side::Buy,
            SideArg::Sell => Side::Sell,
        }),
        cash_increment: args.cash_increment.clone(),
        reverse: args.reverse,
    };
    let c = match (&args.rate, &args.rates, &args.at) {
        (Some(rate), _, _) => crosspay_core::convert_at_rate(&args.amount, &args.from, &args.to, rate, &options)?,
        (None, Some(path), Some(at)) => load_sheet(&args, path, at)?.convert(&args.amount, &args.from, &args.to, at, &options)?,
        _ => return Err(Failure::new("usage", "give --rate, or --rates with --at")),
    };
    if args.json {
        print_json(&ConvertOutput { amount: &c.target.amount, currency: &c.target.currency, conversion: &c })?;
    } else {
        print_receipt(&c);
    }
    Ok(ExitCode::SUCCESS)
}

/// The rate sheet to convert with: signed and verified, or unsigned only when asked for.
fn load_sheet(args: &ConvertArgs, path: &std::path::Path, at: &str) -> Result<RateSheet, Failure> {
    let text = crate::files::read(path)?;
    match (&args.trust_list, &args.root_public_key) {
        (Some(list), Some(root)) => {
            let root = PublicKey::parse(&crate::files::read(root)?)?;
            let trust = TrustList::verify(&crate::files::read(list)?, &root)?;
            Ok(verify_rate_sheet(&text, &trust, at)?)
        }
        _ if args.allow_unsigned_rates => Ok(RateSheet::from_unsigned_json(&text)?),
        _ => Err(Failure::new(
            "untrusted_rate_sheet",
            &format!(
                "{}: give the trust list that vouches for the sheet (--trust-list F --root-public-key F), or --allow-unsigned-rates for an unsigned sheet",
                path.display()
            ),
        )),
    }
}

fn print_receipt(c: &Conversion) {
    println!("{} {} → {} {}", c.source.amount, c.source.currency, c.target.amount, c.target.currency);
    if let Some(r) = &c.requested {
        println!("  covers     {} {} (reverse)", r.amount, r.currency);
    }
    println!("  rate       {}", c.rate);
    if c.markup_bps > 0 {
        println!("  effective  {} (markup {} bps = {} {})", c.effective_rate, c.markup_bps, c.markup, c.target.currency);
    }
    for leg in &c.chain {
        let how = if leg.inverted { ", inverted" } else { "" };
        let price = serde_json::to_value(leg.price).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default();
        println!("  leg        {} → {} at {} ({price}{how})", leg.from, leg.to, leg.rate);
    }
    println!("  exact      {}  rounded {}  residue {}", c.unrounded, c.rounding, c.residue);
    if let Some(p) = &c.provenance {
        println!("  source     {} as of {}, valid until {}", p.source, p.as_of, p.valid_until);
    }
}

#[derive(Args)]
pub struct AllocateArgs {
    /// The amount to split, a plain decimal string.
    #[arg(long, allow_hyphen_values = true)]
    amount: String,
    /// Its currency code.
    #[arg(long)]
    currency: String,
    /// Comma-separated ratios, e.g. 1,2,3 or 0.5,0.25,0.25.
    #[arg(long, allow_hyphen_values = true)]
    ratios: String,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

pub fn run_allocate(args: AllocateArgs) -> Result<ExitCode, Failure> {
    let ratios = args.ratios.split(',').map(|r| r.trim().to_string()).collect();
    let parts = crosspay_core::allocate_amount(&args.amount, &args.currency, ratios)?;
    if args.json {
        #[derive(Serialize)]
        struct Parts<'a> {
            parts: &'a [String],
        }
        print_json(&Parts { parts: &parts })?;
    } else {
        println!("{}", parts.join(" + "));
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
        println!("{}  {}  minor units {}  numeric {}", info.code, info.name, info.minor_units, numeric);
    }
    Ok(ExitCode::SUCCESS)
}
