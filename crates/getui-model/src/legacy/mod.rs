//! The legacy OpenService API's data: templates, styles, APNs payloads, third-party
//! notifications, SMS fallback, messages, targets and conditions, with the official attribute
//! names of the Python SDK 4.1.1.2. Everything here is re-exported at the crate root, where it
//! has always been (`getui_model::Template`, `getui_model::json_text`, …).

pub(crate) mod builder;
pub(crate) mod serde_util;

pub(crate) mod apns;
pub(crate) mod checks;
pub(crate) mod custom_msg;
pub mod description;
pub mod json_text;
pub(crate) mod message;
pub(crate) mod notify;
pub mod pyset;
pub(crate) mod sms;
pub(crate) mod style;
pub(crate) mod template;
pub(crate) mod window;
