//! `crosspay wallet qr|numeric`, `crosspay verify-code`, `crosspay verify-numeric`,
//! `crosspay verify-rate-sheet`.

use crate::files::{self, read, Access};
use crate::output::{print_json, Failure};
use crate::render::{self, Format};
use clap::{Args, Subcommand};
use crosspay_core::{
    numeric_code, verify_rate_sheet, CodeRequest, Container, CrosspayError, FileReplayStore, NumericSeed, NumericVerifier, OfflineLimit,
    PrivateKey, PublicKey, TrustList, Verification, Verifier, VerifierOptions, Wallet,
};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum WalletCommand {
    /// Make the next offline QR code (the state file's counter goes up first).
    Qr(QrArgs),
    /// Make the 18-digit numeric code for this time step.
    Numeric(NumericArgs),
}

#[derive(Args)]
pub struct QrArgs {
    /// The device certificate (`crosspay issuer enroll --out`).
    #[arg(long)]
    cert: PathBuf,
    /// The device private key (PKCS#8/SEC1 PEM or JWK).
    #[arg(long)]
    key: PathBuf,
    /// The wallet state file (counter); created when missing, rewritten before the code is printed.
    #[arg(long)]
    state: PathBuf,
    /// Device clock plus server offset (RFC 3339).
    #[arg(long)]
    at: String,
    #[arg(long, requires = "currency")]
    amount: Option<String>,
    #[arg(long, requires = "amount")]
    currency: Option<String>,
    /// compact (`CP1:`, QR alphanumeric mode) or cpm (EMV consumer-presented mode).
    #[arg(long, default_value = "compact")]
    container: Container,
    /// Print the code drawn as a QR (svg or terminal) instead of its text.
    #[arg(long, value_enum)]
    render: Option<Format>,
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct NumericArgs {
    #[arg(long)]
    seed: PathBuf,
    #[arg(long)]
    prefix: String,
    #[arg(long)]
    at: String,
    /// Print the code drawn as a Code 128 barcode (svg or terminal) instead of its digits.
    #[arg(long, value_enum)]
    render: Option<Format>,
    #[arg(long)]
    json: bool,
}

/// The verified trust material a verifier starts from.
#[derive(Args)]
pub struct TrustArgs {
    /// The signed trust list (JWS).
    #[arg(long)]
    trust_list: PathBuf,
    /// The root public key that signs the trust list.
    #[arg(long)]
    root_public_key: PathBuf,
    /// The terminal's clock (RFC 3339).
    #[arg(long)]
    at: String,
}

impl TrustArgs {
    pub(crate) fn at(&self) -> &str {
        &self.at
    }

