//! Property tests of the parsers `answer_props.rs` does not cover: bounded gzip decompression,
//! the answer parser behind gzip and its depth check against brackets inside strings, the
//! `yyyyMMdd` date parser and the day arithmetic, and (feature `decode`, on in workspace
//! builds through getui-mock) the protobuf decoders never panicking.

use getui_protocol::answer::{Answer, AnswerError, AnswerLimits};
use getui_protocol::date::CalendarDate;
use getui_protocol::gzip::{self, GzipError};
use proptest::prelude::*;

fn bytes(max: usize) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(any::<u8>(), 0..max)
}

/// Data that compresses well and badly.
fn payload() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        bytes(4096),
        (any::<u8>(), 0usize..50_000).prop_map(|(b, n)| vec![b; n]),
        "[a-z{}\\[\\]\":, ]{0,2000}".prop_map(String::into_bytes),
    ]
}

/// An independent oracle for real calendar dates.
fn is_real_date(year: u32, month: u32, day: u32) -> bool {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=9999).contains(&year) && (1..=days).contains(&day)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn gzip_round_trips_within_an_exact_limit(data in payload()) {
        let packed = gzip::compress(&data);
        prop_assert!(gzip::is_gzip(&packed));
        prop_assert_eq!(&gzip::decompress(&packed, data.len()).unwrap(), &data);
        if !data.is_empty() {
            let short = gzip::decompress(&packed, data.len() - 1);
            let too_large = matches!(short, Err(GzipError::TooLarge { limit }) if limit == data.len() - 1);
            prop_assert!(too_large);
        }
    }

    #[test]
    fn gzip_never_panics_and_never_exceeds_the_limit(data in bytes(2048), limit in 0usize..100_000) {
        // Arbitrary bytes, and arbitrary bytes behind a valid gzip header.
        let mut headed = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
        headed.extend_from_slice(&data);
        for input in [&data, &headed] {
            if let Ok(out) = gzip::decompress(input, limit) {
                prop_assert!(out.len() <= limit);
            }
        }
    }

    #[test]
    fn truncated_or_corrupted_gzip_is_an_error_not_a_panic(
        data in payload(),
        cut in any::<prop::sample::Index>(),
        flip in any::<prop::sample::Index>(),
        mask in 1u8..=255,
    ) {
        let packed = gzip::compress(&data);
        // Cut anywhere after the first byte: the stream is incomplete.
        let at = 1 + cut.index(packed.len() - 1);
        let truncated = gzip::decompress(&packed[..at], usize::MAX);
        let invalid = matches!(truncated, Err(GzipError::Invalid(_)));
        prop_assert!(invalid, "cut at {} of {}", at, packed.len());
        // One corrupted byte: an error (CRC, header, deflate), or by chance the same data.
        let mut corrupted = packed.clone();
        corrupted[flip.index(packed.len())] ^= mask;
        if let Ok(out) = gzip::decompress(&corrupted, data.len() + 64) {
            prop_assert_eq!(out, data);
        }
    }

    #[test]
    fn gzip_answers_never_panic_and_respect_the_limits(
        data in payload(),
        max_bytes in 0usize..60_000,
        max_depth in 0usize..8,
        encoding in prop_oneof![Just(None), Just(Some("gzip")), Just(Some(" GZIP ")), Just(Some("br"))],
    ) {
        let packed = gzip::compress(&data);
        let limits = AnswerLimits { max_bytes, max_depth };
        match Answer::parse_http_body(&packed, encoding, &limits) {
            // The body sniffs as gzip whatever the header says: its text must have fitted.
            Ok(answer) => prop_assert!(data.len() <= max_bytes && answer.get("result").is_some()),
            Err(AnswerError::TooLarge { limit }) => {
                prop_assert_eq!(limit, max_bytes);
                prop_assert!(data.len() > max_bytes || packed.len() > max_bytes);
            }
            Err(_) => {}
        }
    }

    #[test]
    fn brackets_inside_strings_do_not_count_as_depth(
        noise in "[\\[\\]{}a-z\\\\\"]{0,300}",
        depth in 1usize..6,
    ) {
        // The noise is a JSON string value, however many brackets and escapes it holds.
        let value = serde_json::Value::String(noise);
        let text = format!(r#"{{"result": "ok", "x": {}}}"#, serde_json::to_string(&value).unwrap());
        let limits = AnswerLimits { max_bytes: 1 << 20, max_depth: depth };
        let answer = Answer::parse(text.as_bytes(), &limits);
        prop_assert!(answer.is_ok(), "{:?} for {}", answer.err(), text);
        let answer = answer.unwrap();
        prop_assert_eq!(answer.get("x"), Some(&value));
    }

    #[test]
    fn date_parser_never_panics(text in any::<String>()) {
        if let Some(date) = CalendarDate::parse_yyyymmdd(&text) {
            prop_assert_eq!(date.to_string(), text);
        }
    }

    #[test]
    fn eight_digits_parse_iff_they_name_a_real_date(year in 0u32..=9999, month in 0u32..=13, day in 0u32..=32) {
        let text = format!("{year:04}{month:02}{day:02}");
        let parsed = CalendarDate::parse_yyyymmdd(&text);
        prop_assert_eq!(parsed.is_some(), is_real_date(year, month, day), "{}", text);
        if let Some(date) = parsed {
            prop_assert_eq!(
                (u32::from(date.year()), u32::from(date.month()), u32::from(date.day())),
                (year, month, day)
            );
            prop_assert_eq!(date.to_string(), text);
        }
    }

    #[test]
    fn days_since_epoch_is_total_and_steps_one_day(days in any::<i64>()) {
        // Years 1..=9999 are days -719_162..=2_932_896; anything else is None, never a panic.
        let date = CalendarDate::from_days_since_epoch(days);
        prop_assert_eq!(date.is_some(), (-719_162..=2_932_896).contains(&days), "{}", days);
        if let (Some(d), Some(next)) = (date, days.checked_add(1).and_then(CalendarDate::from_days_since_epoch)) {
            prop_assert!(next > d);
            let rolled = next.day() == 1 && (next.month() == d.month() + 1 || (d.month() == 12 && next.month() == 1 && next.year() == d.year() + 1));
            let same_month = next.year() == d.year() && next.month() == d.month() && next.day() == d.day() + 1;
            prop_assert!(rolled || same_month, "{} then {}", d, next);
        }
    }
}

