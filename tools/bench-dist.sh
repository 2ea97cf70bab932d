#!/usr/bin/env bash
# Benchmark: ser-train as one process and as a job of two processes on this machine (127.0.0.1,
# Gloo), on all of RAVDESS with issa1d: feature extraction with an empty cache (each file
# extracted once in the job, shared out), 4-fold speaker-independent cross-validation (one fold per
# rank at a time: fold parallel) and the final model of `train` (data parallel), each for a fixed
# number of epochs (no early stopping) so that every configuration does the same work. Prints the
# wall time of each run and the speed-up of two processes over one process with one thread and
# over one with two threads (the default on 2 cores); then the CPU time of each run (every process,
# user + system) and, for two processes, of the busier rank, which on a machine that other work
# shares tell more than the wall time: the job's work, and its critical path. Timings depend on
# the machine and its load: run it on a quiet one. Nothing here is a test.
#
#   tools/bench-dist.sh [--epochs N] [--data DIR] [--build DIR] [--keep DIR]
#
#   --epochs N   epochs per training (default 8)
#   --data DIR   the RAVDESS folder (default ../shared/data/ravdess beside the source tree)
#   --build DIR  the build folder holding tools/ser-train/ser-train (default build)
#   --keep DIR   keep the reports, models and caches under DIR instead of a temporary folder
set -euo pipefail
cd "$(dirname "$0")/.."

epochs=8
data=../shared/data/ravdess
build=build
keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --epochs) epochs=$2; shift ;;
    --data) data=$2; shift ;;
    --build) build=$2; shift ;;
    --keep) keep=$2; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "bench-dist: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
ser_train=$build/tools/ser-train/ser-train
[ -x "$ser_train" ] || { echo "bench-dist: no $ser_train: build first (ninja -C $build)" >&2; exit 1; }
[ -d "$data" ] || { echo "bench-dist: no RAVDESS folder at $data (give --data DIR)" >&2; exit 1; }
if [ -n "$keep" ]; then
  work=$keep
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi
port=$((29600 + RANDOM % 300))
common=(--corpus "ravdess=$data" --model issa1d --patience 0 --seed 1)

