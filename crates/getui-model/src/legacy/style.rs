//! Android notification display styles (`Style0`, `Style1`, `Style4`, `Style6`).
//!
//! A style replaces the notification row of a Notification, Link or NotyPopLoad template
//! (`template.style = ...` in the official SDKs). Every style has the Android 8 channel
//! attributes and the ring/vibrate/clear switches.

use crate::builder::setters;
use crate::checks::check_channel_level;
use crate::serde_util::{lenient_string, official_class};
use crate::{Rule, ValidationError};
use serde::{Deserialize, Serialize};

/// A notification style, tagged by its official class name.
///
/// Not `#[non_exhaustive]`, on purpose: the official style classes are a closed set and the
/// protobuf encoder (`getui-protocol`) must write each one exactly; a new class would be a
/// breaking change. The styles themselves are `#[non_exhaustive]` structs: build them with
/// their `new` constructor and chained setters.
///
/// ```
/// use getui_model::{Style, Style0};
/// let style: Style = serde_json::from_str(r#"{"class": "Style0", "title": "T", "isRing": false}"#).unwrap();
/// let Style::Style0(s) = &style else { unreachable!() };
/// assert_eq!((s.title.as_str(), s.is_ring, s.channel_level), ("T", false, 3));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "class")]
pub enum Style {
    /// The system style.
    Style0(Style0),
    /// The Getui style.
    Style1(Style1),
    /// The banner image style.
    Style4(Style4),
    /// The expandable style (big picture, big text, banner).
    Style6(Style6),
}

impl Style {
    /// Checks every rule of the style (`channelLevel` in `0..=4`, `bigStyle` known).
    pub fn validate(&self) -> Result<(), ValidationError> {
        match self {
            Self::Style0(s) => s.validate(),
            Self::Style1(s) => s.validate(),
            Self::Style4(s) => s.validate(),
            Self::Style6(s) => s.validate(),
        }
    }
}

impl From<Style0> for Style {
    fn from(style: Style0) -> Self {
        Self::Style0(style)
    }
}

impl From<Style1> for Style {
    fn from(style: Style1) -> Self {
        Self::Style1(style)
    }
}

impl From<Style4> for Style {
    fn from(style: Style4) -> Self {
        Self::Style4(style)
    }
}

impl From<Style6> for Style {
    fn from(style: Style6) -> Self {
        Self::Style6(style)
    }
}

fn default_true() -> bool {
    true
}

fn default_channel() -> String {
    "Default".to_owned()
}

fn default_channel_level() -> i32 {
    3
}

/// The chained setters of a style: its own fields, then the switches and the Android 8 channel
/// every style has.
macro_rules! style_setters {
    ($name:ident { $( $field:ident : $ty:ty ),* $(,)? }) => {
        setters! {
            $name
            set {
                $( $field: $ty, )*
                is_ring: bool,
                is_vibrate: bool,
                is_clearable: bool,
                channel: String,
                channel_name: String,
                channel_level: i32,
            }
        }
    };
}

