//! Legacy → REST v2: converts a legacy message and its template into the v2 push request, and
//! names every legacy field that does not carry over.
//!
//! | legacy call | entry point | v2 call ([`Endpoint`]) |
//! |---|---|---|
//! | `pushMessageToSingle(SingleMessage, Target)` | [`single`] | `push_to_single_by_cid` / `push_to_single_by_alias` |
//! | `getContentId(ListMessage)` | [`list`] | `create_list_msg` (then `push_list_by_cid` / `push_list_by_alias`) |
//! | `pushMessageToApp(AppMessage)` | [`app`] | `push_all`, `push_by_tag` (conditions) or `push_by_fast_custom_tag` (`tag`) |
//! | the official JSON form of any of them | [`from_json`] | as above |
//!
//! The result is a [`Migration`]: the v2 [`PushRequest`], the
//! [`Endpoint`] to send it to, what was carried over ([`Mapped`]: legacy path → v2 path) and
//! what was not ([`Unmapped`]: legacy path, [`Reason`], explanation). Nothing is lost
//! silently: every legacy field is either mapped, left out because it holds the default both
//! APIs share, or listed in [`Migration::unmapped`]. A migration with no unmapped field gives a
//! request that passes [`PushRequest::validate`](crate::v2::push::PushRequest::validate) and the
//! endpoint's audience check ([`Migration::validate`]).
//!
//! Paths name legacy fields by their official attribute names, dotted from the message
//! (`data.apnInfo.alertMsg.title`, `conditions.condition[1]`, `target.clientId`), v2 fields by
//! their wire keys from the request (`push_channel.ios.aps.alert.title`).
//!
//! ## Mapping
//!
//! The mapping is the README's "Migrating from the legacy API to REST v2" table:
//!
//! * **message**: `isOffline` false → `settings.ttl` −1; `offlineExpireTime` → `settings.ttl`
//!   (more than 3 days: 3 days, listed as [`Reason::OutOfRange`]; 0: the server's default);
//!   `pushNetWorkType` Wi-Fi → `push_message.network_type` 1 (mobile only has no v2 value);
//!   `priority` is never sent by the official SDKs.
//! * **app message**: `appIdList` → the client's app id (one app per request); `conditions`
//!   (keys `phoneType`, `region`, `tag` → `phone_type`, `region`, `custom_tag`, other keys as
//!   given; `optType` → `or`/`and`/`not`) or `phoneTypeList`/`provinceList`/`tagList` →
//!   `audience.tag` ([`Endpoint::PushByTag`]); `tag` alone → `audience.fast_custom_tag`; none
//!   → `"all"`; `speed` → `settings.speed`; `pushTime` (`yyyyMMddHHmm`, Beijing time) →
//!   `settings.schedule_time` (epoch ms).
//! * **templates**: Transmission → `push_message.transmission`; Notification → a notification
//!   with `click_type` `payload` (`transmissionContent`) or `startapp`; Link → `url`;
//!   StartActivity → `intent`; NotyPopLoad → its notification with `click_type` `url` = the
//!   download URL ([`Reason::Approximated`]; pop-up and download settings unmapped); Revoke →
//!   `push_message.revoke` (`force` always written: the legacy default is `true`, v2's
//!   `false`); APN → only `push_channel.ios` (v2 needs a `push_message`: listed).
//! * **template attachments**: `duration` → `push_message.duration` (`"begin-end"` ms; v2 wants
//!   more than 10 minutes); styles → the notification's fields (`Style6` big text / big
//!   picture → `big_text` / `big_image`); `apnInfo` → `push_channel.ios`; `notifyInfo` →
//!   `push_channel.android.ups`; `blackThirdParty` → `settings.strategy` 3 for those vendors;
//!   `smsInfo` → nothing (no SMS fallback in v2).
//!
//! ```
//! use getui_model::{migrate, SingleMessage, Target, TransmissionTemplate};
//!
//! let template = TransmissionTemplate::builder().transmission_content(r#"{"order": 42}"#).build()?;
//! let mut message = SingleMessage::new(template);
//! message.is_offline = true;
//! message.offline_expire_time = 3_600_000;
//! let migration = migrate::single(&message, &Target::client("APPID", "cid-1"));
//! assert_eq!(migration.endpoint, migrate::Endpoint::PushSingleByCid);
//! assert!(migration.unmapped.is_empty());
//! assert!(migration.validate().is_ok());
//! assert_eq!(migration.body(), serde_json::json!({
//!     "audience": {"cid": ["cid-1"]},
//!     "settings": {"ttl": 3600000},
//!     "push_message": {"transmission": "{\"order\": 42}"}
//! }));
//! # Ok::<(), getui_model::ValidationError>(())
//! ```

