//! The interpreter of a REST v2 vector's `input` (vectors-v2 README, "input"): SDK objects are
//! built from their setter calls with `_api.json` (what each setter writes), values resolved
//! (`const`, `$var`, literals), and each op handed to a [`Driver`] that calls the Rust SDK.

use super::schema::{Api, WriteKind};
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

/// A boxed, not necessarily `Send`, future.
pub type LocalFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// What one op gave.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// It returned (its value as JSON).
    Ok(Value),
    /// The SDK refused the input before sending anything (deserialisation or validation).
    Refused(String),
    /// The call failed after something was exchanged (or the transport failed).
    Failed(String),
    /// Not run: an earlier step of the sequence raised.
    Skipped,
    /// The runner cannot interpret the op.
    Unsupported(String),
}

impl Outcome {
    /// Whether the op raised (anything but `Ok`).
    pub fn raised(&self) -> bool {
        !matches!(self, Outcome::Ok(_))
    }
}

/// One argument of an op, built.
#[derive(Debug, Clone, PartialEq)]
pub struct Arg {
    /// The SDK class, for an SDK object.
    pub class: Option<String>,
    /// The JSON (an object's `getApiParam()`, or the plain value).
    pub json: Value,
    /// Values of setters that `getApiParam()` does not write, by parameter name
    /// (`GTTagSetRequest.setCid` → `cid`).
    pub params: Map<String, Value>,
}

impl Arg {
    /// A plain value.
    pub fn plain(json: Value) -> Self {
        Self {
            class: None,
            json,
            params: Map::new(),
        }
    }
}

/// Calls the SDK for the ops of the input.
pub trait Driver {
    /// Runs `op` (`pushApi.pushToSingleByCid`, `client.getAuthToken`, `GTClient` …) with its
    /// built arguments. For `GTClient` the only argument is the op object itself.
    fn call<'a>(&'a mut self, op: &'a str, args: Vec<Arg>) -> LocalFuture<'a, Outcome>;
}

/// An SDK object under construction: its class and the setter calls so far.
#[derive(Debug, Clone)]
pub struct Obj {
    /// The class.
    pub class: String,
    /// `(method, arguments)` in call order.
    pub calls: Vec<(String, Vec<Val>)>,
}

/// A value of the input.
#[derive(Debug, Clone)]
pub enum Val {
    /// A JSON value.
    Json(Value),
    /// An SDK object (shared: `let` keeps one object that `invoke` changes).
    Obj(Rc<RefCell<Obj>>),
    /// An array holding objects.
    List(Vec<Val>),
    /// An object holding objects.
    Map(Vec<(String, Val)>),
}

/// The interpreter of one vector's input.
pub struct Interp<'a, D: Driver> {
    api: &'a Api,
    /// The SDK driver.
    pub driver: D,
    vars: HashMap<String, Val>,
    expected: Vec<Value>,
}

impl<'a, D: Driver> Interp<'a, D> {
    /// An interpreter over `api`. `expected_result` is the vector's `result` (used only to
    /// decide whether a raised step ends a sequence, as it did in the official SDK).
    pub fn new(api: &'a Api, driver: D, expected_result: &Value) -> Self {
        let expected = match expected_result {
            Value::Array(a) => a.clone(),
            other => vec![other.clone()],
        };
        Self {
            api,
            driver,
            vars: HashMap::new(),
            expected,
        }
    }

    /// Runs the top-level op: one outcome per step of a `sequence`, else one.
    pub async fn exec_top(&mut self, input: &Value) -> Vec<Outcome> {
        if input["op"] == "sequence" {
            let steps = input["steps"].as_array().cloned().unwrap_or_default();
            let mut outcomes = Vec::new();
            let mut stopped = false;
            for (i, step) in steps.iter().enumerate() {
                if stopped {
                    outcomes.push(Outcome::Skipped);
                    continue;
                }
                let outcome = self.exec(step).await;
                // A step that raised ends the sequence, as in the official SDK. Where the
                // Rust SDK raises on an answer the official SDK returned (an error code),
                // the official SDK went on, and so does the run.
                if outcome.raised() && self.official_raised(i) {
                    stopped = true;
                }
                outcomes.push(outcome);
            }
            outcomes
        } else {
            vec![self.exec(input).await]
        }
    }

    fn official_raised(&self, step: usize) -> bool {
        match self.expected.get(step) {
            Some(v) => v.get("$error").is_some() || v.get("$skipped").is_some(),
            None => true,
        }
    }

