//! M1–M12: pushes.
//!
//! The endpoint fixes the audience form ([`AudienceForm`]): a missing, empty or other target
//! is a [`ValidationError`], never "everyone". A request without `request_id` gets one
//! generated here (32 lowercase hex characters from a random UUID), kept in the action and
//! written into the body once, so every re-send carries the same id and the same bytes.

use getui_model::v2::audience::AudienceForm;
use getui_model::v2::push::{
    AudienceRequest, BatchPushRequest, PushRequest, LIST_PUSH_MAX_TARGETS,
};
use getui_model::v2::task::{AliasDetailPushResult, DeliveryStatus, PushResult, TaskId};
use getui_model::ValidationError;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{parse_data, parse_data_or_default, wire_action, written_body, Wire};
use crate::v2::answer::{ApiError, Envelope};
use crate::v2::request::RequestId;

/// A new request id: 32 lowercase hex characters (128 random bits, UUID v4 simple form).
pub(crate) fn generate_request_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()
}

/// Where the `request_id` text starts in a body written by `PushRequest::write_wire_json`.
const REQUEST_ID_AT: usize = r#"{"request_id":""#.len();

/// Validates a push request for an endpoint and builds its wire form: `audience` replaced by
/// `"all"` when `force_all`, `request_id` generated when absent.
fn single(
    request: &PushRequest,
    form: AudienceForm,
    force_all: bool,
    path: &'static str,
) -> Result<Wire, ValidationError> {
    request.validate()?;
    request.check_audience(form)?;
    let mut generated = [0u8; uuid::fmt::Simple::LENGTH];
    let id: &str = match &request.request_id {
        Some(id) => id,
        None => uuid::Uuid::new_v4().simple().encode_lower(&mut generated),
    };
    // The request as serde would write it with the id (and `"all"`), without copying it.
    let body = written_body(|buf| request.write_wire_json(id, force_all, buf));
    let mut wire = Wire::fixed(path);
    wire.request_id = Some(RequestId::within(&body, REQUEST_ID_AT, id));
    wire.body = Some(body);
    Ok(wire)
}

fn batch(
    request: &BatchPushRequest,
    form: AudienceForm,
    path: &str,
) -> Result<(Wire, Vec<String>), ValidationError> {
    request.validate()?;
    request.check_audiences(form)?;
    let mut request = request.clone();
    let ids = request
        .msg_list
        .iter_mut()
        .map(|item| {
            item.request_id
                .get_or_insert_with(generate_request_id)
                .clone()
        })
        .collect();
    Ok((Wire::new(path.into()).with_body(&request), ids))
}

fn list(
    request: &AudienceRequest,
    form: AudienceForm,
    path: &str,
) -> Result<Wire, ValidationError> {
    request.validate()?;
    request.check_audience(form)?;
    // Whether the service de-duplicates a list push per taskid is unconfirmed (§5.3).
    Ok(Wire::new(path.into()).with_body(request).resend_safe(false))
}

macro_rules! single_push {
    ($(#[$doc:meta])* $ty:ident, $name:literal, $endpoint:literal, $path:literal, $form:expr, $all:expr, $output:ty, $parse:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $ty {
            wire: Wire,
        }

        impl $ty {
            /// Validates `request` for this endpoint (its audience form included) and builds
            /// the body once, with a generated `request_id` when the request has none.
            pub fn new(request: &PushRequest) -> Result<Self, ValidationError> {
                Ok(Self {
                    wire: single(request, $form, $all, $path)?,
                })
            }
        }

        wire_action!(
            $ty, $name, Post, $endpoint, $output, $parse,
            $crate::v2::answer::Envelope::parse_bytes_typed::<$output>
        );
    };
}

