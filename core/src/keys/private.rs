//! P-256 private keys: generation (OS random or host entropy), import/export, signing.
//! The secret scalar is parsed once into a key handle, zeroized on drop, and never printed.

use super::public::PublicKey;
use super::signature::{encode, SignatureFormat};
use crate::error::CrosspayError;
use p256::ecdsa::VerifyingKey;
use p256::elliptic_curve::PrimeField;
use p256::elliptic_curve::ALGORITHM_OID;
use p256::pkcs8::der::{pem, Decode};
use p256::pkcs8::{AssociatedOid, EncodePrivateKey, LineEnding, PrivateKeyInfoRef};
use p256::{FieldBytes, NistP256, NonZeroScalar, Sec1Point, SecretKey};
use rand_core::{OsRng, RngCore};
use sec1::{EcParameters, EcPrivateKey};
use sha2::{Digest, Sha256};
use zeroize::Zeroizing;

/// Domain separation for deriving a key from host entropy (docs/keys.md).
const KEYGEN_DOMAIN: &[u8] = b"crosspay/keygen/v1";
/// The least entropy accepted from a host, in bytes.
pub const MIN_ENTROPY_BYTES: usize = 32;
const MAX_ENTROPY_BYTES: usize = 1024;

/// A P-256 private key: the secret scalar (zeroized when dropped) and its public point, worked
/// out once with core's generator table (keys/generator.rs).
#[cfg_attr(feature = "uniffi", derive(uniffi::Object))]
pub struct PrivateKey {
    secret: Zeroizing<NonZeroScalar>,
    public: VerifyingKey,
}

fn invalid(format: &str, why: impl std::fmt::Display) -> CrosspayError {
    CrosspayError::InvalidKey { reason: format!("not a P-256 private key in {format}: {why}") }
}

/// A PEM block's DER bytes (zeroized when dropped), refused unless its label is `label`.
fn pem_document(text: &str, label: &str, format: &str) -> Result<Zeroizing<Vec<u8>>, CrosspayError> {
    let (found, der) = pem::decode_vec(text.trim().as_bytes()).map_err(|e| invalid(format, e))?;
    let der = Zeroizing::new(der);
    if found != label {
        return Err(invalid(format, format_args!("the block is {found:?}, not {label:?}")));
    }
    Ok(der)
}

impl PrivateKey {
    /// A key derived from entropy the host supplies (e.g. `wx.getRandomValues`): at least 32
    /// bytes, refused when obviously bad (too short, one repeated byte or short pattern).
    /// The scalar is SHA-256(`crosspay/keygen/v1` ‖ counter ‖ entropy), counter from 0 until
    /// the digest is a valid scalar (it is, except with probability ~2^-32 per try).
    pub fn from_entropy(entropy: &[u8]) -> Result<Self, CrosspayError> {
        check_entropy(entropy)?;
        for counter in 0u32..16 {
            let digest = Zeroizing::new(
                Sha256::new().chain_update(KEYGEN_DOMAIN).chain_update(counter.to_be_bytes()).chain_update(entropy).finalize(),
            );
            if let Some(scalar) = Option::<NonZeroScalar>::from(NonZeroScalar::from_repr(*digest)) {
                return Self::from_scalar(scalar);
            }
        }
        Err(CrosspayError::WeakEntropy { reason: "no valid scalar could be derived".into() })
    }

    /// The raw 32-byte big-endian scalar.
    pub fn from_raw(scalar: &[u8]) -> Result<Self, CrosspayError> {
        if scalar.len() != 32 {
            return Err(invalid("raw form", format!("expected 32 bytes, got {}", scalar.len())));
        }
        let refused = || invalid("raw form", "the scalar is zero or not below the group order");
        let bytes = Zeroizing::new(FieldBytes::try_from(scalar).map_err(|_| refused())?);
        Option::<NonZeroScalar>::from(NonZeroScalar::from_repr(*bytes)).ok_or_else(refused).and_then(Self::from_scalar)
    }

