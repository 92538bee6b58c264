//! The numeric-code verifier: 18 digits, Luhn, prefix, then every seed at T-1..T+1 in constant
//! time, and a claim in the replay store (docs/paycode-format.md §7).

use super::numeric::{assemble, check_prefix, luhn_check_digit, step_at, NumericSeed, NUMERIC_STEP_SECONDS};
use super::replay::{Claim, MemoryReplayStore, ReplayStore};
use super::verdict::{new_outcome, RefusalReason, Verification};
use super::MAX_PAYLOAD_CHARS;
use crate::error::CrosspayError;
use crate::time::Instant;
use std::sync::Mutex;
use subtle::ConstantTimeEq;

/// A verifier for 18-digit numeric codes, holding the seeds it may match.
#[cfg_attr(feature = "uniffi", derive(uniffi::Object))]
pub struct NumericVerifier {
    seeds: Vec<NumericSeed>,
    store: Mutex<Box<dyn ReplayStore>>,
}

impl std::fmt::Debug for NumericVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "NumericVerifier({} seeds)", self.seeds.len())
    }
}

impl NumericVerifier {
    pub fn new(seeds: Vec<NumericSeed>) -> Self {
        Self::with_store(seeds, Box::new(MemoryReplayStore::new(100_000)))
    }

    pub fn with_store(seeds: Vec<NumericSeed>, store: Box<dyn ReplayStore>) -> Self {
        Self { seeds, store: Mutex::new(store) }
    }
}

#[cfg_attr(feature = "uniffi", uniffi::export)]
impl NumericVerifier {
    /// Checks an 18-digit code at `at`: digits, Luhn, prefix, then every seed at steps T−1..T+1
    /// with constant-time comparison; an accepted (seed, step) is never accepted again, nor is
    /// an earlier step of that seed.
    pub fn verify(&self, code: &str, at: &str) -> Result<Verification, CrosspayError> {
        use RefusalReason as R;
        let step = step_at(Instant::parse(at)?);
        let out = new_outcome("numeric");
        if code.len() > MAX_PAYLOAD_CHARS {
            return Ok(out.refuse(R::InputTooLarge, format!("{} bytes; no code is longer than {MAX_PAYLOAD_CHARS}", code.len())));
        }
        if code.len() != 18 || !code.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(out.refuse(R::Malformed, "a numeric code is exactly 18 digits"));
        }
        if luhn_check_digit(&code[..17]) != Some(code.as_bytes()[17] - b'0') {
            return Ok(out.refuse(R::BadCheckDigit, "the Luhn check digit is wrong"));
        }
        if let Err(why) = check_prefix(&code[..2]) {
            return Ok(out.refuse(R::ReservedPrefix, why));
        }
        let mut found: Option<(usize, u64)> = None;
        for (i, seed) in self.seeds.iter().enumerate() {
            for candidate in step.saturating_sub(1)..=step + 1 {
                let expected = assemble(&code[..2], &seed.body(&code[..2], candidate));
                if bool::from(expected.as_bytes().ct_eq(code.as_bytes())) && found.is_none() {
                    found = Some((i, candidate));
                }
            }
        }
        let Some((index, matched)) = found else {
            return Ok(out.refuse(R::NoMatch, "no seed gives this code within one time step of now"));
        };
        let mut out = out;
        let alias = self.seeds[index].seed_id();
        let counter = u32::try_from(matched).unwrap_or(u32::MAX);
        out.0.alias = Some(alias.clone());
        out.0.counter = Some(counter);
        out.0.code_time = Instant::from_unix_seconds(matched as i64 * NUMERIC_STEP_SECONDS as i64).ok().map(|t| t.to_rfc3339());
        let replay_alias = format!("numeric:{alias}");
        let claim = Claim {
            alias: &replay_alias,
            counter,
            code_time: (matched * NUMERIC_STEP_SECONDS) as i64,
            amount: None,
            max_exposure: None,
            forget_before: (step.saturating_sub(1) * NUMERIC_STEP_SECONDS) as i64,
            trust_sequence: None,
        };
        let outcome = self.store.lock().unwrap_or_else(|e| e.into_inner()).claim(&claim);
        Ok(match outcome {
            Ok(outcome) => out.claimed(outcome, &format!("seed {alias} step {matched}"), |_| String::new()),
            Err(e) => out.store_failed(e),
        })
    }
}
