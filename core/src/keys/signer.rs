//! Signing with a key that crosspay never holds: a host signer (Secure Enclave, Android
//! Keystore/StrongBox, a non-extractable WebCrypto key). Hardware signers use random nonces and
//! may return DER or high-S signatures: crosspay normalizes what they return and verifies it
//! against the expected public key before anything uses it.

use super::public::PublicKey;
use super::signature::{encode, low_s, parse_any, HighSPolicy, SignatureFormat};
use crate::error::CrosspayError;

/// Turns what a host signer returned into a checked low-S signature in `format`.
pub fn finish_foreign_signature(
    public_key: &PublicKey,
    message: &[u8],
    returned: &[u8],
    format: SignatureFormat,
) -> Result<Vec<u8>, CrosspayError> {
    let failed = |reason: String| CrosspayError::SignerFailed { reason };
    let sig = parse_any(returned).map_err(|why| failed(format!("the signer returned an unusable signature ({})", why.as_str())))?;
    let sig = low_s(sig);
    let normalized = encode(&sig, SignatureFormat::P1363);
    public_key
        .check(message, &normalized, SignatureFormat::P1363, HighSPolicy::Reject)
        .map_err(|why| failed(format!("the signer's signature does not verify with key {} ({})", public_key.kid(), why.as_str())))?;
    Ok(encode(&sig, format))
}

/// A signer the host app implements (uniffi: a Kotlin/Swift/Python object). It signs the
/// message bytes with ECDSA P-256 / SHA-256 (the platform hashes), returning DER or P1363.
#[cfg_attr(feature = "uniffi", uniffi::export(with_foreign))]
pub trait ForeignSigner: Send + Sync {
    /// Signs `message`; returns the signature in DER or P1363.
    fn sign(&self, message: Vec<u8>) -> Result<Vec<u8>, SignerError>;
}

/// What a host signer may report: the key is gone, the user cancelled, the hardware failed…
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Error))]
pub enum SignerError {
    #[error("the signer failed: {reason}")]
    Failed { reason: String },
}

#[cfg(feature = "uniffi")]
impl From<uniffi::UnexpectedUniFFICallbackError> for SignerError {
    fn from(e: uniffi::UnexpectedUniFFICallbackError) -> Self {
        Self::Failed { reason: e.reason }
    }
}

/// Signs `message` with a host signer whose public key is `public_key`, and returns a checked,
/// low-S signature in `format`.
pub fn sign_with(
    signer: &dyn ForeignSigner,
    public_key: &PublicKey,
    message: &[u8],
    format: SignatureFormat,
) -> Result<Vec<u8>, CrosspayError> {
    let returned = signer.sign(message.to_vec()).map_err(|SignerError::Failed { reason }| CrosspayError::SignerFailed { reason })?;
    finish_foreign_signature(public_key, message, &returned, format)
}
