//! # getui
//!
//! The Getui (个推) push SDK for the legacy OpenService API (`…/apiex.htm`): the same requests
//! as the official SDKs, with an asynchronous [`Client`] (feature `async`, default) and a
//! [`blocking::Client`] (feature `blocking`) that have one named method per official method.
//!
//! - Configuration lives in a [`Config`] built by a builder; nothing is read from the
//!   environment unless you call [`Config::from_env`].
//! - Bad input is refused with a typed [`Error`] naming the field and rule before any byte is
//!   sent; a push's `requestId` survives every re-send, and a failed push's error carries it.
//! - The client connects when the server asks (`sign_error`, one `connect` for all concurrent
//!   callers), follows `domain_error` to the hosts it names, and ranks hosts by latency. No
//!   state is shared between clients.
//! - Secrets never appear in `Debug`, `Display`, logs or errors; TLS verification is always on.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), getui::Error> {
//! use getui::model::{SingleMessage, Target, TransmissionTemplate};
//! # let server = getui_mock::MockServer::start().await;
//! # let host = server.serviceex_url();
//! # let (app_key, master_secret, app_id) =
//! #     (getui_mock::DEFAULT_APP_KEY, getui_mock::DEFAULT_MASTER_SECRET, getui_mock::DEFAULT_APP_ID);
//! // `host` is e.g. "https://api.getui.com/serviceex"; without one the built-in list is used.
//! let client = getui::Client::builder(app_key, master_secret).host(host).build()?;
//!
//! let template = TransmissionTemplate::builder()
//!     .app_id(app_id)
//!     .app_key(app_key)
//!     .transmission_content(r#"{"order": 42}"#)
//!     .build()?;
//! let result = client
//!     .push_to_single(&SingleMessage::new(template), &Target::client(app_id, "the-cid"))
//!     .await?;
//! println!("task {:?}, status {:?}", result.task_id, result.status);
//! # Ok(()) }
//! ```
//!
//! ## Official methods and their Rust names
//!
//! Both clients have the same methods (the blocking ones without `.await`). Arguments keep
//! the official meaning; app ids come first where the official order varies. Outputs are the
//! typed outputs of the protocol's [`action`] types, which all keep the whole server
//! [`answer`].
//!
//! | official (`IGeTui`, Py/Java/C# names) | Rust | action sent | output |
//! |---|---|---|---|
//! | `IGeTui(host, appKey, masterSecret, ssl)` | [`Client::builder`]`(app_key, master_secret).host(host)`, `.config(\|c\| c.https(ssl))`, `.build()` | `getOSPushDomailUrlListAction` on first use | [`Client`] |
//! | `connect` | [`Client::connect`] (optional: done on `sign_error`) | `connect` | `()` |
//! | `close` | [`Client::close`] | `close` | [`answer::Answer`] |
//! | `pushMessageToSingle(message, target, requestId=None)` | [`Client::push_to_single`], [`Client::push_to_single_with_request_id`] | `pushMessageToSingleAction` | [`action::SinglePushResult`] |
//! | `getContentId(message, taskGroupName)` | [`Client::create_list_task`] (list message), [`Client::create_app_task`] (app message), [`Client::create_task`] (single message) | `getContentIdAction` | [`action::PreparedTask`] |
//! | `cancelContentId(contentId)` | [`Client::cancel_task`] | `cancleContentIdAction` | [`answer::Answer`] |
//! | `pushMessageToList(contentId, targets)` | [`Client::push_to_list`], [`Client::push_to_list_with_options`] | `pushMessageToListAction` (gzip) | [`action::ListPushResult`] |
//! | `pushMessageToApp(message, taskGroupName)` | [`Client::push_to_app`] | `getContentIdAction`, then `pushMessageToAppAction` | [`action::TaskPushResult`] |
//! | `pushMessageToAppWithContentId(contentId)` | [`Client::push_to_app_with_task_id`] | `pushMessageToAppAction` | [`action::TaskPushResult`] |
//! | `pushTagMessage(message, requestId)` | [`Client::push_by_tag`], [`Client::push_by_tag_with_request_id`] | `pushMessageByTagAction` | [`action::TaskPushResult`] |
//! | `pushTagMessageRetry(message)` | [`Client::push_by_tag`] (a new request id, as the official one; to re-send the same push use [`Client::push_by_tag_with_request_id`]) | `pushMessageByTagAction` | [`action::TaskPushResult`] |
//! | `getBatch()`, `BatchImpl(appKey, push)` | [`Client::batch`] → [`Batch`]; [`Client::batch_with_app_key`] for another `appKey` | - | [`Batch`] |
//! | `BatchImpl.add(message, target)` | [`Batch::add`] | - | item count |
//! | `BatchImpl.submit()` | [`Batch::submit`] | `pushMessageToSingleBatchAction` (gzip) | [`action::BatchPushResult`] |
//! | `BatchImpl.retry()` | [`Batch::retry`] | the same request again | [`action::BatchPushResult`] |
//! | `BatchImpl.getBatchId()` | [`Batch::batch_id`] | - | `&str` |
//! | `stop(contentId)` | [`Client::stop_task`] | `stopTaskAction` | [`answer::Answer`] |
//! | `pushAPNMessageToSingle(appId, deviceToken, message)` | [`Client::push_apns_to_single`] | `apnPushToSingleAction` | [`action::SinglePushResult`] |
//! | `getAPNContentId(appId, message)` | [`Client::create_apns_task`] | `apnGetContentIdAction` | [`action::PreparedTask`] |
//! | `pushAPNMessageToList(appId, contentId, deviceTokenList)` | [`Client::push_apns_to_list`], [`Client::push_apns_to_list_with_options`] | `apnPushToListAction` | [`action::ListPushResult`] |
//! | `getClientIdStatus(appId, clientId)` | [`Client::client_status`] | `getClientIdStatusAction` | [`action::ClientIdStatus`] |
//! | `setClientTag(appId, clientId, tags)` | [`Client::set_client_tags`] | `setTagAction` | [`answer::Answer`] |
//! | `getUserTags(appId, clientId)` | [`Client::client_tags`] | `getUserTags` | [`action::UserTags`] |
//! | `changeClientTag(appId, tag, operation, cids)` | [`Client::change_client_tag`] | `changeTagAction` | [`answer::Answer`] |
//! | `getUserCountByTags(appId, tagList)` | [`Client::user_count_by_tags`] | `getUserCountByTags` | [`action::UserCount`] |
//! | `getPersonaTags(appId)` | [`Client::persona_tags`] | `getPersonaTags` | [`answer::Answer`] |
//! | `queryUserCount(appId, conditions)` | [`Client::user_count`] | `queryUserCount` | [`action::UserCount`] |
//! | `bindAlias(appId, alias, clientId)` | [`Client::bind_alias`] | `alias_bind` | [`answer::Answer`] |
//! | `bindAliasBatch(appId, targetList)` | [`Client::bind_aliases`] | `alias_bind_list` | [`answer::Answer`] |
//! | `queryClientId(appId, alias)` | [`Client::client_ids_by_alias`] | `alias_query` | [`action::ClientIdList`] |
//! | `queryAlias(appId, clientId)` | [`Client::alias_by_client_id`] | `alias_query` | [`action::UserAlias`] |
//! | `unBindAlias(appId, alias, clientId)` | [`Client::unbind_alias`] | `alias_unbind` | [`answer::Answer`] |
//! | `unBindAliasAll(appId, alias)` | [`Client::unbind_alias_all`] | `alias_unbind` | [`answer::Answer`] |
//! | `addCidListToBlk(appId, cidList)` | [`Client::add_to_black_list`] | `blackCidAction` (`optType` 1) | [`answer::Answer`] |
//! | `restoreCidListFromBlk(appId, cidList)` | [`Client::restore_from_black_list`] | `blackCidAction` (`optType` 2) | [`answer::Answer`] |
//! | `blackCidList(appId, cidList, optType)` | [`Client::update_black_list`] | `blackCidAction` | [`answer::Answer`] |
//! | `setBadge(badge, appid, deviceTokenList, cidList)` | [`Client::set_badge`] | `setBadgeAction` | [`answer::Answer`] |
//! | `setBadgeForCID(badge, appid, cidList)` | [`Client::set_badge_for_client_ids`] | `setBadgeAction` | [`answer::Answer`] |
//! | `setBadgeForDeviceToken(badge, appid, deviceTokenList)` | [`Client::set_badge_for_device_tokens`] | `setBadgeAction` | [`answer::Answer`] |
//! | `getPushResult(taskId)` | [`Client::push_result`] | `getPushMsgResult` | [`action::PushResult`] |
//! | `getPushResultByTaskidList(taskIdList)` | [`Client::push_results`] | `getPushMsgResultByTaskidList` | [`action::PushResults`] |
//! | `getPushActionResultByTaskids(taskIdList, actionIdList)` | [`Client::push_action_results`] | `getPushMsgResultByTaskidList` | [`action::PushResults`] |
//! | `getPushResultByGroupName(appId, groupName)` | [`Client::push_result_by_group_name`] | `getPushResultByGroupName` | [`action::PushResult`] |
//! | `getLast24HoursOnlineUserStatistics(appId)` | [`Client::online_users_last_24h`] | `getLast24HoursOnlineUser` | [`action::OnlineUserStatistics`] |
//! | `queryAppPushDataByDate(appId, date)` | [`Client::app_push_data`] | `queryAppPushData` | [`action::AppPushData`] |
//! | `queryAppUserDataByDate(appId, date)` | [`Client::app_user_data`] | `queryAppUserData` | [`action::AppUserData`] |
//! | `getScheduleTask(taskId, appId)` | [`Client::schedule_task`]`(app_id, task_id)` | `getScheduleTaskAction` | [`answer::Answer`] |
//! | `delScheduleTask(taskId, appId)` | [`Client::delete_schedule_task`]`(app_id, task_id)` | `delScheduleTaskAction` | [`answer::Answer`] |
//! | `bindCidPn(appId, cidAndPn)` | [`Client::bind_client_phones`] | `bind_cid_pn` | [`answer::Answer`] |
//! | `unbindCidPn(appId, cid)` | [`Client::unbind_client_phones`] | `unbind_cid_pn` | [`answer::Answer`] |
//! | `queryCidPn(appId, cid)` | [`Client::client_phones`] | `query_cid_pn` | [`answer::Answer`] |
//! | `stopSendSms(appId, taskId)` | [`Client::stop_sms`] | `stop_sms` | [`answer::Answer`] |
//! | `httpPostJson`, `httpPostFast` | [`Client::execute`] (any [`action::Action`] value) | the action's | its output |
//! | `cycleInspect` | automatic (probe task, every 10 minutes and after failures); [`Client::refresh_hosts`], [`Client::hosts`] | probes | [`transport::HostRanking`] |
//! | `getAuthToken` | not offered: the token stays inside the client | - | - |
//! | `getSign`, `getCurrentTime`, `BatchImpl.createPostParams`, `BatchImpl.setApiUrl` | internal (the sign, timestamps and item encoding are done for you; hosts are configured on the client) | - | - |
//!
//! ## Features
//!
//! | feature | default | what it gives |
//! |---|---|---|
//! | `async` | yes | [`Client`] and [`Batch`] (tokio) |
//! | `blocking` | no | [`blocking::Client`] and [`blocking::Batch`]: calls run on the calling thread (blocking sockets, pooled connections), one background thread per client for the host list and probes; usable from any thread |
//! | `rustls` | yes | TLS for `https://` hosts (rustls, `ring`, bundled web PKI roots). Without it only `http://` hosts work: a client with an `https://` host is refused with [`ErrorKind::Config`], and an `https://` host learned later fails with [`ErrorKind::Transport`] before anything is sent |
//! | `native-roots` | no | also trust the operating system's certificate store (implies `rustls`) |
//! | `tracing` | no | `tracing` debug events: reconnects, `domain_error` failovers, attempts and host ranking (never bodies or secrets) |
//! | `mock` | no | `getui::mock`: the local stand-in server (`getui-mock`) for your own tests |
//!
//! ## Dependencies
//! - `getui-model`, `getui-protocol`, `getui-transport`: the layers below this facade.
//! - `tokio`: the runtime of the asynchronous client and of the blocking client's background
//!   thread (host list, probes).
//! - `http`: header names for requests handed to the transport.
//! - `thiserror`: the configuration error type.
//! - `tracing` (optional): the events of the `tracing` feature.
//! - `getui-mock` (optional): re-exported by the `mock` feature.

