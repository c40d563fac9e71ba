//! Push templates: what the device does with a message.
//!
//! Every template carries the state the official setters hold as plain attributes:
//! `apnInfo` (`setApnInfo`), `duration` (`setDuration`), `smsInfo` (`setSmsInfo`), and on
//! [`TransmissionTemplate`] also `notifyInfo` (`set3rdNotifyInfo`) and `blackThirdParty`
//! (`setBlackThirdParty`). The protobuf encoding (`clientData`) lives in `getui-protocol`.

use crate::builder::builder;
use crate::checks::{check_channel_level, check_intent, check_notifyid};
use crate::serde_util::{lenient_i32, official_class};
use crate::{ApnInfo, DisplayWindow, Notify, SmsMessage, Style, ValidationError};
use serde::{Deserialize, Serialize};

/// A push template, tagged by its official class name.
///
/// Not `#[non_exhaustive]`, on purpose: the official template classes are a closed set and the
/// protobuf encoder (`getui-protocol`) matches them exhaustively, so that a new class cannot be
/// sent without its action chain; a new class would be a breaking change. The templates
/// themselves are `#[non_exhaustive]` structs: build them with their builder
/// (`TransmissionTemplate::builder()`, which validates) or from `Default` and field assignments.
///
/// ```
/// use getui_model::Template;
/// let t: Template = serde_json::from_str(r#"{
///     "class": "TransmissionTemplate", "appId": "A", "appKey": "K",
///     "transmissionType": 1, "transmissionContent": "hello"
/// }"#).unwrap();
/// assert_eq!((t.template_id(), t.push_type(), t.transmission_content()), (4, "TransmissionMsg", "hello"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "class")]
// Built once per request and rarely moved: boxing would only add an allocation.
#[allow(clippy::large_enum_variant)]
pub enum Template {
    /// Pass-through data to the app (`TransmissionTemplate`).
    #[serde(rename = "TransmissionTemplate")]
    Transmission(TransmissionTemplate),
    /// A notification that opens the app (`NotificationTemplate`).
    #[serde(rename = "NotificationTemplate")]
    Notification(NotificationTemplate),
    /// A notification that opens a web page (`LinkTemplate`).
    #[serde(rename = "LinkTemplate")]
    Link(LinkTemplate),
    /// A notification, a pop-up and an app download (`NotyPopLoadTemplate`).
    #[serde(rename = "NotyPopLoadTemplate")]
    NotyPopLoad(NotyPopLoadTemplate),
    /// A notification that opens an in-app page through an Android intent
    /// (`StartActivityTemplate`).
    #[serde(rename = "StartActivityTemplate")]
    StartActivity(StartActivityTemplate),
    /// Only the iOS payload (`APNTemplate`).
    #[serde(rename = "APNTemplate")]
    Apn(ApnTemplate),
    /// Withdraws an earlier notification (`RevokeTemplate`).
    #[serde(rename = "RevokeTemplate")]
    Revoke(RevokeTemplate),
}

macro_rules! each {
    ($self:ident, $t:ident => $e:expr) => {
        match $self {
            Template::Transmission($t) => $e,
            Template::Notification($t) => $e,
            Template::Link($t) => $e,
            Template::NotyPopLoad($t) => $e,
            Template::StartActivity($t) => $e,
            Template::Apn($t) => $e,
            Template::Revoke($t) => $e,
        }
    };
}

impl Template {
    /// The JSON `pushType` request parameter.
    ///
    /// The template's `pushType` attribute (Python SDK defaults: `TransmissionMsg`, `NotifyMsg`
    /// for Notification, Link and Revoke, `NotyPopLoadMsg`, `startmyactivity`). The Python
    /// `APNTemplate` has no push type and cannot be used in a regular push (its defect #12);
    /// this crate returns `""` for it, as the C# and Node SDKs send.
    pub fn push_type(&self) -> &str {
        match self {
            Self::Apn(_) => "",
            Self::Transmission(t) => &t.push_type,
            Self::Notification(t) => &t.push_type,
            Self::Link(t) => &t.push_type,
            Self::NotyPopLoad(t) => &t.push_type,
            Self::StartActivity(t) => &t.push_type,
            Self::Revoke(t) => &t.push_type,
        }
    }

    /// The `Transparent.templateId`: Notification 0, Link 1, NotyPopLoad 2, Transmission 4,
    /// APN 5, StartActivity 7, Revoke 8.
    pub fn template_id(&self) -> i32 {
        match self {
            Self::Notification(_) => 0,
            Self::Link(_) => 1,
            Self::NotyPopLoad(_) => 2,
            Self::Transmission(_) => 4,
            Self::Apn(_) => 5,
            Self::StartActivity(_) => 7,
            Self::Revoke(_) => 8,
        }
    }

    /// The JSON `transmissionContent` request parameter (`""` for an APN template).
    pub fn transmission_content(&self) -> &str {
        match self {
            Self::Apn(_) => "",
            Self::Transmission(t) => &t.transmission_content,
            Self::Notification(t) => &t.transmission_content,
            Self::Link(t) => &t.transmission_content,
            Self::NotyPopLoad(t) => &t.transmission_content,
            Self::StartActivity(t) => &t.transmission_content,
            Self::Revoke(t) => &t.transmission_content,
        }
    }

