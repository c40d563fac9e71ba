//! Comparison of what was sent with a REST v2 vector's recorded request (vectors-v2 README,
//! "compare what was sent"): method exact; path, query (and the absolute-form target through a
//! proxy) exact up to the case of `%XX` hex digits; the `token`, `Content-Type` and
//! `Content-Encoding` headers; the body kind and its JSON value with strict types, placeholders
//! checked by rule. The JSON comparison is the one of both protocols
//! ([`crate::vectors::diff_values`]).

use super::replay::{sha256_hex, Received};
use crate::vectors::{diff_values, show_opt, truncate};
use serde_json::Value;

/// Compares request `index` as sent with the recorded one. `tokens` are the tokens of the
/// successful auth answers the mock server gave in this run (`<token#N>` is `tokens[N-1]`).
/// Returns one line per difference, each starting with its path (`request[1].body.audience`).
pub fn compare_request(
    index: usize,
    expected: &Value,
    actual: &Received,
    tokens: &[String],
) -> Vec<String> {
    let at = format!("request[{index}]");
    let mut diffs = Vec::new();
    let exp_method = expected["method"].as_str().unwrap_or_default();
    if exp_method != actual.method {
        diffs.push(format!(
            "{at}.method: expected {exp_method}, got {}",
            actual.method
        ));
    }
    let exp_path = with_tokens(expected["path"].as_str().unwrap_or_default(), tokens);
    if !same_escaped(&exp_path, &actual.path) {
        diffs.push(format!(
            "{at}.path: expected {exp_path}, got {}",
            actual.path
        ));
    }
    let exp_query = with_tokens(expected["query"].as_str().unwrap_or_default(), tokens);
    if !same_escaped(&exp_query, &actual.query) {
        diffs.push(format!(
            "{at}.query: expected {exp_query:?}, got {:?}",
            actual.query
        ));
    }
    if let Some(target) = expected["requestTarget"].as_str() {
        let target = with_tokens(target, tokens);
        // Through the proxy either way: the absolute-form request line, or a CONNECT tunnel to
        // the target's authority (the path and query are compared above).
        let authority = target
            .split_once("://")
            .map(|(_, rest)| rest.split('/').next().unwrap_or_default());
        let tunnelled = actual.tunnel.is_some() && actual.tunnel.as_deref() == authority;
        if !tunnelled && !same_escaped(&target, &actual.target) {
            diffs.push(format!(
                "{at}.requestTarget: expected {target} (absolute-form, through the proxy), got {}",
                actual.target
            ));
        }
    }
    compare_headers(&at, expected, actual, tokens, &mut diffs);
    compare_body(&at, expected, actual, tokens, &mut diffs);
    diffs
}

fn compare_headers(
    at: &str,
    expected: &Value,
    actual: &Received,
    tokens: &[String],
    diffs: &mut Vec<String>,
) {
    let headers = &expected["headers"];
    let is_auth = expected["endpoint"].as_str() == Some("POST /auth");
    if !is_auth {
        let exp = headers["token"].as_str().map(|t| with_tokens(t, tokens));
        let got = actual.header("token");
        if exp.as_deref() != got {
            diffs.push(format!(
                "{at}.headers.token: expected {}, got {}",
                show_opt(exp.as_deref()),
                show_opt(got)
            ));
        }
    }
    if !actual.body.is_empty() {
        let exp = headers["Content-Type"].as_str();
        let got = actual.header("Content-Type");
        let same = match (exp, got) {
            (Some(e), Some(g)) => media_type(e) == media_type(g),
            (None, None) => true,
            _ => false,
        };
        if !same {
            diffs.push(format!(
                "{at}.headers.Content-Type: expected {}, got {}",
                show_opt(exp),
                show_opt(got)
            ));
        }
    }
    let exp = headers["Content-Encoding"].as_str();
    let got = actual.header("Content-Encoding");
    let same = match (exp, got) {
        (Some(e), Some(g)) => e.trim().eq_ignore_ascii_case(g.trim()),
        (None, None) => true,
        _ => false,
    };
    if !same {
        diffs.push(format!(
            "{at}.headers.Content-Encoding: expected {}, got {}",
            show_opt(exp),
            show_opt(got)
        ));
    }
}

