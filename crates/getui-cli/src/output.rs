//! Results on stdout (text or `--output json`), notes and progress on stderr (hidden with
//! `--quiet`), errors on stderr (on stdout as JSON with `--output json`). Every line written
//! passes through a filter that replaces the master secret, should it ever reach one.

use std::cell::RefCell;
use std::io::{IsTerminal, Write};
use std::rc::Rc;

use serde_json::Value;

use crate::error::CliError;
use crate::OutputFormat;

/// The secrets to blank out of every output, shared with the API layer that reads them.
pub type Secrets = Rc<RefCell<Vec<String>>>;

/// Where a command writes.
#[derive(Debug)]
pub struct Output {
    format: OutputFormat,
    quiet: bool,
    secrets: Secrets,
}

impl Output {
    /// Output in `format`; `quiet` hides notes and progress.
    pub fn new(format: OutputFormat, quiet: bool) -> Self {
        Self {
            format,
            quiet,
            secrets: Rc::default(),
        }
    }

    /// The secrets filter, to register secrets as they are read.
    pub fn secrets(&self) -> Secrets {
        Rc::clone(&self.secrets)
    }

    /// Whether results are JSON.
    pub fn is_json(&self) -> bool {
        self.format == OutputFormat::Json
    }

    /// Whether notes go to stderr.
    pub fn is_quiet(&self) -> bool {
        self.quiet
    }

    /// Whether a progress bar may be drawn: not quiet and stderr is a terminal.
    pub fn progress_bar(&self) -> bool {
        !self.quiet && std::io::stderr().is_terminal()
    }

    /// Removes every registered secret from `text`.
    pub fn redact(&self, text: &str) -> String {
        let mut text = text.to_owned();
        for secret in self.secrets.borrow().iter().filter(|s| s.len() >= 4) {
            if text.contains(secret.as_str()) {
                text = text.replace(secret.as_str(), "***");
            }
        }
        text
    }

    /// Writes `text` (plus a newline) to stdout.
    pub fn line(&self, text: &str) {
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "{}", self.redact(text));
        let _ = stdout.flush();
    }

    /// Writes a JSON document to stdout.
    pub fn json(&self, value: &Value) {
        let text = serde_json::to_string_pretty(value).unwrap_or_default();
        self.line(&text);
    }

    /// Writes a result: `value` as JSON, or `text(value)` as lines.
    pub fn result(&self, value: &Value, text: impl FnOnce(&Value) -> String) {
        if self.is_json() {
            self.json(value);
        } else {
            let text = text(value);
            if !text.is_empty() {
                self.line(text.trim_end_matches('\n'));
            }
        }
    }

    /// Writes a result as JSON, or flattened `path: value` lines.
    pub fn value(&self, value: &Value) {
        self.result(value, render_text);
    }

    /// A note on stderr, unless quiet.
    pub fn note(&self, text: &str) {
        if !self.quiet {
            let mut stderr = std::io::stderr().lock();
            let _ = writeln!(stderr, "{}", self.redact(text));
        }
    }

    /// Reports an error: stderr in text mode, a JSON object on stdout with `--output json`.
    pub fn error(&self, error: &CliError) {
        if self.is_json() {
            self.json(&error.to_json());
        } else {
            let mut stderr = std::io::stderr().lock();
            let _ = writeln!(stderr, "getui: {}", self.redact(&error.to_string()));
        }
    }
}

/// A JSON value as `path: value` lines (objects flattened with `.`, arrays with `[i]`; an
/// array of scalars on one line).
pub fn render_text(value: &Value) -> String {
    let mut out = String::new();
    flatten(value, "", &mut out);
    out
}

fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::Null => Some("-".into()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        _ => None,
    }
}

fn flatten(value: &Value, path: &str, out: &mut String) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (key, v) in map {
                let p = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                flatten(v, &p, out);
            }
        }
        Value::Array(items) if items.iter().all(|v| scalar(v).is_some()) => {
            let joined: Vec<String> = items.iter().filter_map(scalar).collect();
            push_line(out, path, &joined.join(" "));
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                flatten(v, &format!("{path}[{i}]"), out);
            }
        }
        Value::Object(_) => push_line(out, path, "(none)"),
        other => push_line(out, path, &scalar(other).unwrap_or_default()),
    }
}

fn push_line(out: &mut String, path: &str, value: &str) {
    if path.is_empty() {
        out.push_str(value);
    } else {
        out.push_str(path);
        out.push_str(": ");
        out.push_str(value);
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn flattened_text() {
        let v = json!({"RASL_1": {"total": {"msg_num": 3}, "tags": ["a", "b"]}, "empty": {}});
        assert_eq!(
            render_text(&v),
            "RASL_1.total.msg_num: 3\nRASL_1.tags: a b\nempty: (none)\n"
        );
    }

    #[test]
    fn secrets_are_blanked() {
        let out = Output::new(OutputFormat::Text, true);
        out.secrets().borrow_mut().push("TopSecret01".into());
        assert_eq!(out.redact("a TopSecret01 b"), "a *** b");
    }
}