// Without a client the crate only holds the configuration and error types; the helpers the
// clients use are then unused.
#![cfg_attr(not(any(feature = "async", feature = "blocking")), allow(dead_code))]

/// Emits a `tracing` debug event when the `tracing` feature is on; nothing otherwise.
#[allow(unused_macros)]
macro_rules! event {
    ($($arg:tt)*) => {
        #[cfg(feature = "tracing")]
        {
            ::tracing::debug!($($arg)*);
        }
    };
}

/// Emits a `tracing` warning when the `tracing` feature is on; nothing otherwise.
#[allow(unused_macros)]
macro_rules! warn_event {
    ($($arg:tt)*) => {
        #[cfg(feature = "tracing")]
        {
            ::tracing::warn!($($arg)*);
        }
    };
}

pub mod clock;
pub mod config;
#[cfg(any(feature = "async", feature = "blocking"))]
mod driver;
pub mod error;
mod legacy;
#[cfg(any(feature = "async", feature = "blocking"))]
pub mod v2;

// The legacy clients keep their paths at the crate root.
#[cfg(feature = "blocking")]
pub use legacy::blocking;
#[cfg(any(feature = "async", feature = "blocking"))]
use legacy::{api, batch, client};

#[cfg(feature = "async")]
pub use batch::Batch;
#[cfg(feature = "async")]
pub use client::{Client, ClientBuilder};
pub use config::{Config, ConfigBuilder, ConfigError, HostConfig, Limits, Proxy, PushFlags};
pub use error::{Error, ErrorKind, Result};

