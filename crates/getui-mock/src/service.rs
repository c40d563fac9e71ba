//! The HTTP side: one function serving one request on one host, applying host latency, faults,
//! gzip in and out, and recording what arrived.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, LengthLimitError, Limited};
use hyper::body::Incoming;
use hyper::header::{HeaderValue, CONTENT_ENCODING, CONTENT_TYPE};
use hyper::{Method, Request, Response, StatusCode};
use serde_json::{Map, Value};
use tokio::sync::Notify;
use tokio::time::Instant;

use crate::actions::{self, Ctx};
use crate::body::{gzip_bomb, MockBody};
use crate::decode::decode_params;
use crate::fault::{Fault, FaultRegistry, Phase};
use crate::record::{RecordedRequest, RequestLog};
use crate::state::State;
use crate::v2::{self, V2_PREFIX};
use getui_protocol::gzip::{compress as gzip, decompress as gunzip};

/// The legacy paths the mock serves; anything else outside `/v2/` is a 404.
pub(crate) const SERVICEEX_PATH: &str = "/serviceex";
/// See [`SERVICEEX_PATH`].
pub(crate) const API_PATH: &str = "/apiex.htm";

/// Everything the hosts of one mock share.
#[derive(Debug)]
pub(crate) struct Shared {
    pub state: Mutex<State>,
    pub log: RequestLog,
    pub faults: Arc<FaultRegistry>,
    /// Added latency per host, in nanoseconds.
    pub latencies: Vec<AtomicU64>,
    pub seq: AtomicU64,
    pub record: AtomicBool,
    pub max_body: usize,
    pub strict_protobuf: bool,
    bombs: Mutex<HashMap<usize, Bytes>>,
}

impl Shared {
    pub(crate) fn new(
        state: State,
        hosts: usize,
        record: bool,
        max_body: usize,
        strict_protobuf: bool,
    ) -> Self {
        Shared {
            state: Mutex::new(state),
            log: RequestLog::default(),
            faults: Arc::new(FaultRegistry::default()),
            latencies: (0..hosts).map(|_| AtomicU64::new(0)).collect(),
            seq: AtomicU64::new(0),
            record: AtomicBool::new(record),
            max_body,
            strict_protobuf,
            bombs: Mutex::new(HashMap::new()),
        }
    }

    pub(crate) fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn latency(&self, host: usize) -> Duration {
        Duration::from_nanos(self.latencies[host].load(Ordering::Relaxed))
    }

    fn bomb(&self, expanded_len: usize) -> Bytes {
        let mut bombs = self.bombs.lock().unwrap_or_else(|e| e.into_inner());
        bombs
            .entry(expanded_len)
            .or_insert_with(|| Bytes::from(gzip_bomb(expanded_len)))
            .clone()
    }

    fn record(&self, rec: RecordedRequest) {
        if self.record.load(Ordering::Relaxed) {
            self.log.push(rec);
        }
    }
}

