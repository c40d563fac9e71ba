//! Management actions: tasks, client status, tags, aliases, black list, badges, scheduled
//! tasks and SMS fallback (docs/protocol-legacy.md sections 7.5, 7.9, 7.13–7.17, 7.19, 7.20).
//!
//! The official SDKs send these without checking emptiness (an empty `appId` goes out as `""`
//! and the server answers with an error), so only the documented limits are validated here.

use getui_model::json_text::ObjectWriter;
use getui_model::{Rule, ValidationError};
use serde_json::Value;

use super::{list_hint, open, Action, RequestContext};
use crate::answer::{check, Answer, ApiError, ApiErrorKind, ResultCode};

/// Default maximum of client ids per black-list call (`gexin_max_blkCid_length`).
pub const DEFAULT_BLACK_CID_LIMIT: usize = 1000;

/// Default maximum of tags per `getUserCountByTags` (`gexin_tagList_limit`).
pub const DEFAULT_TAG_LIST_LIMIT: usize = 10;

fn check_max_items(field: &'static str, len: usize, max: usize) -> Result<(), ValidationError> {
    if len > max {
        Err(ValidationError::new(
            field,
            Rule::MaxItems { max, actual: len },
        ))
    } else {
        Ok(())
    }
}

/// `cancleContentIdAction` (sic) (official `cancelContentId`): invalidates a content id that
/// was obtained with `getContentIdAction` but not (yet) pushed.
///
/// Members: `action`, `appkey`, `contentId`. Success only for `result` `ok`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CancelContentId {
    content_id: String,
}

impl CancelContentId {
    /// Cancels `content_id`.
    pub fn new(content_id: impl Into<String>) -> Self {
        Self {
            content_id: content_id.into(),
        }
    }
}

impl Action for CancelContentId {
    const NAME: &'static str = "cancleContentIdAction";
    type Output = Answer;

    fn write_members(&self, ctx: &RequestContext<'_>, obj: &mut ObjectWriter<'_>) {
        open::<Self>(ctx, obj);
        obj.str("contentId", &self.content_id);
    }

    fn parse(answer: Answer) -> Result<Answer, ApiError> {
        check::ok(Self::NAME, answer)
    }
}

/// `stopTaskAction` (official `stop`): stops a list/app task; in-flight and offline messages
/// are dropped (delivered ones cannot be recalled: use a revoke template for that).
///
/// Members: `action`, `appkey`, `contentId`. Success only for `result` `ok`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StopTask {
    content_id: String,
}

impl StopTask {
    /// Stops the task `content_id` (e.g. `OSL-2211_xxx`).
    pub fn new(content_id: impl Into<String>) -> Self {
        Self {
            content_id: content_id.into(),
        }
    }
}

impl Action for StopTask {
    const NAME: &'static str = "stopTaskAction";
    type Output = Answer;

    fn write_members(&self, ctx: &RequestContext<'_>, obj: &mut ObjectWriter<'_>) {
        open::<Self>(ctx, obj);
        obj.str("contentId", &self.content_id);
    }

    fn parse(answer: Answer) -> Result<Answer, ApiError> {
        check::ok(Self::NAME, answer)
    }
}

/// `getClientIdStatusAction` (official `getClientIdStatus`): whether a client is online.
///
/// Members: `action`, `appkey`, `appId`, `clientId`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetClientIdStatus {
    app_id: String,
    client_id: String,
}

impl GetClientIdStatus {
    /// The status of `client_id` in `app_id`.
    pub fn new(app_id: impl Into<String>, client_id: impl Into<String>) -> Self {
        Self {
            app_id: app_id.into(),
            client_id: client_id.into(),
        }
    }
}

/// The output of [`GetClientIdStatus`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ClientIdStatus {
    /// `result` was `Online` (`false`: `Offline`).
    pub online: bool,
    /// `lastLogin`, epoch milliseconds, when present.
    pub last_login_ms: Option<i64>,
    /// `isblack`, when present as a boolean.
    pub is_black: Option<bool>,
    /// The whole answer.
    pub answer: Answer,
}

impl Action for GetClientIdStatus {
    const NAME: &'static str = "getClientIdStatusAction";
    type Output = ClientIdStatus;

    fn write_members(&self, ctx: &RequestContext<'_>, obj: &mut ObjectWriter<'_>) {
        open::<Self>(ctx, obj);
        obj.str("appId", &self.app_id)
            .str("clientId", &self.client_id);
    }

