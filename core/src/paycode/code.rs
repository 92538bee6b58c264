//! Offline payment codes: a device certificate, a dynamic part (time, counter, optional
//! amount) and the device's signature over both, in two containers — the compact `CP1:` Base45
//! text for QR alphanumeric mode, and an EMV consumer-presented-mode (CPM) BER-TLV container.
//! Both carry the same signed bytes (docs/paycode-format.md §3-4).

use super::base45;
use super::cert::DeviceCertificate;
use super::cpm;
use super::wire::{Reader, Writer};
use crate::money::Currency;

/// Prefix of what a device signs for a code.
pub const CODE_DOMAIN: &[u8] = b"crosspay/paycode/code/v1\0";
/// The version prefix of the compact container.
pub const COMPACT_PREFIX: &str = "CP1:";
/// Amounts in codes fit EMV's n12 amount field.
pub const MAX_CODE_AMOUNT: u64 = 999_999_999_999;

/// How a code is packaged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum Container {
    /// `CP1:` + Base45: the smallest QR code (alphanumeric mode).
    #[default]
    Compact,
    /// EMV CPM: BER-TLV (`85` `CPV01`, template `61`, transparent template `63`) in base64.
    Cpm,
}

impl Container {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Compact => "compact",
            Self::Cpm => "cpm",
        }
    }
}

impl std::str::FromStr for Container {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "compact" => Ok(Self::Compact),
            "cpm" => Ok(Self::Cpm),
            other => Err(format!("unknown container {other:?}: expected compact or cpm")),
        }
    }
}

/// The per-code part a device signs along with its certificate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Dynamic {
    /// Unix seconds of the device clock (plus its server offset) when the code was made.
    pub time: u32,
    /// Strictly increasing per certificate alias, from 1.
    pub counter: u32,
    /// Amount in minor units, when the wallet fixed one, in the currency of the certificate's
    /// limit at this index (a code can only carry an amount in a currency it has a limit for).
    pub amount: Option<(usize, u64)>,
}

impl Dynamic {
    /// Amount field: 0 when absent, else units × 4 + limit index.
    pub fn write(&self, w: &mut Writer) {
        w.u32(self.time);
        w.varint(u64::from(self.counter));
        w.varint(self.amount.map_or(0, |(index, units)| units * 4 + index as u64));
    }

    pub fn read(r: &mut Reader<'_>, cert: &DeviceCertificate) -> Result<Self, String> {
        let time = r.u32("time")?;
        let counter = r.varint("counter", u64::from(u32::MAX))? as u32;
        if counter == 0 {
            return Err("counter 0: counters start at 1".into());
        }
        let field = r.varint("amount", MAX_CODE_AMOUNT * 4 + 3)?;
        let amount = match field {
            0 => None,
            1..=3 => return Err("amount 0 with a currency: omit the amount instead".into()),
            _ => {
                let index = (field % 4) as usize;
                if index >= cert.limits.len() {
                    return Err(format!("the amount refers to limit {index}; the certificate has {}", cert.limits.len()));
                }
                Some((index, field / 4))
            }
        };
        Ok(Self { time, counter, amount })
    }

    /// The amount's currency and minor units.
    pub fn money(&self, cert: &DeviceCertificate) -> Option<(Currency, u64)> {
        self.amount.and_then(|(index, units)| cert.limits.get(index).map(|(c, _)| (*c, units)))
    }

    pub fn to_bytes(self) -> Vec<u8> {
        let mut w = Writer::default();
        self.write(&mut w);
        w.0
    }
}

/// A parsed (not yet verified) offline code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentCode {
    pub(crate) cert: DeviceCertificate,
    pub(crate) dynamic: Dynamic,
    pub(crate) signature: [u8; 64],
    pub(crate) container: Container,
}

/// The bytes a device signs: domain ‖ certificate (with its issuer signature) ‖ dynamic part.
pub(crate) fn signed_message(cert: &DeviceCertificate, dynamic: &Dynamic) -> Vec<u8> {
    [CODE_DOMAIN, &cert.bytes, &dynamic.to_bytes()].concat()
}

