//! Authentication, host failover and request ids: lazy connect on `sign_error`, one connect
//! for a burst of callers, re-sends that keep the `requestId`, `domain_error` failover, and
//! pushes whose answer was lost.

mod common;

use common::*;
use getui::ErrorKind;
use getui_mock::{Fault, MockServer};
use std::time::Duration;
use tokio::task::JoinSet;

const SINGLE: &str = "pushMessageToSingleAction";
const STATUS: &str = "getClientIdStatusAction";

fn actions(server: &MockServer) -> Vec<(String, Option<String>)> {
    server
        .requests()
        .into_iter()
        .map(|r| {
            (
                r.action.clone().unwrap_or_default(),
                r.result().map(str::to_owned),
            )
        })
        .collect()
}

fn pair(action: &str, result: &str) -> (String, Option<String>) {
    (action.to_owned(), Some(result.to_owned()))
}

#[tokio::test]
async fn the_first_call_connects_when_the_server_asks() {
    bounded(async {
        let server = MockServer::start().await;
        server.add_client(APP_ID, "c1", true);
        let client = async_client(&server);
        assert_eq!(server.request_count(), 0, "building sends nothing");
        assert!(client.client_status(APP_ID, "c1").await.unwrap().online);
        assert_eq!(
            actions(&server),
            [
                pair("getOSPushDomailUrlListAction", "ok"),
                pair(STATUS, "sign_error"),
                pair("connect", "success"),
                pair(STATUS, "Online"),
            ]
        );
        let status = recorded(&server, STATUS, 2);
        assert_eq!(status[0].param_str("authToken"), Some(""));
        assert!(!status[1].param_str("authToken").unwrap().is_empty());
    })
    .await;
}

#[tokio::test]
async fn an_expired_token_means_one_connect_and_the_same_request_id_again() {
    bounded(async {
        let server = MockServer::start().await;
        let client = async_client(&server);
        client.connect().await.unwrap();
        server.expire_tokens();
        server.clear_requests();

        client
            .push_to_single(&single("x"), &cid("c1"))
            .await
            .unwrap();
        assert_eq!(
            actions(&server),
            [
                pair(SINGLE, "sign_error"),
                pair("connect", "success"),
                pair(SINGLE, "ok"),
            ]
        );
        let pushes = recorded(&server, SINGLE, 2);
        let id = pushes[0].request_id().unwrap();
        assert_eq!(
            pushes[1].request_id(),
            Some(id),
            "the re-send keeps the requestId"
        );
        assert_ne!(
            pushes[0].param_str("authToken"),
            pushes[1].param_str("authToken")
        );
        assert_eq!(server.acceptance_count(id), 1);
        assert_eq!(server.accepted_pushes().len(), 1);
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_callers_after_expiry_causes_exactly_one_connect() {
    bounded(async {
        let server = MockServer::start().await;
        let client = async_client(&server);
        client.connect().await.unwrap();
        server.expire_tokens();

        let mut calls = JoinSet::new();
        for i in 0..32 {
            let client = client.clone();
            calls.spawn(async move {
                client
                    .push_to_single(&single("burst"), &cid(&format!("c{i}")))
                    .await
            });
        }
        while let Some(result) = calls.join_next().await {
            result.unwrap().unwrap();
        }
        recorded(&server, "connect", 2); // the first one, and one after the expiry
        let pushes = server.requests_for(SINGLE);
        let rejected = pushes
            .iter()
            .filter(|r| r.result() == Some("sign_error"))
            .count();
        assert!(rejected >= 1, "at least one caller met the expired token");
        assert_eq!(
            pushes.len(),
            32 + rejected,
            "each rejected push re-sent once"
        );
        // Every push delivered exactly once, each under its own request id.
        let ledger = server.accepted_pushes();
        assert_eq!(ledger.len(), 32);
        for push in &ledger {
            let id = push.request_id.as_deref().unwrap();
            assert_eq!(server.acceptance_count(id), 1);
        }
    })
    .await;
}

#[tokio::test]
async fn sign_error_after_a_fresh_connect_is_an_auth_error() {
    bounded(async {
        let server = MockServer::start().await;
        let client = async_client(&server);
        client.connect().await.unwrap();
        server.inject(Fault::SignError).on_action(STATUS).always();
        let err = client.client_status(APP_ID, "c1").await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Auth, "{err:?}");
        assert_eq!(err.action(), Some(STATUS));
        recorded(&server, STATUS, 2); // sent, then once more after connecting
        recorded(&server, "connect", 2);
    })
    .await;
}

#[tokio::test]
async fn a_wrong_master_secret_is_an_auth_error_and_pushes_nothing() {
    bounded(async {
        let server = MockServer::start().await;
        let client = async_client_for(&server.serviceex_url(), APP_KEY, "not-the-secret");
        let err = client
            .push_to_single(&single("x"), &cid("c1"))
            .await
            .unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Auth, "{err:?}");
        assert_eq!(err.result_code().map(|c| c.as_str()), Some("sign_error"));
        assert!(err.request_id().is_some(), "the push's id is reported");
        assert!(!err.is_retryable());
        assert!(server.accepted_pushes().is_empty());
        recorded(&server, SINGLE, 1);
    })
    .await;
}

#[tokio::test]
async fn domain_error_with_an_os_list_moves_to_the_new_host() {
    bounded(async {
        let server = MockServer::builder().hosts(2).start().await;
        server.set_os_list(vec![server.host_api_url(0)]);
        let client = async_client(&server);
        client.connect().await.unwrap();
        assert_eq!(
            client.hosts().current(),
            Some(server.host_api_url(0).as_str())
        );

        server
            .inject(Fault::DomainError(vec![server.host_api_url(1)]))
            .on_host(0)
            .on_action(SINGLE)
            .times(1);
        let result = client
            .push_to_single(&single("x"), &cid("c1"))
            .await
            .unwrap();
        assert!(result.task_id.is_some());

        let on_0: Vec<_> = server
            .requests_on_host(0)
            .into_iter()
            .filter(|r| r.action.as_deref() == Some(SINGLE))
            .collect();
        let on_1: Vec<_> = server
            .requests_on_host(1)
            .into_iter()
            .filter(|r| r.action.as_deref() == Some(SINGLE))
            .collect();
        assert_eq!((on_0.len(), on_1.len()), (1, 1));
        assert_eq!(on_0[0].result(), Some("domain_error"));
        assert_eq!(on_1[0].request_id(), on_0[0].request_id(), "same requestId");
        assert_eq!(server.accepted_pushes().len(), 1);
        assert_eq!(server.accepted_pushes()[0].host, 1);

        // Later calls stay on the new host.
        client.client_status(APP_ID, "c1").await.unwrap();
        assert_eq!(server.requests_on_host(1).len(), 2);
        assert_eq!(
            client.hosts().current(),
            Some(server.host_api_url(1).as_str())
        );
    })
    .await;
}

#[tokio::test]
async fn domain_error_without_hosts_is_an_api_error() {
    bounded(async {
        let server = MockServer::start().await;
        let client = async_client(&server);
        client.connect().await.unwrap();
        server
            .inject(Fault::DomainError(Vec::new()))
            .on_action(STATUS)
            .times(1);
        let err = client.client_status(APP_ID, "c1").await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Api);
        assert_eq!(err.result_code().map(|c| c.as_str()), Some("domain_error"));
        recorded(&server, STATUS, 1);
    })
    .await;
}

