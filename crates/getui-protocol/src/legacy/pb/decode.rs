//! `prost` structs of the GtReq messages the HTTP API carries, for decoding what a client sent
//! (mock server, conformance runner, tests). Feature `decode`.
//!
//! Every singular field is an `Option` so that proto2 presence is visible: a field the sender
//! assigned to `""`, `0` or `false` decodes as `Some(..)`, an unassigned one as `None` (this is
//! also true of the schema's `required` fields, so a missing one can be reported instead of
//! failing the decoding). Encoding these structs with `prost` gives the same canonical bytes as
//! the hand-written encoder. Names follow the schema (`InnerFiled` and `constains` are the
//! official spellings); `GtReq.proto` package `com.gexin.rp.sdk.dto`.
//!
//! ```
//! use getui_protocol::pb::{self, decode::Transparent};
//! use prost::Message as _;
//! let template = getui_model::TransmissionTemplate::builder().app_id("APPID").build()?;
//! let bytes = pb::transparent(&template.into())?;
//! let decoded = Transparent::decode(bytes.as_slice()).unwrap();
//! assert_eq!(decoded.app_id.as_deref(), Some("APPID"));
//! assert_eq!(decoded.template_id, Some(4));
//! assert_eq!(decoded.encode_to_vec(), bytes);
//! # Ok::<(), getui_model::ValidationError>(())
//! ```

/// The envelope of every template (`clientData`).
#[derive(Clone, PartialEq, prost::Message)]
pub struct Transparent {
    /// 1 `id` (required).
    #[prost(string, optional, tag = "1")]
    pub id: Option<String>,
    /// 2 `action` (required), `"pushmessage"`.
    #[prost(string, optional, tag = "2")]
    pub action: Option<String>,
    /// 3 `taskId` (required).
    #[prost(string, optional, tag = "3")]
    pub task_id: Option<String>,
    /// 4 `appKey` (required).
    #[prost(string, optional, tag = "4")]
    pub app_key: Option<String>,
    /// 5 `appId` (required).
    #[prost(string, optional, tag = "5")]
    pub app_id: Option<String>,
    /// 6 `messageId` (required).
    #[prost(string, optional, tag = "6")]
    pub message_id: Option<String>,
    /// 7 `pushInfo`.
    #[prost(message, optional, tag = "7")]
    pub push_info: Option<PushInfo>,
    /// 8 `actionChain`.
    #[prost(message, repeated, tag = "8")]
    pub action_chain: Vec<ActionChain>,
    /// 9 `condition`.
    #[prost(string, repeated, tag = "9")]
    pub condition: Vec<String>,
    /// 10 `templateId`.
    #[prost(int32, optional, tag = "10")]
    pub template_id: Option<i32>,
    /// 11 `taskGroupId`.
    #[prost(string, optional, tag = "11")]
    pub task_group_id: Option<String>,
    /// 12 `smsInfo`.
    #[prost(message, optional, tag = "12")]
    pub sms_info: Option<SmsInfo>,
}

/// Delivery information (`PI` of the APN actions, `Transparent.pushInfo`).
#[derive(Clone, PartialEq, prost::Message)]
pub struct PushInfo {
    /// 1 `message` (legacy).
    #[prost(string, optional, tag = "1")]
    pub message: Option<String>,
    /// 2 `actionKey` (legacy).
    #[prost(string, optional, tag = "2")]
    pub action_key: Option<String>,
    /// 3 `sound` (legacy).
    #[prost(string, optional, tag = "3")]
    pub sound: Option<String>,
    /// 4 `badge` (legacy).
    #[prost(string, optional, tag = "4")]
    pub badge: Option<String>,
    /// 5 `payload` (legacy).
    #[prost(string, optional, tag = "5")]
    pub payload: Option<String>,
    /// 6 `locKey` (legacy).
    #[prost(string, optional, tag = "6")]
    pub loc_key: Option<String>,
    /// 7 `locArgs` (legacy).
    #[prost(string, optional, tag = "7")]
    pub loc_args: Option<String>,
    /// 8 `actionLocKey` (legacy).
    #[prost(string, optional, tag = "8")]
    pub action_loc_key: Option<String>,
    /// 9 `launchImage` (legacy).
    #[prost(string, optional, tag = "9")]
    pub launch_image: Option<String>,
    /// 10 `contentAvailable` (legacy).
    #[prost(int32, optional, tag = "10")]
    pub content_available: Option<i32>,
    /// 11 `invalidAPN`: no APNs payload.
    #[prost(bool, optional, tag = "11")]
    pub invalid_apn: Option<bool>,
    /// 12 `apnJson`: the APNs payload text.
    #[prost(string, optional, tag = "12")]
    pub apn_json: Option<String>,
    /// 13 `invalidMPN`.
    #[prost(bool, optional, tag = "13")]
    pub invalid_mpn: Option<bool>,
    /// 14 `mpnXml` (legacy).
    #[prost(string, optional, tag = "14")]
    pub mpn_xml: Option<String>,
    /// 15 `validNotify`: a vendor notification is present.
    #[prost(bool, optional, tag = "15")]
    pub valid_notify: Option<bool>,
    /// 16 `notifyInfo`.
    #[prost(message, optional, tag = "16")]
    pub notify_info: Option<NotifyInfo>,
    /// 17 `blackThirdparty`: vendor codes not to use.
    #[prost(string, repeated, tag = "17")]
    pub black_thirdparty: Vec<String>,
}

