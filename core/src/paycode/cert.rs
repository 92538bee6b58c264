//! Device certificates: the issuer's signature over a device's public key, a random alias (no
//! personal data), a validity window, scopes and per-currency offline limits. Layout and
//! domain separation: docs/paycode-format.md §2.

use super::wire::{hex, Reader, Writer};
use crate::error::CrosspayError;
use crate::keys::{HighSPolicy, PrivateKey, PublicKey, SignatureFormat};
use crate::money::Currency;
use crate::time::Instant;
use base64ct::{Base64UrlUnpadded, Encoding as _};
use rand_core::{OsRng, RngCore};

/// Prefix of what an issuer signs for a certificate.
pub const CERT_DOMAIN: &[u8] = b"crosspay/paycode/cert/v1\0";
/// Most per-currency limits one certificate carries (each costs 4-7 bytes of QR space).
pub const MAX_LIMITS: usize = 4;
/// The scopes a certificate can grant, with their bits.
pub const SCOPES: &[(&str, u8)] = &[("transit", 0x01), ("retail", 0x02)];
const SCOPE_MASK: u8 = 0x03;

/// What an issuer puts in a certificate (besides the device key).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct CertificateSpec {
    /// 16 lower-case hex digits; random (OS random source) when absent.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub alias: Option<String>,
    /// RFC 3339, whole seconds are kept.
    pub not_before: String,
    pub not_after: String,
    /// `transit` and/or `retail`.
    pub scope: Vec<String>,
    /// Offline limit per code, per currency; a code's amount must be in one of these.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = []))]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub limits: Vec<OfflineLimit>,
}

/// An amount per currency, as decimal strings.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct OfflineLimit {
    pub currency: String,
    pub amount: String,
}

/// A readable description of a certificate (what `crosspay issuer enroll` prints).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct CertificateInfo {
    /// The certificate itself, base64url without padding: what wallets load.
    pub certificate: String,
    pub alias: String,
    pub issuer_kid: String,
    pub device_kid: String,
    pub not_before: String,
    pub not_after: String,
    pub scope: Vec<String>,
    pub limits: Vec<OfflineLimit>,
    /// Length of the binary certificate.
    pub size: u32,
}

/// A parsed device certificate. Parsing checks the layout only; the issuer's signature, the
/// device key and the validity are the verifier's business (each is a distinct refusal).
#[derive(Clone, PartialEq, Eq)]
pub struct DeviceCertificate {
    pub(crate) bytes: Vec<u8>,
    pub(crate) issuer_kid: [u8; 8],
    pub(crate) alias: [u8; 8],
    pub(crate) device_key: [u8; 33],
    pub(crate) not_before: u32,
    pub(crate) not_after: u32,
    pub(crate) scope: u8,
    pub(crate) limits: Vec<(Currency, u64)>,
    pub(crate) tbs_len: usize,
}

impl std::fmt::Debug for DeviceCertificate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "DeviceCertificate(alias {}, issuer {})", self.alias(), self.issuer_kid())
    }
}

fn bad(reason: impl Into<String>) -> CrosspayError {
    CrosspayError::InvalidCertificate { reason: reason.into() }
}

pub(crate) fn unix_u32(at: Instant, what: &str) -> Result<u32, CrosspayError> {
    u32::try_from(at.unix_seconds()).map_err(|_| bad(format!("{what} {at} is outside 1970..2106")))
}

pub(crate) fn instant(seconds: u32) -> Instant {
    Instant::from_u32_seconds(seconds)
}

/// Parses scope names into the certificate's bits.
pub(crate) fn scope_bits(names: &[String]) -> Result<u8, String> {
    let mut bits = 0;
    for name in names {
        let (_, bit) =
            SCOPES.iter().find(|(n, _)| n == name).ok_or_else(|| format!("unknown scope {name:?}: expected transit or retail"))?;
        bits |= bit;
    }
    Ok(bits)
}

pub(crate) fn scope_names(bits: u8) -> Vec<String> {
    SCOPES.iter().filter(|(_, b)| bits & b != 0).map(|(n, _)| n.to_string()).collect()
}

