#!/usr/bin/env bash
# Benchmark: 5-fold speaker-independent cross-validation on all of RAVDESS with ser-train, for
# issa1d and logmel_cnn, each with a cold feature cache (an empty folder) and then warm. Prints
# the wall time of the whole run, its feature extraction and training (from report.json), the
# cache hits and the peak resident memory. Timings depend on the machine and its load: run it on
# a quiet one. Nothing here is a test.
#
#   tools/bench-cv.sh [--epochs N] [--data DIR] [--build DIR] [--models "issa1d logmel_cnn"] [--keep DIR]
#
#   --epochs N   most epochs per fold (default 30, ser-train's default; early stopping may stop sooner)
#   --data DIR   the RAVDESS folder (default ../shared/data/ravdess beside the source tree)
#   --build DIR  the build folder holding tools/ser-train/ser-train (default build)
#   --keep DIR   keep the reports (and caches) under DIR instead of a temporary folder
set -euo pipefail
cd "$(dirname "$0")/.."

epochs=30
data=../shared/data/ravdess
build=build
models="issa1d logmel_cnn"
keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --epochs) epochs=$2; shift ;;
    --data) data=$2; shift ;;
    --build) build=$2; shift ;;
    --models) models=$2; shift ;;
    --keep) keep=$2; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) echo "bench-cv: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
ser_train=$build/tools/ser-train/ser-train
[ -x "$ser_train" ] || { echo "bench-cv: no $ser_train: build first (ninja -C $build)" >&2; exit 1; }
[ -d "$data" ] || { echo "bench-cv: no RAVDESS folder at $data (give --data DIR)" >&2; exit 1; }
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
if [ -n "$keep" ]; then
  work=$keep
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
have_time=0
[ -x /usr/bin/time ] && have_time=1

echo "bench-cv: RAVDESS ($data), speaker-independent 5-fold, at most $epochs epochs, $(nproc) cores"
echo "command: $ser_train cv --corpus ravdess=$data --model MODEL --split speaker --folds 5 --epochs $epochs --cache CACHE --out REPORT"
printf '%-11s %-5s %9s %11s %9s %11s %10s %9s\n' model cache "wall s" "features s" "train s" "hits/misses" "peak MiB" "UA %"
for model in $models; do
  cache=$work/cache-$model
  rm -rf "$cache"
  for run in cold warm; do
    out=$work/$model-$run
    args=(cv --corpus "ravdess=$data" --model "$model" --split speaker --folds 5 --epochs "$epochs"
          --cache "$cache" --out "$out")
    start=$(date +%s.%N)
    if [ $have_time -eq 1 ]; then
      /usr/bin/time -f "%M" -o "$work/time-$model-$run" "$ser_train" "${args[@]}" >"$work/log-$model-$run" 2>&1
      peak_kib=$(tail -1 "$work/time-$model-$run")
    else
      "$ser_train" "${args[@]}" >"$work/log-$model-$run" 2>&1
      peak_kib=0
    fi
    end=$(date +%s.%N)
    "$py" - "$out/report.json" "$start" "$end" "$peak_kib" "$model" "$run" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
start, end, peak = float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
w, c = r["wall_time"], r["cache"]
print("%-11s %-5s %9.1f %11.1f %9.1f %11s %10.0f %9.1f" % (sys.argv[5], sys.argv[6], end - start,
      w["feature_extraction_s"], w["training_s"], "%d/%d" % (c["hits"], c["misses"]), peak / 1024.0,
      100 * r["mean"]["ua"]))
PY
  done
done
