#!/usr/bin/env python3
"""End to end: `ser-train cv`, `train --cv`, `predict` and `info` on a few real RAVDESS files
(4 actors x happy and sad, links into ../shared/data), and the exit status and message of bad
inputs. A tiny issa1d for 2 epochs keeps every run to a few seconds.

Usage: test_ser_train_cli.py SER_TRAIN   (exit 77 = skipped when ../shared is absent)
"""
import glob
import json
import os
import random
import struct
import subprocess
import sys
import tempfile
import wave

from e2e_support import SHARED, check, failures

SER_TRAIN = sys.argv[1]
RAVDESS = os.path.join(SHARED, "data", "ravdess")


def run(*args):
    return subprocess.run([SER_TRAIN, *args], capture_output=True, text=True)


def small_corpus(tmp):
    root = os.path.join(tmp, "ravdess")
    for actor in ("01", "02", "03", "04"):
        os.makedirs(os.path.join(root, "Actor_" + actor))
        for f in sorted(glob.glob(os.path.join(RAVDESS, "Actor_" + actor, "03-01-0[34]-*.flac"))):
            os.symlink(f, os.path.join(root, "Actor_" + actor, os.path.basename(f)))
    return root


def check_report(path):
    r = json.load(open(path))
    check(r["labels"] == ["happy", "sad"], "report: labels")
    check(len(r["folds"]) == 2, "report: 2 folds")
    speakers = sorted(s for f in r["folds"] for s in f["test_speakers"])
    check(speakers == ["ravdess:0%d" % i for i in range(1, 5)], "report: test speakers disjoint, every one once")
    check(all(all(k in f for k in ("accuracy", "ua", "wa", "macro_f1", "confusion")) for f in r["folds"]),
          "report: each fold's accuracy, ua, wa, macro_f1, confusion")
    check(all(k in r["mean"] for k in ("accuracy", "accuracy_std", "ua", "ua_std", "wa", "wa_std",
                                          "macro_f1", "macro_f1_std")), "report: mean scores with their std")
    check("ser-train" in r["command"] and "--folds 2" in r["command"], "report: the command")
    return r


def check_predictions(model, files):
    r = run("predict", "--model", model, *files)
    lines = [json.loads(l) for l in r.stdout.splitlines()]
    check(r.returncode == 0 and len(lines) == len(files), "predict: one line per file")
    w = run("predict", "--model", model, "--windows", "--hop", "0.5", files[0])
    windows = [json.loads(l) for l in w.stdout.splitlines()]
    check(w.returncode == 0 and len(windows) >= 2, "predict --windows: several windows")
    for p in lines + windows:
        probs = p.get("probabilities", {})
        check(set(p) >= {"file", "label", "confidence", "probabilities", "speech_share"} and
              set(probs) == {"happy", "sad"}, "predict: fields file, label, confidence, probabilities, speech_share")
        if p["label"] in ("silence", "no-speech"):  # held by a gate: the network did not run
            check(sum(probs.values()) == 0, "predict: a held window has no probabilities")
            continue
        check(abs(sum(probs.values()) - 1) < 1e-5, "predict: probabilities sum to 1")
        check(p["confidence"] == max(probs.values()) and p["label"] == max(probs, key=probs.get),
              "predict: label and confidence are the most probable")
    check(any(p["label"] not in ("silence", "no-speech") for p in windows), "predict --windows: speech is classified")
    check_plot(model, files, lines[0], windows)
    v = run("predict", "--model", model, "--windows", "--hop", "0.5", "--voice-parameters", files[0])
    voiced = [json.loads(l) for l in v.stdout.splitlines()]
    check(v.returncode == 0 and len(voiced) == len(windows), "predict --voice-parameters: the same windows")
    fields = {"f0_mean_hz", "f0_mean_semitones", "f0_range_semitones", "loudness", "level_db", "jitter_percent",
              "shimmer_db", "hnr_db", "voiced_fraction", "loudness_peaks_per_second"}
    for p, q in zip(voiced, windows):
        voice = p.get("voice", {})
        check(set(voice) == fields, "predict --voice-parameters: every field")
        check(p["probabilities"] == q["probabilities"], "predict --voice-parameters: the same predictions")
        check(0 <= voice.get("voiced_fraction", -1) <= 1 and 50 < voice.get("f0_mean_hz", 0) < 500,
              "predict --voice-parameters: a speaking voice's F0 and voiced share")
    for i, p in enumerate(windows):
        # plan_windows: 3 s windows every 0.5 s, then a last partial one of at least half a window.
        check(abs(p["start"] - 0.5 * i) < 1e-9, "window %d starts at %.1f s" % (i, 0.5 * i))
        last = i == len(windows) - 1
        check(p["duration"] == 3.0 or (last and 1.5 <= p["duration"] < 3.0), "window %d: its duration" % i)


