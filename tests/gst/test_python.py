#!/usr/bin/python3
"""The seremotion element from Python (python3-gst-1.0): a real pipeline, its metas read in a
pad probe with Gst.Buffer.get_custom_meta, its messages read from the bus.

audiotestsrc at 44.1 kHz goes through audioconvert and audioresample to the model's 16 kHz, then
seremotion (vad=level: a sine is no speech to Silero), then through audioconvert and audioresample
again (to 48 kHz S16: the metas must survive converters) into fakesink. Exit status 0: passed; 77: skipped (no gi/Gst); 1: failed.

Environment (set by meson): SEREMOTION_MAKE_TEST_MODEL, the program writing the test model.
"""
import os
import subprocess
import sys
import tempfile

try:
    import gi

    gi.require_version("Gst", "1.0")
    from gi.repository import GLib, Gst  # noqa: F401  (GLib: the main loop's types)
except (ImportError, ValueError) as e:
    print(f"SKIP: python3-gst-1.0 is not usable here ({e}); install python3-gst-1.0")
    sys.exit(77)

RATE = 16000
WINDOW_S = 0.5
HOP_S = 0.25
SECONDS = 3.0
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL:", what)


def structure_fields(s):
    """The fields of a 'seremotion' structure as Python values."""
    return {
        "timestamp": s.get_value("timestamp"),
        "duration": s.get_value("duration"),
        "running-time": s.get_value("running-time"),
        "stream-time": s.get_value("stream-time"),
        "window-index": s.get_value("window-index"),
        "label": s.get_string("label"),
        "confidence": s.get_value("confidence"),
        "uncertain": s.get_value("uncertain"),
        "silence": s.get_value("silence"),
        "rms": s.get_value("rms"),
        "labels": list(s.get_value("labels")),
        "probabilities": list(s.get_value("probabilities")),
    }


def main():
    Gst.init(None)
    if Gst.ElementFactory.find("seremotion") is None:
        print("FAIL: no seremotion element; GST_PLUGIN_PATH =", os.environ.get("GST_PLUGIN_PATH"))
        return 1
    tmp = tempfile.mkdtemp(prefix="seremotion-python-")
    model = os.path.join(tmp, "model.sermodel")
    subprocess.run([os.environ["SEREMOTION_MAKE_TEST_MODEL"], model, str(RATE), str(WINDOW_S), str(HOP_S)],
                   check=True)

    buffers = int(SECONDS * 44100 / 441)
    pipeline = Gst.parse_launch(
        f"audiotestsrc wave=sine freq=220 volume=0.3 samplesperbuffer=441 num-buffers={buffers} "
        "! audio/x-raw,rate=44100,channels=2 ! audioconvert ! audioresample "
        f"! seremotion name=ser model-location={model} vad=level "
        "! audioconvert ! audioresample ! audio/x-raw,format=S16LE,rate=48000 ! fakesink name=sink")
    ser = pipeline.get_by_name("ser")
    metas = []

    def probe(pad, info):
        buf = info.get_buffer()
        meta = buf.get_custom_meta("SeremotionMeta")
        if meta is not None:
            metas.append(structure_fields(meta.get_structure()))
        return Gst.PadProbeReturn.OK

    pipeline.get_by_name("sink").get_static_pad("sink").add_probe(Gst.PadProbeType.BUFFER, probe)

    messages, summaries = [], []
    pipeline.set_state(Gst.State.PLAYING)
    bus = pipeline.get_bus()
    while True:
        msg = bus.timed_pop_filtered(60 * Gst.SECOND, Gst.MessageType.ELEMENT | Gst.MessageType.EOS
                                     | Gst.MessageType.ERROR)
        if msg is None:
            check(False, "the pipeline neither ended nor failed within 60 s")
            break
        if msg.type == Gst.MessageType.ERROR:
            err, debug = msg.parse_error()
            check(False, f"pipeline error: {err.message} ({debug})")
            break
        if msg.type == Gst.MessageType.EOS:
            break
        s = msg.get_structure()
        if s.get_name() == "seremotion":
            messages.append(structure_fields(s))
        elif s.get_name() == "seremotion-summary":
            summaries.append(s)
    labels = ser.get_property("labels")
    pipeline.set_state(Gst.State.NULL)

    # 3 s of audio, windows of 0.5 s every 0.25 s: 11 full windows, no partial one.
    check(len(messages) == 11, f"11 window messages, got {len(messages)}")
    check(list(labels) == ["angry", "calm", "happy", "sad"], f"labels property: {labels}")
    for i, m in enumerate(messages):
        check(m["window-index"] == i, f"window {i}: index {m['window-index']}")
        check(m["timestamp"] == i * Gst.SECOND // 4, f"window {i}: timestamp {m['timestamp']}")
        check(m["duration"] == Gst.SECOND // 2, f"window {i}: duration {m['duration']}")
        check(m["labels"] == list(labels), f"window {i}: labels {m['labels']}")
        check(len(m["probabilities"]) == 4 and abs(sum(m["probabilities"]) - 1) < 1e-5,
              f"window {i}: probabilities {m['probabilities']}")
        check(m["label"] in labels and m["confidence"] == max(m["probabilities"]),
              f"window {i}: label {m['label']} with confidence {m['confidence']}")
        check(not m["silence"] and -20 < m["rms"] < -5, f"window {i}: rms {m['rms']} dBFS")
    # Every window ends inside a buffer: each meta reached the sink through the converters, equal
    # to its message (buffers are 10 ms, shorter than the hop, so one meta per buffer at most).
    check(len(metas) == len(messages), f"{len(messages)} metas at the sink, got {len(metas)}")
    for meta in metas:
        i = meta["window-index"]
        check(i < len(messages) and meta == messages[i], f"meta of window {i} differs from its message")
    check(len(summaries) == 1, f"one summary, got {len(summaries)}")
    if summaries:
        s = summaries[0]
        shares = list(s.get_value("shares"))
        check(s.get_value("windows") == 11, f"summary windows {s.get_value('windows')}")
        check(list(s.get_value("labels")) == list(labels) + ["silence", "no-speech"], "summary labels")
        check(abs(sum(shares) - 1) < 1e-9, f"summary shares {shares}")
        check(s.get_string("dominant") in labels, f"summary dominant {s.get_string('dominant')}")
    print(f"{len(messages)} messages, {len(metas)} metas, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