    /// The official class name (`TransmissionTemplate`, …).
    pub fn class_name(&self) -> &'static str {
        match self {
            Self::Transmission(_) => "TransmissionTemplate",
            Self::Notification(_) => "NotificationTemplate",
            Self::Link(_) => "LinkTemplate",
            Self::NotyPopLoad(_) => "NotyPopLoadTemplate",
            Self::StartActivity(_) => "StartActivityTemplate",
            Self::Apn(_) => "APNTemplate",
            Self::Revoke(_) => "RevokeTemplate",
        }
    }

    /// `appKey`.
    pub fn app_key(&self) -> &str {
        each!(self, t => &t.app_key)
    }

    /// `appId`.
    pub fn app_id(&self) -> &str {
        each!(self, t => &t.app_id)
    }

    /// The display window (`duration`, set with `setDuration`).
    pub fn duration(&self) -> Option<&DisplayWindow> {
        each!(self, t => t.duration.as_ref())
    }

    /// The SMS fallback (`smsInfo`, set with `setSmsInfo`).
    pub fn sms_info(&self) -> Option<&SmsMessage> {
        each!(self, t => t.sms_info.as_ref())
    }

    /// The iOS payload (`apnInfo`, set with `setApnInfo`).
    pub fn apn_info(&self) -> Option<&ApnInfo> {
        each!(self, t => t.apn_info.as_ref())
    }

    /// The vendor notification (`notifyInfo`, [`TransmissionTemplate`] only).
    pub fn notify_info(&self) -> Option<&Notify> {
        match self {
            Self::Transmission(t) => t.notify_info.as_ref(),
            _ => None,
        }
    }

    /// The vendor channels not to use (`blackThirdParty`, [`TransmissionTemplate`] only).
    pub fn black_third_party(&self) -> &[String] {
        match self {
            Self::Transmission(t) => &t.black_third_party,
            _ => &[],
        }
    }

    /// Checks every rule of the template and of what it carries (payloads, window, SMS,
    /// style, vendor notification). Errors name the field in the official spelling, dotted
    /// for nested values (`apnInfo.multiMedia.resUrl`).
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.validate_except_apn_size()?;
        match self.apn_info() {
            Some(apn) => apn.validate().map_err(|e| e.within("apnInfo")),
            None => Ok(()),
        }
    }

    /// [`validate`](Self::validate) without measuring the `apnJson` text, for encoders that
    /// write it once and measure it there ([`ApnInfo::write_json_checked`]).
    pub fn validate_except_apn_size(&self) -> Result<(), ValidationError> {
        each!(self, t => t.validate_fields())?;
        if let Some(apn) = self.apn_info() {
            apn.validate_structure().map_err(|e| e.within("apnInfo"))?;
        }
        Ok(())
    }
}

macro_rules! template_from {
    ($($variant:ident($ty:ident)),*) => {
        $(
            impl From<$ty> for Template {
                fn from(template: $ty) -> Self {
                    Self::$variant(template)
                }
            }
        )*
    };
}

template_from!(
    Transmission(TransmissionTemplate),
    Notification(NotificationTemplate),
    Link(LinkTemplate),
    NotyPopLoad(NotyPopLoadTemplate),
    StartActivity(StartActivityTemplate),
    Apn(ApnTemplate),
    Revoke(RevokeTemplate)
);

/// The window and the SMS (the iOS payload is checked by the callers).
fn validate_common(
    duration: &Option<DisplayWindow>,
    sms_info: &Option<SmsMessage>,
) -> Result<(), ValidationError> {
    if let Some(window) = duration {
        window.validate().map_err(|e| e.within("duration"))?;
    }
    if let Some(sms) = sms_info {
        sms.validate().map_err(|e| e.within("smsInfo"))?;
    }
    Ok(())
}

fn validate_apn(apn_info: &Option<ApnInfo>) -> Result<(), ValidationError> {
    match apn_info {
        Some(apn) => apn.validate().map_err(|e| e.within("apnInfo")),
        None => Ok(()),
    }
}

fn validate_style(style: &Option<Style>) -> Result<(), ValidationError> {
    match style {
        Some(style) => style.validate().map_err(|e| e.within("style")),
        None => Ok(()),
    }
}

/// Pass-through data for the app (official class `TransmissionTemplate`, templateId 4).
///
/// Action chain: Goto 1 → 10030, startapp 10030 (`autostart` = `transmissionType == 1`),
/// eoa 100. `transmissionType` 1 starts the app at once, 2 lets the app decide.
///
/// `setBlackThirdParty` vendor codes are de-duplicated and written in the order the official
/// Python SDK produces (CPython set order, see [`crate::pyset`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    remote = "Self",
    rename_all = "camelCase",
    deny_unknown_fields,
    default
)]
#[non_exhaustive]
pub struct TransmissionTemplate {
    /// `appKey` (default `""`).
    pub app_key: String,
    /// `appId` (default `""`).
    pub app_id: String,
    /// 1 = start the app on arrival, 2 = let the app decide (`transmissionType`, default 0).
    pub transmission_type: i32,
    /// The data (`transmissionContent`, a JSON request parameter, default `""`).
    pub transmission_content: String,
    /// `pushType` (default `TransmissionMsg`).
    pub push_type: String,
    /// Accepted because the official class has the attribute; ignored, as by the official SDK.
    pub style: Option<Style>,
    /// The display window (`duration`, `setDuration`).
    pub duration: Option<DisplayWindow>,
    /// SMS fallback (`smsInfo`, `setSmsInfo`).
    pub sms_info: Option<SmsMessage>,
    /// iOS payload (`apnInfo`, `setApnInfo`).
    pub apn_info: Option<ApnInfo>,
    /// Vendor notification for offline devices (`notifyInfo`, `set3rdNotifyInfo`).
    pub notify_info: Option<Notify>,
    /// Vendor channels not to use: `HW`, `XM`, `VV`, `MZ`, `FCM`, `OP`
    /// (`blackThirdParty`, `setBlackThirdParty`).
    pub black_third_party: Vec<String>,
}

