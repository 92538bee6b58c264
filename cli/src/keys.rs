//! `crosspay keys generate`, `crosspay sign`, `crosspay verify`.

use crate::files::{self, Access};
use crate::output::{print_json, Failure};
use clap::{Args, Subcommand, ValueEnum};
use crosspay_core::{HighSPolicy, PrivateKey, PublicKey, SignatureFormat};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use zeroize::Zeroizing;

#[derive(Clone, Copy, ValueEnum)]
pub enum FormatArg {
    P1363,
    Der,
}

impl From<FormatArg> for SignatureFormat {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::P1363 => SignatureFormat::P1363,
            FormatArg::Der => SignatureFormat::Der,
        }
    }
}

#[derive(Subcommand)]
pub enum KeysCommand {
    /// Generate a P-256 key pair (from the OS random source, or from --entropy-hex).
    Generate(GenerateArgs),
}

#[derive(Args)]
pub struct GenerateArgs {
    /// Derive the key from this host entropy (at least 32 bytes, hex) instead of OS random.
    #[arg(long)]
    entropy_hex: Option<String>,
    /// Write the private key (PKCS#8 PEM, mode 0600) to this file instead of printing it; an
    /// existing file is `file_exists` unless --force.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Write the public key (SPKI PEM) to this file.
    #[arg(long, requires = "out")]
    public_out: Option<PathBuf>,
    /// Replace existing --out / --public-out files (atomically).
    #[arg(long)]
    force: bool,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

fn hex_arg(name: &str, text: &str) -> Result<Vec<u8>, Failure> {
    hex::decode(text.trim()).map_err(|e| Failure::new("invalid_hex", &format!("{name}: {e}")))
}

pub fn run_keys(command: KeysCommand) -> Result<ExitCode, Failure> {
    let KeysCommand::Generate(args) = command;
    let key = match &args.entropy_hex {
        Some(h) => PrivateKey::from_entropy(&Zeroizing::new(hex_arg("--entropy-hex", h)?))?,
        None => PrivateKey::generate()?,
    };
    let public = key.public_key();
    let jwk: serde_json::Value = serde_json::from_str(&public.to_jwk()).map_err(|e| Failure::new("internal", &e.to_string()))?;
    if let Some(out) = &args.out {
        // Key files: the private key never reaches stdout; what is printed is public.
        if args.public_out.as_ref() == Some(out) {
            return Err(Failure::new("usage", "--out and --public-out must be different files"));
        }
        // Refuse before writing anything, so a refusal never leaves half a key pair behind.
        if !args.force {
            for path in std::iter::once(out).chain(args.public_out.as_ref()) {
                files::refuse_existing(path)?;
            }
        }
        files::create(out, key.to_pkcs8_pem().as_str(), Access::Secret, args.force)?;
        if let Some(public_out) = &args.public_out {
            files::create(public_out, &public.to_spki_pem(), Access::Public, args.force)?;
        }
        let summary = json!({
            "private_key_file": out.display().to_string(),
            "public_key_file": args.public_out.as_ref().map(|p| p.display().to_string()),
            "public_spki_pem": public.to_spki_pem(),
            "public_jwk": jwk,
            "public_sec1_hex": hex::encode(public.to_sec1(true)),
            "kid": public.kid(),
        });
        if args.json {
            print_json(&summary)?;
        } else {
            println!("kid {}", public.kid());
        }
        return Ok(ExitCode::SUCCESS);
    }
    let out = json!({
        "private_pkcs8_pem": key.to_pkcs8_pem().as_str(),
        "public_spki_pem": public.to_spki_pem(),
        "public_jwk": jwk,
        "public_sec1_hex": hex::encode(public.to_sec1(true)),
        "kid": public.kid(),
    });
    if args.json {
        print_json(&out)?;
    } else {
        print!("{}{}", key.to_pkcs8_pem().as_str(), public.to_spki_pem());
        println!("kid {}", public.kid());
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Args)]
pub struct SignArgs {
    /// The private key: a PKCS#8 PEM (or SEC1 PEM) file, or a private JWK file.
    #[arg(long)]
    key: PathBuf,
    /// The message bytes, hex.
    #[arg(long)]
    message_hex: String,
    #[arg(long, value_enum, default_value = "p1363")]
    format: FormatArg,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

pub fn run_sign(args: SignArgs) -> Result<ExitCode, Failure> {
    let key = PrivateKey::parse(&crate::files::read(&args.key)?)?;
    let signature = key.sign(&hex_arg("--message-hex", &args.message_hex)?, args.format.into());
    if args.json {
        print_json(&json!({ "signature_hex": hex::encode(signature) }))?;
    } else {
        println!("{}", hex::encode(signature));
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Args)]
pub struct VerifyArgs {
    /// The public key: a file (SPKI PEM or JWK), or SEC1 hex.
    #[arg(long)]
    public_key: String,
    #[arg(long)]
    message_hex: String,
    #[arg(long)]
    signature_hex: String,
    #[arg(long, value_enum, default_value = "p1363")]
    format: FormatArg,
    /// Accept signatures whose s is above n/2 (refused by default: they are malleable).
    #[arg(long)]
    allow_high_s: bool,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

/// Exit 0 when valid, 1 when not, 2 when the input cannot be used.
pub fn run_verify(args: VerifyArgs) -> Result<ExitCode, Failure> {
    // A file, or the key itself (SEC1 hex, a JWK or PEM text). Something that looks like a path
    // (a separator or an extension) but is not a file is reported as the missing file it is,
    // not as bad hex.
    let path = Path::new(&args.public_key);
    let text_key = args.public_key.trim_start().starts_with(['{', '-']);
    let path_like = !text_key && args.public_key.contains(['/', '\\', '.']);
    let text = if path.is_file() || path_like { crate::files::read(path)? } else { args.public_key.clone() };
    let key = PublicKey::parse(&text)?;
    let message = hex_arg("--message-hex", &args.message_hex)?;
    let signature = hex_arg("--signature-hex", &args.signature_hex)?;
    let policy = if args.allow_high_s { HighSPolicy::Accept } else { HighSPolicy::Reject };
    let verdict = key.verify(&message, &signature, args.format.into(), policy);
    let reason = verdict.reason.map(|r| r.as_str());
    if args.json {
        print_json(&json!({ "valid": verdict.valid, "reason": reason }))?;
    } else {
        println!("{}", if verdict.valid { "valid".to_string() } else { format!("not valid: {}", reason.unwrap_or("?")) });
    }
    Ok(if verdict.valid { ExitCode::SUCCESS } else { ExitCode::from(1) })
}
