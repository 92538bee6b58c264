//! JWK (RFC 7517/7518) for P-256 keys. Parsed here rather than by `elliptic-curve`, whose parser
//! refuses the standard members WebCrypto and JOSE libraries emit (`key_ops`, `ext`, `alg`,
//! `kid`, `use`); RFC 7517 says members an implementation does not use are ignored. What is
//! checked is checked strictly: `kty` "EC", `crv` "P-256", `alg` (when present) "ES256", and
//! 32-byte base64url coordinates and scalar.

use crate::error::CrosspayError;
use crate::flat_json::FlatObject;
use base64ct::{Base64UrlUnpadded, Encoding as _};
use zeroize::Zeroizing;

fn invalid(why: impl std::fmt::Display) -> CrosspayError {
    CrosspayError::InvalidKey { reason: format!("not a P-256 JWK: {why}") }
}

fn field32(value: Option<&str>, name: &str) -> Result<Zeroizing<Vec<u8>>, CrosspayError> {
    let text = value.ok_or_else(|| invalid(format!("\"{name}\" is missing")))?;
    let bytes =
        Zeroizing::new(Base64UrlUnpadded::decode_vec(text).map_err(|_| invalid(format!("\"{name}\" is not base64url without padding")))?);
    if bytes.len() != 32 {
        return Err(invalid(format!("\"{name}\" is {} bytes, not 32", bytes.len())));
    }
    Ok(bytes)
}

/// The public point (65-byte uncompressed SEC1) and, for a private JWK, the scalar.
pub(crate) struct ParsedJwk {
    pub point: Vec<u8>,
    pub scalar: Option<Zeroizing<Vec<u8>>>,
}

pub(crate) fn parse(text: &str) -> Result<ParsedJwk, CrosspayError> {
    let jwk =
        FlatObject::parse(text).map_err(|e| invalid(e.to_string().split(" at line").next().unwrap_or("malformed JSON").to_string()))?;
    let text = |name: &str| jwk.text(name).map_err(|kind| invalid(format!("\"{name}\" is {kind}, not a string")));
    if text("kty")? != Some("EC") {
        return Err(invalid(format!("kty is {}, not \"EC\"", jwk.describe("kty"))));
    }
    if text("crv")? != Some("P-256") {
        return Err(invalid(format!("crv is {}, not \"P-256\"", jwk.describe("crv"))));
    }
    if text("alg")?.is_some_and(|alg| alg != "ES256") {
        return Err(invalid(format!("alg is {}, not \"ES256\"", jwk.describe("alg"))));
    }
    let mut point = vec![4u8];
    point.extend_from_slice(&field32(text("x")?, "x")?);
    point.extend_from_slice(&field32(text("y")?, "y")?);
    let scalar = text("d")?.map(|d| field32(Some(d), "d")).transpose()?;
    Ok(ParsedJwk { point, scalar })
}

/// `{"kty":"EC","crv":"P-256","x":…,"y":…}` (and `"d"` when a scalar is given).
pub(crate) fn encode(uncompressed_point: &[u8], scalar: Option<&[u8]>) -> Zeroizing<String> {
    let (x, y) = uncompressed_point[1..].split_at(32);
    let mut out = format!(
        r#"{{"kty":"EC","crv":"P-256","x":"{}","y":"{}""#,
        Base64UrlUnpadded::encode_string(x),
        Base64UrlUnpadded::encode_string(y)
    );
    if let Some(d) = scalar {
        out.push_str(&format!(r#","d":"{}""#, Zeroizing::new(Base64UrlUnpadded::encode_string(d)).as_str()));
    }
    out.push('}');
    Zeroizing::new(out)
}
