//! `crosspay issuer …`: an issuer directory holding the root key, issuer keys, the trust list
//! (document and signed JWS), and everything enroll/revoke/rotate need (docs/paycode-format.md §9).

use crate::files::{self, read, Access};
use crate::output::{print_json, Failure};
use clap::{Args, Subcommand};
use crosspay_core::time::Instant;
use crosspay_core::{
    issue_certificate, sign_rate_sheet, sign_trust_list, CertificateSpec, IssuerStatus, NumericSeed, OfflineLimit, PrivateKey, PublicKey,
    TrustListDocument, TrustedIssuer,
};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum IssuerCommand {
    /// Create a root key, an issuer key and a signed trust list in DIR.
    Init(InitArgs),
    /// Certify a device public key (which may live in Secure Enclave / Android Keystore).
    Enroll(EnrollArgs),
    /// Put a device alias on the deny list and re-sign the trust list.
    Revoke(RevokeArgs),
    /// Revoke an issuer key (nothing it signed is accepted), or with --retire only stop it
    /// signing; re-signs the trust list.
    RevokeKey(RevokeKeyArgs),
    /// Add a new active issuer key; the previous one is retired (its certificates stay valid).
    Rotate(DirArgs),
    /// Create a numeric-code seed for one device.
    ProvisionNumeric(ProvisionArgs),
    /// Sign a rate sheet (docs/money.md) with the active issuer key.
    SignRateSheet(SignSheetArgs),
}

#[derive(Args)]
pub struct DirArgs {
    #[arg(long)]
    dir: PathBuf,
    /// The time to record (RFC 3339); default now.
    #[arg(long)]
    at: Option<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub struct InitArgs {
    #[command(flatten)]
    common: DirArgs,
    /// How long the first issuer key is trusted, in days.
    #[arg(long, default_value_t = 730)]
    issuer_days: u32,
}

#[derive(Args)]
pub struct EnrollArgs {
    #[command(flatten)]
    common: DirArgs,
    #[arg(long)]
    device_public_key: PathBuf,
    /// Offline limit per code, a decimal amount in --currency.
    #[arg(long, requires = "currency")]
    offline_limit: Option<String>,
    #[arg(long)]
    currency: Option<String>,
    /// transit or retail (repeat or comma-separate for both).
    #[arg(long, value_delimiter = ',', required = true)]
    scope: Vec<String>,
    /// Start of validity (RFC 3339); default --at / now.
    #[arg(long)]
    not_before: Option<String>,
    #[arg(long)]
    not_after: String,
    /// 16 hex digits; random by default.
    #[arg(long)]
    alias: Option<String>,
    /// Where to write the certificate (never over an existing file unless --force).
    #[arg(long)]
    out: PathBuf,
    #[arg(long)]
    force: bool,
}

#[derive(Args)]
pub struct RevokeArgs {
    #[command(flatten)]
    common: DirArgs,
    #[arg(long)]
    alias: String,
}

#[derive(Args)]
pub struct RevokeKeyArgs {
    #[command(flatten)]
    common: DirArgs,
    /// The issuer key's kid (as `issuer init --json` and the trust list show it). A kid is
    /// base64url, so it may start with `-`.
    #[arg(long, allow_hyphen_values = true)]
    kid: String,
    /// Retire instead: the key stops signing, certificates it signed stay valid.
    #[arg(long)]
    retire: bool,
}

#[derive(Args)]
pub struct ProvisionArgs {
    #[command(flatten)]
    common: DirArgs,
    #[arg(long, default_value_t = 1)]
    key_version: u32,
    /// Where to write the seed (never over an existing file unless --force).
    #[arg(long)]
    out: PathBuf,
    #[arg(long)]
    force: bool,
}

#[derive(Args)]
pub struct SignSheetArgs {
    #[command(flatten)]
    common: DirArgs,
    #[arg(long)]
    sheet: PathBuf,
    /// Where to write the signed sheet (never over an existing file unless --force).
    #[arg(long)]
    out: PathBuf,
    #[arg(long)]
    force: bool,
}

/// `--at`, or the system clock (the CLI is a host; the core never reads a clock).
pub fn now(at: &Option<String>) -> Result<Instant, Failure> {
    match at {
        Some(text) => Ok(Instant::parse(text)?),
        None => {
            let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs() as i64).unwrap_or(0);
            Ok(Instant::from_unix_seconds(secs)?)
        }
    }
}

