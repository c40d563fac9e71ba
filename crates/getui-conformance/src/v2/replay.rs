//! The REST v2 mock server of one vector (vectors README, "The mock server"): it plays
//! `https://restapi.getui.com/v2/{appId}`, checks the auth sign, issues and checks tokens,
//! answers per `recorder.script` or by default (the recorded answers of the vector), and
//! records every request as it arrived.
//!
//! It speaks HTTP/1.1 on a plain `TcpListener` (no HTTP library between the wire and the
//! record): the request target is kept byte for byte (escapes as sent, absolute-form through a
//! proxy), header names as sent, and a `drop` entry can close the connection without answering.

use super::schema::{split_v2_path, Api, Route};
use getui_protocol::gzip;
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashSet};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// The largest decompressed request body accepted (far above any vector).
const MAX_BODY: usize = 64 << 20;

/// Largest request head or body the server reads.
const MAX_REQUEST: usize = 16 << 20;

/// What the server answered.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// An HTTP answer.
    Http {
        /// The status.
        status: u16,
        /// The body: JSON …
        json: Option<Value>,
        /// … or text.
        text: Option<String>,
        /// Extra headers.
        headers: Vec<(String, String)>,
    },
    /// The connection was closed without an answer.
    Dropped,
}

impl Answer {
    fn json(status: u16, body: Value) -> Self {
        Answer::Http {
            status,
            json: Some(body),
            text: None,
            headers: Vec::new(),
        }
    }

    /// The capture-file form: `{"status", "json"}`, `{"status", "bodyText"}` or `{"dropped": true}`.
    pub fn to_json(&self) -> Value {
        match self {
            Answer::Dropped => json!({"dropped": true}),
            Answer::Http {
                status, json, text, ..
            } => {
                let mut out = Map::new();
                out.insert("status".into(), Value::from(*status));
                if let Some(j) = json {
                    out.insert("json".into(), j.clone());
                } else if let Some(t) = text {
                    out.insert("bodyText".into(), Value::from(t.clone()));
                }
                Value::Object(out)
            }
        }
    }
}

/// One request as it arrived.
#[derive(Debug, Clone)]
pub struct Received {
    /// The method.
    pub method: String,
    /// The request target as sent (absolute-form through a proxy).
    pub target: String,
    /// The path as sent (escapes kept), scheme and authority of an absolute-form removed.
    pub path: String,
    /// The query (after `?`), `""` if none.
    pub query: String,
    /// Headers in arrival order, names as sent.
    pub headers: Vec<(String, String)>,
    /// The body bytes (after removing a gzip `Content-Encoding`).
    pub body: Vec<u8>,
    /// The endpoint template the path matched.
    pub endpoint: Option<String>,
    /// The local address the request came in on.
    pub local: String,
    /// The authority of the `CONNECT` tunnel the request came through (a proxy client that
    /// tunnels instead of sending the absolute-form), if any.
    pub tunnel: Option<String>,
    /// What was answered.
    pub answer: Answer,
}

impl Received {
    /// The value of a header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body parsed as JSON, if it is JSON.
    pub fn json(&self) -> Option<Value> {
        if self.body.is_empty() {
            return None;
        }
        serde_json::from_slice(&self.body).ok()
    }

    /// The capture-file line of this request (vectors-v2 README, "Capture file").
    pub fn to_capture_line(&self) -> Value {
        let mut line = Map::new();
        line.insert("method".into(), Value::from(self.method.clone()));
        line.insert("path".into(), Value::from(self.path.clone()));
        line.insert("query".into(), Value::from(self.query.clone()));
        if self.target != format!("{}{}", self.path, query_suffix(&self.query)) {
            line.insert("requestTarget".into(), Value::from(self.target.clone()));
        }
        if let Some(t) = &self.tunnel {
            line.insert("proxyTunnel".into(), Value::from(t.clone()));
        }
        line.insert(
            "headers".into(),
            Value::Array(self.headers.iter().map(|(n, v)| json!([n, v])).collect()),
        );
        if !self.body.is_empty() {
            match self.json() {
                Some(v) => {
                    line.insert("body".into(), v);
                }
                None => {
                    line.insert(
                        "bodyText".into(),
                        Value::from(String::from_utf8_lossy(&self.body).into_owned()),
                    );
                }
            }
        }
        line.insert("response".into(), self.answer.to_json());
        Value::Object(line)
    }
}

