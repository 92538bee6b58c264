//! Keys and signatures: key handles, strict verification, host signers.

use crate::{from_js, to_js, JsResult};
use crosspay_core::{CrosspayError, HighSPolicy, SignatureFormat, Verdict};
use js_sys::{Function, Promise, Reflect, Uint8Array};
use tsify::Ts;
use wasm_bindgen::prelude::*;

/// An optional signature format from JavaScript ("p1363" when absent).
fn signature_format(format: Option<Ts<SignatureFormat>>) -> JsResult<SignatureFormat> {
    format.map_or(Ok(SignatureFormat::P1363), from_js)
}

/// A P-256 private key handle. The secret stays in WebAssembly memory and is zeroized on
/// `free()` (or `using`); exports hand secret material to JavaScript.
#[wasm_bindgen]
pub struct PrivateKey(pub(crate) crosspay_core::PrivateKey);

#[wasm_bindgen]
impl PrivateKey {
    /// A new key from crypto.getRandomValues; `random_unavailable` where there is none.
    pub fn generate() -> JsResult<PrivateKey> {
        Ok(crosspay_core::PrivateKey::generate().map(PrivateKey)?)
    }

    /// A key from at least 32 bytes of host entropy (e.g. wx.getRandomValues).
    #[wasm_bindgen(js_name = fromEntropy)]
    pub fn from_entropy(entropy: &[u8]) -> JsResult<PrivateKey> {
        Ok(crosspay_core::PrivateKey::from_entropy(entropy).map(PrivateKey)?)
    }

    /// The raw 32-byte scalar.
    #[wasm_bindgen(js_name = fromRaw)]
    pub fn from_raw(scalar: &[u8]) -> JsResult<PrivateKey> {
        Ok(crosspay_core::PrivateKey::from_raw(scalar).map(PrivateKey)?)
    }

    /// A private JWK as a JSON string (WebCrypto's `exportKey("jwk")`).
    #[wasm_bindgen(js_name = fromJwk)]
    pub fn from_jwk(jwk: &str) -> JsResult<PrivateKey> {
        Ok(crosspay_core::PrivateKey::from_jwk(jwk).map(PrivateKey)?)
    }

    /// PKCS#8 DER (WebCrypto's `exportKey("pkcs8")`).
    #[cfg(feature = "key-encodings")]
    #[wasm_bindgen(js_name = fromPkcs8Der)]
    pub fn from_pkcs8_der(der: &[u8]) -> JsResult<PrivateKey> {
        Ok(crosspay_core::PrivateKey::from_pkcs8_der(der).map(PrivateKey)?)
    }

    /// SEC1 ECPrivateKey DER.
    #[cfg(feature = "key-encodings")]
    #[wasm_bindgen(js_name = fromSec1Der)]
    pub fn from_sec1_der(der: &[u8]) -> JsResult<PrivateKey> {
        Ok(crosspay_core::PrivateKey::from_sec1_der(der).map(PrivateKey)?)
    }

    /// PKCS#8 PEM, SEC1 PEM or a private JWK (as a JSON string).
    #[cfg(feature = "key-encodings")]
    pub fn parse(text: &str) -> JsResult<PrivateKey> {
        Ok(crosspay_core::PrivateKey::parse(text).map(PrivateKey)?)
    }

    #[wasm_bindgen(js_name = publicKey)]
    pub fn public_key(&self) -> PublicKey {
        PublicKey(self.0.public_key())
    }

    /// ECDSA P-256 / SHA-256, RFC 6979 nonce, low-S; P1363 unless `format` is "der".
    pub fn sign(&self, message: &[u8], format: Option<Ts<SignatureFormat>>) -> JsResult<Vec<u8>> {
        Ok(self.0.sign(message, signature_format(format)?))
    }

    #[cfg(feature = "key-encodings")]
    #[wasm_bindgen(js_name = toPkcs8Der)]
    pub fn to_pkcs8_der(&self) -> Vec<u8> {
        self.0.to_pkcs8_der().to_vec()
    }

