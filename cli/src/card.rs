//! `crosspay card check|brands` and `crosspay prepaid open|top-up|spend|refund|show`. A card
//! number is read from stdin unless `--number` is given (a shell keeps its history); nothing
//! printed holds more than the mask. A prepaid card's state lives in a file (`--state`), read
//! back and checked before each operation and replaced atomically after it.

use crate::files::{self, Access};
use crate::output::{print_json, Failure};
use crate::paycode::TrustArgs;
use clap::{Args, Subcommand};
use crosspay_core::{
    check_card, open_prepaid_card, prepaid_card_from_json, prepaid_card_to_json, prepaid_refund, prepaid_rules_from_json, prepaid_spend,
    prepaid_top_up, tourist_card_rules, verify_rate_sheet, CardNumber, PrepaidCard, PrepaidOperation, PrepaidStep, RateSheet,
};
use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;
use zeroize::Zeroizing;

#[derive(Subcommand)]
pub enum CardCommand {
    /// Check a card number (brand, length, Luhn), and its expiry and CVC when given: exit 0
    /// valid, 1 not valid (the problems are listed), 2 unusable input.
    Check(CheckArgs),
    /// The brands crosspay knows: ranges, lengths, Luhn, security code, with sources.
    Brands(JsonFlag),
}

#[derive(Args)]
pub struct JsonFlag {
    #[arg(long)]
    json: bool,
}

/// Where the card number comes from.
#[derive(Args)]
pub struct NumberArg {
    /// The card number, or `-` (or nothing) to read it from stdin (one line), so it stays out of
    /// the shell's history and the process list.
    #[arg(long, allow_hyphen_values = true)]
    number: Option<String>,
}

impl NumberArg {
    fn read(&self) -> Result<Zeroizing<String>, Failure> {
        if let Some(n) = self.number.as_ref().filter(|n| *n != "-") {
            return Ok(Zeroizing::new(n.clone()));
        }
        let mut line = Zeroizing::new(String::new());
        std::io::stdin().lock().read_line(&mut line).map_err(|e| Failure::new("io_error", &format!("stdin: {e}")))?;
        Ok(Zeroizing::new(line.trim_end_matches(['\r', '\n']).to_string()))
    }
}

#[derive(Args)]
pub struct CheckArgs {
    #[command(flatten)]
    number: NumberArg,
    /// MM/YY (needs --at).
    #[arg(long, requires = "at")]
    expiry: Option<String>,
    /// The security code (CVC, CVV, CID).
    #[arg(long)]
    cvc: Option<String>,
    /// When the expiry is checked (RFC 3339).
    #[arg(long)]
    at: Option<String>,
    #[arg(long)]
    json: bool,
}