official_class!(TransmissionTemplate, "TransmissionTemplate");

impl Default for TransmissionTemplate {
    fn default() -> Self {
        Self {
            app_key: String::new(),
            app_id: String::new(),
            transmission_type: 0,
            transmission_content: String::new(),
            push_type: "TransmissionMsg".to_owned(),
            style: None,
            duration: None,
            sms_info: None,
            apn_info: None,
            notify_info: None,
            black_third_party: Vec::new(),
        }
    }
}

impl TransmissionTemplate {
    /// Checks the payloads, window, SMS and vendor notification.
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.validate_fields()?;
        validate_apn(&self.apn_info)
    }

    fn validate_fields(&self) -> Result<(), ValidationError> {
        validate_common(&self.duration, &self.sms_info)?;
        if let Some(notify) = &self.notify_info {
            notify.validate().map_err(|e| e.within("notifyInfo"))?;
        }
        Ok(())
    }
}

builder! {
    /// Builds a [`TransmissionTemplate`].
    ///
    /// ```
    /// use getui_model::TransmissionTemplate;
    /// let t = TransmissionTemplate::builder()
    ///     .app_id("APPID").app_key("APPKEY")
    ///     .transmission_type(1).transmission_content("hello")
    ///     .build()?;
    /// assert_eq!(t.push_type, "TransmissionMsg");
    /// # Ok::<(), getui_model::ValidationError>(())
    /// ```
    TransmissionTemplateBuilder => TransmissionTemplate {
        app_key: String,
        app_id: String,
        transmission_type: i32,
        transmission_content: String,
        push_type: String,
        duration: Option<DisplayWindow>,
        sms_info: Option<SmsMessage>,
        apn_info: Option<ApnInfo>,
        notify_info: Option<Notify>,
        black_third_party: Vec<String>,
    }
}

/// A notification that opens the app (official class `NotificationTemplate`, templateId 0).
///
/// Action chain: Goto 1 → 10000, notification 10000 (title, text, logo, logoURL, ring,
/// clearable, buzz; fields `notifyStyle`, `channel`, `channelName`, `channelLevel`) or the
/// style's row plus `notifyid`, Goto 10010 → 10030, startapp 10030, eoa 100.
///
/// Rules: `channelLevel` in `0..=4`, `notifyid >= 0`, the style's rules. The documented text
/// limits (title 40, text 600 characters…) are enforced by no SDK and not here either.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    remote = "Self",
    rename_all = "camelCase",
    deny_unknown_fields,
    default
)]
#[non_exhaustive]
pub struct NotificationTemplate {
    /// `appKey` (default `""`).
    pub app_key: String,
    /// `appId` (default `""`).
    pub app_id: String,
    /// Notification title (`title`, default `""`).
    pub title: String,
    /// Notification text (`text`, default `""`).
    pub text: String,
    /// Icon file name bundled in the app (`logo`, default `""`).
    pub logo: String,
    /// Icon URL (`logoURL`, default `""`).
    #[serde(rename = "logoURL")]
    pub logo_url: String,
    /// 1 = start the app on arrival (`transmissionType`, default 0).
    pub transmission_type: i32,
    /// Data for the app (`transmissionContent`, default `""`).
    pub transmission_content: String,
    /// Ring on arrival (`isRing`, default `true`).
    pub is_ring: bool,
    /// Vibrate on arrival (`isVibrate`, default `true`).
    pub is_vibrate: bool,
    /// The user may clear the notification (`isClearable`, default `true`).
    pub is_clearable: bool,
    /// `pushType` (default `NotifyMsg`).
    pub push_type: String,
    /// Notification style number (`notifyStyle`, default 0; a numeric string is accepted).
    #[serde(deserialize_with = "lenient_i32")]
    pub notify_style: i32,
    /// Display style replacing the notification row (`style`).
    pub style: Option<Style>,
    /// Notification id, `>= 0` (`notifyid`, default 0; a numeric string is accepted).
    #[serde(rename = "notifyid", deserialize_with = "lenient_i32")]
    pub notify_id: i32,
    /// Android 8 channel id (`channel`, default `"Default"`).
    pub channel: String,
    /// Android 8 channel name (`channelName`, default `"Default"`).
    pub channel_name: String,
    /// Android 8 channel importance `0..=4` (`channelLevel`, default 3).
    pub channel_level: i32,
    /// The display window (`duration`, `setDuration`).
    pub duration: Option<DisplayWindow>,
    /// SMS fallback (`smsInfo`, `setSmsInfo`).
    pub sms_info: Option<SmsMessage>,
    /// iOS payload (`apnInfo`, `setApnInfo`).
    pub apn_info: Option<ApnInfo>,
}

official_class!(NotificationTemplate, "NotificationTemplate");

impl Default for NotificationTemplate {
    fn default() -> Self {
        Self {
            app_key: String::new(),
            app_id: String::new(),
            title: String::new(),
            text: String::new(),
            logo: String::new(),
            logo_url: String::new(),
            transmission_type: 0,
            transmission_content: String::new(),
            is_ring: true,
            is_vibrate: true,
            is_clearable: true,
            push_type: "NotifyMsg".to_owned(),
            notify_style: 0,
            style: None,
            notify_id: 0,
            channel: "Default".to_owned(),
            channel_name: "Default".to_owned(),
            channel_level: 3,
            duration: None,
            sms_info: None,
            apn_info: None,
        }
    }
}

