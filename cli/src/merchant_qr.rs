//! `crosspay merchant-qr decode` and `crosspay merchant-qr encode`.

use crate::output::Failure;
use clap::{Args, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum MerchantQrCommand {
    /// Decode a merchant code: exit 0 when valid, 1 when not.
    Decode(DecodeArgs),
    /// Build a merchant code from a JSON spec file (the decoder's JSON shape).
    Encode(EncodeArgs),
}

#[derive(Args)]
pub struct DecodeArgs {
    /// Apply EMVCo's rules to the letter (every deviation is an error).
    #[arg(long)]
    strict: bool,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
    /// The payload (quote it in the shell).
    #[arg(allow_hyphen_values = true)]
    payload: String,
}

#[derive(Args)]
pub struct EncodeArgs {
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
    /// Print the code drawn as a QR (svg or terminal) instead of its text.
    #[arg(long, value_enum)]
    render: Option<crate::render::Format>,
    /// The spec file (JSON).
    spec: PathBuf,
}

pub fn run(command: MerchantQrCommand) -> Result<ExitCode, Failure> {
    match command {
        MerchantQrCommand::Decode(args) => {
            let qr = crosspay_core::decode_merchant_qr(&args.payload, args.strict);
            if args.json {
                println!("{}", qr.json);
            } else {
                println!("{} {}  schemes: {}", if qr.valid { "valid" } else { "INVALID" }, qr.format, qr.schemes.join(", "));
                if let (Some(a), Some(c)) = (&qr.amount, &qr.currency_code) {
                    println!("amount {a} {c}");
                }
                if let Some(n) = &qr.merchant_name {
                    println!("merchant {n}{}", qr.merchant_city.as_deref().map(|c| format!(", {c}")).unwrap_or_default());
                }
                for (kind, list) in [("error", &qr.errors), ("warning", &qr.warnings)] {
                    for i in list.iter() {
                        println!(
                            "{kind} at {}: {} ({})",
                            i.position,
                            i.message,
                            serde_json::to_value(i.code).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
                        );
                    }
                }
            }
            Ok(if qr.valid { ExitCode::SUCCESS } else { ExitCode::from(1) })
        }
        MerchantQrCommand::Encode(args) => {
            let spec = crate::files::read(&args.spec)?;
            let payload = crosspay_core::encode_merchant_qr(&spec)?;
            let drawn = args.render.map(|f| crate::render::qr(&payload, f).map(|d| (f, d))).transpose()?;
            crate::render::print_made(args.json, serde_json::json!({ "payload": payload }), &payload, drawn)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
