//! The EMV consumer-presented-mode container (EMVCo QRCPS): BER-TLV, base64. The same signed
//! content as the compact container; docs/paycode-format.md §4 lists every tag.

use super::cert::DeviceCertificate;
use super::code::{Container, Dynamic, PaymentCode};
use super::wire::{Reader, Writer};
use crate::money::Currency;
use base64ct::{Base64, Encoding as _};

/// The base64 characters fixed by `85 05 "CPV01"`: every CPM payload of this version starts so.
pub(crate) const BASE64_START: &str = "hQVDUFYwM";
/// Proprietary AID (ISO 7816-5: a first nibble F is unregistered): F0 ‖ "CROSSPAY".
pub const CPM_AID: &[u8] = b"\xF0CROSSPAY";
const LABEL: &[u8] = b"CROSSPAY";

const TAG_VERSION: &[u8] = &[0x85];
const TAG_APP_TEMPLATE: &[u8] = &[0x61];
const TAG_AID: &[u8] = &[0x4F];
const TAG_LABEL: &[u8] = &[0x50];
const TAG_TRANSPARENT: &[u8] = &[0x63];
const TAG_ATC: &[u8] = &[0x9F, 0x36];
const TAG_AMOUNT: &[u8] = &[0x9F, 0x02];
const TAG_CURRENCY: &[u8] = &[0xDF, 0x21];
const TAG_TIME: &[u8] = &[0xDF, 0x22];
const TAG_CERT: &[u8] = &[0xDF, 0x23];
const TAG_SIGNATURE: &[u8] = &[0xDF, 0x24];

fn tlv(w: &mut Writer, tag: &[u8], value: &[u8]) {
    w.bytes(tag);
    match value.len() {
        n @ 0..=127 => w.u8(n as u8),
        n @ 128..=255 => w.bytes(&[0x81, n as u8]),
        n => w.bytes(&[0x82, (n >> 8) as u8, n as u8]),
    }
    w.bytes(value);
}

/// n12 BCD: twelve decimal digits in six bytes.
fn bcd12(mut v: u64) -> [u8; 6] {
    let mut out = [0u8; 6];
    for byte in out.iter_mut().rev() {
        let lo = (v % 10) as u8;
        v /= 10;
        let hi = (v % 10) as u8;
        v /= 10;
        *byte = hi << 4 | lo;
    }
    out
}

fn from_bcd12(bytes: &[u8]) -> Result<u64, String> {
    bytes.iter().try_fold(0u64, |acc, &b| {
        let (hi, lo) = (b >> 4, b & 0x0F);
        if hi > 9 || lo > 9 {
            return Err(format!("amount byte {b:02x} is not BCD"));
        }
        Ok(acc * 100 + u64::from(hi) * 10 + u64::from(lo))
    })
}

pub(crate) fn encode(code: &PaymentCode) -> String {
    let d = &code.dynamic;
    let mut inner = Writer::default();
    tlv(&mut inner, TAG_ATC, &d.counter.to_be_bytes());
    if let Some((currency, units)) = d.money(&code.cert) {
        tlv(&mut inner, TAG_AMOUNT, &bcd12(units));
        tlv(&mut inner, TAG_CURRENCY, currency.code().as_bytes());
    }
    tlv(&mut inner, TAG_TIME, &d.time.to_be_bytes());
    tlv(&mut inner, TAG_CERT, &code.cert.bytes);
    tlv(&mut inner, TAG_SIGNATURE, &code.signature);
    let mut app = Writer::default();
    tlv(&mut app, TAG_AID, CPM_AID);
    tlv(&mut app, TAG_LABEL, LABEL);
    tlv(&mut app, TAG_TRANSPARENT, &inner.0);
    let mut out = Writer::default();
    tlv(&mut out, TAG_VERSION, b"CPV01");
    tlv(&mut out, TAG_APP_TEMPLATE, &app.0);
    Base64::encode_string(&out.0)
}