    /// Success for `result` `Online` or `Offline` only.
    fn parse(answer: Answer) -> Result<ClientIdStatus, ApiError> {
        let online = match answer.code() {
            ResultCode::Online => true,
            ResultCode::Offline => false,
            _ => return Err(ApiError::new(Self::NAME, ApiErrorKind::Rejected, answer)),
        };
        Ok(ClientIdStatus {
            online,
            last_login_ms: answer.i64_member("lastLogin"),
            is_black: answer.get("isblack").and_then(Value::as_bool),
            answer,
        })
    }
}

/// `setTagAction` (official `setClientTag`): sets a client's tags (believed to replace the
/// previous set).
///
/// Members: `action`, `appkey`, `appId`, `clientId`, `tagList`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetClientTag {
    app_id: String,
    client_id: String,
    tags: Vec<String>,
}

impl SetClientTag {
    /// Gives `client_id` the tags `tags` (sent as given, empty strings included).
    pub fn new(
        app_id: impl Into<String>,
        client_id: impl Into<String>,
        tags: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        Self {
            app_id: app_id.into(),
            client_id: client_id.into(),
            tags: tags.into_iter().map(Into::into).collect(),
        }
    }
}

impl Action for SetClientTag {
    const NAME: &'static str = "setTagAction";
    type Output = Answer;

    fn write_members(&self, ctx: &RequestContext<'_>, obj: &mut ObjectWriter<'_>) {
        open::<Self>(ctx, obj);
        obj.str("appId", &self.app_id)
            .str("clientId", &self.client_id)
            .str_list("tagList", &self.tags);
    }

    fn size_hint(&self) -> usize {
        192 + list_hint(&self.tags)
    }

    fn parse(answer: Answer) -> Result<Answer, ApiError> {
        check::success(Self::NAME, answer)
    }
}

/// `getUserTags` (official `getUserTags`): a client's tags.
///
/// Members: `action`, `appkey`, `appId`, `clientId`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetUserTags {
    app_id: String,
    client_id: String,
}

impl GetUserTags {
    /// The tags of `client_id`.
    pub fn new(app_id: impl Into<String>, client_id: impl Into<String>) -> Self {
        Self {
            app_id: app_id.into(),
            client_id: client_id.into(),
        }
    }
}

/// The output of [`GetUserTags`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct UserTags {
    /// The tags of member `tags`: its strings when it is an array, its whitespace-separated
    /// words when it is a string (the shape is not documented; both have been seen).
    pub tags: Vec<String>,
    /// The whole answer.
    pub answer: Answer,
}

impl Action for GetUserTags {
    const NAME: &'static str = "getUserTags";
    type Output = UserTags;

    fn write_members(&self, ctx: &RequestContext<'_>, obj: &mut ObjectWriter<'_>) {
        open::<Self>(ctx, obj);
        obj.str("appId", &self.app_id)
            .str("clientId", &self.client_id);
    }

    fn parse(answer: Answer) -> Result<UserTags, ApiError> {
        let answer = check::success(Self::NAME, answer)?;
        let tags = match answer.get("tags") {
            Some(Value::String(text)) => text.split_whitespace().map(str::to_owned).collect(),
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            _ => Vec::new(),
        };
        Ok(UserTags { tags, answer })
    }
}

/// `changeTagAction` (official `changeClientTag`, Python only): changes one tag on many
/// clients.
///
/// Members: `action`, `appkey`, `appId`, `operation`, `tag`, `cids`. The allowed `operation`
/// values are not documented (`add` is used in practice); the text is sent as given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangeClientTag {
    app_id: String,
    tag: String,
    operation: String,
    client_ids: Vec<String>,
}

impl ChangeClientTag {
    /// Applies `operation` with `tag` to `client_ids`.
    pub fn new(
        app_id: impl Into<String>,
        tag: impl Into<String>,
        operation: impl Into<String>,
        client_ids: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        Self {
            app_id: app_id.into(),
            tag: tag.into(),
            operation: operation.into(),
            client_ids: client_ids.into_iter().map(Into::into).collect(),
        }
    }
}

impl Action for ChangeClientTag {
    const NAME: &'static str = "changeTagAction";
    type Output = Answer;

    fn write_members(&self, ctx: &RequestContext<'_>, obj: &mut ObjectWriter<'_>) {
        open::<Self>(ctx, obj);
        obj.str("appId", &self.app_id)
            .str("operation", &self.operation)
            .str("tag", &self.tag)
            .str_list("cids", &self.client_ids);
    }

    fn size_hint(&self) -> usize {
        192 + list_hint(&self.client_ids)
    }

    fn parse(answer: Answer) -> Result<Answer, ApiError> {
        check::success(Self::NAME, answer)
    }
}

/// `getUserCountByTags` (official `getUserCountByTags`): how many users carry the tags.
///
/// Members: `action`, `appkey`, `appId`, `tagList`. At most 10 tags (`gexin_tagList_limit`;
/// the Python SDK's own over-limit message crashes, defect 14 of the vectors' list: here it is
/// a [`ValidationError`] on `tagList`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetUserCountByTags {
    app_id: String,
    tags: Vec<String>,
}

