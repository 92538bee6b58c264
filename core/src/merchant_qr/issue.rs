//! What a decoder reports: stable codes, a message, and the character position.

/// A stable issue code (snake_case on the wire).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum IssueCode {
    /// Longer than a QR code can hold (4,296 characters): refused before any parsing.
    InputTooLarge,
    /// Not an EMV merchant code nor a recognised payment URL.
    NotEmv,
    TlvBadId,
    TlvBadLength,
    TlvTruncated,
    DuplicateTag,
    CrcMissing,
    CrcNotLast,
    CrcBadFormat,
    CrcMismatch,
    /// Lower-case CRC hex: accepted, reported.
    CrcLowercase,
    FormatIndicatorNotFirst,
    /// Payload format indicator other than "01" (DuitNow codes carry "02").
    UnexpectedFormatIndicator,
    BadPointOfInitiation,
    MissingField,
    MissingMerchantAccount,
    BadTemplate,
    MissingGlobalUniqueIdentifier,
    BadMcc,
    BadCurrency,
    BadAmount,
    AmountPrecision,
    BadTipIndicator,
    TipInconsistent,
    BadCountry,
    FieldTooLong,
    /// Local-script characters outside the language template (64).
    NonAsciiText,
    RfuTag,
    BadLanguageTemplate,
    SchemeRule,
}

/// One finding, with the character position (from 0) where it applies.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Issue {
    pub code: IssueCode,
    pub message: String,
    pub position: u32,
}

impl Issue {
    pub(crate) fn new(code: IssueCode, position: usize, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), position: u32::try_from(position).unwrap_or(u32::MAX) }
    }
}
