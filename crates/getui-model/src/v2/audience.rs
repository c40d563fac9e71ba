//! `audience`: who receives a push (docs/protocol-v2.md §8.2), the tag conditions of M9/U16 (§8.8) and
//! the per-endpoint audience checks ([`AudienceForm`], [`check_audience`]).
//!
//! On the wire an audience is the JSON string `"all"` or an object with exactly one target key
//! (`cid`, `alias` with an optional `alias_type`, `tag`, `fast_custom_tag`, `cid_by_tag`).
//! An empty target is an error, never "everyone" (the PHP SDK's defect, §10.1 #14).

use std::fmt;

use serde::de::{self, value::MapAccessDeserializer, Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use super::push::{check, setters};
use crate::{Rule, ValidationError};

/// `audience`: the targets of a push. Which form an endpoint takes is checked by
/// [`check_audience`].
///
/// ```
/// use getui_model::v2::audience::Audience;
/// let all: Audience = serde_json::from_str(r#""all""#).unwrap();
/// assert_eq!(all, Audience::All);
/// let cids: Audience = serde_json::from_str(r#"{"cid": ["c1"]}"#).unwrap();
/// assert_eq!(cids, Audience::Cid(vec!["c1".into()]));
/// assert!(serde_json::from_str::<Audience>(r#"{"cid": ["c1"], "alias": ["a"]}"#).is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Audience {
    /// `{"cid": [..]}`: client ids.
    Cid(Vec<String>),
    /// `{"alias": [..], "alias_type"?: ".."}`: aliases.
    Alias {
        /// `alias`: the aliases.
        alias: Vec<String>,
        /// `alias_type` (Java SDK ≥ 1.0.0.16): written only when set.
        alias_type: Option<String>,
    },
    /// `{"tag": [Condition, ..]}`: users matching every condition (M9).
    Tag(Vec<Condition>),
    /// `{"fast_custom_tag": ".."}`: users bound to a custom tag (M10).
    FastCustomTag(String),
    /// `{"cid_by_tag": [..]}`: cids filtered by their tags (M11, M12; Java SDK only).
    CidByTag(Vec<CidByTag>),
    /// The JSON string `"all"`: every user of the app (M8).
    All,
}

impl Audience {
    /// `{"cid": [..]}` from any list of strings.
    pub fn cid_list<I: IntoIterator<Item = S>, S: Into<String>>(cids: I) -> Self {
        Audience::Cid(cids.into_iter().map(Into::into).collect())
    }

    /// `{"alias": [..]}` (no `alias_type`).
    pub fn alias_list<I: IntoIterator<Item = S>, S: Into<String>>(aliases: I) -> Self {
        Audience::Alias {
            alias: aliases.into_iter().map(Into::into).collect(),
            alias_type: None,
        }
    }

    /// `{"alias": [..], "alias_type": ".."}`.
    pub fn alias_list_with_type<I: IntoIterator<Item = S>, S: Into<String>>(
        aliases: I,
        alias_type: impl Into<String>,
    ) -> Self {
        Audience::Alias {
            alias: aliases.into_iter().map(Into::into).collect(),
            alias_type: Some(alias_type.into()),
        }
    }

    /// The wire key of the form (`"cid"`, `"alias"`, `"tag"`, `"fast_custom_tag"`,
    /// `"cid_by_tag"`), or `"all"`.
    pub fn form_name(&self) -> &'static str {
        match self {
            Audience::Cid(_) => "cid",
            Audience::Alias { .. } => "alias",
            Audience::Tag(_) => "tag",
            Audience::FastCustomTag(_) => "fast_custom_tag",
            Audience::CidByTag(_) => "cid_by_tag",
            Audience::All => "all",
        }
    }

    /// Checks the endpoint-independent rules: every target non-empty (an empty list or an
    /// empty string is [`Rule::Required`], e.g. `audience.cid[0]`), every condition and
    /// cid_by_tag entry valid. Field names start with `audience`.
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.validate_at("audience")
    }

    /// [`validate`](Self::validate) naming fields under `at` (e.g. `msg_list[1].audience`).
    pub fn validate_at(&self, at: &str) -> Result<(), ValidationError> {
        self.validate_in(&check::At::Text(at))
    }

    /// [`validate_at`](Self::validate_at) at a path built lazily.
    pub(crate) fn validate_in(&self, at: &check::At<'_>) -> Result<(), ValidationError> {
        match self {
            Audience::Cid(list) => check_strings(at, "cid", list),
            Audience::Alias { alias, .. } => check_strings(at, "alias", alias),
            Audience::Tag(conditions) => {
                if conditions.is_empty() {
                    return Err(check::err(at, "tag", Rule::Required));
                }
                for (i, condition) in conditions.iter().enumerate() {
                    condition.validate_in(&check::item(at, "tag", i))?;
                }
                Ok(())
            }
            Audience::FastCustomTag(tag) => check::required(at, "fast_custom_tag", Some(tag)),
            Audience::CidByTag(items) => {
                if items.is_empty() {
                    return Err(check::err(at, "cid_by_tag", Rule::Required));
                }
                for (i, entry) in items.iter().enumerate() {
                    entry.validate_at(&check::item(at, "cid_by_tag", i))?;
                }
                Ok(())
            }
            Audience::All => Ok(()),
        }
    }

    /// Checks this audience against what an endpoint takes; see [`check_audience`].
    pub fn check_form(&self, form: AudienceForm) -> Result<(), ValidationError> {
        check_audience(Some(self), form, "")
    }
}

