//! The REST v2 endpoints: one type per endpoint (A1–U16, docs/protocol-v2.md §6).
//!
//! Every action is **validated when it is built** (constructors return
//! [`ValidationError`]), and its path, query and JSON body are built once then: encoding the
//! same action again gives the same bytes and the same `request_id` (a push without
//! `request_id` gets a generated one, 32 lowercase hex characters, kept in the action).
//! [`Action::parse`] turns the answer [`Envelope`] into the typed output or an [`ApiError`].
//!
//! | id | endpoint | official method | type | output |
//! |---|---|---|---|---|
//! | A1 | `POST /auth` | auth | [`Auth`] | [`TokenInfo`] |
//! | A2 | `DELETE /auth/{token}` | closeAuth | [`CloseAuth`] | `()` |
//! | M1 | `POST /push/single/cid` | pushToSingleByCid | [`PushToSingleByCid`] | [`PushResult`](getui_model::v2::task::PushResult) |
//! | M2 | `POST /push/single/alias` | pushToSingleByAlias | [`PushToSingleByAlias`] | `PushResult` |
//! | M3 | `POST /push/single/batch/cid` | pushBatchByCid | [`PushBatchByCid`] | `PushResult` |
//! | M4 | `POST /push/single/batch/alias` | pushBatchByAlias | [`PushBatchByAlias`] | `PushResult` |
//! | M5 | `POST /push/list/message` | createListMsg | [`CreateListMsg`] | [`TaskId`](getui_model::v2::task::TaskId) |
//! | M6 | `POST /push/list/cid` | pushListByCid | [`PushListByCid`] | `PushResult` |
//! | M7 | `POST /push/list/alias` | pushListByAlias | [`PushListByAlias`] | [`ListAliasResult`] |
//! | M8 | `POST /push/all` | pushAll | [`PushAll`] | `TaskId` |
//! | M9 | `POST /push/tag` | pushByTag | [`PushByTag`] | `TaskId` |
//! | M10 | `POST /push/fast_custom_tag` | pushByFastCustomTag | [`PushByFastCustomTag`] | `TaskId` |
//! | M11 | `POST /push/single/cid_by_tag` | pushToSingleCidByTag | [`PushToSingleCidByTag`] | `PushResult` |
//! | M12 | `POST /push/list/cid_by_tag` | pushListCidByTag | [`PushListCidByTag`] | `PushResult` |
//! | T1 | `DELETE /task/{taskid}` | stopPush | [`StopPush`] | `()` |
//! | T2 | `GET /task/schedule/{taskid}` | queryScheduleTask | [`QueryScheduleTask`] | [`ScheduleTasks`](getui_model::v2::task::ScheduleTasks) |
//! | T3 | `DELETE /task/schedule/{taskid}` | deleteScheduleTask | [`DeleteScheduleTask`] | `()` |
//! | T4 | `GET /task/detail/{cid}/{taskid}` | queryTaskDetail | [`QueryTaskDetail`] | [`TaskDetail`](getui_model::v2::task::TaskDetail) |
//! | S1 | `GET /report/push/task/{taskids}` | queryPushResultByTaskIds | [`QueryPushResultByTaskIds`] | [`PushReport`](getui_model::v2::report::PushReport) |
//! | S2 | `GET /report/push/task_group/{group_name}` | queryPushResultByGroupName | [`QueryPushResultByGroupName`] | `PushReport` |
//! | S3 | `GET /report/push/task/{taskids}/detail` | queryPushTaskDetailData | [`QueryPushTaskDetailData`] | `PushReport` |
//! | S4 | `GET /report/push/date/{date}` | queryPushResultByDate | [`QueryPushResultByDate`] | `PushReport` |
//! | S5 | `GET /report/push/count` | queryPushCountData | [`QueryPushCountData`] | [`PushCountData`](getui_model::v2::report::PushCountData) |
//! | S6 | `GET /report/user/date/{date}` | queryUserDataByDate | [`QueryUserDataByDate`] | [`UserStatsByDate`](getui_model::v2::report::UserStatsByDate) |
//! | S7 | `GET /report/online_user` | queryOnlineUserData | [`QueryOnlineUserData`] | [`OnlineUsers`](getui_model::v2::report::OnlineUsers) |
//! | U1 | `POST /user/alias` | bindAlias | [`BindAlias`] | `()` |
//! | U2 | `GET /user/alias/cid/{cid}` | queryAliasByCid | [`QueryAliasByCid`] | [`Alias`](getui_model::v2::user::Alias) |
//! | U3 | `GET /user/cid/alias/{alias}` | queryCidByAlias | [`QueryCidByAlias`] | [`Cids`](getui_model::v2::user::Cids) |
//! | U4 | `DELETE /user/alias` | unbindAlias | [`UnbindAlias`] | `()` |
//! | U5 | `DELETE /user/alias/{alias}` | unbindAllAlias | [`UnbindAllAlias`] | `()` |
//! | U6 | `POST /user/custom_tag/cid/{cid}` | setTagForCid | [`SetTagForCid`] | `()` |
//! | U7 | `PUT /user/custom_tag/batch/{custom_tag}` | batchModifyTagForBatchCid | [`BatchModifyTagForBatchCid`] | [`TagBindResult`](getui_model::v2::user::TagBindResult) |
//! | U8 | `DELETE /user/custom_tag/batch/{custom_tag}` | unbindTag | [`UnbindTag`] | `TagBindResult` |
//! | U9 | `GET /user/custom_tag/cid/{cid}` | queryUserTag | [`QueryUserTag`] | [`UserTags`](getui_model::v2::user::UserTags) |
//! | U10 | `POST /user/black/cid/{cids}` | addBlackUser | [`AddBlackUser`] | `()` |
//! | U11 | `DELETE /user/black/cid/{cids}` | removeBlackUser | [`RemoveBlackUser`] | `()` |
//! | U12 | `GET /user/status/{cids}` | queryUserStatus | [`QueryUserStatus`] | [`UserStatuses`](getui_model::v2::user::UserStatuses) |
//! | U13 | `GET /user/deviceStatus/{cids}` | queryDeviceStatus | [`QueryDeviceStatus`] | [`DeviceStatuses`](getui_model::v2::user::DeviceStatuses) |
//! | U14 | `GET /user/detail/{cids}` | queryUserDetail | [`QueryUserDetail`] | [`UserDetail`](getui_model::v2::user::UserDetail) |
//! | U15 | `POST /user/badge/cid/{cids}` | setBadge | [`SetBadge`] | `()` |
//! | U16 | `POST /user/count` | queryUserCount | [`QueryUserCount`] | [`UserCount`](getui_model::v2::user::UserCount) |

