//! Calendar arithmetic of the SDK, in one place: proleptic Gregorian dates, day counts since
//! 1970-01-01, and the one name of Getui's time zone, [`CHINA_UTC_OFFSET_SECS`] (UTC+08:00:
//! display windows, statistics dates and the service's clock are China time).
//!
//! Used by the legacy display window ([`DisplayWindow`](crate::DisplayWindow)), the REST v2
//! date checks ([`check_date`](crate::v2::report::check_date)), the statistics dates of
//! `getui-protocol` (which re-exports [`CalendarDate`]) and the mock's clock. Written here
//! rather than taken from a date crate: the SDK needs only these few functions (Howard
//! Hinnant's `days_from_civil`/`civil_from_days`), and the public types stay free of a
//! third-party date type.

use std::fmt;
use std::time::{SystemTime, UNIX_EPOCH};

/// Getui's time zone, China time (UTC+08:00), as an offset from UTC in seconds.
pub const CHINA_UTC_OFFSET_SECS: i32 = 8 * 3600;

/// Whether `year` is a Gregorian leap year.
#[must_use]
pub fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// The number of days of `month` (1..=12) in `year`; 0 for a month outside 1..=12.
#[must_use]
pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`);
/// the date is not checked.
///
/// ```
/// use getui_model::calendar::{civil_from_days, days_from_civil};
/// assert_eq!(days_from_civil(2024, 2, 29), 19_782);
/// assert_eq!(civil_from_days(19_782), (2024, 2, 29));
/// ```
#[must_use]
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let (month, day) = (i64::from(month), i64::from(day));
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Year, month (1..=12) and day of a day count since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`). `days` must be within ±2^40 (far beyond any real date).
#[must_use]
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    // In range by construction: 1..=31 and 1..=12.
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// A Gregorian calendar date.
///
/// ```
/// use getui_model::calendar::CalendarDate;
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
    #[must_use]
    pub fn new(year: u16, month: u8, day: u8) -> Option<Self> {
        let valid = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && u32::from(day) <= days_in_month(i64::from(year), u32::from(month));
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
    #[must_use]
    pub fn from_days_since_epoch(days: i64) -> Option<Self> {
        // Keeps `civil_from_days` within i64 (far beyond years 1..=9999 either way).
        if days.unsigned_abs() > 1 << 40 {
            return None;
        }
        let (year, month, day) = civil_from_days(days);
        Self::new(
            u16::try_from(year).ok()?,
            u8::try_from(month).ok()?,
            u8::try_from(day).ok()?,
        )
    }

    /// Today's date from the system clock, at the given offset from UTC in seconds
    /// ([`CHINA_UTC_OFFSET_SECS`] for China time).
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
        assert_eq!(CalendarDate::from_days_since_epoch(i64::MIN), None);
        // The two directions agree over years 1..=9999.
        let first = days_from_civil(1, 1, 1);
        let last = days_from_civil(9999, 12, 31);
        for days in (first..=last).step_by(97) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
            assert!(d >= 1 && d <= days_in_month(y, m));
        }
        assert_eq!(civil_from_days(19_311), (2022, 11, 15));
        assert_eq!(civil_from_days(19_783), (2024, 3, 1));
    }

    #[test]
    fn today_is_plausible() {
        let today = CalendarDate::today(CHINA_UTC_OFFSET_SECS);
        assert!(today >= CalendarDate::new(2024, 1, 1).unwrap());
    }
}
