//! The verifier: checks a code in a fixed order and names the first failure (docs/paycode-format.md
//! §8). Certificates already checked are cached, so a busy gate pays one signature check per code.
//! The trust list can be replaced while the verifier runs ([`Verifier::update_trust_list`]); a
//! list older than one already accepted, here or by any verifier sharing the replay store, is
//! refused (`trust_list_rollback`), and so is every code while the list is too old.

use super::cert::scope_bits;
use super::code::{signed_message, PaymentCode};
use super::replay::{Claim, MemoryReplayStore, ReplayStore};
use super::trust::TrustList;
use super::verdict::{new_outcome, RefusalReason, Verification, VerifierOptions, DEFAULT_MAX_TRUST_LIST_AGE_SECONDS};
use super::MAX_PAYLOAD_CHARS;
use crate::error::CrosspayError;
use crate::keys::{HighSPolicy, PublicKey, SignatureFormat};
use crate::money::Currency;
use crate::time::Instant;
use sha2::{Digest, Sha256};
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, RwLock};

struct Settings {
    max_age: i64,
    max_trust_age: i64,
    min_sequence: u64,
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
            max_trust_age: i64::from(options.max_trust_list_age_seconds.unwrap_or(DEFAULT_MAX_TRUST_LIST_AGE_SECONDS)),
            min_sequence: options.min_trust_list_sequence.unwrap_or(0),
            skew: i64::from(options.clock_skew_seconds.unwrap_or(30)),
            terminal_currency: options.terminal_currency.as_deref().map(Currency::from_code).transpose()?,
            scope,
            max_exposure: options
                .max_exposure
                .iter()
                .map(|l| crate::money::unsigned_minor_units(&l.amount, &l.currency))
                .collect::<Result<_, _>>()?,
        })
    }
}

/// A code verifier bound to one verified trust list at a time.
#[cfg_attr(feature = "uniffi", derive(uniffi::Object))]
pub struct Verifier {
    trust: RwLock<Arc<TrustList>>,
    settings: Settings,
    store: Mutex<Box<dyn ReplayStore>>,
    cache: Mutex<CertCache>,
}

impl std::fmt::Debug for Verifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let trust = self.current();
        write!(f, "Verifier(trust list {} from root {})", trust.sequence(), trust.root_kid)
    }
}

/// Certificates already checked against a trust list (by its sequence): issuer entry and key.
struct CertCache {
    capacity: usize,
    entries: HashMap<[u8; 32], (u64, usize, PublicKey)>,
    order: VecDeque<[u8; 32]>,
}

impl CertCache {
    fn get(&self, key: &[u8; 32], sequence: u64) -> Option<(usize, PublicKey)> {
        self.entries.get(key).filter(|e| e.0 == sequence).map(|e| (e.1, e.2.clone()))
    }

