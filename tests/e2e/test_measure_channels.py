#!/usr/bin/env python3
"""End to end: the channels of `tools/measure-heldout.py --channel` do what their names say.

Usage: test_measure_channels.py MEASURE_HELDOUT_PY   (exit 77 = skipped when a GStreamer element
the channels use is missing)

On synthetic FLAC files (a 200 Hz and a 1 kHz tone, then silence; and silence alone): every
channel gives a 16 kHz mono WAV as long as its source; `quiet` is 20 dB lower; `white` and `pink`
add noise at -40 dBFS RMS; `phone` cuts the 200 Hz tone below its high-pass and keeps the 1 kHz
one; `reverb` leaves a tail in the silence after the tones. With --per-speaker, one `predict` call
per speaker of the original files (EMOVO by folder, EMO-DB by the name's first two digits). With
several models, each file's probabilities averaged over them.
"""
import array
import contextlib
import importlib.util
import io
import math
import os
import shutil
import subprocess
import sys
import tempfile
import wave

from e2e_support import check, failures

ELEMENTS = ["audiotestsrc", "audiomixer", "flacenc", "wavparse", "wavenc", "audiocheblimit", "mulawenc", "lamemp3enc",
            "mpg123audiodec", "opusenc", "opusdec", "freeverb", "volume"]


def load_tool(path):
    spec = importlib.util.spec_from_file_location("measure_heldout", path)
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    return tool


