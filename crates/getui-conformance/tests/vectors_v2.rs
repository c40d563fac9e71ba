//! The REST v2 conformance run inside `cargo test`: every vector of `tests/vectors-v2` through
//! both clients, and checks that the runner reports a difference where one exists.

use getui_conformance::capture::CaptureWriter;
use getui_conformance::cli::print_summary;
use getui_conformance::run::{ClientMode, Vector};
use getui_conformance::v2::run::{apart_tag, run_vector, VectorSet};
use getui_conformance::v2::{is_v2_folder, run_all};
use getui_conformance::vectors::{legacy_dir, v2_dir};
use serde_json::Value;
use std::io::Write;

#[test]
fn every_judged_v2_vector_passes_through_both_clients() {
    let set = VectorSet::load(&v2_dir()).expect("vectors");
    let summary = run_all(&set, &[ClientMode::Async, ClientMode::Blocking], None);
    print_summary(&summary);
    assert_eq!(summary.failed, 0, "{:#?}", summary.failures);
    let untagged = set
        .vectors
        .iter()
        .filter(|v| apart_tag(v).is_none())
        .count();
    assert_eq!(summary.passed, untagged);
    let apart: usize = summary.apart.values().map(Vec::len).sum();
    assert_eq!(summary.passed + apart, set.vectors.len());
}

#[test]
fn the_folder_format_is_detected() {
    assert!(is_v2_folder(&v2_dir()));
    assert!(!is_v2_folder(&legacy_dir()));
}

fn run_one(set: &VectorSet, vector: &Vector) -> Vec<String> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
        .block_on(run_vector(set, vector, ClientMode::Async))
        .differences
}

fn vector(set: &VectorSet, name: &str) -> Vector {
    set.vectors
        .iter()
        .find(|v| v.name == name)
        .cloned()
        .expect("vector present")
}

#[test]
fn a_changed_json_member_is_reported_with_its_path() {
    let set = VectorSet::load(&v2_dir()).unwrap();
    let mut v = vector(&set, "push_single_cid_rich");
    assert_eq!(run_one(&set, &v), Vec::<String>::new());
    v.doc["requests"][1]["body"]["settings"]["ttl"] = Value::from(3_600_000.0);
    let diffs = run_one(&set, &v);
    assert!(
        diffs
            .iter()
            .any(|d| d.starts_with("request[1].body.settings.ttl: expected 3600000.0, got 3600000")),
        "{diffs:#?}"
    );
    let mut v = vector(&set, "push_single_cid_rich");
    v.doc["requests"][1]["headers"]["token"] = Value::from("<token#2>");
    let diffs = run_one(&set, &v);
    assert!(
        diffs
            .iter()
            .any(|d| d.starts_with("request[1].headers.token")),
        "{diffs:#?}"
    );
}

#[test]
fn a_missing_request_is_reported() {
    let set = VectorSet::load(&v2_dir()).unwrap();
    let mut v = vector(&set, "auth_token_expired_reauth");
    v.doc["requests"].as_array_mut().unwrap().pop();
    let diffs = run_one(&set, &v);
    assert!(
        diffs.iter().any(|d| d.starts_with("requests: expected 3")),
        "{diffs:#?}"
    );
}

