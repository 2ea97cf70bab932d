#!/usr/bin/env python3
"""gst-launch-1.0 -m on a real RAVDESS recording: the element's messages, as a person sees them.

  filesrc ! decodebin ! audioconvert ! audioresample ! seremotion ! fakesink

The windows must be exactly those of the windowing rule (features/windowing.h) for the file's
sample count, read from its FLAC header: full windows of 1 s every 0.5 s, then a final partial
window of at least half a window when it holds samples no window covered. Needs no Python module
beyond the standard library. Exit status 0: passed; 77: skipped (../shared/data absent); 1: failed.

Environment (set by meson): SEREMOTION_MAKE_TEST_MODEL, the program writing the test model;
SEREMOTION_SHARED_DIR (optional) or SEREMOTION_SOURCE_DIR, to find ../shared/data.
"""
import os
import re
import subprocess
import sys
import tempfile

RATE = 16000
WINDOW = 16000  # 1 s
HOP = 8000      # 0.5 s
FILE = "ravdess/Actor_01/03-01-05-01-01-01-01.flac"  # angry, normal intensity, "Kids are talking by the door"
FIELDS = ("timestamp", "stream-time", "running-time", "duration", "window-index", "label", "confidence",
          "uncertain", "silence", "rms", "labels", "probabilities")


def data_dir():
    shared = os.environ.get("SEREMOTION_SHARED_DIR") or os.path.join(
        os.environ.get("SEREMOTION_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", "..")), "..", "shared")
    path = os.path.join(shared, "data")
    return path if os.path.isdir(path) else None


def flac_samples(path):
    """Sample rate and total samples from the FLAC STREAMINFO block."""
    with open(path, "rb") as f:
        head = f.read(42)
    if head[:4] != b"fLaC" or head[4] & 0x7F != 0:
        raise ValueError(f"{path}: not a FLAC file starting with STREAMINFO")
    bits = int.from_bytes(head[18:26], "big")
    return bits >> 44, bits & ((1 << 36) - 1)


def plan_windows(n, window, hop):
    """The windowing rule of features/windowing.h."""
    spans, start, covered = [], 0, 0
    while start + window <= n:
        spans.append((start, window))
        covered = start + window
        start += hop
    if start < n and covered < n and (2 * (n - start) >= window or not spans):
        spans.append((start, n - start))
    return spans


def parse_messages(output, name):
    """The structures of element messages `name` printed by gst-launch -m, as field -> text."""
    found = []
    for line in output.splitlines():
        m = re.search(r'\(element\): ' + re.escape(name) + r', (.*);$', line)
        if not m:
            continue
        fields = {}
        for key, value in re.findall(r'([a-z-]+)=\([a-z0-9]+\)(< [^>]* >|"[^"]*"|[^,]+)', m.group(1)):
            fields[key] = value.strip()
        found.append(fields)
    return found


def main():
    data = data_dir()
    if data is None:
        print("SKIP: ../shared/data is absent (set SEREMOTION_SHARED_DIR to the shared folder)")
        return 77
    audio = os.path.join(data, FILE)
    rate, n = flac_samples(audio)
    if rate != RATE:
        print(f"FAIL: {audio} is at {rate} Hz, the corpus README says 16 kHz")
        return 1
    model = os.path.join(tempfile.mkdtemp(prefix="seremotion-launch-"), "model.sermodel")
    subprocess.run([os.environ["SEREMOTION_MAKE_TEST_MODEL"], model, str(RATE), "1.0", "0.5"], check=True)

    cmd = ["gst-launch-1.0", "-m", "filesrc", f"location={audio}", "!", "decodebin", "!", "audioconvert", "!",
           "audioresample", "!", "seremotion", f"model-location={model}", "!", "fakesink"]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=240)
    failures = []

    def check(condition, what):
        if not condition:
            failures.append(what)
            print("FAIL:", what)

    check(run.returncode == 0, f"gst-launch-1.0 exited {run.returncode}: {run.stderr.strip()[-500:]}")
    windows = parse_messages(run.stdout, "seremotion")
    summaries = parse_messages(run.stdout, "seremotion-summary")
    expected = plan_windows(n, WINDOW, HOP)
    check(len(windows) == len(expected), f"{len(expected)} windows for {n} samples, got {len(windows)}")
    for i, (w, (start, length)) in enumerate(zip(windows, expected)):
        missing = [f for f in FIELDS if f not in w]
        check(not missing, f"window {i}: fields missing: {missing}")
        if missing:
            continue
        check(int(w["window-index"]) == i, f"window {i}: window-index {w['window-index']}")
        check(int(w["timestamp"]) == start * 10**9 // RATE, f"window {i}: timestamp {w['timestamp']}")
        check(int(w["duration"]) == length * 10**9 // RATE, f"window {i}: duration {w['duration']}")
        check(w["running-time"] == w["timestamp"] and w["stream-time"] == w["timestamp"],
              f"window {i}: running-time {w['running-time']}, stream-time {w['stream-time']}")
        labels = [s.strip() for s in w["labels"].strip("<> ").split(",")]
        probabilities = [float(p) for p in w["probabilities"].strip("<> ").split(",")]
        check(labels == ["angry", "calm", "happy", "sad"], f"window {i}: labels {labels}")
        check(len(probabilities) == 4, f"window {i}: probabilities {probabilities}")
        if w["silence"] == "true":
            check(w["label"] == "silence" and float(w["confidence"]) == 1.0, f"window {i}: silent, label {w['label']}")
        else:
            check(w["label"] in labels and abs(sum(probabilities) - 1) < 1e-4, f"window {i}: {w['label']}")
    speech = [w for w in windows if w.get("silence") == "false"]
    check(len(speech) >= 2, f"the speech in the file gives windows above the silence gate ({len(speech)})")
    check(len(summaries) == 1, f"one seremotion-summary, got {len(summaries)}")
    if summaries:
        check(int(summaries[0].get("windows", -1)) == len(windows), f"summary: {summaries[0]}")
        check(summaries[0].get("dominant") in ("angry", "calm", "happy", "sad"), f"summary: {summaries[0]}")
    print(f"{audio}: {n} samples, {len(windows)} windows ({len(speech)} of speech), {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
