//! A replay store on Redis, shared by every verifier of a fleet: one round trip per claim, made
//! atomic by a server-side Lua script (sent once, then called by its SHA through `EVALSHA`).
//!
//! Per alias (keys hash-tagged by alias, so one alias stays on one Redis Cluster slot):
//! `{prefix}{<alias>}:a`, a hash with the highest counter (`h`) and the exposure accepted per
//! currency (`x:<code>`, minor units); `{prefix}{<alias>}:s`, a sorted set of the counters seen,
//! scored by code time. Both expire after twice the freshness window since the alias's last
//! accepted code: a code older than the window is refused as stale whatever the store says (the
//! forgetting rule of core's `replay` module). `{prefix}trust` holds the highest trust-list
//! sequence accepted.
//!
//! It fails closed: a timeout, a lost connection or a script error is `ReplayError::Failed`, which
//! the verifier turns into a `replay_store_failed` refusal; the next claim reconnects.

use crosspay_core::{Claim, ClaimOutcome, ReplayError, ReplayStore};
use std::time::Duration;

/// The claim, in Lua: the same checks, in the same order, as core's `AliasRecord::judge`, then the
/// same record, all inside one script (Redis runs a script alone: nothing interleaves).
const CLAIM: &str = r#"
local seq = tonumber(redis.call('GET', KEYS[3]) or '0')
local tseq = tonumber(ARGV[7])
if tseq >= 0 and tseq < seq then return {'rollback', seq} end
local counter = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[6])
local h = redis.call('HGET', KEYS[1], 'h')
if h then
  local highest = tonumber(h)
  if counter == highest or redis.call('ZSCORE', KEYS[2], ARGV[1]) then return {'replay', 0} end
  if counter < highest then return {'rewind', highest} end
end
local units = tonumber(ARGV[4])
local max = tonumber(ARGV[5])
if ARGV[3] ~= '' and max >= 0 then
  local exposure = tonumber(redis.call('HGET', KEYS[1], 'x:' .. ARGV[3]) or '0')
  if exposure + units > max then return {'exposure', exposure} end
end
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
if (not h) or counter > tonumber(h) then redis.call('HSET', KEYS[1], 'h', ARGV[1]) end
if ARGV[3] ~= '' then redis.call('HINCRBY', KEYS[1], 'x:' .. ARGV[3], ARGV[4]) end
redis.call('EXPIRE', KEYS[1], ARGV[8])
redis.call('EXPIRE', KEYS[2], ARGV[8])
return {'accepted', 0}
"#;

/// Records a trust-list sequence unless a higher one is there; returns the highest.
const TRUST: &str = r#"
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
local offered = tonumber(ARGV[1])
if offered > current then redis.call('SET', KEYS[1], ARGV[1]) return offered end
return current
"#;

/// How to reach Redis and how long to wait.
#[derive(Debug, Clone)]
pub struct RedisOptions {
    /// `redis://host:port/db` (or `redis+unix://…`).
    pub url: String,
    /// The prefix of every key (a fleet per prefix); `cp:` by default.
    pub prefix: String,
    /// Connecting, and each read or write, waits at most this long.
    pub timeout: Duration,
}

impl RedisOptions {
    pub fn new(url: &str) -> Self {
        Self { url: url.to_string(), prefix: "cp:".into(), timeout: Duration::from_millis(500) }
    }
}

pub struct RedisReplayStore {
    client: redis::Client,
    options: RedisOptions,
    connection: Option<redis::Connection>,
    claim: redis::Script,
    trust: redis::Script,
}

impl std::fmt::Debug for RedisReplayStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "RedisReplayStore({} {})", self.options.url, self.options.prefix)
    }
}

fn failed(what: &str, e: impl std::fmt::Display) -> ReplayError {
    ReplayError::Failed(format!("redis replay store: {what}: {e}"))
}