use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;

use bytes::Bytes;
use getui_model::{Rule, ValidationError};
use serde::de::DeserializeOwned;
use serde::Serialize;

use super::answer::{ApiError, Envelope};
use super::request::RequestId;
use crate::answer::AnswerLimits;

mod auth;
mod push;
mod report;
mod task;
mod user;

pub use auth::{Auth, CloseAuth, TokenInfo};
pub use push::{
    CreateListMsg, ListAliasResult, PushAll, PushBatchByAlias, PushBatchByCid, PushByFastCustomTag,
    PushByTag, PushListByAlias, PushListByCid, PushListCidByTag, PushToSingleByAlias,
    PushToSingleByCid, PushToSingleCidByTag,
};
pub use report::{
    QueryOnlineUserData, QueryPushCountData, QueryPushResultByDate, QueryPushResultByGroupName,
    QueryPushResultByTaskIds, QueryPushTaskDetailData, QueryUserDataByDate, TASK_IDS_MAX,
};
pub use task::{DeleteScheduleTask, QueryScheduleTask, QueryTaskDetail, StopPush};
pub use user::{
    AddBlackUser, BatchModifyTagForBatchCid, BindAlias, QueryAliasByCid, QueryCidByAlias,
    QueryDeviceStatus, QueryUserCount, QueryUserDetail, QueryUserStatus, QueryUserTag,
    RemoveBlackUser, SetBadge, SetTagForCid, UnbindAlias, UnbindAllAlias, UnbindTag, CIDS_MAX,
    CUSTOM_TAGS_MAX, CUSTOM_TAGS_MAX_TOTAL_CHARS, CUSTOM_TAG_MAX_CHARS,
};

