//! Checks shared by several types.

use crate::{Rule, ValidationError};

/// The pattern the official SDKs apply to Android intents (`Notify.intent`,
/// `StartActivityTemplate.intent`).
pub const INTENT_PATTERN: &str = "^(intent:#Intent;).*(;end)$";

/// The default maximum length of an intent, in characters (`notify_intent_limit`,
/// `StartActivity_Intent_Limit`).
pub const INTENT_MAX_CHARS: usize = 1000;

/// Checks an intent: at most [`INTENT_MAX_CHARS`] characters, then [`INTENT_PATTERN`] with
/// Python `re.match` semantics (`.` does not match a newline, `$` also matches before a final
/// newline). The length is checked first, as the official SDK does.
pub(crate) fn check_intent(field: &'static str, intent: &str) -> Result<(), ValidationError> {
    let chars = intent.chars().count();
    if chars > INTENT_MAX_CHARS {
        return Err(ValidationError::new(
            field,
            Rule::MaxChars {
                max: INTENT_MAX_CHARS,
                actual: chars,
            },
        ));
    }
    if !intent_matches(intent) {
        return Err(ValidationError::new(
            field,
            Rule::Pattern {
                pattern: INTENT_PATTERN,
            },
        ));
    }
    Ok(())
}

fn intent_matches(intent: &str) -> bool {
    let Some(rest) = intent.strip_prefix("intent:#Intent;") else {
        return false;
    };
    let body = rest.strip_suffix('\n').unwrap_or(rest);
    match body.strip_suffix(";end") {
        Some(middle) => !middle.contains('\n'),
        None => false,
    }
}

/// The Android 8 notification channel importance: `0..=4` (PHP SDK 4.1.2.0 rule).
pub(crate) fn check_channel_level(level: i32) -> Result<(), ValidationError> {
    if (0..=4).contains(&level) {
        Ok(())
    } else {
        Err(ValidationError::new(
            "channelLevel",
            Rule::Range {
                min: 0,
                max: 4,
                actual: level.into(),
            },
        ))
    }
}

/// The notification id must not be negative (C# and PHP SDK rule).
pub(crate) fn check_notifyid(notifyid: i32) -> Result<(), ValidationError> {
    if notifyid >= 0 {
        Ok(())
    } else {
        Err(ValidationError::new(
            "notifyid",
            Rule::Range {
                min: 0,
                max: i32::MAX.into(),
                actual: notifyid.into(),
            },
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intent_pattern_follows_python_re_match() {
        for ok in [
            "intent:#Intent;component=a/b;end",
            "intent:#Intent;;end",
            "intent:#Intent;x;end\n",
            "intent:#Intent;中文;end",
        ] {
            assert!(check_intent("intent", ok).is_ok(), "{ok:?}");
        }
        for bad in [
            "",
            "intent:#Intent;end",
            "intent:#Intent;no-end",
            "intent:#Intent;a\nb;end",
            "intent:#Intent;x;end\n\n",
            "xintent:#Intent;x;end",
            "intent:#Intent;x;end ",
        ] {
            let err = check_intent("intent", bad).unwrap_err();
            assert_eq!(err.field(), "intent");
            assert_eq!(
                err.rule(),
                &Rule::Pattern {
                    pattern: INTENT_PATTERN
                },
                "{bad:?}"
            );
        }
    }

    #[test]
    fn intent_length_is_counted_in_characters() {
        let at_limit = format!("intent:#Intent;{};end", "中".repeat(1000 - 19));
        assert_eq!(at_limit.chars().count(), 1000);
        assert!(check_intent("intent", &at_limit).is_ok());
        let over = format!("intent:#Intent;{};end", "中".repeat(1000 - 18));
        assert_eq!(
            check_intent("intent", &over).unwrap_err().rule(),
            &Rule::MaxChars {
                max: 1000,
                actual: 1001
            }
        );
    }

    #[test]
    fn channel_level_is_0_to_4() {
        for ok in 0..=4 {
            assert!(check_channel_level(ok).is_ok());
        }
        for bad in [-1, 5] {
            let err = check_channel_level(bad).unwrap_err();
            assert_eq!(err.field(), "channelLevel");
            assert_eq!(
                err.rule(),
                &Rule::Range {
                    min: 0,
                    max: 4,
                    actual: bad.into()
                }
            );
        }
    }

    #[test]
    fn notifyid_is_not_negative() {
        assert!(check_notifyid(0).is_ok());
        assert!(check_notifyid(i32::MAX).is_ok());
        let err = check_notifyid(-1).unwrap_err();
        assert_eq!(err.field(), "notifyid");
    }
}
