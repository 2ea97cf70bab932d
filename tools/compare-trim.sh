#!/usr/bin/env bash
# Measures ser-train's --trim-non-speech: speaker-independent k-fold cross-validation on RAVDESS,
# once as the clips are and once cut to their speech, on the same folds (the same seeds), for each
# seed. Prints each run's UA and WA, each setting's mean and standard deviation over the seeds, and
# the mean paired difference. A short run for a first look (the coordinator's multi-seed ablations
# decide defaults); nothing here is a test.
#
#   tools/compare-trim.sh [--epochs N] [--folds K] [--seeds "0 1"] [--model M] [--data DIR]
#                         [--build DIR] [--keep DIR]
#
#   --epochs N   most epochs per fold (default 15)
#   --folds K    speaker-grouped folds (default 5)
#   --seeds S    seeds, one run per seed and setting (default "0 1")
#   --model M    zoo architecture (default logmel_cnn, the shipped model's)
#   --data DIR   the RAVDESS folder (default ../shared/data/ravdess)
#   --build DIR  the build folder (default build)
#   --keep DIR   keep the reports and feature caches under DIR (default: a temporary folder)
set -euo pipefail
cd "$(dirname "$0")/.."

epochs=15
folds=5
seeds="0 1"
model=logmel_cnn
data=../shared/data/ravdess
build=build
keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --epochs) epochs=$2; shift ;;
    --folds) folds=$2; shift ;;
    --seeds) seeds=$2; shift ;;
    --model) model=$2; shift ;;
    --data) data=$2; shift ;;
    --build) build=$2; shift ;;
    --keep) keep=$2; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "compare-trim: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
ser_train=$build/tools/ser-train/ser-train
[ -x "$ser_train" ] || { echo "compare-trim: no $ser_train: build first (ninja -C $build)" >&2; exit 1; }
[ -d "$data" ] || { echo "compare-trim: no RAVDESS folder at $data (give --data DIR)" >&2; exit 1; }
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
if [ -n "$keep" ]; then
  work=$keep
  mkdir -p "$work"
else
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
fi

start=$(date +%s)
for seed in $seeds; do
  for setting in as-is trimmed; do
    extra=()
    [ "$setting" = trimmed ] && extra=(--trim-non-speech)
    echo "compare-trim: seed $seed, $setting" >&2
    "$ser_train" cv --corpus "ravdess=$data" --model "$model" --split speaker --folds "$folds" \
      --epochs "$epochs" --seed "$seed" --cache "$work/cache" "${extra[@]}" \
      --out "$work/$setting-$seed" > /dev/null
  done
done
echo "compare-trim: $(( $(date +%s) - start )) s" >&2

"$py" - "$work" "$seeds" <<'PY'
import json, os, statistics, sys
work, seeds = sys.argv[1], sys.argv[2].split()
rows = {}
for setting in ("as-is", "trimmed"):
    for seed in seeds:
        r = json.load(open(os.path.join(work, f"{setting}-{seed}", "report.json")))
        rows[(setting, seed)] = (r["mean"]["ua"], r["mean"]["wa"])
print("| setting | seed | UA | WA |")
print("|---|---|---:|---:|")
for (setting, seed), (ua, wa) in rows.items():
    print(f"| {setting} | {seed} | {100 * ua:.1f} % | {100 * wa:.1f} % |")
print()
for setting in ("as-is", "trimmed"):
    ua = [rows[(setting, s)][0] for s in seeds]
    sd = statistics.stdev(ua) if len(ua) > 1 else 0.0
    print(f"{setting}: UA {100 * statistics.mean(ua):.1f} ± {100 * sd:.1f} % over {len(ua)} seeds")
diff = [rows[("trimmed", s)][0] - rows[("as-is", s)][0] for s in seeds]
print(f"trimmed - as-is, paired by seed: {100 * statistics.mean(diff):+.1f} points UA")
PY
