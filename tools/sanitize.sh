#!/usr/bin/env bash
# The sanitizer and fuzzing checks of seremotion (docs/reliability.md), each in a build folder of
# its own, built with clang-14 (installed here when missing, as tools/setup.sh does):
#
#   tools/sanitize.sh asan   AddressSanitizer + UndefinedBehaviorSanitizer (build-asan): the unit
#                            tests of lib/ and the element's tests, the fuzz targets' replays of
#                            their seeds and regression inputs, then each fuzzer for
#                            $SEREMOTION_FUZZ_SECONDS seconds (default 60)
#   tools/sanitize.sh tsan   ThreadSanitizer (build-tsan): the element's threaded helpers (inference
#                            worker, background loader) and its live, swap, latency and shutdown tests
#
# Only what those tests need is built. Ends like tools/test.sh with "N skipped" and
# "N passed, N failed"; exit status 0 when nothing failed.
set -uo pipefail
cd "$(dirname "$0")/.."
kind=${1:-asan}
case "$kind" in
  asan) build=build-asan ;;
  tsan) build=build-tsan ;;
  *) echo "usage: tools/sanitize.sh asan|tsan" >&2; exit 2 ;;
esac

fail() { echo "$1" >&2; echo "0 passed, 1 failed"; exit 1; }

# clang-14 with its sanitizer and libFuzzer runtimes, and llvm-symbolizer for readable reports.
tools/install-packages.sh sanitize clang-14 libclang-rt-14-dev llvm-14 || fail "sanitize: cannot install clang-14"

lib_tests=(common data dsp features io nn plot train)
if [ "$kind" = asan ]; then
  options=(-Db_sanitize=address,undefined -Dfuzz=enabled)
  targets=(gst/libgstseremotion.so tests/gst/test_element tests/gst/test_element_helpers tests/fuzz/fuzz_bundle
           tests/fuzz/fuzz_feature_spec tests/fuzz/fuzz_manifest tests/fuzz/fuzz_selftest_finding)
  for t in "${lib_tests[@]}"; do targets+=("tests/lib/test_$t"); done
  tests=("${lib_tests[@]}" element_helpers element fuzz-replay-bundle fuzz-replay-feature_spec fuzz-replay-manifest
         fuzz-runner-fails-on-finding fuzz-bundle fuzz-feature_spec fuzz-manifest)
else
  options=(-Db_sanitize=thread)
  targets=(gst/libgstseremotion.so tests/gst/test_element tests/gst/test_element_helpers)
  tests=(element_helpers element)
fi

# The tests find the shipped models and the VAD's weights in the build tree's models/.
targets+=(models/seremotion-en.sermodel models/seremotion-multi.sermodel models/silero-vad/silero-vad-16k.weights
          models/silero-vad/LICENSE models/silero-vad/README.md)
if [ ! -f "$build/build.ninja" ]; then
  mkdir -p "$build"
  # -O1 with line tables: what sanitizer reports need, at a fraction of the compile time of -O2 -g.
  CC=clang-14 CXX=clang++-14 meson setup "$build" -Dbuildtype=plain -Doptimization=1 -Dcpp_args=-gline-tables-only \
    -Db_lundef=false "${options[@]}" \
    >"$build/setup.log" 2>&1 || { cat "$build/setup.log" >&2; fail "sanitize: meson setup of $build failed"; }
fi
ninja -C "$build" "${targets[@]}" >"$build/ninja.log" 2>&1 || { tail -50 "$build/ninja.log" >&2; fail "sanitize: build failed"; }

san=$PWD/tests/sanitizers
# Leaks and undefined behaviour fail the test; what third-party libraries keep for the life of
# the process (GStreamer's registry, fontconfig's caches) is suppressed by name in tests/sanitizers.
# The slow unwinder follows allocations through GLib and GStreamer (built without frame pointers)
# back to our frames, so that a leak of ours that allocates there is still ours.
export ASAN_OPTIONS=detect_leaks=1:halt_on_error=1:fast_unwind_on_malloc=0:strict_string_checks=1
export LSAN_OPTIONS=suppressions=$san/lsan.supp:print_suppressions=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1:suppressions=$san/ubsan.supp
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:suppressions=$san/tsan.supp
# The plugin is instrumented; GStreamer's plugin scanner is not and could not load it.
export GST_REGISTRY_FORK=no
export OMP_NUM_THREADS=1
if [ "$kind" = tsan ]; then
  export GTEST_FILTER='BackgroundLoader.*:InferenceWorker.*:Live.*:Swap.*:Latency.*:Reliability.CapsChanges*'
fi
meson test -C "$build" --no-rebuild --print-errorlogs --num-processes 2 "${tests[@]}"
status=$?
MESON_STATUS=$status python3 tools/test_summary.py "$build/meson-logs/testlog.json" "$build/meson-logs/testlog.junit.xml"
summary=$?
[ $status -eq 0 ] && [ $summary -eq 0 ]
