//! uniffi adapters for money, where a type cannot cross as it is: the sheet's borrowed source
//! and signer, and its instants. Everything else is exported on the items themselves.

use super::{CompactString, RateSheet, TextList};

// A receipt's short texts cross as strings (Kotlin, Swift and Python see `String`/`str`); the
// doc comments below are the ones the bindings give the aliases uniffi names after the Rust types.
uniffi::custom_type!(
    /// A plain string: an amount, a rate or another short text of a receipt. (The name is the
    /// Rust core's type, which holds such texts inline.)
    CompactString, String, {
    remote,
    lower: |text| text.into_string(),
    try_lift: |text| Ok(CompactString::from(text)),
});

// A price list's texts cross as a list of strings.
uniffi::custom_type!(
    /// A plain list of strings: a price list's amounts. (The name is the Rust core's type, which
    /// keeps them in one buffer.)
    TextList, Vec<String>, {
    lower: |list| list.to_vec(),
    try_lift: |list| Ok(TextList::from(list)),
});

#[uniffi::export]
impl RateSheet {
    /// The sheet's source, e.g. `ECB`.
    #[uniffi::method(name = "source")]
    fn source_ffi(&self) -> String {
        self.source().to_string()
    }

    /// RFC 3339.
    #[uniffi::method(name = "as_of")]
    fn as_of_ffi(&self) -> String {
        self.as_of().to_rfc3339()
    }

    /// The key id that signed the sheet (`None` for an unsigned sheet).
    #[uniffi::method(name = "signed_by")]
    fn signed_by_ffi(&self) -> Option<String> {
        self.signed_by().map(str::to_string)
    }

    /// RFC 3339.
    #[uniffi::method(name = "valid_until")]
    fn valid_until_ffi(&self) -> String {
        self.valid_until().to_rfc3339()
    }
}
