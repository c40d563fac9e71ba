//! Statistics (`/report/...`, S1–S7): the optional query parameters and the answer types.
//!
//! Report answers are maps keyed by data (task ids, group names, dates, vendors): they are
//! [`BTreeMap`]s, never structs. The per-task entries of S1–S4 mix count objects (`total`,
//! `gt`, `hw`, …), `actionCntMap` and, for S3, `failed_detail`: [`ReportEntry`] keeps the
//! entry as a loose JSON map and offers typed accessors. Numbers the docs call Number are read
//! leniently (a JSON integer or a string of digits).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{Rule, ValidationError};

/// Lenient integer (de)serialisation helpers shared by the v2 answer types.
pub(crate) mod lenient {
    use std::fmt;

    use serde::de::{self, Deserializer, Visitor};

    struct LenientI64;

    impl Visitor<'_> for LenientI64 {
        type Value = Option<i64>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an integer or a string holding a decimal integer")
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            i64::try_from(v)
                .map(Some)
                .map_err(|_| E::custom(format_args!("{v} is out of the i64 range")))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            if v.fract() == 0.0 && v.abs() < 9.0e18 {
                Ok(Some(v as i64))
            } else {
                Err(E::invalid_value(de::Unexpected::Float(v), &self))
            }
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            let t = v.trim();
            if t.is_empty() {
                return Ok(None);
            }
            t.parse()
                .map(Some)
                .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }

    /// An optional `i64` from a JSON integer, a numeric string, `null` or `""`.
    pub(crate) fn opt_i64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
        d.deserialize_any(LenientI64)
    }

    /// An `i64` from a JSON integer or a numeric string (`null` and `""` read as 0).
    pub(crate) fn i64<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
        Ok(d.deserialize_any(LenientI64)?.unwrap_or(0))
    }

    /// A map of lenient integers.
    pub(crate) fn i64_map<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<std::collections::BTreeMap<String, i64>, D::Error> {
        #[derive(serde::Deserialize)]
        struct Item(#[serde(deserialize_with = "i64")] i64);
        let map: std::collections::BTreeMap<String, Item> = serde::Deserialize::deserialize(d)?;
        Ok(map.into_iter().map(|(k, v)| (k, v.0)).collect())
    }

    /// An optional boolean from `true`/`false`, `"true"`/`"false"`, `0`/`1`.
    pub(crate) fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Option<bool>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a boolean, \"true\"/\"false\" or 0/1")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
                Ok(Some(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Some(v != 0))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Some(v != 0))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                match v.trim() {
                    "true" | "1" => Ok(Some(true)),
                    "false" | "0" => Ok(Some(false)),
                    "" => Ok(None),
                    _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
                }
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
        }
        d.deserialize_any(V)
    }
}

/// The optional query parameters of the push reports (J2 overloads): S1 takes
/// `actionIdList` and `needGetuiByBrand`, S2 takes `needGetuiByBrand`, `startDate` and
/// `endDate`, S4 takes `needGetuiByBrand`. A parameter left `None` is not sent.
///
/// ```
/// use getui_model::v2::report::ReportQuery;
/// let q = ReportQuery::new().need_getui_by_brand(true).start_date("2024-01-01");
/// assert!(q.validate().is_ok());
/// assert!(ReportQuery::new().end_date("2024/01/01").validate().is_err());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ReportQuery {
    /// `actionIdList` (S1 only): custom event ids, sent comma-separated.
    #[serde(
        rename = "actionIdList",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub action_id_list: Option<Vec<String>>,
    /// `needGetuiByBrand` (S1, S2, S4): per-brand report of the Getui channel.
    #[serde(
        rename = "needGetuiByBrand",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub need_getui_by_brand: Option<bool>,
    /// `startDate` (S2 only), `yyyy-MM-dd`.
    #[serde(rename = "startDate", default, skip_serializing_if = "Option::is_none")]
    pub start_date: Option<String>,
    /// `endDate` (S2 only), `yyyy-MM-dd`.
    #[serde(rename = "endDate", default, skip_serializing_if = "Option::is_none")]
    pub end_date: Option<String>,
}

impl ReportQuery {
    /// No parameter.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `actionIdList`.
    #[must_use]
    pub fn action_id_list<S: Into<String>>(mut self, ids: impl IntoIterator<Item = S>) -> Self {
        self.action_id_list = Some(ids.into_iter().map(Into::into).collect());
        self
    }

    /// Sets `needGetuiByBrand`.
    #[must_use]
    pub fn need_getui_by_brand(mut self, value: bool) -> Self {
        self.need_getui_by_brand = Some(value);
        self
    }

    /// Sets `startDate` (`yyyy-MM-dd`).
    #[must_use]
    pub fn start_date(mut self, date: impl Into<String>) -> Self {
        self.start_date = Some(date.into());
        self
    }

    /// Sets `endDate` (`yyyy-MM-dd`).
    #[must_use]
    pub fn end_date(mut self, date: impl Into<String>) -> Self {
        self.end_date = Some(date.into());
        self
    }

