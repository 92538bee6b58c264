//! Parsers are linear (issue 10, finding 7): 16 times the input must not cost 256 times the
//! time. Alone in its own test binary so that no other test competes for the CPU while it
//! measures; each size is timed several times and the fastest run counts.

use crosspay_core::*;
use serde_json::Value;

/// A rate sheet of `n` distinct pairs (the quadratic duplicate check made 30k quotes take 0.9 s).
fn sheet_with(n: usize) -> String {
    let codes: Vec<&str> = iso_codes();
    let quotes: Vec<Value> = codes
        .iter()
        .flat_map(|a| codes.iter().map(move |b| (*a, *b)))
        .filter(|(a, b)| a != b)
        .take(n)
        .map(|(a, b)| serde_json::json!({"base": a, "quote": b, "mid": "1.2345"}))
        .collect();
    serde_json::json!({"source": "growth", "as_of": "2026-11-22T00:00:00Z", "valid_until": "2026-11-23T00:00:00Z", "quotes": quotes})
        .to_string()
}

fn iso_codes() -> Vec<&'static str> {
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL"
        .split(' ')
        .filter(|c| currency_info(c).is_ok())
        .collect()
}

fn best_of<F: FnMut()>(runs: usize, mut f: F) -> std::time::Duration {
    (0..runs)
        .map(|_| {
            let t = std::time::Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap()
}

#[test]
fn rate_sheet_parsing_grows_linearly() {
    // About 64 KiB and 1 MiB of quotes: 16 times the input must not cost 256 times the time.
    let (small, large) = (sheet_with(1_100), sheet_with(17_600));
    assert!(large.len() <= MAX_DOCUMENT_BYTES && large.len() > 12 * small.len(), "{} vs {}", large.len(), small.len());
    RateSheet::from_unsigned_json(&large).unwrap();
    // Noise only ever slows a run: of three measurements (each the fastest of several runs) the
    // best ratio counts. Quadratic work could not pass any of them.
    let ratio = (0..3)
        .map(|_| {
            let t_small = best_of(7, || drop(RateSheet::from_unsigned_json(&small).unwrap()));
            let t_large = best_of(3, || drop(RateSheet::from_unsigned_json(&large).unwrap()));
            t_large.as_secs_f64() / t_small.as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min);
    // Linear is 16x; on a loaded 2-core machine caches make it up to about 26x (seen in CI-like
    // runs); quadratic would be 256x. 64x leaves room for noise and none for quadratic work.
    assert!(ratio < 64.0 * large.len() as f64 / (16.0 * small.len() as f64), "1 MiB took {ratio:.1}x the time of 64 KiB");
}

#[test]
fn a_flat_object_of_many_members_is_refused_at_once() {
    // A JWK (or JWS header, or enroll JSON) of about 64 KiB and 1 MiB of members: refused after
    // the first 64 members, never compared pair by pair for a name seen before.
    let members = |n: usize| format!("{{{}}}", (0..n).map(|i| format!(r#""m{i}":{i}"#)).collect::<Vec<_>>().join(","));
    let (small, large) = (members(4_500), members(68_000));
    assert!(large.len() <= MAX_DOCUMENT_BYTES && large.len() > 12 * small.len(), "{} vs {}", large.len(), small.len());
    let refused = |text: &str| PublicKey::from_jwk(text).unwrap_err().to_string();
    assert!(refused(&large).contains("more than 64 members"), "{}", refused(&large));
    let ratio = (0..3)
        .map(|_| {
            let t_small = best_of(7, || drop(PublicKey::from_jwk(&small)));
            let t_large = best_of(3, || drop(PublicKey::from_jwk(&large)));
            t_large.as_secs_f64() / t_small.as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min);
    assert!(ratio < 64.0 * large.len() as f64 / (16.0 * small.len() as f64), "1 MiB took {ratio:.1}x the time of 64 KiB");
}