impl GetUserCountByTags {
    /// Counts the users of `app_id` with `tags`; at most [`DEFAULT_TAG_LIST_LIMIT`] tags.
    ///
    /// ```
    /// use getui_protocol::action::GetUserCountByTags;
    /// let err = GetUserCountByTags::new("A", (0..11).map(|i| format!("t{i}"))).unwrap_err();
    /// assert_eq!(err.to_string(), "invalid `tagList`: at most 10 items allowed, got 11");
    /// ```
    pub fn new(
        app_id: impl Into<String>,
        tags: impl IntoIterator<Item = impl Into<String>>,
    ) -> Result<Self, ValidationError> {
        Self::with_limit(app_id, tags, DEFAULT_TAG_LIST_LIMIT)
    }

    /// Same as [`new`](Self::new) with a configured limit.
    pub fn with_limit(
        app_id: impl Into<String>,
        tags: impl IntoIterator<Item = impl Into<String>>,
        limit: usize,
    ) -> Result<Self, ValidationError> {
        let tags: Vec<String> = tags.into_iter().map(Into::into).collect();
        check_max_items("tagList", tags.len(), limit)?;
        Ok(Self {
            app_id: app_id.into(),
            tags,
        })
    }
}

/// The output of [`GetUserCountByTags`] and `QueryUserCount`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct UserCount {
    /// Member `userCount`, when present as an integer.
    pub user_count: Option<i64>,
    /// The whole answer (`getUserCountByTags` has also been seen answering `tagCount`).
    pub answer: Answer,
}

impl UserCount {
    pub(crate) fn parse(action: &'static str, answer: Answer) -> Result<Self, ApiError> {
        let answer = check::success(action, answer)?;
        Ok(Self {
            user_count: answer.i64_member("userCount"),
            answer,
        })
    }
}

impl Action for GetUserCountByTags {
    const NAME: &'static str = "getUserCountByTags";
    type Output = UserCount;

    fn write_members(&self, ctx: &RequestContext<'_>, obj: &mut ObjectWriter<'_>) {
        open::<Self>(ctx, obj);
        obj.str("appId", &self.app_id)
            .str_list("tagList", &self.tags);
    }

    fn parse(answer: Answer) -> Result<UserCount, ApiError> {
        UserCount::parse(Self::NAME, answer)
    }
}

/// `getPersonaTags` (official `getPersonaTags`): the big-data persona tags of an app.
///
/// Members: `action`, `appkey`, `appId`. The answer's shape is not documented (`tags`, an
/// array, has been seen); it is returned whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GetPersonaTags {
    app_id: String,
}

impl GetPersonaTags {
    /// The persona tags of `app_id`.
    pub fn new(app_id: impl Into<String>) -> Self {
        Self {
            app_id: app_id.into(),
        }
    }
}

impl Action for GetPersonaTags {
    const NAME: &'static str = "getPersonaTags";
    type Output = Answer;

    fn write_members(&self, ctx: &RequestContext<'_>, obj: &mut ObjectWriter<'_>) {
        open::<Self>(ctx, obj);
        obj.str("appId", &self.app_id);
    }

    fn parse(answer: Answer) -> Result<Answer, ApiError> {
        check::success(Self::NAME, answer)
    }
}

/// `alias_bind` (official `bindAlias`): binds an alias to a client id.
///
/// Members: `action`, `appkey`, `appid`, `alias`, `cid` (note the lowercase `appid`).
/// Documented rules the official SDKs do not check and neither does this type: aliases of at
/// most 40 UTF-8 bytes of letters, digits, `_` and Chinese characters; at most 10 client ids
/// per alias.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindAlias {
    app_id: String,
    alias: String,
    client_id: String,
}

impl BindAlias {
    /// Binds `alias` to `client_id`.
    pub fn new(
        app_id: impl Into<String>,
        alias: impl Into<String>,
        client_id: impl Into<String>,
    ) -> Self {
        Self {
            app_id: app_id.into(),
            alias: alias.into(),
            client_id: client_id.into(),
        }
    }
}

impl Action for BindAlias {
    const NAME: &'static str = "alias_bind";
    type Output = Answer;

    fn write_members(&self, ctx: &RequestContext<'_>, obj: &mut ObjectWriter<'_>) {
        open::<Self>(ctx, obj);
        obj.str("appid", &self.app_id)
            .str("alias", &self.alias)
            .str("cid", &self.client_id);
    }

    fn size_hint(&self) -> usize {
        192 + self.alias.len() * 3
    }