/// Serves one request. `kill` closes the connection (the connection task watches it).
pub(crate) async fn serve(
    shared: Arc<Shared>,
    host: usize,
    kill: Arc<Notify>,
    req: Request<Incoming>,
) -> Result<Response<MockBody>, Infallible> {
    let received_at = Instant::now();
    let seq = shared.seq.fetch_add(1, Ordering::Relaxed);
    let (parts, body) = req.into_parts();
    let path = parts.uri.path().to_owned();
    let query = parts.uri.query().map(str::to_owned);
    let header_action = parts
        .headers
        .get("gt-action")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let gzip_in = parts
        .headers
        .get(CONTENT_ENCODING)
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"gzip"));
    let mut rec = RecordedRequest {
        seq,
        host,
        method: parts.method.clone(),
        path: path.clone(),
        headers: parts.headers,
        body: Bytes::new(),
        gzip: gzip_in,
        action: header_action.clone(),
        params: None,
        protobuf: Vec::new(),
        answer: None,
        answer_status: None,
        fault: None,
        received_at,
    };

    let latency = shared.latency(host);
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }

    // REST v2: the endpoint is known from method and path, before the body is read.
    let route = if path.starts_with(V2_PREFIX) {
        match v2::route(&parts.method, &path) {
            Ok(route) => {
                rec.action = Some(route.endpoint.to_owned());
                Some(route)
            }
            Err(answer) => {
                let response =
                    json_body(answer.status, Bytes::from(answer.body.to_string()), false);
                rec.answer_status = Some(answer.status.as_u16());
                rec.answer = Some(answer.body);
                shared.record(rec);
                return Ok(response);
            }
        }
    } else {
        if path != SERVICEEX_PATH && path != API_PATH {
            shared.record(rec);
            return Ok(text(StatusCode::NOT_FOUND, "Not Found"));
        }
        if parts.method != Method::POST && parts.method != Method::HEAD {
            shared.record(rec);
            return Ok(text(StatusCode::METHOD_NOT_ALLOWED, "Method Not Allowed"));
        }
        None
    };
    let v2 = route.is_some();

    // With a Gt-Action header (legacy) or a v2 endpoint the fault is chosen before the body
    // is read.
    let early = if v2 {
        Some(shared.faults.select(host, &path, rec.action.as_deref()))
    } else {
        header_action
            .as_deref()
            .map(|a| shared.faults.select(host, &path, Some(a)))
    };
    if let Some(Some(Fault::DropBeforeRead)) = &early {
        rec.fault = Some(Fault::DropBeforeRead);
        shared.record(rec);
        return hang_up(&kill).await;
    }

    let raw = match Limited::new(body, shared.max_body).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(e) => {
            shared.record(rec);
            return Ok(if e.downcast_ref::<LengthLimitError>().is_some() {
                text(StatusCode::PAYLOAD_TOO_LARGE, "Payload Too Large")
            } else {
                text(StatusCode::BAD_REQUEST, "could not read the body")
            });
        }
    };
    let body = if gzip_in {
        match gunzip(&raw, shared.max_body) {
            Ok(b) => Bytes::from(b),
            Err(e) => {
                rec.body = raw;
                shared.record(rec);
                return Ok(text(
                    StatusCode::BAD_REQUEST,
                    &format!("bad gzip body: {e}"),
                ));
            }
        }
    } else {
        raw
    };
    let params: Option<Map<String, Value>> = if body.is_empty() {
        None
    } else {
        serde_json::from_slice(&body).ok()
    };
    if !v2 {
        if let Some(a) = params
            .as_ref()
            .and_then(|p| p.get("action"))
            .and_then(Value::as_str)
        {
            rec.action = Some(a.to_owned());
        }
    }
    rec.body = body;
    rec.params = params;

    let fault = match early {
        Some(f) => f,
        None => shared.faults.select(host, &path, rec.action.as_deref()),
    };
    rec.fault = fault.clone();

    // Faults that replace processing.
    let canned = match &fault {
        Some(f) if f.phase() != Phase::AfterProcessing => match f {
            Fault::Status(code) => {
                shared.record(rec);
                let status =
                    StatusCode::from_u16(*code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                return Ok(text(status, status.canonical_reason().unwrap_or("error")));
            }
            Fault::DropBeforeRead | Fault::DropAfterRead => {
                shared.record(rec);
                return hang_up(&kill).await;
            }
            Fault::Hang => {
                shared.record(rec);
                return std::future::pending().await;
            }
            Fault::DomainError(hosts) if v2 => Some((StatusCode::OK, v2::host_switch(hosts))),
            Fault::DomainError(hosts) => Some((
                StatusCode::OK,
                serde_json::json!({"result": "domain_error", "osList": hosts}),
            )),
            Fault::SignError if v2 => {
                let a = v2::token_error();
                Some((a.status, a.body))
            }
            Fault::SignError => Some((StatusCode::OK, serde_json::json!({"result": "sign_error"}))),
            Fault::Answer(v) => Some((StatusCode::OK, v.clone())),
            _ => None,
        },
        Some(Fault::Latency(d)) => {
            tokio::time::sleep(*d).await;
            None
        }
        _ => None,
    };

    let answer = match (canned, &route) {
        (Some(v), _) => Some(v),
        (None, Some(route)) => {
            let a = process_v2(&shared, host, route, query.as_deref(), &rec);
            Some((a.status, a.body))
        }
        (None, None) if parts.method == Method::POST && !rec.body.is_empty() => {
            Some((StatusCode::OK, process(&shared, host, &mut rec)))
        }
        (None, None) => None, // a probe: HEAD, or POST with an empty body
    };
    let status = answer.as_ref().map_or(StatusCode::OK, |(s, _)| *s);
    rec.answer_status = answer.as_ref().map(|(s, _)| s.as_u16());
    rec.answer = answer.map(|(_, v)| v);

    // Faults that damage or withhold the answer of a processed request.
    let encoded = rec.answer.as_ref().map(|a| {
        let json = serde_json::to_vec(a).expect("serializing a JSON value cannot fail");
        if gzip_in {
            Bytes::from(gzip(&json))
        } else {
            Bytes::from(json)
        }
    });
    let response = match &fault {
        Some(Fault::DropAfterProcess) => {
            shared.record(rec);
            return hang_up(&kill).await;
        }
        Some(Fault::HangAfterProcess) => {
            shared.record(rec);
            return std::future::pending().await;
        }
        Some(Fault::MalformedJson) => ok_body(
            Bytes::from_static(if v2 {
                b"{\"code\": 0, \"msg\": \"success\", \"data\": "
            } else {
                b"{\"result\": \"ok\", \"taskId\": "
            }),
            false,
        ),
        Some(Fault::EmptyBody) => ok_body(Bytes::new(), false),
        Some(Fault::TruncatedGzip) => {
            let json = rec
                .answer
                .as_ref()
                .map_or_else(Vec::new, |a| a.to_string().into_bytes());
            let mut z = gzip(&json);
            z.truncate(z.len() / 2);
            ok_body(Bytes::from(z), true)
        }
        Some(Fault::GzipBomb { expanded_len }) => ok_body(shared.bomb(*expanded_len), true),
        Some(Fault::OversizedAnswer { len }) => ok_body(Bytes::from(oversized(*len, v2)), false),
        Some(Fault::SlowLoris { chunk, interval }) => {
            let mut r = Response::new(MockBody::drip(
                encoded.unwrap_or_default(),
                *chunk,
                *interval,
            ));
            *r.status_mut() = status;
            set_json_headers(&mut r, gzip_in);
            r
        }
        _ => match encoded {
            Some(b) => json_body(status, b, gzip_in),
            None => Response::new(MockBody::empty()),
        },
    };
    shared.record(rec);
    Ok(response)
}

