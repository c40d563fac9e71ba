//! Push actions that carry a template: single push, list/app preparation, list push, tag push,
//! batch single push, the APN actions and the user count by conditions (docs/protocol-legacy.md sections
//! 7.2–7.4, 7.6, 7.8, 7.10–7.11, 7.14).
//!
//! The template is encoded (and validated) when the action is built: the `Transparent` bytes
//! (`clientData`) or `PushInfo` bytes (`PI`) are kept in the action and written as base64
//! straight into the request buffer by [`encode`](super::encode).

use getui_model::json_text::ObjectWriter;
use getui_model::{
    AppConditions, AppMessage, Condition, ListMessage, PushNetworkType, Rule, SingleMessage,
    Target, TaskGroupName, Template, ValidationError,
};

use super::push::{
    check_device_token, BatchPushResult, ListPushOptions, ListPushResult, PreparedTask,
    SinglePushResult, TaskPushResult,
};
use super::{list_hint, open, Action, RequestContext, BATCH_ITEM_VERSION};
use crate::action::manage::UserCount;
use crate::answer::{Answer, ApiError};
use crate::pb;

/// A new request id: a random (v4) UUID, lowercase hyphenated.
pub(crate) fn new_request_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for getui_model::SingleMessage {}
    impl Sealed for getui_model::ListMessage {}
    impl Sealed for getui_model::AppMessage {}
}

/// The fields every message class shares (`IGtSingleMessage`, `IGtListMessage`,
/// `IGtAppMessage`), for the actions that accept any of them (`apnGetContentIdAction`).
pub trait PushMessage: sealed::Sealed {
    /// The template (`data`).
    fn template(&self) -> &Template;
    /// `isOffline`.
    fn is_offline(&self) -> bool;
    /// `offlineExpireTime`, in milliseconds.
    fn offline_expire_time(&self) -> i64;
    /// `pushNetWorkType`.
    fn push_network_type(&self) -> PushNetworkType;
}

macro_rules! push_message {
    ($($ty:ty),*) => {$(
        impl PushMessage for $ty {
            fn template(&self) -> &Template {
                &self.data
            }
            fn is_offline(&self) -> bool {
                self.is_offline
            }
            fn offline_expire_time(&self) -> i64 {
                self.offline_expire_time
            }
            fn push_network_type(&self) -> PushNetworkType {
                self.push_network_type
            }
        }
    )*};
}

push_message!(SingleMessage, ListMessage, AppMessage);

/// The members of a template push: `clientData` … `pushNetWorkType`, and `pushType`.
#[derive(Debug, Clone, PartialEq)]
struct MessageParams<'a> {
    /// The serialized `Transparent`, written as base64.
    transparent: Vec<u8>,
    template: &'a Template,
    is_offline: bool,
    offline_expire_time: i64,
    push_network_type: PushNetworkType,
}

impl<'a> MessageParams<'a> {
    /// Validates and encodes the message's template (errors are named `data.<field>`).
    fn new(message: &'a impl PushMessage) -> Result<Self, ValidationError> {
        let template = message.template();
        let transparent = pb::transparent(template).map_err(|e| e.within("data"))?;
        Ok(Self {
            transparent,
            template,
            is_offline: message.is_offline(),
            offline_expire_time: message.offline_expire_time(),
            push_network_type: message.push_network_type(),
        })
    }

    /// `clientData`, `transmissionContent`, `isOffline`, `offlineExpireTime`,
    /// `pushNetWorkType`, in that order.
    fn write(&self, obj: &mut ObjectWriter<'_>) {
        let out = obj.key("clientData");
        out.push(b'"');
        pb::append_base64(&self.transparent, out);
        out.push(b'"');
        obj.str("transmissionContent", self.template.transmission_content())
            .bool("isOffline", self.is_offline)
            .i64("offlineExpireTime", self.offline_expire_time)
            .i64("pushNetWorkType", i64::from(self.push_network_type.value()));
    }

    fn push_type(&self) -> &str {
        self.template.push_type()
    }

    fn size_hint(&self) -> usize {
        self.transparent.len() * 4 / 3 + 4 + self.template.transmission_content().len() * 2 + 160
    }
}

