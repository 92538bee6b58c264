//! Strict decimal text: the only way amounts and rates enter crosspay. Money is never a float.
//!
//! Grammar (no exponent, no `+`, no thousands separators, no spaces, no leading zeros):
//! `-?(0|[1-9][0-9]*)(\.[0-9]+)?` for amounts, the same without `-` for rates.

use super::CompactString;
use rust_decimal::Decimal;

/// Why a decimal string was refused; the caller turns it into the right typed error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DecimalSyntax {
    Empty,
    Sign,
    BadCharacter(char),
    LeadingZero,
    MissingDigits,
    TooLong,
}

impl DecimalSyntax {
    pub(crate) fn reason(self) -> String {
        match self {
            Self::Empty => "empty".into(),
            Self::Sign => "only a single leading '-' is allowed".into(),
            Self::BadCharacter(c) => {
                format!("unexpected character {c:?} (plain decimal digits and one '.' only: no exponent, separators or spaces)")
            }
            Self::LeadingZero => "leading zeros are not allowed".into(),
            Self::MissingDigits => "digits are required on both sides of '.'".into(),
            Self::TooLong => "more than 28 significant digits".into(),
        }
    }
}

/// The grammar's common case in one pass, with no allocation: at most 18 digits. Whether it is
/// negative, its digits as an integer and how many of them are fraction digits; `None` for
/// anything else, valid or not, which [`parse_decimal`] then decides (and names the reason).
#[cfg_attr(crosspay_speed, optimize(speed))]
fn short_decimal(bytes: &[u8]) -> Option<(bool, u64, u32)> {
    let (negative, digits) = match bytes.split_first()? {
        (b'-', rest) => (true, rest),
        _ => (false, bytes),
    };
    // Where the point is (`NONE` while there is none): the fraction digits are the ones after it.
    const NONE: usize = usize::MAX;
    let (mut value, mut count, mut point) = (0u64, 0u32, NONE);
    for (i, &c) in digits.iter().enumerate() {
        let digit = c.wrapping_sub(b'0');
        if digit < 10 && count < 18 {
            value = value * 10 + u64::from(digit);
            count += 1;
        } else if c == b'.' && point == NONE && i > 0 {
            point = i;
        } else {
            return None;
        }
    }
    let leading_zero = digits.len() > 1 && digits[0] == b'0' && digits[1] != b'.';
    if count == 0 || digits.last() == Some(&b'.') || leading_zero {
        return None;
    }
    let fraction = if point == NONE { 0 } else { digits.len() - 1 - point };
    Some((negative, value, fraction as u32))
}

/// An amount's mantissa at `scale` (its currency's minor units: "-0" is 0) for the grammar's
/// common case with at most `scale` fraction digits, and whether `text` is already what
/// [`fixed_text`] writes for it (exactly `scale` fraction digits, not "-0"); `None` for anything
/// else, which [`parse_decimal`] and the amount's own checks then decide.
pub(crate) fn parse_units(text: &[u8], scale: u32) -> Option<(i128, bool)> {
    parse_units_inlined(text, scale)
}

/// [`parse_units`]'s body, inlined where a price list reads amount after amount.
#[inline(always)]
pub(crate) fn parse_units_inlined(text: &[u8], scale: u32) -> Option<(i128, bool)> {
    let (negative, value, fraction) = short_decimal(text)?;
    // Written at the currency's minor units (the usual case), the digits are the units.
    let units = match scale.checked_sub(fraction)? {
        0 => i128::from(value),
        shift => i128::from(value).checked_mul(ten_to(shift)?)?,
    };
    let written_fixed = fraction == scale && !(negative && value == 0);
    Some((if negative { -units } else { units }, written_fixed))
}

/// 10^0 to 10^19, every power of ten a u64 holds.
const POWERS_OF_TEN: [u64; 20] = {
    let mut table = [1u64; 20];
    let mut i = 1;
    while i < table.len() {
        table[i] = table[i - 1] * 10;
        i += 1;
    }
    table
};