# Runs one configuration: NAME RANKS THREADS SUBCOMMAND ARGS...; prints its wall time.
run() {
  local name=$1 ranks=$2 threads=$3 sub=$4
  shift 4
  local start end
  start=$(date +%s.%N)
  if [ "$ranks" -eq 1 ]; then
    /usr/bin/time -f "%U %S" -o "$work/$name.cpu" \
      "$ser_train" "$sub" "$@" --threads "$threads" --jobs "$threads" >"$work/$name.out" 2>"$work/$name.err"
  else
    port=$((port + 1))
    local pids=()
    for ((r = 0; r < ranks; r++)); do
      /usr/bin/time -f "%U %S" -o "$work/$name.$r.cpu" \
        "$ser_train" "$sub" "$@" --threads "$threads" --jobs "$threads" --world-size "$ranks" --rank "$r" \
        --master-port "$port" >"$work/$name.$r.out" 2>"$work/$name.$r.err" &
      pids+=($!)
    done
    for p in "${pids[@]}"; do wait "$p"; done
  fi
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

# CPU seconds (user + system) of run NAME: all its processes, and the busiest one.
cpu_total() { cat "$work/$1".*cpu | awk '{ t += $1 + $2 } END { printf "%.1f", t }'; }
cpu_max() { cat "$work/$1".*cpu | awk '{ c = $1 + $2; if (c > m) m = c } END { printf "%.1f", m }'; }
cpu_row() {
  local what=$1
  printf '%-34s %9s %9s %9s/%-9s %s\n' "$what" "$(cpu_total "$2")" "$(cpu_total "$3")" "$(cpu_total "$4")" \
    "$(cpu_max "$4")" "$(echo "scale=2; $(cpu_total "$2") / $(cpu_max "$4")" | bc)x"
}

echo "bench-dist: RAVDESS ($data), issa1d, $epochs epochs per training, $(nproc) cores"
echo "one process: $ser_train SUBCOMMAND ... --threads T --jobs T"
echo "two processes: the same with --world-size 2 --rank R --master-port P, ranks 0 and 1 at once"
printf '%-34s %9s %9s %9s %14s %14s\n' what "1 x 1 s" "1 x 2 s" "2 x 1 s" "vs 1 thread" "vs 2 threads"
row() {
  local what=$1 a=$2 b=$3 c=$4
  printf '%-34s %9.1f %9.1f %9.1f %13.2fx %13.2fx\n' "$what" "$a" "$b" "$c" "$(echo "$a / $c" | bc -l)" \
    "$(echo "$b / $c" | bc -l)"
}

# Extraction alone: a cv of 1 epoch on 2 folds with an empty cache each time (training is small).
a=$(run ex-1x1 1 1 cv "${common[@]}" --epochs 1 --split speaker --folds 2 --cache "$work/c11" --out "$work/ex-1x1")
b=$(run ex-1x2 1 2 cv "${common[@]}" --epochs 1 --split speaker --folds 2 --cache "$work/c12" --out "$work/ex-1x2")
c=$(run ex-2x1 2 1 cv "${common[@]}" --epochs 1 --split speaker --folds 2 --cache "$work/c21" --out "$work/ex-2x1")
feat() { /usr/bin/python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['wall_time']['feature_extraction_s'])" "$1"; }
row "feature extraction, cold (s)" "$(feat "$work/ex-1x1/report.json")" "$(feat "$work/ex-1x2/report.json")" \
  "$(feat "$work/ex-2x1/report.json")"

# Cross-validation on a warm cache: the folds.
a=$(run cv-1x1 1 1 cv "${common[@]}" --epochs "$epochs" --split speaker --folds 4 --cache "$work/c11" --out "$work/cv-1x1")
b=$(run cv-1x2 1 2 cv "${common[@]}" --epochs "$epochs" --split speaker --folds 4 --cache "$work/c11" --out "$work/cv-1x2")
c=$(run cv-2x1 2 1 cv "${common[@]}" --epochs "$epochs" --split speaker --folds 4 --cache "$work/c11" --out "$work/cv-2x1")
row "cv, 4 folds, fold parallel (wall s)" "$a" "$b" "$c"
same=$(/usr/bin/python3 - "$work/cv-1x1/report.json" "$work/cv-2x1/report.json" <<'PY'
import json, sys
a, b = (json.load(open(p))["folds"] for p in sys.argv[1:])
for f in a + b:
    f["curve"].pop("seconds")
print("yes" if a == b else "NO")
PY
)
echo "  the same fold numbers as one process with one thread: $same"

# The final model on a warm cache: data parallel.
a=$(run tr-1x1 1 1 train "${common[@]}" --epochs "$epochs" --cache "$work/c11" --output "$work/tr-1x1.sermodel")
b=$(run tr-1x2 1 2 train "${common[@]}" --epochs "$epochs" --cache "$work/c11" --output "$work/tr-1x2.sermodel")
c=$(run tr-2x1 2 1 train "${common[@]}" --epochs "$epochs" --cache "$work/c11" --output "$work/tr-2x1.sermodel")
row "train, data parallel (wall s)" "$a" "$b" "$c"

echo
echo "CPU seconds (user + system; for two processes: both / the busier rank; last: 1 x 1 over the busier rank)"
printf '%-34s %9s %9s %19s %s\n' what "1 x 1" "1 x 2" "2 x 1" "critical path"
cpu_row "feature extraction run" ex-1x1 ex-1x2 ex-2x1
cpu_row "cv, 4 folds" cv-1x1 cv-1x2 cv-2x1
cpu_row "train" tr-1x1 tr-1x2 tr-2x1