fn check_strings(at: &check::At<'_>, key: &str, list: &[String]) -> Result<(), ValidationError> {
    if list.is_empty() {
        return Err(check::err(at, key, Rule::Required));
    }
    match list.iter().position(String::is_empty) {
        Some(i) => Err(ValidationError::new(
            check::item(at, key, i).to_string(),
            Rule::Required,
        )),
        None => Ok(()),
    }
}

/// The audience an endpoint takes, for [`check_audience`] (and the `check_audience` methods of
/// the request types).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AudienceForm {
    /// M1 and every M3 item: `{"cid": [exactly one cid]}`.
    SingleCid,
    /// M2 and every M4 item: `{"alias": [exactly one alias]}` (`alias_type` allowed).
    SingleAlias,
    /// M6: `{"cid": [1..=max cids]}` (`max` normally [`LIST_PUSH_MAX_TARGETS`](super::push::LIST_PUSH_MAX_TARGETS)).
    CidList {
        /// The most cids allowed.
        max: usize,
    },
    /// M7: `{"alias": [1..=max aliases]}`.
    AliasList {
        /// The most aliases allowed.
        max: usize,
    },
    /// M8 (`push_all`) and M5 (`/push/list/message`): `"all"` or no audience at all.
    AllOrNone,
    /// M9: `{"tag": [at least one condition]}`.
    Tag,
    /// M10: `{"fast_custom_tag": "<non-empty tag>"}`.
    FastCustomTag,
    /// M11 and M12: `{"cid_by_tag": [at least one entry]}`.
    CidByTag,
}

/// Checks `audience` (at `at.audience`; `at` empty for a root request) against the form an
/// endpoint takes, then the endpoint-independent rules ([`Audience::validate`]).
///
/// * a missing audience is [`Rule::Required`] (`audience`), except for
///   [`AudienceForm::AllOrNone`];
/// * another form is a [`Rule::Constraint`] naming `audience`;
/// * single pushes need exactly one target: none is [`Rule::Required`] (`audience.cid`), more
///   is [`Rule::MaxItems`] with `max: 1`; list pushes allow `1..=max` ([`Rule::MaxItems`]).
pub fn check_audience(
    audience: Option<&Audience>,
    form: AudienceForm,
    at: &str,
) -> Result<(), ValidationError> {
    check_audience_in(audience, form, &check::At::Text(at))
}

/// [`check_audience`] at a path built lazily.
pub(crate) fn check_audience_in(
    audience: Option<&Audience>,
    form: AudienceForm,
    at: &check::At<'_>,
) -> Result<(), ValidationError> {
    let field = check::path(at, "audience");
    let Some(audience) = audience else {
        return match form {
            AudienceForm::AllOrNone => Ok(()),
            _ => Err(ValidationError::new(field.to_string(), Rule::Required)),
        };
    };
    let wrong = |message: &'static str| {
        Err(ValidationError::new(
            field.to_string(),
            Rule::Constraint(message),
        ))
    };
    let count = |key: &str, list: &[String], max: usize| -> Result<(), ValidationError> {
        if list.len() > max {
            return Err(check::err(
                &field,
                key,
                Rule::MaxItems {
                    max,
                    actual: list.len(),
                },
            ));
        }
        Ok(())
    };
    match (form, audience) {
        (AudienceForm::SingleCid, Audience::Cid(list)) => count("cid", list, 1)?,
        (AudienceForm::SingleCid, _) => {
            return wrong("this endpoint takes audience.cid with exactly one cid")
        }
        (AudienceForm::SingleAlias, Audience::Alias { alias, .. }) => count("alias", alias, 1)?,
        (AudienceForm::SingleAlias, _) => {
            return wrong("this endpoint takes audience.alias with exactly one alias")
        }
        (AudienceForm::CidList { max }, Audience::Cid(list)) => count("cid", list, max)?,
        (AudienceForm::CidList { .. }, _) => return wrong("this endpoint takes audience.cid"),
        (AudienceForm::AliasList { max }, Audience::Alias { alias, .. }) => {
            count("alias", alias, max)?
        }
        (AudienceForm::AliasList { .. }, _) => return wrong("this endpoint takes audience.alias"),
        (AudienceForm::AllOrNone, Audience::All) => {}
        (AudienceForm::AllOrNone, _) => {
            return wrong("this endpoint takes the audience \"all\" (or none)")
        }
        (AudienceForm::Tag, Audience::Tag(_)) => {}
        (AudienceForm::Tag, _) => return wrong("this endpoint takes audience.tag"),
        (AudienceForm::FastCustomTag, Audience::FastCustomTag(_)) => {}
        (AudienceForm::FastCustomTag, _) => {
            return wrong("this endpoint takes audience.fast_custom_tag")
        }
        (AudienceForm::CidByTag, Audience::CidByTag(_)) => {}
        (AudienceForm::CidByTag, _) => return wrong("this endpoint takes audience.cid_by_tag"),
    }
    audience.validate_in(&field)
}

