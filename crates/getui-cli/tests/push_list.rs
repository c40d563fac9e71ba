//! `getui push-list` with 25,000 ids against getui-mock: every id received exactly once (the
//! mock's ledger), also after an interruption (`--stop-after-chunks`) and `--resume`; a real
//! kill of the child mid-campaign: no id twice, and any id not received is in the chunk the
//! resumed run reports as uncertain.

mod common;

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

use common::{getui, json, mock, run, temp_dir};
use getui_mock::MockServer;
use serde_json::Value;

const IDS: usize = 25_000;

fn write_ids(path: &Path) {
    let mut text = String::with_capacity(IDS * 12);
    for i in 0..IDS {
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
    write_ids(&ids);
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

#[test]
fn killed_mid_campaign_then_resumed_sends_no_chunk_twice() {
    let server = mock();
    server.set_host_latency(0, Duration::from_millis(20));
    let dir = temp_dir("push-list-kill");
    let ids = dir.join("ids.txt");
    write_ids(&ids);
    let state = dir.join("ids.txt.getui-state.json");

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
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let done = std::fs::read(&state)
            .ok()
            .and_then(|b| serde_json::from_slice::<Value>(&b).ok())
            .and_then(|v| v["chunks_done"].as_u64())
            .unwrap_or(0);
        if done >= 5 {
            break;
        }
        assert!(Instant::now() < deadline, "the campaign did not progress");
        assert!(
            child.try_wait().unwrap().is_none(),
            "finished before the kill"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    server.set_host_latency(0, Duration::ZERO);

    let (stdout, _) = run(
        getui(&server)
            .args(["push-list", "--resume", "--output", "json", "--cids"])
            .arg(&ids)
            .args(MESSAGE),
        0,
    );
    let report = json(&stdout);
    assert_eq!(report["complete"], true);
    let taskid = report["taskid"].as_str().unwrap();
    let uncertain = report["uncertain"].as_array().unwrap();
    assert!(uncertain.len() <= 1, "{report}");

    let seen = deliveries(&server, taskid);
    assert!(seen.values().all(|n| *n == 1), "an id was delivered twice");
    // Ids never received are exactly within the chunk reported as uncertain.
    let missing = IDS - seen.len();
    let uncertain_ids: u64 = uncertain.iter().map(|u| u["ids"].as_u64().unwrap()).sum();
    assert!(
        missing as u64 <= uncertain_ids,
        "{missing} missing, {report}"
    );
    if missing > 0 {
        let lines = std::fs::read_to_string(&ids).unwrap();
        let lines: Vec<&str> = lines.lines().collect();
        let u = &uncertain[0];
        let (first, last) = (
            u["first_line"].as_u64().unwrap() as usize,
            u["last_line"].as_u64().unwrap() as usize,
        );
        for line in &lines[first - 1..last] {
            let id = line.trim();
            assert!(
                id.is_empty() || !seen.contains_key(id),
                "{id} was in an uncertain chunk yet delivered partly"
            );
        }
    }
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
