//! Property tests of the answer parser: it never panics, whatever the bytes, and every JSON
//! object with a string `result` survives writing and parsing unchanged.
//!
//! Floats: serde_json reads a number of at most 15 significant digits with a small exponent
//! exactly whatever its features; longer ones may be one unit in the last place off without
//! its `float_roundtrip` feature, which this crate does not enable (see `Answer`). The
//! generated floats are of the first kind, and `short_decimals_parse_exactly` checks that
//! assumption.

use getui_model::json_text;
use getui_protocol::answer::{Answer, AnswerError, AnswerLimits, ResultCode};
use getui_protocol::gzip;
use proptest::prelude::*;
use serde_json::{Map, Number, Value};

fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        short_decimal().prop_map(|f| Value::Number(Number::from_f64(f).unwrap())),
        any::<String>().prop_map(Value::String),
    ]
}

/// `±m × 10^-k` with `m` of at most 14 digits and `k <= 15` (its Python repr, what the JSON
/// writer prints, has at most 15 significant digits and a small exponent).
fn short_decimal() -> impl Strategy<Value = f64> {
    (-99_999_999_999_999i64..=99_999_999_999_999, 0u32..=15)
        .prop_map(|(m, k)| format!("{m}e-{k}").parse::<f64>().unwrap())
}

fn json_value() -> impl Strategy<Value = Value> {
    json_leaf().prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((any::<String>(), inner), 0..6)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect())),
        ]
    })
}

fn answer_object() -> impl Strategy<Value = Map<String, Value>> {
    (
        prop_oneof![
            Just("ok".to_owned()),
            Just("sign_error".to_owned()),
            Just("domain_error".to_owned()),
            Just("successed_online".to_owned()),
            any::<String>(),
        ],
        prop::collection::vec((any::<String>(), json_value()), 0..8),
    )
        .prop_map(|(result, members)| {
            let mut map = Map::new();
            map.insert("result".to_owned(), Value::String(result));
            for (k, v) in members {
                if k != "result" {
                    map.insert(k, v);
                }
            }
            map
        })
}

fn write(map: &Map<String, Value>) -> Vec<u8> {
    let mut out = Vec::new();
    json_text::write_value(&mut out, &Value::Object(map.clone()));
    out
}

/// Text shaped like an answer of plain strings (the answers kept as text), with whitespace,
/// escapes, control characters, non-ASCII, other values, duplicate names and syntax slips.
fn plain_like_text() -> impl Strategy<Value = String> {
    r#"[ \t\n]{0,2}\{([ \n]?"(result|taskId|[a-z\\é\x01u0-9]{0,4})"[ ]?:[ ]?("(ok|sign_error|[a-z\\"é\x01\x7f ]{0,4})"|1|null|\[\])[ ]?,?){0,8}\}[ ]?x?"#
}

