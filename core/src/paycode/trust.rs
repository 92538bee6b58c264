//! Trust material: the trust list (issuer keys with kids, validity and status, plus the deny
//! list of revoked device aliases) signed by a root key, and issuer-signed rate sheets. Both
//! travel as JWS compact serialization with ES256 (RFC 7515/7518), so any JOSE library can
//! check them; crosspay checks them strictly (docs/paycode-format.md §5-6).

use crate::error::CrosspayError;
use crate::flat_json::FlatObject;
use crate::keys::{HighSPolicy, PrivateKey, PublicKey, SignatureFormat};
use crate::money::RateSheet;
use crate::time::Instant;
use base64ct::{Base64UrlUnpadded, Encoding as _};

/// The JWS `typ` of a trust list.
pub const TRUST_LIST_TYP: &str = "crosspay-trust-list+json";
/// The JWS `typ` of a signed rate sheet.
pub const RATE_SHEET_TYP: &str = "crosspay-rate-sheet+json";

/// The status of an issuer key in a trust list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IssuerStatus {
    /// Signs new certificates and rate sheets.
    Active,
    /// Rotated out: no longer signs, but certificates it signed stay valid until its `not_after`.
    Retired,
    /// Compromised: nothing it signed is accepted.
    Revoked,
}

/// One issuer key in a trust list.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustedIssuer {
    pub kid: String,
    /// SEC1 compressed point, base64url without padding.
    pub public_key: String,
    pub not_before: String,
    pub not_after: String,
    pub status: IssuerStatus,
    #[serde(skip)]
    pub(crate) parsed: Option<(PublicKey, Instant, Instant)>,
}

/// The trust list document (the JWS payload).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrustListDocument {
    #[serde(rename = "type")]
    pub kind: String,
    pub version: u32,
    /// Increases with every list the root signs; a verifier can refuse to go back.
    pub sequence: u64,
    pub issued_at: String,
    pub issuers: Vec<TrustedIssuer>,
    /// Aliases (16 hex digits) of revoked device certificates.
    #[serde(default)]
    pub deny_list: Vec<String>,
}

/// A trust list whose root signature has been checked.
#[cfg_attr(feature = "uniffi", derive(uniffi::Object))]
#[derive(Debug, Clone)]
pub struct TrustList {
    pub(crate) doc: TrustListDocument,
    pub(crate) deny: std::collections::HashSet<[u8; 8]>,
    pub(crate) root_kid: String,
    pub(crate) issued: Instant,
}

fn invalid(reason: impl Into<String>) -> CrosspayError {
    CrosspayError::InvalidTrustList { reason: reason.into() }
}

/// Signs `payload` as JWS compact with ES256 and `typ`.
pub(crate) fn jws_sign(key: &PrivateKey, typ: &str, payload: &[u8]) -> String {
    // Members in name order, as the documents signed so far have them.
    #[derive(serde::Serialize)]
    struct Header<'a> {
        alg: &'a str,
        kid: &'a str,
        typ: &'a str,
    }
    let kid = key.public_key().kid();
    let header = serde_json::to_string(&Header { alg: "ES256", kid: &kid, typ }).unwrap_or_default();
    let input = format!("{}.{}", Base64UrlUnpadded::encode_string(header.as_bytes()), Base64UrlUnpadded::encode_string(payload));
    let signature = key.sign(input.as_bytes(), SignatureFormat::P1363);
    format!("{input}.{}", Base64UrlUnpadded::encode_string(&signature))
}

/// A JWS split and decoded, not yet verified.
pub(crate) struct Jws {
    pub kid: String,
    pub payload: Vec<u8>,
    input: String,
    signature: Vec<u8>,
}