    #[cfg(feature = "key-encodings")]
    #[wasm_bindgen(js_name = toPkcs8Pem)]
    pub fn to_pkcs8_pem(&self) -> String {
        self.0.to_pkcs8_pem().to_string()
    }

    #[cfg(feature = "key-encodings")]
    #[wasm_bindgen(js_name = toSec1Der)]
    pub fn to_sec1_der(&self) -> Vec<u8> {
        self.0.to_sec1_der().to_vec()
    }

    #[wasm_bindgen(js_name = toRaw)]
    pub fn to_raw(&self) -> Vec<u8> {
        self.0.to_raw().to_vec()
    }

    /// A private JWK, as a JSON string (WebCrypto's `importKey("jwk", JSON.parse(…))`).
    #[wasm_bindgen(js_name = toJwk)]
    pub fn to_jwk(&self) -> String {
        self.0.to_jwk().to_string()
    }
}

/// A P-256 public key.
#[wasm_bindgen]
pub struct PublicKey(pub(crate) crosspay_core::PublicKey);

#[wasm_bindgen]
impl PublicKey {
    /// SEC1 point (WebCrypto's `exportKey("raw")` is the 65-byte uncompressed form).
    #[wasm_bindgen(js_name = fromSec1)]
    pub fn from_sec1(bytes: &[u8]) -> JsResult<PublicKey> {
        Ok(crosspay_core::PublicKey::from_sec1(bytes).map(PublicKey)?)
    }

    /// A JWK as a JSON string (WebCrypto's `exportKey("jwk")`); of a private one, its public part.
    #[wasm_bindgen(js_name = fromJwk)]
    pub fn from_jwk(jwk: &str) -> JsResult<PublicKey> {
        Ok(crosspay_core::PublicKey::from_jwk(jwk).map(PublicKey)?)
    }

    /// SubjectPublicKeyInfo DER (WebCrypto's `exportKey("spki")`).
    #[cfg(feature = "key-encodings")]
    #[wasm_bindgen(js_name = fromSpkiDer)]
    pub fn from_spki_der(der: &[u8]) -> JsResult<PublicKey> {
        Ok(crosspay_core::PublicKey::from_spki_der(der).map(PublicKey)?)
    }

    /// SPKI PEM, a JWK (JSON string), or SEC1 hex.
    #[cfg(feature = "key-encodings")]
    pub fn parse(text: &str) -> JsResult<PublicKey> {
        Ok(crosspay_core::PublicKey::parse(text).map(PublicKey)?)
    }

    #[wasm_bindgen(js_name = toSec1)]
    pub fn to_sec1(&self, #[wasm_bindgen(unchecked_param_type = "boolean")] compressed: JsValue) -> JsResult<Vec<u8>> {
        let compressed = compressed.as_bool().ok_or_else(|| crate::invalid_argument("compressed", "a boolean"))?;
        Ok(self.0.to_sec1(compressed))
    }

    #[cfg(feature = "key-encodings")]
    #[wasm_bindgen(js_name = toSpkiDer)]
    pub fn to_spki_der(&self) -> Vec<u8> {
        self.0.to_spki_der()
    }

    #[cfg(feature = "key-encodings")]
    #[wasm_bindgen(js_name = toSpkiPem)]
    pub fn to_spki_pem(&self) -> String {
        self.0.to_spki_pem()
    }

    /// A public JWK, as a JSON string.
    #[wasm_bindgen(js_name = toJwk)]
    pub fn to_jwk(&self) -> String {
        self.0.to_jwk()
    }

    /// base64url of the first 8 bytes of SHA-256(SPKI DER).
    #[wasm_bindgen(getter)]
    pub fn kid(&self) -> String {
        self.0.kid()
    }

