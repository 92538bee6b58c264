//! Payment codes: issuer (certificates, trust list, signed rate sheets), wallet (offline QR and
//! numeric codes, with two-step signing for WebCrypto and other async signers), verifier.

use crate::keys::{PrivateKey, PublicKey};
use crate::money::RateSheet;
use crate::{from_js, to_js, JsResult};
use crosspay_core::{CertificateInfo, CertificateSpec, CodeRequest, GeneratedCode, Verification, VerifierOptions};
use tsify::Ts;
use wasm_bindgen::prelude::*;

/// Issues a device certificate; its `certificate` member is what wallets load.
#[wasm_bindgen(js_name = issueCertificate)]
pub fn issue_certificate(issuer: &PrivateKey, device: &PublicKey, spec: Ts<CertificateSpec>) -> JsResult<Ts<CertificateInfo>> {
    let spec = from_js(spec)?;
    to_js(crosspay_core::issue_certificate(&issuer.0, &device.0, &spec)?.info())
}

/// Describes a certificate (base64url or the enroll JSON) without verifying it.
#[wasm_bindgen(js_name = describeCertificate)]
pub fn describe_certificate(certificate: &str) -> JsResult<Ts<CertificateInfo>> {
    to_js(crosspay_core::DeviceCertificate::from_text(certificate)?.info())
}

/// Signs a trust list document (JSON text) with the root key: a JWS (ES256).
#[wasm_bindgen(js_name = signTrustList)]
pub fn sign_trust_list(root: &PrivateKey, document: &str) -> JsResult<String> {
    Ok(crosspay_core::sign_trust_list(&root.0, document)?)
}

/// Signs a rate sheet (JSON text) with an issuer key: a JWS (ES256).
#[wasm_bindgen(js_name = signRateSheet)]
pub fn sign_rate_sheet(issuer: &PrivateKey, sheet: &str) -> JsResult<String> {
    Ok(crosspay_core::sign_rate_sheet(&issuer.0, sheet)?)
}

/// Checks a signed rate sheet against the trust list and its validity at `at`; returns the sheet.
#[wasm_bindgen(js_name = verifyRateSheet)]
pub fn verify_rate_sheet(signed: &str, trust_list: &TrustList, at: &str) -> JsResult<RateSheet> {
    Ok(crosspay_core::verify_rate_sheet(signed, &trust_list.0, at).map(RateSheet)?)
}

/// The smallest QR version at error correction M that holds `payload` (0 above 40).
#[wasm_bindgen(js_name = qrVersion)]
pub fn qr_version(payload: &str) -> u32 {
    crosspay_core::qr_version(payload)
}

/// A trust list whose root signature has been checked.
#[wasm_bindgen]
pub struct TrustList(crosspay_core::TrustList);

#[wasm_bindgen]
impl TrustList {
    /// Checks a signed trust list (JWS) against the root public key.
    pub fn verify(jws: &str, root: &PublicKey) -> JsResult<TrustList> {
        Ok(crosspay_core::TrustList::verify(jws, &root.0).map(TrustList)?)
    }

    #[wasm_bindgen(getter)]
    pub fn sequence(&self) -> u64 {
        self.0.sequence()
    }

    /// When the root signed it (RFC 3339); verifiers refuse codes once it is too old.
    #[wasm_bindgen(getter, js_name = issuedAt)]
    pub fn issued_at(&self) -> String {
        self.0.issued_at().to_rfc3339()
    }

    /// The signed document, as JSON text.
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.0.to_json()
    }
}

/// A device certificate and its counter. Persist `exportState()` (or each code's `state`)
/// before showing a code, so a restart never reuses a counter.
#[wasm_bindgen]
pub struct Wallet(crosspay_core::Wallet);

#[wasm_bindgen]
impl Wallet {
    #[wasm_bindgen(constructor)]
    pub fn new(certificate: &str, state: Option<String>) -> JsResult<Wallet> {
        Ok(crosspay_core::Wallet::new(certificate, state.as_deref()).map(Wallet)?)
    }

    /// Signs the next code with a key held in crosspay.
    pub fn generate(&self, key: &PrivateKey, request: Ts<CodeRequest>) -> JsResult<Ts<GeneratedCode>> {
        let request = from_js(request)?;
        to_js(self.0.generate(&key.0, &request)?)
    }

    /// Takes the next counter and returns the message to sign elsewhere (a non-extractable
    /// WebCrypto key: `crypto.subtle.sign({name: "ECDSA", hash: "SHA-256"}, key, message)`).
    pub fn prepare(&self, request: Ts<CodeRequest>) -> JsResult<PreparedCode> {
        let request = from_js(request)?;
        Ok(self.0.prepare(&request).map(PreparedCode)?)
    }

    /// The state to persist (JSON text).
    #[wasm_bindgen(js_name = exportState)]
    pub fn export_state(&self) -> String {
        self.0.export_state()
    }