/// The HTTP method of an endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`.
    Get,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
    /// `DELETE`.
    Delete,
}

impl Method {
    /// The method name in upper case.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One endpoint of the REST v2 API: how its request is sent and what its answer becomes.
pub trait Action {
    /// The official method name (PHP SDK, else Java SDK), e.g. `pushToSingleByCid`.
    const NAME: &'static str;
    /// The documented endpoint template, e.g. `POST /push/single/cid`, `DELETE /task/{taskid}`.
    const ENDPOINT: &'static str;
    /// What a successful answer becomes.
    type Output;

    /// The HTTP method.
    fn method(&self) -> Method;
    /// Writes what follows `/v2/{appId}`, every parameter escaped (e.g. `/task/RASL%20x`).
    fn write_path(&self, out: &mut String);
    /// Writes the query without `?` (`name=value&…`); nothing when there is none.
    fn write_query(&self, _out: &mut String) {}
    /// The JSON body built when the action was built; `None`: no body.
    fn body(&self) -> Option<Bytes>;
    /// The `request_id` the body carries (pushes).
    fn request_id(&self) -> Option<&str> {
        None
    }
    /// [`request_id`](Self::request_id) as a [`RequestId`] (shared with the body where
    /// possible, so that no request copies it).
    fn request_id_shared(&self) -> Option<RequestId> {
        self.request_id().map(RequestId::new)
    }
    /// Whether the request may be re-sent after it may have reached the server
    /// (docs/protocol-v2.md §5.3).
    fn resend_safe(&self) -> bool;
    /// `POST /auth`: sent without token, never answered by a re-auth.
    fn is_auth(&self) -> bool {
        false
    }
    /// Reads an answer to this action into its envelope (JSON only, within `limits`). The
    /// default keeps `data` in the answer's text until [`parse`](Self::parse) reads it; the
    /// pushes read it in the same pass ([`Envelope::parse_bytes_typed`]).
    fn envelope(status: u16, body: Bytes, limits: &AnswerLimits) -> Result<Envelope, ApiError> {
        Envelope::parse_bytes(status, body, limits)
    }
    /// Turns the final answer into the output (code 0) or an [`ApiError`].
    fn parse(envelope: Envelope) -> Result<Self::Output, ApiError>;
}

/// What every action keeps: the escaped path, the query, the body, the request id.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Wire {
    pub(crate) path: Cow<'static, str>,
    pub(crate) query: String,
    pub(crate) body: Option<Bytes>,
    /// The `request_id` of a push (a view into `body` when it appears there unescaped).
    pub(crate) request_id: Option<RequestId>,
    pub(crate) resend_safe: bool,
}

impl Wire {
    pub(crate) fn new(path: String) -> Self {
        Self::with_path(Cow::Owned(path))
    }

    /// A wire with a fixed path (no parameter in it).
    pub(crate) fn fixed(path: &'static str) -> Self {
        Self::with_path(Cow::Borrowed(path))
    }

    fn with_path(path: Cow<'static, str>) -> Self {
        Self {
            path,
            query: String::new(),
            body: None,
            request_id: None,
            resend_safe: true,
        }
    }

    pub(crate) fn with_body(mut self, body: &impl Serialize) -> Self {
        self.body = Some(json_body(body));
        self
    }