mod apns;
mod message;
mod notify;
mod template;

use serde::Serialize;
use serde_json::Value;

use crate::v2::audience::AudienceForm;
use crate::v2::push::PushRequest;
use crate::{AppMessage, ListMessage, SingleMessage, Target, ValidationError};

/// The v2 call a migrated request is for.
///
/// ```
/// use getui_model::migrate::Endpoint;
/// assert_eq!(Endpoint::PushByTag.method(), "push_by_tag");
/// assert_eq!(Endpoint::PushByTag.path(), "/push/tag");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Endpoint {
    /// M1 `push_to_single_by_cid` (`POST /push/single/cid`): a single message to a client id.
    PushSingleByCid,
    /// M2 `push_to_single_by_alias` (`POST /push/single/alias`): a single message to an alias.
    PushSingleByAlias,
    /// M5 `create_list_msg` (`POST /push/list/message`): stores a list message; its `taskid`
    /// then goes to `push_list_by_cid` / `push_list_by_alias` with the targets.
    CreateListMsg,
    /// M8 `push_all` (`POST /push/all`): every user of the app.
    PushAll,
    /// M9 `push_by_tag` (`POST /push/tag`): the users matching `audience.tag`.
    PushByTag,
    /// M10 `push_by_fast_custom_tag` (`POST /push/fast_custom_tag`): the users with one custom
    /// tag.
    PushByFastCustomTag,
}

impl Endpoint {
    /// The method of `getui::v2::Client` (and of the blocking client) that sends the request.
    ///
    /// ```
    /// assert_eq!(getui_model::migrate::Endpoint::CreateListMsg.method(), "create_list_msg");
    /// ```
    pub fn method(self) -> &'static str {
        match self {
            Self::PushSingleByCid => "push_to_single_by_cid",
            Self::PushSingleByAlias => "push_to_single_by_alias",
            Self::CreateListMsg => "create_list_msg",
            Self::PushAll => "push_all",
            Self::PushByTag => "push_by_tag",
            Self::PushByFastCustomTag => "push_by_fast_custom_tag",
        }
    }

    /// The path after `/v2/{appId}` (every one of them is a `POST`).
    ///
    /// ```
    /// assert_eq!(getui_model::migrate::Endpoint::PushAll.path(), "/push/all");
    /// ```
    pub fn path(self) -> &'static str {
        match self {
            Self::PushSingleByCid => "/push/single/cid",
            Self::PushSingleByAlias => "/push/single/alias",
            Self::CreateListMsg => "/push/list/message",
            Self::PushAll => "/push/all",
            Self::PushByTag => "/push/tag",
            Self::PushByFastCustomTag => "/push/fast_custom_tag",
        }
    }

    /// The audience the endpoint takes, for
    /// [`PushRequest::check_audience`](crate::v2::push::PushRequest::check_audience).
    ///
    /// ```
    /// use getui_model::migrate::Endpoint;
    /// use getui_model::v2::audience::AudienceForm;
    /// assert_eq!(Endpoint::PushSingleByCid.audience_form(), AudienceForm::SingleCid);
    /// ```
    pub fn audience_form(self) -> AudienceForm {
        match self {
            Self::PushSingleByCid => AudienceForm::SingleCid,
            Self::PushSingleByAlias => AudienceForm::SingleAlias,
            Self::CreateListMsg | Self::PushAll => AudienceForm::AllOrNone,
            Self::PushByTag => AudienceForm::Tag,
            Self::PushByFastCustomTag => AudienceForm::FastCustomTag,
        }
    }
}

