#!/usr/bin/env python3
"""How `ser-train predict --adapt` does on a corpus the model never heard, per adaptation mode and
batch grouping: EMOVO (Italian; heard by neither shipped model) by default, or EMO-DB (German;
heard by both since issue 12's second models, so only for models trained without it).

    tools/measure-adaptation.py [--model MODEL] [--corpus emovo|emodb] [--data DIR] [--build DIR]

Groups the files of the corpus and runs one `ser-train predict` per group:
  none            --adapt none, every file alone (the training speakers' pooled statistics)
  stream          --adapt stream (the element's rule), every file alone: its own windows so far
  file            --adapt file, every file alone: all its windows
  batch/speaker   --adapt batch, one batch per speaker (emotions mixed: one speaker's recordings)
  batch/corpus    --adapt batch, the whole corpus as one batch
  batch/emotion   --adapt batch, one batch per emotion (every file of a batch says the same thing)
  batch/gender    --adapt batch, the men's files as one batch and the women's as another (a corpus
                  of one gender given to predict at once)
and prints the UA over the classes the model and the corpus share (the model's calm counts as
neutral; EMO-DB's boredom is not scored), over every file and over the men's and the women's
alone, the last two also over the four classes of the held-out evaluations (angry, happy,
neutral, sad), with how often the men's files are called happy. Standard library only; the
corpora's README documents the file names (measure-heldout.py reads them).
"""
import argparse
import collections
import importlib.util
import os
import sys

_spec = importlib.util.spec_from_file_location("heldout", os.path.join(os.path.dirname(__file__), "measure-heldout.py"))
heldout = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(heldout)


speaker_of = heldout.speaker_of


EMODB_MEN = {"03", "10", "11", "12", "15"}  # the corpus's documentation lists the speakers


def gender_of(corpus, path):
    """'men' or 'women': EMO-DB by speaker number, EMOVO by its folder's letter (f1 ... m3)."""
    speaker = speaker_of(corpus, path)
    male = speaker in EMODB_MEN if corpus == "emodb" else speaker.startswith("m")
    return "men" if male else "women"


def labels_among(probabilities, classes):
    return {f: heldout.label_among(p, classes) for f, p in probabilities.items()}


def ua(truth, predicted):
    recalls = []
    for label in sorted(set(truth.values())):
        files = [f for f, t in truth.items() if t == label]
        recalls.append(sum(predicted.get(f) == label for f in files) / len(files))
    return sum(recalls) / len(recalls)


def main():
    a = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    a.add_argument("--model", default="models/seremotion-en.sermodel")
    a.add_argument("--corpus", default="emovo", choices=sorted(heldout.LABELS))
    a.add_argument("--data", default="../shared/data")
    a.add_argument("--build", default="build")
    o = a.parse_args()
    ser_train = os.path.join(o.build, "tools", "ser-train", "ser-train")
    truth = heldout.truth_of(o.corpus, o.data)
    if not truth:
        print(f"measure-adaptation: no {o.corpus} files under {o.data}/{o.corpus}", file=sys.stderr)
        return 1
    files = list(truth)
    predict = lambda adapt, group: heldout.predict(ser_train, o.model, adapt, group)
    shared = {heldout.FOLD.get(l, l) for l in next(iter(predict("none", files[:1]).values()))} & set(truth.values())
    truth = {f: t for f, t in truth.items() if t in shared}
    files = list(truth)
    groups = {"speaker": collections.defaultdict(list), "emotion": collections.defaultdict(list),
              "gender": collections.defaultdict(list)}
    for f in files:
        groups["speaker"][speaker_of(o.corpus, f)].append(f)
        groups["emotion"][truth[f]].append(f)
        groups["gender"][gender_of(o.corpus, f)].append(f)
    rows = [(name, predict(mode, files)) for name, mode in
            [("none", "none"), ("stream", "stream"), ("file", "file")]]
    rows.append(("batch, the whole corpus", predict("batch", files)))
    for name in ("speaker", "emotion", "gender"):
        probabilities = {}
        for group in groups[name].values():
            probabilities.update(predict("batch", group))
        rows.append((f"batch, one per {name}", probabilities))
    four = heldout.FOUR & shared
    print(f"{o.corpus}, {len(files)} files of {len(shared)} classes, model {o.model}\n")
    print(f"| --adapt | UA | men | women | men, {len(four)} classes | women, {len(four)} classes | men's files called happy |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, probabilities in rows:
        labels = labels_among(probabilities, shared)
        cells = [ua(truth, labels)]
        for classes in (shared, four):
            for g in ("men", "women"):
                part = {f: truth[f] for f in groups["gender"][g] if truth[f] in classes}
                cells.append(ua(part, labels_among({f: probabilities[f] for f in part}, classes)))
        happy = sum(labels[f] == "happy" for f in groups["gender"]["men"])
        print(f"| {name} | " + " | ".join(f"{100 * c:.1f} %" for c in cells) +
              f" | {happy} of {len(groups['gender']['men'])} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