    fn parse(answer: Answer) -> Result<Answer, ApiError> {
        check::success(Self::NAME, answer)
    }
}

/// One `{"cid": …, "alias": …}` pair of [`BindAliasBatch`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliasBinding {
    /// The client id (`cid`).
    pub client_id: String,
    /// The alias.
    pub alias: String,
}

impl AliasBinding {
    /// A pair.
    pub fn new(client_id: impl Into<String>, alias: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
            alias: alias.into(),
        }
    }
}

/// `alias_bind_list` (official `bindAliasBatch`): binds many aliases at once.
///
/// Members: `action`, `appkey`, `appid`, `aliaslist` = `[{"cid": …, "alias": …}, …]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindAliasBatch {
    app_id: String,
    bindings: Vec<AliasBinding>,
}

impl BindAliasBatch {
    /// Binds every pair of `bindings` (the official SDK takes targets and uses their
    /// `clientId` and `alias`).
    pub fn new(
        app_id: impl Into<String>,
        bindings: impl IntoIterator<Item = AliasBinding>,
    ) -> Self {
        Self {
            app_id: app_id.into(),
            bindings: bindings.into_iter().collect(),
        }
    }
}

impl Action for BindAliasBatch {
    const NAME: &'static str = "alias_bind_list";
    type Output = Answer;

    fn write_members(&self, ctx: &RequestContext<'_>, obj: &mut ObjectWriter<'_>) {
        open::<Self>(ctx, obj);
        obj.str("appid", &self.app_id);
        let out = obj.key("aliaslist");
        out.push(b'[');
        for (i, binding) in self.bindings.iter().enumerate() {
            if i > 0 {
                out.extend_from_slice(b", ");
            }
            let mut item = ObjectWriter::new(out);
            item.str("cid", &binding.client_id)
                .str("alias", &binding.alias);
            item.finish();
        }
        out.push(b']');
    }

    fn size_hint(&self) -> usize {
        160 + self
            .bindings
            .iter()
            .map(|b| b.client_id.len() + b.alias.len() * 3 + 28)
            .sum::<usize>()
    }

    fn parse(answer: Answer) -> Result<Answer, ApiError> {
        check::success(Self::NAME, answer)
    }
}

/// `alias_query` by alias (official `queryClientId`): the client ids bound to an alias.
///
/// Members: `action`, `appkey`, `appid`, `alias`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryClientId {
    app_id: String,
    alias: String,
}

impl QueryClientId {
    /// The client ids of `alias`.
    pub fn new(app_id: impl Into<String>, alias: impl Into<String>) -> Self {
        Self {
            app_id: app_id.into(),
            alias: alias.into(),
        }
    }
}

/// The output of [`QueryClientId`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ClientIdList {
    /// The strings of member `cidlist` (empty when absent).
    pub client_ids: Vec<String>,
    /// The whole answer.
    pub answer: Answer,
}

impl Action for QueryClientId {
    const NAME: &'static str = "alias_query";
    type Output = ClientIdList;

    fn write_members(&self, ctx: &RequestContext<'_>, obj: &mut ObjectWriter<'_>) {
        open::<Self>(ctx, obj);
        obj.str("appid", &self.app_id).str("alias", &self.alias);
    }

    fn parse(answer: Answer) -> Result<ClientIdList, ApiError> {
        let answer = check::success(Self::NAME, answer)?;
        let client_ids = match answer.get("cidlist") {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            _ => Vec::new(),
        };
        Ok(ClientIdList { client_ids, answer })
    }
}

/// `alias_query` by client id (official `queryAlias`): the alias of a client.
///
/// Members: `action`, `appkey`, `appid`, `cid`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryAlias {
    app_id: String,
    client_id: String,
}

impl QueryAlias {
    /// The alias of `client_id`.
    pub fn new(app_id: impl Into<String>, client_id: impl Into<String>) -> Self {
        Self {
            app_id: app_id.into(),
            client_id: client_id.into(),
        }
    }
}

/// The output of [`QueryAlias`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct UserAlias {
    /// Member `alias`, when present as a string.
    pub alias: Option<String>,
    /// The whole answer.
    pub answer: Answer,
}

impl Action for QueryAlias {
    const NAME: &'static str = "alias_query";
    type Output = UserAlias;

    fn write_members(&self, ctx: &RequestContext<'_>, obj: &mut ObjectWriter<'_>) {
        open::<Self>(ctx, obj);
        obj.str("appid", &self.app_id).str("cid", &self.client_id);
    }

    fn parse(answer: Answer) -> Result<UserAlias, ApiError> {
        let answer = check::success(Self::NAME, answer)?;
        Ok(UserAlias {
            alias: answer.str_member("alias").map(str::to_owned),
            answer,
        })
    }
}

