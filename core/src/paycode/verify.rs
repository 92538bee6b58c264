//! The verifier: checks a code in a fixed order and names the first failure (docs/paycode-format.md
//! §8). Certificates already checked are cached, so a busy gate pays one signature check per code.

use super::cert::{amount_text, scope_bits, OfflineLimit};
use super::code::{signed_message, PaymentCode};
use super::numeric::{assemble, check_prefix, luhn_check_digit, step_at, NumericSeed, NUMERIC_STEP_SECONDS};
use super::replay::{AcceptedUse, MemoryReplayStore, ReplayError, ReplayStore};
use super::trust::TrustList;
use crate::error::CrosspayError;
use crate::keys::{HighSPolicy, PublicKey, SignatureFormat};
use crate::money::Currency;
use crate::time::Instant;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;
use subtle::ConstantTimeEq;

/// Why a code was refused; stable snake_case names, in the order the verifier checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum RefusalReason {
    /// Not an exact encoding: prefix/version, Base45/base64, lengths, trailing bytes, TLV order.
    Malformed,
    /// No trust-list key has the certificate's issuer kid.
    UnknownIssuer,
    /// Keys with that kid exist but are revoked or outside their validity (rotated out).
    IssuerKeyInactive,
    BadIssuerSignature,
    /// The certified device key is not a point on P-256.
    InvalidDeviceKey,
    CertificateNotYetValid,
    CertificateExpired,
    /// The alias is on the trust list's deny list.
    Revoked,
    BadDeviceSignature,
    /// Older than the maximum age (plus skew).
    Stale,
    /// Made later than now (plus skew).
    Future,
    /// This alias and counter were already accepted.
    Replay,
    /// The counter is not above the highest accepted for the alias (a rewound wallet).
    CounterRewind,
    /// The amount is above the certificate's limit in its currency (or it has none there).
    OverLimit,
    WrongCurrency,
    WrongScope,
    /// Accepting it would take the alias's cumulative offline exposure over the limit.
    ExposureExceeded,
    /// The replay store is full of codes still inside the freshness window (fails closed).
    ReplayStoreFull,
    /// The replay store could not be read or written (fails closed).
    ReplayStoreFailed,
    /// Numeric codes: the Luhn check digit is wrong.
    BadCheckDigit,
    /// Numeric codes: the prefix belongs to another scheme.
    ReservedPrefix,
    /// Numeric codes: no seed gives this code at T−1, T or T+1.
    NoMatch,
}

impl RefusalReason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Malformed => "malformed",
            Self::UnknownIssuer => "unknown_issuer",
            Self::IssuerKeyInactive => "issuer_key_inactive",
            Self::BadIssuerSignature => "bad_issuer_signature",
            Self::InvalidDeviceKey => "invalid_device_key",
            Self::CertificateNotYetValid => "certificate_not_yet_valid",
            Self::CertificateExpired => "certificate_expired",
            Self::Revoked => "revoked",
            Self::BadDeviceSignature => "bad_device_signature",
            Self::Stale => "stale",
            Self::Future => "future",
            Self::Replay => "replay",
            Self::CounterRewind => "counter_rewind",
            Self::OverLimit => "over_limit",
            Self::WrongCurrency => "wrong_currency",
            Self::WrongScope => "wrong_scope",
            Self::ExposureExceeded => "exposure_exceeded",
            Self::ReplayStoreFull => "replay_store_full",
            Self::ReplayStoreFailed => "replay_store_failed",
            Self::BadCheckDigit => "bad_check_digit",
            Self::ReservedPrefix => "reserved_prefix",
            Self::NoMatch => "no_match",
        }
    }
}