    /// Runs one op.
    pub fn exec<'s>(&'s mut self, op: &'s Value) -> LocalFuture<'s, Outcome> {
        Box::pin(async move {
            let outcome = self.exec_inner(op).await;
            if let (Some(name), Outcome::Ok(v)) = (op["saveAs"].as_str(), &outcome) {
                self.vars.insert(name.to_owned(), Val::Json(v.clone()));
            }
            outcome
        })
    }

    async fn exec_inner(&mut self, op: &Value) -> Outcome {
        let Some(name) = op["op"].as_str() else {
            return Outcome::Unsupported(format!("not an op: {op}"));
        };
        match name {
            "sequence" => {
                let steps = op["steps"].as_array().cloned().unwrap_or_default();
                let mut last = Outcome::Ok(Value::Null);
                for step in &steps {
                    last = self.exec(step).await;
                    if last.raised() {
                        return last;
                    }
                }
                last
            }
            "let" => {
                let Some(var) = op["name"].as_str() else {
                    return Outcome::Unsupported("let without name".into());
                };
                match self.value(&op["value"]) {
                    Ok(v) => {
                        self.vars.insert(var.to_owned(), v);
                        Outcome::Ok(Value::Null)
                    }
                    Err(e) => Outcome::Unsupported(e),
                }
            }
            "invoke" => match self.invoke(op) {
                Ok(()) => Outcome::Ok(Value::Null),
                Err(e) => Outcome::Unsupported(e),
            },
            "GTClient" => {
                let mut spec = op.clone();
                if let Some(m) = spec.as_object_mut() {
                    m.remove("op");
                    m.remove("saveAs");
                }
                self.driver.call("GTClient", vec![Arg::plain(spec)]).await
            }
            _ => {
                let raw = op["args"].as_array().cloned().unwrap_or_default();
                let mut args = Vec::new();
                for a in &raw {
                    match self.value(a).and_then(|v| self.build(&v)) {
                        Ok(arg) => args.push(arg),
                        Err(e) => return Outcome::Unsupported(e),
                    }
                }
                self.driver.call(name, args).await
            }
        }
    }

    fn invoke(&mut self, op: &Value) -> Result<(), String> {
        let target = self.value(&op["target"])?;
        let Val::Obj(obj) = target else {
            return Err("invoke: the target is not an SDK object".into());
        };
        let method = op["method"].as_str().ok_or("invoke without method")?;
        let class = obj.borrow().class.clone();
        if self.api.setter(&class, method).is_none() {
            return Err(format!("{class}.{method}: no such setter in _api.json"));
        }
        let args = op["args"]
            .as_array()
            .cloned()
            .unwrap_or_default()
            .iter()
            .map(|a| self.value(a))
            .collect::<Result<Vec<_>, _>>()?;
        obj.borrow_mut().calls.push((method.to_owned(), args));
        Ok(())
    }

