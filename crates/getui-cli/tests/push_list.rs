//! `getui push-list` with 25,000 ids against getui-mock: every id received exactly once (the
//! mock's ledger), also after an interruption (`--stop-after-chunks`) and `--resume`, and
//! after a real kill of the child while a list push is in flight (held by a mock fault):
//! unprocessed (its ids sent again), or delivered with the answer lost (not sent again), or
//! partly delivered (only the missing ids sent); the resumed run reconciles that chunk with
//! the service's task detail. A refused reconciliation sends nothing; `--skip-uncertain` then
//! skips the chunk (at most once).

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{getui, json, mock, run, temp_dir};
use getui::model::v2::audience::Audience;
use getui::model::v2::push::AudienceRequest;
use getui_mock::{BlockingMockServer, Fault, MockServer};
use serde_json::Value;

const IDS: usize = 25_000;

/// `n` ids `cid-0`, `cid-1`…, one per line, with a blank line after every 5000th.
fn write_ids(path: &Path, n: usize) {
    let mut text = String::with_capacity(n * 12);
    for i in 0..n {
        text.push_str(&format!("cid-{i}\n"));
        if i % 5000 == 0 {
            text.push_str("   \n"); // blank lines are skipped
        }
    }
    std::fs::write(path, text).unwrap();
}

/// How often each cid was delivered in the task's list pushes.
fn deliveries(server: &MockServer, taskid: &str) -> HashMap<String, usize> {
    let mut seen = HashMap::new();
    for push in server.v2_task_pushes(taskid) {
        assert_eq!(push.endpoint, "POST /push/list/cid");
        for d in &push.deliveries {
            *seen.entry(d.client_id.clone()).or_insert(0) += 1;
        }
    }
    seen
}

const MESSAGE: [&str; 4] = ["--title", "Sale", "--body", "today only"];

#[test]
fn every_id_exactly_once_with_stop_and_resume() {
    let server = mock();
    let dir = temp_dir("push-list-stop");
    let ids = dir.join("ids.txt");
    write_ids(&ids, IDS);
    let state = dir.join("ids.txt.getui-state.json");

    let (stdout, stderr) = run(
        getui(&server)
            .args([
                "push-list",
                "--stop-after-chunks",
                "12",
                "--output",
                "json",
                "--cids",
            ])
            .arg(&ids)
            .args(MESSAGE),
        0,
    );
    let first = json(&stdout);
    assert_eq!(first["stopped"], true);
    assert_eq!(first["chunks"].as_array().unwrap().len(), 12);
    // Not a terminal: plain progress lines on stderr.
    assert!(stderr.contains("push-list: 12000/25000 ids"), "{stderr}");
    let taskid = first["taskid"].as_str().unwrap().to_owned();
    let saved: Value = serde_json::from_slice(&std::fs::read(&state).unwrap()).unwrap();
    assert_eq!(
        (saved["chunks_done"].as_u64(), saved["ids_done"].as_u64()),
        (Some(12), Some(12_000))
    );
    assert_eq!(deliveries(&server, &taskid).len(), 12_000);

    // Without --resume the state file is not overwritten.
    run(
        getui(&server)
            .args(["push-list", "--cids"])
            .arg(&ids)
            .args(MESSAGE),
        2,
    );
    // Another message cannot resume this campaign.
    run(
        getui(&server)
            .args(["push-list", "--resume", "--cids"])
            .arg(&ids)
            .args(["--title", "Other", "--body", "message"]),
        2,
    );

    let (stdout, _) = run(
        getui(&server)
            .args(["push-list", "--resume", "--cids"])
            .arg(&ids)
            .args(MESSAGE),
        0,
    );
    assert!(
        stdout.starts_with(&format!("task id: {taskid}\n")),
        "{stdout}"
    );
    assert!(
        stdout.contains("chunks 1-12: 12000 ids done by an earlier run"),
        "{stdout}"
    );
    assert!(stdout.contains("chunk 13: lines "), "{stdout}");
    assert!(
        stdout.contains("total: 25000 ids in 25 chunks (complete): successed_online 25000"),
        "{stdout}"
    );

    let seen = deliveries(&server, &taskid);
    assert_eq!(seen.len(), IDS);
    assert!(seen.values().all(|n| *n == 1), "an id was delivered twice");
    assert_eq!(server.v2_task_pushes(&taskid).len(), 25);
    // One list message for the whole campaign.
    assert_eq!(server.requests_for("POST /push/list/message").len(), 1);
    // Every list push within the documented maximum.
    assert!(server
        .requests_for("POST /push/list/cid")
        .iter()
        .all(|r| r.params.as_ref().unwrap()["audience"]["cid"]
            .as_array()
            .unwrap()
            .len()
            <= 1000));

    // Resuming a complete campaign sends nothing.
    let before = server.request_count();
    run(
        getui(&server)
            .args(["push-list", "--resume", "--cids"])
            .arg(&ids)
            .args(MESSAGE),
        0,
    );
    let after: Vec<_> = server.requests().into_iter().skip(before).collect();
    assert!(after
        .iter()
        .all(|r| r.action.as_deref() != Some("POST /push/list/cid")));
}

