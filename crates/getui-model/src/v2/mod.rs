//! REST API v2 data: the push request tree (`push_message`, `settings`, `audience`,
//! `push_channel`), the request and answer types of the user, task and statistics endpoints,
//! and their validation. Serde mirrors the wire: the official snake_case keys, only the
//! fields the caller set.

pub mod audience;
pub mod channel;
pub mod push;
pub mod report;
pub mod settings;
pub mod task;
pub mod user;