impl Jws {
    /// Parses a compact JWS with ES256 and `typ`, refusing anything else (other algorithms,
    /// `crit`, detached or unencoded payloads).
    pub fn parse(text: &str, typ: &str) -> Result<Self, String> {
        let text = text.trim();
        let parts: Vec<&str> = text.split('.').collect();
        let [h, p, s] = parts[..] else {
            return Err(format!("not a JWS compact serialization (three base64url parts), found {} parts", parts.len()));
        };
        let b64 = |part: &str, what: &str| Base64UrlUnpadded::decode_vec(part).map_err(|e| format!("the {what} is not base64url: {e}"));
        // Read as text, as every other document is: serde_json's reader of bytes would be a second
        // copy of its parser in each wasm module.
        let header = b64(h, "header")?;
        let header = std::str::from_utf8(&header).map_err(|e| format!("the header is not a JSON object: it is not UTF-8 ({e})"))?;
        let header = FlatObject::parse(header).map_err(|e| format!("the header is not a JSON object: {e}"))?;
        if header.text("alg") != Ok(Some("ES256")) {
            return Err(format!("alg must be ES256, is {}", header.describe("alg")));
        }
        if header.text("typ") != Ok(Some(typ)) {
            return Err(format!("typ must be {typ:?}, is {}", header.describe("typ")));
        }
        if let Some(other) = header.names().find(|k| !["alg", "typ", "kid"].contains(k)) {
            return Err(format!("unsupported header parameter {other:?}"));
        }
        let kid = match header.text("kid") {
            Ok(Some(kid)) => kid.to_string(),
            Ok(None) => return Err("the header has no kid".into()),
            Err(kind) => return Err(format!("the header's kid is {kind}, not a string")),
        };
        Ok(Self { kid, payload: b64(p, "payload")?, input: format!("{h}.{p}"), signature: b64(s, "signature")? })
    }

    pub fn verifies_with(&self, key: &PublicKey) -> bool {
        key.verify(self.input.as_bytes(), &self.signature, SignatureFormat::P1363, HighSPolicy::Reject).valid
    }
}

impl TrustedIssuer {
    /// An entry for `key`, valid over the window, with `status`.
    pub fn new(key: &PublicKey, not_before: &str, not_after: &str, status: IssuerStatus) -> Self {
        Self {
            kid: key.kid(),
            public_key: Base64UrlUnpadded::encode_string(&key.to_sec1(true)),
            not_before: not_before.into(),
            not_after: not_after.into(),
            status,
            parsed: None,
        }
    }

    fn check(&mut self) -> Result<(), CrosspayError> {
        let bytes = Base64UrlUnpadded::decode_vec(&self.public_key)
            .map_err(|e| invalid(format!("issuer {}: public_key is not base64url: {e}", self.kid)))?;
        if bytes.len() != 33 {
            return Err(invalid(format!("issuer {}: public_key must be a compressed SEC1 point (33 bytes)", self.kid)));
        }
        let key = PublicKey::from_sec1(&bytes).map_err(|e| invalid(format!("issuer {}: {e}", self.kid)))?;
        if key.kid() != self.kid {
            return Err(invalid(format!("issuer kid {} does not match its key (kid {})", self.kid, key.kid())));
        }
        let (from, until) = (Instant::parse(&self.not_before)?, Instant::parse(&self.not_after)?);
        if until < from {
            return Err(invalid(format!("issuer {}: not_after is before not_before", self.kid)));
        }
        self.parsed = Some((key, from, until));
        Ok(())
    }

    /// The key, if the entry is not revoked and `at` is inside its window widened by `skew`.
    pub(crate) fn usable_at(&self, at: i64, skew: i64) -> Option<&PublicKey> {
        let (key, from, until) = self.parsed.as_ref()?;
        let inside = at + skew >= from.unix_seconds() && at - skew <= until.unix_seconds();
        (self.status != IssuerStatus::Revoked && inside).then_some(key)
    }
}

