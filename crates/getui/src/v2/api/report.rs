//! Statistics methods (`/report/…`, S1–S7).
//!
//! One list, expanded for both clients by the generators of [`super`].

macro_rules! methods {
    ($gen:ident) => {
        $gen! {
            /// Push results of list and app tasks, at most 200 ids (`GET
            /// /report/push/task/{taskids}`, official `queryPushResultByTaskIds`).
            fn query_push_result_by_task_ids(task_ids: &[String]) -> PushReport
                = action::QueryPushResultByTaskIds::new(task_ids);
                example "# let task = call!(client.push_all(&PushRequest::new().group_name(\"campaign-1\").push_message(PushMessage::transmission(\"x\")))).taskid;\nlet task_ids = &[task];";

            /// [`query_push_result_by_task_ids`](Self::query_push_result_by_task_ids) with
            /// the Java SDK's query options: action ids (`actionIdList`) and per-brand
            /// results (`needGetuiByBrand`) (`queryPushResultByTaskIdsAndActionIds`).
            fn query_push_result_by_task_ids_with(task_ids: &[String], query: &ReportQuery) -> PushReport
                = action::QueryPushResultByTaskIds::with_query(task_ids, query);
                example "# let task = call!(client.push_all(&PushRequest::new().group_name(\"campaign-1\").push_message(PushMessage::transmission(\"x\")))).taskid;\nlet (task_ids, query) = (&[task], &ReportQuery::new().need_getui_by_brand(true));";

            /// Push results of a task group (`GET /report/push/task_group/{group_name}`,
            /// official `queryPushResultByGroupName`).
            fn query_push_result_by_group_name(group_name: &str) -> PushReport
                = action::QueryPushResultByGroupName::new(group_name);
                example "let group_name = \"campaign-1\";";

            /// [`query_push_result_by_group_name`](Self::query_push_result_by_group_name)
            /// with the Java SDK's options (per brand, start and end date).
            fn query_push_result_by_group_name_with(group_name: &str, query: &ReportQuery) -> PushReport
                = action::QueryPushResultByGroupName::with_query(group_name, query);
                example "let (group_name, query) = (\"campaign-1\", &ReportQuery::default());";

            /// Real-time results with loss details (`GET /report/push/task/{taskids}/detail`,
            /// Java SDK `queryPushTaskDetailData`; needs permission).
            fn query_push_task_detail_data(task_ids: &[String]) -> PushReport
                = action::QueryPushTaskDetailData::new(task_ids);
                example "# let task = call!(client.push_all(&PushRequest::new().group_name(\"campaign-1\").push_message(PushMessage::transmission(\"x\")))).taskid;\nlet task_ids = &[task];";

            /// Push results of one past day, `yyyy-MM-dd` (`GET /report/push/date/{date}`,
            /// official `queryPushResultByDate`).
            fn query_push_result_by_date(date: &str) -> PushReport
                = action::QueryPushResultByDate::new(date);
                example "let date = \"2026-12-01\";";

            /// [`query_push_result_by_date`](Self::query_push_result_by_date) with the Java
            /// SDK's per-brand option.
            fn query_push_result_by_date_with(date: &str, query: &ReportQuery) -> PushReport
                = action::QueryPushResultByDate::with_query(date, query);
                example "let (date, query) = (\"2026-12-01\", &ReportQuery::default());";

            /// Today's vendor quotas and what is left (`GET /report/push/count`, Java SDK
            /// `queryPushCountData`).
            fn query_push_count_data() -> PushCountData
                = Ok(action::QueryPushCountData::new());
                example "";

            /// User figures of one past day (`GET /report/user/date/{date}`, official
            /// `queryUserDataByDate`).
            fn query_user_data_by_date(date: &str) -> UserStatsByDate
                = action::QueryUserDataByDate::new(date);
                example "let date = \"2026-12-01\";";

            /// Online users over the last 24 hours (`GET /report/online_user`, official
            /// `queryOnlineUserData`).
            fn query_online_user_data() -> OnlineUsers
                = Ok(action::QueryOnlineUserData::new());
                example "";
        }
    };
}

#[cfg(feature = "async")]
mod async_methods {
    use super::super::checked;
    use crate::error::Result;
    use getui_model::v2::report::{
        OnlineUsers, PushCountData, PushReport, ReportQuery, UserStatsByDate,
    };
    use getui_protocol::v2::action;
    methods!(async_v2_methods);
}

#[cfg(feature = "blocking")]
mod blocking_methods {
    use super::super::checked;
    use crate::error::Result;
    use getui_model::v2::report::{
        OnlineUsers, PushCountData, PushReport, ReportQuery, UserStatsByDate,
    };
    use getui_protocol::v2::action;
    methods!(blocking_v2_methods);
}
