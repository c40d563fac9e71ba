//! S1–S7: push and user statistics.

use getui_model::v2::report::{
    check_date, OnlineUsers, PushCountData, PushReport, ReportQuery, UserStatsByDate,
};
use getui_model::{Rule, ValidationError};

use super::{check_list, check_required, parse_data_or_default, wire_action, Wire};
use crate::v2::path::{push_list_segment, push_query_list, push_query_pair, push_segment};

/// The most task ids of S1 and S3 (`一次最多传200个`).
pub const TASK_IDS_MAX: usize = 200;

/// Which [`ReportQuery`] parameters an endpoint takes.
#[derive(Clone, Copy)]
struct Allowed {
    action_ids: bool,
    brand: bool,
    dates: bool,
}

fn write_query(query: &ReportQuery, allowed: Allowed) -> Result<String, ValidationError> {
    query.validate()?;
    let refuse = |field: &'static str| {
        Err(ValidationError::new(
            field,
            Rule::Constraint("this endpoint does not take this query parameter"),
        ))
    };
    let mut out = String::new();
    if let Some(ids) = &query.action_id_list {
        if !allowed.action_ids {
            return refuse("actionIdList");
        }
        push_query_list(&mut out, "actionIdList", ids);
    }
    if let Some(brand) = query.need_getui_by_brand {
        if !allowed.brand {
            return refuse("needGetuiByBrand");
        }
        push_query_pair(
            &mut out,
            "needGetuiByBrand",
            if brand { "true" } else { "false" },
        );
    }
    for (name, value) in [
        ("startDate", &query.start_date),
        ("endDate", &query.end_date),
    ] {
        if let Some(value) = value {
            if !allowed.dates {
                return refuse(name);
            }
            push_query_pair(&mut out, name, value);
        }
    }
    Ok(out)
}

/// S1 `GET /report/push/task/{taskids}`: push results of list and app tasks (at most 200;
/// task ids are opaque, not filtered by prefix); optional `actionIdList`,
/// `needGetuiByBrand`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryPushResultByTaskIds {
    wire: Wire,
}

impl QueryPushResultByTaskIds {
    /// Queries `task_ids` (1–200, non-empty, without `,`).
    pub fn new(task_ids: &[impl AsRef<str>]) -> Result<Self, ValidationError> {
        Self::with_query(task_ids, &ReportQuery::new())
    }

    /// Queries `task_ids` with `actionIdList` / `needGetuiByBrand` (other parameters are
    /// refused).
    pub fn with_query(
        task_ids: &[impl AsRef<str>],
        query: &ReportQuery,
    ) -> Result<Self, ValidationError> {
        check_list("taskids", task_ids, TASK_IDS_MAX, true)?;
        let query = write_query(
            query,
            Allowed {
                action_ids: true,
                brand: true,
                dates: false,
            },
        )?;
        let mut path = String::from("/report/push/task");
        push_list_segment(&mut path, task_ids);
        Ok(Self {
            wire: Wire::new(path).with_query(query),
        })
    }
}

wire_action!(
    QueryPushResultByTaskIds,
    "queryPushResultByTaskIds",
    Get,
    "GET /report/push/task/{taskids}",
    PushReport,
    parse_data_or_default
);

/// S2 `GET /report/push/task_group/{group_name}`: push results of a task group; optional
/// `needGetuiByBrand`, `startDate`, `endDate`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryPushResultByGroupName {
    wire: Wire,
}

impl QueryPushResultByGroupName {
    /// Queries `group_name` (any non-empty name, escaped as one segment).
    pub fn new(group_name: &str) -> Result<Self, ValidationError> {
        Self::with_query(group_name, &ReportQuery::new())
    }

    /// Queries `group_name` with `needGetuiByBrand`, `startDate`, `endDate` (`actionIdList`
    /// is refused).
    pub fn with_query(group_name: &str, query: &ReportQuery) -> Result<Self, ValidationError> {
        check_required("group_name", group_name)?;
        let query = write_query(
            query,
            Allowed {
                action_ids: false,
                brand: true,
                dates: true,
            },
        )?;
        let mut path = String::from("/report/push/task_group");
        push_segment(&mut path, group_name);
        Ok(Self {
            wire: Wire::new(path).with_query(query),
        })
    }
}

