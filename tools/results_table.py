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


ADAPTATIONS = [("none", "none (pooled prior)"), ("speaker:3", "3 windows of the speaker"),
               ("speaker:10", "10 windows"), ("speaker:30", "30 windows"), ("speaker", "the whole speaker"),
               ("corpus", "the whole test corpus")]


def fold_ua(report, adaptation=None):
    """Mean UA over the folds of one report: its scores, or those with the test statistics given."""
    folds = report["folds"]
    if adaptation is None:
        return sum(f["ua"] for f in folds) / len(folds)
    values = [f.get("ua_by_test_adaptation", {}).get(adaptation) for f in folds]
    return None if None in values else sum(values) / len(values)


def gender_ua(fold, gender):
    """The UA of one fold's files of one gender: the mean recall over the classes they hold; None
    when it holds none of them."""
    hits = {}
    for p in fold["predictions"]:
        if p.get("gender") == gender:
            hits.setdefault(p["label"], []).append(p["predicted"] == p["label"])
    return sum(sum(h) / len(h) for h in hits.values()) / len(hits) if hits else None


def over_seeds(values):
    """'mean ± std' in percent over seeds (sample standard deviation), and how many."""
    values = [v for v in values if v is not None]
    if not values:
        return "-"
    mean = sum(values) / len(values)
    std = (sum((v - mean) ** 2 for v in values) / (len(values) - 1)) ** 0.5 if len(values) > 1 else 0.0
    return f"{100 * mean:.1f} ± {100 * std:.1f} (n={len(values)})"


def seeded(reports, prefix):
    """The reports of prefix/seedN, by seed."""
    return {k.rsplit("seed", 1)[1]: r for k, r in reports.items() if k.startswith(prefix + "/seed") and r}


# The leave-one-corpus-out recipes in the order of the ablation; others follow by name.
LOCO_ORDER = ["mfcc_cnn", "egemaps-lr", "egemaps-lr-adapt", "egemaps-lr-adapt-channel", "egemaps-lr-adapt-channel-trim",
              "egemaps-lr-adapt-channel-noise", "egemaps-lr-adapt-channel-level",
              "egemaps-lr-adapt-channel-level-trim", "egemaps-mlp64-adapt-channel-level-trim",
              "egemaps-lr-adapt-channel-level-lpc-trim", "egemaps-lr-adapt-channel-level-lpc-trim-noise",
              "egemaps-lr-adapt-channel-level-lpc-trim-speed",
              "egemaps-lr-adapt-channel-level-lpc-trim-wd1e-3", "egemaps-lr-adapt-channel-level-lpc-trim-wd2e-2",
              "egemaps-lr-adapt-channel-level-lpc-trim-wd1e-1", "egemaps-lr-adapt-channel-level-lpc-trim-indrop0.1",
              "egemaps-lr-adapt-channel-level-lpc-trim-indrop0.2", "egemaps-lr-adapt-channel-level-lpc-trim-copies2",
              "egemaps-ens3lr-adapt-channel-level-lpc-trim", "egemaps-ens3lr3mlp64-adapt-channel-level-lpc-trim",
              "egemaps-ens3lr3mlp643mlp256-adapt-channel-level-lpc-trim",
              "egemaps-ens3lrindrop3mlp64-adapt-channel-level-lpc-trim", "fusion-adapt-channel-level-lpc-trim",
              "egemaps-lr-adapt-channel-level-lpc-trim-classbal", "egemaps-ens3lr3mlp64-adapt-channel-level-lpc-trim-classbal"]
LOCO_ORDER += [f"egemaps-lr-adapt-channel-level-lpc-trim-clip{c}" for c in ("1.5", "2", "3", "4", "6")]
LOCO_ORDER += ["egemaps-ens3lr3mlp64-adapt-channel-level-lpc-trim-clip3", "egemaps-ens3lr3mlp64-adapt-channel-level-lpc-trim-clip3lr"]


