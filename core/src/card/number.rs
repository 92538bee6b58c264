//! Card numbers: the Luhn check, masking, grouping, and `CardNumber`, which never shows itself.

use super::brands::{brand_of, brand_while_typing, groups_for, invalid_number, CardBrand, MAX_DIGITS, MIN_DIGITS};
use crate::error::CrosspayError;
use zeroize::Zeroizing;

/// Longest input read as a card number (digits with separators): anything longer is refused
/// before it is looked at.
pub const MAX_CARD_INPUT_CHARS: usize = 64;

/// The digits of a number as people write it: ASCII digits, with spaces or dashes between
/// groups; anything else is `invalid_card_number` (the message never repeats the input).
pub(crate) fn digits_of(input: &str) -> Result<Zeroizing<String>, CrosspayError> {
    if input.len() > MAX_CARD_INPUT_CHARS {
        return Err(invalid_number(format!("longer than {MAX_CARD_INPUT_CHARS} characters")));
    }
    let mut digits = Zeroizing::new(String::with_capacity(input.len()));
    let mut previous_separator = true;
    for c in input.trim().chars() {
        match c {
            '0'..='9' => {
                digits.push(c);
                previous_separator = false;
            }
            ' ' | '-' if !previous_separator => previous_separator = true,
            ' ' | '-' => return Err(invalid_number("two separators in a row")),
            _ => return Err(invalid_number("only digits, with single spaces or dashes between groups")),
        }
    }
    if digits.is_empty() {
        return Err(invalid_number("no digits"));
    }
    Ok(digits)
}

/// The Luhn (mod 10) check of ISO/IEC 7812-1 Annex B over a string of ASCII digits.
pub fn luhn_valid(digits: &str) -> bool {
    let mut sum = 0u32;
    for (i, b) in digits.bytes().rev().enumerate() {
        if !b.is_ascii_digit() {
            return false;
        }
        let d = u32::from(b - b'0');
        sum += if i % 2 == 1 {
            if d * 2 > 9 {
                d * 2 - 9
            } else {
                d * 2
            }
        } else {
            d
        };
    }
    !digits.is_empty() && sum.is_multiple_of(10)
}

/// How many leading and trailing digits a mask shows: at most the first 6 and the last 4 (PCI
/// DSS requirement 3.4.1), and never so many that fewer than 6 stay hidden (short numbers show
/// fewer leading digits first, then fewer trailing ones).
pub(crate) fn mask_shape(len: usize) -> (usize, usize) {
    const HIDDEN: usize = 6;
    let last = 4.min(len.saturating_sub(HIDDEN));
    let first = 6.min(len.saturating_sub(HIDDEN + last));
    (first, last)
}

/// `411111******1111`.
pub(crate) fn mask(digits: &str) -> String {
    let (first, last) = mask_shape(digits.len());
    let hidden = digits.len() - first - last;
    format!("{}{}{}", &digits[..first], "*".repeat(hidden), &digits[digits.len() - last..])
}

/// The digits in the brand's groups, separated by single spaces (`3782 822463 10005`).
pub(crate) fn grouped(digits: &str, brand: Option<CardBrand>, groups_len: usize) -> Zeroizing<String> {
    let mut out = Zeroizing::new(String::with_capacity(digits.len() + 5));
    let mut at = 0;
    for g in groups_for(brand, groups_len) {
        if at >= digits.len() {
            break;
        }
        if at > 0 {
            out.push(' ');
        }
        let end = (at + g).min(digits.len());
        out.push_str(&digits[at..end]);
        at = end;
    }
    if at < digits.len() {
        out.push(' ');
        out.push_str(&digits[at..]);
    }
    out
}

/// The groups used while `n` digits of `brand` are typed: those of the brand's shortest length
/// while the digits fit it, then those of the length being reached.
fn typing_groups_len(brand: Option<CardBrand>, n: usize) -> usize {
    let lengths = brand.map(|b| b.info().lengths.clone()).unwrap_or_default();
    lengths.iter().map(|&l| usize::from(l)).find(|&l| l >= n).unwrap_or(n.max(16))
}

