//! Time is always passed in: crosspay has no hidden clock. Instants cross every boundary as
//! RFC 3339 strings (`2026-11-20T16:00:00Z`, offsets allowed) and are compared as instants.

use crate::error::CrosspayError;
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};

/// An instant, parsed from RFC 3339.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant(OffsetDateTime);

impl Instant {
    /// Parses RFC 3339 (`2026-11-20T16:00:00Z`, `2026-11-21T00:00:00+08:00`). The instant, in
    /// UTC, must fall in years 0000..=9999 (`9999-12-31T23:59:59-01:00` is in year 10000: it is
    /// `invalid_time`, never a panic). A leap second (`23:59:60`) is read as the second before.
    pub fn parse(text: &str) -> Result<Self, CrosspayError> {
        let invalid = |reason: String| CrosspayError::InvalidTime { input: text.to_string(), reason };
        let parsed = OffsetDateTime::parse(text, &Rfc3339).map_err(|e| invalid(e.to_string()))?;
        parsed
            .checked_to_offset(UtcOffset::UTC)
            .filter(|t| (0..=9999).contains(&t.year()))
            .map(Self)
            .ok_or_else(|| invalid("in UTC it falls outside years 0000 to 9999".into()))
    }

    /// RFC 3339 in UTC, e.g. `2026-11-20T16:00:00Z`.
    pub fn to_rfc3339(self) -> String {
        // Formatting a UTC instant with RFC 3339 cannot fail for years 0..=9999, which parse ensures.
        self.0.format(&Rfc3339).unwrap_or_else(|_| self.0.to_string())
    }

    /// Seconds since the Unix epoch.
    pub fn unix_seconds(self) -> i64 {
        self.0.unix_timestamp()
    }

    /// The instant `seconds` (a u32: 1970..2106) after the Unix epoch; always representable.
    pub fn from_u32_seconds(seconds: u32) -> Self {
        Self(OffsetDateTime::UNIX_EPOCH.saturating_add(time::Duration::seconds(i64::from(seconds))))
    }

    /// The instant `seconds` after the Unix epoch (years 0..=9999).
    pub fn from_unix_seconds(seconds: i64) -> Result<Self, CrosspayError> {
        OffsetDateTime::from_unix_timestamp(seconds)
            .ok()
            .filter(|t| (0..=9999).contains(&t.year()))
            .map(Self)
            .ok_or_else(|| CrosspayError::InvalidTime { input: seconds.to_string(), reason: "outside years 0..=9999".into() })
    }
}

impl Instant {
    /// The first instant (00:00:00 UTC) of the month after `month` of `year`: when a card that
    /// expires that month stops being valid. `None` beyond year 9999.
    pub(crate) fn start_of_month_after(year: u16, month: u8) -> Option<Self> {
        let (y, m) = if month == 12 { (i32::from(year) + 1, 1) } else { (i32::from(year), month + 1) };
        let month = time::Month::try_from(m).ok()?;
        let date = time::Date::from_calendar_date(y, month, 1).ok().filter(|d| d.year() <= 9999)?;
        Some(Self(date.midnight().assume_utc()))
    }

    /// `self + days`; `invalid_time` beyond year 9999.
    pub(crate) fn plus_days(self, days: u32) -> Result<Self, CrosspayError> {
        self.0
            .checked_add(time::Duration::days(i64::from(days)))
            .filter(|t| t.year() <= 9999)
            .map(Self)
            .ok_or_else(|| CrosspayError::InvalidTime { input: self.to_rfc3339(), reason: format!("{days} days later is past year 9999") })
    }

    /// `self − seconds`.
    pub(crate) fn minus_seconds(self, seconds: i64) -> Self {
        Self(self.0.saturating_sub(time::Duration::seconds(seconds)))
    }
}

impl std::fmt::Display for Instant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_normalises_to_utc() {
        let a = Instant::parse("2026-11-21T00:00:00+08:00").unwrap();
        let b = Instant::parse("2026-11-20T16:00:00Z").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.to_rfc3339(), "2026-11-20T16:00:00Z");
    }

    #[test]
    fn out_of_range_instants_are_errors_not_panics() {
        for bad in ["9999-12-31T23:59:59-01:00", "0000-01-01T00:00:00+00:01", "0000-01-01T00:00:00+23:59"] {
            assert_eq!(Instant::parse(bad).unwrap_err().code(), "invalid_time", "{bad}");
        }
        for good in
            ["9999-12-31T23:59:59Z", "9999-12-31T23:59:60Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59+01:00", "2016-12-31T23:59:60Z"]
        {
            let t = Instant::parse(good).unwrap();
            assert!(!t.to_rfc3339().is_empty(), "{good}");
        }
    }

    #[test]
    fn refuses_what_is_not_rfc_3339() {
        for bad in ["", "2026-11-20", "2026-11-20T16:00:00", "20 Nov 2026", "2026-13-01T00:00:00Z"] {
            assert_eq!(Instant::parse(bad).unwrap_err().code(), "invalid_time", "{bad}");
        }
    }
}
