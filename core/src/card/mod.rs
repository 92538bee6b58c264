//! Cards: brands from issuer identification number ranges (a table as data, `brands.json`), the
//! Luhn check, security code lengths, expiry, formatting as people type, PCI DSS masking, a card
//! number type that never shows itself, and the tourist prepaid card (`prepaid`).
//! docs/cards.md explains the rules.

mod brands;
mod check;
mod expiry;
mod number;
pub mod prepaid;
#[cfg(feature = "uniffi")]
mod uniffi;

pub use brands::{card_brand_sources, card_brands, CardBrand, CardBrandInfo, CardGroups, MAX_DIGITS as MAX_CARD_DIGITS};
pub use check::{check_card, CardCheck};
pub use expiry::{check_card_expiry, CardExpiry};
pub use number::{check_cvc, format_card_input, luhn_valid, CardInput, CardNumber, MAX_CARD_INPUT_CHARS};
pub use prepaid::*;
