#!/usr/bin/env python3
"""`tools/average-runs.py` on two synthetic reports whose scores are known by hand.

Usage: test_average_runs.py AVERAGE_RUNS_PY

Two runs, two folds of four files (two happy, two sad). In each fold the first run gets three
files right (UA 75 %: happy 1 of 2, sad 2 of 2), the second two (50 %: happy 2 of 2, sad 0 of
2), and their mean probabilities three (75 %: happy 2 of 2, sad 1 of 2). Reports of other
protocols, and a single report, are errors naming the problem.
"""
import json
import os
import subprocess
import sys
import tempfile

from e2e_support import check, failures

TOOL = sys.argv[1]
TRUTH = ["happy", "happy", "sad", "sad"]
RUN1 = [[0.6, 0.4], [0.4, 0.6], [0.3, 0.7], [0.45, 0.55]]
RUN2 = [[0.55, 0.45], [0.9, 0.1], [0.6, 0.4], [0.8, 0.2]]


def report(probabilities, labels=("happy", "sad"), folds=2):
    def fold(k):
        return {"predictions": [{"file": f"f{k}-{i}.flac", "label": TRUTH[i], "probabilities": p}
                                for i, p in enumerate(probabilities)]}
    return {"labels": list(labels), "folds": [fold(k) for k in range(folds)]}


def run(tmp, *reports, extra=()):
    paths = []
    for i, r in enumerate(reports):
        paths.append(os.path.join(tmp, f"r{i}.json"))
        with open(paths[-1], "w") as f:
            json.dump(r, f)
    return subprocess.run([sys.executable, TOOL, *paths, *extra], capture_output=True, text=True)


def main():
    with tempfile.TemporaryDirectory() as tmp:
        r = run(tmp, report(RUN1), report(RUN2), extra=["--json"])
        check(r.returncode == 0, "two reports: exit 0 (%s)" % r.stderr.strip())
        out = json.loads(r.stdout) if r.returncode == 0 else {"folds": [], "runs": [], "average": None}
        check(all(abs(f["runs"][0] - 0.75) < 1e-9 and abs(f["runs"][1] - 0.5) < 1e-9 for f in out["folds"])
              and len(out["folds"]) == 2, "each run alone: 75 and 50 % in each fold")
        check(out["average"] is not None and abs(out["average"] - 0.75) < 1e-9, "the runs averaged: 75 %")
        r = run(tmp, report(RUN1), report(RUN2))
        check(r.returncode == 0 and "averaged 75.00 (+12.50)" in r.stdout, "the text says the gain (%s)" % r.stdout.strip())
        r = run(tmp, report(RUN1), report(RUN2, labels=("sad", "happy")))
        check(r.returncode != 0 and "not of one protocol" in r.stderr, "other labels: an error saying so")
        r = run(tmp, report(RUN1), report(RUN2, folds=3))
        check(r.returncode != 0 and "not of one protocol" in r.stderr, "other folds: an error saying so")
        other = report(RUN2)
        other["folds"][1]["predictions"][0]["file"] = "elsewhere.flac"
        r = run(tmp, report(RUN1), other)
        check(r.returncode != 0 and "fold 2 does not test the same files" in r.stderr, "other files: the fold named")
        r = run(tmp, report(RUN1))
        check(r.returncode != 0 and "at least two reports" in r.stderr, "one report: refused")
        with open(os.path.join(tmp, "bad.json"), "w") as f:
            f.write("{not json")
        r = subprocess.run([sys.executable, TOOL, os.path.join(tmp, "bad.json"), os.path.join(tmp, "r0.json")],
                           capture_output=True, text=True)
        check(r.returncode != 0 and "bad.json" in r.stderr, "a corrupt report: named")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