/// `pushMessageToSingleAction` (official `pushMessageToSingle`): pushes a message to one
/// client (by client id, or by alias when the client id is empty).
///
/// Members: `requestId`, `action`, `appkey`, `clientData`, `transmissionContent`,
/// `isOffline`, `offlineExpireTime`, `pushNetWorkType`, `appId`, `clientId`, `alias`, `type`
/// (2), `pushType`. The request id is kept in the value: encoding it again (after a
/// reconnect, or to retry after a timeout) sends the same `requestId`, which the server
/// de-duplicates.
///
/// An `APNTemplate` is accepted and sent with `pushType` `""` (as the C# and Node SDKs do; the
/// Python SDK raises, its defect #12).
///
/// ```
/// use getui_model::{SingleMessage, Target, TransmissionTemplate};
/// use getui_protocol::action::{encode, Action, PushMessageToSingle, RequestContext};
/// let template = TransmissionTemplate::builder()
///     .app_id("APPID").app_key("APPKEY").transmission_content("hello").build()?;
/// let message = SingleMessage::new(template);
/// let target = Target::client("APPID", "CID");
/// let action = PushMessageToSingle::with_request_id(&message, &target, "REQ")?;
/// let req = encode(&action, &RequestContext::new("APPKEY"));
/// assert_eq!(action.request_id(), Some("REQ"));
/// assert!(std::str::from_utf8(&req.json).unwrap().starts_with(r#"{"requestId": "REQ", "action": "pushMessageToSingleAction""#));
/// # Ok::<(), getui_model::ValidationError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PushMessageToSingle<'a> {
    request_id: String,
    params: MessageParams<'a>,
    target: &'a Target,
}

impl<'a> PushMessageToSingle<'a> {
    /// A single push with a new random request id.
    pub fn new(message: &'a SingleMessage, target: &'a Target) -> Result<Self, ValidationError> {
        Self::with_request_id(message, target, new_request_id())
    }

    /// A single push with the caller's request id (sent as given, even empty), e.g. to retry
    /// a push whose answer was lost.
    pub fn with_request_id(
        message: &'a SingleMessage,
        target: &'a Target,
        request_id: impl Into<String>,
    ) -> Result<Self, ValidationError> {
        target.validate()?;
        Ok(Self {
            request_id: request_id.into(),
            params: MessageParams::new(message)?,
            target,
        })
    }
}

impl Action for PushMessageToSingle<'_> {
    const NAME: &'static str = "pushMessageToSingleAction";
    type Output = SinglePushResult;

    fn write_members(&self, ctx: &RequestContext<'_>, obj: &mut ObjectWriter<'_>) {
        obj.str("requestId", &self.request_id);
        open::<Self>(ctx, obj);
        self.params.write(obj);
        obj.str("appId", &self.target.app_id)
            .str("clientId", &self.target.client_id)
            .str("alias", &self.target.alias)
            .i64("type", 2)
            .str("pushType", self.params.push_type());
    }

    fn request_id(&self) -> Option<&str> {
        Some(&self.request_id)
    }

    fn size_hint(&self) -> usize {
        self.params.size_hint()
            + self.request_id.len()
            + self.target.app_id.len()
            + self.target.client_id.len()
            + self.target.alias.len() * 3
            + self.params.push_type().len()
            + 160
    }

    fn parse(answer: Answer) -> Result<SinglePushResult, ApiError> {
        SinglePushResult::parse(Self::NAME, answer)
    }
}

/// Which message a [`GetContentId`] prepares.
#[derive(Debug, Clone, PartialEq)]
enum ContentKind<'a> {
    Single,
    List,
    App(&'a AppMessage),
}

/// `getContentIdAction` (official `getContentId`, and the first step of `pushMessageToApp`):
/// uploads a list or app message and returns its task id (`contentId`).
///
/// Members: `taskGroupName` (only when not blank), `action`, `appkey`, `clientData`,
/// `transmissionContent`, `isOffline`, `offlineExpireTime`, `pushNetWorkType`, `pushType`,
/// `type` (2), then for a list message `contentType` (1); for an app message the three lists
/// `phoneTypeList`, `provinceList`, `tagList` (or `conditions` when set), `speed`,
/// `contentType` (2), `appIdList` and `pushTime` (when not empty); nothing more for a single
/// message (the Python SDK accepts one).
///
/// The task group name is limited to 40 UTF-8 **bytes** (the C#/PHP rule; the Python SDK
/// counts characters, its defect #12 of docs/protocol-legacy.md section 11).
#[derive(Debug, Clone, PartialEq)]
pub struct GetContentId<'a> {
    task_group_name: Option<String>,
    params: MessageParams<'a>,
    kind: ContentKind<'a>,
}