impl RedisReplayStore {
    /// A store on `options.url`. Connects lazily: an unreachable Redis refuses codes (and
    /// [`RedisReplayStore::ping`] says so) until it is back.
    pub fn open(options: RedisOptions) -> Result<Self, ReplayError> {
        let client = redis::Client::open(options.url.as_str()).map_err(|e| failed("bad URL", e))?;
        Ok(Self { client, options, connection: None, claim: redis::Script::new(CLAIM), trust: redis::Script::new(TRUST) })
    }

    fn connection(&mut self) -> Result<&mut redis::Connection, ReplayError> {
        if self.connection.is_none() {
            let c = self.client.get_connection_with_timeout(self.options.timeout).map_err(|e| failed("connect", e))?;
            c.set_read_timeout(Some(self.options.timeout)).map_err(|e| failed("timeout", e))?;
            c.set_write_timeout(Some(self.options.timeout)).map_err(|e| failed("timeout", e))?;
            self.connection = Some(c);
        }
        Ok(self.connection.as_mut().expect("just connected"))
    }

    /// Runs `f` on the connection; any error drops the connection (the next call reconnects).
    fn with<T>(
        &mut self,
        what: &str,
        f: impl FnOnce(&mut redis::Connection, &RedisOptions, &redis::Script, &redis::Script) -> redis::RedisResult<T>,
    ) -> Result<T, ReplayError> {
        let options = self.options.clone();
        let (claim, trust) = (self.claim.clone(), self.trust.clone());
        let result = f(self.connection()?, &options, &claim, &trust);
        result.map_err(|e| {
            self.connection = None;
            failed(what, e)
        })
    }

    /// Whether Redis answers now (for health checks).
    pub fn ping(&mut self) -> Result<(), ReplayError> {
        self.with("ping", |c, _, _, _| redis::cmd("PING").query::<String>(c).map(|_| ()))
    }

    fn key(&self, alias: &str, kind: &str) -> String {
        // `{…}`: Redis Cluster hashes only the tag, so an alias's keys share a slot.
        format!("{}{{{}}}:{kind}", self.options.prefix, alias)
    }
}

impl ReplayStore for RedisReplayStore {
    fn claim(&mut self, c: &Claim<'_>) -> Result<ClaimOutcome, ReplayError> {
        let (alias_key, seen_key, trust_key) = (self.key(c.alias, "a"), self.key(c.alias, "s"), format!("{}trust", self.options.prefix));
        // Twice the window since this code: longer than any code it could refuse stays fresh.
        let ttl = (c.code_time - c.forget_before).max(1).saturating_mul(2) + 60;
        let (currency, units) = c.amount.unwrap_or(("", 0));
        let reply: (String, i64) = self.with("claim", |conn, _, claim, _| {
            claim
                .key(&alias_key)
                .key(&seen_key)
                .key(&trust_key)
                .arg(c.counter)
                .arg(c.code_time)
                .arg(currency)
                .arg(units)
                .arg(c.max_exposure.map_or(-1, |m| m as i64))
                .arg(c.forget_before)
                .arg(c.trust_sequence.map_or(-1, |s| s as i64))
                .arg(ttl)
                .invoke(conn)
        })?;
        let n = reply.1.max(0) as u64;
        Ok(match reply.0.as_str() {
            "accepted" => ClaimOutcome::Accepted,
            "replay" => ClaimOutcome::Replay,
            "rewind" => ClaimOutcome::CounterRewind { highest: n as u32 },
            "exposure" => ClaimOutcome::ExposureExceeded { exposure: n },
            "rollback" => ClaimOutcome::TrustListRollback { highest: n },
            other => return Err(failed("claim", format!("unexpected reply {other:?}"))),
        })
    }

    fn accept_trust_sequence(&mut self, sequence: u64) -> Result<u64, ReplayError> {
        let key = format!("{}trust", self.options.prefix);
        let highest: i64 = self.with("trust-list sequence", |conn, _, _, trust| trust.key(&key).arg(sequence).invoke(conn))?;
        Ok(highest.max(0) as u64)
    }
}
