//! Card expiry dates: `MM/YY`, valid through the last day of that month. The time to check
//! against is always passed in.

use crate::error::CrosspayError;
use crate::time::Instant;

/// A card's expiry month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CardExpiry {
    year: u16,
    month: u8,
}

impl CardExpiry {
    /// Parses `MM/YY` (also `MM/YYYY`, `M/YY`, spaces around the slash): `invalid_expiry`
    /// otherwise. A two-digit year is 20YY.
    pub fn parse(text: &str) -> Result<Self, CrosspayError> {
        let invalid = |reason: &str| CrosspayError::InvalidExpiry { input: text.chars().take(16).collect(), reason: reason.to_string() };
        let (mm, yy) = text.trim().split_once('/').ok_or_else(|| invalid("expected MM/YY"))?;
        let (mm, yy) = (mm.trim(), yy.trim());
        let digits = |s: &str, lens: &[usize]| lens.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(mm, &[1, 2]) || !digits(yy, &[2, 4]) {
            return Err(invalid("expected MM/YY"));
        }
        let month: u8 = mm.parse().map_err(|_| invalid("expected MM/YY"))?;
        if !(1..=12).contains(&month) {
            return Err(invalid("the month must be 01 to 12"));
        }
        let year: u16 = yy.parse().map_err(|_| invalid("expected MM/YY"))?;
        let year = if yy.len() == 2 { 2000 + year } else { year };
        if Instant::start_of_month_after(year, month).is_none() {
            return Err(invalid("the year is out of range"));
        }
        Ok(Self { year, month })
    }

    /// The first instant the card is no longer valid: 00:00:00 UTC on the first day of the next
    /// month.
    pub fn ends_at(&self) -> Instant {
        // parse checked that the next month exists.
        Instant::start_of_month_after(self.year, self.month).unwrap_or(Instant::from_u32_seconds(0))
    }

    /// The last second the card is valid (`2028-12-31T23:59:59Z` for `12/28`).
    pub fn valid_through(&self) -> Instant {
        self.ends_at().minus_seconds(1)
    }

    pub fn is_expired_at(&self, at: Instant) -> bool {
        at >= self.ends_at()
    }

    /// `card_expired` when the card is no longer valid at `at`.
    pub fn check_at(&self, at: Instant) -> Result<(), CrosspayError> {
        if self.is_expired_at(at) {
            return Err(CrosspayError::CardExpired {
                expiry: self.to_string(),
                valid_through: self.valid_through().to_rfc3339(),
                at: at.to_rfc3339(),
            });
        }
        Ok(())
    }
}

impl std::fmt::Display for CardExpiry {
    /// `MM/YY`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:02}/{:02}", self.month, self.year % 100)
    }
}

/// Checks that a card expiring `expiry` (`MM/YY`) is still valid at `at` (RFC 3339): it is
/// through the last second of that month, UTC. `invalid_expiry`, `invalid_time` or
/// `card_expired`; returns the last valid second (RFC 3339).
#[cfg_attr(feature = "uniffi", uniffi::export)]
pub fn check_card_expiry(expiry: &str, at: &str) -> Result<String, CrosspayError> {
    let expiry = CardExpiry::parse(expiry)?;
    expiry.check_at(Instant::parse(at)?)?;
    Ok(expiry.valid_through().to_rfc3339())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(t: &str) -> Instant {
        Instant::parse(t).unwrap()
    }

    #[test]
    fn valid_through_the_last_second_of_the_month() {
        let e = CardExpiry::parse("12/28").unwrap();
        assert_eq!(e.valid_through().to_rfc3339(), "2028-12-31T23:59:59Z");
        assert!(!e.is_expired_at(at("2028-12-31T23:59:59Z")));
        assert!(e.is_expired_at(at("2029-01-01T00:00:00Z")));
        assert!(!e.is_expired_at(at("2029-01-01T07:00:00+08:00"))); // 23:00 UTC
        assert!(e.is_expired_at(at("2029-01-01T08:00:00+08:00")));
        let feb = CardExpiry::parse("02/28").unwrap();
        assert_eq!(feb.valid_through().to_rfc3339(), "2028-02-29T23:59:59Z");
        assert_eq!(CardExpiry::parse("2/2027").unwrap().to_string(), "02/27");
        assert_eq!(CardExpiry::parse(" 07 / 29 ").unwrap().to_string(), "07/29");
        assert_eq!(check_card_expiry("01/27", "2027-02-01T00:00:00Z").unwrap_err().code(), "card_expired");
        assert_eq!(check_card_expiry("01/27", "2027-01-31T12:00:00Z").unwrap(), "2027-01-31T23:59:59Z");
    }

    #[test]
    fn malformed_expiries_are_typed_errors() {
        for bad in ["", "1228", "13/28", "00/28", "12/2", "12/285", "aa/bb", "12-28", "12/28/1", "１２/28", "12/9999"] {
            let e = CardExpiry::parse(bad);
            assert!(matches!(e, Err(CrosspayError::InvalidExpiry { .. })), "{bad}: {e:?}");
        }
        assert!(CardExpiry::parse("12/9998").is_ok());
    }
}