/// `alias_unbind` (official `unBindAlias` / `unBindAliasAll`): unbinds one client id from an
/// alias, or all of them.
///
/// Members: `action`, `appkey`, `appid`, `alias`, then `cid` only when the client id is not
/// blank (a blank one unbinds all, as in the official SDK).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnbindAlias {
    app_id: String,
    alias: String,
    client_id: Option<String>,
}

impl UnbindAlias {
    /// Unbinds `client_id` from `alias`; `None` or a blank id unbinds every client id.
    pub fn new(
        app_id: impl Into<String>,
        alias: impl Into<String>,
        client_id: Option<impl Into<String>>,
    ) -> Self {
        let client_id = client_id.map(Into::into).filter(|c| !c.trim().is_empty());
        Self {
            app_id: app_id.into(),
            alias: alias.into(),
            client_id,
        }
    }

    /// Unbinds every client id from `alias` (official `unBindAliasAll`).
    pub fn all(app_id: impl Into<String>, alias: impl Into<String>) -> Self {
        Self::new(app_id, alias, None::<String>)
    }
}

impl Action for UnbindAlias {
    const NAME: &'static str = "alias_unbind";
    type Output = Answer;

    fn write_members(&self, ctx: &RequestContext<'_>, obj: &mut ObjectWriter<'_>) {
        open::<Self>(ctx, obj);
        obj.str("appid", &self.app_id).str("alias", &self.alias);
        if let Some(cid) = &self.client_id {
            obj.str("cid", cid);
        }
    }

    fn parse(answer: Answer) -> Result<Answer, ApiError> {
        check::success(Self::NAME, answer)
    }
}

/// The `optType` of [`BlackCidList`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum BlackListOperation {
    /// `1`: add to the black list (blocked clients receive nothing).
    Add,
    /// `2`: restore (remove from the black list).
    Restore,
    /// Any other code, sent verbatim (the official `blackCidList` passes it through).
    Code(i64),
}

impl BlackListOperation {
    /// The `optType` integer.
    pub fn code(self) -> i64 {
        match self {
            BlackListOperation::Add => 1,
            BlackListOperation::Restore => 2,
            BlackListOperation::Code(code) => code,
        }
    }
}

/// `blackCidAction` (official `blackCidList`, `addCidListToBlk`, `restoreCidListFromBlk`):
/// adds client ids to the black list or restores them.
///
/// Members: `action`, `appkey`, `appId`, `cidList`, `optType`. At most 1000 client ids
/// (`gexin_max_blkCid_length`; the official SDKs crash or misreport on overflow, here it is a
/// [`ValidationError`] on `cidList`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlackCidList {
    app_id: String,
    client_ids: Vec<String>,
    operation: BlackListOperation,
}

impl BlackCidList {
    /// Applies `operation` to `client_ids`; at most [`DEFAULT_BLACK_CID_LIMIT`] of them.
    pub fn new(
        app_id: impl Into<String>,
        client_ids: impl IntoIterator<Item = impl Into<String>>,
        operation: BlackListOperation,
    ) -> Result<Self, ValidationError> {
        Self::with_limit(app_id, client_ids, operation, DEFAULT_BLACK_CID_LIMIT)
    }

    /// Same as [`new`](Self::new) with a configured limit.
    pub fn with_limit(
        app_id: impl Into<String>,
        client_ids: impl IntoIterator<Item = impl Into<String>>,
        operation: BlackListOperation,
        limit: usize,
    ) -> Result<Self, ValidationError> {
        let client_ids: Vec<String> = client_ids.into_iter().map(Into::into).collect();
        check_max_items("cidList", client_ids.len(), limit)?;
        Ok(Self {
            app_id: app_id.into(),
            client_ids,
            operation,
        })
    }
}

impl Action for BlackCidList {
    const NAME: &'static str = "blackCidAction";
    type Output = Answer;

    fn write_members(&self, ctx: &RequestContext<'_>, obj: &mut ObjectWriter<'_>) {
        open::<Self>(ctx, obj);
        obj.str("appId", &self.app_id)
            .str_list("cidList", &self.client_ids)
            .i64("optType", self.operation.code());
    }

    fn size_hint(&self) -> usize {
        192 + list_hint(&self.client_ids)
    }

    fn parse(answer: Answer) -> Result<Answer, ApiError> {
        check::success(Self::NAME, answer)
    }
}

/// The `badge` of [`SetBadge`]: the official SDK sends what it is given, a string such as
/// `"5"`, `"+1"`, `"-1"` (believed to follow the APNs `autoBadge` syntax), or a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Badge {
    /// Sent as a JSON string.
    Text(String),
    /// Sent as a JSON integer.
    Number(i64),
}