    /// Whether no parameter is set.
    pub fn is_empty(&self) -> bool {
        self.action_id_list.is_none()
            && self.need_getui_by_brand.is_none()
            && self.start_date.is_none()
            && self.end_date.is_none()
    }

    /// Checks the dates (`yyyy-MM-dd`, a real calendar date) and the action ids (a non-empty
    /// list of non-empty ids without `,`). Which parameters an endpoint takes is checked by
    /// the endpoint's action.
    pub fn validate(&self) -> Result<(), ValidationError> {
        if let Some(ids) = &self.action_id_list {
            if ids.is_empty() {
                return Err(ValidationError::new(
                    "actionIdList",
                    Rule::MinItems { min: 1, actual: 0 },
                ));
            }
            for id in ids {
                if id.is_empty() {
                    return Err(ValidationError::new("actionIdList", Rule::Required));
                }
                if id.contains(',') {
                    return Err(ValidationError::new(
                        "actionIdList",
                        Rule::Constraint("an item must not contain `,`"),
                    ));
                }
            }
        }
        if let Some(date) = &self.start_date {
            check_date("startDate", date)?;
        }
        if let Some(date) = &self.end_date {
            check_date("endDate", date)?;
        }
        Ok(())
    }
}

/// Checks a `yyyy-MM-dd` date: four-digit year (not `0000`), a month 01–12 and a day that
/// exists in that month (Gregorian leap years).
///
/// ```
/// use getui_model::v2::report::check_date;
/// assert!(check_date("date", "2024-02-29").is_ok());
/// assert!(check_date("date", "2023-02-29").is_err());
/// assert!(check_date("date", "2020/11/30").is_err());
/// ```
pub fn check_date(field: &'static str, date: &str) -> Result<(), ValidationError> {
    let err = || {
        ValidationError::new(
            field,
            Rule::Format {
                expected: "yyyy-MM-dd",
            },
        )
    };
    let b = date.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return Err(err());
    }
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    let (Some(y), Some(m), Some(d)) = (digits(0..4), digits(5..7), digits(8..10)) else {
        return Err(err());
    };
    let days = crate::calendar::days_in_month(i64::from(y), m);
    if y == 0 || d == 0 || d > days {
        return Err(err());
    }
    Ok(())
}

/// Push counts of one channel (or `total`) in a push report (S1–S4). Every count is optional:
/// the keys differ between endpoints (S4 has no `msg_num`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Counts {
    /// `msg_num`: messages sent.
    #[serde(
        default,
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub msg_num: Option<i64>,
    /// `target_num`: targets.
    #[serde(
        default,
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub target_num: Option<i64>,
    /// `receive_num`: arrived.
    #[serde(
        default,
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub receive_num: Option<i64>,
    /// `display_num`: displayed.
    #[serde(
        default,
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub display_num: Option<i64>,
    /// `click_num`: clicked.
    #[serde(
        default,
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub click_num: Option<i64>,
}

/// The key of the custom event counts in a report entry.
pub const ACTION_COUNT_KEY: &str = "actionCntMap";
/// The key of the loss details in an S3 report entry.
pub const FAILED_DETAIL_KEY: &str = "failed_detail";
/// The key of the totals in a report entry.
pub const TOTAL_KEY: &str = "total";

/// Loss details of S3: stage (`ts`, `rs`, `sf`, `fd`) → channel → category → reason → count.
pub type FailedDetail = BTreeMap<String, BTreeMap<String, BTreeMap<String, BTreeMap<String, i64>>>>;

/// One entry of a push report (one task id, group name or date): the raw JSON members with
/// typed accessors.
///
/// ```
/// use getui_model::v2::report::PushReport;
/// let r: PushReport = serde_json::from_str(r#"{"RASL_1": {"total": {"msg_num": "3", "click_num": 1},
///     "gt": {"target_num": 2}, "actionCntMap": {"101": 4}}}"#).unwrap();
/// let e = &r["RASL_1"];
/// assert_eq!(e.total().unwrap().msg_num, Some(3));
/// assert_eq!(e.channel("gt").unwrap().target_num, Some(2));
/// assert_eq!(e.action_counts().unwrap()["101"], 4);
/// assert_eq!(e.channel_names().collect::<Vec<_>>(), ["gt"]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct ReportEntry(pub serde_json::Map<String, Value>);

impl ReportEntry {
    /// The `total` counts, when present and well-formed.
    pub fn total(&self) -> Option<Counts> {
        self.channel(TOTAL_KEY)
    }

    /// The counts under a channel key (`gt`, `ios`, `apn`, `hw`, `xm`, …), when present and
    /// well-formed.
    pub fn channel(&self, key: &str) -> Option<Counts> {
        self.0
            .get(key)
            .and_then(|v| serde_json::from_value(v.clone()).ok())
    }

