#!/usr/bin/env bash
# Makes models/samples/ravdess-actor01-4-emotions.opus, the speech sample of the main job: four
# RAVDESS clips of Actor 01 ("Kids are talking by the door"), neutral, happy, sad and angry (strong
# intensity), joined in that order and encoded as Opus in Ogg (24 kb/s, 16 kHz mono).
#
#   tools/make-sample.sh [RAVDESS_DIR]    (default ../shared/data/ravdess)
#
# RAVDESS is CC BY-NC-SA 4.0: see models/samples/README.md for the attribution it asks for.
set -euo pipefail
cd "$(dirname "$0")/.."
src=${1:-../shared/data/ravdess}/Actor_01
out=models/samples/ravdess-actor01-4-emotions.opus
clips=(03-01-01-01-01-01-01 03-01-03-02-01-01-01 03-01-04-02-01-01-01 03-01-05-02-01-01-01)
inputs=()
for c in "${clips[@]}"; do
  [ -f "$src/$c.flac" ] || { echo "make-sample: no $src/$c.flac (give the RAVDESS folder)" >&2; exit 1; }
  inputs+=(filesrc "location=$src/$c.flac" ! decodebin ! audioconvert ! c.)
done
# Joined as plain samples in a WAV first: straight into the encoder, each join would be a
# discontinuity (a gap in the Opus timestamps) and the element would restart its windows there.
wav=$(mktemp --suffix=.wav)
trap 'rm -f "$wav"' EXIT
gst-launch-1.0 -q concat name=c ! audioconvert ! audioresample ! audio/x-raw,format=S16LE,rate=16000,channels=1 \
  ! wavenc ! filesink "location=$wav" "${inputs[@]}"
gst-launch-1.0 -q filesrc "location=$wav" ! wavparse ! audioconvert ! opusenc bitrate=24000 ! oggmux \
  ! filesink "location=$out"
echo "make-sample: wrote $out ($(stat -c %s "$out") bytes)"
