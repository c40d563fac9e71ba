//! In-memory server state: apps, clients, tokens, tasks, the request-id ledger.
//!
//! Everything here is plain data behind one `std::sync::Mutex` owned by the server; the lock is
//! only ever taken for short synchronous sections (never across an `.await`).

use std::collections::HashMap;
use std::time::{SystemTime, UNIX_EPOCH};

use getui_model::secret::MasterSecret;
use md5::{Digest, Md5};
use serde_json::Value;
use tokio::time::Instant;

/// App key of the app a [`MockServer`](crate::MockServer) knows when no app was configured.
///
/// Same value as the golden vectors' app, so requests recorded there authenticate here.
pub const DEFAULT_APP_KEY: &str = "OracleAppKey0000000001";
/// App id of the default app (see [`DEFAULT_APP_KEY`]).
pub const DEFAULT_APP_ID: &str = "OracleAppId00000000001";
/// Master secret of the default app (see [`DEFAULT_APP_KEY`]).
pub const DEFAULT_MASTER_SECRET: &str = "OracleMasterSecret0001";

/// One application the mock knows: the credentials `connect` checks and the app id pushes name.
///
/// Getui pairs one app key with one app id; so does the mock. `Debug` redacts the secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MockApp {
    /// The `appkey` clients send.
    pub app_key: String,
    /// The `appId` / `appid` pushes and queries name.
    pub app_id: String,
    /// The master secret `connect` signs with.
    pub master_secret: MasterSecret,
}

impl MockApp {
    /// An app with the given key, id and master secret.
    pub fn new(
        app_key: impl Into<String>,
        app_id: impl Into<String>,
        master_secret: impl Into<MasterSecret>,
    ) -> Self {
        MockApp {
            app_key: app_key.into(),
            app_id: app_id.into(),
            master_secret: master_secret.into(),
        }
    }
}

impl Default for MockApp {
    /// The golden vectors' app: [`DEFAULT_APP_KEY`], [`DEFAULT_APP_ID`], [`DEFAULT_MASTER_SECRET`].
    fn default() -> Self {
        MockApp::new(DEFAULT_APP_KEY, DEFAULT_APP_ID, DEFAULT_MASTER_SECRET)
    }
}

/// How pushes and status queries treat a client id that was never registered with
/// [`MockServer::add_client`](crate::MockServer::add_client).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum UnknownClientPolicy {
    /// Treat it as an online client (the default: examples and benchmarks need no setup).
    #[default]
    Online,
    /// Treat it as an offline client.
    Offline,
    /// Refuse it like the server refuses a client id without users: single pushes answer
    /// `TokenMD5NoUsers`, list pushes leave it out (and answer `TokenMD5NoUsers` when nothing is
    /// left), status queries answer `Offline`.
    Reject,
}

/// What happened to one target of an accepted push.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DeliveryStatus {
    /// Delivered to an online client (`successed_online`).
    Online,
    /// Stored for an offline client (`successed_offline`).
    Offline,
    /// Discarded, e.g. because the client is on the black list (`successed_ignore`).
    Ignored,
}

impl DeliveryStatus {
    /// The wire form used in `status` and `details`.
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Online => "successed_online",
            DeliveryStatus::Offline => "successed_offline",
            DeliveryStatus::Ignored => "successed_ignore",
        }
    }
}

/// One client reached by an accepted push.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivery {
    /// The app id the client belongs to.
    pub app_id: String,
    /// The client id (for APNs pushes: the device token).
    pub client_id: String,
    /// The task id (single pushes: `OSS-…`; list/app/tag pushes: the content id).
    pub task_id: String,
    /// What happened to the message.
    pub status: DeliveryStatus,
}

/// One push the mock accepted (an entry of the ledger, see
/// [`MockServer::accepted_pushes`](crate::MockServer::accepted_pushes)).
///
/// A request whose `requestId` was seen before is answered from the ledger and adds no entry,
/// so "accepted twice" shows up as two entries.
#[derive(Clone, Debug)]
pub struct AcceptedPush {
    /// Position in the ledger (0-based, in acceptance order).
    pub seq: u64,
    /// The action (`pushMessageToSingleAction`, `pushMessageToListAction`, …).
    pub action: String,
    /// The app key of the authenticated caller.
    pub app_key: String,
    /// The `requestId` the request carried, if any.
    pub request_id: Option<String>,
    /// The task id of the push (`taskId` or `contentId`); `None` for a batch (see the deliveries).
    pub task_id: Option<String>,
    /// Every client reached.
    pub deliveries: Vec<Delivery>,
    /// Index of the host (listener) that accepted it.
    pub host: usize,
    /// When it was accepted.
    pub at: Instant,
}

