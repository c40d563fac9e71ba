//! Bulk benchmarks: a list push to 10,000 client ids (gzip-compressed body) and a batch of
//! 1,000 single pushes.
//!
//! `cargo bench -p getui-benches --bench bulk`. Groups:
//!
//! * `list_push_10k/…`: `PushMessageToList::new` over 10,000 ready targets (`build_action`), + `encode`
//!   (`json`), the same + `EncodedRequest::body` (`body_gzip`, gzip level 9: the bytes sent),
//!   and the compression alone (`gzip_only`); the proposed fix, the same flate2 backend at
//!   levels 1 and 6 (`gzip_level1_only`, `gzip_level6_only`).
//! * `batch_1000/…`: 1,000 `SingleBatch::add` (`add`), `submit` + `encode` of a filled batch
//!   (`submit_encode`), everything up to the compressed body (`body_gzip`).
//! * `protobuf/batch_1000/…`: the `SingleBatchRequest` of 1,000 items, hand-written
//!   (`hand_vec`) against prost (`prost_vec`: a ready value; `prost_build_vec`: built from the
//!   items first).

use std::hint::black_box;
use std::time::Duration;

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use std::io::Write as _;

use criterion::{BatchSize, Criterion};
use flate2::write::GzEncoder;
use flate2::Compression;
use getui_benches::fixtures::{self, TemplateKind, APP_KEY, AUTH_TOKEN};
use getui_benches::{alloc::CountingAlloc, prost_equiv, AllocReport};
use getui_model::secret::AuthToken;
use getui_protocol::action::{
    encode, ListPushOptions, PushMessageToList, RequestContext, SingleBatch,
};
use getui_protocol::{gzip, pb};
use prost::Message as _;

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

const LIST_TASK_ID: &str = "OSL-2211_0123456789abcdef012345";

fn list_push(c: &mut Criterion, report: &mut AllocReport) {
    let token = AuthToken::new(AUTH_TOKEN);
    let ctx = RequestContext::new(APP_KEY).with_auth_token(Some(&token));
    let targets = fixtures::targets(10_000);
    // 10,000 targets need the asynchronous limit (the synchronous one is 1,000).
    let options = ListPushOptions {
        async_push: true,
        ..ListPushOptions::default()
    };
    let json = || {
        let action =
            PushMessageToList::new(LIST_TASK_ID, black_box(&targets), options).expect("valid");
        encode(&action, &ctx)
    };
    let body = || json().body().into_owned();
    let encoded = json();
    println!(
        "list_push_10k: {} bytes of JSON, {} bytes gzip-compressed",
        encoded.json.len(),
        encoded.body().len()
    );

    let mut g = c.benchmark_group("list_push_10k");
    g.sample_size(20).measurement_time(Duration::from_secs(10));
    let new = || PushMessageToList::new(LIST_TASK_ID, black_box(&targets), options).expect("valid");
    // Not named `new`: criterion keeps its own `new/` directory inside each benchmark's.
    report.measure("list_push_10k/build_action", 20, new);
    g.bench_function("build_action", |b| b.iter(new));
    report.measure("list_push_10k/json", 20, json);
    g.bench_function("json", |b| b.iter(json));
    report.measure("list_push_10k/body_gzip", 5, body);
    g.bench_function("body_gzip", |b| b.iter(body));
    let gzip_only = || gzip::compress(black_box(&encoded.json));
    report.measure("list_push_10k/gzip_only", 5, gzip_only);
    g.bench_function("gzip_only", |b| b.iter(gzip_only));
    // The proposed fix: a lower gzip level (same flate2 backend as the library).
    for level in [1, 6] {
        let compress = || {
            let mut z = GzEncoder::new(
                Vec::with_capacity(encoded.json.len() / 2),
                Compression::new(level),
            );
            z.write_all(black_box(&encoded.json)).expect("in memory");
            z.finish().expect("in memory")
        };
        println!(
            "list_push_10k: gzip level {level}: {} bytes",
            compress().len()
        );
        let id = format!("gzip_level{level}_only");
        report.measure(&format!("list_push_10k/{id}"), 5, compress);
        g.bench_function(id, |b| b.iter(compress));
    }
    g.finish();
}

