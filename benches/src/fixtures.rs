//! The messages the benchmarks and the load generator push: one typical template of each
//! kind, written in the official JSON form (the serde form of `getui-model`), for the mock's
//! default app.

use std::fmt;
use std::str::FromStr;

use getui_model::v2::push::PushRequest;
use getui_model::{ListMessage, SingleMessage, Target, Template};

/// The app key of the mock's default app (`getui_mock::DEFAULT_APP_KEY`).
pub const APP_KEY: &str = getui_mock::DEFAULT_APP_KEY;
/// The app id of the mock's default app (`getui_mock::DEFAULT_APP_ID`).
pub const APP_ID: &str = getui_mock::DEFAULT_APP_ID;
/// The master secret of the mock's default app (`getui_mock::DEFAULT_MASTER_SECRET`).
pub const MASTER_SECRET: &str = getui_mock::DEFAULT_MASTER_SECRET;
/// A fixed request id for benchmarks that must not measure id generation.
pub const REQUEST_ID: &str = "5d0b3c8e-3f6a-4e0f-9a53-0c2f1e9b7a41";
/// A fixed auth token (64 hex digits, like the server's).
pub const AUTH_TOKEN: &str = "3f2a9c0d6b1e4f5a8c7d2e9b0a1f3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9a0b";

/// A fixed REST v2 `request_id` (32 characters, the most the service allows) for benchmarks
/// that must not measure id generation.
pub const V2_REQUEST_ID: &str = "5d0b3c8e3f6a4e0f9a530c2f1e9b7a41";

/// The REST v2 push (official JSON form, without audience and `request_id`) that stands for
/// `kind`: the notification carries what the legacy [`TemplateKind::Notification`] shows
/// (title, text, logo, channel), the transmission the same pass-through content; both kept
/// offline for 12 hours. `None` for the kinds the v2 benchmarks do not use.
pub fn v2_push_json(kind: TemplateKind) -> Option<&'static str> {
    match kind {
        TemplateKind::Notification => Some(
            r#"{"settings": {"ttl": 43200000},
                "push_message": {"notification": {
                    "title": "Your order has shipped",
                    "body": "Order 1234567890 is on its way and arrives tomorrow.",
                    "logo": "icon.png", "logo_url": "https://img.example.com/logo.png",
                    "channel_id": "orders", "channel_name": "Orders", "channel_level": 3,
                    "click_type": "startapp"}}}"#,
        ),
        TemplateKind::Transmission => Some(
            r#"{"settings": {"ttl": 43200000},
                "push_message": {"transmission": "{\"type\":\"order\",\"orderId\":\"1234567890\",\"state\":\"shipped\"}"}}"#,
        ),
        _ => None,
    }
}

/// The REST v2 single push of `kind` ([`v2_push_json`]) to `cid`, without `request_id` (the
/// action generates one unless the caller sets it).
pub fn v2_push_request(kind: TemplateKind, cid: &str) -> Result<PushRequest, String> {
    let json = v2_push_json(kind).ok_or_else(|| {
        format!("no REST v2 push for the {kind} template (notification or transmission)")
    })?;
    let request: PushRequest =
        serde_json::from_str(json).map_err(|e| format!("the v2 {kind} fixture: {e}"))?;
    Ok(request.cid(cid))
}

/// The template kinds a single push can carry (the APN template is pushed with its own
/// actions and is left out).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TemplateKind {
    /// `TransmissionTemplate`: pass-through data.
    Transmission,
    /// `NotificationTemplate`: a notification that opens the app.
    Notification,
    /// `LinkTemplate`: a notification that opens a web page.
    Link,
    /// `NotyPopLoadTemplate`: notification, pop-up and download.
    NotyPopLoad,
    /// `StartActivityTemplate`: a notification that opens an in-app page.
    StartActivity,
    /// `RevokeTemplate`: withdraws an earlier notification.
    Revoke,
}

impl TemplateKind {
    /// Every kind, in the order the reports list them.
    pub const ALL: [TemplateKind; 6] = [
        TemplateKind::Transmission,
        TemplateKind::Notification,
        TemplateKind::Link,
        TemplateKind::NotyPopLoad,
        TemplateKind::StartActivity,
        TemplateKind::Revoke,
    ];

