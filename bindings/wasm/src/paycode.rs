//! Payment codes: issuer (certificates, trust list, signed rate sheets), wallet (offline QR and
//! numeric codes, with two-step signing for WebCrypto and other async signers), verifier. The
//! wallet entry (no default features) leaves out the issuer and the verifier (Cargo.toml).

use crate::keys::PrivateKey;
#[cfg(any(feature = "issuer", feature = "verifier"))]
use crate::keys::PublicKey;
#[cfg(feature = "verifier")]
use crate::money::RateSheet;
use crate::{from_js, to_js, JsResult};
#[cfg(feature = "issuer")]
use crosspay_core::CertificateSpec;
use crosspay_core::{CertificateInfo, CodeRequest, GeneratedCode};
#[cfg(feature = "verifier")]
use crosspay_core::{Verification, VerifierOptions};
#[cfg(feature = "verifier")]
use std::{cell::RefCell, rc::Rc};
use tsify::Ts;
use wasm_bindgen::prelude::*;

#[cfg(feature = "issuer")]
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

#[cfg(feature = "issuer")]
/// Signs a trust list document (JSON text) with the root key: a JWS (ES256).
#[wasm_bindgen(js_name = signTrustList)]
pub fn sign_trust_list(root: &PrivateKey, document: &str) -> JsResult<String> {
    Ok(crosspay_core::sign_trust_list(&root.0, document)?)
}

#[cfg(feature = "issuer")]
/// Signs a rate sheet (JSON text) with an issuer key: a JWS (ES256).
#[wasm_bindgen(js_name = signRateSheet)]
pub fn sign_rate_sheet(issuer: &PrivateKey, sheet: &str) -> JsResult<String> {
    Ok(crosspay_core::sign_rate_sheet(&issuer.0, sheet)?)
}

#[cfg(feature = "verifier")]
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
#[cfg(feature = "verifier")]
#[wasm_bindgen]
pub struct TrustList(crosspay_core::TrustList);

#[cfg(feature = "verifier")]
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
        Ok(crosspay_core::NumericSeed::generate(crate::u32_arg(&key_version, "key_version")?).map(NumericSeed)?)
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

/// A verifier bound to one trust list, with an in-memory replay store.
#[cfg(feature = "verifier")]
#[wasm_bindgen]
pub struct Verifier(crosspay_core::Verifier);

#[cfg(feature = "verifier")]
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

/// A numeric-code verifier over the given seeds (seed file JSON texts).
#[cfg(feature = "verifier")]
#[wasm_bindgen]
pub struct NumericVerifier(crosspay_core::NumericVerifier);

#[cfg(feature = "verifier")]
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
#[cfg(feature = "verifier")]
#[derive(Clone)]
struct JsStore {
    store: JsValue,
    claim: js_sys::Function,
    accept: js_sys::Function,
}

#[cfg(feature = "verifier")]
fn store_failed(why: impl std::fmt::Display) -> String {
    format!("the JS replay store: {why}")
}

#[cfg(feature = "verifier")]
impl JsStore {
    fn from_js(store: JsValue) -> JsResult<Self> {
        let method =
            |name: &str| js_sys::Reflect::get(&store, &JsValue::from_str(name)).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        let (Some(claim), Some(accept)) = (method("claim"), method("acceptTrustSequence")) else {
            return Err(crate::invalid_argument("store", "an object with claim() and acceptTrustSequence()"));
        };
        Ok(Self { store, claim, accept })
    }

    /// Calls a method; what it throws becomes the reason.
    fn call(&self, f: &js_sys::Function, arg: &JsValue) -> Result<JsValue, String> {
        f.call1(&self.store, arg).map_err(|e| {
            store_failed(
                e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).or_else(|| e.as_string()).unwrap_or_else(|| "threw".into()),
            )
        })
    }

    /// Awaits a value that may be a Promise.
    async fn settle(value: JsValue) -> Result<JsValue, String> {
        match value.dyn_into::<js_sys::Promise>() {
            Ok(p) => wasm_bindgen_futures::JsFuture::from(p).await.map_err(|e| {
                store_failed(
                    e.dyn_ref::<js_sys::Error>()
                        .map(|e| String::from(e.message()))
                        .or_else(|| e.as_string())
                        .unwrap_or_else(|| "rejected".into()),
                )
            }),
            Err(v) => Ok(v),
        }
    }
}