/// A snapshot of what the mock knows about one client (see
/// [`MockServer::client`](crate::MockServer::client)).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClientSnapshot {
    /// Registered with `add_client` (rather than created implicitly by a tag/alias/… call).
    pub registered: bool,
    /// Online (only meaningful when `registered`).
    pub online: bool,
    /// Tags set by `setTagAction` / `changeTagAction`.
    pub tags: Vec<String>,
    /// The alias bound by `alias_bind` / `alias_bind_list`.
    pub alias: Option<String>,
    /// On the black list (`blackCidAction` optType 1).
    pub black: bool,
    /// The last badge set by `setBadgeAction`.
    pub badge: Option<String>,
    /// The phone number digest bound by `bind_cid_pn`.
    pub phone: Option<String>,
}

/// Per-`requestId` counts (see [`MockServer::request_id_stats`](crate::MockServer::request_id_stats)).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct RequestIdStats {
    /// Authenticated requests that carried this request id.
    pub submitted: usize,
    /// Of those, how many were accepted as a new push (never more than 1 unless the mock is
    /// broken).
    pub accepted: usize,
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Client {
    pub registered: bool,
    pub online: bool,
    pub tags: Vec<String>,
    pub alias: Option<String>,
    pub black: bool,
    pub badge: Option<String>,
    pub phone: Option<String>,
    pub last_login_ms: u64,
}

impl Client {
    pub(crate) fn snapshot(&self) -> ClientSnapshot {
        ClientSnapshot {
            registered: self.registered,
            online: self.online,
            tags: self.tags.clone(),
            alias: self.alias.clone(),
            black: self.black,
            badge: self.badge.clone(),
            phone: self.phone.clone(),
        }
    }
}

/// Per app id: its clients and alias book.
#[derive(Debug, Default)]
pub(crate) struct AppData {
    pub clients: HashMap<String, Client>,
    pub aliases: HashMap<String, Vec<String>>,
    pub device_badges: HashMap<String, String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TaskKind {
    Single,
    List,
    App,
    Apn,
}

/// A content id / task id and what is known about it.
#[derive(Clone, Debug)]
pub(crate) struct Task {
    pub app_key: String,
    pub app_id: String,
    pub kind: TaskKind,
    pub group: Option<String>,
    pub push_time: Option<String>,
    pub app_ids: Vec<String>,
    pub tag_list: Vec<String>,
    pub conditions: Option<Value>,
    pub cancelled: bool,
    pub stopped: bool,
    pub scheduled: bool,
    pub msg_total: u64,
    pub msg_online: u64,
}

impl Task {
    pub(crate) fn new(app: &MockApp, kind: TaskKind) -> Self {
        Task {
            app_key: app.app_key.clone(),
            app_id: app.app_id.clone(),
            kind,
            group: None,
            push_time: None,
            app_ids: Vec::new(),
            tag_list: Vec::new(),
            conditions: None,
            cancelled: false,
            stopped: false,
            scheduled: false,
            msg_total: 0,
            msg_online: 0,
        }
    }
}

/// The whole mutable state of one mock (shared by all its hosts).
#[derive(Debug)]
pub(crate) struct State {
    pub apps: HashMap<String, MockApp>,
    pub data: HashMap<String, AppData>,
    /// token -> app key
    pub tokens: HashMap<String, String>,
    pub tasks: HashMap<String, Task>,
    /// (app key, request id) -> the answer given when it was accepted
    pub dedup: HashMap<(String, String), Value>,
    pub request_ids: HashMap<String, RequestIdStats>,
    pub ledger: Vec<AcceptedPush>,
    pub os_list: Vec<String>,
    pub policy: UnknownClientPolicy,
    /// REST v2: tokens, tasks, ledger, badges (users are the clients above).
    pub v2: crate::v2::state::V2State,
    ids: IdGen,
}

impl State {
    pub(crate) fn new(apps: Vec<MockApp>, policy: UnknownClientPolicy, seed: u64) -> Self {
        State {
            apps: apps.into_iter().map(|a| (a.app_key.clone(), a)).collect(),
            data: HashMap::new(),
            tokens: HashMap::new(),
            tasks: HashMap::new(),
            dedup: HashMap::new(),
            request_ids: HashMap::new(),
            ledger: Vec::new(),
            os_list: Vec::new(),
            policy,
            v2: crate::v2::state::V2State::default(),
            ids: IdGen::new(seed),
        }
    }

    pub(crate) fn new_token(&mut self, app_key: &str) -> String {
        let token = format!("{}{}", self.ids.hex(32), self.ids.hex(32));
        self.tokens.insert(token.clone(), app_key.to_owned());
        token
    }

