//! P-256 public keys: SEC1 points, SPKI (DER, PEM), JWK, the key id, and strict verification.

use super::signature::{is_high_s, parse, HighSPolicy, SignatureFormat, Verdict, VerifyFailure};
use crate::error::CrosspayError;
use base64ct::{Base64UrlUnpadded, Encoding as _};
use p256::ecdsa::signature::Verifier;
use p256::ecdsa::VerifyingKey;
use p256::pkcs8::{DecodePublicKey, EncodePublicKey, LineEnding};
use sha2::{Digest, Sha256};

/// The DER of a P-256 SubjectPublicKeyInfo up to its uncompressed point: SEQUENCE (89 bytes) of
/// the AlgorithmIdentifier (id-ecPublicKey, prime256v1) and a BIT STRING of 66 bytes (no unused
/// bits, then the 65-byte point).
const SPKI_PREFIX: [u8; 26] = [
    0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01,
    0x07, 0x03, 0x42, 0x00,
];

/// A P-256 public key. Always a valid point on the curve (never the identity).
#[derive(Clone, PartialEq, Eq)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Object))]
pub struct PublicKey {
    pub(crate) inner: VerifyingKey,
}

fn invalid(format: &str, why: impl std::fmt::Display) -> CrosspayError {
    CrosspayError::InvalidKey { reason: format!("not a P-256 public key in {format}: {why}") }
}

impl PublicKey {
    /// A SEC1 point, compressed (33 bytes, 02/03) or uncompressed (65 bytes, 04).
    pub fn from_sec1(bytes: &[u8]) -> Result<Self, CrosspayError> {
        if !matches!((bytes.first(), bytes.len()), (Some(2 | 3), 33) | (Some(4), 65)) {
            return Err(invalid("SEC1", "expected 33 bytes (02/03…) or 65 bytes (04…)"));
        }
        VerifyingKey::from_sec1_bytes(bytes).map(|inner| Self { inner }).map_err(|_| invalid("SEC1", "the point is not on the curve"))
    }

    /// SubjectPublicKeyInfo, DER. Other curves and algorithms are refused.
    pub fn from_spki_der(der: &[u8]) -> Result<Self, CrosspayError> {
        VerifyingKey::from_public_key_der(der).map(|inner| Self { inner }).map_err(|e| invalid("SPKI DER", e))
    }

    /// SubjectPublicKeyInfo, PEM (`-----BEGIN PUBLIC KEY-----`).
    pub fn from_spki_pem(pem: &str) -> Result<Self, CrosspayError> {
        VerifyingKey::from_public_key_pem(pem.trim()).map(|inner| Self { inner }).map_err(|e| invalid("SPKI PEM", e))
    }

    /// Verifies an ECDSA P-256 / SHA-256 signature over `message`, strictly: exact encoding,
    /// r and s in [1, n−1], low-S unless the policy accepts high-S.
    pub fn verify(&self, message: &[u8], signature: &[u8], format: SignatureFormat, policy: HighSPolicy) -> Verdict {
        Verdict::from(self.check(message, signature, format, policy))
    }

    pub(crate) fn check(
        &self,
        message: &[u8],
        signature: &[u8],
        format: SignatureFormat,
        policy: HighSPolicy,
    ) -> Result<(), VerifyFailure> {
        let sig = parse(signature, format)?;
        if policy == HighSPolicy::Reject && is_high_s(&sig) {
            return Err(VerifyFailure::HighS);
        }
        self.inner.verify(message, &sig).map_err(|_| VerifyFailure::Mismatch)
    }
}

/// Exported as they are to Kotlin, Swift and Python (uniffi); the rest in keys/uniffi.rs.
#[cfg_attr(feature = "uniffi", uniffi::export)]
impl PublicKey {
    /// A JWK (`{"kty":"EC","crv":"P-256","x":…,"y":…}`), as WebCrypto exports it, other
    /// standard members ignored. A private JWK is accepted too; only its public part is read.
    #[cfg_attr(feature = "uniffi", uniffi::constructor)]
    pub fn from_jwk(jwk: &str) -> Result<Self, CrosspayError> {
        let parsed = super::jwk::parse(jwk)?;
        VerifyingKey::from_sec1_bytes(&parsed.point)
            .map(|inner| Self { inner })
            .map_err(|_| invalid("JWK", "x, y is not a point on the curve"))
    }

    /// Any of the text forms: SPKI PEM, JWK, or SEC1 in hex.
    #[cfg_attr(feature = "uniffi", uniffi::constructor)]
    pub fn parse(text: &str) -> Result<Self, CrosspayError> {
        let t = text.trim();
        if t.starts_with("-----BEGIN") {
            Self::from_spki_pem(t)
        } else if t.starts_with('{') {
            Self::from_jwk(t)
        } else {
            let bytes = decode_hex(t).map_err(|e| invalid("hex SEC1", e))?;
            Self::from_sec1(&bytes)
        }
    }

    /// SEC1 point, 33 bytes compressed or 65 uncompressed.
    pub fn to_sec1(&self, compressed: bool) -> Vec<u8> {
        self.inner.to_sec1_point(compressed).as_bytes().to_vec()
    }

    /// SubjectPublicKeyInfo, DER (RFC 5480: id-ecPublicKey on prime256v1, the uncompressed point).
    pub fn to_spki_der(&self) -> Vec<u8> {
        // For P-256 always SPKI_PREFIX and the point, so written as that (a test checks it against
        // the spki crate's encoder): a key id costs a hash, and the wallet's module and the
        // mini-program fallback carry no DER encoder.
        [&SPKI_PREFIX[..], self.inner.to_sec1_point(false).as_bytes()].concat()
    }

    pub fn to_spki_pem(&self) -> String {
        self.inner.to_public_key_pem(LineEnding::LF).unwrap_or_default()
    }

    /// JWK with `kty`, `crv`, `x`, `y` (base64url, no padding).
    pub fn to_jwk(&self) -> String {
        super::jwk::encode(&self.to_sec1(false), None).to_string()
    }

    /// The key id: base64url (no padding) of the first 8 bytes of SHA-256 over the SPKI DER.
    /// 11 characters; compact enough for QR payloads. Ids can collide (2^-64 per pair), so a
    /// verifier tries every trusted key that has the id.
    pub fn kid(&self) -> String {
        let digest = Sha256::digest(self.to_spki_der());
        Base64UrlUnpadded::encode_string(&digest[..8])
    }
}

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PublicKey({})", self.kid())
    }
}

/// Strict hex: exactly pairs of `[0-9a-fA-F]`, nothing else (no sign, no spaces, no `0x`).
pub(crate) fn decode_hex(text: &str) -> Result<Vec<u8>, String> {
    hex::decode(text).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::PrivateKey;

    #[test]
    fn spki_der_is_what_the_spki_encoder_writes() {
        for seed in 1u8..=40 {
            let key = PrivateKey::from_raw(&[seed; 32]).unwrap_or_else(|e| panic!("{e}")).public_key();
            let library = key.inner.to_public_key_der().map(|d| d.as_bytes().to_vec());
            assert_eq!(Ok(key.to_spki_der()), library.map_err(|e| e.to_string()), "seed {seed}");
        }
    }
}
