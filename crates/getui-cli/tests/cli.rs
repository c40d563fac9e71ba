//! The real `getui` binary against getui-mock started in the test: push (both protocols),
//! report, token, user/alias/tag, --dry-run, --output json, profiles, every exit code, and the
//! master secret absent from every output.

mod common;

use common::{assert_no_secret, getui, json, mock, run, temp_dir, APP_ID, APP_KEY, SECRET};
use getui_mock::Fault;
use serde_json::Value;

#[test]
fn push_v2_by_cid_and_alias() {
    let server = mock();
    let (stdout, _) = run(
        getui(&server).args([
            "push",
            "--cid",
            "cid-1",
            "--title",
            "Your order",
            "--body",
            "has shipped",
            "--ttl",
            "3600000",
            "--request-id",
            "cli-test-push-0001",
        ]),
        0,
    );
    assert!(stdout.contains("cid-1 successed_online"), "{stdout}");
    assert!(
        stdout.contains("request id: cli-test-push-0001"),
        "{stdout}"
    );
    let pushed = server
        .v2_push("cli-test-push-0001")
        .expect("the mock got the push");
    assert_eq!(pushed.endpoint, "POST /push/single/cid");
    assert_eq!(pushed.deliveries.len(), 1);
    let message = serde_json::to_value(&*pushed.message).unwrap();
    assert_eq!(
        message["push_message"]["notification"]["title"],
        "Your order"
    );
    assert_eq!(message["settings"]["ttl"], 3_600_000);

    // By alias, as a transmission, JSON output parsed.
    run(getui(&server).args(["alias", "bind", "cid-2", "alice"]), 0);
    let (stdout, _) = run(
        getui(&server).args([
            "push",
            "--alias",
            "alice",
            "--payload",
            r#"{"order": 42}"#,
            "--output",
            "json",
        ]),
        0,
    );
    let v = json(&stdout);
    assert_eq!(v["protocol"], "v2");
    let id = v["request_id"].as_str().unwrap();
    let pushed = server.v2_push(id).unwrap();
    assert_eq!(pushed.endpoint, "POST /push/single/alias");
    assert_eq!(pushed.deliveries[0].client_id, "cid-2");
    let (task, cids) = v["result"].as_object().unwrap().iter().next().unwrap();
    assert_eq!(task, &pushed.task_id);
    assert_eq!(cids["cid-2"], "successed_online");
}

#[test]
fn push_full_request_from_json_stdin() {
    let server = mock();
    let body = r#"{"push_message": {"notification": {"title": "T", "body": "B", "click_type": "url", "url": "https://example.com"}},
                  "push_channel": {"android": {"ups": {"notification": {"title": "T", "body": "B", "click_type": "startapp"}}}},
                  "request_id": "cli-test-json-0001"}"#;
    run(
        getui(&server)
            .args(["push", "--cid", "cid-1", "--json", "-"])
            .write_stdin(body),
        0,
    );
    let pushed = server.v2_push("cli-test-json-0001").unwrap();
    let message = serde_json::to_value(&*pushed.message).unwrap();
    assert_eq!(
        message["push_channel"]["android"]["ups"]["notification"]["click_type"],
        "startapp"
    );
    assert_eq!(
        message["push_message"]["notification"]["url"],
        "https://example.com"
    );
}

#[test]
fn push_legacy_templates() {
    let server = mock();
    let (stdout, _) = run(
        getui(&server).args([
            "push", "--legacy", "--cid", "cid-1", "--title", "Hi", "--body", "there",
        ]),
        0,
    );
    assert!(stdout.contains("successed_online"), "{stdout}");
    let (stdout, _) = run(
        getui(&server).args([
            "push",
            "--legacy",
            "--template",
            "transmission",
            "--cid",
            "cid-1",
            "--payload",
            "data",
            "--output",
            "json",
        ]),
        0,
    );
    let v = json(&stdout);
    assert_eq!(
        (v["protocol"].as_str(), v["template"].as_str()),
        (Some("legacy"), Some("transmission"))
    );
    assert_eq!(v["status"], "successed_online");
    let pushes = server.accepted_pushes();
    assert_eq!(pushes.len(), 2, "{pushes:?}");
    assert!(server
        .requests_for("pushMessageToSingleAction")
        .iter()
        .any(|r| { r.param("requestId").and_then(Value::as_str) == v["request_id"].as_str() }));
    // The link template needs --url: a usage error, nothing sent.
    let before = server.request_count();
    let (_, stderr) = run(
        getui(&server).args([
            "push",
            "--legacy",
            "--template",
            "link",
            "--cid",
            "c",
            "--title",
            "a",
            "--body",
            "b",
        ]),
        2,
    );
    assert!(stderr.contains("--url"), "{stderr}");
    assert_eq!(server.request_count(), before);
}

