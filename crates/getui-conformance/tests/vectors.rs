//! The conformance run inside `cargo test`: every vector of `tests/vectors` through both
//! clients, and checks that the runner reports a difference where one exists.

use getui_conformance::cli::{print_summary, run_all};
use getui_conformance::run::{run_vector, ClientMode, Vector, VectorSet};
use getui_conformance::vectors::legacy_dir;
use serde_json::Value;

#[test]
fn every_judged_vector_passes_through_both_clients() {
    let set = VectorSet::load(&legacy_dir()).expect("vectors");
    let summary = run_all(&set, &[ClientMode::Async, ClientMode::Blocking], None);
    print_summary(&summary);
    assert_eq!(summary.failed, 0, "{:#?}", summary.failures);
    let apart: usize = summary.apart.values().map(Vec::len).sum();
    assert_eq!(summary.passed + apart, set.vectors.len());
    assert!(
        summary.passed > 150,
        "only {} vectors judged",
        summary.passed
    );
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
    let set = VectorSet::load(&legacy_dir()).unwrap();
    let mut v = vector(&set, "single_transmission_minimal");
    assert!(run_one(&set, &v).is_empty());
    v.doc["requests"][0]["body"]["pushNetWorkType"] = Value::from(1);
    let diffs = run_one(&set, &v);
    assert!(
        diffs
            .iter()
            .any(|d| d.starts_with("request[0].body.pushNetWorkType: expected 1, got 0")),
        "{diffs:#?}"
    );
    // Strict JSON types: `false` is not `0`.
    let mut v = vector(&set, "single_transmission_minimal");
    v.doc["requests"][0]["body"]["isOffline"] = Value::from(0);
    let diffs = run_one(&set, &v);
    assert!(
        diffs
            .iter()
            .any(|d| d.starts_with("request[0].body.isOffline")),
        "{diffs:#?}"
    );
}

#[test]
fn a_changed_protobuf_byte_is_located_in_the_decoded_tree() {
    let set = VectorSet::load(&legacy_dir()).unwrap();
    let mut v = vector(&set, "single_transmission_minimal");
    // Expect templateId 5 instead of 4: the last byte of the Transparent.
    let pb = &mut v.doc["requests"][0]["protobuf"]["clientData"];
    pb["base64"] = Value::from(
        "CgASC3B1c2htZXNzYWdlGgAiFk9yYWNsZUFwcEtleTAwMDAwMDAwMDEqFk9yYWNsZUFwcElkMDAwMDAwMDAwMDEyADoEWAFoAUIHCAEQABiuTkIZCK5OEAMYZOIIAOoIBgoAEgAaAPAIAPgIZEIECGQQB0oAUAU=",
    );
    pb["decoded"]["templateId"] = Value::from(5);
    let diffs = run_one(&set, &v);
    assert!(
        diffs
            .iter()
            .any(|d| d.contains("request[0].body.clientData: protobuf bytes differ")),
        "{diffs:#?}"
    );
    assert!(
        diffs
            .iter()
            .any(|d| d
                .starts_with("request[0].body.clientData.decoded.templateId: expected 5, got 4")),
        "{diffs:#?}"
    );
}

#[test]
fn an_extra_or_missing_request_and_a_wrong_header_are_reported() {
    let set = VectorSet::load(&legacy_dir()).unwrap();
    let mut v = vector(&set, "flow_sign_error_gzip");
    v.doc["requests"][2]["headers"]["Content-Encoding"] = Value::Null;
    let diffs = run_one(&set, &v);
    assert!(
        diffs.iter().any(|d| d
            .starts_with("request[2].headers.Content-Encoding: expected (absent), got \"gzip\"")),
        "{diffs:#?}"
    );
    let mut v = vector(&set, "flow_sign_error_gzip");
    v.doc["requests"].as_array_mut().unwrap().pop();
    let diffs = run_one(&set, &v);
    assert!(
        diffs.iter().any(|d| d.starts_with("requests: expected 2")),
        "{diffs:#?}"
    );
}

#[test]
fn a_raise_the_rust_sdk_does_not_reproduce_is_reported() {
    let set = VectorSet::load(&legacy_dir()).unwrap();
    // Pretend the official SDK raised on this valid single push: Rust sending it must be flagged.
    let mut v = vector(&set, "single_transmission_minimal");
    v.doc["result"] = serde_json::json!({"$error": {"type": "ValueError", "message": "x"}});
    let diffs = run_one(&set, &v);
    assert!(
        diffs
            .iter()
            .any(|d| d.starts_with("result: the official SDK raised")),
        "{diffs:#?}"
    );
}

/// Where the official SDK crashed on valid input, the Rust SDK does the intended thing.
#[test]
fn where_the_official_sdk_crashed_on_valid_input_rust_sends_the_correct_request() {
    let set = VectorSet::load(&legacy_dir()).unwrap();
    // `pushAPNMessageToSingle` can never send on Python 3.9+ (`base64.encodestring`, defect 2);
    // `apn_single_patched` records what the same call sends once that is repaired.
    let patched = vector(&set, "apn_single_patched");
    let mut crashed = vector(&set, "apn_single");
    assert_eq!(crashed.doc["input"], patched.doc["input"]);
    assert!(crashed.doc["result"].get("$error").is_some());
    crashed.doc["requests"] = patched.doc["requests"].clone();
    crashed.doc["result"] = patched.doc["result"].clone();
    assert_eq!(run_one(&set, &crashed), Vec::<String>::new());
    // `getBatch()` always raises TypeError (defect 3); `client.batch()` works and sends nothing
    // by itself.
    let mut get_batch = vector(&set, "batch_getbatch_bug");
    get_batch.doc["result"] = Value::Null;
    assert_eq!(run_one(&set, &get_batch), Vec::<String>::new());
}