impl<'a> GetContentId<'a> {
    fn build(
        message: &'a impl PushMessage,
        task_group_name: Option<&str>,
        kind: ContentKind<'a>,
    ) -> Result<Self, ValidationError> {
        let task_group_name = match task_group_name {
            Some(name) if !name.trim().is_empty() => {
                TaskGroupName::validate(name)?;
                Some(name.to_owned())
            }
            _ => None,
        };
        Ok(Self {
            task_group_name,
            params: MessageParams::new(message)?,
            kind,
        })
    }

    /// Prepares a list push (`contentType` 1), optionally in a task group.
    pub fn list(
        message: &'a ListMessage,
        task_group_name: Option<&str>,
    ) -> Result<Self, ValidationError> {
        Self::build(message, task_group_name, ContentKind::List)
    }

    /// Prepares an app push (`contentType` 2), optionally in a task group.
    pub fn app(
        message: &'a AppMessage,
        task_group_name: Option<&str>,
    ) -> Result<Self, ValidationError> {
        if let Some(conditions) = &message.conditions {
            conditions.validate().map_err(|e| e.within("conditions"))?;
        }
        Self::build(message, task_group_name, ContentKind::App(message))
    }

    /// Prepares a single message for a list push (no `contentType`, as the Python SDK sends).
    pub fn single(
        message: &'a SingleMessage,
        task_group_name: Option<&str>,
    ) -> Result<Self, ValidationError> {
        Self::build(message, task_group_name, ContentKind::Single)
    }
}

/// Writes `[{"key": …, "values": […], "optType": n}, …]`.
fn write_conditions(out: &mut Vec<u8>, conditions: &[Condition]) {
    out.push(b'[');
    for (i, c) in conditions.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(b", ");
        }
        let mut obj = ObjectWriter::new(out);
        obj.str("key", &c.key)
            .str_list("values", &c.values)
            .i64("optType", i64::from(c.opt_type.value()));
        obj.finish();
    }
    out.push(b']');
}

fn conditions_hint(conditions: &[Condition]) -> usize {
    conditions
        .iter()
        .map(|c| c.key.len() + list_hint(&c.values) + 40)
        .sum()
}

impl Action for GetContentId<'_> {
    const NAME: &'static str = "getContentIdAction";
    type Output = PreparedTask;

    fn write_members(&self, ctx: &RequestContext<'_>, obj: &mut ObjectWriter<'_>) {
        if let Some(name) = &self.task_group_name {
            obj.str("taskGroupName", name);
        }
        open::<Self>(ctx, obj);
        self.params.write(obj);
        obj.str("pushType", self.params.push_type()).i64("type", 2);
        match self.kind {
            ContentKind::Single => {}
            ContentKind::List => {
                obj.i64("contentType", 1);
            }
            ContentKind::App(app) => {
                match &app.conditions {
                    None => {
                        obj.str_list("phoneTypeList", &app.phone_type_list)
                            .str_list("provinceList", &app.province_list)
                            .str_list("tagList", &app.tag_list);
                    }
                    Some(conditions) => {
                        write_conditions(obj.key("conditions"), &conditions.condition)
                    }
                }
                obj.i64("speed", i64::from(app.speed))
                    .i64("contentType", 2)
                    .str_list("appIdList", &app.app_id_list);
                if !app.push_time.is_empty() {
                    obj.str("pushTime", &app.push_time);
                }
            }
        }
    }

    fn size_hint(&self) -> usize {
        let app = match self.kind {
            ContentKind::App(app) => {
                list_hint(&app.phone_type_list)
                    + list_hint(&app.province_list) * 3
                    + list_hint(&app.tag_list) * 3
                    + list_hint(&app.app_id_list)
                    + app
                        .conditions
                        .as_ref()
                        .map_or(0, |c| conditions_hint(&c.condition))
                    + 160
            }
            _ => 32,
        };
        self.params.size_hint()
            + app
            + self
                .task_group_name
                .as_ref()
                .map_or(0, |n| n.len() * 6 + 20)
    }

    /// Success only for `result` `ok` with a `contentId`.
    fn parse(answer: Answer) -> Result<PreparedTask, ApiError> {
        PreparedTask::parse(Self::NAME, answer)
    }
}

