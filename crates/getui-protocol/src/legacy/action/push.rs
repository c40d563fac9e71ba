//! Push actions that need no template: the second step of an app push, the APNs list push,
//! and the outputs shared by every push action (docs/protocol-legacy.md sections 7.2–7.12).

use getui_model::json_text::ObjectWriter;
use getui_model::ValidationError;
use serde_json::{Map, Value};

use super::{list_hint, open, Action, RequestContext};
use crate::answer::{check, Answer, ApiError, ApiErrorKind, DeliveryStatus, ResultCode};

/// The exact length of an APNs device token (`DT`, `DTL`): the model's
/// [`DEVICE_TOKEN_CHARS`](getui_model::DEVICE_TOKEN_CHARS), whose rule
/// ([`validate_device_token_field`](getui_model::validate_device_token_field)) the APN actions
/// apply.
pub use getui_model::DEVICE_TOKEN_CHARS as DEVICE_TOKEN_LEN;

pub(crate) use getui_model::validate_device_token_field as check_device_token;

/// The switches and limits of list pushes (`pushMessageToListAction`, `apnPushToListAction`).
///
/// The official SDKs read them from environment variables as *strings* and send `"true"`
/// (defect 18 of the vectors' list); here they are booleans and are sent as JSON booleans.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListPushOptions {
    /// `needDetails`: ask for the per-target status (`needDetails` / `gexin_pushList_needDetails`).
    pub need_details: bool,
    /// `async`: let the server push asynchronously (`gexin_pushList_needAsync`).
    pub async_push: bool,
    /// Most targets per synchronous push (`gexin_pushList_syncLimit`, 1000).
    pub sync_limit: usize,
    /// Most targets per asynchronous push without details (`gexin_pushList_asyncLimit`, 10000).
    pub async_limit: usize,
}

impl ListPushOptions {
    /// The official defaults: no details, synchronous, limits 1000 / 10000.
    pub const DEFAULT: Self = Self {
        need_details: false,
        async_push: false,
        sync_limit: 1000,
        async_limit: 10_000,
    };

    /// The target limit in force: the async limit when `async_push && !need_details`, else
    /// the sync limit.
    pub fn target_limit(&self) -> usize {
        if self.async_push && !self.need_details {
            self.async_limit
        } else {
            self.sync_limit
        }
    }
}

impl Default for ListPushOptions {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// The output of single pushes (`pushMessageToSingleAction`, `apnPushToSingleAction`).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SinglePushResult {
    /// `taskId` (e.g. `OSS-0728_…`), when present.
    pub task_id: Option<String>,
    /// `status` (`successed_online`, `successed_offline`…); when absent, a `successed_*`
    /// `result` stands for it.
    pub status: Option<DeliveryStatus>,
    /// The whole answer.
    pub answer: Answer,
}

impl SinglePushResult {
    pub(crate) fn parse(action: &'static str, answer: Answer) -> Result<Self, ApiError> {
        let answer = check::success(action, answer)?;
        let status = match answer.str_member("status") {
            Some(text) => Some(DeliveryStatus::from(text)),
            None => match answer.code() {
                ResultCode::SuccessedOnline
                | ResultCode::SuccessedOffline
                | ResultCode::SuccessedIgnore => Some(DeliveryStatus::from(answer.code().as_str())),
                _ => None,
            },
        };
        Ok(Self {
            task_id: answer.str_member("taskId").map(str::to_owned),
            status,
            answer,
        })
    }
}

/// The output of `getContentIdAction` and `apnGetContentIdAction`: a prepared list/app task.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct PreparedTask {
    /// `contentId`: the task id to push with (`OSL-…`, `OSA-…`).
    pub task_id: String,
    /// The whole answer.
    pub answer: Answer,
}

impl PreparedTask {
    /// Success only for `result` `ok` with a string `contentId` (the official SDKs raise
    /// "failed to obtain contentId" otherwise).
    pub(crate) fn parse(action: &'static str, answer: Answer) -> Result<Self, ApiError> {
        let answer = check::ok(action, answer)?;
        match answer.str_member("contentId") {
            Some(id) => Ok(Self {
                task_id: id.to_owned(),
                answer,
            }),
            None => Err(ApiError::new(
                action,
                ApiErrorKind::Malformed {
                    member: "contentId",
                },
                answer,
            )),
        }
    }
}

