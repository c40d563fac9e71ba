//! REST v2 bad input: every method family refuses invalid input with a typed error naming the
//! field and the rule, before any byte is sent (the server records no request, not even the
//! auth), through both clients. The model's own tests check each rule in detail
//! (crates/getui-model/tests/v2_validation.rs); these check that the clients apply them.

mod v2_common;

use getui::model::v2::audience::Condition;
use getui::model::v2::push::{AudienceRequest, BatchPushRequest, PushRequest};
use getui::model::v2::user::{AliasRequest, Badge};
use getui::ErrorKind;
use serde_json::json;
use v2_common::*;

fn push(value: serde_json::Value) -> PushRequest {
    serde_json::from_value(value).unwrap()
}

const MESSAGE: &str = r#"{"transmission": "hello"}"#;

fn message() -> serde_json::Value {
    serde_json::from_str(MESSAGE).unwrap()
}

/// A method call of either client, by name, on typed input.
#[derive(Clone)]
enum Call {
    SingleCid(PushRequest),
    SingleAlias(PushRequest),
    BatchCid(BatchPushRequest),
    ListCid(AudienceRequest),
    All(PushRequest),
    Tag(PushRequest),
    FastTag(PushRequest),
    StopPush(String),
    ReportTaskIds(Vec<String>),
    ReportDate(String),
    BindAlias(AliasRequest),
    Blacklist(Vec<String>),
    Badge(Vec<String>, Badge),
    UserCount(Vec<Condition>),
    SetTags(String, Vec<String>),
}

/// Each case: the call and the field the error must name.
fn cases() -> Vec<(Call, &'static str)> {
    let long_id = "x".repeat(33);
    vec![
        // request_id 10–32 characters
        (Call::SingleCid(push(json!({"request_id": "short", "audience": {"cid": ["c1"]}, "push_message": message()}))), "request_id"),
        (Call::SingleCid(push(json!({"request_id": long_id, "audience": {"cid": ["c1"]}, "push_message": message()}))), "request_id"),
        // an empty or missing target is refused, never "everyone"
        (Call::SingleCid(push(json!({"audience": {"cid": [""]}, "push_message": message()}))), "audience.cid[0]"),
        (Call::SingleCid(push(json!({"push_message": message()}))), "audience"),
        (Call::SingleCid(push(json!({"audience": {"cid": ["c1", "c2"]}, "push_message": message()}))), "audience"),
        (Call::SingleAlias(push(json!({"audience": {"cid": ["c1"]}, "push_message": message()}))), "audience"),
        (Call::All(push(json!({"audience": {"cid": ["c1"]}, "push_message": message()}))), "audience"),
        (Call::Tag(push(json!({"audience": {"tag": []}, "push_message": message()}))), "audience.tag"),
        (Call::FastTag(push(json!({"audience": {"fast_custom_tag": ""}, "push_message": message()}))), "audience.fast_custom_tag"),
        // the message
        (Call::SingleCid(push(json!({"audience": {"cid": ["c1"]}}))), "push_message"),
        (Call::SingleCid(push(json!({"audience": {"cid": ["c1"]}, "push_message": {"notification": {"title": "t", "body": "b", "click_type": "url"}}}))), "push_message.notification.url"),
        (Call::SingleCid(push(json!({"audience": {"cid": ["c1"]}, "push_message": {"transmission": "x", "notification": {"title": "t", "body": "b", "click_type": "none"}}}))), "push_message"),
        // settings and channels
        (Call::SingleCid(push(json!({"audience": {"cid": ["c1"]}, "settings": {"ttl": 259_200_001}, "push_message": message()}))), "settings.ttl"),
        (Call::SingleCid(push(json!({"audience": {"cid": ["c1"]}, "group_name": "bad name!", "push_message": message()}))), "group_name"),
        (Call::SingleCid(push(json!({"audience": {"cid": ["c1"]}, "push_message": message(), "push_channel": {"ios": {"auto_badge": "one"}}}))), "push_channel.ios.auto_badge"),
        // batch and list sizes
        (Call::BatchCid(BatchPushRequest::new(Vec::new())), "msg_list"),
        (Call::ListCid(serde_json::from_value(json!({"taskid": "RASL_1", "audience": {"cid": (0..1001).map(|i| format!("c{i}")).collect::<Vec<_>>()}})).unwrap()), "audience.cid"),
        // path parameters and lists
        (Call::StopPush(String::new()), "taskid"),
        (Call::ReportTaskIds(Vec::new()), "taskids"),
        (Call::ReportTaskIds(vec!["a,b".into()]), "taskids[0]"),
        (Call::ReportDate("2020/11/30".into()), "date"),
        // users
        (Call::BindAlias(AliasRequest::new(Vec::new())), "data_list"),
        (Call::Blacklist(Vec::new()), "cids"),
        (Call::Badge(vec!["c1".into()], Badge::Set(1)), ""),
        (Call::UserCount(Vec::new()), "tag"),
        (Call::SetTags("c1".into(), vec!["has space".into()]), "custom_tag"),
    ]
}

