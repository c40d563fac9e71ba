//! `_api.json` of the REST v2 vectors: the official SDK's classes (what each setter writes, the
//! class constants) and the endpoint table, plus the matching of a request path to an endpoint
//! template.

use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The `_api.json` of the public vectors, used when a folder has none.
const BUNDLED_API: &str = include_str!("../../../../tests/vectors-v2/_api.json");

/// How a setter writes its argument into the request JSON (`writes.value` of `_api.json`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteKind {
    /// The value as given at the (dotted) key.
    AsGiven,
    /// An SDK object: its `getApiParam()`.
    Object,
    /// A list of SDK objects: each `getApiParam()`.
    ListOfObjects,
    /// Appends one object (its `getApiParam()`) to the list at the key.
    Append,
    /// `(constraint, key, value)`: `options[constraint][key] = value`, constraint null → `ALL`.
    Options,
    /// Not written by `getApiParam()`: kept aside under the setter's parameter name.
    NotWritten,
}

/// What one setter writes.
#[derive(Debug, Clone)]
pub struct Setter {
    /// The dotted JSON key (`audience.cid.0`); `None` when not written.
    pub key: Option<String>,
    /// How the argument is written.
    pub kind: WriteKind,
    /// The setter's parameter names.
    pub params: Vec<String>,
}

/// One class of the official SDK.
#[derive(Debug, Clone, Default)]
pub struct Class {
    /// The parent class, if any.
    pub extends: Option<String>,
    /// Class constants.
    pub constants: Map<String, Value>,
    /// Setters and adders by name (methods without `writes` are left out).
    pub setters: BTreeMap<String, Setter>,
}

/// One endpoint template (`POST /user/custom_tag/cid/{cid}`).
#[derive(Debug, Clone)]
pub struct Endpoint {
    /// The template as written (`POST /auth`).
    pub name: String,
    /// The HTTP method.
    pub method: String,
    /// Path segments after `/v2/{appId}`; `None` stands for a parameter.
    pub segments: Vec<Option<String>>,
}

/// Where a request path lands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// A documented endpoint: its template and the parameters in path order (still escaped).
    Found(String, Vec<String>),
    /// A path of some endpoint, but not with this method.
    WrongMethod,
    /// No endpoint has this path.
    NotFound,
}

/// The parsed `_api.json`.
#[derive(Debug, Clone, Default)]
pub struct Api {
    /// Classes by name.
    pub classes: BTreeMap<String, Class>,
    /// The endpoint table.
    pub endpoints: Vec<Endpoint>,
}

impl Api {
    /// The bundled copy (the public vectors' `_api.json`).
    pub fn bundled() -> Self {
        Self::parse(BUNDLED_API).expect("bundled _api.json parses")
    }

    /// Parses an `_api.json` text.
    pub fn parse(text: &str) -> Result<Self, String> {
        let doc: Value = serde_json::from_str(text).map_err(|e| format!("_api.json: {e}"))?;
        let mut api = Api::default();
        if let Some(classes) = doc["classes"].as_object() {
            for (name, class) in classes {
                let mut parsed = Class {
                    extends: class["extends"].as_str().map(str::to_owned),
                    constants: class["constants"].as_object().cloned().unwrap_or_default(),
                    setters: BTreeMap::new(),
                };
                if let Some(methods) = class["methods"].as_object() {
                    for (method, spec) in methods {
                        let Some(writes) = spec.get("writes") else {
                            continue;
                        };
                        let params = spec["params"]
                            .as_array()
                            .map(|p| {
                                p.iter()
                                    .filter_map(Value::as_str)
                                    .map(str::to_owned)
                                    .collect()
                            })
                            .unwrap_or_default();
                        let key = writes["key"].as_str().map(str::to_owned);
                        let kind =
                            write_kind(writes["value"].as_str().unwrap_or(""), key.is_none());
                        parsed
                            .setters
                            .insert(method.clone(), Setter { key, kind, params });
                    }
                }
                api.classes.insert(name.clone(), parsed);
            }
        }
        if let Some(endpoints) = doc["endpoints"].as_array() {
            for e in endpoints {
                if let Some(name) = e["endpoint"].as_str() {
                    if let Some(ep) = Endpoint::parse(name) {
                        api.endpoints.push(ep);
                    }
                }
            }
        }
        if api.endpoints.is_empty() {
            return Err("_api.json: no endpoints".into());
        }
        Ok(api)
    }

    /// The setter `method` of `class` (or of a class it extends).
    pub fn setter(&self, class: &str, method: &str) -> Option<&Setter> {
        let mut current = Some(class);
        let mut depth = 0;
        while let Some(name) = current {
            let c = self.classes.get(name)?;
            if let Some(s) = c.setters.get(method) {
                return Some(s);
            }
            current = c.extends.as_deref();
            depth += 1;
            if depth > 16 {
                break;
            }
        }
        None
    }