/// Reads one TLV whose tag must be `tag`; lengths must use the shortest definite form.
fn read_tag<'a>(r: &mut Reader<'a>, tag: &[u8], what: &str) -> Result<&'a [u8], String> {
    let at = r.pos;
    let got = r.take(tag.len(), what)?;
    if got != tag {
        return Err(format!("expected tag {} ({what}) at offset {at}, found {}", super::wire::hex(tag), super::wire::hex(got)));
    }
    let first = r.u8("length")?;
    let len = match first {
        0..=0x7F => usize::from(first),
        0x81 => match r.u8("length")? {
            n @ 0x80..=0xFF => usize::from(n),
            n => return Err(format!("{what}: length {n} must use the one-byte form")),
        },
        0x82 => match u16::from_be_bytes(r.array("length")?) {
            n @ 0x100.. => usize::from(n),
            n => return Err(format!("{what}: length {n} must use a shorter form")),
        },
        other => return Err(format!("{what}: unsupported length byte {other:02x}")),
    };
    r.take(len, what)
}

fn exact<const N: usize>(value: &[u8], what: &str) -> Result<[u8; N], String> {
    value.try_into().map_err(|_| format!("{what} must be {N} bytes, is {}", value.len()))
}

fn peek(r: &Reader<'_>, data: &[u8], tag: &[u8]) -> bool {
    data[r.pos..].starts_with(tag)
}

pub(crate) fn decode(payload: &str) -> Result<PaymentCode, String> {
    let bytes = Base64::decode_vec(payload).map_err(|e| format!("not base64 with padding: {e}"))?;
    let mut r = Reader::new(&bytes);
    if read_tag(&mut r, TAG_VERSION, "payload format indicator")? != b"CPV01" {
        return Err("payload format indicator is not CPV01".into());
    }
    let app = read_tag(&mut r, TAG_APP_TEMPLATE, "application template")?;
    r.finish()?;
    let mut a = Reader::new(app);
    if read_tag(&mut a, TAG_AID, "application identifier")? != CPM_AID {
        return Err("the application identifier is not crosspay's (F0 'CROSSPAY')".into());
    }
    if read_tag(&mut a, TAG_LABEL, "application label")? != LABEL {
        return Err("the application label is not CROSSPAY".into());
    }
    let inner = read_tag(&mut a, TAG_TRANSPARENT, "transparent template")?;
    a.finish()?;
    let mut t = Reader::new(inner);
    let counter = u32::from_be_bytes(exact(read_tag(&mut t, TAG_ATC, "counter")?, "counter (9F36)")?);
    if counter == 0 {
        return Err("counter 0: counters start at 1".into());
    }
    let amount = if peek(&t, inner, TAG_AMOUNT) {
        let units = from_bcd12(&exact::<6>(read_tag(&mut t, TAG_AMOUNT, "amount")?, "amount (9F02)")?)?;
        if units == 0 {
            return Err("amount 0: omit 9F02 when there is no amount".into());
        }
        let code = std::str::from_utf8(read_tag(&mut t, TAG_CURRENCY, "currency")?).map_err(|_| "currency is not ASCII".to_string())?;
        Some((Currency::from_code(code).map_err(|e| e.to_string())?, units))
    } else {
        None
    };
    let time = u32::from_be_bytes(exact(read_tag(&mut t, TAG_TIME, "time")?, "time (DF22)")?);
    let cert_bytes = read_tag(&mut t, TAG_CERT, "certificate")?;
    let cert = DeviceCertificate::from_bytes(cert_bytes).map_err(|e| e.to_string())?;
    let amount = match amount {
        None => None,
        Some((currency, units)) => {
            let index = cert.limit_index(currency).ok_or_else(|| format!("the certificate has no limit in {}", currency.code()))?;
            Some((index, units))
        }
    };
    let signature = exact(read_tag(&mut t, TAG_SIGNATURE, "device signature")?, "device signature (DF24)")?;
    t.finish()?;
    Ok(PaymentCode { cert, dynamic: Dynamic { time, counter, amount }, signature, container: Container::Cpm })
}