/// The output of pushes that start a task (`pushMessageToAppAction`,
/// `pushMessageByTagAction`).
///
/// A missing `contentId` is not an error here: the push was accepted, and failing would invite
/// a second push.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct TaskPushResult {
    /// `contentId`, the task id, when present.
    pub task_id: Option<String>,
    /// The whole answer.
    pub answer: Answer,
}

impl TaskPushResult {
    pub(crate) fn parse(action: &'static str, answer: Answer) -> Result<Self, ApiError> {
        let answer = check::success(action, answer)?;
        Ok(Self {
            task_id: answer.str_member("contentId").map(str::to_owned),
            answer,
        })
    }
}

/// The output of list pushes (`pushMessageToListAction`, `apnPushToListAction`).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ListPushResult {
    /// `contentId`, the task id, when present.
    pub task_id: Option<String>,
    /// The `details` object (`{clientId or token: status}`, present when details were asked
    /// for), in `serde_json::Map` order (see [`Answer`]); values that are not strings are
    /// skipped.
    pub details: Option<Vec<(String, DeliveryStatus)>>,
    /// The whole answer.
    pub answer: Answer,
}

impl ListPushResult {
    pub(crate) fn parse(action: &'static str, answer: Answer) -> Result<Self, ApiError> {
        let answer = check::success(action, answer)?;
        let details = match answer.get("details") {
            Some(Value::Object(map)) => Some(
                map.iter()
                    .filter_map(|(k, v)| Some((k.clone(), DeliveryStatus::from(v.as_str()?))))
                    .collect(),
            ),
            _ => None,
        };
        Ok(Self {
            task_id: answer.str_member("contentId").map(str::to_owned),
            details,
            answer,
        })
    }
}

/// `pushMessageToAppAction` (official `pushMessageToAppWithContentId`, and the second step of
/// `pushMessageToApp`): starts an app push prepared with `getContentIdAction`.
///
/// Members: `action`, `appkey`, `contentId`, `type` (2). Not idempotent (no `requestId`): a
/// timeout after sending must not be retried blindly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushMessageToApp {
    task_id: String,
}

impl PushMessageToApp {
    /// Pushes the prepared task `task_id` (the `contentId` of `getContentIdAction`).
    pub fn new(task_id: impl Into<String>) -> Self {
        Self {
            task_id: task_id.into(),
        }
    }
}

impl Action for PushMessageToApp {
    const NAME: &'static str = "pushMessageToAppAction";
    type Output = TaskPushResult;

    fn write_members(&self, ctx: &RequestContext<'_>, obj: &mut ObjectWriter<'_>) {
        open::<Self>(ctx, obj);
        obj.str("contentId", &self.task_id).i64("type", 2);
    }

    fn parse(answer: Answer) -> Result<TaskPushResult, ApiError> {
        TaskPushResult::parse(Self::NAME, answer)
    }
}

/// `apnPushToListAction` (official `pushAPNMessageToList`): pushes a task prepared with
/// `apnGetContentIdAction` to APNs device tokens.
///
/// Members: `action`, `appkey`, `appId`, `contentId`, `DTL`, `needDetails`, `async`. Every
/// token must have exactly 64 characters. Sent uncompressed, as the Python, C# and PHP SDKs do
/// (only Node compresses it). `needDetails`/`async` are JSON booleans (the Python SDK sends
/// the environment's strings).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApnPushToList {
    app_id: String,
    task_id: String,
    device_tokens: Vec<String>,
    need_details: bool,
    async_push: bool,
}

impl ApnPushToList {
    /// Pushes task `task_id` to `device_tokens` (64 characters each).
    ///
    /// Only `need_details` and `async_push` of `options` apply (the official SDKs put no
    /// limit on the number of tokens).
    ///
    /// ```
    /// use getui_protocol::action::{ApnPushToList, ListPushOptions};
    /// let err = ApnPushToList::new("A", "OSL-1", ["abc"], ListPushOptions::default()).unwrap_err();
    /// assert_eq!(err.field(), "deviceTokenList[0]");
    /// ```
    pub fn new(
        app_id: impl Into<String>,
        task_id: impl Into<String>,
        device_tokens: impl IntoIterator<Item = impl Into<String>>,
        options: ListPushOptions,
    ) -> Result<Self, ValidationError> {
        let device_tokens: Vec<String> = device_tokens.into_iter().map(Into::into).collect();
        for (i, token) in device_tokens.iter().enumerate() {
            check_device_token(format!("deviceTokenList[{i}]"), token)?;
        }
        Ok(Self {
            app_id: app_id.into(),
            task_id: task_id.into(),
            device_tokens,
            need_details: options.need_details,
            async_push: options.async_push,
        })
    }
}

