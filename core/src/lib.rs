#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod error;
pub mod keys;
pub mod limits;
pub mod merchant_qr;
pub mod money;
pub mod paycode;
pub mod time;

pub use error::{error_codes, CrosspayError};
pub use keys::*;
pub use limits::{MAX_DOCUMENT_BYTES, MAX_QR_CHARS};
pub use merchant_qr::*;
pub use money::*;
pub use paycode::*;

#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!("crosspay");

/// The version of the crosspay core, as in its Cargo.toml.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