impl TrustListDocument {
    /// Parses and checks a trust list document (JSON).
    pub fn parse(json: &str) -> Result<Self, CrosspayError> {
        crate::limits::check_size("a trust list document", json.len(), crate::limits::MAX_DOCUMENT_BYTES)?;
        let mut doc: Self = serde_json::from_str(json).map_err(|e| invalid(format!("not a trust list document: {e}")))?;
        if doc.kind != "crosspay-trust-list" || doc.version != 1 {
            return Err(invalid(format!("type/version must be crosspay-trust-list/1, are {}/{}", doc.kind, doc.version)));
        }
        Instant::parse(&doc.issued_at)?;
        for issuer in &mut doc.issuers {
            issuer.check()?;
        }
        for alias in &doc.deny_list {
            super::wire::from_hex::<8>(alias, "deny-list alias").map_err(invalid)?;
        }
        Ok(doc)
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Signs a trust list document (JSON) with the root key. The payload is the document
/// re-serialized canonically, so the same document always gives the same JWS.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn sign_trust_list(root: &PrivateKey, document: &str) -> Result<String, CrosspayError> {
    let doc = TrustListDocument::parse(document)?;
    Ok(jws_sign(root, TRUST_LIST_TYP, doc.to_json().as_bytes()))
}

impl TrustList {
    pub fn document(&self) -> &TrustListDocument {
        &self.doc
    }

    /// When the root signed it; a verifier refuses codes once the list is older than its maximum age.
    pub fn issued_at(&self) -> Instant {
        self.issued
    }

    pub fn is_denied(&self, alias: &[u8; 8]) -> bool {
        self.deny.contains(alias)
    }

    /// Every entry with `kid` (ids can collide, and a key can be listed with several windows).
    pub(crate) fn issuers_with_kid<'a>(&'a self, kid: &'a str) -> impl Iterator<Item = (usize, &'a TrustedIssuer)> + 'a {
        self.doc.issuers.iter().enumerate().filter(move |(_, i)| i.kid == kid)
    }
}

#[cfg_attr(feature = "uniffi", uniffi::export)]
impl TrustList {
    /// Checks a signed trust list against the root public key (strict ES256, low-S).
    #[cfg_attr(feature = "uniffi", uniffi::constructor)]
    pub fn verify(jws: &str, root: &PublicKey) -> Result<Self, CrosspayError> {
        crate::limits::check_size("a trust list", jws.len(), crate::limits::MAX_DOCUMENT_BYTES)?;
        let parsed = Jws::parse(jws, TRUST_LIST_TYP).map_err(invalid)?;
        if parsed.kid != root.kid() {
            return Err(invalid(format!("signed by key {}, not by the root key {}", parsed.kid, root.kid())));
        }
        if !parsed.verifies_with(root) {
            return Err(invalid(format!("the root signature (key {}) does not verify", root.kid())));
        }
        let json = std::str::from_utf8(&parsed.payload).map_err(|_| invalid("the payload is not UTF-8"))?;
        let doc = TrustListDocument::parse(json)?;
        let deny = doc.deny_list.iter().filter_map(|a| super::wire::from_hex::<8>(a, "alias").ok()).collect();
        let issued = Instant::parse(&doc.issued_at)?;
        Ok(Self { doc, deny, root_kid: root.kid(), issued })
    }

    /// Increases with every list the root signs: a verifier never goes back to a lower one.
    pub fn sequence(&self) -> u64 {
        self.doc.sequence
    }

    /// The document as JSON (what the root signed).
    pub fn to_json(&self) -> String {
        self.doc.to_json()
    }
}

/// Signs a rate sheet (its JSON, as in docs/money.md) with an issuer key.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn sign_rate_sheet(issuer: &PrivateKey, sheet: &str) -> Result<String, CrosspayError> {
    RateSheet::from_unsigned_json(sheet)?;
    Ok(jws_sign(issuer, RATE_SHEET_TYP, sheet.as_bytes()))
}