    /// Resolves an input value (`class`, `const`, `$var`, literals) into a [`Val`].
    pub fn value(&self, v: &Value) -> Result<Val, String> {
        match v {
            Value::Object(m) if m.contains_key("class") && m.contains_key("calls") => {
                let class = m["class"]
                    .as_str()
                    .ok_or("class is not a string")?
                    .to_owned();
                if !self.api.classes.contains_key(&class) {
                    return Err(format!("unknown class {class}"));
                }
                let mut calls = Vec::new();
                for call in m["calls"].as_array().ok_or("calls is not a list")? {
                    let parts = call.as_array().ok_or("a call is not a list")?;
                    let method = parts
                        .first()
                        .and_then(Value::as_str)
                        .ok_or("a call without method")?;
                    if self.api.setter(&class, method).is_none() {
                        return Err(format!("{class}.{method}: no such setter in _api.json"));
                    }
                    let args = parts[1..]
                        .iter()
                        .map(|a| self.value(a))
                        .collect::<Result<Vec<_>, _>>()?;
                    calls.push((method.to_owned(), args));
                }
                Ok(Val::Obj(Rc::new(RefCell::new(Obj { class, calls }))))
            }
            Value::Object(m) if m.len() == 1 && m.contains_key("const") => {
                let name = m["const"].as_str().ok_or("const is not a string")?;
                self.api
                    .constant(name)
                    .cloned()
                    .map(Val::Json)
                    .ok_or_else(|| format!("unknown constant {name}"))
            }
            Value::Object(m) if m.contains_key("$var") => {
                let name = m["$var"].as_str().ok_or("$var is not a string")?;
                let var = self
                    .vars
                    .get(name)
                    .ok_or_else(|| format!("unknown variable {name}"))?;
                let Some(path) = m.get("path").and_then(Value::as_array) else {
                    return Ok(var.clone());
                };
                let mut current = match var {
                    Val::Json(j) => j.clone(),
                    other => self.to_json(other)?,
                };
                for step in path {
                    current = match step {
                        Value::String(k) => current.get(k).cloned().unwrap_or(Value::Null),
                        Value::Number(n) => n
                            .as_u64()
                            .and_then(|i| current.get(i as usize).cloned())
                            .unwrap_or(Value::Null),
                        _ => Value::Null,
                    };
                }
                Ok(Val::Json(current))
            }
            Value::Object(m) => {
                let items = m
                    .iter()
                    .map(|(k, v)| Ok((k.clone(), self.value(v)?)))
                    .collect::<Result<Vec<_>, String>>()?;
                if items.iter().all(|(_, v)| matches!(v, Val::Json(_))) {
                    Ok(Val::Json(v.clone()))
                } else {
                    Ok(Val::Map(items))
                }
            }
            Value::Array(a) => {
                let items = a
                    .iter()
                    .map(|x| self.value(x))
                    .collect::<Result<Vec<_>, _>>()?;
                if items.iter().all(|x| matches!(x, Val::Json(_))) {
                    Ok(Val::Json(v.clone()))
                } else {
                    Ok(Val::List(items))
                }
            }
            other => Ok(Val::Json(other.clone())),
        }
    }

    /// The argument an op receives: an object's JSON and aside-kept parameters, or the value.
    pub fn build(&self, v: &Val) -> Result<Arg, String> {
        match v {
            Val::Obj(o) => {
                let o = o.borrow();
                let (json, params) = self.object_json(&o)?;
                Ok(Arg {
                    class: Some(o.class.clone()),
                    json,
                    params,
                })
            }
            other => Ok(Arg::plain(self.to_json(other)?)),
        }
    }

    /// The JSON of a value (an object's `getApiParam()`).
    pub fn to_json(&self, v: &Val) -> Result<Value, String> {
        match v {
            Val::Json(j) => Ok(j.clone()),
            Val::Obj(o) => Ok(self.object_json(&o.borrow())?.0),
            Val::List(items) => Ok(Value::Array(
                items
                    .iter()
                    .map(|x| self.to_json(x))
                    .collect::<Result<_, _>>()?,
            )),
            Val::Map(items) => Ok(Value::Object(
                items
                    .iter()
                    .map(|(k, x)| Ok((k.clone(), self.to_json(x)?)))
                    .collect::<Result<_, String>>()?,
            )),
        }
    }

    /// Replays the setter calls of `obj`: its JSON and the values not written to it.
    pub fn object_json(&self, obj: &Obj) -> Result<(Value, Map<String, Value>), String> {
        let mut json = Value::Object(Map::new());
        let mut params = Map::new();
        for (method, args) in &obj.calls {
            let setter = self
                .api
                .setter(&obj.class, method)
                .ok_or_else(|| format!("{}.{method}: no such setter", obj.class))?;
            let arg = |i: usize| -> Result<Value, String> {
                args.get(i).map_or(Ok(Value::Null), |a| self.to_json(a))
            };
            match setter.kind {
                WriteKind::NotWritten => {
                    let name = setter
                        .params
                        .first()
                        .cloned()
                        .unwrap_or_else(|| method.trim_start_matches("set").to_owned());
                    let value = arg(0)?;
                    if value.is_null() {
                        params.remove(&name);
                    } else {
                        params.insert(name, value);
                    }
                }
                WriteKind::AsGiven | WriteKind::Object | WriteKind::ListOfObjects => {
                    let key = setter.key.as_deref().unwrap_or_default();
                    let value = arg(0)?;
                    if value.is_null() {
                        remove_path(&mut json, key);
                    } else {
                        set_path(&mut json, key, value);
                    }
                }
                WriteKind::Append => {
                    let key = setter.key.as_deref().unwrap_or_default();
                    let value = arg(0)?;
                    let mut list = get_path(&json, key)
                        .and_then(Value::as_array)
                        .cloned()
                        .unwrap_or_default();
                    list.push(value);
                    set_path(&mut json, key, Value::Array(list));
                }
                WriteKind::Options => {
                    let key = setter.key.as_deref().unwrap_or("options");
                    let constraint = match arg(0)? {
                        Value::Null => "ALL".to_owned(),
                        Value::String(s) if s.is_empty() => "ALL".to_owned(),
                        Value::String(s) => s,
                        other => other.to_string(),
                    };
                    let option = match arg(1)? {
                        Value::String(s) => s,
                        other => other.to_string(),
                    };
                    let value = arg(2)?;
                    let mut options = get_path(&json, key)
                        .and_then(Value::as_object)
                        .cloned()
                        .unwrap_or_default();
                    let entry = options
                        .entry(constraint)
                        .or_insert_with(|| Value::Object(Map::new()));
                    if !entry.is_object() {
                        *entry = Value::Object(Map::new());
                    }
                    if let Some(m) = entry.as_object_mut() {
                        m.insert(option, value);
                    }
                    set_path(&mut json, key, Value::Object(options));
                }
            }
        }
        Ok((json, params))
    }
}

