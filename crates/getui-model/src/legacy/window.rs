//! The display window of a message (`setDuration`).

use crate::calendar::{days_from_civil, days_in_month, CHINA_UTC_OFFSET_SECS};
use crate::{Rule, ValidationError};
use serde::{Deserialize, Serialize};

/// The format of the official `setDuration(begin, end)` arguments.
pub const DISPLAY_WINDOW_FORMAT: &str = "yyyy-MM-dd HH:mm:ss";

/// When the device may show the message (`setDuration(begin, end)` of the official SDKs).
///
/// Two serde forms:
/// * `{"begin": "2015-03-06 14:36:10", "end": "2015-03-06 14:46:20"}`: date-times in the
///   official format `yyyy-MM-dd HH:mm:ss`, read as **Beijing time (UTC+08:00)** like the C# and
///   PHP SDKs do (the Python SDK uses the machine's time zone; the golden vectors were recorded
///   with `TZ=CST-8`, which is the same thing);
/// * `{"beginMs": 1425623770000, "endMs": 1425624380000}`: epoch milliseconds.
///
/// The text is parsed by [`validate`](Self::validate) and [`epoch_ms`](Self::epoch_ms), not by
/// serde, so that a malformed date is reported as a [`ValidationError`] naming `begin` or `end`.
///
/// Rules (all SDKs): both instants after the epoch (`> 0` ms), `begin <= end`. The documented
/// "more than 6 minutes" rule is enforced by no SDK and is not enforced here either.
///
/// ```
/// use getui_model::DisplayWindow;
/// let window = DisplayWindow::new("2015-03-06 14:36:10", "2015-03-06 14:46:20");
/// assert_eq!(window.epoch_ms(), Ok((1_425_623_770_000, 1_425_624_380_000)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged, deny_unknown_fields)]
pub enum DisplayWindow {
    /// Beijing-time date-times in the format [`DISPLAY_WINDOW_FORMAT`].
    Local {
        /// Start of the window.
        begin: String,
        /// End of the window.
        end: String,
    },
    /// Epoch milliseconds.
    EpochMs {
        /// Start of the window.
        #[serde(rename = "beginMs")]
        begin_ms: i64,
        /// End of the window.
        #[serde(rename = "endMs")]
        end_ms: i64,
    },
}

impl DisplayWindow {
    /// A window given as two Beijing-time date-times `yyyy-MM-dd HH:mm:ss`.
    pub fn new(begin: impl Into<String>, end: impl Into<String>) -> Self {
        Self::Local {
            begin: begin.into(),
            end: end.into(),
        }
    }

    /// A window given as epoch milliseconds.
    #[must_use]
    pub fn from_epoch_ms(begin_ms: i64, end_ms: i64) -> Self {
        Self::EpochMs { begin_ms, end_ms }
    }

    /// The window as epoch milliseconds `(begin, end)`, validated.
    pub fn epoch_ms(&self) -> Result<(i64, i64), ValidationError> {
        let (begin, end) = match self {
            Self::Local { begin, end } => (
                parse_beijing_ms(begin).ok_or_else(format_error("begin"))?,
                parse_beijing_ms(end).ok_or_else(format_error("end"))?,
            ),
            Self::EpochMs { begin_ms, end_ms } => (*begin_ms, *end_ms),
        };
        for (field, value) in [("begin", begin), ("end", end)] {
            if value <= 0 {
                return Err(ValidationError::new(
                    field,
                    Rule::Range {
                        min: 1,
                        max: i64::MAX,
                        actual: value,
                    },
                ));
            }
        }
        if begin > end {
            return Err(ValidationError::new(
                "begin",
                Rule::Constraint("the window must not begin after it ends"),
            ));
        }
        Ok((begin, end))
    }

    /// Checks the rules listed on the type.
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.epoch_ms().map(|_| ())
    }
}

fn format_error(field: &'static str) -> impl FnOnce() -> ValidationError {
    move || {
        ValidationError::new(
            field,
            Rule::Format {
                expected: DISPLAY_WINDOW_FORMAT,
            },
        )
    }
}

/// Parses `yyyy-MM-dd HH:mm:ss` (the month, day and time fields may have one digit, as Python's
/// `strptime` allows) as Beijing time and returns epoch milliseconds.
fn parse_beijing_ms(text: &str) -> Option<i64> {
    let (date, time) = text.split_once(' ')?;
    let mut date_parts = date.split('-');
    let year = field(date_parts.next()?, 4, 4)?;
    let month = field(date_parts.next()?, 1, 2)?;
    let day = field(date_parts.next()?, 1, 2)?;
    let mut time_parts = time.split(':');
    let hour = field(time_parts.next()?, 1, 2)?;
    let minute = field(time_parts.next()?, 1, 2)?;
    let second = field(time_parts.next()?, 1, 2)?;
    if date_parts.next().is_some() || time_parts.next().is_some() {
        return None;
    }
    if !(1..=12).contains(&month)
        || day < 1
        || day > i64::from(days_in_month(year, month as u32))
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    // Both checked above: month 1..=12, day 1..=31.
    let days = days_from_civil(year, month as u32, day as u32);
    let secs =
        days * 86_400 + hour * 3600 + minute * 60 + second - i64::from(CHINA_UTC_OFFSET_SECS);
    Some(secs * 1000)
}