impl DeviceCertificate {
    /// Reads one certificate from the start of `r` (codes carry it first).
    pub(crate) fn read(r: &mut Reader<'_>, all: &[u8]) -> Result<Self, String> {
        let start = r.pos;
        let issuer_kid = r.array("issuer kid")?;
        let alias = r.array("alias")?;
        let device_key: [u8; 33] = r.array("device key")?;
        if device_key[0] != 0x02 && device_key[0] != 0x03 {
            return Err(format!("device key must be a compressed SEC1 point (02/03), starts with {:02x}", device_key[0]));
        }
        let not_before = r.u32("not_before")?;
        let not_after = r.u32("not_after")?;
        if not_after < not_before {
            return Err("not_after is before not_before".into());
        }
        let flags = r.u8("flags")?;
        let (scope, count) = (flags & SCOPE_MASK, usize::from(flags >> 4));
        if scope == 0 || flags & 0x8C != 0 {
            return Err(format!("flags {flags:#04x}: scope bits must name transit and/or retail, bits 2, 3 and 7 must be 0"));
        }
        if count > MAX_LIMITS {
            return Err(format!("{count} limits; at most {MAX_LIMITS}"));
        }
        let mut limits: Vec<(Currency, u64)> = Vec::with_capacity(count);
        for _ in 0..count {
            let currency = r.currency("limit currency")?;
            let amount = r.varint("limit amount", i64::MAX as u64)?;
            if limits.iter().any(|(c, _)| *c == currency) {
                return Err(format!("two limits for {}", currency.code()));
            }
            limits.push((currency, amount));
        }
        let tbs_len = r.pos - start;
        r.take(64, "issuer signature")?;
        Ok(Self { bytes: all[start..r.pos].to_vec(), issuer_kid, alias, device_key, not_before, not_after, scope, limits, tbs_len })
    }

    /// Parses the binary certificate exactly (no trailing bytes).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, CrosspayError> {
        let mut r = Reader::new(bytes);
        let cert = Self::read(&mut r, bytes).map_err(bad)?;
        r.finish().map_err(bad)?;
        Ok(cert)
    }

    /// Parses a certificate as base64url (what [`DeviceCertificate::to_text`] returns), or the
    /// JSON `crosspay issuer enroll` writes (its `certificate` member).
    pub fn from_text(text: &str) -> Result<Self, CrosspayError> {
        crate::limits::check_size("a certificate", text.len(), crate::limits::MAX_DOCUMENT_BYTES)?;
        let text = text.trim();
        let b64 = if text.starts_with('{') {
            let enrolled = crate::flat_json::FlatObject::parse(text).map_err(|e| bad(format!("not a JSON object: {e}")))?;
            match enrolled.text("certificate") {
                Ok(Some(certificate)) => certificate.to_string(),
                Ok(None) => return Err(bad("the JSON has no \"certificate\" member")),
                Err(kind) => return Err(bad(format!("the JSON's \"certificate\" is {kind}, not a string"))),
            }
        } else {
            text.to_string()
        };
        let bytes = Base64UrlUnpadded::decode_vec(&b64).map_err(|e| bad(format!("not base64url without padding: {e}")))?;
        Self::from_bytes(&bytes)
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        self.bytes.clone()
    }

    /// Base64url without padding.
    pub fn to_text(&self) -> String {
        Base64UrlUnpadded::encode_string(&self.bytes)
    }

    /// The alias as 16 lower-case hex digits.
    pub fn alias(&self) -> String {
        hex(&self.alias)
    }

    pub fn issuer_kid(&self) -> String {
        Base64UrlUnpadded::encode_string(&self.issuer_kid)
    }

    /// The device public key (fails if the 33 bytes are not a point on P-256).
    pub fn device_public_key(&self) -> Result<PublicKey, CrosspayError> {
        PublicKey::from_sec1(&self.device_key)
    }

    /// The device key's id, or `(not a P-256 point)`.
    pub(crate) fn device_kid(&self) -> String {
        self.device_public_key().map(|k| k.kid()).unwrap_or_else(|_| "(not a P-256 point)".into())
    }

    pub fn not_before(&self) -> Instant {
        instant(self.not_before)
    }

    pub fn not_after(&self) -> Instant {
        instant(self.not_after)
    }

    pub fn scopes(&self) -> Vec<String> {
        scope_names(self.scope)
    }

    pub(crate) fn tbs(&self) -> &[u8] {
        &self.bytes[..self.tbs_len]
    }

    pub(crate) fn issuer_signature(&self) -> &[u8] {
        &self.bytes[self.tbs_len..]
    }

    /// The index of the limit in `currency`, if the certificate has one.
    pub(crate) fn limit_index(&self, currency: Currency) -> Option<usize> {
        self.limits.iter().position(|(c, _)| *c == currency)
    }

    /// Whether `issuer` signed this certificate (strict, low-S).
    pub fn is_signed_by(&self, issuer: &PublicKey) -> bool {
        let message = [CERT_DOMAIN, self.tbs()].concat();
        issuer.verify(&message, self.issuer_signature(), SignatureFormat::P1363, HighSPolicy::Reject).valid
    }

    pub fn info(&self) -> CertificateInfo {
        let device_kid = self.device_kid();
        CertificateInfo {
            certificate: self.to_text(),
            alias: self.alias(),
            issuer_kid: self.issuer_kid(),
            device_kid,
            not_before: self.not_before().to_rfc3339(),
            not_after: self.not_after().to_rfc3339(),
            scope: self.scopes(),
            limits: self
                .limits
                .iter()
                .map(|&(c, a)| OfflineLimit { currency: c.code().into(), amount: crate::money::unsigned_units_text(c, a) })
                .collect(),
            size: self.bytes.len() as u32,
        }
    }
}

