#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]

pub mod amount;
pub mod convert;
pub mod currency;
pub mod error;
pub mod rounding;

pub use convert::{convert, Conversion, Money};
pub use currency::{currency_info, Currency, CurrencyInfo};
pub use error::{error_codes, CrosspayError};
pub use rounding::{parse_rounding_mode, RoundingMode};

#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!("crosspay");

/// The version of the crosspay core, as in its Cargo.toml.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
