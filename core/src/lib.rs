#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
// The npm build (js/scripts/build.mjs) sets `crosspay_speed`: in a module built for size, the few
// functions a price list spends each amount's time in (reading, converting and writing it) are
// optimised for speed (`#[optimize(speed)]`, on the pinned toolchain through RUSTC_BOOTSTRAP).
#![cfg_attr(crosspay_speed, feature(optimize_attribute))]

pub mod card;
pub mod error;
mod flat_json;
pub mod keys;
pub mod limits;
pub mod merchant_qr;
pub mod money;
pub mod paycode;
pub mod render;
pub mod time;

pub use card::*;
pub use error::{error_codes, CrosspayError};
pub use keys::*;
pub use limits::{MAX_DOCUMENT_BYTES, MAX_QR_CHARS};
pub use merchant_qr::*;
pub use money::*;
pub use paycode::*;
pub use render::*;

#[cfg(feature = "uniffi")]
uniffi::setup_scaffolding!("crosspay");

/// The Rust blocks of the project's documents, compiled and run by `cargo test --doc` (the
/// other languages' blocks run in `scripts/docs-check.mjs`).
#[cfg(doctest)]
mod documents {
    #[doc = include_str!("../../README.md")]
    struct Readme;
    #[doc = include_str!("../../docs/getting-started.md")]
    struct GettingStarted;
    #[doc = include_str!("../../docs/money.md")]
    struct Money;
    #[doc = include_str!("../../docs/keys.md")]
    struct Keys;
    #[doc = include_str!("../../docs/merchant-qr.md")]
    struct MerchantQr;
    #[doc = include_str!("../../docs/paycode-format.md")]
    struct PaycodeFormat;
    #[doc = include_str!("../../docs/security.md")]
    struct Security;
    #[doc = include_str!("../../docs/benchmarks.md")]
    struct Benchmarks;
    #[doc = include_str!("../../docs/cards.md")]
    struct Cards;
    #[doc = include_str!("../../js/README.md")]
    struct JsReadme;
}

/// The version of the crosspay core, as in its Cargo.toml.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