#[test]
fn report_of_a_task() {
    let server = mock();
    let (stdout, _) = run(
        getui(&server).args([
            "push",
            "--cid",
            "cid-1",
            "--payload",
            "x",
            "--output",
            "json",
        ]),
        0,
    );
    let v = json(&stdout);
    let task = v["result"]
        .as_object()
        .unwrap()
        .keys()
        .next()
        .unwrap()
        .clone();
    let (stdout, _) = run(
        getui(&server).args(["report", &task, "--output", "json"]),
        0,
    );
    let report = json(&stdout);
    assert!(report.get(&task).is_some(), "{report}");
    let (text, _) = run(getui(&server).args(["report", &task]), 0);
    assert!(
        text.lines().all(|l| l.starts_with(&format!("{task}."))),
        "{text}"
    );
}

#[test]
fn token_prints_the_expiry_not_the_token() {
    let server = mock();
    let (stdout, _) = run(getui(&server).arg("token"), 0);
    assert!(stdout.starts_with("token valid until "), "{stdout}");
    assert!(!stdout.contains("token:"), "{stdout}");
    assert_eq!(server.v2_auth_count(), 1);

    let (stdout, _) = run(getui(&server).args(["token", "--output", "json"]), 0);
    let v = json(&stdout);
    assert!(v.get("token").is_none(), "{v}");
    assert!(v["expires_in_s"].as_u64().unwrap() > 3600, "{v}");
    assert!(v["expires_at"].as_str().unwrap().ends_with('Z'));

    let (stdout, _) = run(
        getui(&server).args(["token", "--show-token", "--output", "json"]),
        0,
    );
    let token = json(&stdout)["token"].as_str().unwrap().to_owned();
    assert!(!token.is_empty());
    // The printed token is a live one: it is accepted, and can be expired.
    assert!(server.expire_v2_token(&token));
}

#[test]
fn users_aliases_and_tags() {
    let server = mock();
    run(getui(&server).args(["alias", "bind", "cid-1", "bob"]), 0);
    let (stdout, _) = run(
        getui(&server).args(["alias", "query", "--alias", "bob", "--output", "json"]),
        0,
    );
    assert!(
        json(&stdout)["cids"].to_string().contains("cid-1"),
        "{stdout}"
    );
    let (stdout, _) = run(getui(&server).args(["alias", "query", "--cid", "cid-1"]), 0);
    assert!(stdout.contains("bob"), "{stdout}");
    run(getui(&server).args(["alias", "unbind", "cid-1", "bob"]), 0);
    assert!(server.alias_clients(APP_ID, "bob").is_empty());

    run(
        getui(&server).args(["tag", "set", "cid-1", "vip", "beta"]),
        0,
    );
    assert_eq!(server.client_tags(APP_ID, "cid-1"), ["vip", "beta"]);
    let (stdout, _) = run(
        getui(&server).args(["tag", "query", "cid-1", "--output", "json"]),
        0,
    );
    assert_eq!(json(&stdout)["cid-1"], serde_json::json!(["vip", "beta"]));
    run(
        getui(&server).args(["tag", "add", "gold", "cid-1", "cid-2"]),
        0,
    );
    assert!(server
        .client_tags(APP_ID, "cid-2")
        .contains(&"gold".to_owned()));
    run(getui(&server).args(["tag", "remove", "gold", "cid-2"]), 0);
    assert!(!server
        .client_tags(APP_ID, "cid-2")
        .contains(&"gold".to_owned()));

    server.add_client(APP_ID, "cid-off", false);
    let (stdout, _) = run(
        getui(&server).args(["user", "status", "cid-off", "--output", "json"]),
        0,
    );
    assert_eq!(json(&stdout)["cid-off"]["status"], "offline", "{stdout}");
}

/// The body of the request printed for `path` by a text dry run.
fn printed_body<'a>(stdout: &'a str, path: &str) -> &'a str {
    let start = stdout
        .find(&format!("POST {path}"))
        .unwrap_or_else(|| panic!("no POST {path} in\n{stdout}"));
    let request = &stdout[start..];
    let body_start = request.find("\n\n").unwrap() + 2;
    let body = &request[body_start..];
    body.split('\n').next().unwrap()
}

