#!/usr/bin/env bash
# The main job: the seremotion element, from the build tree, with the shipped default model
# (models/seremotion-en.sermodel), on the shipped speech sample (or on FILE), printing the emotion
# of every window and the summary at the end.
#
#   tools/main-job.sh [--build DIR] [FILE_OR_URI]
#
# It runs docs/examples/seremotion_listen.py; the same with gst-launch-1.0:
#   GST_PLUGIN_PATH=build/gst gst-launch-1.0 -m filesrc location=FILE ! decodebin ! audioconvert \
#     ! audioresample ! seremotion ! fakesink
set -euo pipefail
cd "$(dirname "$0")/.."
build=build
if [ "${1:-}" = "--build" ]; then build=$2; shift 2; fi
source=${1:-models/samples/ravdess-actor01-4-emotions.opus}
[ -f "$build/gst/libgstseremotion.so" ] || { echo "main-job: no $build/gst/libgstseremotion.so: run tools/setup.sh first" >&2; exit 1; }
echo "main-job: seremotion on $source (model: models/seremotion-en.sermodel)"
GST_PLUGIN_PATH=$PWD/$build/gst exec /usr/bin/python3 docs/examples/seremotion_listen.py "$source"
