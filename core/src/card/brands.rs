//! The brand table (`brands.json`, data with its sources) and the lookups on it: which brand an
//! issuer identification number belongs to, which lengths it issues, how it is grouped.

use crate::error::CrosspayError;
use std::sync::OnceLock;

/// A card brand crosspay recognises. The ranges and rules of each are data (`brands.json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "uniffi", derive(uniffi::Enum))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub enum CardBrand {
    Visa,
    Mastercard,
    Amex,
    Discover,
    Diners,
    Jcb,
    Unionpay,
    Maestro,
}

impl CardBrand {
    /// The wire name (`visa`, `amex`, `unionpay`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Visa => "visa",
            Self::Mastercard => "mastercard",
            Self::Amex => "amex",
            Self::Discover => "discover",
            Self::Diners => "diners",
            Self::Jcb => "jcb",
            Self::Unionpay => "unionpay",
            Self::Maestro => "maestro",
        }
    }

    /// This brand's row of the table.
    pub fn info(self) -> &'static CardBrandInfo {
        // Every variant has a row: `table()` refuses a table without one.
        table().brands.iter().find(|b| b.brand == self).expect("brands.json has a row for every brand")
    }
}

impl std::fmt::Display for CardBrand {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a number of one length is grouped.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct CardGroups {
    pub length: u8,
    pub groups: Vec<u8>,
}

/// One brand's row of the table, as hosts see it (`card_brands()`).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct CardBrandInfo {
    pub brand: CardBrand,
    /// The brand's own name (`American Express`).
    pub name: String,
    /// IIN prefixes (`"4"`) and ranges of prefixes of one length (`"2221-2720"`).
    pub ranges: Vec<String>,
    /// The number lengths the brand issues.
    pub lengths: Vec<u8>,
    /// Whether a number of this brand must pass the Luhn check (UnionPay: not every number does).
    pub luhn: bool,
    pub cvc_length: u8,
    /// What the brand calls its card security code (CVV2, CVC2, CID, CAV2, CVN2).
    pub cvc_name: String,
    /// Digit groups for the lengths not grouped in fours (15: 4-6-5).
    pub groups: Vec<CardGroups>,
    /// Keys into the table's `sources`.
    pub sources: Vec<String>,
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct TableJson {
    #[allow(dead_code)]
    about: String,
    sources: std::collections::BTreeMap<String, String>,
    brands: Vec<CardBrandInfo>,
}

/// A parsed range: every number whose first `low.len()` digits are in `low..=high`.
#[derive(Debug)]
struct Range {
    low: String,
    high: String,
    brand: CardBrand,
}

#[derive(Debug)]
pub(crate) struct Table {
    pub(crate) sources: std::collections::BTreeMap<String, String>,
    pub(crate) brands: Vec<CardBrandInfo>,
    ranges: Vec<Range>,
}

const TABLE_JSON: &str = include_str!("brands.json");

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    // The table is part of the library; `brands_table_is_well_formed` proves it parses.
    TABLE.get_or_init(|| parse_table(TABLE_JSON).expect("core/src/card/brands.json is valid"))
}

fn parse_range(text: &str, brand: CardBrand) -> Result<Range, String> {
    let (low, high) = text.split_once('-').unwrap_or((text, text));
    let digits = |s: &str| !s.is_empty() && s.len() <= 8 && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(low) || !digits(high) || low.len() != high.len() || low > high {
        return Err(format!("{brand}: range {text:?} is not PREFIX or LOW-HIGH with LOW <= HIGH of one length"));
    }
    Ok(Range { low: low.to_string(), high: high.to_string(), brand })
}