def write_noise(path, seconds=4.0, rate=16000):
    """White noise at about -26 dBFS as a 16-bit WAV."""
    rng = random.Random(1)
    frames = b"".join(struct.pack("<h", int(rng.gauss(0, 1600))) for _ in range(int(seconds * rate)))
    with wave.open(path, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(frames)


def check_no_speech(model, tmp):
    noise = os.path.join(tmp, "noise.wav")
    write_noise(noise)
    r = run("predict", "--model", model, noise)
    line = json.loads(r.stdout) if r.returncode == 0 and r.stdout.strip() else {}
    check(line.get("label") == "no-speech" and line.get("windows") == 0 and line.get("no_speech_windows", 0) > 0,
          "predict: noise is a file with no speech, said so with exit 0 (got %d: %s)" % (r.returncode, r.stdout[:200]))
    r = subprocess.run([SER_TRAIN, "predict", "--model", model, noise], capture_output=True, text=True,
                       env=dict(os.environ, SEREMOTION_VAD_MODEL=os.path.join(tmp, "no-such.weights")))
    check(r.returncode != 0 and "no-such.weights" in r.stderr,
          "predict: missing VAD weights, non-zero exit naming the file (got %d: %s)" % (r.returncode, r.stderr[-200:]))


def check_voicing_rescue(model):
    """A strong angry take Silero hears almost nothing of: classified with the voicing rescue (the
    default), each window saying so; no-speech without it."""
    shout = os.path.join(RAVDESS, "Actor_06", "03-01-05-02-02-01-06.flac")
    r = run("predict", "--model", model, "--windows", shout)
    windows = [json.loads(l) for l in r.stdout.splitlines()] if r.returncode == 0 else []
    check(windows and all(w["voiced_rescue"] and w["label"] != "no-speech" and not w["trusted"] for w in windows),
          "predict: the shout Silero misses is classified by its voicing (got %d: %s)" % (r.returncode, r.stdout[:300]))
    r = run("predict", "--model", model, shout)
    line = json.loads(r.stdout) if r.returncode == 0 and r.stdout.strip() else {}
    check(line.get("rescued_windows") == len(windows) and line.get("untrusted_windows", 0) >= len(windows),
          "predict: the whole file counts the windows the rescue gave back (got %s)" % r.stdout[:300])
    r = run("predict", "--model", model, "--voicing-rescue", "false", shout)
    line = json.loads(r.stdout) if r.returncode == 0 and r.stdout.strip() else {}
    check(line.get("label") == "no-speech", "predict --voicing-rescue false: the shout is no-speech (got %s)" % r.stdout[:200])


def png_size(path):
    """(width, height) from a PNG's IHDR, or None when the file is not a PNG."""
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    return struct.unpack(">II", head[16:24])


def check_plot(model, files, line, windows):
    """predict --plot: the timeline PNG, and the same lines as without it."""
    with tempfile.TemporaryDirectory() as tmp:
        png = os.path.join(tmp, "timeline.png")
        r = run("predict", "--model", model, "--plot", png, files[0])
        check(r.returncode == 0 and os.path.isfile(png) and png_size(png) == (1280, 720),
              "predict --plot: a 1280 x 720 PNG of the file's timeline")
        check([json.loads(l) for l in r.stdout.splitlines()] == [line], "predict --plot: the file's line as without it")
        r = run("predict", "--model", model, "--windows", "--hop", "0.5", "--plot", png, files[0])
        check([json.loads(l) for l in r.stdout.splitlines()] == windows, "predict --plot --windows: the windows' lines")
        r = run("predict", "--model", model, "--plot", png, files[0], files[1])
        check(r.returncode != 0 and "--plot draws one file" in r.stderr, "predict --plot refuses two files, saying why")
        r = run("predict", "--model", model, "--plot", os.path.join(tmp, "no", "such", "x.png"), files[0])
        check(r.returncode != 0 and "cannot write the plot" in r.stderr, "predict --plot: an unwritable path is an error")


def check_adaptation(files):
    """predict --adapt with the shipped default model, which was trained with adaptation."""
    shipped = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "models", "seremotion-en.sermodel")

    def probabilities(adapt, *paths):
        r = run("predict", "--model", shipped, "--adapt", adapt, *paths)
        check(r.returncode == 0, f"predict --adapt {adapt} exits 0 ({r.stderr.strip()[-200:]})")
        return [json.loads(line)["probabilities"] for line in r.stdout.splitlines()]

    none = probabilities("none", *files)
    default = [json.loads(line)["probabilities"] for line in run("predict", "--model", shipped, *files).stdout.splitlines()]
    check(default == none, "predict: --adapt none is the default")
    batch = probabilities("batch", *files)
    check(len(batch) == len(files) and batch != none, "predict --adapt batch: the batch's statistics change the numbers")
    # A batch of one file is that file's statistics: --adapt file.
    one_batch, one_file = probabilities("batch", files[0]), probabilities("file", files[0])
    check(all(abs(one_batch[0][k] - one_file[0][k]) < 1e-6 for k in one_file[0]), "predict: a batch of one is --adapt file")
    r = run("predict", "--model", shipped, "--adapt", "speaker", files[0])
    check(r.returncode != 0 and "--adapt" in r.stderr, "predict --adapt speaker: refused, naming the option")


