//! 18-digit numeric payment codes for barcode scanners: a 2-digit issuer prefix, a 15-digit
//! body from HMAC-SHA256(seed, domain ‖ prefix ‖ key version ‖ 30-second time step), and a Luhn check
//! digit (docs/paycode-format.md §7). Plus the HOTP/TOTP plumbing (RFC 4226, RFC 6238) it
//! is built from, tested against the RFC tables.

use crate::error::CrosspayError;
use crate::time::Instant;
use base64ct::{Base64UrlUnpadded, Encoding as _};
use hmac::{Hmac, KeyInit, Mac};
use rand_core::{OsRng, RngCore};
use sha2::Sha256;
use zeroize::Zeroizing;

/// Prefix of the HMAC input of a numeric code.
/// v2 authenticates the prefix: a code moved to another prefix (and its Luhn digit recomputed)
/// matches no seed.
pub const NUMERIC_DOMAIN: &[u8] = b"crosspay/paycode/numeric/v2\0";
/// Seconds per time step.
pub const NUMERIC_STEP_SECONDS: u64 = 30;
/// Issuer prefixes crosspay refuses: WeChat Pay (10-15), Alipay (25-30), UnionPay (62).
pub const RESERVED_PREFIXES: &[std::ops::RangeInclusive<u8>] = &[10..=15, 25..=30, 62..=62];
const BODY_MODULUS: u128 = 1_000_000_000_000_000;

/// HMAC-SHA256.
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    // HMAC takes keys of any length.
    let mut mac = <Hmac<Sha256> as KeyInit>::new_from_slice(key).unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// RFC 6238 time step: ⌊(unix − t0) / period⌋ (0 before t0).
pub fn time_step(unix_seconds: i64, t0: i64, period: u64) -> u64 {
    u64::try_from(unix_seconds.saturating_sub(t0)).unwrap_or(0) / period.max(1)
}

/// RFC 4226 §5.3 dynamic truncation of an HMAC to `digits` (1..=9) decimal digits.
pub fn hotp_truncate(mac: &[u8], digits: u32) -> u32 {
    let offset = usize::from(mac.last().copied().unwrap_or(0) & 0x0F);
    let word = mac.get(offset..offset + 4).map_or(0, |b| u32::from_be_bytes([b[0] & 0x7F, b[1], b[2], b[3]]));
    word % 10u32.pow(digits.clamp(1, 9))
}

/// The Luhn check digit that makes `digits ‖ check` pass the Luhn test.
pub fn luhn_check_digit(digits: &str) -> Option<u8> {
    let mut sum = 0u32;
    for (i, c) in digits.bytes().rev().enumerate() {
        let d = u32::from(c.checked_sub(b'0').filter(|d| *d <= 9)?);
        sum += if i % 2 == 0 { [0, 2, 4, 6, 8, 1, 3, 5, 7, 9][d as usize] } else { d };
    }
    Some(((10 - sum % 10) % 10) as u8)
}

/// A device's numeric-code seed: 32 secret bytes, an id and a key version. Zeroized on drop;
/// Debug shows `[REDACTED]`.
#[cfg_attr(feature = "uniffi", derive(uniffi::Object))]
#[derive(Clone)]
pub struct NumericSeed {
    pub(crate) seed_id: [u8; 8],
    pub(crate) key_version: u32,
    seed: Zeroizing<[u8; 32]>,
}

impl std::fmt::Debug for NumericSeed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NumericSeed(id {}, version {}, seed [REDACTED])", self.seed_id(), self.key_version)
    }
}

#[derive(serde::Deserialize, zeroize::Zeroize, zeroize::ZeroizeOnDrop)]
#[serde(deny_unknown_fields)]
struct SeedFile {
    #[serde(rename = "type")]
    kind: String,
    seed_id: String,
    key_version: u32,
    seed: String,
}

fn bad_seed(reason: impl Into<String>) -> CrosspayError {
    CrosspayError::InvalidPaycode { reason: format!("numeric seed: {}", reason.into()) }
}

impl NumericSeed {
    /// A seed from its parts (32 secret bytes).
    pub fn from_parts(seed_id: [u8; 8], key_version: u32, secret: &[u8]) -> Result<Self, CrosspayError> {
        let mut seed = Zeroizing::new([0u8; 32]);
        if secret.len() != 32 {
            return Err(bad_seed(format!("the secret must be 32 bytes, is {}", secret.len())));
        }
        seed.copy_from_slice(secret);
        Ok(Self { seed_id, key_version, seed })
    }

