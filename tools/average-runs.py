#!/usr/bin/env python3
"""What averaging whole training runs would give: the test files' probabilities of several
cross-validation reports of one protocol (`ser-train cv ... --out DIR`, each from another seed),
averaged file by file, against each run alone.

    tools/average-runs.py REPORT.json REPORT.json [...] [--json]

Each report's folds must test the same files (the same --split and --folds; leave-one-corpus-out
folds are the same for every seed). A file's probabilities are those its report gives: the mean of
its windows' calibrated probabilities, folded onto the classes its fold scores, under the report's
main test statistics (--test-adaptation). A file's label is the top of the runs' mean; UA
(unweighted accuracy) is the mean recall over the classes the fold's files hold, as ser-train
scores it. Printed: each fold's UA for each run and for the average, then the mean over folds;
--json prints the same as one JSON object. Standard library only.
"""
import argparse
import json
import sys


def ua(truth, predicted):
    """Mean over the classes in `truth` of the share of their files predicted as them."""
    classes = sorted(set(truth))
    recall = []
    for c in classes:
        files = [i for i, t in enumerate(truth) if t == c]
        recall.append(sum(predicted[i] == c for i in files) / len(files))
    return sum(recall) / len(recall)


def top(labels, probabilities):
    best = max(range(len(probabilities)), key=lambda k: (probabilities[k], -k))  # the first of equals
    return labels[best]


def fold_files(fold):
    return {p["file"]: p for p in fold["predictions"]}


def average(reports):
    """{"folds": [{"runs": [UA...], "average": UA}], "runs": [mean UA...], "average": mean UA}."""
    labels = reports[0]["labels"]
    n_folds = len(reports[0]["folds"])
    for r in reports[1:]:
        if r["labels"] != labels or len(r["folds"]) != n_folds:
            raise ValueError("the reports are not of one protocol: their labels or their number of folds differ")
    out = {"folds": []}
    for k in range(n_folds):
        runs = [fold_files(r["folds"][k]) for r in reports]
        files = sorted(runs[0])
        if any(sorted(run) != files for run in runs[1:]):
            raise ValueError(f"fold {k + 1} does not test the same files in every report")
        truth = [runs[0][f]["label"] for f in files]
        alone = [ua(truth, [top(labels, run[f]["probabilities"]) for f in files]) for run in runs]
        mean = [[sum(run[f]["probabilities"][c] for run in runs) / len(runs) for c in range(len(labels))]
                for f in files]
        out["folds"].append({"runs": alone, "average": ua(truth, [top(labels, p) for p in mean])})
    out["runs"] = [sum(f["runs"][i] for f in out["folds"]) / n_folds for i in range(len(reports))]
    out["average"] = sum(f["average"] for f in out["folds"]) / n_folds
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reports", nargs="+", help="report.json of each run")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    if len(args.reports) < 2:
        parser.error("give at least two reports to average")
    reports = []
    for path in args.reports:
        try:
            with open(path) as f:
                reports.append(json.load(f))
        except (OSError, ValueError) as e:
            sys.exit(f"average-runs: {path}: {e}")
    try:
        result = average(reports)
    except (ValueError, KeyError, IndexError) as e:
        sys.exit(f"average-runs: {e}")
    if args.json:
        print(json.dumps(result))
        return
    for k, f in enumerate(result["folds"]):
        alone = ", ".join(f"{x * 100:.1f}" for x in f["runs"])
        print(f"fold {k + 1}: runs alone {alone}; averaged {f['average'] * 100:.1f}")
    alone = sum(result["runs"]) / len(result["runs"])
    print(f"mean UA over the folds: runs alone {alone * 100:.2f} (each: "
          f"{', '.join(f'{x * 100:.2f}' for x in result['runs'])}); averaged {result['average'] * 100:.2f} "
          f"({(result['average'] - alone) * 100:+.2f})")


if __name__ == "__main__":
    main()