wire_action!(
    QueryPushResultByGroupName,
    "queryPushResultByGroupName",
    Get,
    "GET /report/push/task_group/{group_name}",
    PushReport,
    parse_data_or_default
);

/// S3 `GET /report/push/task/{taskids}/detail`: real-time results with loss details (needs
/// permission).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryPushTaskDetailData {
    wire: Wire,
}

impl QueryPushTaskDetailData {
    /// Queries `task_ids` (1–200, non-empty, without `,`).
    pub fn new(task_ids: &[impl AsRef<str>]) -> Result<Self, ValidationError> {
        check_list("taskids", task_ids, TASK_IDS_MAX, true)?;
        let mut path = String::from("/report/push/task");
        push_list_segment(&mut path, task_ids);
        path.push_str("/detail");
        Ok(Self {
            wire: Wire::new(path),
        })
    }
}

wire_action!(
    QueryPushTaskDetailData,
    "queryPushTaskDetailData",
    Get,
    "GET /report/push/task/{taskids}/detail",
    PushReport,
    parse_data_or_default
);

/// S4 `GET /report/push/date/{date}`: push results of one day (not today); optional
/// `needGetuiByBrand`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryPushResultByDate {
    wire: Wire,
}

impl QueryPushResultByDate {
    /// Queries `date` (`yyyy-MM-dd`).
    pub fn new(date: &str) -> Result<Self, ValidationError> {
        Self::with_query(date, &ReportQuery::new())
    }

    /// Queries `date` with `needGetuiByBrand` (other parameters are refused).
    pub fn with_query(date: &str, query: &ReportQuery) -> Result<Self, ValidationError> {
        check_date("date", date)?;
        let query = write_query(
            query,
            Allowed {
                action_ids: false,
                brand: true,
                dates: false,
            },
        )?;
        let mut path = String::from("/report/push/date");
        push_segment(&mut path, date);
        Ok(Self {
            wire: Wire::new(path).with_query(query),
        })
    }
}

wire_action!(
    QueryPushResultByDate,
    "queryPushResultByDate",
    Get,
    "GET /report/push/date/{date}",
    PushReport,
    parse_data_or_default
);

/// S5 `GET /report/push/count`: today's vendor quotas (rate-limited by the service).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryPushCountData {
    wire: Wire,
}

impl QueryPushCountData {
    /// The query (no parameter).
    pub fn new() -> Self {
        Self {
            wire: Wire::new("/report/push/count".into()),
        }
    }
}

impl Default for QueryPushCountData {
    fn default() -> Self {
        Self::new()
    }
}

wire_action!(
    QueryPushCountData,
    "queryPushCountData",
    Get,
    "GET /report/push/count",
    PushCountData,
    parse_data_or_default
);

/// S6 `GET /report/user/date/{date}`: user statistics of one day (not today).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryUserDataByDate {
    wire: Wire,
}

impl QueryUserDataByDate {
    /// Queries `date` (`yyyy-MM-dd`).
    pub fn new(date: &str) -> Result<Self, ValidationError> {
        check_date("date", date)?;
        let mut path = String::from("/report/user/date");
        push_segment(&mut path, date);
        Ok(Self {
            wire: Wire::new(path),
        })
    }
}

wire_action!(
    QueryUserDataByDate,
    "queryUserDataByDate",
    Get,
    "GET /report/user/date/{date}",
    UserStatsByDate,
    parse_data_or_default
);

/// S7 `GET /report/online_user`: online users over the last 24 hours.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryOnlineUserData {
    wire: Wire,
}

impl QueryOnlineUserData {
    /// The query (no parameter).
    pub fn new() -> Self {
        Self {
            wire: Wire::new("/report/online_user".into()),
        }
    }
}

impl Default for QueryOnlineUserData {
    fn default() -> Self {
        Self::new()
    }
}

wire_action!(
    QueryOnlineUserData,
    "queryOnlineUserData",
    Get,
    "GET /report/online_user",
    OnlineUsers,
    parse_data_or_default
);
