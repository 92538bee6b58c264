//! uniffi adapters for keys, where a type cannot cross as it is: secrets arrive as byte vectors
//! and are zeroized here, byte slices arrive as vectors, zeroizing buffers leave as plain ones,
//! and a defaulted policy. Everything else is exported on the items themselves.

use super::{ForeignSigner, HighSPolicy, PrivateKey, PublicKey, SignatureFormat, Verdict};
use crate::error::CrosspayError;
use std::sync::Arc;
use zeroize::Zeroizing;

/// Private keys cross to Kotlin/Swift/Python as handles; exports of secret material leave
/// crosspay's zeroizing memory, so prefer keeping keys in crosspay or in hardware.
#[uniffi::export]
impl PrivateKey {
    /// A key derived from at least 32 bytes of host entropy (docs/keys.md).
    #[uniffi::constructor(name = "from_entropy")]
    fn from_entropy_ffi(entropy: Vec<u8>) -> Result<Self, CrosspayError> {
        Self::from_entropy(&Zeroizing::new(entropy))
    }

    /// The raw 32-byte scalar.
    #[uniffi::constructor(name = "from_raw")]
    fn from_raw_ffi(scalar: Vec<u8>) -> Result<Self, CrosspayError> {
        Self::from_raw(&Zeroizing::new(scalar))
    }

    #[uniffi::constructor(name = "from_pkcs8_der")]
    fn from_pkcs8_der_ffi(der: Vec<u8>) -> Result<Self, CrosspayError> {
        Self::from_pkcs8_der(&Zeroizing::new(der))
    }

    #[uniffi::constructor(name = "from_sec1_der")]
    fn from_sec1_der_ffi(der: Vec<u8>) -> Result<Self, CrosspayError> {
        Self::from_sec1_der(&Zeroizing::new(der))
    }

    /// A private JWK (WebCrypto's `exportKey("jwk")`).
    #[uniffi::constructor(name = "from_jwk")]
    fn from_jwk_ffi(jwk: String) -> Result<Self, CrosspayError> {
        Self::from_jwk(&Zeroizing::new(jwk))
    }

    /// PKCS#8 PEM, SEC1 PEM or a private JWK.
    #[uniffi::constructor(name = "parse")]
    fn parse_ffi(text: String) -> Result<Self, CrosspayError> {
        Self::parse(&Zeroizing::new(text))
    }

    /// ECDSA P-256 / SHA-256, RFC 6979 nonce, low-S.
    #[uniffi::method(name = "sign")]
    fn sign_ffi(&self, message: Vec<u8>, format: SignatureFormat) -> Vec<u8> {
        self.sign(&message, format)
    }

    #[uniffi::method(name = "to_pkcs8_der")]
    fn to_pkcs8_der_ffi(&self) -> Vec<u8> {
        self.to_pkcs8_der().to_vec()
    }

    #[uniffi::method(name = "to_pkcs8_pem")]
    fn to_pkcs8_pem_ffi(&self) -> String {
        self.to_pkcs8_pem().to_string()
    }

    #[uniffi::method(name = "to_sec1_der")]
    fn to_sec1_der_ffi(&self) -> Vec<u8> {
        self.to_sec1_der().to_vec()
    }

    #[uniffi::method(name = "to_raw")]
    fn to_raw_ffi(&self) -> Vec<u8> {
        self.to_raw().to_vec()
    }

    #[uniffi::method(name = "to_jwk")]
    fn to_jwk_ffi(&self) -> String {
        self.to_jwk().to_string()
    }
}

#[uniffi::export]
impl PublicKey {
    /// SEC1, compressed (33 bytes) or uncompressed (65 bytes).
    #[uniffi::constructor(name = "from_sec1")]
    fn from_sec1_ffi(bytes: Vec<u8>) -> Result<Self, CrosspayError> {
        Self::from_sec1(&bytes)
    }

    #[uniffi::constructor(name = "from_spki_der")]
    fn from_spki_der_ffi(der: Vec<u8>) -> Result<Self, CrosspayError> {
        Self::from_spki_der(&der)
    }

    /// Strict verification; a bad signature is a verdict, not an error.
    #[uniffi::method(name = "verify", default(policy = None))]
    fn verify_ffi(&self, message: Vec<u8>, signature: Vec<u8>, format: SignatureFormat, policy: Option<HighSPolicy>) -> Verdict {
        self.verify(&message, &signature, format, policy.unwrap_or_default())
    }
}

/// Signs with a host signer (Secure Enclave, Android Keystore…) whose public key is
/// `public_key`; the returned signature is normalized to low-S and verified before it is used.
#[uniffi::export]
fn sign_with_signer(
    signer: Arc<dyn ForeignSigner>,
    public_key: &PublicKey,
    message: Vec<u8>,
    format: SignatureFormat,
) -> Result<Vec<u8>, CrosspayError> {
    super::sign_with(signer.as_ref(), public_key, &message, format)
}

/// Re-encodes a signature between DER and P1363, checking it strictly.
#[uniffi::export(name = "convert_signature")]
fn convert_signature_ffi(signature: Vec<u8>, from: SignatureFormat, to: SignatureFormat) -> Result<Vec<u8>, CrosspayError> {
    super::convert_signature(&signature, from, to)
}