impl NotificationTemplate {
    /// Checks the rules listed on the type.
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.validate_fields()?;
        validate_apn(&self.apn_info)
    }

    fn validate_fields(&self) -> Result<(), ValidationError> {
        check_channel_level(self.channel_level)?;
        check_notifyid(self.notify_id)?;
        validate_style(&self.style)?;
        validate_common(&self.duration, &self.sms_info)
    }
}

builder! {
    /// Builds a [`NotificationTemplate`].
    NotificationTemplateBuilder => NotificationTemplate {
        app_key: String,
        app_id: String,
        title: String,
        text: String,
        logo: String,
        logo_url: String,
        transmission_type: i32,
        transmission_content: String,
        is_ring: bool,
        is_vibrate: bool,
        is_clearable: bool,
        push_type: String,
        notify_style: i32,
        style: Option<Style>,
        notify_id: i32,
        channel: String,
        channel_name: String,
        channel_level: i32,
        duration: Option<DisplayWindow>,
        sms_info: Option<SmsMessage>,
        apn_info: Option<ApnInfo>,
    }
}

/// A notification that opens a web page (official class `LinkTemplate`, templateId 1).
///
/// Action chain: Goto 1 → 10000, notification 10000 (fields `notifyid`, `channel`,
/// `channelName`, `channelLevel`, `notifyStyle`) or the style's row plus `notifyid`,
/// Goto 10010 → 10040, startweb 10040 (`url`), eoa 100.
///
/// The wire form follows the official Python SDK, because the server and the device SDKs were
/// built against it. A known quirk of that format (listed as defect #5 of the Python SDK):
/// without a style, the field named `notifyStyle` carries the `notifyid` value, so
/// [`notify_style`](Self::notify_style) is not sent at all (the `notifyid` field carries
/// `notifyid` too). With a style, the style's own `notifyStyle` is sent.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    remote = "Self",
    rename_all = "camelCase",
    deny_unknown_fields,
    default
)]
#[non_exhaustive]
pub struct LinkTemplate {
    /// `appKey` (default `""`).
    pub app_key: String,
    /// `appId` (default `""`).
    pub app_id: String,
    /// Notification title (`title`, default `""`).
    pub title: String,
    /// Notification text (`text`, default `""`).
    pub text: String,
    /// Icon file name bundled in the app (`logo`, default `""`).
    pub logo: String,
    /// Icon URL (`logoURL`, default `""`).
    #[serde(rename = "logoURL")]
    pub logo_url: String,
    /// The page to open (`url`, default `""`).
    pub url: String,
    /// Ring on arrival (`isRing`, default `true`).
    pub is_ring: bool,
    /// Vibrate on arrival (`isVibrate`, default `true`).
    pub is_vibrate: bool,
    /// The user may clear the notification (`isClearable`, default `true`).
    pub is_clearable: bool,
    /// `pushType` (default `NotifyMsg`).
    pub push_type: String,
    /// Notification style number (`notifyStyle`, default 0; a numeric string is accepted).
    /// Not sent: the official wire form puts `notifyid` into the `notifyStyle` field.
    #[serde(deserialize_with = "lenient_i32")]
    pub notify_style: i32,
    /// Data for the app (`transmissionContent`, default `""`).
    pub transmission_content: String,
    /// Not used by the action chain (`transmissionType`, default 0).
    pub transmission_type: i32,
    /// Display style replacing the notification row (`style`).
    pub style: Option<Style>,
    /// Notification id, `>= 0` (`notifyid`, default 0; a numeric string is accepted).
    #[serde(rename = "notifyid", deserialize_with = "lenient_i32")]
    pub notify_id: i32,
    /// Android 8 channel id (`channel`, default `"Default"`).
    pub channel: String,
    /// Android 8 channel name (`channelName`, default `"Default"`).
    pub channel_name: String,
    /// Android 8 channel importance `0..=4` (`channelLevel`, default 3).
    pub channel_level: i32,
    /// The display window (`duration`, `setDuration`).
    pub duration: Option<DisplayWindow>,
    /// SMS fallback (`smsInfo`, `setSmsInfo`).
    pub sms_info: Option<SmsMessage>,
    /// iOS payload (`apnInfo`, `setApnInfo`).
    pub apn_info: Option<ApnInfo>,
}

official_class!(LinkTemplate, "LinkTemplate");

impl Default for LinkTemplate {
    fn default() -> Self {
        Self {
            app_key: String::new(),
            app_id: String::new(),
            title: String::new(),
            text: String::new(),
            logo: String::new(),
            logo_url: String::new(),
            url: String::new(),
            is_ring: true,
            is_vibrate: true,
            is_clearable: true,
            push_type: "NotifyMsg".to_owned(),
            notify_style: 0,
            transmission_content: String::new(),
            transmission_type: 0,
            style: None,
            notify_id: 0,
            channel: "Default".to_owned(),
            channel_name: "Default".to_owned(),
            channel_level: 3,
            duration: None,
            sms_info: None,
            apn_info: None,
        }
    }
}

impl LinkTemplate {
    /// Checks `channelLevel`, `notifyid`, the style and the attached payloads.
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.validate_fields()?;
        validate_apn(&self.apn_info)
    }

    fn validate_fields(&self) -> Result<(), ValidationError> {
        check_channel_level(self.channel_level)?;
        check_notifyid(self.notify_id)?;
        validate_style(&self.style)?;
        validate_common(&self.duration, &self.sms_info)
    }
}

builder! {
    /// Builds a [`LinkTemplate`].
    LinkTemplateBuilder => LinkTemplate {
        app_key: String,
        app_id: String,
        title: String,
        text: String,
        logo: String,
        logo_url: String,
        url: String,
        is_ring: bool,
        is_vibrate: bool,
        is_clearable: bool,
        push_type: String,
        notify_style: i32,
        transmission_content: String,
        transmission_type: i32,
        style: Option<Style>,
        notify_id: i32,
        channel: String,
        channel_name: String,
        channel_level: i32,
        duration: Option<DisplayWindow>,
        sms_info: Option<SmsMessage>,
        apn_info: Option<ApnInfo>,
    }
}

