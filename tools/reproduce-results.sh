#!/usr/bin/env bash
# Reproduces docs/results.md from the corpora: cross-validation of every zoo model on RAVDESS and
# EMO-DB under the field's protocols, the ablation of the default model's recipe, the
# multilingual model, and the training of the two shipped models. Every run is a `ser-train`
# command (printed as it starts); its report folder is kept under OUT. Runs whose report.json
# exists are not run again, so an interrupted reproduction resumes where it stopped.
#
#   tools/reproduce-results.sh [--data DIR] [--out DIR] [--build DIR] [--only REGEX] [--table-only]
#
#   --data DIR    the corpora: DIR/ravdess and DIR/emodb (default ../shared/data)
#   --out DIR     report folders, logs and trained bundles (default results/ in the build folder)
#   --only REGEX  run only the experiments whose name matches
#   --table-only  run nothing; print the table of what OUT holds
#
# The table (markdown) goes to stdout at the end: tools/reproduce-results.sh > docs/results.md.
# On a 2-core machine the whole of it takes hours; see docs/results.md for the time it took.
set -euo pipefail
cd "$(dirname "$0")/.."

data=../shared/data
build=build
out=""
only=""
table_only=0
while [ $# -gt 0 ]; do
  case "$1" in
    --data) data=$2; shift ;;
    --out) out=$2; shift ;;
    --build) build=$2; shift ;;
    --only) only=$2; shift ;;
    --table-only) table_only=1 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "reproduce-results: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
out=${out:-$build/results}
ser_train=$build/tools/ser-train/ser-train
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3
if [ $table_only -eq 0 ]; then
  [ -x "$ser_train" ] || { echo "reproduce-results: no $ser_train: run tools/setup.sh first" >&2; exit 1; }
  for corpus in ravdess emodb; do
    [ -d "$data/$corpus" ] || { echo "reproduce-results: no $data/$corpus (give --data DIR)" >&2; exit 1; }
  done
fi
mkdir -p "$out"

RAV="--corpus ravdess=$data/ravdess"
EMO="--corpus emodb=$data/emodb"
COMMON="--cache $out/cache"  # and --seed 0 unless the experiment gives its own
SPEAKER5="--split speaker --folds 5"
STRAT5="--split stratified --folds 5"
LOSO="--split loso"
STRAT10="--split stratified --folds 10"

# The recipes. Sequence models: SpecAugment (2 time and 2 frequency masks per window); the default
# model's: see the ablation below and docs/results.md.
SA="--time-masks 2 --freq-masks 2"
declare -A RECIPE=(
  [issa1d]="--model issa1d"
  [mfcc_cnn]="--model mfcc_cnn $SA"
  [logmel_cnn]="--model logmel_cnn --features logmel64 $SA"
  [mfcc_crnn]="--model mfcc_crnn $SA"
)
MODELS="issa1d mfcc_cnn logmel_cnn mfcc_crnn"

# The shipped models' recipe (issue 12, docs/results.md#generalisation): eGeMAPS v02 functionals
# into a logistic regression (mlp without a hidden layer), trained on each file normalised by its
# speaker and by the pooled prior (adaptation mixed), corpus and class balance, channel
# augmentation (random EQ, synthetic reverberation, Opus/MP3/GSM round trips, level), the last
# epoch's weights of a run regularised to convergence.
EG_LR='--features egemaps --model mlp --hp-json {"hidden":[],"input_dropout":0.0} --weight-decay 5e-3 --epochs 60 --lr 1e-3 --keep-weights last --balance corpus'
CHANNEL="--augment-copies 1 --eq --reverb --codec opus,mp3,gsm --gain-db -10:10"
SHIPPED="$EG_LR --adaptation mixed $CHANNEL"
EMV="--corpus emovo=$data/emovo"  # research use only: evaluated on, never in a shipped model
LOCO="$RAV $EMO $EMV --drop boredom --split corpus"

