//! uniffi exports that need a foreign-facing shape (objects are handed out as `Arc`). Compiled
//! only with the `uniffi` feature; the plain Rust API is in the capability modules.

use crate::error::CrosspayError;
use crate::money::{Conversion, ConvertOptions, RateSheet};
use std::sync::Arc;

#[uniffi::export]
impl RateSheet {
    /// Parses an unsigned rate sheet (JSON) that nobody vouches for; a sheet from elsewhere is
    /// checked with `verify_rate_sheet(signed, trust_list, at)` instead.
    #[uniffi::constructor(name = "from_unsigned_json")]
    pub fn from_unsigned_json_ffi(json: &str) -> Result<Arc<Self>, CrosspayError> {
        Self::from_unsigned_json(json).map(Arc::new)
    }

    /// Converts with a rate from this sheet at time `at` (RFC 3339).
    #[uniffi::method(name = "convert")]
    pub fn convert_ffi(&self, amount: &str, from: &str, to: &str, at: &str, options: &ConvertOptions) -> Result<Conversion, CrosspayError> {
        self.convert(amount, from, to, at, options)
    }

    /// "What will I pay?" for a merchant code, with a rate from this sheet at time `at`.
    #[uniffi::method(name = "merchant_qr_payment")]
    pub fn merchant_qr_payment_ffi(
        &self,
        payload: &str,
        wallet_currency: &str,
        at: &str,
        options: &ConvertOptions,
    ) -> Result<Conversion, CrosspayError> {
        self.merchant_qr_payment(payload, wallet_currency, at, options)
    }

    /// The sheet's source, e.g. `ECB`.
    #[uniffi::method(name = "source")]
    pub fn source_ffi(&self) -> String {
        self.source().to_string()
    }

    /// RFC 3339.
    #[uniffi::method(name = "as_of")]
    pub fn as_of_ffi(&self) -> String {
        self.as_of().to_rfc3339()
    }

    /// RFC 3339.
    #[uniffi::method(name = "valid_until")]
    pub fn valid_until_ffi(&self) -> String {
        self.valid_until().to_rfc3339()
    }
}

use crate::keys::{ForeignSigner, HighSPolicy, PrivateKey, PublicKey, SignatureFormat, Verdict};

/// Private keys cross to Kotlin/Swift/Python as handles; exports of secret material leave
/// crosspay's zeroizing memory, so prefer keeping keys in crosspay or in hardware.
#[uniffi::export]
impl PrivateKey {
    /// A new key from the system random source.
    #[uniffi::constructor(name = "generate")]
    pub fn generate_ffi() -> Result<Arc<Self>, CrosspayError> {
        Self::generate().map(Arc::new)
    }

    /// A key derived from at least 32 bytes of host entropy (docs/keys.md).
    #[uniffi::constructor(name = "from_entropy")]
    pub fn from_entropy_ffi(entropy: Vec<u8>) -> Result<Arc<Self>, CrosspayError> {
        Self::from_entropy(&zeroize::Zeroizing::new(entropy)).map(Arc::new)
    }

    /// The raw 32-byte scalar.
    #[uniffi::constructor(name = "from_raw")]
    pub fn from_raw_ffi(scalar: Vec<u8>) -> Result<Arc<Self>, CrosspayError> {
        Self::from_raw(&zeroize::Zeroizing::new(scalar)).map(Arc::new)
    }

    #[uniffi::constructor(name = "from_pkcs8_der")]
    pub fn from_pkcs8_der_ffi(der: Vec<u8>) -> Result<Arc<Self>, CrosspayError> {
        Self::from_pkcs8_der(&zeroize::Zeroizing::new(der)).map(Arc::new)
    }

    #[uniffi::constructor(name = "from_sec1_der")]
    pub fn from_sec1_der_ffi(der: Vec<u8>) -> Result<Arc<Self>, CrosspayError> {
        Self::from_sec1_der(&zeroize::Zeroizing::new(der)).map(Arc::new)
    }

    /// PKCS#8 PEM, SEC1 PEM or a private JWK.
    #[uniffi::constructor(name = "parse")]
    pub fn parse_ffi(text: String) -> Result<Arc<Self>, CrosspayError> {
        Self::parse(&zeroize::Zeroizing::new(text)).map(Arc::new)
    }

