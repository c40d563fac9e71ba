//! Push results and statistics (docs/protocol-legacy.md section 7.18).

use getui_model::json_text::ObjectWriter;
use getui_model::ValidationError;
use serde_json::{Map, Value};

use super::{list_hint, open, Action, RequestContext};
use crate::answer::{check, value_as_i64, Answer, ApiError, ApiErrorKind};
use crate::date::{validate_past_date, CalendarDate};

/// The counters of one task (or task group) as the result queries report them.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct PushResult {
    /// `taskId`, when present.
    pub task_id: Option<String>,
    /// `msgTotal`: number of effective deliveries.
    pub msg_total: Option<i64>,
    /// `msgProcess`: number of receipts (acknowledgements).
    pub msg_process: Option<i64>,
    /// Every member of the object the counters were read from (undocumented counters such as
    /// `clickNum` are here).
    pub members: Map<String, Value>,
}

impl PushResult {
    fn from_members(members: Map<String, Value>) -> Self {
        let int = |name: &str| members.get(name).and_then(value_as_i64);
        Self {
            task_id: members
                .get("taskId")
                .and_then(Value::as_str)
                .map(str::to_owned),
            msg_total: int("msgTotal"),
            msg_process: int("msgProcess"),
            members,
        }
    }
}

/// `getPushMsgResult` (official `getPushResult`): the counters of one task.
///
/// Members: `action`, `appkey`, `taskId`. The output's `members` is the whole answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetPushResult {
    task_id: String,
}

impl GetPushResult {
    /// The counters of `task_id`.
    pub fn new(task_id: impl Into<String>) -> Self {
        Self {
            task_id: task_id.into(),
        }
    }
}

impl Action for GetPushResult {
    const NAME: &'static str = "getPushMsgResult";
    type Output = PushResult;

    fn write_members(&self, ctx: &RequestContext<'_>, obj: &mut ObjectWriter<'_>) {
        open::<Self>(ctx, obj);
        obj.str("taskId", &self.task_id);
    }

    fn parse(answer: Answer) -> Result<PushResult, ApiError> {
        let answer = check::success(Self::NAME, answer)?;
        Ok(PushResult::from_members(answer.into_members()))
    }
}

/// `getPushMsgResultByTaskidList` (official `getPushResultByTaskidList`,
/// `getPushActionResultByTaskids`): the counters of several tasks, optionally per
/// action-chain step.
///
/// Members: `action`, `appkey`, `taskIdList`, `actionIdList` (`null` unless action ids are
/// given).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetPushResultByTaskIdList {
    task_ids: Vec<String>,
    action_ids: Option<Vec<String>>,
}

impl GetPushResultByTaskIdList {
    /// The counters of `task_ids` (`actionIdList: null`, official `getPushResultByTaskidList`).
    pub fn new(task_ids: impl IntoIterator<Item = impl Into<String>>) -> Self {
        Self {
            task_ids: task_ids.into_iter().map(Into::into).collect(),
            action_ids: None,
        }
    }

    /// The counters of `task_ids` for the action-chain steps `action_ids` such as `"10010"`
    /// (official `getPushActionResultByTaskids`).
    pub fn with_action_ids(
        task_ids: impl IntoIterator<Item = impl Into<String>>,
        action_ids: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        Self {
            task_ids: task_ids.into_iter().map(Into::into).collect(),
            action_ids: Some(action_ids.into_iter().map(Into::into).collect()),
        }
    }
}

/// The output of [`GetPushResultByTaskIdList`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct PushResults {
    /// One entry per object of the `data` array (empty when absent).
    pub items: Vec<PushResult>,
    /// The whole answer.
    pub answer: Answer,
}

impl Action for GetPushResultByTaskIdList {
    const NAME: &'static str = "getPushMsgResultByTaskidList";
    type Output = PushResults;

