//! uniffi exports of payment codes (Kotlin, Swift, Python): objects are handed out as `Arc`.

use super::*;
use crate::error::CrosspayError;
use crate::keys::{ForeignSigner, PrivateKey, PublicKey};
use crate::money::RateSheet;
use std::sync::Arc;

/// Issues a device certificate for `device`, signed by `issuer`; returns its description,
/// whose `certificate` member is what wallets load.
#[uniffi::export(name = "issue_certificate")]
pub fn issue_certificate_ffi(
    issuer: Arc<PrivateKey>,
    device: Arc<PublicKey>,
    spec: CertificateSpec,
) -> Result<CertificateInfo, CrosspayError> {
    issue_certificate(&issuer, &device, &spec).map(|c| c.info())
}

/// Describes a certificate (base64url or the enroll JSON) without verifying it.
#[uniffi::export]
pub fn describe_certificate(certificate: String) -> Result<CertificateInfo, CrosspayError> {
    DeviceCertificate::from_text(&certificate).map(|c| c.info())
}

/// Signs a trust list document (JSON) with the root key (JWS, ES256).
#[uniffi::export(name = "sign_trust_list")]
pub fn sign_trust_list_ffi(root: Arc<PrivateKey>, document: String) -> Result<String, CrosspayError> {
    sign_trust_list(&root, &document)
}

/// Signs a rate sheet (JSON) with an issuer key (JWS, ES256).
#[uniffi::export(name = "sign_rate_sheet")]
pub fn sign_rate_sheet_ffi(issuer: Arc<PrivateKey>, sheet: String) -> Result<String, CrosspayError> {
    sign_rate_sheet(&issuer, &sheet)
}

/// Checks a signed rate sheet against the trust list and its validity at `at`; returns the sheet.
#[uniffi::export(name = "verify_rate_sheet")]
pub fn verify_rate_sheet_ffi(signed_sheet: String, trust_list: Arc<TrustList>, at: String) -> Result<Arc<RateSheet>, CrosspayError> {
    verify_rate_sheet(&signed_sheet, &trust_list, &at).map(Arc::new)
}

/// The smallest QR version at error correction M that holds `payload` (0 above 40).
#[uniffi::export(name = "qr_version")]
pub fn qr_version_ffi(payload: String) -> u32 {
    qr_version(&payload)
}

#[uniffi::export]
impl TrustList {
    /// Checks a signed trust list (JWS) against the root public key.
    #[uniffi::constructor(name = "verify")]
    pub fn verify_ffi(jws: String, root: Arc<PublicKey>) -> Result<Arc<Self>, CrosspayError> {
        Self::verify(&jws, &root).map(Arc::new)
    }

    #[uniffi::method(name = "sequence")]
    pub fn sequence_ffi(&self) -> u64 {
        self.sequence()
    }

    /// When the root signed it (RFC 3339); verifiers refuse codes once it is too old.
    #[uniffi::method(name = "issued_at")]
    pub fn issued_at_ffi(&self) -> String {
        self.issued_at().to_rfc3339()
    }

    /// The signed document, as JSON.
    #[uniffi::method(name = "to_json")]
    pub fn to_json_ffi(&self) -> String {
        self.to_json()
    }
}

#[uniffi::export]
impl Wallet {
    /// A wallet for a certificate, resuming from a saved state (JSON) when given.
    #[uniffi::constructor(name = "new", default(state = None))]
    pub fn new_ffi(certificate: String, state: Option<String>) -> Result<Arc<Self>, CrosspayError> {
        Self::new(&certificate, state.as_deref()).map(Arc::new)
    }

    /// Signs the next code with a software device key.
    #[uniffi::method(name = "generate")]
    pub fn generate_ffi(&self, key: Arc<PrivateKey>, request: CodeRequest) -> Result<GeneratedCode, CrosspayError> {
        self.generate(&key, &request)
    }

