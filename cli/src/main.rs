//! `crosspay`: the command-line tool. With `--json`, every command prints exactly one JSON
//! object on stdout; failures print `{"error":{"code","message"}}` and exit 2.

mod card;
mod convert;
mod demo;
mod files;
mod issuer;
mod keys;
mod merchant_qr;
mod output;
mod paycode;
mod render;
mod serve;

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
    /// Key management.
    #[command(subcommand)]
    Keys(keys::KeysCommand),
    /// Sign a message with ECDSA P-256 / SHA-256 (RFC 6979, low-S).
    Sign(keys::SignArgs),
    /// Verify a signature strictly: exit 0 valid, 1 not valid, 2 unusable input.
    Verify(keys::VerifyArgs),
    /// EMVCo merchant-presented QR codes (FPS, PIX, PromptPay, PayNow, KHQR, …).
    #[command(subcommand, name = "merchant-qr")]
    MerchantQr(merchant_qr::MerchantQrCommand),
    /// Issuer: keys, trust list, device enrollment, revocation, numeric seeds, signed rate sheets.
    #[command(subcommand)]
    Issuer(issuer::IssuerCommand),
    /// Wallet: make offline QR codes and numeric codes.
    #[command(subcommand)]
    Wallet(paycode::WalletCommand),
    /// Verify an offline payment code: exit 0 accepted, 1 refused (with a reason), 2 unusable input.
    VerifyCode(paycode::VerifyCodeArgs),
    /// Verify an 18-digit numeric code: exit 0 accepted, 1 refused, 2 unusable input.
    VerifyNumeric(paycode::VerifyNumericArgs),
    /// Check an issuer-signed rate sheet against the trust list: exit 0 valid, 2 refused.
    VerifyRateSheet(paycode::VerifyRateSheetArgs),
    /// Draw a payload as a QR code, or a numeric code as a barcode (SVG or terminal text).
    #[command(subcommand)]
    Render(render::RenderCommand),
    /// Run an HTTP verifier (POST /v1/verify) on a replay store shared through Redis or a file.
    Serve(serve::ServeArgs),
    /// Cards: check a number, expiry and security code; list the brands.
    #[command(subcommand)]
    Card(card::CardCommand),
    /// A prepaid (tourist) card kept in a state file: open, top up, spend, refund, show.
    #[command(subcommand)]
    Prepaid(card::PrepaidCommand),
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
        Command::Keys(command) => keys::run_keys(command),
        Command::Sign(args) => keys::run_sign(args),
        Command::Verify(args) => keys::run_verify(args),
        Command::MerchantQr(command) => merchant_qr::run(command),
        Command::Issuer(command) => issuer::run(command),
        Command::Wallet(command) => paycode::run_wallet(command),
        Command::VerifyCode(args) => paycode::run_verify_code(args),
        Command::VerifyNumeric(args) => paycode::run_verify_numeric(args),
        Command::VerifyRateSheet(args) => paycode::run_verify_rate_sheet(args),
        Command::Render(command) => render::run(command),
        Command::Serve(args) => serve::run(args),
        Command::Card(command) => card::run_card(command),
        Command::Prepaid(command) => card::run_prepaid(command),
        Command::Currency(args) => convert::run_currency(args),
        Command::Demo => demo::run(),
    };
    match result {
        Ok(code) => code,
        Err(failure) => output::fail(json, &failure),
    }
}