impl Action for ApnPushToList {
    const NAME: &'static str = "apnPushToListAction";
    type Output = ListPushResult;

    fn write_members(&self, ctx: &RequestContext<'_>, obj: &mut ObjectWriter<'_>) {
        open::<Self>(ctx, obj);
        obj.str("appId", &self.app_id)
            .str("contentId", &self.task_id)
            .str_list("DTL", &self.device_tokens)
            .bool("needDetails", self.need_details)
            .bool("async", self.async_push);
    }

    fn size_hint(&self) -> usize {
        256 + list_hint(&self.device_tokens)
    }

    fn parse(answer: Answer) -> Result<ListPushResult, ApiError> {
        ListPushResult::parse(Self::NAME, answer)
    }
}

/// One item of a batch answer's `info` object.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct BatchItemResult {
    /// The item's sequence number (the key of `info`; 0-based in the order of `add`).
    pub seq_id: u32,
    /// The item's own `result`, when present: an item may fail while the batch is accepted.
    pub code: Option<ResultCode>,
    /// The item's `taskId`, when present.
    pub task_id: Option<String>,
    /// The item's `status`, when present.
    pub status: Option<DeliveryStatus>,
    /// The item's whole object.
    pub members: Map<String, Value>,
}

/// The output of `pushMessageToSingleBatchAction`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct BatchPushResult {
    /// The objects of `info` whose key is a sequence number, sorted by it (the shape is not
    /// documented beyond "keyed by the item's sequence number").
    pub items: Vec<BatchItemResult>,
    /// The whole answer.
    pub answer: Answer,
}