    /// The lowercase name used on command lines and in benchmark ids.
    pub fn name(self) -> &'static str {
        match self {
            TemplateKind::Transmission => "transmission",
            TemplateKind::Notification => "notification",
            TemplateKind::Link => "link",
            TemplateKind::NotyPopLoad => "notypopload",
            TemplateKind::StartActivity => "startactivity",
            TemplateKind::Revoke => "revoke",
        }
    }

    /// The template in the official JSON form.
    pub fn json(self) -> &'static str {
        match self {
            TemplateKind::Transmission => {
                r#"{"class": "TransmissionTemplate", "appId": "OracleAppId00000000001",
                    "appKey": "OracleAppKey0000000001", "transmissionType": 2,
                    "transmissionContent": "{\"type\":\"order\",\"orderId\":\"1234567890\",\"state\":\"shipped\"}"}"#
            }
            TemplateKind::Notification => {
                r#"{"class": "NotificationTemplate", "appId": "OracleAppId00000000001",
                    "appKey": "OracleAppKey0000000001", "title": "Your order has shipped",
                    "text": "Order 1234567890 is on its way and arrives tomorrow.",
                    "logo": "icon.png", "logoURL": "https://img.example.com/logo.png",
                    "transmissionType": 1, "transmissionContent": "{\"orderId\":\"1234567890\"}",
                    "isRing": true, "isVibrate": true, "isClearable": true,
                    "channel": "orders", "channelName": "Orders", "channelLevel": 3}"#
            }
            TemplateKind::Link => {
                r#"{"class": "LinkTemplate", "appId": "OracleAppId00000000001",
                    "appKey": "OracleAppKey0000000001", "title": "Weekly digest",
                    "text": "Ten new articles picked for you.", "logo": "icon.png",
                    "url": "https://www.example.com/digest?week=47&utm_source=push",
                    "transmissionContent": "digest-47"}"#
            }
            TemplateKind::NotyPopLoad => {
                r#"{"class": "NotyPopLoadTemplate", "appId": "OracleAppId00000000001",
                    "appKey": "OracleAppKey0000000001", "notyIcon": "icon.png",
                    "notyTitle": "Update available", "notyContent": "Version 2.4 is ready",
                    "popTitle": "Update", "popContent": "Download version 2.4 now?",
                    "popImage": "https://img.example.com/pop.png", "popButton1": "Download",
                    "popButton2": "Later", "loadIcon": "file://icon.png", "loadTitle": "Example",
                    "loadUrl": "https://dl.example.com/app-2.4.apk", "isAutoInstall": true,
                    "isActive": true, "androidMark": "com.example.app"}"#
            }
            TemplateKind::StartActivity => {
                r#"{"class": "StartActivityTemplate", "appId": "OracleAppId00000000001",
                    "appKey": "OracleAppKey0000000001",
                    "intent": "intent:#Intent;launchFlags=0x04000000;package=com.example.app;component=com.example.app/.OrderActivity;S.orderId=1234567890;end",
                    "title": "Your order has shipped", "text": "Tap to track it.",
                    "logo": "icon.png", "transmissionContent": "order-1234567890"}"#
            }
            TemplateKind::Revoke => {
                r#"{"class": "RevokeTemplate", "appId": "OracleAppId00000000001",
                    "appKey": "OracleAppKey0000000001", "oldTaskId": "OSS-2211_0123456789abcdef012345"}"#
            }
        }
    }

    /// The template value (valid; parsing a constant cannot fail).
    pub fn template(self) -> Template {
        serde_json::from_str(self.json()).expect("the fixture templates are valid")
    }

    /// A single message carrying [`template`](Self::template), kept offline for 12 hours.
    pub fn single_message(self) -> SingleMessage {
        let mut message = SingleMessage::new(self.template());
        message.is_offline = true;
        message.offline_expire_time = 12 * 3600 * 1000;
        message
    }

    /// A list message carrying [`template`](Self::template), kept offline for 12 hours.
    pub fn list_message(self) -> ListMessage {
        let mut message = ListMessage::new(self.template());
        message.is_offline = true;
        message.offline_expire_time = 12 * 3600 * 1000;
        message
    }
}

impl fmt::Display for TemplateKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for TemplateKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                let names: Vec<_> = Self::ALL.iter().map(|k| k.name()).collect();
                format!("unknown template {s:?} (one of {})", names.join(", "))
            })
    }
}

/// The client id of push number `i`: 32 hex digits, like real client ids, distinct for every
/// `i`.
pub fn client_id(i: u64) -> String {
    format!(
        "{:032x}",
        i.wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0x0a1b_2c3d
    )
}

/// The target of push number `i` (by client id, in the default app).
pub fn target(i: u64) -> Target {
    Target::client(APP_ID, client_id(i))
}

/// `n` targets with distinct client ids.
pub fn targets(n: usize) -> Vec<Target> {
    (0..n as u64).map(target).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fixture_is_valid() {
        for kind in TemplateKind::ALL {
            let message = kind.single_message();
            message.validate().unwrap_or_else(|e| panic!("{kind}: {e}"));
            assert_eq!(kind.name().parse::<TemplateKind>(), Ok(kind));
        }
        assert!("apn".parse::<TemplateKind>().is_err());
    }

    #[test]
    fn v2_fixtures_are_valid() {
        for kind in [TemplateKind::Notification, TemplateKind::Transmission] {
            let request = v2_push_request(kind, &client_id(1))
                .unwrap()
                .request_id(V2_REQUEST_ID);
            request.validate().unwrap_or_else(|e| panic!("{kind}: {e}"));
        }
        assert!(v2_push_request(TemplateKind::Link, "c").is_err());
    }

    #[test]
    fn client_ids_are_distinct() {
        let ids: std::collections::HashSet<_> = (0..10_000).map(client_id).collect();
        assert_eq!(ids.len(), 10_000);
        assert!(ids.iter().all(|id| id.len() == 32));
    }
}
