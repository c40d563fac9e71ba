//! # getui-model
//!
//! The data of a Getui push, as the official SDKs name it: templates, notification styles,
//! APNs payloads, third-party notifications, SMS fallback, messages, targets and conditions.
//! Every type starts from the official defaults (`Default`, builders for the templates), is
//! validated against the documented rules before anything is sent (`validate()`), and
//! (de)serializes with serde using the official attribute names of the Python SDK 4.1.1.2, so
//! that a push described in JSON means the same in every language.
//!
//! ## The serde form
//!
//! * Field names are the official attribute names exactly (`transmissionContent`, `logoURL`,
//!   `logoUrl` on styles and NotyPopLoad, `isRing`, `notifyid`, `banner_url`, `sound_d`,
//!   `voIPPayload`, `isOffline`, `pushNetWorkType`, …); missing fields take the official
//!   defaults; unknown fields are rejected.
//! * Polymorphic places are tagged with `"class"` = the official class name: [`Template`],
//!   [`Style`], [`AlertMsg`], [`ApnInfo`]. Every other object accepts an optional `"class"`
//!   (checked when present) and standalone objects write it.
//! * What the official setters store is a plain attribute: `apnInfo` (`setApnInfo`), `duration`
//!   (`setDuration`, see [`DisplayWindow`]), `notifyInfo` (`set3rdNotifyInfo`), `smsInfo`
//!   (`setSmsInfo`), `blackThirdParty` (`setBlackThirdParty`), `customMsg` (`addCustomMsg`),
//!   `extKVList` (`addHWExtKV` & co.), `condition` (`addCondition`).
//! * Enumerations are written as the official integer values (`NotifyInfo.Type`, `MediaType`,
//!   `OptType`) and also read from the official constant names.
//!
//! ```
//! use getui_model::{SingleMessage, Template};
//! let message: SingleMessage = serde_json::from_str(r#"{
//!     "class": "IGtSingleMessage", "isOffline": true, "offlineExpireTime": 43200000,
//!     "data": {"class": "NotificationTemplate", "title": "T", "text": "X",
//!              "apnInfo": {"class": "APNPayload", "alertMsg": {"class": "SimpleAlertMsg", "alertMsg": "hi"}, "badge": 1},
//!              "duration": {"begin": "2015-03-06 14:36:10", "end": "2015-03-06 14:46:20"}}
//! }"#).unwrap();
//! assert!(message.validate().is_ok());
//! assert_eq!(message.data.template_id(), 0);
//! ```
//!
//! ## Where this crate differs from the Python SDK on purpose
//!
//! Each difference fixes a defect of the official SDK and is documented on the item:
//! [`ApnsPayload`] sound handling, [`SoundDictionary`] members, [`MultiMedia`] without a type
//! (an error instead of a crash), [`LegacyPushInfo`] badge, [`AppMessage`] `speed`, and no state
//! accumulating when a template or style is reused (every encoding starts afresh).
//!
//! Where a defect of the official SDK shapes the wire format itself, the wire form follows the
//! official SDK, because the server and the device SDKs were built against it; the field names
//! and meanings are documented on the items as known quirks of the official wire format:
//! [`Style4`] writes "not clearable" under the key `isClearable` and "not vibrate" under
//! `is_noclear`, and [`LinkTemplate`] without a style writes its `notifyid` value into the
//! `notifyStyle` field.
//!
//! ## Dependencies
//! - `serde`, `serde_json`: the official attribute names on the wire and in JSON descriptions.
//!   serde_json with its default features: where the official wire format depends on the order
//!   of keys (`customMsg`, `smsContent`), the model keeps it in its own types ([`CustomMsg`],
//!   [`SmsMessage::sms_content`]), not in a `serde_json::Map`, so serde_json's `preserve_order`
//!   is not needed. Nor is `float_roundtrip`: without it a float literal of more than 15
//!   significant digits in a JSON text may read one unit in the last place off (the applications
//!   that need such literals bit for bit enable the feature themselves).
//! - `thiserror`: the [`ValidationError`] type.
//! - `itoa`: integers in the JSON text ([`json_text`]) without `core::fmt`, which is slow on
//!   the single-push hot path (`serde_json` already depends on it).

pub mod calendar;
pub mod error;
mod escape_scan;
pub mod legacy;
pub mod migrate;
pub mod secret;
pub mod v2;

// The legacy modules keep their paths at the crate root.
use legacy::{apns, checks, custom_msg, message, notify, sms, style, template, window};
pub use legacy::{description, json_text, pyset};
// The crate-internal helpers (macros) of the legacy types.
use legacy::{builder, serde_util};

pub use apns::{
    AlertMsg, ApnInfo, ApnsPayload, DictionaryAlertMsg, LegacyPushInfo, MediaType, MultiMedia,
    SimpleAlertMsg, SoundDictionary, VoipPayload, APNS_PAYLOAD_MAX_BYTES, AUTO_BADGE_PATTERN,
    MULTI_MEDIA_MAX_ITEMS,
};
pub use checks::{INTENT_MAX_CHARS, INTENT_PATTERN};
pub use custom_msg::{CustomMsg, CustomMsgIter};
pub use error::{Rule, ValidationError};
pub use message::{
    validate_device_token, validate_device_token_field, AppConditions, AppMessage, Condition,
    ListMessage, OptType, PushNetworkType, SingleMessage, Target, TaskGroupName,
    DEVICE_TOKEN_CHARS, TASK_GROUP_NAME_MAX_BYTES,
};
pub use notify::{ExtKv, Notify, NotifyType, Platform};
pub use sms::SmsMessage;
pub use style::{Style, Style0, Style1, Style4, Style6};
pub use template::{
    ApnTemplate, ApnTemplateBuilder, LinkTemplate, LinkTemplateBuilder, NotificationTemplate,
    NotificationTemplateBuilder, NotyPopLoadTemplate, NotyPopLoadTemplateBuilder, RevokeTemplate,
    RevokeTemplateBuilder, StartActivityTemplate, StartActivityTemplateBuilder, Template,
    TransmissionTemplate, TransmissionTemplateBuilder,
};
pub use window::{DisplayWindow, DISPLAY_WINDOW_FORMAT};

// The code blocks of README.md are doctests too, without becoming part of the documentation.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
