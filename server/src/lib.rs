//! crosspay for verifier fleets: [`redis_store::RedisReplayStore`], a replay store many verifiers
//! share (atomic claims in one round trip), and [`http::run`], the HTTP verifier that
//! `crosspay serve` starts. The core stays free of networking; this crate holds it.

pub mod http;
pub mod metrics;
pub mod redis_store;

pub use http::{run, ServeConfig, StoreConfig, MAX_BODY};
pub use redis_store::{RedisOptions, RedisReplayStore};
