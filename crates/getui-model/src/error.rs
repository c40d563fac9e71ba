//! The validation error: which field broke which rule.

use std::borrow::Cow;
use std::fmt;

/// A value that breaks one of the documented rules of the Getui API.
///
/// Every check the official SDKs make (and the documented limits they forgot) is made before a
/// byte is sent; a failure names the field in the official attribute spelling
/// (`transmissionContent`, `taskGroupName`, `deviceToken`…) and the [`Rule`] it broke.
///
/// ```
/// use getui_model::{Rule, ValidationError};
/// let err = ValidationError::new("taskGroupName", Rule::MaxBytes { max: 40, actual: 41 });
/// assert_eq!(err.field(), "taskGroupName");
/// assert_eq!(err.to_string(), "invalid `taskGroupName`: at most 40 bytes allowed, got 41");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid `{field}`: {rule}")]
pub struct ValidationError {
    field: Cow<'static, str>,
    rule: Rule,
}

impl ValidationError {
    /// A new error for `field` (official attribute name, dotted for nested values such as
    /// `apnInfo.multiMedia`) and the rule it broke.
    pub fn new(field: impl Into<Cow<'static, str>>, rule: Rule) -> Self {
        Self {
            field: field.into(),
            rule,
        }
    }

    /// The offending field, in the official attribute spelling.
    pub fn field(&self) -> &str {
        &self.field
    }

    /// The rule the field broke.
    pub fn rule(&self) -> &Rule {
        &self.rule
    }

    /// The same error with `prefix.` put before the field name (for nested values).
    #[must_use]
    pub fn within(self, prefix: &str) -> Self {
        Self {
            field: Cow::Owned(format!("{prefix}.{}", self.field)),
            rule: self.rule,
        }
    }
}

/// The rule a value broke. Limits carry the limit and the value seen.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Rule {
    /// The value must be given and not be empty (or blank).
    Required,
    /// At most `max` characters (Unicode scalar values).
    MaxChars {
        /// The limit.
        max: usize,
        /// The length seen.
        actual: usize,
    },
    /// At most `max` bytes (UTF-8, or the encoded form where the rule says so).
    MaxBytes {
        /// The limit.
        max: usize,
        /// The length seen.
        actual: usize,
    },
    /// Exactly `expected` characters.
    ExactChars {
        /// The required length.
        expected: usize,
        /// The length seen.
        actual: usize,
    },
    /// At most `max` items in the list.
    MaxItems {
        /// The limit.
        max: usize,
        /// The number seen.
        actual: usize,
    },
    /// At least `min` items in the list.
    MinItems {
        /// The minimum.
        min: usize,
        /// The number seen.
        actual: usize,
    },
    /// A number within `min..=max`.
    Range {
        /// Smallest allowed value.
        min: i64,
        /// Largest allowed value.
        max: i64,
        /// The value seen.
        actual: i64,
    },
    /// The text must match a pattern (a regular expression, as the official SDKs write it).
    Pattern {
        /// The pattern.
        pattern: &'static str,
    },
    /// The text must follow a format, e.g. `yyyy-MM-dd HH:mm:ss` or `yyyyMMdd`.
    Format {
        /// The format expected.
        expected: &'static str,
    },
    /// Any other documented rule, stated in words.
    Constraint(&'static str),
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Rule::Required => f.write_str("a non-empty value is required"),
            Rule::MaxChars { max, actual } => {
                write!(f, "at most {max} characters allowed, got {actual}")
            }
            Rule::MaxBytes { max, actual } => {
                write!(f, "at most {max} bytes allowed, got {actual}")
            }
            Rule::ExactChars { expected, actual } => {
                write!(f, "exactly {expected} characters required, got {actual}")
            }
            Rule::MaxItems { max, actual } => {
                write!(f, "at most {max} items allowed, got {actual}")
            }
            Rule::MinItems { min, actual } => {
                write!(f, "at least {min} items required, got {actual}")
            }
            Rule::Range { min, max, actual } => {
                write!(f, "must be within {min}..={max}, got {actual}")
            }
            Rule::Pattern { pattern } => write!(f, "must match `{pattern}`"),
            Rule::Format { expected } => write!(f, "must have the format `{expected}`"),
            Rule::Constraint(text) => f.write_str(text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_field_names_are_dotted() {
        let err = ValidationError::new("resUrl", Rule::Required).within("multiMedia");
        assert_eq!(err.field(), "multiMedia.resUrl");
        assert_eq!(err.rule(), &Rule::Required);
        assert_eq!(
            err.to_string(),
            "invalid `multiMedia.resUrl`: a non-empty value is required"
        );
    }
}
