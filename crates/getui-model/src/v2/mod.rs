//! REST API v2 data: the push request tree (`push_message`, `settings`, `audience`,
//! `push_channel`), the request and answer types of the user, task and statistics endpoints,
//! and their validation. Serde mirrors the wire: the official snake_case keys, only the
//! fields the caller set.
//!
//! Push model: [`push::PushRequest`] (M1–M5, M8–M11), [`push::BatchPushRequest`] (M3/M4),
//! [`push::AudienceRequest`] (M6/M7/M12); the audience form an endpoint takes is checked by
//! [`audience::check_audience`] with an [`audience::AudienceForm`].

pub mod audience;
pub mod channel;
pub mod push;
pub mod report;
pub mod settings;
pub mod task;
pub mod user;
