#!/usr/bin/env python3
"""The video pipelines of docs/scope.md on a short video made here (a picture and a sound track):

  the chart over the video's picture (compositor), recorded with the sound to WebM (vp8enc, vorbisenc,
  webmmux), and the chart alone to MP4 (openh264enc, mp4mux)

Each must run to the end without an error, and its file must decode to video of the expected size
(and, for the WebM, audio too). Exit status 0: passed; 77: skipped (an element the pipelines use is
missing); 1: failed.

Environment (set by meson): SEREMOTION_MAKE_TEST_MODEL, the program writing the test model.
"""
import os
import re
import subprocess
import sys
import tempfile

NEEDED = ("videotestsrc", "audiotestsrc", "compositor", "vp8enc", "vorbisenc", "webmmux", "openh264enc", "h264parse",
          "mp4mux", "decodebin", "videoscale")
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def launch(*args):
    return subprocess.run(["gst-launch-1.0", "-e", *args], capture_output=True, text=True, timeout=240)


def streams(path, n):
    """The caps of the raw streams a file of `n` streams decodes to, as gst-launch -v prints them
    (a branch without a stream would keep the pipeline from prerolling)."""
    branches = ["d.", "!", "queue", "!", "fakesink"] * n
    r = subprocess.run(["gst-launch-1.0", "-v", "filesrc", f"location={path}", "!", "decodebin", "name=d", *branches],
                       capture_output=True, text=True, timeout=120)
    return r.returncode, re.findall(r"caps = (video/x-raw[^\n]*|audio/x-raw[^\n]*)", r.stdout)


def main():
    for element in NEEDED:
        if subprocess.run(["gst-inspect-1.0", "--exists", element]).returncode != 0:
            print(f"SKIP GStreamer element {element} is missing (Debian's gstreamer1.0-plugins-good and -bad have them)")
            return 77
    with tempfile.TemporaryDirectory() as tmp:
        model = os.path.join(tmp, "model.sermodel")
        subprocess.run([os.environ["SEREMOTION_MAKE_TEST_MODEL"], model, "16000", "0.5", "0.25"], check=True)
        talk = os.path.join(tmp, "talk.webm")
        r = launch("webmmux", "name=mux", "!", "filesink", f"location={talk}",
                   "videotestsrc", "num-buffers=60", "!", "video/x-raw,width=320,height=240,framerate=30/1", "!",
                   "vp8enc", "deadline=1", "!", "queue", "!", "mux.",
                   "audiotestsrc", "num-buffers=20", "samplesperbuffer=4800", "wave=pink-noise", "!",
                   "audio/x-raw,rate=48000", "!", "audioconvert", "!", "vorbisenc", "!", "queue", "!", "mux.")
        check(r.returncode == 0, "a 2 s video with a picture and a sound track")

        out = os.path.join(tmp, "talk-emotions.webm")
        r = launch(*f"""filesrc location={talk} ! decodebin name=d
            compositor name=mix sink_1::xpos=640 sink_1::ypos=360 sink_1::alpha=0.85 ! videoconvert
              ! vp8enc deadline=1 ! queue ! webmmux name=mux ! filesink location={out}
            d. ! queue ! videoconvert ! videoscale ! video/x-raw,width=1280,height=720 ! mix.sink_0
            d. ! queue ! audioconvert ! audioresample ! seremotion model-location={model} ! tee name=t
              t. ! queue ! seremotionscope ! video/x-raw,width=640,height=360,framerate=30/1 ! mix.sink_1
              t. ! queue ! audioconvert ! vorbisenc ! queue ! mux.""".split())
        check(r.returncode == 0, "the chart over the picture, recorded with the sound to WebM" +
              ("" if r.returncode == 0 else ": " + r.stderr[-800:]))
        code, caps = streams(out, 2)
        check(code == 0 and any("width=(int)1280, height=(int)720" in c for c in caps if c.startswith("video")),
              "the WebM decodes to 1280 x 720 video")
        check(any(c.startswith("audio") for c in caps), "and to audio")

        mp4 = os.path.join(tmp, "chart.mp4")
        r = launch(*f"""filesrc location={talk} ! decodebin ! audioconvert ! audioresample
            ! seremotion model-location={model} ! seremotionscope ! videoconvert ! openh264enc ! h264parse ! mp4mux
            ! filesink location={mp4}""".split())
        check(r.returncode == 0, "the chart alone to MP4" + ("" if r.returncode == 0 else ": " + r.stderr[-800:]))
        code, caps = streams(mp4, 1)
        check(code == 0 and any("width=(int)640, height=(int)360" in c for c in caps), "the MP4 decodes to 640 x 360 video")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