    /// The keys holding channel counts: every key but `total`, `actionCntMap` and
    /// `failed_detail`.
    pub fn channel_names(&self) -> impl Iterator<Item = &str> {
        self.0
            .keys()
            .map(String::as_str)
            .filter(|k| ![TOTAL_KEY, ACTION_COUNT_KEY, FAILED_DETAIL_KEY].contains(k))
    }

    /// `actionCntMap`: custom event id → count.
    pub fn action_counts(&self) -> Option<BTreeMap<String, i64>> {
        #[derive(Deserialize)]
        struct W(#[serde(deserialize_with = "lenient::i64_map")] BTreeMap<String, i64>);
        self.0
            .get(ACTION_COUNT_KEY)
            .and_then(|v| serde_json::from_value::<W>(v.clone()).ok())
            .map(|w| w.0)
    }

    /// `failed_detail` (S3), when present and well-formed.
    pub fn failed_detail(&self) -> Option<FailedDetail> {
        fn map<T>(v: &Value, f: impl Fn(&Value) -> Option<T>) -> Option<BTreeMap<String, T>> {
            v.as_object()?
                .iter()
                .map(|(k, v)| Some((k.clone(), f(v)?)))
                .collect()
        }
        let count = |v: &Value| match v {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        };
        map(self.0.get(FAILED_DETAIL_KEY)?, |stage| {
            map(stage, |channel| {
                map(channel, |category| map(category, count))
            })
        })
    }
}

/// The answer of S1 (`{taskid: entry}`), S2 (`{group_name: entry}`), S3 and S4
/// (`{date: entry}`).
pub type PushReport = BTreeMap<String, ReportEntry>;

/// Today's quota of one vendor category (S5).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PushCount {
    /// `total_num`: the quota.
    #[serde(
        default,
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub total_num: Option<i64>,
    /// `remain_num`: what is left.
    #[serde(
        default,
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub remain_num: Option<i64>,
    /// `push_num`: pushed (vivo only).
    #[serde(
        default,
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub push_num: Option<i64>,
    /// `limit`: whether the category is limited.
    #[serde(
        default,
        deserialize_with = "lenient::opt_bool",
        skip_serializing_if = "Option::is_none"
    )]
    pub limit: Option<bool>,
}

/// The answer of S5: vendor (`gt`, `xm`, `op`, `vv`, …) → category → quota.
pub type PushCountData = BTreeMap<String, BTreeMap<String, PushCount>>;

/// User statistics of one day (S6).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UserStats {
    /// `accumulative_num`: users in total.
    #[serde(
        default,
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub accumulative_num: Option<i64>,
    /// `register_num`: new users.
    #[serde(
        default,
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub register_num: Option<i64>,
    /// `active_num`: active users.
    #[serde(
        default,
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub active_num: Option<i64>,
    /// `online_num`: online users.
    #[serde(
        default,
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub online_num: Option<i64>,
}

/// The answer of S6: date (`yyyy-MM-dd`) → statistics.
pub type UserStatsByDate = BTreeMap<String, UserStats>;

/// The answer of S7: online users over the last 24 hours, one point per 10 minutes.
///
/// ```
/// use getui_model::v2::report::OnlineUsers;
/// let o: OnlineUsers = serde_json::from_str(r#"{"online_statics": {"1600000000000": "12", "1600000600000": 13}}"#).unwrap();
/// assert_eq!(o.online_statics["1600000000000"], 12);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct OnlineUsers {
    /// `online_statics` (sic): millisecond timestamp (as a string) → online users.
    #[serde(default, deserialize_with = "lenient::i64_map")]
    pub online_statics: BTreeMap<String, i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lenient_counts_and_unknown_fields() {
        let c: Counts =
            serde_json::from_str(r#"{"msg_num": "7", "target_num": 8, "new_thing": [1]}"#).unwrap();
        assert_eq!(c.msg_num, Some(7));
        assert_eq!(c.target_num, Some(8));
        assert_eq!(c.click_num, None);
        let p: PushCountData = serde_json::from_str(
            r#"{"vv": {"general": {"total_num": "100", "remain_num": 5, "push_num": "1", "limit": true}}}"#,
        )
        .unwrap();
        assert_eq!(p["vv"]["general"].total_num, Some(100));
        assert_eq!(p["vv"]["general"].limit, Some(true));
    }

    #[test]
    fn failed_detail_and_query_validation() {
        let r: PushReport = serde_json::from_str(
            r#"{"t": {"failed_detail": {"ts": {"gt": {"2": {"7001": 1, "total": "1"}}}}}}"#,
        )
        .unwrap();
        assert_eq!(r["t"].failed_detail().unwrap()["ts"]["gt"]["2"]["7001"], 1);
        assert!(ReportQuery::new()
            .action_id_list(Vec::<String>::new())
            .validate()
            .is_err());
        assert!(ReportQuery::new()
            .action_id_list(["a,b"])
            .validate()
            .is_err());
        assert!(ReportQuery::new()
            .start_date("2024-13-01")
            .validate()
            .is_err());
    }
}
