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
        SignatureFormat::Der => from_der(bytes).ok_or(VerifyFailure::MalformedSignature),
    }
}

// ASN.1 DER of a signature, `SEQUENCE { r INTEGER, s INTEGER }`, read and written here: the
// `der` crate's reader and writer were about 5 KB of every wasm module for these 8 to 72 bytes.
// What is read is accepted only when it is exactly the encoding `to_der` writes of a signature
// whose r and s are in [1, n−1]: BER lengths, padding, negative integers, other tags and trailing
// bytes are all refused by that one comparison (tests/keys.rs runs Wycheproof's DER cases, and
// the tests below compare `to_der` with the ecdsa crate's encoder).

/// One DER INTEGER of a 32-byte unsigned big-endian value: its shortest form, with a 0x00 first
/// when its top bit is set (a DER INTEGER is signed).
fn der_integer(out: &mut Vec<u8>, value: &[u8]) {
    let start = value.iter().position(|&b| b != 0).unwrap_or(value.len().saturating_sub(1));
    let digits = &value[start..];
    let pad = digits.first().is_some_and(|b| b & 0x80 != 0);
    out.push(0x02);
    out.push((digits.len() + usize::from(pad)) as u8); // at most 33
    if pad {
        out.push(0);
    }
    out.extend_from_slice(digits);
}

/// The DER encoding of `sig` (at most 72 bytes, so every length takes one byte).
fn to_der(sig: &Signature) -> Vec<u8> {
    let bytes = sig.to_bytes();
    let (r, s) = bytes.split_at(32);
    let mut out = vec![0x30, 0];
    der_integer(&mut out, r);
    der_integer(&mut out, s);
    out[1] = (out.len() - 2) as u8;
    out
}

/// The signature `bytes` are the DER encoding of, if they are exactly that encoding.
fn from_der(bytes: &[u8]) -> Option<Signature> {
    fn integer(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
        let [0x02, len, rest @ ..] = bytes else { return None };
        (usize::from(*len) <= rest.len()).then(|| rest.split_at(usize::from(*len)))
    }
    let [0x30, _, body @ ..] = bytes else { return None };
    let (r, rest) = integer(body)?;
    let (s, _) = integer(rest)?;
    let mut p1363 = [0u8; 64];
    let (r_into, s_into) = p1363.split_at_mut(32);
    for (value, into) in [(r, r_into), (s, s_into)] {
        let digits = &value[value.iter().position(|&b| b != 0).unwrap_or(value.len())..];
        if digits.len() > 32 {
            return None;
        }
        into[32 - digits.len()..].copy_from_slice(digits);
    }
    let sig = Signature::from_slice(&p1363).ok()?;
    (to_der(&sig) == bytes).then_some(sig)
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
        SignatureFormat::Der => to_der(sig),
    }
}

/// Re-encodes a signature from one format to the other, checking it strictly on the way.
pub fn convert_signature(signature: &[u8], from: SignatureFormat, to: SignatureFormat) -> Result<Vec<u8>, crate::CrosspayError> {
    let sig = parse(signature, from).map_err(|why| crate::CrosspayError::InvalidSignature { reason: why.as_str().to_string() })?;
    Ok(encode(&sig, to))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The reading this replaced: the ecdsa crate's DER parser, then its own encoding compared.
    fn ecdsa_crate_reading(bytes: &[u8]) -> Option<Signature> {
        let parsed = Signature::from_der(bytes).ok()?;
        (parsed.to_der().as_bytes() == bytes).then_some(parsed)
    }

    /// A scalar's 32 bytes with `zeros` leading zero bytes (short r and s, as DER writes them).
    fn scalar() -> impl Strategy<Value = [u8; 32]> {
        (0usize..32, any::<[u8; 32]>()).prop_map(|(zeros, mut bytes)| {
            bytes[..zeros].fill(0);
            bytes
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn der_is_written_as_the_ecdsa_crate_writes_it_and_read_back(r in scalar(), s in scalar()) {
            if let Ok(sig) = Signature::from_scalars(r, s) {
                prop_assert_eq!(to_der(&sig), sig.to_der().as_bytes().to_vec());
                prop_assert_eq!(from_der(&to_der(&sig)), Some(sig));
            }
        }

        #[test]
        fn der_is_read_as_the_ecdsa_crate_read_it(r in scalar(), s in scalar(), at in 0usize..80, byte in any::<u8>(), cut in 0usize..80, noise in prop::collection::vec(any::<u8>(), 0..80)) {
            prop_assert_eq!(from_der(&noise), ecdsa_crate_reading(&noise));
            if let Ok(sig) = Signature::from_scalars(r, s) {
                let good = to_der(&sig);
                let mut changed = good.clone();
                let i = at % changed.len();
                changed[i] = byte;
                prop_assert_eq!(from_der(&changed), ecdsa_crate_reading(&changed));
                let cut = &good[..cut.min(good.len())];
                prop_assert_eq!(from_der(cut), ecdsa_crate_reading(cut));
                let mut longer = good.clone();
                longer.push(byte);
                prop_assert_eq!(from_der(&longer), None);
            }
        }
    }

    #[test]
    fn non_canonical_der_is_refused() {
        let mut r = [0u8; 32];
        r[31] = 1;
        let mut s = [0u8; 32];
        s[0] = 0x80;
        let sig = Signature::from_scalars(r, s).unwrap_or_else(|e| panic!("{e}"));
        let good = to_der(&sig);
        assert_eq!(good[..5], [0x30, 0x26, 0x02, 0x01, 0x01], "r = 1 in one byte, s padded with 0x00");
        assert_eq!(good[5..8], [0x02, 0x21, 0x00]);
        assert_eq!(from_der(&good), Some(sig));
        let padded_r = [&[0x30, 0x27, 0x02, 0x02, 0x00, 0x01][..], &good[5..]].concat();
        let long_length = [&[0x30, 0x81, 0x26][..], &good[2..]].concat();
        let negative_s = [&[0x30, 0x25][..], &good[2..5], &[0x02, 0x20], &good[8..]].concat();
        let zero_r = [&[0x30, 0x26, 0x02, 0x01, 0x00][..], &good[5..]].concat();
        for bad in [padded_r, long_length, negative_s, zero_r, vec![], vec![0x30, 0x00], good[..good.len() - 1].to_vec()] {
            assert_eq!(from_der(&bad), None, "{bad:02x?}");
            assert_eq!(parse(&bad, SignatureFormat::Der), Err(VerifyFailure::MalformedSignature));
        }
    }
}