/// The wire object of a non-`"all"` audience; exactly one target key is checked afterwards.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AudienceObject {
    cid: Option<Vec<String>>,
    alias: Option<Vec<String>>,
    alias_type: Option<String>,
    tag: Option<Vec<Condition>>,
    fast_custom_tag: Option<String>,
    cid_by_tag: Option<Vec<CidByTag>>,
}

impl AudienceObject {
    fn into_audience<E: de::Error>(self) -> Result<Audience, E> {
        let present = [
            self.cid.is_some(),
            self.alias.is_some(),
            self.tag.is_some(),
            self.fast_custom_tag.is_some(),
            self.cid_by_tag.is_some(),
        ]
        .iter()
        .filter(|p| **p)
        .count();
        if present != 1 {
            return Err(E::custom(format_args!(
                "an audience object needs exactly one of `cid`, `alias`, `tag`, \
                 `fast_custom_tag`, `cid_by_tag`; got {present}"
            )));
        }
        if self.alias_type.is_some() && self.alias.is_none() {
            return Err(E::custom("`alias_type` is allowed only next to `alias`"));
        }
        Ok(if let Some(cid) = self.cid {
            Audience::Cid(cid)
        } else if let Some(alias) = self.alias {
            Audience::Alias {
                alias,
                alias_type: self.alias_type,
            }
        } else if let Some(tag) = self.tag {
            Audience::Tag(tag)
        } else if let Some(tag) = self.fast_custom_tag {
            Audience::FastCustomTag(tag)
        } else {
            Audience::CidByTag(self.cid_by_tag.unwrap_or_default())
        })
    }
}

impl Serialize for Audience {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Audience::All => serializer.serialize_str("all"),
            Audience::Cid(list) => single(serializer, "cid", list),
            Audience::Alias { alias, alias_type } => {
                let mut map =
                    serializer.serialize_map(Some(1 + usize::from(alias_type.is_some())))?;
                map.serialize_entry("alias", alias)?;
                if let Some(alias_type) = alias_type {
                    map.serialize_entry("alias_type", alias_type)?;
                }
                map.end()
            }
            Audience::Tag(list) => single(serializer, "tag", list),
            Audience::FastCustomTag(tag) => single(serializer, "fast_custom_tag", tag),
            Audience::CidByTag(list) => single(serializer, "cid_by_tag", list),
        }
    }
}

fn single<S: Serializer, T: Serialize + ?Sized>(
    serializer: S,
    key: &str,
    value: &T,
) -> Result<S::Ok, S::Error> {
    let mut map = serializer.serialize_map(Some(1))?;
    map.serialize_entry(key, value)?;
    map.end()
}

impl<'de> Deserialize<'de> for Audience {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct AudienceVisitor;

        impl<'de> Visitor<'de> for AudienceVisitor {
            type Value = Audience;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("the string \"all\" or an object with exactly one target key")
            }

            fn visit_str<E: de::Error>(self, value: &str) -> Result<Audience, E> {
                if value == "all" {
                    Ok(Audience::All)
                } else {
                    Err(E::invalid_value(de::Unexpected::Str(value), &self))
                }
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Audience, A::Error> {
                AudienceObject::deserialize(MapAccessDeserializer::new(map))?.into_audience()
            }
        }

