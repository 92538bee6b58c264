//! `crosspay serve`: the HTTP verifier (crosspay-server), for acquirer backends and back offices
//! where many verifiers share one replay store.

use crate::output::Failure;
use clap::Args;
use crosspay_server::{RedisOptions, ServeConfig, StoreConfig};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Args)]
#[command(group = clap::ArgGroup::new("store").required(true).args(["redis", "replay_db"]))]
pub struct ServeArgs {
    /// The address to listen on, e.g. 127.0.0.1:8080.
    #[arg(long)]
    listen: SocketAddr,
    /// The signed trust list (JWS); reloaded on SIGHUP.
    #[arg(long)]
    trust_list: PathBuf,
    /// The root public key that signs the trust list.
    #[arg(long)]
    root_public_key: PathBuf,
    /// A Redis shared by every instance of the fleet: redis://host:port/db.
    #[arg(long)]
    redis: Option<String>,
    /// Each Redis call waits at most this long (milliseconds; default 500), then the code is refused.
    #[arg(long, requires = "redis")]
    redis_timeout_ms: Option<u64>,
    /// The prefix of the fleet's Redis keys (default cp:).
    #[arg(long, requires = "redis")]
    redis_prefix: Option<String>,
    /// A replay database (SQLite) instead, for verifiers on one machine.
    #[arg(long)]
    replay_db: Option<PathBuf>,
    #[command(flatten)]
    checks: crate::paycode::VerifierFlags,
    /// Numeric seeds (a seed's JSON or an array of them) for POST /v1/verify-numeric.
    #[arg(long)]
    numeric_seeds: Option<PathBuf>,
}

pub fn run(args: ServeArgs) -> Result<ExitCode, Failure> {
    let store = match (args.redis, args.replay_db) {
        (Some(url), None) => {
            let mut o = RedisOptions::new(&url);
            if let Some(ms) = args.redis_timeout_ms {
                o.timeout = Duration::from_millis(ms.max(1));
            }
            if let Some(prefix) = args.redis_prefix {
                o.prefix = prefix;
            }
            StoreConfig::Redis(o)
        }
        (None, Some(path)) => StoreConfig::File(path),
        _ => return Err(Failure::new("usage", "give exactly one of --redis and --replay-db")),
    };
    let options = args.checks.options();
    let config = ServeConfig {
        listen: args.listen,
        trust_list: args.trust_list,
        root_public_key: args.root_public_key,
        store,
        options,
        numeric_seeds: args.numeric_seeds,
    };
    crosspay_server::run(config).map_err(|e| Failure::new("serve_failed", &e))?;
    Ok(ExitCode::SUCCESS)
}
