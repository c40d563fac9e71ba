//! REST v2 benchmarks: the single-push request (action with its JSON body + `encode`) and the
//! answer to it.
//!
//! `cargo bench -p getui-benches --bench v2`. Groups:
//!
//! * `v2_single_push_body/<template>`: `PushToSingleByCid::new` (validation, the JSON body
//!   built once and kept in the action) + `v2::request::encode` (method, path with the app id,
//!   token, body) from a ready `PushRequest` carrying the caller's `request_id`: everything the
//!   client builds for one request.
//! * `v2_single_push_body_new_id/<template>`: the same request without `request_id`, so the
//!   action generates one (32 hex characters of a random UUID), as for every push whose caller
//!   leaves it out.
//! * `v2_answer/single_push`: `Envelope::parse` + `PushToSingleByCid::parse` of the answer
//!   getui-mock gives to one push (`{"code":0,"msg":"success","data":{taskid:{cid:status}}}`).
//!
//! Allocations per call are printed as `allocations <id>: …` and saved for the report.

use std::hint::black_box;

use criterion::Criterion;
use getui_benches::fixtures::{self, TemplateKind, APP_ID, AUTH_TOKEN, V2_REQUEST_ID};
use getui_benches::{alloc::CountingAlloc, AllocReport};
use getui_model::secret::AuthToken;
use getui_protocol::answer::AnswerLimits;
use getui_protocol::v2::action::{Action, PushToSingleByCid};
use getui_protocol::v2::answer::Envelope;
use getui_protocol::v2::request::{encode, Context};

#[global_allocator]
static ALLOC: CountingAlloc = CountingAlloc;

/// The template kinds the v2 benchmarks push.
const KINDS: [TemplateKind; 2] = [TemplateKind::Notification, TemplateKind::Transmission];

fn single_push_body(c: &mut Criterion, report: &mut AllocReport) {
    let token = AuthToken::new(AUTH_TOKEN);
    let ctx = Context::new(APP_ID, Some(&token));
    let cid = fixtures::client_id(1);
    for (group, fresh_id) in [
        ("v2_single_push_body", false),
        ("v2_single_push_body_new_id", true),
    ] {
        let mut g = c.benchmark_group(group);
        for kind in KINDS {
            let mut request = fixtures::v2_push_request(kind, &cid).expect("a v2 fixture");
            if !fresh_id {
                request = request.request_id(V2_REQUEST_ID);
            }
            let body = || {
                let action = PushToSingleByCid::new(black_box(&request)).expect("valid fixture");
                encode(&action, &ctx)
            };
            let len = body().body.map_or(0, |b| b.len());
            println!("{group}/{kind}: {len} bytes of JSON");
            report.measure(&format!("{group}/{kind}"), 1000, body);
            g.bench_function(kind.name(), |b| b.iter(body));
        }
        g.finish();
    }
}

fn answer(c: &mut Criterion, report: &mut AllocReport) {
    let limits = AnswerLimits::default();
    let text = format!(
        r#"{{"code":0,"msg":"success","data":{{"RASS_1203_{}":{{"{}":"successed_online"}}}}}}"#,
        &V2_REQUEST_ID[..16],
        fixtures::client_id(1)
    );
    let parse = || {
        let envelope = Envelope::parse(200, black_box(text.as_bytes()), &limits).expect("valid");
        <PushToSingleByCid as Action>::parse(envelope).expect("code 0")
    };
    assert_eq!(parse().len(), 1, "one task in the answer");
    report.measure("v2_answer/single_push", 1000, parse);
    let mut g = c.benchmark_group("v2_answer");
    g.bench_function("single_push", |b| b.iter(parse));
    g.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    let mut report = AllocReport::new("v2");
    single_push_body(&mut c, &mut report);
    answer(&mut c, &mut report);
    report.write();
    c.final_summary();
}
