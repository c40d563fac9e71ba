//! `Answer::parse` on any bytes: never panics; whatever parses has a string `result`, fits the
//! limits, and its own JSON text parses back to the same answer.
#![no_main]

use getui_protocol::answer::{Answer, AnswerError, AnswerLimits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for limits in [
        AnswerLimits::default(),
        AnswerLimits {
            max_bytes: 256,
            max_depth: 3,
        },
    ] {
        match Answer::parse(data, &limits) {
            Ok(answer) => {
                assert!(data.len() <= limits.max_bytes);
                assert!(answer.get("result").is_some_and(|r| r.is_string()));
                let again =
                    Answer::parse(answer.to_json_text().as_bytes(), &AnswerLimits::default())
                        .expect("an answer's own text parses");
                assert_eq!(again, answer);
            }
            Err(AnswerError::TooLarge { limit }) => assert!(data.len() > limit),
            Err(_) => {}
        }
    }
});