    pub(crate) fn load(&self) -> Result<TrustList, Failure> {
        let root = PublicKey::parse(&read(&self.root_public_key)?)?;
        Ok(TrustList::verify(&read(&self.trust_list)?, &root)?)
    }
}

/// What a payment-code verifier checks beyond the trust list: shared by `verify-code` and
/// `crosspay serve`.
#[derive(Args)]
pub struct VerifierFlags {
    #[arg(long)]
    terminal_currency: Option<String>,
    /// transit or retail.
    #[arg(long)]
    scope: Option<String>,
    /// Code lifetime in seconds (default 60).
    #[arg(long)]
    max_age: Option<u32>,
    /// Clock skew allowed in seconds (default 30).
    #[arg(long)]
    skew: Option<u32>,
    /// Cumulative offline exposure per alias, in --terminal-currency.
    #[arg(long, requires = "terminal_currency")]
    max_exposure: Option<String>,
    /// Refuse every code once the trust list is older than this, in seconds (default 604800, 7 days).
    #[arg(long)]
    max_trust_age: Option<u32>,
    /// The lowest trust-list sequence to start from (the replay store also remembers the highest seen).
    #[arg(long)]
    min_trust_sequence: Option<u64>,
}

impl VerifierFlags {
    pub fn options(&self) -> VerifierOptions {
        VerifierOptions {
            max_age_seconds: self.max_age,
            clock_skew_seconds: self.skew,
            terminal_currency: self.terminal_currency.clone(),
            scope: self.scope.clone(),
            max_exposure: match (&self.max_exposure, &self.terminal_currency) {
                (Some(amount), Some(currency)) => vec![OfflineLimit { currency: currency.clone(), amount: amount.clone() }],
                _ => vec![],
            },
            replay_capacity: None,
            certificate_cache: None,
            max_trust_list_age_seconds: self.max_trust_age,
            min_trust_list_sequence: self.min_trust_sequence,
        }
    }
}

#[derive(Args)]
pub struct VerifyCodeArgs {
    #[command(flatten)]
    trust: TrustArgs,
    /// The replay database (SQLite), created when missing; verifier processes may share it.
    #[arg(long)]
    replay_db: PathBuf,
    #[command(flatten)]
    checks: VerifierFlags,
    #[arg(long)]
    json: bool,
    /// The code (CP1:… or an EMV CPM base64 payload).
    payload: String,
}

#[derive(Args)]
pub struct VerifyNumericArgs {
    #[arg(long)]
    seed: PathBuf,
    #[arg(long)]
    at: String,
    #[arg(long)]
    replay_db: PathBuf,
    #[arg(long)]
    json: bool,
    code: String,
}

#[derive(Args)]
pub struct VerifyRateSheetArgs {
    #[command(flatten)]
    trust: TrustArgs,
    #[arg(long)]
    json: bool,
    /// The signed rate sheet (JWS) file.
    signed: PathBuf,
}

fn store(path: &std::path::Path) -> Result<FileReplayStore, Failure> {
    Ok(FileReplayStore::open(path).map_err(CrosspayError::from)?)
}

fn report(v: &Verification, json: bool) -> Result<ExitCode, Failure> {
    if json {
        print_json(v)?;
    } else if v.accepted {
        println!(
            "accepted: alias {} counter {}{}",
            v.alias.as_deref().unwrap_or("?"),
            v.counter.unwrap_or(0),
            match (&v.amount, &v.currency) {
                (Some(a), Some(c)) => format!(" amount {a} {c}"),
                _ => String::new(),
            }
        );
    } else {
        println!("refused: {} ({})", v.reason.map_or("?", |r| r.as_str()), v.detail);
    }
    Ok(if v.accepted { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

pub fn run_wallet(command: WalletCommand) -> Result<ExitCode, Failure> {
    match command {
        WalletCommand::Qr(args) => {
            let state = if args.state.exists() { Some(read(&args.state)?) } else { None };
            let wallet = Wallet::new(&read(&args.cert)?, state.as_deref())?;
            let key = PrivateKey::parse(&zeroize::Zeroizing::new(read(&args.key)?))?;
            let request = CodeRequest { at: args.at, amount: args.amount, currency: args.currency, container: Some(args.container) };
            let code = wallet.generate(&key, &request)?;
            // The counter is on disk before the code exists anywhere but in this process.
            files::replace(&args.state, &code.state, Access::Public)?;
            let drawn = args.render.map(|f| render::qr(&code.payload, f).map(|d| (f, d))).transpose()?;
            let value = serde_json::json!({"payload": code.payload, "counter": code.counter, "qr_version": code.qr_version, "container": code.container});
            render::print_made(args.json, value, &code.payload, drawn)?;
            Ok(ExitCode::SUCCESS)
        }
        WalletCommand::Numeric(args) => {
            let seed = NumericSeed::from_json(&zeroize::Zeroizing::new(read(&args.seed)?))?;
            let code = numeric_code(&seed, &args.prefix, &args.at)?;
            let drawn = args.render.map(|f| render::barcode(&code, f).map(|d| (f, d))).transpose()?;
            render::print_made(args.json, serde_json::json!({ "code": code }), &code, drawn)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

pub fn run_verify_code(args: VerifyCodeArgs) -> Result<ExitCode, Failure> {
    let options = args.checks.options();
    let verifier = Verifier::with_store(args.trust.load()?, &options, Box::new(store(&args.replay_db)?))?;
    report(&verifier.verify(args.payload.trim(), &args.trust.at)?, args.json)
}

pub fn run_verify_numeric(args: VerifyNumericArgs) -> Result<ExitCode, Failure> {
    let seed = NumericSeed::from_json(&zeroize::Zeroizing::new(read(&args.seed)?))?;
    let verifier = NumericVerifier::with_store(vec![seed], Box::new(store(&args.replay_db)?));
    report(&verifier.verify(args.code.trim(), &args.at)?, args.json)
}

pub fn run_verify_rate_sheet(args: VerifyRateSheetArgs) -> Result<ExitCode, Failure> {
    let sheet = verify_rate_sheet(&read(&args.signed)?, &args.trust.load()?, &args.trust.at)?;
    if args.json {
        print_json(
            &serde_json::json!({"valid": true, "source": sheet.source(), "as_of": sheet.as_of().to_rfc3339(), "valid_until": sheet.valid_until().to_rfc3339()}),
        )?;
    } else {
        println!("valid: {} rate sheet as of {}, until {}", sheet.source(), sheet.as_of(), sheet.valid_until());
    }
    Ok(ExitCode::SUCCESS)
}
