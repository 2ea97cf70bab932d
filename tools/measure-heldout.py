#!/usr/bin/env python3
"""How a shipped model does through `ser-train predict` (the element's path: its gates, windows and,
for a model trained on trimmed clips, the speech of each window) on a corpus it never heard.

    tools/measure-heldout.py --model MODEL [--model MODEL ...] [--corpus emodb|emovo ...] [--data DIR]
                             [--build DIR] [--adapt MODE] [--per-speaker] [--channel NAME ...]

For each corpus, every file goes through one `ser-train predict` call (default options: --adapt none,
vad silero), each file's label is the top of its probabilities folded onto the corpus's classes
(the model's calm counts as neutral; labels the corpus lacks are dropped; EMO-DB's boredom is not
scored), and the UA is printed over every class the model and the corpus share, and over the four
classes of the held-out evaluations (angry, happy, neutral, sad). Standard library only; the
corpora's README documents the file names.

With --channel, every file first goes through a channel a user's audio may have gone through
(gst-launch-1.0, into a temporary WAV): `phone` (8 kHz, 300-3400 Hz, mu-law), `mp3` (24 kbit/s),
`opus` (12 kbit/s), `quiet` (-20 dB), `white` and `pink` (white or pink noise at -40 dBFS RMS
added; audiotestsrc takes no seed, so the noise differs from run to run), `reverb` (GStreamer's
freeverb, a medium room). `clean` is the file as it is.

With --per-speaker, each speaker's files go through one `ser-train predict` call of their own: with
--adapt batch, each speaker's recordings are normalised together, as one speaker's stream would be.

With several --model, every model reads the same files (through the same channel) and each file's
probabilities are the mean of the models' (models of one set of labels): what one model made of
those runs would give.
"""
import argparse
import collections
import glob
import json
import os
import subprocess
import sys
import tempfile

LABELS = {
    "emodb": ({"W": "angry", "E": "disgust", "A": "fearful", "F": "happy", "T": "sad", "N": "neutral"},
              lambda name: name[5]),
    "emovo": ({"dis": "disgust", "gio": "happy", "neu": "neutral", "pau": "fearful", "rab": "angry",
               "sor": "surprised", "tri": "sad"}, lambda name: name.split("-")[0]),
}
FOLD = {"calm": "neutral"}
FOUR = {"angry", "happy", "neutral", "sad"}


def truth_of(corpus, data):
    codes, code_of = LABELS[corpus]
    truth = {}
    for f in sorted(glob.glob(os.path.join(data, corpus, "**", "*.flac"), recursive=True)):
        label = codes.get(code_of(os.path.basename(f)))
        if label:
            truth[f] = label
    return truth


DECODE = "filesrc location=<src> ! decodebin ! audioconvert ! audioresample ! audio/x-raw,rate=16000,channels=1"
ENCODE = "audioconvert ! audioresample ! audio/x-raw,format=S16LE,rate=16000,channels=1 ! wavenc ! filesink location=<dst>"
CHANNELS = {
    "clean": None,
    "phone": "audioresample ! audio/x-raw,rate=8000 ! audiocheblimit mode=high-pass cutoff=300 poles=4 ! "
             "audiocheblimit mode=low-pass cutoff=3400 poles=8 ! audioconvert ! mulawenc ! mulawdec",
    "mp3": "audioconvert ! lamemp3enc target=bitrate bitrate=24 cbr=true ! mpegaudioparse ! mpg123audiodec",
    "opus": "audioconvert ! opusenc bitrate=12000 ! opusdec",
    "quiet": "volume volume=0.1",
    "white": None,  # noise mixers: see channel_pipeline
    "pink": None,
    "reverb": "audioconvert ! freeverb room-size=0.6 damping=0.4 width=0 level=0.35",
}


