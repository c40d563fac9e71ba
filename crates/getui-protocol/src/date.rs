//! Calendar dates of the statistics queries (`queryAppPushData`, `queryAppUserData`).
//!
//! The official SDKs accept a date only when it is a real calendar date written `yyyyMMdd`
//! (Gregorian leap years, year `0000` excluded) and its first instant lies in the past
//! (docs/protocol-legacy.md section 7.18). "Now" is injected as a [`CalendarDate`] so that the check is
//! deterministic; [`CalendarDate::today`] computes it from the system clock for a UTC offset
//! (Getui's statistics are kept in China time, UTC+08:00).

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

use getui_model::{Rule, ValidationError};

/// A Gregorian calendar date.
///
/// ```
/// use getui_protocol::date::CalendarDate;
/// let d = CalendarDate::parse_yyyymmdd("20240229").unwrap();
/// assert_eq!((d.year(), d.month(), d.day()), (2024, 2, 29));
/// assert_eq!(d.to_string(), "20240229");
/// assert!(CalendarDate::parse_yyyymmdd("20230229").is_none());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CalendarDate {
    // Field order makes the derived ordering chronological.
    year: u16,
    month: u8,
    day: u8,
}

impl CalendarDate {
    /// A date from its parts; `None` unless it exists (year 1..=9999).
    pub fn new(year: u16, month: u8, day: u8) -> Option<Self> {
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then_some(Self { year, month, day })
    }

    /// Parses exactly eight ASCII digits `yyyyMMdd` naming a real date.
    pub fn parse_yyyymmdd(text: &str) -> Option<Self> {
        let bytes = text.as_bytes();
        if bytes.len() != 8 || !bytes.iter().all(u8::is_ascii_digit) {
            return None;
        }
        let num = |range: std::ops::Range<usize>| {
            bytes[range]
                .iter()
                .fold(0u16, |acc, d| acc * 10 + u16::from(d - b'0'))
        };
        let month = u8::try_from(num(4..6)).ok()?;
        let day = u8::try_from(num(6..8)).ok()?;
        Self::new(num(0..4), month, day)
    }

    /// The date `days` days after 1970-01-01 (negative: before), if within years 1..=9999.
    pub fn from_days_since_epoch(days: i64) -> Option<Self> {
        // Howard Hinnant's civil_from_days.
        let z = days.checked_add(719_468)?;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Self::new(
            u16::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    }

    /// Today's date from the system clock, at the given offset from UTC in seconds
    /// (`8 * 3600` for China time).
    pub fn today(utc_offset_seconds: i32) -> Self {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        let local = now.saturating_add(i64::from(utc_offset_seconds));
        Self::from_days_since_epoch(local.div_euclid(86_400))
            .expect("the system clock is within years 1..=9999")
    }

    /// The year.
    pub fn year(self) -> u16 {
        self.year
    }

    /// The month, 1..=12.
    pub fn month(self) -> u8 {
        self.month
    }

    /// The day of the month, 1..=31.
    pub fn day(self) -> u8 {
        self.day
    }
}

impl fmt::Display for CalendarDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}{:02}{:02}", self.year, self.month, self.day)
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Checks a statistics date: `yyyyMMdd`, a real date, and not after `today` (its first instant
/// is then in the past, the official SDKs' rule). The error names the field `date`.
pub(crate) fn validate_past_date(text: &str, today: CalendarDate) -> Result<(), ValidationError> {
    let date = CalendarDate::parse_yyyymmdd(text).ok_or_else(|| {
        ValidationError::new(
            "date",
            Rule::Format {
                expected: "yyyyMMdd",
            },
        )
    })?;
    if date > today {
        return Err(ValidationError::new(
            "date",
            Rule::Constraint("must not be after today (the date's first instant must be past)"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_real_dates_only() {
        for ok in [
            "20240229", "20000229", "19700101", "99991231", "00010101", "20231231",
        ] {
            assert!(CalendarDate::parse_yyyymmdd(ok).is_some(), "{ok}");
        }
        for bad in [
            "20230229",
            "19000229",
            "20231301",
            "20230001",
            "20230100",
            "20230431",
            "00000101",
            "2023011",
            "202301011",
            "2023-1-1",
            "2023０101",
            "+2023010",
            " 2023010",
            "",
        ] {
            assert!(CalendarDate::parse_yyyymmdd(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn days_since_epoch() {
        assert_eq!(
            CalendarDate::from_days_since_epoch(0),
            CalendarDate::new(1970, 1, 1)
        );
        assert_eq!(
            CalendarDate::from_days_since_epoch(19_782),
            CalendarDate::new(2024, 2, 29)
        );
        assert_eq!(
            CalendarDate::from_days_since_epoch(-1),
            CalendarDate::new(1969, 12, 31)
        );
        assert_eq!(CalendarDate::from_days_since_epoch(i64::MAX), None);
    }

    #[test]
    fn today_is_plausible() {
        let today = CalendarDate::today(8 * 3600);
        assert!(today >= CalendarDate::new(2024, 1, 1).unwrap());
    }

    #[test]
    fn past_date_rule() {
        let today = CalendarDate::new(2024, 3, 1).unwrap();
        assert!(validate_past_date("20240229", today).is_ok());
        assert!(validate_past_date("20240301", today).is_ok());
        let err = validate_past_date("20240302", today).unwrap_err();
        assert_eq!(err.field(), "date");
        assert!(matches!(err.rule(), Rule::Constraint(_)));
        let err = validate_past_date("20230229", today).unwrap_err();
        assert_eq!(
            err.rule(),
            &Rule::Format {
                expected: "yyyyMMdd"
            }
        );
    }
}
