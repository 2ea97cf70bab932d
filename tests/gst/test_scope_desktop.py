#!/usr/bin/env python3
"""The live timeline in a desktop window, as a person would see it, under Xvfb (a virtual screen):

  audiotestsrc is-live=true ! audioconvert ! audioresample ! seremotion ! seremotionscope ! videoconvert ! ximagesink

After a few seconds a screenshot of the screen (ximagesrc) must show the window: not a blank
screen, and the colours of the model's labels (lib/plot/label_colours.h) in it, as the chart draws
them. Exit status 0: passed; 77: skipped (no Xvfb or no ximagesink: tools/setup.sh installs the
Debian packages xvfb and gstreamer1.0-x); 1: failed.

Environment (set by meson): SEREMOTION_MAKE_TEST_MODEL, the program writing the test model.
"""
import collections
import os
import shutil
import subprocess
import sys
import tempfile
import time

WIDTH, HEIGHT = 800, 600
# The test model's labels and their colours (Paul Tol's muted scheme, label_colours.h).
COLOURS = {"angry": (0xCC, 0x66, 0x77), "calm": (0x44, 0xAA, 0x99), "happy": (0xDD, 0xCC, 0x77), "sad": (0x33, 0x22, 0x88)}


def skip(why):
    print("SKIP " + why)
    sys.exit(77)


def has_element(name):
    return subprocess.run(["gst-inspect-1.0", "--exists", name]).returncode == 0


def start_xvfb():
    """An Xvfb server on a free display; returns (process, display)."""
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", f"{WIDTH}x{HEIGHT}x24", "-nolisten",
                               "tcp"], pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as f:
        number = f.readline().strip()
    if not number:
        server.kill()
        skip("Xvfb did not start")
    return server, ":" + number


def screenshot(env, path):
    """The whole screen as raw RGB bytes."""
    subprocess.run(["gst-launch-1.0", "-q", "ximagesrc", "num-buffers=1", "use-damage=false", "!", "videoconvert", "!",
                    f"video/x-raw,format=RGB,width={WIDTH},height={HEIGHT}", "!", "filesink", f"location={path}"],
                   env=env, check=True, timeout=60)
    with open(path, "rb") as f:
        return f.read()


def count_colour(pixels, colour, tolerance=3):
    """Pixels within `tolerance` of `colour`, from a Counter of pixels."""
    return sum(n for p, n in pixels.items() if all(abs(p[k] - colour[k]) <= tolerance for k in range(3)))


def main():
    if shutil.which("Xvfb") is None:
        skip("Xvfb is not installed (Debian package xvfb)")
    for element in ("ximagesink", "ximagesrc", "audiotestsrc"):
        if not has_element(element):
            skip(f"GStreamer element {element} is missing (Debian packages gstreamer1.0-x, gstreamer1.0-plugins-good)")
    failures = []

    def check(cond, what):
        print(("ok   " if cond else "FAIL ") + what)
        if not cond:
            failures.append(what)

    with tempfile.TemporaryDirectory() as tmp:
        model = os.path.join(tmp, "model.sermodel")
        subprocess.run([os.environ["SEREMOTION_MAKE_TEST_MODEL"], model, "16000", "0.5", "0.25"], check=True)
        server, display = start_xvfb()
        env = dict(os.environ, DISPLAY=display)
        player = None
        try:
            player = subprocess.Popen(
                ["gst-launch-1.0", "-q", "audiotestsrc", "is-live=true", "wave=pink-noise", "volume=0.3", "!",
                 "audioconvert", "!", "audioresample", "!", "seremotion", f"model-location={model}",
                 # Noise is not speech: without vad=off every window would be no-speech, with no colour.
                 "vad=off", "!", "seremotionscope", "time-span=5000000000", "!",
                 "video/x-raw,width=640,height=360", "!", "videoconvert", "!", "ximagesink", "sync=false"],
                env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            time.sleep(4.0)
            check(player.poll() is None, "the pipeline is still playing after 4 s")
            rgb = screenshot(env, os.path.join(tmp, "screen.rgb"))
            check(len(rgb) == WIDTH * HEIGHT * 3, "a screenshot of the whole screen")
            pixels = collections.Counter(rgb[i:i + 3] for i in range(0, len(rgb), 3))
            check(len(pixels) > 8, f"the screen is not blank ({len(pixels)} colours)")
            shown = {label: count_colour(pixels, c) for label, c in COLOURS.items()}
            check(sum(shown.values()) > 2000, f"the window shows the labels' colours ({shown})")
        finally:
            if player is not None and player.poll() is None:
                player.terminate()
                try:
                    output, _ = player.communicate(timeout=10)
                except subprocess.TimeoutExpired:
                    player.kill()
                    output, _ = player.communicate()
                if failures:
                    print(output)
            # The verdict is in: a server slow to stop on a loaded machine is killed, not failed on.
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