fn parse_table(json: &str) -> Result<Table, String> {
    let raw: TableJson = serde_json::from_str(json).map_err(|e| e.to_string())?;
    let mut ranges = Vec::new();
    for b in &raw.brands {
        if b.lengths.is_empty() || b.lengths.iter().any(|&n| !(MIN_DIGITS..=MAX_DIGITS).contains(&usize::from(n))) {
            return Err(format!("{}: lengths must be between {MIN_DIGITS} and {MAX_DIGITS}", b.brand));
        }
        for g in &b.groups {
            let sum: usize = g.groups.iter().map(|&n| usize::from(n)).sum();
            if usize::from(g.length) != sum || g.groups.contains(&0) {
                return Err(format!("{}: groups for length {} add up to {sum}", b.brand, g.length));
            }
        }
        if let Some(s) = b.sources.iter().find(|s| !raw.sources.contains_key(*s)) {
            return Err(format!("{}: source {s:?} is not in the table's sources", b.brand));
        }
        for r in &b.ranges {
            ranges.push(parse_range(r, b.brand)?);
        }
    }
    for brand in ALL_BRANDS {
        if raw.brands.iter().filter(|b| b.brand == brand).count() != 1 {
            return Err(format!("{brand} must have exactly one row"));
        }
    }
    for (i, a) in ranges.iter().enumerate() {
        for b in &ranges[i + 1..] {
            if overlaps(a, b) {
                return Err(format!("{}-{} ({}) overlaps {}-{} ({})", a.low, a.high, a.brand, b.low, b.high, b.brand));
            }
        }
    }
    Ok(Table { sources: raw.sources, brands: raw.brands, ranges })
}

/// Two ranges overlap when, cut to the shorter prefix length, their intervals meet.
fn overlaps(a: &Range, b: &Range) -> bool {
    let n = a.low.len().min(b.low.len());
    let (a_low, a_high, b_low, b_high) = (&a.low[..n], &a.high[..n], &b.low[..n], &b.high[..n]);
    a_low <= b_high && b_low <= a_high
}

const ALL_BRANDS: [CardBrand; 8] = [
    CardBrand::Visa,
    CardBrand::Mastercard,
    CardBrand::Amex,
    CardBrand::Discover,
    CardBrand::Diners,
    CardBrand::Jcb,
    CardBrand::Unionpay,
    CardBrand::Maestro,
];

/// ISO/IEC 7812: a primary account number has 8 to 19 digits.
pub const MIN_DIGITS: usize = 8;
pub const MAX_DIGITS: usize = 19;

/// The brand whose range holds this complete number, if any.
pub(crate) fn brand_of(digits: &str) -> Option<CardBrand> {
    table().ranges.iter().find(|r| digits.len() >= r.low.len() && in_range(&digits[..r.low.len()], r)).map(|r| r.brand)
}

fn in_range(prefix: &str, r: &Range) -> bool {
    r.low.as_str() <= prefix && prefix <= r.high.as_str()
}

/// The brand a number being typed must be: every range its digits so far could still fall in
/// belongs to that one brand. `None` while it could be several (or none).
pub(crate) fn brand_while_typing(digits: &str) -> Option<CardBrand> {
    if digits.is_empty() {
        return None;
    }
    let mut found = None;
    for r in &table().ranges {
        let n = digits.len().min(r.low.len());
        let possible = r.low[..n] <= digits[..n] && digits[..n] <= r.high[..n];
        if possible {
            match found {
                None => found = Some(r.brand),
                Some(b) if b == r.brand => {}
                Some(_) => return None,
            }
        }
    }
    found
}

/// The digit groups for a number of `len` digits of `brand` (fours unless the table says).
pub(crate) fn groups_for(brand: Option<CardBrand>, len: usize) -> Vec<usize> {
    if let Some(g) = brand.and_then(|b| b.info().groups.iter().find(|g| usize::from(g.length) == len)) {
        return g.groups.iter().map(|&n| usize::from(n)).collect();
    }
    let mut groups = vec![4; len / 4];
    if !len.is_multiple_of(4) {
        groups.push(len % 4);
    }
    groups
}

/// The table's rows, with its sources, for hosts (documentation, a settings screen).
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn card_brands() -> Vec<CardBrandInfo> {
    table().brands.clone()
}

/// The table's sources: key → citation.
pub fn card_brand_sources() -> &'static std::collections::BTreeMap<String, String> {
    &table().sources
}

