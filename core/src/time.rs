//! Time is always passed in: crosspay has no hidden clock. Instants cross every boundary as
//! RFC 3339 strings (`2026-11-20T16:00:00Z`, offsets allowed) and are compared as instants.
//!
//! The parser, the formatter and the calendar arithmetic are written here rather than taken from
//! a date library: RFC 3339's one fixed layout and the proleptic Gregorian calendar of years
//! 0000..=9999 are all crosspay needs, and a general date library was 15 KB of every wasm module.
//! A property test (tests below) holds the parser to the `time` crate's, instant for instant.

use crate::error::CrosspayError;

const SECONDS_PER_DAY: i64 = 86_400;
/// `0000-01-01T00:00:00Z` as Unix seconds.
const MIN_SECONDS: i64 = -62_167_219_200;
/// `9999-12-31T23:59:59Z` as Unix seconds.
const MAX_SECONDS: i64 = 253_402_300_799;

/// An instant in UTC, years 0000..=9999, to the nanosecond; parsed from RFC 3339.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant {
    /// Seconds since the Unix epoch, `MIN_SECONDS..=MAX_SECONDS`.
    seconds: i64,
    /// Below the second, `0..1_000_000_000`.
    nanos: u32,
}

impl Instant {
    /// Parses RFC 3339 (`2026-11-20T16:00:00Z`, `2026-11-21T00:00:00+08:00`, fractions of a
    /// second to the nanosecond; `T` or `t` or a space between date and time, `Z` or `z`). The
    /// instant, in UTC, must fall in years 0000..=9999 (`9999-12-31T23:59:59-01:00` is in year
    /// 10000: it is `invalid_time`, never a panic). A leap second (`23:59:60`, which is only ever
    /// the last second of a month in UTC) is read as the nanosecond before.
    pub fn parse(text: &str) -> Result<Self, CrosspayError> {
        parse_rfc3339(text.as_bytes()).map_err(|reason| CrosspayError::InvalidTime { input: text.to_string(), reason: reason.to_string() })
    }

    /// RFC 3339 in UTC, e.g. `2026-11-20T16:00:00Z` (`2026-11-20T16:00:00.25Z` with a fraction).
    pub fn to_rfc3339(self) -> String {
        let (date, time) = (self.seconds.div_euclid(SECONDS_PER_DAY), self.seconds.rem_euclid(SECONDS_PER_DAY));
        let (year, month, day) = civil_from_days(date);
        let mut out = String::with_capacity(30);
        push_digits(&mut out, year, 4);
        out.push('-');
        push_digits(&mut out, i64::from(month), 2);
        out.push('-');
        push_digits(&mut out, i64::from(day), 2);
        out.push('T');
        push_digits(&mut out, time / 3600, 2);
        out.push(':');
        push_digits(&mut out, time / 60 % 60, 2);
        out.push(':');
        push_digits(&mut out, time % 60, 2);
        if self.nanos != 0 {
            out.push('.');
            let (mut nanos, mut width) = (self.nanos, 9);
            while nanos % 10 == 0 {
                nanos /= 10;
                width -= 1;
            }
            push_digits(&mut out, i64::from(nanos), width);
        }
        out.push('Z');
        out
    }

    /// Seconds since the Unix epoch (whole seconds: the fraction is dropped).
    pub fn unix_seconds(self) -> i64 {
        self.seconds
    }

    /// The instant `seconds` (a u32: 1970..2106) after the Unix epoch; always representable.
    pub fn from_u32_seconds(seconds: u32) -> Self {
        Self { seconds: i64::from(seconds), nanos: 0 }
    }

    /// The instant `seconds` after the Unix epoch (years 0..=9999).
    pub fn from_unix_seconds(seconds: i64) -> Result<Self, CrosspayError> {
        Self::from_seconds(seconds)
            .ok_or_else(|| CrosspayError::InvalidTime { input: seconds.to_string(), reason: "outside years 0..=9999".into() })
    }

    fn from_seconds(seconds: i64) -> Option<Self> {
        (MIN_SECONDS..=MAX_SECONDS).contains(&seconds).then_some(Self { seconds, nanos: 0 })
    }
}

impl Instant {
    /// The first instant (00:00:00 UTC) of the month after `month` (1..=12) of `year`: when a
    /// card that expires that month stops being valid. `None` beyond year 9999.
    pub(crate) fn start_of_month_after(year: u16, month: u8) -> Option<Self> {
        let (year, month) = if month == 12 { (i64::from(year) + 1, 1) } else { (i64::from(year), month + 1) };
        if !(1..=12).contains(&month) {
            return None;
        }
        Self::from_seconds(days_from_civil(year, month, 1) * SECONDS_PER_DAY)
    }