    /// Parses the seed file JSON `{"type":"crosspay-numeric-seed","seed_id","key_version","seed"}`.
    pub fn from_json(json: &str) -> Result<Self, CrosspayError> {
        let file: SeedFile = serde_json::from_str(json).map_err(|e| bad_seed(format!("not a seed file: {e}")))?;
        if file.kind != "crosspay-numeric-seed" {
            return Err(bad_seed(format!("type must be crosspay-numeric-seed, is {:?}", file.kind)));
        }
        let seed_id = super::wire::from_hex::<8>(&file.seed_id, "seed_id").map_err(bad_seed)?;
        let secret = Zeroizing::new(Base64UrlUnpadded::decode_vec(&file.seed).map_err(|e| bad_seed(format!("seed is not base64url: {e}")))?);
        Self::from_parts(seed_id, file.key_version, &secret)
    }

    /// The seed file JSON (contains the secret: store it like a private key).
    pub fn to_json(&self) -> Zeroizing<String> {
        let secret = Zeroizing::new(Base64UrlUnpadded::encode_string(self.seed.as_ref()));
        Zeroizing::new(format!(
            "{{\"type\":\"crosspay-numeric-seed\",\"seed_id\":\"{}\",\"key_version\":{},\"seed\":\"{}\"}}",
            self.seed_id(),
            self.key_version,
            secret.as_str()
        ))
    }

    pub fn key_version(&self) -> u32 {
        self.key_version
    }

    /// The 15-digit body for a prefix (two ASCII digits, authenticated) and a time step: the
    /// first 16 bytes of the HMAC as a big-endian integer modulo 10^15 (bias below 2^-78,
    /// unlike RFC 4226's 31-bit truncation).
    pub(crate) fn body(&self, prefix: &str, step: u64) -> [u8; 15] {
        let message = [NUMERIC_DOMAIN, prefix.as_bytes(), &self.key_version.to_be_bytes(), &step.to_be_bytes()].concat();
        let mac = Zeroizing::new(hmac_sha256(self.seed.as_ref(), &message));
        let mut top = [0u8; 16];
        top.copy_from_slice(&mac[..16]);
        let mut n = u128::from_be_bytes(top) % BODY_MODULUS;
        let mut digits = [b'0'; 15];
        for d in digits.iter_mut().rev() {
            *d = b'0' + (n % 10) as u8;
            n /= 10;
        }
        digits
    }
}

#[cfg_attr(feature = "uniffi", uniffi::export)]
impl NumericSeed {
    /// A new seed from the OS random source.
    #[cfg_attr(feature = "uniffi", uniffi::constructor)]
    pub fn generate(key_version: u32) -> Result<Self, CrosspayError> {
        let mut bytes = Zeroizing::new([0u8; 40]);
        OsRng.try_fill_bytes(bytes.as_mut()).map_err(|e| CrosspayError::RandomUnavailable { reason: e.to_string() })?;
        let mut seed_id = [0u8; 8];
        seed_id.copy_from_slice(&bytes[32..]);
        Self::from_parts(seed_id, key_version, &bytes[..32])
    }

    pub fn seed_id(&self) -> String {
        super::wire::hex(&self.seed_id)
    }

    /// The 18-digit code of this seed at `at` (see [`numeric_code`]).
    pub fn code(&self, prefix: &str, at: &str) -> Result<String, CrosspayError> {
        numeric_code(self, prefix, at)
    }
}

/// The time step of `at` (30 s from the Unix epoch).
pub(crate) fn step_at(at: Instant) -> u64 {
    time_step(at.unix_seconds(), 0, NUMERIC_STEP_SECONDS)
}

/// Checks a 2-digit issuer prefix: digits, and not one of the reserved ranges.
pub fn check_prefix(prefix: &str) -> Result<u8, String> {
    let value = (prefix.len() == 2 && prefix.bytes().all(|b| b.is_ascii_digit()))
        .then(|| prefix.parse::<u8>().ok())
        .flatten()
        .ok_or_else(|| format!("the prefix must be two digits, is {prefix:?}"))?;
    if RESERVED_PREFIXES.iter().any(|r| r.contains(&value)) {
        return Err(format!("prefix {prefix} is reserved (10-15 WeChat Pay, 25-30 Alipay, 62 UnionPay)"));
    }
    Ok(value)
}

/// The 18-digit code of `seed` at `at` (RFC 3339: the device clock plus its server offset).
pub fn numeric_code(seed: &NumericSeed, prefix: &str, at: &str) -> Result<String, CrosspayError> {
    check_prefix(prefix).map_err(|reason| CrosspayError::InvalidPaycode { reason })?;
    let step = step_at(Instant::parse(at)?);
    Ok(assemble(prefix, &seed.body(prefix, step)))
}

pub(crate) fn assemble(prefix: &str, body: &[u8; 15]) -> String {
    let mut code = String::with_capacity(18);
    code.push_str(prefix);
    code.extend(body.iter().map(|&b| b as char));
    let check = luhn_check_digit(&code).unwrap_or(0);
    code.push((b'0' + check) as char);
    code
}
