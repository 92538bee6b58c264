//! What `GET /metrics` reports, in Prometheus' text format: verdicts (accepted, refused by
//! reason), the replay store's claim latency as a histogram, and the trust-list sequence.

use crosspay_core::{Claim, ClaimOutcome, ReplayError, ReplayStore, Verification};
use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0];

#[derive(Default)]
pub struct Metrics {
    accepted: AtomicU64,
    refused: Mutex<BTreeMap<String, u64>>,
    buckets: [AtomicU64; BUCKETS.len()],
    claims: AtomicU64,
    claim_micros: AtomicU64,
    store_errors: AtomicU64,
    trust_sequence: AtomicU64,
}

impl Metrics {
    pub fn count(&self, v: &Verification) {
        if v.accepted {
            self.accepted.fetch_add(1, Ordering::Relaxed);
        } else {
            let reason = v.reason.map_or("unknown", |r| r.as_str()).to_string();
            *self.refused.lock().unwrap_or_else(|e| e.into_inner()).entry(reason).or_insert(0) += 1;
        }
    }

    pub fn set_trust_sequence(&self, sequence: u64) {
        self.trust_sequence.store(sequence, Ordering::Relaxed);
    }

    fn observe(&self, seconds: f64, failed: bool) {
        for (i, bound) in BUCKETS.iter().enumerate() {
            if seconds <= *bound {
                self.buckets[i].fetch_add(1, Ordering::Relaxed);
            }
        }
        self.claims.fetch_add(1, Ordering::Relaxed);
        self.claim_micros.fetch_add((seconds * 1e6) as u64, Ordering::Relaxed);
        if failed {
            self.store_errors.fetch_add(1, Ordering::Relaxed);
        }
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(out, "# HELP crosspay_verifications_total Codes verified, by verdict and refusal reason.");
        let _ = writeln!(out, "# TYPE crosspay_verifications_total counter");
        let _ = writeln!(out, "crosspay_verifications_total{{verdict=\"accepted\"}} {}", self.accepted.load(Ordering::Relaxed));
        for (reason, n) in self.refused.lock().unwrap_or_else(|e| e.into_inner()).iter() {
            let _ = writeln!(out, "crosspay_verifications_total{{verdict=\"refused\",reason=\"{reason}\"}} {n}");
        }
        let _ = writeln!(out, "# HELP crosspay_store_claim_seconds Replay-store claim latency.");
        let _ = writeln!(out, "# TYPE crosspay_store_claim_seconds histogram");
        for (i, bound) in BUCKETS.iter().enumerate() {
            let _ = writeln!(out, "crosspay_store_claim_seconds_bucket{{le=\"{bound}\"}} {}", self.buckets[i].load(Ordering::Relaxed));
        }
        let count = self.claims.load(Ordering::Relaxed);
        let _ = writeln!(out, "crosspay_store_claim_seconds_bucket{{le=\"+Inf\"}} {count}");
        let _ = writeln!(out, "crosspay_store_claim_seconds_sum {}", self.claim_micros.load(Ordering::Relaxed) as f64 / 1e6);
        let _ = writeln!(out, "crosspay_store_claim_seconds_count {count}");
        let _ = writeln!(out, "# HELP crosspay_store_errors_total Claims the store could not answer (refused: fail closed).");
        let _ = writeln!(out, "# TYPE crosspay_store_errors_total counter");
        let _ = writeln!(out, "crosspay_store_errors_total {}", self.store_errors.load(Ordering::Relaxed));
        let _ = writeln!(out, "# HELP crosspay_trust_list_sequence The sequence of the trust list in use.");
        let _ = writeln!(out, "# TYPE crosspay_trust_list_sequence gauge");
        let _ = writeln!(out, "crosspay_trust_list_sequence {}", self.trust_sequence.load(Ordering::Relaxed));
        out
    }
}

/// A replay store whose claims are timed into [`Metrics`].
pub struct Timed {
    inner: Box<dyn ReplayStore>,
    metrics: Arc<Metrics>,
}

impl Timed {
    pub fn new(inner: Box<dyn ReplayStore>, metrics: Arc<Metrics>) -> Self {
        Self { inner, metrics }
    }
}

impl ReplayStore for Timed {
    fn claim(&mut self, claim: &Claim<'_>) -> Result<ClaimOutcome, ReplayError> {
        let started = Instant::now();
        let result = self.inner.claim(claim);
        self.metrics.observe(started.elapsed().as_secs_f64(), result.is_err());
        result
    }

    fn accept_trust_sequence(&mut self, sequence: u64) -> Result<u64, ReplayError> {
        self.inner.accept_trust_sequence(sequence)
    }
}
