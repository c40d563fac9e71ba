//! Push methods (`/push/…`, M1–M12).
//!
//! One list, expanded for both clients by the generators of [`super`].

macro_rules! methods {
    ($gen:ident) => {
        $gen! {
            /// Pushes one message to one cid (`POST /push/single/cid`, official
            /// `pushToSingleByCid`). The audience must be exactly one cid. Without a
            /// `request_id` one is generated (32 hex characters) and kept for every re-send.
            fn push_to_single_by_cid(request: &PushRequest) -> PushResult
                = action::PushToSingleByCid::new(request);
                example "let request = &PushRequest::new().cid(\"cid-1\").push_message(PushMessage::transmission(\"hello\"));";

            /// Pushes one message to the cids bound to one alias (`POST /push/single/alias`,
            /// official `pushToSingleByAlias`).
            fn push_to_single_by_alias(request: &PushRequest) -> PushResult
                = action::PushToSingleByAlias::new(request);
                example "# call!(client.bind_alias(&AliasRequest::new(vec![CidAlias::new(\"cid-1\", \"alice\")])));\nlet request = &PushRequest::new().alias(\"alice\").push_message(PushMessage::transmission(\"hello\"));";

            /// Pushes a different message to each cid in one request (`POST
            /// /push/single/batch/cid`, official `pushBatchByCid`); each item has its own
            /// `request_id` (generated when absent) and exactly one cid; at most 200 items.
            fn push_batch_by_cid(request: &BatchPushRequest) -> PushResult
                = action::PushBatchByCid::new(request);
                example "let request = &BatchPushRequest::new(vec![PushRequest::new().cid(\"cid-1\").push_message(PushMessage::transmission(\"a\"))]);";

            /// Pushes a different message to each alias (`POST /push/single/batch/alias`,
            /// official `pushBatchByAlias`).
            fn push_batch_by_alias(request: &BatchPushRequest) -> PushResult
                = action::PushBatchByAlias::new(request);
                example "# call!(client.bind_alias(&AliasRequest::new(vec![CidAlias::new(\"cid-1\", \"alice\")])));\nlet request = &BatchPushRequest::new(vec![PushRequest::new().alias(\"alice\").push_message(PushMessage::transmission(\"a\"))]);";

            /// Stores a message for list pushes and returns its task id (`POST
            /// /push/list/message`, official `createListMsg` / `createMsg`).
            fn create_list_msg(request: &PushRequest) -> TaskId
                = action::CreateListMsg::new(request);
                example "let request = &PushRequest::new().push_message(PushMessage::transmission(\"news\"));";

            /// Pushes a stored message to a list of cids, at most 1000 (`POST /push/list/cid`,
            /// official `pushListByCid`).
            fn push_list_by_cid(request: &AudienceRequest) -> PushResult
                = action::PushListByCid::new(request);
                example "let taskid = call!(client.create_list_msg(&PushRequest::new().push_message(PushMessage::transmission(\"news\")))).taskid;\nlet request = &AudienceRequest::new(taskid, Audience::Cid(vec![\"cid-1\".into(), \"cid-2\".into()]));";

            /// Pushes a stored message to a list of aliases, at most 1000 (`POST
            /// /push/list/alias`, official `pushListByAlias`; with `need_alias_detail` the Java
            /// SDK's `pushListByAliasNeedAliasDetail`).
            fn push_list_by_alias(request: &AudienceRequest) -> ListAliasResult
                = action::PushListByAlias::new(request);
                example "# call!(client.bind_alias(&AliasRequest::new(vec![CidAlias::new(\"cid-1\", \"alice\")])));\nlet taskid = call!(client.create_list_msg(&PushRequest::new().push_message(PushMessage::transmission(\"news\")))).taskid;\nlet request = &AudienceRequest::new(taskid, Audience::Alias { alias: vec![\"alice\".into()], alias_type: None });";

            /// Pushes to every user of the app (`POST /push/all`, official `pushAll`); the
            /// audience must be unset or `all`.
            fn push_all(request: &PushRequest) -> TaskId
                = action::PushAll::new(request);
                example "let request = &PushRequest::new().push_message(PushMessage::transmission(\"to all\"));";

            /// Pushes to the users matching tag conditions (`POST /push/tag`, official
            /// `pushByTag`); at least one condition.
            fn push_by_tag(request: &PushRequest) -> TaskId
                = action::PushByTag::new(request);
                example "let request = &PushRequest::new().tag(vec![Condition::new(\"phone_type\", [\"android\"], OptType::Or)]).push_message(PushMessage::transmission(\"x\"));";

            /// Pushes to the users bound to a custom tag (`POST /push/fast_custom_tag`,
            /// official `pushByFastCustomTag`).
            fn push_by_fast_custom_tag(request: &PushRequest) -> TaskId
                = action::PushByFastCustomTag::new(request);
                example "# call!(client.set_tag_for_cid(\"cid-1\", &[\"vip\".to_string()]));\nlet request = &PushRequest::new().fast_custom_tag(\"vip\").push_message(PushMessage::transmission(\"x\"));";

            /// Pushes to single cids filtered by their tags (`POST /push/single/cid_by_tag`,
            /// Java SDK `pushToSingleCidByTag`; a customised endpoint that must be enabled).
            fn push_to_single_cid_by_tag(request: &PushRequest) -> PushResult
                = action::PushToSingleCidByTag::new(request);
                example "# call!(client.set_tag_for_cid(\"cid-1\", &[\"vip\".to_string()]));\nlet request = &PushRequest::new().cid_by_tag(vec![CidByTag::new(\"cid-1\", [\"vip\"], CidByTagOp::Or)]).push_message(PushMessage::transmission(\"x\"));";

            /// Pushes a stored message to cids filtered by their tags (`POST
            /// /push/list/cid_by_tag`, Java SDK `pushListCidByTag`; customised endpoint).
            fn push_list_cid_by_tag(request: &AudienceRequest) -> PushResult
                = action::PushListCidByTag::new(request);
                example "# call!(client.set_tag_for_cid(\"cid-1\", &[\"vip\".to_string()]));\nlet taskid = call!(client.create_list_msg(&PushRequest::new().push_message(PushMessage::transmission(\"news\")))).taskid;\nlet request = &AudienceRequest::new(taskid, Audience::CidByTag(vec![CidByTag::new(\"cid-1\", [\"vip\"], CidByTagOp::Or)]));";
        }
    };
}

#[cfg(feature = "async")]
mod async_methods {
    use super::super::checked;
    use crate::error::Result;
    use getui_model::v2::push::{AudienceRequest, BatchPushRequest, PushRequest};
    use getui_model::v2::task::{PushResult, TaskId};
    use getui_protocol::v2::action;
    use getui_protocol::v2::action::ListAliasResult;
    methods!(async_v2_methods);
}

#[cfg(feature = "blocking")]
mod blocking_methods {
    use super::super::checked;
    use crate::error::Result;
    use getui_model::v2::push::{AudienceRequest, BatchPushRequest, PushRequest};
    use getui_model::v2::task::{PushResult, TaskId};
    use getui_protocol::v2::action;
    use getui_protocol::v2::action::ListAliasResult;
    methods!(blocking_v2_methods);
}