struct Dir<'a>(&'a Path);

impl Dir<'_> {
    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
    fn key(&self, name: &str) -> Result<PrivateKey, Failure> {
        Ok(PrivateKey::parse(&zeroize::Zeroizing::new(read(&self.path(name))?))?)
    }
    fn document(&self) -> Result<TrustListDocument, Failure> {
        Ok(TrustListDocument::parse(&read(&self.path("trust-list.json"))?)?)
    }
    fn active_issuer(&self, doc: &TrustListDocument) -> Result<PrivateKey, Failure> {
        let entry = doc
            .issuers
            .iter()
            .rev()
            .find(|i| i.status == IssuerStatus::Active)
            .ok_or_else(|| Failure::new("invalid_trust_list", "the trust list has no active issuer key"))?;
        self.key(&format!("issuer-{}.key", entry.kid))
    }
    /// Bumps the sequence, re-signs with the root key, writes the document and the JWS.
    fn publish(&self, mut doc: TrustListDocument, at: Instant) -> Result<String, Failure> {
        doc.sequence += 1;
        doc.issued_at = at.to_rfc3339();
        let json = doc.to_json();
        let jws = sign_trust_list(&self.key("root.key")?, &json)?;
        files::replace(&self.path("trust-list.json"), &json, Access::Public)?;
        files::replace(&self.path("trust-list.jws"), &jws, Access::Public)?;
        Ok(jws)
    }
    fn new_issuer(&self, at: Instant, days: u32) -> Result<TrustedIssuer, Failure> {
        let key = PrivateKey::generate()?;
        let until = Instant::from_unix_seconds(at.unix_seconds() + i64::from(days) * 86_400)?;
        let entry = TrustedIssuer::new(&key.public_key(), &at.to_rfc3339(), &until.to_rfc3339(), IssuerStatus::Active);
        files::create(&self.path(&format!("issuer-{}.key", entry.kid)), &key.to_pkcs8_pem(), Access::Secret, false)?;
        Ok(entry)
    }
}

