//! The HTTP verifier behind `crosspay serve` (axum on tokio): `POST /v1/verify`,
//! `POST /v1/verify-numeric`, `GET /healthz`, `GET /metrics`. The verdicts are exactly
//! `crosspay verify-code`'s JSON; the replay store is Redis (shared by a fleet) or a file.
//! SIGTERM finishes the requests in flight and stops; SIGHUP reloads the trust list (a rollback
//! is refused and the current list stays).

use crate::metrics::{Metrics, Timed};
use crate::redis_store::{RedisOptions, RedisReplayStore};
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use crosspay_core::time::Instant;
use crosspay_core::{
    FileReplayStore, NumericSeed, NumericVerifier, PublicKey, ReplayStore, TrustList, Verification, Verifier, VerifierOptions,
};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// The largest request body: a code is at most 4,296 characters (docs/paycode-format.md).
pub const MAX_BODY: usize = 16 * 1024;

/// Where accepted codes are remembered.
#[derive(Debug, Clone)]
pub enum StoreConfig {
    Redis(RedisOptions),
    File(PathBuf),
}

#[derive(Debug, Clone)]
pub struct ServeConfig {
    pub listen: SocketAddr,
    pub trust_list: PathBuf,
    pub root_public_key: PathBuf,
    pub store: StoreConfig,
    pub options: VerifierOptions,
    /// A numeric seed (JSON) or an array of them, for `/v1/verify-numeric`.
    pub numeric_seeds: Option<PathBuf>,
}

struct App {
    config: ServeConfig,
    verifier: Verifier,
    numeric: Option<NumericVerifier>,
    /// A connection of its own for health checks, so a probe never waits behind a claim.
    health: Mutex<Option<RedisReplayStore>>,
    metrics: Arc<Metrics>,
}

fn read(path: &PathBuf) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn load_trust(config: &ServeConfig) -> Result<TrustList, String> {
    let root = PublicKey::parse(&read(&config.root_public_key)?).map_err(|e| e.to_string())?;
    TrustList::verify(&read(&config.trust_list)?, &root).map_err(|e| e.to_string())
}

fn store(config: &StoreConfig, prefix: &str, metrics: &Arc<Metrics>) -> Result<Box<dyn ReplayStore>, String> {
    let inner: Box<dyn ReplayStore> = match config {
        StoreConfig::Redis(o) => {
            let mut o = o.clone();
            o.prefix = format!("{}{prefix}", o.prefix);
            Box::new(RedisReplayStore::open(o).map_err(|e| e.to_string())?)
        }
        StoreConfig::File(path) => {
            let path = if prefix.is_empty() { path.clone() } else { path.with_extension(format!("{prefix}db")) };
            Box::new(FileReplayStore::open(&path).map_err(|e| e.to_string())?)
        }
    };
    Ok(Box::new(Timed::new(inner, metrics.clone())))
}

fn seeds(path: &PathBuf) -> Result<Vec<NumericSeed>, String> {
    let text = read(path)?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let list = match value {
        serde_json::Value::Array(list) => list,
        one => vec![one],
    };
    list.iter().map(|s| NumericSeed::from_json(&s.to_string()).map_err(|e| e.to_string())).collect()
}

impl App {
    fn new(config: ServeConfig) -> Result<Self, String> {
        let metrics = Arc::new(Metrics::default());
        let trust = load_trust(&config)?;
        let verifier = Verifier::with_store(trust, &config.options, store(&config.store, "", &metrics)?).map_err(|e| e.to_string())?;
        metrics.set_trust_sequence(verifier.trust_list().sequence());
        let numeric = match &config.numeric_seeds {
            Some(path) => Some(NumericVerifier::with_store(seeds(path)?, store(&config.store, "numeric:", &metrics)?)),
            None => None,
        };
        let health = match &config.store {
            StoreConfig::Redis(o) => Some(RedisReplayStore::open(o.clone()).map_err(|e| e.to_string())?),
            StoreConfig::File(_) => None,
        };
        Ok(Self { config, verifier, numeric, health: Mutex::new(health), metrics })
    }

    fn reload_trust_list(&self) -> Result<u64, String> {
        let trust = load_trust(&self.config)?;
        self.verifier.update_trust_list(trust).map_err(|e| e.to_string())?;
        let sequence = self.verifier.trust_list().sequence();
        self.metrics.set_trust_sequence(sequence);
        Ok(sequence)
    }
}

fn error(status: StatusCode, code: &str, message: &str) -> Response {
    let body = serde_json::json!({ "error": { "code": code, "message": message } });
    (status, [(header::CONTENT_TYPE, "application/json")], body.to_string()).into_response()
}

/// The request's code and time; an unusable request is a 400 with a code (boxed: a response is
/// large, and the happy path should not carry it).
fn request(body: &Bytes, field: &str) -> Result<(String, String), Box<Response>> {
    parse_request(body, field).map_err(|why| Box::new(error(StatusCode::BAD_REQUEST, "invalid_request", &why)))
}

