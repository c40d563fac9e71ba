//! Two clients of different apps in one process share nothing: not the token, not the hosts,
//! not the request-id ledger (unlike the official Python SDK's class attributes).

mod common;

use common::*;
use getui::model::Target;
use getui_mock::{Fault, MockApp, MockServer};

const KEY_B: &str = "SecondAppKey000000002";
const ID_B: &str = "SecondAppId0000000002";
const SECRET_B: &str = "SecondMasterSecret02";

#[tokio::test]
async fn two_clients_of_different_apps_share_no_state() {
    bounded(async {
        let server = MockServer::builder()
            .app(MockApp::default())
            .app(MockApp::new(KEY_B, ID_B, SECRET_B))
            .hosts(2)
            .start()
            .await;
        server.set_os_list(vec![server.host_api_url(0)]);
        let url = server.serviceex_url();
        let a = async_client_for(&url, APP_KEY, SECRET);
        let b = async_client_for(&url, KEY_B, SECRET_B);

        // Tokens: one connect each, each with its own app key and token.
        a.connect().await.unwrap();
        b.connect().await.unwrap();
        let connects = recorded(&server, "connect", 2);
        assert_eq!(connects[0].param_str("appkey"), Some(APP_KEY));
        assert_eq!(connects[1].param_str("appkey"), Some(KEY_B));

        // The same caller-given request id, pushed by both apps: two pushes.
        let message = single("same id");
        a.push_to_single_with_request_id(&message, &cid("c1"), "shared-id")
            .await
            .unwrap();
        b.push_to_single_with_request_id(&message, &Target::client(ID_B, "c1"), "shared-id")
            .await
            .unwrap();
        let pushes = recorded(&server, "pushMessageToSingleAction", 2);
        assert_eq!(pushes[0].param_str("appkey"), Some(APP_KEY));
        assert_eq!(pushes[1].param_str("appkey"), Some(KEY_B));
        let (token_a, token_b) = (
            pushes[0].param_str("authToken").unwrap(),
            pushes[1].param_str("authToken").unwrap(),
        );
        assert!(!token_a.is_empty() && !token_b.is_empty());
        assert_ne!(token_a, token_b);
        let ledger = server.accepted_pushes();
        let keys: Vec<_> = ledger.iter().map(|p| p.app_key.as_str()).collect();
        assert_eq!(keys, [APP_KEY, KEY_B]);

        // Closing A's token does not touch B: B calls without connecting, A connects again.
        a.close().await.unwrap();
        b.client_status(ID_B, "c1").await.unwrap();
        recorded(&server, "connect", 2);
        a.client_status(APP_ID, "c1").await.unwrap();
        let connects = recorded(&server, "connect", 3);
        assert_eq!(connects[2].param_str("appkey"), Some(APP_KEY));

        // Hosts: a domain_error moves A to host 1; B stays on host 0.
        server
            .inject(Fault::DomainError(vec![server.host_api_url(1)]))
            .on_host(0)
            .on_action("getClientIdStatusAction")
            .times(1);
        a.client_status(APP_ID, "c1").await.unwrap();
        assert_eq!(a.hosts().current(), Some(server.host_api_url(1).as_str()));
        assert_eq!(b.hosts().current(), Some(server.host_api_url(0).as_str()));
        b.client_status(ID_B, "c1").await.unwrap();
        let last_b = server
            .requests()
            .into_iter()
            .rev()
            .find(|r| r.param_str("appkey") == Some(KEY_B))
            .unwrap();
        assert_eq!(last_b.host, 0);
        let last_a = server
            .requests()
            .into_iter()
            .rev()
            .find(|r| r.param_str("appkey") == Some(APP_KEY))
            .unwrap();
        assert_eq!(last_a.host, 1);

        // A clone shares its original's state (token and hosts), and only that.
        let a2 = a.clone();
        a2.client_status(APP_ID, "c1").await.unwrap();
        recorded(&server, "connect", 3);
        assert_eq!(a2.hosts().current(), a.hosts().current());
    })
    .await;
}