    /// Strict verification. High-S signatures are refused unless `allowHighS`. A bad signature
    /// is a verdict `{valid: false, reason}`, not an exception.
    pub fn verify(
        &self,
        message: &[u8],
        signature: &[u8],
        format: Option<Ts<SignatureFormat>>,
        #[wasm_bindgen(js_name = allowHighS)] allow_high_s: Option<bool>,
    ) -> JsResult<Ts<Verdict>> {
        let policy = if allow_high_s == Some(true) { HighSPolicy::Accept } else { HighSPolicy::Reject };
        to_js(self.0.verify(message, signature, signature_format(format)?, policy))
    }
}

/// Signs with a key crosspay never holds: `signer.sign(message)` may return a `Uint8Array` or
/// `ArrayBuffer`, or a Promise of one (WebCrypto's `crypto.subtle.sign` with a non-extractable
/// key), in DER or P1363. The result is normalized to low-S and verified against `publicKey`
/// before it is returned.
#[wasm_bindgen(js_name = signWithSigner, unchecked_return_type = "Promise<Uint8Array<ArrayBuffer>>")]
pub fn sign_with_signer(
    #[wasm_bindgen(
        unchecked_param_type = "{ sign(message: Uint8Array<ArrayBuffer>): Uint8Array | ArrayBuffer | Promise<Uint8Array | ArrayBuffer> }"
    )]
    signer: JsValue,
    public_key: &PublicKey,
    message: Vec<u8>,
    format: Option<Ts<SignatureFormat>>,
) -> Promise {
    let failed = |reason: String| JsValue::from(CrosspayError::SignerFailed { reason });
    let format = match signature_format(format) {
        Ok(f) => f,
        Err(e) => return Promise::reject(&e),
    };
    let sign = Reflect::get(&signer, &JsValue::from_str("sign")).ok().and_then(|f| f.dyn_into::<Function>().ok());
    let Some(sign) = sign else {
        return Promise::reject(&failed("the signer has no sign(message) function".into()));
    };
    let returned = match sign.call1(&signer, &Uint8Array::from(message.as_slice())) {
        Ok(v) => v,
        Err(thrown) => return Promise::reject(&failed(describe(&thrown))),
    };
    let key = public_key.0.clone();
    wasm_bindgen_futures::future_to_promise(async move {
        let value = match returned.dyn_into::<Promise>() {
            Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise).await.map_err(|e| failed(describe(&e)))?,
            Err(value) => value,
        };
        let bytes = if let Some(buffer) = value.dyn_ref::<js_sys::ArrayBuffer>() {
            Uint8Array::new(buffer).to_vec()
        } else if let Some(array) = value.dyn_ref::<Uint8Array>() {
            array.to_vec()
        } else {
            return Err(failed("the signer returned neither a Uint8Array nor an ArrayBuffer".into()));
        };
        let sig = crosspay_core::finish_foreign_signature(&key, &message, &bytes, format)?;
        Ok(Uint8Array::from(sig.as_slice()).into())
    })
}

fn describe(thrown: &JsValue) -> String {
    thrown
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| thrown.as_string())
        .unwrap_or_else(|| "the signer threw".into())
}

/// Re-encodes a signature between "der" and "p1363", checking it strictly.
#[wasm_bindgen(js_name = convertSignature)]
pub fn convert_signature(signature: &[u8], from: Ts<SignatureFormat>, to: Ts<SignatureFormat>) -> JsResult<Vec<u8>> {
    Ok(crosspay_core::convert_signature(signature, from_js(from)?, from_js(to)?)?)
}

/// Not for JavaScript (the glue never calls it): the mini-program build evaluates it once with
/// binaryen's wasm-ctor-eval and ships the memory it leaves, core's generator table built
/// (js/scripts/miniprogram.mjs, `withTablesBuilt`). The npm entries keep the export, which
/// would only build the table before the first key does.
#[cfg(feature = "precomputed-tables")]
#[no_mangle]
pub extern "C" fn crosspay_build_tables() {
    crosspay_core::keys::build_tables();
}
