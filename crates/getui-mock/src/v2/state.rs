//! The v2 part of the in-memory state: tokens, tasks, the request-id ledger and badges.
//!
//! Users (clients, aliases, custom tags, black list, online status) are shared with the
//! legacy protocol: one app has one user base whichever API generation touches it.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use getui_model::v2::push::PushRequest;
use serde_json::Value;
use tokio::time::Instant;

use crate::state::{Delivery, DeliveryStatus, RequestIdStats};

/// The default lifetime of a v2 token: one day, as the service (`expire_time` = call time +
/// 1 day).
pub(crate) const DEFAULT_TOKEN_LIFETIME: Duration = Duration::from_secs(86_400);
/// The default largest difference between an auth `timestamp` and the mock's clock.
pub(crate) const DEFAULT_TIMESTAMP_SKEW: Duration = Duration::from_secs(600);

/// What kind of push created a task.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum V2TaskKind {
    /// toSingle: M1–M4, M11 (task ids `RASS_…`).
    Single,
    /// toList: a message stored by M5 and pushed by M6, M7, M12 (task ids `RASL_…`).
    List,
    /// toApp: M8 (all), M9 (tag), M10 (fast custom tag) (task ids `RASA_…`).
    App,
}

/// The state of a task.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum V2TaskState {
    /// Created (delivered, or waiting for its schedule time).
    Active,
    /// Stopped by `DELETE /task/{taskid}` (T1): list pushes of it are refused.
    Stopped,
    /// A scheduled task deleted by `DELETE /task/schedule/{taskid}` (T3) before it was sent.
    ScheduleDeleted,
}

/// A v2 task as the mock knows it (see [`MockServer::v2_task`](crate::MockServer::v2_task)).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct V2Task {
    /// The task id (`RASS_…`, `RASL_…`, `RASA_…`).
    pub task_id: String,
    /// The app id.
    pub app_id: String,
    /// What created it.
    pub kind: V2TaskKind,
    /// The endpoint that created it (one of [`V2_ENDPOINTS`](crate::V2_ENDPOINTS)).
    pub endpoint: &'static str,
    /// The message: the push request as received (for a list task, the message stored by
    /// M5).
    pub message: Arc<PushRequest>,
    /// `group_name` of the message.
    pub group_name: Option<String>,
    /// `settings.schedule_time` of a scheduled toApp push (ms); nothing is delivered for it.
    pub schedule_time: Option<i64>,
    /// Active, stopped or deleted.
    pub state: V2TaskState,
    /// Creation time (epoch ms).
    pub created_ms: u64,
    /// Deliveries so far (every client reached, all list pushes of a list task included).
    pub deliveries: Vec<Delivery>,
}

impl V2Task {
    /// Deliveries with status `status`.
    pub fn count(&self, status: DeliveryStatus) -> usize {
        self.deliveries
            .iter()
            .filter(|d| d.status == status)
            .count()
    }
}

/// One accepted v2 push: an entry of the ledger (see
/// [`MockServer::v2_pushes`](crate::MockServer::v2_pushes)).
///
/// A push repeating a known `request_id` of its app is answered like the first one and adds
/// nothing (it counts in [`V2LedgerStats::duplicates`]); so "delivered twice" shows up as two
/// entries with one request id. A batch push (M3/M4) adds one entry per `msg_list` item.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct V2Push {
    /// Position in the ledger (0-based, acceptance order).
    pub seq: u64,
    /// The endpoint (one of [`V2_ENDPOINTS`](crate::V2_ENDPOINTS)).
    pub endpoint: &'static str,
    /// The app id.
    pub app_id: String,
    /// The `request_id` (none for the list pushes M6, M7, M12, which carry a `taskid`).
    pub request_id: Option<String>,
    /// The task id answered.
    pub task_id: String,
    /// The message pushed (for list pushes, the message stored by M5).
    pub message: Arc<PushRequest>,
    /// Every client reached (empty for a scheduled push).
    pub deliveries: Vec<Delivery>,
    /// Index of the host that accepted it.
    pub host: usize,
    /// When it was accepted.
    pub at: Instant,
}

/// Ledger totals (see [`MockServer::v2_ledger`](crate::MockServer::v2_ledger)).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct V2LedgerStats {
    /// Pushes accepted (ledger entries).
    pub accepted: usize,
    /// Distinct request ids accepted.
    pub request_ids: usize,
    /// Pushes refused as repeats of a known request id (answered like the first, not
    /// delivered again).
    pub duplicates: usize,
    /// Request ids accepted more than once (0 unless the mock is broken).
    pub accepted_twice: usize,
    /// Clients reached, over all pushes.
    pub deliveries: usize,
}

#[derive(Clone, Debug)]
pub(crate) struct Token {
    pub app_id: String,
    pub expires: Instant,
}

/// The v2 state of one mock.
#[derive(Debug)]
pub(crate) struct V2State {
    /// token → app id and expiry
    pub tokens: HashMap<String, Token>,
    pub token_lifetime: Duration,
    pub timestamp_skew: Option<Duration>,
    /// Tokens issued.
    pub auth_count: usize,
    /// Auth requests refused (bad sign, timestamp, appkey).
    pub auth_refused: usize,
    pub tasks: HashMap<String, V2Task>,
    /// (app id, request id) → the `data` answered when it was accepted.
    pub dedup: HashMap<(String, String), Option<Value>>,
    pub request_ids: HashMap<String, RequestIdStats>,
    pub duplicates: usize,
    pub ledger: Vec<V2Push>,
    /// task id → ledger positions
    pub by_task: HashMap<String, Vec<usize>>,
    /// (app id, cid) → badge
    pub badges: HashMap<(String, String), i64>,
}

impl Default for V2State {
    fn default() -> Self {
        V2State {
            tokens: HashMap::new(),
            token_lifetime: DEFAULT_TOKEN_LIFETIME,
            timestamp_skew: Some(DEFAULT_TIMESTAMP_SKEW),
            auth_count: 0,
            auth_refused: 0,
            tasks: HashMap::new(),
            dedup: HashMap::new(),
            request_ids: HashMap::new(),
            duplicates: 0,
            ledger: Vec::new(),
            by_task: HashMap::new(),
            badges: HashMap::new(),
        }
    }
}

impl V2State {
    /// Appends to the ledger and to the task's deliveries.
    pub(crate) fn accept(&mut self, mut push: V2Push) {
        push.seq = self.ledger.len() as u64;
        if let Some(rid) = &push.request_id {
            self.request_ids.entry(rid.clone()).or_default().accepted += 1;
        }
        if let Some(task) = self.tasks.get_mut(&push.task_id) {
            task.deliveries.extend(push.deliveries.iter().cloned());
        }
        self.by_task
            .entry(push.task_id.clone())
            .or_default()
            .push(self.ledger.len());
        self.ledger.push(push);
    }

    pub(crate) fn stats(&self) -> V2LedgerStats {
        V2LedgerStats {
            accepted: self.ledger.len(),
            request_ids: self.request_ids.values().filter(|s| s.accepted > 0).count(),
            duplicates: self.duplicates,
            accepted_twice: self.request_ids.values().filter(|s| s.accepted > 1).count(),
            deliveries: self.ledger.iter().map(|p| p.deliveries.len()).sum(),
        }
    }
}