fn parse_request(body: &Bytes, field: &str) -> Result<(String, String), String> {
    let value: serde_json::Value = serde_json::from_slice(body).map_err(|e| format!("the body is not JSON: {e}"))?;
    let object = value.as_object().ok_or("the body must be a JSON object")?;
    if let Some(k) = object.keys().find(|k| *k != field && *k != "at") {
        return Err(format!("unknown member {k:?} (expected {field:?} and optionally \"at\")"));
    }
    let code = object.get(field).and_then(|v| v.as_str()).ok_or_else(|| format!("{field:?} must be a string"))?;
    let at = match object.get("at") {
        None => now(),
        Some(serde_json::Value::String(at)) => at.clone(),
        Some(_) => return Err("\"at\" must be an RFC 3339 string".into()),
    };
    Ok((code.trim().to_string(), at))
}

/// The clock, to the second, in RFC 3339 (core's writer). A clock before 1970 reads as 1970, at
/// which every certificate is not yet valid: such a verifier refuses rather than guesses.
fn now() -> String {
    let seconds = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    i64::try_from(seconds).ok().and_then(|s| Instant::from_unix_seconds(s).ok()).map(Instant::to_rfc3339).unwrap_or_default()
}

fn verdict(app: &App, result: Result<Verification, crosspay_core::CrosspayError>) -> Response {
    match result {
        Ok(v) => {
            app.metrics.count(&v);
            let body = serde_json::to_string(&v).unwrap_or_default();
            (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], body).into_response()
        }
        // Only an unusable `at` makes a verifier fail rather than refuse.
        Err(e) => error(StatusCode::BAD_REQUEST, e.code(), &e.to_string()),
    }
}

async fn verify(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let (payload, at) = match request(&body, "payload") {
        Ok(r) => r,
        Err(response) => return *response,
    };
    let worker = app.clone();
    match tokio::task::spawn_blocking(move || worker.verifier.verify(&payload, &at)).await {
        Ok(result) => verdict(&app, result),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, "internal", &e.to_string()),
    }
}

async fn verify_numeric(State(app): State<Arc<App>>, body: Bytes) -> Response {
    if app.numeric.is_none() {
        return error(StatusCode::NOT_FOUND, "not_configured", "this server has no numeric seeds (--numeric-seeds)");
    }
    let (code, at) = match request(&body, "code") {
        Ok(r) => r,
        Err(response) => return *response,
    };
    let worker = app.clone();
    match tokio::task::spawn_blocking(move || worker.numeric.as_ref().expect("checked").verify(&code, &at)).await {
        Ok(result) => verdict(&app, result),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, "internal", &e.to_string()),
    }
}

async fn healthz(State(app): State<Arc<App>>) -> Response {
    let worker = app.clone();
    let ok = tokio::task::spawn_blocking(move || match worker.health.lock().unwrap_or_else(|e| e.into_inner()).as_mut() {
        Some(store) => store.ping().map_err(|e| e.to_string()),
        None => Ok(()),
    })
    .await
    .unwrap_or_else(|e| Err(e.to_string()));
    match ok {
        Ok(()) => (StatusCode::OK, "ok\n").into_response(),
        Err(why) => (StatusCode::SERVICE_UNAVAILABLE, format!("replay store unreachable: {why}\n")).into_response(),
    }
}

async fn metrics(State(app): State<Arc<App>>) -> Response {
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4")], app.metrics.render()).into_response()
}

async fn too_large_or_not_found() -> Response {
    error(StatusCode::NOT_FOUND, "not_found", "POST /v1/verify, POST /v1/verify-numeric, GET /healthz, GET /metrics")
}

/// Serves until SIGTERM (or SIGINT). Prints `listening on ADDR` on stderr once it accepts.
pub fn run(config: ServeConfig) -> Result<(), String> {
    let listen = config.listen;
    let app = Arc::new(App::new(config)?);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        let router = Router::new()
            .route("/v1/verify", post(verify))
            .route("/v1/verify-numeric", post(verify_numeric))
            .route("/healthz", get(healthz))
            .route("/metrics", get(metrics))
            .fallback(too_large_or_not_found)
            .layer(DefaultBodyLimit::max(MAX_BODY))
            .with_state(app.clone());
        let listener = tokio::net::TcpListener::bind(listen).await.map_err(|e| format!("{listen}: {e}"))?;
        eprintln!("crosspay serve: listening on {}", listener.local_addr().map_err(|e| e.to_string())?);
        let reloader = app.clone();
        tokio::spawn(async move {
            let Ok(mut hup) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()) else { return };
            while hup.recv().await.is_some() {
                let r = reloader.clone();
                match tokio::task::spawn_blocking(move || r.reload_trust_list()).await {
                    Ok(Ok(sequence)) => eprintln!("crosspay serve: trust list reloaded, sequence {sequence}"),
                    Ok(Err(e)) => eprintln!("crosspay serve: trust list not reloaded: {e}"),
                    Err(e) => eprintln!("crosspay serve: trust list not reloaded: {e}"),
                }
            }
        });
        axum::serve(listener, router).with_graceful_shutdown(shutdown()).await.map_err(|e| e.to_string())?;
        eprintln!("crosspay serve: stopped");
        Ok(())
    })
}

async fn shutdown() {
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    tokio::select! {
        _ = term => {}
        _ = tokio::signal::ctrl_c() => {}
    }
}
