//! Input that breaks a documented rule is refused with a typed validation error naming the
//! field, through both clients, and nothing at all reaches the server (not even the host
//! list request).

mod common;

use common::*;
use getui::model::{ApnInfo, ApnTemplate, ApnsPayload, AppMessage, SingleMessage, Target};
use getui::{Error, ErrorKind, Limits};
use getui_mock::MockServer;

/// Checks a refusal: a validation error on `field` (prefix match for nested fields), for
/// `action`, with nothing sent.
#[track_caller]
fn refused<T: std::fmt::Debug>(
    result: Result<T, Error>,
    action: &str,
    field: &str,
    server: &MockServer,
) {
    let err = result.expect_err("the input must be refused");
    assert_eq!(err.kind(), ErrorKind::Validation, "{err:?}");
    let broken = err.validation().expect("the broken rule");
    assert!(
        broken.field().starts_with(field),
        "field {:?} is not {field:?}: {err}",
        broken.field()
    );
    assert_eq!(err.action(), Some(action), "{err:?}");
    assert!(!err.is_retryable());
    assert_eq!(server.request_count(), 0, "nothing may be sent: {err}");
}

fn targets(n: usize) -> Vec<Target> {
    (0..n).map(|i| cid(&format!("c{i}"))).collect()
}

fn ids(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("c{i}")).collect()
}

/// 42 bytes in 14 characters: over the byte limit the official C#/PHP SDKs apply.
const LONG_GROUP: &str = "任务组名称任务组名称任务组名";

/// An APNs message whose payload is over 3072 bytes (built without the validating builder,
/// as a program could).
fn oversized_apns() -> SingleMessage {
    let mut template = ApnTemplate::default();
    (template.app_id, template.app_key) = (APP_ID.into(), APP_KEY.into());
    template.apn_info = Some(ApnInfo::from(ApnsPayload::with_alert("x".repeat(4000))));
    SingleMessage::new(template)
}

fn no_tag() -> AppMessage {
    app("no tag")
}

#[tokio::test]
async fn the_async_client_sends_nothing_for_invalid_input() {
    bounded(async {
        let server = MockServer::start().await;
        let c = getui::Client::builder(APP_KEY, SECRET)
            .config(|c| {
                settings(c)
                    .host(server.serviceex_url())
                    .limits(Limits::default().black_list(2))
            })
            .build()
            .unwrap();
        let s = &server;
        let list_push = "pushMessageToListAction";
        refused(
            c.push_to_list("OSL-1", &targets(1001)).await,
            list_push,
            "targets",
            s,
        );
        let mut options = c.config().list_push_options();
        options.async_push = true;
        assert!(options.target_limit() > c.config().list_push_options().target_limit());
        refused(
            c.push_to_list_with_options("OSL-1", &targets(10_001), options)
                .await,
            list_push,
            "targets",
            s,
        );
        refused(
            c.user_count_by_tags(APP_ID, ids(11)).await,
            "getUserCountByTags",
            "tagList",
            s,
        );
        // The configured limit (2) applies, not the default (1000).
        refused(
            c.add_to_black_list(APP_ID, ids(3)).await,
            "blackCidAction",
            "cidList",
            s,
        );
        refused(
            c.restore_from_black_list(APP_ID, ids(3)).await,
            "blackCidAction",
            "cidList",
            s,
        );
        refused(
            c.app_push_data(APP_ID, "20230229").await,
            "queryAppPushData",
            "date",
            s,
        );
        refused(
            c.app_user_data(APP_ID, "20991231").await,
            "queryAppUserData",
            "date",
            s,
        );
        refused(
            c.push_apns_to_single(APP_ID, &DEVICE_TOKEN[1..], &apns("x"))
                .await,
            "apnPushToSingleAction",
            "deviceToken",
            s,
        );
        refused(
            c.push_apns_to_single(APP_ID, DEVICE_TOKEN, &oversized_apns())
                .await,
            "apnPushToSingleAction",
            "data",
            s,
        );
        refused(
            c.push_apns_to_list(APP_ID, "OSL-1", [DEVICE_TOKEN, "short"])
                .await,
            "apnPushToListAction",
            "deviceTokenList[1]",
            s,
        );
        refused(
            c.create_list_task(&list("x"), Some(LONG_GROUP)).await,
            "getContentIdAction",
            "taskGroupName",
            s,
        );
        refused(
            c.push_to_app(&app("x"), Some(LONG_GROUP)).await,
            "getContentIdAction",
            "taskGroupName",
            s,
        );
        refused(
            c.push_by_tag(&no_tag()).await,
            "pushMessageByTagAction",
            "tag",
            s,
        );
        refused(
            c.push_by_tag_with_request_id(&tagged("x", "t"), " ").await,
            "pushMessageByTagAction",
            "requestId",
            s,
        );
        refused(
            c.push_to_single(&single("x"), &Target::default()).await,
            "pushMessageToSingleAction",
            "clientId",
            s,
        );
        let batch_action = "pushMessageToSingleBatchAction";
        let mut batch = c.batch();
        refused(batch.retry().await, batch_action, "batch", s);
        refused(
            batch.add(&single("x"), &Target::alias(APP_ID, "al")),
            batch_action,
            "clientId",
            s,
        );
        assert!(batch.is_empty());
    })
    .await;
}

#[test]
fn the_blocking_client_sends_nothing_for_invalid_input() {
    let server = getui_mock::BlockingMockServer::start();
    let c = blocking_client(&server.serviceex_url());
    let s = &*server;
    refused(
        c.push_to_list("OSL-1", &targets(1001)),
        "pushMessageToListAction",
        "targets",
        s,
    );
    refused(
        c.user_count_by_tags(APP_ID, ids(11)),
        "getUserCountByTags",
        "tagList",
        s,
    );
    refused(
        c.add_to_black_list(APP_ID, ids(1001)),
        "blackCidAction",
        "cidList",
        s,
    );
    refused(
        c.app_push_data(APP_ID, "2024-01-01"),
        "queryAppPushData",
        "date",
        s,
    );
    refused(
        c.push_apns_to_single(APP_ID, "abc", &apns("x")),
        "apnPushToSingleAction",
        "deviceToken",
        s,
    );
    refused(
        c.create_apns_task(APP_ID, &oversized_apns()),
        "apnGetContentIdAction",
        "data",
        s,
    );
    // The actions that borrow the message are built on the runtime thread: still nothing
    // is sent.
    refused(
        c.create_list_task(&list("x"), Some(LONG_GROUP)),
        "getContentIdAction",
        "taskGroupName",
        s,
    );
    refused(
        c.create_app_task(&app("x"), Some(LONG_GROUP)),
        "getContentIdAction",
        "taskGroupName",
        s,
    );
    refused(
        c.push_to_app(&app("x"), Some(LONG_GROUP)),
        "getContentIdAction",
        "taskGroupName",
        s,
    );
    refused(c.push_by_tag(&no_tag()), "pushMessageByTagAction", "tag", s);
    refused(
        c.push_by_tag_with_request_id(&tagged("x", "t"), ""),
        "pushMessageByTagAction",
        "requestId",
        s,
    );
    refused(
        c.push_to_single(&single("x"), &Target::default()),
        "pushMessageToSingleAction",
        "clientId",
        s,
    );
    let batch_action = "pushMessageToSingleBatchAction";
    let mut batch = c.batch();
    refused(batch.retry(), batch_action, "batch", s);
    refused(
        batch.add(&single("x"), &Target::alias(APP_ID, "al")),
        batch_action,
        "clientId",
        s,
    );
}
