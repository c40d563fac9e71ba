//! U1–U16: aliases, custom tags, blacklist, status, badge, count.

use getui_model::v2::audience::Condition;
use getui_model::v2::user::{
    Alias, AliasRequest, Badge, Cids, DeviceStatuses, TagBindResult, UserCount, UserDetail,
    UserStatuses, UserTags,
};
use getui_model::{Rule, ValidationError};
use serde_json::json;

use super::{
    check_list, check_required, parse_data, parse_data_or_default, parse_unit, wire_action, Wire,
};
use crate::v2::path::{push_list_segment, push_query_pair, push_segment};

/// The most cids of a `{cids}` path list (U10–U15) and of the `cid` body list of U7/U8: the
/// larger documented value (docs/protocol-v2.md §7.8).
pub const CIDS_MAX: usize = 1000;
/// The most tags of U6.
pub const CUSTOM_TAGS_MAX: usize = 100;
/// The longest custom tag, in characters (U6, U7, U8).
pub const CUSTOM_TAG_MAX_CHARS: usize = 32;
/// The most characters of all the tags of U6 together.
pub const CUSTOM_TAGS_MAX_TOTAL_CHARS: usize = 512;

fn alias_type_query(alias_type: Option<&str>) -> Result<String, ValidationError> {
    let mut query = String::new();
    if let Some(alias_type) = alias_type {
        check_required("alias_type", alias_type)?;
        push_query_pair(&mut query, "alias_type", alias_type);
    }
    Ok(query)
}

fn check_tag(field: &'static str, tag: &str) -> Result<(), ValidationError> {
    check_required(field, tag)?;
    let chars = tag.chars().count();
    if chars > CUSTOM_TAG_MAX_CHARS {
        return Err(ValidationError::new(
            field,
            Rule::MaxChars {
                max: CUSTOM_TAG_MAX_CHARS,
                actual: chars,
            },
        ));
    }
    if tag.contains(' ') {
        return Err(ValidationError::new(
            field,
            Rule::Constraint("a tag must not contain spaces"),
        ));
    }
    Ok(())
}

fn cids_path(prefix: &str, cids: &[impl AsRef<str>]) -> Result<Wire, ValidationError> {
    check_list("cids", cids, CIDS_MAX, true)?;
    let mut path = String::from(prefix);
    push_list_segment(&mut path, cids);
    Ok(Wire::new(path))
}

/// U1 `POST /user/alias`: bind aliases to cids (body `{"data_list": [{cid, alias}],
/// "alias_type"?}`; 1–1000 pairs; aliases: letters, digits, `_`, Chinese, ≤ 40 characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BindAlias {
    wire: Wire,
}

impl BindAlias {
    /// Binds the pairs of `request`.
    pub fn new(request: &AliasRequest) -> Result<Self, ValidationError> {
        request.validate_for_bind()?;
        Ok(Self {
            wire: Wire::new("/user/alias".into()).with_body(request),
        })
    }
}

wire_action!(
    BindAlias,
    "bindAlias",
    Post,
    "POST /user/alias",
    (),
    parse_unit
);

/// U2 `GET /user/alias/cid/{cid}`: the alias of a cid; optional `alias_type` query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryAliasByCid {
    wire: Wire,
}

impl QueryAliasByCid {
    /// Queries `cid`, with `?alias_type=` when given.
    pub fn new(cid: &str, alias_type: Option<&str>) -> Result<Self, ValidationError> {
        check_required("cid", cid)?;
        let mut path = String::from("/user/alias/cid");
        push_segment(&mut path, cid);
        Ok(Self {
            wire: Wire::new(path).with_query(alias_type_query(alias_type)?),
        })
    }
}

wire_action!(
    QueryAliasByCid,
    "queryAliasByCid",
    Get,
    "GET /user/alias/cid/{cid}",
    Alias,
    parse_data
);

/// U3 `GET /user/cid/alias/{alias}`: the cids of an alias (any non-empty alias, escaped);
/// optional `alias_type` query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryCidByAlias {
    wire: Wire,
}

impl QueryCidByAlias {
    /// Queries `alias`, with `?alias_type=` when given.
    pub fn new(alias: &str, alias_type: Option<&str>) -> Result<Self, ValidationError> {
        check_required("alias", alias)?;
        let mut path = String::from("/user/cid/alias");
        push_segment(&mut path, alias);
        Ok(Self {
            wire: Wire::new(path).with_query(alias_type_query(alias_type)?),
        })
    }
}

wire_action!(
    QueryCidByAlias,
    "queryCidByAlias",
    Get,
    "GET /user/cid/alias/{alias}",
    Cids,
    parse_data_or_default
);

/// U4 `DELETE /user/alias` (JSON body): unbind pairs (1–1000).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnbindAlias {
    wire: Wire,
}

impl UnbindAlias {
    /// Unbinds the pairs of `request`.
    pub fn new(request: &AliasRequest) -> Result<Self, ValidationError> {
        request.validate()?;
        Ok(Self {
            wire: Wire::new("/user/alias".into()).with_body(request),
        })
    }
}