def check_average(small, folds, model, first_report, files, tmp):
    """A second run on the first's folds (--fold-seed), then the two averaged into one bundle."""
    second = os.path.join(tmp, "m2.sermodel")
    args = [a if a != "5" else "6" for a in small]  # --seed 6
    r = run("train", *args, *folds, "--fold-seed", "5", "--cv", "--output", second)
    check(r.returncode == 0, "train --seed 6 --fold-seed 5 (%s)" % r.stderr.strip()[-300:])
    report = json.load(open(second + ".cv-report/report.json")) if r.returncode == 0 else {"folds": []}
    check(report.get("protocol", {}).get("fold_seed") == 5 and report["protocol"].get("seed") == 6,
          "--fold-seed: the report says both seeds")
    check([f["test_speakers"] for f in report["folds"]] == [f["test_speakers"] for f in first_report["folds"]],
          "--fold-seed 5: the folds of the run with --seed 5")
    evaluation = os.path.join(tmp, "evaluation.json")
    tool = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "tools", "average-runs.py")
    r = subprocess.run([sys.executable, tool, model + ".cv-report/report.json", second + ".cv-report/report.json",
                        "--json", "--evaluation", evaluation], capture_output=True, text=True)
    check(r.returncode == 0, "average-runs.py on the two runs' reports (%s)" % r.stderr.strip()[-300:])
    averaged_ua = json.loads(r.stdout)["average"] if r.returncode == 0 else -1
    averaged = os.path.join(tmp, "averaged.sermodel")
    bad = os.path.join(tmp, "bad-evaluation.json")
    open(bad, "w").write("{not json")
    r = run("average", model, second, "--output", averaged, "--evaluation", bad)
    check(r.returncode == 1 and "bad-evaluation.json" in r.stderr and not os.path.exists(averaged),
          "average --evaluation with a file that is not JSON: named, nothing written (%s)" % r.stderr.strip())
    r = run("average", model, second, "--output", averaged, "--name", "two-runs", "--evaluation", evaluation)
    check(r.returncode == 0 and os.path.exists(averaged), "average writes the bundle (%s)" % r.stderr.strip()[-300:])
    r = run("info", averaged)
    info = json.loads(r.stdout) if r.returncode == 0 else {}
    check(info.get("name") == "two-runs" and info.get("architecture", {}).get("name") == "run_average" and
          len(info["architecture"]["hyper_parameters"]["runs"]) == 2, "info: a run_average of 2 runs")
    check(info.get("evaluation", {}).get("protocol", {}).get("runs") == 2 and
          info["evaluation"]["runs"][1]["evaluation"]["protocol"]["seed"] == 6,
          "info: every run's own evaluation")
    ua = info.get("evaluation", {}).get("scores", {}).get("ua", {}).get("mean", -2)
    check(abs(ua - averaged_ua) < 1e-9 and info["evaluation"]["protocol"]["split"] == "speaker",
          "info: the averaged cross-validation from average-runs.py (UA %s, %s)" % (ua, averaged_ua))

    def probabilities(m):
        r = run("predict", "--model", m, *files)
        return [json.loads(l)["probabilities"] for l in r.stdout.splitlines()] if r.returncode == 0 else []
    a, b, mean = probabilities(model), probabilities(second), probabilities(averaged)
    check(len(mean) == len(files) and len(a) == len(b) == len(files), "predict with each run and the average")
    worst = max((abs(p[k] - (q[k] + s[k]) / 2) for p, q, s in zip(mean, a, b) for k in p), default=1)
    check(worst < 1e-4, "predict: the average's probabilities are the mean of the runs' (off by %g)" % worst)
    apart = max((abs(p[k] - q[k]) for p, q in zip(a, b) for k in p), default=0)
    check(apart > 1e-3, "the two runs differ (by %g), so the mean is not either run's" % apart)


