#!/usr/bin/env python3
"""`tools/average-runs.py` on three synthetic reports whose scores are known by hand.

Usage: test_average_runs.py AVERAGE_RUNS_PY

Labels happy, sad, angry; no file is angry. Fold 1 (two happy, two sad files): runs A and B get two
files right each (UA 50 %), C none (it calls everything angry); their mean gets all four, one of
them through a three-way tie (the first label wins, as ser-train's argmax) and one that a
geometric mean would get wrong. Fold 2 (one happy, two sad): A 100 %, B 75 %, C 25 %, the mean
100 %. Run B lists its files in another order. Reports of other protocols, malformed ones, and a
single report are errors naming the report and the problem. --evaluation is checked on A and C,
whose mean gets fold 1 half wrong (one file called angry, a class no file has).
"""
import copy
import json
import os
import subprocess
import sys
import tempfile

from e2e_support import check, failures

TOOL = sys.argv[1]
LABELS = ["happy", "sad", "angry"]
FOLDS = [
    {"f0": "happy", "f1": "happy", "f2": "sad", "f3": "sad"},
    {"g0": "happy", "g1": "sad", "g2": "sad"},
]
RUNS = {
    "A": [{"f0": [.5, .25, .25], "f1": [.25, .5, .25], "f2": [.25, .625, .125], "f3": [.5, .375, .125]},
          {"g0": [.75, .125, .125], "g1": [.125, .75, .125], "g2": [.125, .75, .125]}],
    "B": [{"f0": [.25, .5, .25], "f1": [.75, .125, .125], "f2": [.5, .25, .25], "f3": [.125, .75, .125]},
          {"g0": [.75, .125, .125], "g1": [.125, .75, .125], "g2": [.75, .125, .125]}],
    "C": [{"f0": [.25, .25, .5], "f1": [.25, .125, .625], "f2": [.25, .25, .5], "f3": [.375, .0078125, .6171875]},
          {"g0": [.125, .125, .75], "g1": [.125, .125, .75], "g2": [.125, .75, .125]}],
}


def report(run):
    folds = []
    for truth, probabilities in zip(FOLDS, RUNS[run]):
        files = sorted(truth, reverse=run == "B")
        folds.append({"predictions": [{"file": f, "label": truth[f], "probabilities": probabilities[f]} for f in files]})
    return {"labels": LABELS, "folds": folds}


def run(tmp, *reports, extra=()):
    paths = []
    for i, r in enumerate(reports):
        paths.append(os.path.join(tmp, f"r{i}.json"))
        with open(paths[-1], "w") as f:
            f.write(r if isinstance(r, str) else json.dumps(r))
    return subprocess.run([sys.executable, TOOL, *paths, *extra], capture_output=True, text=True)


def near(a, b):
    return abs(a - b) < 1e-9


def check_scores(tmp):
    r = run(tmp, report("A"), report("B"), report("C"), extra=["--json"])
    check(r.returncode == 0, "three reports: exit 0 (%s)" % r.stderr.strip())
    if r.returncode != 0:
        return
    out = json.loads(r.stdout)
    runs = [f["runs"] for f in out["folds"]]
    check(len(runs) == 2 and all(near(a, b) for a, b in zip(runs[0], [.5, .5, 0])), f"fold 1, each run alone: {runs[:1]}")
    check(len(runs) == 2 and all(near(a, b) for a, b in zip(runs[1], [1, .75, .25])), f"fold 2, each run alone: {runs[1:]}")
    check([near(f["average"], 1) for f in out["folds"]] == [True, True], f"the arithmetic mean gets every file: {out['folds']}")
    check(all(near(a, b) for a, b in zip(out["runs"], [.75, .625, .125])) and near(out["average"], 1),
          f"means over the folds: {out['runs']}, {out['average']}")
    r = run(tmp, report("A"), report("B"), report("C"))
    check(r.returncode == 0 and "averaged 100.00 (+50.00)" in r.stdout, "the text says the gain (%s)" % r.stdout.strip())


