//! The actions of the OpenService API: one type per action, the JSON params they send and the
//! typed outputs of their answers.
//!
//! Every action implements [`Action`]. An action value is **validated when it is built**
//! (constructors return [`ValidationError`](getui_model::ValidationError) for anything the
//! official SDKs or the documentation reject), so [`encode`] cannot fail and no byte exists for
//! an invalid request. [`encode`] writes the members in the official Python SDK's order and the
//! trailer (`version`, `authToken`) into one buffer; [`Action::parse`] turns an
//! [`Answer`] into the action's output or an [`ApiError`].
//!
//! ```
//! use getui_model::secret::AuthToken;
//! use getui_protocol::action::{encode, GetClientIdStatus, RequestContext};
//! let token = AuthToken::new("TOKEN");
//! let ctx = RequestContext::new("APPKEY").with_auth_token(Some(&token));
//! let req = encode(&GetClientIdStatus::new("APPID", "CID"), &ctx);
//! assert_eq!(req.action, "getClientIdStatusAction");
//! assert_eq!(
//!     std::str::from_utf8(&req.json).unwrap(),
//!     r#"{"action": "getClientIdStatusAction", "appkey": "APPKEY", "appId": "APPID", "clientId": "CID", "version": "4.1.1.2", "authToken": "TOKEN"}"#
//! );
//! assert!(!req.gzip);
//! ```
//!
//! A request that carries a `requestId` (single push, tag push, batch submit) keeps it in the
//! action value: encoding the same value again after a reconnect gives the same `requestId`,
//! and only `authToken` changes, which is what makes the re-send safe (docs/protocol-legacy.md section 5).
//!
//! Which official SDK method sends which action, built by which type here, is in one table: the
//! `getui` crate's "Official methods and their Rust names" (`crates/getui/src/legacy/methods.md`
//! in the repository, part of the `getui` API docs:
//! <https://docs.rs/getui/latest/getui/#official-methods-and-their-rust-names>). The actions
//! themselves, with their members, are in docs/protocol-legacy.md section 7.

use std::borrow::Cow;
use std::fmt;

use getui_model::json_text::ObjectWriter;
use getui_model::secret::AuthToken;

use crate::answer::{Answer, ApiError};

mod auth;
mod manage;
mod push;
mod stats;
mod template_push;

pub use auth::{Close, Connect, Connected, GetOsPushDomainUrlList, OsPushDomains};
pub use manage::{
    AliasBinding, Badge, BindAlias, BindAliasBatch, BindCidPn, BlackCidList, BlackListOperation,
    CancelContentId, ChangeClientTag, ClientIdList, ClientIdStatus, DelScheduleTask,
    GetClientIdStatus, GetPersonaTags, GetScheduleTask, GetUserCountByTags, GetUserTags,
    QueryAlias, QueryCidPn, QueryClientId, SetBadge, SetClientTag, StopSendSms, StopTask,
    UnbindAlias, UnbindCidPn, UserAlias, UserCount, UserTags, DEFAULT_BLACK_CID_LIMIT,
    DEFAULT_TAG_LIST_LIMIT,
};
pub use push::{
    ApnPushToList, BatchItemResult, BatchPushResult, ListPushOptions, ListPushResult, PreparedTask,
    PushMessageToApp, SinglePushResult, TaskPushResult, DEVICE_TOKEN_LEN,
};
pub use stats::{
    AppPushData, AppUserData, GetLast24HoursOnlineUser, GetPushResult, GetPushResultByGroupName,
    GetPushResultByTaskIdList, OnlineUserStatistics, PushResult, PushResults, QueryAppPushData,
    QueryAppUserData,
};
pub use template_push::{
    ApnGetContentId, ApnPushToSingle, GetContentId, PushMessage, PushMessageByTag,
    PushMessageToList, PushMessageToSingle, PushMessageToSingleBatch, QueryUserCount, SingleBatch,
};

/// The SDK version sent as `version` by default: the Python SDK 4.1.1.2 (docs/protocol-legacy.md section 10).
pub const DEFAULT_VERSION: &str = "4.1.1.2";

/// The literal `version` inside batch items (`SingleBatchItem.data`).
pub const BATCH_ITEM_VERSION: &str = "3.0.0.0";

/// Which members [`encode`] appends after the action's own members.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trailer {
    /// `version`, then `authToken` (`""` before the first `connect`): every action but two.
    Standard,
    /// `version` only (`connect`).
    VersionOnly,
    /// Nothing (`getOSPushDomailUrlListAction`, as the Python SDK sends it).
    None,
}

/// What an encoder needs besides the action: the app key, the SDK version string and the
/// current auth token.
#[derive(Debug, Clone, Copy)]
pub struct RequestContext<'a> {
    /// The application key, sent as `appkey`.
    pub app_key: &'a str,
    /// The SDK version sent as `version` ([`DEFAULT_VERSION`] unless configured).
    pub version: &'a str,
    /// The token of the last successful `connect`, sent as `authToken`; `None` sends `""`
    /// (as the Python SDK does before its first `connect`).
    pub auth_token: Option<&'a AuthToken>,
}

impl<'a> RequestContext<'a> {
    /// A context with [`DEFAULT_VERSION`] and no token yet.
    #[must_use]
    pub fn new(app_key: &'a str) -> Self {
        Self {
            app_key,
            version: DEFAULT_VERSION,
            auth_token: None,
        }
    }

    /// The same context with another `version` string.
    #[must_use]
    pub fn with_version(self, version: &'a str) -> Self {
        Self { version, ..self }
    }

