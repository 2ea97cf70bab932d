#!/usr/bin/env python3
"""The figures of a model card (docs/models.md) from the report of `ser-train train --cv`.

    tools/model_card.py REPORT_DIR [REPORT_DIR ...]

For each report: the UA over folds (mean ± standard deviation) with each test statistics a model
trained with adaptation was scored with (none, 3/10/30 windows of the speaker, the whole speaker),
the main scores, the UA of each corpus's files, and the per-class precision, recall and F1 of the
test predictions of every fold pooled. Standard library only.
"""
import json
import os
import sys

ADAPTATIONS = [("none", "no knowledge of the speaker"), ("speaker:3", "3 windows"), ("speaker:10", "10 windows"),
               ("speaker:30", "30 windows"), ("speaker", "the whole speaker")]


def mean_std(values):
    mean = sum(values) / len(values)
    std = (sum((v - mean) ** 2 for v in values) / (len(values) - 1)) ** 0.5 if len(values) > 1 else 0.0
    return f"{100 * mean:.1f} % ± {100 * std:.1f}"


def card(report_dir):
    r = json.load(open(os.path.join(report_dir, "report.json")))
    print(f"## {report_dir}\n")
    for key, title in ADAPTATIONS:
        values = [f.get("ua_by_test_adaptation", {}).get(key) for f in r["folds"]]
        if None not in values:
            print(f"- UA, {title}: {mean_std(values)}")
    m = r["mean"]
    print(f"- main scores: UA {100 * m['ua']:.1f} % ± {100 * m['ua_std']:.1f}, accuracy {100 * m['accuracy']:.1f} %, "
          f"macro F1 {100 * m['macro_f1']:.1f} %")
    for corpus, c in sorted(r.get("by_corpus", {}).items()):
        print(f"- {corpus} files: UA {100 * c['ua']:.1f} % ± {100 * c['ua_std']:.1f}")
    print("\n| label | precision | recall | F1 | files |\n|---|---:|---:|---:|---:|")
    for c in r["pooled"]["per_class"]:
        print(f"| {c['label']} | {100 * c['precision']:.1f} | {100 * c['recall']:.1f} | {100 * c['f1']:.1f} | "
              f"{c['support']} |")
    print()


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        sys.exit(2)
    for d in sys.argv[1:]:
        card(d)
