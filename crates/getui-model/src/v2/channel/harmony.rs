//! `push_channel.harmony`: the HarmonyOS channel (Java SDK ≥ 1.0.0.16, docs/protocol-v2.md §8.7).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{add_option, ThirdRevoke, VendorOptions};
use crate::v2::push::{
    check, setters, ClickFields, ClickType, NOTIFY_ID_MAX, TRANSMISSION_MAX_CHARS,
};
use crate::{Rule, ValidationError};

/// `push_channel.harmony`: exactly one of `notification`, `transmission`, `custom`, `revoke`
/// (when anything is set), plus `options`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Harmony {
    /// `notification`: the Harmony notification.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notification: Option<HarmonyNotification>,
    /// `transmission`: pass-through, non-empty, ≤ 3072 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transmission: Option<String>,
    /// `custom`: key → custom message (`subscribe`, `form_update`, `live_view`, `voip_call`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom: Option<BTreeMap<String, HarmonyCustom>>,
    /// `revoke`: `{"old_task_id": …}`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revoke: Option<ThirdRevoke>,
    /// `options`: vendor extension fields, as for `ups`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub options: Option<VendorOptions>,
}

impl Harmony {
    /// Nothing set.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    setters! {
        notification: HarmonyNotification, "Sets `notification`.";
        transmission: String, "Sets `transmission`.";
        custom: BTreeMap<String, HarmonyCustom>, "Sets `custom`.";
        revoke: ThirdRevoke, "Sets `revoke`.";
        options: VendorOptions, "Sets `options`.";
    }

    /// Adds one `custom` entry.
    #[must_use]
    pub fn add_custom(mut self, key: impl Into<String>, custom: HarmonyCustom) -> Self {
        self.custom
            .get_or_insert_with(BTreeMap::new)
            .insert(key.into(), custom);
        self
    }

    /// `options[constraint][key] = value` (a `None` or empty constraint means `"ALL"`).
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

    /// Checks the Harmony channel; field names start with `push_channel.harmony`.
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.validate_at(&check::At::Text("push_channel.harmony"))
    }

    pub(crate) fn validate_at(&self, at: &check::At<'_>) -> Result<(), ValidationError> {
        let present = [
            self.notification.is_some(),
            self.transmission.is_some(),
            self.custom.is_some(),
            self.revoke.is_some(),
        ];
        if present.contains(&true) || self.options.is_some() {
            check::exactly_one(
                at,
                &present,
                "exactly one of notification, transmission, custom, revoke is required",
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
        if let Some(custom) = &self.custom {
            if custom.is_empty() {
                return Err(check::err(at, "custom", Rule::Required));
            }
            let custom_at = check::path(at, "custom");
            for (key, entry) in custom {
                entry.validate_at(&check::path(&custom_at, key))?;
            }
        }
        if let Some(r) = &self.revoke {
            r.validate_at(&check::path(at, "revoke"))?;
        }
        Ok(())
    }
}

/// `push_channel.harmony.notification`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct HarmonyNotification {
    /// `title`: required, ≤ 50 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// `body`: required, ≤ 256 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// `category`: Huawei message category (e.g. `MARKETING`), ≤ 50 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// `click_type`: required; `want`, `startapp` or `payload`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub click_type: Option<ClickType>,
    /// `want`: JSON text of the target ability (required for `want`, sent as given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub want: Option<String>,
    /// `payload`: required for `payload`, ≤ 3072 characters.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payload: Option<String>,
    /// `notify_id`: 0–2147483647 (needed for a Harmony revoke).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub notify_id: Option<i64>,
}

impl HarmonyNotification {
    /// A notification with its three required fields.
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
        category: String, "Sets `category`.";
        click_type: ClickType, "Sets `click_type`.";
        want: String, "Sets `want`.";
        payload: String, "Sets `payload`.";
        notify_id: i64, "Sets `notify_id`.";
    }

    /// Checks the notification; field names start with `push_channel.harmony.notification`.
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.validate_at(&check::At::Text("push_channel.harmony.notification"))
    }

    pub(crate) fn validate_at(&self, at: &check::At<'_>) -> Result<(), ValidationError> {
        check::required_chars(at, "title", self.title.as_ref(), 50)?;
        check::required_chars(at, "body", self.body.as_ref(), 256)?;
        check::max_chars(at, "category", self.category.as_ref(), 50)?;
        ClickFields {
            click_type: self.click_type,
            intent: None,
            url: None,
            payload: self.payload.as_ref(),
            want: self.want.as_ref(),
        }
        .check(
            at,
            &[ClickType::Want, ClickType::Startapp, ClickType::Payload],
            "must be want, startapp or payload",
        )?;
        check::range(at, "notify_id", self.notify_id, 0, NOTIFY_ID_MAX)
    }
}

/// One `push_channel.harmony.custom` entry: `{"type": …, "payload": …}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct HarmonyCustom {
    /// `type`: `subscribe`, `form_update` (single pushes only), `live_view` or `voip_call`.
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    pub r#type: Option<String>,
    /// `payload`: JSON text (sent as given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payload: Option<String>,
}

impl HarmonyCustom {
    /// An entry with both fields.
    pub fn new(r#type: impl Into<String>, payload: impl Into<String>) -> Self {
        Self {
            r#type: Some(r#type.into()),
            payload: Some(payload.into()),
        }
    }

    setters! {
        r#type: String, "Sets `type`.";
        payload: String, "Sets `payload`.";
    }

    /// Checks `type` (required, one of the four); field names are relative.
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.validate_at(&check::At::Text(""))
    }

    pub(crate) fn validate_at(&self, at: &check::At<'_>) -> Result<(), ValidationError> {
        match self.r#type.as_deref() {
            None | Some("") => Err(check::err(at, "type", Rule::Required)),
            Some("subscribe" | "form_update" | "live_view" | "voip_call") => Ok(()),
            Some(_) => Err(check::err(
                at,
                "type",
                Rule::Constraint("must be subscribe, form_update, live_view or voip_call"),
            )),
        }
    }
}