        deserializer.deserialize_any(AudienceVisitor)
    }
}

/// How the values of one condition combine (`opt_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum OptType {
    /// `and`: every value.
    And,
    /// `or`: any value.
    Or,
    /// `not`: none of the values.
    Not,
}

/// One condition of `audience.tag` (M9) or of the `tag` of U16 (docs/protocol-v2.md §8.8). Different
/// keys are AND-ed; the values of one key combine by `opt_type`. Values are sent as given (no
/// case folding) and in the caller's order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Condition {
    /// `key`: `phone_type`, `region`, `custom_tag`, `portrait`… (required, not checked
    /// against a list).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// `values`: a non-empty list.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
    /// `opt_type`: required.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opt_type: Option<OptType>,
}

impl Condition {
    /// A condition with its three fields.
    pub fn new<I: IntoIterator<Item = S>, S: Into<String>>(
        key: impl Into<String>,
        values: I,
        opt_type: OptType,
    ) -> Self {
        Self {
            key: Some(key.into()),
            values: Some(values.into_iter().map(Into::into).collect()),
            opt_type: Some(opt_type),
        }
    }

    setters! {
        key: String, "Sets `key`.";
        values: Vec<String>, "Sets `values`.";
        opt_type: OptType, "Sets `opt_type`.";
    }

    /// Checks `key` (non-empty), `values` (a non-empty list) and `opt_type` (required); field
    /// names are relative (`key`, `values`, `opt_type`).
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.validate_at("")
    }

    /// [`validate`](Self::validate) naming fields under `at` (e.g. `audience.tag[2]`).
    pub fn validate_at(&self, at: &str) -> Result<(), ValidationError> {
        self.validate_in(&check::At::Text(at))
    }

    /// [`validate_at`](Self::validate_at) at a path built lazily.
    pub(crate) fn validate_in(&self, at: &check::At<'_>) -> Result<(), ValidationError> {
        check::required(at, "key", self.key.as_ref())?;
        match &self.values {
            Some(values) if !values.is_empty() => {}
            _ => return Err(check::err(at, "values", Rule::Required)),
        }
        if self.opt_type.is_none() {
            return Err(check::err(at, "opt_type", Rule::Required));
        }
        Ok(())
    }
}

/// The `op_type` of a [`CidByTag`] entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CidByTagOp {
    /// 0: push when the cid has any of the tags.
    Or,
    /// 1: push when the cid has all the tags.
    And,
    /// 2: push when the cid has none of the tags.
    Not,
}

impl CidByTagOp {
    /// The wire value (0, 1, 2).
    pub fn value(self) -> i64 {
        match self {
            CidByTagOp::Or => 0,
            CidByTagOp::And => 1,
            CidByTagOp::Not => 2,
        }
    }
}

impl From<CidByTagOp> for i64 {
    fn from(op: CidByTagOp) -> i64 {
        op.value()
    }
}

/// One entry of `audience.cid_by_tag` (M11, M12; Java SDK only).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct CidByTag {
    /// `cid`: required.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cid: Option<String>,
    /// `tag`: a non-empty list of tags.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tag: Option<Vec<String>>,
    /// `op_type`: 0 OR, 1 AND, 2 NOT ([`CidByTagOp`]); required (no default is assumed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub op_type: Option<i64>,
}

impl CidByTag {
    /// An entry with its three fields.
    pub fn new<I: IntoIterator<Item = S>, S: Into<String>>(
        cid: impl Into<String>,
        tags: I,
        op: CidByTagOp,
    ) -> Self {
        Self {
            cid: Some(cid.into()),
            tag: Some(tags.into_iter().map(Into::into).collect()),
            op_type: Some(op.value()),
        }
    }

    setters! {
        cid: String, "Sets `cid`.";
        tag: Vec<String>, "Sets `tag`.";
        op_type: i64, "Sets `op_type` (a [`CidByTagOp`] converts).";
    }

    /// Checks `cid` (required), `tag` (non-empty list) and `op_type` (required, 0–2); field
    /// names are relative.
    pub fn validate(&self) -> Result<(), ValidationError> {
        self.validate_at(&check::At::Text(""))
    }

    pub(crate) fn validate_at(&self, at: &check::At<'_>) -> Result<(), ValidationError> {
        check::required(at, "cid", self.cid.as_ref())?;
        match &self.tag {
            Some(tags) if !tags.is_empty() => {}
            _ => return Err(check::err(at, "tag", Rule::Required)),
        }
        match self.op_type {
            None => Err(check::err(at, "op_type", Rule::Required)),
            value => check::range(at, "op_type", value, 0, 2),
        }
    }
}
