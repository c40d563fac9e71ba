//! `push_channel`: the vendor channels (Android ups, iOS APNs, Harmony), docs/protocol-v2.md §8.5–§8.7.

pub mod android;
pub mod harmony;
pub mod ios;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::push::{check, setters};
use crate::ValidationError;

pub use android::{Android, ThirdNotification, ThirdRevoke, Ups};
pub use harmony::{Harmony, HarmonyCustom, HarmonyNotification};
pub use ios::{Alert, Aps, Ios, Multimedia};

/// Vendor-specific extension fields (`options`): constraint (`HW`, `XM`, `OP`, `VV`, `MZ`,
/// `ALL`, …) → vendor field path → any JSON value. Keys are not checked.
pub type VendorOptions = BTreeMap<String, Map<String, Value>>;

/// The constraint used when none (or an empty one) is given to `add_option`.
pub const ALL_VENDORS: &str = "ALL";

/// `options[constraint][key] = value`, `None`/empty constraint meaning `"ALL"`, the last write
/// of a key winning (the official `addOption`).
pub(crate) fn add_option(
    options: &mut Option<VendorOptions>,
    constraint: Option<&str>,
    key: impl Into<String>,
    value: impl Into<Value>,
) {
    let constraint = match constraint {
        Some(c) if !c.is_empty() => c,
        _ => ALL_VENDORS,
    };
    options
        .get_or_insert_with(BTreeMap::new)
        .entry(constraint.to_owned())
        .or_default()
        .insert(key.into(), value.into());
}

/// `push_channel`: `{"android": {"ups": …}, "ios": …, "harmony": …}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct PushChannel {
    /// `android`: the Android vendor channels.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub android: Option<Android>,
    /// `ios`: the APNs channel.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ios: Option<Ios>,
    /// `harmony` (Java SDK): the HarmonyOS channel.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub harmony: Option<Harmony>,
}

impl PushChannel {
    /// No channel set.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    setters! {
        android: Android, "Sets `android`.";
        ios: Ios, "Sets `ios`.";
        harmony: Harmony, "Sets `harmony`.";
    }

    /// Sets `android.ups`.
    #[must_use]
    pub fn ups(self, ups: Ups) -> Self {
        self.android(Android::new().ups(ups))
    }

    /// Checks every channel; field names start with `push_channel`.
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.validate_at(&check::At::Text("push_channel"))
    }

    pub(crate) fn validate_at(&self, at: &check::At<'_>) -> Result<(), ValidationError> {
        if let Some(android) = &self.android {
            android.validate_at(&check::path(at, "android"))?;
        }
        if let Some(ios) = &self.ios {
            ios.validate_at(&check::path(at, "ios"))?;
        }
        if let Some(harmony) = &self.harmony {
            harmony.validate_at(&check::path(at, "harmony"))?;
        }
        Ok(())
    }
}
