//! Strict decimal text: the only way amounts and rates enter crosspay. Money is never a float.
//!
//! Grammar (no exponent, no `+`, no thousands separators, no spaces, no leading zeros):
//! `-?(0|[1-9][0-9]*)(\.[0-9]+)?` for amounts, the same without `-` for rates.

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

/// Parses the strict grammar into an exact decimal, keeping the written scale (`"1.50"` has 2).
pub(crate) fn parse_decimal(input: &str, allow_negative: bool) -> Result<Decimal, DecimalSyntax> {
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

/// Formats with exactly `scale` fraction digits (`110` with 0, `1.500` with 3).
pub(crate) fn format_fixed(d: Decimal, scale: u32) -> String {
    let mut d = d;
    d.rescale(scale);
    d.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn formats_fixed() {
        assert_eq!(format_fixed(parse_decimal("110", false).unwrap(), 0), "110");
        assert_eq!(format_fixed(parse_decimal("1.5", false).unwrap(), 3), "1.500");
    }
}
