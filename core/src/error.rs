//! Every failure crosspay can report. Each variant has a stable snake_case [`CrosspayError::code`]
//! that all targets expose the same way (a JS `Error.code`, a Kotlin/Swift/Python error case),
//! and a message that carries what went wrong. Secrets never appear in a message.

/// An error from the crosspay core.
///
/// On uniffi targets this is a "flat" error: each variant is its own exception class, and its
/// message is the `Display` text below.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Error), uniffi(flat_error))]
#[non_exhaustive]
pub enum CrosspayError {
    /// The amount is not a plain decimal string (`-?digits[.digits]`).
    #[error("invalid amount {input:?}: {reason}")]
    InvalidAmount { input: String, reason: String },
    /// The currency code is not a known ISO 4217 or registered code with minor units.
    #[error("unknown currency {code:?}: {reason}")]
    UnknownCurrency { code: String, reason: String },
    /// The amount has more fraction digits than its currency allows.
    #[error("amount {input} has {digits} fraction digits but {currency} allows {allowed}")]
    PrecisionExceeded { input: String, currency: String, digits: u32, allowed: u32 },
    /// The exchange rate is not a positive plain decimal string.
    #[error("invalid rate {input:?}: {reason}")]
    InvalidRate { input: String, reason: String },
    /// The rounding mode is not one of the documented names.
    #[error("unknown rounding mode {input:?}: expected one of half-up, half-even, half-down, up, down, ceiling, floor")]
    InvalidRounding { input: String },
    /// A result does not fit: amounts have at most 28 significant digits, minor units fit i64.
    #[error("overflow: {operation}")]
    Overflow { operation: String },
    /// The rate sheet has no quote, direct, inverse or through a pivot, for the pair.
    #[error("no rate from {from} to {to} in the {sheet} rate sheet")]
    NoRate { from: String, to: String, sheet: String },
    /// Only the inverse quote exists and the sheet does not allow inverting it.
    #[error("the {sheet} rate sheet quotes {to}/{from} but not {from}/{to}, and does not allow inverse rates")]
    InverseNotAllowed { from: String, to: String, sheet: String },
    /// The sheet or a quote it uses is past its `valid_until` at the given time.
    #[error("{what} expired at {valid_until}; it was used at {at}")]
    QuoteExpired { what: String, valid_until: String, at: String },
    /// The sheet was used before its `as_of` time (a clock is wrong, or the sheet is from the future).
    #[error("{what} is valid from {as_of}; it was used at {at}")]
    QuoteNotYetValid { what: String, as_of: String, at: String },
    /// Two amounts in different currencies were combined.
    #[error("currency mismatch: {left} and {right}")]
    CurrencyMismatch { left: String, right: String },
    /// The rate sheet is malformed or inconsistent.
    #[error("invalid rate sheet: {reason}")]
    InvalidRateSheet { reason: String },
    /// A time is not RFC 3339.
    #[error("invalid time {input:?}: expected RFC 3339 such as 2026-11-20T16:00:00Z ({reason})")]
    InvalidTime { input: String, reason: String },
    /// The markup is 10000 basis points (100 %) or more.
    #[error("invalid markup {bps} bps: must be below 10000")]
    InvalidMarkup { bps: u32 },
    /// The cash increment is not a positive multiple of the currency's minor unit.
    #[error("invalid cash increment {input:?} for {currency}: {reason}")]
    InvalidCashIncrement { input: String, currency: String, reason: String },
    /// Allocation ratios are missing, negative, malformed or all zero.
    #[error("invalid ratios: {reason}")]
    InvalidRatios { reason: String },
    /// An options object from a host (a JS object, JSON) has the wrong shape or values.
    #[error("invalid options: {reason}")]
    InvalidOptions { reason: String },
    /// A key encoding is malformed, for another curve or algorithm, or not a valid point/scalar.
    #[error("invalid key: {reason}")]
    InvalidKey { reason: String },
    /// A signature to convert is not a strict encoding (verification reports this as a verdict).
    #[error("invalid signature: {reason}")]
    InvalidSignature { reason: String },
    /// Host-supplied entropy is too short or obviously not random.
    #[error("weak entropy: {reason}")]
    WeakEntropy { reason: String },
    /// There is no system random source here (a mini-program): pass entropy from the host.
    #[error("no random source: {reason}; generate the key from host entropy instead")]
    RandomUnavailable { reason: String },
    /// A host signer failed, or returned a signature that does not verify.
    #[error("signer failed: {reason}")]
    SignerFailed { reason: String },
    /// A merchant QR spec cannot be encoded, or a code cannot be paid (invalid, no amount).
    #[error("invalid merchant QR: {reason}")]
    InvalidMerchantQr { reason: String },
    /// A trust list is malformed, not signed by the expected root key, or out of date.
    #[error("invalid trust list: {reason}")]
    InvalidTrustList { reason: String },
    /// A signed rate sheet is unsigned, wrongly signed, or signed by a key the trust list does not trust.
    #[error("untrusted rate sheet: {reason}")]
    UntrustedRateSheet { reason: String },
    /// A device certificate is malformed, or does not fit the key or state it is used with.
    #[error("invalid device certificate: {reason}")]
    InvalidCertificate { reason: String },
    /// A payment code cannot be made (counter exhausted, amount over the offline limit,
    /// certificate not valid at that time, bad numeric prefix, malformed seed or wallet state).
    #[error("cannot make payment code: {reason}")]
    InvalidPaycode { reason: String },
    /// A replay store could not be read or written.
    #[error("replay store failed: {reason}")]
    ReplayStoreFailed { reason: String },
    /// A trust list with a lower sequence than one already accepted (a rollback to a list in
    /// which a revoked device or issuer key was still trusted).
    #[error("trust list rollback: sequence {offered} is below {highest}, the highest accepted")]
    TrustListRollback { offered: u64, highest: u64 },
    /// An input is larger than anything valid of its kind can be; refused before any work.
    #[error("input too large: {what} has {size} bytes, at most {max} are accepted")]
    InputTooLarge { what: String, size: u64, max: u64 },
}

