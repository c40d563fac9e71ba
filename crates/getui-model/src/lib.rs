//! # getui-model
//!
//! The data of a Getui push, as the official SDKs name it: templates, notification styles,
//! APNs payloads, third-party notifications, SMS fallback, messages, targets and conditions.
//! Every type has builders with the official defaults, is validated against the documented
//! rules before anything is sent, and (de)serializes with serde using the official attribute
//! names (camelCase, as the SDKs spell them), so that a push described in JSON means the same in
//! every language.
//!
//! ## Dependencies
//! - `serde`, `serde_json`: the official attribute names on the wire and in JSON descriptions.
//! - `thiserror`: the [`ValidationError`] type.

pub mod error;
pub mod json_text;
pub mod secret;

pub use error::{Rule, ValidationError};