impl From<&str> for Badge {
    fn from(text: &str) -> Self {
        Badge::Text(text.to_owned())
    }
}

impl From<String> for Badge {
    fn from(text: String) -> Self {
        Badge::Text(text)
    }
}

impl From<i64> for Badge {
    fn from(n: i64) -> Self {
        Badge::Number(n)
    }
}

/// `setBadgeAction` (official `setBadge`, `setBadgeForCID`, `setBadgeForDeviceToken`): sets
/// the iOS badge of clients and/or device tokens.
///
/// Members: `action`, `appkey`, `badge`, `appid`, `deviceToken` (array), `cid` (array).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetBadge {
    badge: Badge,
    app_id: String,
    device_tokens: Vec<String>,
    client_ids: Vec<String>,
}

impl SetBadge {
    /// Sets `badge` on `device_tokens` and `client_ids` (official `setBadge`).
    pub fn new(
        badge: impl Into<Badge>,
        app_id: impl Into<String>,
        device_tokens: impl IntoIterator<Item = impl Into<String>>,
        client_ids: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        Self {
            badge: badge.into(),
            app_id: app_id.into(),
            device_tokens: device_tokens.into_iter().map(Into::into).collect(),
            client_ids: client_ids.into_iter().map(Into::into).collect(),
        }
    }

    /// Sets `badge` on client ids only (`deviceToken: []`, official `setBadgeForCID`).
    pub fn for_client_ids(
        badge: impl Into<Badge>,
        app_id: impl Into<String>,
        client_ids: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        Self::new(badge, app_id, Vec::<String>::new(), client_ids)
    }

    /// Sets `badge` on device tokens only (`cid: []`, official `setBadgeForDeviceToken`).
    pub fn for_device_tokens(
        badge: impl Into<Badge>,
        app_id: impl Into<String>,
        device_tokens: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        Self::new(badge, app_id, device_tokens, Vec::<String>::new())
    }
}

impl Action for SetBadge {
    const NAME: &'static str = "setBadgeAction";
    type Output = Answer;

    fn write_members(&self, ctx: &RequestContext<'_>, obj: &mut ObjectWriter<'_>) {
        open::<Self>(ctx, obj);
        match &self.badge {
            Badge::Text(text) => obj.str("badge", text),
            Badge::Number(n) => obj.i64("badge", *n),
        };
        obj.str("appid", &self.app_id)
            .str_list("deviceToken", &self.device_tokens)
            .str_list("cid", &self.client_ids);
    }

    fn size_hint(&self) -> usize {
        192 + list_hint(&self.device_tokens) + list_hint(&self.client_ids)
    }

    fn parse(answer: Answer) -> Result<Answer, ApiError> {
        check::success(Self::NAME, answer)
    }
}

macro_rules! app_task_action {
    ($(#[$doc:meta])* $name:ident, $action:literal, $ctor_doc:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name {
            app_id: String,
            task_id: String,
        }

        impl $name {
            #[doc = $ctor_doc]
            pub fn new(app_id: impl Into<String>, task_id: impl Into<String>) -> Self {
                Self {
                    app_id: app_id.into(),
                    task_id: task_id.into(),
                }
            }
        }

        impl Action for $name {
            const NAME: &'static str = $action;
            type Output = Answer;

            fn write_members(&self, ctx: &RequestContext<'_>, obj: &mut ObjectWriter<'_>) {
                obj.str("action", Self::NAME)
                    .str("appId", &self.app_id)
                    .str("appkey", ctx.app_key)
                    .str("taskId", &self.task_id);
            }

            fn parse(answer: Answer) -> Result<Answer, ApiError> {
                check::success(Self::NAME, answer)
            }
        }
    };
}

app_task_action!(
    /// `getScheduleTaskAction` (official `getScheduleTask`): a scheduled task (an app push
    /// with `pushTime`).
    ///
    /// Members: `action`, `appId`, `appkey`, `taskId` (note the order). The answer's shape is
    /// not documented (`taskDetail` has been seen); it is returned whole.
    GetScheduleTask,
    "getScheduleTaskAction",
    "The scheduled task `task_id` of `app_id`."
);

app_task_action!(
    /// `delScheduleTaskAction` (official `delScheduleTask`): deletes a scheduled task.
    ///
    /// Members: `action`, `appId`, `appkey`, `taskId`.
    DelScheduleTask,
    "delScheduleTaskAction",
    "Deletes the scheduled task `task_id` of `app_id`."
);

app_task_action!(
    /// `stop_sms` (official `stopSendSms`): stops the SMS fallback of a task.
    ///
    /// Members: `action`, `appId`, `appkey`, `taskId`.
    StopSendSms,
    "stop_sms",
    "Stops the SMS fallback of task `task_id` of `app_id`."
);

