//! The wallet side: a device certificate plus a counter that only goes up. Codes are signed by a
//! software key, a host signer (Secure Enclave, Android Keystore), or in two steps (prepare,
//! then finish with a signature the host made asynchronously, e.g. WebCrypto).

use super::cert::{unix_u32, DeviceCertificate};
use super::code::{qr_version, signed_message, Container, Dynamic, PaymentCode, MAX_CODE_AMOUNT};
use crate::error::CrosspayError;
use crate::keys::{finish_foreign_signature, ForeignSigner, PrivateKey, PublicKey, SignatureFormat, SignerError};
use crate::time::Instant;
use std::sync::Mutex;

/// What to put in a code.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct CodeRequest {
    /// RFC 3339: the device clock plus its server offset.
    pub at: String,
    /// A decimal amount; needs `currency`.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub amount: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub currency: Option<String>,
    /// `compact` (default) or `cpm`.
    #[serde(default)]
    #[cfg_attr(feature = "uniffi", uniffi(default = None))]
    #[cfg_attr(feature = "wasm", tsify(optional))]
    pub container: Option<Container>,
}

/// A signed code, ready to show.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct GeneratedCode {
    pub payload: String,
    pub counter: u32,
    /// Smallest QR version at error correction M (0 if above 40).
    pub qr_version: u32,
    pub container: Container,
    /// The wallet state after this code (JSON): persist it before showing the code.
    pub state: String,
}

/// What a wallet must persist so a restart can never reuse a counter.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WalletState {
    #[serde(rename = "type")]
    kind: String,
    pub alias: String,
    /// The last counter used (0: none yet).
    pub counter: u32,
}

impl WalletState {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

fn cannot(reason: impl Into<String>) -> CrosspayError {
    CrosspayError::InvalidPaycode { reason: reason.into() }
}

/// A device certificate and its counter.
#[cfg_attr(feature = "uniffi", derive(uniffi::Object))]
#[derive(Debug)]
pub struct Wallet {
    /// The certified device key stays compressed: a software key is matched against its bytes,
    /// so making codes with one never decompresses it (a square root: over a millisecond in a
    /// fresh WebAssembly instance); a host signer's code decompresses it to check the signature.
    cert: DeviceCertificate,
    counter: Mutex<u32>,
    /// That key decompressed, by the first code a host signs: the next ones reuse it (the square
    /// root was nine tenths of `prepare`, about 50 µs in WebAssembly). A `Mutex` like the counter's:
    /// a `OnceLock` brought `Once`'s code into every module (0.25 KB gzip against 0.11).
    device_key: Mutex<Option<PublicKey>>,
}

/// A code whose counter is taken and whose message awaits the device signature.
#[derive(Debug, Clone)]
pub struct PreparedCode {
    code: PaymentCode,
    device_key: PublicKey,
    message: Vec<u8>,
    state: String,
}

impl Wallet {
    /// A wallet for `certificate` (base64url or the enroll JSON), resuming from `state` (JSON
    /// from [`Wallet::export_state`] / [`GeneratedCode::state`]) when given. The certified
    /// device key is checked when a code is made: a key that is not the certificate's, or a
    /// certificate whose device key is not a P-256 point, is refused before a counter is taken.
    pub fn new(certificate: &str, state: Option<&str>) -> Result<Self, CrosspayError> {
        let cert = DeviceCertificate::from_text(certificate)?;
        let counter = match state {
            None => 0,
            Some(json) => {
                crate::limits::check_size("a wallet state", json.len(), crate::limits::MAX_DOCUMENT_BYTES)?;
                let s: WalletState = serde_json::from_str(json).map_err(|e| cannot(format!("not a wallet state: {e}")))?;
                if s.kind != "crosspay-wallet-state" {
                    return Err(cannot(format!("wallet state type must be crosspay-wallet-state, is {:?}", s.kind)));
                }
                if s.alias != cert.alias() {
                    return Err(CrosspayError::InvalidCertificate {
                        reason: format!("the wallet state is for alias {}, the certificate is {}", s.alias, cert.alias()),
                    });
                }
                s.counter
            }
        };
        Ok(Self { cert, counter: Mutex::new(counter), device_key: Mutex::new(None) })
    }

    pub fn certificate(&self) -> &DeviceCertificate {
        &self.cert
    }