fn field(text: &str, min_digits: usize, max_digits: usize) -> Option<i64> {
    if !(min_digits..=max_digits).contains(&text.len()) || !text.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_read_as_beijing_time() {
        // Values recorded by the official SDK with TZ=CST-8.
        let w = DisplayWindow::new("2015-03-06 14:36:10", "2015-03-06 14:46:20");
        assert_eq!(w.epoch_ms(), Ok((1_425_623_770_000, 1_425_624_380_000)));
        let w = DisplayWindow::new("2024-02-29 00:00:00", "2024-03-01 00:00:00");
        assert_eq!(w.epoch_ms(), Ok((1_709_136_000_000, 1_709_222_400_000)));
        let w = DisplayWindow::new("2025-1-2 3:4:5", "2025-01-02 03:04:05");
        let (b, e) = w.epoch_ms().unwrap();
        assert_eq!(b, e);
    }

    #[test]
    fn serde_forms() {
        let w: DisplayWindow = serde_json::from_str(
            r#"{"begin": "2015-03-06 14:36:10", "end": "2015-03-06 14:46:20"}"#,
        )
        .unwrap();
        assert_eq!(
            w,
            DisplayWindow::new("2015-03-06 14:36:10", "2015-03-06 14:46:20")
        );
        let w: DisplayWindow = serde_json::from_str(r#"{"beginMs": 1, "endMs": 2}"#).unwrap();
        assert_eq!(w, DisplayWindow::from_epoch_ms(1, 2));
        assert_eq!(
            serde_json::to_string(&w).unwrap(),
            r#"{"beginMs":1,"endMs":2}"#
        );
        assert!(
            serde_json::from_str::<DisplayWindow>(r#"{"begin": "a", "end": "b", "x": 1}"#).is_err()
        );
    }

    #[test]
    fn malformed_text_names_the_field() {
        for (begin, end, field) in [
            ("2025/01/01", "2025-01-02 00:00:00", "begin"),
            ("2025-01-01 00:00:00", "2025/01/02", "end"),
            ("2025-02-29 00:00:00", "2025-03-01 00:00:00", "begin"),
            ("2025-01-01 24:00:00", "2025-03-01 00:00:00", "begin"),
            ("2025-01-01 00:60:00", "2025-03-01 00:00:00", "begin"),
            ("2025-01-01 00:00:60", "2025-03-01 00:00:00", "begin"),
            ("2025-13-01 00:00:00", "2025-03-01 00:00:00", "begin"),
            ("25-01-01 00:00:00", "2025-03-01 00:00:00", "begin"),
            ("2025-01-01T00:00:00", "2025-03-01 00:00:00", "begin"),
            ("2025-01-01 00:00:00:00", "2025-03-01 00:00:00", "begin"),
            ("2025-01-01 00:00:+1", "2025-03-01 00:00:00", "begin"),
        ] {
            let err = DisplayWindow::new(begin, end).validate().unwrap_err();
            assert_eq!(err.field(), field, "{begin} {end}");
            assert_eq!(
                err.rule(),
                &Rule::Format {
                    expected: DISPLAY_WINDOW_FORMAT
                }
            );
        }
    }

    #[test]
    fn begin_must_not_be_after_end() {
        let err = DisplayWindow::new("2025-01-02 00:00:00", "2025-01-01 00:00:00")
            .validate()
            .unwrap_err();
        assert_eq!(err.field(), "begin");
        assert!(matches!(err.rule(), Rule::Constraint(_)));
        assert!(DisplayWindow::from_epoch_ms(5, 5).validate().is_ok());
        assert!(DisplayWindow::from_epoch_ms(6, 5).validate().is_err());
    }

    #[test]
    fn instants_must_be_after_the_epoch() {
        // 1970-01-01 08:00:00 Beijing time is the epoch itself.
        let err = DisplayWindow::new("1970-01-01 08:00:00", "2025-01-01 00:00:00")
            .validate()
            .unwrap_err();
        assert_eq!(err.field(), "begin");
        assert_eq!(
            err.rule(),
            &Rule::Range {
                min: 1,
                max: i64::MAX,
                actual: 0
            }
        );
        let err = DisplayWindow::from_epoch_ms(1, -5).validate().unwrap_err();
        assert_eq!(err.field(), "end");
    }
}