impl BatchPushResult {
    pub(crate) fn parse(action: &'static str, answer: Answer) -> Result<Self, ApiError> {
        let answer = check::success(action, answer)?;
        let mut items: Vec<BatchItemResult> = match answer.get("info") {
            Some(Value::Object(info)) => info
                .iter()
                .filter_map(|(key, value)| {
                    let members = value.as_object()?.clone();
                    let text = |name: &str| members.get(name).and_then(Value::as_str);
                    Some(BatchItemResult {
                        seq_id: key.trim().parse().ok()?,
                        code: text("result").map(ResultCode::from),
                        task_id: text("taskId").map(str::to_owned),
                        status: text("status").map(DeliveryStatus::from),
                        members,
                    })
                })
                .collect(),
            _ => Vec::new(),
        };
        items.sort_by_key(|item| item.seq_id);
        Ok(Self { items, answer })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::action::encode;
    use crate::answer::AnswerLimits;
    use getui_model::Rule;

    fn answer(text: &str) -> Answer {
        Answer::parse(text.as_bytes(), &AnswerLimits::default()).unwrap()
    }

    const TOKEN: &str = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1";

    #[test]
    fn device_tokens_need_64_characters() {
        assert!(check_device_token("deviceToken", TOKEN).is_ok());
        let err = check_device_token("deviceToken", &TOKEN[1..]).unwrap_err();
        assert_eq!(
            err.rule(),
            &Rule::ExactChars {
                expected: 64,
                actual: 63
            }
        );
        // Characters, not bytes (Python's len()).
        assert!(check_device_token("deviceToken", &"中".repeat(64)).is_ok());
        let err =
            ApnPushToList::new("A", "T", [TOKEN, "x"], ListPushOptions::default()).unwrap_err();
        assert_eq!(err.field(), "deviceTokenList[1]");
        assert!(
            ApnPushToList::new("A", "T", Vec::<String>::new(), ListPushOptions::default()).is_ok()
        );
    }

    #[test]
    fn list_limits() {
        let mut o = ListPushOptions::default();
        assert_eq!(o.target_limit(), 1000);
        o.async_push = true;
        assert_eq!(o.target_limit(), 10_000);
        o.need_details = true;
        assert_eq!(o.target_limit(), 1000);
    }

    #[test]
    fn apn_list_flags_are_booleans() {
        let options = ListPushOptions {
            need_details: true,
            async_push: true,
            ..ListPushOptions::default()
        };
        let req = encode(
            &ApnPushToList::new("A", "T", [TOKEN], options).unwrap(),
            &RequestContext::new("K"),
        );
        let text = String::from_utf8(req.json).unwrap();
        assert!(
            text.contains(r#""needDetails": true, "async": true, "version""#),
            "{text}"
        );
        assert!(!req.gzip);
    }

    #[test]
    fn single_push_status() {
        let r = SinglePushResult::parse(
            "pushMessageToSingleAction",
            answer(r#"{"result": "ok", "taskId": "OSS-1", "status": "successed_offline"}"#),
        )
        .unwrap();
        assert_eq!(r.task_id.as_deref(), Some("OSS-1"));
        assert_eq!(r.status, Some(DeliveryStatus::Offline));
        let r = SinglePushResult::parse("x", answer(r#"{"result": "successed_ignore"}"#)).unwrap();
        assert_eq!(r.status, Some(DeliveryStatus::Ignored));
        let r = SinglePushResult::parse("x", answer(r#"{"result": "ok"}"#)).unwrap();
        assert_eq!((r.task_id, r.status), (None, None));
        let err =
            SinglePushResult::parse("x", answer(r#"{"result": "TokenMD5Error"}"#)).unwrap_err();
        assert_eq!(err.code(), &ResultCode::TokenMd5Error);
    }

    #[test]
    fn prepared_task_needs_ok_and_content_id() {
        let t =
            PreparedTask::parse("g", answer(r#"{"result": "ok", "contentId": "OSL-1"}"#)).unwrap();
        assert_eq!(t.task_id, "OSL-1");
        let err = PreparedTask::parse("g", answer(r#"{"result": "ok"}"#)).unwrap_err();
        assert_eq!(
            err.kind(),
            ApiErrorKind::Malformed {
                member: "contentId"
            }
        );
        let err = PreparedTask::parse("g", answer(r#"{"result": "OtherError"}"#)).unwrap_err();
        assert_eq!(err.kind(), ApiErrorKind::Rejected);
    }

    #[test]
    fn list_details() {
        let r = ListPushResult::parse(
            "l",
            answer(
                r#"{"result": "ok", "contentId": "OSL-1", "details": {"c1": "successed_online", "c2": "successed_offline", "c3": 5}}"#,
            ),
        )
        .unwrap();
        assert_eq!(
            r.details.unwrap(),
            [
                ("c1".to_owned(), DeliveryStatus::Online),
                ("c2".to_owned(), DeliveryStatus::Offline)
            ]
        );
        let r =
            ListPushResult::parse("l", answer(r#"{"result": "ok", "contentId": "x"}"#)).unwrap();
        assert!(r.details.is_none());
    }

    #[test]
    fn batch_info_is_sorted_by_sequence() {
        let r = BatchPushResult::parse(
            "b",
            answer(
                r#"{"result": "ok", "info": {"10": {"result": "TokenMD5Error"}, "2": {"result": "ok", "taskId": "T2", "status": "successed_online"}, "x": {}, "3": 1}}"#,
            ),
        )
        .unwrap();
        assert_eq!(r.items.len(), 2);
        assert_eq!(r.items[0].seq_id, 2);
        assert_eq!(r.items[0].task_id.as_deref(), Some("T2"));
        assert_eq!(r.items[0].status, Some(DeliveryStatus::Online));
        assert_eq!(r.items[1].code, Some(ResultCode::TokenMd5Error));
    }

    #[test]
    fn app_push_second_step() {
        let req = encode(&PushMessageToApp::new("OSA-1"), &RequestContext::new("K"));
        assert_eq!(
            std::str::from_utf8(&req.json).unwrap(),
            r#"{"action": "pushMessageToAppAction", "appkey": "K", "contentId": "OSA-1", "type": 2, "version": "4.1.1.2", "authToken": ""}"#
        );
        let r =
            PushMessageToApp::parse(answer(r#"{"result": "ok", "contentId": "OSA-1"}"#)).unwrap();
        assert_eq!(r.task_id.as_deref(), Some("OSA-1"));
    }
}