    /// The same context with another token.
    #[must_use]
    pub fn with_auth_token(self, auth_token: Option<&'a AuthToken>) -> Self {
        Self { auth_token, ..self }
    }
}

/// One action of the API: its name, how it is sent, its members and its answer.
///
/// Implementations write **every** member of the JSON params except the trailer, in the
/// official Python SDK's order, `action` and `appkey` included (their position varies:
/// single push starts with `requestId`, `queryUserCount` puts `appId` before `appkey`…).
pub trait Action {
    /// The `action` member and `Gt-Action` header.
    const NAME: &'static str;
    /// Whether the body is sent gzip-compressed (`Content-Encoding: gzip`).
    const GZIP: bool = false;
    /// The members [`encode`] appends.
    const TRAILER: Trailer = Trailer::Standard;
    /// What a successful answer becomes.
    type Output;

    /// Writes the action's members (not the trailer) into `obj`.
    fn write_members(&self, ctx: &RequestContext<'_>, obj: &mut ObjectWriter<'_>);

    /// The `requestId` this request carries, if any (the server de-duplicates on it).
    fn request_id(&self) -> Option<&str> {
        None
    }

    /// An estimate of the JSON text's length, to size the buffer once.
    fn size_hint(&self) -> usize {
        256
    }

    /// Turns the answer into the output, or into an [`ApiError`] when the server rejected the
    /// request (or answered without what the action needs).
    fn parse(answer: Answer) -> Result<Self::Output, ApiError>;
}

/// A request ready for a transport: the JSON params and how to send them.
///
/// `Debug` shows neither the body nor the token. The request's `requestId`, if it carries one,
/// is the action's ([`Action::request_id`]): it is not copied into every request.
#[derive(Clone, PartialEq, Eq)]
pub struct EncodedRequest {
    /// The `action` (also the `Gt-Action` header).
    pub action: &'static str,
    /// The JSON text of the params (UTF-8; pure ASCII as written here).
    pub json: Vec<u8>,
    /// Whether the body is sent gzip-compressed.
    pub gzip: bool,
}

impl EncodedRequest {
    /// The HTTP body: the JSON text, gzip-compressed (level 1) when [`gzip`](Self::gzip).
    pub fn body(&self) -> Cow<'_, [u8]> {
        if self.gzip {
            Cow::Owned(crate::gzip::compress(&self.json))
        } else {
            Cow::Borrowed(&self.json)
        }
    }

    /// The `Content-Encoding` header value: `Some("gzip")` for compressed bodies.
    pub fn content_encoding(&self) -> Option<&'static str> {
        self.gzip.then_some("gzip")
    }
}

impl fmt::Debug for EncodedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EncodedRequest")
            .field("action", &self.action)
            .field("json_len", &self.json.len())
            .field("gzip", &self.gzip)
            .finish_non_exhaustive()
    }
}

/// Encodes `action` with `ctx`: the JSON params (members, then the trailer) and the gzip flag.
pub fn encode<A: Action>(action: &A, ctx: &RequestContext<'_>) -> EncodedRequest {
    let mut json = Vec::with_capacity(action.size_hint() + ctx.app_key.len() + 128);
    encode_into(action, ctx, &mut json);
    EncodedRequest {
        action: A::NAME,
        json,
        gzip: A::GZIP,
    }
}

/// Appends the JSON params of `action` to `out` (for callers that reuse a buffer).
pub fn encode_into<A: Action>(action: &A, ctx: &RequestContext<'_>, out: &mut Vec<u8>) {
    let mut obj = ObjectWriter::new(out);
    action.write_members(ctx, &mut obj);
    match A::TRAILER {
        Trailer::Standard => {
            obj.str("version", ctx.version);
            obj.str("authToken", ctx.auth_token.map_or("", AuthToken::expose));
        }
        Trailer::VersionOnly => {
            obj.str("version", ctx.version);
        }
        Trailer::None => {}
    }
    obj.finish();
}

/// Writes `"action": NAME, "appkey": <app key>`, the most common opening.
pub(crate) fn open<A: Action>(ctx: &RequestContext<'_>, obj: &mut ObjectWriter<'_>) {
    obj.str("action", A::NAME).str("appkey", ctx.app_key);
}

/// A byte-length estimate of a list of strings written as JSON.
pub(crate) fn list_hint<S: AsRef<str>>(items: &[S]) -> usize {
    items.iter().map(|s| s.as_ref().len() + 4).sum::<usize>() + 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailer_uses_empty_token_before_connect() {
        let req = encode(
            &CancelContentId::new("C1"),
            &RequestContext::new("K").with_version("9.9"),
        );
        assert_eq!(
            std::str::from_utf8(&req.json).unwrap(),
            r#"{"action": "cancleContentIdAction", "appkey": "K", "contentId": "C1", "version": "9.9", "authToken": ""}"#
        );
        assert_eq!(req.content_encoding(), None);
        assert_eq!(req.body().as_ref(), req.json.as_slice());
    }

    #[test]
    fn debug_hides_body_and_token() {
        let token = AuthToken::new("SECRET");
        let ctx = RequestContext::new("K").with_auth_token(Some(&token));
        let req = encode(&StopTask::new("T"), &ctx);
        let text = format!("{req:?} {ctx:?}");
        assert!(!text.contains("SECRET"), "{text}");
    }

    #[test]
    fn encode_into_appends() {
        let mut buf = b"xx".to_vec();
        encode_into(&StopTask::new("T"), &RequestContext::new("K"), &mut buf);
        assert!(buf.starts_with(b"xx{\"action\": \"stopTaskAction\""));
        assert!(buf.ends_with(b"\"authToken\": \"\"}"));
    }
}
