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
    PrecisionExceeded {
        input: String,
        currency: String,
        digits: u32,
        allowed: u32,
    },
    /// The exchange rate is not a positive plain decimal string.
    #[error("invalid rate {input:?}: {reason}")]
    InvalidRate { input: String, reason: String },
    /// The rounding mode is not one of the documented names.
    #[error("unknown rounding mode {input:?}: expected one of half-up, half-even, half-down, up, down, ceiling, floor")]
    InvalidRounding { input: String },
    /// A result does not fit in 28 significant digits (rust_decimal's exact range).
    #[error("overflow: {operation} does not fit in 28 significant digits")]
    Overflow { operation: String },
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
        }
    }

    /// Every code this version can return, for documentation and cross-language checks.
    pub const CODES: &'static [&'static str] = &[
        "invalid_amount",
        "unknown_currency",
        "precision_exceeded",
        "invalid_rate",
        "invalid_rounding",
        "overflow",
    ];
}

/// The stable code of an error, for targets that cannot call methods on errors (uniffi's flat
/// errors carry only their message across the boundary).
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn error_codes() -> Vec<String> {
    CrosspayError::CODES.iter().map(|c| c.to_string()).collect()
}
