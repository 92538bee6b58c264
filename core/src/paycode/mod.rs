//! Payment codes: what a wallet shows at the till or the transit gate, and what the till or gate
//! checks, offline. Three roles share this module:
//!
//! - the **issuer** enrolls devices ([`issue_certificate`]), signs the [trust list](sign_trust_list)
//!   (issuer keys and the deny list) with its root key, provisions [numeric seeds](NumericSeed)
//!   and [signs rate sheets](sign_rate_sheet);
//! - the **wallet** makes codes ([`Wallet`]): a signed offline QR code in a compact `CP1:` Base45
//!   container or an EMV CPM container, or an 18-digit [numeric code](numeric_code);
//! - the **verifier** ([`Verifier`], [`NumericVerifier`]) accepts or refuses them, naming the first
//!   failed check ([`RefusalReason`]).
//!
//! Byte layouts, domain separation and the verifier's order: docs/paycode-format.md.

pub mod base45;
mod cert;
mod code;
mod cpm;
mod numeric;
mod numeric_verify;
mod replay;
#[cfg(feature = "file-store")]
mod replay_file;
mod replay_host;
mod trust;
#[cfg(feature = "uniffi")]
mod uniffi;
mod verdict;
mod verify;
mod wallet;
mod wire;

use crate::limits::MAX_QR_CHARS as MAX_PAYLOAD_CHARS;

pub use cert::{
    describe_certificate, issue_certificate, CertificateInfo, CertificateSpec, DeviceCertificate, OfflineLimit, CERT_DOMAIN, MAX_LIMITS,
    SCOPES,
};
pub use code::{qr_version, Container, PaymentCode, CODE_DOMAIN, COMPACT_PREFIX, MAX_CODE_AMOUNT};
pub use cpm::CPM_AID;
pub use numeric::{
    check_prefix, hmac_sha256, hotp_truncate, luhn_check_digit, numeric_code, time_step, NumericSeed, NUMERIC_DOMAIN, NUMERIC_STEP_SECONDS,
    RESERVED_PREFIXES,
};
pub use numeric_verify::NumericVerifier;
pub use replay::{Claim, ClaimOutcome, MemoryReplayStore, ReplayError, ReplayStore};
#[cfg(feature = "file-store")]
pub use replay_file::{FileReplayStore, FILE_STORE_BUSY_TIMEOUT};
pub use replay_host::{ForeignReplayStore, HostReplayStore, StoreClaim, StoreError};
pub use trust::{
    sign_rate_sheet, sign_trust_list, verify_rate_sheet, IssuerStatus, TrustList, TrustListDocument, TrustedIssuer, RATE_SHEET_TYP,
    TRUST_LIST_TYP,
};
pub use verdict::{RefusalReason, Verification, VerifierOptions, DEFAULT_MAX_TRUST_LIST_AGE_SECONDS};
pub use verify::Verifier;
pub use wallet::{CodeRequest, GeneratedCode, PreparedCode, Wallet, WalletState};
