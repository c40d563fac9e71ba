//! Wire round trip of getui-model's REST v2 push model over the public golden vectors
//! (`tests/vectors-v2`): every push body of a vector not tagged `sdk-bug`, `invalid-input` or
//! `php-quirk` deserializes into the model, validates (including the endpoint's audience
//! form) and serializes back to exactly the recorded JSON value (strict types).
//!
//! The vectors and the comparison come from getui-conformance ([`getui_conformance::vectors`]),
//! which is why this test lives in its crate.

use getui_conformance::vectors::{self, differences};
use getui_model::v2::audience::AudienceForm;
use getui_model::v2::push::{
    AudienceRequest, BatchPushRequest, PushRequest, LIST_PUSH_MAX_TARGETS,
};
use getui_model::ValidationError;
use serde_json::Value;

const SKIPPED_TAGS: [&str; 3] = ["sdk-bug", "invalid-input", "php-quirk"];

/// Every (vector name, tags, endpoint, body) of a push request in the folder.
fn push_bodies() -> Vec<(String, Vec<String>, String, Value)> {
    let mut out = Vec::new();
    for vector in vectors::load_dir(&vectors::v2_dir()).expect("tests/vectors-v2 exists") {
        let tags: Vec<String> = vector.tags().into_iter().map(str::to_owned).collect();
        for request in vector.requests() {
            let endpoint = request["endpoint"].as_str().unwrap_or_default();
            if form_of(endpoint).is_some() && request["bodyKind"] == "json" {
                out.push((
                    vector.name.clone(),
                    tags.clone(),
                    endpoint.to_owned(),
                    request["body"].clone(),
                ));
            }
        }
    }
    out
}

/// The model type and audience form of each push endpoint.
#[derive(Clone, Copy)]
enum Body {
    Push(AudienceForm),
    Batch(AudienceForm),
    List(AudienceForm),
}

fn form_of(endpoint: &str) -> Option<Body> {
    let list = LIST_PUSH_MAX_TARGETS;
    Some(match endpoint {
        "POST /push/single/cid" => Body::Push(AudienceForm::SingleCid),
        "POST /push/single/alias" => Body::Push(AudienceForm::SingleAlias),
        "POST /push/single/batch/cid" => Body::Batch(AudienceForm::SingleCid),
        "POST /push/single/batch/alias" => Body::Batch(AudienceForm::SingleAlias),
        "POST /push/list/message" | "POST /push/all" => Body::Push(AudienceForm::AllOrNone),
        "POST /push/tag" => Body::Push(AudienceForm::Tag),
        "POST /push/fast_custom_tag" => Body::Push(AudienceForm::FastCustomTag),
        "POST /push/single/cid_by_tag" => Body::Push(AudienceForm::CidByTag),
        "POST /push/list/cid" => Body::List(AudienceForm::CidList { max: list }),
        "POST /push/list/alias" => Body::List(AudienceForm::AliasList { max: list }),
        "POST /push/list/cid_by_tag" => Body::List(AudienceForm::CidByTag),
        _ => return None,
    })
}

/// Deserializes, validates and re-serializes one body; the error says which step failed.
fn round_trip(endpoint: &str, body: &Value) -> Result<Value, String> {
    fn checked<T: serde::de::DeserializeOwned + serde::Serialize>(
        body: &Value,
        check: impl Fn(&T) -> Result<(), ValidationError>,
    ) -> Result<Value, String> {
        let model: T = serde_json::from_value(body.clone()).map_err(|e| format!("serde: {e}"))?;
        check(&model).map_err(|e| format!("validate: {e}"))?;
        serde_json::to_value(&model).map_err(|e| format!("serialize: {e}"))
    }
    match form_of(endpoint).expect("a push endpoint") {
        Body::Push(form) => checked(body, |r: &PushRequest| {
            r.validate()?;
            r.check_audience(form)
        }),
        Body::Batch(form) => checked(body, |r: &BatchPushRequest| {
            r.validate()?;
            r.check_audiences(form)
        }),
        Body::List(form) => checked(body, |r: &AudienceRequest| {
            r.validate()?;
            r.check_audience(form)
        }),
    }
}

#[test]
fn judged_push_bodies_round_trip_exactly() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for (name, tags, endpoint, body) in push_bodies() {
        if tags.iter().any(|t| SKIPPED_TAGS.contains(&t.as_str())) {
            continue;
        }
        checked += 1;
        match round_trip(&endpoint, &body) {
            Ok(back) => {
                let diffs = differences("body", &body, &back);
                if !diffs.is_empty() {
                    failures.push(format!(
                        "{name} {endpoint}: {}\nsent back {back}\nexpected {body}",
                        diffs.join("; ")
                    ));
                }
            }
            Err(e) => failures.push(format!("{name} {endpoint}: {e}")),
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    // The folder holds 78 such bodies today; guard against silently checking nothing.
    assert!(checked >= 60, "only {checked} push bodies checked");
    println!("{checked} judged push bodies round-tripped");
}

/// The push bodies of vectors tagged `invalid-input` (not judged): print what the model does
/// with each, and make sure the empty-target ones of docs/protocol-v2.md §10.1 #14 are refused.
#[test]
fn invalid_input_push_bodies_report() {
    let mut refused = 0;
    let mut total = 0;
    for (name, tags, endpoint, body) in push_bodies() {
        if !tags.iter().any(|t| t == "invalid-input") {
            continue;
        }
        total += 1;
        match round_trip(&endpoint, &body) {
            Ok(_) => println!("accepted  {name} {endpoint}"),
            Err(e) => {
                refused += 1;
                println!("refused   {name} {endpoint}: {e}");
            }
        }
    }
    println!("{refused} of {total} invalid-input push bodies refused by the model");
}

#[test]
fn empty_targets_recorded_by_the_php_sdk_are_refused() {
    // What P2 sends for `setCid("")` on a single push, and for an empty tag list.
    let body: Value = serde_json::json!({
        "request_id": "oracleReq0000000001",
        "push_message": {"transmission": "x"},
        "audience": {"cid": [""]}
    });
    let err = round_trip("POST /push/single/cid", &body).unwrap_err();
    assert!(err.contains("audience.cid[0]"), "{err}");
    let body: Value = serde_json::json!({
        "request_id": "oracleReq0000000001",
        "push_message": {"transmission": "x"},
        "audience": {"tag": []}
    });
    let err = round_trip("POST /push/tag", &body).unwrap_err();
    assert!(err.contains("audience.tag"), "{err}");
    // No audience at all on a single push is refused, never "all".
    let body: Value = serde_json::json!({
        "request_id": "oracleReq0000000001",
        "push_message": {"transmission": "x"}
    });
    assert!(round_trip("POST /push/single/cid", &body).is_err());
}