    /// The key of a scalar, with its public point.
    fn from_scalar(scalar: NonZeroScalar) -> Result<Self, CrosspayError> {
        let secret = Zeroizing::new(scalar);
        let point = super::generator::mul_generator(&secret).to_affine();
        // d·G of a non-zero d below the order is never the identity; refused rather than trusted.
        let public = VerifyingKey::from_affine(point).map_err(|_| invalid("raw form", "the scalar has no public point"))?;
        Ok(Self { secret, public })
    }

    /// PKCS#8 DER (`PrivateKeyInfo`): id-ecPublicKey on P-256 around a SEC1 `ECPrivateKey`.
    /// Other curves and algorithms are refused.
    pub fn from_pkcs8_der(der: &[u8]) -> Result<Self, CrosspayError> {
        const FORMAT: &str = "PKCS#8 DER";
        let info = PrivateKeyInfoRef::from_der(der).map_err(|e| invalid(FORMAT, e))?;
        info.algorithm.assert_oids(ALGORITHM_OID, NistP256::OID).map_err(|e| invalid(FORMAT, e))?;
        Self::from_ec_private_key(info.private_key.as_bytes(), FORMAT)
    }

    /// PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`).
    pub fn from_pkcs8_pem(pem: &str) -> Result<Self, CrosspayError> {
        Self::from_pkcs8_der(&pem_document(pem, "PRIVATE KEY", "PKCS#8 PEM")?)
    }

    /// SEC1 `ECPrivateKey` DER (RFC 5915).
    pub fn from_sec1_der(der: &[u8]) -> Result<Self, CrosspayError> {
        Self::from_ec_private_key(der, "SEC1 DER")
    }

    /// SEC1 PEM (`-----BEGIN EC PRIVATE KEY-----`).
    pub fn from_sec1_pem(pem: &str) -> Result<Self, CrosspayError> {
        Self::from_sec1_der(&pem_document(pem, "EC PRIVATE KEY", "SEC1 PEM")?)
    }

    /// A SEC1 `ECPrivateKey` (alone, or inside PKCS#8): the curve, when named, must be P-256; the
    /// scalar non-zero and below the order; the public point, when the document carries one,
    /// the scalar's own (compared in the form it is given), which core's generator table works
    /// out anyway for the key.
    fn from_ec_private_key(der: &[u8], format: &str) -> Result<Self, CrosspayError> {
        let document = EcPrivateKey::from_der(der).map_err(|e| invalid(format, e))?;
        if let Some(EcParameters::NamedCurve(curve)) = document.parameters {
            if curve != NistP256::OID {
                return Err(invalid(format, format_args!("the curve {curve} is not P-256")));
            }
        }
        let secret = SecretKey::from_slice(document.private_key)
            .map_err(|_| invalid(format, "the scalar is zero, not below the group order or of the wrong length"))?;
        let key = Self::from_scalar(secret.to_nonzero_scalar())?;
        if let Some(point) = document.public_key {
            let point = Sec1Point::from_bytes(point).map_err(|_| invalid(format, "the public key is not a SEC1 point"))?;
            if key.public.to_sec1_point(point.is_compressed()) != point {
                return Err(invalid(format, "the public key is not the private key's own"));
            }
        }
        Ok(key)
    }

    /// A private JWK (`kty` EC, `crv` P-256, with `d`), as WebCrypto exports it.
    /// The public `x`, `y` must be the scalar's own point.
    pub fn from_jwk(jwk: &str) -> Result<Self, CrosspayError> {
        let parsed = super::jwk::parse(jwk)?;
        let scalar = parsed.scalar.ok_or_else(|| invalid("JWK", "\"d\" is missing: this is a public key"))?;
        let key = Self::from_raw(&scalar).map_err(|_| invalid("JWK", "\"d\" is not a valid scalar"))?;
        if key.public_key().to_sec1(false) != parsed.point {
            return Err(invalid("JWK", "x, y is not the public point of d"));
        }
        Ok(key)
    }

