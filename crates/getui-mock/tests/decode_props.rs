//! Property tests of the mock's request handling, through its public surface (HTTP on
//! 127.0.0.1): whatever arrives — arbitrary bytes, broken gzip, any action with members of any
//! JSON type, random base64 in the protobuf members, batches of random items — the mock answers
//! every request (a panic in its handler would drop the connection instead), and the protobuf
//! members it records are exactly what `pb::decode` makes of the same bytes.
//!
//! getui-mock has no `proptest` dev-dependency, so the inputs come from a small seeded
//! generator in this file: every run tries the same cases (reproducible in CI); a failure
//! prints the case's seed, and `GETUI_PROPS_SEED=<n>` explores other cases.

mod common;

use base64::Engine as _;
use common::*;
use getui_mock::{pb, BlockingMockServer, DecodedProtobuf, MockServer, ACTIONS};
use getui_mock::{DEFAULT_APP_ID, DEFAULT_APP_KEY};
use http_body_util::Full;
use hyper::{Method, Request};
use prost::Message as _;
use serde_json::{json, Map, Value};

/// Cases per property.
const CASES: u64 = 192;

/// Members the actions read (docs/protocol-legacy.md section 7), so random bodies reach the handlers'
/// member parsing rather than stopping at the first missing one.
const MEMBERS: &[&str] = &[
    "appId",
    "appid",
    "clientId",
    "cid",
    "alias",
    "aliaslist",
    "cidList",
    "cids",
    "tagList",
    "tag",
    "appIdList",
    "taskId",
    "taskIdList",
    "actionIdList",
    "contentId",
    "requestId",
    "DT",
    "DTL",
    "deviceToken",
    "serialize",
    "async",
    "needDetails",
    "clientIdList",
    "aliasList",
    "conditions",
    "speed",
    "pushTime",
    "taskGroupName",
    "isOffline",
    "offlineExpireTime",
    "pushNetWorkType",
    "transmissionContent",
    "type",
    "contentType",
    "pushType",
    "phoneTypeList",
    "provinceList",
    "optType",
    "badge",
    "date",
    "groupName",
    "operation",
    "cidpnlist",
];

/// A seeded xorshift64* generator: small, deterministic, good enough to spread cases.
struct Gen(u64);

