#!/usr/bin/env python3
"""How `ser-train predict --adapt` does on a corpus the model never heard: EMO-DB (German) read by a
model trained on RAVDESS alone (the shipped seremotion-en), per adaptation mode and batch grouping.

    tools/measure-adaptation.py [--model MODEL] [--data DIR] [--build DIR]

Groups the files of EMO-DB and runs one `ser-train predict` per group:
  none            --adapt none, every file alone (the training speakers' pooled statistics)
  stream          --adapt stream (the default), every file alone: its own windows so far
  file            --adapt file, every file alone: all its windows
  batch/speaker   --adapt batch, one batch per speaker (ten emotions mixed: one speaker's recordings)
  batch/corpus    --adapt batch, the whole corpus as one batch
  batch/emotion   --adapt batch, one batch per emotion (every file of a batch says the same thing)
and prints the UA over the six classes both share (anger, disgust, fear, happiness, sadness,
neutral; boredom is not scored; the model's calm counts as neutral and surprised is dropped).
Standard library only; the corpora's README documents EMO-DB's file names.
"""
import argparse
import collections
import glob
import json
import os
import subprocess
import sys

EMODB = {"W": "angry", "E": "disgust", "A": "fearful", "F": "happy", "T": "sad", "N": "neutral"}
FOLD = {"calm": "neutral"}


def predict(ser_train, model, adapt, files):
    out = subprocess.run([ser_train, "predict", "--model", model, "--adapt", adapt] + files,
                         check=True, capture_output=True, text=True).stdout
    result = {}
    for line in out.splitlines():
        j = json.loads(line)
        scores = collections.defaultdict(float)
        for label, p in j["probabilities"].items():
            label = FOLD.get(label, label)
            if label in EMODB.values():
                scores[label] += p
        result[j["file"]] = max(scores, key=scores.get) if any(scores.values()) else None
    return result


def ua(truth, predicted):
    recalls = []
    for label in sorted(set(truth.values())):
        files = [f for f, t in truth.items() if t == label]
        recalls.append(sum(predicted.get(f) == label for f in files) / len(files))
    return sum(recalls) / len(recalls)


def main():
    a = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    a.add_argument("--model", default="models/seremotion-en.sermodel")
    a.add_argument("--data", default="../shared/data")
    a.add_argument("--build", default="build")
    o = a.parse_args()
    ser_train = os.path.join(o.build, "tools", "ser-train", "ser-train")
    files = sorted(f for f in glob.glob(os.path.join(o.data, "emodb", "**", "*.flac"), recursive=True)
                   if os.path.basename(f)[5] in EMODB)
    if not files:
        print(f"measure-adaptation: no EMO-DB files under {o.data}/emodb", file=sys.stderr)
        return 1
    truth = {f: EMODB[os.path.basename(f)[5]] for f in files}
    groups = {"speaker": collections.defaultdict(list), "emotion": collections.defaultdict(list)}
    for f in files:
        groups["speaker"][os.path.basename(f)[:2]].append(f)
        groups["emotion"][truth[f]].append(f)
    rows = [("none", predict(ser_train, o.model, "none", files)),
            ("stream (default)", predict(ser_train, o.model, "stream", files)),
            ("file", predict(ser_train, o.model, "file", files))]
    for name in ("speaker", "emotion"):
        predicted = {}
        for group in groups[name].values():
            predicted.update(predict(ser_train, o.model, "batch", group))
        rows.append((f"batch, one per {name}", predicted))
    rows.insert(4, ("batch, the whole corpus", predict(ser_train, o.model, "batch", files)))
    print(f"EMO-DB, {len(files)} files of 6 classes, model {o.model}\n")
    print("| --adapt | UA |")
    print("|---|---:|")
    for name, predicted in rows:
        print(f"| {name} | {100 * ua(truth, predicted):.1f} % |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