/// A card number: parsed, of a known brand, of a length that brand issues, passing the Luhn
/// check where the brand requires it. `Debug` and `Display` show only the brand and a mask; the
/// digits are zeroized when it is dropped. Read them with [`CardNumber::expose_digits`].
#[cfg_attr(feature = "uniffi", derive(uniffi::Object), uniffi::export(Debug, Display))]
pub struct CardNumber {
    digits: Zeroizing<String>,
    brand: CardBrand,
}

impl std::fmt::Debug for CardNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CardNumber").field("brand", &self.brand).field("number", &"[REDACTED]").field("masked", &self.masked()).finish()
    }
}

impl std::fmt::Display for CardNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.brand, self.masked())
    }
}

impl CardNumber {
    /// Parses a number as people write it (`4111 1111 1111 1111`, `4111-1111-…`): an unknown
    /// range is `unsupported_card_brand`; bad characters, a length the brand does not issue or
    /// a failed Luhn check are `invalid_card_number`. No message holds the digits.
    pub fn parse(input: &str) -> Result<Self, CrosspayError> {
        let digits = digits_of(input)?;
        let brand = brand_of(&digits).ok_or_else(|| CrosspayError::UnsupportedCardBrand {
            reason: format!("no brand crosspay knows issues {}-digit numbers in this range", digits.len()),
        })?;
        let info = brand.info();
        if !info.lengths.iter().any(|&l| usize::from(l) == digits.len()) {
            return Err(invalid_number(format!("{} digits; {} issues {}", digits.len(), info.name, lengths_text(&info.lengths))));
        }
        if info.luhn && !luhn_valid(&digits) {
            return Err(invalid_number(format!("{} digits that fail the Luhn check (a mistyped digit)", digits.len())));
        }
        Ok(Self { digits, brand })
    }

    /// The digits themselves, for sending to a processor: the caller keeps them out of logs.
    pub fn expose_digits(&self) -> Zeroizing<String> {
        self.digits.clone()
    }

    /// The number in the brand's groups (`3782 822463 10005`): the whole number, for the input
    /// field it came from.
    pub fn expose_formatted(&self) -> Zeroizing<String> {
        grouped(&self.digits, Some(self.brand), self.digits.len())
    }

    /// Checks a card security code for this card's brand (`invalid_cvc`).
    pub fn check_cvc(&self, cvc: &str) -> Result<(), CrosspayError> {
        check_cvc(self.brand, cvc)
    }
}

#[cfg_attr(feature = "uniffi", uniffi::export)]
impl CardNumber {
    pub fn brand(&self) -> CardBrand {
        self.brand
    }

    /// At most the first 6 and last 4 digits, the rest `*` (`411111******1111`).
    pub fn masked(&self) -> String {
        mask(&self.digits)
    }

    /// The last 4 digits (what a receipt or a card list shows).
    pub fn last4(&self) -> String {
        self.digits[self.digits.len() - 4..].to_string()
    }

    /// How many digits the number has.
    pub fn length(&self) -> u8 {
        // At most MAX_DIGITS (19): parse checked the brand's lengths.
        self.digits.len() as u8
    }
}

pub(crate) fn lengths_text(lengths: &[u8]) -> String {
    let min = lengths.iter().min().copied().unwrap_or(0);
    let max = lengths.iter().max().copied().unwrap_or(0);
    if lengths.len() > 2 && usize::from(max - min) + 1 == lengths.len() {
        return format!("{min} to {max} digits");
    }
    let parts: Vec<String> = lengths.iter().map(u8::to_string).collect();
    format!("{} digits", parts.join(" or "))
}