    pub(crate) fn with_query(mut self, query: String) -> Self {
        self.query = query;
        self
    }

    pub(crate) fn resend_safe(mut self, safe: bool) -> Self {
        self.resend_safe = safe;
        self
    }
}

impl fmt::Debug for Wire {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Wire")
            .field("path", &self.path)
            .field("query", &self.query)
            .field("body_len", &self.body.as_ref().map(Bytes::len))
            .field("request_id", &self.request_id)
            .field("resend_safe", &self.resend_safe)
            .finish()
    }
}

/// Serialises a request value. The model types serialise without failing (string keys,
/// no non-finite floats).
/// (See [`written_body`].)
pub(crate) fn json_body(value: &impl Serialize) -> Bytes {
    written_body(|buf| {
        serde_json::to_writer(buf, value).expect("request values serialise to JSON");
    })
}

/// A body written by `write`: into a buffer kept per thread, then copied once into a buffer of
/// the exact size (one allocation per body whatever its length, none for growing a buffer).
pub(crate) fn written_body(write: impl FnOnce(&mut Vec<u8>)) -> Bytes {
    /// Scratch buffers above this capacity are not kept after use.
    const KEEP_MAX: usize = 64 * 1024;
    thread_local! {
        static SCRATCH: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }
    let mut write = Some(write);
    let written = SCRATCH.try_with(|cell| {
        let mut buf = cell.try_borrow_mut().ok()?;
        buf.clear();
        (write.take()?)(&mut buf);
        let body = Bytes::copy_from_slice(&buf);
        if buf.capacity() > KEEP_MAX {
            *buf = Vec::new();
        }
        Some(body)
    });
    match (written, write) {
        (Ok(Some(body)), _) => body,
        // No scratch buffer on this thread (being destroyed, or in use): a buffer of its own.
        (_, Some(write)) => {
            let mut buf = Vec::with_capacity(512);
            write(&mut buf);
            Bytes::from(buf)
        }
        (_, None) => unreachable!("the scratch buffer is used only after writing"),
    }
}

/// Implements [`Action`] for a type holding a `wire: Wire`.
macro_rules! wire_action {
    ($ty:ty, $name:literal, $method:ident, $endpoint:literal, $output:ty, $parse:expr) => {
        wire_action!(
            $ty,
            $name,
            $method,
            $endpoint,
            $output,
            $parse,
            $crate::v2::answer::Envelope::parse_bytes
        );
    };
    // `$envelope`: how the answer is read (e.g. `Envelope::parse_bytes_typed::<T>`).
    ($ty:ty, $name:literal, $method:ident, $endpoint:literal, $output:ty, $parse:expr, $envelope:expr) => {
        impl $crate::v2::action::Action for $ty {
            const NAME: &'static str = $name;
            const ENDPOINT: &'static str = $endpoint;
            type Output = $output;

            fn method(&self) -> $crate::v2::action::Method {
                $crate::v2::action::Method::$method
            }
            fn write_path(&self, out: &mut String) {
                out.push_str(&self.wire.path);
            }
            fn write_query(&self, out: &mut String) {
                out.push_str(&self.wire.query);
            }
            fn body(&self) -> Option<bytes::Bytes> {
                self.wire.body.clone()
            }
            fn request_id(&self) -> Option<&str> {
                self.wire.request_id.as_deref()
            }
            fn request_id_shared(&self) -> Option<$crate::v2::request::RequestId> {
                self.wire.request_id.clone()
            }
            fn resend_safe(&self) -> bool {
                self.wire.resend_safe
            }
            fn envelope(
                status: u16,
                body: bytes::Bytes,
                limits: &$crate::answer::AnswerLimits,
            ) -> Result<$crate::v2::answer::Envelope, $crate::v2::answer::ApiError> {
                let envelope: fn(
                    u16,
                    bytes::Bytes,
                    &$crate::answer::AnswerLimits,
                ) -> Result<
                    $crate::v2::answer::Envelope,
                    $crate::v2::answer::ApiError,
                > = $envelope;
                envelope(status, body, limits)
            }
            fn parse(
                envelope: $crate::v2::answer::Envelope,
            ) -> Result<$output, $crate::v2::answer::ApiError> {
                let parse: fn(
                    &'static str,
                    &'static str,
                    $crate::v2::answer::Envelope,
                ) -> Result<$output, $crate::v2::answer::ApiError> = $parse;
                parse($name, $endpoint, envelope)
            }
        }
    };
}
pub(crate) use wire_action;

