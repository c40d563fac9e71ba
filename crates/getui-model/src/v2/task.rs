//! Tasks and push answers: the `data` of the push endpoints (M1–M12) and of the task
//! endpoints (T2, T4).
//!
//! Maps keyed by task ids, cids and aliases are [`BTreeMap`]s. Every struct ignores unknown
//! fields; millisecond timestamps are read leniently (a JSON integer or a string of digits).

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use super::report::lenient;

/// How a push was delivered to one cid (`successed_offline`, `successed_online`,
/// `successed_ignore`; the docs spell it "successed").
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum DeliveryStatus {
    /// `successed_offline`: the cid was offline; sent later or through the vendor channel.
    SuccessedOffline,
    /// `successed_online`: delivered to the online cid.
    SuccessedOnline,
    /// `successed_ignore`: inactive for 90 days, not sent.
    SuccessedIgnore,
    /// Any other value, verbatim.
    Other(String),
}

impl DeliveryStatus {
    /// The status text as the server sends it.
    pub fn as_str(&self) -> &str {
        match self {
            DeliveryStatus::SuccessedOffline => "successed_offline",
            DeliveryStatus::SuccessedOnline => "successed_online",
            DeliveryStatus::SuccessedIgnore => "successed_ignore",
            DeliveryStatus::Other(text) => text,
        }
    }
}

impl From<&str> for DeliveryStatus {
    fn from(text: &str) -> Self {
        match text {
            "successed_offline" => DeliveryStatus::SuccessedOffline,
            "successed_online" => DeliveryStatus::SuccessedOnline,
            "successed_ignore" => DeliveryStatus::SuccessedIgnore,
            other => DeliveryStatus::Other(other.to_owned()),
        }
    }
}

impl fmt::Display for DeliveryStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for DeliveryStatus {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for DeliveryStatus {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = DeliveryStatus;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a delivery status string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<DeliveryStatus, E> {
                Ok(DeliveryStatus::from(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<DeliveryStatus, E> {
                Ok(DeliveryStatus::Other(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<DeliveryStatus, E> {
                Ok(DeliveryStatus::Other(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<DeliveryStatus, E> {
                Ok(DeliveryStatus::Other(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// The answer of the single, batch and list pushes (M1–M4, M6, M7 without detail, M11,
/// M12): task id → cid → delivery status. Empty for an asynchronous push (no `data`).
///
/// ```
/// use getui_model::v2::task::{DeliveryStatus, PushResult};
/// let r: PushResult = serde_json::from_str(r#"{"RASS_1": {"cid1": "successed_online"}}"#).unwrap();
/// assert_eq!(r["RASS_1"]["cid1"], DeliveryStatus::SuccessedOnline);
/// ```
pub type PushResult = BTreeMap<String, BTreeMap<String, DeliveryStatus>>;

/// The answer of M7 with `need_alias_detail`: task id → alias → cid → delivery status.
pub type AliasDetailPushResult =
    BTreeMap<String, BTreeMap<String, BTreeMap<String, DeliveryStatus>>>;

/// The answer of the pushes that create a task (M5, M8, M9, M10): `{"taskid": "…"}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TaskId {
    /// `taskid`: the created task (`RASL_…` for a list message, `RASA_…` for an app push).
    pub taskid: String,
}

impl TaskId {
    /// A task id.
    pub fn new(taskid: impl Into<String>) -> Self {
        Self {
            taskid: taskid.into(),
        }
    }
}

/// The state of one scheduled task (T2). The service names the state `status` (docs) or
/// `send_result` (J2 ≥ 1.0.7.0): both are kept.
///
/// ```
/// use getui_model::v2::task::ScheduleTasks;
/// let t: ScheduleTasks = serde_json::from_str(r#"{"RASA_1": {"create_time": "1600000000000",
///     "send_result": "send_success", "push_time": 1600000600000, "x": 1}}"#).unwrap();
/// assert_eq!(t["RASA_1"].create_time, Some(1_600_000_000_000));
/// assert_eq!(t["RASA_1"].state(), Some("send_success"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct ScheduleTask {
    /// `create_time`: creation time, epoch milliseconds.
    #[serde(
        default,
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub create_time: Option<i64>,
    /// `status`: `success` | `failed` (docs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// `send_result`: `send_success` | `do_not_send` | `send_failed` | `has_delete` (J2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub send_result: Option<String>,
    /// `transmission_content`: the message's pass-through content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transmission_content: Option<String>,
    /// `push_time`: the scheduled time, epoch milliseconds.
    #[serde(
        default,
        deserialize_with = "lenient::opt_i64",
        skip_serializing_if = "Option::is_none"
    )]
    pub push_time: Option<i64>,
}

impl ScheduleTask {
    /// The state, whichever key carried it (`send_result` first).
    pub fn state(&self) -> Option<&str> {
        self.send_result.as_deref().or(self.status.as_deref())
    }
}

/// The answer of T2: task id → state.
pub type ScheduleTasks = BTreeMap<String, ScheduleTask>;

/// One event of a message's delivery path (T4).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TaskEvent {
    /// `time`: `yyyy-MM-dd HH:mm:ss`.
    #[serde(default)]
    pub time: String,
    /// `event`: what happened.
    #[serde(default)]
    pub event: String,
}

/// The answer of T4: the delivery path of one cid in one task. The docs' example spells the
/// key `deatil`: both spellings are read.
///
/// ```
/// use getui_model::v2::task::TaskDetail;
/// let d: TaskDetail = serde_json::from_str(r#"{"deatil": [{"time": "2024-01-01 00:00:00", "event": "sent"}]}"#).unwrap();
/// assert_eq!(d.detail[0].event, "sent");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TaskDetail {
    /// `detail` (or `deatil`): the events in order.
    #[serde(default, alias = "deatil")]
    pub detail: Vec<TaskEvent>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip() {
        let r: AliasDetailPushResult =
            serde_json::from_str(r#"{"t": {"a": {"c": "successed_ignore", "d": "weird"}}}"#)
                .unwrap();
        assert_eq!(r["t"]["a"]["c"], DeliveryStatus::SuccessedIgnore);
        assert_eq!(r["t"]["a"]["d"], DeliveryStatus::Other("weird".into()));
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            r#"{"t":{"a":{"c":"successed_ignore","d":"weird"}}}"#
        );
        let t: TaskId = serde_json::from_str(r#"{"taskid": "RASA_1", "more": 1}"#).unwrap();
        assert_eq!(t, TaskId::new("RASA_1"));
    }
}