impl CrosspayError {
    /// The stable, documented code of this error (`invalid_amount`, `unknown_currency`, ...).
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidAmount { .. } => "invalid_amount",
            Self::UnknownCurrency { .. } => "unknown_currency",
            Self::PrecisionExceeded { .. } => "precision_exceeded",
            Self::InvalidRate { .. } => "invalid_rate",
            Self::InvalidRounding { .. } => "invalid_rounding",
            Self::Overflow { .. } => "overflow",
            Self::NoRate { .. } => "no_rate",
            Self::InverseNotAllowed { .. } => "inverse_not_allowed",
            Self::QuoteExpired { .. } => "quote_expired",
            Self::QuoteNotYetValid { .. } => "quote_not_yet_valid",
            Self::CurrencyMismatch { .. } => "currency_mismatch",
            Self::InvalidRateSheet { .. } => "invalid_rate_sheet",
            Self::InvalidTime { .. } => "invalid_time",
            Self::InvalidMarkup { .. } => "invalid_markup",
            Self::InvalidCashIncrement { .. } => "invalid_cash_increment",
            Self::InvalidRatios { .. } => "invalid_ratios",
            Self::InvalidOptions { .. } => "invalid_options",
            Self::InvalidKey { .. } => "invalid_key",
            Self::InvalidSignature { .. } => "invalid_signature",
            Self::WeakEntropy { .. } => "weak_entropy",
            Self::RandomUnavailable { .. } => "random_unavailable",
            Self::SignerFailed { .. } => "signer_failed",
            Self::InvalidMerchantQr { .. } => "invalid_merchant_qr",
            Self::InvalidTrustList { .. } => "invalid_trust_list",
            Self::UntrustedRateSheet { .. } => "untrusted_rate_sheet",
            Self::InvalidCertificate { .. } => "invalid_certificate",
            Self::InvalidPaycode { .. } => "invalid_paycode",
            Self::ReplayStoreFailed { .. } => "replay_store_failed",
            Self::TrustListRollback { .. } => "trust_list_rollback",
            Self::InputTooLarge { .. } => "input_too_large",
        }
    }

    /// Every code this version can return, in declaration order, for documentation and
    /// cross-language checks.
    pub const CODES: &'static [&'static str] = &[
        "invalid_amount",
        "unknown_currency",
        "precision_exceeded",
        "invalid_rate",
        "invalid_rounding",
        "overflow",
        "no_rate",
        "inverse_not_allowed",
        "quote_expired",
        "quote_not_yet_valid",
        "currency_mismatch",
        "invalid_rate_sheet",
        "invalid_time",
        "invalid_markup",
        "invalid_cash_increment",
        "invalid_ratios",
        "invalid_options",
        "invalid_key",
        "invalid_signature",
        "weak_entropy",
        "random_unavailable",
        "signer_failed",
        "invalid_merchant_qr",
        "invalid_trust_list",
        "untrusted_rate_sheet",
        "invalid_certificate",
        "invalid_paycode",
        "replay_store_failed",
        "trust_list_rollback",
        "input_too_large",
    ];

    pub(crate) fn overflow(operation: impl Into<String>) -> Self {
        Self::Overflow { operation: operation.into() }
    }
}

/// The stable codes this version can return.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn error_codes() -> Vec<String> {
    CrosspayError::CODES.iter().map(|c| c.to_string()).collect()
}
