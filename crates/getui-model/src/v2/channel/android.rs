//! `push_channel.android`: the Android vendor channels (`ups`, docs/protocol-v2.md §8.5).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{add_option, VendorOptions};
use crate::v2::push::{
    check, setters, ClickFields, ClickType, NOTIFY_ID_MAX, TRANSMISSION_MAX_CHARS,
};
use crate::ValidationError;

/// `push_channel.android`: `{"ups": …}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Android {
    /// `ups`: the vendor push (Huawei, Xiaomi, OPPO, vivo, Meizu, Honor…).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ups: Option<Ups>,
}

impl Android {
    /// Nothing set.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    setters! {
        ups: Ups, "Sets `ups`.";
    }

    /// Checks `ups`; field names start with `push_channel.android`.
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.validate_at(&check::At::Text("push_channel.android"))
    }

    pub(crate) fn validate_at(&self, at: &check::At<'_>) -> Result<(), ValidationError> {
        match &self.ups {
            Some(ups) => ups.validate_at(&check::path(at, "ups")),
            None => Ok(()),
        }
    }
}

/// `push_channel.android.ups`: exactly one of `notification`, `transmission`, `revoke` (when
/// anything is set), plus vendor `options`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Ups {
    /// `notification`: the vendor notification.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notification: Option<ThirdNotification>,
    /// `transmission`: vendor pass-through, non-empty, ≤ 3072 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transmission: Option<String>,
    /// `revoke` (Java SDK ≥ 1.0.0.11): vendor-side revoke.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoke: Option<ThirdRevoke>,
    /// `options`: vendor extension fields (see [`Ups::add_option`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<VendorOptions>,
}

impl Ups {
    /// Nothing set.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    setters! {
        notification: ThirdNotification, "Sets `notification`.";
        transmission: String, "Sets `transmission`.";
        revoke: ThirdRevoke, "Sets `revoke`.";
        options: VendorOptions, "Sets `options` (replacing every option).";
    }

    /// `options[constraint][key] = value`: a `None` or empty constraint means `"ALL"`; a key
    /// written again keeps the last value; the value keeps its JSON type.
    ///
    /// ```
    /// use getui_model::v2::channel::Ups;
    /// let ups = Ups::new()
    ///     .add_option(Some("HW"), "/message/android/notification/badge/add_num", 1)
    ///     .add_option(None, "/classification", 1);
    /// assert_eq!(
    ///     serde_json::to_value(&ups).unwrap(),
    ///     serde_json::json!({"options": {
    ///         "ALL": {"/classification": 1},
    ///         "HW": {"/message/android/notification/badge/add_num": 1}
    ///     }})
    /// );
    /// ```
    #[must_use]
    pub fn add_option(
        mut self,
        constraint: Option<&str>,
        key: impl Into<String>,
        value: impl Into<Value>,
    ) -> Self {
        add_option(&mut self.options, constraint, key, value);
        self
    }

    /// Checks the ups; field names start with `push_channel.android.ups`.
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.validate_at(&check::At::Text("push_channel.android.ups"))
    }

    pub(crate) fn validate_at(&self, at: &check::At<'_>) -> Result<(), ValidationError> {
        let present = [
            self.notification.is_some(),
            self.transmission.is_some(),
            self.revoke.is_some(),
        ];
        if present.contains(&true) || self.options.is_some() {
            check::exactly_one(
                at,
                &present,
                "exactly one of notification, transmission, revoke is required",
            )?;
        }
        if let Some(n) = &self.notification {
            n.validate_at(&check::path(at, "notification"))?;
        }
        check::non_empty_chars(
            at,
            "transmission",
            self.transmission.as_ref(),
            TRANSMISSION_MAX_CHARS,
        )?;
        if let Some(r) = &self.revoke {
            r.validate_at(&check::path(at, "revoke"))?;
        }
        Ok(())
    }
}

/// `push_channel.android.ups.notification` (and the vendor notification of the official
/// SDKs): title, body and click type required.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ThirdNotification {
    /// `title`: required, ≤ 50 characters (vendors allow less: keep it short).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `body`: required, ≤ 256 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// `click_type`: required; `intent`, `url`, `payload`, `startapp` or `none`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub click_type: Option<ClickType>,
    /// `intent`: required for `intent`, ≤ 4096 characters (sent as given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intent: Option<String>,
    /// `url`: required for `url`, ≤ 1024 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// `payload`: required for `payload`, ≤ 3072 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payload: Option<String>,
    /// `notify_id`: 0–2147483647.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notify_id: Option<i64>,
}

impl ThirdNotification {
    /// A vendor notification with its three required fields.
    pub fn new(title: impl Into<String>, body: impl Into<String>, click_type: ClickType) -> Self {
        Self {
            title: Some(title.into()),
            body: Some(body.into()),
            click_type: Some(click_type),
            ..Self::default()
        }
    }

    setters! {
        title: String, "Sets `title`.";
        body: String, "Sets `body`.";
        click_type: ClickType, "Sets `click_type`.";
        intent: String, "Sets `intent`.";
        url: String, "Sets `url`.";
        payload: String, "Sets `payload`.";
        notify_id: i64, "Sets `notify_id` (0–2147483647).";
    }

    /// Checks the notification; field names start with
    /// `push_channel.android.ups.notification`.
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.validate_at(&check::At::Text("push_channel.android.ups.notification"))
    }

    pub(crate) fn validate_at(&self, at: &check::At<'_>) -> Result<(), ValidationError> {
        check::required_chars(at, "title", self.title.as_ref(), 50)?;
        check::required_chars(at, "body", self.body.as_ref(), 256)?;
        ClickFields {
            click_type: self.click_type,
            intent: self.intent.as_ref(),
            url: self.url.as_ref(),
            payload: self.payload.as_ref(),
            want: None,
        }
        .check(
            at,
            &[
                ClickType::Intent,
                ClickType::Url,
                ClickType::Payload,
                ClickType::Startapp,
                ClickType::None,
            ],
            "must be intent, url, payload, startapp or none",
        )?;
        check::range(at, "notify_id", self.notify_id, 0, NOTIFY_ID_MAX)
    }
}

/// A vendor-side revoke (`ups.revoke`, `harmony.revoke`): `{"old_task_id": …}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct ThirdRevoke {
    /// `old_task_id`: the task to revoke (required).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_task_id: Option<String>,
}

impl ThirdRevoke {
    /// A revoke of `old_task_id`.
    pub fn new(old_task_id: impl Into<String>) -> Self {
        Self {
            old_task_id: Some(old_task_id.into()),
        }
    }

    /// Checks `old_task_id` (required); field names are relative.
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.validate_at(&check::At::Text(""))
    }

    pub(crate) fn validate_at(&self, at: &check::At<'_>) -> Result<(), ValidationError> {
        check::required(at, "old_task_id", self.old_task_id.as_ref())
    }
}
