#!/usr/bin/env python3
"""What averaging whole training runs would give: the test files' probabilities of several
cross-validation reports of one protocol (`ser-train cv ... --out DIR`, each from another seed),
averaged file by file, against each run alone.

    tools/average-runs.py REPORT.json REPORT.json [...] [--json] [--evaluation OUT.json]

Each report's folds must test the same files (the same --split and --folds; leave-one-corpus-out
folds are the same for every seed). A file's probabilities are those its report gives: the mean of
its windows' calibrated probabilities, folded onto the classes its fold scores, under the report's
main test statistics (--test-adaptation). A file's label is the top of the runs' mean; UA
(unweighted accuracy) is the mean recall over the classes the fold's files hold, as ser-train
scores it. Printed: each fold's UA for each run and for the average, then the mean over folds;
--json prints the same as one JSON object. --evaluation writes the average's scores as a bundle's
evaluation ({"protocol", "scores"} as `ser-train train --cv` stores it: accuracy, UA, WA and macro F1
over the folds, mean and sample standard deviation; per-class precision, recall and F1 over the
folds that hold the class; pooled scores), for `ser-train average --evaluation`. Standard library only.
"""
import argparse
import json
import math
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
    """The label of the largest probability, the first of equals: as ser-train's argmax, so that a
    run alone scores here as its report says."""
    return labels[max(range(len(probabilities)), key=lambda k: probabilities[k])]


def check_report(path, report):
    """ValueError naming the report and what in it is missing or malformed: every fold needs
    predictions, each with a file, a label among the report's and one probability per label."""
    labels = report.get("labels")
    folds = report.get("folds")
    if not isinstance(labels, list) or not labels or not isinstance(folds, list) or not folds:
        raise ValueError(f"{path}: no labels or no folds: is it the report.json of a ser-train cv run?")
    for k, fold in enumerate(folds):
        predictions = fold.get("predictions") if isinstance(fold, dict) else None
        if not predictions:
            raise ValueError(f"{path}: fold {k + 1} has no predictions (ser-train cv writes each test file's "
                             "probabilities there)")
        seen = set()
        for p in predictions:
            if not isinstance(p, dict) or not isinstance(p.get("file"), str) or p.get("label") not in labels or \
                    not isinstance(p.get("probabilities"), list) or len(p["probabilities"]) != len(labels) or \
                    not all(isinstance(x, (int, float)) and math.isfinite(x) for x in p["probabilities"]):
                raise ValueError(f"{path}: fold {k + 1}: a prediction without a file, a known label and "
                                 f"{len(labels)} probabilities that are numbers: {json.dumps(p)[:200]}")
            if p.get("file") in seen:
                raise ValueError(f"{path}: fold {k + 1} predicts {p.get('file')} twice")
            seen.add(p.get("file"))


def check_one_protocol(paths, reports):
    """ValueError naming the report that differs from the first: its labels, its folds, the files
    a fold tests or a file's label."""
    first = reports[0]
    for path, r in zip(paths[1:], reports[1:]):
        if r["labels"] != first["labels"]:
            raise ValueError(f"{path} has the labels {r['labels']}, {paths[0]} {first['labels']}: average runs "
                             "of one protocol")
        if len(r["folds"]) != len(first["folds"]):
            raise ValueError(f"{path} has {len(r['folds'])} folds, {paths[0]} {len(first['folds'])}: average runs "
                             "of one protocol (the same --split and --folds)")
        for k, (a, b) in enumerate(zip(first["folds"], r["folds"])):
            truth = {p["file"]: p["label"] for p in a["predictions"]}
            other = {p["file"]: p["label"] for p in b["predictions"]}
            if sorted(truth) != sorted(other):
                raise ValueError(f"fold {k + 1} does not test the same files in {path} as in {paths[0]}: "
                                 "average runs of one protocol")
            if truth != other:
                raise ValueError(f"fold {k + 1}: a file has another label in {path} than in {paths[0]}")


def scores(truth, predicted, labels):
    """scikit-learn's scores of one fold, as ser-train's metrics.h defines them: accuracy, UA (mean
    recall over the classes in the truth), macro F1 (over the classes in the truth or the
    predictions) and each class's precision, recall and F1 (0 for 0/0)."""
    per_class = {}
    for c in labels:
        tp = sum(t == c and p == c for t, p in zip(truth, predicted))
        support, called = truth.count(c), predicted.count(c)
        precision = tp / called if called else 0.0
        recall = tp / support if support else 0.0
        f1 = 2 * tp / (support + called) if support + called else 0.0
        per_class[c] = {"precision": precision, "recall": recall, "f1": f1, "present": support + called > 0}
    present = [c for c in labels if per_class[c]["present"]]
    accuracy = sum(t == p for t, p in zip(truth, predicted)) / len(truth)
    return {"accuracy": accuracy, "ua": ua(truth, predicted),
            "macro_f1": sum(per_class[c]["f1"] for c in present) / len(present), "per_class": per_class}