def check_evaluation(tmp):
    a, c = report("A"), report("C")
    a["protocol"] = {"split": "speaker", "seed": 0, "epochs": 60}
    c["protocol"] = {"split": "speaker", "seed": 3, "fold_seed": 0, "epochs": 60}
    out = os.path.join(tmp, "evaluation.json")
    r = run(tmp, a, c, extra=["--evaluation", out])
    check(r.returncode == 0 and os.path.exists(out), "--evaluation writes its file (%s)" % r.stderr.strip())
    if r.returncode != 0:
        return
    e = json.load(open(out))
    p, s = e["protocol"], e["scores"]
    check(p["split"] == "speaker" and p["runs"] == 2 and p["seeds"] == [0, 3] and p["fold_seed"] == 0 and
          p["folds"] == 2, f"the protocol: {p}")
    # Fold 1: happy, happy, sad, sad called happy, angry, sad, happy; fold 2 all right.
    sample_std = 0.5 ** 0.5 / 2  # of 0.5 and 1
    for key, mean in (("accuracy", .75), ("ua", .75), ("wa", .75), ("macro_f1", ((.5 + 2 / 3 + 0) / 3 + 1) / 2)):
        check(near(s[key]["mean"], mean), f"{key}: mean {s[key]['mean']} (expected {mean})")
    check(near(s["ua"]["std"], sample_std), f"ua: the sample standard deviation {s['ua']['std']}")
    happy, sad, angry = s["per_class"]
    check(happy["label"] == "happy" and near(happy["precision"]["mean"], .75) and near(happy["f1"]["mean"], .75) and
          happy["n_folds"] == 2, f"happy over the folds: {happy}")
    check(near(sad["precision"]["mean"], 1) and near(sad["precision"]["std"], 0) and near(sad["recall"]["mean"], .75),
          f"sad over the folds: {sad}")
    check(angry["n_folds"] == 1 and near(angry["f1"]["mean"], 0), f"angry, predicted in fold 1 only: {angry}")
    pooled = s["pooled"]
    check(near(pooled["accuracy"], 5 / 7) and near(pooled["ua"], (2 / 3 + 3 / 4) / 2) and
          near(pooled["macro_f1"], (2 / 3 + 6 / 7 + 0) / 3) and pooled["n_items"] == 7, f"pooled: {pooled}")
    r = run(tmp, a, c, extra=["--evaluation", os.path.join(tmp, "no-such-folder", "e.json")])
    check(r.returncode != 0 and "cannot write" in r.stderr and "no-such-folder" in r.stderr,
          "an --evaluation that cannot be written is named (%s)" % r.stderr.strip())


def check_errors(tmp):
    def refused(what, text, *reports):
        r = run(tmp, *reports)
        check(r.returncode != 0 and text in r.stderr, f"{what}: an error saying '{text}' ({r.stderr.strip()})")

    other = report("B")
    other["labels"] = ["sad", "happy", "angry"]
    refused("other labels", "r1.json has the labels", report("A"), other)
    other = report("B")
    other["folds"].pop()
    refused("other folds", "r1.json has 1 folds", report("A"), other)
    other = report("B")
    other["folds"][1]["predictions"][0]["file"] = "elsewhere.flac"
    refused("other files", "fold 2 does not test the same files in", report("A"), other)
    other = report("B")
    other["folds"][0]["predictions"][0]["label"] = "angry"
    refused("another label for a file", "fold 1: a file has another label in", report("A"), other)
    other = report("B")
    other["folds"][0]["predictions"].append(copy.deepcopy(other["folds"][0]["predictions"][0]))
    refused("a file twice", "predicts f3 twice", report("A"), other)
    other = report("B")
    other["folds"][1]["predictions"] = []
    refused("a fold without predictions", "fold 2 has no predictions", report("A"), other)
    other = report("B")
    other["folds"][0]["predictions"][1]["probabilities"] = [1.0]
    refused("probabilities of another length", "3 probabilities", report("A"), other)
    other = report("B")
    other["folds"][0]["predictions"][1]["probabilities"] = [0.5, "0.5", 0.0]
    refused("a probability that is not a number", "that are numbers", report("A"), other)
    refused("not a report", "no labels or no folds", report("A"), {"something": 1})
    refused("a corrupt file", "r1.json", report("A"), "{not json")
    refused("one report", "at least two reports", report("A"))


def main():
    with tempfile.TemporaryDirectory() as tmp:
        check_scores(tmp)
        check_evaluation(tmp)
        check_errors(tmp)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
