//! The checks of the REST v2 fuzz targets, shared with the workspace test
//! `crates/getui-mock/tests/v2_fuzz_seeds.rs`, which runs every seed through them in
//! `cargo test` (so this file always compiles without cargo-fuzz or nightly).

use getui_mock::{parse_v2_request, V2Body, V2_ENDPOINTS};
use getui_protocol::answer::AnswerLimits;
use getui_protocol::v2::action::{
    Action, Auth, PushListByAlias, PushToSingleByCid, QueryPushResultByTaskIds, QueryScheduleTask,
    QueryUserStatus,
};
use getui_protocol::v2::answer::Envelope;

/// `Envelope::parse` on any bytes under any status, with default and tiny limits: never
/// panics; an envelope fits the limits and keeps the status; a `code` of 0 is success; the
/// typed `Action::parse` of a few endpoints never panics on it and fails on a non-zero code.
pub fn answer(data: &[u8]) {
    let status = match data.first().map(|b| b % 6) {
        Some(0) => 400,
        Some(1) => 401,
        Some(2) => 500,
        Some(3) => 301,
        _ => 200,
    };
    for limits in [
        AnswerLimits::default(),
        AnswerLimits {
            max_bytes: 256,
            max_depth: 3,
        },
    ] {
        let Ok(envelope) = Envelope::parse(status, data, &limits) else {
            continue;
        };
        assert!(data.len() <= limits.max_bytes, "over the limit but parsed");
        assert_eq!(envelope.status, status);
        let ok = envelope.code.is_ok();
        assert_eq!(ok, envelope.code.value() == 0);
        let results = [
            PushToSingleByCid::parse(envelope.clone()).is_ok(),
            PushListByAlias::parse(envelope.clone()).is_ok(),
            QueryUserStatus::parse(envelope.clone()).is_ok(),
            QueryPushResultByTaskIds::parse(envelope.clone()).is_ok(),
            QueryScheduleTask::parse(envelope.clone()).is_ok(),
            Auth::parse(envelope.clone()).is_ok(),
        ];
        if !ok {
            assert!(
                results.iter().all(|r| !r),
                "a failure code parsed as success"
            );
        }
    }
}

/// getui-mock's v2 request parser on `METHOD PATH\nbody`: never panics; a parsed request has
/// an endpoint of the catalogue and the path's app id; a refusal is 404, 405, 400 (20001) or
/// code 1; a parsed body, serialized again, parses to the same value.
pub fn mock_request(data: &[u8]) {
    let (head, body) = match data.iter().position(|b| *b == b'\n') {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let head = String::from_utf8_lossy(head);
    let (method, path) = head.split_once(' ').unwrap_or(("POST", &head));
    match parse_v2_request(method, path, body) {
        Ok(request) => {
            assert!(V2_ENDPOINTS.contains(&request.endpoint));
            assert!(path.starts_with("/v2/"));
            assert!(!request.app_id.is_empty());
            let again = match &request.body {
                V2Body::Push(p) => Some(serde_json::to_vec(p)),
                V2Body::Batch(b) => Some(serde_json::to_vec(b)),
                V2Body::List(l) => Some(serde_json::to_vec(l)),
                V2Body::Alias(a) => Some(serde_json::to_vec(a)),
                _ => None,
            };
            if let Some(json) = again {
                let json = json.expect("a parsed body serializes");
                let reparsed = parse_v2_request(method, path, &json).expect("its own JSON parses");
                assert_eq!(reparsed.body, request.body);
            }
        }
        Err(refusal) => {
            assert!(
                matches!(
                    (refusal.status, refusal.code),
                    (404, 404) | (405, 405) | (400, 20001) | (200, 1)
                ),
                "{refusal:?}"
            );
        }
    }
}