/// Refuses a number that cannot be a card number at all (kept out of every message).
pub(crate) fn invalid_number(reason: impl Into<String>) -> CrosspayError {
    CrosspayError::InvalidCardNumber { reason: reason.into() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brands_table_is_well_formed() {
        let t = parse_table(TABLE_JSON).unwrap();
        assert_eq!(t.brands.len(), ALL_BRANDS.len());
        for b in ALL_BRANDS {
            assert_eq!(b.info().brand, b);
        }
    }

    #[test]
    fn a_table_with_overlapping_ranges_is_refused() {
        let bad = TABLE_JSON.replace("\"ranges\": [\"34\", \"37\"]", "\"ranges\": [\"34\", \"37\", \"4111\"]");
        assert!(parse_table(&bad).unwrap_err().contains("overlaps"));
        let bad = TABLE_JSON.replace("\"length\": 15, \"groups\": [4, 6, 5]", "\"length\": 15, \"groups\": [4, 6, 4]");
        assert!(parse_table(&bad).unwrap_err().contains("add up"));
    }

    #[test]
    fn ranges_pick_their_brand() {
        let cases = [
            ("4000000000000", Some(CardBrand::Visa)),
            ("5100000000000000", Some(CardBrand::Mastercard)),
            ("5500000000000000", Some(CardBrand::Mastercard)),
            ("5600000000000000", None),
            ("2221000000000000", Some(CardBrand::Mastercard)),
            ("2720990000000000", Some(CardBrand::Mastercard)),
            ("2721000000000000", None),
            ("2220990000000000", None),
            ("340000000000000", Some(CardBrand::Amex)),
            ("370000000000000", Some(CardBrand::Amex)),
            ("350000000000000", None),
            ("6011000000000000", Some(CardBrand::Discover)),
            ("6440000000000000", Some(CardBrand::Discover)),
            ("6430000000000000", None),
            ("6500000000000000", Some(CardBrand::Discover)),
            ("30000000000000", Some(CardBrand::Diners)),
            ("30500000000000", Some(CardBrand::Diners)),
            ("30600000000000", None),
            ("30950000000000", Some(CardBrand::Diners)),
            ("36000000000000", Some(CardBrand::Diners)),
            ("3800000000000000", Some(CardBrand::Diners)),
            ("3528000000000000", Some(CardBrand::Jcb)),
            ("3589000000000000", Some(CardBrand::Jcb)),
            ("3527000000000000", None),
            ("3590000000000000", None),
            ("6200000000000000", Some(CardBrand::Unionpay)),
            ("8100000000000000", Some(CardBrand::Unionpay)),
            ("6304000000000000", Some(CardBrand::Maestro)),
            ("6762000000000000", Some(CardBrand::Maestro)),
            ("6764000000000000", None),
        ];
        for (n, want) in cases {
            assert_eq!(brand_of(n), want, "{n}");
        }
    }

    #[test]
    fn a_brand_is_known_while_typing_once_no_other_is_possible() {
        assert_eq!(brand_while_typing("4"), Some(CardBrand::Visa));
        assert_eq!(brand_while_typing("3"), None); // Amex, Diners, JCB
        assert_eq!(brand_while_typing("34"), Some(CardBrand::Amex));
        assert_eq!(brand_while_typing("35"), Some(CardBrand::Jcb));
        assert_eq!(brand_while_typing("2"), Some(CardBrand::Mastercard));
        assert_eq!(brand_while_typing("22"), Some(CardBrand::Mastercard));
        assert_eq!(brand_while_typing("6"), None);
        assert_eq!(brand_while_typing("62"), Some(CardBrand::Unionpay));
        assert_eq!(brand_while_typing("9"), None);
        assert_eq!(brand_while_typing(""), None);
    }

    #[test]
    fn groups_follow_the_table() {
        assert_eq!(groups_for(Some(CardBrand::Amex), 15), vec![4, 6, 5]);
        assert_eq!(groups_for(Some(CardBrand::Diners), 14), vec![4, 6, 4]);
        assert_eq!(groups_for(Some(CardBrand::Visa), 16), vec![4, 4, 4, 4]);
        assert_eq!(groups_for(Some(CardBrand::Visa), 19), vec![4, 4, 4, 4, 3]);
        assert_eq!(groups_for(None, 13), vec![4, 4, 4, 1]);
    }
}