/// Checks a card security code (CVV2/CVC2/CID) for `brand`: digits only, of the brand's length
/// (4 for American Express, 3 for the others). The message never holds the code.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn check_cvc(brand: CardBrand, cvc: &str) -> Result<(), CrosspayError> {
    let info = brand.info();
    if cvc.is_empty() || !cvc.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CrosspayError::InvalidCvc { reason: format!("a {} {} is digits only", info.name, info.cvc_name) });
    }
    if cvc.len() != usize::from(info.cvc_length) {
        return Err(CrosspayError::InvalidCvc {
            reason: format!("{} digits; a {} {} has {}", cvc.len(), info.name, info.cvc_name, info.cvc_length),
        });
    }
    Ok(())
}

/// A card number field after a keystroke: the digits regrouped as the brand prints them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "wasm", derive(tsify::Tsify))]
pub struct CardInput {
    /// What the field shows now (`4111 1111 1`).
    pub formatted: String,
    /// Where the caret goes in `formatted`: after the same digit it followed in the input.
    pub cursor: u32,
    /// The brand once the digits so far can only be that brand.
    pub brand: Option<CardBrand>,
    /// The most digits this brand's numbers have (19 while the brand is unknown); more typed
    /// digits are dropped.
    pub max_length: u8,
    /// The digits are a whole number the brand issues, passing its checks: ready to submit.
    pub complete: bool,
}