/// A notification, then a pop-up, then an app download (official class `NotyPopLoadTemplate`,
/// templateId 2; not supported on iOS).
///
/// Action chain: Goto 1 → 10000, notification 10000 (notyTitle, notyContent, notyIcon,
/// logoUrl; fields `channel`, `channelName`, `channelLevel`, `notifyStyle`) or the style's row
/// plus `notifyid`, Goto 10010 → 10020, popup 10020 (buttons → 10040 / 100, next 6),
/// appdownload 10040 (next 6), eoa 100.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    remote = "Self",
    rename_all = "camelCase",
    deny_unknown_fields,
    default
)]
#[non_exhaustive]
pub struct NotyPopLoadTemplate {
    /// `appKey` (default `""`).
    pub app_key: String,
    /// `appId` (default `""`).
    pub app_id: String,
    /// Notification icon (`notyIcon`, default `""`).
    pub noty_icon: String,
    /// Notification icon URL (`logoUrl`, default `""`).
    pub logo_url: String,
    /// Notification title (`notyTitle`, default `""`).
    pub noty_title: String,
    /// Notification text (`notyContent`, default `""`).
    pub noty_content: String,
    /// Ring on arrival (`isRing`, default `true`).
    pub is_ring: bool,
    /// Vibrate on arrival (`isVibrate`, default `true`).
    pub is_vibrate: bool,
    /// The user may clear the notification (`isClearable`, default `true`).
    pub is_clearable: bool,
    /// Pop-up title (`popTitle`, default `""`).
    pub pop_title: String,
    /// Pop-up text (`popContent`, default `""`).
    pub pop_content: String,
    /// Pop-up image URL (`popImage`, default `""`).
    pub pop_image: String,
    /// Text of the download button (`popButton1`, default `""`).
    pub pop_button1: String,
    /// Text of the cancel button (`popButton2`, default `""`).
    pub pop_button2: String,
    /// Download icon (`loadIcon`, default `""`).
    pub load_icon: String,
    /// Download title (`loadTitle`, default `""`).
    pub load_title: String,
    /// Download URL (`loadUrl`, default `""`).
    pub load_url: String,
    /// Not used by the action chain (`transmissionType`, default 0).
    pub transmission_type: i32,
    /// Data for the app (`transmissionContent`, default `""`).
    pub transmission_content: String,
    /// Install automatically once downloaded (`isAutoInstall`, default `false`).
    pub is_auto_install: bool,
    /// Start the app once installed (`isActive`, default `false`).
    pub is_active: bool,
    /// `pushType` (default `NotyPopLoadMsg`).
    pub push_type: String,
    /// Android package mark (`androidMark`, default `""`).
    pub android_mark: String,
    /// Symbian mark (`symbianMark`, default `""`).
    pub symbian_mark: String,
    /// iOS mark (`iosMark`, default `""`).
    pub ios_mark: String,
    /// Notification style number (`notifyStyle`, default 0; a numeric string is accepted).
    #[serde(deserialize_with = "lenient_i32")]
    pub notify_style: i32,
    /// Display style replacing the notification row (`style`).
    pub style: Option<Style>,
    /// Notification id, `>= 0` (`notifyid`, default 0; a numeric string is accepted).
    #[serde(rename = "notifyid", deserialize_with = "lenient_i32")]
    pub notify_id: i32,
    /// Android 8 channel id (`channel`, default `"Default"`).
    pub channel: String,
    /// Android 8 channel name (`channelName`, default `"Default"`).
    pub channel_name: String,
    /// Android 8 channel importance `0..=4` (`channelLevel`, default 3).
    pub channel_level: i32,
    /// The display window (`duration`, `setDuration`).
    pub duration: Option<DisplayWindow>,
    /// SMS fallback (`smsInfo`, `setSmsInfo`).
    pub sms_info: Option<SmsMessage>,
    /// iOS payload (`apnInfo`, `setApnInfo`).
    pub apn_info: Option<ApnInfo>,
}

official_class!(NotyPopLoadTemplate, "NotyPopLoadTemplate");

impl Default for NotyPopLoadTemplate {
    fn default() -> Self {
        Self {
            app_key: String::new(),
            app_id: String::new(),
            noty_icon: String::new(),
            logo_url: String::new(),
            noty_title: String::new(),
            noty_content: String::new(),
            is_ring: true,
            is_vibrate: true,
            is_clearable: true,
            pop_title: String::new(),
            pop_content: String::new(),
            pop_image: String::new(),
            pop_button1: String::new(),
            pop_button2: String::new(),
            load_icon: String::new(),
            load_title: String::new(),
            load_url: String::new(),
            transmission_type: 0,
            transmission_content: String::new(),
            is_auto_install: false,
            is_active: false,
            push_type: "NotyPopLoadMsg".to_owned(),
            android_mark: String::new(),
            symbian_mark: String::new(),
            ios_mark: String::new(),
            notify_style: 0,
            style: None,
            notify_id: 0,
            channel: "Default".to_owned(),
            channel_name: "Default".to_owned(),
            channel_level: 3,
            duration: None,
            sms_info: None,
            apn_info: None,
        }
    }
}