/// Why a legacy field is in [`Migration::unmapped`].
///
/// ```
/// use getui_model::migrate::Reason;
/// assert_eq!(Reason::NoEquivalent.as_str(), "no_equivalent");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Reason {
    /// REST v2 has no such feature (SMS fallback, the pop-up and download of NotyPopLoad,
    /// ring/vibrate/clearable switches, voice playback…); nothing was sent for it.
    NoEquivalent,
    /// Carried over to the nearest v2 field, which behaves differently (the detail says how).
    Approximated,
    /// v2 has the field but not this value (an offline time over 3 days, a display window of
    /// 10 minutes or less, mobile-only networks…); the detail says what was sent instead.
    OutOfRange,
    /// The legacy value breaks the legacy rules (an unreadable date, a negative time…);
    /// nothing was sent for it.
    Invalid,
    /// The legacy API ignored the value too (a style on a Transmission template, the alias of a
    /// target that has a client id…); nothing was sent for it.
    IgnoredByLegacy,
    /// Another legacy value takes the only v2 place (a repeated vendor option key, a second
    /// audience); nothing was sent for it.
    Overridden,
    /// Carried over as given, but the v2 request breaks a v2 rule there (a title over 50
    /// characters, an empty title, no `push_message` content…): the request does not validate
    /// until it is fixed. The detail is the [`ValidationError`].
    RejectedByV2,
}

impl Reason {
    /// The snake_case name (as serialized).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NoEquivalent => "no_equivalent",
            Self::Approximated => "approximated",
            Self::OutOfRange => "out_of_range",
            Self::Invalid => "invalid",
            Self::IgnoredByLegacy => "ignored_by_legacy",
            Self::Overridden => "overridden",
            Self::RejectedByV2 => "rejected_by_v2",
        }
    }
}

/// A legacy field that was not carried over as it was.
///
/// ```
/// use getui_model::migrate::{self, Reason};
/// use getui_model::{SingleMessage, SmsMessage, Target, TransmissionTemplate};
/// let mut template = TransmissionTemplate::builder().transmission_content("x").build()?;
/// template.sms_info = Some(SmsMessage::new("tpl", 60_000));
/// let m = migrate::single(&SingleMessage::new(template), &Target::client("A", "cid"));
/// assert_eq!(m.unmapped[0].field, "data.smsInfo");
/// assert_eq!(m.unmapped[0].reason, Reason::NoEquivalent);
/// # Ok::<(), getui_model::ValidationError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Unmapped {
    /// The legacy path (official attribute names, dotted from the message: `data.smsInfo`,
    /// `offlineExpireTime`, `conditions.condition[0]`).
    pub field: String,
    /// Why.
    pub reason: Reason,
    /// What happened and what to do, in a sentence.
    pub detail: String,
}

/// A legacy field and where it went.
///
/// ```
/// use getui_model::migrate;
/// use getui_model::{LinkTemplate, SingleMessage, Target};
/// let t = LinkTemplate::builder().title("T").text("B").url("https://e.com").build()?;
/// let m = migrate::single(&SingleMessage::new(t), &Target::client("A", "cid"));
/// assert!(m.mapped.iter().any(|x| x.legacy == "data.url"
///     && x.v2.as_deref() == Some("push_message.notification.url")));
/// # Ok::<(), getui_model::ValidationError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Mapped {
    /// The legacy path.
    pub legacy: String,
    /// The v2 path, or `None` when nothing is sent for it: the value is the default both APIs
    /// share (`isRing` true, `channel` `"Default"`, an empty logo…) or lives elsewhere in v2
    /// (`appId`, `appKey`: the client's; `pushType`: implied by `push_message`).
    pub v2: Option<String>,
}