    /// `self + days`; `invalid_time` beyond year 9999.
    pub(crate) fn plus_days(self, days: u32) -> Result<Self, CrosspayError> {
        let seconds = self.seconds + i64::from(days) * SECONDS_PER_DAY;
        if seconds > MAX_SECONDS {
            return Err(CrosspayError::InvalidTime { input: self.to_rfc3339(), reason: format!("{days} days later is past year 9999") });
        }
        Ok(Self { seconds, ..self })
    }

    /// `self − seconds`, no earlier than `0000-01-01T00:00:00Z`.
    pub(crate) fn minus_seconds(self, seconds: i64) -> Self {
        Self { seconds: self.seconds.saturating_sub(seconds).clamp(MIN_SECONDS, MAX_SECONDS), ..self }
    }
}

impl std::fmt::Display for Instant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.to_rfc3339())
    }
}

impl std::fmt::Debug for Instant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Instant({self})")
    }
}

/// What RFC 3339 lays out, in its order: `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`.
const LAYOUT: &str = "expected YYYY-MM-DDTHH:MM:SS, a fraction of a second if any, then Z or an offset such as +08:00";

fn parse_rfc3339(text: &[u8]) -> Result<Instant, &'static str> {
    let mut at = Cursor(text);
    let year = at.number(4).ok_or(LAYOUT)?;
    at.byte(b'-')?;
    let month = at.number(2).ok_or(LAYOUT)?;
    at.byte(b'-')?;
    let day = at.number(2).ok_or(LAYOUT)?;
    if !matches!(at.next(), Some(b'T' | b't' | b' ')) {
        return Err(LAYOUT);
    }
    let hour = at.number(2).ok_or(LAYOUT)?;
    at.byte(b':')?;
    let minute = at.number(2).ok_or(LAYOUT)?;
    at.byte(b':')?;
    let second = at.number(2).ok_or(LAYOUT)?;
    let mut nanos = 0;
    if at.0.first() == Some(&b'.') {
        at.next();
        let digits = at.0.iter().take_while(|b| b.is_ascii_digit()).count();
        if digits == 0 {
            return Err("expected a digit after the decimal point of the seconds");
        }
        // Nanoseconds: digits past the ninth are dropped (truncated, as `time` does).
        for (i, b) in at.0[..digits].iter().take(9).enumerate() {
            nanos += u32::from(b - b'0') * 10u32.pow(8 - i as u32);
        }
        at.0 = &at.0[digits..];
    }
    let offset = match at.next() {
        Some(b'Z' | b'z') => 0,
        Some(sign @ (b'+' | b'-')) => {
            let hours = at.number(2).ok_or(LAYOUT)?;
            at.byte(b':')?;
            let minutes = at.number(2).ok_or(LAYOUT)?;
            if hours > 23 || minutes > 59 {
                return Err("the offset must be from -23:59 to +23:59");
            }
            let offset = hours * 3600 + minutes * 60;
            if sign == b'-' {
                -offset
            } else {
                offset
            }
        }
        _ => return Err(LAYOUT),
    };
    if !at.0.is_empty() {
        return Err("unexpected text after the offset");
    }

    if !(1..=12).contains(&month) {
        return Err("the month must be 01 to 12");
    }
    if day == 0 || day > i64::from(days_in_month(year, month as u8)) {
        return Err("that day is not in that month");
    }
    if hour > 23 || minute > 59 || second > 60 {
        return Err("the time of day must be from 00:00:00 to 23:59:59 (23:59:60 for a leap second)");
    }
    // A leap second is read as the nanosecond before it.
    let leap = second == 60;
    let (second, nanos) = if leap { (59, 999_999_999) } else { (second, nanos) };
    let local = days_from_civil(year, month as u8, day as u8) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second;
    let seconds = local - offset;
    if !(MIN_SECONDS..=MAX_SECONDS).contains(&seconds) {
        return Err("in UTC it falls outside years 0000 to 9999");
    }
    if leap {
        let (year, month, day) = civil_from_days(seconds.div_euclid(SECONDS_PER_DAY));
        let last_second = seconds.rem_euclid(SECONDS_PER_DAY) == SECONDS_PER_DAY - 1;
        if !last_second || day != days_in_month(year, month) {
            return Err("a leap second is only ever 23:59:60 UTC on the last day of a month");
        }
    }
    Ok(Instant { seconds, nanos })
}

/// The text not read yet.
struct Cursor<'a>(&'a [u8]);