impl NotyPopLoadTemplate {
    /// Checks `channelLevel`, `notifyid`, the style and the attached payloads.
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.validate_fields()?;
        validate_apn(&self.apn_info)
    }

    fn validate_fields(&self) -> Result<(), ValidationError> {
        check_channel_level(self.channel_level)?;
        check_notifyid(self.notify_id)?;
        validate_style(&self.style)?;
        validate_common(&self.duration, &self.sms_info)
    }
}

builder! {
    /// Builds a [`NotyPopLoadTemplate`].
    NotyPopLoadTemplateBuilder => NotyPopLoadTemplate {
        app_key: String,
        app_id: String,
        noty_icon: String,
        logo_url: String,
        noty_title: String,
        noty_content: String,
        is_ring: bool,
        is_vibrate: bool,
        is_clearable: bool,
        pop_title: String,
        pop_content: String,
        pop_image: String,
        pop_button1: String,
        pop_button2: String,
        load_icon: String,
        load_title: String,
        load_url: String,
        transmission_type: i32,
        transmission_content: String,
        is_auto_install: bool,
        is_active: bool,
        push_type: String,
        android_mark: String,
        symbian_mark: String,
        ios_mark: String,
        notify_style: i32,
        style: Option<Style>,
        notify_id: i32,
        channel: String,
        channel_name: String,
        channel_level: i32,
        duration: Option<DisplayWindow>,
        sms_info: Option<SmsMessage>,
        apn_info: Option<ApnInfo>,
    }
}

/// A notification that opens an in-app page (official class `StartActivityTemplate`,
/// templateId 7).
///
/// Action chain: Goto 1 → 10000, mmsinbox2 10000 (stype `notification`; fields `title`,
/// `text`, `logo`, `logo_url`, `notifyStyle`, `is_noring`, `is_noclear`, `is_novibrate`),
/// Goto 10010 → 11220, mmsinbox2 11220 (stype `startmyactivity`; fields `uri` = intent,
/// `do_failed` = `"100"`), eoa 100.
///
/// Rules: `intent` at most 1000 characters and matching
/// [`INTENT_PATTERN`](crate::INTENT_PATTERN); the default `""` does not match, so an intent is
/// required (as in the official SDK, whose own default fails: its defect #13).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    remote = "Self",
    rename_all = "camelCase",
    deny_unknown_fields,
    default
)]
#[non_exhaustive]
pub struct StartActivityTemplate {
    /// `appKey` (default `""`).
    pub app_key: String,
    /// `appId` (default `""`).
    pub app_id: String,
    /// The Android intent URI, `intent:#Intent;…;end` (`intent`, default `""`).
    pub intent: String,
    /// Data for the app (`transmissionContent`, default `""`).
    pub transmission_content: String,
    /// Notification text (`text`, default `""`).
    pub text: String,
    /// Notification title (`title`, default `""`).
    pub title: String,
    /// Icon file name bundled in the app (`logo`, default `""`).
    pub logo: String,
    /// Icon URL (`logoURL`, default `""`).
    #[serde(rename = "logoURL")]
    pub logo_url: String,
    /// Notification style number (`notifyStyle`, default 0; a numeric string is accepted).
    #[serde(deserialize_with = "lenient_i32")]
    pub notify_style: i32,
    /// Ring on arrival (`isRing`, default `true`).
    pub is_ring: bool,
    /// Vibrate on arrival (`isVibrate`, default `true`).
    pub is_vibrate: bool,
    /// The user may clear the notification (`isClearable`, default `true`).
    pub is_clearable: bool,
    /// `pushType` (default `startmyactivity`).
    pub push_type: String,
    /// Accepted because the official class has the attribute; ignored, as by the official SDK.
    pub style: Option<Style>,
    /// Accepted because the official class has the attribute; ignored, as by the official SDK.
    #[serde(rename = "notifyid", deserialize_with = "lenient_i32")]
    pub notify_id: i32,
    /// The display window (`duration`, `setDuration`).
    pub duration: Option<DisplayWindow>,
    /// SMS fallback (`smsInfo`, `setSmsInfo`).
    pub sms_info: Option<SmsMessage>,
    /// iOS payload (`apnInfo`, `setApnInfo`).
    pub apn_info: Option<ApnInfo>,
}

official_class!(StartActivityTemplate, "StartActivityTemplate");

impl Default for StartActivityTemplate {
    fn default() -> Self {
        Self {
            app_key: String::new(),
            app_id: String::new(),
            intent: String::new(),
            transmission_content: String::new(),
            text: String::new(),
            title: String::new(),
            logo: String::new(),
            logo_url: String::new(),
            notify_style: 0,
            is_ring: true,
            is_vibrate: true,
            is_clearable: true,
            push_type: "startmyactivity".to_owned(),
            style: None,
            notify_id: 0,
            duration: None,
            sms_info: None,
            apn_info: None,
        }
    }
}

impl StartActivityTemplate {
    /// Checks the intent and the attached payloads.
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.validate_fields()?;
        validate_apn(&self.apn_info)
    }

    fn validate_fields(&self) -> Result<(), ValidationError> {
        check_intent("intent", &self.intent)?;
        validate_common(&self.duration, &self.sms_info)
    }
}

builder! {
    /// Builds a [`StartActivityTemplate`].
    ///
    /// ```
    /// use getui_model::StartActivityTemplate;
    /// assert!(StartActivityTemplate::builder().build().is_err()); // an intent is required
    /// let t = StartActivityTemplate::builder()
    ///     .intent("intent:#Intent;component=com.example/.Main;end")
    ///     .build()?;
    /// # Ok::<(), getui_model::ValidationError>(())
    /// ```
    StartActivityTemplateBuilder => StartActivityTemplate {
        app_key: String,
        app_id: String,
        intent: String,
        transmission_content: String,
        text: String,
        title: String,
        logo: String,
        logo_url: String,
        notify_style: i32,
        is_ring: bool,
        is_vibrate: bool,
        is_clearable: bool,
        push_type: String,
        duration: Option<DisplayWindow>,
        sms_info: Option<SmsMessage>,
        apn_info: Option<ApnInfo>,
    }
}