single_push!(
    /// M1 `POST /push/single/cid`: one message to exactly one cid.
    PushToSingleByCid, "pushToSingleByCid", "POST /push/single/cid", "/push/single/cid",
    AudienceForm::SingleCid, false, PushResult, parse_data_or_default
);
single_push!(
    /// M2 `POST /push/single/alias`: one message to exactly one alias.
    PushToSingleByAlias, "pushToSingleByAlias", "POST /push/single/alias", "/push/single/alias",
    AudienceForm::SingleAlias, false, PushResult, parse_data_or_default
);
single_push!(
    /// M5 `POST /push/list/message`: store a message for list pushes; the answer's `taskid`
    /// is used by M6/M7. The audience must be `"all"` or unset; `"audience": "all"` is
    /// always sent (as the official PHP SDK does; the golden vectors expect it).
    CreateListMsg, "createListMsg", "POST /push/list/message", "/push/list/message",
    AudienceForm::AllOrNone, true, TaskId, parse_data
);
single_push!(
    /// M8 `POST /push/all`: push to every user of the app. The audience must be `"all"` or
    /// unset; `"all"` is sent.
    PushAll, "pushAll", "POST /push/all", "/push/all",
    AudienceForm::AllOrNone, true, TaskId, parse_data
);
single_push!(
    /// M9 `POST /push/tag`: push to the users matching `audience.tag` (at least one
    /// condition).
    PushByTag, "pushByTag", "POST /push/tag", "/push/tag",
    AudienceForm::Tag, false, TaskId, parse_data
);
single_push!(
    /// M10 `POST /push/fast_custom_tag`: push to the users bound to `audience.fast_custom_tag`.
    PushByFastCustomTag, "pushByFastCustomTag", "POST /push/fast_custom_tag", "/push/fast_custom_tag",
    AudienceForm::FastCustomTag, false, TaskId, parse_data
);
single_push!(
    /// M11 `POST /push/single/cid_by_tag` (customised endpoint, J2 only): `audience.cid_by_tag`.
    PushToSingleCidByTag, "pushToSingleCidByTag", "POST /push/single/cid_by_tag", "/push/single/cid_by_tag",
    AudienceForm::CidByTag, false, PushResult, parse_data_or_default
);

macro_rules! batch_push {
    ($(#[$doc:meta])* $ty:ident, $name:literal, $endpoint:literal, $path:literal, $form:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $ty {
            wire: Wire,
            request_ids: Vec<String>,
        }

        impl $ty {
            /// Validates the batch (1–200 messages, each with exactly one target of this
            /// endpoint's form) and builds the body once, generating a `request_id` for
            /// every message without one.
            pub fn new(request: &BatchPushRequest) -> Result<Self, ValidationError> {
                let (wire, request_ids) = batch(request, $form, $path)?;
                Ok(Self { wire, request_ids })
            }

            /// The `request_id` of every message, in `msg_list` order.
            pub fn request_ids(&self) -> &[String] {
                &self.request_ids
            }
        }

        wire_action!(
            $ty, $name, Post, $endpoint, PushResult, parse_data_or_default,
            $crate::v2::answer::Envelope::parse_bytes_typed::<PushResult>
        );
    };
}

batch_push!(
    /// M3 `POST /push/single/batch/cid`: one message per cid. The answer is empty when
    /// `is_async`. [`Action::request_id`](super::Action::request_id) is `None`: see
    /// `request_ids`.
    PushBatchByCid, "pushBatchByCid", "POST /push/single/batch/cid", "/push/single/batch/cid",
    AudienceForm::SingleCid
);
batch_push!(
    /// M4 `POST /push/single/batch/alias`: one message per alias. The answer is empty when
    /// `is_async`.
    PushBatchByAlias, "pushBatchByAlias", "POST /push/single/batch/alias", "/push/single/batch/alias",
    AudienceForm::SingleAlias
);

/// M6 `POST /push/list/cid`: push a stored message (M5's `taskid`) to 1–1000 cids. Not
/// [`resend_safe`](super::Action::resend_safe): whether the service de-duplicates is
/// unconfirmed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushListByCid {
    wire: Wire,
}

impl PushListByCid {
    /// Validates `request` (`taskid`, `audience.cid` with 1–1000 cids).
    pub fn new(request: &AudienceRequest) -> Result<Self, ValidationError> {
        Ok(Self {
            wire: list(
                request,
                AudienceForm::CidList {
                    max: LIST_PUSH_MAX_TARGETS,
                },
                "/push/list/cid",
            )?,
        })
    }
}

wire_action!(
    PushListByCid,
    "pushListByCid",
    Post,
    "POST /push/list/cid",
    PushResult,
    parse_data_or_default
);

/// The answer of M7: per cid, or per alias then cid when `need_alias_detail` was set (told
/// apart by the shape of `data`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum ListAliasResult {
    /// task id → cid → status.
    Cids(PushResult),
    /// task id → alias → cid → status.
    AliasDetail(AliasDetailPushResult),
}

impl Default for ListAliasResult {
    fn default() -> Self {
        ListAliasResult::Cids(PushResult::new())
    }
}

