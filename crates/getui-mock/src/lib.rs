//! # getui-mock
//!
//! A local stand-in for the legacy Getui (个推) push server — the "OpenService" API that the
//! official SDKs reach at `…/serviceex` and `…/apiex.htm` — for tests, examples, benchmarks and
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
//!   ([`getui_protocol::sign::connect_sign`]) — the mock checks signs with the same code the
//!   client signs with — and the protobuf schema ([`pb`]) for the `clientData` / `PI` /
//!   `singleDatas` members.
//! * `prost`: decoding those members with that schema.
//! * `getui-model`: the redacting [`MasterSecret`](getui_model::secret::MasterSecret) held by
//!   [`MockApp`].
//! * `hyper` (server, http1) and `hyper-util` (tokio I/O adapter): the HTTP/1.1 server.
//! * `http-body-util`: collecting request bodies with a size limit.
//! * `bytes`: zero-copy bodies.
//! * `tokio`: listeners, timers (latency, slow-loris), the runtime of [`BlockingMockServer`]
//!   and the binary's Ctrl-C handling.
//! * `serde_json`: parsing params and writing answers.
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