    /// Signs the next code with a host signer (Secure Enclave, Android Keystore).
    #[uniffi::method(name = "generate_with_signer")]
    pub fn generate_with_signer_ffi(&self, signer: Arc<dyn ForeignSigner>, request: CodeRequest) -> Result<GeneratedCode, CrosspayError> {
        self.generate_with_signer(signer.as_ref(), &request)
    }

    /// The state to persist (JSON): the last counter used.
    #[uniffi::method(name = "export_state")]
    pub fn export_state_ffi(&self) -> String {
        self.export_state()
    }

    #[uniffi::method(name = "certificate")]
    pub fn certificate_ffi(&self) -> CertificateInfo {
        self.certificate().info()
    }
}

#[uniffi::export]
impl Verifier {
    /// A verifier with a bounded in-memory replay store.
    #[uniffi::constructor(name = "new")]
    pub fn new_ffi(trust_list: Arc<TrustList>, options: VerifierOptions) -> Result<Arc<Self>, CrosspayError> {
        Self::new(trust_list.as_ref().clone(), &options).map(Arc::new)
    }

    /// A verifier whose replay store is an SQLite file, kept across restarts and shared safely
    /// by every process that opens it.
    #[uniffi::constructor(name = "with_replay_file")]
    pub fn with_replay_file_ffi(trust_list: Arc<TrustList>, options: VerifierOptions, path: String) -> Result<Arc<Self>, CrosspayError> {
        let store = FileReplayStore::open(path)?;
        Self::with_store(trust_list.as_ref().clone(), &options, Box::new(store)).map(Arc::new)
    }

    /// Replaces the trust list with a newer one from the same root; an older one is refused
    /// (`trust_list_rollback`) and the current list stays.
    #[uniffi::method(name = "update_trust_list")]
    pub fn update_trust_list_ffi(&self, trust_list: Arc<TrustList>) -> Result<(), CrosspayError> {
        self.update_trust_list(trust_list.as_ref().clone())
    }

    /// The sequence of the trust list in use.
    #[uniffi::method(name = "trust_list_sequence")]
    pub fn trust_list_sequence_ffi(&self) -> u64 {
        self.trust_list().sequence()
    }

    /// Checks a code at `at` (the terminal clock, RFC 3339); accepted codes are remembered.
    #[uniffi::method(name = "verify")]
    pub fn verify_ffi(&self, payload: String, at: String) -> Result<Verification, CrosspayError> {
        self.verify(&payload, &at)
    }
}

#[uniffi::export]
impl NumericSeed {
    #[uniffi::constructor(name = "from_json")]
    pub fn from_json_ffi(json: String) -> Result<Arc<Self>, CrosspayError> {
        Self::from_json(&zeroize::Zeroizing::new(json)).map(Arc::new)
    }

    /// A new seed from the system random source.
    #[uniffi::constructor(name = "generate")]
    pub fn generate_ffi(key_version: u32) -> Result<Arc<Self>, CrosspayError> {
        Self::generate(key_version).map(Arc::new)
    }

    /// The seed file JSON (secret: store it like a private key).
    #[uniffi::method(name = "to_json")]
    pub fn to_json_ffi(&self) -> String {
        self.to_json().to_string()
    }

    #[uniffi::method(name = "seed_id")]
    pub fn seed_id_ffi(&self) -> String {
        self.seed_id()
    }

    /// The 18-digit code at `at`.
    #[uniffi::method(name = "code")]
    pub fn code_ffi(&self, prefix: String, at: String) -> Result<String, CrosspayError> {
        numeric_code(self, &prefix, &at)
    }
}

#[uniffi::export]
impl NumericVerifier {
    #[uniffi::constructor(name = "new")]
    pub fn new_ffi(seeds: Vec<Arc<NumericSeed>>) -> Arc<Self> {
        Arc::new(Self::new(seeds.iter().map(|s| s.as_ref().clone()).collect()))
    }

    #[uniffi::method(name = "verify")]
    pub fn verify_ffi(&self, code: String, at: String) -> Result<Verification, CrosspayError> {
        self.verify(&code, &at)
    }
}