/// The vendor-channel notification.
#[derive(Clone, PartialEq, prost::Message)]
pub struct NotifyInfo {
    /// 1 `title` (required).
    #[prost(string, optional, tag = "1")]
    pub title: Option<String>,
    /// 2 `content` (required).
    #[prost(string, optional, tag = "2")]
    pub content: Option<String>,
    /// 3 `payload`.
    #[prost(string, optional, tag = "3")]
    pub payload: Option<String>,
    /// 4 `intent`.
    #[prost(string, optional, tag = "4")]
    pub intent: Option<String>,
    /// 5 `url`.
    #[prost(string, optional, tag = "5")]
    pub url: Option<String>,
    /// 6 `type` ([`notify_info::Type`]).
    #[prost(enumeration = "notify_info::Type", optional, tag = "6")]
    pub r#type: Option<i32>,
    /// 7 `notifyId` (PHP/C# SDKs only).
    #[prost(string, optional, tag = "7")]
    pub notify_id: Option<String>,
    /// 8 `extKV`.
    #[prost(message, repeated, tag = "8")]
    pub ext_kv: Vec<ExtKv>,
}

/// Nested types of [`NotifyInfo`].
pub mod notify_info {
    /// `NotifyInfo.Type`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
    #[repr(i32)]
    pub enum Type {
        /// `_payload`.
        Payload = 0,
        /// `_intent`.
        Intent = 1,
        /// `_url`.
        Url = 2,
        /// `_startApp`.
        StartApp = 3,
    }
}

/// A vendor-specific key/value (`ExtKV`).
#[derive(Clone, PartialEq, prost::Message)]
pub struct ExtKv {
    /// 1 `key` (required).
    #[prost(string, optional, tag = "1")]
    pub key: Option<String>,
    /// 2 `value` (required).
    #[prost(string, optional, tag = "2")]
    pub value: Option<String>,
    /// 3 `constains`: the platform code.
    #[prost(string, optional, tag = "3")]
    pub constains: Option<String>,
}