/// Describes a certificate (base64url or the enroll JSON) without verifying it.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn describe_certificate(certificate: &str) -> Result<CertificateInfo, CrosspayError> {
    DeviceCertificate::from_text(certificate).map(|c| c.info())
}

/// Issues a certificate for `device`, signed by `issuer` (RFC 6979: the same inputs give the
/// same bytes).
pub fn issue_certificate(issuer: &PrivateKey, device: &PublicKey, spec: &CertificateSpec) -> Result<DeviceCertificate, CrosspayError> {
    let options = |reason: String| CrosspayError::InvalidOptions { reason };
    let alias = match &spec.alias {
        Some(hex_alias) => super::wire::from_hex::<8>(hex_alias, "alias").map_err(options)?,
        None => {
            let mut a = [0u8; 8];
            OsRng.try_fill_bytes(&mut a).map_err(|e| CrosspayError::RandomUnavailable { reason: e.to_string() })?;
            a
        }
    };
    let not_before = unix_u32(Instant::parse(&spec.not_before)?, "not_before")?;
    let not_after = unix_u32(Instant::parse(&spec.not_after)?, "not_after")?;
    if not_after < not_before {
        return Err(options(format!("not_after {} is before not_before {}", spec.not_after, spec.not_before)));
    }
    let scope = scope_bits(&spec.scope).map_err(options)?;
    if scope == 0 {
        return Err(options("scope must name transit, retail or both".into()));
    }
    if spec.limits.len() > MAX_LIMITS {
        return Err(options(format!("{} limits; at most {MAX_LIMITS} fit a QR code", spec.limits.len())));
    }
    let issuer_kid: [u8; 8] = Base64UrlUnpadded::decode_vec(&issuer.public_key().kid())
        .ok()
        .and_then(|k| k.try_into().ok())
        .ok_or_else(|| bad("the issuer key id is not 8 bytes"))?;
    let mut w = Writer::default();
    w.bytes(&issuer_kid);
    w.bytes(&alias);
    w.bytes(&device.to_sec1(true));
    w.u32(not_before);
    w.u32(not_after);
    w.u8(scope | (spec.limits.len() as u8) << 4);
    let mut seen = Vec::new();
    for limit in &spec.limits {
        let (currency, units) = crate::money::unsigned_minor_units(&limit.amount, &limit.currency)?;
        if seen.contains(&currency) {
            return Err(options(format!("two limits for {}", currency.code())));
        }
        seen.push(currency);
        w.currency(currency);
        w.varint(units);
    }
    let signature = issuer.sign(&[CERT_DOMAIN, &w.0].concat(), SignatureFormat::P1363);
    w.bytes(&signature);
    DeviceCertificate::from_bytes(&w.0)
}