/// `bind_cid_pn` (official `bindCidPn`): binds client ids to phone number digests for the SMS
/// fallback.
///
/// Members: `action`, `appId`, `appkey`, `cidpnlist` = `{clientId: digest, …}` in the given
/// order. The digest rules are not documented (the PHP demo uses `md5(phoneNumber)`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindCidPn {
    app_id: String,
    pairs: Vec<(String, String)>,
}

impl BindCidPn {
    /// Binds each `(client id, phone digest)` pair; a client id given twice keeps its last
    /// digest (as a Python dict would).
    pub fn new(
        app_id: impl Into<String>,
        pairs: impl IntoIterator<Item = (impl Into<String>, impl Into<String>)>,
    ) -> Self {
        let mut unique: Vec<(String, String)> = Vec::new();
        for (cid, pn) in pairs {
            let (cid, pn) = (cid.into(), pn.into());
            match unique.iter_mut().find(|(c, _)| *c == cid) {
                Some(slot) => slot.1 = pn,
                None => unique.push((cid, pn)),
            }
        }
        Self {
            app_id: app_id.into(),
            pairs: unique,
        }
    }
}

impl Action for BindCidPn {
    const NAME: &'static str = "bind_cid_pn";
    type Output = Answer;

    fn write_members(&self, ctx: &RequestContext<'_>, obj: &mut ObjectWriter<'_>) {
        obj.str("action", Self::NAME)
            .str("appId", &self.app_id)
            .str("appkey", ctx.app_key);
        let mut map = ObjectWriter::new(obj.key("cidpnlist"));
        for (cid, pn) in &self.pairs {
            map.str(cid, pn);
        }
        map.finish();
    }

    fn size_hint(&self) -> usize {
        160 + self
            .pairs
            .iter()
            .map(|(c, p)| c.len() + p.len() + 8)
            .sum::<usize>()
    }

    fn parse(answer: Answer) -> Result<Answer, ApiError> {
        check::success(Self::NAME, answer)
    }
}

macro_rules! app_cids_action {
    ($(#[$doc:meta])* $name:ident, $action:literal, $ctor_doc:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name {
            app_id: String,
            client_ids: Vec<String>,
        }

        impl $name {
            #[doc = $ctor_doc]
            pub fn new(
                app_id: impl Into<String>,
                client_ids: impl IntoIterator<Item = impl Into<String>>,
            ) -> Self {
                Self {
                    app_id: app_id.into(),
                    client_ids: client_ids.into_iter().map(Into::into).collect(),
                }
            }
        }

        impl Action for $name {
            const NAME: &'static str = $action;
            type Output = Answer;

            fn write_members(&self, ctx: &RequestContext<'_>, obj: &mut ObjectWriter<'_>) {
                obj.str("action", Self::NAME)
                    .str("appId", &self.app_id)
                    .str("appkey", ctx.app_key)
                    .str_list("cids", &self.client_ids);
            }

            fn size_hint(&self) -> usize {
                160 + list_hint(&self.client_ids)
            }

            fn parse(answer: Answer) -> Result<Answer, ApiError> {
                check::success(Self::NAME, answer)
            }
        }
    };
}

app_cids_action!(
    /// `unbind_cid_pn` (official `unbindCidPn`): removes the phone bindings of client ids.
    ///
    /// Members: `action`, `appId`, `appkey`, `cids`.
    UnbindCidPn,
    "unbind_cid_pn",
    "Unbinds the phone digests of `client_ids`."
);