/// `text.trim()`, at the cost of two byte comparisons for the usual text that starts and ends
/// with an ASCII character other than white space (a list push trims 10,000 client ids).
#[inline]
fn trim(text: &str) -> &str {
    let bytes = text.as_bytes();
    let kept = |b: &u8| b.is_ascii() && !b.is_ascii_whitespace() && *b != 0x0b;
    match (bytes.first(), bytes.last()) {
        (Some(first), Some(last)) if kept(first) && kept(last) => text,
        _ => text.trim(),
    }
}

/// A JSON array of strings written item by item (Python separators).
///
/// The buffer grows as items come, on purpose: reserving a 10,000-id list at once (one
/// allocation of ~360 KB) made glibc's allocator hand the memory back to the system after
/// each body and fault it in again for the next (1.69 against 1.38 ms per 10,000-id list
/// push body in `cargo xtask bench`); the doubling reallocations do not.
#[derive(Default)]
struct JsonList {
    text: Vec<u8>,
}

impl JsonList {
    fn push(&mut self, item: &str) {
        self.text
            .extend_from_slice(if self.text.is_empty() { b"[" } else { b", " });
        getui_model::json_text::write_str(&mut self.text, item);
    }

    fn finish(mut self) -> Vec<u8> {
        if self.text.is_empty() {
            self.text.push(b'[');
        }
        self.text.push(b']');
        self.text
    }
}

/// `pushMessageToListAction` (official `pushMessageToList`): pushes a prepared list task to
/// targets.
///
/// Members: `action`, `appkey`, `contentId`, `needDetails`, `async`, `appId` (the first
/// non-blank target app id, trimmed), `clientIdList` (trimmed non-blank client ids),
/// `aliasList` (trimmed non-blank aliases of targets without a client id), `type` (2). Sent
/// gzip-compressed. At most [`ListPushOptions::target_limit`] targets (counted as given, like
/// the official SDKs), else a [`ValidationError`] on `targets`. `needDetails` and `async` are
/// JSON booleans (the Python SDK sends the environment's strings, defect 18 of the vectors'
/// list).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushMessageToList {
    task_id: String,
    app_id: String,
    /// `clientIdList` as JSON text, written once when the action is built (one buffer instead
    /// of a `String` per target: list pushes carry up to 10,000 of them).
    client_id_list: Vec<u8>,
    /// `aliasList` as JSON text.
    alias_list: Vec<u8>,
    need_details: bool,
    async_push: bool,
}

impl PushMessageToList {
    /// Pushes task `task_id` (from [`GetContentId`]) to `targets`.
    ///
    /// ```
    /// use getui_model::Target;
    /// use getui_protocol::action::{ListPushOptions, PushMessageToList};
    /// let targets: Vec<Target> = (0..1001).map(|i| Target::client("A", format!("c{i}"))).collect();
    /// let err = PushMessageToList::new("OSL-1", &targets, ListPushOptions::default()).unwrap_err();
    /// assert_eq!(err.to_string(), "invalid `targets`: at most 1000 items allowed, got 1001");
    /// ```
    pub fn new<'t>(
        task_id: impl Into<String>,
        targets: impl IntoIterator<Item = &'t Target>,
        options: ListPushOptions,
    ) -> Result<Self, ValidationError> {
        let mut count = 0usize;
        let mut app_id = String::new();
        let mut client_id_list = JsonList::default();
        let mut alias_list = JsonList::default();
        for target in targets {
            count += 1;
            let client_id = trim(&target.client_id);
            if !client_id.is_empty() {
                client_id_list.push(client_id);
            } else {
                // The alias only counts without a client id.
                let alias = trim(&target.alias);
                if !alias.is_empty() {
                    alias_list.push(alias);
                }
            }
            if app_id.is_empty() {
                target.app_id.trim().clone_into(&mut app_id);
            }
        }
        let limit = options.target_limit();
        if count > limit {
            return Err(ValidationError::new(
                "targets",
                Rule::MaxItems {
                    max: limit,
                    actual: count,
                },
            ));
        }
        Ok(Self {
            task_id: task_id.into(),
            app_id,
            client_id_list: client_id_list.finish(),
            alias_list: alias_list.finish(),
            need_details: options.need_details,
            async_push: options.async_push,
        })
    }
}

