#!/usr/bin/env bash
# Benchmark `scheduler`: the placement library alone (no I/O), 5,000 simulated executors and
# 100,000 instances placed, 20,000 released and placed again (workload: scheduler_bench.cpp).
# Runs on one core (taskset -c 0 when available). Last line: {"executors", "instances",
# "placements_per_sec", "p99_decision_us", "rss_mb", "unplaced", ...}. Extra arguments go to the
# binary (--executors N --apps N --instances-per-app N --release N --seed N
# --candidate-limit N).
set -euo pipefail
bin=${DROVE_BUILD_DIR:?DROVE_BUILD_DIR not set}/tests/bench/bench_scheduler
[[ -x "$bin" ]] || { echo "bench: $bin not built" >&2; exit 1; }
pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)
exec "${pin[@]}" "$bin" "$@"