impl PaymentCode {
    /// Parses a compact (`CP1:`) or CPM (base64 BER-TLV) payload exactly.
    pub fn parse(payload: &str) -> Result<Self, String> {
        if payload.len() > crate::limits::MAX_QR_CHARS {
            return Err(format!("{} bytes: no payment code is longer than {}", payload.len(), crate::limits::MAX_QR_CHARS));
        }
        if let Some(text) = payload.strip_prefix(COMPACT_PREFIX) {
            let bytes = base45::decode(text)?;
            let mut r = Reader::new(&bytes);
            let cert = DeviceCertificate::read(&mut r, &bytes)?;
            let dynamic = Dynamic::read(&mut r, &cert)?;
            let signature = r.array("device signature")?;
            r.finish()?;
            Ok(Self { cert, dynamic, signature, container: Container::Compact })
        } else if payload.starts_with(cpm::BASE64_START) {
            cpm::decode(payload)
        } else {
            let shown: String = payload.chars().take(8).collect();
            Err(format!("not a crosspay code: expected {COMPACT_PREFIX} or an EMV CPM payload (base64 of 85 05 CPV01), got {shown:?}…"))
        }
    }

    /// The payload in `container`.
    pub fn encode(&self, container: Container) -> String {
        match container {
            Container::Compact => {
                let mut w = Writer::default();
                w.bytes(&self.cert.bytes);
                self.dynamic.write(&mut w);
                w.bytes(&self.signature);
                let mut text = String::with_capacity(COMPACT_PREFIX.len() + w.0.len().div_ceil(2) * 3);
                text.push_str(COMPACT_PREFIX);
                base45::encode_into(&mut text, &w.0);
                text
            }
            Container::Cpm => cpm::encode(self),
        }
    }

    pub fn certificate(&self) -> &DeviceCertificate {
        &self.cert
    }

    pub fn container(&self) -> Container {
        self.container
    }
}

/// QR capacities at error correction M, versions 1..=40: (alphanumeric characters, bytes).
/// ISO/IEC 18004 table 7; tests check it against the `qrcode` crate.
const CAPACITY_M: [(u16, u16); 40] = [
    (20, 14),
    (38, 26),
    (61, 42),
    (90, 62),
    (122, 84),
    (154, 106),
    (178, 122),
    (221, 152),
    (262, 180),
    (311, 213),
    (366, 251),
    (419, 287),
    (483, 331),
    (528, 362),
    (600, 412),
    (656, 450),
    (734, 504),
    (816, 560),
    (909, 624),
    (970, 666),
    (1035, 711),
    (1134, 779),
    (1248, 857),
    (1326, 911),
    (1451, 997),
    (1542, 1059),
    (1637, 1125),
    (1732, 1190),
    (1839, 1264),
    (1994, 1370),
    (2113, 1452),
    (2238, 1538),
    (2369, 1628),
    (2506, 1722),
    (2632, 1809),
    (2780, 1911),
    (2894, 1989),
    (3054, 2099),
    (3220, 2213),
    (3391, 2331),
];

/// The alphabet of QR alphanumeric mode (Base45's alphabet).
/// A byte of QR's alphanumeric set (a character outside ASCII is none: its bytes are all ≥ 0x80).
fn is_qr_alphanumeric(b: u8) -> bool {
    matches!(b, b'0'..=b'9' | b'A'..=b'Z' | b' ' | b'$' | b'%' | b'*' | b'+' | b'-' | b'.' | b'/' | b':')
}

/// The smallest QR version (1-40) that holds `payload` at error correction M in one segment
/// (alphanumeric mode when every character allows it, else byte mode); 0 when none does.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn qr_version(payload: &str) -> u32 {
    let alphanumeric = payload.bytes().all(is_qr_alphanumeric);
    let len = payload.len();
    CAPACITY_M.iter().position(|&(alnum, bytes)| len <= usize::from(if alphanumeric { alnum } else { bytes })).map_or(0, |i| i as u32 + 1)
}