    pub fn certificate(&self) -> JsResult<Ts<CertificateInfo>> {
        to_js(self.0.certificate().info())
    }
}

/// A code waiting for its device signature.
#[wasm_bindgen]
pub struct PreparedCode(crosspay_core::PreparedCode);

#[wasm_bindgen]
impl PreparedCode {
    /// The bytes to sign (ECDSA P-256 / SHA-256).
    #[wasm_bindgen(getter)]
    pub fn message(&self) -> Vec<u8> {
        self.0.message()
    }

    #[wasm_bindgen(getter)]
    pub fn counter(&self) -> u32 {
        self.0.counter()
    }

    /// Completes the code with the signature (P1363 or DER, any S; checked against the certificate).
    pub fn finish(&self, signature: &[u8]) -> JsResult<Ts<GeneratedCode>> {
        to_js(self.0.finish(signature)?)
    }
}

/// A verifier bound to one trust list, with an in-memory replay store.
#[wasm_bindgen]
pub struct Verifier(crosspay_core::Verifier);

#[wasm_bindgen]
impl Verifier {
    #[wasm_bindgen(constructor)]
    pub fn new(trust_list: &TrustList, options: Option<Ts<VerifierOptions>>) -> JsResult<Verifier> {
        let options = options.map(from_js).transpose()?.unwrap_or_default();
        Ok(crosspay_core::Verifier::new(trust_list.0.clone(), &options).map(Verifier)?)
    }

    /// Checks a code at `at` (the terminal clock, RFC 3339); accepted codes are remembered.
    pub fn verify(&self, payload: &str, at: &str) -> JsResult<Ts<Verification>> {
        to_js(self.0.verify(payload, at)?)
    }

    /// Replaces the trust list with a newer one from the same root; an older one is refused
    /// (`trust_list_rollback`) and the current list stays.
    #[wasm_bindgen(js_name = updateTrustList)]
    pub fn update_trust_list(&self, trust_list: &TrustList) -> JsResult<()> {
        Ok(self.0.update_trust_list(trust_list.0.clone())?)
    }

    /// The sequence of the trust list in use.
    #[wasm_bindgen(getter, js_name = trustListSequence)]
    pub fn trust_list_sequence(&self) -> u64 {
        self.0.trust_list().sequence()
    }
}

/// A numeric-code seed (secret): zeroized on `free()`.
#[wasm_bindgen]
pub struct NumericSeed(crosspay_core::NumericSeed);

#[wasm_bindgen]
impl NumericSeed {
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(json: &str) -> JsResult<NumericSeed> {
        Ok(crosspay_core::NumericSeed::from_json(json).map(NumericSeed)?)
    }

    pub fn generate(#[wasm_bindgen(unchecked_param_type = "number")] key_version: JsValue) -> JsResult<NumericSeed> {
        let version = key_version.as_f64().filter(|v| v.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(v));
        let version = version.ok_or_else(|| crate::invalid_argument("key_version", "a whole number from 0 to 4294967295"))?;
        Ok(crosspay_core::NumericSeed::generate(version as u32).map(NumericSeed)?)
    }

    /// The seed file JSON (contains the secret).
    #[wasm_bindgen(js_name = toJson)]
    pub fn to_json(&self) -> String {
        self.0.to_json().to_string()
    }

    #[wasm_bindgen(getter, js_name = seedId)]
    pub fn seed_id(&self) -> String {
        self.0.seed_id()
    }

    /// The 18-digit code at `at`.
    pub fn code(&self, prefix: &str, at: &str) -> JsResult<String> {
        Ok(crosspay_core::numeric_code(&self.0, prefix, at)?)
    }
}

/// A numeric-code verifier over the given seeds (seed file JSON texts).
#[wasm_bindgen]
pub struct NumericVerifier(crosspay_core::NumericVerifier);

#[wasm_bindgen]
impl NumericVerifier {
    #[wasm_bindgen(constructor)]
    pub fn new(seeds: Vec<String>) -> JsResult<NumericVerifier> {
        let seeds = seeds.iter().map(|s| crosspay_core::NumericSeed::from_json(s)).collect::<Result<_, _>>()?;
        Ok(NumericVerifier(crosspay_core::NumericVerifier::new(seeds)))
    }

    pub fn verify(&self, code: &str, at: &str) -> JsResult<Ts<Verification>> {
        to_js(self.0.verify(code, at)?)
    }
}

/// A replay store that JavaScript implements: `claim(claim)` returns `{ outcome: "accepted" }`,
/// `{ outcome: "replay" }`, `{ outcome: "counter_rewind", highest }`,
/// `{ outcome: "exposure_exceeded", exposure }` or `{ outcome: "trust_list_rollback", highest }`;
/// `acceptTrustSequence(sequence)` returns the highest sequence accepted. Whatever it throws or
/// returns that is not one of those refuses the code (`replay_store_failed`).
struct JsReplayStore {
    store: JsValue,
    claim: js_sys::Function,
    accept: js_sys::Function,
}