impl Action for PushMessageToList {
    const NAME: &'static str = "pushMessageToListAction";
    const GZIP: bool = true;
    type Output = ListPushResult;

    fn write_members(&self, ctx: &RequestContext<'_>, obj: &mut ObjectWriter<'_>) {
        open::<Self>(ctx, obj);
        obj.str("contentId", &self.task_id)
            .bool("needDetails", self.need_details)
            .bool("async", self.async_push)
            .str("appId", &self.app_id)
            .raw_bytes("clientIdList", &self.client_id_list)
            .raw_bytes("aliasList", &self.alias_list)
            .i64("type", 2);
    }

    fn size_hint(&self) -> usize {
        256 + self.task_id.len()
            + self.app_id.len()
            + self.client_id_list.len()
            + self.alias_list.len()
    }

    fn parse(answer: Answer) -> Result<ListPushResult, ApiError> {
        ListPushResult::parse(Self::NAME, answer)
    }
}

/// `pushMessageByTagAction` (official `pushTagMessage`, `pushTagMessageRetry`): pushes to the
/// users of the message's apps carrying its `tag`.
///
/// Members: `action`, `appkey`, `clientData`, `transmissionContent`, `isOffline`,
/// `offlineExpireTime`, `pushNetWorkType`, `appIdList`, `speed`, `requestId`, `tag` (no `type`,
/// no `pushType`). The tag must not be empty (the official SDKs do not check; PHP refuses a
/// message that is not a tag message).
#[derive(Debug, Clone, PartialEq)]
pub struct PushMessageByTag<'a> {
    request_id: String,
    params: MessageParams<'a>,
    message: &'a AppMessage,
}

impl<'a> PushMessageByTag<'a> {
    /// A tag push with a new random request id (official `pushTagMessageRetry`).
    pub fn new(message: &'a AppMessage) -> Result<Self, ValidationError> {
        Self::with_request_id(message, "")
    }

    /// A tag push with the caller's request id; a blank one is replaced by a new random id
    /// (official `pushTagMessage`).
    pub fn with_request_id(
        message: &'a AppMessage,
        request_id: impl Into<String>,
    ) -> Result<Self, ValidationError> {
        if message.tag.is_empty() {
            return Err(ValidationError::new("tag", Rule::Required));
        }
        let mut request_id = request_id.into();
        if request_id.trim().is_empty() {
            request_id = new_request_id();
        }
        Ok(Self {
            request_id,
            params: MessageParams::new(message)?,
            message,
        })
    }
}

impl Action for PushMessageByTag<'_> {
    const NAME: &'static str = "pushMessageByTagAction";
    type Output = TaskPushResult;

    fn write_members(&self, ctx: &RequestContext<'_>, obj: &mut ObjectWriter<'_>) {
        open::<Self>(ctx, obj);
        self.params.write(obj);
        obj.str_list("appIdList", &self.message.app_id_list)
            .i64("speed", i64::from(self.message.speed))
            .str("requestId", &self.request_id)
            .str("tag", &self.message.tag);
    }

    fn request_id(&self) -> Option<&str> {
        Some(&self.request_id)
    }

    fn size_hint(&self) -> usize {
        self.params.size_hint()
            + list_hint(&self.message.app_id_list)
            + self.message.tag.len() * 6
            + 96
    }

    fn parse(answer: Answer) -> Result<TaskPushResult, ApiError> {
        TaskPushResult::parse(Self::NAME, answer)
    }
}