# name | ser-train arguments. The shipped models come first: `train --cv` cross-validates the
# recipe (its report is the table's cell) and then trains the bundle on every file.
EN_MODEL=$out/models/seremotion-en.sermodel
MULTI_MODEL=$out/models/seremotion-multi.sermodel
experiments=(
  "shipped/en|train $RAV $SPEAKER5 $SHIPPED --cv --name seremotion-en --output $EN_MODEL"
  "shipped/multi|train $RAV $EMO $SPEAKER5 $SHIPPED --cv --name seremotion-multi --output $MULTI_MODEL"
)
# Generalisation: leave one corpus out over RAVDESS, EMO-DB and EMOVO (7 classes, calm read as
# neutral), the shipped recipe step by step from the zoo's mfcc_cnn; and the shipped recipe in each
# corpus under its speaker-independent protocol. Three seeds each.
for seed in 0 1 2; do
  experiments+=(
    "gen/loco/mfcc_cnn/seed$seed|cv $LOCO ${RECIPE[mfcc_cnn]} --seed $seed"
    "gen/loco/egemaps-lr/seed$seed|cv $LOCO $EG_LR --seed $seed"
    "gen/loco/egemaps-lr-adapt/seed$seed|cv $LOCO $EG_LR --adaptation mixed --seed $seed"
    "gen/loco/egemaps-lr-adapt-channel/seed$seed|cv $LOCO $SHIPPED --seed $seed"
    "gen/loco/egemaps-lr-adapt-channel-trim/seed$seed|cv $LOCO $SHIPPED --trim-non-speech --seed $seed"
    "gen/loco/egemaps-lr-adapt-channel-noise/seed$seed|cv $LOCO $SHIPPED --noise white --snr 10:30 --seed $seed"
    "gen/ravdess-speaker5/shipped/seed$seed|cv $RAV $SPEAKER5 $SHIPPED --seed $seed"
    "gen/emodb-loso/shipped/seed$seed|cv $EMO $LOSO $SHIPPED --seed $seed"
    "gen/emovo-loso/shipped/seed$seed|cv $EMV $LOSO $SHIPPED --seed $seed"
  )
done
for m in $MODELS; do
  experiments+=("zoo/$m/ravdess-speaker5|cv $RAV $SPEAKER5 ${RECIPE[$m]}")
  experiments+=("zoo/$m/ravdess-stratified5|cv $RAV $STRAT5 ${RECIPE[$m]}")
  experiments+=("zoo/$m/emodb-loso|cv $EMO $LOSO ${RECIPE[$m]}")
  experiments+=("zoo/$m/emodb-stratified10|cv $EMO $STRAT10 ${RECIPE[$m]}")
done

# What each change to the default model's recipe gave, on RAVDESS by actor (the SpecAugment run
# is the zoo's logmel_cnn cell above).
experiments+=(
  "ablation/logmel64-plain|cv $RAV $SPEAKER5 --model logmel_cnn --features logmel64"
  "ablation/logmel64-sa-noise-gain|cv $RAV $SPEAKER5 ${RECIPE[logmel_cnn]} --noise white --snr 10:30 --gain-db -6:6 --augment-copies 1"
  "ablation/logmel64-sa-speed|cv $RAV $SPEAKER5 ${RECIPE[logmel_cnn]} --speed 0.9,1.1 --augment-copies 1"
  "ablation/logmel128-sa|cv $RAV $SPEAKER5 --model logmel_cnn --features logmel128 $SA"
)

run() {
  local name=$1 args=$2 report_flag=--out
  if [ -n "$only" ] && ! [[ $name =~ $only ]]; then return 0; fi
  local dir=$out/$name
  if [ -f "$dir/report.json" ]; then
    echo "reproduce-results: $name: done already ($dir)" >&2
    return 0
  fi
  mkdir -p "$dir" "$out/models"
  [[ $args == train* ]] && report_flag=--report
  local seed="--seed 0"
  [[ $args == *--seed* ]] && seed=""
  echo "reproduce-results: $name: $ser_train $args $COMMON $seed $report_flag $dir" >&2
  local start=$(date +%s)
  # shellcheck disable=SC2086
  $ser_train $args $COMMON $seed $report_flag "$dir" > "$dir.log" 2>&1 || { echo "reproduce-results: $name failed: see $dir.log" >&2; return 1; }
  echo "reproduce-results: $name: $(( $(date +%s) - start )) s" >&2
}

if [ $table_only -eq 0 ]; then
  for e in "${experiments[@]}"; do
    run "${e%%|*}" "${e#*|}"
  done
fi
$py tools/results_table.py "$out"
