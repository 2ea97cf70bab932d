#!/usr/bin/env python3
"""How a shipped model does through `ser-train predict` (the element's path: its gates, windows and,
for a model trained on trimmed clips, the speech of each window) on a corpus it never heard.

    tools/measure-heldout.py --model MODEL [--corpus emodb|emovo ...] [--data DIR] [--build DIR] [--adapt MODE]

For each corpus, every file goes through one `ser-train predict` call (default options: --adapt none,
vad silero), each file's label is the top of its probabilities folded onto the corpus's classes
(the model's calm counts as neutral; labels the corpus lacks are dropped; EMO-DB's boredom is not
scored), and the UA is printed over every class the model and the corpus share, and over the four
classes of the held-out evaluations (angry, happy, neutral, sad). Standard library only; the
corpora's README documents the file names.
"""
import argparse
import collections
import glob
import json
import os
import subprocess
import sys

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


def predict(ser_train, model, adapt, files):
    out = subprocess.run([ser_train, "predict", "--model", model, "--adapt", adapt] + files,
                         check=True, capture_output=True, text=True).stdout
    return {j["file"]: j["probabilities"] for j in map(json.loads, out.splitlines())}


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


def main():
    a = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    a.add_argument("--model", default="models/seremotion-en.sermodel")
    a.add_argument("--corpus", action="append", choices=sorted(LABELS))
    a.add_argument("--data", default="../shared/data")
    a.add_argument("--build", default="build")
    a.add_argument("--adapt", default="none")
    o = a.parse_args()
    ser_train = os.path.join(o.build, "tools", "ser-train", "ser-train")
    for corpus in o.corpus or ["emodb", "emovo"]:
        truth = truth_of(corpus, o.data)
        if not truth:
            print(f"{corpus}: no files under {o.data}/{corpus}", file=sys.stderr)
            return 1
        probabilities = predict(ser_train, o.model, o.adapt, list(truth))
        model_labels = {FOLD.get(l, l) for l in next(iter(probabilities.values()))}
        shared = model_labels & set(truth.values())
        scored = {f: t for f, t in truth.items() if t in shared}
        four = {f: t for f, t in truth.items() if t in FOUR & shared}
        print(f"{os.path.basename(o.model)} on {corpus}: UA {100 * ua(scored, probabilities, shared):.1f} % over "
              f"{len(shared)} classes ({len(scored)} files), {100 * ua(four, probabilities, FOUR & shared):.1f} % over "
              f"the 4 of angry, happy, neutral, sad ({len(four)} files); --adapt {o.adapt}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