/// A verifier's settings; every field is optional.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct VerifierOptions {
    /// How long a code lives, in seconds (default 60).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub max_age_seconds: Option<u32>,
    /// Allowed clock difference between device and terminal, for codes and certificates (default 30).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub clock_skew_seconds: Option<u32>,
    /// Codes with an amount must be in this currency.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub terminal_currency: Option<String>,
    /// The terminal's scope (`transit` or `retail`): the certificate must grant it.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub scope: Option<String>,
    /// Cumulative offline exposure allowed per alias, per currency.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = []))]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub max_exposure: Vec<OfflineLimit>,
    /// Aliases the in-memory replay store holds (default 100000).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub replay_capacity: Option<u32>,
    /// Verified certificates kept (default 1024; 0 turns the cache off).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub certificate_cache: Option<u32>,
}

/// The verdict on one code.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Verification {
    pub accepted: bool,
    /// The first check that failed (absent when accepted).
    pub reason: Option<RefusalReason>,
    /// What happened, for logs and people.
    pub detail: String,
    /// The certificate alias (numeric codes: the seed id), once known.
    pub alias: Option<String>,
    /// The code's counter (numeric codes: the time step).
    pub counter: Option<u32>,
    pub amount: Option<String>,
    pub currency: Option<String>,
    /// When the code was made (RFC 3339).
    pub code_time: Option<String>,
    /// `compact`, `cpm` or `numeric`.
    pub container: Option<String>,
}

struct Settings {
    max_age: i64,
    skew: i64,
    terminal_currency: Option<Currency>,
    scope: Option<u8>,
    max_exposure: Vec<(Currency, u64)>,
}

impl Settings {
    fn from(options: &VerifierOptions) -> Result<Self, CrosspayError> {
        let bad = |reason: String| CrosspayError::InvalidOptions { reason };
        let scope = options.scope.as_ref().map(|s| scope_bits(std::slice::from_ref(s))).transpose().map_err(bad)?;
        Ok(Self {
            max_age: i64::from(options.max_age_seconds.unwrap_or(60)),
            skew: i64::from(options.clock_skew_seconds.unwrap_or(30)),
            terminal_currency: options.terminal_currency.as_deref().map(Currency::from_code).transpose()?,
            scope,
            max_exposure: options
                .max_exposure
                .iter()
                .map(|l| super::cert::minor_units(&l.amount, &l.currency))
                .collect::<Result<_, _>>()?,
        })
    }
}

/// A code verifier bound to one verified trust list.
#[cfg_attr(feature = "uniffi", derive(uniffi::Object))]
pub struct Verifier {
    trust: TrustList,
    settings: Settings,
    store: Mutex<Box<dyn ReplayStore>>,
    cache: Mutex<CertCache>,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Verifier(trust list {} from root {})", self.trust.sequence(), self.trust.root_kid)
    }
}

struct CertCache {
    capacity: usize,
    entries: HashMap<[u8; 32], (usize, PublicKey)>,
    order: VecDeque<[u8; 32]>,
}

impl CertCache {
    fn get(&self, key: &[u8; 32]) -> Option<(usize, PublicKey)> {
        self.entries.get(key).cloned()
    }

    fn put(&mut self, key: [u8; 32], value: (usize, PublicKey)) {
        if self.capacity == 0 || self.entries.contains_key(&key) {
            return;
        }
        if self.entries.len() >= self.capacity {
            if let Some(old) = self.order.pop_front() {
                self.entries.remove(&old);
            }
        }
        self.order.push_back(key);
        self.entries.insert(key, value);
    }
}

/// A running verdict: fills in what is known as checks pass.
struct Outcome(Verification);

impl Outcome {
    fn refuse(mut self, reason: RefusalReason, detail: impl Into<String>) -> Verification {
        self.0.reason = Some(reason);
        self.0.detail = detail.into();
        self.0
    }
}

fn new_outcome(container: &str) -> Outcome {
    Outcome(Verification {
        accepted: false,
        reason: None,
        detail: String::new(),
        alias: None,
        counter: None,
        amount: None,
        currency: None,
        code_time: None,
        container: Some(container.into()),
    })
}