const LIST_PUSH: &str = "POST /push/list/cid";
const TASK_DETAIL: &str = "GET /task/detail/{cid}/{taskid}";

/// The state file of the ids file `ids`, as JSON.
fn state_of(ids: &Path) -> Value {
    let state = ids.with_file_name("ids.txt.getui-state.json");
    serde_json::from_slice(&std::fs::read(state).unwrap()).unwrap()
}

/// Writes `n` ids in a fresh directory, starts `getui push-list` on them as a child process
/// against a fresh mock, waits until the mock has received the list push after
/// `chunks_before` that `fault` acts on (it never answers that one), and kills the child
/// there: the chunk of that push is in flight. Returns the mock, the ids file and the task id.
fn killed_campaign(
    name: &str,
    n: usize,
    fault: Fault,
    chunks_before: usize,
) -> (BlockingMockServer, PathBuf, String) {
    let server = mock();
    let ids = temp_dir(name).join("ids.txt");
    write_ids(&ids, n);
    let handle = server
        .inject(fault)
        .on_action(LIST_PUSH)
        .skip(chunks_before)
        .times(1)
        .install();
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("getui"));
    cmd.args(["push-list", "--quiet", "--cids"])
        .arg(&ids)
        .args(MESSAGE);
    for (k, v) in getui_env(&server) {
        cmd.env(k, v);
    }
    let mut child = cmd
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // The signal: the push the fault holds has reached the mock (and, for a fault acting
    // after processing, was processed). Polled, not slept on.
    let deadline = Instant::now() + Duration::from_secs(60);
    while !server
        .requests_for(LIST_PUSH)
        .iter()
        .any(|r| r.fault.is_some())
    {
        assert!(
            Instant::now() < deadline,
            "the held list push never arrived"
        );
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run ended before its list push was held"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(handle.hits(), 1);
    assert!(!handle.is_live());
    assert_eq!(
        server.requests_for(LIST_PUSH).len(),
        chunks_before + 1,
        "the run was killed while its list push was in flight"
    );
    let state = state_of(&ids);
    assert_eq!(state["in_flight"], chunks_before as u64 + 1, "{state}");
    assert_eq!(state["chunks_done"], chunks_before as u64, "{state}");
    let taskid = state["taskid"].as_str().unwrap().to_owned();
    (server, ids, taskid)
}

/// `getui push-list --resume` on `ids`: (stdout, stderr), exit code 0.
fn resume(server: &MockServer, ids: &Path) -> (String, String) {
    run(
        getui(server)
            .args(["push-list", "--resume", "--cids"])
            .arg(ids)
            .args(MESSAGE),
        0,
    )
}

/// Every one of the `n` ids of `write_ids` delivered exactly once in the task.
fn assert_each_id_once(server: &MockServer, taskid: &str, n: usize) {
    let seen = deliveries(server, taskid);
    let twice: Vec<_> = seen.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "delivered more than once: {twice:?}");
    let missing: Vec<String> = (0..n)
        .map(|i| format!("cid-{i}"))
        .filter(|id| !seen.contains_key(id))
        .collect();
    assert!(missing.is_empty(), "never delivered: {missing:?}");
    assert_eq!(seen.len(), n);
}

/// `text` contains `part` (else the test fails, showing `text`).
fn assert_contains(text: &str, part: &str) {
    assert!(text.contains(part), "{part:?} not in:\n{text}");
}

