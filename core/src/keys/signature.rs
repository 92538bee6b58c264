//! ECDSA P-256 signatures: the two encodings, strict parsing, low-S normalization, and the
//! verdict of a verification.

use p256::ecdsa::Signature;

/// How a signature is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum SignatureFormat {
    /// IEEE P1363: `r ‖ s`, 32 bytes each (WebCrypto's format). The default.
    #[default]
    P1363,
    /// ASN.1 DER `SEQUENCE { r INTEGER, s INTEGER }` (JCA's `SHA256withECDSA`, OpenSSL, Keychain).
    Der,
}

impl std::str::FromStr for SignatureFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "p1363" => Ok(Self::P1363),
            "der" => Ok(Self::Der),
            other => Err(format!("unknown signature format {other:?}: expected p1363 or der")),
        }
    }
}

/// Whether a verification accepts signatures whose `s` is above n/2.
///
/// ECDSA signatures are malleable: if `(r, s)` is valid, so is `(r, n − s)`. Anyone can flip a
/// valid signature into a second valid one for the same message, so a verifier that uses
/// signatures (or hashes of signed payloads) as identifiers or replay keys could be fooled.
/// crosspay therefore signs only low-S signatures and, by default, refuses high-S ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum HighSPolicy {
    /// Refuse high-S signatures (reason `high_s`). The default.
    #[default]
    Reject,
    /// Accept them, for interoperating with signers that do not normalize.
    Accept,
}

/// Why a signature did not verify. Stable, snake_case on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum VerifyFailure {
    /// Not 64 bytes (P1363), or not strict DER (BER, padding, trailing bytes, wrong tags).
    MalformedSignature,
    /// `r` or `s` is zero or not below the group order n.
    OutOfRange,
    /// `s` is above n/2 and the policy refuses high-S signatures.
    HighS,
    /// Well-formed, but not a signature of this message by this key.
    Mismatch,
}

impl VerifyFailure {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::MalformedSignature => "malformed_signature",
            Self::OutOfRange => "out_of_range",
            Self::HighS => "high_s",
            Self::Mismatch => "mismatch",
        }
    }
}

/// The outcome of a verification: a verdict, not an error (a bad signature is an answer).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct Verdict {
    pub valid: bool,
    /// Why not, when `valid` is false.
    pub reason: Option<VerifyFailure>,
}

impl Verdict {
    pub(crate) fn from(result: Result<(), VerifyFailure>) -> Self {
        match result {
            Ok(()) => Self { valid: true, reason: None },
            Err(why) => Self { valid: false, reason: Some(why) },
        }
    }
}

/// Parses a signature strictly in `format`. Range is checked by the parser (r, s in [1, n−1]).
pub(crate) fn parse(bytes: &[u8], format: SignatureFormat) -> Result<Signature, VerifyFailure> {
    match format {
        SignatureFormat::P1363 => {
            if bytes.len() != 64 {
                return Err(VerifyFailure::MalformedSignature);
            }
            Signature::from_slice(bytes).map_err(|_| VerifyFailure::OutOfRange)
        }
        SignatureFormat::Der => {
            let parsed = Signature::from_der(bytes).map_err(|_| VerifyFailure::MalformedSignature)?;
            // from_der accepts any encoding its parser can read: insist on the canonical one.
            if parsed.to_der().as_bytes() != bytes {
                return Err(VerifyFailure::MalformedSignature);
            }
            Ok(parsed)
        }
    }
}

/// Parses what an outside signer returned: 64 bytes are P1363, anything else must be DER.
pub(crate) fn parse_any(bytes: &[u8]) -> Result<Signature, VerifyFailure> {
    if bytes.len() == 64 {
        parse(bytes, SignatureFormat::P1363)
    } else {
        parse(bytes, SignatureFormat::Der)
    }
}

pub(crate) fn is_high_s(sig: &Signature) -> bool {
    sig.normalize_s() != *sig
}

/// The low-S form of `sig`.
pub(crate) fn low_s(sig: Signature) -> Signature {
    sig.normalize_s()
}

pub(crate) fn encode(sig: &Signature, format: SignatureFormat) -> Vec<u8> {
    match format {
        SignatureFormat::P1363 => sig.to_bytes().to_vec(),
        SignatureFormat::Der => sig.to_der().as_bytes().to_vec(),
    }
}

/// Re-encodes a signature from one format to the other, checking it strictly on the way.
pub fn convert_signature(signature: &[u8], from: SignatureFormat, to: SignatureFormat) -> Result<Vec<u8>, crate::CrosspayError> {
    let sig = parse(signature, from).map_err(|why| crate::CrosspayError::InvalidSignature { reason: why.as_str().to_string() })?;
    Ok(encode(&sig, to))
}