/// Runs a v2 endpoint under the state lock (never held across an await).
fn process_v2(
    shared: &Shared,
    host: usize,
    route: &v2::Route,
    query: Option<&str>,
    rec: &RecordedRequest,
) -> v2::Answer {
    let req = v2::Req {
        host,
        at: Instant::now(),
        route,
        query,
        token: rec.header("token"),
        body: &rec.body,
    };
    let mut state = shared.state();
    v2::handle(&mut state, &req)
}

/// Runs the action under the state lock (never held across an await).
fn process(shared: &Shared, host: usize, rec: &mut RecordedRequest) -> Value {
    let Some(params) = rec.params.as_ref() else {
        return serde_json::json!({"result": "Error", "error_msg": "the body is not a JSON object"});
    };
    rec.protobuf = decode_params(params);
    let ctx = Ctx {
        host,
        at: Instant::now(),
        protobuf: &rec.protobuf,
        strict_protobuf: shared.strict_protobuf,
    };
    let mut state = shared.state();
    actions::handle(&mut state, &ctx, params)
}

/// Closes the connection without answering.
async fn hang_up(kill: &Notify) -> Result<Response<MockBody>, Infallible> {
    kill.notify_one();
    std::future::pending().await
}

fn text(status: StatusCode, body: &str) -> Response<MockBody> {
    let mut r = Response::new(MockBody::full(Bytes::copy_from_slice(body.as_bytes())));
    *r.status_mut() = status;
    r.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("text/plain;charset=UTF-8"),
    );
    r
}

fn set_json_headers(r: &mut Response<MockBody>, gzip: bool) {
    r.headers_mut().insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/json;charset=UTF-8"),
    );
    if gzip {
        r.headers_mut()
            .insert(CONTENT_ENCODING, HeaderValue::from_static("gzip"));
    }
}

fn ok_body(body: Bytes, gzip: bool) -> Response<MockBody> {
    json_body(StatusCode::OK, body, gzip)
}

fn json_body(status: StatusCode, body: Bytes, gzip: bool) -> Response<MockBody> {
    let mut r = Response::new(MockBody::full(body));
    *r.status_mut() = status;
    set_json_headers(&mut r, gzip);
    r
}

/// A valid JSON object of exactly `len` bytes (at least the minimal object's size): a legacy
/// `{"result": "ok", …}` or a v2 `{"code": 0, …}` answer with padding.
fn oversized(len: usize, v2: bool) -> Vec<u8> {
    let head: &[u8] = if v2 {
        b"{\"code\": 0, \"msg\": \"success\", \"padding\": \""
    } else {
        b"{\"result\": \"ok\", \"padding\": \""
    };
    const TAIL: &[u8] = b"\"}";
    let pad = len.saturating_sub(head.len() + TAIL.len());
    let mut out = Vec::with_capacity(head.len() + pad + TAIL.len());
    out.extend_from_slice(head);
    out.resize(head.len() + pad, b'x');
    out.extend_from_slice(TAIL);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oversized_is_valid_json_of_the_given_length() {
        let body = oversized(10_000, false);
        assert_eq!(body.len(), 10_000);
        let v: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["result"], "ok");
        let body = oversized(10_000, true);
        assert_eq!(body.len(), 10_000);
        let v: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(v["code"], 0);
    }
}