    fn write_members(&self, ctx: &RequestContext<'_>, obj: &mut ObjectWriter<'_>) {
        open::<Self>(ctx, obj);
        obj.str_list("taskIdList", &self.task_ids);
        match &self.action_ids {
            Some(ids) => obj.str_list("actionIdList", ids),
            None => obj.raw("actionIdList", "null"),
        };
    }

    fn size_hint(&self) -> usize {
        192 + list_hint(&self.task_ids) + self.action_ids.as_deref().map_or(4, list_hint)
    }

    fn parse(answer: Answer) -> Result<PushResults, ApiError> {
        let answer = check::success(Self::NAME, answer)?;
        let items = match answer.get("data") {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(Value::as_object)
                .map(|obj| PushResult::from_members(obj.clone()))
                .collect(),
            _ => Vec::new(),
        };
        Ok(PushResults { items, answer })
    }
}

/// `getPushResultByGroupName` (official `getPushResultByGroupName`): the counters of a task
/// group (see `taskGroupName` of list and app pushes).
///
/// Members: `action`, `appkey`, `appId`, `groupName`. The output's `members` is the whole
/// answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetPushResultByGroupName {
    app_id: String,
    group_name: String,
}

impl GetPushResultByGroupName {
    /// The counters of `group_name`.
    pub fn new(app_id: impl Into<String>, group_name: impl Into<String>) -> Self {
        Self {
            app_id: app_id.into(),
            group_name: group_name.into(),
        }
    }
}

impl Action for GetPushResultByGroupName {
    const NAME: &'static str = "getPushResultByGroupName";
    type Output = PushResult;

    fn write_members(&self, ctx: &RequestContext<'_>, obj: &mut ObjectWriter<'_>) {
        open::<Self>(ctx, obj);
        obj.str("appId", &self.app_id)
            .str("groupName", &self.group_name);
    }

    fn parse(answer: Answer) -> Result<PushResult, ApiError> {
        let answer = check::success(Self::NAME, answer)?;
        Ok(PushResult::from_members(answer.into_members()))
    }
}

/// `getLast24HoursOnlineUser` (official `getLast24HoursOnlineUserStatistics`): online users
/// over the last 24 hours.
///
/// Members: `action`, `appkey`, `appId`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetLast24HoursOnlineUser {
    app_id: String,
}

impl GetLast24HoursOnlineUser {
    /// The statistics of `app_id`.
    pub fn new(app_id: impl Into<String>) -> Self {
        Self {
            app_id: app_id.into(),
        }
    }
}

/// The output of [`GetLast24HoursOnlineUser`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct OnlineUserStatistics {
    /// `(epoch ms, online users)` read from the `onlineStatics` object (`{"<ms>": count}`, the
    /// shape seen; entries that are not of that form are skipped), sorted by time.
    pub online: Vec<(i64, i64)>,
    /// The whole answer.
    pub answer: Answer,
}

impl Action for GetLast24HoursOnlineUser {
    const NAME: &'static str = "getLast24HoursOnlineUser";
    type Output = OnlineUserStatistics;

    fn write_members(&self, ctx: &RequestContext<'_>, obj: &mut ObjectWriter<'_>) {
        open::<Self>(ctx, obj);
        obj.str("appId", &self.app_id);
    }

    fn parse(answer: Answer) -> Result<OnlineUserStatistics, ApiError> {
        let answer = check::success(Self::NAME, answer)?;
        let mut online: Vec<(i64, i64)> = match answer.get("onlineStatics") {
            Some(Value::Object(map)) => map
                .iter()
                .filter_map(|(k, v)| Some((k.trim().parse().ok()?, value_as_i64(v)?)))
                .collect(),
            _ => Vec::new(),
        };
        // The order of a JSON object's members is not kept without serde_json's
        // `preserve_order`, and numbers as text do not sort by value: sort by time.
        online.sort_by_key(|&(ms, _)| ms);
        Ok(OnlineUserStatistics { online, answer })
    }
}

