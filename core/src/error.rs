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
    /// A barcode cannot hold this text (Code 128 code set C holds an even number of digits).
    #[error("invalid barcode: {reason}")]
    InvalidBarcode { reason: String },
    /// Not a card number: characters other than digits and single separators, a length the
    /// brand does not issue, or a failed Luhn check. The message never holds the digits.
    #[error("invalid card number: {reason}")]
    InvalidCardNumber { reason: String },
    /// The number is in no range of a brand crosspay knows (`core/src/card/brands.json`).
    #[error("unsupported card brand: {reason}")]
    UnsupportedCardBrand { reason: String },
    /// The card's expiry month has passed at the given time.
    #[error("the card expired: {expiry} was valid through {valid_through}; it was used at {at}")]
    CardExpired { expiry: String, valid_through: String, at: String },
    /// An expiry is not `MM/YY`, or was given without the time to check it at.
    #[error("invalid expiry {input:?}: {reason}")]
    InvalidExpiry { input: String, reason: String },
    /// A card security code is not digits of the brand's length. The message never holds it.
    #[error("invalid card security code: {reason}")]
    InvalidCvc { reason: String },
    /// A top-up below the prepaid card's minimum.
    #[error("a top-up of {amount} is below the minimum of {minimum}")]
    BelowMinimumTopUp { amount: String, minimum: String },
    /// A top-up would take the balance over the card's maximum.
    #[error("a top-up of {amount} would take the balance of {balance} over the limit of {limit}")]
    BalanceLimitExceeded { amount: String, balance: String, limit: String },
    /// The prepaid card is past its validity: only the refund of the remainder is left.
    #[error("the prepaid card expired at {expires_at}; it was used at {at} (only a refund is possible)")]
    PrepaidExpired { expires_at: String, at: String },
    /// The prepaid card was closed by the refund of its remainder.
    #[error("the prepaid card was closed at {closed_at}")]
    PrepaidClosed { closed_at: String },
    /// A spend larger than the prepaid balance.
    #[error("insufficient balance: {amount} is more than the balance of {balance}")]
    InsufficientBalance { amount: String, balance: String },
    /// The card's rules do not refund the remainder.
    #[error("refund not allowed: {reason}")]
    RefundNotAllowed { reason: String },
    /// Prepaid rules or a prepaid card's state are malformed or inconsistent.
    #[error("invalid prepaid card: {reason}")]
    InvalidPrepaidCard { reason: String },
    /// An input is larger than anything valid of its kind can be; refused before any work.
    #[error("input too large: {what} has {size} bytes, at most {max} are accepted")]
    InputTooLarge { what: String, size: u64, max: u64 },
}

/// The one table of codes: each variant and its stable code, in declaration order. From it come
/// [`CrosspayError::code`], [`CrosspayError::CODES`] and the TypeScript union `CrosspayErrorCode`.
macro_rules! error_codes {
    ($($variant:ident => $code:literal,)*) => {
        impl CrosspayError {
            /// The stable, documented code of this error (`invalid_amount`, `unknown_currency`, ...).
            pub fn code(&self) -> &'static str {
                match self {
                    $(Self::$variant { .. } => $code,)*
                }
            }

            /// Every code this version can return, in declaration order, for documentation and
            /// cross-language checks.
            pub const CODES: &'static [&'static str] = &[$($code),*];
        }

        /// The TypeScript union of every code, for the npm package's declarations (with the JS
        /// entries' own `not_initialized`, `invalid_argument`, `load_failed` and, in the
        /// mini-program's pure-JS fallback, `not_in_fallback`).
        pub const TYPESCRIPT_ERROR_CODES: &str =
            concat!("export type CrosspayErrorCode =", $("\n  | \"", $code, "\"",)* "\n  | \"not_initialized\"\n  | \"invalid_argument\"\n  | \"load_failed\"\n  | \"not_in_fallback\";\n");
    };
}