/// One step of the device-side state machine.
#[derive(Clone, PartialEq, prost::Message)]
pub struct ActionChain {
    /// 1 `actionId` (required).
    #[prost(int32, optional, tag = "1")]
    pub action_id: Option<i32>,
    /// 2 `type` (required, [`action_chain::Type`]).
    #[prost(enumeration = "action_chain::Type", optional, tag = "2")]
    pub r#type: Option<i32>,
    /// 3 `next`.
    #[prost(int32, optional, tag = "3")]
    pub next: Option<i32>,
    /// 100 `logo`.
    #[prost(string, optional, tag = "100")]
    pub logo: Option<String>,
    /// 101 `logoURL`.
    #[prost(string, optional, tag = "101")]
    pub logo_url: Option<String>,
    /// 102 `title`.
    #[prost(string, optional, tag = "102")]
    pub title: Option<String>,
    /// 103 `text`.
    #[prost(string, optional, tag = "103")]
    pub text: Option<String>,
    /// 104 `clearable`.
    #[prost(bool, optional, tag = "104")]
    pub clearable: Option<bool>,
    /// 105 `ring`.
    #[prost(bool, optional, tag = "105")]
    pub ring: Option<bool>,
    /// 106 `buzz`.
    #[prost(bool, optional, tag = "106")]
    pub buzz: Option<bool>,
    /// 107 `bannerURL`.
    #[prost(string, optional, tag = "107")]
    pub banner_url: Option<String>,
    /// 120 `img`.
    #[prost(string, optional, tag = "120")]
    pub img: Option<String>,
    /// 121 `buttons`.
    #[prost(message, repeated, tag = "121")]
    pub buttons: Vec<Button>,
    /// 140 `appid`.
    #[prost(string, optional, tag = "140")]
    pub appid: Option<String>,
    /// 141 `appstartupid`.
    #[prost(message, optional, tag = "141")]
    pub appstartupid: Option<AppStartUp>,
    /// 142 `autostart`.
    #[prost(bool, optional, tag = "142")]
    pub autostart: Option<bool>,
    /// 143 `failedAction`.
    #[prost(int32, optional, tag = "143")]
    pub failed_action: Option<i32>,
    /// 160 `url`.
    #[prost(string, optional, tag = "160")]
    pub url: Option<String>,
    /// 161 `withcid`.
    #[prost(string, optional, tag = "161")]
    pub withcid: Option<String>,
    /// 162 `is_withnettype`.
    #[prost(bool, optional, tag = "162")]
    pub is_withnettype: Option<bool>,
    /// 180 `address`.
    #[prost(string, optional, tag = "180")]
    pub address: Option<String>,
    /// 181 `content`.
    #[prost(string, optional, tag = "181")]
    pub content: Option<String>,
    /// 182 `ct`.
    #[prost(int64, optional, tag = "182")]
    pub ct: Option<i64>,
    /// 183 `flag` ([`SmsStatus`]).
    #[prost(enumeration = "SmsStatus", optional, tag = "183")]
    pub flag: Option<i32>,
    /// 200 `successedAction`.
    #[prost(int32, optional, tag = "200")]
    pub successed_action: Option<i32>,
    /// 201 `uninstalledAction`.
    #[prost(int32, optional, tag = "201")]
    pub uninstalled_action: Option<i32>,
    /// 220 `name`.
    #[prost(string, optional, tag = "220")]
    pub name: Option<String>,
    /// 223 `autoInstall`.
    #[prost(bool, optional, tag = "223")]
    pub auto_install: Option<bool>,
    /// 225 `wifiAutodownload`.
    #[prost(bool, optional, tag = "225")]
    pub wifi_autodownload: Option<bool>,
    /// 226 `forceDownload`.
    #[prost(bool, optional, tag = "226")]
    pub force_download: Option<bool>,
    /// 227 `showProgress`.
    #[prost(bool, optional, tag = "227")]
    pub show_progress: Option<bool>,
    /// 241 `post`.
    #[prost(string, optional, tag = "241")]
    pub post: Option<String>,
    /// 242 `headers`.
    #[prost(string, optional, tag = "242")]
    pub headers: Option<String>,
    /// 260 `groupable`.
    #[prost(bool, optional, tag = "260")]
    pub groupable: Option<bool>,
    /// 280 `mmsTitle`.
    #[prost(string, optional, tag = "280")]
    pub mms_title: Option<String>,
    /// 281 `mmsURL`.
    #[prost(string, optional, tag = "281")]
    pub mms_url: Option<String>,
    /// 300 `preload`.
    #[prost(bool, optional, tag = "300")]
    pub preload: Option<bool>,
    /// 320 `taskid`.
    #[prost(string, optional, tag = "320")]
    pub taskid: Option<String>,
    /// 340 `duration`.
    #[prost(int64, optional, tag = "340")]
    pub duration: Option<i64>,
    /// 360 `date`.
    #[prost(string, optional, tag = "360")]
    pub date: Option<String>,
    /// 380 `stype`.
    #[prost(string, optional, tag = "380")]
    pub stype: Option<String>,
    /// 381 `field`.
    #[prost(message, repeated, tag = "381")]
    pub field: Vec<InnerFiled>,
}

/// Nested types of [`ActionChain`].
pub mod action_chain {
    /// `ActionChain.Type`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
    #[repr(i32)]
    pub enum Type {
        /// `Goto`.
        Goto = 0,
        /// `notification`.
        Notification = 1,
        /// `popup`.
        Popup = 2,
        /// `startapp`.
        Startapp = 3,
        /// `startweb`.
        Startweb = 4,
        /// `smsinbox`.
        Smsinbox = 5,
        /// `checkapp`.
        Checkapp = 6,
        /// `eoa` (end of actions).
        Eoa = 7,
        /// `appdownload`.
        Appdownload = 8,
        /// `startsms`.
        Startsms = 9,
        /// `httpproxy`.
        Httpproxy = 10,
        /// `smsinbox2`.
        Smsinbox2 = 11,
        /// `mmsinbox2`.
        Mmsinbox2 = 12,
        /// `popupweb`.
        Popupweb = 13,
        /// `dial`.
        Dial = 14,
        /// `reportbindapp`.
        Reportbindapp = 15,
        /// `reportaddphoneinfo`.
        Reportaddphoneinfo = 16,
        /// `reportapplist`.
        Reportapplist = 17,
        /// `terminatetask`.
        Terminatetask = 18,
        /// `reportapp`.
        Reportapp = 19,
        /// `enablelog`.
        Enablelog = 20,
        /// `disablelog`.
        Disablelog = 21,
        /// `uploadlog`.
        Uploadlog = 22,
    }
}

