//! `crosspay`: the command-line tool. With `--json`, every command prints exactly one JSON
//! object on stdout; failures print `{"error":{"code","message"}}` and exit 2.

mod convert;
mod demo;
mod output;

use clap::{Parser, Subcommand};
use output::Failure;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "crosspay", version, about = "Cross-border payment codes and exact money conversion")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Convert an amount at a given rate or with a rate sheet, rounding once at the end.
    Convert(convert::ConvertArgs),
    /// Split an amount by ratios with no minor unit lost or created.
    Allocate(convert::AllocateArgs),
    /// Describe a currency code (minor units, ISO numeric code, name).
    Currency(convert::CurrencyArgs),
    /// A short walk-through of what crosspay does.
    Demo,
}

fn main() -> ExitCode {
    let json = std::env::args().any(|a| a == "--json");
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) if json && e.use_stderr() => {
            return output::fail(true, &Failure::new("usage", e.render().to_string().trim()));
        }
        Err(e) => e.exit(),
    };
    let result = match cli.command {
        Command::Convert(args) => convert::run_convert(args),
        Command::Allocate(args) => convert::run_allocate(args),
        Command::Currency(args) => convert::run_currency(args),
        Command::Demo => demo::run(),
    };
    match result {
        Ok(code) => code,
        Err(failure) => output::fail(json, &failure),
    }
}
