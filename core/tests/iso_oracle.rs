//! Oracle test: our currency table (iso_currency) against an independent ISO 4217 table
//! (iso4217-static, generated from the maintenance agency's list-one.xml). Every code in
//! either table must agree on minor units and numeric code, or be a documented difference.

use crosspay_core::currency_info;
use iso4217_static::Currency as Oracle;

/// Codes where the two tables knowingly differ, and why.
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[];

#[test]
fn minor_units_and_numeric_codes_agree_with_the_oracle() {
    let mut checked = 0;
    let mut disagreements = Vec::new();
    for a in b'A'..=b'Z' {
        for b in b'A'..=b'Z' {
            for c in b'A'..=b'Z' {
                let code = String::from_utf8(vec![a, b, c]).unwrap();
                if KNOWN_DIFFERENCES.iter().any(|(k, _)| *k == code) {
                    continue;
                }
                let oracle = Oracle::try_from(code.as_str()).ok();
                let ours = currency_info(&code).ok();
                match (oracle, ours) {
                    (None, None) => {}
                    (Some(o), Some(ours)) => {
                        checked += 1;
                        let want = (o.minor_unit(), o as u16);
                        let got = (Some(ours.minor_units), ours.numeric.unwrap_or(0));
                        if want != got {
                            disagreements.push(format!("{code}: oracle {want:?}, ours {got:?}"));
                        }
                    }
                    // Codes without minor units (XAU, XDR...) are refused by crosspay on purpose.
                    (Some(o), None) if o.minor_unit().is_none() => {}
                    (Some(_), None) => disagreements.push(format!("{code}: in the oracle, unknown to crosspay")),
                    // Registered non-ISO codes (CNH) and superseded ISO codes are ours alone.
                    (None, Some(ours)) if ours.numeric.is_none() || ours.superseded_by.is_some() => {}
                    (None, Some(_)) => disagreements.push(format!("{code}: known to crosspay, not in the oracle")),
                }
            }
        }
    }
    assert!(checked > 150, "only {checked} codes compared");
    assert!(disagreements.is_empty(), "{} disagreements:\n{}", disagreements.len(), disagreements.join("\n"));
}