def flac_samples(path):
    """The FLAC file's sample count and rate, from its STREAMINFO block (the first after 'fLaC')."""
    with open(path, "rb") as f:
        head = f.read(42)
    if head[:4] != b"fLaC":
        raise ValueError(f"{path}: not a FLAC file")
    bits = int.from_bytes(head[18:26], "big")  # rate (20), channels (3), depth (5), samples (36)
    return bits & ((1 << 36) - 1), bits >> 44


# audiotestsrc's volume giving -40 dBFS RMS: uniform white noise of amplitude a has an RMS of
# a / sqrt(3); its pink noise at volume 0.1 measures -35.7 dBFS.
NOISE_VOLUME = {"white": 0.01 * 3 ** 0.5, "pink": 0.1 * 10 ** (-4.3 / 20)}


def channel_pipeline(channel, src):
    """The gst-launch pipeline of `channel` for the file `src`, its locations left as <src> and <dst>."""
    if channel in NOISE_VOLUME:
        samples, rate = flac_samples(src)
        # Whole buffers of 0.1 s: the noise may outlast the speech by up to 0.1 s, alone.
        buffers = (samples * 16000 // rate + 1599) // 1600
        return (f"audiomixer name=m ! {ENCODE} {DECODE} ! m. "
                f"audiotestsrc wave={channel}-noise volume={NOISE_VOLUME[channel]:.5f} samplesperbuffer=1600 "
                f"num-buffers={buffers} ! audio/x-raw,rate=16000,channels=1 ! m.")
    return f"{DECODE} ! {CHANNELS[channel]} ! {ENCODE}"


def through_channel(channel, files, folder):
    """Each file through `channel` into `folder`: {copy: original}."""
    if channel == "clean":
        return {f: f for f in files}
    out = {}
    for i, f in enumerate(files):
        dst = os.path.join(folder, f"{i:05d}.wav")
        # The locations go in after splitting: gst-launch takes each argument as one token, so a
        # path may hold spaces.
        tokens = [t.replace("<src>", f).replace("<dst>", dst) for t in channel_pipeline(channel, f).split()]
        subprocess.run(["gst-launch-1.0", "-q"] + tokens, check=True, capture_output=True)
        out[dst] = f
    return out


def speaker_of(corpus, path):
    """EMO-DB: the two digits the name starts with; EMOVO: its folder (f1 ... m3)."""
    return os.path.basename(path)[:2] if corpus == "emodb" else os.path.basename(os.path.dirname(path))


def predict_copies(ser_train, model, adapt, copies, corpus, per_speaker):
    """{copy: probabilities} of `copies` ({copy: original}); with per_speaker, one call per speaker
    of the originals."""
    groups = collections.defaultdict(list)
    for copy, original in copies.items():
        groups[speaker_of(corpus, original) if per_speaker else ""].append(copy)
    out = {}
    for files in groups.values():
        out.update(predict(ser_train, model, adapt, files))
    return out


def predict(ser_train, model, adapt, files):
    out = subprocess.run([ser_train, "predict", "--model", model, "--adapt", adapt] + files,
                         check=True, capture_output=True, text=True).stdout
    return {j["file"]: j["probabilities"] for j in map(json.loads, out.splitlines())}


def mean_probabilities(runs, models):
    """{file: probabilities}, the mean of each file's over the runs (each {file: {label: p}}, of the
    model of the same place in `models`); a file with no speech for one run (an empty dict) has
    none for the mean. ValueError naming the models when they have other labels."""
    out = {}
    for f in runs[0]:
        ps = [run[f] for run in runs]
        if not all(ps):
            out[f] = {}
            continue
        if any(set(p) != set(ps[0]) for p in ps):
            raise ValueError("the models do not have the same labels: " +
                             "; ".join(f"{m}: {','.join(sorted(p))}" for m, p in zip(models, ps)) +
                             ": average models of one set of labels")
        out[f] = {label: sum(p[label] for p in ps) / len(ps) for label in ps[0]}
    return out


def label_among(probabilities, classes):
    scores = collections.defaultdict(float)
    for label, p in probabilities.items():
        label = FOLD.get(label, label)
        if label in classes:
            scores[label] += p
    return max(scores, key=scores.get) if any(scores.values()) else None


def ua(truth, probabilities, classes):
    recalls = []
    for label in sorted(classes):
        files = [f for f, t in truth.items() if t == label]
        recalls.append(sum(label_among(probabilities[f], classes) == label for f in files) / len(files))
    return sum(recalls) / len(recalls)


def own_label(probabilities):
    """The file's top label among the model's own (calm folded onto neutral); None for no speech."""
    return label_among(probabilities, {FOLD.get(l, l) for l in probabilities}) if probabilities else None


def top_label(probabilities, files):
    counts = collections.Counter(own_label(probabilities[f]) for f in files if probabilities[f])
    return counts.most_common(1)[0][0] if counts else None


def share_of(probabilities, files):
    """The share of `files` whose top label is the commonest one (a channel that moves every input
    into one region makes it large)."""
    label = top_label(probabilities, files)
    return sum(own_label(probabilities[f]) == label for f in files) / len(files) if files else 0.0


def report(name, corpus, channel, truth, probabilities, adapt, per_speaker):
    """One line: the UA of `probabilities` ({original file: {label: p}}) over the classes the model
    and the corpus share and over the four of the held-out evaluations, and the collapse."""
    model_labels = set()
    for p in probabilities.values():
        model_labels |= {FOLD.get(l, l) for l in p}
    shared = model_labels & set(truth.values())
    scored = {f: t for f, t in truth.items() if t in shared}
    four = {f: t for f, t in truth.items() if t in FOUR & shared}
    print(f"{name} on {corpus} ({channel}): UA {100 * ua(scored, probabilities, shared):.1f} % "
          f"over {len(shared)} classes ({len(scored)} files), {100 * ua(four, probabilities, FOUR & shared):.1f} % "
          f"over the 4 of angry, happy, neutral, sad ({len(four)} files), "
          f"{100 * share_of(probabilities, scored):.0f} % of the files called {top_label(probabilities, scored)}; "
          f"--adapt {adapt}{' per speaker' if per_speaker else ''}", flush=True)


def main():
    a = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    a.add_argument("--model", action="append", help="a model bundle (default models/seremotion-en.sermodel); "
                   "several: their probabilities averaged")
    a.add_argument("--corpus", action="append", choices=sorted(LABELS))
    a.add_argument("--data", default="../shared/data")
    a.add_argument("--build", default="build")
    a.add_argument("--adapt", default="none")
    a.add_argument("--per-speaker", action="store_true", help="one predict call per speaker")
    a.add_argument("--channel", action="append", choices=sorted(CHANNELS))
    o = a.parse_args()
    ser_train = os.path.join(o.build, "tools", "ser-train", "ser-train")
    models = o.model or ["models/seremotion-en.sermodel"]
    for corpus in o.corpus or ["emodb", "emovo"]:
        truth = truth_of(corpus, o.data)
        if not truth:
            print(f"{corpus}: no files under {o.data}/{corpus}", file=sys.stderr)
            return 1
        for channel in o.channel or ["clean"]:
            with tempfile.TemporaryDirectory() as folder:
                copies = through_channel(channel, list(truth), folder)
                runs = [predict_copies(ser_train, m, o.adapt, copies, corpus, o.per_speaker) for m in models]
            try:
                mean = mean_probabilities(runs, models)
            except ValueError as e:
                print(f"measure-heldout: {e}", file=sys.stderr)
                return 1
            # With several models, each alone first, on the same copies (the same noise).
            readings = [(os.path.basename(m), r) for m, r in zip(models, runs)] if len(runs) > 1 else []
            readings.append((" + ".join(os.path.basename(m) for m in models), mean))
            for name, predicted in readings:
                report(name, corpus, channel, truth, {copies[f]: p for f, p in predicted.items()}, o.adapt,
                       o.per_speaker)
    return 0


if __name__ == "__main__":
    sys.exit(main())