/// The client-side batch of single pushes (official `BatchImpl(appKey, push)`): collect up to
/// 5000 `(message, target)` items with [`add`](Self::add), then [`submit`](Self::submit) them
/// as one `pushMessageToSingleBatchAction`.
///
/// Each item is the JSON text of a single push (members `action`, `appkey`, `clientData`,
/// `transmissionContent`, `isOffline`, `offlineExpireTime`, `pushNetWorkType`, `appId`,
/// `clientId`, `type`, `pushType`, `version` = `"3.0.0.0"`; no alias, no request id), with
/// sequence numbers from 0. The batch's app key is used for the items and the request (normally
/// the client's).
///
/// Retrying (official `retry()`) is encoding the same [`PushMessageToSingleBatch`] again: same
/// `requestId`, same batch id and items, current token. The official `getBatch()` always
/// crashes (defect 3); construct the batch directly.
///
/// ```
/// use getui_model::{SingleMessage, Target, TransmissionTemplate};
/// use getui_protocol::action::{encode, RequestContext, SingleBatch};
/// let message = SingleMessage::new(TransmissionTemplate::builder().app_id("A").app_key("K").build()?);
/// let mut batch = SingleBatch::new("K");
/// assert_eq!(batch.add(&message, &Target::client("A", "cid1"))?, 1);
/// assert_eq!(batch.add(&message, &Target::client("A", "cid2"))?, 2);
/// let submit = batch.submit(false);
/// assert!(batch.is_empty());
/// let req = encode(&submit, &RequestContext::new("K"));
/// assert!(req.gzip);
/// # Ok::<(), getui_model::ValidationError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SingleBatch {
    app_key: String,
    batch_id: String,
    items: Vec<String>,
}

impl SingleBatch {
    /// The most items one submit may carry.
    pub const MAX_ITEMS: usize = 5000;

    /// An empty batch with a new random batch id.
    pub fn new(app_key: impl Into<String>) -> Self {
        Self::with_batch_id(app_key, new_request_id())
    }

    /// An empty batch with the caller's batch id.
    pub fn with_batch_id(app_key: impl Into<String>, batch_id: impl Into<String>) -> Self {
        Self {
            app_key: app_key.into(),
            batch_id: batch_id.into(),
            items: Vec::new(),
        }
    }

    /// The batch id (`SingleBatchRequest.batchId`), the same for every submit of this batch.
    pub fn batch_id(&self) -> &str {
        &self.batch_id
    }

    /// The app key of the batch.
    pub fn app_key(&self) -> &str {
        &self.app_key
    }

    /// The number of items waiting for [`submit`](Self::submit).
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether no item waits.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Adds one push; returns the number of items now waiting (the official return value).
    ///
    /// Fails when 5000 items already wait (`batchItem`), when the target has no client id
    /// (`clientId`: batch items carry no alias) or when the message is invalid (`data.…`).
    pub fn add(
        &mut self,
        message: &SingleMessage,
        target: &Target,
    ) -> Result<usize, ValidationError> {
        if self.items.len() >= Self::MAX_ITEMS {
            return Err(ValidationError::new(
                "batchItem",
                Rule::MaxItems {
                    max: Self::MAX_ITEMS,
                    actual: self.items.len() + 1,
                },
            ));
        }
        if target.client_id.is_empty() {
            return Err(ValidationError::new(
                "clientId",
                Rule::Constraint("a batch item needs a client id (batch items carry no alias)"),
            ));
        }
        let params = MessageParams::new(message)?;
        let mut data = Vec::with_capacity(params.size_hint() + 128);
        let mut obj = ObjectWriter::new(&mut data);
        obj.str("action", PushMessageToSingle::NAME)
            .str("appkey", &self.app_key);
        params.write(&mut obj);
        obj.str("appId", &target.app_id)
            .str("clientId", &target.client_id)
            .i64("type", 2)
            .str("pushType", params.push_type())
            .str("version", BATCH_ITEM_VERSION);
        obj.finish();
        self.items
            .push(String::from_utf8(data).expect("the JSON writer writes ASCII"));
        Ok(self.items.len())
    }