/// `10^n` when it fits an i128 (n ≤ 38): a table lookup, or two multiplied above 10^19, where
/// `checked_pow` multiplies in a loop (in wasm, each step a 128-bit library call).
pub(crate) fn ten_to(n: u32) -> Option<i128> {
    let n = n as usize;
    match POWERS_OF_TEN.get(n) {
        Some(&power) => Some(i128::from(power)),
        None => POWERS_OF_TEN.get(n - 19).map(|&high| i128::from(high) * i128::from(POWERS_OF_TEN[19])),
    }
}

/// Parses the strict grammar into an exact decimal, keeping the written scale (`"1.50"` has 2).
#[cfg_attr(crosspay_speed, optimize(speed))]
pub(crate) fn parse_decimal(input: &str, allow_negative: bool) -> Result<Decimal, DecimalSyntax> {
    if let Some((negative, value, fraction)) = short_decimal(input.as_bytes()).filter(|s| allow_negative || !s.0) {
        let value = i128::from(value);
        // Zero is never negative: `-0` is 0. At most 18 digits always fit.
        if let Ok(d) = Decimal::try_from_i128_with_scale(if negative { -value } else { value }, fraction) {
            return Ok(d);
        }
    }
    parse_decimal_full(input, allow_negative)
}

/// Every case of the grammar, with the reason for a refusal.
fn parse_decimal_full(input: &str, allow_negative: bool) -> Result<Decimal, DecimalSyntax> {
    if input.is_empty() {
        return Err(DecimalSyntax::Empty);
    }
    let unsigned = match input.strip_prefix('-') {
        Some(rest) if allow_negative => rest,
        Some(_) => return Err(DecimalSyntax::Sign),
        None => input,
    };
    if unsigned.is_empty() {
        return Err(DecimalSyntax::MissingDigits);
    }
    let (int, frac) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    for c in int.chars().chain(frac.unwrap_or("").chars()) {
        if !c.is_ascii_digit() {
            return Err(if c == '-' || c == '+' { DecimalSyntax::Sign } else { DecimalSyntax::BadCharacter(c) });
        }
    }
    if int.is_empty() || frac == Some("") {
        return Err(DecimalSyntax::MissingDigits);
    }
    if int.len() > 1 && int.starts_with('0') {
        return Err(DecimalSyntax::LeadingZero);
    }
    let mut d = Decimal::from_str_exact(input).map_err(|_| DecimalSyntax::TooLong)?;
    if d.is_zero() {
        d.set_sign_positive(true); // "-0.00" is zero: no negative zero leaves crosspay
    }
    Ok(d)
}

/// `units × 10^-scale` with exactly `scale` fraction digits (`110`, `1.50`, `-0.05`; never
/// "-0"): the text of an amount held at its currency's minor units, written without `fmt`.
#[cfg_attr(crosspay_speed, optimize(speed))]
pub(crate) fn fixed_text(units: i128, scale: u32) -> CompactString {
    write_fixed(units, scale, |text| CompactString::new(text))
}

/// [`fixed_text`], handed to `done` as a borrowed text (a price list appends it to its buffer).
#[inline(always)]
pub(crate) fn write_fixed<R>(units: i128, scale: u32, done: impl FnOnce(&str) -> R) -> R {
    // Only ASCII digits, '.' and '-' are written: never the default.
    write_fixed_bytes(units, scale, |bytes| done(core::str::from_utf8(bytes).unwrap_or_default()))
}

/// [`write_fixed`] as the text's ASCII bytes, for a caller that copies them (the WebAssembly
/// façade's price lists) and need not have them checked as UTF-8.
#[inline(always)]
pub(crate) fn write_fixed_bytes<R>(units: i128, scale: u32, done: impl FnOnce(&[u8]) -> R) -> R {
    let (mut stack, mut heap) = ([0u8; 128], Vec::new());
    done(fixed_in(units, scale, &mut stack, &mut heap))
}

