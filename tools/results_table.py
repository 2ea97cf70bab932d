#!/usr/bin/env python3
"""Builds the results tables (markdown) from the report folders tools/reproduce-results.sh keeps.

    results_table.py OUT

Reads OUT/<experiment>/report.json (ser-train's report format, docs/report-format.md) and prints
the tables of docs/results.md: every zoo model under every protocol, the ablation of the default
model's recipe, the multilingual model per corpus, and the machine and time they took. A run that
is missing is shown as "not run". Standard library only.
"""
import json
import os
import sys

PROTOCOLS = [
    ("ravdess-speaker5", "RAVDESS, 8 classes, 5-fold by actor (speaker-independent)"),
    ("ravdess-stratified5", "RAVDESS, 8 classes, 5-fold stratified (speakers shared, as Issa et al.)"),
    ("emodb-loso", "EMO-DB, 7 classes, leave one speaker out"),
    ("emodb-stratified10", "EMO-DB, 7 classes, 10-fold stratified (as Issa et al.)"),
]
MODELS = ["issa1d", "mfcc_cnn", "logmel_cnn", "mfcc_crnn"]


def load(out, name):
    path = os.path.join(out, name, "report.json")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def pct(mean, std=None):
    return f"{100 * mean:.1f}" + (f" ± {100 * std:.1f}" if std is not None else "")


def scores(report, corpus=None):
    """accuracy, UA, macro F1 cells (mean ± std over folds) of a report, or of one corpus in it."""
    if report is None:
        return ["not run"] * 3
    m = report["by_corpus"][corpus] if corpus else report["mean"]
    return [pct(m["accuracy"], m["accuracy_std"]), pct(m["ua"], m["ua_std"]), pct(m["macro_f1"], m["macro_f1_std"])]


def wall(report):
    if report is None:
        return 0.0
    w = report.get("wall_time", {})
    return w.get("feature_extraction_s", 0) + w.get("training_s", 0)


def recipe(report):
    if report is None:
        return ""
    p = report["protocol"]
    aug = p.get("augmentation") or {}
    parts = [p["model"], p["feature_spec"].get("name", "custom")]
    if aug.get("spec_augment"):
        parts.append("SpecAugment")
    audio = aug.get("audio") or {}
    if audio.get("noise"):
        n = audio["noise"]
        parts.append(f"{n['kind']} noise {n['snr_min_db']:g}–{n['snr_max_db']:g} dB SNR")
    if audio.get("gain"):
        parts.append(f"gain {audio['gain']['min_db']:g}–{audio['gain']['max_db']:g} dB")
    if audio.get("speeds"):
        parts.append(f"speed {', '.join(f'{x:g}' for x in audio['speeds'])}")
    if audio.get("shift"):
        parts.append("time shift")
    return ", ".join(str(x) for x in parts)


def main(out):
    reports = {}
    for root, _, files in os.walk(out):
        if "report.json" in files:
            name = os.path.relpath(root, out)
            reports[name] = load(out, name)
    total = sum(wall(r) for r in reports.values())
    machine = next((r["machine"] for r in reports.values() if r), None)

    print("## Every zoo model under every protocol\n")
    print("Mean ± standard deviation over the folds, in percent: accuracy / UA (unweighted accuracy) / "
          "macro F1. Files are scored by the mean of their 3 s windows.\n")
    for key, title in PROTOCOLS:
        print(f"### {title}\n")
        print("| model | recipe | accuracy | UA | macro F1 | wall time |")
        print("|---|---|---:|---:|---:|---:|")
        for m in MODELS:
            r = reports.get(f"zoo/{m}/{key}")
            minutes = f"{wall(r) / 60:.0f} min" if r else "-"
            print(f"| `{m}` | {recipe(r)} | " + " | ".join(scores(r)) + f" | {minutes} |")
        print()

    ablation = sorted(k for k in reports if k.startswith("ablation/"))
    if ablation and "zoo/logmel_cnn/ravdess-speaker5" in reports:
        ablation.insert(0, "zoo/logmel_cnn/ravdess-speaker5")
    if ablation:
        print("## What each change gave (RAVDESS, 5-fold by actor)\n")
        print("| run | recipe | accuracy | UA | macro F1 |")
        print("|---|---|---:|---:|---:|")
        for k in ablation:
            r = reports[k]
            name = "the default recipe (zoo cell)" if k.startswith("zoo/") else k.split("/", 1)[1]
            print(f"| {name} | {recipe(r)} | " + " | ".join(scores(r)) + " |")
        print()

    multi = sorted(k for k in reports if k.startswith("multilingual/"))
    for k in multi:
        r = reports[k]
        print(f"## Multilingual ({k.split('/', 1)[1]}): RAVDESS + EMO-DB, {r['protocol']['folds']}-fold "
              f"by speaker, {len(r['labels'])} labels\n")
        print("| corpus | accuracy | UA | macro F1 |")
        print("|---|---:|---:|---:|")
        print("| both | " + " | ".join(scores(r)) + " |")
        for corpus in sorted(r.get("by_corpus", {})):
            print(f"| {corpus} | " + " | ".join(scores(r, corpus)) + " |")
        print()

    if machine:
        print(f"Machine: {machine['cores']} cores, {machine['cpu_model']}; "
              f"{len(reports)} runs, {total / 3600:.1f} hours of feature extraction and training in all.")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
