//! A local HTTP server that plays Getui for one vector: it answers each request with the answer
//! the vector recorded for it (or a `recorder.script` entry, or the recorder's default answer)
//! and keeps every request for comparison.

use crate::capture::CapturedRequest;
use crate::compare::expand_base;
use bytes::Bytes;
use getui_protocol::gzip;
use http_body_util::{BodyExt, Full};
use hyper::{body::Incoming, service::service_fn, Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// The largest decompressed request body accepted (far above any vector).
const MAX_BODY: usize = 64 << 20;

/// The auth token the replay server hands out when a vector does not show one.
pub const DEFAULT_TOKEN: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One canned answer.
#[derive(Debug, Clone)]
struct Answer {
    action: Option<String>,
    status: u16,
    body: AnswerBody,
    used: bool,
}

#[derive(Debug, Clone)]
enum AnswerBody {
    Json(Value),
    Text(String),
}

#[derive(Debug, Default)]
struct State {
    recorded: Vec<Answer>,
    script: Vec<Answer>,
    token: String,
    in_call: bool,
    setup: Vec<CapturedRequest>,
    call: Vec<CapturedRequest>,
}

/// The replay server of one vector. Stops when dropped.
#[derive(Debug)]
pub struct ReplayServer {
    addr: SocketAddr,
    state: Arc<Mutex<State>>,
    accept: JoinHandle<()>,
}

impl Drop for ReplayServer {
    fn drop(&mut self) {
        self.accept.abort();
    }
}

impl ReplayServer {
    /// Starts a server on `127.0.0.1` for `vector` (its recorded answers and script).
    pub async fn start(vector: &Value) -> std::io::Result<Self> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let base = format!("http://{addr}");
        let recorded = vector["requests"]
            .as_array()
            .map(|reqs| {
                reqs.iter()
                    .filter_map(|r| {
                        answer_from(
                            r["action"].as_str().map(str::to_owned),
                            &r["response"],
                            &base,
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        let script = vector["recorder"]["script"]
            .as_array()
            .map(|entries| {
                entries
                    .iter()
                    .filter_map(|e| {
                        let action = e["match"]["action"].as_str().map(str::to_owned);
                        answer_from(action, e, &base)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let state = Arc::new(Mutex::new(State {
            recorded,
            script,
            token: token_of(vector),
            ..State::default()
        }));
        let accept_state = Arc::clone(&state);
        let accept = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    continue;
                };
                let state = Arc::clone(&accept_state);
                let base = base.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |req| {
                        let state = Arc::clone(&state);
                        let base = base.clone();
                        async move { Ok::<_, hyper::Error>(handle(req, &state, &base).await) }
                    });
                    let _ = hyper::server::conn::http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        Ok(Self {
            addr,
            state,
            accept,
        })
    }

    /// `http://127.0.0.1:PORT`, the vectors' `${BASE}`.
    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The auth token the server hands out on `connect` when nothing was recorded for it.
    pub fn token(&self) -> String {
        self.lock().token.clone()
    }

    /// Ends the set-up phase: later requests belong to the vector's call.
    pub fn begin_call(&self) {
        self.lock().in_call = true;
    }

    /// The requests received during set-up and during the call.
    pub fn captured(&self) -> (Vec<CapturedRequest>, Vec<CapturedRequest>) {
        let state = self.lock();
        (state.setup.clone(), state.call.clone())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The token the vector's requests carry (what the recorder handed out), else a default.
fn token_of(vector: &Value) -> String {
    let from_requests = vector["requests"].as_array().and_then(|reqs| {
        reqs.iter().find_map(|r| {
            r["body"]["authToken"]
                .as_str()
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
        })
    });
    from_requests.unwrap_or_else(|| DEFAULT_TOKEN.to_owned())
}

fn answer_from(action: Option<String>, response: &Value, base: &str) -> Option<Answer> {
    let status = response["status"].as_u64().unwrap_or(200) as u16;
    let body = if let Some(text) = response.get("bodyText").and_then(Value::as_str) {
        AnswerBody::Text(text.replace("${BASE}", base))
    } else if let Some(json) = response.get("json").or_else(|| response.get("body")) {
        AnswerBody::Json(expand_base(json, base))
    } else {
        return None;
    };
    Some(Answer {
        action,
        status,
        body,
        used: false,
    })
}

async fn handle(req: Request<Incoming>, state: &Mutex<State>, base: &str) -> Response<Full<Bytes>> {
    let method = req.method().to_string();
    let path = req.uri().path().to_owned();
    let headers: Vec<(String, String)> = req
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let gzipped = req
        .headers()
        .get("content-encoding")
        .is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"gzip"));
    let raw = match req.into_body().collect().await {
        Ok(body) => body.to_bytes(),
        Err(_) => Bytes::new(),
    };
    let body_bytes = if gzipped {
        gzip::decompress(&raw, MAX_BODY).unwrap_or_else(|_| raw.to_vec())
    } else {
        raw.to_vec()
    };
    let captured = CapturedRequest::new(
        method,
        path,
        headers,
        String::from_utf8_lossy(&body_bytes).into_owned(),
        gzipped,
    );
    let action = captured.action();
    let answer = {
        let mut state = state.lock().unwrap_or_else(|e| e.into_inner());
        let answer = choose_answer(&mut state, action.as_deref(), base);
        if state.in_call {
            state.call.push(captured);
        } else {
            state.setup.push(captured);
        }
        answer
    };
    let Some(answer) = answer else {
        // A host probe (no action): answer 200 with an empty body.
        return Response::new(Full::new(Bytes::new()));
    };
    let text = match answer.body {
        AnswerBody::Json(v) => v.to_string(),
        AnswerBody::Text(t) => t,
    };
    let mut builder = Response::builder()
        .status(StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK))
        .header("content-type", "application/json;charset=UTF-8");
    let body = if gzipped {
        builder = builder.header("content-encoding", "gzip");
        gzip::compress(text.as_bytes())
    } else {
        text.into_bytes()
    };
    builder
        .body(Full::new(Bytes::from(body)))
        .unwrap_or_else(|_| Response::new(Full::new(Bytes::new())))
}

/// The recorded answer for the next request with this action (in recorded order), else the
/// first unused script entry for it, else the recorder's default answer.
fn choose_answer(state: &mut State, action: Option<&str>, base: &str) -> Option<Answer> {
    let action = action?;
    if state.in_call {
        if let Some(a) = state
            .recorded
            .iter_mut()
            .find(|a| !a.used && a.action.as_deref() == Some(action))
        {
            a.used = true;
            return Some(a.clone());
        }
        if let Some(a) = state
            .script
            .iter_mut()
            .find(|a| !a.used && a.action.as_deref() == Some(action))
        {
            a.used = true;
            return Some(a.clone());
        }
    }
    let body = match action {
        "getOSPushDomailUrlListAction" => {
            json!({"result": "ok", "osList": [format!("{base}/apiex.htm")]})
        }
        "connect" => json!({"result": "success", "authtoken": state.token}),
        _ => json!({"result": "ok"}),
    };
    Some(Answer {
        action: Some(action.to_owned()),
        status: 200,
        body: AnswerBody::Json(body),
        used: true,
    })
}
