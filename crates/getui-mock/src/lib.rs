//! # getui-mock
//!
//! A local stand-in for the Getui (个推) push server — the legacy "OpenService" API that the
//! official SDKs reach at `…/serviceex` and `…/apiex.htm`, and REST API v2 at
//! `…/v2/{appId}/…` ([see below](#rest-api-v2)) — for tests, examples, benchmarks and
//! fault-injection tests. It runs in-process on 127.0.0.1 (or as the `getui-mock` binary),
//! keeps all state in memory, and records every request.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")] async fn main() {
//! use getui_mock::{MockServer, DEFAULT_APP_ID};
//!
//! let server = MockServer::start().await;
//! server.add_client(DEFAULT_APP_ID, "cid-offline", false);
//! // Point the SDK at server.serviceex_url() (bootstrap) or server.api_url() (API), with
//! // app key DEFAULT_APP_KEY and master secret DEFAULT_MASTER_SECRET, then assert:
//! assert!(server.requests_for("pushMessageToSingleAction").is_empty());
//! assert!(server.accepted_pushes().is_empty());
//! # }
//! ```
//!
//! ## What it implements
//!
//! * **Host list**: `POST /serviceex` with `getOSPushDomailUrlListAction` answers
//!   `{"result":"ok","osList":[…]}` (by default the `apiex.htm` URL of every host). A server can
//!   run several hosts (listeners sharing one state, [`MockServerBuilder::hosts`]) with
//!   per-host latency ([`MockServer::set_host_latency`]); `HEAD` and empty-body `POST` probes are
//!   answered 200 with an empty body.
//! * **Auth**: `connect` checks `sign = md5(appkey + timeStamp + masterSecret)` against the
//!   configured [`MockApp`] (`sign_error` if wrong, `appkey_error` for an unknown key) and
//!   issues an `authtoken`. Every other action needs a valid `authToken` for its `appkey`, else
//!   `sign_error`. [`MockServer::expire_tokens`] invalidates all tokens; `close` invalidates one.
//! * **The 39 actions** ([`ACTIONS`]): content ids (`OSL-…` list, `OSA-…` app), single, batch,
//!   list, app, tag and APNs pushes with per-client results (clients registered with
//!   [`MockServer::add_client`]; unknown ones per [`UnknownClientPolicy`]), aliases, tags,
//!   client status (`Online`/`Offline`), stop/cancel, black list, badges, push results and
//!   statistics computed from what was pushed, scheduled tasks (app pushes with `pushTime`),
//!   cid↔phone binding, stop SMS and close. An unknown action answers `action_error`; a request
//!   naming another app's `appId` answers `AppidNoMatchAppKey`; missing members answer
//!   `{"result":"Error","error_msg":…}`. Where the real answer shape is undocumented the mock
//!   uses the shapes the golden vectors' recorder used.
//! * **gzip**: request bodies with `Content-Encoding: gzip` are inflated (with a size cap); the
//!   answers to such requests are gzip-encoded with `Content-Encoding: gzip`.
//! * **Recording**: every request with method, path, headers, action, parsed JSON params,
//!   decoded protobuf members, the answer, the fault applied, arrival time and host
//!   ([`MockServer::requests`], [`MockServer::requests_for`], [`RecordedRequest`]).
//! * **De-duplication**: like the server, a `requestId` seen before (per app key) is not pushed
//!   again; the first answer is repeated. The ledger ([`MockServer::accepted_pushes`],
//!   [`MockServer::request_id_stats`]) proves nothing was accepted twice.
//! * **Fault injection**: [`MockServer::inject`] with a [`Fault`] — latency, HTTP statuses,
//!   dropped connections, hangs, malformed/empty/oversized answers, truncated gzip, gzip bombs,
//!   slow-loris answers, `domain_error`, `sign_error` or any canned answer — per host, per
//!   action, per path, for the next N requests or always.
//!
//! ## REST API v2
//!
//! The same listeners serve REST v2 under `/v2/{appId}/…` (one process serves both
//! generations; the apps and users — clients, aliases, tags, black list — are shared, so
//! [`DEFAULT_APP_ID`] / [`DEFAULT_APP_KEY`] / [`DEFAULT_MASTER_SECRET`] work for v2 too). A v2
//! client is given [`MockServer::v2_base_url`] and appends `/v2/{appId}/…`.
//!
//! * **Auth** (`POST /auth`): `sign` = lowercase hex SHA-256 of `appkey + timestamp +
//!   masterSecret` ([`getui_protocol::v2::sign::auth_sign`]), a 13-digit `timestamp` within
//!   [`MockServerBuilder::v2_timestamp_skew`]; tokens live
//!   [`MockServerBuilder::v2_token_lifetime`] (`expire_time` a string of ms);
//!   `DELETE /auth/{token}` deletes one; [`MockServer::expire_v2_tokens`] /
//!   [`MockServer::expire_v2_token`] force expiry. Any other call without a live token of the
//!   path's app answers HTTP 401 `{"code": 10001, "msg": "token error or expired"}`.
//! * **Every endpoint** of the v2 catalogue ([`V2_ENDPOINTS`], A1–U16) answers
//!   `{"code": 0, "msg": "success", "data": …}` of the documented shape, computed from state.
//!   Bodies are parsed into the `getui_model::v2` types and checked with their validation and
//!   the endpoint's limits: a refusal is HTTP 400 `{"code": 20001, "msg": …}` (22001/22002
//!   for task states; code 1 for a body that is not JSON). An unknown path answers 404
//!   `{"code": 404}`, a known path with another method 405 `{"code": 405}`.
//! * **Ledger**: a push repeating a known `request_id` of its app is answered like the first
//!   one and not delivered again ([`MockServer::v2_pushes`], [`MockServer::v2_ledger`],
//!   [`MockServer::v2_request_id_stats`]); tasks, list messages, schedules and badges are
//!   readable ([`MockServer::v2_task`], [`MockServer::v2_list_message`],
//!   [`MockServer::v2_scheduled_tasks`], [`MockServer::v2_badge`]).
//! * **Request parser**: [`parse_v2_request`] reads a method, path and body with the
//!   server's own router and body parser (for fuzzing and property tests).
//! * **Faults**: every [`Fault`] applies to v2 paths; target them by endpoint
//!   ([`FaultBuilder::on_action`] with a [`V2_ENDPOINTS`] name) or with
//!   [`FaultBuilder::on_v2`]. On v2, [`Fault::SignError`] answers 10001 and
//!   [`Fault::DomainError`] the 301 host switch.
//!
//! ```
//! use std::io::{Read, Write};
//! use getui_mock::{BlockingMockServer, DEFAULT_APP_ID, DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET};
//! use getui_model::secret::MasterSecret;
//! use getui_protocol::v2::sign::auth_sign;
//!
//! let server = BlockingMockServer::start();
//! server.add_client(DEFAULT_APP_ID, "cid-1", true);
//! // a raw HTTP/1.1 exchange; a v2 client would be given server.v2_base_url()
//! let exchange = |method: &str, path: &str, token: &str, body: &str| -> serde_json::Value {
//!     let addr = server.v2_base_url().trim_start_matches("http://").to_owned();
//!     let mut s = std::net::TcpStream::connect(addr).unwrap();
//!     write!(s, "{method} /v2/{DEFAULT_APP_ID}{path} HTTP/1.1\r\nHost: mock\r\ntoken: {token}\r\n\
//!                Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
//!            body.len()).unwrap();
//!     let mut answer = String::new();
//!     s.read_to_string(&mut answer).unwrap();
//!     serde_json::from_str(answer.split("\r\n\r\n").nth(1).unwrap()).unwrap()
//! };
//! let ts = std::time::SystemTime::now()
//!     .duration_since(std::time::UNIX_EPOCH).unwrap().as_millis().to_string();
//! let sign = auth_sign(DEFAULT_APP_KEY, &ts, &MasterSecret::new(DEFAULT_MASTER_SECRET));
//! let auth = exchange("POST", "/auth", "",
//!     &format!(r#"{{"sign":"{sign}","timestamp":"{ts}","appkey":"{DEFAULT_APP_KEY}"}}"#));
//! let token = auth["data"]["token"].as_str().unwrap();
//!
//! let push = r#"{"request_id":"quickstart-0001","audience":{"cid":["cid-1"]},
//!     "push_message":{"transmission":"hello"}}"#;
//! let answer = exchange("POST", "/push/single/cid", token, push);
//! assert_eq!(answer["code"], 0);
//! let pushed = server.v2_push("quickstart-0001").unwrap();
//! assert_eq!(answer["data"][&pushed.task_id]["cid-1"], "successed_online");
//! // the same request id again is not delivered twice
//! exchange("POST", "/push/single/cid", token, push);
//! assert_eq!((server.v2_ledger().accepted, server.v2_ledger().duplicates), (1, 1));
//! assert_eq!(server.v2_auth_count(), 1);
//! ```
//!
//! ## Blocking tests
//!
//! [`MockServer`] runs on the tokio runtime that started it. A test without async uses
//! [`BlockingMockServer`] (via [`MockServerBuilder::start_blocking`]), which owns a small
//! multi-threaded runtime serving the mock while the test blocks on its HTTP client:
//!
//! ```
//! let server = getui_mock::BlockingMockServer::start();
//! let url = server.serviceex_url(); // give this to a blocking client
//! # let _ = url;
//! ```
//!
//! ## Lifecycle
//!
//! There is no global state: each server owns its listeners, whose tasks own their connection
//! tasks; dropping the [`MockServer`] aborts them all (hanging connections included). Locks are
//! `std` mutexes held only for short synchronous sections, never across an `.await`.
//!
//! ## Dependencies and why
//!
//! * `getui-protocol` (feature `decode`): the `connect` sign
//!   ([`getui_protocol::sign::connect_sign`]) and the v2 auth sign
//!   ([`getui_protocol::v2::sign::auth_sign`]) — the mock checks signs with the same code the
//!   client signs with — and the protobuf schema ([`pb`]) for the `clientData` / `PI` /
//!   `singleDatas` members.
//! * `prost`: decoding those members with that schema.
//! * `getui-model`: the redacting [`MasterSecret`](getui_model::secret::MasterSecret) held by
//!   [`MockApp`], and the REST v2 request types and their validation (`getui_model::v2`).
//! * `hyper` (server, http1) and `hyper-util` (tokio I/O adapter): the HTTP/1.1 server.
//! * `http-body-util`: collecting request bodies with a size limit.
//! * `bytes`: zero-copy bodies.
//! * `tokio`: listeners, timers (latency, slow-loris), the runtime of [`BlockingMockServer`]
//!   and the binary's Ctrl-C handling.
//! * `serde_json`: parsing params and writing answers, with its default features (the v2
//!   bodies are read straight into the model types, which keep the order that matters
//!   themselves; an answer's member order does not matter to a client).
//! * `serde`: the small v2 request bodies without a model type (`{"custom_tag": [..]}`, …).
//! * `flate2`: gzip request/answer bodies, truncated gzip and gzip bombs.
//! * `md-5`: unique task ids and auth tokens.
//! * `base64`: decoding the protobuf members (`clientData`, `PI`, `singleDatas`).
//! * `thiserror`: the error types.

mod actions;
mod body;
mod decode;
mod fault;
mod record;
mod server;
mod service;
mod state;
mod v2;

pub use actions::ACTIONS;
pub use decode::{DecodeError, DecodedProtobuf, ProtobufParam};
pub use fault::{Fault, FaultBuilder, FaultHandle};
/// The `prost` structs of the protobuf members (`getui-protocol`'s `pb::decode`), as found in
/// [`DecodedProtobuf`].
pub use getui_protocol::pb::decode as pb;
pub use record::RecordedRequest;
pub use server::{BlockingMockServer, MockError, MockServer, MockServerBuilder};
pub use state::{
    AcceptedPush, ClientSnapshot, Delivery, DeliveryStatus, MockApp, RequestIdStats,
    UnknownClientPolicy, DEFAULT_APP_ID, DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET,
};
pub use v2::{
    parse_v2_request, V2Body, V2LedgerStats, V2Push, V2Refusal, V2Request, V2Task, V2TaskKind,
    V2TaskState, V2_ENDPOINTS,
};

// The code blocks of README.md are doctests too, without becoming part of the documentation.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