    fn state_with(&self, counter: u32) -> WalletState {
        WalletState { kind: "crosspay-wallet-state".into(), alias: self.cert.alias(), counter }
    }

    /// Takes the next counter and builds the message to sign. The counter is spent even if
    /// signing then fails: a counter is never used twice.
    pub fn prepare(&self, request: &CodeRequest) -> Result<PreparedCode, CrosspayError> {
        let device_key = {
            let mut kept = self.device_key.lock().unwrap_or_else(|e| e.into_inner());
            match &*kept {
                Some(key) => key.clone(),
                None => kept.insert(self.cert.device_public_key()?).clone(),
            }
        };
        let Taken { code, message, state } = self.take(request)?;
        Ok(PreparedCode { code, device_key, message, state })
    }

    /// Checks the request, takes the next counter and builds the code and its message.
    fn take(&self, request: &CodeRequest) -> Result<Taken, CrosspayError> {
        let at = Instant::parse(&request.at)?;
        let time = unix_u32(at, "the code time").map_err(|e| cannot(e.to_string()))?;
        if time < self.cert.not_before || time > self.cert.not_after {
            return Err(cannot(format!(
                "the certificate is valid from {} to {}, not at {at}",
                self.cert.not_before(),
                self.cert.not_after()
            )));
        }
        let amount = match (&request.amount, &request.currency) {
            (None, None) => None,
            (Some(amount), Some(currency)) => {
                let (currency, units) = crate::money::unsigned_minor_units(amount, currency)?;
                if units == 0 || units > MAX_CODE_AMOUNT {
                    return Err(cannot(format!("the amount must be above zero and at most {MAX_CODE_AMOUNT} minor units")));
                }
                let index = self
                    .cert
                    .limit_index(currency)
                    .ok_or_else(|| cannot(format!("the certificate has no offline limit in {}", currency.code())))?;
                let limit = self.cert.limits[index].1;
                if units > limit {
                    let limit = crate::money::unsigned_units_text(currency, limit);
                    return Err(cannot(format!("{amount} {} is over the offline limit of {limit}", currency.code())));
                }
                Some((index, units))
            }
            _ => return Err(CrosspayError::InvalidOptions { reason: "amount and currency go together".into() }),
        };
        let counter = {
            let mut c = self.counter.lock().unwrap_or_else(|e| e.into_inner());
            *c = c.checked_add(1).ok_or_else(|| cannot("the counter is exhausted: enroll a new certificate"))?;
            *c
        };
        let dynamic = Dynamic { time, counter, amount };
        let message = signed_message(&self.cert, &dynamic);
        let container = request.container.unwrap_or_default();
        let code = PaymentCode { cert: self.cert.clone(), dynamic, signature: [0; 64], container };
        Ok(Taken { code, message, state: self.state_with(counter).to_json() })
    }

    /// Signs the next code with a host signer holding the device key.
    pub fn generate_with_signer(&self, signer: &dyn ForeignSigner, request: &CodeRequest) -> Result<GeneratedCode, CrosspayError> {
        let prepared = self.prepare(request)?;
        let returned =
            signer.sign(prepared.message.clone()).map_err(|SignerError::Failed { reason }| CrosspayError::SignerFailed { reason })?;
        prepared.finish(&returned)
    }
}

#[cfg_attr(feature = "uniffi", uniffi::export)]
impl Wallet {
    /// The state to persist (JSON).
    pub fn export_state(&self) -> String {
        let counter = *self.counter.lock().unwrap_or_else(|e| e.into_inner());
        self.state_with(counter).to_json()
    }

    /// Signs the next code with a software device key (which must be the certificate's).
    pub fn generate(&self, key: &PrivateKey, request: &CodeRequest) -> Result<GeneratedCode, CrosspayError> {
        // Compressed SEC1 is canonical: equal bytes, equal points (the key's is one).
        let public = key.public_key();
        if public.to_sec1(true) != self.cert.device_key {
            return Err(CrosspayError::InvalidCertificate {
                reason: format!("the key {} is not the certificate's device key {}", public.kid(), self.cert.device_kid()),
            });
        }
        let Taken { mut code, message, state } = self.take(request)?;
        // A software key's RFC 6979 low-S signature needs no re-check (a host signer's does).
        code.signature.copy_from_slice(&key.sign(&message, SignatureFormat::P1363));
        Ok(generated(code, state))
    }
}

impl PreparedCode {
    /// The bytes the device key must sign (ECDSA P-256 / SHA-256 over these bytes).
    pub fn message(&self) -> Vec<u8> {
        self.message.clone()
    }

