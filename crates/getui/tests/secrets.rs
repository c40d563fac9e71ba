//! Neither the master secret nor the auth token shows in `Debug` or `Display` of the
//! configuration, the clients, their builders, or errors of every kind — including errors
//! whose server answer carries the token.

mod common;

use common::*;
use getui::model::Target;
use getui::{Config, Error, ErrorKind, Proxy};
use getui_mock::{Fault, MockApp, MockServer};
use serde_json::json;
use std::time::Duration;

const KEY: &str = "LeakCheckAppKey000001";
const ID: &str = "LeakCheckAppId0000001";
const MASTER: &str = "Sup3r-S3cret-Master-Value";
const PROXY_PASSWORD: &str = "Pr0xy-Passw0rd-Value";

/// Every rendering of `value` must be free of the secrets.
#[track_caller]
fn assert_clean(what: &str, rendered: [String; 3], secrets: &[&str]) {
    for text in rendered {
        for secret in secrets {
            assert!(
                !text.contains(secret),
                "{what} shows a secret ({secret}): {text}"
            );
        }
    }
}

fn debug<T: std::fmt::Debug>(value: &T) -> [String; 3] {
    [format!("{value:?}"), format!("{value:#?}"), String::new()]
}

fn both(err: &Error) -> [String; 3] {
    [format!("{err:?}"), format!("{err:#?}"), format!("{err}")]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_and_tokens_never_show() {
    bounded(async {
        let server = MockServer::builder()
            .app(MockApp::new(KEY, ID, MASTER))
            .start()
            .await;
        let url = server.serviceex_url();
        let client = getui::Client::builder(KEY, MASTER)
            .config(|c| settings(c).host(url.clone()).max_attempts(1))
            .build()
            .unwrap();
        client.connect().await.unwrap();
        client.client_status(ID, "c1").await.unwrap();
        let token = recorded(&server, "getClientIdStatusAction", 1)[0]
            .param_str("authToken")
            .unwrap()
            .to_owned();
        assert!(token.len() >= 16, "a real token: {token}");
        let secrets = [MASTER, token.as_str(), PROXY_PASSWORD];

        // Configuration, clients and builders.
        let config = Config::builder(KEY, MASTER)
            .proxy(
                Proxy::new("127.0.0.1", 3128)
                    .unwrap()
                    .basic_auth("user", PROXY_PASSWORD),
            )
            .build()
            .unwrap();
        assert_clean("Config", debug(&config), &secrets);
        assert_clean(
            "Config::builder",
            debug(&Config::builder(KEY, MASTER)),
            &secrets,
        );
        assert_clean("Client", debug(&client), &secrets);
        assert_clean(
            "ClientBuilder",
            debug(&getui::Client::builder(KEY, MASTER)),
            &secrets,
        );
        let blocking_url = url.clone();
        let blocking = tokio::task::block_in_place(|| {
            let b = getui::blocking::Client::builder(KEY, MASTER)
                .config(move |c| settings(c).host(blocking_url));
            assert_clean("blocking::ClientBuilder", debug(&b), &secrets);
            let client = b.build().unwrap();
            client.connect().unwrap();
            client
        });
        assert_clean("blocking::Client", debug(&blocking), &secrets);
        assert_clean("Batch", debug(&client.batch()), &secrets);

        // Errors of every kind.
        let mut errors: Vec<(&str, Error)> = Vec::new();
        errors.push((
            "validation",
            client
                .push_to_single(&single("x"), &Target::default())
                .await
                .unwrap_err(),
        ));
        // An answer that carries the token (and the secret) must be redacted.
        server
            .inject(Fault::Answer(json!({
                "result": "NullMsgCommon",
                "authToken": token,
                "authtoken": token,
            })))
            .on_action("getPushMsgResult")
            .times(1);
        errors.push(("api", client.push_result("OSL-x").await.unwrap_err()));
        server
            .inject(Fault::SignError)
            .on_action("getUserTags")
            .always();
        errors.push(("auth", client.client_tags(ID, "c1").await.unwrap_err()));
        server
            .inject(Fault::Status(503))
            .on_action("getPersonaTags")
            .times(1);
        errors.push(("http", client.persona_tags(ID).await.unwrap_err()));
        server
            .inject(Fault::MalformedJson)
            .on_action("queryUserCount")
            .times(1);
        errors.push((
            "invalid answer",
            client.user_count(ID, None).await.unwrap_err(),
        ));
        server
            .inject(Fault::DropAfterRead)
            .on_action("pushMessageToSingleAction")
            .times(1);
        errors.push((
            "transport",
            client
                .push_to_single(&single("x"), &cid("c1"))
                .await
                .unwrap_err(),
        ));
        let wrong = async_client_for(&url, KEY, "Wr0ng-S3cret-Value");
        errors.push(("auth failed", wrong.connect().await.unwrap_err()));
        errors.push((
            "blocking",
            tokio::task::block_in_place(|| blocking.client_tags(ID, "c1").unwrap_err()),
        ));
        let slow = getui::Client::builder(KEY, MASTER)
            .config(|c| {
                settings(c)
                    .host(url.clone())
                    .max_attempts(1)
                    .request_timeout(Duration::from_millis(200))
            })
            .build()
            .unwrap();
        slow.connect().await.unwrap();
        server
            .inject(Fault::Hang)
            .on_action("getClientIdStatusAction")
            .times(1);
        errors.push(("timeout", slow.client_status(ID, "c1").await.unwrap_err()));
        errors.push((
            "config",
            Error::from(
                Config::builder(KEY, MASTER)
                    .apply_vars([("gexin_http_tryCount", "three")])
                    .unwrap_err(),
            ),
        ));

        let kinds: Vec<ErrorKind> = errors.iter().map(|(_, e)| e.kind()).collect();
        for kind in [
            ErrorKind::Validation,
            ErrorKind::Api,
            ErrorKind::Auth,
            ErrorKind::Http,
            ErrorKind::InvalidAnswer,
            ErrorKind::Transport,
            ErrorKind::Config,
        ] {
            assert!(kinds.contains(&kind), "no {kind:?} error in {kinds:?}");
        }
        let api = &errors[1].1;
        assert_eq!(api.kind(), ErrorKind::Api);
        let answer = api.answer().expect("the raw answer is kept");
        assert_eq!(
            answer.str_member("authToken"),
            Some(token.as_str()),
            "the raw answer stays available to the program"
        );
        assert!(errors.iter().any(|(_, e)| e.is_timeout()));
        for (what, err) in &errors {
            assert_clean(what, both(err), &secrets);
            assert_clean(what, debug(&err.answer()), &secrets);
        }
        tokio::task::block_in_place(move || drop(blocking));
    })
    .await;
}