/// The error of the async client, or `None` when the call succeeded.
async fn run_async(client: &getui::v2::Client, call: Call) -> Option<getui::Error> {
    let result = match call {
        Call::SingleCid(r) => client.push_to_single_by_cid(&r).await.map(drop),
        Call::SingleAlias(r) => client.push_to_single_by_alias(&r).await.map(drop),
        Call::BatchCid(r) => client.push_batch_by_cid(&r).await.map(drop),
        Call::ListCid(r) => client.push_list_by_cid(&r).await.map(drop),
        Call::All(r) => client.push_all(&r).await.map(drop),
        Call::Tag(r) => client.push_by_tag(&r).await.map(drop),
        Call::FastTag(r) => client.push_by_fast_custom_tag(&r).await.map(drop),
        Call::StopPush(t) => client.stop_push(&t).await,
        Call::ReportTaskIds(ids) => client.query_push_result_by_task_ids(&ids).await.map(drop),
        Call::ReportDate(d) => client.query_push_result_by_date(&d).await.map(drop),
        Call::BindAlias(r) => client.bind_alias(&r).await,
        Call::Blacklist(c) => client.add_black_user(&c).await,
        Call::Badge(c, b) => client.set_badge(&c, &b).await,
        Call::UserCount(c) => client.query_user_count(&c).await.map(drop),
        Call::SetTags(cid, tags) => client.set_tag_for_cid(&cid, &tags).await,
    };
    result.err()
}

fn run_blocking(client: &getui::v2::blocking::Client, call: Call) -> Option<getui::Error> {
    let result = match call {
        Call::SingleCid(r) => client.push_to_single_by_cid(&r).map(drop),
        Call::SingleAlias(r) => client.push_to_single_by_alias(&r).map(drop),
        Call::BatchCid(r) => client.push_batch_by_cid(&r).map(drop),
        Call::ListCid(r) => client.push_list_by_cid(&r).map(drop),
        Call::All(r) => client.push_all(&r).map(drop),
        Call::Tag(r) => client.push_by_tag(&r).map(drop),
        Call::FastTag(r) => client.push_by_fast_custom_tag(&r).map(drop),
        Call::StopPush(t) => client.stop_push(&t),
        Call::ReportTaskIds(ids) => client.query_push_result_by_task_ids(&ids).map(drop),
        Call::ReportDate(d) => client.query_push_result_by_date(&d).map(drop),
        Call::BindAlias(r) => client.bind_alias(&r),
        Call::Blacklist(c) => client.add_black_user(&c),
        Call::Badge(c, b) => client.set_badge(&c, &b),
        Call::UserCount(c) => client.query_user_count(&c).map(drop),
        Call::SetTags(cid, tags) => client.set_tag_for_cid(&cid, &tags),
    };
    result.err()
}

fn check(field: &str, error: Option<getui::Error>) {
    if field.is_empty() {
        // A valid control case: it must pass validation (and so reach the server).
        assert!(error.is_none(), "{error:?}");
        return;
    }
    let error = error.unwrap_or_else(|| panic!("{field}: accepted"));
    assert_eq!(error.kind(), ErrorKind::Validation, "{field}: {error}");
    let validation = error.validation().expect("the broken rule");
    assert!(
        validation.field().starts_with(field),
        "expected field {field}, got {} ({error})",
        validation.field()
    );
    assert!(error.action().is_some(), "names the method: {error}");
}

fn server_answer(request: &Recorded, server: &Server) -> Answer {
    if request.is_auth() {
        return server.auth_answer(request, 24 * 3600 * 1000);
    }
    ok(json!({}))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn bad_input_is_refused_before_sending_async() {
    for (call, field) in cases() {
        let server = Server::start(server_answer).await;
        let client = getui::v2::Client::builder(APP_ID, APP_KEY, MASTER_SECRET)
            .base_url(&server.base_url)
            .build()
            .unwrap();
        check(field, run_async(&client, call).await);
        if !field.is_empty() {
            assert!(server.requests().is_empty(), "{field}: nothing is sent");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn bad_input_is_refused_before_sending_blocking() {
    for (call, field) in cases() {
        let server = Server::start(server_answer).await;
        let client = getui::v2::blocking::Client::builder(APP_ID, APP_KEY, MASTER_SECRET)
            .base_url(&server.base_url)
            .build()
            .unwrap();
        let error = tokio::task::spawn_blocking(move || run_blocking(&client, call))
            .await
            .unwrap();
        check(field, error);
        if !field.is_empty() {
            assert!(server.requests().is_empty(), "{field}: nothing is sent");
        }
    }
}
