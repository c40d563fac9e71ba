//! The request log.

use std::sync::{Mutex, MutexGuard};

use bytes::Bytes;
use hyper::{HeaderMap, Method};
use serde_json::{Map, Value};
use tokio::time::Instant;

use crate::decode::ProtobufParam;
use crate::fault::Fault;

/// One request as the mock received it (see [`MockServer::requests`](crate::MockServer::requests)).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct RecordedRequest {
    /// Arrival order over all hosts (0-based; ties broken by the order heads were parsed).
    pub seq: u64,
    /// Index of the host (listener) that received it.
    pub host: usize,
    /// The HTTP method.
    pub method: Method,
    /// The request path (`/serviceex`, `/apiex.htm`, …).
    pub path: String,
    /// The request headers as received.
    pub headers: HeaderMap,
    /// The body after removing the gzip encoding; empty if it was not read
    /// ([`Fault::DropBeforeRead`]).
    pub body: Bytes,
    /// Whether the body was sent with `Content-Encoding: gzip`.
    pub gzip: bool,
    /// The action: the body's `action` member, else the `Gt-Action` header; for a REST v2
    /// request its endpoint (one of [`V2_ENDPOINTS`](crate::V2_ENDPOINTS), e.g.
    /// `"POST /push/single/cid"`).
    pub action: Option<String>,
    /// The body parsed as a JSON object (`None` for an empty body or one that is not an object).
    pub params: Option<Map<String, Value>>,
    /// The protobuf members (`clientData`, `PI`, `singleDatas`) decoded.
    pub protobuf: Vec<ProtobufParam>,
    /// The JSON answer the mock produced (before any fault damaged it); `None` when the request
    /// was not processed.
    pub answer: Option<Value>,
    /// The HTTP status sent with [`answer`](Self::answer) (`None` when there is no answer):
    /// 200 for legacy answers; for v2 the status of the code (401 for 10001, 400 for 20001, …).
    pub answer_status: Option<u16>,
    /// The injected fault applied to this request, if any.
    pub fault: Option<Fault>,
    /// When the request head arrived.
    pub received_at: Instant,
}

impl RecordedRequest {
    /// A JSON member of the body.
    pub fn param(&self, name: &str) -> Option<&Value> {
        self.params.as_ref()?.get(name)
    }

    /// A string member of the body.
    pub fn param_str(&self, name: &str) -> Option<&str> {
        self.param(name)?.as_str()
    }

    /// The `requestId` member (legacy), else the `request_id` member (v2), if present.
    pub fn request_id(&self) -> Option<&str> {
        self.param_str("requestId")
            .or_else(|| self.param_str("request_id"))
    }

    /// The `code` of a v2 answer (`None` for legacy answers and when there was none).
    pub fn code(&self) -> Option<i64> {
        self.answer.as_ref()?.get("code")?.as_i64()
    }

    /// A header value as text (the first one, if repeated).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }

    /// The answer's `result` member.
    pub fn result(&self) -> Option<&str> {
        self.answer.as_ref()?.get("result")?.as_str()
    }

    /// The decoded protobuf member with this JSON name.
    pub fn protobuf(&self, member: &str) -> Option<&ProtobufParam> {
        self.protobuf.iter().find(|p| p.member == member)
    }
}

/// The shared, append-only request log.
#[derive(Debug, Default)]
pub(crate) struct RequestLog {
    entries: Mutex<Vec<RecordedRequest>>,
    /// Woken on every push, for [`RequestLog::wait_until`].
    pushed: tokio::sync::Notify,
}

impl RequestLog {
    fn lock(&self) -> MutexGuard<'_, Vec<RecordedRequest>> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub(crate) fn push(&self, request: RecordedRequest) {
        self.lock().push(request);
        self.pushed.notify_waiters();
    }

    /// Waits until `done` holds for the log (checked now and after every push).
    pub(crate) async fn wait_until(&self, done: impl Fn(&[RecordedRequest]) -> bool) {
        loop {
            let notified = self.pushed.notified();
            tokio::pin!(notified);
            // register before checking, so a push between the check and the await is not lost
            notified.as_mut().enable();
            if done(&self.lock()) {
                return;
            }
            notified.await;
        }
    }

    /// All entries in arrival order.
    pub(crate) fn snapshot(&self) -> Vec<RecordedRequest> {
        let mut all = self.lock().clone();
        all.sort_by_key(|r| r.seq);
        all
    }

    pub(crate) fn filtered(&self, f: impl Fn(&RecordedRequest) -> bool) -> Vec<RecordedRequest> {
        let mut some: Vec<_> = self.lock().iter().filter(|r| f(r)).cloned().collect();
        some.sort_by_key(|r| r.seq);
        some
    }

    pub(crate) fn len(&self) -> usize {
        self.lock().len()
    }

    pub(crate) fn clear(&self) {
        self.lock().clear();
    }
}