/// [`fixed_text`]'s bytes in `stack`, or in `heap` if they do not fit.
#[cfg_attr(crosspay_speed, optimize(speed))]
fn fixed_in<'a>(units: i128, scale: u32, stack: &'a mut [u8; 128], heap: &'a mut Vec<u8>) -> &'a [u8] {
    // Written from the last character into one array on the stack (on the heap only for a scale
    // no currency or displayed rate has), then copied once by the caller (a receipt's string
    // holds up to 24 bytes inline: no allocation for the amounts and rates a receipt carries).
    let scale = scale as usize;
    let len = scale + 42; // a sign, 39 digits (any i128), the point and a leading "0"
    let buf = match stack.get_mut(..len) {
        Some(buf) => buf,
        None => {
            heap.resize(len, 0);
            &mut heap[..]
        }
    };
    let mut text = Backwards { buf, at: len, written: 0, scale };
    let mut rest = units.unsigned_abs();
    // 128-bit division is a library call in wasm: only the digits above 64 bits take it.
    let mut small = loop {
        match u64::try_from(rest) {
            Ok(small) => break small,
            Err(_) => {
                text.digit((rest % 10) as u8);
                rest /= 10;
            }
        }
    };
    // The fraction digits left (zeros once the value runs out), two at a time while two are
    // left, then the point if it is not written yet, then the whole digits, at least one: no
    // check for the point at each digit, and half the divisions.
    while text.written + 2 <= scale {
        text.pair((small % 100) as usize);
        small /= 100;
    }
    if text.written < scale {
        text.digit((small % 10) as u8);
        small /= 10;
    }
    if text.written == scale && scale > 0 {
        text.put(b'.');
    }
    while small >= 10 {
        text.pair((small % 100) as usize);
        small /= 100;
    }
    if small != 0 || text.written <= scale {
        text.put(b'0' + small as u8);
    }
    if units < 0 {
        text.put(b'-');
    }
    let Backwards { buf, at, .. } = text;
    let buf: &'a [u8] = buf;
    &buf[at..]
}

/// "00" to "99", back to back.
const PAIRS: [u8; 200] = {
    let mut table = [0u8; 200];
    let mut i = 0;
    while i < 100 {
        table[2 * i] = b'0' + (i / 10) as u8;
        table[2 * i + 1] = b'0' + (i % 10) as u8;
        i += 1;
    }
    table
};

/// A decimal text written from its last digit: the point goes in after `scale` digits.
struct Backwards<'a> {
    buf: &'a mut [u8],
    at: usize,
    written: usize,
    scale: usize,
}

