//! The command line's error: an exit code, a code, a message and the request id.

use std::fmt;

use getui::ErrorKind;
use serde_json::{json, Value};

/// The documented exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(i32)]
pub enum ExitCode {
    /// 0: success.
    Ok = 0,
    /// 1: the service answered with an error.
    Api = 1,
    /// 2: usage or validation error; nothing was sent.
    Usage = 2,
    /// 3: the service could not be reached or the exchange failed.
    Transport = 3,
}

impl ExitCode {
    /// The name used in `--output json` errors.
    pub fn name(self) -> &'static str {
        match self {
            ExitCode::Ok => "ok",
            ExitCode::Api => "api",
            ExitCode::Usage => "usage",
            ExitCode::Transport => "transport",
        }
    }
}

/// An error of a command.
#[derive(Debug, Clone)]
pub struct CliError {
    /// The exit code it ends the process with.
    pub exit: ExitCode,
    /// The business code (`20001`), legacy result (`sign_error`) or HTTP status, when known.
    pub code: Option<String>,
    /// What went wrong.
    pub message: String,
    /// The `request_id` of the push, when it had one.
    pub request_id: Option<String>,
    /// The HTTP status of the answer, when there was one.
    pub status: Option<u16>,
    /// Extra JSON to show with `--output json` (e.g. the partial results of a campaign).
    pub details: Option<Box<Value>>,
}

impl CliError {
    /// A usage or validation error (exit code 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(ExitCode::Usage, message)
    }

    /// A transport error (exit code 3).
    pub fn transport(message: impl Into<String>) -> Self {
        Self::new(ExitCode::Transport, message)
    }

    /// An error with an exit code and a message.
    pub fn new(exit: ExitCode, message: impl Into<String>) -> Self {
        Self {
            exit,
            code: None,
            message: message.into(),
            request_id: None,
            status: None,
            details: None,
        }
    }

    /// The same error with extra JSON for `--output json`.
    pub fn with_details(mut self, details: Value) -> Self {
        self.details = Some(Box::new(details));
        self
    }

    /// The error as a JSON object (`--output json`).
    pub fn to_json(&self) -> Value {
        let mut error = json!({
            "kind": self.exit.name(),
            "exit_code": self.exit as i32,
            "code": self.code,
            "message": self.message,
            "request_id": self.request_id,
            "status": self.status,
        });
        if let Some(details) = &self.details {
            error["details"] = (**details).clone();
        }
        json!({ "error": error })
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.exit {
            ExitCode::Api => "API error",
            ExitCode::Usage => "usage error",
            ExitCode::Transport => "transport error",
            ExitCode::Ok => "error",
        };
        write!(f, "{kind}")?;
        if let Some(code) = &self.code {
            write!(f, " {code}")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(status) = self.status {
            write!(f, " (HTTP {status})")?;
        }
        if let Some(id) = &self.request_id {
            write!(f, "\n  request id: {id}")?;
        }
        Ok(())
    }
}

impl std::error::Error for CliError {}

impl From<getui::Error> for CliError {
    fn from(e: getui::Error) -> Self {
        let exit = match e.kind() {
            ErrorKind::Config | ErrorKind::Validation => ExitCode::Usage,
            ErrorKind::Transport | ErrorKind::Closed => ExitCode::Transport,
            _ => ExitCode::Api,
        };
        let code = e
            .code()
            .map(|c| c.to_string())
            .or_else(|| e.result_code().map(|c| c.as_str().to_owned()));
        let message = match e.message() {
            Some(msg) if !msg.is_empty() => msg.to_owned(),
            _ => e.to_string(),
        };
        CliError {
            exit,
            code,
            message,
            request_id: e.request_id().map(str::to_owned),
            status: e.status(),
            details: None,
        }
    }
}

impl From<getui::model::ValidationError> for CliError {
    fn from(e: getui::model::ValidationError) -> Self {
        CliError::usage(e.to_string())
    }
}
