//! Merchant QR: EMVCo merchant-presented mode (FPS, PIX, PromptPay, PayNow, DuitNow, QRIS,
//! VietQR, KHQR, UnionPay and the card networks) and the non-EMV payment URLs wallets meet.
//! docs/merchant-qr.md lists the schemes, the lenient-mode deviations and every issue code.

mod crc;
mod decode;
mod encode;
mod issue;
mod model;
mod schemes;
mod tlv;
mod urls;

pub use issue::{Issue, IssueCode};
pub use model::{MerchantQr, ObjectValue, SchemeValue, Template, TlvNode};

use crate::error::CrosspayError;
use crate::money::{Conversion, ConvertOptions, RateSheet};

/// Decodes a code (docs/merchant-qr.md). `emitting`: the encoder checks its own output, where
/// informational deviations are errors too.
pub(crate) fn decode(payload: &str, strict: bool, emitting: bool) -> MerchantQr {
    use crate::limits::MAX_QR_CHARS;
    // A UTF-8 character is at most 4 bytes: the byte test bounds the count that follows.
    if payload.len() > 4 * MAX_QR_CHARS || payload.chars().count() > MAX_QR_CHARS {
        let message = format!("{} bytes: no QR code holds more than {MAX_QR_CHARS} characters", payload.len());
        return unknown(Issue::new(IssueCode::InputTooLarge, 0, message));
    }
    if let Some(url) = urls::classify(payload) {
        return url;
    }
    // EMV codes start with 00; one whose root objects are merely out of order (00 elsewhere, the
    // CRC last) is still EMV, and the decoder reports the order.
    let reordered_emv = || tlv::parse(payload, 0).is_ok_and(|o| o.iter().any(|t| t.id == "00") && o.last().is_some_and(|t| t.id == "63"));
    if !payload.starts_with("00") && !reordered_emv() {
        return unknown(Issue::new(IssueCode::NotEmv, 0, "neither an EMV merchant code (starts 00…) nor a recognised payment URL"));
    }
    decode::decode_emv(payload, strict, emitting)
}

/// A payload that is not a merchant code at all.
fn unknown(issue: Issue) -> MerchantQr {
    MerchantQr { format: "unknown".into(), errors: vec![issue], ..MerchantQr::default() }
}

/// Decodes a merchant code. Never fails: what is wrong is in `errors` and `warnings`, each with
/// a stable code and a character position. `strict` applies EMVCo's rules to the letter.
#[cfg_attr(feature = "uniffi", uniffi::export(default(strict = false)))]
pub fn decode_merchant_qr(payload: &str, strict: bool) -> MerchantQr {
    decode(payload, strict, false).with_json()
}

/// Builds a merchant code from a spec: the decoder's JSON (with `objects`, re-encoded byte for
/// byte) or its keyed fields (`merchant_account_info`, `mcc`, `currency` or `currency_code`,
/// `amount`, `country`, `merchant_name`, `merchant_city`, `additional_data`,
/// `language_template`, `unreserved`, …) written in tag order with lengths in characters and the
/// CRC. The result is decoded before it is returned: a spec that would not decode is an error.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn encode_merchant_qr(spec_json: &str) -> Result<String, CrosspayError> {
    encode::encode(spec_json)
}

/// The merchant's amount and currency of a valid code with an amount.
fn amount_due(payload: &str) -> Result<(String, String), CrosspayError> {
    let qr = decode(payload, false, false);
    if !qr.valid {
        let why = qr.errors.first().map_or("invalid".to_string(), |e| e.message.clone());
        return Err(CrosspayError::InvalidMerchantQr { reason: why });
    }
    match (qr.amount, qr.currency_code) {
        (Some(a), Some(c)) => Ok((a, c)),
        _ => Err(CrosspayError::InvalidMerchantQr { reason: "the code has no amount (a static code): ask the payer for one".into() }),
    }
}

/// The code's amount and currency, and the options as a reverse conversion (the merchant must
/// receive exactly that amount).
fn payment_request(payload: &str, options: &ConvertOptions) -> Result<(String, String, ConvertOptions), CrosspayError> {
    let (amount, currency) = amount_due(payload)?;
    Ok((amount, currency, ConvertOptions { reverse: true, ..options.clone() }))
}

/// "What will I pay?" at a given rate (one wallet-currency unit = `rate` merchant units): the
/// smallest wallet amount whose conversion covers the merchant's amount exactly (reverse
/// conversion), with the options' rounding and markup.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn merchant_qr_payment_at_rate(
    payload: &str,
    wallet_currency: &str,
    rate: &str,
    options: &ConvertOptions,
) -> Result<Conversion, CrosspayError> {
    let (amount, currency, options) = payment_request(payload, options)?;
    crate::money::convert_at_rate(&amount, wallet_currency, &currency, rate, &options)
}

#[cfg_attr(feature = "uniffi", uniffi::export)]
impl RateSheet {
    /// "What will I pay?" with this sheet at time `at`: see [`merchant_qr_payment_at_rate`].
    pub fn merchant_qr_payment(
        &self,
        payload: &str,
        wallet_currency: &str,
        at: &str,
        options: &ConvertOptions,
    ) -> Result<Conversion, CrosspayError> {
        let (amount, currency, options) = payment_request(payload, options)?;
        self.convert(&amount, wallet_currency, &currency, at, &options)
    }
}

#[cfg(test)]
mod tests {
    /// The CRC is hex: the decoded field is upper-cased in ASCII only, so a garbled one is
    /// reported as it was written (no Unicode case mapping, whose tables cost the wasm 12 KB).
    #[test]
    fn a_garbled_crc_keeps_its_letters() {
        for (crc, shown) in [("ab1f", "AB1F"), ("ßx1é", "ßX1é")] {
            let v = super::decode::decode_emv(&format!("0002016304{crc}"), false, false);
            assert!(!v.valid);
            assert_eq!(v.crc.as_deref(), Some(shown), "{crc}");
        }
    }

    /// The decoder below the input limit is linear (issue 10, finding 7: the duplicate check and
    /// the search for tag 62 per template made 1 MB take 28 s). Of 64 KB and 1 MB of duplicate
    /// account templates and additional-data objects, 16 times the input must not cost 25 times
    /// the time (quadratic work would cost 256 times); the fastest of several runs counts.
    #[test]
    fn decoding_grows_linearly_below_the_limit() {
        let payload = |bytes: usize| {
            let unit = "26160012hk.com.hkicl62070503abc";
            format!("000201{}63040000", unit.repeat(bytes / unit.len()))
        };
        let (small, large) = (payload(64 << 10), payload(1 << 20));
        let time = |p: &str, runs: usize| {
            (0..runs)
                .map(|_| {
                    let t = std::time::Instant::now();
                    let v = super::decode::decode_emv(p, false, false);
                    assert!(!v.valid);
                    t.elapsed()
                })
                .min()
                .unwrap_or_default()
        };
        // Noise only ever slows a run: the best of three measurements counts.
        let ratio = (0..3)
            .map(|_| {
                let (t_small, t_large) = (time(&small, 5), time(&large, 3));
                t_large.as_secs_f64() / t_small.as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min);
        eprintln!("merchant QR decode: 1 MB / 64 KB = {ratio:.1}");
        assert!(ratio < 25.0, "1 MB took {ratio:.1} times as long as 64 KB");
    }
}
