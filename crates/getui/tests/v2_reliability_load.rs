//! REST v2 load with faults: single pushes at concurrency 64 through one async v2 client
//! against a mock with two hosts, while host 0 dies mid-run (its port refuses connections and
//! every open connection is cut, whatever was in flight) and the auth token is expired twice
//! by force (`expire_v2_tokens`).
//!
//! Every push must end in exactly one ledger entry or in a returned error that names its
//! `request_id` (accepted at most once): nothing lost, nothing delivered twice. Each expiry
//! costs exactly one auth, however many callers saw 10001.
//!
//! `cargo test` runs 2,000 pushes (a few seconds in a debug build); the full run of the issue
//! is `GETUI_V2_LOAD_PUSHES=20000 cargo test --release -p getui --test v2_reliability_load --
//! --nocapture` (figures in RELIABILITY.md).

#![cfg(feature = "async")]

mod reliability_common;

use getui::model::v2::push::{PushMessage, PushRequest};
use getui::Error;
use getui_mock::MockServer;
use reliability_common::{bounded, Relay, APP_ID, APP_KEY, SECRET};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;

const SINGLE: &str = "POST /push/single/cid";
/// Pushes in `cargo test` (override with `GETUI_V2_LOAD_PUSHES`).
const DEFAULT_PUSHES: usize = 2_000;
/// Concurrent callers.
const CONCURRENCY: usize = 64;
/// Host 0 dies when the push at this fraction (per cent) of the run starts…
const KILL_AT_PERCENT: usize = 20;
/// …and the token is expired when these start.
const EXPIRE_AT_PERCENT: [usize; 2] = [35, 70];

enum Outcome {
    Ok(String),
    Err(Error),
}

fn pushes() -> usize {
    std::env::var("GETUI_V2_LOAD_PUSHES")
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(DEFAULT_PUSHES)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn v2_pushes_through_a_dying_host_and_two_token_expiries() {
    bounded(async {
        let total = pushes();
        let kill_at = total * KILL_AT_PERCENT / 100;
        let expire_at = EXPIRE_AT_PERCENT.map(|p| total * p / 100);
        let server = Arc::new(MockServer::builder().hosts(2).start().await);
        let relay = Arc::new(Relay::start(server.host_addr(0)).await);
        let client = getui::v2::Client::builder(APP_ID, APP_KEY, SECRET)
            .base_urls([relay.base_url(), server.v2_base_urls()[1].clone()])
            .connect_timeout(Duration::from_secs(5))
            .request_timeout(Duration::from_secs(10))
            .max_attempts(3)
            .build()
            .unwrap();

        let started = Instant::now();
        let next = Arc::new(AtomicUsize::new(0));
        let outcomes = Arc::new(Mutex::new(Vec::with_capacity(total)));
        let killed_at = Arc::new(Mutex::new(None::<Instant>));
        let message = PushMessage::transmission("load");
        let mut workers = tokio::task::JoinSet::new();
        for _ in 0..CONCURRENCY {
            let (client, server, relay) = (client.clone(), server.clone(), relay.clone());
            let (next, outcomes, killed_at) = (next.clone(), outcomes.clone(), killed_at.clone());
            let message = message.clone();
            workers.spawn(async move {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= total {
                        break;
                    }
                    if i == kill_at {
                        relay.kill().await;
                        *killed_at.lock().unwrap() = Some(Instant::now());
                    }
                    if expire_at.contains(&i) {
                        server.expire_v2_tokens();
                    }
                    // No request_id: the client generates one and keeps it on every re-send.
                    let request = PushRequest::new()
                        .cid(format!("load-{}", i % 500))
                        .push_message(message.clone());
                    let outcome = match client.push_to_single_by_cid(&request).await {
                        Ok(result) => Outcome::Ok(result.keys().next().expect("a task").clone()),
                        Err(e) => Outcome::Err(e),
                    };
                    outcomes.lock().unwrap().push(outcome);
                }
            });
        }
        while let Some(joined) = workers.join_next().await {
            joined.expect("a worker panicked");
        }
        let elapsed = started.elapsed();
        let outcomes = std::mem::take(&mut *outcomes.lock().unwrap());
        assert_eq!(outcomes.len(), total);

        // The ledger: every accepted push, by request id and by task id.
        let ledger = server.v2_pushes();
        let stats = server.v2_ledger();
        assert_eq!(stats.accepted_twice, 0, "a request_id was accepted twice");
        let mut by_request: HashMap<String, usize> = HashMap::new();
        let mut by_task: HashMap<String, usize> = HashMap::new();
        for push in &ledger {
            assert_eq!(push.endpoint, SINGLE);
            let id = push.request_id.clone().expect("a push without request_id");
            assert_eq!(id.len(), 32, "a generated request_id: {id}");
            *by_request.entry(id).or_default() += 1;
            *by_task.entry(push.task_id.clone()).or_default() += 1;
        }
        let duplicated = by_request.values().filter(|n| **n > 1).count();
        assert_eq!(duplicated, 0, "request ids in the ledger more than once");

        let (mut ok, mut errors, mut errors_accepted) = (0usize, Vec::new(), 0usize);
        for outcome in &outcomes {
            match outcome {
                Outcome::Ok(task) => {
                    ok += 1;
                    assert_eq!(
                        by_task.get(task),
                        Some(&1),
                        "a successful push must be in the ledger exactly once: {task}"
                    );
                }
                Outcome::Err(e) => {
                    let id = e.request_id().expect("a failed push names its request_id");
                    let accepted = by_request.get(id).copied().unwrap_or(0);
                    errors_accepted += accepted;
                    errors.push(e.to_string());
                }
            }
        }
        // Nothing lost: every push is accounted for, and the ledger holds nothing else.
        let lost = total - ok - errors.len();
        assert_eq!(lost, 0);
        assert_eq!(
            ledger.len(),
            ok + errors_accepted,
            "ledger entries must match the outcomes one to one"
        );
        assert_eq!(by_task.len(), ledger.len(), "task ids are unique");

        // One auth for the first call, one per forced expiry.
        let auths = server.v2_auth_count();
        assert_eq!(auths, 1 + EXPIRE_AT_PERCENT.len(), "auths");

        // The dying host carried pushes before it died; the other one after.
        let killed = killed_at.lock().unwrap().expect("host 0 was killed");
        let on_host_0 = ledger
            .iter()
            .filter(|p| p.at < killed && p.host == 0)
            .count();
        assert!(on_host_0 > 0, "host 0 never carried a push");
        let after_on_host_1 = ledger
            .iter()
            .filter(|p| p.at > killed && p.host == 1)
            .count();
        assert!(after_on_host_1 > 0, "host 1 carried nothing after the kill");

        let requests = server.requests_for(SINGLE);
        let expired_answers = requests.iter().filter(|r| r.code() == Some(10001)).count();
        println!(
            "{total} v2 pushes at concurrency {CONCURRENCY} in {:.1} s: {ok} accepted, {} errors \
             ({errors_accepted} of them accepted before the error), lost {lost}, duplicated \
             {duplicated}, {auths} auths, {expired_answers} answers 10001, {} single-push \
             requests in all, {} re-sends answered from the ledger, {on_host_0} pushes on host 0 \
             before it died, {after_on_host_1} on host 1 after; errors: {:?}",
            elapsed.as_secs_f64(),
            errors.len(),
            requests.len(),
            stats.duplicates,
            errors.iter().take(5).collect::<Vec<_>>()
        );
    })
    .await;
}
