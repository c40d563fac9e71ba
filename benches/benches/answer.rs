//! Answer parsing and the connect sign.
//!
//! `cargo bench -p getui-benches --bench answer`. Groups:
//!
//! * `answer/…`: `Answer::parse` + the action's `parse` of what getui-mock answers: a single
//!   push (`single_push`), `connect` (`connect`), a batch of 1,000 items (`batch_1000`).
//! * `sign/…`: `connect_sign` alone (`connect_sign`) and the whole `connect` body
//!   (`connect_body`).

use std::hint::black_box;

use criterion::Criterion;
use getui_benches::fixtures::{APP_KEY, MASTER_SECRET};
use getui_benches::{alloc::CountingAlloc, AllocReport};
use getui_model::secret::MasterSecret;
use getui_protocol::action::{
    encode, Action, Connect, PushMessageToSingle, PushMessageToSingleBatch, RequestContext,
};
use getui_protocol::answer::{Answer, AnswerLimits};
use getui_protocol::sign::connect_sign;

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

/// What getui-mock answers to a single push (compact JSON, as serde_json writes it).
const SINGLE_ANSWER: &[u8] =
    br#"{"result":"ok","taskId":"OSS-2211_5b8f3c5d2d87e058cc634d","status":"successed_online"}"#;
/// What getui-mock answers to `connect`.
const CONNECT_ANSWER: &[u8] = br#"{"result":"success","authtoken":"5b8f3c5d2d87e058cc634d3f9c3cd46da7b68f64a40c610b7550cd3acd83c9c2"}"#;
const TIMESTAMP_MS: i64 = 1_700_000_000_000;

fn batch_answer(items: usize) -> Vec<u8> {
    let info: serde_json::Map<String, serde_json::Value> = (0..items)
        .map(|i| {
            (
                i.to_string(),
                serde_json::json!({
                    "result": "ok",
                    "taskId": format!("OSS-2211_{i:022x}"),
                    "status": "successed_online",
                }),
            )
        })
        .collect();
    serde_json::to_vec(&serde_json::json!({"result": "ok", "info": info})).expect("JSON")
}

fn answers(c: &mut Criterion, report: &mut AllocReport) {
    let limits = AnswerLimits::default();
    let mut g = c.benchmark_group("answer");

    let single = || {
        let answer = Answer::parse(black_box(SINGLE_ANSWER), &limits).expect("valid");
        PushMessageToSingle::parse(answer).expect("success")
    };
    report.measure("answer/single_push", 1000, single);
    g.bench_function("single_push", |b| b.iter(single));

    let connect = || {
        let answer = Answer::parse(black_box(CONNECT_ANSWER), &limits).expect("valid");
        <Connect<'_> as Action>::parse(answer).expect("success")
    };
    report.measure("answer/connect", 1000, connect);
    g.bench_function("connect", |b| b.iter(connect));

    let body = batch_answer(1000);
    println!("answer/batch_1000: {} bytes", body.len());
    let batch = || {
        let answer = Answer::parse(black_box(&body), &limits).expect("valid");
        PushMessageToSingleBatch::parse(answer).expect("success")
    };
    report.measure("answer/batch_1000", 20, batch);
    g.bench_function("batch_1000", |b| b.iter(batch));
    g.finish();
}

fn sign(c: &mut Criterion, report: &mut AllocReport) {
    let secret = MasterSecret::new(MASTER_SECRET);
    let ctx = RequestContext::new(APP_KEY);
    let mut g = c.benchmark_group("sign");
    let sign = || connect_sign(black_box(APP_KEY), black_box(TIMESTAMP_MS), &secret);
    report.measure("sign/connect_sign", 1000, sign);
    g.bench_function("connect_sign", |b| b.iter(sign));
    let body = || encode(&Connect::new(black_box(TIMESTAMP_MS), &secret), &ctx);
    report.measure("sign/connect_body", 1000, body);
    g.bench_function("connect_body", |b| b.iter(body));
    g.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let mut report = AllocReport::new("answer");
    answers(&mut c, &mut report);
    sign(&mut c, &mut report);
    report.write();
    c.final_summary();
}