/// Code 0 → the envelope; anything else → [`ApiError`] (rejected).
pub(crate) fn accept(
    name: &'static str,
    endpoint: &'static str,
    envelope: Envelope,
) -> Result<Envelope, ApiError> {
    if envelope.code.is_ok() {
        Ok(envelope)
    } else {
        Err(ApiError::rejected(&envelope).for_action(name, endpoint))
    }
}

/// Code 0, `data` ignored.
pub(crate) fn parse_unit(
    name: &'static str,
    endpoint: &'static str,
    envelope: Envelope,
) -> Result<(), ApiError> {
    accept(name, endpoint, envelope).map(drop)
}

/// Code 0 and a `data` of type `T` (required).
pub(crate) fn parse_data<T: DeserializeOwned + Send + Sync + 'static>(
    name: &'static str,
    endpoint: &'static str,
    envelope: Envelope,
) -> Result<T, ApiError> {
    let mut envelope = accept(name, endpoint, envelope)?;
    // Read with the envelope (`Envelope::parse_bytes_typed`), or from the text now.
    if let Some(data) = envelope.take_typed::<T>() {
        return Ok(data);
    }
    match envelope.data_as::<T>() {
        // Straight from the answer's text: no intermediate value.
        Some(data) => data.map_err(|_| {
            ApiError::malformed(&envelope, "`data` does not have the documented shape")
                .for_action(name, endpoint)
        }),
        None => {
            Err(ApiError::malformed(&envelope, "answer without `data`").for_action(name, endpoint))
        }
    }
}

/// Code 0 and a `data` of type `T`; a missing `data` (asynchronous pushes) or `{}` gives
/// `T::default()`.
pub(crate) fn parse_data_or_default<T: DeserializeOwned + Default + Send + Sync + 'static>(
    name: &'static str,
    endpoint: &'static str,
    envelope: Envelope,
) -> Result<T, ApiError> {
    if envelope.code.is_ok() && !envelope.has_data() {
        return Ok(T::default());
    }
    parse_data(name, endpoint, envelope)
}

/// A required, non-empty value.
pub(crate) fn check_required(field: &'static str, value: &str) -> Result<(), ValidationError> {
    if value.is_empty() {
        Err(ValidationError::new(field, Rule::Required))
    } else {
        Ok(())
    }
}

/// A list of 1..=`max` non-empty items; with `in_path`, items must not contain `,` (the list
/// separator of a path segment).
pub(crate) fn check_list(
    field: &'static str,
    items: &[impl AsRef<str>],
    max: usize,
    in_path: bool,
) -> Result<(), ValidationError> {
    if items.is_empty() {
        return Err(ValidationError::new(
            field,
            Rule::MinItems { min: 1, actual: 0 },
        ));
    }
    if items.len() > max {
        return Err(ValidationError::new(
            field,
            Rule::MaxItems {
                max,
                actual: items.len(),
            },
        ));
    }
    for (i, item) in items.iter().enumerate() {
        let item = item.as_ref();
        if item.is_empty() {
            return Err(ValidationError::new(
                format!("{field}[{i}]"),
                Rule::Required,
            ));
        }
        if in_path && item.contains(',') {
            return Err(ValidationError::new(
                format!("{field}[{i}]"),
                Rule::Constraint("an item of a path list must not contain `,`"),
            ));
        }
    }
    Ok(())
}
