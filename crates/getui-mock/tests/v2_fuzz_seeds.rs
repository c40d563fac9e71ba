//! Keeps the REST v2 fuzz targets (`fuzz/fuzz_targets/v2_answer_parse.rs`,
//! `v2_mock_request.rs`) compiling and their seeds passing in `cargo test`, without cargo-fuzz
//! or nightly: their checks live in `fuzz/fuzz_targets/v2_logic.rs`, included here, and every
//! seed of `fuzz/seeds/v2_answer_parse` and `fuzz/seeds/v2_mock_request` runs through them,
//! plus a few hand-made edge inputs.

#[path = "../../../fuzz/fuzz_targets/v2_logic.rs"]
mod v2_logic;

use std::path::PathBuf;

fn seeds(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/seeds")
        .join(target);
    let mut seeds: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| {
            let path = entry.expect("a seed").path();
            let data = std::fs::read(&path).expect("readable seed");
            (path, data)
        })
        .collect();
    seeds.sort();
    seeds
}

#[test]
fn v2_answer_parse_seeds() {
    let seeds = seeds("v2_answer_parse");
    assert!(seeds.len() >= 100, "{} seeds", seeds.len());
    for (_, data) in &seeds {
        v2_logic::answer(data);
        // every status byte variant, as the fuzzer would reach them
        for first in 0u8..6 {
            let mut varied = data.clone();
            varied.insert(0, first);
            v2_logic::answer(&varied);
        }
    }
    for edge in [
        &b""[..],
        b"{",
        b"{\"code\":0}",
        b"{\"code\":\"10001\"}",
        b"{\"code\":301,\"data\":{\"host_list\":[]}}",
        b"{\"code\":0,\"data\":{\"token\":\"\"}}",
        b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
        b"{\"code\":1e999}",
        b"\xff\xfe{}",
    ] {
        v2_logic::answer(edge);
    }
}

#[test]
fn v2_mock_request_seeds() {
    let seeds = seeds("v2_mock_request");
    assert!(seeds.len() >= 100, "{} seeds", seeds.len());
    let parsed = seeds
        .iter()
        .filter(|(_, data)| {
            v2_logic::mock_request(data);
            let text = String::from_utf8_lossy(data);
            let (head, body) = text.split_once('\n').unwrap_or((&text, ""));
            let (method, path) = head.split_once(' ').unwrap_or(("", head));
            getui_mock::parse_v2_request(method, path, body.as_bytes()).is_ok()
        })
        .count();
    // Most recorded requests are valid wire (placeholders such as "<sign>" are strings).
    assert!(
        parsed * 2 > seeds.len(),
        "{parsed} of {} seeds parse",
        seeds.len()
    );
    for edge in [
        &b""[..],
        b"GET /v2/",
        b"BREW /v2/a/auth\n{}",
        b"POST /v2/a/push/single/cid\n   ",
        b"POST /v2/a/push/single/cid\n{\"push_message\":1}",
        b"POST /v2/a/auth\n{\"timestamp\":18446744073709551615}",
        b"POST /v2/%zz/user/badge/cid/%E6%A0%87\n{\"badge\":\"+\"}",
        b"DELETE /v2/a/user/custom_tag/batch/t\n{\"cid\":[]}",
    ] {
        v2_logic::mock_request(edge);
    }
}