/// Formats a card number field as a person types or pastes into it: keeps the digits (anything
/// else is dropped), at most as many as the brand issues, grouped 4-4-4-4, 4-6-5 (American
/// Express), 4-6-4 (14-digit Diners) or 4-4-4-4-3 (19 digits). `cursor` is the caret's position
/// in `input`, in characters; the result says where it goes in the new text. Never fails.
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn format_card_input(input: &str, cursor: u32) -> CardInput {
    let cursor = usize::try_from(cursor).unwrap_or(usize::MAX);
    let mut digits = Zeroizing::new(String::new());
    let mut before_cursor = 0;
    for (i, c) in input.chars().enumerate() {
        if c.is_ascii_digit() && digits.len() < MAX_DIGITS {
            digits.push(c);
            if i < cursor {
                before_cursor += 1;
            }
        }
    }
    let brand = brand_while_typing(&digits);
    let max = brand.map_or(MAX_DIGITS, |b| b.info().lengths.iter().map(|&l| usize::from(l)).max().unwrap_or(MAX_DIGITS));
    digits.truncate(max);
    let before_cursor = before_cursor.min(digits.len());
    let formatted = grouped(&digits, brand, typing_groups_len(brand, digits.len()));
    let mut seen = 0;
    let mut caret = 0;
    for (i, c) in formatted.chars().enumerate() {
        if seen == before_cursor {
            break;
        }
        if c.is_ascii_digit() {
            seen += 1;
        }
        caret = i + 1;
    }
    let complete = digits.len() >= MIN_DIGITS && CardNumber::parse(&digits).is_ok();
    CardInput { formatted: formatted.to_string(), cursor: u32::try_from(caret).unwrap_or(u32::MAX), brand, max_length: max as u8, complete }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn luhn_matches_the_standard_examples() {
        assert!(luhn_valid("79927398713"));
        assert!(!luhn_valid("79927398710"));
        assert!(luhn_valid("4111111111111111"));
        assert!(!luhn_valid("4111111111111112"));
        assert!(!luhn_valid(""));
        assert!(!luhn_valid("41x1"));
    }

    #[test]
    fn masks_show_at_most_six_and_four_and_hide_at_least_six() {
        assert_eq!(mask("4111111111111111"), "411111******1111");
        assert_eq!(mask("378282246310005"), "37828******0005");
        assert_eq!(mask("30569309025904"), "3056******5904");
        assert_eq!(mask("4222222222222"), "422******2222");
        assert_eq!(mask("4111111111111111111"), "411111*********1111");
        assert_eq!(mask("12345678"), "******78");
        assert_eq!(mask("123456"), "******");
        for len in 1..=19 {
            let (first, last) = mask_shape(len);
            assert!(first <= 6 && last <= 4, "{len}");
            assert!(len < 6 || len - first - last >= 6, "{len}");
        }
    }

    #[test]
    fn debug_and_display_never_show_the_number() {
        let n = CardNumber::parse("4111 1111 1111 1111").unwrap();
        for text in [format!("{n:?}"), format!("{n}"), format!("{n:#?}")] {
            assert!(!text.contains("4111111111111111"), "{text}");
            assert!(!text.contains("111111111"), "{text}");
        }
        assert!(format!("{n:?}").contains("[REDACTED]"));
        assert_eq!(n.to_string(), "visa 411111******1111");
        assert_eq!(n.expose_digits().as_str(), "4111111111111111");
        assert_eq!(n.expose_formatted().as_str(), "4111 1111 1111 1111");
    }

    #[test]
    fn errors_never_hold_the_number() {
        for bad in ["4111111111111112", "411111111111111", "9111111111111111", "4111 1111 1111 111x", "4111  1111"] {
            let e = CardNumber::parse(bad).unwrap_err();
            let text = format!("{e} {e:?}");
            assert!(!text.contains("1111111"), "{text}");
        }
        assert_eq!(CardNumber::parse("4111111111111112").unwrap_err().code(), "invalid_card_number");
        assert_eq!(CardNumber::parse("9111111111111111").unwrap_err().code(), "unsupported_card_brand");
        assert_eq!(CardNumber::parse(&"4".repeat(65)).unwrap_err().code(), "invalid_card_number");
        assert_eq!(CardNumber::parse("").unwrap_err().code(), "invalid_card_number");
    }

    #[test]
    fn unionpay_numbers_need_not_pass_luhn() {
        let n = CardNumber::parse("6200000000000006").unwrap();
        assert_eq!(n.brand(), CardBrand::Unionpay);
        assert!(!luhn_valid("6200000000000006"));
    }

    #[test]
    fn cvc_lengths_follow_the_brand() {
        assert!(check_cvc(CardBrand::Amex, "1234").is_ok());
        assert_eq!(check_cvc(CardBrand::Amex, "123").unwrap_err().code(), "invalid_cvc");
        assert!(check_cvc(CardBrand::Visa, "123").is_ok());
        assert_eq!(check_cvc(CardBrand::Visa, "12a").unwrap_err().code(), "invalid_cvc");
        let e = check_cvc(CardBrand::Visa, "9876").unwrap_err();
        assert!(!e.to_string().contains("9876"));
    }

    #[test]
    fn typing_regroups_and_keeps_the_caret_after_its_digit() {
        let f = format_card_input("41111", 5);
        assert_eq!((f.formatted.as_str(), f.cursor, f.brand), ("4111 1", 6, Some(CardBrand::Visa)));
        let f = format_card_input("3782822463", 10);
        assert_eq!((f.formatted.as_str(), f.cursor), ("3782 822463", 11));
        let f = format_card_input("37828224631000599", 17);
        assert_eq!((f.formatted.as_str(), f.max_length, f.complete), ("3782 822463 10005", 15, true));
        // A caret in the middle stays after the digit it followed.
        let f = format_card_input("4111 1111 1111 1111", 2);
        assert_eq!(f.cursor, 2);
        let f = format_card_input("4111 11119", 9);
        assert_eq!((f.formatted.as_str(), f.cursor), ("4111 1111 9", 9));
        let f = format_card_input("", 0);
        assert_eq!((f.formatted.as_str(), f.cursor, f.brand, f.complete), ("", 0, None, false));
        let f = format_card_input("4111-1111-1111-1111", 19);
        assert_eq!((f.formatted.as_str(), f.complete), ("4111 1111 1111 1111", true));
        let f = format_card_input("4111111111111111111", 19);
        assert_eq!(f.formatted, "4111 1111 1111 1111 111");
        let f = format_card_input("30569309025904", 14);
        assert_eq!((f.formatted.as_str(), f.complete), ("3056 930902 5904", true));
        let f = format_card_input("3056930009020004", 16);
        assert_eq!(f.formatted, "3056 9300 0902 0004");
    }
}
