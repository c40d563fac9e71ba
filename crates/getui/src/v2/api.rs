//! The named REST v2 methods, written once and expanded for both clients
//! ([`v2::Client`](super::Client) and [`v2::blocking::Client`](super::blocking::Client)), so
//! that the two cannot drift apart.
//!
//! Each entry names the method, its typed arguments, its output, how the protocol action is
//! built (its constructor validates: a refused input sends nothing) and the setup lines of
//! its doc example.

use crate::error::{Error, Result};
use getui_model::ValidationError;
use getui_protocol::v2::action::Action;

/// Turns a constructor's validation failure into an [`Error`] naming the action.
pub(crate) fn checked<A: Action>(action: std::result::Result<A, ValidationError>) -> Result<A> {
    action.map_err(|e| Error::invalid(A::NAME, e))
}

/// Hands the list of v2 methods to the generator `$gen`.
macro_rules! v2_methods {
    ($gen:ident) => {
        $gen! {
            // ----- push ----------------------------------------------------------------

            /// Pushes one message to one cid (`POST /push/single/cid`, official
            /// `pushToSingleByCid`). The audience must be exactly one cid. Without a
            /// `request_id` one is generated (32 hex characters) and kept for every re-send.
            fn push_to_single_by_cid(request: &PushRequest) -> PushResult
                = action::PushToSingleByCid::new(request);
                example "let request = &PushRequest::new().cid(\"cid-1\").push_message(PushMessage::transmission(\"hello\"));";

            /// Pushes one message to the cids bound to one alias (`POST /push/single/alias`,
            /// official `pushToSingleByAlias`).
            fn push_to_single_by_alias(request: &PushRequest) -> PushResult
                = action::PushToSingleByAlias::new(request);
                example "let request = &PushRequest::new().alias(\"alice\").push_message(PushMessage::transmission(\"hello\"));";

            /// Pushes a different message to each cid in one request (`POST
            /// /push/single/batch/cid`, official `pushBatchByCid`); each item has its own
            /// `request_id` (generated when absent) and exactly one cid; at most 200 items.
            fn push_batch_by_cid(request: &BatchPushRequest) -> PushResult
                = action::PushBatchByCid::new(request);
                example "let request = &BatchPushRequest::new(vec![PushRequest::new().cid(\"cid-1\").push_message(PushMessage::transmission(\"a\"))]);";

            /// Pushes a different message to each alias (`POST /push/single/batch/alias`,
            /// official `pushBatchByAlias`).
            fn push_batch_by_alias(request: &BatchPushRequest) -> PushResult
                = action::PushBatchByAlias::new(request);
                example "let request = &BatchPushRequest::new(vec![PushRequest::new().alias(\"alice\").push_message(PushMessage::transmission(\"a\"))]);";

            /// Stores a message for list pushes and returns its task id (`POST
            /// /push/list/message`, official `createListMsg` / `createMsg`).
            fn create_list_msg(request: &PushRequest) -> TaskId
                = action::CreateListMsg::new(request);
                example "let request = &PushRequest::new().push_message(PushMessage::transmission(\"news\"));";

            /// Pushes a stored message to a list of cids, at most 1000 (`POST /push/list/cid`,
            /// official `pushListByCid`).
            fn push_list_by_cid(request: &AudienceRequest) -> PushResult
                = action::PushListByCid::new(request);
                example "let request = &AudienceRequest::new(\"RASL_1\", Audience::Cid(vec![\"cid-1\".into(), \"cid-2\".into()]));";

            /// Pushes a stored message to a list of aliases, at most 1000 (`POST
            /// /push/list/alias`, official `pushListByAlias`; with `need_alias_detail` the Java
            /// SDK's `pushListByAliasNeedAliasDetail`).
            fn push_list_by_alias(request: &AudienceRequest) -> ListAliasResult
                = action::PushListByAlias::new(request);
                example "let request = &AudienceRequest::new(\"RASL_1\", Audience::Alias { alias: vec![\"alice\".into()], alias_type: None });";

            /// Pushes to every user of the app (`POST /push/all`, official `pushAll`); the
            /// audience must be unset or `all`.
            fn push_all(request: &PushRequest) -> TaskId
                = action::PushAll::new(request);
                example "let request = &PushRequest::new().push_message(PushMessage::transmission(\"to all\"));";

            /// Pushes to the users matching tag conditions (`POST /push/tag`, official
            /// `pushByTag`); at least one condition.
            fn push_by_tag(request: &PushRequest) -> TaskId
                = action::PushByTag::new(request);
                example "let request = &PushRequest::new().tag(vec![Condition::new(\"phone_type\", [\"android\"], OptType::Or)]).push_message(PushMessage::transmission(\"x\"));";

            /// Pushes to the users bound to a custom tag (`POST /push/fast_custom_tag`,
            /// official `pushByFastCustomTag`).
            fn push_by_fast_custom_tag(request: &PushRequest) -> TaskId
                = action::PushByFastCustomTag::new(request);
                example "let request = &PushRequest::new().fast_custom_tag(\"vip\").push_message(PushMessage::transmission(\"x\"));";

            /// Pushes to single cids filtered by their tags (`POST /push/single/cid_by_tag`,
            /// Java SDK `pushToSingleCidByTag`; a customised endpoint that must be enabled).
            fn push_to_single_cid_by_tag(request: &PushRequest) -> PushResult
                = action::PushToSingleCidByTag::new(request);
                example "let request = &PushRequest::new().cid_by_tag(vec![CidByTag::new(\"cid-1\", [\"vip\"], CidByTagOp::Or)]).push_message(PushMessage::transmission(\"x\"));";

            /// Pushes a stored message to cids filtered by their tags (`POST
            /// /push/list/cid_by_tag`, Java SDK `pushListCidByTag`; customised endpoint).
            fn push_list_cid_by_tag(request: &AudienceRequest) -> PushResult
                = action::PushListCidByTag::new(request);
                example "let request = &AudienceRequest::new(\"RASL_1\", Audience::CidByTag(vec![CidByTag::new(\"cid-1\", [\"vip\"], CidByTagOp::Or)]));";

            // ----- tasks ---------------------------------------------------------------

            /// Stops a list or app task (`DELETE /task/{taskid}`, official `stopPush`).
            fn stop_push(taskid: &str) -> ()
                = action::StopPush::new(taskid);
                example "let taskid = \"RASL_0101_abc\";";

            /// The state of a scheduled task (`GET /task/schedule/{taskid}`, official
            /// `queryScheduleTask`).
            fn query_schedule_task(taskid: &str) -> ScheduleTasks
                = action::QueryScheduleTask::new(taskid);
                example "let taskid = \"RASA_0101_abc\";";

            /// Deletes a scheduled task not yet sent (`DELETE /task/schedule/{taskid}`,
            /// official `deleteScheduleTask`).
            fn delete_schedule_task(taskid: &str) -> ()
                = action::DeleteScheduleTask::new(taskid);
                example "let taskid = \"RASA_0101_abc\";";

            /// The delivery path of one cid in one task (`GET /task/detail/{cid}/{taskid}`,
            /// documented; in neither official SDK; needs permission).
            fn query_task_detail(cid: &str, taskid: &str) -> TaskDetail
                = action::QueryTaskDetail::new(cid, taskid);
                example "let (cid, taskid) = (\"cid-1\", \"RASS_0101_abc\");";

            // ----- statistics ----------------------------------------------------------

            /// Push results of list and app tasks, at most 200 ids (`GET
            /// /report/push/task/{taskids}`, official `queryPushResultByTaskIds`).
            fn query_push_result_by_task_ids(task_ids: &[String]) -> PushReport
                = action::QueryPushResultByTaskIds::new(task_ids);
                example "let task_ids = &[\"RASL_1\".to_string(), \"RASA_2\".to_string()];";

            /// [`query_push_result_by_task_ids`](Self::query_push_result_by_task_ids) with
            /// the Java SDK's query options: action ids (`actionIdList`) and per-brand
            /// results (`needGetuiByBrand`) (`queryPushResultByTaskIdsAndActionIds`).
            fn query_push_result_by_task_ids_with(task_ids: &[String], query: &ReportQuery) -> PushReport
                = action::QueryPushResultByTaskIds::with_query(task_ids, query);
                example "let (task_ids, query) = (&[\"RASL_1\".to_string()], &ReportQuery::default());";

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
                example "let task_ids = &[\"RASL_1\".to_string()];";

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

            // ----- users: aliases ------------------------------------------------------

            /// Binds aliases to cids, at most 1000 pairs (`POST /user/alias`, official
            /// `bindAlias`).
            fn bind_alias(request: &AliasRequest) -> ()
                = action::BindAlias::new(request);
                example "let request = &AliasRequest::new(vec![CidAlias::new(\"cid-1\", \"alice\")]);";

            /// The alias of a cid (`GET /user/alias/cid/{cid}`, official `queryAliasByCid`).
            fn query_alias_by_cid(cid: &str) -> Alias
                = action::QueryAliasByCid::new(cid, None);
                example "let cid = \"cid-1\";";

            /// [`query_alias_by_cid`](Self::query_alias_by_cid) for an alias type (Java SDK).
            fn query_alias_by_cid_with_type(cid: &str, alias_type: &str) -> Alias
                = action::QueryAliasByCid::new(cid, Some(alias_type));
                example "let (cid, alias_type) = (\"cid-1\", \"phone\");";

            /// The cids bound to an alias (`GET /user/cid/alias/{alias}`, official
            /// `queryCidByAlias`).
            fn query_cid_by_alias(alias: &str) -> Cids
                = action::QueryCidByAlias::new(alias, None);
                example "let alias = \"alice\";";

            /// [`query_cid_by_alias`](Self::query_cid_by_alias) for an alias type (Java SDK).
            fn query_cid_by_alias_with_type(alias: &str, alias_type: &str) -> Cids
                = action::QueryCidByAlias::new(alias, Some(alias_type));
                example "let (alias, alias_type) = (\"alice\", \"phone\");";

            /// Unbinds cid–alias pairs (`DELETE /user/alias`, official `unbindAlias` /
            /// `batchUnbindAlias`).
            fn unbind_alias(request: &AliasRequest) -> ()
                = action::UnbindAlias::new(request);
                example "let request = &AliasRequest::new(vec![CidAlias::new(\"cid-1\", \"alice\")]);";

            /// Unbinds every cid of an alias (`DELETE /user/alias/{alias}`, official
            /// `unbindAllAlias`).
            fn unbind_all_alias(alias: &str) -> ()
                = action::UnbindAllAlias::new(alias, None);
                example "let alias = \"alice\";";

            /// [`unbind_all_alias`](Self::unbind_all_alias) for an alias type (Java SDK).
            fn unbind_all_alias_with_type(alias: &str, alias_type: &str) -> ()
                = action::UnbindAllAlias::new(alias, Some(alias_type));
                example "let (alias, alias_type) = (\"alice\", \"phone\");";

            // ----- users: tags ---------------------------------------------------------

            /// Replaces the custom tags of one cid (`POST /user/custom_tag/cid/{cid}`,
            /// official `setTagForCid` / `userBindTags`).
            fn set_tag_for_cid(cid: &str, custom_tags: &[String]) -> ()
                = action::SetTagForCid::new(cid, custom_tags);
                example "let (cid, custom_tags) = (\"cid-1\", &[\"vip\".to_string()]);";

            /// Adds one tag to many cids, at most 1000 (`PUT
            /// /user/custom_tag/batch/{custom_tag}`, official `batchModifyTagForBatchCid` /
            /// `usersBindTag`).
            fn batch_modify_tag_for_batch_cid(custom_tag: &str, cids: &[String]) -> TagBindResult
                = action::BatchModifyTagForBatchCid::new(custom_tag, cids);
                example "let (custom_tag, cids) = (\"vip\", &[\"cid-1\".to_string()]);";

            /// Removes one tag from many cids (`DELETE /user/custom_tag/batch/{custom_tag}`,
            /// official `unbindTag` / `deleteUsersTag`).
            fn unbind_tag(custom_tag: &str, cids: &[String]) -> TagBindResult
                = action::UnbindTag::new(custom_tag, cids);
                example "let (custom_tag, cids) = (\"vip\", &[\"cid-1\".to_string()]);";

            /// The custom tags of a cid (`GET /user/custom_tag/cid/{cid}`, official
            /// `queryUserTag` / `queryUserTags`).
            fn query_user_tag(cid: &str) -> UserTags
                = action::QueryUserTag::new(cid);
                example "let cid = \"cid-1\";";

            // ----- users: blacklist, status, badge, count ------------------------------

            /// Adds cids to the blacklist (`POST /user/black/cid/{cids}`, official
            /// `addBlackUser`).
            fn add_black_user(cids: &[String]) -> ()
                = action::AddBlackUser::new(cids);
                example "let cids = &[\"cid-1\".to_string()];";

            /// Removes cids from the blacklist (`DELETE /user/black/cid/{cids}`, official
            /// `removeBlackUser`).
            fn remove_black_user(cids: &[String]) -> ()
                = action::RemoveBlackUser::new(cids);
                example "let cids = &[\"cid-1\".to_string()];";

            /// Online status and last login of cids (`GET /user/status/{cids}`, official
            /// `queryUserStatus`).
            fn query_user_status(cids: &[String]) -> UserStatuses
                = action::QueryUserStatus::new(cids);
                example "let cids = &[\"cid-1\".to_string()];";

            /// Device status of cids (`GET /user/deviceStatus/{cids}`, documented; in neither
            /// official SDK; needs permission).
            fn query_device_status(cids: &[String]) -> DeviceStatuses
                = action::QueryDeviceStatus::new(cids);
                example "let cids = &[\"cid-1\".to_string()];";

            /// Device details of cids (`GET /user/detail/{cids}`, documented; in neither
            /// official SDK).
            fn query_user_detail(cids: &[String]) -> UserDetail
                = action::QueryUserDetail::new(cids);
                example "let cids = &[\"cid-1\".to_string()];";

            /// Sets, adds to or subtracts from the iOS badge of cids (`POST
            /// /user/badge/cid/{cids}`, official `setBadge`). A relative change (`+N`, `-N`)
            /// is never re-sent after it may have reached the server.
            fn set_badge(cids: &[String], badge: &Badge) -> ()
                = action::SetBadge::new(cids, badge.clone());
                example "let (cids, badge) = (&[\"cid-1\".to_string()], &Badge::Set(3));";

            /// The number of users matching conditions (`POST /user/count`, official
            /// `queryUserCount` / `queryUser`).
            fn query_user_count(conditions: &[Condition]) -> UserCount
                = action::QueryUserCount::new(conditions);
                example "let conditions = &[Condition::new(\"phone_type\", [\"ios\"], OptType::Or)];";
        }
    };
}

