//! `https://` hosts with and without the `rustls` feature: without it, a clear typed error
//! before anything is sent (at build time for configured hosts, at call time for hosts the
//! server names).

mod common;

use common::*;
use getui::ErrorKind;

#[cfg(feature = "rustls")]
#[test]
fn https_hosts_are_accepted_with_rustls() {
    let client = getui::Client::builder(APP_KEY, SECRET)
        .host("https://api.getui.com/serviceex")
        .build();
    assert!(client.is_ok(), "{client:?}");
    assert!(getui::Client::builder(APP_KEY, SECRET)
        .config(|c| c.https(true))
        .build()
        .is_ok());
}

#[cfg(not(feature = "rustls"))]
#[tokio::test]
async fn https_hosts_need_the_rustls_feature() {
    use getui_mock::MockServer;

    let err = getui::Client::builder(APP_KEY, SECRET)
        .host("https://api.getui.com/serviceex")
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config, "{err:?}");
    assert!(err.to_string().contains("rustls"), "{err}");
    let err = getui::Client::builder(APP_KEY, SECRET)
        .config(|c| c.https(true))
        .build()
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config);
    // The default hosts are the HTTPS ones: without TLS support, no silent plain HTTP.
    let err = getui::Client::builder(APP_KEY, SECRET).build().unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Config, "{err:?}");
    assert!(err.to_string().contains("rustls"), "{err}");

    // A host list naming an https:// host: the call fails before sending to it.
    bounded(async {
        let server = MockServer::start().await;
        server.set_os_list(vec![server.api_url().replacen("http://", "https://", 1)]);
        let client = async_client(&server);
        let err = client.client_status(APP_ID, "c1").await.unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Transport, "{err:?}");
        let transport = err.transport().unwrap();
        assert_eq!(
            transport.kind(),
            getui::transport::ErrorKind::InvalidRequest
        );
        assert!(!transport.may_have_been_sent());
        assert!(err.to_string().contains("rustls"), "{err}");
        assert_eq!(
            server.request_count(),
            1,
            "only the host list was asked for"
        );
    })
    .await;
}

#[test]
fn plain_http_hosts_work_either_way() {
    let client = getui::Client::builder(APP_KEY, SECRET)
        .host("http://127.0.0.1:9/serviceex")
        .build();
    assert!(client.is_ok(), "{client:?}");
    assert_eq!(
        getui::Client::builder(APP_KEY, SECRET)
            .host("ftp://h/x")
            .build()
            .map(drop)
            .map_err(|e| e.kind()),
        Err(ErrorKind::Config)
    );
}