#[test]
fn dry_run_sends_nothing_and_prints_what_a_send_delivers() {
    let server = mock();
    let args = [
        "push",
        "--cid",
        "cid-1",
        "--title",
        "Sale",
        "--body",
        "today only",
        "--payload",
        r#"{"sku": 7}"#,
        "--request-id",
        "cli-test-dry-0001",
    ];
    let (stdout, stderr) = run(getui(&server).args(args).arg("--dry-run"), 0);
    assert_eq!(server.request_count(), 0, "a dry run reached the mock");
    assert!(stderr.contains("nothing sent"), "{stderr}");
    let base = server.v2_base_url();
    // The auth request: sign redacted; then the push with the token redacted.
    let auth = printed_body(&stdout, &format!("{base}/v2/{APP_ID}/auth"));
    let auth: Value = serde_json::from_str(auth).unwrap();
    assert_eq!(
        (auth["sign"].as_str(), auth["appkey"].as_str()),
        (Some("***"), Some(APP_KEY))
    );
    assert!(stdout.contains("token: ***\n"), "{stdout}");
    let printed = printed_body(&stdout, &format!("{base}/v2/{APP_ID}/push/single/cid")).to_owned();

    // The same command for real: the mock receives exactly the printed body.
    run(getui(&server).args(args), 0);
    let sent = server.requests_for("POST /push/single/cid");
    assert_eq!(sent.len(), 1);
    assert_eq!(std::str::from_utf8(&sent[0].body).unwrap(), printed);

    // JSON: one document with every request.
    let before = server.request_count();
    let (stdout, _) = run(
        getui(&server)
            .args(args)
            .args(["--dry-run", "--output", "json"]),
        0,
    );
    assert_eq!(server.request_count(), before);
    let v = json(&stdout);
    assert_eq!(v["dry_run"], true);
    let requests = v["requests"].as_array().unwrap();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[1]["method"], "POST");
    assert_eq!(requests[1]["headers"]["token"], "***");
    assert_eq!(
        requests[1]["body"],
        serde_json::from_str::<Value>(&printed).unwrap()
    );

    // Every sending command has it: legacy push, push-list, alias, tag.
    let dir = temp_dir("dry-run");
    let ids = dir.join("ids.txt");
    std::fs::write(
        &ids,
        (0..2500).map(|i| format!("cid-{i}\n")).collect::<String>(),
    )
    .unwrap();
    let before = server.request_count();
    let (stdout, _) = run(
        getui(&server).args([
            "push",
            "--legacy",
            "--cid",
            "c",
            "--payload",
            "p",
            "--dry-run",
        ]),
        0,
    );
    assert!(stdout.contains(r#""authToken": "***""#), "{stdout}");
    let (stdout, _) = run(
        getui(&server)
            .args([
                "push-list",
                "--title",
                "a",
                "--body",
                "b",
                "--dry-run",
                "--output",
                "json",
                "--cids",
            ])
            .arg(&ids),
        0,
    );
    let requests = json(&stdout)["requests"].as_array().unwrap().clone();
    // auth, the list message, three list pushes of 1000, 1000 and 500 ids
    assert_eq!(requests.len(), 5);
    assert_eq!(
        requests[4]["body"]["audience"]["cid"]
            .as_array()
            .unwrap()
            .len(),
        500
    );
    assert!(
        !dir.join("ids.txt.getui-state.json").exists(),
        "a dry run writes no state"
    );
    run(
        getui(&server).args(["alias", "bind", "c", "a", "--dry-run"]),
        0,
    );
    run(
        getui(&server).args(["tag", "set", "c", "t", "--dry-run"]),
        0,
    );
    assert_eq!(server.request_count(), before, "a dry run reached the mock");
}

#[test]
fn exit_codes() {
    let server = mock();
    // 0: ok (and help, version).
    run(
        getui(&server).args(["push", "--cid", "cid-1", "--payload", "x"]),
        0,
    );
    run(getui(&server).arg("--help"), 0);
    run(getui(&server).arg("--version"), 0);

    // 1: the service answered with an error: code, message and request id printed.
    server
        .inject(Fault::Answer(
            serde_json::json!({"code": 20001, "msg": "target user is invalid"}),
        ))
        .on_action("POST /push/single/cid")
        .times(1)
        .install();
    let (_, stderr) = run(
        getui(&server).args([
            "push",
            "--cid",
            "cid-1",
            "--payload",
            "x",
            "--request-id",
            "cli-test-err-0001",
        ]),
        1,
    );
    assert!(stderr.contains("20001"), "{stderr}");
    assert!(stderr.contains("target user is invalid"), "{stderr}");
    assert!(stderr.contains("request id: cli-test-err-0001"), "{stderr}");
    server
        .inject(Fault::Answer(
            serde_json::json!({"code": 20001, "msg": "target user is invalid"}),
        ))
        .on_action("POST /push/single/cid")
        .times(1)
        .install();
    let (stdout, _) = run(
        getui(&server).args([
            "push",
            "--cid",
            "cid-1",
            "--payload",
            "x",
            "--request-id",
            "cli-test-err-0002",
            "--output",
            "json",
        ]),
        1,
    );
    let e = &json(&stdout)["error"];
    assert_eq!(
        (e["kind"].as_str(), e["code"].as_str()),
        (Some("api"), Some("20001"))
    );
    assert_eq!(e["request_id"], "cli-test-err-0002");
    assert_eq!(e["exit_code"], 1);
    // A wrong secret is an API error too (the service refuses the auth).
    run(
        getui(&server)
            .env("GETUI_MASTER_SECRET", "not-the-secret-at-all")
            .args(["push", "--cid", "cid-1", "--payload", "x"]),
        1,
    );

    // 2: usage and validation errors; nothing sent.
    let before = server.request_count();
    run(getui(&server).args(["push", "--cid", "cid-1"]), 2); // nothing to push
    run(
        getui(&server).args(["push", "--title", "t", "--body", "b"]),
        2,
    ); // no target
    run(
        getui(&server).args([
            "push",
            "--cid",
            "c",
            "--payload",
            "x",
            "--ttl",
            "999999999999",
        ]),
        2,
    );
    run(getui(&server).args(["push", "--no-such-flag"]), 2);
    run(getui(&server).arg("report"), 2);
    run(
        getui(&server)
            .env_remove("GETUI_APP_ID")
            .args(["push", "--cid", "c", "--payload", "x"]),
        2,
    );
    assert_eq!(server.request_count(), before);
    let (stdout, _) = run(
        getui(&server).args([
            "push",
            "--cid",
            "c",
            "--payload",
            "x",
            "--ttl",
            "-5",
            "--output",
            "json",
        ]),
        2,
    );
    assert_eq!(json(&stdout)["error"]["kind"], "usage");

    // 3: transport: nothing listens there.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let (_, stderr) = run(
        getui(&server)
            .env("GETUI_V2_BASE_URL", format!("http://127.0.0.1:{port}"))
            .args(["push", "--cid", "c", "--payload", "x"]),
        3,
    );
    assert!(stderr.contains("transport error"), "{stderr}");
}