/// Checks a signed rate sheet against the trust list (an active issuer key valid at `at`) and
/// that the sheet itself is valid at `at`, then returns it. Unsigned, wrongly signed, untrusted
/// and expired sheets are refused before anyone converts with them.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn verify_rate_sheet(signed_sheet: &str, trust_list: &TrustList, at: &str) -> Result<RateSheet, CrosspayError> {
    let untrusted = |reason: String| CrosspayError::UntrustedRateSheet { reason };
    let at_instant = Instant::parse(at)?;
    crate::limits::check_size("a signed rate sheet", signed_sheet.len(), crate::limits::MAX_DOCUMENT_BYTES)?;
    let jws = Jws::parse(signed_sheet, RATE_SHEET_TYP).map_err(|e| untrusted(format!("not a signed rate sheet: {e}")))?;
    let mut known = false;
    let mut verified = false;
    for (_, issuer) in trust_list.issuers_with_kid(&jws.kid) {
        known = true;
        if issuer.status == IssuerStatus::Active {
            if let Some(key) = issuer.usable_at(at_instant.unix_seconds(), 0) {
                verified |= jws.verifies_with(key);
            }
        }
    }
    if !known {
        return Err(untrusted(format!("key {} is not in the trust list", jws.kid)));
    }
    if !verified {
        return Err(untrusted(format!("the signature does not verify with an active issuer key {} valid at {at}", jws.kid)));
    }
    let json = std::str::from_utf8(&jws.payload).map_err(|_| untrusted("the payload is not UTF-8".into()))?;
    let sheet = RateSheet::from_unsigned_json(json)?.with_signer(&jws.kid);
    sheet.check_valid_at(at_instant)?;
    Ok(sheet)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compact(header: &[u8]) -> String {
        format!(
            "{}.{}.{}",
            Base64UrlUnpadded::encode_string(header),
            Base64UrlUnpadded::encode_string(b"{}"),
            Base64UrlUnpadded::encode_string(&[1u8; 64])
        )
    }

    fn refused(header: &[u8]) -> String {
        match Jws::parse(&compact(header), "t") {
            Ok(jws) => panic!("accepted, kid {}", jws.kid),
            Err(reason) => reason,
        }
    }

    #[test]
    fn a_header_is_read_as_json_text_and_refused_unless_utf8() {
        let jws = Jws::parse(&compact(br#"{"alg":"ES256","typ":"t","kid":"k1"}"#), "t").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((jws.kid.as_str(), jws.payload.as_slice()), ("k1", &b"{}"[..]));
        let latin1 = refused(b"{\"alg\":\"ES256\",\"typ\":\"t\",\"kid\":\"k\xe9\"}");
        assert!(latin1.starts_with("the header is not a JSON object: it is not UTF-8"), "{latin1}");
        let array = refused(b"[1]");
        assert!(array.starts_with("the header is not a JSON object: invalid type: sequence"), "{array}");
        assert!(refused(br#"{"alg":"ES256","typ":"t"}"#).contains("no kid"));
    }

    #[test]
    fn a_header_names_each_member_once_with_string_values() {
        let cases: [(&[u8], &str); 7] = [
            (
                br#"{"alg":"ES256","typ":"t","kid":"k","alg":"none"}"#,
                "the header is not a JSON object: duplicate member \"alg\" at line 1 column 40",
            ),
            (br#"{"alg":"none","typ":"t","kid":"k"}"#, "alg must be ES256, is \"none\""),
            (br#"{"alg":["ES256"],"typ":"t","kid":"k"}"#, "alg must be ES256, is an array"),
            (br#"{"typ":"t","kid":"k"}"#, "alg must be ES256, is missing"),
            (br#"{"alg":"ES256","typ":"u","kid":"k"}"#, "typ must be \"t\", is \"u\""),
            (br#"{"alg":"ES256","typ":"t","kid":"k","crit":["b64"]}"#, "unsupported header parameter \"crit\""),
            (br#"{"alg":"ES256","typ":"t","kid":7}"#, "the header's kid is a number, not a string"),
        ];
        for (header, reason) in cases {
            assert_eq!(refused(header), reason);
        }
    }

    #[test]
    fn a_signed_header_has_its_members_in_name_order() {
        let key = PrivateKey::from_raw(&[7u8; 32]).unwrap_or_else(|e| panic!("{e}"));
        let jws = jws_sign(&key, "t", b"{}");
        let header = Base64UrlUnpadded::decode_vec(jws.split('.').next().unwrap_or_default()).unwrap_or_default();
        let kid = key.public_key().kid();
        assert_eq!(String::from_utf8_lossy(&header), format!(r#"{{"alg":"ES256","kid":"{kid}","typ":"t"}}"#));
        assert_eq!(Jws::parse(&jws, "t").map(|j| j.kid), Ok(kid));
    }
}