macro_rules! text_style {
    ($(#[$meta:meta])* $name:ident, $class:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(remote = "Self", rename_all = "camelCase", deny_unknown_fields, default)]
        #[non_exhaustive]
        pub struct $name {
            /// Notification title (`title`, default `""`).
            pub title: String,
            /// Notification text (`text`, default `""`).
            pub text: String,
            /// Icon file name bundled in the app (`logo`, default `""`).
            pub logo: String,
            /// Icon URL (`logoUrl`, default `""`).
            pub logo_url: String,
            /// Ring on arrival (`isRing`, default `true`).
            pub is_ring: bool,
            /// Vibrate on arrival (`isVibrate`, default `true`).
            pub is_vibrate: bool,
            /// The user may clear the notification (`isClearable`, default `true`).
            pub is_clearable: bool,
            /// Android 8 channel id (`channel`, default `"Default"`).
            pub channel: String,
            /// Android 8 channel name (`channelName`, default `"Default"`).
            pub channel_name: String,
            /// Android 8 channel importance `0..=4` (`channelLevel`, default 3).
            pub channel_level: i32,
        }

        impl Default for $name {
            fn default() -> Self {
                Self {
                    title: String::new(),
                    text: String::new(),
                    logo: String::new(),
                    logo_url: String::new(),
                    is_ring: default_true(),
                    is_vibrate: default_true(),
                    is_clearable: default_true(),
                    channel: default_channel(),
                    channel_name: default_channel(),
                    channel_level: default_channel_level(),
                }
            }
        }

        impl $name {
            /// A style with the official defaults and the given title and text.
            pub fn new(title: impl Into<String>, text: impl Into<String>) -> Self {
                Self {
                    title: title.into(),
                    text: text.into(),
                    ..Self::default()
                }
            }

            /// Checks `channelLevel` (`0..=4`).
            pub fn validate(&self) -> Result<(), ValidationError> {
                check_channel_level(self.channel_level)
            }
        }

        official_class!($name, $class);

        style_setters!($name {
            title: String,
            text: String,
            logo: String,
            logo_url: String,
        });
    };
}

text_style!(
    /// The system notification style (official class `Style0`).
    ///
    /// Row fields: `title`, `text`, `logo`, `logo_url`, `notifyStyle:int32="0"`, `is_noring`,
    /// `is_noclear`, `is_novibrate`, `channel`, `channelName`, `channelLevel`.
    Style0,
    "Style0"
);

text_style!(
    /// The Getui notification style (official class `Style1`): the fields of [`Style0`] with
    /// `notifyStyle:str="1"`.
    Style1,
    "Style1"
);

/// The banner image style (official class `Style4`).
///
/// The wire form follows the official Python SDK, because the server and the device SDKs were
/// built against it: `logo`, `banner_url`, `is_noring:bool` (= not `isRing`),
/// `isClearable:bool` (= not `isClearable`), `is_noclear:bool` (= not `isVibrate`),
/// `notifyStyle:str="4"`, `channel`, `channelName`, `channelLevel:int32`, then the template's
/// `notifyid`.
///
/// A known quirk of the official wire format (listed as defect #6 of the Python SDK): the field
/// named `isClearable` holds "not clearable" and the field named `is_noclear` holds "not
/// vibrate"; there is no `is_novibrate` field (the other styles write `is_noring`,
/// `is_noclear`, `is_novibrate` with their plain meanings). The C# SDK's keys
/// (`is_noclear`, `is_novibrate`) are not used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    remote = "Self",
    rename_all = "camelCase",
    deny_unknown_fields,
    default
)]
#[non_exhaustive]
pub struct Style4 {
    /// Icon file name bundled in the app (`logo`, default `""`).
    pub logo: String,
    /// Banner image URL (`banner_url`, default `""`).
    #[serde(rename = "banner_url")]
    pub banner_url: String,
    /// Ring on arrival (`isRing`, default `true`).
    pub is_ring: bool,
    /// Vibrate on arrival (`isVibrate`, default `true`).
    pub is_vibrate: bool,
    /// The user may clear the notification (`isClearable`, default `true`).
    pub is_clearable: bool,
    /// Android 8 channel id (`channel`, default `"Default"`).
    pub channel: String,
    /// Android 8 channel name (`channelName`, default `"Default"`).
    pub channel_name: String,
    /// Android 8 channel importance `0..=4` (`channelLevel`, default 3).
    pub channel_level: i32,
}

impl Default for Style4 {
    fn default() -> Self {
        Self {
            logo: String::new(),
            banner_url: String::new(),
            is_ring: true,
            is_vibrate: true,
            is_clearable: true,
            channel: default_channel(),
            channel_name: default_channel(),
            channel_level: default_channel_level(),
        }
    }
}

impl Style4 {
    /// A banner style with the official defaults.
    pub fn new(logo: impl Into<String>, banner_url: impl Into<String>) -> Self {
        Self {
            logo: logo.into(),
            banner_url: banner_url.into(),
            ..Self::default()
        }
    }

    /// Checks `channelLevel` (`0..=4`).
    pub fn validate(&self) -> Result<(), ValidationError> {
        check_channel_level(self.channel_level)
    }
}

official_class!(Style4, "Style4");

style_setters!(Style4 {
    logo: String,
    banner_url: String,
});

/// The expandable notification style (official class `Style6`).
///
/// `bigStyle` selects the expanded content: `"1"` big picture (`bigImageUrl`), `"2"` big text
/// (`bigText`), `"3"` banner plus big picture (`bannerUrl`, `bigImageUrl`), `""` none.
/// The official SDK compares it by identity (`is "1"`); this crate compares the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    remote = "Self",
    rename_all = "camelCase",
    deny_unknown_fields,
    default
)]
#[non_exhaustive]
pub struct Style6 {
    /// Notification title (`title`, default `""`).
    pub title: String,
    /// Notification text (`text`, default `""`).
    pub text: String,
    /// Icon file name bundled in the app (`logo`, default `""`).
    pub logo: String,
    /// Icon URL (`logoUrl`, default `""`).
    pub logo_url: String,
    /// `""`, `"1"`, `"2"` or `"3"` (`bigStyle`, default `""`; an integer is accepted on input).
    #[serde(deserialize_with = "lenient_string")]
    pub big_style: String,
    /// Big picture URL for `bigStyle` 1 and 3 (`bigImageUrl`, default `""`).
    pub big_image_url: String,
    /// Big text for `bigStyle` 2 (`bigText`, default `""`).
    pub big_text: String,
    /// Banner URL for `bigStyle` 3 (`bannerUrl`, default `""`).
    pub banner_url: String,
    /// Ring on arrival (`isRing`, default `true`).
    pub is_ring: bool,
    /// Vibrate on arrival (`isVibrate`, default `true`).
    pub is_vibrate: bool,
    /// The user may clear the notification (`isClearable`, default `true`).
    pub is_clearable: bool,
    /// Android 8 channel id (`channel`, default `"Default"`).
    pub channel: String,
    /// Android 8 channel name (`channelName`, default `"Default"`).
    pub channel_name: String,
    /// Android 8 channel importance `0..=4` (`channelLevel`, default 3).
    pub channel_level: i32,
}

