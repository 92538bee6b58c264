//! Keys and signatures: ECDSA P-256 with SHA-256, in software or behind a host signer.

mod jwk;
pub mod private;
pub mod public;
pub mod signature;
pub mod signer;
#[cfg(feature = "uniffi")]
mod uniffi;

pub use private::{PrivateKey, MIN_ENTROPY_BYTES};
pub use public::PublicKey;
pub use signature::{convert_signature, HighSPolicy, SignatureFormat, Verdict, VerifyFailure};
pub use signer::{finish_foreign_signature, sign_with, ForeignSigner, SignerError};
