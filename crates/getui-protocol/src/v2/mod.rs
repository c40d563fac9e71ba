//! REST API v2, sans-IO: the auth sign, one action per endpoint (method, escaped path, body,
//! typed answer), the `{code, msg, data}` envelope and the next step after an answer.

pub mod action;
pub mod answer;
pub mod call;
pub mod path;
pub mod request;
pub mod sign;