fn parse_list_alias(
    name: &'static str,
    endpoint: &'static str,
    envelope: Envelope,
) -> Result<ListAliasResult, ApiError> {
    let nested = envelope
        .data()
        .and_then(Value::as_object)
        .is_some_and(|tasks| {
            tasks
                .values()
                .filter_map(Value::as_object)
                .flat_map(|targets| targets.values())
                .any(Value::is_object)
        });
    if nested {
        parse_data(name, endpoint, envelope).map(ListAliasResult::AliasDetail)
    } else {
        parse_data_or_default::<
            std::collections::BTreeMap<String, std::collections::BTreeMap<String, DeliveryStatus>>,
        >(name, endpoint, envelope)
        .map(ListAliasResult::Cids)
    }
}

/// M7 `POST /push/list/alias`: push a stored message to 1–1000 aliases (optionally
/// `need_alias_detail`). Not resend-safe (unconfirmed de-duplication).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushListByAlias {
    wire: Wire,
}

impl PushListByAlias {
    /// Validates `request` (`taskid`, `audience.alias` with 1–1000 aliases).
    pub fn new(request: &AudienceRequest) -> Result<Self, ValidationError> {
        Ok(Self {
            wire: list(
                request,
                AudienceForm::AliasList {
                    max: LIST_PUSH_MAX_TARGETS,
                },
                "/push/list/alias",
            )?,
        })
    }
}

wire_action!(
    PushListByAlias,
    "pushListByAlias",
    Post,
    "POST /push/list/alias",
    ListAliasResult,
    parse_list_alias
);

/// M12 `POST /push/list/cid_by_tag` (customised endpoint, J2 only): push a stored message to
/// `audience.cid_by_tag`. Not resend-safe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PushListCidByTag {
    wire: Wire,
}

impl PushListCidByTag {
    /// Validates `request` (`taskid`, `audience.cid_by_tag` with at least one entry).
    pub fn new(request: &AudienceRequest) -> Result<Self, ValidationError> {
        Ok(Self {
            wire: list(request, AudienceForm::CidByTag, "/push/list/cid_by_tag")?,
        })
    }
}

wire_action!(
    PushListCidByTag,
    "pushListCidByTag",
    Post,
    "POST /push/list/cid_by_tag",
    PushResult,
    parse_data_or_default
);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::v2::action::Action;
    use getui_model::v2::audience::Audience;
    use getui_model::v2::push::PushMessage;

    /// A request with every top-level field set (and characters JSON escapes).
    fn full_request() -> PushRequest {
        serde_json::from_value(serde_json::json!({
            "request_id": "req\"with\\escapes1",
            "group_name": "group_1",
            "audience": {"cid": ["0a1b2c3d4e5f60718293a4b5c6d7e8f9"]},
            "settings": {"ttl": 3600000, "speed": 10},
            "push_message": {"notification": {
                "title": "个推 \u{1}", "body": "body", "click_type": "none"}},
            "push_channel": {"android": {"ups": {"notification": {
                "title": "t", "body": "b", "click_type": "none"}}}}
        }))
        .expect("a valid request")
    }

    #[test]
    fn borrowed_wire_form_serialises_like_the_request() {
        for request in [
            full_request(),
            full_request().request_id("plain_id_0001"),
            PushRequest::new()
                .cid("c1")
                .push_message(PushMessage::transmission("x")),
        ] {
            for force_all in [false, true] {
                let form = if force_all {
                    AudienceForm::AllOrNone
                } else {
                    AudienceForm::SingleCid
                };
                let mut request = request.clone();
                if force_all {
                    request.audience = None;
                }
                let wire = single(&request, form, force_all, "/p").expect("valid");
                let id = wire.request_id.clone().expect("an id");
                let mut expected = request.clone();
                expected.request_id = Some(id.to_string());
                if force_all {
                    expected.audience = Some(Audience::All);
                }
                assert_eq!(
                    wire.body.as_deref(),
                    Some(&serde_json::to_vec(&expected).unwrap()[..]),
                    "{request:?}"
                );
            }
        }
    }

    #[test]
    fn request_id_is_shared_with_the_body_or_copied() {
        let plain = PushToSingleByCid::new(&full_request().request_id("plain_id_0001")).unwrap();
        assert_eq!(plain.request_id(), Some("plain_id_0001"));
        let escaped = PushToSingleByCid::new(&full_request()).unwrap();
        assert_eq!(escaped.request_id(), Some("req\"with\\escapes1"));
        let mut without_id = full_request();
        without_id.request_id = None;
        let generated = PushToSingleByCid::new(&without_id).unwrap();
        let id = generated.request_id().unwrap();
        assert!(id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit()));
        let body: serde_json::Value = serde_json::from_slice(&generated.body().unwrap()).unwrap();
        assert_eq!(body["request_id"], id);
    }
}