/// The result of a conversion: the v2 request, its endpoint, and what did and did not carry
/// over.
///
/// ```
/// use getui_model::{migrate, AppMessage, NotificationTemplate};
/// let t = NotificationTemplate::builder().title("T").text("B").build()?;
/// let mut message = AppMessage::new(t);
/// message.speed = 100;
/// let m = migrate::app(&message);
/// assert_eq!(m.endpoint, migrate::Endpoint::PushAll);
/// assert!(m.is_complete() && m.validate().is_ok());
/// assert_eq!(m.to_json()["endpoint"], "push_all");
/// assert_eq!(m.body()["settings"]["speed"], 100);
/// # Ok::<(), getui_model::ValidationError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Migration {
    /// The v2 call to send [`request`](Self::request) with.
    pub endpoint: Endpoint,
    /// The v2 request body (no `request_id`: the client generates one).
    pub request: PushRequest,
    /// What was not carried over as it was, in the order of the legacy fields.
    pub unmapped: Vec<Unmapped>,
    /// What was carried over (or needs nothing in v2), in the order of the legacy fields.
    pub mapped: Vec<Mapped>,
}

impl Migration {
    /// Whether everything carried over ([`unmapped`](Self::unmapped) is empty); the request
    /// then validates.
    pub fn is_complete(&self) -> bool {
        self.unmapped.is_empty()
    }

    /// [`PushRequest::validate`](crate::v2::push::PushRequest::validate), then the endpoint's
    /// audience check.
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.request.validate()?;
        self.request.check_audience(self.endpoint.audience_form())
    }

    /// The v2 request body as JSON.
    pub fn body(&self) -> Value {
        serde_json::to_value(&self.request).expect("a PushRequest serializes")
    }

    /// The whole migration as JSON: `{"endpoint", "method": "POST", "path", "body",
    /// "unmapped": [{"field", "reason", "detail"}]}` (what `getui migrate` prints).
    pub fn to_json(&self) -> Value {
        serde_json::json!({
            "endpoint": self.endpoint,
            "method": "POST",
            "path": self.endpoint.path(),
            "body": self.body(),
            "unmapped": self.unmapped,
        })
    }

    /// Sets `group_name` from the legacy task group name (`taskGroupName` of `getContentId` /
    /// `pushMessageToApp`) when v2 takes it (≤ 100 of `[0-9A-Za-z_-]`); otherwise lists it as
    /// [`Reason::OutOfRange`]. An empty name changes nothing.
    ///
    /// ```
    /// use getui_model::{migrate, ListMessage, TransmissionTemplate};
    /// let t = TransmissionTemplate::builder().transmission_content("x").build()?;
    /// let m = migrate::list(&ListMessage::new(t)).with_task_group_name("spring_sale");
    /// assert_eq!(m.request.group_name.as_deref(), Some("spring_sale"));
    /// let m = migrate::list(&ListMessage::new(TransmissionTemplate::builder()
    ///     .transmission_content("x").build()?)).with_task_group_name("春季");
    /// assert_eq!(m.unmapped[0].field, "taskGroupName");
    /// # Ok::<(), getui_model::ValidationError>(())
    /// ```
    #[must_use]
    pub fn with_task_group_name(mut self, name: &str) -> Self {
        if name.is_empty() {
            return self;
        }
        let fits = name.chars().count() <= crate::v2::push::GROUP_NAME_MAX_CHARS
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
        if fits {
            self.request.group_name = Some(name.to_owned());
            self.mapped.push(Mapped {
                legacy: "taskGroupName".to_owned(),
                v2: Some("group_name".to_owned()),
            });
        } else {
            self.unmapped.push(Unmapped {
                field: "taskGroupName".to_owned(),
                reason: Reason::OutOfRange,
                detail: "v2 group_name takes at most 100 of [0-9A-Za-z_-]; no group_name was \
                         set: choose an ASCII name"
                    .to_owned(),
            });
        }
        self
    }
}