fn batch(c: &mut Criterion, report: &mut AllocReport) {
    let token = AuthToken::new(AUTH_TOKEN);
    let ctx = RequestContext::new(APP_KEY).with_auth_token(Some(&token));
    let message = TemplateKind::Notification.single_message();
    let targets = fixtures::targets(1000);
    let fill = || {
        let mut batch = SingleBatch::with_batch_id(APP_KEY, "batch-0001");
        for target in black_box(&targets) {
            batch.add(&message, target).expect("valid");
        }
        batch
    };
    let filled = fill();
    let submit_encode = |mut batch: SingleBatch| encode(&batch.submit(false), &ctx);
    let body = || encode(&fill().submit(false), &ctx).body().into_owned();
    let encoded = submit_encode(filled.clone());
    println!(
        "batch_1000: {} bytes of JSON, {} bytes gzip-compressed",
        encoded.json.len(),
        encoded.body().len()
    );

    let mut g = c.benchmark_group("batch_1000");
    g.sample_size(20).measurement_time(Duration::from_secs(10));
    report.measure("batch_1000/add", 10, fill);
    g.bench_function("add", |b| b.iter(fill));
    report.measure_batched(
        "batch_1000/submit_encode",
        10,
        || filled.clone(),
        submit_encode,
    );
    g.bench_function("submit_encode", |b| {
        b.iter_batched(|| filled.clone(), submit_encode, BatchSize::LargeInput)
    });
    report.measure("batch_1000/body_gzip", 3, body);
    g.bench_function("body_gzip", |b| b.iter(body));
    g.finish();

    // The protobuf part alone, against prost.
    let items: Vec<String> = {
        // The items' JSON texts, as `SingleBatch` keeps them: decode them back from the
        // request's own protobuf bytes.
        let mut batch = filled.clone();
        let submit = batch.submit(false);
        let request = encode(&submit, &ctx);
        let params: serde_json::Map<String, serde_json::Value> =
            serde_json::from_slice(&request.json).expect("valid JSON");
        let b64 = params["singleDatas"].as_str().expect("singleDatas");
        let bytes = STANDARD.decode(b64).expect("base64");
        let decoded = pb::decode::SingleBatchRequest::decode(bytes.as_slice()).expect("valid");
        decoded
            .batch_item
            .into_iter()
            .map(|i| i.data.unwrap_or_default())
            .collect()
    };
    let refs: Vec<&str> = items.iter().map(String::as_str).collect();
    let hand_items: Vec<pb::BatchItem<'_>> = refs
        .iter()
        .enumerate()
        .map(|(i, data)| pb::BatchItem {
            seq_id: i as i32,
            data,
        })
        .collect();
    let value = prost_equiv::single_batch_request("batch-0001", &refs);
    assert_eq!(
        value.encode_to_vec(),
        pb::single_batch_request("batch-0001", &hand_items)
    );
    let mut g = c.benchmark_group("protobuf/batch_1000");
    let hand = || pb::single_batch_request("batch-0001", black_box(&hand_items));
    report.measure("protobuf/batch_1000/hand_vec", 100, hand);
    g.bench_function("hand_vec", |b| b.iter(hand));
    let prost_vec = || black_box(&value).encode_to_vec();
    report.measure("protobuf/batch_1000/prost_vec", 100, prost_vec);
    g.bench_function("prost_vec", |b| b.iter(prost_vec));
    let prost_build =
        || prost_equiv::single_batch_request("batch-0001", black_box(&refs)).encode_to_vec();
    report.measure("protobuf/batch_1000/prost_build_vec", 100, prost_build);
    g.bench_function("prost_build_vec", |b| b.iter(prost_build));
    g.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let mut report = AllocReport::new("bulk");
    list_push(&mut c, &mut report);
    batch(&mut c, &mut report);
    report.write();
    c.final_summary();
}