/// Templates, messages, targets and payloads (re-exported from `getui-model`).
pub use getui_model as model;
/// The actions of the API with their typed outputs (re-exported from `getui-protocol`).
pub use getui_protocol::action;
/// Answers, result codes and API errors (re-exported from `getui-protocol`).
pub use getui_protocol::answer;
/// Calendar dates of the statistics queries (re-exported from `getui-protocol`).
pub use getui_protocol::date;
/// Bytes over HTTP (re-exported from `getui-transport`): [`transport::HostRanking`] of
/// `Client::hosts`, and [`transport::AsyncHttpClient`] to plug your own HTTP stack into
/// `ClientBuilder::http_client`. No hyper type is part of it.
pub use getui_transport as transport;

/// The local stand-in for the Getui server (re-exported `getui-mock`, feature `mock`): point
/// a client at [`MockServer::serviceex_url`](getui_mock::MockServer::serviceex_url) in your
/// tests, then check what it recorded.
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), getui::Error> {
/// use getui::mock::{MockServer, DEFAULT_APP_ID, DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET};
/// let server = MockServer::start().await;
/// let client = getui::Client::builder(DEFAULT_APP_KEY, DEFAULT_MASTER_SECRET)
///     .host(server.serviceex_url())
///     .build()?;
/// client.bind_alias(DEFAULT_APP_ID, "alice", "cid-1").await?;
/// assert_eq!(server.alias_clients(DEFAULT_APP_ID, "alice"), ["cid-1"]);
/// assert_eq!(server.requests_for("alias_bind").len(), 2); // sign_error, then after connect
/// # Ok(()) }
/// ```
#[cfg(feature = "mock")]
pub use getui_mock as mock;

/// The Rust examples of the workspace README (`README.md`: the REST v2 and legacy
/// quickstarts), compiled as doctests so that they keep compiling.
#[cfg(all(doctest, feature = "async"))]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
