//! Calendar dates of the statistics queries (`queryAppPushData`, `queryAppUserData`).
//!
//! The official SDKs accept a date only when it is a real calendar date written `yyyyMMdd`
//! (Gregorian leap years, year `0000` excluded) and its first instant lies in the past
//! (docs/protocol-legacy.md section 7.18). "Now" is injected as a [`CalendarDate`] so that the check is
//! deterministic; [`CalendarDate::today`] computes it from the system clock for a UTC offset
//! (Getui's statistics are kept in China time: [`CHINA_UTC_OFFSET_SECS`]). The calendar
//! itself lives in [`getui_model::calendar`], re-exported here.

use getui_model::{Rule, ValidationError};

pub use getui_model::calendar::{CalendarDate, CHINA_UTC_OFFSET_SECS};

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
