//! The largest inputs crosspay reads. Anything larger is refused at once with
//! `input_too_large`, before any parsing, so no input can make a parser work for long
//! (every parser is also linear in its input below these limits).

use crate::error::CrosspayError;

/// The most characters a QR code holds (version 40-L, alphanumeric mode): the bound for
/// payment codes and merchant QR payloads.
pub const MAX_QR_CHARS: usize = 4_296;

/// The bound for documents: rate sheets and trust lists (JSON or JWS), certificates, wallet
/// state and merchant-QR specs. 1 MiB holds some 10,000 quotes.
pub const MAX_DOCUMENT_BYTES: usize = 1 << 20;

/// `input_too_large` when `size` is above `max`.
pub(crate) fn check_size(what: &str, size: usize, max: usize) -> Result<(), CrosspayError> {
    if size > max {
        return Err(CrosspayError::InputTooLarge { what: what.into(), size: size as u64, max: max as u64 });
    }
    Ok(())
}
