#!/usr/bin/python3
"""Soak test of the seremotion element: live for a stated time under what a long-running service
meets, with the process's memory sampled.

A live pipeline, audiotestsrc (speech-band noise, then a sine) is-live=true ! audioconvert !
capsfilter ! seremotion ! fakesink sync=true, at the model's rate, runs for --minutes while:
  - every --caps-every seconds the capsfilter switches between F32LE mono and S16LE stereo (new
    caps at the same rate: the windowing must go on);
  - every --seek-every seconds a flushing seek goes back to 0 (a flush: the window being filled
    is dropped, the worker's queue discarded);
  - every --swap-every seconds model-location switches between two copies of the model (loaded
    in the background, swapped between windows, the old one freed);
and the resident memory (VmRSS) is sampled every --sample-every seconds. At the end it prints the
figures (windows, errors, warnings, swaps, dropped windows, RSS first/min/max/last and the slope
of a least-squares line through the samples after the first five minutes) and writes the samples
to --csv. Exit status 1 when an error was posted, no window came, or a swap failed.

  GST_PLUGIN_PATH=build/gst /usr/bin/python3 tools/soak.py --minutes 30 --csv soak.csv
"""
import argparse
import os
import shutil
import sys
import tempfile
import time

import gi

gi.require_version("Gst", "1.0")
from gi.repository import GLib, Gst  # noqa: E402

SOURCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")