impl Cursor<'_> {
    fn next(&mut self) -> Option<u8> {
        let (&first, rest) = self.0.split_first()?;
        self.0 = rest;
        Some(first)
    }

    /// Exactly `width` ASCII digits, as a number.
    fn number(&mut self, width: usize) -> Option<i64> {
        let digits = self.0.get(..width).filter(|d| d.iter().all(u8::is_ascii_digit))?;
        self.0 = &self.0[width..];
        Some(digits.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0')))
    }

    fn byte(&mut self, expected: u8) -> Result<(), &'static str> {
        if self.next() == Some(expected) {
            Ok(())
        } else {
            Err(LAYOUT)
        }
    }
}

/// `value` (non-negative) as exactly `width` digits, zeros in front.
fn push_digits(out: &mut String, value: i64, width: u32) {
    for place in (0..width).rev() {
        let digit = (value / 10i64.pow(place) % 10) as u8;
        out.push(char::from(b'0' + digit));
    }
}

fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: u8) -> u8 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

// Days since 1970-01-01 from a proleptic Gregorian date and back: the year is counted from March,
// so that February's length only matters at the end of one, in 400-year eras of 146,097 days
// (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms").

fn days_from_civil(year: i64, month: u8, day: u8) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (i64::from(month) + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * month_from_march + 2) / 5 + 1) as u8;
    let month = if month_from_march < 10 { month_from_march + 3 } else { month_from_march - 9 } as u8;
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn parses_and_normalises_to_utc() {
        let a = Instant::parse("2026-11-21T00:00:00+08:00").unwrap();
        let b = Instant::parse("2026-11-20T16:00:00Z").unwrap();
        assert_eq!(a, b);
        assert_eq!(a.to_rfc3339(), "2026-11-20T16:00:00Z");
        assert_eq!(a.unix_seconds(), 1_795_190_400);
        assert_eq!(format!("{a:?}"), "Instant(2026-11-20T16:00:00Z)");
        let fraction = Instant::parse("2026-11-20t23:30:00.2500z").unwrap();
        assert_eq!(fraction.to_rfc3339(), "2026-11-20T23:30:00.25Z");
        assert!(fraction > a);
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
        assert_eq!(Instant::parse("2016-12-31T23:59:60Z").unwrap().to_rfc3339(), "2016-12-31T23:59:59.999999999Z");
    }

    #[test]
    fn refuses_what_is_not_rfc_3339() {
        for bad in [
            "",
            "2026-11-20",
            "2026-11-20T16:00:00",
            "20 Nov 2026",
            "2026-13-01T00:00:00Z",
            "2026-02-29T00:00:00Z",
            "2026-11-20X16:00:00Z",
            "2026-11-20T16:00:00.Z",
            "2026-11-20T16:00:00+24:00",
            "2026-11-20T16:00:00+08:60",
            "2026-11-20T16:00:00+0800",
            "2026-11-20T16:00:00Z ",
            "2026-11-20T24:00:00Z",
            "2026-11-30T23:59:60+08:00",
            "2026-11-20T16:00:00.５Z",
        ] {
            assert_eq!(Instant::parse(bad).unwrap_err().code(), "invalid_time", "{bad}");
        }
        let e = Instant::parse("2026-02-30T00:00:00Z").unwrap_err().to_string();
        assert!(e.contains("2026-02-30T00:00:00Z") && e.contains("that day is not in that month"), "{e}");
    }

    #[test]
    fn calendar_arithmetic_agrees_with_time_on_every_day_of_years_0_to_9999() {
        let first = ::time::Date::from_calendar_date(0, ::time::Month::January, 1).unwrap();
        assert_eq!(days_from_civil(0, 1, 1) * SECONDS_PER_DAY, MIN_SECONDS);
        assert_eq!(days_from_civil(9999, 12, 31) * SECONDS_PER_DAY + SECONDS_PER_DAY - 1, MAX_SECONDS);
        let mut date = first;
        for days in days_from_civil(0, 1, 1)..=days_from_civil(9999, 12, 31) {
            let (y, m, d) = (i64::from(date.year()), u8::from(date.month()), date.day());
            assert_eq!(civil_from_days(days), (y, m, d));
            assert_eq!(days_from_civil(y, m, d), days);
            assert_eq!(days_in_month(y, m), date.month().length(date.year()));
            if let Some(next) = date.next_day() {
                date = next;
            }
        }
    }

    #[test]
    fn month_ends_days_and_seconds_stay_in_years_0_to_9999() {
        assert_eq!(Instant::start_of_month_after(2028, 12).unwrap().to_rfc3339(), "2029-01-01T00:00:00Z");
        assert_eq!(Instant::start_of_month_after(2028, 1).unwrap().to_rfc3339(), "2028-02-01T00:00:00Z");
        assert_eq!(Instant::start_of_month_after(9999, 11).unwrap().to_rfc3339(), "9999-12-01T00:00:00Z");
        assert_eq!(Instant::start_of_month_after(9999, 12), None);
        assert_eq!(Instant::start_of_month_after(2028, 13), None);
        let t = Instant::parse("9999-12-30T12:00:00Z").unwrap();
        assert_eq!(t.plus_days(1).unwrap().to_rfc3339(), "9999-12-31T12:00:00Z");
        assert_eq!(t.plus_days(2).unwrap_err().code(), "invalid_time");
        assert_eq!(Instant::parse("0000-01-01T00:00:01Z").unwrap().minus_seconds(5).to_rfc3339(), "0000-01-01T00:00:00Z");
        assert_eq!(Instant::from_unix_seconds(MAX_SECONDS).unwrap().to_rfc3339(), "9999-12-31T23:59:59Z");
        assert_eq!(Instant::from_unix_seconds(MIN_SECONDS).unwrap().to_rfc3339(), "0000-01-01T00:00:00Z");
        assert!(Instant::from_unix_seconds(MAX_SECONDS + 1).is_err() && Instant::from_unix_seconds(MIN_SECONDS - 1).is_err());
        assert_eq!(Instant::from_u32_seconds(u32::MAX).to_rfc3339(), "2106-02-07T06:28:15Z");
    }

    /// What `time` makes of the text, held to the same range (years 0000..=9999 in UTC).
    fn by_time(text: &str) -> Option<(i64, u32)> {
        let t = ::time::OffsetDateTime::parse(text, &::time::format_description::well_known::Rfc3339).ok()?;
        let t = t.checked_to_offset(::time::UtcOffset::UTC).filter(|t| (0..=9999).contains(&t.year()))?;
        Some((t.unix_timestamp(), t.nanosecond()))
    }

    /// Texts near RFC 3339: every field's digits drawn a little beyond its range, the separators
    /// and offsets varied, fractions of any length, and now and then a byte changed.
    fn near_rfc3339() -> impl Strategy<Value = String> {
        let date = (0u32..=9999, 0u32..=13, 0u32..=32);
        let time = (0u32..=25, 0u32..=61, 0u32..=61);
        let fraction = prop::option::of("[0-9]{0,12}");
        let offset = prop_oneof![
            Just("Z".to_string()),
            Just("z".to_string()),
            (prop_oneof![Just('+'), Just('-')], 0u32..=25, 0u32..=61).prop_map(|(s, h, m)| format!("{s}{h:02}:{m:02}")),
        ];
        let separator = prop_oneof![4 => Just('T'), 1 => Just('t'), 1 => Just(' '), 1 => any::<char>()];
        let edit = prop::option::of((any::<prop::sample::Index>(), any::<char>()));
        (date, separator, time, fraction, offset, edit).prop_map(|((y, mo, d), sep, (h, mi, s), fraction, offset, edit)| {
            let fraction = fraction.map(|f| format!(".{f}")).unwrap_or_default();
            let text = format!("{y:04}-{mo:02}-{d:02}{sep}{h:02}:{mi:02}:{s:02}{fraction}{offset}");
            match edit {
                Some((at, c)) => {
                    let mut chars: Vec<char> = text.chars().collect();
                    let i = at.index(chars.len());
                    chars[i] = c;
                    chars.into_iter().collect()
                }
                None => text,
            }
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(20_000))]

        /// The same instants as `time`'s parser, to the nanosecond, and the same refusals; but
        /// for the separator, where `time` takes any byte and crosspay takes `T`, `t` or a space.
        #[test]
        fn parses_as_time_does(text in near_rfc3339()) {
            let ours = Instant::parse(&text).ok().map(|t| (t.seconds, t.nanos));
            let separator_ok = matches!(text.as_bytes().get(10), Some(b'T' | b't' | b' '));
            if separator_ok {
                prop_assert_eq!(ours, by_time(&text), "{}", text);
            } else {
                prop_assert_eq!(ours, None, "{}", text);
            }
            if let Some((seconds, nanos)) = ours {
                let written = Instant { seconds, nanos }.to_rfc3339();
                prop_assert_eq!(Instant::parse(&written).ok(), Some(Instant { seconds, nanos }));
            }
        }

        /// The same text as `time`'s formatter.
        #[test]
        fn writes_as_time_does(seconds in MIN_SECONDS..=MAX_SECONDS, nanos in prop_oneof![Just(0u32), 0u32..1_000_000_000, Just(500_000_000)]) {
            let theirs = ::time::OffsetDateTime::from_unix_timestamp(seconds).unwrap().replace_nanosecond(nanos).unwrap();
            let theirs = theirs.format(&::time::format_description::well_known::Rfc3339).unwrap();
            prop_assert_eq!(Instant { seconds, nanos }.to_rfc3339(), theirs);
        }
    }
}
