#!/usr/bin/env bash
# The BENCHMARKS.md push-list figure: `getui push-list` of N ids (default 1,000,000) from a
# file against a getui-mock on this machine; prints ids per second and the CLI's peak memory.
#
#   bash crates/getui-cli/bench/push_list_1m.sh [N]
#
# Release builds of `getui` and `getui-mock` (one worker thread, no request recording, so that
# the mock and the CLI each get about one core); peak memory from GNU time (`/usr/bin/time -v`).
# Run it twice with different N to see that memory is flat in the file's size.
set -euo pipefail
cd "$(dirname "$0")/../../.."
n=${1:-1000000}
target=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet -p getui-cli -p getui-mock
work=$(mktemp -d)
trap 'kill "$mock_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
seq -f 'cid-%.0f' 1 "$n" > "$work/ids.txt"
port=$((20000 + RANDOM % 20000))
"$target/release/getui-mock" --port "$port" --threads 1 --no-record > "$work/mock.log" 2>&1 &
mock_pid=$!
for _ in $(seq 100); do grep -q "v2 base URL" "$work/mock.log" && break; sleep 0.1; done
export GETUI_APP_ID=OracleAppId00000000001 GETUI_APP_KEY=OracleAppKey0000000001 \
    GETUI_MASTER_SECRET=OracleMasterSecret0001 GETUI_V2_BASE_URL=http://127.0.0.1:$port
start=$(date +%s.%N)
/usr/bin/time -v "$target/release/getui" push-list --quiet --cids "$work/ids.txt" --payload bench \
    > "$work/out.txt" 2> "$work/time.txt"
end=$(date +%s.%N)
tail -1 "$work/out.txt"
awk -v n="$n" -v s="$start" -v e="$end" 'BEGIN { printf "%d ids in %.2f s: %.0f ids/s\n", n, e - s, n / (e - s) }'
grep "Maximum resident set size" "$work/time.txt" | awk '{ printf "peak memory of getui: %.1f MiB\n", $NF / 1024 }'