def main():
    if not os.path.isdir(RAVDESS):
        print("skip: ../shared/data is absent; set SEREMOTION_SHARED_DIR")
        return 77
    with tempfile.TemporaryDirectory() as tmp:
        corpus = small_corpus(tmp)
        small = ["--corpus", "ravdess=" + corpus, "--keep", "happy,sad", "--model", "issa1d",
                 "--hp", "first_channels=8", "--hp", "channels=8", "--epochs", "2", "--batch-size", "16",
                 "--threads", "1", "--jobs", "2", "--cache", os.path.join(tmp, "cache"), "--seed", "5"]
        folds = ["--split", "speaker", "--folds", "2"]

        r = run("cv", *small, *folds, "--out", os.path.join(tmp, "report"))
        check(r.returncode == 0, "cv exits 0 (%s)" % r.stderr.strip()[-300:])
        for f in ("report.json", "report.md", "confusion.png", "folds.png", "curves.png"):
            check(os.path.getsize(os.path.join(tmp, "report", f)) > 0 if os.path.exists(os.path.join(tmp, "report", f))
                  else False, "cv wrote " + f)
        check("fold 1/2  epoch 1/2  loss" in r.stderr, "progress: plain lines off a terminal")
        check("UA" in r.stdout, "cv prints a summary")
        cold = check_report(os.path.join(tmp, "report", "report.json"))
        check(cold["cache"] == {"hits": 0, "misses": 64}, "cold cache: 64 misses")

        r = run("cv", *small, *folds, "--out", os.path.join(tmp, "report2"))
        warm = json.load(open(os.path.join(tmp, "report2", "report.json")))
        check(r.returncode == 0 and warm["cache"] == {"hits": 64, "misses": 0}, "warm cache: 64 hits")
        for report in (cold, warm):  # epoch times differ from run to run; every other figure must not
            for f in report["folds"]:
                del f["curve"]["seconds"]
        check(warm["folds"] == cold["folds"] and warm["mean"] == cold["mean"],
              "a warm run (and the same seed) gives the same numbers")

        # Trimming non-speech: other features (a cache folder of their own), said in the report.
        r = run("cv", *small, *folds, "--trim-non-speech", "--out", os.path.join(tmp, "report-trim"))
        trimmed = json.load(open(os.path.join(tmp, "report-trim", "report.json"))) if r.returncode == 0 else {}
        check(r.returncode == 0 and trimmed.get("cache") == {"hits": 0, "misses": 64},
              "cv --trim-non-speech: computed anew (%s)" % r.stderr.strip()[-300:])
        check("trim_non_speech" in json.dumps(trimmed.get("protocol", {})), "cv --trim-non-speech: in the protocol")

        # mixup: said in the report's training settings, and it trains otherwise than without.
        r = run("cv", *small, *folds, "--mixup", "0.4", "--out", os.path.join(tmp, "report-mixup"))
        mixed = json.load(open(os.path.join(tmp, "report-mixup", "report.json"))) if r.returncode == 0 else {}
        check(r.returncode == 0 and '"mixup": 0.4' in json.dumps(mixed.get("protocol", {})),
              "cv --mixup 0.4: runs, and the report says so (%s)" % r.stderr.strip()[-300:])
        check(r.returncode == 0 and [f["curve"]["train_loss"] for f in mixed["folds"]] !=
              [f["curve"]["train_loss"] for f in cold["folds"]], "cv --mixup 0.4: another training than without")

        model = os.path.join(tmp, "m.sermodel")
        r = run("train", *small, *folds, "--cv", "--output", model)
        check(r.returncode == 0 and os.path.exists(model), "train --cv writes the bundle (%s)" % r.stderr.strip()[-300:])
        check(os.path.exists(model + ".cv-report/report.json"), "train --cv writes its report beside the bundle")
        r = run("info", model)
        info = json.loads(r.stdout) if r.returncode == 0 else {}
        check(info.get("labels") == ["happy", "sad"] and info["architecture"]["name"] == "issa1d", "info: labels, model")
        check(info.get("corpora", [{}])[0].get("licence") == "CC BY-NC-SA 4.0", "info: the corpus licence")
        check(0 <= info.get("evaluation", {}).get("scores", {}).get("ua", {}).get("mean", -1) <= 1,
              "info: the cross-validation UA")
        check(len(info.get("normalization", {}).get("mean", [])) == 193, "info: 193 normalisation means")

        files = sorted(glob.glob(os.path.join(corpus, "Actor_01", "*.flac")))[:2]
        check_predictions(model, files)
        check_no_speech(model, tmp)
        check_voicing_rescue(model)
        check_adaptation(sorted(glob.glob(os.path.join(corpus, "Actor_01", "*.flac")))[:4])

        check_average(small, folds, model, cold, files, tmp)

        empty = os.path.join(tmp, "empty")
        os.makedirs(empty)
        bad_model = os.path.join(tmp, "bad.sermodel")
        open(bad_model, "w").write("not a model")
        deep = os.path.join(tmp, "deep.json")
        open(deep, "w").write("[" * 100000 + "]" * 100000)
        cases = [
            ("--hp-json nested too deep", "nested 100000 levels deep", ["cv", *small, "--hp-json", deep,
                                                                          "--out", tmp + "/x"]),
            ("unknown corpus", "unknown corpus 'nosuch'", ["cv", "--corpus", "nosuch=" + corpus, "--out", tmp + "/x"]),
            ("unknown model", "resnet", ["cv", "--corpus", "ravdess=" + corpus, "--model", "resnet", "--out", tmp + "/x"]),
            ("unknown features", "logmel999", ["cv", "--corpus", "ravdess=" + corpus, "--features", "logmel999",
                                                "--out", tmp + "/x"]),
            ("empty corpus", "no RAVDESS files found", ["cv", "--corpus", "ravdess=" + empty, "--out", tmp + "/x"]),
            ("class too small", "too few for 40 folds", ["cv", *small, "--split", "stratified", "--folds", "40",
                                                          "--out", tmp + "/x"]),
            ("bad --hp", "widht", ["cv", *small, "--hp", "widht=3", "--out", tmp + "/x"]),
            ("unreadable model", "bad.sermodel", ["predict", "--model", bad_model, files[0]]),
            ("no output", "--output", ["train", "--corpus", "ravdess=" + corpus]),
            ("run_average trained", "ser-train average", ["cv", "--corpus", "ravdess=" + corpus, "--model",
                                                          "run_average", "--out", tmp + "/x"]),
            ("one run averaged", "2 to 16", ["average", model, "--output", tmp + "/one.sermodel"]),
            ("mixup out of range", "--mixup", ["cv", *small, "--mixup", "5", "--out", tmp + "/x"]),
            ("--fold-seed without --cv", "add --cv or drop --fold-seed", ["train", *small, "--fold-seed", "1",
                                                                          "--output", tmp + "/fs.sermodel"]),
        ]
        for what, text, args in cases:
            r = run(*args)
            check(r.returncode != 0 and text.lower() in r.stderr.lower(),
                  "%s: non-zero exit and '%s' (got %d: %s)" % (what, text, r.returncode, r.stderr.strip()[-200:]))
        # Without --model: the installed default, or, while none ships, an error naming where it looked.
        r = run("predict", files[0])
        check((r.returncode == 0 and r.stdout.count("\n") == 1) or
              (r.returncode != 0 and "pass --model" in r.stderr and "tried" in r.stderr),
              "predict without --model: the default model or a message naming the paths tried")
        for sub in ("", "cv", "train", "predict", "info", "average", "features"):
            r = run(*([sub] if sub else []), "--help")
            check(r.returncode == 0 and "Usage" in r.stdout, "%s --help" % (sub or "ser-train"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
