//! Encoding benchmarks: the whole single-push request body per template, and the protobuf
//! encoder against prost's derive encoding of the same messages.
//!
//! `cargo bench -p getui-benches --bench encode`. Groups:
//!
//! * `single_push_body/<template>`: `PushMessageToSingle::with_request_id` (validation,
//!   protobuf, kept in the action) + `encode` (JSON with the base64 `clientData`) from a ready
//!   `SingleMessage` and `Target`: the bytes of one request.
//! * `single_push_body_new_id/<template>`: the same with `PushMessageToSingle::new`, which also
//!   generates the random `requestId`, as every push through the client does.
//! * `protobuf/<template>/…`: `Transparent` bytes only. `hand_reuse` (`pb::write_transparent`
//!   into a reused buffer, validation included) against `prost_reuse` (`Message::encode` of a
//!   ready prost value into a reused buffer); `hand_vec` (`pb::transparent`) against
//!   `prost_vec` (`encode_to_vec`); and `prost_build_vec`, building the prost value from the
//!   model and encoding it: what the library would do if it used prost.
//!
//! * `json_write_str/…`: the library's JSON string writer (`getui_model::json_text::write_str`)
//!   on the keys and strings of one notification body (`library`) and on the 10,000 client ids
//!   of the list push (`library_10k_ids`).
//!
//! Allocations per call are printed as `allocations <id>: …` and saved for the report.

use std::hint::black_box;

use criterion::Criterion;
use getui_benches::fixtures::{TemplateKind, APP_KEY, AUTH_TOKEN, REQUEST_ID};
use getui_benches::{alloc::CountingAlloc, prost_equiv, AllocReport};
use getui_model::secret::AuthToken;
use getui_protocol::action::{encode, PushMessageToSingle, RequestContext};
use getui_protocol::pb;
use prost::Message as _;

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

fn single_push_body(c: &mut Criterion, report: &mut AllocReport) {
    let token = AuthToken::new(AUTH_TOKEN);
    let ctx = RequestContext::new(APP_KEY).with_auth_token(Some(&token));
    let target = getui_benches::fixtures::target(1);
    for (group, fresh_id) in [
        ("single_push_body", false),
        ("single_push_body_new_id", true),
    ] {
        let mut g = c.benchmark_group(group);
        for kind in TemplateKind::ALL {
            let message = kind.single_message();
            let body = || {
                let action = if fresh_id {
                    PushMessageToSingle::new(&message, &target)
                } else {
                    PushMessageToSingle::with_request_id(&message, &target, REQUEST_ID)
                }
                .expect("valid fixture");
                encode(&action, &ctx)
            };
            let len = body().json.len();
            println!("{group}/{kind}: {len} bytes of JSON");
            report.measure(&format!("{group}/{kind}"), 1000, body);
            g.bench_function(kind.name(), |b| b.iter(body));
        }
        g.finish();
    }
}

fn protobuf(c: &mut Criterion, report: &mut AllocReport) {
    for kind in TemplateKind::ALL {
        let template = kind.template();
        let value = prost_equiv::transparent(&template);
        let hand = pb::transparent(&template).expect("valid fixture");
        assert_eq!(
            value.encode_to_vec(),
            hand,
            "{kind}: the prost value differs"
        );
        println!("protobuf/{kind}: {} bytes", hand.len());

        let group = format!("protobuf/{kind}");
        let mut g = c.benchmark_group(&group);
        let mut buf = Vec::with_capacity(1024);
        report.measure(&format!("{group}/hand_reuse"), 1000, || {
            buf.clear();
            pb::write_transparent(black_box(&template), &mut buf).expect("valid fixture");
        });
        g.bench_function("hand_reuse", |b| {
            b.iter(|| {
                buf.clear();
                pb::write_transparent(black_box(&template), &mut buf).expect("valid fixture");
                black_box(buf.len())
            })
        });
        report.measure(&format!("{group}/prost_reuse"), 1000, || {
            buf.clear();
            black_box(&value).encode(&mut buf).expect("a Vec grows");
        });
        g.bench_function("prost_reuse", |b| {
            b.iter(|| {
                buf.clear();
                black_box(&value).encode(&mut buf).expect("a Vec grows");
                black_box(buf.len())
            })
        });
        let hand_vec = || pb::transparent(black_box(&template)).expect("valid fixture");
        report.measure(&format!("{group}/hand_vec"), 1000, hand_vec);
        g.bench_function("hand_vec", |b| b.iter(hand_vec));
        let prost_vec = || black_box(&value).encode_to_vec();
        report.measure(&format!("{group}/prost_vec"), 1000, prost_vec);
        g.bench_function("prost_vec", |b| b.iter(prost_vec));
        let prost_build = || prost_equiv::transparent(black_box(&template)).encode_to_vec();
        report.measure(&format!("{group}/prost_build_vec"), 1000, prost_build);
        g.bench_function("prost_build_vec", |b| b.iter(prost_build));
        g.finish();
    }
}

/// `getui_model::json_text::write_str` (what `encode` spent most of its time in) on the strings
/// of one notification single-push body and on 10,000 client ids.
fn json_strings(c: &mut Criterion, report: &mut AllocReport) {
    let message = TemplateKind::Notification.single_message();
    let target = getui_benches::fixtures::target(1);
    let token = AuthToken::new(AUTH_TOKEN);
    let ctx = RequestContext::new(APP_KEY).with_auth_token(Some(&token));
    let action =
        PushMessageToSingle::with_request_id(&message, &target, REQUEST_ID).expect("valid fixture");
    let body: serde_json::Map<String, serde_json::Value> =
        serde_json::from_slice(&encode(&action, &ctx).json).expect("valid JSON");
    // Every key and every string value but the base64 `clientData` (written without escaping).
    let mut strings: Vec<String> = Vec::new();
    for (key, value) in &body {
        strings.push(key.clone());
        if let (Some(text), false) = (value.as_str(), key == "clientData") {
            strings.push(text.to_owned());
        }
    }
    let bytes: usize = strings.iter().map(String::len).sum();
    println!("json_write_str: {} strings, {bytes} bytes", strings.len());
    // The 10,000 client ids of the list push benchmark.
    let ids: Vec<String> = (0..10_000)
        .map(getui_benches::fixtures::client_id)
        .collect();
    let mut out = Vec::with_capacity(ids.len() * 40);
    let mut g = c.benchmark_group("json_write_str");
    for (name, texts) in [("library", &strings), ("library_10k_ids", &ids)] {
        g.bench_function(name, |b| {
            b.iter(|| {
                out.clear();
                for s in black_box(texts) {
                    getui_model::json_text::write_str(&mut out, s);
                }
                out.len()
            })
        });
    }
    g.finish();
    report.measure("json_write_str/library", 100, || {
        let mut out = Vec::with_capacity(4096);
        for s in &strings {
            getui_model::json_text::write_str(&mut out, s);
        }
        out
    });
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let mut report = AllocReport::new("encode");
    single_push_body(&mut c, &mut report);
    protobuf(&mut c, &mut report);
    json_strings(&mut c, &mut report);
    report.write();
    c.final_summary();
}