/// Converts a single message and its target (`pushMessageToSingle`): a target with a client id
/// gives [`Endpoint::PushSingleByCid`], one with only an alias
/// [`Endpoint::PushSingleByAlias`].
///
/// ```
/// use getui_model::{migrate, SingleMessage, StartActivityTemplate, Target};
/// let t = StartActivityTemplate::builder()
///     .title("T").text("B").intent("intent:#Intent;component=com.e/.Main;end").build()?;
/// let m = migrate::single(&SingleMessage::new(t), &Target::alias("APPID", "alice"));
/// assert_eq!(m.endpoint, migrate::Endpoint::PushSingleByAlias);
/// assert_eq!(m.body()["push_message"]["notification"]["click_type"], "intent");
/// assert_eq!(m.body()["audience"], serde_json::json!({"alias": ["alice"]}));
/// # Ok::<(), getui_model::ValidationError>(())
/// ```
pub fn single(message: &SingleMessage, target: &Target) -> Migration {
    let mut ctx = Ctx::default();
    let mut parts = Parts::default();
    message::common(
        &mut ctx,
        &mut parts,
        &message::Common {
            is_offline: message.is_offline,
            offline_expire_time: message.offline_expire_time,
            push_network_type: message.push_network_type,
            priority: message.priority,
        },
    );
    template::template(&mut ctx, &mut parts, &message.data);
    let endpoint = message::target(&mut ctx, &mut parts, target);
    finish(ctx, parts, endpoint)
}

/// Converts a list message (`getContentId` + `pushMessageToList`) into the stored message of
/// [`Endpoint::CreateListMsg`] (audience `"all"`, as the SDKs send); push its `taskid` to the
/// targets with `push_list_by_cid` / `push_list_by_alias`.
///
/// ```
/// use getui_model::{migrate, ListMessage, RevokeTemplate};
/// let t = RevokeTemplate::builder().old_task_id("OSL-0101_abc").force(false).build()?;
/// let m = migrate::list(&ListMessage::new(t));
/// assert_eq!(m.endpoint, migrate::Endpoint::CreateListMsg);
/// assert_eq!(m.body()["push_message"]["revoke"],
///            serde_json::json!({"old_task_id": "OSL-0101_abc", "force": false}));
/// # Ok::<(), getui_model::ValidationError>(())
/// ```
pub fn list(message: &ListMessage) -> Migration {
    let mut ctx = Ctx::default();
    let mut parts = Parts::default();
    message::common(
        &mut ctx,
        &mut parts,
        &message::Common {
            is_offline: message.is_offline,
            offline_expire_time: message.offline_expire_time,
            push_network_type: message.push_network_type,
            priority: message.priority,
        },
    );
    template::template(&mut ctx, &mut parts, &message.data);
    parts.audience = Some(crate::v2::audience::Audience::All);
    finish(ctx, parts, Endpoint::CreateListMsg)
}

/// Converts an app message (`pushMessageToApp`, or the tag push `pushMessageByTagAction`):
/// conditions or the phone type / province / tag lists give [`Endpoint::PushByTag`], a `tag`
/// alone [`Endpoint::PushByFastCustomTag`], nothing [`Endpoint::PushAll`].
///
/// ```
/// use getui_model::{migrate, AppConditions, AppMessage, OptType, TransmissionTemplate};
/// let t = TransmissionTemplate::builder().transmission_content("x").build()?;
/// let mut message = AppMessage::new(t);
/// let mut conditions = AppConditions::default();
/// conditions.add_condition(AppConditions::PHONE_TYPE, ["ANDROID"], OptType::Or);
/// message.conditions = Some(conditions);
/// message.push_time = "203001011200".into();
/// let m = migrate::app(&message);
/// assert_eq!(m.endpoint, migrate::Endpoint::PushByTag);
/// assert_eq!(m.body()["audience"], serde_json::json!(
///     {"tag": [{"key": "phone_type", "values": ["ANDROID"], "opt_type": "or"}]}));
/// assert_eq!(m.body()["settings"]["schedule_time"], 1_893_470_400_000_i64); // 12:00 Beijing
/// # Ok::<(), getui_model::ValidationError>(())
/// ```
pub fn app(message: &AppMessage) -> Migration {
    let mut ctx = Ctx::default();
    let mut parts = Parts::default();
    message::common(
        &mut ctx,
        &mut parts,
        &message::Common {
            is_offline: message.is_offline,
            offline_expire_time: message.offline_expire_time,
            push_network_type: message.push_network_type,
            priority: message.priority,
        },
    );
    template::template(&mut ctx, &mut parts, &message.data);
    let endpoint = message::app(&mut ctx, &mut parts, message);
    finish(ctx, parts, endpoint)
}