#[tokio::test]
async fn a_push_without_answer_reports_its_request_id_and_a_resend_delivers_once() {
    bounded(async {
        let server = MockServer::start().await;
        let client = getui::Client::builder(APP_KEY, SECRET)
            .config(|c| {
                settings(c)
                    .host(server.serviceex_url())
                    .max_attempts(1)
                    .request_timeout(Duration::from_millis(300))
            })
            .build()
            .unwrap();
        client.connect().await.unwrap();
        // Processed (accepted) by the server, but the answer never comes.
        server
            .inject(Fault::HangAfterProcess)
            .on_action(SINGLE)
            .times(1);
        let message = single("once");
        let target = cid("c1");
        let err = client.push_to_single(&message, &target).await.unwrap_err();
        assert!(err.is_timeout(), "{err:?}");
        assert!(err.is_retryable(), "{err:?}");
        let id = err.request_id().unwrap().to_owned();
        assert_eq!(err.action(), Some(SINGLE));
        assert!(err.to_string().contains(&id), "{err}");

        let again = client
            .push_to_single_with_request_id(&message, &target, &id)
            .await
            .unwrap();
        assert!(again.task_id.is_some());
        let stats = server.request_id_stats(&id);
        assert_eq!((stats.submitted, stats.accepted), (2, 1));
    })
    .await;
}

#[tokio::test]
async fn a_failed_second_step_of_an_app_push_reports_the_created_task() {
    bounded(async {
        let server = MockServer::start().await;
        let client = async_client(&server);
        client.connect().await.unwrap();
        server
            .inject(Fault::Status(503))
            .on_action("pushMessageToAppAction")
            .times(1);
        let err = client.push_to_app(&app("a"), None).await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Http);
        assert_eq!(err.status(), Some(503));
        let task_id = err.task_id().expect("the created task").to_owned();
        assert!(task_id.starts_with("OSA-"));
        let started = client.push_to_app_with_task_id(&task_id).await.unwrap();
        assert_eq!(started.task_id.as_deref(), Some(task_id.as_str()));
        recorded(&server, "getContentIdAction", 1);
    })
    .await;
}

#[tokio::test]
async fn an_empty_caller_request_id_is_sent_as_given_and_never_resent() {
    bounded(async {
        let server = MockServer::start().await;
        let client = getui::Client::builder(APP_KEY, SECRET)
            .config(|c| {
                settings(c)
                    .host(server.serviceex_url())
                    .request_timeout(Duration::from_millis(300))
            })
            .build()
            .unwrap();
        client.connect().await.unwrap();
        // As the official SDK does (vector `single_given_requestid_empty`): kept as "".
        client
            .push_to_single_with_request_id(&single("a"), &cid("c1"), "")
            .await
            .unwrap();
        let sent = recorded(&server, SINGLE, 1);
        assert_eq!(sent[0].request_id(), Some(""));
        // An empty id gives no de-duplication: a push whose answer is lost is not re-sent
        // automatically, and the error does not call it retryable.
        server
            .inject(Fault::HangAfterProcess)
            .on_action(SINGLE)
            .times(1);
        let err = client
            .push_to_single_with_request_id(&single("b"), &cid("c1"), "")
            .await
            .unwrap_err();
        assert!(err.is_timeout(), "{err:?}");
        assert!(!err.is_retryable(), "{err:?}");
        assert_eq!(server.requests_for(SINGLE).len(), 2);
    })
    .await;
}
