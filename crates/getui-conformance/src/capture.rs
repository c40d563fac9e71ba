//! What the Rust side sent, one record per HTTP request, and the capture file of the vectors
//! README (JSON lines: a marker per vector, then its requests).

use serde_json::{json, Value};
use std::io::{self, Write};

/// One HTTP request as it arrived at the replay server.
#[derive(Debug, Clone)]
pub struct CapturedRequest {
    /// The HTTP method.
    pub method: String,
    /// The request path (`/serviceex`, `/apiex.htm`).
    pub path: String,
    /// The headers in arrival order, names as sent.
    pub headers: Vec<(String, String)>,
    /// The body text after removing the gzip encoding.
    pub body_text: String,
    /// Whether the body was gzip-encoded on the wire.
    pub gzipped: bool,
    /// The body parsed as JSON once, if it is JSON.
    json: Option<Value>,
}

impl CapturedRequest {
    /// A request as received; the body is parsed as JSON here, once.
    pub fn new(
        method: String,
        path: String,
        headers: Vec<(String, String)>,
        body_text: String,
        gzipped: bool,
    ) -> Self {
        let json = serde_json::from_str(&body_text).ok();
        Self {
            method,
            path,
            headers,
            body_text,
            gzipped,
            json,
        }
    }

    /// The value of a header (case-insensitive name).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body parsed as JSON, if it is JSON.
    pub fn json(&self) -> Option<&Value> {
        self.json.as_ref()
    }

    /// The `action` member of the body.
    pub fn action(&self) -> Option<String> {
        self.json()?.get("action")?.as_str().map(str::to_owned)
    }

    /// Whether this is an API request (a JSON body with an `action`), as opposed to a host probe.
    pub fn is_api_request(&self) -> bool {
        self.action().is_some()
    }

    /// The capture-file line of this request.
    pub fn to_capture_line(&self, vector: &str) -> Value {
        json!({
            "type": "request",
            "vector": vector,
            "method": self.method,
            "path": self.path,
            "headers": self.headers.iter().map(|(n, v)| json!([n, v])).collect::<Vec<_>>(),
            "bodyText": self.body_text,
            "json": self.json().cloned().unwrap_or(Value::Null),
        })
    }
}

/// Writes the capture file.
#[derive(Debug)]
pub struct CaptureWriter<W: Write> {
    out: W,
}

impl<W: Write> CaptureWriter<W> {
    /// A writer appending JSON lines to `out`.
    pub fn new(out: W) -> Self {
        Self { out }
    }

    /// Writes one vector's records: the set-up requests (vector `""`), the marker, then the
    /// requests the call sent.
    pub fn write_vector(
        &mut self,
        name: &str,
        setup: &[CapturedRequest],
        call: &[CapturedRequest],
    ) -> io::Result<()> {
        for request in setup {
            self.line(&request.to_capture_line(""))?;
        }
        self.line(&json!({"type": "marker", "vector": name}))?;
        for request in call {
            self.line(&request.to_capture_line(name))?;
        }
        self.out.flush()
    }

    /// Writes one vector's records in the REST v2 capture format: the marker
    /// `{"vector": NAME}`, then one line per request (already in capture form).
    pub fn write_marked(&mut self, name: &str, lines: &[Value]) -> io::Result<()> {
        self.line(&json!({"vector": name}))?;
        for line in lines {
            self.line(line)?;
        }
        self.out.flush()
    }

    fn line(&mut self, value: &Value) -> io::Result<()> {
        serde_json::to_writer(&mut self.out, value)?;
        self.out.write_all(b"\n")
    }
}