    /// Any text form: PKCS#8 PEM, SEC1 PEM, or a private JWK.
    pub fn parse(text: &str) -> Result<Self, CrosspayError> {
        let t = text.trim();
        if t.starts_with("-----BEGIN EC PRIVATE KEY-----") {
            Self::from_sec1_pem(t)
        } else if t.starts_with("-----BEGIN") {
            Self::from_pkcs8_pem(t)
        } else if t.starts_with('{') {
            Self::from_jwk(t)
        } else {
            Err(invalid("text", "expected a PKCS#8 or SEC1 PEM block, or a JWK"))
        }
    }

    /// Signs `message` with ECDSA P-256 / SHA-256: RFC 6979 deterministic nonce, normalized to
    /// low-S, encoded in `format`.
    pub fn sign(&self, message: &[u8], format: SignatureFormat) -> Vec<u8> {
        // generator::sign returns the low-S form already.
        encode(&super::generator::sign(&self.secret, message), format)
    }

    /// The raw scalar (secret: zeroized when dropped).
    pub fn to_raw(&self) -> Zeroizing<Vec<u8>> {
        Zeroizing::new(self.secret.to_repr().to_vec())
    }

    pub fn to_pkcs8_der(&self) -> Zeroizing<Vec<u8>> {
        // Encoding a valid key cannot fail; an empty document would only fail to import.
        Zeroizing::new(self.secret_key().to_pkcs8_der().map(|d| d.as_bytes().to_vec()).unwrap_or_default())
    }

    pub fn to_pkcs8_pem(&self) -> Zeroizing<String> {
        self.secret_key().to_pkcs8_pem(LineEnding::LF).unwrap_or_default()
    }

    pub fn to_sec1_der(&self) -> Zeroizing<Vec<u8>> {
        self.secret_key().to_sec1_der().map(|d| Zeroizing::new(d.to_vec())).unwrap_or_default()
    }

    /// The scalar as p256's `SecretKey` (zeroized when dropped), for its encoders.
    fn secret_key(&self) -> SecretKey {
        SecretKey::from(&*self.secret)
    }

    /// A private JWK (with `d`).
    pub fn to_jwk(&self) -> Zeroizing<String> {
        super::jwk::encode(&self.public_key().to_sec1(false), Some(&self.to_raw()))
    }
}

/// Exported as they are to Kotlin, Swift and Python (uniffi); the rest in keys/uniffi.rs.
#[cfg_attr(feature = "uniffi", uniffi::export)]
impl PrivateKey {
    /// A new key from the operating system's random source (crypto.getRandomValues in
    /// browsers and Node). Where there is none (a mini-program), `random_unavailable`: use
    /// [`PrivateKey::from_entropy`] with bytes from the host.
    #[cfg_attr(feature = "uniffi", uniffi::constructor)]
    pub fn generate() -> Result<Self, CrosspayError> {
        let mut seed = Zeroizing::new([0u8; 48]);
        OsRng.try_fill_bytes(seed.as_mut()).map_err(|e| CrosspayError::RandomUnavailable { reason: e.to_string() })?;
        Self::from_entropy(seed.as_ref())
    }

    pub fn public_key(&self) -> PublicKey {
        PublicKey { inner: self.public }
    }
}

impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PrivateKey([REDACTED], kid {})", self.public_key().kid())
    }
}

fn check_entropy(entropy: &[u8]) -> Result<(), CrosspayError> {
    let weak = |reason: String| Err(CrosspayError::WeakEntropy { reason });
    if entropy.len() < MIN_ENTROPY_BYTES {
        return weak(format!("{} bytes; at least {MIN_ENTROPY_BYTES} are needed", entropy.len()));
    }
    if entropy.len() > MAX_ENTROPY_BYTES {
        return weak(format!("{} bytes; at most {MAX_ENTROPY_BYTES} are read", entropy.len()));
    }
    // One byte repeated, or any pattern of up to 8 bytes repeated, is not random.
    if let Some(period) = (1..=8).find(|&p| entropy.iter().skip(p).zip(entropy).all(|(a, b)| a == b)) {
        return weak(format!("the bytes repeat with a period of {period}"));
    }
    Ok(())
}