    /// The counter this code uses.
    pub fn counter(&self) -> u32 {
        self.code.dynamic.counter
    }

    /// Completes the code with the device signature (DER or P1363, any S): it is normalized
    /// to low-S and checked against the certificate's device key.
    pub fn finish(&self, signature: &[u8]) -> Result<GeneratedCode, CrosspayError> {
        let sig = finish_foreign_signature(&self.device_key, &self.message, signature, SignatureFormat::P1363)?;
        let mut code = self.code.clone();
        code.signature.copy_from_slice(&sig);
        Ok(generated(code, self.state.clone()))
    }
}

/// A code whose counter is taken: the code without its signature, the message the device key
/// signs, and the wallet state after it.
struct Taken {
    code: PaymentCode,
    message: Vec<u8>,
    state: String,
}

/// The code to show, around its checked 64-byte P1363 low-S signature.
fn generated(code: PaymentCode, state: String) -> GeneratedCode {
    let payload = code.encode(code.container);
    GeneratedCode { qr_version: qr_version(&payload), payload, counter: code.dynamic.counter, container: code.container, state }
}

impl PaymentCode {
    /// Signs a code with no wallet checks (limits, validity, counter bookkeeping): for test
    /// vectors and tools that must build codes a wallet would refuse to make.
    #[doc(hidden)]
    pub fn sign_unchecked(
        cert: &DeviceCertificate,
        key: &PrivateKey,
        time: u32,
        counter: u32,
        amount: Option<(&str, &str)>,
        container: Container,
    ) -> Result<Self, CrosspayError> {
        let amount = match amount {
            None => None,
            Some((a, c)) => {
                let (currency, units) = crate::money::unsigned_minor_units(a, c)?;
                let index = cert.limit_index(currency).ok_or_else(|| cannot(format!("the certificate has no limit in {c}")))?;
                Some((index, units))
            }
        };
        let dynamic = Dynamic { time, counter, amount };
        let sig = key.sign(&signed_message(cert, &dynamic), SignatureFormat::P1363);
        let mut signature = [0u8; 64];
        signature.copy_from_slice(&sig);
        Ok(Self { cert: cert.clone(), dynamic, signature, container })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vectors() -> serde_json::Value {
        let path = format!("{}/../tests/vectors/paycodes.json", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_str(&std::fs::read_to_string(path).expect("the vectors")).expect("JSON")
    }

    /// A software key's codes never decompress the device key; a host signer's first code does,
    /// once, and every later one reuses that point.
    #[test]
    fn the_device_key_is_decompressed_once_and_only_for_host_signed_codes() {
        let v = vectors();
        let cert = v["certificates"].as_array().expect("certificates").iter().find(|c| c["name"] == "transit").expect("transit");
        let wallet = Wallet::new(cert["certificate"].as_str().expect("text"), None).expect("a wallet");
        let device = PrivateKey::from_raw(&hex::decode(v["keys"]["device-1"].as_str().expect("hex")).expect("bytes")).expect("a key");
        let request = |at: &str| CodeRequest { at: at.into(), ..CodeRequest::default() };
        wallet.generate(&device, &request("2026-11-22T08:00:00Z")).expect("a code");
        let kept = || wallet.device_key.lock().expect("not poisoned").clone();
        assert!(kept().is_none(), "a software key's code decompressed the device key");
        let mut finished = Vec::new();
        for at in ["2026-11-22T08:00:01Z", "2026-11-22T08:00:02Z"] {
            let prepared = wallet.prepare(&request(at)).expect("a prepared code");
            assert_eq!(Some(&prepared.device_key), kept().as_ref(), "the kept point is the one used");
            finished.push(prepared.finish(&device.sign(&prepared.message(), SignatureFormat::P1363)).expect("finished"));
        }
        assert_eq!(kept(), Some(wallet.cert.device_public_key().expect("a point")));
        assert_eq!(finished.iter().map(|g| g.counter).collect::<Vec<_>>(), [2, 3]);
    }
}