impl Gen {
    fn new(seed: u64) -> Gen {
        // SplitMix64 of the seed, so neighbouring seeds give unrelated streams (never 0).
        let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        Gen((z ^ (z >> 31)) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// A number in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn coin(&mut self) -> bool {
        self.next() & 1 == 1
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn bytes(&mut self, max: usize) -> Vec<u8> {
        let n = self.below(max + 1);
        (0..n).map(|_| self.next() as u8).collect()
    }

    /// Any Unicode text (printable ASCII half of the time).
    fn text(&mut self, max: usize) -> String {
        let n = self.below(max + 1);
        let ascii = self.coin();
        (0..n)
            .map(|_| {
                if ascii {
                    char::from(b' ' + self.below(95) as u8)
                } else {
                    char::from_u32(self.next() as u32 % 0x11_0000).unwrap_or('\u{fffd}')
                }
            })
            .collect()
    }

    fn json_value(&mut self, depth: u32) -> Value {
        match self.below(if depth == 0 { 8 } else { 10 }) {
            0 => Value::Null,
            1 => Value::Bool(self.coin()),
            2 => Value::from(self.next() as i64),
            3 => Value::from((self.next() as i64 as f64) / 1000.0),
            4 => Value::from(DEFAULT_APP_ID),
            5 => Value::from("c1"),
            6 | 7 => Value::from(self.text(16)),
            8 => Value::Array(
                (0..self.below(4))
                    .map(|_| self.json_value(depth - 1))
                    .collect(),
            ),
            _ => Value::Object(
                (0..self.below(4))
                    .map(|_| (self.text(8), self.json_value(depth - 1)))
                    .collect(),
            ),
        }
    }

    /// A batch item's JSON text: a single push with random members, or any text at all.
    fn item_text(&mut self) -> String {
        if self.coin() {
            return self.text(60);
        }
        let mut o = Map::new();
        o.insert("action".into(), "pushMessageToSingleAction".into());
        o.insert("appkey".into(), DEFAULT_APP_KEY.into());
        o.insert("clientData".into(), CLIENT_DATA.into());
        o.insert("appId".into(), DEFAULT_APP_ID.into());
        o.insert("clientId".into(), "c1".into());
        for _ in 0..self.below(6) {
            let member = *self.pick(MEMBERS);
            let value = self.json_value(2);
            o.insert(member.into(), value);
        }
        Value::Object(o).to_string()
    }

    fn batch(&mut self) -> pb::SingleBatchRequest {
        pb::SingleBatchRequest {
            batch_id: self.coin().then(|| self.text(16)),
            batch_item: (0..self.below(6))
                .map(|_| pb::SingleBatchItem {
                    seq_id: self.coin().then(|| self.below(12) as i32 - 2),
                    data: self.coin().then(|| self.item_text()),
                })
                .collect(),
        }
    }

    /// The value of a protobuf member: base64 of noise, of a real batch request, not base64,
    /// or not a string.
    fn protobuf_member(&mut self) -> Value {
        let b64 =
            |bytes: &[u8]| Value::from(base64::engine::general_purpose::STANDARD.encode(bytes));
        match self.below(5) {
            0 => b64(&self.bytes(200)),
            1 => b64(&self.batch().encode_to_vec()),
            2 => Value::from(self.text(40)),
            3 => self.json_value(2),
            _ => Value::from(CLIENT_DATA),
        }
    }

    /// A request body: any action, the default app, random members of any type.
    fn body(&mut self) -> Map<String, Value> {
        let mut o = Map::new();
        o.insert("action".into(), (*self.pick(&ACTIONS)).into());
        o.insert("appkey".into(), DEFAULT_APP_KEY.into());
        o.insert("appId".into(), DEFAULT_APP_ID.into());
        for _ in 0..self.below(10) {
            let member = *self.pick(MEMBERS);
            let value = self.json_value(3);
            o.insert(member.into(), value);
        }
        for _ in 0..self.below(3) {
            let member = *self.pick(&["clientData", "PI", "singleDatas"]);
            let value = self.protobuf_member();
            o.insert(member.into(), value);
        }
        o
    }
}

/// Runs `check` on `CASES` generated cases; a failure names the seed of its case.
fn for_all(name: &str, mut check: impl FnMut(&mut Gen) -> Result<(), String>) {
    let base: u64 = std::env::var("GETUI_PROPS_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x6765_7475_6900);
    for case in 0..CASES {
        let seed = base.wrapping_add(case);
        if let Err(problem) = check(&mut Gen::new(seed)) {
            panic!("{name}: case {case} (seed {seed}) failed: {problem}");
        }
    }
}

/// Sends `request` and returns the reply; a dropped connection is a failure.
fn exchange(
    server: &BlockingMockServer,
    request: Request<Full<bytes::Bytes>>,
) -> Result<Reply, String> {
    let client = client();
    server
        .runtime()
        .block_on(send(&client, request))
        .map_err(|e| format!("no answer (the mock dropped the request): {e}"))
}

fn token(server: &BlockingMockServer) -> String {
    server.runtime().block_on(connect(&client(), server))
}

fn json_answer(reply: &Reply) -> Result<Value, String> {
    let answer: Value = serde_json::from_slice(&reply.body())
        .map_err(|e| format!("not JSON ({e}): {:?}", String::from_utf8_lossy(&reply.raw)))?;
    if answer["result"].is_string() {
        Ok(answer)
    } else {
        Err(format!("no string result: {answer}"))
    }
}

macro_rules! ensure {
    ($cond:expr, $($fmt:tt)+) => {
        if !$cond {
            return Err(format!($($fmt)+));
        }
    };
}

#[test]
fn arbitrary_bodies_always_get_an_answer() {
    let server = MockServer::builder()
        .record_requests(false)
        .start_blocking();
    for_all("arbitrary bodies", |g| {
        let path = *g.pick(&["/apiex.htm", "/serviceex", "/other"]);
        let mut b = Request::builder()
            .method(Method::POST)
            .uri(format!("{}{path}", server.url()));
        match g.below(3) {
            0 => {}
            1 => b = b.header("Gt-Action", *g.pick(&ACTIONS)),
            _ => b = b.header("Gt-Action", "noSuchAction"),
        }
        let declare_gzip = g.coin();
        if declare_gzip {
            b = b.header("Content-Encoding", "gzip");
        }
        let mut payload = match g.below(3) {
            0 => g.bytes(600),
            1 => Value::Object(g.body()).to_string().into_bytes(),
            _ => g.text(300).into_bytes(),
        };
        if declare_gzip && g.coin() {
            payload = gzip(&payload);
            if g.coin() {
                // A broken stream: cut short.
                let keep = g.below(payload.len());
                payload.truncate(keep);
            }
        }
        let reply = exchange(&server, b.body(Full::new(payload.into())).unwrap())?;
        ensure!(
            [200, 400, 404].contains(&reply.status),
            "status {}",
            reply.status
        );
        if reply.status == 200 && !reply.raw.is_empty() {
            json_answer(&reply)?;
        }
        Ok(())
    });
    // And it still serves.
    token(&server);
}

#[test]
fn every_action_with_random_members_is_answered_and_decoded_like_pb_decode() {
    let server = MockServer::builder().start_blocking();
    let token = token(&server);
    for_all("random members", |g| {
        server.clear_requests();
        let members = g.body();
        let gzip_it = g.coin();
        let body = with_auth(Value::Object(members.clone()), &token);
        let reply = exchange(&server, api_request(&server.api_url(), &body, gzip_it))?;
        ensure!(
            reply.status == 200,
            "status {}: {}",
            reply.status,
            String::from_utf8_lossy(&reply.raw)
        );
        ensure!(
            reply.gzip() == gzip_it,
            "gzip answer {} for a gzip request {gzip_it}",
            reply.gzip()
        );
        json_answer(&reply)?;

        // What the mock recorded of the protobuf members is what pb::decode makes of them.
        let recorded = server.requests();
        ensure!(recorded.len() == 1, "{} requests recorded", recorded.len());
        let rec = &recorded[0];
        for member in ["clientData", "PI", "singleDatas"] {
            let Some(value) = members.get(member) else {
                ensure!(
                    rec.protobuf(member).is_none(),
                    "{member} recorded but not sent"
                );
                continue;
            };
            let param = rec
                .protobuf(member)
                .ok_or_else(|| format!("{member} not recorded"))?;
            let Some(text) = value.as_str() else {
                ensure!(
                    param.bytes.is_err() && param.decoded.is_err(),
                    "{member}: a non-string decoded"
                );
                continue;
            };
            let bytes = base64::engine::general_purpose::STANDARD.decode(text);
            ensure!(
                param.bytes.as_ref().ok() == bytes.as_ref().ok(),
                "{member}: base64 differs"
            );
            let Ok(bytes) = bytes else {
                ensure!(param.decoded.is_err(), "{member}: bad base64 decoded");
                continue;
            };
            let direct = match member {
                "clientData" => pb::Transparent::decode(bytes.as_slice())
                    .map(|m| DecodedProtobuf::Transparent(Box::new(m))),
                "PI" => pb::PushInfo::decode(bytes.as_slice())
                    .map(|m| DecodedProtobuf::PushInfo(Box::new(m))),
                _ => pb::SingleBatchRequest::decode(bytes.as_slice())
                    .map(DecodedProtobuf::SingleBatchRequest),
            };
            ensure!(
                param.decoded.as_ref().ok() == direct.as_ref().ok(),
                "{member}: recorded {:?}, pb::decode {:?}",
                param.decoded,
                direct
            );
        }
        Ok(())
    });
}

#[test]
fn batches_of_random_items_are_answered() {
    let server = MockServer::builder()
        .record_requests(false)
        .start_blocking();
    let token = token(&server);
    for_all("random batches", |g| {
        let request = g.batch();
        let n = request.batch_item.len();
        let body = with_auth(
            json!({
                "action": "pushMessageToSingleBatchAction",
                "serialize": "pb",
                "async": false,
                "singleDatas": base64::engine::general_purpose::STANDARD.encode(request.encode_to_vec()),
            }),
            &token,
        );
        let reply = exchange(&server, api_request(&server.api_url(), &body, true))?;
        ensure!(reply.status == 200, "status {}", reply.status);
        json_answer(&reply).map_err(|e| format!("{n} items: {e}"))?;
        Ok(())
    });
}