// wasm32 without threads: a JsValue never leaves the thread it was made on. (The core's
// ReplayStore is Send for native verifiers shared between threads.)
unsafe impl Send for JsReplayStore {}

impl JsReplayStore {
    fn call(&self, f: &js_sys::Function, arg: JsValue) -> Result<JsValue, crosspay_core::ReplayError> {
        let failed = |why: String| crosspay_core::ReplayError::Failed(format!("the JS replay store: {why}"));
        let value = f.call1(&self.store, &arg).map_err(|e| {
            failed(
                e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).or_else(|| e.as_string()).unwrap_or_else(|| "threw".into()),
            )
        })?;
        if value.has_type::<js_sys::Promise>() {
            return Err(failed("returned a Promise: a store for verify() answers synchronously".into()));
        }
        Ok(value)
    }
}

impl crosspay_core::ReplayStore for JsReplayStore {
    fn claim(&mut self, claim: &crosspay_core::Claim<'_>) -> Result<crosspay_core::ClaimOutcome, crosspay_core::ReplayError> {
        let owned = crosspay_core::StoreClaim {
            alias: claim.alias.to_string(),
            counter: claim.counter,
            code_time: claim.code_time,
            currency: claim.amount.map(|(c, _)| c.to_string()),
            units: claim.amount.map(|(_, u)| u),
            max_exposure: claim.max_exposure,
            forget_before: claim.forget_before,
            trust_sequence: claim.trust_sequence,
        };
        let failed = |why: String| crosspay_core::ReplayError::Failed(format!("the JS replay store: {why}"));
        let arg = crate::tape::to_value(&owned).map_err(failed)?;
        let answer = self.call(&self.claim, arg)?;
        // Read by hand (no serde for one small tagged object: it would cost the package kilobytes).
        let get = |name: &str| js_sys::Reflect::get(&answer, &JsValue::from_str(name)).ok().filter(|v| !v.is_undefined());
        let number = |name: &str| {
            get(name)
                .and_then(|v| v.as_f64())
                .filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n <= 9_007_199_254_740_991.0)
                .map(|n| n as u64)
                .ok_or_else(|| failed(format!("claim's answer has no whole number {name:?}")))
        };
        use crosspay_core::ClaimOutcome as O;
        match get("outcome").and_then(|v| v.as_string()).as_deref() {
            Some("accepted") => Ok(O::Accepted),
            Some("replay") => Ok(O::Replay),
            Some("counter_rewind") => Ok(O::CounterRewind { highest: number("highest")?.min(u64::from(u32::MAX)) as u32 }),
            Some("exposure_exceeded") => Ok(O::ExposureExceeded { exposure: number("exposure")? }),
            Some("trust_list_rollback") => Ok(O::TrustListRollback { highest: number("highest")? }),
            other => Err(failed(format!("claim answered outcome {other:?}"))),
        }
    }

    fn accept_trust_sequence(&mut self, sequence: u64) -> Result<u64, crosspay_core::ReplayError> {
        let answer = self.call(&self.accept, JsValue::from_f64(sequence as f64))?;
        answer
            .as_f64()
            .filter(|n| n.fract() == 0.0 && *n >= 0.0)
            .map(|n| n as u64)
            .ok_or_else(|| crosspay_core::ReplayError::Failed("the JS replay store: acceptTrustSequence must return a whole number".into()))
    }
}

#[wasm_bindgen]
impl Verifier {
    /// A verifier whose replay store is a JS object (localStorage, a Map shared by workers of one
    /// page, a server's own database client): `{ claim(claim), acceptTrustSequence(sequence) }`,
    /// each answering synchronously; `claim` checks and records atomically.
    #[wasm_bindgen(js_name = withReplayStore)]
    pub fn with_replay_store(
        trust_list: &TrustList,
        options: Option<Ts<VerifierOptions>>,
        #[wasm_bindgen(unchecked_param_type = "{ claim(claim: StoreClaim): ClaimOutcome; acceptTrustSequence(sequence: number): number }")]
        store: JsValue,
    ) -> JsResult<Verifier> {
        let options = options.map(from_js).transpose()?.unwrap_or_default();
        let method =
            |name: &str| js_sys::Reflect::get(&store, &JsValue::from_str(name)).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        let (Some(claim), Some(accept)) = (method("claim"), method("acceptTrustSequence")) else {
            return Err(crate::invalid_argument("store", "an object with claim() and acceptTrustSequence()"));
        };
        let store = JsReplayStore { store, claim, accept };
        Ok(crosspay_core::Verifier::with_store(trust_list.0.clone(), &options, Box::new(store)).map(Verifier)?)
    }
}
