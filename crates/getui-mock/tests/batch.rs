//! Batch single push (`pushMessageToSingleBatchAction`) with the golden vector's `singleDatas`.

mod common;

use common::*;
use getui_conformance::vectors;
use getui_mock::{DecodedProtobuf, MockServer};
use serde_json::{json, Value};

/// The `singleDatas` of the first request of the golden vector `name` (tests/vectors, through
/// the one loader of the vectors, getui-conformance's).
fn recorded_single_datas(name: &str) -> String {
    let vector = vectors::load_named(&vectors::legacy_dir(), name).expect("vector");
    vector.requests()[0]["body"]["singleDatas"]
        .as_str()
        .expect("singleDatas")
        .to_owned()
}

/// The `singleDatas` the Python SDK sent for two items (seqId 0 and 1, one client).
fn golden_single_datas() -> String {
    recorded_single_datas("batch_two_items")
}

fn batch_body(token: &str, request_id: &str) -> Value {
    batch_body_with(token, request_id, &golden_single_datas())
}

fn batch_body_with(token: &str, request_id: &str, single_datas: &str) -> Value {
    with_auth(
        json!({"requestId": request_id, "appkey": getui_mock::DEFAULT_APP_KEY,
               "action": "pushMessageToSingleBatchAction", "serialize": "pb", "async": false,
               "singleDatas": single_datas}),
        token,
    )
}

/// The `singleDatas` of an empty submit: a `SingleBatchRequest` with only the batch id
/// (vector `batch_submit_empty`).
fn empty_single_datas() -> String {
    recorded_single_datas("batch_submit_empty")
}

#[tokio::test]
async fn a_batch_answers_per_item_and_retries_are_deduplicated() {
    let server = MockServer::start().await;
    let c = client();
    let token = connect(&c, &server).await;
    // batches are sent gzip-compressed
    let reply = send(
        &c,
        api_request(&server.api_url(), &batch_body(&token, "batch-1"), true),
    )
    .await
    .unwrap();
    assert!(reply.gzip());
    let answer = reply.json();
    assert_eq!(answer["result"], "ok", "{answer}");
    let info = answer["info"].as_object().unwrap();
    assert_eq!(info.keys().collect::<Vec<_>>(), ["0", "1"]);
    for item in info.values() {
        assert_eq!(item["result"], "ok");
        assert_eq!(item["status"], "successed_online");
        assert!(item["taskId"].as_str().unwrap().starts_with("OSS-"));
    }
    let ledger = server.accepted_pushes();
    assert_eq!(ledger.len(), 1);
    assert_eq!(ledger[0].deliveries.len(), 2);
    assert_eq!(ledger[0].task_id, None);

    // Batch.retry() re-sends the same body: answered again, not pushed again
    let again = send(
        &c,
        api_request(&server.api_url(), &batch_body(&token, "batch-1"), true),
    )
    .await
    .unwrap()
    .json();
    assert_eq!(again, answer);
    assert_eq!(server.accepted_pushes().len(), 1);
    assert_eq!(server.request_id_stats("batch-1").submitted, 2);

    let rec = &server.requests_for("pushMessageToSingleBatchAction")[0];
    let pb = rec.protobuf("singleDatas").unwrap();
    let Ok(DecodedProtobuf::SingleBatchRequest(batch)) = &pb.decoded else {
        panic!("not decoded: {:?}", pb.decoded);
    };
    assert_eq!(
        batch.batch_id.as_deref(),
        Some("00000000-0000-0000-0000-000000000000")
    );
    let seq_ids: Vec<_> = batch.batch_item.iter().map(|i| i.seq_id).collect();
    assert_eq!(seq_ids, [Some(0), Some(1)]);
}

#[tokio::test]
async fn a_batch_item_for_an_unknown_client() {
    let server = MockServer::builder()
        .unknown_clients(getui_mock::UnknownClientPolicy::Reject)
        .start()
        .await;
    let c = client();
    let token = connect(&c, &server).await;
    let answer = post_json(&c, &server.api_url(), &batch_body(&token, "b")).await;
    assert_eq!(answer["result"], "ok");
    assert_eq!(answer["info"]["0"]["result"], "TokenMD5NoUsers");
    assert!(server.accepted_pushes()[0].deliveries.is_empty());
}

#[tokio::test]
async fn a_batch_that_cannot_be_decoded_is_refused() {
    let server = MockServer::start().await;
    let c = client();
    let token = connect(&c, &server).await;
    let mut broken = batch_body(&token, "c");
    broken["singleDatas"] = json!("not base64!");
    let answer = post_json(&c, &server.api_url(), &broken).await;
    assert_eq!(answer["result"], "Error");
    assert_eq!(server.acceptance_count("c"), 0);
}

#[tokio::test]
async fn an_empty_batch_is_accepted_with_an_empty_info() {
    let server = MockServer::start().await;
    let c = client();
    let token = connect(&c, &server).await;
    let body = batch_body_with(&token, "empty-1", &empty_single_datas());
    let reply = send(&c, api_request(&server.api_url(), &body, true))
        .await
        .unwrap();
    assert_eq!(reply.json(), json!({"result": "ok", "info": {}}));
    // Accepted once (a retry is answered again, not accepted again), delivering nothing.
    let again = post_json(&c, &server.api_url(), &body).await;
    assert_eq!(again, json!({"result": "ok", "info": {}}));
    assert_eq!(server.acceptance_count("empty-1"), 1);
    let ledger = server.accepted_pushes();
    assert_eq!(ledger.len(), 1);
    assert!(ledger[0].deliveries.is_empty());
    let rec = &server.requests_for("pushMessageToSingleBatchAction")[0];
    let Ok(DecodedProtobuf::SingleBatchRequest(batch)) =
        &rec.protobuf("singleDatas").unwrap().decoded
    else {
        panic!("not decoded");
    };
    assert_eq!(
        batch.batch_id.as_deref(),
        Some("00000000-0000-0000-0000-000000000000")
    );
    assert!(batch.batch_item.is_empty());
}