#[test]
fn killed_with_a_chunk_in_flight_then_resumed_delivers_every_id_once() {
    // The 6th list push reaches the mock and hangs there unprocessed: its ids were never
    // delivered, and the resumed run must send them.
    let (server, ids, taskid) = killed_campaign("push-list-kill-unprocessed", IDS, Fault::Hang, 5);
    assert_eq!(deliveries(&server, &taskid).len(), 5000);

    let (stdout, stderr) = resume(&server, &ids);
    assert_contains(&stderr, "push-list: reconciling chunk 6 (lines 5002-6002)");
    assert_contains(
        &stderr,
        "reconciling chunk 6: 0 of 1000 ids already delivered; sending the other 1000",
    );
    assert_contains(
        &stdout,
        "chunk 6: lines 5002-6002: 1000 ids in flight at the interruption, reconciled: 0 \
             already delivered, 1000 sent again: successed_online 1000",
    );
    assert_contains(&stdout, "chunks 1-5: 5000 ids done by an earlier run");
    assert_contains(
        &stdout,
        "total: 25000 ids in 25 chunks (complete): successed_online 25000",
    );
    assert_each_id_once(&server, &taskid, IDS);
    // 5 before the kill, the held one, the chunk sent again, 19 more.
    assert_eq!(server.requests_for(LIST_PUSH).len(), 26);
    assert_eq!(server.v2_task_pushes(&taskid).len(), 25);
    // Bounded: one task-detail query per id of the chunk in flight, none for the others.
    let queries = server.requests_for(TASK_DETAIL);
    assert_eq!(queries.len(), 1000);
    assert!(queries
        .iter()
        .all(|r| r.path.ends_with(&format!("/{taskid}"))));
    let saved = state_of(&ids);
    assert_eq!(saved["complete"], true);
    assert_eq!(saved["in_flight"], Value::Null);
}

#[test]
fn answer_lost_after_delivery_then_resumed_does_not_send_that_chunk_again() {
    // The 6th list push is delivered by the mock (its ledger has it) but the answer never
    // comes: the resumed run must learn that from the service and not send those ids again.
    let (server, ids, taskid) =
        killed_campaign("push-list-kill-delivered", IDS, Fault::HangAfterProcess, 5);
    assert_eq!(deliveries(&server, &taskid).len(), 6000);
    assert_eq!(server.v2_task_pushes(&taskid).len(), 6);

    let (stdout, stderr) = resume(&server, &ids);
    assert_contains(
        &stderr,
        "reconciling chunk 6: 1000 of 1000 ids already delivered; nothing to send again",
    );
    assert_contains(
        &stdout,
        "chunk 6: lines 5002-6002: 1000 ids in flight at the interruption, reconciled: \
             1000 already delivered, 0 sent again\n",
    );
    assert_contains(
        &stdout,
        "total: 25000 ids in 25 chunks (complete): successed_online 24000, already \
             delivered before an interruption 1000\n",
    );
    assert_each_id_once(&server, &taskid, IDS);
    // 5 before the kill, the held (delivered) one, 19 more: chunk 6 not sent again.
    assert_eq!(server.requests_for(LIST_PUSH).len(), 25);
    assert_eq!(server.v2_task_pushes(&taskid).len(), 25);
    assert_eq!(server.requests_for(TASK_DETAIL).len(), 1000);
}

#[test]
fn a_chunk_in_flight_partly_delivered_is_completed_with_the_ids_missing() {
    let n = 2500;
    let (server, ids, taskid) = killed_campaign("push-list-kill-partial", n, Fault::Hang, 1);
    // Some ids of chunk 2 (lines 1002-2001) reached the task another way (as if the service
    // had processed part of the request): every third one.
    let part: Vec<String> = (1000..2000)
        .filter(|i| i % 3 == 0)
        .map(|i| format!("cid-{i}"))
        .collect();
    let client =
        getui::v2::blocking::Client::builder(common::APP_ID, common::APP_KEY, common::SECRET)
            .base_url(server.v2_base_url())
            .build()
            .unwrap();
    client
        .push_list_by_cid(&AudienceRequest::new(
            taskid.clone(),
            Audience::Cid(part.clone()),
        ))
        .unwrap();

    let (stdout, stderr) = resume(&server, &ids);
    let k = part.len();
    assert_contains(
        &stderr,
        &format!(
            "reconciling chunk 2: {k} of 1000 ids already delivered; sending the other {}",
            1000 - k
        ),
    );
    assert_contains(
        &stdout,
        &format!(
            "total: 2500 ids in 3 chunks (complete): successed_online {}, already delivered \
             before an interruption {k}\n",
            2500 - k
        ),
    );
    assert_each_id_once(&server, &taskid, n);
    // The push sent again holds exactly the ids the service had no record of.
    let again = server
        .v2_task_pushes(&taskid)
        .into_iter()
        .find(|p| p.deliveries.len() == 1000 - k)
        .expect("the chunk's missing ids sent in one push");
    assert!(again
        .deliveries
        .iter()
        .all(|d| !part.contains(&d.client_id)));
}