fn get_path<'v>(json: &'v Value, key: &str) -> Option<&'v Value> {
    let mut current = json;
    for seg in key.split('.') {
        current = match current {
            Value::Object(m) => m.get(seg)?,
            Value::Array(a) => a.get(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(current)
}

/// Sets `value` at a dotted key (`audience.cid.0`: a numeric segment indexes an array).
pub fn set_path(json: &mut Value, key: &str, value: Value) {
    let segs: Vec<&str> = key.split('.').collect();
    let mut current = json;
    for (i, seg) in segs.iter().enumerate() {
        let last = i + 1 == segs.len();
        let next_is_index = segs.get(i + 1).is_some_and(|s| s.parse::<usize>().is_ok());
        let fresh = || {
            if next_is_index {
                Value::Array(Vec::new())
            } else {
                Value::Object(Map::new())
            }
        };
        if let Ok(index) = seg.parse::<usize>() {
            if !current.is_array() {
                *current = Value::Array(Vec::new());
            }
            let arr = current.as_array_mut().expect("array");
            while arr.len() <= index {
                arr.push(Value::Null);
            }
            if last {
                arr[index] = value;
                return;
            }
            if !(arr[index].is_object() || arr[index].is_array()) {
                arr[index] = fresh();
            }
            current = &mut arr[index];
        } else {
            if !current.is_object() {
                *current = Value::Object(Map::new());
            }
            let map = current.as_object_mut().expect("object");
            if last {
                map.insert((*seg).to_owned(), value);
                return;
            }
            let slot = map.entry((*seg).to_owned()).or_insert_with(fresh);
            if !(slot.is_object() || slot.is_array()) {
                *slot = fresh();
            }
            current = slot;
        }
    }
}

/// Removes the value at a dotted key, then every parent left empty.
pub fn remove_path(json: &mut Value, key: &str) {
    fn rec(current: &mut Value, segs: &[&str]) {
        let Some((first, rest)) = segs.split_first() else {
            return;
        };
        match current {
            Value::Object(m) => {
                if rest.is_empty() {
                    m.remove(*first);
                } else if let Some(child) = m.get_mut(*first) {
                    rec(child, rest);
                    if is_empty_container(child) {
                        m.remove(*first);
                    }
                }
            }
            Value::Array(a) => {
                let Ok(i) = first.parse::<usize>() else {
                    return;
                };
                if i >= a.len() {
                    return;
                }
                if rest.is_empty() {
                    a.remove(i);
                } else {
                    rec(&mut a[i], rest);
                    if is_empty_container(&a[i]) {
                        a.remove(i);
                    }
                }
            }
            _ => {}
        }
    }
    let segs: Vec<&str> = key.split('.').collect();
    rec(json, &segs);
}

fn is_empty_container(v: &Value) -> bool {
    match v {
        Value::Object(m) => m.is_empty(),
        Value::Array(a) => a.is_empty(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Records the ops it is given and answers `{"code": 0}`.
    #[derive(Default)]
    struct Recorder {
        calls: Vec<(String, Vec<Arg>)>,
    }

    impl Driver for Recorder {
        fn call<'a>(&'a mut self, op: &'a str, args: Vec<Arg>) -> LocalFuture<'a, Outcome> {
            self.calls.push((op.to_owned(), args));
            Box::pin(async { Outcome::Ok(json!({"code": 0, "data": {"taskid": "T1"}})) })
        }
    }

    fn run(input: Value) -> Vec<(String, Vec<Arg>)> {
        let api = Api::bundled();
        let mut interp = Interp::new(&api, Recorder::default(), &Value::Null);
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        rt.block_on(interp.exec_top(&input));
        interp.driver.calls
    }

    #[test]
    fn setters_write_their_keys() {
        let calls = run(json!({"op": "pushApi.pushToSingleByCid", "args": [{
        "class": "GTPushRequest", "calls": [
            ["setRequestId", "r1"], ["setCid", "c1"],
            ["setSettings", {"class": "GTSettings", "calls": [["setTtl", 3600000],
                ["setStrategy", {"class": "GTStrategy", "calls": [["setDefault", {"const": "GTStrategy.STRATEGY_THIRD_FIRST"}]]}]]}],
            ["setPushChannel", {"class": "GTPushChannel", "calls": [
                ["setIos", {"class": "GTIos", "calls": [
                    ["setMultimedia", [{"class": "GTMultimedia", "calls": [["setType", 1]]}]],
                    ["addMultimedia", {"class": "GTMultimedia", "calls": [["setType", 2.0]]}]]}],
                ["setAndroid", {"class": "GTAndroid", "calls": [["setUps", {"class": "GTUps", "calls": [
                    ["addOption", "HW", "/a", 1], ["addOption", "HW", "/b", "x"], ["addOption", null, "/c", true]]}]]}]]}]
        ]}]}));
        assert_eq!(calls[0].0, "pushApi.pushToSingleByCid");
        let arg = &calls[0].1[0];
        assert_eq!(arg.class.as_deref(), Some("GTPushRequest"));
        assert_eq!(
            arg.json,
            json!({
                "request_id": "r1",
                "audience": {"cid": ["c1"]},
                "settings": {"ttl": 3600000, "strategy": {"default": 4}},
                "push_channel": {
                    "ios": {"multimedia": [{"type": 1}, {"type": 2.0}]},
                    "android": {"ups": {"options": {"HW": {"/a": 1, "/b": "x"}, "ALL": {"/c": true}}}}
                }
            })
        );
        assert!(arg.json["push_channel"]["ios"]["multimedia"][1]["type"].is_f64());
    }

    #[test]
    fn setters_not_written_are_kept_aside() {
        let calls = run(json!({"op": "userApi.setTagForCid", "args": [{
            "class": "GTTagSetRequest", "calls": [["setCid", "c1"], ["setCustomTag", ["a"]]]}]}));
        let arg = &calls[0].1[0];
        assert_eq!(arg.json, json!({"custom_tag": ["a"]}));
        assert_eq!(arg.params.get("cid"), Some(&json!("c1")));
    }

    #[test]
    fn invoke_with_null_removes_the_key_and_empty_parents() {
        let calls = run(json!({"op": "sequence", "steps": [
            {"op": "let", "name": "req", "value": {"class": "GTPushRequest", "calls": [["setRequestId", "r1"], ["setCid", "c1"]]}},
            {"op": "pushApi.pushToSingleByCid", "args": [{"$var": "req"}], "saveAs": "first"},
            {"op": "invoke", "target": {"$var": "req"}, "method": "setCid", "args": [null]},
            {"op": "invoke", "target": {"$var": "req"}, "method": "setAlias", "args": ["a1"]},
            {"op": "pushApi.pushToSingleByAlias", "args": [{"$var": "req"}]},
            {"op": "pushApi.stopPush", "args": [{"$var": "first", "path": ["data", "taskid"]}]}
        ]}));
        assert_eq!(calls.len(), 3);
        assert_eq!(
            calls[0].1[0].json,
            json!({"request_id": "r1", "audience": {"cid": ["c1"]}})
        );
        assert_eq!(
            calls[1].1[0].json,
            json!({"request_id": "r1", "audience": {"alias": ["a1"]}})
        );
        assert_eq!(calls[2].1[0].json, json!("T1"));
        let mut v = json!({"a": {"b": {"c": 1}}, "d": 2});
        remove_path(&mut v, "a.b.c");
        assert_eq!(v, json!({"d": 2}));
    }

    #[test]
    fn unknown_setters_are_unsupported() {
        let api = Api::bundled();
        let interp = Interp::new(&api, Recorder::default(), &Value::Null);
        assert!(interp
            .value(&json!({"class": "GTPushRequest", "calls": [["setNope", 1]]}))
            .is_err());
    }
}
