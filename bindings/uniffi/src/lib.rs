//! The uniffi façade: every export lives on `crosspay-core` behind its `uniffi` feature, under
//! the uniffi namespace `crosspay`. This crate only links them into one cdylib/staticlib.
pub use crosspay_core::*;