#[test]
fn a_failed_reconciliation_sends_nothing_and_skip_uncertain_is_at_most_once() {
    let n = 2500;
    let (server, ids, taskid) = killed_campaign("push-list-kill-no-permission", n, Fault::Hang, 1);

    // The service refuses the task-detail query (the app lacks the permission).
    let refusal = server
        .inject(Fault::Answer(
            serde_json::json!({"code": 10004, "msg": "no permission"}),
        ))
        .on_action(TASK_DETAIL)
        .install();
    let pushes = server.requests_for(LIST_PUSH).len();
    let (_, stderr) = run(
        getui(&server)
            .args(["push-list", "--resume", "--cids"])
            .arg(&ids)
            .args(MESSAGE),
        1,
    );
    assert_contains(
        &stderr,
        "cannot reconcile chunk 2 (lines 1002-2001) with the service",
    );
    assert!(stderr.contains("--skip-uncertain"), "{stderr}");
    assert_eq!(server.requests_for(LIST_PUSH).len(), pushes, "nothing sent");
    // Bounded: the first refusal stops the queries (at most one per worker in flight).
    assert!(server.requests_for(TASK_DETAIL).len() <= 8);
    let saved = state_of(&ids);
    assert_eq!(saved["in_flight"], 2, "the chunk stays in flight: {saved}");
    refusal.remove();

    // --skip-uncertain: the chunk is not sent again, its lines are reported.
    run(
        getui(&server)
            .args(["push-list", "--skip-uncertain", "--cids"])
            .arg(&ids)
            .args(MESSAGE),
        2,
    );
    let (stdout, _) = run(
        getui(&server)
            .args([
                "push-list",
                "--resume",
                "--skip-uncertain",
                "--output",
                "json",
                "--cids",
            ])
            .arg(&ids)
            .args(MESSAGE),
        0,
    );
    let report = json(&stdout);
    assert_eq!(report["complete"], true);
    assert_eq!(
        report["uncertain"],
        serde_json::json!([{"index": 2, "first_line": 1002, "last_line": 2001, "ids": 1000}])
    );
    let seen = deliveries(&server, &taskid);
    assert!(seen.values().all(|n| *n == 1));
    assert_eq!(seen.len(), n - 1000);
    assert!((1000..2000).all(|i| !seen.contains_key(&format!("cid-{i}"))));
}

#[test]
fn ids_from_stdin_with_a_state_file() {
    let server = mock();
    let dir = temp_dir("push-list-stdin");
    let state = dir.join("state.json");
    let ids: String = (0..2345).map(|i| format!("s-{i}\n")).collect();
    let (stdout, _) = run(
        getui(&server)
            .args([
                "push-list",
                "--cids",
                "-",
                "--payload",
                "sync",
                "--output",
                "json",
                "--state",
            ])
            .arg(&state)
            .write_stdin(ids.clone()),
        0,
    );
    let report = json(&stdout);
    let sizes: Vec<u64> = report["chunks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["ids"].as_u64().unwrap())
        .collect();
    assert_eq!(sizes, [1000, 1000, 345]);
    assert_eq!(
        deliveries(&server, report["taskid"].as_str().unwrap()).len(),
        2345
    );
    // A second run over the same ids must say --resume; resumed, it sends nothing.
    run(
        getui(&server)
            .args(["push-list", "--cids", "-", "--payload", "sync", "--state"])
            .arg(&state)
            .write_stdin(ids.clone()),
        2,
    );
    run(
        getui(&server)
            .args([
                "push-list",
                "--resume",
                "--cids",
                "-",
                "--payload",
                "sync",
                "--state",
            ])
            .arg(&state)
            .write_stdin(ids),
        0,
    );
    assert_eq!(server.requests_for("POST /push/list/cid").len(), 3);
}

fn getui_env(server: &MockServer) -> Vec<(String, String)> {
    vec![
        ("GETUI_APP_ID".into(), common::APP_ID.into()),
        ("GETUI_APP_KEY".into(), common::APP_KEY.into()),
        ("GETUI_MASTER_SECRET".into(), common::SECRET.into()),
        ("GETUI_V2_BASE_URL".into(), server.v2_base_url()),
    ]
}
