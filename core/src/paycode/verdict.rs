//! What a verifier says: the refusal reasons in the order they are checked, the verifier's
//! options, and the verdict on one code.

use super::cert::OfflineLimit;
use super::replay::{ClaimOutcome, ReplayError};

/// Why a code was refused; stable snake_case names, in the order the verifier checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum RefusalReason {
    /// Longer than any code can be (docs/paycode-format.md §8): refused before any work.
    InputTooLarge,
    /// Not an exact encoding: prefix/version, Base45/base64, lengths, trailing bytes, TLV order.
    Malformed,
    /// The verifier's trust list is older than its maximum age: fetch a new one.
    TrustListStale,
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
    /// The amount is above the certificate's limit in its currency (or it has none there).
    OverLimit,
    WrongCurrency,
    WrongScope,
    /// The replay store has accepted a later trust list than the one this verifier holds
    /// (another verifier sharing the store was updated): this one must be updated too.
    TrustListRollback,
    /// This alias and counter were already accepted.
    Replay,
    /// The counter is not above the highest accepted for the alias (a rewound wallet).
    CounterRewind,
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
            Self::InputTooLarge => "input_too_large",
            Self::Malformed => "malformed",
            Self::TrustListStale => "trust_list_stale",
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
            Self::OverLimit => "over_limit",
            Self::WrongCurrency => "wrong_currency",
            Self::WrongScope => "wrong_scope",
            Self::TrustListRollback => "trust_list_rollback",
            Self::Replay => "replay",
            Self::CounterRewind => "counter_rewind",
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
    /// A trust list older than this (from its `issued_at`) refuses every code with
    /// `trust_list_stale`, in seconds (default 604800, 7 days).
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub max_trust_list_age_seconds: Option<u32>,
    /// The lowest trust-list sequence this verifier may start from (the last one it is known
    /// to have had); a lower one is refused with `trust_list_rollback`.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub min_trust_list_sequence: Option<u64>,
}

/// The default of [`VerifierOptions::max_trust_list_age_seconds`]: 7 days.
pub const DEFAULT_MAX_TRUST_LIST_AGE_SECONDS: u32 = 7 * 86_400;

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

/// A running verdict: fills in what is known as checks pass.
pub(crate) struct Outcome(pub Verification);

impl Outcome {
    pub fn refuse(mut self, reason: RefusalReason, detail: impl Into<String>) -> Verification {
        self.0.reason = Some(reason);
        self.0.detail = detail.into();
        self.0
    }
}

pub(crate) fn new_outcome(container: &str) -> Outcome {
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

impl Outcome {
    /// The verdict for a store that could not answer: refused (fail closed).
    pub fn store_failed(self, e: ReplayError) -> Verification {
        let reason = match e {
            ReplayError::Full => RefusalReason::ReplayStoreFull,
            ReplayError::Failed(_) => RefusalReason::ReplayStoreFailed,
        };
        self.refuse(reason, e.to_string())
    }

    /// The verdict of a claim; `what` names the code, `exposure` describes the exposure a
    /// refused amount would have reached from what was accepted so far.
    pub fn claimed(mut self, outcome: ClaimOutcome, what: &str, exposure: impl Fn(u64) -> String) -> Verification {
        use RefusalReason as R;
        match outcome {
            ClaimOutcome::Accepted => {
                self.0.accepted = true;
                self.0.detail = format!("accepted: {what}");
                self.0
            }
            ClaimOutcome::Replay => self.refuse(R::Replay, format!("{what} was already accepted")),
            ClaimOutcome::CounterRewind { highest } => {
                self.refuse(R::CounterRewind, format!("{what}: the counter is not above {highest}, the highest accepted"))
            }
            ClaimOutcome::ExposureExceeded { exposure: so_far } => self.refuse(R::ExposureExceeded, exposure(so_far)),
            ClaimOutcome::TrustListRollback { highest } => self.refuse(
                R::TrustListRollback,
                format!("the replay store has accepted trust list {highest}; this verifier holds an older one"),
            ),
        }
    }
}
