//! `settings`: offline time, vendor strategy, speed, schedule (docs/protocol-v2.md §8.3), plus the keys
//! only the Java SDK writes.

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use super::push::{check, setters};
use crate::{Rule, ValidationError};

/// The largest `ttl`: 3 days in milliseconds.
pub const TTL_MAX_MS: i64 = 259_200_000;

/// `settings` (docs/protocol-v2.md §8.3). `{}` is valid (nothing set is sent as nothing).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Settings {
    /// `ttl`: offline time in ms, −1 (no offline storage) or 0…259 200 000.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ttl: Option<i64>,
    /// `strategy`: vendor-channel strategy per channel key.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub strategy: Option<Strategy>,
    /// `speed`: target messages per second, 0 = unlimited.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub speed: Option<i64>,
    /// `schedule_time`: send time, epoch ms (> 0; not compared with the clock — the service
    /// answers 22002 for a bad time).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule_time: Option<i64>,
    /// `custom_callback` (Java SDK): custom receipt field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_callback: Option<String>,
    /// `filter_notify_off` (Java SDK): skip users whose notifications are off.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter_notify_off: Option<bool>,
    /// `active_days` (Java SDK): vendor smart quota, consecutive active days 3–15.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active_days: Option<i64>,
    /// `need_backup` (Java SDK): vendor channel when the offline message expires.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub need_backup: Option<bool>,
    /// `activate_filter_day` (Java SDK): active/inactive filter over the last N days.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub activate_filter_day: Option<i64>,
    /// `activate_filter_type` (Java SDK): 1 active, −1 inactive.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub activate_filter_type: Option<i64>,
    /// `lst` (Java SDK): screen-on push deadline in ms, > 0 and < `ttl`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lst: Option<i64>,
    /// `active_push` (Java SDK): screen-on push.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active_push: Option<bool>,
    /// `active_push_platform` (Java SDK): platforms for screen-on push, each 1 (Android),
    /// 2 (iOS) or 3 (Harmony).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub active_push_platform: Option<Vec<i64>>,
}

impl Settings {
    /// Empty settings.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    setters! {
        ttl: i64, "Sets `ttl` (ms; −1 or 0…259 200 000).";
        strategy: Strategy, "Sets `strategy`.";
        speed: i64, "Sets `speed` (messages per second, 0 = unlimited).";
        schedule_time: i64, "Sets `schedule_time` (epoch ms).";
        custom_callback: String, "Sets `custom_callback`.";
        filter_notify_off: bool, "Sets `filter_notify_off`.";
        active_days: i64, "Sets `active_days` (3–15).";
        need_backup: bool, "Sets `need_backup`.";
        activate_filter_day: i64, "Sets `activate_filter_day`.";
        activate_filter_type: i64, "Sets `activate_filter_type` (1 or −1).";
        lst: i64, "Sets `lst` (ms, > 0 and < `ttl`).";
        active_push: bool, "Sets `active_push`.";
        active_push_platform: Vec<i64>, "Sets `active_push_platform`.";
    }

    /// Checks the settings; field names start with `settings`.
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.validate_at(&check::At::Text("settings"))
    }

    pub(crate) fn validate_at(&self, at: &check::At<'_>) -> Result<(), ValidationError> {
        check::range(at, "ttl", self.ttl, -1, TTL_MAX_MS)?;
        if let Some(strategy) = &self.strategy {
            strategy.validate_at(&check::path(at, "strategy"))?;
        }
        check::range(at, "speed", self.speed, 0, i64::MAX)?;
        check::range(at, "schedule_time", self.schedule_time, 1, i64::MAX)?;
        check::range(at, "active_days", self.active_days, 3, 15)?;
        check::range(
            at,
            "activate_filter_day",
            self.activate_filter_day,
            0,
            i64::MAX,
        )?;
        if let Some(kind) = self.activate_filter_type {
            if kind != 1 && kind != -1 {
                return Err(check::err(
                    at,
                    "activate_filter_type",
                    Rule::Constraint("must be 1 (active) or -1 (inactive)"),
                ));
            }
        }
        if let Some(lst) = self.lst {
            let max = match self.ttl {
                Some(ttl) if ttl > 0 => ttl - 1,
                _ => i64::MAX,
            };
            check::range(at, "lst", Some(lst), 1, max)?;
        }
        if let Some(platforms) = &self.active_push_platform {
            for (i, platform) in platforms.iter().enumerate() {
                check::range(
                    &check::item(at, "active_push_platform", i),
                    "",
                    Some(*platform),
                    1,
                    3,
                )?;
            }
        }
        Ok(())
    }
}

/// `settings.strategy`: an ordered open map from channel key to 1–4 (docs/protocol-v2.md §8.3).
///
/// | value | meaning |
/// |---|---|
/// | 1 | online: Getui channel, offline: vendor channel (default) |
/// | 2 | vendor channel only |
/// | 3 | Getui channel only |
/// | 4 | vendor first, Getui channel when the vendor fails |
///
/// Typed setters exist for the documented keys (`default`, `ios`, `st`, `hw`, `xm`, `vv`,
/// `mz`, `op`, `hx`, `hwq`, `ho`, `hoshw`); [`Strategy::set`] takes any key. Keys keep their
/// insertion order; setting a key again replaces its value in place. Any value 1–4 is sent for
/// any key (the docs' advice of 2 or 4 for `ios` is not enforced).
///
/// ```
/// use getui_model::v2::settings::Strategy;
/// let s = Strategy::new().default_channel(4).ios(3);
/// assert_eq!(serde_json::to_string(&s).unwrap(), r#"{"default":4,"ios":3}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Strategy {
    entries: Vec<(String, i64)>,
}