fn compare_body(
    at: &str,
    expected: &Value,
    actual: &Received,
    tokens: &[String],
    diffs: &mut Vec<String>,
) {
    let kind = expected["bodyKind"].as_str().unwrap_or_else(|| {
        if expected["body"].is_null() {
            "none"
        } else {
            "json"
        }
    });
    let sent_text = String::from_utf8_lossy(&actual.body);
    match kind {
        "none" => {
            if !actual.body.is_empty() {
                diffs.push(format!(
                    "{at}.body: expected no body, got {}",
                    truncate(&sent_text, 120)
                ));
            }
        }
        "text" => {
            let exp = with_tokens(expected["bodyText"].as_str().unwrap_or_default(), tokens);
            if exp != sent_text {
                diffs.push(format!(
                    "{at}.bodyText: expected {}, got {}",
                    truncate(&exp, 120),
                    truncate(&sent_text, 120)
                ));
            }
        }
        _ => {
            let exp_body = &expected["body"];
            // The official SDK sends the JSON text `null` for calls without parameters;
            // no body at all matches it too.
            if exp_body.is_null() && actual.body.is_empty() {
                return;
            }
            let Some(got) = actual.json() else {
                if actual.body.is_empty() {
                    diffs.push(format!("{at}.body: expected a JSON body, got none"));
                } else {
                    diffs.push(format!(
                        "{at}.body: not JSON: {}",
                        truncate(&sent_text, 120)
                    ));
                }
                return;
            };
            let secret = expected["signCheck"]["masterSecret"].as_str();
            let exp = resolve(exp_body, Some(&got), &got, secret, tokens);
            diff_values(&format!("{at}.body"), &exp, &got, diffs);
        }
    }
}