    /// The value of a constant `Class.NAME`.
    pub fn constant(&self, qualified: &str) -> Option<&Value> {
        let (class, name) = qualified.split_once('.')?;
        let mut current = Some(class);
        while let Some(c) = current.and_then(|c| self.classes.get(c)) {
            if let Some(v) = c.constants.get(name) {
                return Some(v);
            }
            current = c.extends.as_deref();
        }
        None
    }

    /// Routes `method` + `rest` (the path after `/v2/{appId}`, without query) to an endpoint.
    pub fn route(&self, method: &str, rest: &str) -> Route {
        let segments: Vec<&str> = rest.strip_prefix('/').unwrap_or(rest).split('/').collect();
        let mut path_known = false;
        let mut best: Option<(usize, &Endpoint, Vec<String>)> = None;
        for ep in &self.endpoints {
            if ep.segments.len() != segments.len() {
                continue;
            }
            let mut literal = 0;
            let mut params = Vec::new();
            let fits = ep.segments.iter().zip(&segments).all(|(t, s)| match t {
                Some(lit) => {
                    literal += 1;
                    lit == s
                }
                None => {
                    params.push((*s).to_owned());
                    !s.is_empty()
                }
            });
            if !fits {
                continue;
            }
            path_known = true;
            if ep.method.eq_ignore_ascii_case(method)
                && best.as_ref().is_none_or(|(l, _, _)| literal > *l)
            {
                best = Some((literal, ep, params));
            }
        }
        match best {
            Some((_, ep, params)) => Route::Found(ep.name.clone(), params),
            None if path_known => Route::WrongMethod,
            None => Route::NotFound,
        }
    }
}

impl Endpoint {
    /// Parses `POST /push/single/cid`.
    pub fn parse(name: &str) -> Option<Self> {
        let (method, path) = name.split_once(' ')?;
        let segments = path
            .trim()
            .trim_start_matches('/')
            .split('/')
            .map(|s| {
                if s.starts_with('{') && s.ends_with('}') {
                    None
                } else {
                    Some(s.to_owned())
                }
            })
            .collect();
        Some(Self {
            name: format!("{} {}", method.to_ascii_uppercase(), path.trim()),
            method: method.to_ascii_uppercase(),
            segments,
        })
    }
}

fn write_kind(text: &str, no_key: bool) -> WriteKind {
    let t = text.to_ascii_lowercase();
    if no_key || t.contains("not written") {
        WriteKind::NotWritten
    } else if t.contains("appends") {
        WriteKind::Append
    } else if t.contains("list of objects") {
        WriteKind::ListOfObjects
    } else if t.contains("options[") || t.contains("(constraint") {
        WriteKind::Options
    } else if t.contains("getapiparam") {
        WriteKind::Object
    } else {
        WriteKind::AsGiven
    }
}

/// Splits a request path into the host prefix, the app id segment and the rest after
/// `/v2/{appId}` (`None` when the path has no `/v2/` part).
pub fn split_v2_path(path: &str) -> Option<(&str, &str, &str)> {
    let at = path.find("/v2/")?;
    let prefix = &path[..at];
    let after = &path[at + 4..];
    let (app, rest) = match after.find('/') {
        Some(i) => (&after[..i], &after[i..]),
        None => (after, ""),
    };
    Some((prefix, app, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_api_routes_and_setters() {
        let api = Api::bundled();
        assert_eq!(
            api.route("POST", "/push/single/cid"),
            Route::Found("POST /push/single/cid".into(), vec![])
        );
        assert_eq!(
            api.route("GET", "/user/custom_tag/cid/abc"),
            Route::Found("GET /user/custom_tag/cid/{cid}".into(), vec!["abc".into()])
        );
        assert_eq!(api.route("GET", "/push/single/cid"), Route::WrongMethod);
        assert_eq!(api.route("GET", "/report/push/task/"), Route::NotFound);
        assert_eq!(api.route("GET", "/nothing"), Route::NotFound);
        let s = api.setter("GTPushRequest", "setCid").unwrap();
        assert_eq!(s.key.as_deref(), Some("audience.cid.0"));
        assert_eq!(s.kind, WriteKind::AsGiven);
        assert_eq!(
            api.setter("GTUps", "addOption").unwrap().kind,
            WriteKind::Options
        );
        assert_eq!(
            api.setter("GTIos", "addMultimedia").unwrap().kind,
            WriteKind::Append
        );
        assert_eq!(
            api.setter("GTTagSetRequest", "setCid").unwrap().kind,
            WriteKind::NotWritten
        );
        assert_eq!(
            api.constant("GTStrategy.STRATEGY_THIRD_FIRST"),
            Some(&Value::from(4))
        );
        assert_eq!(
            split_v2_path("/alt/v2/App/push/all"),
            Some(("/alt", "App", "/push/all"))
        );
        assert_eq!(split_v2_path("//v2/App/auth"), Some(("/", "App", "/auth")));
    }
}
