//! Shared helpers of the facade's integration tests: clients pointed at a `getui-mock`
//! server, messages, and a time bound for every test.

#![allow(dead_code)] // each test binary uses a different part

use getui::model::{
    ApnInfo, ApnTemplate, ApnsPayload, AppMessage, ListMessage, SingleMessage, Target,
    TransmissionTemplate,
};
use getui_mock::{MockServer, RecordedRequest};
use std::future::Future;
use std::time::Duration;

pub use getui_mock::DEFAULT_MASTER_SECRET as SECRET;
pub use getui_mock::{DEFAULT_APP_ID as APP_ID, DEFAULT_APP_KEY as APP_KEY};

/// A 64-character APNs device token.
pub const DEVICE_TOKEN: &str = "a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1";

/// The bound of every test: a hang fails the test instead of stalling the run. Long enough for
/// the reliability tests' loads on a busy machine (they use these helpers too, through
/// `reliability_common`).
pub const TEST_BOUND: Duration = Duration::from_secs(120);

/// Runs `f` within [`TEST_BOUND`].
pub async fn bounded<F: Future>(f: F) -> F::Output {
    tokio::time::timeout(TEST_BOUND, f)
        .await
        .expect("the test did not finish in time")
}

/// Test settings: no probes (so the mock records API requests only) and short timeouts.
pub fn settings(c: getui::ConfigBuilder) -> getui::ConfigBuilder {
    c.probe(false)
        .connect_timeout(Duration::from_secs(5))
        .request_timeout(Duration::from_secs(10))
}

/// An asynchronous client of the mock's default app.
#[cfg(feature = "async")]
pub fn async_client(server: &MockServer) -> getui::Client {
    async_client_for(&server.serviceex_url(), APP_KEY, SECRET)
}

/// An asynchronous client of any app, bootstrapping from `serviceex_url`.
#[cfg(feature = "async")]
pub fn async_client_for(serviceex_url: &str, app_key: &str, secret: &str) -> getui::Client {
    let url = serviceex_url.to_owned();
    getui::Client::builder(app_key, secret)
        .config(move |c| settings(c).host(url))
        .build()
        .expect("client")
}

/// A blocking client of the mock's default app, bootstrapping from `serviceex_url`.
#[cfg(feature = "blocking")]
pub fn blocking_client(serviceex_url: &str) -> getui::blocking::Client {
    let url = serviceex_url.to_owned();
    getui::blocking::Client::builder(APP_KEY, SECRET)
        .config(move |c| settings(c).host(url))
        .build()
        .expect("blocking client")
}

pub fn transmission(content: &str) -> TransmissionTemplate {
    TransmissionTemplate::builder()
        .app_id(APP_ID)
        .app_key(APP_KEY)
        .transmission_content(content)
        .build()
        .expect("template")
}

pub fn single(content: &str) -> SingleMessage {
    let mut m = SingleMessage::new(transmission(content));
    m.is_offline = true;
    m.offline_expire_time = 3_600_000;
    m
}

pub fn list(content: &str) -> ListMessage {
    ListMessage::new(transmission(content))
}

pub fn app(content: &str) -> AppMessage {
    let mut m = AppMessage::new(transmission(content));
    m.app_id_list = vec![APP_ID.to_owned()];
    m
}

pub fn tagged(content: &str, tag: &str) -> AppMessage {
    let mut m = app(content);
    m.tag = tag.to_owned();
    m
}

pub fn apns(alert: &str) -> SingleMessage {
    let template = ApnTemplate::builder()
        .app_id(APP_ID)
        .app_key(APP_KEY)
        .apn_info(ApnInfo::from(ApnsPayload::with_alert(alert)))
        .build()
        .expect("APN template");
    SingleMessage::new(template)
}

pub fn cid(c: &str) -> Target {
    Target::client(APP_ID, c)
}

/// The requests recorded for `action`, which must be exactly `n`.
pub fn recorded(server: &MockServer, action: &str, n: usize) -> Vec<RecordedRequest> {
    let found = server.requests_for(action);
    assert_eq!(found.len(), n, "requests for {action}: {found:#?}");
    found
}

/// The strings of a recorded array member.
pub fn strings(r: &RecordedRequest, member: &str) -> Vec<String> {
    r.param(member)
        .and_then(|v| v.as_array())
        .unwrap_or_else(|| panic!("{member} is not an array in {:?}", r.params))
        .iter()
        .map(|v| v.as_str().expect("a string").to_owned())
        .collect()
}