/// The expected value with placeholders resolved against what was sent: a valid
/// `<timestamp-ms-string>` becomes the sent value, `<sign>` the sign computed from the sent
/// `appkey` and `timestamp`, `<token#N>` the N-th issued token.
pub fn resolve(
    expected: &Value,
    actual: Option<&Value>,
    root: &Value,
    secret: Option<&str>,
    tokens: &[String],
) -> Value {
    match expected {
        Value::String(s) if s == "<timestamp-ms-string>" => match actual {
            Some(Value::String(t)) if t.len() == 13 && t.bytes().all(|b| b.is_ascii_digit()) => {
                Value::String(t.clone())
            }
            _ => expected.clone(),
        },
        Value::String(s) if s == "<sign>" => {
            let appkey = root["appkey"].as_str().unwrap_or_default();
            let timestamp = root["timestamp"].as_str().unwrap_or_default();
            match secret {
                Some(secret) => Value::String(sha256_hex(&format!("{appkey}{timestamp}{secret}"))),
                None => expected.clone(),
            }
        }
        Value::String(s) if s.contains("<token#") => Value::String(with_tokens(s, tokens)),
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| {
                    let sub = actual.and_then(|a| a.get(k));
                    (k.clone(), resolve(v, sub, root, secret, tokens))
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| {
                    let sub = actual.and_then(|a| a.get(i));
                    resolve(v, sub, root, secret, tokens)
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Replaces every `<token#N>` by the N-th token (left as is when there is none).
pub fn with_tokens(text: &str, tokens: &[String]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<token#") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 7..];
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        let closes = after[digits.len()..].starts_with('>');
        let token = digits
            .parse::<usize>()
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| tokens.get(i));
        match (closes, token) {
            (true, Some(t)) => {
                out.push_str(t);
                rest = &after[digits.len() + 1..];
            }
            _ => {
                out.push_str("<token#");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Equal up to the case of the hex digits of `%XX` escapes.
pub fn same_escaped(a: &str, b: &str) -> bool {
    normalise_escapes(a) == normalise_escapes(b)
}

fn normalise_escapes(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
        {
            out.push('%');
            out.push(bytes[i + 1].to_ascii_uppercase() as char);
            out.push(bytes[i + 2].to_ascii_uppercase() as char);
            i += 3;
        } else {
            let ch = s[i..].chars().next().unwrap_or('\u{fffd}');
            out.push(ch);
            i += ch.len_utf8().max(1);
        }
    }
    out
}

/// `(media type, charset)` lowercased: `application/json;charset=UTF-8` and
/// `application/json; charset=utf-8` are the same.
fn media_type(value: &str) -> (String, Option<String>) {
    let mut parts = value.split(';');
    let media = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
    let charset = parts.find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches('"').to_ascii_lowercase())
    });
    (media, charset)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::v2::replay::Answer;
    use serde_json::json;

    fn sent(method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> Received {
        Received {
            method: method.into(),
            target: path.into(),
            path: path.into(),
            query: String::new(),
            headers: headers
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect(),
            body: body.as_bytes().to_vec(),
            endpoint: None,
            local: String::new(),
            tunnel: None,
            answer: Answer::Dropped,
        }
    }

    #[test]
    fn auth_placeholders_by_rule() {
        let expected = json!({
            "endpoint": "POST /auth", "method": "POST", "path": "/v2/A/auth", "query": "",
            "headers": {"token": null, "Content-Type": "application/json;charset=UTF-8", "Content-Encoding": null},
            "bodyKind": "json",
            "body": {"appkey": "k", "sign": "<sign>", "timestamp": "<timestamp-ms-string>"},
            "signCheck": {"masterSecret": "s"}
        });
        let ts = "1700000000000";
        let sign = sha256_hex(&format!("k{ts}s"));
        let body = json!({"appkey": "k", "timestamp": ts, "sign": sign}).to_string();
        // The token header of an auth is informative.
        let ok = sent(
            "POST",
            "/v2/A/auth",
            &[
                ("content-type", "application/json; charset=utf-8"),
                ("token", "old"),
            ],
            &body,
        );
        assert_eq!(
            compare_request(0, &expected, &ok, &[]),
            Vec::<String>::new()
        );
        let bad_sign = json!({"appkey": "k", "timestamp": ts, "sign": "00"}).to_string();
        let d = compare_request(
            0,
            &expected,
            &sent(
                "POST",
                "/v2/A/auth",
                &[("Content-Type", "application/json;charset=UTF-8")],
                &bad_sign,
            ),
            &[],
        );
        assert!(d[0].starts_with("request[0].body.sign"), "{d:?}");
        let number_ts =
            json!({"appkey": "k", "timestamp": 1700000000000_i64, "sign": sign}).to_string();
        let d = compare_request(
            0,
            &expected,
            &sent(
                "POST",
                "/v2/A/auth",
                &[("Content-Type", "application/json;charset=UTF-8")],
                &number_ts,
            ),
            &[],
        );
        assert!(
            d.iter().any(|l| l.starts_with("request[0].body.timestamp")),
            "{d:?}"
        );
    }

    #[test]
    fn tokens_escapes_and_null_body() {
        let expected = json!({
            "endpoint": "DELETE /auth/{token}", "method": "DELETE", "path": "/v2/A/auth/<token#1>/%e4%bb", "query": "",
            "headers": {"token": "<token#1>", "Content-Type": "application/json;charset=UTF-8", "Content-Encoding": null},
            "bodyKind": "json", "body": null, "bodyText": "null"
        });
        let tokens = vec!["t1".to_owned()];
        let none = sent("DELETE", "/v2/A/auth/t1/%E4%BB", &[("token", "t1")], "");
        assert_eq!(
            compare_request(1, &expected, &none, &tokens),
            Vec::<String>::new()
        );
        let null = sent(
            "DELETE",
            "/v2/A/auth/t1/%e4%bb",
            &[
                ("token", "t1"),
                ("Content-Type", "application/json;charset=UTF-8"),
            ],
            "null",
        );
        assert_eq!(
            compare_request(1, &expected, &null, &tokens),
            Vec::<String>::new()
        );
        let wrong = sent("DELETE", "/v2/A/auth/t2/%E4%BB", &[("token", "t2")], "{}");
        let d = compare_request(1, &expected, &wrong, &tokens);
        assert!(d.iter().any(|l| l.starts_with("request[1].path")), "{d:?}");
        assert!(
            d.iter().any(|l| l.starts_with("request[1].headers.token")),
            "{d:?}"
        );
        assert!(d.iter().any(|l| l.starts_with("request[1].body")), "{d:?}");
        // No token issued: `<token#1>` stays and cannot match.
        let d = compare_request(1, &expected, &none, &[]);
        assert!(!d.is_empty());
    }

    #[test]
    fn json_bodies_are_compared_with_strict_types() {
        let expected = json!({
            "endpoint": "POST /push/single/cid", "method": "POST", "path": "/v2/A/push/single/cid", "query": "",
            "headers": {"token": "<token#1>", "Content-Type": "application/json;charset=UTF-8", "Content-Encoding": null},
            "bodyKind": "json", "body": {"settings": {"ttl": 1}, "audience": {"cid": ["c"]}}
        });
        let tokens = vec!["t".to_owned()];
        let h = [
            ("token", "t"),
            ("Content-Type", "application/json;charset=UTF-8"),
        ];
        let ok = sent(
            "POST",
            "/v2/A/push/single/cid",
            &h,
            r#"{"audience":{"cid":["c"]},"settings":{"ttl":1}}"#,
        );
        assert!(compare_request(1, &expected, &ok, &tokens).is_empty());
        let float = sent(
            "POST",
            "/v2/A/push/single/cid",
            &h,
            r#"{"audience":{"cid":["c"]},"settings":{"ttl":1.0}}"#,
        );
        let d = compare_request(1, &expected, &float, &tokens);
        assert!(d[0].starts_with("request[1].body.settings.ttl"), "{d:?}");
        let no_ct = sent(
            "POST",
            "/v2/A/push/single/cid",
            &[("token", "t")],
            r#"{"audience":{"cid":["c"]},"settings":{"ttl":1}}"#,
        );
        let d = compare_request(1, &expected, &no_ct, &tokens);
        assert!(d[0].starts_with("request[1].headers.Content-Type"), "{d:?}");
    }

    #[test]
    fn get_without_body_ignores_content_type() {
        let expected = json!({
            "endpoint": "GET /report/online_user", "method": "GET", "path": "/v2/A/report/online_user", "query": "",
            "headers": {"token": "<token#1>", "Content-Type": "application/json;charset=UTF-8", "Content-Encoding": null},
            "bodyKind": "none", "body": null, "bodyText": ""
        });
        let got = sent("GET", "/v2/A/report/online_user", &[("token", "t")], "");
        assert!(compare_request(1, &expected, &got, &["t".to_owned()]).is_empty());
    }
}
