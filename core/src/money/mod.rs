//! Money: currencies, exact amounts, rounding, rate sheets, conversion and allocation.

/// The owned and mixed forms of a binary operator on `$ty`, all by reference to the
/// `&$ty ∘ &$ty` one (exact fractions and the integers under them: ratio.rs, bigint.rs).
macro_rules! forward_owned_ops {
    ($ty:ty; $($trait:ident $method:ident),*) => {$(
        impl $trait<$ty> for $ty {
            type Output = $ty;
            fn $method(self, o: $ty) -> $ty {
                <&$ty as $trait<&$ty>>::$method(&self, &o)
            }
        }
        impl $trait<&$ty> for $ty {
            type Output = $ty;
            fn $method(self, o: &$ty) -> $ty {
                <&$ty as $trait<&$ty>>::$method(&self, o)
            }
        }
        impl $trait<$ty> for &$ty {
            type Output = $ty;
            fn $method(self, o: $ty) -> $ty {
                <&$ty as $trait<&$ty>>::$method(self, &o)
            }
        }
    )*};
}

pub mod allocate;
pub mod amount;
mod bigint;
pub mod convert;
pub mod currency;
mod decimal;
mod decimal_path;
pub mod given_rate;
pub mod minor_batch;
mod plan;
pub mod rate;
mod ratio;
pub mod rounding;
pub mod sheet;
mod text_list;
#[cfg(feature = "uniffi")]
mod uniffi;

pub use allocate::{allocate, allocate_amount};
pub use amount::{from_minor_units, normalize_amount, to_minor_units, Amount, Money};
pub(crate) use amount::{unsigned_minor_units, unsigned_units_text};
/// The text of a receipt's amounts, rates and currency codes: a string held inline up to 24
/// bytes (every amount and rate a receipt usually carries), so a receipt is built without a
/// dozen allocations. It reads as a `str` (`&*text`, `text.as_str()`, `text == "1.50"`) and
/// crosses every boundary as a plain string.
pub use compact_str::CompactString;
pub use convert::{convert, convert_at_rate, convert_list, convert_many, Conversion, Conversions, ConvertOptions};
pub use currency::{currency_info, Currency, CurrencyInfo};
pub use given_rate::{GivenRatePlan, AMOUNT_TEXTS, LIST_TEXTS};
pub use minor_batch::{convert_many_minor_units, convert_units_list, MinorUnitConversions, I64_LIST};
pub use rate::{PriceKind, Provenance, RateLeg, Side};
pub use ratio::DISPLAY_SCALE;
pub use rounding::{parse_rounding_mode, RoundingMode};
pub use sheet::RateSheet;
pub use text_list::{TextList, TEXT_LIST};
