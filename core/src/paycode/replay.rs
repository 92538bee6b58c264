//! Replay stores: what a verifier remembers per alias — the highest counter accepted, the
//! counters seen inside the freshness window, the offline exposure accepted per currency — and
//! the highest trust-list sequence it has accepted.
//!
//! A store has one operation that changes it, the **claim** ([`ReplayStore::claim`]): check the
//! trust-list sequence, the seen set, the counter and the exposure, and record the use, all or
//! nothing. Two verifiers sharing a store can therefore never both accept one code, nor push an
//! alias over its exposure limit between them.
//!
//! Forgetting rule: a code older than the freshness window is refused as stale whatever the
//! store says, so a seen counter (or a whole alias whose codes are all that old) can be
//! forgotten then and only then. A full store that cannot forget anything refuses new aliases
//! (`replay_store_full`): it fails closed.

use std::collections::{BTreeMap, HashMap};

/// Why a store could not answer. Either way the verifier refuses the code (fails closed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReplayError {
    /// No room for a new alias and nothing is old enough to forget.
    Full,
    /// Reading or writing failed.
    Failed(String),
}

impl std::fmt::Display for ReplayError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Full => f.write_str("the replay store is full of codes still in their freshness window"),
            Self::Failed(why) => f.write_str(why),
        }
    }
}

impl From<ReplayError> for crate::error::CrosspayError {
    fn from(e: ReplayError) -> Self {
        Self::ReplayStoreFailed { reason: e.to_string() }
    }
}

/// One use of a code, to check and record atomically.
#[derive(Debug, Clone, Copy)]
pub struct Claim<'a> {
    pub alias: &'a str,
    pub counter: u32,
    /// Unix seconds the code carries.
    pub code_time: i64,
    /// Currency code and minor units, when the code carried an amount.
    pub amount: Option<(&'a str, u64)>,
    /// The cumulative offline exposure allowed for the alias in the amount's currency.
    pub max_exposure: Option<u64>,
    /// Codes made before this (Unix seconds) are stale: their counters may be forgotten.
    pub forget_before: i64,
    /// The sequence of the trust list the code was checked against (none for numeric codes):
    /// refused when the store has already accepted a higher one.
    pub trust_sequence: Option<u64>,
}

/// What a claim found. Only [`ClaimOutcome::Accepted`] changed the store. As JSON (a JS host
/// store's answer): `{"outcome": "accepted"}`, `{"outcome": "counter_rewind", "highest": 5}`, …
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case", deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum ClaimOutcome {
    Accepted,
    /// This alias and counter were already accepted.
    Replay,
    /// The counter is not above the highest accepted.
    CounterRewind {
        highest: u32,
    },
    /// The amount would take the exposure (accepted so far: `exposure`) over the maximum.
    ExposureExceeded {
        exposure: u64,
    },
    /// The store has accepted a later trust list (`highest`).
    TrustListRollback {
        highest: u64,
    },
}

/// Where a verifier remembers accepted codes. Implement it over a database for a fleet of
/// terminals; [`MemoryReplayStore`] and, with the `file-store` feature, [`FileReplayStore`]
/// (SQLite) are the built-in ones. Every method must be atomic with respect to every other
/// verifier sharing the same state.
pub trait ReplayStore: Send {
    /// Checks, in this order, the trust-list sequence, the seen set, the counter and the
    /// exposure, and records the use only if all pass.
    fn claim(&mut self, claim: &Claim<'_>) -> Result<ClaimOutcome, ReplayError>;

    /// Records `sequence` as accepted unless a higher one already is; returns the highest
    /// accepted afterwards (so a result above `sequence` means the list is a rollback).
    fn accept_trust_sequence(&mut self, sequence: u64) -> Result<u64, ReplayError>;
}

/// An alias's state, shared by the in-memory and file stores' logic.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct AliasRecord {
    pub highest: u32,
    /// Counter → code time, for codes still inside the freshness window.
    pub seen: BTreeMap<u32, i64>,
    /// Currency → accepted minor units.
    pub exposure: BTreeMap<String, u64>,
    pub last_time: i64,
}

impl AliasRecord {
    /// The claim's checks against this record (`None`: a new alias); `Accepted` when it may be
    /// recorded. One place decides, for every built-in store.
    pub fn judge(record: Option<&Self>, c: &Claim<'_>) -> ClaimOutcome {
        let Some(r) = record else {
            return match (c.amount, c.max_exposure) {
                (Some((_, units)), Some(max)) if units > max => ClaimOutcome::ExposureExceeded { exposure: 0 },
                _ => ClaimOutcome::Accepted,
            };
        };
        if c.counter == r.highest || r.seen.contains_key(&c.counter) {
            return ClaimOutcome::Replay;
        }
        if c.counter < r.highest {
            return ClaimOutcome::CounterRewind { highest: r.highest };
        }
        if let (Some((currency, units)), Some(max)) = (c.amount, c.max_exposure) {
            let exposure = r.exposure.get(currency).copied().unwrap_or(0);
            if exposure.saturating_add(units) > max {
                return ClaimOutcome::ExposureExceeded { exposure };
            }
        }
        ClaimOutcome::Accepted
    }

