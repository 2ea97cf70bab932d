#!/usr/bin/env python3
"""The shipped models load, say what they are, and hear what they were trained to hear.

For each bundle in models/ (seremotion-en, seremotion-multi when present):
- `ser-train info` loads it whole; its metadata names the labels, the corpora with their licence,
  and cross-validation scores well above chance; the file is small enough for git (< 5 MB);
- `ser-train predict` without --model (the default model: models/seremotion-en.sermodel from the
  source tree) classifies the shipped sample, window by window, and covers all of it;
- with ../shared/data: on eight RAVDESS clips of Actor 01 (one per emotion, strong intensity) the
  English model is right on at least five, the multilingual one on EMO-DB clips of speaker 03 on at
  least four of seven. These clips are in the training data: this checks that the bundle is the
  trained model and that features, normalisation and label order agree, not how well it generalises
  (docs/results.md says that).

Usage: test_shipped_models.py SER_TRAIN
Exit status 0: passed; 1: failed. The corpora checks are skipped (with a message) without the data.
"""
import json
import os
import subprocess
import sys

from e2e_support import SOURCE, check, data_dir, failures

SER_TRAIN = sys.argv[1]
MODELS = os.path.join(SOURCE, "models")
SAMPLE = os.path.join(MODELS, "samples", "ravdess-actor01-4-emotions.opus")
RAVDESS_CLIPS = {f"ravdess/Actor_01/03-01-{code:02d}-{1 if code == 1 else 2:02d}-01-01-01.flac": label
                 for code, label in enumerate(
                     ["neutral", "calm", "happy", "sad", "angry", "fearful", "disgust", "surprised"], start=1)}
EMODB_CLIPS = {"emodb/03a01Wa.flac": "angry", "emodb/03a01Nc.flac": "neutral", "emodb/03a01Fa.flac": "happy",
               "emodb/03a02Ta.flac": "sad", "emodb/03a04Lc.flac": "boredom", "emodb/03a04Ad.flac": "fearful",
               "emodb/03b10Ec.flac": "disgust"}
def ser_train(*args):
    env = dict(os.environ)
    env.pop("SEREMOTION_DEFAULT_MODEL", None)
    done = subprocess.run([SER_TRAIN, *args], capture_output=True, text=True, env=env, timeout=120)
    if done.returncode != 0:
        raise RuntimeError(f"ser-train {' '.join(args)}: exit {done.returncode}: {done.stderr.strip()}")
    return done.stdout


def check_bundle(name, labels, corpora, min_ua):
    path = os.path.join(MODELS, name)
    check(os.path.getsize(path) < 5 << 20, f"{name}: {os.path.getsize(path)} bytes, under 5 MB")
    info = json.loads(ser_train("info", path))
    check(info["labels"] == labels, f"{name}: labels {info['labels']}")
    check(info["sample_rate"] == 16000 and info["window_seconds"] == 3.0, f"{name}: 16 kHz, 3 s windows")
    named = {c["name"]: c["licence"] for c in info["corpora"]}
    check(sorted(named) == sorted(corpora), f"{name}: corpora {named}")
    if "RAVDESS" in named:
        check("CC BY-NC-SA" in named["RAVDESS"], f"{name}: RAVDESS licence {named['RAVDESS']}")
    scores = info["evaluation"]["scores"]
    ua = scores["ua"]["mean"]
    check(info["evaluation"]["protocol"]["split"] == "speaker", f"{name}: speaker-independent cross-validation")
    check(ua >= min_ua, f"{name}: cross-validated UA {ua:.3f} >= {min_ua} (chance {1 / len(labels):.3f})")
    return path


def accuracy_on(model, data, clips):
    lines = ser_train("predict", "--model", model, *[os.path.join(data, f) for f in clips]).splitlines()
    right = 0
    for line in lines:
        result = json.loads(line)
        expected = clips[os.path.relpath(result["file"], data)]
        right += result["label"] == expected
    return right, len(lines)


def main():
    ravdess_labels = ["neutral", "calm", "happy", "sad", "angry", "fearful", "disgust", "surprised"]
    en = check_bundle("seremotion-en.sermodel", ravdess_labels, ["RAVDESS", "EMO-DB"], 0.35)
    multi = None
    if os.path.exists(os.path.join(MODELS, "seremotion-multi.sermodel")):
        multi = check_bundle("seremotion-multi.sermodel", ravdess_labels + ["boredom"], ["RAVDESS", "EMO-DB"], 0.35)

    windows = [json.loads(line) for line in ser_train("predict", "--windows", SAMPLE).splitlines()]
    check(len(windows) == 13, f"default model on the sample: {len(windows)} windows (14.9 s, 3 s every 1 s: 13)")
    check(all(w["label"] in ravdess_labels for w in windows), "every window has one of the model's labels")
    check(abs(windows[-1]["start"] + windows[-1]["duration"] - 14.875) < 0.01, "the windows cover the sample")

    data = data_dir()
    if data is None:
        print("SKIP: ../shared/data is absent: the checks on corpus clips did not run")
    else:
        right, n = accuracy_on(en, data, RAVDESS_CLIPS)
        check(n == 8 and right >= 5, f"seremotion-en on 8 RAVDESS training clips: {right} right")
        if multi:
            right, n = accuracy_on(multi, data, EMODB_CLIPS)
            check(n == 7 and right >= 4, f"seremotion-multi on 7 EMO-DB training clips: {right} right")
    print(f"{len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