def mean_std(values):
    """The mean and the sample standard deviation (ddof 1; 0 for one value)."""
    mean = sum(values) / len(values)
    var = sum((v - mean) ** 2 for v in values) / (len(values) - 1) if len(values) > 1 else 0.0
    return {"mean": mean, "std": math.sqrt(var)}


def evaluation(reports, folds):
    """The averaged runs' cross-validation as a bundle's evaluation, from each fold's averaged
    predictions `folds` ([(truth, predicted)]) and the reports' protocols."""
    labels = reports[0]["labels"]
    fold_scores = [scores(t, p, labels) for t, p in folds]
    protocol = reports[0].get("protocol", {})
    per_class = []
    for c in labels:
        held = [s["per_class"][c] for s in fold_scores if s["per_class"][c]["present"]]
        entry = {"label": c, "n_folds": len(held)}
        for key in ("precision", "recall", "f1"):
            entry[key] = mean_std([h[key] for h in held]) if held else {"mean": 0.0, "std": 0.0}
        per_class.append(entry)
    truth = [t for f in folds for t in f[0]]
    predicted = [p for f in folds for p in f[1]]
    pooled = scores(truth, predicted, labels)
    return {
        "protocol": {"type": "cross-validation of training runs averaged", "runs": len(reports),
                     "split": protocol.get("split"), "folds": len(folds),
                     "seeds": [r.get("protocol", {}).get("seed") for r in reports],
                     "fold_seed": protocol.get("fold_seed", protocol.get("seed")), "epochs": protocol.get("epochs"),
                     "unit": "file (mean over the runs of the mean of its windows' calibrated probabilities)"},
        "scores": {"accuracy": mean_std([s["accuracy"] for s in fold_scores]),
                   "ua": mean_std([s["ua"] for s in fold_scores]),
                   "wa": mean_std([s["accuracy"] for s in fold_scores]),
                   "macro_f1": mean_std([s["macro_f1"] for s in fold_scores]),
                   "per_class": per_class,
                   "pooled": {"accuracy": pooled["accuracy"], "ua": pooled["ua"], "macro_f1": pooled["macro_f1"],
                              "n_items": len(truth)}}}


def average(reports):
    """{"folds": [{"runs": [UA...], "average": UA}], "runs": [mean UA...], "average": mean UA,
    "predictions": [(truth, predicted) per fold]}, for reports that passed check_report and
    check_one_protocol."""
    labels = reports[0]["labels"]
    n_folds = len(reports[0]["folds"])
    out = {"folds": []}
    predictions = []
    for k in range(n_folds):
        runs = [{p["file"]: p for p in r["folds"][k]["predictions"]} for r in reports]
        files = sorted(runs[0])
        truth = [runs[0][f]["label"] for f in files]
        alone = [ua(truth, [top(labels, run[f]["probabilities"]) for f in files]) for run in runs]
        mean = [[sum(run[f]["probabilities"][c] for run in runs) / len(runs) for c in range(len(labels))]
                for f in files]
        predicted = [top(labels, p) for p in mean]
        out["folds"].append({"runs": alone, "average": ua(truth, predicted)})
        predictions.append((truth, predicted))
    out["runs"] = [sum(f["runs"][i] for f in out["folds"]) / n_folds for i in range(len(reports))]
    out["average"] = sum(f["average"] for f in out["folds"]) / n_folds
    out["predictions"] = predictions
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("reports", nargs="+", help="report.json of each run")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--evaluation", metavar="OUT.json",
                        help="also write the average's scores as a bundle's evaluation (ser-train average --evaluation)")
    args = parser.parse_args()
    if len(args.reports) < 2:
        parser.error("give at least two reports to average")
    reports = []
    try:
        for path in args.reports:
            try:
                with open(path) as f:
                    reports.append(json.load(f))
            except (OSError, ValueError) as e:
                raise ValueError(f"{path}: {e}") from e
            if not isinstance(reports[-1], dict):
                raise ValueError(f"{path}: not a report (a JSON object)")
            check_report(path, reports[-1])
        check_one_protocol(args.reports, reports)
    except ValueError as e:
        sys.exit(f"average-runs: {e}")
    result = average(reports)
    if args.evaluation:
        try:
            with open(args.evaluation, "w") as f:
                json.dump(evaluation(reports, result["predictions"]), f, indent=2)
        except OSError as e:
            sys.exit(f"average-runs: cannot write {args.evaluation}: {e}")
    del result["predictions"]
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