def write_flac(path, freqs, seconds, silence):
    """`seconds` of each tone in turn (amplitude 0.3), then `silence` seconds of nothing."""
    samples = array.array("h")
    for f in freqs:
        samples.extend(int(0.3 * 32767 * math.sin(2 * math.pi * f * i / 16000)) for i in range(int(seconds * 16000)))
    samples.extend([0] * int(silence * 16000))
    with wave.open(path + ".wav", "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(samples.tobytes())
    pipeline = f"filesrc location={path}.wav ! wavparse ! audioconvert ! flacenc ! filesink location={path}"
    subprocess.run(["gst-launch-1.0", "-q"] + pipeline.split(), check=True, capture_output=True)


def read_wav(path):
    with wave.open(path) as w:
        ok = w.getframerate() == 16000 and w.getnchannels() == 1 and w.getsampwidth() == 2
        return ok, array.array("h", w.readframes(w.getnframes()))


def rms_db(samples, start, end):
    part = samples[start:end]
    power = sum(float(x) * x for x in part) / max(1, len(part))
    return 10 * math.log10(max(power, 1e-3) / 32768.0 ** 2)


def tone_db(samples, start, end, freq):
    """The level of `freq` in samples[start:end] (a single-bin DFT), dBFS of a sine's RMS."""
    re = im = 0.0
    for i in range(start, end):
        re += samples[i] * math.cos(2 * math.pi * freq * i / 16000)
        im += samples[i] * math.sin(2 * math.pi * freq * i / 16000)
    amplitude = 2 * math.hypot(re, im) / (end - start) / 32768.0
    return 20 * math.log10(max(amplitude, 1e-9) / math.sqrt(2))


def check_per_speaker(tool):
    calls = []
    tool.predict = lambda ser_train, model, adapt, files: calls.append(sorted(files)) or {f: {} for f in files}
    copies = {"c1": "/d/emovo/f1/rab-f1-b1.flac", "c2": "/d/emovo/m2/rab-m2-b1.flac",
              "c3": "/d/emovo/f1/tri-f1-b1.flac"}
    out = tool.predict_copies("st", "m", "batch", copies, "emovo", True)
    check(sorted(calls) == [["c1", "c3"], ["c2"]], f"per speaker: one call per speaker, got {calls}")
    check(set(out) == set(copies), "per speaker: every copy predicted")
    calls.clear()
    tool.predict_copies("st", "m", "batch", copies, "emovo", False)
    check(calls == [["c1", "c2", "c3"]], f"not per speaker: one call, got {calls}")
    check(tool.speaker_of("emodb", "/d/emodb/03a01Fa.flac") == "03", "EMO-DB's speaker: the name's first digits")


def check_several_models(tool):
    runs = [{"a": {"happy": 0.8, "sad": 0.2}, "b": {}}, {"a": {"happy": 0.2, "sad": 0.8}, "b": {"happy": 1.0, "sad": 0.0}},
            {"a": {"happy": 0.5, "sad": 0.5}, "b": {"happy": 0.5, "sad": 0.5}}]
    mean = tool.mean_probabilities(runs, ["m0", "m1", "m2"])
    check(abs(mean["a"]["happy"] - 0.5) < 1e-12 and abs(mean["a"]["sad"] - 0.5) < 1e-12, f"several models: the mean, got {mean}")
    check(mean["b"] == {}, "several models: no speech for one model is no speech for the mean")
    try:
        tool.mean_probabilities([{"a": {"happy": 1.0}}, {"a": {"angry": 1.0}}], ["en.sermodel", "other.sermodel"])
        check(False, "several models of other labels: an error")
    except ValueError as e:
        check("same labels" in str(e) and "other.sermodel: angry" in str(e),
              f"several models of other labels: an error naming them ({e})")


def check_report_line(tool):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        tool.report("m.sermodel", "emovo", "clean", {"x": "happy", "y": "sad"},
                    {"x": {"happy": 0.9, "sad": 0.1}, "y": {"happy": 0.6, "sad": 0.4}}, "batch", True)
    line = out.getvalue()
    check(line.startswith("m.sermodel on emovo (clean): UA 50.0 % over 2 classes (2 files), 50.0 % over the 4")
          and "100 % of the files called happy; --adapt batch per speaker" in line, f"the report line: {line.strip()}")


def main():
    check_per_speaker(load_tool(sys.argv[1]))
    check_report_line(load_tool(sys.argv[1]))
    check_several_models(load_tool(sys.argv[1]))
    missing = [e for e in ELEMENTS if subprocess.run(["gst-inspect-1.0", e], capture_output=True).returncode != 0]
    if shutil.which("gst-launch-1.0") is None or missing:
        print(f"skip: GStreamer elements missing: {missing or ['gst-launch-1.0']}")
        return 77
    tool = load_tool(sys.argv[1])
    with tempfile.TemporaryDirectory() as folder:
        tones, quiet = os.path.join(folder, "tones.flac"), os.path.join(folder, "silence.flac")
        write_flac(tones, [200, 1000], 1.0, 1.0)  # 200 Hz 0-1 s, 1 kHz 1-2 s, silence 2-3 s
        write_flac(quiet, [], 0.0, 2.0)
        check(tool.flac_samples(tones) == (48000, 16000), f"STREAMINFO: {tool.flac_samples(tones)}")
        for channel in sorted(tool.CHANNELS):
            if channel == "clean":
                check(tool.through_channel("clean", [tones], folder) == {tones: tones}, "clean: the file itself")
                continue
            out = os.path.join(folder, channel)
            os.mkdir(out)
            copy, original = next(iter(tool.through_channel(channel, [tones], out).items()))
            check(original == tones, f"{channel}: the copy maps back to its source")
            ok, y = read_wav(copy)
            check(ok, f"{channel}: a 16 kHz mono 16-bit WAV")
            check(abs(len(y) - 48000) <= 1600, f"{channel}: {len(y)} samples for 48000")
            if channel in ("white", "pink"):
                noise_dir = os.path.join(folder, channel + "-silence")
                os.mkdir(noise_dir)
                _, n = read_wav(next(iter(tool.through_channel(channel, [quiet], noise_dir))))
                check(abs(rms_db(n, 0, len(n)) + 40) < 1.5, f"{channel}: noise at {rms_db(n, 0, len(n)):.1f} dBFS")
        # Levels: against the tones decoded as they are (1 kHz: -13.5 dBFS RMS at amplitude 0.3).
        def copy_of(channel):
            return read_wav(os.path.join(folder, channel, "00000.wav"))[1]
        quiet_1k = tone_db(copy_of("quiet"), 20000, 30000, 1000)
        check(abs(quiet_1k - (-13.5 - 20)) < 0.5, f"quiet: the 1 kHz tone at {quiet_1k:.1f} dBFS")
        phone = copy_of("phone")
        low, high = tone_db(phone, 4000, 14000, 200), tone_db(phone, 20000, 30000, 1000)
        check(high > -16 and low < high - 10, f"phone: 200 Hz at {low:.1f}, 1 kHz at {high:.1f} dBFS")
        reverb = copy_of("reverb")
        tail = rms_db(reverb, 32500, 36000)
        check(tail > -60, f"reverb: a tail at {tail:.1f} dBFS after the tones end")
    if failures:
        print("%d failed" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
