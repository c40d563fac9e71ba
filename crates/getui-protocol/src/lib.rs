//! # getui-protocol
//!
//! The Getui OpenService protocol without I/O: the connect sign, the JSON params of every
//! action, the protobuf encoding of templates (`clientData`, `PI`, `singleDatas`), gzip, and the
//! typed parsing of answers. Transports only move the bytes this crate produces.
//!
//! * [`sign`]: the `connect` sign.
//! * [`action`]: one type per action, [`action::encode`] and the outputs of
//!   [`action::Action::parse`].
//! * [`answer`]: JSON-only answer parsing with size and depth limits, [`answer::ResultCode`],
//!   [`answer::ApiError`] and the classification helpers (`sign_error`, `domain_error`,
//!   authentication failure).
//! * [`gzip`]: level-1 compression (the official SDKs use 9; see the module) and capped
//!   decompression.
//! * [`date`]: the calendar dates of the statistics queries.
//! * [`pb`]: the protobuf encodings.
//!
//! ## Where this crate differs from the official Python SDK on purpose
//!
//! Each difference fixes a defect recorded in the golden vectors and is documented on its item:
//!
//! * answers are parsed as JSON only, never `eval`ed; `true`/`null` stay JSON values
//!   ([`answer::Answer`]);
//! * list/batch switches (`needDetails`, `async`) are JSON booleans, not the environment's
//!   strings ([`action::ListPushOptions`], [`action::SingleBatch::submit`]);
//! * `apnPushToSingleAction` sends plain base64 `PI` ([`action::ApnPushToSingle`]);
//! * the black-list and tag-count limits are [`ValidationError`](getui_model::ValidationError)s
//!   instead of `TypeError`s; the task group name limit counts UTF-8 bytes
//!   ([`action::GetContentId`]);
//! * a batch is built directly ([`action::SingleBatch`]; the official `getBatch()` always
//!   crashes) and keeps its request id for retries;
//! * request ids are random UUIDs (v4) instead of time-based ones (v1).
//!
//! A round trip without I/O:
//!
//! ```
//! use getui_protocol::action::{encode, Action, GetClientIdStatus, RequestContext};
//! use getui_protocol::answer::{Answer, AnswerLimits};
//!
//! let request = encode(&GetClientIdStatus::new("APPID", "CID"), &RequestContext::new("APPKEY"));
//! // ... a transport POSTs request.body() with header Gt-Action: request.action ...
//! let body = br#"{"result": "Online", "lastLogin": 1700000000000}"#;
//! let answer = Answer::parse_http_body(body, None, &AnswerLimits::default())?;
//! let status = GetClientIdStatus::parse(answer)?;
//! assert!(status.online);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Dependencies
//! - `getui-model`: the values this crate encodes, and its JSON text writer.
//! - `serde_json`: parsing answers and writing the REST v2 bodies, with its default features:
//!   this crate relies neither on `preserve_order` (no member order of an answer is
//!   significant) nor on `float_roundtrip` (the answers carry integers and strings; see
//!   [`answer::Answer`] for how numbers read). Either may be enabled by the application.
//! - `thiserror`: the [`answer::AnswerError`] and [`answer::ApiError`] types.
//! - `md-5`: the `connect` sign.
//! - `base64`: `clientData`, `PI` and `singleDatas`; its SIMD engine (AVX2/NEON, detected at
//!   run time) encodes the `clientData` of a single push several times faster than the scalar
//!   one.
//! - `flate2`: gzip of the list and batch bodies, and capped inflating of answers.
//! - `uuid` (`fast-rng`): the random (v4) request ids.
//! - `prost`, only with the `decode` feature: structs to decode what a client sent (mock
//!   server, conformance runner).

// docs.rs (`--cfg docsrs`, nightly): each feature-gated item shows the feature it needs.
#![cfg_attr(docsrs, feature(doc_cfg))]

pub mod date;
pub mod legacy;
pub mod v2;

// The legacy modules keep their paths at the crate root.
pub use legacy::{action, answer, gzip, pb, sign};

// The code blocks of README.md are doctests too, without becoming part of the documentation.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