/// The imports every expansion needs.
macro_rules! v2_imports {
    () => {
        use getui_model::v2::audience::Condition;
        use getui_model::v2::push::{AudienceRequest, BatchPushRequest, PushRequest};
        use getui_model::v2::report::{
            OnlineUsers, PushCountData, PushReport, ReportQuery, UserStatsByDate,
        };
        use getui_model::v2::task::{PushResult, ScheduleTasks, TaskDetail, TaskId};
        use getui_model::v2::user::{
            Alias, AliasRequest, Badge, Cids, DeviceStatuses, TagBindResult, UserCount, UserDetail,
            UserStatuses, UserTags,
        };
        use getui_protocol::v2::action;
        use getui_protocol::v2::action::ListAliasResult;
    };
}

/// The asynchronous expansion.
#[cfg(feature = "async")]
macro_rules! async_v2_methods {
    ($(
        $(#[doc = $doc:literal])*
        fn $name:ident($($arg:ident: $ty:ty),*) -> $out:ty = $build:expr;
        example $example:literal;
    )*) => {
        impl crate::v2::client::Client {
            $(
                $(#[doc = $doc])*
                #[doc = ""]
                #[doc = "```no_run"]
                #[doc = "# use getui::model::v2::{audience::*, push::*, report::*, user::*};"]
                #[doc = "# async fn run(client: getui::v2::Client) -> getui::Result<()> {"]
                #[doc = $example]
                #[doc = concat!("let answer = client.", stringify!($name), "(", stringify!($($arg),*), ").await?;")]
                #[doc = "println!(\"{answer:?}\");"]
                #[doc = "# Ok(()) }"]
                #[doc = "```"]
                pub async fn $name(&self, $($arg: $ty),*) -> Result<$out> {
                    let action = checked($build)?;
                    self.execute(&action).await
                }
            )*
        }
    };
}

#[cfg(feature = "async")]
mod async_methods {
    use super::*;
    v2_imports!();
    v2_methods!(async_v2_methods);
}

/// The blocking expansion.
#[cfg(feature = "blocking")]
macro_rules! blocking_v2_methods {
    ($(
        $(#[doc = $doc:literal])*
        fn $name:ident($($arg:ident: $ty:ty),*) -> $out:ty = $build:expr;
        example $example:literal;
    )*) => {
        impl crate::v2::blocking::Client {
            $(
                $(#[doc = $doc])*
                #[doc = ""]
                #[doc = "```no_run"]
                #[doc = "# use getui::model::v2::{audience::*, push::*, report::*, user::*};"]
                #[doc = "# fn run(client: getui::v2::blocking::Client) -> getui::Result<()> {"]
                #[doc = $example]
                #[doc = concat!("let answer = client.", stringify!($name), "(", stringify!($($arg),*), ")?;")]
                #[doc = "println!(\"{answer:?}\");"]
                #[doc = "# Ok(()) }"]
                #[doc = "```"]
                pub fn $name(&self, $($arg: $ty),*) -> Result<$out> {
                    let action = checked($build)?;
                    self.execute(&action)
                }
            )*
        }
    };
}

#[cfg(feature = "blocking")]
mod blocking_methods {
    use super::*;
    v2_imports!();
    v2_methods!(blocking_v2_methods);
}