#[test]
fn profile_file_with_secret_command() {
    let server = mock();
    let dir = temp_dir("profile");
    let config = dir.join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[default]\napp_id = \"wrong\"\n\n[test]\napp_id = \"{APP_ID}\"\napp_key = \"{APP_KEY}\"\n\
             secret_command = \"printf '%s\\\\n' {SECRET}\"\nbase_url = \"{}\"\n",
            server.v2_base_url()
        ),
    )
    .unwrap();
    let mut cmd = common::bare();
    cmd.args(["token", "--profile", "test", "--config"])
        .arg(&config);
    let (stdout, _) = run(&mut cmd, 0);
    assert!(stdout.starts_with("token valid until"), "{stdout}");

    // The default profile from ~/.config/getui/config.toml; flags and variables win over it.
    let home = dir.join("home");
    std::fs::create_dir_all(home.join(".config/getui")).unwrap();
    std::fs::copy(&config, home.join(".config/getui/config.toml")).unwrap();
    let mut cmd = common::bare();
    cmd.env("HOME", &home).env("GETUI_PROFILE", "test").args([
        "push",
        "--cid",
        "cid-1",
        "--payload",
        "x",
    ]);
    run(&mut cmd, 0);
    let mut cmd = common::bare();
    cmd.env("HOME", &home)
        .args([
            "token",
            "--app-id",
            APP_ID,
            "--app-key",
            APP_KEY,
            "--base-url",
        ])
        .arg(server.v2_base_url())
        .env("GETUI_MASTER_SECRET", SECRET);
    run(&mut cmd, 0);
    // An unknown profile, a failing secret command: usage errors.
    let mut cmd = common::bare();
    cmd.args(["token", "--profile", "nope", "--config"])
        .arg(&config);
    run(&mut cmd, 2);
    let mut cmd = common::bare();
    cmd.args([
        "token",
        "--profile",
        "test",
        "--secret-command",
        "exit 3",
        "--config",
    ])
    .arg(&config);
    run(&mut cmd, 2);
}

