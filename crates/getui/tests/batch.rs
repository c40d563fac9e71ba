//! Batch single pushes through both clients: one request per submit with a new requestId,
//! the batch id kept, items numbered from 0 again, and `retry` re-sending the last submit
//! unchanged so that the server accepts it once.

mod common;

use common::*;
use getui::answer::DeliveryStatus;
use getui::{ErrorKind, PushFlags};
use getui_mock::{DecodedProtobuf, Fault, MockServer, RecordedRequest};

const BATCH: &str = "pushMessageToSingleBatchAction";

/// The batch id and `(seqId, clientId)` of each item of a recorded submit.
fn decoded(request: &RecordedRequest) -> (String, Vec<(i32, String)>) {
    let param = request.protobuf("singleDatas").expect("singleDatas");
    let Ok(DecodedProtobuf::SingleBatchRequest(batch)) = &param.decoded else {
        panic!("not a SingleBatchRequest: {param:?}");
    };
    let items = batch
        .batch_item
        .iter()
        .map(|item| {
            let data: serde_json::Value =
                serde_json::from_str(item.data.as_deref().expect("data")).expect("JSON item");
            assert_eq!(data["action"], "pushMessageToSingleAction");
            assert_eq!(data["version"], "3.0.0.0");
            (
                item.seq_id.expect("seqId"),
                data["clientId"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    (batch.batch_id.clone().expect("batchId"), items)
}

fn set_up(server: &MockServer) {
    server.add_client(APP_ID, "c1", true);
    server.add_client(APP_ID, "c2", false);
}

/// What both clients must show after: submit of c1+c2, retry, submit of c1.
fn check_requests(server: &MockServer, batch_id: &str, first_id: &str, second_id: &str) {
    let sent = recorded(server, BATCH, 3);
    for r in &sent {
        assert!(r.gzip, "batches are sent gzip-compressed");
        assert_eq!(r.param_str("serialize"), Some("pb"));
        assert_eq!(r.param("async"), Some(&false.into()));
        assert_eq!(r.param_str("appkey"), Some(APP_KEY));
    }
    assert_eq!(sent[0].request_id(), Some(first_id));
    // The retry is the same request: same requestId, same batch id and items.
    assert_eq!(sent[1].request_id(), Some(first_id));
    assert_eq!(sent[1].param("singleDatas"), sent[0].param("singleDatas"));
    assert_eq!(sent[2].request_id(), Some(second_id));
    assert_ne!(first_id, second_id, "a new requestId per submit");

    let (id0, items0) = decoded(&sent[0]);
    assert_eq!(id0, batch_id);
    assert_eq!(items0, [(0, "c1".to_owned()), (1, "c2".to_owned())]);
    let (id2, items2) = decoded(&sent[2]);
    assert_eq!(id2, batch_id, "the batch id stays");
    assert_eq!(items2, [(0, "c1".to_owned())], "numbering starts again");

    // Accepted once per submit: the retry was de-duplicated.
    assert_eq!(server.acceptance_count(first_id), 1);
    assert_eq!(server.acceptance_count(second_id), 1);
    let batches = server
        .accepted_pushes()
        .into_iter()
        .filter(|p| p.action == BATCH)
        .count();
    assert_eq!(batches, 2);
}

#[tokio::test]
async fn async_batch_submit_retry_and_second_submit() {
    bounded(async {
        let server = MockServer::start().await;
        set_up(&server);
        let client = async_client(&server);
        client.connect().await.unwrap();
        let mut batch = client.batch();
        assert!(batch.is_empty() && batch.last_request_id().is_none());
        assert_eq!(batch.add(&single("one"), &cid("c1")).unwrap(), 1);
        assert_eq!(batch.add(&single("two"), &cid("c2")).unwrap(), 2);
        assert_eq!(batch.len(), 2);

        let result = batch.submit().await.unwrap();
        assert!(batch.is_empty());
        let first = batch.last_request_id().unwrap().to_owned();
        let statuses: Vec<_> = result
            .items
            .iter()
            .map(|i| (i.seq_id, i.status.clone()))
            .collect();
        assert_eq!(
            statuses,
            [
                (0, Some(DeliveryStatus::Online)),
                (1, Some(DeliveryStatus::Offline))
            ]
        );

        let again = batch.retry().await.unwrap();
        assert_eq!(again.items, result.items, "the first answer, repeated");
        assert_eq!(batch.last_request_id(), Some(first.as_str()));

        batch.add(&single("three"), &cid("c1")).unwrap();
        let third = batch.submit().await.unwrap();
        assert_eq!(third.items.len(), 1);
        let second = batch.last_request_id().unwrap().to_owned();
        check_requests(&server, batch.batch_id(), &first, &second);
    })
    .await;
}

#[test]
fn blocking_batch_submit_retry_and_second_submit() {
    let server = getui_mock::BlockingMockServer::start();
    set_up(&server);
    let client = blocking_client(&server.serviceex_url());
    client.connect().unwrap();
    let mut batch = client.batch();
    assert_eq!(batch.add(&single("one"), &cid("c1")).unwrap(), 1);
    assert_eq!(batch.add(&single("two"), &cid("c2")).unwrap(), 2);
    let result = batch.submit().unwrap();
    let first = batch.last_request_id().unwrap().to_owned();
    assert_eq!(result.items.len(), 2);
    let again = batch.retry().unwrap();
    assert_eq!(again.items, result.items);
    batch.add(&single("three"), &cid("c1")).unwrap();
    batch.submit().unwrap();
    let second = batch.last_request_id().unwrap().to_owned();
    check_requests(&server, batch.batch_id(), &first, &second);
}

#[tokio::test]
async fn a_submit_whose_answer_is_lost_is_retried_with_the_same_request() {
    bounded(async {
        let server = MockServer::start().await;
        set_up(&server);
        // One attempt per call: the test drives the retry itself.
        let client = getui::Client::builder(APP_KEY, SECRET)
            .config(|c| settings(c).host(server.serviceex_url()).max_attempts(1))
            .build()
            .unwrap();
        client.connect().await.unwrap();
        server
            .inject(Fault::DropAfterProcess)
            .on_action(BATCH)
            .times(1);
        let mut batch = client.batch();
        batch.add(&single("one"), &cid("c1")).unwrap();
        let err = batch.submit().await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Transport, "{err:?}");
        let id = err
            .request_id()
            .expect("the error names the request id")
            .to_owned();
        assert_eq!(batch.last_request_id(), Some(id.as_str()));
        assert!(err.is_retryable(), "{err:?}");
        assert_eq!(server.acceptance_count(&id), 1, "processed before the drop");

        let result = batch.retry().await.unwrap();
        assert_eq!(result.items.len(), 1);
        let sent = recorded(&server, BATCH, 2);
        assert!(sent.iter().all(|r| r.request_id() == Some(id.as_str())));
        assert_eq!(server.acceptance_count(&id), 1, "delivered once");
    })
    .await;
}

#[tokio::test]
async fn the_async_flag_comes_from_the_config_and_can_be_changed() {
    bounded(async {
        let server = MockServer::start().await;
        let client = getui::Client::builder(APP_KEY, SECRET)
            .config(|c| {
                settings(c)
                    .host(server.serviceex_url())
                    .flags(PushFlags::default().batch_async(true))
            })
            .build()
            .unwrap();
        client.connect().await.unwrap();
        let mut batch = client.batch();
        assert!(batch.is_async_push());
        batch.add(&single("x"), &cid("c1")).unwrap();
        batch.submit().await.unwrap();
        let mut sync = client.batch().async_push(false);
        assert_ne!(
            sync.batch_id(),
            batch.batch_id(),
            "a new batch id per batch"
        );
        sync.add(&single("y"), &cid("c1")).unwrap();
        sync.submit().await.unwrap();
        let sent = recorded(&server, BATCH, 2);
        assert_eq!(sent[0].param("async"), Some(&true.into()));
        assert_eq!(sent[1].param("async"), Some(&false.into()));
    })
    .await;
}

#[tokio::test]
async fn five_thousand_items_per_submit() {
    bounded(async {
        let server = MockServer::start().await;
        let client = async_client(&server);
        let mut batch = client.batch();
        let message = single("many");
        let target = cid("c1");
        for n in 1..=5000 {
            assert_eq!(batch.add(&message, &target).unwrap(), n);
        }
        let err = batch.add(&message, &target).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Validation);
        assert_eq!(err.validation().unwrap().field(), "batchItem");
        assert_eq!(batch.len(), 5000, "the refused item was not added");
        assert_eq!(server.request_count(), 0);
    })
    .await;
}

/// The `SingleBatchRequest` of an empty submit, byte for byte: field 1 (`batchId`, length
/// delimited) and nothing else, as the official `BatchImpl.submit()` serializes it.
fn empty_batch_bytes(batch_id: &str) -> Vec<u8> {
    let mut bytes = vec![0x0a, u8::try_from(batch_id.len()).unwrap()];
    bytes.extend_from_slice(batch_id.as_bytes());
    bytes
}

/// What both clients must show after: an empty submit, its retry, then (after an `add`) a
/// submit that numbers its item from 0.
fn check_empty_submits(server: &MockServer, batch_id: &str, empty_id: &str) {
    let sent = recorded(server, BATCH, 3);
    for r in &sent[..2] {
        assert!(r.gzip, "an empty batch is sent gzip-compressed too");
        assert_eq!(r.param_str("serialize"), Some("pb"));
        assert_eq!(r.param("async"), Some(&false.into()));
        assert_eq!(r.param_str("appkey"), Some(APP_KEY));
        assert_eq!(
            r.request_id(),
            Some(empty_id),
            "the retry is the same request"
        );
        let param = r.protobuf("singleDatas").expect("singleDatas");
        assert_eq!(
            param.bytes.as_deref().unwrap(),
            empty_batch_bytes(batch_id),
            "only the batch id"
        );
        let (id, items) = decoded(r);
        assert_eq!(id, batch_id);
        assert!(items.is_empty());
        // The mock answers as the official server does.
        assert_eq!(
            r.answer.as_ref().unwrap(),
            &serde_json::json!({"result": "ok", "info": {}})
        );
    }
    let (id, items) = decoded(&sent[2]);
    assert_eq!(id, batch_id, "the batch id stays");
    assert_eq!(items, [(0, "c1".to_owned())]);
    assert_ne!(sent[2].request_id(), Some(empty_id));
    // Nothing was delivered by the empty submit.
    let deliveries: usize = server
        .accepted_pushes()
        .iter()
        .filter(|p| p.action == BATCH)
        .map(|p| p.deliveries.len())
        .sum();
    assert_eq!(deliveries, 1);
}

#[tokio::test]
async fn an_empty_batch_is_sent_as_the_official_sdk_sends_it() {
    bounded(async {
        let server = MockServer::start().await;
        set_up(&server);
        let client = async_client(&server);
        client.connect().await.unwrap();
        let mut batch = client.batch();
        let result = batch.submit().await.unwrap();
        assert!(result.items.is_empty());
        assert_eq!(result.answer.get("result"), Some(&"ok".into()));
        let empty_id = batch.last_request_id().expect("kept for retry").to_owned();
        let again = batch.retry().await.unwrap();
        assert!(again.items.is_empty());
        assert_eq!(batch.last_request_id(), Some(empty_id.as_str()));
        batch.add(&single("one"), &cid("c1")).unwrap();
        assert_eq!(batch.submit().await.unwrap().items.len(), 1);
        check_empty_submits(&server, batch.batch_id(), &empty_id);
    })
    .await;
}

#[test]
fn the_blocking_client_sends_an_empty_batch_too() {
    let server = getui_mock::BlockingMockServer::start();
    set_up(&server);
    let client = blocking_client(&server.serviceex_url());
    client.connect().unwrap();
    let mut batch = client.batch();
    let result = batch.submit().unwrap();
    assert!(result.items.is_empty());
    assert_eq!(result.answer.get("result"), Some(&"ok".into()));
    let empty_id = batch.last_request_id().expect("kept for retry").to_owned();
    assert!(batch.retry().unwrap().items.is_empty());
    batch.add(&single("one"), &cid("c1")).unwrap();
    assert_eq!(batch.submit().unwrap().items.len(), 1);
    check_empty_submits(&server, batch.batch_id(), &empty_id);
}
