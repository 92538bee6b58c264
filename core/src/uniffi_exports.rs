//! uniffi exports that need a foreign-facing shape (objects are handed out as `Arc`). Compiled
//! only with the `uniffi` feature; the plain Rust API is in the capability modules.

use crate::error::CrosspayError;
use crate::money::{Conversion, ConvertOptions, RateSheet};
use std::sync::Arc;

#[uniffi::export]
impl RateSheet {
    /// Parses and validates a rate sheet's JSON form.
    #[uniffi::constructor]
    pub fn from_json(json: &str) -> Result<Arc<Self>, CrosspayError> {
        Self::parse_json(json).map(Arc::new)
    }

    /// Converts with a rate from this sheet at time `at` (RFC 3339).
    #[uniffi::method(name = "convert")]
    pub fn convert_ffi(&self, amount: &str, from: &str, to: &str, at: &str, options: &ConvertOptions) -> Result<Conversion, CrosspayError> {
        self.convert(amount, from, to, at, options)
    }

    /// The sheet's source, e.g. `ECB`.
    #[uniffi::method(name = "source")]
    pub fn source_ffi(&self) -> String {
        self.source().to_string()
    }

    /// RFC 3339.
    #[uniffi::method(name = "as_of")]
    pub fn as_of_ffi(&self) -> String {
        self.as_of().to_rfc3339()
    }

    /// RFC 3339.
    #[uniffi::method(name = "valid_until")]
    pub fn valid_until_ffi(&self) -> String {
        self.valid_until().to_rfc3339()
    }
}