impl Default for Style6 {
    fn default() -> Self {
        Self {
            title: String::new(),
            text: String::new(),
            logo: String::new(),
            logo_url: String::new(),
            big_style: String::new(),
            big_image_url: String::new(),
            big_text: String::new(),
            banner_url: String::new(),
            is_ring: true,
            is_vibrate: true,
            is_clearable: true,
            channel: default_channel(),
            channel_name: default_channel(),
            channel_level: default_channel_level(),
        }
    }
}

impl Style6 {
    /// An expandable style with the official defaults and the given title and text.
    pub fn new(title: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            text: text.into(),
            ..Self::default()
        }
    }

    /// Checks `channelLevel` (`0..=4`) and `bigStyle` (`""`, `"1"`, `"2"` or `"3"`).
    pub fn validate(&self) -> Result<(), ValidationError> {
        if !matches!(self.big_style.as_str(), "" | "1" | "2" | "3") {
            return Err(ValidationError::new(
                "bigStyle",
                Rule::Constraint("must be \"\", \"1\", \"2\" or \"3\""),
            ));
        }
        check_channel_level(self.channel_level)
    }
}

official_class!(Style6, "Style6");

style_setters!(Style6 {
    title: String,
    text: String,
    logo: String,
    logo_url: String,
    big_style: String,
    big_image_url: String,
    big_text: String,
    banner_url: String,
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_official() {
        let s: Style = serde_json::from_str(r#"{"class": "Style6"}"#).unwrap();
        assert_eq!(s, Style::Style6(Style6::default()));
        let Style::Style6(s6) = s else { unreachable!() };
        assert!(s6.is_ring && s6.is_vibrate && s6.is_clearable);
        assert_eq!((s6.channel.as_str(), s6.channel_level), ("Default", 3));
        let s4: Style = serde_json::from_str(
            r#"{"class": "Style4", "logo": "l", "banner_url": "b", "channelLevel": 1}"#,
        )
        .unwrap();
        assert_eq!(
            s4,
            Style::Style4(Style4 {
                channel_level: 1,
                ..Style4::new("l", "b")
            })
        );
    }

    #[test]
    fn unknown_attributes_are_rejected() {
        assert!(serde_json::from_str::<Style>(r#"{"class": "Style4", "title": "t"}"#).is_err());
        assert!(serde_json::from_str::<Style>(r#"{"class": "Style9"}"#).is_err());
    }

    #[test]
    fn serde_round_trip_keeps_the_class() {
        let style = Style::from(Style1::new("t", "x"));
        let json = serde_json::to_value(&style).unwrap();
        assert_eq!(json["class"], "Style1");
        assert_eq!(json["logoUrl"], "");
        assert_eq!(serde_json::from_value::<Style>(json).unwrap(), style);
    }

    #[test]
    fn channel_level_rule_applies_to_every_style() {
        let bad = [
            Style::from(Style0 {
                channel_level: 5,
                ..Style0::default()
            }),
            Style::from(Style1 {
                channel_level: -1,
                ..Style1::default()
            }),
            Style::from(Style4 {
                channel_level: 9,
                ..Style4::default()
            }),
            Style::from(Style6 {
                channel_level: 5,
                ..Style6::default()
            }),
        ];
        for style in bad {
            assert_eq!(style.validate().unwrap_err().field(), "channelLevel");
        }
    }

    #[test]
    fn big_style_must_be_known() {
        for ok in ["", "1", "2", "3"] {
            let s = Style6 {
                big_style: ok.into(),
                ..Style6::default()
            };
            assert!(s.validate().is_ok());
        }
        let s = Style6 {
            big_style: "4".into(),
            ..Style6::default()
        };
        assert_eq!(s.validate().unwrap_err().field(), "bigStyle");
        let s: Style6 = serde_json::from_str(r#"{"bigStyle": 2}"#).unwrap();
        assert_eq!(s.big_style, "2");
    }
}