impl Backwards<'_> {
    #[inline(always)]
    fn digit(&mut self, d: u8) {
        if self.written == self.scale && self.scale > 0 {
            self.put(b'.');
        }
        self.put(b'0' + d);
        self.written += 1;
    }

    /// Two digits (`n` below 100) where the point does not fall between them: no check for it.
    #[inline(always)]
    fn pair(&mut self, n: usize) {
        self.put(PAIRS[2 * n + 1]);
        self.put(PAIRS[2 * n]);
        self.written += 2;
    }

    #[inline(always)]
    fn put(&mut self, c: u8) {
        self.at -= 1;
        self.buf[self.at] = c;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ten_to_is_every_power_of_ten_an_i128_holds() {
        for n in 0..=40 {
            assert_eq!(ten_to(n), 10i128.checked_pow(n), "10^{n}");
        }
        assert_eq!(ten_to(u32::MAX), None);
    }

    #[test]
    fn accepts_plain_decimals_and_keeps_their_scale() {
        for (s, scale) in [("0", 0), ("100.00", 2), ("-5.5", 1), ("0.0001", 4), ("123456789", 0)] {
            let d = parse_decimal(s, true).unwrap();
            assert_eq!((d.to_string().as_str(), d.scale()), (s, scale));
        }
        assert_eq!(parse_decimal("-0.00", true).unwrap().to_string(), "0.00");
    }

    #[test]
    fn refuses_everything_else() {
        let bad = [
            ("", DecimalSyntax::Empty),
            ("1e3", DecimalSyntax::BadCharacter('e')),
            ("NaN", DecimalSyntax::BadCharacter('N')),
            ("+1", DecimalSyntax::Sign),
            ("+-1", DecimalSyntax::Sign),
            ("--1", DecimalSyntax::Sign),
            ("1,000.00", DecimalSyntax::BadCharacter(',')),
            (" 1", DecimalSyntax::BadCharacter(' ')),
            ("1.", DecimalSyntax::MissingDigits),
            (".5", DecimalSyntax::MissingDigits),
            ("-", DecimalSyntax::MissingDigits),
            ("1.2.3", DecimalSyntax::BadCharacter('.')),
            ("007", DecimalSyntax::LeadingZero),
            ("١٢", DecimalSyntax::BadCharacter('١')),
            ("99999999999999999999999999999", DecimalSyntax::TooLong),
        ];
        for (s, why) in bad {
            assert_eq!(parse_decimal(s, true), Err(why), "{s:?}");
        }
        assert_eq!(parse_decimal("-1", false), Err(DecimalSyntax::Sign));
    }

    #[test]
    fn parses_amounts_at_their_minor_units_or_declines() {
        for (text, scale, want) in [
            ("0", 2, Some(0)),
            ("-0.00", 2, Some(0)),
            ("123.45", 2, Some(12345)),
            ("123.4", 2, Some(12340)),
            ("0.5", 2, Some(50)),
            ("-5", 3, Some(-5000)),
            ("999999999999999999", 0, Some(999_999_999_999_999_999)),
            ("1.005", 2, None),               // precision: the amount's check names it
            ("1234567890123456789", 0, None), // 19 digits: the full parser decides
            ("", 2, None),
            ("-", 2, None),
            ("1.", 2, None),
            (".5", 2, None),
            ("-.5", 2, None),
            ("01", 2, None),
            ("00.5", 2, None),
            ("1.2.3", 2, None),
            ("+1", 2, None),
            ("--1", 2, None),
            ("1e3", 2, None),
            (" 1", 2, None),
            ("١", 2, None),
        ] {
            let parsed = parse_units(text.as_bytes(), scale);
            assert_eq!(parsed.map(|(units, _)| units), want, "{text:?}");
            if let Some((units, written_fixed)) = parsed {
                assert_eq!(written_fixed, fixed_text(units, scale) == text, "{text:?}");
            }
        }
    }

    #[test]
    fn writes_fixed_text() {
        for (units, scale, want) in [
            (0, 2, "0.00"),
            (5, 2, "0.05"),
            (-5, 2, "-0.05"),
            (12345, 2, "123.45"),
            (110, 0, "110"),
            (0, 0, "0"),
            (-1500, 3, "-1.500"),
            (i128::from(u64::MAX) * 1000 + 7, 4, "1844674407370955161.5007"),
            ((1 << 96) - 1, 2, "792281625142643375935439503.35"),
            (i128::MIN, 0, "-170141183460469231731687303715884105728"),
            (-7, 60, "-0.000000000000000000000000000000000000000000000000000000000007"),
        ] {
            assert_eq!(fixed_text(units, scale), want);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// The one-pass common case gives what the full parser gives, or leaves it to it.
        #[test]
        fn the_short_path_agrees_with_the_full_parser(text in "-?[0-9]{0,20}(\\.[0-9]{0,20})?|[-+.0-9e ]{0,8}", negative in proptest::prelude::any::<bool>()) {
            let got = parse_decimal(&text, negative);
            let want = parse_decimal_full(&text, negative);
            proptest::prop_assert_eq!(got.map(|d| (d.to_string(), d.scale())), want.map(|d| (d.to_string(), d.scale())));
        }

        /// `fixed_text` writes what the integer's own `Display` gives, with the point put in.
        #[test]
        fn fixed_text_agrees_with_integer_display(units in proptest::prelude::any::<i128>(), small in -100_000i128..100_000, scale in 0u32..120) {
            for units in [units, small] {
                let digits = format!("{:0>width$}", units.unsigned_abs(), width = scale as usize + 1);
                let (whole, fraction) = digits.split_at(digits.len() - scale as usize);
                let sign = if units < 0 { "-" } else { "" };
                let want = if scale == 0 { format!("{sign}{whole}") } else { format!("{sign}{whole}.{fraction}") };
                proptest::prop_assert_eq!(fixed_text(units, scale), want);
            }
        }

        /// A positive decimal the grammar accepts is written back exactly as it was given: a
        /// receipt may keep a caller's rate text as it is.
        #[test]
        fn accepted_positive_decimals_are_their_own_text(text in "(0|[1-9][0-9]{0,30})(\\.[0-9]{1,30})?") {
            if let Ok(value) = parse_decimal(&text, false) {
                proptest::prop_assert_eq!(fixed_text(value.mantissa(), value.scale()), text);
            }
        }
    }
}
