//! Keys and signatures: ECDSA P-256 with SHA-256, in software or behind a host signer.

mod generator;
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

/// Builds the generator table (keys/generator.rs) now rather than on the first key or signature
/// of the process (it is built once, behind a once-cell, and used by every signature and key).
///
/// The mini-program build runs this at build time through the wasm façade and ships the memory
/// it leaves (js/scripts/miniprogram.mjs, `withTablesBuilt`), so that a mini-program's first key
/// costs no table: 690 ms where its pure-JS fallback runs without a JIT (docs/benchmarks.md).
#[cfg(feature = "precomputed-tables")]
pub fn build_tables() {
    generator::build_table();
}

#[cfg(all(test, feature = "precomputed-tables"))]
mod tests {
    use super::*;

    #[test]
    fn building_the_tables_first_changes_no_key_or_signature() {
        let before = PrivateKey::from_raw(&[7; 32]).expect("a valid scalar");
        build_tables();
        build_tables();
        let key = PrivateKey::from_raw(&[7; 32]).expect("a valid scalar");
        assert_eq!(key.public_key().to_sec1(false), before.public_key().to_sec1(false));
        let signature = key.sign(b"crosspay", SignatureFormat::P1363);
        assert_eq!(signature, before.sign(b"crosspay", SignatureFormat::P1363), "RFC 6979: the same key and message, the same signature");
        assert!(key.public_key().verify(b"crosspay", &signature, SignatureFormat::P1363, HighSPolicy::Reject).valid);
    }
}