/// Why [`from_json`] refused its input.
///
/// ```
/// use getui_model::migrate::{from_json, JsonError};
/// assert!(matches!(from_json("{"), Err(JsonError::Json(_))));
/// assert!(matches!(from_json(r#"{"data": {}}"#), Err(JsonError::Shape(_))));
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum JsonError {
    /// Not JSON, or not the official form of a legacy message (unknown attribute, wrong type…).
    #[error("not a legacy message: {0}")]
    Json(#[from] serde_json::Error),
    /// The JSON is well-formed but not one of the accepted shapes.
    #[error("not a legacy message: {0}")]
    Shape(&'static str),
}

/// Converts the official JSON form of a legacy message (the serde form of this crate's legacy
/// types) and returns the [`Migration`]; [`Migration::body`] is the v2 body,
/// [`Migration::to_json`] the whole report.
///
/// Accepted: a message with its `"class"` (`IGtSingleMessage`, `IGtListMessage`,
/// `IGtAppMessage`), or `{"message": <message>, "target": <Target>, "taskGroupName": "…"}`
/// (`target` for a single message, `taskGroupName` for a list or app message; both optional).
/// A single message without a target converts with its target listed as unmapped.
///
/// The text is read through a `serde_json::Value`: the only order it carries into the v2 body,
/// that of the `customMsg` keys inside the iOS `payload` text, is then `serde_json::Map` order
/// (sorted by key unless serde_json's `preserve_order` feature is on). Convert a message built
/// in code ([`single`], [`list`], [`app`]) to keep the caller's order.
///
/// ```
/// let m = getui_model::migrate::from_json(r#"{
///   "message": {"class": "IGtSingleMessage", "isOffline": true, "offlineExpireTime": 7200000,
///               "data": {"class": "LinkTemplate", "title": "Sale", "text": "50% off",
///                        "url": "https://example.com/sale"}},
///   "target": {"class": "Target", "appId": "APPID", "clientId": "cid-1"}
/// }"#)?;
/// assert_eq!(m.body(), serde_json::json!({
///     "audience": {"cid": ["cid-1"]},
///     "settings": {"ttl": 7200000},
///     "push_message": {"notification": {"title": "Sale", "body": "50% off",
///                                       "click_type": "url", "url": "https://example.com/sale"}}
/// }));
/// # Ok::<(), getui_model::migrate::JsonError>(())
/// ```
pub fn from_json(text: &str) -> Result<Migration, JsonError> {
    from_json_value(serde_json::from_str(text)?)
}

/// [`from_json`] on an already parsed value.
///
/// ```
/// let value = serde_json::json!({"class": "IGtAppMessage",
///     "data": {"class": "TransmissionTemplate", "transmissionContent": "x"}});
/// let m = getui_model::migrate::from_json_value(value)?;
/// assert_eq!(m.endpoint, getui_model::migrate::Endpoint::PushAll);
/// # Ok::<(), getui_model::migrate::JsonError>(())
/// ```
pub fn from_json_value(value: Value) -> Result<Migration, JsonError> {
    let Value::Object(mut object) = value else {
        return Err(JsonError::Shape("expected a JSON object"));
    };
    let envelope = object.contains_key("message");
    let (message, target, group) = if envelope {
        let message = object.remove("message").unwrap_or(Value::Null);
        let target = object.remove("target");
        let group = match object.remove("taskGroupName") {
            None => None,
            Some(Value::String(s)) => Some(s),
            Some(_) => return Err(JsonError::Shape("`taskGroupName` must be a string")),
        };
        if !object.is_empty() {
            return Err(JsonError::Shape(
                "the envelope takes only `message`, `target` and `taskGroupName`",
            ));
        }
        (message, target, group)
    } else {
        (Value::Object(object), None, None)
    };
    let class = message
        .get("class")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let migration = match class.as_str() {
        "IGtSingleMessage" => {
            if group.is_some() {
                return Err(JsonError::Shape(
                    "`taskGroupName` goes with a list or app message",
                ));
            }
            let message: SingleMessage = serde_json::from_value(message)?;
            let target: Target = match target {
                Some(t) => serde_json::from_value(t)?,
                None => Target::default(),
            };
            return Ok(single(&message, &target));
        }
        _ if target.is_some() => {
            return Err(JsonError::Shape("`target` goes with an IGtSingleMessage"))
        }
        "IGtListMessage" => list(&serde_json::from_value(message)?),
        "IGtAppMessage" => app(&serde_json::from_value(message)?),
        "" => {
            return Err(JsonError::Shape(
                "the message needs its \"class\": IGtSingleMessage, IGtListMessage or \
                 IGtAppMessage",
            ))
        }
        _ => {
            return Err(JsonError::Shape(
                "unknown message class: expected IGtSingleMessage, IGtListMessage or \
                 IGtAppMessage",
            ))
        }
    };
    Ok(match group {
        Some(name) => migration.with_task_group_name(&name),
        None => migration,
    })
}

/// The pieces of the request under construction.
#[derive(Default)]
struct Parts {
    message: crate::v2::push::PushMessage,
    settings: crate::v2::settings::Settings,
    audience: Option<crate::v2::audience::Audience>,
    ups: crate::v2::channel::Ups,
    ios: Option<crate::v2::channel::Ios>,
}

/// The record of where every legacy field went.
#[derive(Default)]
struct Ctx {
    mapped: Vec<Mapped>,
    unmapped: Vec<Unmapped>,
}

impl Ctx {
    /// `legacy` was carried over to `v2`.
    fn map(&mut self, legacy: impl Into<String>, v2: impl Into<String>) {
        self.mapped.push(Mapped {
            legacy: legacy.into(),
            v2: Some(v2.into()),
        });
    }

    /// `legacy` needs nothing in v2 (its default, or the client's configuration).
    fn nothing(&mut self, legacy: impl Into<String>) {
        self.mapped.push(Mapped {
            legacy: legacy.into(),
            v2: None,
        });
    }

    /// `legacy` did not carry over.
    fn lose(&mut self, legacy: impl Into<String>, reason: Reason, detail: impl Into<String>) {
        self.unmapped.push(Unmapped {
            field: legacy.into(),
            reason,
            detail: detail.into(),
        });
    }

    /// A text copied when non-empty (empty = unset in both APIs).
    fn text(&mut self, legacy: String, value: &str, v2: &str) -> Option<String> {
        if value.is_empty() {
            self.nothing(legacy);
            None
        } else {
            self.map(legacy, v2);
            Some(value.to_owned())
        }
    }

    /// A switch whose legacy default (`true`) is v2's behaviour and whose `false` has no v2
    /// field.
    fn switch(&mut self, legacy: String, value: bool, what: &str) {
        if value {
            self.nothing(legacy);
        } else {
            self.lose(
                legacy,
                Reason::NoEquivalent,
                format!(
                    "v2 has no switch to {what}: the notification channel's importance \
                     (channel_level) decides"
                ),
            );
        }
    }

    /// A field the legacy API ignored: listed only when it holds a non-default value.
    fn ignored(&mut self, legacy: String, is_default: bool, why: &str) {
        if is_default {
            self.nothing(legacy);
        } else {
            self.lose(legacy, Reason::IgnoredByLegacy, why);
        }
    }
}

/// `path` equals `ancestor` or lies under it (`a.b` is under `a`, `a[0]` too).
fn is_within(path: &str, ancestor: &str) -> bool {
    match path.strip_prefix(ancestor) {
        Some(rest) => rest.is_empty() || rest.starts_with('.') || rest.starts_with('['),
        None => false,
    }
}

/// Assembles the request, then names every v2 rule it breaks (at most a few rounds, each
/// patching the offending field in a copy to find the next one).
fn finish(ctx: Ctx, parts: Parts, endpoint: Endpoint) -> Migration {
    let Ctx {
        mapped,
        mut unmapped,
    } = ctx;
    let mut request = PushRequest::new();
    request.audience = parts.audience;
    if parts.settings != crate::v2::settings::Settings::default() {
        request.settings = Some(parts.settings);
    }
    if parts.message != crate::v2::push::PushMessage::default() {
        request.push_message = Some(parts.message);
    }
    let has_ups = parts.ups != crate::v2::channel::Ups::default();
    if has_ups || parts.ios.is_some() {
        let mut channel = crate::v2::channel::PushChannel::new();
        if has_ups {
            channel = channel.ups(parts.ups);
        }
        channel.ios = parts.ios;
        request.push_channel = Some(channel);
    }

    let mut probe = request.clone();
    let mut seen: Vec<ValidationError> = Vec::new();
    for _ in 0..32 {
        let error = match probe
            .validate()
            .and_then(|()| probe.check_audience(endpoint.audience_form()))
        {
            Ok(()) => break,
            Err(e) => e,
        };
        if seen.contains(&error) {
            break;
        }
        let v2_path = error.field().to_owned();
        let legacy = legacy_path(&mapped, &v2_path);
        if !unmapped.iter().any(|u| u.field == legacy) {
            unmapped.push(Unmapped {
                field: legacy,
                reason: Reason::RejectedByV2,
                detail: format!("{error}; the request does not validate until it is fixed"),
            });
        }
        seen.push(error.clone());
        match patched(&probe, &error) {
            Some(next) => probe = next,
            None => break,
        }
    }
    Migration {
        endpoint,
        request,
        unmapped,
        mapped,
    }
}

/// The legacy path that produced the v2 path (the deepest mapping at or above it), or the
/// target / `data` when none did (an object-level rule such as "exactly one of …").
fn legacy_path(mapped: &[Mapped], v2_path: &str) -> String {
    let above = mapped
        .iter()
        .filter_map(|m| Some((m.v2.as_deref()?, &m.legacy)))
        .filter(|(v2, _)| is_within(v2_path, v2))
        .max_by_key(|(v2, _)| v2.len());
    if let Some((_, legacy)) = above {
        return legacy.clone();
    }
    if is_within(v2_path, "audience") {
        "target".to_owned()
    } else {
        "data".to_owned()
    }
}

/// A copy of `request` with the field `error` names filled in (required) or removed (any other
/// rule), to look for the next error; `None` when it cannot be patched.
fn patched(request: &PushRequest, error: &ValidationError) -> Option<PushRequest> {
    let mut value = serde_json::to_value(request).ok()?;
    let mut segments = Vec::new();
    for part in error.field().split('.') {
        match part.split_once('[') {
            Some((key, index)) => {
                segments.push(key.to_owned());
                segments.push(index.trim_end_matches(']').to_owned());
            }
            None => segments.push(part.to_owned()),
        }
    }
    let (last, parents) = segments.split_last()?;
    let mut node = &mut value;
    for key in parents {
        node = match node {
            Value::Object(map) => map.get_mut(key.as_str())?,
            Value::Array(items) => items.get_mut(key.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    let required = matches!(error.rule(), crate::Rule::Required);
    match node {
        Value::Object(map) => {
            if required {
                let filler = match map.get(last.as_str()) {
                    Some(Value::Array(_)) => Value::Array(vec![Value::String("x".into())]),
                    Some(Value::Object(_)) => return None,
                    _ => Value::String("x".into()),
                };
                map.insert(last.clone(), filler);
            } else {
                map.remove(last.as_str())?;
            }
        }
        Value::Array(items) => {
            let index = last.parse::<usize>().ok()?;
            if required {
                *items.get_mut(index)? = Value::String("x".into());
            } else if index < items.len() {
                items.remove(index);
            } else {
                return None;
            }
        }
        _ => return None,
    }
    serde_json::from_value(value).ok()
}