    /// Takes the waiting items into a submit request with a new request id; the batch is then
    /// empty and numbers items from 0 again. `async_push` is the `async` member
    /// (`gexin_pushSingleBatch_needAsync`, a JSON boolean here; the Python SDK sends the
    /// environment's string).
    pub fn submit(&mut self, async_push: bool) -> PushMessageToSingleBatch {
        let items: Vec<pb::BatchItem<'_>> = self
            .items
            .iter()
            .enumerate()
            .map(|(i, data)| pb::BatchItem {
                seq_id: i32::try_from(i).expect("at most 5000 items"),
                data,
            })
            .collect();
        let single_datas = pb::single_batch_request(&self.batch_id, &items);
        self.items.clear();
        PushMessageToSingleBatch {
            request_id: new_request_id(),
            app_key: self.app_key.clone(),
            async_push,
            single_datas,
        }
    }
}

/// `pushMessageToSingleBatchAction` (official `BatchImpl.submit` / `retry`): many single
/// pushes in one request, built by [`SingleBatch::submit`].
///
/// Members: `requestId`, `appkey` (the batch's), `action`, `serialize` (`"pb"`), `async`,
/// `singleDatas` (base64 `SingleBatchRequest`). Sent gzip-compressed. The answer's `info`
/// holds one result per item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushMessageToSingleBatch {
    request_id: String,
    app_key: String,
    async_push: bool,
    single_datas: Vec<u8>,
}

impl Action for PushMessageToSingleBatch {
    const NAME: &'static str = "pushMessageToSingleBatchAction";
    const GZIP: bool = true;
    type Output = BatchPushResult;

    fn write_members(&self, _ctx: &RequestContext<'_>, obj: &mut ObjectWriter<'_>) {
        obj.str("requestId", &self.request_id)
            .str("appkey", &self.app_key)
            .str("action", Self::NAME)
            .str("serialize", "pb")
            .bool("async", self.async_push);
        let out = obj.key("singleDatas");
        out.push(b'"');
        pb::append_base64(&self.single_datas, out);
        out.push(b'"');
    }

    fn request_id(&self) -> Option<&str> {
        Some(&self.request_id)
    }

    fn size_hint(&self) -> usize {
        self.single_datas.len() * 4 / 3 + 256
    }

    fn parse(answer: Answer) -> Result<BatchPushResult, ApiError> {
        BatchPushResult::parse(Self::NAME, answer)
    }
}

/// `PI`: the serialized `PushInfo` of a message's template (validated).
fn push_info(template: &Template) -> Result<Vec<u8>, ValidationError> {
    pb::push_info(template).map_err(|e| e.within("data"))
}

fn write_base64(obj: &mut ObjectWriter<'_>, key: &str, bytes: &[u8]) {
    let out = obj.key(key);
    out.push(b'"');
    pb::append_base64(bytes, out);
    out.push(b'"');
}

/// `apnPushToSingleAction` (official `pushAPNMessageToSingle`): pushes the template's APNs
/// payload to one iOS device token.
///
/// Members: `action`, `appId`, `appkey`, `DT`, `PI`. `DT` must have exactly 64 characters.
/// `PI` is plain base64 (no line breaks): the Python SDK uses `base64.encodestring`, gone in
/// Python 3.9, and puts bytes into the JSON, so its request can never be sent (defect 2 of the
/// vectors' list); this sends what the patched SDK sends (vector `apn_single_patched`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApnPushToSingle {
    app_id: String,
    device_token: String,
    push_info: Vec<u8>,
}

impl ApnPushToSingle {
    /// Pushes `message`'s APNs payload to `device_token`.
    pub fn new(
        app_id: impl Into<String>,
        device_token: impl Into<String>,
        message: &SingleMessage,
    ) -> Result<Self, ValidationError> {
        let device_token = device_token.into();
        check_device_token("deviceToken", &device_token)?;
        Ok(Self {
            app_id: app_id.into(),
            device_token,
            push_info: push_info(&message.data)?,
        })
    }
}

impl Action for ApnPushToSingle {
    const NAME: &'static str = "apnPushToSingleAction";
    type Output = SinglePushResult;

    fn write_members(&self, ctx: &RequestContext<'_>, obj: &mut ObjectWriter<'_>) {
        obj.str("action", Self::NAME)
            .str("appId", &self.app_id)
            .str("appkey", ctx.app_key)
            .str("DT", &self.device_token);
        write_base64(obj, "PI", &self.push_info);
    }

