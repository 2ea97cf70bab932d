#!/usr/bin/env bash
# Runs one libFuzzer target for $SEREMOTION_FUZZ_SECONDS (default 60) from its seed and regression
# folders, growing CORPUS_DIR (in the build folder). A finding is written beside it as
# crash-*/leak-*/oom-*/timeout-* and fails the test; copy it into tests/fuzz/regressions/<target>/
# once fixed, so that every build replays it.
#   run_fuzzer.sh FUZZER CORPUS_DIR INPUT_DIR...
set -euo pipefail
fuzzer=$1 corpus=$2
shift 2
mkdir -p "$corpus"
# libFuzzer's exit status for a finding is 77 by default, which meson counts as a skipped test:
# every finding (crash, sanitizer report, leak, timeout, out of memory) must fail it instead.
# The targets do not allocate through GLib: the fast unwinder keeps the fuzzer's pace.
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:fast_unwind_on_malloc=1"
exec "$fuzzer" -max_total_time="${SEREMOTION_FUZZ_SECONDS:-60}" -timeout=20 -rss_limit_mb=2560 -max_len=131072 \
  -print_final_stats=1 -error_exitcode=1 -timeout_exitcode=1 \
  -artifact_prefix="$corpus/" "$corpus" "$@"
