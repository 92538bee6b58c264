//! A replay store the host app implements over its own database (uniffi: a Kotlin, Swift or Python
//! object): the same atomic claim as the built-in stores, handed over whole, so the host checks
//! and records it in one transaction of its own.

use super::replay::{Claim, ClaimOutcome, ReplayError, ReplayStore};
use std::sync::Arc;

/// One use of a code, as the host's store receives it (an owned [`Claim`]).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct StoreClaim {
    pub alias: String,
    pub counter: u32,
    /// Unix seconds the code carries.
    pub code_time: i64,
    /// The amount's currency code and minor units, when the code carried an amount.
    pub currency: Option<String>,
    pub units: Option<u64>,
    /// The cumulative offline exposure allowed for the alias in that currency.
    pub max_exposure: Option<u64>,
    /// Counters of codes made before this (Unix seconds) may be forgotten: they are stale anyway.
    pub forget_before: i64,
    /// The trust-list sequence the code was checked against (none for numeric codes).
    pub trust_sequence: Option<u64>,
}

/// What a host store may report when it cannot answer: the code is refused
/// (`replay_store_failed`), never accepted unrecorded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Error))]
pub enum StoreError {
    #[error("the host's replay store failed: {reason}")]
    Failed { reason: String },
}

#[cfg(feature = "uniffi")]
impl From<uniffi::UnexpectedUniFFICallbackError> for StoreError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        Self::Failed { reason: e.reason }
    }
}

/// A replay store the host implements. `claim` must be atomic against every verifier sharing the
/// store (one database transaction): in this order, refuse with `TrustListRollback { highest }`
/// when `trust_sequence` is below the highest sequence accepted; for an alias already known,
/// `Replay` when the counter is its highest or among those seen, `CounterRewind { highest }` when
/// it is lower than the highest; `ExposureExceeded { exposure }` when the alias's exposure in the
/// currency plus `units` would pass `max_exposure`; otherwise record (counter seen with its code
/// time, highest counter, exposure) and return `Accepted`. Seen counters older than
/// `forget_before` may be dropped. `accept_trust_sequence` records a sequence unless a higher one
/// is there and returns the highest.
#[cfg_attr(feature = "uniffi", uniffi::export(with_foreign))]
pub trait ForeignReplayStore: Send + Sync {
    fn claim(&self, claim: StoreClaim) -> Result<ClaimOutcome, StoreError>;
    fn accept_trust_sequence(&self, sequence: u64) -> Result<u64, StoreError>;
}

/// A [`ForeignReplayStore`] as a [`ReplayStore`], for `Verifier::with_store`.
pub struct HostReplayStore(pub Arc<dyn ForeignReplayStore>);

fn failed(e: StoreError) -> ReplayError {
    ReplayError::Failed(e.to_string())
}

impl From<&Claim<'_>> for StoreClaim {
    fn from(c: &Claim<'_>) -> Self {
        Self {
            alias: c.alias.to_string(),
            counter: c.counter,
            code_time: c.code_time,
            currency: c.amount.map(|(currency, _)| currency.to_string()),
            units: c.amount.map(|(_, units)| units),
            max_exposure: c.max_exposure,
            forget_before: c.forget_before,
            trust_sequence: c.trust_sequence,
        }
    }
}

impl ReplayStore for HostReplayStore {
    fn claim(&mut self, c: &Claim<'_>) -> Result<ClaimOutcome, ReplayError> {
        self.0.claim(StoreClaim::from(c)).map_err(failed)
    }

    fn accept_trust_sequence(&mut self, sequence: u64) -> Result<u64, ReplayError> {
        self.0.accept_trust_sequence(sequence).map_err(failed)
    }
}