#[test]
fn mock_subcommand_prints_working_variables() {
    use std::io::{BufRead, BufReader};
    let bin = assert_cmd::cargo::cargo_bin("getui");
    let mut child = std::process::Command::new(bin)
        .args(["mock", "--port", "0"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut vars = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        if let Some(kv) = line.strip_prefix("export ") {
            let (k, v) = kv.split_once('=').unwrap();
            vars.push((k.to_owned(), v.to_owned()));
            if k == "GETUI_CID" {
                break;
            }
        }
    }
    let names: Vec<&str> = vars.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        names,
        [
            "GETUI_APP_ID",
            "GETUI_APP_KEY",
            "GETUI_MASTER_SECRET",
            "GETUI_V2_BASE_URL",
            "GETUI_HOST",
            "GETUI_CID"
        ]
    );
    let mut cmd = common::bare();
    cmd.envs(vars.iter().cloned())
        .args(["push", "--cid", "cid-1", "--title", "a", "--body", "b"]);
    let output = cmd.output().unwrap();
    let mut legacy = common::bare();
    legacy.envs(vars.iter().cloned()).args([
        "push",
        "--legacy",
        "--cid",
        "cid-1",
        "--payload",
        "p",
    ]);
    let legacy_output = legacy.output().unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(output.status.success(), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("successed_online"));
    assert!(legacy_output.status.success(), "{legacy_output:?}");
}

#[test]
fn secret_never_printed_by_errors_or_debug_paths() {
    let server = mock();
    // A secret command that also writes the secret to stderr is the command's own business
    // (it goes to the terminal); what getui itself prints never holds it, even when the
    // service echoes it back in an error message.
    server
        .inject(Fault::Answer(
            serde_json::json!({"code": 20001, "msg": format!("bad {SECRET}")}),
        ))
        .on_action("POST /push/single/cid")
        .times(2)
        .install();
    let (_, stderr) = run(
        getui(&server).args(["push", "--cid", "c", "--payload", "x"]),
        1,
    );
    assert!(stderr.contains("bad ***"), "{stderr}");
    let (stdout, _) = run(
        getui(&server).args(["push", "--cid", "c", "--payload", "x", "--output", "json"]),
        1,
    );
    assert_no_secret(&stdout);
    assert!(stdout.contains("bad ***"), "{stdout}");
}

#[test]
fn migrate_a_legacy_message() {
    let dir = temp_dir("migrate");
    let file = dir.join("legacy.json");
    let legacy = |offline: u64| {
        format!(
            r#"{{"message": {{"class": "IGtSingleMessage", "isOffline": true, "offlineExpireTime": {offline},
                 "data": {{"class": "LinkTemplate", "title": "Sale", "text": "50% off", "url": "https://example.com/sale"}}}},
                "target": {{"class": "Target", "appId": "APPID", "clientId": "cid-1"}}}}"#
        )
    };
    std::fs::write(&file, legacy(7_200_000)).unwrap();
    let mut cmd = common::bare();
    cmd.arg("migrate").arg(&file);
    let (stdout, stderr) = run(&mut cmd, 0);
    assert_eq!(
        json(&stdout),
        serde_json::json!({
            "audience": {"cid": ["cid-1"]},
            "settings": {"ttl": 7200000},
            "push_message": {"notification": {"title": "Sale", "body": "50% off",
                                              "click_type": "url", "url": "https://example.com/sale"}}
        })
    );
    assert!(
        stderr.contains("v2 call: POST /push/single/cid"),
        "{stderr}"
    );
    assert!(!stderr.contains("not carried over"), "{stderr}");

    // Four days offline: v2 keeps at most three; listed, and --strict makes it an error.
    let text = legacy(4 * 86_400_000);
    let mut cmd = common::bare();
    cmd.args(["migrate", "-", "--quiet"])
        .write_stdin(text.clone());
    let (_, stderr) = run(&mut cmd, 0);
    assert!(
        stderr.contains("not carried over: offlineExpireTime (out_of_range)"),
        "{stderr}"
    );
    let mut cmd = common::bare();
    cmd.args(["migrate", "-", "--strict", "--output", "json"])
        .write_stdin(text);
    let (stdout, _) = run(&mut cmd, 2);
    let docs: Vec<Value> = serde_json::Deserializer::from_str(&stdout)
        .into_iter::<Value>()
        .map(Result::unwrap)
        .collect();
    assert_eq!(docs[0]["endpoint"], "push_single_by_cid");
    assert_eq!(docs[0]["unmapped"][0]["field"], "offlineExpireTime");
    assert_eq!(docs[1]["error"]["kind"], "usage");

    let mut cmd = common::bare();
    cmd.args(["migrate", "-"])
        .write_stdin("{\"not\": \"a message\"}");
    run(&mut cmd, 2);
}
