//! The bound on exchanges under way: thousands of concurrent calls never hold more than
//! `max_in_flight` exchanges (and so connections) at once, and all of them complete.

use getui_transport::{
    ApiRequest, AsyncHttpClient, BoxFuture, HttpRequest, HttpResponse, StatusCode, Transport,
    TransportError,
};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// Answers 200 after yielding a few times, recording how many exchanges overlap.
#[derive(Default)]
struct Overlap {
    now: AtomicUsize,
    max: AtomicUsize,
    total: AtomicUsize,
}

impl AsyncHttpClient for Overlap {
    fn send(&self, _request: HttpRequest) -> BoxFuture<'_, Result<HttpResponse, TransportError>> {
        Box::pin(async move {
            let now = self.now.fetch_add(1, Ordering::SeqCst) + 1;
            self.max.fetch_max(now, Ordering::SeqCst);
            for _ in 0..8 {
                tokio::task::yield_now().await;
            }
            self.now.fetch_sub(1, Ordering::SeqCst);
            self.total.fetch_add(1, Ordering::SeqCst);
            Ok(HttpResponse::new(StatusCode::OK, "{}"))
        })
    }
}

async fn overlap_with(limit: Option<usize>) -> (usize, usize) {
    let client = Arc::new(Overlap::default());
    let mut builder = Transport::builder()
        .http_client(client.clone())
        .hosts(["http://127.0.0.1:9/apiex.htm"])
        .probing(false);
    if let Some(limit) = limit {
        builder = builder.max_in_flight(limit);
    }
    let transport = builder.build().unwrap();
    let mut calls = tokio::task::JoinSet::new();
    for _ in 0..500 {
        let transport = transport.clone();
        calls.spawn(async move { transport.send(ApiRequest::post("{}")).await });
    }
    while let Some(done) = calls.join_next().await {
        assert_eq!(done.unwrap().unwrap().status, StatusCode::OK);
    }
    (
        client.max.load(Ordering::SeqCst),
        client.total.load(Ordering::SeqCst),
    )
}

#[tokio::test(flavor = "current_thread")]
async fn concurrent_calls_wait_for_a_free_slot() {
    assert_eq!(overlap_with(Some(8)).await, (8, 500));
    // The default bound (256) applies too: without a bound all 500 would overlap.
    let (max, total) = overlap_with(None).await;
    assert_eq!((max, total), (getui_transport::DEFAULT_MAX_IN_FLIGHT, 500));
}
