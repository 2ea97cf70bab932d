#!/usr/bin/env bash
# Runs run_fuzzer.sh on a target that always has a finding and passes only when the runner exits
# with 1: 0 would hide findings, 77 would turn them into skipped tests.
#   check_finding_fails.sh RUN_FUZZER SELFTEST_FUZZER SCRATCH_DIR
set -uo pipefail
runner=$1 fuzzer=$2 scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch/in" && printf 'x' >"$scratch/in/seed"
SEREMOTION_FUZZ_SECONDS=5 "$runner" "$fuzzer" "$scratch/corpus" "$scratch/in" >"$scratch/log" 2>&1
rc=$?
if [[ $rc -ne 1 ]]; then
  echo "run_fuzzer.sh exited $rc on a target with a finding; expected 1 (log: $scratch/log)" >&2
  exit 1
fi
ls "$scratch/corpus"/crash-* >/dev/null 2>&1 || { echo "no crash-* file written beside the corpus" >&2; exit 1; }
echo "a finding fails the run (exit 1) and leaves its input: OK"