/// Only an iOS payload (official class `APNTemplate`, templateId 5): no action chain.
///
/// Used with the APN actions (`PI` parameter) and, with `pushType` `""`, in regular pushes.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(
    remote = "Self",
    rename_all = "camelCase",
    deny_unknown_fields,
    default
)]
#[non_exhaustive]
pub struct ApnTemplate {
    /// `appKey` (default `""`).
    pub app_key: String,
    /// `appId` (default `""`).
    pub app_id: String,
    /// The display window (`duration`, `setDuration`).
    pub duration: Option<DisplayWindow>,
    /// SMS fallback (`smsInfo`, `setSmsInfo`).
    pub sms_info: Option<SmsMessage>,
    /// iOS payload (`apnInfo`, `setApnInfo`).
    pub apn_info: Option<ApnInfo>,
}

official_class!(ApnTemplate, "APNTemplate");

impl ApnTemplate {
    /// Checks the attached payloads.
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.validate_fields()?;
        validate_apn(&self.apn_info)
    }

    fn validate_fields(&self) -> Result<(), ValidationError> {
        validate_common(&self.duration, &self.sms_info)
    }
}

builder! {
    /// Builds an [`ApnTemplate`].
    ApnTemplateBuilder => ApnTemplate {
        app_key: String,
        app_id: String,
        duration: Option<DisplayWindow>,
        sms_info: Option<SmsMessage>,
        apn_info: Option<ApnInfo>,
    }
}

/// Withdraws the notification of an earlier task (official class `RevokeTemplate`,
/// templateId 8).
///
/// Action chain (Python SDK layout): mmsinbox2 1 (taskid = `oldTaskId`, stype
/// `terminatetask`, field `force:bool`) → eoa 100.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    remote = "Self",
    rename_all = "camelCase",
    deny_unknown_fields,
    default
)]
#[non_exhaustive]
pub struct RevokeTemplate {
    /// `appKey` (default `""`).
    pub app_key: String,
    /// `appId` (default `""`).
    pub app_id: String,
    /// When the task is not found, withdraw every notification of the app (`force`, default
    /// `true`).
    pub force: bool,
    /// The task to withdraw (`oldTaskId`, default `""`).
    pub old_task_id: String,
    /// Data for the app (`transmissionContent`, default `""`).
    pub transmission_content: String,
    /// Not used by the action chain (`transmissionType`, default 0).
    pub transmission_type: i32,
    /// `pushType` (default `NotifyMsg`).
    pub push_type: String,
    /// The display window (`duration`, `setDuration`).
    pub duration: Option<DisplayWindow>,
    /// SMS fallback (`smsInfo`, `setSmsInfo`).
    pub sms_info: Option<SmsMessage>,
    /// iOS payload (`apnInfo`, `setApnInfo`).
    pub apn_info: Option<ApnInfo>,
}

official_class!(RevokeTemplate, "RevokeTemplate");

impl Default for RevokeTemplate {
    fn default() -> Self {
        Self {
            app_key: String::new(),
            app_id: String::new(),
            force: true,
            old_task_id: String::new(),
            transmission_content: String::new(),
            transmission_type: 0,
            push_type: "NotifyMsg".to_owned(),
            duration: None,
            sms_info: None,
            apn_info: None,
        }
    }
}

impl RevokeTemplate {
    /// Checks the attached payloads.
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.validate_fields()?;
        validate_apn(&self.apn_info)
    }

    fn validate_fields(&self) -> Result<(), ValidationError> {
        validate_common(&self.duration, &self.sms_info)
    }
}

