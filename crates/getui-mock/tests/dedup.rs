//! requestId de-duplication and the acceptance ledger.

mod common;

use std::time::Duration;

use common::*;
use getui_mock::{Fault, MockServer, DEFAULT_APP_ID};
use serde_json::json;

#[tokio::test]
async fn a_repeated_request_id_is_answered_but_not_pushed_again() {
    let server = MockServer::start().await;
    let c = client();
    let token = connect(&c, &server).await;
    let first = post_json(
        &c,
        &server.api_url(),
        &single_push(&token, "rid-1", "cid", ""),
    )
    .await;
    let again = post_json(
        &c,
        &server.api_url(),
        &single_push(&token, "rid-1", "cid", ""),
    )
    .await;
    assert_eq!(first, again);
    // even when the retry targets someone else, the server keeps the first result
    let other = post_json(
        &c,
        &server.api_url(),
        &single_push(&token, "rid-1", "cid-2", ""),
    )
    .await;
    assert_eq!(first, other);
    assert_eq!(server.accepted_pushes().len(), 1);
    let stats = server.request_id_stats("rid-1");
    assert_eq!((stats.submitted, stats.accepted), (3, 1));
    assert_eq!(server.acceptance_count("rid-1"), 1);
    assert_eq!(server.acceptance_count("never-sent"), 0);

    // a new request id is a new push
    post_json(
        &c,
        &server.api_url(),
        &single_push(&token, "rid-2", "cid", ""),
    )
    .await;
    assert_eq!(server.accepted_pushes().len(), 2);
}

#[tokio::test]
async fn refused_requests_do_not_claim_the_request_id() {
    let server = MockServer::start().await;
    let c = client();
    let refused = post_json(
        &c,
        &server.api_url(),
        &single_push("stale", "rid", "cid", ""),
    )
    .await;
    assert_eq!(refused["result"], "sign_error");
    let token = connect(&c, &server).await;
    let mut wrong_app = single_push(&token, "rid", "cid", "");
    wrong_app["appId"] = json!("OtherApp");
    assert_eq!(
        post_json(&c, &server.api_url(), &wrong_app).await["result"],
        "AppidNoMatchAppKey"
    );
    let ok = post_json(
        &c,
        &server.api_url(),
        &single_push(&token, "rid", "cid", ""),
    )
    .await;
    assert_eq!(ok["result"], "ok");
    assert_eq!(server.acceptance_count("rid"), 1);
}

/// The case requestIds exist for: the push is accepted, the answer is lost, the client
/// re-sends the same body.
#[tokio::test]
async fn a_lost_answer_and_a_resend_push_once() {
    let server = MockServer::start().await;
    let c = fresh_client();
    let token = connect(&c, &server).await;
    let hangup = server
        .inject(Fault::DropAfterProcess)
        .on_action("pushMessageToSingleAction")
        .times(1)
        .install();
    let body = single_push(&token, "lost-1", "cid", "");
    assert!(post(&c, &server.api_url(), &body).await.is_err());
    assert_eq!(hangup.hits(), 1);
    assert_eq!(server.acceptance_count("lost-1"), 1);
    let task_id = server.accepted_pushes()[0].task_id.clone().unwrap();

    let answer = post_json(&c, &server.api_url(), &body).await;
    assert_eq!(answer["taskId"], task_id.as_str());
    assert_eq!(server.accepted_pushes().len(), 1);
    assert_eq!(server.request_id_stats("lost-1").submitted, 2);
}

#[tokio::test(start_paused = true)]
async fn a_timed_out_push_and_a_resend_push_once() {
    let server = MockServer::start().await;
    let c = fresh_client();
    let token = connect(&c, &server).await;
    server
        .inject(Fault::HangAfterProcess)
        .on_action("pushMessageByTagAction")
        .times(1);
    let body = with_auth(
        json!({"action": "pushMessageByTagAction", "clientData": CLIENT_DATA, "transmissionContent": "",
               "isOffline": false, "offlineExpireTime": 0, "pushNetWorkType": 0,
               "appIdList": [DEFAULT_APP_ID], "speed": 0, "requestId": "tag-rid", "tag": "t"}),
        &token,
    );
    let timed_out =
        tokio::time::timeout(Duration::from_secs(30), post(&c, &server.api_url(), &body)).await;
    assert!(timed_out.is_err(), "the mock answered a hanging request");
    let answer = post_json(&c, &server.api_url(), &body).await;
    assert_eq!(answer["result"], "ok");
    assert_eq!(server.acceptance_count("tag-rid"), 1);
    assert_eq!(server.accepted_pushes().len(), 1);
}

/// List and app pushes carry no requestId: a resend is a second push, and the ledger shows it.
#[tokio::test]
async fn pushes_without_request_id_are_accepted_each_time() {
    let server = MockServer::start().await;
    let c = client();
    let token = connect(&c, &server).await;
    let content = with_auth(
        json!({"action": "getContentIdAction", "clientData": CLIENT_DATA, "transmissionContent": "",
               "isOffline": false, "offlineExpireTime": 0, "pushNetWorkType": 0, "pushType": "TransmissionMsg",
               "type": 2, "contentType": 1}),
        &token,
    );
    let content_id = post_json(&c, &server.api_url(), &content).await["contentId"].clone();
    let list = with_auth(
        json!({"action": "pushMessageToListAction", "contentId": content_id, "needDetails": false, "async": false,
               "appId": DEFAULT_APP_ID, "clientIdList": ["c1"], "aliasList": [], "type": 2}),
        &token,
    );
    post_json(&c, &server.api_url(), &list).await;
    post_json(&c, &server.api_url(), &list).await;
    let ledger = server.accepted_pushes();
    assert_eq!(ledger.len(), 2);
    assert!(ledger
        .iter()
        .all(|p| p.request_id.is_none() && p.task_id == content_id.as_str().map(str::to_owned)));
    assert_eq!(ledger[1].seq, 1);
}