/// A `Write` into a shared buffer.
#[derive(Clone, Default)]
struct Shared(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

impl Write for Shared {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn the_capture_has_a_marker_then_one_line_per_request() {
    let mut set = VectorSet::load(&v2_dir()).unwrap();
    set.vectors.retain(|v| v.name == "auth_close_given");
    let out = Shared::default();
    let mut writer = CaptureWriter::new(Box::new(out.clone()) as Box<dyn Write>);
    run_all(&set, &[ClientMode::Async], Some(&mut writer));
    let text = String::from_utf8(out.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines[0], serde_json::json!({"vector": "auth_close_given"}));
    assert_eq!(lines.len(), 3, "{text}");
    assert_eq!(lines[1]["method"], "POST");
    assert_eq!(lines[1]["path"], "/v2/OracleV2AppId000000001/auth");
    assert_eq!(lines[1]["query"], "");
    assert_eq!(lines[1]["body"]["appkey"], "OracleV2AppKey00000001");
    assert_eq!(lines[1]["response"]["status"], 200);
    assert!(lines[1]["response"]["json"]["data"]["token"].is_string());
    assert_eq!(lines[2]["method"], "DELETE");
}

/// Sends one recorded request (placeholders filled) the way the official SDK did, over a new
/// connection; returns the status and JSON answer, or `None` when the connection was dropped.
async fn send_recorded(
    addr: &str,
    request: &Value,
    tokens: &[String],
) -> Option<(u16, Option<Value>)> {
    use getui_conformance::v2::compare::with_tokens;
    use getui_conformance::v2::replay::sha256_hex;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut body = request["bodyText"].as_str().unwrap_or_default().to_owned();
    if body.contains("<timestamp-ms-string>") {
        let ts = "1700000000000";
        let appkey = request["body"]["appkey"].as_str().unwrap_or_default();
        let secret = request["signCheck"]["masterSecret"]
            .as_str()
            .unwrap_or_default();
        let sign = sha256_hex(&format!("{appkey}{ts}{secret}"));
        body = body
            .replace("<timestamp-ms-string>", ts)
            .replace("<sign>", &sign);
    }
    let body = with_tokens(&body, tokens);
    let target = match request["requestTarget"].as_str() {
        Some(t) => with_tokens(t, tokens),
        None => {
            let q = request["query"].as_str().unwrap_or_default();
            let path = with_tokens(request["path"].as_str().unwrap(), tokens);
            if q.is_empty() {
                path
            } else {
                format!("{path}?{q}")
            }
        }
    };
    let mut head = format!(
        "{} {target} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n",
        request["method"].as_str().unwrap()
    );
    if let Some(t) = request["headers"]["token"].as_str() {
        head.push_str(&format!("token: {}\r\n", with_tokens(t, tokens)));
    }
    head.push_str(&format!(
        "Content-Type: application/json;charset=UTF-8\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    ));
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(head.as_bytes()).await.unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out).await;
    if out.is_empty() {
        return None;
    }
    let text = String::from_utf8_lossy(&out).into_owned();
    let status: u16 = text[9..12].parse().unwrap();
    let (_, body) = text.split_once("\r\n\r\n").unwrap();
    Some((status, serde_json::from_str(body).ok()))
}

/// The mock server's default rules and script handling give, for the requests the official SDK
/// sent, exactly the answers the recorder gave: replaying every public vector's recorded
/// requests must get its recorded responses, and the runner's comparison must accept them.
#[test]
fn the_mock_server_answers_the_recorded_requests_as_recorded() {
    use getui_conformance::v2::replay::ReplayServer;
    let set = VectorSet::load(&v2_dir()).unwrap();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let mut problems = Vec::new();
    for v in &set.vectors {
        rt.block_on(async {
            let (server, doc) = ReplayServer::start(&v.doc, &set.api).await.unwrap();
            let addr = server.base().trim_start_matches("http://").to_owned();
            for (i, r) in doc["requests"].as_array().unwrap().iter().enumerate() {
                let tokens = server.answered_tokens();
                let got = send_recorded(&addr, r, &tokens).await;
                let want = &r["response"];
                let same = match &got {
                    None => want["dropped"] == true,
                    Some((status, json)) => {
                        Some(u64::from(*status)) == want["status"].as_u64()
                            && (want.get("json").is_none() || json.as_ref() == want.get("json"))
                    }
                };
                if !same {
                    problems.push(format!(
                        "{} request[{i}]: got {got:?}, recorded {want}",
                        v.name
                    ));
                }
            }
            let received = server.received();
            let tokens = server.answered_tokens();
            for (i, (exp, got)) in doc["requests"]
                .as_array()
                .unwrap()
                .iter()
                .zip(&received)
                .enumerate()
            {
                for d in getui_conformance::v2::compare::compare_request(i, exp, got, &tokens) {
                    problems.push(format!("{}: {d}", v.name));
                }
            }
        });
    }
    assert!(problems.is_empty(), "{problems:#?}");
}