/// `SMSStatus` (ActionChain field 183).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
#[repr(i32)]
pub enum SmsStatus {
    /// `unread`.
    Unread = 0,
    /// `read`.
    Read = 1,
}

/// A key/value/type triple inside `ActionChain.field` (the schema spells it `InnerFiled`).
#[derive(Clone, PartialEq, prost::Message)]
pub struct InnerFiled {
    /// 1 `key` (required).
    #[prost(string, optional, tag = "1")]
    pub key: Option<String>,
    /// 2 `val` (required).
    #[prost(string, optional, tag = "2")]
    pub val: Option<String>,
    /// 3 `type` (required, [`inner_filed::Type`]).
    #[prost(enumeration = "inner_filed::Type", optional, tag = "3")]
    pub r#type: Option<i32>,
}

/// Nested types of [`InnerFiled`].
pub mod inner_filed {
    /// `InnerFiled.Type`.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, prost::Enumeration)]
    #[repr(i32)]
    pub enum Type {
        /// `str`.
        Str = 0,
        /// `int32`.
        Int32 = 1,
        /// `int64`.
        Int64 = 2,
        /// `floa`.
        Floa = 3,
        /// `doub`.
        Doub = 4,
        /// `bool`.
        Bool = 5,
    }
}

/// App identifiers of a startapp/appdownload action.
#[derive(Clone, PartialEq, prost::Message)]
pub struct AppStartUp {
    /// 1 `android`.
    #[prost(string, optional, tag = "1")]
    pub android: Option<String>,
    /// 2 `symbia`.
    #[prost(string, optional, tag = "2")]
    pub symbia: Option<String>,
    /// 3 `ios`.
    #[prost(string, optional, tag = "3")]
    pub ios: Option<String>,
}

/// A pop-up button.
#[derive(Clone, PartialEq, prost::Message)]
pub struct Button {
    /// 1 `text`.
    #[prost(string, optional, tag = "1")]
    pub text: Option<String>,
    /// 2 `next`.
    #[prost(int32, optional, tag = "2")]
    pub next: Option<i32>,
}

/// One SMS template variable.
#[derive(Clone, PartialEq, prost::Message)]
pub struct SmsContentEntry {
    /// 1 `key` (required).
    #[prost(string, optional, tag = "1")]
    pub key: Option<String>,
    /// 2 `value` (required).
    #[prost(string, optional, tag = "2")]
    pub value: Option<String>,
}

/// The SMS fallback (`Transparent.smsInfo`).
#[derive(Clone, PartialEq, prost::Message)]
pub struct SmsInfo {
    /// 1 `smsTemplateId` (required).
    #[prost(string, optional, tag = "1")]
    pub sms_template_id: Option<String>,
    /// 2 `smsContent`.
    #[prost(message, repeated, tag = "2")]
    pub sms_content: Vec<SmsContentEntry>,
    /// 3 `offlineSendtime` (required).
    #[prost(int64, optional, tag = "3")]
    pub offline_sendtime: Option<i64>,
    /// 4 `smsSendDuration`.
    #[prost(int64, optional, tag = "4")]
    pub sms_send_duration: Option<i64>,
    /// 5 `smsChecked`.
    #[prost(bool, optional, tag = "5")]
    pub sms_checked: Option<bool>,
    /// 6 `smsCheckedErrorMsg`.
    #[prost(string, optional, tag = "6")]
    pub sms_checked_error_msg: Option<String>,
}

/// The batch of `pushMessageToSingleBatchAction` (`singleDatas`).
#[derive(Clone, PartialEq, prost::Message)]
pub struct SingleBatchRequest {
    /// 1 `batchId` (required).
    #[prost(string, optional, tag = "1")]
    pub batch_id: Option<String>,
    /// 2 `batchItem`.
    #[prost(message, repeated, tag = "2")]
    pub batch_item: Vec<SingleBatchItem>,
}

/// One batch element: its index and the JSON text of a single push.
#[derive(Clone, PartialEq, prost::Message)]
pub struct SingleBatchItem {
    /// 1 `seqId` (required).
    #[prost(int32, optional, tag = "1")]
    pub seq_id: Option<i32>,
    /// 2 `data` (required): JSON text.
    #[prost(string, optional, tag = "2")]
    pub data: Option<String>,
}