def rss_kib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def slope_mib_per_hour(samples):
    """Least-squares slope of (seconds, KiB) samples, in MiB per hour."""
    if len(samples) < 2:
        return 0.0
    n = len(samples)
    mt = sum(t for t, _ in samples) / n
    mr = sum(r for _, r in samples) / n
    den = sum((t - mt) ** 2 for t, _ in samples)
    if den == 0:
        return 0.0
    return sum((t - mt) * (r - mr) for t, r in samples) / den * 3600 / 1024


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--minutes", type=float, default=30)
    ap.add_argument("--model", default=os.path.join(SOURCE, "models", "seremotion-en.sermodel"))
    ap.add_argument("--hop", type=float, default=0.25, help="hop-duration in seconds (default 0.25)")
    ap.add_argument("--caps-every", type=float, default=2.0)
    ap.add_argument("--seek-every", type=float, default=30.0)
    ap.add_argument("--swap-every", type=float, default=60.0)
    ap.add_argument("--sample-every", type=float, default=10.0)
    ap.add_argument("--csv", default=None, help="file for the RSS samples (seconds,rss_kib)")
    a = ap.parse_args()

    Gst.init(None)
    if Gst.ElementFactory.find("seremotion") is None:
        print("soak: no seremotion element; set GST_PLUGIN_PATH to the build's gst/ folder", file=sys.stderr)
        return 1
    work = tempfile.mkdtemp(prefix="seremotion-soak-")
    models = [os.path.join(work, "a.sermodel"), os.path.join(work, "b.sermodel")]
    for m in models:
        shutil.copyfile(a.model, m)

    # The model's rate, read from the element once it is READY.
    probe = Gst.ElementFactory.make("seremotion")
    probe.set_property("model-location", models[0])
    probe.set_state(Gst.State.READY)
    import json
    rate = json.loads(probe.get_property("model-info"))["metadata"]["sample_rate"]
    probe.set_state(Gst.State.NULL)

    caps = [Gst.Caps.from_string("audio/x-raw,format=F32LE,layout=interleaved,channels=1,rate=%d" % rate),
            Gst.Caps.from_string("audio/x-raw,format=S16LE,layout=interleaved,channels=2,rate=%d" % rate)]
    pipeline = Gst.parse_launch(
        "audiotestsrc is-live=true wave=pink-noise volume=0.3 samplesperbuffer=%d ! audioconvert ! "
        "capsfilter name=cf ! seremotion name=ser hop-duration=%d ! fakesink sync=true"
        % (rate // 50, int(a.hop * Gst.SECOND)))
    cf = pipeline.get_by_name("cf")
    ser = pipeline.get_by_name("ser")
    src = pipeline.get_by_name("audiotestsrc0")
    cf.set_property("caps", caps[0])
    ser.set_property("model-location", models[0])

    stats = {"windows": 0, "errors": [], "warnings": [], "swaps": 0, "swap_errors": 0, "seeks": 0,
             "caps": 0, "dropped": 0, "resets": 0, "labels": {}}
    samples = []
    start = time.monotonic()
    loop = GLib.MainLoop()

    def on_message(bus, msg):
        t = msg.type
        if t == Gst.MessageType.ELEMENT:
            s = msg.get_structure()
            if s.get_name() == "seremotion":
                stats["windows"] += 1
                label = s.get_string("label")
                stats["labels"][label] = stats["labels"].get(label, 0) + 1
                ok, dropped = s.get_uint64("dropped")
                if ok:
                    stats["dropped"] = max(stats["dropped"], dropped)
        elif t == Gst.MessageType.ERROR:
            err, dbg = msg.parse_error()
            stats["errors"].append(err.message)
            print("soak: ERROR", err.message, dbg, file=sys.stderr)
            loop.quit()
        elif t == Gst.MessageType.WARNING:
            err, _ = msg.parse_warning()
            stats["warnings"].append(err.message)
        elif t == Gst.MessageType.PROGRESS:
            kind, code, text = msg.parse_progress()
            if kind == Gst.ProgressType.COMPLETE:
                stats["swaps"] += 1
            elif kind == Gst.ProgressType.ERROR:
                stats["swap_errors"] += 1
                print("soak: swap failed:", text, file=sys.stderr)
        return True

    bus = pipeline.get_bus()
    bus.add_signal_watch()
    bus.connect("message", on_message)

    def every(seconds, fn):
        def tick():
            fn()
            return True
        GLib.timeout_add(int(seconds * 1000), tick)

    def switch_caps():
        stats["caps"] += 1
        cf.set_property("caps", caps[stats["caps"] % 2])

    def seek():
        stats["seeks"] += 1
        pipeline.seek_simple(Gst.Format.TIME, Gst.SeekFlags.FLUSH, 0)

    def swap():
        ser.set_property("model-location", models[(stats["swaps"] + stats["swap_errors"] + 1) % 2])

    def sample():
        elapsed = time.monotonic() - start
        samples.append((elapsed, rss_kib()))
        if elapsed >= a.minutes * 60:
            loop.quit()

    pipeline.set_state(Gst.State.PLAYING)
    sample()
    every(a.caps_every, switch_caps)
    every(a.seek_every, seek)
    every(a.swap_every, swap)
    every(a.sample_every, sample)
    loop.run()
    pipeline.set_state(Gst.State.NULL)
    elapsed = time.monotonic() - start
    shutil.rmtree(work, ignore_errors=True)

    after_warmup = [s for s in samples if s[0] >= 300] or samples
    rss = [r for _, r in samples]
    print("soak: %.1f min live, %d windows (%.2f/s), labels %s" % (elapsed / 60, stats["windows"],
                                                                    stats["windows"] / elapsed, stats["labels"]))
    print("soak: %d caps changes, %d flushing seeks, %d model swaps (%d refused), %d windows dropped (last count)"
          % (stats["caps"], stats["seeks"], stats["swaps"], stats["swap_errors"], stats["dropped"]))
    print("soak: %d errors, %d warnings%s" % (len(stats["errors"]), len(stats["warnings"]),
                                             (": " + "; ".join(sorted(set(stats["warnings"])))) if stats["warnings"] else ""))
    print("soak: RSS first %.1f MiB, min %.1f, max %.1f, last %.1f; slope after 5 min %+.2f MiB/h (%d samples)"
          % (rss[0] / 1024, min(rss) / 1024, max(rss) / 1024, rss[-1] / 1024, slope_mib_per_hour(after_warmup),
             len(samples)))
    if a.csv:
        with open(a.csv, "w") as f:
            f.write("seconds,rss_kib\n")
            for t, r in samples:
                f.write("%.1f,%d\n" % (t, r))
    return 1 if stats["errors"] or stats["windows"] == 0 or stats["swap_errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
