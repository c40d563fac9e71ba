//! Running vectors: build the client the vector describes against a replay server, interpret
//! its `input` through the SDK, then judge what was sent and what the calls returned.

use crate::capture::CapturedRequest;
use crate::compare::compare_request;
use crate::ops::{Interp, StepOutcome};
use crate::replay::ReplayServer;
use crate::schema::Schema;
use getui::model::description::Scope;
use serde_json::Value;
use std::path::Path;

/// Which client drives the vectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientMode {
    /// `getui::Client`.
    Async,
    /// `getui::blocking::Client`.
    Blocking,
}

impl ClientMode {
    /// The mode's name on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            ClientMode::Async => "async",
            ClientMode::Blocking => "blocking",
        }
    }
}

/// Tags whose vectors are run but reported apart instead of judged: the recorded behaviour is
/// an official-SDK defect (`sdk-bug`) or was produced with a patched SDK (`deviation`).
pub const REPORTED_APART: &[&str] = &["sdk-bug", "deviation"];

pub use crate::vectors::Vector;

/// The first tag that puts a legacy vector apart, if any.
pub fn apart_tag(vector: &Vector) -> Option<&'static str> {
    vector.first_tag_in(REPORTED_APART)
}

/// The vectors of a folder (every `*.json` except the `_`-prefixed metadata files), sorted by
/// name, plus the folder's protobuf schema when it has one.
#[derive(Debug)]
pub struct VectorSet {
    /// The vectors.
    pub vectors: Vec<Vector>,
    /// The protobuf schema (`_schema.json`, else the bundled one).
    pub schema: Schema,
}

impl VectorSet {
    /// Loads a folder of vectors ([`crate::vectors::load_dir`]).
    pub fn load(dir: &Path) -> Result<Self, String> {
        let vectors = crate::vectors::load_dir(dir)?;
        let schema = match std::fs::read_to_string(dir.join("_schema.json")) {
            Ok(text) => Schema::parse(&text)?,
            Err(_) => Schema::bundled(),
        };
        Ok(Self { vectors, schema })
    }
}

/// What running one vector with one client gave.
#[derive(Debug)]
pub struct VectorRun {
    /// The vector's name.
    pub name: String,
    /// The client mode.
    pub mode: ClientMode,
    /// One line per difference (path first); empty when the vector passed.
    pub differences: Vec<String>,
    /// Requests sent while setting the client up.
    pub setup: Vec<CapturedRequest>,
    /// Requests sent by the vector's call.
    pub call: Vec<CapturedRequest>,
}

impl VectorRun {
    /// Whether nothing differed.
    pub fn passed(&self) -> bool {
        self.differences.is_empty()
    }
}

/// Runs one vector with one client mode.
pub async fn run_vector(set: &VectorSet, vector: &Vector, mode: ClientMode) -> VectorRun {
    let mut run = VectorRun {
        name: vector.name.clone(),
        mode,
        differences: Vec::new(),
        setup: Vec::new(),
        call: Vec::new(),
    };
    let server = match ReplayServer::start(&vector.doc).await {
        Ok(s) => s,
        Err(e) => {
            run.differences.push(format!("replay server: {e}"));
            return run;
        }
    };
    let base = server.base();
    let mut interp = Interp::new(mode, base.clone(), Scope::default());
    let doc = &vector.doc;
    if !doc["client"].is_null() {
        if let Err(e) = interp.set_up(&doc["client"]).await {
            run.differences.push(format!("set-up: {e}"));
        }
    }
    server.begin_call();
    let outcomes = interp.exec_top(&doc["input"]).await;
    drop(interp);
    let (setup, call) = server.captured();
    judge_requests(&mut run.differences, doc, &call, &set.schema, &base);
    let refusal_expected = vector
        .tags()
        .iter()
        .any(|t| matches!(*t, "raises" | "no-request"));
    judge_results(
        &mut run.differences,
        &doc["result"],
        &doc["input"],
        &outcomes,
        refusal_expected,
    );
    run.setup = setup;
    run.call = call;
    run
}

fn judge_requests(
    diffs: &mut Vec<String>,
    doc: &Value,
    sent: &[CapturedRequest],
    schema: &Schema,
    base: &str,
) {
    let expected = doc["requests"].as_array().cloned().unwrap_or_default();
    if expected.len() != sent.len() {
        let names = |reqs: Vec<String>| reqs.join(", ");
        diffs.push(format!(
            "requests: expected {} [{}], sent {} [{}]",
            expected.len(),
            names(
                expected
                    .iter()
                    .map(|r| r["action"].as_str().unwrap_or("?").to_owned())
                    .collect()
            ),
            sent.len(),
            names(
                sent.iter()
                    .map(|r| r
                        .action()
                        .unwrap_or_else(|| format!("{} {}", r.method, r.path)))
                    .collect()
            ),
        ));
    }
    for (i, (exp, got)) in expected.iter().zip(sent).enumerate() {
        diffs.extend(compare_request(i, exp, got, schema, base));
    }
}

/// Raised steps must fail in Rust too; steps that succeeded must not be refused by Rust, except
/// in vectors of calls the official SDK refused or sent nothing for (`raises`, `no-request`),
/// where a typed refusal before sending is the required behaviour.
fn judge_results(
    diffs: &mut Vec<String>,
    expected: &Value,
    input: &Value,
    outcomes: &[StepOutcome],
    refusal_expected: bool,
) {
    let is_sequence = input["op"] == "sequence";
    let expected_steps: Vec<&Value> = if is_sequence {
        expected
            .as_array()
            .map(|a| a.iter().collect())
            .unwrap_or_default()
    } else {
        vec![expected]
    };
    for (i, exp) in expected_steps.iter().enumerate() {
        let at = if is_sequence {
            format!("result[{i}]")
        } else {
            "result".to_owned()
        };
        let raised = exp.get("$error").is_some();
        let skipped = exp.get("$skipped").is_some();
        match (outcomes.get(i), raised, skipped) {
            (Some(StepOutcome::Refused(msg)), false, false) if !refusal_expected => {
                diffs.push(format!(
                    "{at}: the official SDK accepted this input, Rust refused it: {msg}"
                ));
            }
            (Some(StepOutcome::Ok(_)), true, _) => {
                let message = exp["$error"]["message"].as_str().unwrap_or_default();
                diffs.push(format!(
                    "{at}: the official SDK raised ({message}), Rust returned Ok"
                ));
            }
            (Some(StepOutcome::Skipped), false, false) if !refusal_expected => {
                diffs.push(format!(
                    "{at}: skipped after an earlier error, the official SDK ran it"
                ));
            }
            (Some(StepOutcome::Unsupported(msg)), _, _) => {
                diffs.push(format!(
                    "{at}: the runner cannot interpret this step: {msg}"
                ));
            }
            (None, _, false) => diffs.push(format!("{at}: step not run")),
            _ => {}
        }
    }
}