/// The strategy values.
impl Strategy {
    /// 1: online Getui channel, offline vendor channel (`STRATEGY_GT_FIRST`).
    pub const GT_FIRST: i64 = 1;
    /// 2: vendor channel only (`STRATEGY_THIRD_ONLY`).
    pub const THIRD_ONLY: i64 = 2;
    /// 3: Getui channel only (`STRATEGY_GT_ONLY`).
    pub const GT_ONLY: i64 = 3;
    /// 4: vendor first, then Getui (`STRATEGY_THIRD_FIRST`).
    pub const THIRD_FIRST: i64 = 4;

    /// An empty strategy.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `key` to `value` (replacing an earlier value of the key in place).
    #[must_use]
    pub fn set(mut self, key: impl Into<String>, value: i64) -> Self {
        self.insert(key, value);
        self
    }

    /// Sets `key` to `value` in place; returns the previous value.
    pub fn insert(&mut self, key: impl Into<String>, value: i64) -> Option<i64> {
        let key = key.into();
        match self.entries.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => Some(std::mem::replace(v, value)),
            None => {
                self.entries.push((key, value));
                None
            }
        }
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<i64> {
        self.entries.iter().find(|(k, _)| k == key).map(|(_, v)| *v)
    }

    /// Removes `key`; returns its value.
    pub fn remove(&mut self, key: &str) -> Option<i64> {
        let index = self.entries.iter().position(|(k, _)| k == key)?;
        Some(self.entries.remove(index).1)
    }

    /// The entries in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, i64)> {
        self.entries.iter().map(|(k, v)| (k.as_str(), *v))
    }

    /// The number of keys.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether no key is set.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Sets `default` (every channel). Named `default_channel` because `default` is taken by
    /// [`Default::default`].
    #[must_use]
    pub fn default_channel(self, value: i64) -> Self {
        self.set("default", value)
    }

    /// Sets `ios`.
    #[must_use]
    pub fn ios(self, value: i64) -> Self {
        self.set("ios", value)
    }

    /// Sets `st` (Smartisan).
    #[must_use]
    pub fn st(self, value: i64) -> Self {
        self.set("st", value)
    }

    /// Sets `hw` (Huawei).
    #[must_use]
    pub fn hw(self, value: i64) -> Self {
        self.set("hw", value)
    }

    /// Sets `xm` (Xiaomi).
    #[must_use]
    pub fn xm(self, value: i64) -> Self {
        self.set("xm", value)
    }

    /// Sets `vv` (vivo).
    #[must_use]
    pub fn vv(self, value: i64) -> Self {
        self.set("vv", value)
    }

    /// Sets `mz` (Meizu).
    #[must_use]
    pub fn mz(self, value: i64) -> Self {
        self.set("mz", value)
    }

    /// Sets `op` (OPPO).
    #[must_use]
    pub fn op(self, value: i64) -> Self {
        self.set("op", value)
    }

    /// Sets `hx` (meaning undocumented).
    #[must_use]
    pub fn hx(self, value: i64) -> Self {
        self.set("hx", value)
    }

    /// Sets `hwq` (meaning undocumented).
    #[must_use]
    pub fn hwq(self, value: i64) -> Self {
        self.set("hwq", value)
    }

    /// Sets `ho` (Honor).
    #[must_use]
    pub fn ho(self, value: i64) -> Self {
        self.set("ho", value)
    }

    /// Sets `hoshw` (HarmonyOS on Huawei).
    #[must_use]
    pub fn hoshw(self, value: i64) -> Self {
        self.set("hoshw", value)
    }

    /// Checks every value is 1–4 and no key is empty; field names start with
    /// `settings.strategy`.
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.validate_at(&check::At::Text("settings.strategy"))
    }

    pub(crate) fn validate_at(&self, at: &check::At<'_>) -> Result<(), ValidationError> {
        for (key, value) in &self.entries {
            if key.is_empty() {
                return Err(ValidationError::new(
                    at.to_string(),
                    Rule::Constraint("a strategy key must not be empty"),
                ));
            }
            check::range(at, key, Some(*value), 1, 4)?;
        }
        Ok(())
    }
}

impl<K: Into<String>> FromIterator<(K, i64)> for Strategy {
    fn from_iter<I: IntoIterator<Item = (K, i64)>>(iter: I) -> Self {
        let mut strategy = Strategy::new();
        for (k, v) in iter {
            strategy.insert(k, v);
        }
        strategy
    }
}

impl Serialize for Strategy {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        for (k, v) in &self.entries {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Strategy {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StrategyVisitor;

        impl<'de> Visitor<'de> for StrategyVisitor {
            type Value = Strategy;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object of channel keys to integers")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Strategy, A::Error> {
                let mut strategy = Strategy::new();
                while let Some((key, value)) = map.next_entry::<String, i64>()? {
                    if strategy.get(&key).is_some() {
                        return Err(de::Error::custom(format_args!(
                            "duplicate strategy key `{key}`"
                        )));
                    }
                    strategy.entries.push((key, value));
                }
                Ok(strategy)
            }
        }

        deserializer.deserialize_map(StrategyVisitor)
    }
}