#[test]
fn day_range_ends_are_the_first_and_last_dates() {
    assert_eq!(
        CalendarDate::from_days_since_epoch(-719_162),
        CalendarDate::new(1, 1, 1)
    );
    assert_eq!(
        CalendarDate::from_days_since_epoch(2_932_896),
        CalendarDate::new(9999, 12, 31)
    );
    assert_eq!(CalendarDate::from_days_since_epoch(i64::MIN), None);
}

/// The protobuf decoders the mock and the conformance runner use (feature `decode`).
#[cfg(feature = "decode")]
mod pb_decode {
    use getui_protocol::pb::decode::{PushInfo, SingleBatchRequest, Transparent};
    use proptest::prelude::*;
    use prost::Message;

    /// Protobuf-shaped bytes: a run of fields with real field numbers of the schema and every
    /// wire type, so the decoders get past the first byte far more often than with noise.
    fn fields() -> impl Strategy<Value = Vec<u8>> {
        let field = (
            prop_oneof![
                1u32..40,
                Just(100u32),
                200u32..210,
                300u32..330,
                any::<u32>()
            ],
            0u8..8,
            any::<u64>(),
            prop::collection::vec(any::<u8>(), 0..40),
        )
            .prop_map(|(number, wire, varint, payload)| {
                let mut out = Vec::new();
                put_varint(&mut out, (u64::from(number) << 3) | u64::from(wire));
                match wire {
                    0 => put_varint(&mut out, varint),
                    1 => out.extend_from_slice(&varint.to_le_bytes()),
                    2 => {
                        put_varint(&mut out, payload.len() as u64);
                        out.extend_from_slice(&payload);
                    }
                    5 => out.extend_from_slice(&(varint as u32).to_le_bytes()),
                    _ => out.extend_from_slice(&payload),
                }
                out
            });
        prop::collection::vec(field, 0..12).prop_map(|f| f.concat())
    }

    fn put_varint(out: &mut Vec<u8>, mut v: u64) {
        while v >= 0x80 {
            out.push((v as u8) | 0x80);
            v >>= 7;
        }
        out.push(v as u8);
    }

    /// Decoding never panics, and whatever decodes re-encodes to bytes that decode to the
    /// same message.
    fn check<M: Message + Default + PartialEq + std::fmt::Debug>(
        bytes: &[u8],
    ) -> Result<(), TestCaseError> {
        if let Ok(message) = M::decode(bytes) {
            let again = M::decode(message.encode_to_vec().as_slice());
            prop_assert_eq!(again.as_ref().ok(), Some(&message));
        }
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        #[test]
        fn noise_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
            check::<Transparent>(&bytes)?;
            check::<PushInfo>(&bytes)?;
            check::<SingleBatchRequest>(&bytes)?;
        }

        #[test]
        fn protobuf_shaped_bytes_never_panic(bytes in fields()) {
            check::<Transparent>(&bytes)?;
            check::<PushInfo>(&bytes)?;
            check::<SingleBatchRequest>(&bytes)?;
        }
    }
}