app_cids_action!(
    /// `query_cid_pn` (official `queryCidPn`): the phone bindings of client ids.
    ///
    /// Members: `action`, `appId`, `appkey`, `cids`. The answer's shape is not documented
    /// (`data`, an object, has been seen); it is returned whole.
    QueryCidPn,
    "query_cid_pn",
    "Queries the phone digests of `client_ids`."
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::encode;
    use crate::answer::AnswerLimits;

    fn text<A: Action>(action: &A) -> String {
        String::from_utf8(encode(action, &RequestContext::new("K")).json).unwrap()
    }

    fn answer(text: &str) -> Answer {
        Answer::parse(text.as_bytes(), &AnswerLimits::default()).unwrap()
    }

    #[test]
    fn black_list_limit() {
        let cids: Vec<String> = (0..1001).map(|i| format!("{i:032x}")).collect();
        let err = BlackCidList::new("A", &cids, BlackListOperation::Add).unwrap_err();
        assert_eq!(err.field(), "cidList");
        assert_eq!(
            err.rule(),
            &Rule::MaxItems {
                max: 1000,
                actual: 1001
            }
        );
        assert!(BlackCidList::new("A", &cids[..1000], BlackListOperation::Add).is_ok());
        assert!(BlackCidList::with_limit("A", &cids[..3], BlackListOperation::Add, 2).is_err());
    }

    #[test]
    fn tag_list_limit() {
        assert!(GetUserCountByTags::new("A", ["t"; 10]).is_ok());
        let err = GetUserCountByTags::new("A", ["t"; 11]).unwrap_err();
        assert_eq!(err.field(), "tagList");
        assert!(GetUserCountByTags::with_limit("A", ["t"; 11], 20).is_ok());
    }

    #[test]
    fn unbind_alias_blank_cid_is_omitted() {
        assert!(!text(&UnbindAlias::new("A", "al", Some("  "))).contains("cid"));
        assert!(!text(&UnbindAlias::all("A", "al")).contains("cid"));
        assert!(text(&UnbindAlias::new("A", "al", Some("c1"))).contains(r#""cid": "c1""#));
    }

    #[test]
    fn badge_keeps_its_json_type() {
        assert!(text(&SetBadge::for_client_ids(0, "A", ["c"])).contains(r#""badge": 0,"#));
        assert!(text(&SetBadge::for_client_ids("+1", "A", ["c"])).contains(r#""badge": "+1","#));
        assert!(text(&SetBadge::for_device_tokens("5", "A", ["d"])).contains(r#""cid": []"#));
    }

    #[test]
    fn cid_pn_duplicates_keep_the_last_digest_in_first_position() {
        let t = text(&BindCidPn::new(
            "A",
            [("c1", "x"), ("c2", "y"), ("c1", "z")],
        ));
        assert!(t.contains(r#""cidpnlist": {"c1": "z", "c2": "y"}"#), "{t}");
    }

    #[test]
    fn black_list_codes() {
        assert_eq!(BlackListOperation::Add.code(), 1);
        assert_eq!(BlackListOperation::Restore.code(), 2);
        assert_eq!(BlackListOperation::Code(7).code(), 7);
    }

    #[test]
    fn stop_and_cancel_need_ok() {
        assert!(StopTask::parse(answer(r#"{"result": "ok"}"#)).is_ok());
        let err = StopTask::parse(answer(r#"{"result": "NoValidPush"}"#)).unwrap_err();
        assert_eq!(err.kind(), ApiErrorKind::Rejected);
        assert!(CancelContentId::parse(answer(r#"{"result": "Success"}"#)).is_err());
    }

    #[test]
    fn client_status() {
        let s = GetClientIdStatus::parse(answer(
            r#"{"result": "Online", "lastLogin": 1700000000000, "isblack": false}"#,
        ))
        .unwrap();
        assert!(s.online);
        assert_eq!(s.last_login_ms, Some(1_700_000_000_000));
        assert_eq!(s.is_black, Some(false));
        let s = GetClientIdStatus::parse(answer(r#"{"result": "Offline"}"#)).unwrap();
        assert!(!s.online && s.last_login_ms.is_none() && s.is_black.is_none());
        assert!(GetClientIdStatus::parse(answer(r#"{"result": "ok"}"#)).is_err());
        assert!(
            GetClientIdStatus::parse(answer(r#"{"result": "sign_error"}"#))
                .unwrap_err()
                .is_sign_error()
        );
    }

    #[test]
    fn user_tags_shapes() {
        let t = GetUserTags::parse(answer(r#"{"result": "ok", "tags": "tag1 tag2"}"#)).unwrap();
        assert_eq!(t.tags, ["tag1", "tag2"]);
        let t = GetUserTags::parse(answer(r#"{"result": "ok", "tags": ["a b", "c"]}"#)).unwrap();
        assert_eq!(t.tags, ["a b", "c"]);
        let t = GetUserTags::parse(answer(r#"{"result": "ok"}"#)).unwrap();
        assert!(t.tags.is_empty());
    }

    #[test]
    fn alias_queries() {
        let c = QueryClientId::parse(answer(r#"{"result": "ok", "cidlist": ["a", "b"]}"#)).unwrap();
        assert_eq!(c.client_ids, ["a", "b"]);
        let a = QueryAlias::parse(answer(r#"{"result": "ok", "alias": "x"}"#)).unwrap();
        assert_eq!(a.alias.as_deref(), Some("x"));
        assert!(QueryAlias::parse(answer(r#"{"result": "Error"}"#)).is_err());
    }

    #[test]
    fn user_count() {
        let c =
            GetUserCountByTags::parse(answer(r#"{"result": "Success", "userCount": 12}"#)).unwrap();
        assert_eq!(c.user_count, Some(12));
    }
}