/// The `data` object of a statistics answer, or a `Malformed` error naming `data`.
fn data_object(action: &'static str, answer: &Answer) -> Result<Map<String, Value>, ApiError> {
    match answer.get("data") {
        Some(Value::Object(map)) => Ok(map.clone()),
        _ => Err(ApiError::new(
            action,
            ApiErrorKind::Malformed { member: "data" },
            answer.clone(),
        )),
    }
}

macro_rules! date_query {
    ($(#[$doc:meta])* $name:ident, $action:literal, $output:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name {
            app_id: String,
            date: String,
        }

        impl $name {
            /// The statistics of `app_id` for `date` (`yyyyMMdd`).
            ///
            /// `date` must be a real calendar date and not after `today` (the official SDKs
            /// reject a date whose first instant is not yet past with `DateError|<date>`);
            /// otherwise a [`ValidationError`] on `date`. Pass
            /// [`CalendarDate::today`]`(`[`CHINA_UTC_OFFSET_SECS`](crate::date::CHINA_UTC_OFFSET_SECS)`)` for China time.
            pub fn new(
                app_id: impl Into<String>,
                date: impl Into<String>,
                today: CalendarDate,
            ) -> Result<Self, ValidationError> {
                let date = date.into();
                validate_past_date(&date, today)?;
                Ok(Self {
                    app_id: app_id.into(),
                    date,
                })
            }
        }

        impl Action for $name {
            const NAME: &'static str = $action;
            type Output = $output;

            fn write_members(&self, ctx: &RequestContext<'_>, obj: &mut ObjectWriter<'_>) {
                open::<Self>(ctx, obj);
                obj.str("appId", &self.app_id).str("date", &self.date);
            }

            /// Success with a `data` object; without one, `Malformed { member: "data" }`.
            fn parse(answer: Answer) -> Result<$output, ApiError> {
                let answer = check::success(Self::NAME, answer)?;
                let data = data_object(Self::NAME, &answer)?;
                Ok($output::from_data(data, answer))
            }
        }
    };
}

date_query!(
    /// `queryAppPushData` (official `queryAppPushDataByDate`): push counters of one day.
    ///
    /// Members: `action`, `appkey`, `appId`, `date`.
    ///
    /// ```
    /// use getui_protocol::action::QueryAppPushData;
    /// use getui_protocol::date::CalendarDate;
    /// let today = CalendarDate::new(2024, 3, 1).unwrap();
    /// assert!(QueryAppPushData::new("A", "20240229", today).is_ok());
    /// assert!(QueryAppPushData::new("A", "20230229", today).is_err()); // not a date
    /// assert!(QueryAppPushData::new("A", "20240302", today).is_err()); // future
    /// ```
    QueryAppPushData,
    "queryAppPushData",
    AppPushData
);

date_query!(
    /// `queryAppUserData` (official `queryAppUserDataByDate`): user counters of one day.
    ///
    /// Members: `action`, `appkey`, `appId`, `date`.
    QueryAppUserData,
    "queryAppUserData",
    AppUserData
);

/// The output of [`QueryAppPushData`]: the documented members of `data`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct AppPushData {
    /// `sendCount`.
    pub send_count: Option<i64>,
    /// `sendOnlineCount`.
    pub send_online_count: Option<i64>,
    /// `receiveCount`.
    pub receive_count: Option<i64>,
    /// `showCount`.
    pub show_count: Option<i64>,
    /// `clickCount`.
    pub click_count: Option<i64>,
    /// The whole `data` object (`appId`, `date`, and undocumented members such as `GT`).
    pub data: Map<String, Value>,
    /// The whole answer.
    pub answer: Answer,
}

impl AppPushData {
    fn from_data(data: Map<String, Value>, answer: Answer) -> Self {
        let int = |name: &str| data.get(name).and_then(value_as_i64);
        Self {
            send_count: int("sendCount"),
            send_online_count: int("sendOnlineCount"),
            receive_count: int("receiveCount"),
            show_count: int("showCount"),
            click_count: int("clickCount"),
            data,
            answer,
        }
    }
}

