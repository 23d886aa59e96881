#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs every libFuzzer harness of a `fuzz` build for SECONDS each, starting from the
# committed seed corpus (fuzz/corpus/NAME, never written to: new inputs go to
# BUILD_DIR/corpus/NAME), and prints a Markdown table of executions and findings.
# A crash, leak, sanitizer report or timeout stops with exit 1; the input that caused it is
# in BUILD_DIR/findings/ (reproduce: BUILD_DIR/fuzz/NAME FILE).
#   usage: scripts/run-fuzzers.sh BUILD_DIR SECONDS
set -euo pipefail
build_dir=$(realpath "${1:?usage: run-fuzzers.sh BUILD_DIR SECONDS}")
seconds=${2:?usage: run-fuzzers.sh BUILD_DIR SECONDS}
root=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$build_dir/findings"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export QT_QPA_PLATFORM=offscreen

status=0
summary="| harness | seconds | executions | per second | corpus (seed → now) | findings |
|---|---|---|---|---|---|"
for name in textoperation token httphead hubmessage frames syncclient dialects; do
    seeds="$root/fuzz/corpus/$name"
    corpus="$build_dir/corpus/$name"
    mkdir -p "$corpus"
    extra=()
    [ -f "$root/fuzz/$name.dict" ] && extra+=("-dict=$root/fuzz/$name.dict")
    log="$build_dir/fuzz_$name.log"
    echo "fuzz_$name: ${seconds}s" >&2
    set +e
    "$build_dir/fuzz/fuzz_$name" -max_total_time="$seconds" -print_final_stats=1 \
        -timeout=10 -rss_limit_mb=2048 -artifact_prefix="$build_dir/findings/$name-" \
        "${extra[@]}" "$corpus" "$seeds" >"$log" 2>&1
    rc=$?
    set -e
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    found=none
    if [ "$rc" -ne 0 ]; then
        status=1
        found="**exit $rc**: $(grep -m1 -E 'ERROR|runtime error|fuzz_[a-z]+:|Test unit written' "$log" || echo see log)"
        tail -n 40 "$log" >&2
    fi
    summary+="
| fuzz_$name | $seconds | ${execs:-?} | ${rate:-?} | $(find "$seeds" -type f | wc -l) → $(find "$corpus" -type f | wc -l) | $found |"
done
echo "$summary"
exit "$status"
