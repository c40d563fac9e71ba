//! The connection pool of `HyperClient`: keep-alive, connections the server closes, the idle
//! timeout and the idle limit, on a loopback server that records which connection carried
//! each request.

mod common;

use std::time::Duration;

use common::{handler, settle, Reply, Server};
use getui_transport::{HttpRequest, HyperClient, Method, Uri};

fn get(server: &Server) -> HttpRequest {
    HttpRequest::new(Method::GET, server.url().parse().unwrap())
}

/// The connection (server-side index) of each request, in order.
fn connections(server: &Server) -> Vec<usize> {
    server.requests().iter().map(|r| r.conn).collect()
}

#[tokio::test(start_paused = true)]
async fn sequential_requests_share_one_connection() {
    let server = Server::start(handler(|_, _| Reply::ok("fine"))).await;
    let client = HyperClient::new().unwrap();
    for _ in 0..5 {
        assert_eq!(client.execute(get(&server)).await.unwrap().body, "fine");
        settle().await;
    }
    let conns = connections(&server);
    assert_eq!(conns.len(), 5);
    assert!(conns.iter().all(|&c| c == conns[0]), "{conns:?}");
}

#[tokio::test(start_paused = true)]
async fn a_connection_the_server_asked_to_close_is_not_used_again() {
    // Every answer says `Connection: close`: each request needs a connection of its own, and
    // none fails for having been sent on a closed one.
    let server = Server::start(handler(|_, _| {
        Reply::ok("bye").with_header("connection", "close")
    }))
    .await;
    let client = HyperClient::new().unwrap();
    for _ in 0..3 {
        assert_eq!(client.execute(get(&server)).await.unwrap().body, "bye");
        settle().await;
    }
    let conns = connections(&server);
    assert_eq!(conns.len(), 3, "each request reached the server once");
    assert!(
        conns[0] != conns[1] && conns[1] != conns[2] && conns[0] != conns[2],
        "{conns:?}"
    );
}

#[tokio::test(start_paused = true)]
async fn a_connection_closed_while_idle_is_not_written_to() {
    let server = Server::start(handler(|_, _| Reply::ok("fine"))).await;
    let client = HyperClient::new().unwrap();
    client.execute(get(&server)).await.unwrap();
    settle().await;
    // The server goes away, closing the idle connection: the next request does not go out
    // on the dead connection (which would make it a possibly-sent failure) but tries a new
    // one, which is refused: a connect failure, nothing written.
    server.kill();
    settle().await;
    let err = client.execute(get(&server)).await.unwrap_err();
    assert!(err.is_connect(), "{err:?}");
    assert!(!err.may_have_been_sent(), "{err:?}");
}

#[tokio::test(start_paused = true)]
async fn idle_connections_are_closed_after_the_idle_timeout() {
    let server = Server::start(handler(|_, _| Reply::ok("fine"))).await;
    let client = HyperClient::builder()
        .pool_idle_timeout(Duration::from_secs(10))
        .build()
        .unwrap();
    client.execute(get(&server)).await.unwrap();
    settle().await;
    tokio::time::advance(Duration::from_secs(9)).await;
    client.execute(get(&server)).await.unwrap();
    settle().await;
    tokio::time::advance(Duration::from_secs(11)).await;
    client.execute(get(&server)).await.unwrap();
    let conns = connections(&server);
    assert_eq!(conns[0], conns[1], "reused within the idle timeout");
    assert_ne!(conns[1], conns[2], "a new connection after it");
}

#[tokio::test(start_paused = true)]
async fn at_most_max_idle_per_host_connections_are_kept() {
    let server = Server::start(handler(|_, _| {
        Reply::ok("slow").delayed(Duration::from_millis(50))
    }))
    .await;
    let client = HyperClient::builder()
        .pool_max_idle_per_host(1)
        .build()
        .unwrap();
    // Three at once: three connections.
    let (a, b, c) = tokio::join!(
        client.execute(get(&server)),
        client.execute(get(&server)),
        client.execute(get(&server)),
    );
    a.unwrap();
    b.unwrap();
    c.unwrap();
    settle().await;
    // Two at once: one reuses the single idle connection kept, the other needs a new one.
    let (d, e) = tokio::join!(client.execute(get(&server)), client.execute(get(&server)));
    d.unwrap();
    e.unwrap();
    let conns = connections(&server);
    let mut first: Vec<usize> = conns[..3].to_vec();
    first.sort_unstable();
    first.dedup();
    assert_eq!(first.len(), 3, "{conns:?}");
    let reused = conns[3..].iter().filter(|c| conns[..3].contains(c)).count();
    assert_eq!(reused, 1, "one idle connection was kept: {conns:?}");
    let mut all = conns.clone();
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), 4, "{conns:?}");
}

#[tokio::test(start_paused = true)]
async fn no_idle_connection_is_kept_with_a_limit_of_zero() {
    let server = Server::start(handler(|_, _| Reply::ok("fine"))).await;
    let client = HyperClient::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    client.execute(get(&server)).await.unwrap();
    settle().await;
    client.execute(get(&server)).await.unwrap();
    let conns = connections(&server);
    assert_ne!(conns[0], conns[1]);
}

#[tokio::test(start_paused = true)]
async fn the_host_header_names_the_authority() {
    let server = Server::start(handler(|_, _| Reply::ok("fine"))).await;
    let client = HyperClient::new().unwrap();
    let base = server.url().parse::<Uri>().unwrap();
    let authority = base.authority().unwrap().as_str().to_owned();
    let url = format!("http://{authority}/v2/app/push/single/cid?x=1");
    client
        .execute(HttpRequest::post(url.parse().unwrap(), "{}"))
        .await
        .unwrap();
    let seen = &server.requests()[0];
    assert_eq!(seen.header("host"), Some(authority.as_str()));
    assert_eq!(seen.path, "/v2/app/push/single/cid?x=1");
}
