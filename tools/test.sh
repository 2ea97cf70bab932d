#!/usr/bin/env bash
# Runs every test of seremotion and ends with the lines "N skipped" and "N passed, N failed".
#   tools/test.sh [BUILD_DIR] [extra meson test arguments...]
# GoogleTest executables count one per test case; every other test (gst-check suites, Python and
# shell end-to-end scripts) counts as one. Exit status: 0 when nothing failed.
set -uo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
shift || true
if [ ! -f "$build/build.ninja" ]; then
  echo "no build in '$build': run tools/setup.sh first" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
ninja -C "$build" >/dev/null || { echo "build failed" >&2; echo "0 passed, 1 failed"; exit 1; }
meson test -C "$build" --print-errorlogs --num-processes 2 "$@"
status=$?
MESON_STATUS=$status python3 tools/test_summary.py "$build/meson-logs/testlog.json" "$build/meson-logs/testlog.junit.xml"
summary=$?
[ $status -eq 0 ] && [ $summary -eq 0 ]