pub fn run_card(command: CardCommand) -> Result<ExitCode, Failure> {
    match command {
        CardCommand::Check(args) => {
            let number = args.number.read()?;
            let check = check_card(&number, args.expiry, args.cvc, args.at)?;
            if args.json {
                print_json(&check)?;
            } else {
                let brand = check.brand.map_or("unknown brand".to_string(), |b| b.to_string());
                let verdict = if check.valid { "valid".to_string() } else { format!("not valid: {}", check.problems.join(", ")) };
                println!("{brand} {}: {verdict}", check.masked);
            }
            Ok(if check.valid { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        CardCommand::Brands(f) => {
            let brands = crosspay_core::card_brands();
            if f.json {
                print_json(&serde_json::json!({ "brands": brands, "sources": crosspay_core::card_brand_sources() }))?;
            } else {
                for b in brands {
                    let lengths: Vec<String> = b.lengths.iter().map(u8::to_string).collect();
                    println!(
                        "{:<11} {:<26} {} digits, {} {}, Luhn {}",
                        b.brand.to_string(),
                        b.ranges.join(" "),
                        lengths.join("/"),
                        b.cvc_length,
                        b.cvc_name,
                        if b.luhn { "yes" } else { "no" }
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

#[derive(Subcommand)]
pub enum PrepaidCommand {
    /// Open a prepaid card funded by a card (its number from stdin unless --number).
    Open(OpenArgs),
    /// Top up by exactly --amount, charging the funding card through a signed rate sheet.
    TopUp(TopUpArgs),
    /// Spend from the balance.
    Spend(SpendArgs),
    /// Refund the whole remainder to the funding card through a signed rate sheet, and close.
    Refund(RefundArgs),
    /// Print the card's state.
    Show(ShowArgs),
}

#[derive(Args)]
pub struct StateArg {
    /// The card's state file (JSON), replaced atomically after each operation.
    #[arg(long)]
    state: PathBuf,
}

#[derive(Args)]
pub struct OpenArgs {
    #[command(flatten)]
    state: StateArg,
    #[command(flatten)]
    number: NumberArg,
    /// The funding card's expiry, MM/YY.
    #[arg(long)]
    expiry: String,
    /// The funding card's billing currency.
    #[arg(long)]
    currency: String,
    /// The programme's rules (JSON); the tourist card's when absent.
    #[arg(long)]
    rules: Option<PathBuf>,
    /// RFC 3339.
    #[arg(long)]
    at: String,
    /// Replace an existing state file.
    #[arg(long)]
    force: bool,
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct TopUpArgs {
    #[command(flatten)]
    state: StateArg,
    /// In the balance's currency.
    #[arg(long)]
    amount: String,
    #[command(flatten)]
    rates: SignedRates,
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct SpendArgs {
    #[command(flatten)]
    state: StateArg,
    #[arg(long)]
    amount: String,
    /// A merchant or order reference for the receipt.
    #[arg(long)]
    reference: Option<String>,
    /// RFC 3339.
    #[arg(long)]
    at: String,
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct RefundArgs {
    #[command(flatten)]
    state: StateArg,
    #[command(flatten)]
    rates: SignedRates,
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct ShowArgs {
    #[command(flatten)]
    state: StateArg,
    #[arg(long)]
    json: bool,
}

/// A signed rate sheet and the trust material that vouches for it, checked at `--at` (the time
/// of the operation). A prepaid card never converts with an unsigned sheet.
#[derive(Args)]
pub struct SignedRates {
    /// The issuer-signed rate sheet (JWS).
    #[arg(long)]
    rates: PathBuf,
    #[command(flatten)]
    trust: TrustArgs,
}

impl SignedRates {
    fn load(&self) -> Result<RateSheet, Failure> {
        Ok(verify_rate_sheet(&files::read(&self.rates)?, &self.trust.load()?, self.trust.at())?)
    }
}

impl StateArg {
    fn load(&self) -> Result<PrepaidCard, Failure> {
        Ok(prepaid_card_from_json(&files::read(&self.state)?)?)
    }

    /// The state is the holder's balance: readable by the owner only.
    fn save(&self, card: &PrepaidCard, create: bool, force: bool) -> Result<(), Failure> {
        let text = prepaid_card_to_json(card) + "\n";
        if create {
            files::create(&self.state, &text, Access::Secret, force)
        } else {
            files::replace(&self.state, &text, Access::Secret)
        }
    }

    fn commit(&self, step: PrepaidStep, json: bool) -> Result<ExitCode, Failure> {
        self.save(&step.card, false, false)?;
        if json {
            print_json(&step)?;
        } else {
            let r = &step.receipt;
            let card = r.card_amount.as_ref().map_or(String::new(), |m| format!(" (card {} {})", m.amount, m.currency));
            let op = match r.operation {
                PrepaidOperation::TopUp => "top-up",
                PrepaidOperation::Spend => "spend",
                PrepaidOperation::Refund => "refund",
            };
            println!(
                "#{} {op} {} {}{card}: balance {} {}",
                r.sequence, r.amount.amount, r.amount.currency, r.balance_after.amount, r.balance_after.currency
            );
        }
        Ok(ExitCode::SUCCESS)
    }
}

fn show(card: &PrepaidCard, json: bool) -> Result<(), Failure> {
    if json {
        return print_json(card);
    }
    let status = card.closed_at.as_ref().map_or(format!("open until {}", card.expires_at), |t| format!("closed at {t}"));
    println!(
        "balance {} {}, {status}; funded by {} {} ({})",
        card.balance.amount, card.balance.currency, card.funding.brand, card.funding.masked, card.funding.currency
    );
    Ok(())
}

pub fn run_prepaid(command: PrepaidCommand) -> Result<ExitCode, Failure> {
    match command {
        PrepaidCommand::Open(a) => {
            if !a.force {
                files::refuse_existing(&a.state.state)?;
            }
            let rules = match &a.rules {
                Some(path) => prepaid_rules_from_json(&files::read(path)?)?,
                None => tourist_card_rules(),
            };
            let funding = CardNumber::parse(&a.number.read()?)?.funding_card(&a.expiry, &a.currency)?;
            let card = open_prepaid_card(rules, funding, &a.at)?;
            a.state.save(&card, true, a.force)?;
            show(&card, a.json)?;
            Ok(ExitCode::SUCCESS)
        }
        PrepaidCommand::TopUp(a) => {
            let step = prepaid_top_up(a.state.load()?, &a.amount, &a.rates.load()?, a.rates.trust.at())?;
            a.state.commit(step, a.json)
        }
        PrepaidCommand::Spend(a) => {
            let step = prepaid_spend(a.state.load()?, &a.amount, &a.at, a.reference)?;
            a.state.commit(step, a.json)
        }
        PrepaidCommand::Refund(a) => {
            let step = prepaid_refund(a.state.load()?, &a.rates.load()?, a.rates.trust.at())?;
            a.state.commit(step, a.json)
        }
        PrepaidCommand::Show(a) => {
            show(&a.state.load()?, a.json)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