/// A store's answer to a claim, read by hand (no serde for one small tagged object: it would
/// cost the package kilobytes).
#[cfg(feature = "verifier")]
fn outcome(answer: &JsValue) -> Result<crosspay_core::ClaimOutcome, String> {
    let get = |name: &str| js_sys::Reflect::get(answer, &JsValue::from_str(name)).ok().filter(|v| !v.is_undefined());
    let number = |name: &str| {
        get(name)
            .and_then(|v| v.as_f64())
            .filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n <= 9_007_199_254_740_991.0)
            .map(|n| n as u64)
            .ok_or_else(|| store_failed(format!("claim's answer has no whole number {name:?}")))
    };
    use crosspay_core::ClaimOutcome as O;
    match get("outcome").and_then(|v| v.as_string()).as_deref() {
        Some("accepted") => Ok(O::Accepted),
        Some("replay") => Ok(O::Replay),
        Some("counter_rewind") => Ok(O::CounterRewind { highest: number("highest")?.min(u64::from(u32::MAX)) as u32 }),
        Some("exposure_exceeded") => Ok(O::ExposureExceeded { exposure: number("exposure")? }),
        Some("trust_list_rollback") => Ok(O::TrustListRollback { highest: number("highest")? }),
        other => Err(store_failed(format!("claim answered outcome {other:?}"))),
    }
}

#[cfg(feature = "verifier")]
fn sequence(answer: &JsValue) -> Result<u64, String> {
    answer
        .as_f64()
        .filter(|n| n.fract() == 0.0 && *n >= 0.0)
        .map(|n| n as u64)
        .ok_or_else(|| store_failed("acceptTrustSequence must return a whole number"))
}

/// The synchronous JS store, as the core's `ReplayStore`.
#[cfg(feature = "verifier")]
struct JsReplayStore(JsStore);

// wasm32 without threads: a JsValue never leaves the thread it was made on. (The core's
// ReplayStore is Send for native verifiers shared between threads.)
#[cfg(feature = "verifier")]
unsafe impl Send for JsReplayStore {}

#[cfg(feature = "verifier")]
impl crosspay_core::ReplayStore for JsReplayStore {
    fn claim(&mut self, claim: &crosspay_core::Claim<'_>) -> Result<crosspay_core::ClaimOutcome, crosspay_core::ReplayError> {
        let failed = crosspay_core::ReplayError::Failed;
        let arg = crate::tape::to_value(&crosspay_core::StoreClaim::from(claim)).map_err(failed)?;
        let answer = self.0.call(&self.0.claim, &arg).map_err(failed)?;
        if answer.has_type::<js_sys::Promise>() {
            return Err(failed(store_failed("claim returned a Promise: use AsyncVerifier for an asynchronous store")));
        }
        outcome(&answer).map_err(failed)
    }

    fn accept_trust_sequence(&mut self, n: u64) -> Result<u64, crosspay_core::ReplayError> {
        let answer = self.0.call(&self.0.accept, &JsValue::from_f64(n as f64)).map_err(crosspay_core::ReplayError::Failed)?;
        sequence(&answer).map_err(crosspay_core::ReplayError::Failed)
    }
}

#[cfg(feature = "verifier")]
#[wasm_bindgen]
impl Verifier {
    /// A verifier whose replay store is a JS object (localStorage, a Map, a server's database
    /// client): `{ claim(claim), acceptTrustSequence(sequence) }`, each answering synchronously;
    /// `claim` checks and records atomically. For a store that answers with Promises
    /// (IndexedDB), use `AsyncVerifier`.
    #[wasm_bindgen(js_name = withReplayStore)]
    pub fn with_replay_store(
        trust_list: &TrustList,
        options: Option<Ts<VerifierOptions>>,
        #[wasm_bindgen(unchecked_param_type = "{ claim(claim: StoreClaim): ClaimOutcome; acceptTrustSequence(sequence: number): number }")]
        store: JsValue,
    ) -> JsResult<Verifier> {
        let options = options.map(from_js).transpose()?.unwrap_or_default();
        let store = JsReplayStore(JsStore::from_js(store)?);
        Ok(crosspay_core::Verifier::with_store(trust_list.0.clone(), &options, Box::new(store)).map(Verifier)?)
    }
}

/// What the asynchronous verifier's store holds between the two runs of a verification: the
/// claim the first run reached, then the host's answer for the second run to use.
#[cfg(feature = "verifier")]
enum Phase {
    Probe(Option<crosspay_core::StoreClaim>),
    Answer(crosspay_core::StoreClaim, Result<crosspay_core::ClaimOutcome, String>),
    Sequence(u64),
}

#[cfg(feature = "verifier")]
struct PhaseStore(Rc<RefCell<Phase>>);

// As for JsReplayStore: one thread.
#[cfg(feature = "verifier")]
unsafe impl Send for PhaseStore {}

#[cfg(feature = "verifier")]
impl crosspay_core::ReplayStore for PhaseStore {
    fn claim(&mut self, claim: &crosspay_core::Claim<'_>) -> Result<crosspay_core::ClaimOutcome, crosspay_core::ReplayError> {
        let owned = crosspay_core::StoreClaim::from(claim);
        let mut phase = self.0.borrow_mut();
        match &*phase {
            Phase::Answer(expected, answer) if *expected == owned => answer.clone().map_err(crosspay_core::ReplayError::Failed),
            Phase::Answer(..) | Phase::Sequence(_) => {
                Err(crosspay_core::ReplayError::Failed("the claim changed while the store answered".into()))
            }
            Phase::Probe(_) => {
                *phase = Phase::Probe(Some(owned));
                Err(crosspay_core::ReplayError::Failed("waiting for the store".into()))
            }
        }
    }