error_codes! {
    InvalidAmount => "invalid_amount",
    UnknownCurrency => "unknown_currency",
    PrecisionExceeded => "precision_exceeded",
    InvalidRate => "invalid_rate",
    InvalidRounding => "invalid_rounding",
    Overflow => "overflow",
    NoRate => "no_rate",
    InverseNotAllowed => "inverse_not_allowed",
    QuoteExpired => "quote_expired",
    QuoteNotYetValid => "quote_not_yet_valid",
    CurrencyMismatch => "currency_mismatch",
    InvalidRateSheet => "invalid_rate_sheet",
    InvalidTime => "invalid_time",
    InvalidMarkup => "invalid_markup",
    InvalidCashIncrement => "invalid_cash_increment",
    InvalidRatios => "invalid_ratios",
    InvalidOptions => "invalid_options",
    InvalidKey => "invalid_key",
    InvalidSignature => "invalid_signature",
    WeakEntropy => "weak_entropy",
    RandomUnavailable => "random_unavailable",
    SignerFailed => "signer_failed",
    InvalidMerchantQr => "invalid_merchant_qr",
    InvalidTrustList => "invalid_trust_list",
    UntrustedRateSheet => "untrusted_rate_sheet",
    InvalidCertificate => "invalid_certificate",
    InvalidPaycode => "invalid_paycode",
    ReplayStoreFailed => "replay_store_failed",
    TrustListRollback => "trust_list_rollback",
    InputTooLarge => "input_too_large",
    InvalidBarcode => "invalid_barcode",
    InvalidCardNumber => "invalid_card_number",
    UnsupportedCardBrand => "unsupported_card_brand",
    CardExpired => "card_expired",
    InvalidExpiry => "invalid_expiry",
    InvalidCvc => "invalid_cvc",
    BelowMinimumTopUp => "below_minimum_top_up",
    BalanceLimitExceeded => "balance_limit_exceeded",
    PrepaidExpired => "prepaid_expired",
    PrepaidClosed => "prepaid_closed",
    InsufficientBalance => "insufficient_balance",
    RefundNotAllowed => "refund_not_allowed",
    InvalidPrepaidCard => "invalid_prepaid_card",
}

impl CrosspayError {
    /// The error for a host's options object that did not deserialize (a JS object, JSON):
    /// a field whose own parse failed keeps that parse's code (a bad rounding name is
    /// `invalid_rounding` in an options object as in a positional argument); anything else is
    /// `invalid_options`.
    pub fn from_options(message: &str) -> Self {
        const ROUNDING: &str = "unknown rounding mode \"";
        let rounding = message.find(ROUNDING).and_then(|at| message[at + ROUNDING.len()..].split_once("\": expected"));
        match rounding {
            Some((input, _)) => Self::InvalidRounding { input: input.to_string() },
            None => Self::InvalidOptions { reason: message.to_string() },
        }
    }

    pub(crate) fn overflow(operation: impl Into<String>) -> Self {
        Self::Overflow { operation: operation.into() }
    }
}

/// The stable codes this version can return.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn error_codes() -> Vec<String> {
    CrosspayError::CODES.iter().map(|c| c.to_string()).collect()
}

#[cfg(feature = "wasm")]
#[wasm_bindgen::prelude::wasm_bindgen(typescript_custom_section)]
const TS_ERROR_CODES: &str = TYPESCRIPT_ERROR_CODES;

/// On wasm every error reaches JavaScript as a real `Error` whose `name` is `"CrosspayError"`
/// and whose `code` is [`CrosspayError::code`], so façade functions just use `?`.
#[cfg(feature = "wasm")]
impl From<CrosspayError> for wasm_bindgen::JsValue {
    fn from(e: CrosspayError) -> Self {
        let err = js_sys::Error::new(&e.to_string());
        err.set_name("CrosspayError");
        // Setting a property on a fresh Error object cannot fail.
        let _ = js_sys::Reflect::set(&err, &"code".into(), &e.code().into());
        err.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_table_is_unique_snake_case_and_in_the_typescript_union() {
        let mut seen = std::collections::HashSet::new();
        for code in CrosspayError::CODES {
            assert!(seen.insert(code), "{code} twice");
            assert!(code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'), "{code}");
            assert!(TYPESCRIPT_ERROR_CODES.contains(&format!("| \"{code}\"")), "{code}");
        }
        let err = CrosspayError::InvalidRounding { input: "x".into() };
        assert_eq!(err.code(), "invalid_rounding");
        assert_eq!(error_codes().len(), CrosspayError::CODES.len());
    }

    #[test]
    fn a_bad_rounding_name_in_options_keeps_its_own_code() {
        let e = serde_json::from_str::<crate::ConvertOptions>(r#"{"rounding":"bankers"}"#).unwrap_err();
        assert_eq!(CrosspayError::from_options(&e.to_string()), CrosspayError::InvalidRounding { input: "bankers".into() });
        let e = serde_json::from_str::<crate::ConvertOptions>(r#"{"rounding":"half-up","markup_bps":-5}"#).unwrap_err();
        assert_eq!(CrosspayError::from_options(&e.to_string()).code(), "invalid_options");
    }
}