/// The answer of a text parsed as a `Value` (what `Answer::parse` gave before it kept plain
/// answers as text).
fn parse_as_value(bytes: &[u8]) -> Result<Answer, AnswerError> {
    let value: Value = serde_json::from_slice(bytes).map_err(AnswerError::Json)?;
    match value {
        Value::Object(members) => Answer::from_members(members),
        _ => Err(AnswerError::NotAnObject),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn plain_answers_agree_with_a_parse_as_value(text in plain_like_text()) {
        let limits = AnswerLimits::default();
        let expected = parse_as_value(text.as_bytes());
        for got in [
            Answer::parse(text.as_bytes(), &limits),
            Answer::parse_bytes(bytes::Bytes::from(text.clone()), &limits),
        ] {
            match (&got, &expected) {
                (Ok(got), Ok(expected)) => {
                    prop_assert_eq!(got, expected);
                    prop_assert_eq!(format!("{got:?}"), format!("{expected:?}"));
                    for name in expected.members().keys().map(String::as_str).chain(["zz"]) {
                        prop_assert_eq!(got.str_member(name), expected.str_member(name));
                        prop_assert_eq!(got.i64_member(name), expected.i64_member(name));
                        prop_assert_eq!(got.get(name), expected.get(name));
                    }
                }
                (Err(got), Err(expected)) => prop_assert_eq!(got.to_string(), expected.to_string()),
                _ => prop_assert!(false, "{}: {:?} / {:?}", text, got, expected),
            }
        }
    }

    #[test]
    fn never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let limits = AnswerLimits { max_bytes: 256, max_depth: 4 };
        let _ = Answer::parse(&bytes, &limits);
        let _ = Answer::parse_http_body(&bytes, Some("gzip"), &limits);
        let _ = Answer::parse_http_body(&bytes, None, &AnswerLimits::default());
    }

    #[test]
    fn never_panics_on_json_like_text(text in r#"[\{\}\[\]",:\\ a-z0-9truefalsn.\-]{0,200}"#) {
        let limits = AnswerLimits { max_bytes: 150, max_depth: 3 };
        match Answer::parse(text.as_bytes(), &limits) {
            Ok(answer) => prop_assert!(answer.get("result").is_some_and(Value::is_string)),
            Err(AnswerError::TooLarge { limit }) => prop_assert!(text.len() > limit),
            Err(_) => {}
        }
    }

    #[test]
    fn objects_round_trip(map in answer_object()) {
        let bytes = write(&map);
        let answer = Answer::parse(&bytes, &AnswerLimits::default()).unwrap();
        prop_assert_eq!(answer.members(), &map);
        let result = map["result"].as_str().unwrap();
        prop_assert_eq!(answer.code().as_str(), result);
        prop_assert_eq!(answer.code(), &ResultCode::from(result));
        // The answer's own text parses back to the same answer.
        let again = Answer::parse(answer.to_json_text().as_bytes(), &AnswerLimits::default()).unwrap();
        prop_assert_eq!(again, answer);
    }

    #[test]
    fn gzip_round_trip(map in answer_object()) {
        let bytes = write(&map);
        let packed = gzip::compress(&bytes);
        let plain = Answer::parse(&bytes, &AnswerLimits::default()).unwrap();
        let unpacked = Answer::parse_http_body(&packed, Some("gzip"), &AnswerLimits::default()).unwrap();
        prop_assert_eq!(&plain, &unpacked);
        let sniffed = Answer::parse_http_body(&packed, None, &AnswerLimits::default()).unwrap();
        prop_assert_eq!(plain, sniffed);
    }

    #[test]
    fn short_decimals_parse_exactly(m in 0u64..1_000_000_000_000_000, k in 0u32..=22, neg in any::<bool>()) {
        let text = format!("{}{m}e-{k}", if neg { "-" } else { "" });
        let exact: f64 = text.parse().unwrap();
        prop_assert_eq!(serde_json::from_str::<f64>(&text).unwrap().to_bits(), exact.to_bits());
        let mut written = Vec::new();
        json_text::write_f64(&mut written, exact);
        let reread: f64 = serde_json::from_slice(&written).unwrap();
        prop_assert_eq!(reread.to_bits(), exact.to_bits());
    }

    #[test]
    fn depth_limit_is_exact(depth in 0usize..40, limit in 1usize..40) {
        // {"result": "ok", "x": [[...]]} has depth 1 + depth.
        let text = format!(
            r#"{{"result": "ok", "x": {}0{}}}"#,
            "[".repeat(depth),
            "]".repeat(depth)
        );
        let limits = AnswerLimits { max_bytes: 1 << 20, max_depth: limit };
        let parsed = Answer::parse(text.as_bytes(), &limits);
        if depth < limit {
            prop_assert!(parsed.is_ok());
        } else {
            let too_deep = matches!(parsed, Err(AnswerError::TooDeep { .. }));
            prop_assert!(too_deep);
        }
    }

    #[test]
    fn size_limit_is_exact(map in answer_object(), slack in 0usize..3) {
        let bytes = write(&map);
        let fits = AnswerLimits { max_bytes: bytes.len() + slack, max_depth: 128 };
        prop_assert!(Answer::parse(&bytes, &fits).is_ok());
        let short = AnswerLimits { max_bytes: bytes.len() - 1, max_depth: 128 };
        let too_large = matches!(Answer::parse(&bytes, &short), Err(AnswerError::TooLarge { .. }));
        prop_assert!(too_large);
    }
}