    fn accept_trust_sequence(&mut self, n: u64) -> Result<u64, crosspay_core::ReplayError> {
        match &*self.0.borrow() {
            Phase::Sequence(highest) => Ok((*highest).max(n)),
            _ => Err(crosspay_core::ReplayError::Failed("the trust-list sequence was not asked of the store".into())),
        }
    }
}

/// A verifier whose replay store answers asynchronously (IndexedDB, a remote database): the
/// same verdicts as `Verifier`, as Promises. Each verification checks the code, awaits the
/// store's answer to its claim, then finishes with it (the checks run twice; nothing is
/// accepted that the store did not record). Calls on one verifier run one after another.
#[cfg(feature = "verifier")]
#[wasm_bindgen]
pub struct AsyncVerifier {
    inner: Rc<crosspay_core::Verifier>,
    phase: Rc<RefCell<Phase>>,
    store: JsStore,
    tail: RefCell<Option<js_sys::Promise>>,
}

#[cfg(feature = "verifier")]
#[wasm_bindgen]
impl AsyncVerifier {
    /// `store`: `{ claim(claim), acceptTrustSequence(sequence) }`, each returning a value or a
    /// Promise of one (the same answers as for `Verifier.withReplayStore`).
    #[wasm_bindgen(unchecked_return_type = "Promise<AsyncVerifier>")]
    pub fn create(
        trust_list: &TrustList,
        options: Option<Ts<VerifierOptions>>,
        #[wasm_bindgen(
            unchecked_param_type = "{ claim(claim: StoreClaim): ClaimOutcome | Promise<ClaimOutcome>; acceptTrustSequence(sequence: number): number | Promise<number> }"
        )]
        store: JsValue,
    ) -> js_sys::Promise {
        let setup = (|| -> JsResult<_> { Ok((options.map(from_js).transpose()?.unwrap_or_default(), JsStore::from_js(store)?)) })();
        let trust = trust_list.0.clone();
        wasm_bindgen_futures::future_to_promise(async move {
            let (options, store) = setup?;
            let asked = store.call(&store.accept, &JsValue::from_f64(trust.sequence() as f64)).map_err(failed_js)?;
            let highest = sequence(&JsStore::settle(asked).await.map_err(failed_js)?).map_err(failed_js)?;
            let phase = Rc::new(RefCell::new(Phase::Sequence(highest)));
            let inner = crosspay_core::Verifier::with_store(trust, &options, Box::new(PhaseStore(phase.clone())))?;
            *phase.borrow_mut() = Phase::Probe(None);
            Ok(AsyncVerifier { inner: Rc::new(inner), phase, store, tail: RefCell::new(None) }.into())
        })
    }

    /// Checks a code at `at`; resolves to the verdict (rejects only for a malformed `at`).
    #[wasm_bindgen(unchecked_return_type = "Promise<Verification>")]
    pub fn verify(&self, payload: String, at: String) -> js_sys::Promise {
        let (inner, phase, store) = (self.inner.clone(), self.phase.clone(), self.store.clone());
        let before = self.tail.borrow_mut().take();
        let promise = wasm_bindgen_futures::future_to_promise(async move {
            if let Some(p) = before {
                let _ = wasm_bindgen_futures::JsFuture::from(p).await; // one verification at a time
            }
            *phase.borrow_mut() = Phase::Probe(None);
            let first = inner.verify(&payload, &at)?;
            let reached = match &*phase.borrow() {
                Phase::Probe(Some(claim)) => Some(claim.clone()),
                _ => None,
            };
            let Some(claim) = reached else {
                return to_js(first).map(JsValue::from); // refused before any claim: final
            };
            let answer = match crate::tape::to_value(&claim).map_err(store_failed) {
                Ok(arg) => match store.call(&store.claim, &arg) {
                    Ok(value) => JsStore::settle(value).await.and_then(|v| outcome(&v)),
                    Err(e) => Err(e),
                },
                Err(e) => Err(e),
            };
            *phase.borrow_mut() = Phase::Answer(claim, answer);
            let second = inner.verify(&payload, &at);
            *phase.borrow_mut() = Phase::Probe(None);
            to_js(second?).map(JsValue::from)
        });
        *self.tail.borrow_mut() = Some(promise.clone());
        promise
    }

    /// The sequence of the trust list in use.
    #[wasm_bindgen(getter, js_name = trustListSequence)]
    pub fn trust_list_sequence(&self) -> u64 {
        self.inner.trust_list().sequence()
    }
}

#[cfg(feature = "verifier")]
fn failed_js(why: String) -> JsValue {
    JsValue::from(crosspay_core::CrosspayError::ReplayStoreFailed { reason: why })
}