def generalisation(reports):
    recipes = sorted({k.split("/")[2] for k in reports if k.startswith("gen/loco/")},
                     key=lambda r: (LOCO_ORDER.index(r) if r in LOCO_ORDER else len(LOCO_ORDER), r))
    if recipes:
        print("### Leave one corpus out (RAVDESS, EMO-DB, EMOVO; 7 classes)\n")
        print("Train on two corpora, test on the third, for each in turn; UA in percent, mean ± standard "
              "deviation over seeds of the mean over the three held-out corpora. A model trained with "
              "adaptation is scored with the test statistics of each column (`none` is what a model without "
              "any knowledge of the speaker does; `3 windows` is a stream's first seconds).\n")
        print("| recipe | " + " | ".join(title for _, title in ADAPTATIONS) + " |")
        print("|---|" + "---:|" * len(ADAPTATIONS))
        for name in recipes:
            runs = seeded(reports, f"gen/loco/{name}")
            adapts = any(f.get("ua_by_test_adaptation") for r in runs.values() for f in r["folds"])
            cells = [over_seeds([fold_ua(r, a if adapts else None) for r in runs.values()]) if adapts or a == "none"
                     else "-" for a, _ in ADAPTATIONS]
            print(f"| {name} | " + " | ".join(cells) + " |")
        print()
        print("Per held-out corpus (UA with the `none` statistics; mean ± std over seeds):\n")
        print("| recipe | RAVDESS | EMO-DB | EMOVO |")
        print("|---|---:|---:|---:|")
        for name in recipes:
            runs = seeded(reports, f"gen/loco/{name}")
            cells = []
            for corpus in ("ravdess", "emodb", "emovo"):
                values = []
                for r in runs.values():
                    for f in r["folds"]:
                        if f.get("held_out_corpus") == corpus:
                            values.append(f.get("ua_by_test_adaptation", {}).get("none", f["ua"]))
                cells.append(over_seeds(values))
            print(f"| {name} | " + " | ".join(cells) + " |")
        print()
    # (recipe, against): compared with the speaker unknown and after 30 windows of the speaker;
    # recipes trained without adaptation are compared as trained.
    compared = [("egemaps-lr", "mfcc_cnn"), ("egemaps-lr-adapt", "egemaps-lr"),
                ("egemaps-lr-adapt-channel", "egemaps-lr-adapt"), ("egemaps-lr-adapt-channel", "mfcc_cnn"),
                ("egemaps-lr-adapt-channel-trim", "egemaps-lr-adapt-channel"),
                ("egemaps-lr-adapt-channel-noise", "egemaps-lr-adapt-channel"),
                ("egemaps-lr-adapt-channel-level", "egemaps-lr-adapt-channel"),
                ("egemaps-lr-adapt-channel-level-trim", "egemaps-lr-adapt-channel-level"),
                ("egemaps-lr-adapt-channel-level-trim", "egemaps-lr-adapt-channel"),
                ("egemaps-mlp64-adapt-channel-level-trim", "egemaps-lr-adapt-channel-level-trim"),
                ("egemaps-lr-adapt-channel-level-lpc-trim", "egemaps-lr-adapt-channel-level-trim"),
                ("egemaps-lr-adapt-channel-level-lpc-trim", "egemaps-lr-adapt-channel"),
                ("egemaps-lr-adapt-channel-level-lpc-trim-noise", "egemaps-lr-adapt-channel-level-lpc-trim"),
                ("egemaps-lr-adapt-channel-level-lpc-trim-speed", "egemaps-lr-adapt-channel-level-lpc-trim"),
                ("egemaps-ens3lr-adapt-channel-level-lpc-trim", "egemaps-lr-adapt-channel-level-lpc-trim"),
                ("egemaps-ens3lr3mlp64-adapt-channel-level-lpc-trim", "egemaps-lr-adapt-channel-level-lpc-trim")]
    compared += [(f"egemaps-lr-adapt-channel-level-lpc-trim-{v}", "egemaps-lr-adapt-channel-level-lpc-trim")
                 for v in ("wd1e-3", "wd2e-2", "wd1e-1", "indrop0.1", "indrop0.2", "copies2")]
    compared += [(e, "egemaps-ens3lr3mlp64-adapt-channel-level-lpc-trim")
                 for e in ("egemaps-ens3lr3mlp643mlp256-adapt-channel-level-lpc-trim",
                           "egemaps-ens3lrindrop3mlp64-adapt-channel-level-lpc-trim")]
    compared += [("fusion-adapt-channel-level-lpc-trim", "egemaps-lr-adapt-channel-level-lpc-trim"),
                 ("fusion-adapt-channel-level-lpc-trim", "egemaps-ens3lr3mlp64-adapt-channel-level-lpc-trim")]
    # Fifth stop: class balance across corpora and soft-clipped inputs, each against its recipe unchanged.
    compared += [(f"{base}-{v}", base) for base, variants in (
        ("egemaps-lr-adapt-channel-level-lpc-trim", ("classbal", "clip1.5", "clip2", "clip3", "clip4", "clip6")),
        ("egemaps-ens3lr3mlp64-adapt-channel-level-lpc-trim", ("classbal", "clip3", "clip3lr"))) for v in variants]
    unadapted = {"mfcc_cnn", "egemaps-lr"}
    pairs = []
    for a, b in compared:
        for stats in ([None] if a in unadapted else ["none", "speaker:30"]):
            pairs.append((a, stats, b, None if b in unadapted else stats))
    lines = []
    for a, a_stats, b, b_stats in pairs:
        runs_a, runs_b = seeded(reports, f"gen/loco/{a}"), seeded(reports, f"gen/loco/{b}")
        seeds = sorted(set(runs_a) & set(runs_b))
        if not seeds:
            continue
        diffs = [fold_ua(runs_a[k], a_stats) - fold_ua(runs_b[k], b_stats) for k in seeds]
        name = lambda r, stats: f"{r} ({stats or 'as trained'})"
        lines.append(f"| {name(a, a_stats)} | {name(b, b_stats)} | " + over_seeds(diffs).replace("± ", "± ", 1) +
                     " | " + ", ".join(f"{100 * d:+.1f}" for d in diffs) + " |")
    if lines:
        print("#### Paired on the same folds and seeds (leave one corpus out, mean UA difference in points)\n")
        print("| recipe (test statistics) | against | difference, mean ± std | per seed |")
        print("|---|---|---:|---|")
        print("\n".join(lines))
        print()
    gendered = sorted({k.split("/")[2] for k in reports if k.startswith("gen/loco-none/")},
                      key=lambda r: (LOCO_ORDER.index(r) if r in LOCO_ORDER else len(LOCO_ORDER), r))
    if gendered:
        print("#### Men and women (leave one corpus out, no knowledge of the speaker)\n")
        print("UA of the men's and the women's files of each held-out corpus apart (`--test-adaptation none`: "
              "each file as if heard alone), mean ± std over seeds; `mean` is the report's `by_gender`.\n")
        print("| recipe | gender | RAVDESS | EMO-DB | EMOVO | mean |")
        print("|---|---|---:|---:|---:|---:|")
        for name in gendered:
            runs = seeded(reports, f"gen/loco-none/{name}")
            for gender in ("male", "female"):
                cells = [over_seeds([gender_ua(f, gender) for r in runs.values() for f in r["folds"]
                                     if f.get("held_out_corpus") == corpus]) for corpus in ("ravdess", "emodb", "emovo")]
                cells.append(over_seeds([r["by_gender"][gender]["ua"] for r in runs.values() if "by_gender" in r]))
                print(f"| {name} | {'men' if gender == 'male' else 'women'} | " + " | ".join(cells) + " |")
        print()
    protocols = [("ravdess-speaker5", "RAVDESS, 8 classes, 5-fold by actor"),
                 ("emodb-loso", "EMO-DB, 7 classes, leave one speaker out"),
                 ("emovo-loso", "EMOVO, 7 classes, leave one speaker out")]
    in_corpus = ["egemaps-lr-adapt-channel", "egemaps-lr-adapt-channel-level", "egemaps-lr-adapt-channel-level-trim",
                 "egemaps-mlp64-adapt-channel-level-trim", "egemaps-lr-adapt-channel-level-lpc-trim",
                 "egemaps-ens3lr3mlp64-adapt-channel-level-lpc-trim",
                 "egemaps-ens3lr3mlp64-adapt-channel-level-lpc-trim-clip3", "fusion-adapt-channel-level-lpc-trim"]
    rows = [(title, recipe, seeded(reports, f"gen/{key}/{recipe}")) for key, title in protocols for recipe in in_corpus]
    if any(runs for _, _, runs in rows):
        print("### The eGeMAPS recipes in each corpus\n")
        print("UA in percent, mean ± std over seeds, with the test statistics of each column.\n")
        print("| protocol | recipe | " + " | ".join(title for _, title in ADAPTATIONS) + " |")
        print("|---|---|" + "---:|" * len(ADAPTATIONS))
        for title, recipe, runs in rows:
            if runs:
                print(f"| {title} | {recipe} | " + " | ".join(over_seeds([fold_ua(r, a) for r in runs.values()])
                                                            for a, _ in ADAPTATIONS) + " |")
        print()


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

    generalisation(reports)

    multi = sorted(k for k in reports if k.startswith("multilingual/") or k.startswith("shipped/"))
    for k in multi:
        r = reports[k]
        corpora = " + ".join(sorted(r.get("by_corpus", {}))) or "one corpus"
        print(f"## {k}: {corpora}, {r['protocol']['folds']}-fold by speaker, {len(r['labels'])} labels\n")
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