wire_action!(
    UnbindAlias,
    "unbindAlias",
    Delete,
    "DELETE /user/alias",
    (),
    parse_unit
);

/// U5 `DELETE /user/alias/{alias}`: unbind every cid of an alias. No body; optional
/// `alias_type` query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnbindAllAlias {
    wire: Wire,
}

impl UnbindAllAlias {
    /// Unbinds `alias`, with `?alias_type=` when given.
    pub fn new(alias: &str, alias_type: Option<&str>) -> Result<Self, ValidationError> {
        check_required("alias", alias)?;
        let mut path = String::from("/user/alias");
        push_segment(&mut path, alias);
        Ok(Self {
            wire: Wire::new(path).with_query(alias_type_query(alias_type)?),
        })
    }
}

wire_action!(
    UnbindAllAlias,
    "unbindAllAlias",
    Delete,
    "DELETE /user/alias/{alias}",
    (),
    parse_unit
);

/// U6 `POST /user/custom_tag/cid/{cid}`: replace the tags of a cid (body
/// `{"custom_tag": [..]}`; ≤ 100 tags, each ≤ 32 characters without spaces, ≤ 512 characters
/// together; an empty list is sent as `[]`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetTagForCid {
    wire: Wire,
}

impl SetTagForCid {
    /// Sets `tags` on `cid`.
    pub fn new(cid: &str, tags: &[impl AsRef<str>]) -> Result<Self, ValidationError> {
        check_required("cid", cid)?;
        if tags.len() > CUSTOM_TAGS_MAX {
            return Err(ValidationError::new(
                "custom_tag",
                Rule::MaxItems {
                    max: CUSTOM_TAGS_MAX,
                    actual: tags.len(),
                },
            ));
        }
        let mut total = 0;
        for tag in tags {
            check_tag("custom_tag", tag.as_ref())?;
            total += tag.as_ref().chars().count();
        }
        if total > CUSTOM_TAGS_MAX_TOTAL_CHARS {
            return Err(ValidationError::new(
                "custom_tag",
                Rule::MaxChars {
                    max: CUSTOM_TAGS_MAX_TOTAL_CHARS,
                    actual: total,
                },
            ));
        }
        let mut path = String::from("/user/custom_tag/cid");
        push_segment(&mut path, cid);
        let tags: Vec<&str> = tags.iter().map(AsRef::as_ref).collect();
        Ok(Self {
            wire: Wire::new(path).with_body(&json!({ "custom_tag": tags })),
        })
    }
}

wire_action!(
    SetTagForCid,
    "setTagForCid",
    Post,
    "POST /user/custom_tag/cid/{cid}",
    (),
    parse_unit
);

fn tag_batch(tag: &str, cids: &[impl AsRef<str>]) -> Result<Wire, ValidationError> {
    check_tag("custom_tag", tag)?;
    check_list("cid", cids, CIDS_MAX, false)?;
    let mut path = String::from("/user/custom_tag/batch");
    push_segment(&mut path, tag);
    let cids: Vec<&str> = cids.iter().map(AsRef::as_ref).collect();
    Ok(Wire::new(path).with_body(&json!({ "cid": cids })))
}

/// U7 `PUT /user/custom_tag/batch/{custom_tag}`: add one tag to cids (body `{"cid": [..]}`,
/// 1–1000; asynchronous on the service side).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchModifyTagForBatchCid {
    wire: Wire,
}

impl BatchModifyTagForBatchCid {
    /// Binds `tag` to `cids`.
    pub fn new(tag: &str, cids: &[impl AsRef<str>]) -> Result<Self, ValidationError> {
        Ok(Self {
            wire: tag_batch(tag, cids)?,
        })
    }
}

wire_action!(
    BatchModifyTagForBatchCid,
    "batchModifyTagForBatchCid",
    Put,
    "PUT /user/custom_tag/batch/{custom_tag}",
    TagBindResult,
    parse_data_or_default
);

/// U8 `DELETE /user/custom_tag/batch/{custom_tag}` (JSON body `{"cid": [..]}`): remove one
/// tag from cids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnbindTag {
    wire: Wire,
}

impl UnbindTag {
    /// Unbinds `tag` from `cids`.
    pub fn new(tag: &str, cids: &[impl AsRef<str>]) -> Result<Self, ValidationError> {
        Ok(Self {
            wire: tag_batch(tag, cids)?,
        })
    }
}

wire_action!(
    UnbindTag,
    "unbindTag",
    Delete,
    "DELETE /user/custom_tag/batch/{custom_tag}",
    TagBindResult,
    parse_data_or_default
);

/// U9 `GET /user/custom_tag/cid/{cid}`: the tags of a cid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryUserTag {
    wire: Wire,
}

