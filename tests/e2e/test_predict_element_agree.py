#!/usr/bin/env python3
"""`ser-train predict --windows` and the seremotion element agree on real files.

For a few real recordings (RAVDESS and EMO-DB, one shorter than two windows), the same model
classifies the file twice: once through the element (filesrc ! decodebin ! audioconvert !
audioresample ! seremotion ! fakesink, messages read from the bus with full precision), once
through `ser-train predict --windows`, both with their default gates (Silero VAD). Both must give
the same windows (start, duration), the same speech shares (Silero run once over the stream in
buffers, and once over the whole file), the same silence and no-speech verdicts and labels, and the
same probabilities to within float rounding.

Usage: test_predict_element_agree.py SER_TRAIN MAKE_TEST_MODEL
Exit status 0: agreed; 77: skipped (../shared/data absent, or python3-gst missing); 1: disagreed.
"""
import json
import os
import subprocess
import sys
import tempfile

from e2e_support import data_dir

FILES = [
    "ravdess/Actor_01/03-01-05-01-01-01-01.flac",
    "ravdess/Actor_16/03-01-07-01-01-02-16.flac",
    "emodb/03a01Fa.flac",
]
RATE, WINDOW, HOP = 16000, 1.0, 0.5
TOLERANCE = 1e-5

try:
    import gi

    gi.require_version("Gst", "1.0")
    from gi.repository import Gst
except (ImportError, ValueError) as e:
    print(f"SKIP: python3-gst-1.0 is missing ({e})")
    sys.exit(77)


def element_windows(path, model):
    """The element's `seremotion` messages for `path`: (start s, duration s, silence, label, probabilities)."""
    pipeline = Gst.parse_launch(
        f'filesrc location="{path}" ! decodebin ! audioconvert ! audioresample ! '
        f'seremotion model-location="{model}" ! fakesink')
    bus = pipeline.get_bus()
    pipeline.set_state(Gst.State.PLAYING)
    windows = []
    try:
        while True:
            msg = bus.timed_pop_filtered(60 * Gst.SECOND,
                                         Gst.MessageType.ELEMENT | Gst.MessageType.EOS | Gst.MessageType.ERROR)
            if msg is None:
                raise RuntimeError(f"{path}: no EOS within 60 s")
            if msg.type == Gst.MessageType.ERROR:
                raise RuntimeError(f"{path}: {msg.parse_error()[0].message}")
            if msg.type == Gst.MessageType.EOS:
                return windows
            s = msg.get_structure()
            if s.get_name() != "seremotion":
                continue
            windows.append((s.get_value("timestamp") / Gst.SECOND, s.get_value("duration") / Gst.SECOND,
                            s.get_value("silence"), s.get_value("label"), list(s.get_value("probabilities")),
                            s.get_value("no-speech"), s.get_value("speech-share")))
    finally:
        pipeline.set_state(Gst.State.NULL)


def predict_windows(ser_train, path, model):
    # --adapt stream: a model trained with adaptation reads the file as the element reads a stream.
    run = subprocess.run([ser_train, "predict", "--model", model, "--adapt", "stream", "--windows", path],
                         capture_output=True, text=True, check=True)
    out = []
    for line in run.stdout.splitlines():
        j = json.loads(line)  # probabilities in the model's label order, as the element's
        out.append((j["start"], j["duration"], j["silence"], j["label"], list(j["probabilities"].values()),
                    j["no_speech"], j["speech_share"]))
    return out


def main():
    ser_train, make_model = sys.argv[1], sys.argv[2]
    data = data_dir()
    if data is None:
        print("SKIP: ../shared/data is absent (set SEREMOTION_SHARED_DIR to the shared folder)")
        return 77
    Gst.init(None)
    model = os.path.join(tempfile.mkdtemp(prefix="seremotion-agree-"), "model.sermodel")
    subprocess.run([make_model, model, str(RATE), str(WINDOW), str(HOP)], check=True)
    # And the shipped default model, trained with adaptation: the element adapts to the stream.
    shipped = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "models", "seremotion-en.sermodel")
    failures = 0
    for name, model in [(n, model) for n in FILES] + [(n, shipped) for n in FILES[:2]]:
        path = os.path.join(data, name)
        ours = element_windows(path, model)
        theirs = predict_windows(ser_train, path, model)
        problems = []
        if len(ours) != len(theirs):
            problems.append(f"{len(ours)} element windows, {len(theirs)} predict windows")
        worst = 0.0
        for i, (e, p) in enumerate(zip(ours, theirs)):
            if abs(e[0] - p[0]) > 1e-6 or abs(e[1] - p[1]) > 1e-6:
                problems.append(f"window {i}: element {e[0]:.6f}+{e[1]:.6f} s, predict {p[0]:.6f}+{p[1]:.6f} s")
            if e[2] != p[2] or e[3] != p[3] or e[5] != p[5]:
                problems.append(f"window {i}: element {e[3]} (silence {e[2]}, no-speech {e[5]}), "
                                f"predict {p[3]} (silence {p[2]}, no-speech {p[5]})")
            if abs(e[6] - p[6]) > 1e-12:
                problems.append(f"window {i}: speech share {e[6]} in the element, {p[6]} in predict")
            worst = max([worst] + [abs(a - b) for a, b in zip(e[4], p[4])])
        if worst > TOLERANCE:
            problems.append(f"probabilities differ by up to {worst:.3g} (tolerance {TOLERANCE})")
        speech = sum(1 for e in ours if not e[2] and not e[5])
        print(f"{'FAIL' if problems else 'ok  '} {name} ({os.path.basename(model)}): {len(ours)} windows ({speech} classified), "
              f"largest probability difference {worst:.3g}")
        for p in problems:
            print("     " + p)
        failures += bool(problems)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
