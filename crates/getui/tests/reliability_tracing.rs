//! Secrets in logs: with the `tracing` feature on, every event and span the SDK emits while it
//! connects, meets `sign_error` after a token expiry, retries through resets and hangs, fails
//! over on `domain_error` and refused hosts, and reports HTTP errors is captured by a
//! subscriber that records every field value; neither the master secret nor any auth token
//! the mock issued may appear in them.
//!
//! Needs the `tracing` feature of getui (see RELIABILITY.md for how it is enabled in tests);
//! without it this file compiles to nothing. The subscriber is written against `tracing`
//! itself (the optional dependency the feature enables), so no extra dev-dependency is needed.

#![cfg(all(feature = "tracing", feature = "async", feature = "blocking"))]

mod reliability_common;
mod tracing_capture;

use getui_mock::{Fault, MockApp, MockServer};
use reliability_common::*;
use std::time::Duration;
use tracing_capture::{captured, install};

const KEY: &str = "TracingAppKey00000001";
const ID: &str = "TracingAppId000000001";
const MASTER: &str = "Tr4cing-M4ster-S3cret-Value";

/// Every auth token the mock issued or received.
fn tokens(server: &MockServer) -> Vec<String> {
    let mut tokens: Vec<String> = server
        .requests()
        .iter()
        .flat_map(|r| {
            [
                r.param_str("authToken").map(str::to_owned),
                r.answer
                    .as_ref()
                    .and_then(|a| a.get("authtoken"))
                    .and_then(|t| t.as_str())
                    .map(str::to_owned),
            ]
        })
        .flatten()
        .filter(|t| !t.is_empty())
        .collect();
    tokens.sort();
    tokens.dedup();
    tokens
}

#[track_caller]
fn assert_no_secret(lines: &[String], secrets: &[String]) {
    for line in lines {
        for secret in secrets {
            assert!(
                !line.contains(secret.as_str()),
                "a secret ({secret}) is in the trace: {line}"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_secret_in_the_trace_of_connects_sign_errors_retries_and_failovers() {
    install();
    bounded(async {
        let server = MockServer::builder()
            .app(MockApp::new(KEY, ID, MASTER))
            .hosts(2)
            .start()
            .await;
        // The first host of the list refuses connections: every attempt on it fails over
        // (5 attempts, so that a retried call still reaches host 0 twice).
        server.set_os_list(vec![dead_url("/apiex.htm").await, server.host_api_url(0)]);
        let url = server.serviceex_url();
        let client = getui::Client::builder(KEY, MASTER)
            .config(|c| fast(c).host(url.clone()).max_attempts(5))
            .build()
            .unwrap();
        let blocking = tokio::task::block_in_place(|| {
            getui::blocking::Client::builder(KEY, MASTER)
                .config(|c| fast(c).host(url).max_attempts(5))
                .build()
                .unwrap()
        });
        let message = |text: &str| {
            let mut m = getui::model::SingleMessage::new(
                getui::model::TransmissionTemplate::builder()
                    .app_id(ID)
                    .app_key(KEY)
                    .transmission_content(text)
                    .build()
                    .unwrap(),
            );
            m.is_offline = true;
            m
        };
        let target = getui::model::Target::client(ID, "c1");

        // Lazy connect: sign_error, connect, the same request again.
        client.push_to_single(&message("a"), &target).await.unwrap();
        // Retries through a reset after processing and through a hang.
        server
            .inject(Fault::DropAfterProcess)
            .on_action(SINGLE)
            .times(1);
        client.push_to_single(&message("b"), &target).await.unwrap();
        server.inject(Fault::Hang).on_action(SINGLE).times(1);
        client.push_to_single(&message("c"), &target).await.unwrap();
        // Token expiry mid-stream.
        server.expire_tokens();
        client.push_to_single(&message("d"), &target).await.unwrap();
        // domain_error naming host 1.
        server
            .inject(Fault::DomainError(vec![server.host_api_url(1)]))
            .on_action(SINGLE)
            .times(1);
        client.push_to_single(&message("e"), &target).await.unwrap();
        // An HTTP error and a persisting sign_error (auth failure) are reported.
        server.inject(Fault::Status(503)).on_action(SINGLE).times(1);
        assert!(client.push_to_single(&message("f"), &target).await.is_err());
        server.inject(Fault::SignError).on_action(SINGLE).times(2);
        assert!(client.push_to_single(&message("g"), &target).await.is_err());
        client.close().await.unwrap();

        // The blocking client: its own connect and a retry, on its runtime thread.
        server
            .inject(Fault::DropAfterRead)
            .on_action(SINGLE)
            .times(1);
        tokio::task::block_in_place(|| {
            blocking.push_to_single(&message("h"), &target).unwrap();
            server.expire_tokens();
            blocking.push_to_single(&message("i"), &target).unwrap();
            drop(blocking);
        });
        // Give nothing a chance to log late: the client is done, its probe task off.
        tokio::time::sleep(Duration::from_millis(10)).await;

        let lines = captured();
        let tokens = tokens(&server);
        assert!(
            tokens.len() >= 4,
            "several tokens were issued and used: {tokens:?}"
        );
        let mut secrets = tokens;
        secrets.push(MASTER.to_owned());
        assert_no_secret(&lines, &secrets);

        // The paths that matter were traced (so the scan above covered them).
        for needle in [
            "sign_error: connecting",
            "connected",
            "attempt failed",
            "domain_error",
            "status=503",
        ] {
            assert!(
                lines.iter().any(|l| l.contains(needle)),
                "no trace line contains {needle:?}: {lines:#?}"
            );
        }
        for line in lines
            .iter()
            .filter(|l| l.contains("attempt failed"))
            .take(2)
        {
            println!("{line}");
        }
        println!(
            "{} trace lines scanned, {} secrets",
            lines.len(),
            secrets.len()
        );
    })
    .await;
}