    pub(crate) fn token_valid(&self, token: &str, app_key: &str) -> bool {
        self.tokens.get(token).is_some_and(|k| k == app_key)
    }

    /// `n` (<= 32) unique lowercase hex digits.
    pub(crate) fn new_hex(&mut self, n: usize) -> String {
        self.ids.hex(n)
    }

    /// A new id `PREFIX-yyMM_<22 hex>`, the form the server's task ids have.
    pub(crate) fn new_task_id(&mut self, prefix: &str) -> String {
        let hex = self.ids.hex(22);
        format!("{prefix}-{}_{hex}", self.ids.yymm)
    }

    pub(crate) fn client_mut(&mut self, app_id: &str, cid: &str) -> &mut Client {
        let policy_online = self.policy == UnknownClientPolicy::Online;
        self.data
            .entry(app_id.to_owned())
            .or_default()
            .clients
            .entry(cid.to_owned())
            .or_insert_with(|| Client {
                online: policy_online,
                ..Client::default()
            })
    }

    pub(crate) fn client(&self, app_id: &str, cid: &str) -> Option<&Client> {
        self.data.get(app_id)?.clients.get(cid)
    }

    /// Where a push to `cid` ends up; `None` = refused (unknown client under
    /// [`UnknownClientPolicy::Reject`]).
    pub(crate) fn delivery_status(&self, app_id: &str, cid: &str) -> Option<DeliveryStatus> {
        match self.client(app_id, cid) {
            Some(c) if c.black => Some(DeliveryStatus::Ignored),
            Some(c) if c.registered => Some(if c.online {
                DeliveryStatus::Online
            } else {
                DeliveryStatus::Offline
            }),
            _ => match self.policy {
                UnknownClientPolicy::Online => Some(DeliveryStatus::Online),
                UnknownClientPolicy::Offline => Some(DeliveryStatus::Offline),
                UnknownClientPolicy::Reject => None,
            },
        }
    }

    /// Whether `cid` counts as online for status queries and statistics.
    pub(crate) fn is_online(&self, app_id: &str, cid: &str) -> bool {
        match self.client(app_id, cid) {
            Some(c) if c.registered => c.online,
            _ => self.policy == UnknownClientPolicy::Online,
        }
    }

    pub(crate) fn note_request_id(&mut self, request_id: &str) {
        self.request_ids
            .entry(request_id.to_owned())
            .or_default()
            .submitted += 1;
    }

    /// Appends to the ledger and updates the per-task counters.
    pub(crate) fn accept(&mut self, mut push: AcceptedPush) {
        push.seq = self.ledger.len() as u64;
        if let Some(rid) = &push.request_id {
            self.request_ids.entry(rid.clone()).or_default().accepted += 1;
        }
        for d in &push.deliveries {
            if let Some(task) = self.tasks.get_mut(&d.task_id) {
                task.msg_total += 1;
                if d.status == DeliveryStatus::Online {
                    task.msg_online += 1;
                }
            }
        }
        self.ledger.push(push);
    }
}

/// Generates unique hex strings: md5 over a per-server seed and a counter.
#[derive(Debug)]
struct IdGen {
    seed: u64,
    counter: u64,
    yymm: String,
}

impl IdGen {
    fn new(seed: u64) -> Self {
        IdGen {
            seed,
            counter: 0,
            yymm: yymm_now(),
        }
    }

    /// `n` (<= 32) lowercase hex digits, unique for this generator.
    fn hex(&mut self, n: usize) -> String {
        self.counter += 1;
        let mut h = Md5::new();
        h.update(self.seed.to_le_bytes());
        h.update(self.counter.to_le_bytes());
        let mut s = hex(&h.finalize());
        s.truncate(n.min(32));
        s
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

/// Milliseconds since the Unix epoch (wall clock).
pub(crate) fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// `yyMM` of today (UTC), as in task ids such as `OSL-2211_…`.
fn yymm_now() -> String {
    let days = (now_ms() / 86_400_000) as i64;
    let (y, m, _) = getui_model::calendar::civil_from_days(days);
    format!("{:02}{:02}", y.rem_euclid(100), m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_shaped() {
        let mut s = State::new(vec![MockApp::default()], UnknownClientPolicy::Online, 7);
        let a = s.new_task_id("OSS");
        let b = s.new_task_id("OSS");
        assert_ne!(a, b);
        assert_eq!(a.len(), "OSS-2211_aaaf2c251fa3d742b1ab58".len());
        let t = s.new_token(DEFAULT_APP_KEY);
        assert_eq!(t.len(), 64);
        assert!(s.token_valid(&t, DEFAULT_APP_KEY));
        assert!(!s.token_valid(&t, "other"));
    }
}