fn store_refusal(e: ReplayError) -> (RefusalReason, String) {
    match e {
        ReplayError::Full => (RefusalReason::ReplayStoreFull, "the replay store is full of codes still in their freshness window".into()),
        ReplayError::Failed(why) => (RefusalReason::ReplayStoreFailed, why),
    }
}

impl Verifier {
    /// A verifier with a bounded in-memory replay store.
    pub fn new(trust: TrustList, options: &VerifierOptions) -> Result<Self, CrosspayError> {
        let capacity = options.replay_capacity.unwrap_or(100_000) as usize;
        Self::with_store(trust, options, Box::new(MemoryReplayStore::new(capacity)))
    }

    /// A verifier with its own replay store (a file, a database).
    pub fn with_store(trust: TrustList, options: &VerifierOptions, store: Box<dyn ReplayStore>) -> Result<Self, CrosspayError> {
        let capacity = options.certificate_cache.unwrap_or(1024) as usize;
        Ok(Self {
            trust,
            settings: Settings::from(options)?,
            store: Mutex::new(store),
            cache: Mutex::new(CertCache { capacity, entries: HashMap::new(), order: VecDeque::new() }),
        })
    }

    pub fn trust_list(&self) -> &TrustList {
        &self.trust
    }

    /// Checks `payload` at `at` (the terminal's clock, RFC 3339) and, when it is accepted,
    /// records it so it is never accepted again. Errors only for a malformed `at`.
    pub fn verify(&self, payload: &str, at: &str) -> Result<Verification, CrosspayError> {
        let now = Instant::parse(at)?.unix_seconds();
        let container = if payload.starts_with(super::code::COMPACT_PREFIX) { "compact" } else { "cpm" };
        let out = new_outcome(container);
        let code = match PaymentCode::parse(payload.trim_end_matches(['\r', '\n'])) {
            Ok(code) => code,
            Err(why) => return Ok(out.refuse(RefusalReason::Malformed, why)),
        };
        let out = new_outcome(code.container.as_str());
        Ok(self.check(code, now, out))
    }

