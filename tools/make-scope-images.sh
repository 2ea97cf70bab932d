#!/usr/bin/env bash
# Makes the pictures of docs/scope.md with the project's own pipelines, and runs the video pipelines
# that page documents (compositor over a video's picture, recording to WebM and to MP4):
#
#   docs/images/scope-live.png        a frame of seremotionscope on the speech sample (640 x 360)
#   docs/images/scope-file.png        ser-train predict --plot of the same sample (1280 x 720)
#   docs/images/scope-over-video.png  a frame of the compositor pipeline: the chart over a video's picture
#
#   tools/make-scope-images.sh [BUILD_DIR]     (default build; run tools/setup.sh first)
#
# The "video" is made here from videotestsrc and the speech sample (a WebM with its own video and
# audio tracks), so that the pipelines run on a file with a picture of its own, as a user's would.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
export GST_PLUGIN_PATH="$PWD/$build/gst${GST_PLUGIN_PATH:+:$GST_PLUGIN_PATH}"
sample=models/samples/ravdess-actor01-4-emotions.opus
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p docs/images

# The last of 2 frames a second over the whole sample: the chart as it ends.
gst-launch-1.0 -q filesrc location=$sample ! decodebin ! audioconvert ! audioresample ! seremotion \
  ! seremotionscope time-span=16000000000 ! video/x-raw,width=640,height=360,framerate=2/1 ! videoconvert \
  ! pngenc ! multifilesink location="$tmp/live-%03d.png"
cp "$(ls "$tmp"/live-*.png | tail -1)" docs/images/scope-live.png

"$build/tools/ser-train/ser-train" predict --plot docs/images/scope-file.png $sample >/dev/null

# A video file with a picture and the speech as its sound track.
gst-launch-1.0 -q -e webmmux name=mux ! filesink location="$tmp/talk.webm" \
  videotestsrc pattern=smpte num-buffers=450 ! video/x-raw,width=1280,height=720,framerate=30/1 ! videoconvert \
    ! vp8enc deadline=1 ! queue ! mux. \
  filesrc location=$sample ! decodebin ! audioconvert ! audioresample ! vorbisenc ! queue ! mux.

# The documented compositor pipeline, with a PNG sink in place of the window: the chart in the
# bottom right corner of the picture, a little transparent.
overlay() {
  local sink=$1
  gst-launch-1.0 -q -e filesrc location="$tmp/talk.webm" ! decodebin name=d \
    compositor name=mix sink_1::xpos=640 sink_1::ypos=360 sink_1::alpha=0.85 ! videoconvert ! $sink \
    d. ! queue ! videoconvert ! videoscale ! video/x-raw,width=1280,height=720 ! mix.sink_0 \
    d. ! queue ! audioconvert ! audioresample ! seremotion ! seremotionscope \
      ! video/x-raw,width=640,height=360,framerate=30/1 ! mix.sink_1
}
overlay "videorate ! video/x-raw,framerate=1/1 ! pngenc ! multifilesink location=$tmp/over-%03d.png"
cp "$tmp/over-013.png" docs/images/scope-over-video.png

# The recording pipelines: the picture with the chart and the sound to WebM (VP8, Vorbis), and the
# chart alone to MP4 (OpenH264 from gstreamer1.0-plugins-bad; Debian's x264enc is in
# gstreamer1.0-plugins-ugly, which tools/setup.sh does not install).
gst-launch-1.0 -q -e filesrc location="$tmp/talk.webm" ! decodebin name=d \
  compositor name=mix sink_1::xpos=640 sink_1::ypos=360 sink_1::alpha=0.85 ! videoconvert \
    ! vp8enc deadline=1 ! queue ! webmmux name=mux ! filesink location="$tmp/talk-emotions.webm" \
  d. ! queue ! videoconvert ! videoscale ! video/x-raw,width=1280,height=720 ! mix.sink_0 \
  d. ! queue ! audioconvert ! audioresample ! seremotion ! tee name=t \
    t. ! queue ! seremotionscope ! video/x-raw,width=640,height=360,framerate=30/1 ! mix.sink_1 \
    t. ! queue ! audioconvert ! vorbisenc ! queue ! mux.
gst-launch-1.0 -q -e filesrc location=$sample ! decodebin ! audioconvert ! audioresample ! seremotion \
  ! seremotionscope ! videoconvert ! openh264enc ! h264parse ! mp4mux ! filesink location="$tmp/chart.mp4"
# (openh264enc prints "cmInitParaError" at the end of every stream; the file is whole.)
for f in talk-emotions.webm chart.mp4; do
  gst-launch-1.0 -q filesrc location="$tmp/$f" ! decodebin ! fakesink
  echo "make-scope-images: $f: $(stat -c %s "$tmp/$f") bytes, decodes"
done
ls -l docs/images/scope-*.png