    fn size_hint(&self) -> usize {
        self.push_info.len() * 4 / 3 + 256
    }

    fn parse(answer: Answer) -> Result<SinglePushResult, ApiError> {
        SinglePushResult::parse(Self::NAME, answer)
    }
}

/// `apnGetContentIdAction` (official `getAPNContentId`): uploads a message's APNs payload for
/// [`ApnPushToList`](super::ApnPushToList) and returns its task id.
///
/// Members: `action`, `appkey`, `appId`, `PI`, `isOffline`, `offlineExpireTime`,
/// `pushNetWorkType`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApnGetContentId {
    app_id: String,
    push_info: Vec<u8>,
    is_offline: bool,
    offline_expire_time: i64,
    push_network_type: PushNetworkType,
}

impl ApnGetContentId {
    /// Prepares `message` (any message class; the Python SDK takes single and list messages).
    pub fn new(
        app_id: impl Into<String>,
        message: &impl PushMessage,
    ) -> Result<Self, ValidationError> {
        Ok(Self {
            app_id: app_id.into(),
            push_info: push_info(message.template())?,
            is_offline: message.is_offline(),
            offline_expire_time: message.offline_expire_time(),
            push_network_type: message.push_network_type(),
        })
    }
}

impl Action for ApnGetContentId {
    const NAME: &'static str = "apnGetContentIdAction";
    type Output = PreparedTask;

    fn write_members(&self, ctx: &RequestContext<'_>, obj: &mut ObjectWriter<'_>) {
        open::<Self>(ctx, obj);
        obj.str("appId", &self.app_id);
        write_base64(obj, "PI", &self.push_info);
        obj.bool("isOffline", self.is_offline)
            .i64("offlineExpireTime", self.offline_expire_time)
            .i64("pushNetWorkType", i64::from(self.push_network_type.value()));
    }

    fn size_hint(&self) -> usize {
        self.push_info.len() * 4 / 3 + 256
    }

    /// Success only for `result` `ok` with a `contentId`.
    fn parse(answer: Answer) -> Result<PreparedTask, ApiError> {
        PreparedTask::parse(Self::NAME, answer)
    }
}

/// `queryUserCount` (official `queryUserCount`): how many users match app conditions.
///
/// Members: `action`, `appId`, `appkey` (note the order), then `conditions` only when given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryUserCount {
    app_id: String,
    conditions: Option<Vec<Condition>>,
}

impl QueryUserCount {
    /// Counts the users of `app_id` matching `conditions` (all users when `None`).
    pub fn new(
        app_id: impl Into<String>,
        conditions: Option<&AppConditions>,
    ) -> Result<Self, ValidationError> {
        if let Some(c) = conditions {
            c.validate().map_err(|e| e.within("conditions"))?;
        }
        Ok(Self {
            app_id: app_id.into(),
            conditions: conditions.map(|c| c.condition.clone()),
        })
    }
}

impl Action for QueryUserCount {
    const NAME: &'static str = "queryUserCount";
    type Output = UserCount;

    fn write_members(&self, ctx: &RequestContext<'_>, obj: &mut ObjectWriter<'_>) {
        obj.str("action", Self::NAME)
            .str("appId", &self.app_id)
            .str("appkey", ctx.app_key);
        if let Some(conditions) = &self.conditions {
            write_conditions(obj.key("conditions"), conditions);
        }
    }

    fn size_hint(&self) -> usize {
        160 + self.conditions.as_deref().map_or(0, conditions_hint)
    }

    fn parse(answer: Answer) -> Result<UserCount, ApiError> {
        UserCount::parse(Self::NAME, answer)
    }
}

#[cfg(test)]
mod tests {
    use super::trim;

    #[test]
    fn trim_is_str_trim() {
        for text in [
            "",
            "a",
            " ",
            "abc",
            " abc",
            "abc ",
            "\tabc\n",
            "\u{b}abc",
            "abc\u{b}",
            "\u{c}a\r",
            "\u{85}abc",
            "abc\u{a0}",
            "\u{3000}cid\u{3000}",
            "\u{1f}cid",
            "é",
            "éa é",
        ] {
            assert_eq!(trim(text), text.trim(), "{text:?}");
        }
    }
}