    fn put(&mut self, key: [u8; 32], value: (u64, usize, PublicKey)) {
        if self.capacity == 0 {
            return;
        }
        if let Some(entry) = self.entries.get_mut(&key) {
            *entry = value;
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

impl Verifier {
    /// A verifier with a bounded in-memory replay store.
    pub fn new(trust: TrustList, options: &VerifierOptions) -> Result<Self, CrosspayError> {
        let capacity = options.replay_capacity.unwrap_or(100_000) as usize;
        Self::with_store(trust, options, Box::new(MemoryReplayStore::new(capacity)))
    }

    /// A verifier with its own replay store (a file, a database). The store's highest accepted
    /// trust-list sequence (and `min_trust_list_sequence`) must not be above the list's:
    /// otherwise `trust_list_rollback`. The list's sequence is then recorded in the store.
    pub fn with_store(trust: TrustList, options: &VerifierOptions, mut store: Box<dyn ReplayStore>) -> Result<Self, CrosspayError> {
        let settings = Settings::from(options)?;
        let capacity = options.certificate_cache.unwrap_or(1024) as usize;
        if trust.sequence() < settings.min_sequence {
            return Err(rollback(trust.sequence(), settings.min_sequence));
        }
        let highest = store.accept_trust_sequence(trust.sequence())?;
        if highest > trust.sequence() {
            return Err(rollback(trust.sequence(), highest));
        }
        Ok(Self {
            trust: RwLock::new(Arc::new(trust)),
            settings,
            store: Mutex::new(store),
            cache: Mutex::new(CertCache { capacity, entries: HashMap::new(), order: VecDeque::new() }),
        })
    }

    fn current(&self) -> Arc<TrustList> {
        self.trust.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// The trust list in use.
    pub fn trust_list(&self) -> TrustList {
        self.current().as_ref().clone()
    }

    /// Replaces the trust list with a newer one signed by the same root. A lower sequence than
    /// any accepted before (here or in the shared replay store), or the same sequence with other
    /// contents, is refused with `trust_list_rollback` and the current list stays.
    pub fn update_trust_list(&self, trust: TrustList) -> Result<(), CrosspayError> {
        let mut slot = self.trust.write().unwrap_or_else(|e| e.into_inner());
        if trust.root_kid != slot.root_kid {
            return Err(CrosspayError::InvalidTrustList {
                reason: format!("signed by root {}, this verifier trusts root {}", trust.root_kid, slot.root_kid),
            });
        }
        if trust.sequence() < slot.sequence() || (trust.sequence() == slot.sequence() && trust.document() != slot.document()) {
            return Err(rollback(trust.sequence(), slot.sequence()));
        }
        let highest = self.store.lock().unwrap_or_else(|e| e.into_inner()).accept_trust_sequence(trust.sequence())?;
        if highest > trust.sequence() {
            return Err(rollback(trust.sequence(), highest));
        }
        *slot = Arc::new(trust);
        Ok(())
    }

    fn check(&self, trust: &TrustList, code: PaymentCode, now: i64) -> Verification {
        use RefusalReason as R;
        let mut out = new_outcome(code.container.as_str());
        let s = &self.settings;
        let issued = trust.issued_at().unix_seconds();
        let cert = &code.cert;
        let d = code.dynamic;
        out.0.alias = Some(cert.alias());
        out.0.counter = Some(d.counter);
        out.0.code_time = Some(super::cert::instant(d.time).to_rfc3339());
        let money = d.money(cert);
        if let Some((currency, units)) = money {
            out.0.amount = Some(crate::money::unsigned_units_text(currency, units));
            out.0.currency = Some(currency.code().into());
        }
        if now - issued > s.max_trust_age {
            let detail = format!("trust list {} was issued at {}, over {} s ago", trust.sequence(), trust.issued_at(), s.max_trust_age);
            return out.refuse(R::TrustListStale, detail);
        }
        // Issuer key, issuer signature and device key: once per certificate, then cached.
        let cache_key: [u8; 32] = Sha256::digest(&cert.bytes).into();
        let cached = self.cache.lock().unwrap_or_else(|e| e.into_inner()).get(&cache_key, trust.sequence());
        let kid = cert.issuer_kid();
        let device_key = match cached {
            Some((index, key)) if trust.doc.issuers[index].usable_at(now, s.skew).is_some() => key,
            _ => {
                let entries: Vec<_> = trust.issuers_with_kid(&kid).collect();
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
                self.cache.lock().unwrap_or_else(|e| e.into_inner()).put(cache_key, (trust.sequence(), index, key.clone()));
                key
            }
        };
        if now + s.skew < i64::from(cert.not_before) {
            return out.refuse(R::CertificateNotYetValid, format!("the certificate is valid from {}", cert.not_before()));
        }
        if now - s.skew > i64::from(cert.not_after) {
            return out.refuse(R::CertificateExpired, format!("the certificate expired at {}", cert.not_after()));
        }
        if trust.is_denied(&cert.alias) {
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
        if let (Some((currency, units)), Some((index, _))) = (money, d.amount) {
            let limit = cert.limits[index].1;
            if units > limit {
                let limit = crate::money::unsigned_units_text(currency, limit);
                return out.refuse(
                    R::OverLimit,
                    format!(
                        "{} {} is over the offline limit ({limit})",
                        crate::money::unsigned_units_text(currency, units),
                        currency.code()
                    ),
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
        // Everything that needs the replay state is one atomic claim.
        let alias = cert.alias();
        let max_exposure = money.and_then(|(currency, _)| s.max_exposure.iter().find(|(c, _)| *c == currency).map(|(_, max)| *max));
        let claim = Claim {
            alias: &alias,
            counter: d.counter,
            code_time: time,
            amount: money.map(|(c, u)| (c.code(), u)),
            max_exposure,
            forget_before: now - s.max_age - s.skew,
            trust_sequence: Some(trust.sequence()),
        };
        let outcome = self.store.lock().unwrap_or_else(|e| e.into_inner()).claim(&claim);
        let exposure = |so_far: u64| match (money, max_exposure) {
            (Some((currency, units)), Some(max)) => format!(
                "offline exposure would reach {} of {}",
                crate::money::unsigned_units_text(currency, so_far.saturating_add(units)),
                crate::money::unsigned_units_text(currency, max)
            ),
            _ => "offline exposure over the limit".into(),
        };
        match outcome {
            Ok(outcome) => out.claimed(outcome, &format!("alias {alias} counter {}", d.counter), exposure),
            Err(e) => out.store_failed(e),
        }
    }
}

#[cfg_attr(feature = "uniffi", uniffi::export)]
impl Verifier {
    /// Checks `payload` at `at` (the terminal's clock, RFC 3339) and, when it is accepted,
    /// records it so it is never accepted again. Errors only for a malformed `at`.
    pub fn verify(&self, payload: &str, at: &str) -> Result<Verification, CrosspayError> {
        let now = Instant::parse(at)?.unix_seconds();
        // Until the code parses, its container is what its first characters say.
        let unparsed = || new_outcome(if payload.starts_with(super::code::COMPACT_PREFIX) { "compact" } else { "cpm" });
        if payload.len() > MAX_PAYLOAD_CHARS {
            let detail = format!("{} bytes; no payment code is longer than {MAX_PAYLOAD_CHARS}", payload.len());
            return Ok(unparsed().refuse(RefusalReason::InputTooLarge, detail));
        }
        Ok(match PaymentCode::parse(payload.trim_end_matches(['\r', '\n'])) {
            Ok(code) => self.check(&self.current(), code, now),
            Err(why) => unparsed().refuse(RefusalReason::Malformed, why),
        })
    }
}

fn rollback(offered: u64, highest: u64) -> CrosspayError {
    CrosspayError::TrustListRollback { offered, highest }
}