    fn check(&self, code: PaymentCode, now: i64, mut out: Outcome) -> Verification {
        use RefusalReason as R;
        let s = &self.settings;
        let cert = &code.cert;
        let d = code.dynamic;
        out.0.alias = Some(cert.alias());
        out.0.counter = Some(d.counter);
        out.0.code_time = Some(super::cert::instant(d.time).to_rfc3339());
        let money = d.money(cert);
        if let Some((currency, units)) = money {
            out.0.amount = Some(amount_text(currency, units));
            out.0.currency = Some(currency.code().into());
        }
        // Issuer key, issuer signature and device key: once per certificate, then cached.
        let cache_key: [u8; 32] = Sha256::digest(&cert.bytes).into();
        let cached = self.cache.lock().unwrap_or_else(|e| e.into_inner()).get(&cache_key);
        let kid = cert.issuer_kid();
        let device_key = match cached {
            Some((index, key)) if self.trust.doc.issuers[index].usable_at(now, s.skew).is_some() => key,
            _ => {
                let entries: Vec<_> = self.trust.issuers_with_kid(&kid).collect();
                if entries.is_empty() {
                    return out.refuse(R::UnknownIssuer, format!("no trusted issuer key has kid {kid}"));
                }
                let usable: Vec<_> = entries.iter().filter_map(|(i, e)| e.usable_at(now, s.skew).map(|k| (*i, k))).collect();
                if usable.is_empty() {
                    return out.refuse(R::IssuerKeyInactive, format!("issuer key {kid} is revoked or outside its validity"));
                }
                let Some(index) = usable.iter().find(|(_, k)| cert.is_signed_by(k)).map(|(i, _)| *i) else {
                    return out.refuse(R::BadIssuerSignature, format!("the certificate's signature does not verify with issuer key {kid}"));
                };
                let Ok(key) = cert.device_public_key() else {
                    return out.refuse(R::InvalidDeviceKey, "the certified device key is not a P-256 point");
                };
                self.cache.lock().unwrap_or_else(|e| e.into_inner()).put(cache_key, (index, key.clone()));
                key
            }
        };
        if now + s.skew < i64::from(cert.not_before) {
            return out.refuse(R::CertificateNotYetValid, format!("the certificate is valid from {}", cert.not_before()));
        }
        if now - s.skew > i64::from(cert.not_after) {
            return out.refuse(R::CertificateExpired, format!("the certificate expired at {}", cert.not_after()));
        }
        if self.trust.is_denied(&cert.alias) {
            return out.refuse(R::Revoked, format!("alias {} is on the deny list", cert.alias()));
        }
        let message = signed_message(cert, &d);
        if !device_key.verify(&message, &code.signature, SignatureFormat::P1363, HighSPolicy::Reject).valid {
            return out.refuse(R::BadDeviceSignature, "the device signature does not verify");
        }
        let time = i64::from(d.time);
        if time > now + s.skew {
            return out.refuse(R::Future, format!("made {} s in the future (skew allowed {} s)", time - now, s.skew));
        }
        if now - time > s.max_age + s.skew {
            return out.refuse(R::Stale, format!("made {} s ago; codes live {} s (+{} s skew)", now - time, s.max_age, s.skew));
        }
        let alias = cert.alias();
        let currency = money.map(|(c, _)| c.code());
        let mut store = self.store.lock().unwrap_or_else(|e| e.into_inner());
        let view = match store.lookup(&alias, d.counter, currency) {
            Ok(v) => v,
            Err(e) => {
                let (reason, detail) = store_refusal(e);
                return out.refuse(reason, detail);
            }
        };
        if view.seen {
            return out.refuse(R::Replay, format!("alias {alias} counter {} was already accepted", d.counter));
        }
        if let Some(highest) = view.highest.filter(|h| d.counter <= *h) {
            return out.refuse(R::CounterRewind, format!("counter {} is not above {highest}, the highest accepted", d.counter));
        }
        if let (Some((currency, units)), Some((index, _))) = (money, d.amount) {
            let limit = cert.limits[index].1;
            if units > limit {
                let limit = amount_text(currency, limit);
                return out.refuse(
                    R::OverLimit,
                    format!("{} {} is over the offline limit ({limit})", amount_text(currency, units), currency.code()),
                );
            }
            if let Some(terminal) = s.terminal_currency.filter(|t| *t != currency) {
                return out.refuse(R::WrongCurrency, format!("the code is in {}, the terminal takes {}", currency.code(), terminal.code()));
            }
        }
        if let Some(scope) = s.scope.filter(|bit| cert.scope & bit == 0) {
            let names = super::cert::scope_names(scope).join(",");
            return out.refuse(R::WrongScope, format!("the certificate is for {}, not {names}", cert.scopes().join(",")));
        }
        if let Some((currency, units)) = money {
            if let Some((_, max)) = s.max_exposure.iter().find(|(c, _)| *c == currency) {
                if view.exposure.saturating_add(units) > *max {
                    return out.refuse(
                        R::ExposureExceeded,
                        format!(
                            "offline exposure would reach {} of {}",
                            amount_text(currency, view.exposure + units),
                            amount_text(currency, *max)
                        ),
                    );
                }
            }
        }
        let accepted = AcceptedUse {
            alias: &alias,
            counter: d.counter,
            code_time: time,
            amount: money.map(|(c, u)| (c.code(), u)),
            forget_before: now - s.max_age - s.skew,
        };
        if let Err(e) = store.record(&accepted) {
            let (reason, detail) = store_refusal(e);
            return out.refuse(reason, detail);
        }
        out.0.accepted = true;
        out.0.detail = format!("accepted: alias {alias} counter {}", d.counter);
        out.0
    }
}

