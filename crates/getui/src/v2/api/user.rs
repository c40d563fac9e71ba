//! User methods (`/user/…`, U1–U16): aliases, custom tags, blacklist, status, badges, counts.
//!
//! One list, expanded for both clients by the generators of [`super`].

macro_rules! methods {
    ($gen:ident) => {
        $gen! {
            /// Binds aliases to cids, at most 1000 pairs (`POST /user/alias`, official
            /// `bindAlias`).
            fn bind_alias(request: &AliasRequest) -> ()
                = action::BindAlias::new(request);
                example "let request = &AliasRequest::new(vec![CidAlias::new(\"cid-1\", \"alice\")]);";

            /// The alias of a cid (`GET /user/alias/cid/{cid}`, official `queryAliasByCid`).
            fn query_alias_by_cid(cid: &str) -> Alias
                = action::QueryAliasByCid::new(cid, None);
                example "# call!(client.bind_alias(&AliasRequest::new(vec![CidAlias::new(\"cid-1\", \"alice\")])));\nlet cid = \"cid-1\";";

            /// [`query_alias_by_cid`](Self::query_alias_by_cid) for an alias type (Java SDK).
            fn query_alias_by_cid_with_type(cid: &str, alias_type: &str) -> Alias
                = action::QueryAliasByCid::new(cid, Some(alias_type));
                example "# call!(client.bind_alias(&AliasRequest::new(vec![CidAlias::new(\"cid-1\", \"alice\")])));\nlet (cid, alias_type) = (\"cid-1\", \"phone\");";

            /// The cids bound to an alias (`GET /user/cid/alias/{alias}`, official
            /// `queryCidByAlias`).
            fn query_cid_by_alias(alias: &str) -> Cids
                = action::QueryCidByAlias::new(alias, None);
                example "# call!(client.bind_alias(&AliasRequest::new(vec![CidAlias::new(\"cid-1\", \"alice\")])));\nlet alias = \"alice\";";

            /// [`query_cid_by_alias`](Self::query_cid_by_alias) for an alias type (Java SDK).
            fn query_cid_by_alias_with_type(alias: &str, alias_type: &str) -> Cids
                = action::QueryCidByAlias::new(alias, Some(alias_type));
                example "# call!(client.bind_alias(&AliasRequest::new(vec![CidAlias::new(\"cid-1\", \"alice\")])));\nlet (alias, alias_type) = (\"alice\", \"phone\");";

            /// Unbinds cid–alias pairs (`DELETE /user/alias`, official `unbindAlias` /
            /// `batchUnbindAlias`).
            fn unbind_alias(request: &AliasRequest) -> ()
                = action::UnbindAlias::new(request);
                example "# call!(client.bind_alias(&AliasRequest::new(vec![CidAlias::new(\"cid-1\", \"alice\")])));\nlet request = &AliasRequest::new(vec![CidAlias::new(\"cid-1\", \"alice\")]);";

            /// Unbinds every cid of an alias (`DELETE /user/alias/{alias}`, official
            /// `unbindAllAlias`).
            fn unbind_all_alias(alias: &str) -> ()
                = action::UnbindAllAlias::new(alias, None);
                example "let alias = \"alice\";";

            /// [`unbind_all_alias`](Self::unbind_all_alias) for an alias type (Java SDK).
            fn unbind_all_alias_with_type(alias: &str, alias_type: &str) -> ()
                = action::UnbindAllAlias::new(alias, Some(alias_type));
                example "let (alias, alias_type) = (\"alice\", \"phone\");";

            /// Replaces the custom tags of one cid (`POST /user/custom_tag/cid/{cid}`,
            /// official `setTagForCid` / `userBindTags`).
            fn set_tag_for_cid(cid: &str, custom_tags: &[String]) -> ()
                = action::SetTagForCid::new(cid, custom_tags);
                example "let (cid, custom_tags) = (\"cid-1\", &[\"vip\".to_string()]);";

            /// Adds one tag to many cids, at most 1000 (`PUT
            /// /user/custom_tag/batch/{custom_tag}`, official `batchModifyTagForBatchCid` /
            /// `usersBindTag`).
            fn batch_modify_tag_for_batch_cid(custom_tag: &str, cids: &[String]) -> TagBindResult
                = action::BatchModifyTagForBatchCid::new(custom_tag, cids);
                example "let (custom_tag, cids) = (\"vip\", &[\"cid-1\".to_string()]);";

            /// Removes one tag from many cids (`DELETE /user/custom_tag/batch/{custom_tag}`,
            /// official `unbindTag` / `deleteUsersTag`).
            fn unbind_tag(custom_tag: &str, cids: &[String]) -> TagBindResult
                = action::UnbindTag::new(custom_tag, cids);
                example "let (custom_tag, cids) = (\"vip\", &[\"cid-1\".to_string()]);";

            /// The custom tags of a cid (`GET /user/custom_tag/cid/{cid}`, official
            /// `queryUserTag` / `queryUserTags`).
            fn query_user_tag(cid: &str) -> UserTags
                = action::QueryUserTag::new(cid);
                example "let cid = \"cid-1\";";

            /// Adds cids to the blacklist (`POST /user/black/cid/{cids}`, official
            /// `addBlackUser`).
            fn add_black_user(cids: &[String]) -> ()
                = action::AddBlackUser::new(cids);
                example "let cids = &[\"cid-1\".to_string()];";

            /// Removes cids from the blacklist (`DELETE /user/black/cid/{cids}`, official
            /// `removeBlackUser`).
            fn remove_black_user(cids: &[String]) -> ()
                = action::RemoveBlackUser::new(cids);
                example "let cids = &[\"cid-1\".to_string()];";

            /// Online status and last login of cids (`GET /user/status/{cids}`, official
            /// `queryUserStatus`).
            fn query_user_status(cids: &[String]) -> UserStatuses
                = action::QueryUserStatus::new(cids);
                example "let cids = &[\"cid-1\".to_string()];";

            /// Device status of cids (`GET /user/deviceStatus/{cids}`, documented; in neither
            /// official SDK; needs permission).
            fn query_device_status(cids: &[String]) -> DeviceStatuses
                = action::QueryDeviceStatus::new(cids);
                example "let cids = &[\"cid-1\".to_string()];";

            /// Device details of cids (`GET /user/detail/{cids}`, documented; in neither
            /// official SDK).
            fn query_user_detail(cids: &[String]) -> UserDetail
                = action::QueryUserDetail::new(cids);
                example "let cids = &[\"cid-1\".to_string()];";

            /// Sets, adds to or subtracts from the iOS badge of cids (`POST
            /// /user/badge/cid/{cids}`, official `setBadge`). A relative change (`+N`, `-N`)
            /// is never re-sent after it may have reached the server.
            fn set_badge(cids: &[String], badge: &Badge) -> ()
                = action::SetBadge::new(cids, badge.clone());
                example "let (cids, badge) = (&[\"cid-1\".to_string()], &Badge::Set(3));";

            /// The number of users matching conditions (`POST /user/count`, official
            /// `queryUserCount` / `queryUser`).
            fn query_user_count(conditions: &[Condition]) -> UserCount
                = action::QueryUserCount::new(conditions);
                example "let conditions = &[Condition::new(\"custom_tag\", [\"vip\"], OptType::Or)];";
        }
    };
}

#[cfg(feature = "async")]
mod async_methods {
    use super::super::checked;
    use crate::error::Result;
    use getui_model::v2::audience::Condition;
    use getui_model::v2::user::{
        Alias, AliasRequest, Badge, Cids, DeviceStatuses, TagBindResult, UserCount, UserDetail,
        UserStatuses, UserTags,
    };
    use getui_protocol::v2::action;
    methods!(async_v2_methods);
}

#[cfg(feature = "blocking")]
mod blocking_methods {
    use super::super::checked;
    use crate::error::Result;
    use getui_model::v2::audience::Condition;
    use getui_model::v2::user::{
        Alias, AliasRequest, Badge, Cids, DeviceStatuses, TagBindResult, UserCount, UserDetail,
        UserStatuses, UserTags,
    };
    use getui_protocol::v2::action;
    methods!(blocking_v2_methods);
}