/// The output of [`QueryAppUserData`]: the documented members of `data`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct AppUserData {
    /// `newRegistCount`.
    pub new_regist_count: Option<i64>,
    /// `registTotalCount`.
    pub regist_total_count: Option<i64>,
    /// `activeCount`.
    pub active_count: Option<i64>,
    /// `onlineCount`.
    pub online_count: Option<i64>,
    /// The whole `data` object.
    pub data: Map<String, Value>,
    /// The whole answer.
    pub answer: Answer,
}

impl AppUserData {
    fn from_data(data: Map<String, Value>, answer: Answer) -> Self {
        let int = |name: &str| data.get(name).and_then(value_as_i64);
        Self {
            new_regist_count: int("newRegistCount"),
            regist_total_count: int("registTotalCount"),
            active_count: int("activeCount"),
            online_count: int("onlineCount"),
            data,
            answer,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answer::AnswerLimits;

    fn answer(text: &str) -> Answer {
        Answer::parse(text.as_bytes(), &AnswerLimits::default()).unwrap()
    }

    #[test]
    fn push_data() {
        let out = QueryAppPushData::parse(answer(
            r#"{"result": "ok", "data": {"appId": "A", "date": "20240229", "sendCount": 100, "sendOnlineCount": "7", "receiveCount": 90, "showCount": 80, "clickCount": 5, "GT": "{}"}}"#,
        ))
        .unwrap();
        assert_eq!(out.send_count, Some(100));
        assert_eq!(out.send_online_count, Some(7));
        assert_eq!(out.click_count, Some(5));
        assert_eq!(out.data.get("GT"), Some(&Value::String("{}".into())));
        let err = QueryAppPushData::parse(answer(r#"{"result": "ok"}"#)).unwrap_err();
        assert_eq!(err.kind(), ApiErrorKind::Malformed { member: "data" });
    }

    #[test]
    fn user_data() {
        let out = QueryAppUserData::parse(answer(
            r#"{"result": "ok", "data": {"newRegistCount": 1, "registTotalCount": 2, "activeCount": 3, "onlineCount": 4}}"#,
        ))
        .unwrap();
        assert_eq!(
            (
                out.new_regist_count,
                out.regist_total_count,
                out.active_count,
                out.online_count
            ),
            (Some(1), Some(2), Some(3), Some(4))
        );
    }

    #[test]
    fn push_results() {
        let one = GetPushResult::parse(answer(
            r#"{"result": "ok", "taskId": "T", "msgTotal": 100, "msgProcess": 90, "clickNum": 3}"#,
        ))
        .unwrap();
        assert_eq!(one.task_id.as_deref(), Some("T"));
        assert_eq!((one.msg_total, one.msg_process), (Some(100), Some(90)));
        assert_eq!(one.members.get("clickNum"), Some(&Value::from(3)));
        let many = GetPushResultByTaskIdList::parse(answer(
            r#"{"result": "ok", "data": [{"taskId": "t1", "msgTotal": 1}, 5, {"taskId": "t2"}]}"#,
        ))
        .unwrap();
        assert_eq!(many.items.len(), 2);
        assert_eq!(many.items[1].task_id.as_deref(), Some("t2"));
        assert!(GetPushResult::parse(answer(r#"{"result": "NullMsgCommon"}"#)).is_err());
    }

    #[test]
    fn online_statistics() {
        let out = GetLast24HoursOnlineUser::parse(answer(
            r#"{"result": "ok", "onlineStatics": {"1700000360000": "12", "x": 1, "999": 3, "1700000000000": 10}}"#,
        ))
        .unwrap();
        assert_eq!(
            out.online,
            [(999, 3), (1_700_000_000_000, 10), (1_700_000_360_000, 12)]
        );
    }
}