    /// Records an accepted claim.
    pub fn record(&mut self, c: &Claim<'_>) {
        self.seen.retain(|_, t| *t >= c.forget_before);
        self.seen.insert(c.counter, c.code_time);
        self.highest = self.highest.max(c.counter);
        self.last_time = self.last_time.max(c.code_time);
        if let Some((currency, units)) = c.amount {
            let total = self.exposure.entry(currency.to_string()).or_insert(0);
            *total = total.saturating_add(units);
        }
    }
}

/// A bounded in-memory store (a gate's default). Lost with the process: a gate that restarts
/// needs a [`FileReplayStore`] (or its own) to keep refusing replays.
#[derive(Debug, Clone)]
pub struct MemoryReplayStore {
    aliases: HashMap<String, AliasRecord>,
    capacity: usize,
    trust_sequence: u64,
}

impl MemoryReplayStore {
    /// A store that remembers at most `capacity` aliases at once.
    pub fn new(capacity: usize) -> Self {
        Self { aliases: HashMap::new(), capacity: capacity.max(1), trust_sequence: 0 }
    }

    pub fn len(&self) -> usize {
        self.aliases.len()
    }

    pub fn is_empty(&self) -> bool {
        self.aliases.is_empty()
    }
}

impl ReplayStore for MemoryReplayStore {
    fn claim(&mut self, c: &Claim<'_>) -> Result<ClaimOutcome, ReplayError> {
        if let Some(highest) = c.trust_sequence.filter(|s| *s < self.trust_sequence).map(|_| self.trust_sequence) {
            return Ok(ClaimOutcome::TrustListRollback { highest });
        }
        let outcome = AliasRecord::judge(self.aliases.get(c.alias), c);
        if outcome != ClaimOutcome::Accepted {
            return Ok(outcome);
        }
        if !self.aliases.contains_key(c.alias) && self.aliases.len() >= self.capacity {
            self.aliases.retain(|_, r| r.last_time >= c.forget_before);
            if self.aliases.len() >= self.capacity {
                return Err(ReplayError::Full);
            }
        }
        self.aliases.entry(c.alias.to_string()).or_default().record(c);
        Ok(ClaimOutcome::Accepted)
    }

    fn accept_trust_sequence(&mut self, sequence: u64) -> Result<u64, ReplayError> {
        self.trust_sequence = self.trust_sequence.max(sequence);
        Ok(self.trust_sequence)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(alias: &str, counter: u32, units: Option<u64>) -> Claim<'_> {
        Claim {
            alias,
            counter,
            code_time: 1_000 + i64::from(counter),
            amount: units.map(|u| ("HKD", u)),
            max_exposure: Some(1_000),
            forget_before: 0,
            trust_sequence: Some(3),
        }
    }

    #[test]
    fn a_claim_is_all_or_nothing() {
        let mut s = MemoryReplayStore::new(10);
        assert_eq!(s.claim(&claim("a", 1, Some(600))).unwrap(), ClaimOutcome::Accepted);
        assert_eq!(s.claim(&claim("a", 1, Some(1))).unwrap(), ClaimOutcome::Replay);
        // Refused for exposure: nothing is recorded, so counter 2 is still free afterwards.
        assert_eq!(s.claim(&claim("a", 2, Some(500))).unwrap(), ClaimOutcome::ExposureExceeded { exposure: 600 });
        assert_eq!(s.claim(&claim("a", 2, Some(400))).unwrap(), ClaimOutcome::Accepted);
        assert_eq!(s.claim(&claim("a", 5, None)).unwrap(), ClaimOutcome::Accepted);
        assert_eq!(s.claim(&claim("a", 3, None)).unwrap(), ClaimOutcome::CounterRewind { highest: 5 });
        assert_eq!(s.claim(&claim("a", 1, None)).unwrap(), ClaimOutcome::Replay);
        assert_eq!(s.claim(&claim("b", 1, Some(1_001))).unwrap(), ClaimOutcome::ExposureExceeded { exposure: 0 });
        assert!(!s.aliases.contains_key("b"));
    }

    #[test]
    fn a_later_trust_list_refuses_claims_made_under_an_earlier_one() {
        let mut s = MemoryReplayStore::new(10);
        assert_eq!(s.accept_trust_sequence(3).unwrap(), 3);
        assert_eq!(s.accept_trust_sequence(2).unwrap(), 3, "a lower sequence does not lower the mark");
        assert_eq!(s.claim(&claim("a", 1, None)).unwrap(), ClaimOutcome::Accepted);
        assert_eq!(s.accept_trust_sequence(4).unwrap(), 4);
        assert_eq!(s.claim(&claim("a", 2, None)).unwrap(), ClaimOutcome::TrustListRollback { highest: 4 });
    }
}
