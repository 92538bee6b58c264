//! uniffi adapters for payment codes, where a type cannot cross as it is: objects taken or
//! handed out by value through `Arc`, a host signer behind `Arc<dyn>`, borrowed certificates,
//! instants, optional borrowed text and zeroizing secrets. Everything else is exported on the
//! items themselves.

use super::{CertificateInfo, CertificateSpec, CodeRequest, FileReplayStore, GeneratedCode, NumericSeed, NumericVerifier};
use super::{ForeignReplayStore, TrustList, Verifier, VerifierOptions, Wallet};
use crate::error::CrosspayError;
use crate::keys::{ForeignSigner, PrivateKey, PublicKey};
use std::sync::Arc;

/// Issues a device certificate for `device`, signed by `issuer`; returns its description,
/// whose `certificate` member is what wallets load.
#[uniffi::export(name = "issue_certificate")]
fn issue_certificate_ffi(issuer: &PrivateKey, device: &PublicKey, spec: CertificateSpec) -> Result<CertificateInfo, CrosspayError> {
    super::issue_certificate(issuer, device, &spec).map(|c| c.info())
}

#[uniffi::export]
impl TrustList {
    /// When the root signed it (RFC 3339); verifiers refuse codes once it is too old.
    #[uniffi::method(name = "issued_at")]
    fn issued_at_ffi(&self) -> String {
        self.issued_at().to_rfc3339()
    }
}

#[uniffi::export]
impl Wallet {
    /// A wallet for a certificate, resuming from a saved state (JSON) when given.
    #[uniffi::constructor(name = "new", default(state = None))]
    fn new_ffi(certificate: String, state: Option<String>) -> Result<Self, CrosspayError> {
        Self::new(&certificate, state.as_deref())
    }

    /// Signs the next code with a host signer (Secure Enclave, Android Keystore).
    #[uniffi::method(name = "generate_with_signer")]
    fn generate_with_signer_ffi(&self, signer: Arc<dyn ForeignSigner>, request: CodeRequest) -> Result<GeneratedCode, CrosspayError> {
        self.generate_with_signer(signer.as_ref(), &request)
    }

    #[uniffi::method(name = "certificate")]
    fn certificate_ffi(&self) -> CertificateInfo {
        self.certificate().info()
    }
}

#[uniffi::export]
impl Verifier {
    /// A verifier with a bounded in-memory replay store.
    #[uniffi::constructor(name = "new")]
    fn new_ffi(trust_list: &TrustList, options: VerifierOptions) -> Result<Self, CrosspayError> {
        Self::new(trust_list.clone(), &options)
    }

    /// A verifier whose replay store is an SQLite file, kept across restarts and shared safely
    /// by every process that opens it.
    #[uniffi::constructor(name = "with_replay_file")]
    fn with_replay_file_ffi(trust_list: &TrustList, options: VerifierOptions, path: String) -> Result<Self, CrosspayError> {
        Self::with_store(trust_list.clone(), &options, Box::new(FileReplayStore::open(path)?))
    }

    /// A verifier whose replay store is the host's own (a database the app already has): each
    /// claim is handed to `store` whole, to check and record in one transaction.
    #[uniffi::constructor(name = "with_replay_store")]
    fn with_replay_store_ffi(
        trust_list: &TrustList,
        options: VerifierOptions,
        store: Arc<dyn ForeignReplayStore>,
    ) -> Result<Self, CrosspayError> {
        Self::with_store(trust_list.clone(), &options, Box::new(super::HostReplayStore(store)))
    }

    /// Replaces the trust list with a newer one from the same root; an older one is refused
    /// (`trust_list_rollback`) and the current list stays.
    #[uniffi::method(name = "update_trust_list")]
    fn update_trust_list_ffi(&self, trust_list: &TrustList) -> Result<(), CrosspayError> {
        self.update_trust_list(trust_list.clone())
    }

    /// The sequence of the trust list in use.
    #[uniffi::method(name = "trust_list_sequence")]
    fn trust_list_sequence_ffi(&self) -> u64 {
        self.trust_list().sequence()
    }
}

#[uniffi::export]
impl NumericSeed {
    #[uniffi::constructor(name = "from_json")]
    fn from_json_ffi(json: String) -> Result<Self, CrosspayError> {
        Self::from_json(&zeroize::Zeroizing::new(json))
    }

    /// The seed file JSON (secret: store it like a private key).
    #[uniffi::method(name = "to_json")]
    fn to_json_ffi(&self) -> String {
        self.to_json().to_string()
    }
}

#[uniffi::export]
impl NumericVerifier {
    #[uniffi::constructor(name = "new")]
    fn new_ffi(seeds: Vec<Arc<NumericSeed>>) -> Self {
        Self::new(seeds.iter().map(|s| s.as_ref().clone()).collect())
    }
}