    #[uniffi::method(name = "public_key")]
    pub fn public_key_ffi(&self) -> Arc<PublicKey> {
        Arc::new(self.public_key())
    }

    /// ECDSA P-256 / SHA-256, RFC 6979 nonce, low-S.
    #[uniffi::method(name = "sign")]
    pub fn sign_ffi(&self, message: Vec<u8>, format: SignatureFormat) -> Vec<u8> {
        self.sign(&message, format)
    }

    #[uniffi::method(name = "to_pkcs8_der")]
    pub fn to_pkcs8_der_ffi(&self) -> Vec<u8> {
        self.to_pkcs8_der().to_vec()
    }

    #[uniffi::method(name = "to_pkcs8_pem")]
    pub fn to_pkcs8_pem_ffi(&self) -> String {
        self.to_pkcs8_pem().to_string()
    }

    #[uniffi::method(name = "to_sec1_der")]
    pub fn to_sec1_der_ffi(&self) -> Vec<u8> {
        self.to_sec1_der().to_vec()
    }

    #[uniffi::method(name = "to_raw")]
    pub fn to_raw_ffi(&self) -> Vec<u8> {
        self.to_raw().to_vec()
    }

    #[uniffi::method(name = "to_jwk")]
    pub fn to_jwk_ffi(&self) -> String {
        self.to_jwk().to_string()
    }
}

#[uniffi::export]
impl PublicKey {
    /// SEC1, compressed (33 bytes) or uncompressed (65 bytes).
    #[uniffi::constructor(name = "from_sec1")]
    pub fn from_sec1_ffi(bytes: Vec<u8>) -> Result<Arc<Self>, CrosspayError> {
        Self::from_sec1(&bytes).map(Arc::new)
    }

    #[uniffi::constructor(name = "from_spki_der")]
    pub fn from_spki_der_ffi(der: Vec<u8>) -> Result<Arc<Self>, CrosspayError> {
        Self::from_spki_der(&der).map(Arc::new)
    }

    /// SPKI PEM, JWK, or SEC1 in hex.
    #[uniffi::constructor(name = "parse")]
    pub fn parse_ffi(text: String) -> Result<Arc<Self>, CrosspayError> {
        Self::parse(&text).map(Arc::new)
    }

    #[uniffi::method(name = "to_sec1")]
    pub fn to_sec1_ffi(&self, compressed: bool) -> Vec<u8> {
        self.to_sec1(compressed)
    }

    #[uniffi::method(name = "to_spki_der")]
    pub fn to_spki_der_ffi(&self) -> Vec<u8> {
        self.to_spki_der()
    }

    #[uniffi::method(name = "to_spki_pem")]
    pub fn to_spki_pem_ffi(&self) -> String {
        self.to_spki_pem()
    }

    #[uniffi::method(name = "to_jwk")]
    pub fn to_jwk_ffi(&self) -> String {
        self.to_jwk()
    }

    /// base64url of the first 8 bytes of SHA-256(SPKI DER).
    #[uniffi::method(name = "kid")]
    pub fn kid_ffi(&self) -> String {
        self.kid()
    }

    /// Strict verification; a bad signature is a verdict, not an error.
    #[uniffi::method(name = "verify", default(policy = None))]
    pub fn verify_ffi(&self, message: Vec<u8>, signature: Vec<u8>, format: SignatureFormat, policy: Option<HighSPolicy>) -> Verdict {
        self.verify(&message, &signature, format, policy.unwrap_or_default())
    }
}

/// Signs with a host signer (Secure Enclave, Android Keystore…) whose public key is
/// `public_key`; the returned signature is normalized to low-S and verified before it is used.
#[uniffi::export]
pub fn sign_with_signer(
    signer: Arc<dyn ForeignSigner>,
    public_key: Arc<PublicKey>,
    message: Vec<u8>,
    format: SignatureFormat,
) -> Result<Vec<u8>, CrosspayError> {
    crate::keys::sign_with(signer.as_ref(), &public_key, &message, format)
}

/// Re-encodes a signature between DER and P1363, checking it strictly.
#[uniffi::export(name = "convert_signature")]
pub fn convert_signature_ffi(signature: Vec<u8>, from: SignatureFormat, to: SignatureFormat) -> Result<Vec<u8>, CrosspayError> {
    crate::keys::convert_signature(&signature, from, to)
}