fn query_suffix(query: &str) -> String {
    if query.is_empty() {
        String::new()
    } else {
        format!("?{query}")
    }
}

/// One `recorder.script` entry and how often it was used.
#[derive(Debug, Clone)]
struct ScriptEntry {
    matcher: Map<String, Value>,
    answer: Answer,
    times: Option<u64>,
    skip: u64,
    seen: u64,
    used: u64,
}

/// A recorded answer the default rule may give again.
#[derive(Debug, Clone)]
struct Recorded {
    endpoint: String,
    answer: Value,
    used: bool,
}

#[derive(Debug, Default)]
struct State {
    vector: String,
    apps: BTreeMap<String, String>,
    script: Vec<ScriptEntry>,
    recorded: Vec<Recorded>,
    issued: u64,
    valid: HashSet<String>,
    deleted: HashSet<String>,
    answered_tokens: Vec<String>,
    received: Vec<Received>,
}

/// The mock server of one vector. Stops when dropped.
#[derive(Debug)]
pub struct ReplayServer {
    addr: SocketAddr,
    alt: Option<SocketAddr>,
    state: Arc<Mutex<State>>,
    tasks: Vec<JoinHandle<()>>,
}

impl Drop for ReplayServer {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}

/// Replaces `${BASE}`, `${BASE_ALT}` and `${PORT}` in every string (and key) of `value`.
pub fn substitute(value: &Value, base: &str, base_alt: &str, port: u16) -> Value {
    let s = |t: &str| {
        t.replace("${BASE_ALT}", base_alt)
            .replace("${BASE}", base)
            .replace("${PORT}", &port.to_string())
    };
    match value {
        Value::String(t) if t.contains("${") => Value::String(s(t)),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|v| substitute(v, base, base_alt, port))
                .collect(),
        ),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (s(k), substitute(v, base, base_alt, port)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// `sha256("oracle-v2-token|VECTOR|N")`, first 32 hex digits.
pub fn token_for(vector: &str, n: u64) -> String {
    let mut hex = sha256_hex(&format!("oracle-v2-token|{vector}|{n}"));
    hex.truncate(32);
    hex
}

/// Lowercase hex SHA-256 of a UTF-8 string.
pub fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The apps (appkey → master secret) the server knows: the vector's `client`, every
/// `GTClient` op of its input, then `recorder.apps` (which wins).
fn apps_of(doc: &Value) -> BTreeMap<String, String> {
    fn walk(v: &Value, apps: &mut BTreeMap<String, String>) {
        match v {
            Value::Object(m) => {
                if m.get("op").and_then(Value::as_str) == Some("GTClient") {
                    add(v, apps);
                }
                m.values().for_each(|x| walk(x, apps));
            }
            Value::Array(a) => a.iter().for_each(|x| walk(x, apps)),
            _ => {}
        }
    }
    fn add(c: &Value, apps: &mut BTreeMap<String, String>) {
        if let (Some(k), Some(s)) = (c["appkey"].as_str(), c["masterSecret"].as_str()) {
            apps.insert(k.to_owned(), s.to_owned());
        }
    }
    let mut apps = BTreeMap::new();
    add(&doc["client"], &mut apps);
    walk(&doc["input"], &mut apps);
    if let Some(m) = doc["recorder"]["apps"].as_object() {
        for (k, s) in m {
            if let Some(s) = s.as_str() {
                apps.insert(k.clone(), s.to_owned());
            }
        }
    }
    apps
}

fn script_answer(entry: &Value) -> Answer {
    if entry["drop"].as_bool() == Some(true) {
        return Answer::Dropped;
    }
    let headers = entry["headers"]
        .as_object()
        .map(|m| {
            m.iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        v.as_str().map_or_else(|| v.to_string(), str::to_owned),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let status = entry["status"].as_u64().unwrap_or(200) as u16;
    let (json, text) = if let Some(t) = entry.get("bodyText").and_then(Value::as_str) {
        (None, Some(t.to_owned()))
    } else if let Some(b) = entry.get("body").or_else(|| entry.get("json")) {
        (Some(b.clone()), None)
    } else {
        (None, Some(String::new()))
    };
    Answer::Http {
        status,
        json,
        text,
        headers,
    }
}

impl ReplayServer {
    /// Starts the server of `doc` (a vector whose `${BASE}`… are not yet replaced) on
    /// `127.0.0.1`, and on `127.0.0.2` with the same port when that can be bound. Returns the
    /// server and the vector with `${BASE}`, `${BASE_ALT}`, `${PORT}` replaced.
    pub async fn start(doc: &Value, api: &Api) -> std::io::Result<(Self, Value)> {
        let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
        let addr = listener.local_addr()?;
        let alt_listener = TcpListener::bind(("127.0.0.2", addr.port())).await.ok();
        let alt = alt_listener.as_ref().and_then(|l| l.local_addr().ok());
        let base = format!("http://{addr}");
        let base_alt = format!("http://127.0.0.2:{}", addr.port());
        let doc = substitute(doc, &base, &base_alt, addr.port());
        let script = doc["recorder"]["script"]
            .as_array()
            .map(|entries| {
                entries
                    .iter()
                    .map(|e| ScriptEntry {
                        matcher: e["match"].as_object().cloned().unwrap_or_default(),
                        answer: script_answer(e),
                        times: e["times"].as_u64(),
                        skip: e["skip"].as_u64().unwrap_or(0),
                        seen: 0,
                        used: 0,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let recorded = doc["requests"]
            .as_array()
            .map(|reqs| {
                reqs.iter()
                    .filter(|r| is_success_answer(&r["response"]))
                    .filter_map(|r| {
                        Some(Recorded {
                            endpoint: r["endpoint"].as_str()?.to_owned(),
                            answer: r["response"]["json"].clone(),
                            used: false,
                        })
                    })
                    .collect()
            })
            .unwrap_or_default();
        let state = Arc::new(Mutex::new(State {
            vector: doc["name"].as_str().unwrap_or_default().to_owned(),
            apps: apps_of(&doc),
            script,
            recorded,
            ..State::default()
        }));
        let api = Arc::new(api.clone());
        let mut tasks = vec![tokio::spawn(accept_loop(
            listener,
            Arc::clone(&state),
            Arc::clone(&api),
        ))];
        if let Some(l) = alt_listener {
            tasks.push(tokio::spawn(accept_loop(l, Arc::clone(&state), api)));
        }
        Ok((
            Self {
                addr,
                alt,
                state,
                tasks,
            },
            doc,
        ))
    }

    /// `http://127.0.0.1:PORT`, the vectors' `${BASE}`.
    pub fn base(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Whether `127.0.0.2` (`${BASE_ALT}`) is served too.
    pub fn serves_alt(&self) -> bool {
        self.alt.is_some()
    }

    /// The requests received so far, in order.
    pub fn received(&self) -> Vec<Received> {
        self.lock().received.clone()
    }

    /// The tokens of the successful auth answers given so far (`<token#N>` is the N-th).
    pub fn answered_tokens(&self) -> Vec<String> {
        self.lock().answered_tokens.clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A recorded answer of the default kind: HTTP 200 with a JSON body of code 0.
fn is_success_answer(response: &Value) -> bool {
    response["status"].as_u64() == Some(200) && response["json"]["code"].as_i64() == Some(0)
}

async fn accept_loop(listener: TcpListener, state: Arc<Mutex<State>>, api: Arc<Api>) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            continue;
        };
        let state = Arc::clone(&state);
        let api = Arc::clone(&api);
        tokio::spawn(async move {
            let _ = serve_connection(stream, &state, &api).await;
        });
    }
}

/// A parsed request head.
struct Head {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
}

async fn serve_connection(
    mut stream: TcpStream,
    state: &Mutex<State>,
    api: &Api,
) -> std::io::Result<()> {
    let local = stream
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or_default();
    let mut buf: Vec<u8> = Vec::new();
    let mut tunnel: Option<String> = None;
    loop {
        // Read the head.
        let head_end = loop {
            if let Some(i) = find(&buf, b"\r\n\r\n") {
                break i;
            }
            if buf.len() > MAX_REQUEST {
                return Ok(());
            }
            let mut chunk = [0u8; 8192];
            let n = stream.read(&mut chunk).await?;
            if n == 0 {
                return Ok(());
            }
            buf.extend_from_slice(&chunk[..n]);
        };
        let Some(head) = parse_head(&buf[..head_end]) else {
            return Ok(());
        };
        buf.drain(..head_end + 4);
        if head.method.eq_ignore_ascii_case("CONNECT") {
            // Play the proxy: the tunnel leads to this same server, whose later requests on
            // this connection are recorded as tunnelled.
            tunnel = Some(head.target.clone());
            stream
                .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                .await?;
            continue;
        }
        let header = |name: &str| {
            head.headers
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.trim().to_owned())
        };
        if header("expect").is_some_and(|v| v.eq_ignore_ascii_case("100-continue")) {
            stream.write_all(b"HTTP/1.1 100 Continue\r\n\r\n").await?;
        }
        let chunked =
            header("transfer-encoding").is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
        let body = if chunked {
            read_chunked(&mut stream, &mut buf).await?
        } else {
            let len: usize = header("content-length")
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            if len > MAX_REQUEST {
                return Ok(());
            }
            while buf.len() < len {
                let mut chunk = [0u8; 8192];
                let n = stream.read(&mut chunk).await?;
                if n == 0 {
                    return Ok(());
                }
                buf.extend_from_slice(&chunk[..n]);
            }
            buf.drain(..len).collect()
        };
        let body = if header("content-encoding").is_some_and(|v| v.eq_ignore_ascii_case("gzip")) {
            gzip::decompress(&body, MAX_BODY).unwrap_or(body)
        } else {
            body
        };
        let close = header("connection").is_some_and(|v| v.eq_ignore_ascii_case("close"));
        let answer = {
            let mut st = state.lock().unwrap_or_else(|e| e.into_inner());
            handle(&mut st, api, head, body, local.clone(), tunnel.clone())
        };
        match answer {
            Answer::Dropped => {
                let _ = stream.shutdown().await;
                return Ok(());
            }
            Answer::Http {
                status,
                json,
                text,
                headers,
            } => {
                let body = match (json, text) {
                    (Some(j), _) => j.to_string(),
                    (None, Some(t)) => t,
                    (None, None) => String::new(),
                };
                let mut out = format!(
                    "HTTP/1.1 {status} {}\r\nContent-Type: application/json;charset=UTF-8\r\nContent-Length: {}\r\n",
                    reason(status),
                    body.len()
                );
                for (n, v) in headers {
                    out.push_str(&format!("{n}: {v}\r\n"));
                }
                if close {
                    out.push_str("Connection: close\r\n");
                }
                out.push_str("\r\n");
                out.push_str(&body);
                stream.write_all(out.as_bytes()).await?;
                stream.flush().await?;
                if close {
                    return Ok(());
                }
            }
        }
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        405 => "Method Not Allowed",
        500 => "Internal Server Error",
        _ => "Status",
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn parse_head(bytes: &[u8]) -> Option<Head> {
    let text = String::from_utf8_lossy(bytes);
    let mut lines = text.split("\r\n");
    let request_line = lines.next()?;
    let mut parts = request_line.split(' ');
    let method = parts.next()?.to_owned();
    let target = parts.next()?.to_owned();
    let headers = lines
        .filter_map(|l| {
            let (n, v) = l.split_once(':')?;
            Some((n.to_owned(), v.trim().to_owned()))
        })
        .collect();
    Some(Head {
        method,
        target,
        headers,
    })
}

async fn read_chunked(stream: &mut TcpStream, buf: &mut Vec<u8>) -> std::io::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let line_end = loop {
            if let Some(i) = find(buf, b"\r\n") {
                break i;
            }
            let mut chunk = [0u8; 8192];
            let n = stream.read(&mut chunk).await?;
            if n == 0 {
                return Ok(body);
            }
            buf.extend_from_slice(&chunk[..n]);
        };
        let size_text = String::from_utf8_lossy(&buf[..line_end]).into_owned();
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("0").trim(), 16)
            .unwrap_or(0);
        buf.drain(..line_end + 2);
        if size == 0 {
            // Trailers until an empty line.
            loop {
                if let Some(i) = find(buf, b"\r\n") {
                    let empty = i == 0;
                    buf.drain(..i + 2);
                    if empty {
                        return Ok(body);
                    }
                    continue;
                }
                let mut chunk = [0u8; 8192];
                let n = stream.read(&mut chunk).await?;
                if n == 0 {
                    return Ok(body);
                }
                buf.extend_from_slice(&chunk[..n]);
            }
        }
        while buf.len() < size + 2 {
            let mut chunk = [0u8; 8192];
            let n = stream.read(&mut chunk).await?;
            if n == 0 {
                return Ok(body);
            }
            buf.extend_from_slice(&chunk[..n]);
        }
        body.extend_from_slice(&buf[..size]);
        buf.drain(..size + 2);
        if body.len() > MAX_REQUEST {
            return Ok(body);
        }
    }
}

/// Decides the answer to one request and records both.
fn handle(
    st: &mut State,
    api: &Api,
    head: Head,
    body: Vec<u8>,
    local: String,
    tunnel: Option<String>,
) -> Answer {
    let target = head.target.clone();
    let origin = match target.find("://") {
        Some(i) if !target.starts_with('/') => {
            let after = &target[i + 3..];
            after.find('/').map_or("/", |j| &after[j..]).to_owned()
        }
        _ => target.clone(),
    };
    let (path, query) = match origin.split_once('?') {
        Some((p, q)) => (p.to_owned(), q.to_owned()),
        None => (origin.clone(), String::new()),
    };
    let route = match split_v2_path(&path) {
        Some((_, _, rest)) => api.route(&head.method, rest),
        None => Route::NotFound,
    };
    let endpoint = match &route {
        Route::Found(name, _) => Some(name.clone()),
        _ => None,
    };
    let mut received = Received {
        method: head.method,
        target,
        path,
        query,
        headers: head.headers,
        body,
        endpoint: endpoint.clone(),
        local,
        tunnel,
        answer: Answer::Dropped,
    };
    let answer = answer_for(st, &received, &route);
    if let Answer::Http { json: Some(j), .. } = &answer {
        if endpoint.as_deref() == Some("POST /auth") && j["code"].as_i64() == Some(0) {
            if let Some(t) = j["data"]["token"].as_str() {
                st.answered_tokens.push(t.to_owned());
            }
        }
    }
    received.answer = answer.clone();
    st.received.push(received);
    answer
}

fn entry_matches(matcher: &Map<String, Value>, req: &Received) -> bool {
    matcher.iter().all(|(k, v)| match (k.as_str(), v.as_str()) {
        ("endpoint", Some(e)) => req.endpoint.as_deref() == Some(e),
        ("method", Some(m)) => req.method.eq_ignore_ascii_case(m),
        ("path", Some(p)) => req.path == p,
        ("pathContains", Some(p)) => req.path.contains(p),
        ("query", Some(q)) => req.query == q,
        _ => false,
    })
}

fn answer_for(st: &mut State, req: &Received, route: &Route) -> Answer {
    // 1. recorder.script: the first unused matching entry, after its `skip`.
    for entry in &mut st.script {
        if !entry_matches(&entry.matcher, req) {
            continue;
        }
        if entry.times.is_some_and(|t| entry.used >= t) {
            continue;
        }
        if entry.seen < entry.skip {
            entry.seen += 1;
            continue;
        }
        entry.used += 1;
        return entry.answer.clone();
    }
    // 2. the route.
    let endpoint = match route {
        Route::NotFound => return Answer::json(404, json!({"code": 404, "msg": "url错误"})),
        Route::WrongMethod => return Answer::json(405, json!({"code": 405, "msg": "方法不支持"})),
        Route::Found(name, _) => name.clone(),
    };
    // 3. auth: the sign check, then a new token.
    if endpoint == "POST /auth" {
        let body = req.json().unwrap_or(Value::Null);
        let field = |k: &str| body[k].as_str().map(str::to_owned);
        let (Some(appkey), Some(timestamp), Some(sign)) =
            (field("appkey"), field("timestamp"), field("sign"))
        else {
            return Answer::json(
                400,
                json!({"code": 20001, "msg": "appkey, sign and timestamp can not be empty"}),
            );
        };
        let good = st
            .apps
            .get(&appkey)
            .is_some_and(|secret| sha256_hex(&format!("{appkey}{timestamp}{secret}")) == sign);
        if !good {
            return Answer::json(400, json!({"code": 20001, "msg": "sign is invalid"}));
        }
        st.issued += 1;
        let token = token_for(&st.vector, st.issued);
        st.valid.insert(token.clone());
        return Answer::json(
            200,
            json!({"code": 0, "msg": "success", "data": {"expire_time": "4102444800000", "token": token}}),
        );
    }
    // 4. every other call needs a token this server issued and did not delete.
    let token_ok = req
        .header("token")
        .is_some_and(|t| st.valid.contains(t) && !st.deleted.contains(t));
    if !token_ok {
        return Answer::json(401, json!({"code": 10001, "msg": "token error or expired"}));
    }
    if endpoint == "DELETE /auth/{token}" {
        if let Route::Found(_, params) = route {
            if let Some(t) = params.first() {
                st.deleted.insert(percent_decode(t));
            }
        }
    }
    // 5. the default success answer: the next recorded one of this endpoint.
    if let Some(r) = st
        .recorded
        .iter_mut()
        .find(|r| !r.used && r.endpoint == endpoint)
    {
        r.used = true;
        return Answer::json(200, r.answer.clone());
    }
    Answer::json(200, json!({"code": 0, "msg": "success", "data": {}}))
}

/// Decodes `%XX` escapes (invalid ones are kept).
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |c: u8| (c as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn state(doc: &Value) -> State {
        let script = doc["recorder"]["script"]
            .as_array()
            .map(|entries| {
                entries
                    .iter()
                    .map(|e| ScriptEntry {
                        matcher: e["match"].as_object().cloned().unwrap_or_default(),
                        answer: script_answer(e),
                        times: e["times"].as_u64(),
                        skip: e["skip"].as_u64().unwrap_or(0),
                        seen: 0,
                        used: 0,
                    })
                    .collect()
            })
            .unwrap_or_default();
        State {
            vector: "v".into(),
            apps: apps_of(doc),
            script,
            ..State::default()
        }
    }

    fn send(st: &mut State, method: &str, path: &str, token: Option<&str>, body: &str) -> Answer {
        let mut headers = vec![];
        if let Some(t) = token {
            headers.push(("token".to_owned(), t.to_owned()));
        }
        let head = Head {
            method: method.into(),
            target: path.into(),
            headers,
        };
        handle(
            st,
            &Api::bundled(),
            head,
            body.as_bytes().to_vec(),
            String::new(),
            None,
        )
    }

    fn auth_body(secret: &str) -> String {
        let ts = "1700000000000";
        let sign = sha256_hex(&format!("k{ts}{secret}"));
        json!({"appkey": "k", "timestamp": ts, "sign": sign}).to_string()
    }

    fn status(a: &Answer) -> u16 {
        match a {
            Answer::Http { status, .. } => *status,
            Answer::Dropped => 0,
        }
    }

    #[test]
    fn auth_sign_tokens_and_deleted_token() {
        let doc = json!({"client": {"appkey": "k", "masterSecret": "s"}});
        let mut st = state(&doc);
        assert_eq!(
            status(&send(&mut st, "POST", "/v2/A/auth", None, &auth_body("x"))),
            400
        );
        let a = send(&mut st, "POST", "/v2/A/auth", None, &auth_body("s"));
        assert_eq!(status(&a), 200);
        let t1 = token_for("v", 1);
        assert_eq!(st.answered_tokens, vec![t1.clone()]);
        assert_eq!(
            status(&send(&mut st, "GET", "/v2/A/report/online_user", None, "")),
            401
        );
        assert_eq!(
            status(&send(
                &mut st,
                "GET",
                "/v2/A/report/online_user",
                Some(&t1),
                ""
            )),
            200
        );
        let del = format!("/v2/A/auth/{t1}");
        assert_eq!(
            status(&send(&mut st, "DELETE", &del, Some(&t1), "null")),
            200
        );
        let after = send(&mut st, "GET", "/v2/A/report/online_user", Some(&t1), "");
        assert_eq!(
            after,
            Answer::json(401, json!({"code": 10001, "msg": "token error or expired"}))
        );
        assert_eq!(
            status(&send(&mut st, "GET", "/v2/A/nothing", Some(&t1), "")),
            404
        );
        assert_eq!(
            status(&send(&mut st, "GET", "/v2/A/push/all", Some(&t1), "")),
            405
        );
    }

    #[test]
    fn script_times_skip_and_drop() {
        let doc = json!({
            "client": {"appkey": "k", "masterSecret": "s"},
            "recorder": {"script": [
                {"match": {"endpoint": "POST /auth"}, "status": 400, "times": 1, "skip": 1, "body": {"code": 20001}},
                {"match": {"endpoint": "GET /report/online_user"}, "drop": true, "times": 2}
            ]}
        });
        let mut st = state(&doc);
        assert_eq!(
            status(&send(&mut st, "POST", "/v2/A/auth", None, &auth_body("s"))),
            200
        );
        assert_eq!(
            status(&send(&mut st, "POST", "/v2/A/auth", None, &auth_body("s"))),
            400
        );
        assert_eq!(
            status(&send(&mut st, "POST", "/v2/A/auth", None, &auth_body("s"))),
            200
        );
        assert_eq!(
            st.answered_tokens,
            vec![token_for("v", 1), token_for("v", 2)]
        );
        let t = token_for("v", 2);
        let get = |st: &mut State| send(st, "GET", "/v2/A/report/online_user", Some(&t), "");
        assert_eq!(get(&mut st), Answer::Dropped);
        assert_eq!(get(&mut st), Answer::Dropped);
        assert_eq!(status(&get(&mut st)), 200);
        assert_eq!(st.received.len(), 6);
    }

    #[tokio::test]
    async fn serves_http_and_drops() {
        let doc = json!({"name": "v", "client": {"appkey": "k", "masterSecret": "s"},
            "recorder": {"script": [{"match": {"endpoint": "POST /auth"}, "drop": true, "times": 1}]}});
        let (server, _) = ReplayServer::start(&doc, &Api::bundled()).await.unwrap();
        let addr = server.base().trim_start_matches("http://").to_owned();
        let body = auth_body("s");
        let request = format!(
            "POST /v2/A/auth HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        let mut s = TcpStream::connect(&addr).await.unwrap();
        s.write_all(request.as_bytes()).await.unwrap();
        let mut out = Vec::new();
        s.read_to_end(&mut out).await.unwrap();
        assert!(out.is_empty());
        let mut s = TcpStream::connect(&addr).await.unwrap();
        s.write_all(request.as_bytes()).await.unwrap();
        let mut out = vec![0u8; 4096];
        let n = s.read(&mut out).await.unwrap();
        let text = String::from_utf8_lossy(&out[..n]);
        assert!(text.starts_with("HTTP/1.1 200"), "{text}");
        assert!(text.contains(&token_for("v", 1)));
        let got = server.received();
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].endpoint.as_deref(), Some("POST /auth"));
    }
}
