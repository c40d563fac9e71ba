//! Reading criterion's results (`<home>/**/new/benchmark.json` + `estimates.json`) and the
//! allocation reports of the bench binaries (`<home>/getui-allocs/*.json`).

use std::collections::BTreeMap;
use std::path::Path;
use std::time::SystemTime;

use serde_json::Value;

/// One benchmark's median and allocation counts.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct BenchResult {
    /// The median time per iteration, in nanoseconds.
    pub median_ns: f64,
    /// Allocations (alloc + realloc) per call, when measured.
    pub allocs: Option<f64>,
    /// Bytes allocated per call, when measured.
    pub bytes: Option<f64>,
}

/// Every benchmark found under `home` whose estimates were written at or after `since` (older
/// ones belong to earlier runs), by criterion id (`group/function`).
pub fn read(home: &Path, since: SystemTime) -> BTreeMap<String, BenchResult> {
    let mut out = BTreeMap::new();
    walk(home, &mut out, 0, since);
    if let Ok(entries) = std::fs::read_dir(home.join("getui-allocs")) {
        for entry in entries.flatten() {
            let Ok(text) = std::fs::read(entry.path()) else {
                continue;
            };
            let Ok(Value::Object(rows)) = serde_json::from_slice::<Value>(&text) else {
                continue;
            };
            for (id, row) in rows {
                let field = |name: &str| row.get(name).and_then(Value::as_f64);
                if let Some(result) = out.get_mut(&id) {
                    result.allocs =
                        Some(field("allocs").unwrap_or(0.0) + field("reallocs").unwrap_or(0.0));
                    result.bytes = field("bytes");
                }
            }
        }
    }
    out
}

fn walk(dir: &Path, out: &mut BTreeMap<String, BenchResult>, depth: usize, since: SystemTime) {
    if depth > 6 {
        return;
    }
    let new = dir.join("new");
    let fresh = std::fs::metadata(new.join("estimates.json"))
        .and_then(|m| m.modified())
        .is_ok_and(|t| t >= since);
    if let (true, Ok(bench), Ok(estimates)) = (
        fresh,
        std::fs::read(new.join("benchmark.json")),
        std::fs::read(new.join("estimates.json")),
    ) {
        if let Some((id, median)) = parse(&bench, &estimates) {
            out.insert(
                id,
                BenchResult {
                    median_ns: median,
                    ..BenchResult::default()
                },
            );
        }
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name();
        if path.is_dir() && name != "new" && name != "base" && name != "change" && name != "report"
        {
            walk(&path, out, depth + 1, since);
        }
    }
}

/// The id (`full_id` of `benchmark.json`) and the median point estimate (ns).
fn parse(benchmark: &[u8], estimates: &[u8]) -> Option<(String, f64)> {
    let bench: Value = serde_json::from_slice(benchmark).ok()?;
    let estimates: Value = serde_json::from_slice(estimates).ok()?;
    let id = bench.get("full_id")?.as_str()?.to_owned();
    let median = estimates.get("median")?.get("point_estimate")?.as_f64()?;
    Some((id, median))
}

/// `ns` as a short human text: `812 ns`, `1.23 µs`, `4.56 ms`.
pub fn format_ns(ns: f64) -> String {
    if ns < 1_000.0 {
        format!("{ns:.0} ns")
    } else if ns < 1_000_000.0 {
        format!("{:.2} µs", ns / 1_000.0)
    } else if ns < 1_000_000_000.0 {
        format!("{:.2} ms", ns / 1_000_000.0)
    } else {
        format!("{:.2} s", ns / 1_000_000_000.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ids_medians_and_allocations() {
        let home = std::env::temp_dir().join(format!("getui-bench-test-{}", std::process::id()));
        let new = home
            .join("protobuf_notification")
            .join("hand_reuse")
            .join("new");
        std::fs::create_dir_all(&new).unwrap();
        std::fs::write(
            new.join("benchmark.json"),
            r#"{"group_id":"protobuf/notification","function_id":"hand_reuse","value_str":null,"throughput":null,"full_id":"protobuf/notification/hand_reuse","directory_name":"protobuf_notification/hand_reuse","title":"protobuf/notification/hand_reuse"}"#,
        )
        .unwrap();
        std::fs::write(
            new.join("estimates.json"),
            r#"{"mean":{"point_estimate":300.0},"median":{"point_estimate":278.5}}"#,
        )
        .unwrap();
        std::fs::create_dir_all(home.join("getui-allocs")).unwrap();
        std::fs::write(
            home.join("getui-allocs").join("encode.json"),
            r#"{"protobuf/notification/hand_reuse": {"allocs": 1.0, "reallocs": 0.5, "bytes": 512.0}}"#,
        )
        .unwrap();
        let results = read(&home, SystemTime::UNIX_EPOCH);
        assert!(read(
            &home,
            SystemTime::now() + std::time::Duration::from_secs(60)
        )
        .is_empty());
        std::fs::remove_dir_all(&home).unwrap();
        let r = &results["protobuf/notification/hand_reuse"];
        assert_eq!(r.median_ns, 278.5);
        assert_eq!(r.allocs, Some(1.5));
        assert_eq!(r.bytes, Some(512.0));
    }

    #[test]
    fn formats_durations() {
        assert_eq!(format_ns(812.4), "812 ns");
        assert_eq!(format_ns(1_234.0), "1.23 µs");
        assert_eq!(format_ns(4_560_000.0), "4.56 ms");
    }
}