builder! {
    /// Builds a [`RevokeTemplate`].
    RevokeTemplateBuilder => RevokeTemplate {
        app_key: String,
        app_id: String,
        force: bool,
        old_task_id: String,
        transmission_content: String,
        transmission_type: i32,
        push_type: String,
        duration: Option<DisplayWindow>,
        sms_info: Option<SmsMessage>,
        apn_info: Option<ApnInfo>,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ApnsPayload, Rule, Style0};
    use serde_json::json;

    fn from(v: serde_json::Value) -> Template {
        serde_json::from_value(v).unwrap()
    }

    #[test]
    fn ids_push_types_and_contents() {
        let cases = [
            (
                json!({"class": "TransmissionTemplate", "transmissionContent": "a"}),
                4,
                "TransmissionMsg",
                "a",
            ),
            (
                json!({"class": "NotificationTemplate", "transmissionContent": "b"}),
                0,
                "NotifyMsg",
                "b",
            ),
            (json!({"class": "LinkTemplate"}), 1, "NotifyMsg", ""),
            (
                json!({"class": "NotyPopLoadTemplate"}),
                2,
                "NotyPopLoadMsg",
                "",
            ),
            (
                json!({"class": "StartActivityTemplate"}),
                7,
                "startmyactivity",
                "",
            ),
            (json!({"class": "APNTemplate"}), 5, "", ""),
            (
                json!({"class": "RevokeTemplate", "pushType": "Revoke"}),
                8,
                "Revoke",
                "",
            ),
        ];
        for (value, id, push_type, content) in cases {
            let class = value["class"].as_str().unwrap().to_owned();
            let t = from(value);
            assert_eq!(t.template_id(), id);
            assert_eq!(t.push_type(), push_type);
            assert_eq!(t.transmission_content(), content);
            assert_eq!(t.class_name(), class);
            let back = serde_json::to_value(&t).unwrap();
            assert_eq!(back["class"], class.as_str());
            assert_eq!(serde_json::from_value::<Template>(back).unwrap(), t);
        }
    }

    #[test]
    fn official_attribute_names_and_defaults() {
        let t = from(
            json!({"class": "NotificationTemplate", "logoURL": "u", "notifyid": "7",
            "notifyStyle": "5", "isRing": false, "channelLevel": 4,
            "duration": {"begin": "2024-02-29 00:00:00", "end": "2024-03-01 00:00:00"},
            "apnInfo": {"class": "APNPayload", "badge": 1},
            "smsInfo": {"class": "SmsMessage", "smsTemplateId": "n1", "isApplink": false}}),
        );
        let Template::Notification(n) = &t else {
            unreachable!()
        };
        assert_eq!(
            (n.logo_url.as_str(), n.notify_id, n.notify_style),
            ("u", 7, 5)
        );
        assert!(!n.is_ring && n.is_vibrate && n.is_clearable);
        assert_eq!(
            (n.channel.as_str(), n.channel_name.as_str()),
            ("Default", "Default")
        );
        assert!(t.duration().is_some() && t.apn_info().is_some() && t.sms_info().is_some());
        assert!(t.validate().is_ok());
        // Attributes of other templates are rejected.
        for bad in [
            json!({"class": "NotificationTemplate", "notifyInfo": {"title": "t"}}),
            json!({"class": "LinkTemplate", "logoUrl": "x"}),
            json!({"class": "NotyPopLoadTemplate", "logoURL": "x"}),
            json!({"class": "APNTemplate", "transmissionContent": "x"}),
            json!({"class": "BaseTemplate"}),
        ] {
            assert!(
                serde_json::from_value::<Template>(bad.clone()).is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn builder_validates() {
        let err = NotificationTemplate::builder()
            .channel_level(5)
            .build()
            .unwrap_err();
        assert_eq!(err.field(), "channelLevel");
        let err = LinkTemplate::builder().notify_id(-1).build().unwrap_err();
        assert_eq!(err.field(), "notifyid");
        let err = NotyPopLoadTemplate::builder()
            .style(Style::from(Style0 {
                channel_level: 7,
                ..Style0::default()
            }))
            .build()
            .unwrap_err();
        assert_eq!(err.field(), "style.channelLevel");
        let t = TransmissionTemplate::builder()
            .apn_info(ApnInfo::from(ApnsPayload::with_alert("hi")))
            .black_third_party(vec!["HW".to_owned()])
            .build()
            .unwrap();
        assert_eq!(t.black_third_party, ["HW"]);
    }

    #[test]
    fn nested_errors_are_dotted() {
        let t = from(json!({"class": "TransmissionTemplate",
            "apnInfo": {"class": "APNPayload", "alertMsg": {"class": "SimpleAlertMsg", "alertMsg": "m"},
                        "multiMedia": [{"class": "MultiMedia", "resUrl": "u"}]}}));
        assert_eq!(
            t.validate().unwrap_err(),
            ValidationError::new("apnInfo.multiMedia.resType", Rule::Required)
        );
        let t = from(json!({"class": "TransmissionTemplate",
            "notifyInfo": {"class": "Notify", "title": "T", "content": "C", "type": 1,
                           "intent": "intent:#Intent;no-end"}}));
        assert_eq!(t.validate().unwrap_err().field(), "notifyInfo.intent");
        let t = from(json!({"class": "RevokeTemplate",
            "duration": {"begin": "2025/01/01", "end": "2025/01/02"}}));
        assert_eq!(t.validate().unwrap_err().field(), "duration.begin");
        let t = from(json!({"class": "APNTemplate",
            "smsInfo": {"class": "SmsMessage", "smsTemplateId": "t", "offlineSendtime": 1}}));
        assert_eq!(t.validate().unwrap_err().field(), "smsInfo.url");
        let t = from(json!({"class": "LinkTemplate", "apnInfo": {"class": "VoIPPayload"}}));
        assert_eq!(t.validate().unwrap_err().field(), "apnInfo.voIPPayload");
    }

    #[test]
    fn start_activity_requires_a_valid_intent() {
        let t = from(json!({"class": "StartActivityTemplate"}));
        let err = t.validate().unwrap_err();
        assert_eq!(err.field(), "intent");
        assert!(matches!(err.rule(), Rule::Pattern { .. }));
        let long = format!("intent:#Intent;{};end", "c".repeat(982));
        let err = from(json!({"class": "StartActivityTemplate", "intent": long}))
            .validate()
            .unwrap_err();
        assert_eq!(
            err.rule(),
            &Rule::MaxChars {
                max: 1000,
                actual: 1001
            }
        );
        // Style and notifyid are accepted and ignored, as by the official SDK.
        let t = from(
            json!({"class": "StartActivityTemplate", "intent": "intent:#Intent;S.a=b;end",
            "style": {"class": "Style1", "channelLevel": 9}, "notifyid": -3}),
        );
        assert!(t.validate().is_ok());
    }

    #[test]
    fn transmission_only_accessors() {
        let t = from(
            json!({"class": "TransmissionTemplate", "blackThirdParty": ["HW", "XM"],
            "notifyInfo": {"title": "t", "content": "c"}}),
        );
        assert_eq!(t.black_third_party(), ["HW", "XM"]);
        assert!(t.notify_info().is_some());
        let n = from(json!({"class": "NotificationTemplate"}));
        assert!(n.black_third_party().is_empty() && n.notify_info().is_none());
    }
}