impl QueryUserTag {
    /// Queries `cid`.
    pub fn new(cid: &str) -> Result<Self, ValidationError> {
        check_required("cid", cid)?;
        let mut path = String::from("/user/custom_tag/cid");
        push_segment(&mut path, cid);
        Ok(Self {
            wire: Wire::new(path),
        })
    }
}

wire_action!(
    QueryUserTag,
    "queryUserTag",
    Get,
    "GET /user/custom_tag/cid/{cid}",
    UserTags,
    parse_data_or_default
);

/// U10 `POST /user/black/cid/{cids}`: blacklist cids (1–1000). No body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddBlackUser {
    wire: Wire,
}

impl AddBlackUser {
    /// Blacklists `cids`.
    pub fn new(cids: &[impl AsRef<str>]) -> Result<Self, ValidationError> {
        Ok(Self {
            wire: cids_path("/user/black/cid", cids)?,
        })
    }
}

wire_action!(
    AddBlackUser,
    "addBlackUser",
    Post,
    "POST /user/black/cid/{cids}",
    (),
    parse_unit
);

/// U11 `DELETE /user/black/cid/{cids}`: remove cids from the blacklist (1–1000). No body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoveBlackUser {
    wire: Wire,
}

impl RemoveBlackUser {
    /// Un-blacklists `cids`.
    pub fn new(cids: &[impl AsRef<str>]) -> Result<Self, ValidationError> {
        Ok(Self {
            wire: cids_path("/user/black/cid", cids)?,
        })
    }
}

wire_action!(
    RemoveBlackUser,
    "removeBlackUser",
    Delete,
    "DELETE /user/black/cid/{cids}",
    (),
    parse_unit
);

/// U12 `GET /user/status/{cids}`: online state of cids (1–1000).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryUserStatus {
    wire: Wire,
}

impl QueryUserStatus {
    /// Queries `cids`.
    pub fn new(cids: &[impl AsRef<str>]) -> Result<Self, ValidationError> {
        Ok(Self {
            wire: cids_path("/user/status", cids)?,
        })
    }
}

wire_action!(
    QueryUserStatus,
    "queryUserStatus",
    Get,
    "GET /user/status/{cids}",
    UserStatuses,
    parse_data_or_default
);

/// U13 `GET /user/deviceStatus/{cids}`: device state of cids (1–1000; docs only, needs
/// permission).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryDeviceStatus {
    wire: Wire,
}

impl QueryDeviceStatus {
    /// Queries `cids`.
    pub fn new(cids: &[impl AsRef<str>]) -> Result<Self, ValidationError> {
        Ok(Self {
            wire: cids_path("/user/deviceStatus", cids)?,
        })
    }
}

wire_action!(
    QueryDeviceStatus,
    "queryDeviceStatus",
    Get,
    "GET /user/deviceStatus/{cids}",
    DeviceStatuses,
    parse_data_or_default
);

/// U14 `GET /user/detail/{cids}`: what the service knows about cids (1–1000; docs only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryUserDetail {
    wire: Wire,
}

impl QueryUserDetail {
    /// Queries `cids`.
    pub fn new(cids: &[impl AsRef<str>]) -> Result<Self, ValidationError> {
        Ok(Self {
            wire: cids_path("/user/detail", cids)?,
        })
    }
}

wire_action!(
    QueryUserDetail,
    "queryUserDetail",
    Get,
    "GET /user/detail/{cids}",
    UserDetail,
    parse_data_or_default
);

/// U15 `POST /user/badge/cid/{cids}`: set the iOS badge of cids (1–1000; body
/// `{"badge": …}`). A relative change (`+N`, `-N`) is not safe to re-send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetBadge {
    wire: Wire,
}

impl SetBadge {
    /// Sets `badge` on `cids`.
    pub fn new(cids: &[impl AsRef<str>], badge: Badge) -> Result<Self, ValidationError> {
        let wire = cids_path("/user/badge/cid", cids)?
            .with_body(&json!({ "badge": badge }))
            .resend_safe(!badge.is_relative());
        Ok(Self { wire })
    }
}

wire_action!(
    SetBadge,
    "setBadge",
    Post,
    "POST /user/badge/cid/{cids}",
    (),
    parse_unit
);

/// U16 `POST /user/count`: count the users matching conditions (body `{"tag": [..]}`, at
/// least one condition).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryUserCount {
    wire: Wire,
}

impl QueryUserCount {
    /// Counts the users matching every condition.
    pub fn new(conditions: &[Condition]) -> Result<Self, ValidationError> {
        if conditions.is_empty() {
            return Err(ValidationError::new(
                "tag",
                Rule::MinItems { min: 1, actual: 0 },
            ));
        }
        for (i, condition) in conditions.iter().enumerate() {
            condition.validate_at(&format!("tag[{i}]"))?;
        }
        Ok(Self {
            wire: Wire::new("/user/count".into()).with_body(&json!({ "tag": conditions })),
        })
    }
}

wire_action!(
    QueryUserCount,
    "queryUserCount",
    Post,
    "POST /user/count",
    UserCount,
    parse_data
);