fn summary(dir: &Dir<'_>, doc: &TrustListDocument, json: bool) -> Result<ExitCode, Failure> {
    let root = PublicKey::parse(&read(&dir.path("root.pub"))?)?;
    let out = serde_json::json!({
        "dir": dir.0,
        "root_kid": root.kid(),
        "root_public_key": dir.path("root.pub"),
        "trust_list": dir.path("trust-list.jws"),
        "sequence": doc.sequence + 1,
        "issuers": doc.issuers.iter().map(|i| serde_json::json!({"kid": i.kid, "status": i.status, "not_after": i.not_after})).collect::<Vec<_>>(),
        "deny_list": doc.deny_list,
    });
    if json {
        print_json(&out)?;
    } else {
        println!(
            "trust list {} sequence {} (root {}), {} issuer keys, {} revoked devices",
            dir.path("trust-list.jws").display(),
            doc.sequence + 1,
            root.kid(),
            doc.issuers.len(),
            doc.deny_list.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn run(command: IssuerCommand) -> Result<ExitCode, Failure> {
    match command {
        IssuerCommand::Init(args) => {
            let c = &args.common;
            std::fs::create_dir_all(&c.dir).map_err(|e| Failure::new("io_error", &format!("{}: {e}", c.dir.display())))?;
            let dir = Dir(&c.dir);
            let at = now(&c.at)?;
            let root = PrivateKey::generate()?;
            // create() refuses an existing root.key: an issuer directory is never re-initialised.
            files::create(&dir.path("root.key"), &root.to_pkcs8_pem(), Access::Secret, false)?;
            files::create(&dir.path("root.pub"), &root.public_key().to_spki_pem(), Access::Public, false)?;
            let issuer = dir.new_issuer(at, args.issuer_days)?;
            let doc = TrustListDocument {
                kind: "crosspay-trust-list".into(),
                version: 1,
                sequence: 0,
                issued_at: at.to_rfc3339(),
                issuers: vec![issuer],
                deny_list: vec![],
            };
            dir.publish(doc.clone(), at)?;
            summary(&dir, &doc, c.json)
        }
        IssuerCommand::Rotate(c) => {
            let dir = Dir(&c.dir);
            let at = now(&c.at)?;
            let mut doc = dir.document()?;
            for i in doc.issuers.iter_mut().filter(|i| i.status == IssuerStatus::Active) {
                i.status = IssuerStatus::Retired;
            }
            doc.issuers.push(dir.new_issuer(at, 730)?);
            dir.publish(doc.clone(), at)?;
            summary(&dir, &doc, c.json)
        }
        IssuerCommand::Revoke(args) => {
            let c = &args.common;
            let dir = Dir(&c.dir);
            let mut doc = dir.document()?;
            if !doc.deny_list.contains(&args.alias) {
                doc.deny_list.push(args.alias.clone());
            }
            TrustListDocument::parse(&doc.to_json())?;
            dir.publish(doc.clone(), now(&c.at)?)?;
            summary(&dir, &doc, c.json)
        }
        IssuerCommand::RevokeKey(args) => {
            let c = &args.common;
            let dir = Dir(&c.dir);
            let mut doc = dir.document()?;
            let status = if args.retire { IssuerStatus::Retired } else { IssuerStatus::Revoked };
            let mut found = false;
            for issuer in doc.issuers.iter_mut().filter(|i| i.kid == args.kid) {
                found = true;
                // A revoked key is never brought back to retired.
                if issuer.status != IssuerStatus::Revoked {
                    issuer.status = status;
                }
            }
            if !found {
                let kids: Vec<_> = doc.issuers.iter().map(|i| i.kid.as_str()).collect();
                return Err(Failure::new("invalid_trust_list", &format!("no issuer key {} (the list has {})", args.kid, kids.join(", "))));
            }
            dir.publish(doc.clone(), now(&c.at)?)?;
            summary(&dir, &doc, c.json)
        }
        IssuerCommand::Enroll(args) => {
            let c = &args.common;
            let dir = Dir(&c.dir);
            let doc = dir.document()?;
            let issuer = dir.active_issuer(&doc)?;
            let device = PublicKey::parse(&read(&args.device_public_key)?)?;
            let limits = match (&args.offline_limit, &args.currency) {
                (Some(amount), Some(currency)) => vec![OfflineLimit { currency: currency.clone(), amount: amount.clone() }],
                _ => vec![],
            };
            let spec = CertificateSpec {
                alias: args.alias.clone(),
                not_before: args.not_before.clone().map_or_else(|| now(&c.at).map(|t| t.to_rfc3339()), Ok)?,
                not_after: args.not_after.clone(),
                scope: args.scope.clone(),
                limits,
            };
            let cert = issue_certificate(&issuer, &device, &spec)?;
            let info = cert.info();
            let text = serde_json::to_string_pretty(&info).map_err(|e| Failure::new("internal", &e.to_string()))?;
            files::create(&args.out, &text, Access::Public, args.force)?;
            if c.json {
                print_json(&info)?;
            } else {
                println!("certified device {} as alias {} until {} ({} bytes)", info.device_kid, info.alias, info.not_after, info.size);
            }
            Ok(ExitCode::SUCCESS)
        }
        IssuerCommand::ProvisionNumeric(args) => {
            let seed = NumericSeed::generate(args.key_version)?;
            files::create(&args.out, &seed.to_json(), Access::Secret, args.force)?;
            let out = serde_json::json!({"seed_id": seed.seed_id(), "key_version": seed.key_version(), "out": args.out});
            if args.common.json {
                print_json(&out)?;
            } else {
                println!("numeric seed {} (key version {}) written to {}", seed.seed_id(), seed.key_version(), args.out.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        IssuerCommand::SignRateSheet(args) => {
            let dir = Dir(&args.common.dir);
            let issuer = dir.active_issuer(&dir.document()?)?;
            let signed = sign_rate_sheet(&issuer, &read(&args.sheet)?)?;
            files::create(&args.out, &signed, Access::Public, args.force)?;
            if args.common.json {
                print_json(&serde_json::json!({"kid": issuer.public_key().kid(), "out": args.out}))?;
            } else {
                println!("rate sheet signed by {} written to {}", issuer.public_key().kid(), args.out.display());
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