/// A verifier for 18-digit numeric codes, holding the seeds it may match.
#[cfg_attr(feature = "uniffi", derive(uniffi::Object))]
pub struct NumericVerifier {
    seeds: Vec<NumericSeed>,
    store: Mutex<Box<dyn ReplayStore>>,
}

impl std::fmt::Debug for NumericVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NumericVerifier({} seeds)", self.seeds.len())
    }
}

impl NumericVerifier {
    pub fn new(seeds: Vec<NumericSeed>) -> Self {
        Self::with_store(seeds, Box::new(MemoryReplayStore::new(100_000)))
    }

    pub fn with_store(seeds: Vec<NumericSeed>, store: Box<dyn ReplayStore>) -> Self {
        Self { seeds, store: Mutex::new(store) }
    }

    /// Checks an 18-digit code at `at`: digits, Luhn, prefix, then every seed at steps T−1..T+1
    /// with constant-time comparison; an accepted (seed, step) is never accepted again, nor is
    /// an earlier step of that seed.
    pub fn verify(&self, code: &str, at: &str) -> Result<Verification, CrosspayError> {
        use RefusalReason as R;
        let step = step_at(Instant::parse(at)?);
        let out = new_outcome("numeric");
        if code.len() != 18 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(out.refuse(R::Malformed, "a numeric code is exactly 18 digits"));
        }
        if luhn_check_digit(&code[..17]) != Some(code.as_bytes()[17] - b'0') {
            return Ok(out.refuse(R::BadCheckDigit, "the Luhn check digit is wrong"));
        }
        if let Err(why) = check_prefix(&code[..2]) {
            return Ok(out.refuse(R::ReservedPrefix, why));
        }
        let mut found: Option<(usize, u64)> = None;
        for (i, seed) in self.seeds.iter().enumerate() {
            for candidate in step.saturating_sub(1)..=step + 1 {
                let expected = assemble(&code[..2], &seed.body(candidate));
                if bool::from(expected.as_bytes().ct_eq(code.as_bytes())) && found.is_none() {
                    found = Some((i, candidate));
                }
            }
        }
        let Some((index, matched)) = found else {
            return Ok(out.refuse(R::NoMatch, "no seed gives this code within one time step of now"));
        };
        let mut out = out;
        let alias = self.seeds[index].seed_id();
        let counter = u32::try_from(matched).unwrap_or(u32::MAX);
        out.0.alias = Some(alias.clone());
        out.0.counter = Some(counter);
        out.0.code_time = Instant::from_unix_seconds(matched as i64 * NUMERIC_STEP_SECONDS as i64).ok().map(|t| t.to_rfc3339());
        let replay_alias = format!("numeric:{alias}");
        let mut store = self.store.lock().unwrap_or_else(|e| e.into_inner());
        let view = match store.lookup(&replay_alias, counter, None) {
            Ok(v) => v,
            Err(e) => {
                let (reason, detail) = store_refusal(e);
                return Ok(out.refuse(reason, detail));
            }
        };
        if view.seen {
            return Ok(out.refuse(R::Replay, "this code was already used"));
        }
        if view.highest.is_some_and(|h| counter <= h) {
            return Ok(out.refuse(R::CounterRewind, "a later code of this seed was already used"));
        }
        let forget_before = (step.saturating_sub(1) * NUMERIC_STEP_SECONDS) as i64;
        let accepted =
            AcceptedUse { alias: &replay_alias, counter, code_time: (matched * NUMERIC_STEP_SECONDS) as i64, amount: None, forget_before };
        if let Err(e) = store.record(&accepted) {
            let (reason, detail) = store_refusal(e);
            return Ok(out.refuse(reason, detail));
        }
        out.0.accepted = true;
        out.0.detail = format!("accepted: seed {alias} step {matched}");
        Ok(out.0)
    }
}
