//! Load with faults: 20,000 single pushes at concurrency 64 through one async client against a
//! mock with three hosts, while host 0 dies (its port refuses connections and every open
//! connection is cut) and comes back, and the auth token expires twice.
//!
//! Every push must end in exactly one recorded acceptance or in a returned error (which then
//! names its `requestId`, accepted at most once): no silent loss, no duplicate. Each expiry
//! costs exactly one `connect`, whatever the number of callers that saw `sign_error`.

#![cfg(feature = "async")]

mod reliability_common;

use getui::transport::{Health, HostRanking};
use getui::Error;
use getui_mock::MockServer;
use reliability_common::*;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;
use tokio::time::Instant;

/// The number of pushes (measured: about 12 s for the whole test in a debug build on the
/// 2-core machine, see RELIABILITY.md).
const PUSHES: usize = 20_000;
/// Concurrent callers.
const CONCURRENCY: usize = 64;
/// Host 0 dies when this push starts…
const KILL_AT: usize = 4_000;
/// …and comes back when this one starts (the hosts are ranked again right after).
const REVIVE_AT: usize = 10_000;
/// The auth token expires when these pushes start (one while host 0 is dead, one after).
const EXPIRE_AT: [usize; 2] = [7_000, 14_000];

enum Outcome {
    Ok(String),
    Err(Error),
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn twenty_thousand_pushes_through_a_dying_host_and_two_token_expiries() {
    bounded(async {
        let server = Arc::new(
            MockServer::builder()
                .hosts(3)
                // Hosts 1 and 2 are slower, so host 0 ranks first whenever it is up.
                .host_latency(1, Duration::from_millis(5))
                .host_latency(2, Duration::from_millis(10))
                .start()
                .await,
        );
        let relay = Arc::new(Relay::start(server.host_addr(0)).await);
        server.set_os_list(vec![
            relay.api_url(),
            server.host_api_url(1),
            server.host_api_url(2),
        ]);
        let client = getui::Client::builder(APP_KEY, SECRET)
            .config(|c| {
                c.host(server.serviceex_url())
                    .probe(true)
                    .connect_timeout(Duration::from_secs(5))
                    .request_timeout(Duration::from_secs(10))
                    .max_attempts(3)
            })
            .build()
            .unwrap();
        let ranking = client.refresh_hosts().await.unwrap();
        assert_eq!(ranking.hosts[0].url, relay.api_url(), "{ranking:?}");

        let next = Arc::new(AtomicUsize::new(0));
        let outcomes = Arc::new(Mutex::new(Vec::with_capacity(PUSHES)));
        let killed_at = Arc::new(std::sync::Mutex::new(None::<Instant>));
        let revived_ranking = Arc::new(std::sync::Mutex::new(None::<HostRanking>));
        let message = Arc::new(single("load"));
        let mut workers = tokio::task::JoinSet::new();
        for _ in 0..CONCURRENCY {
            let (client, server, relay) = (client.clone(), server.clone(), relay.clone());
            let (next, outcomes, message) = (next.clone(), outcomes.clone(), message.clone());
            let (killed_at, revived_ranking) = (killed_at.clone(), revived_ranking.clone());
            workers.spawn(async move {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= PUSHES {
                        break;
                    }
                    if i == KILL_AT {
                        relay.kill().await;
                        *killed_at.lock().unwrap() = Some(Instant::now());
                    }
                    if i == REVIVE_AT {
                        relay.revive().await;
                        let ranking = client.refresh_hosts().await.expect("ranking after revival");
                        *revived_ranking.lock().unwrap() = Some(ranking);
                    }
                    if EXPIRE_AT.contains(&i) {
                        server.expire_tokens();
                    }
                    let target = cid(&format!("load-{}", i % 500));
                    let outcome = match client.push_to_single(&message, &target).await {
                        Ok(result) => Outcome::Ok(result.task_id.expect("a task id")),
                        Err(e) => Outcome::Err(e),
                    };
                    outcomes.lock().await.push(outcome);
                }
            });
        }
        while let Some(joined) = workers.join_next().await {
            joined.expect("a worker panicked");
        }
        let outcomes = Arc::try_unwrap(outcomes).ok().unwrap().into_inner();
        assert_eq!(outcomes.len(), PUSHES);

        // The ledger: every accepted single push, with its requestId and task id.
        let ledger: Vec<_> = server
            .accepted_pushes()
            .into_iter()
            .filter(|p| p.action == SINGLE)
            .collect();
        let by_request = ledger_by_request_id(&server); // panics on any duplicate
        let mut by_task: HashMap<String, usize> = HashMap::new();
        for push in &ledger {
            assert!(push.request_id.is_some(), "a single push without requestId");
            *by_task
                .entry(push.task_id.clone().expect("a task id"))
                .or_default() += 1;
        }

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
                    let id = e.request_id().expect("a failed push names its requestId");
                    let accepted = by_request.get(id).copied().unwrap_or(0);
                    assert!(accepted <= 1);
                    errors_accepted += accepted;
                    errors.push(e.to_string());
                }
            }
        }
        // No acceptance that no caller knows of, none counted twice.
        assert_eq!(
            ledger.len(),
            ok + errors_accepted,
            "ledger entries must match the outcomes one to one"
        );
        assert_eq!(by_task.len(), ledger.len(), "task ids are unique");

        // One connect for the first sign_error, one per expiry.
        let connects = server.requests_for("connect").len();
        assert_eq!(connects, 1 + EXPIRE_AT.len(), "connects");

        // The dying host carried the pushes before it died (it ranks first when all are idle),
        // and the ranking right after it came back has it up again (which host then wins
        // depends on latencies under load).
        let killed = killed_at.lock().unwrap().expect("host 0 was killed");
        let before_kill = ledger.iter().filter(|p| p.at < killed).count();
        let on_host_0 = ledger
            .iter()
            .filter(|p| p.at < killed && p.host == 0)
            .count();
        assert!(on_host_0 > 0, "host 0 never carried a push");
        let ranking = revived_ranking
            .lock()
            .unwrap()
            .clone()
            .expect("ranked after revival");
        let relay_status = ranking
            .hosts
            .iter()
            .find(|h| h.url == relay.api_url())
            .expect("host 0 is still in the list");
        assert_eq!(relay_status.health, Health::Up, "{ranking:?}");
        let resent_after_acceptance = by_request
            .keys()
            .filter(|id| server.request_id_stats(id).submitted > 1)
            .count();
        let sign_errors = server
            .requests_for(SINGLE)
            .iter()
            .filter(|r| r.result() == Some("sign_error"))
            .count();
        println!(
            "{PUSHES} pushes: {ok} accepted, {} errors ({errors_accepted} of them accepted \
             before the error), {connects} connects, {sign_errors} sign_error answers, \
             {} single-push requests in all, {resent_after_acceptance} pushes re-sent after \
             their acceptance (answered from the ledger), {on_host_0} of {before_kill} pushes before the \
             kill on host 0; errors: {:?}",
            errors.len(),
            server.requests_for(SINGLE).len(),
            errors.iter().take(5).collect::<Vec<_>>()
        );
    })
    .await;
}
