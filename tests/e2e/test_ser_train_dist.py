#!/usr/bin/env python3
"""End to end: `ser-train cv` and `train` as one job of two processes on 127.0.0.1, on a few real
RAVDESS files (4 actors x happy and sad): the folds shared out give exactly the numbers of one
process; torchrun launches the same job; data-parallel `train` writes one bundle; a killed rank
ends the job and leaves no report.

Usage: test_ser_train_dist.py SER_TRAIN   (exit 77 = skipped when ../shared is absent)
"""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from e2e_support import SHARED, check, communicate_all, failures, free_port
from test_ser_train_cli import small_corpus

SER_TRAIN = sys.argv[1]
RAVDESS = os.path.join(SHARED, "data", "ravdess")


def job(args, world=2, *, port=None, timeout=60):
    """Starts the ranks of a job with explicit options; returns the Popen objects."""
    port = port or free_port()
    return [subprocess.Popen([SER_TRAIN, *args(r), "--world-size", str(world), "--rank", str(r), "--master-port",
                              str(port), "--dist-timeout", str(timeout)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for r in range(world)]


def wait(procs, limit=300):
    return communicate_all(procs, limit)


def folds_without_times(report):
    folds = json.load(open(report))["folds"]
    for f in folds:
        f["curve"].pop("seconds")
    return folds


def show(outs):
    for r, (rc, o, e) in enumerate(outs):
        print("--- rank %d exit %s\n%s%s" % (r, rc, o, e))


def main():
    if not os.path.isdir(RAVDESS):
        print("skip: ../shared/data is absent; set SEREMOTION_SHARED_DIR")
        return 77
    with tempfile.TemporaryDirectory() as tmp:
        corpus = small_corpus(tmp)
        small = ["--corpus", "ravdess=" + corpus, "--keep", "happy,sad", "--model", "issa1d",
                 "--hp", "first_channels=8", "--hp", "channels=8", "--epochs", "3", "--batch-size", "16",
                 "--threads", "1", "--jobs", "1", "--seed", "5", "--split", "speaker", "--folds", "2"]
        alone = os.path.join(tmp, "alone")
        r = subprocess.run([SER_TRAIN, "cv", *small, "--cache", os.path.join(tmp, "c1"), "--out", alone],
                           capture_output=True, text=True)
        check(r.returncode == 0, "cv: one process")
        single = folds_without_times(os.path.join(alone, "report.json"))

        outs = wait(job(lambda rank: ["cv", *small, "--cache", os.path.join(tmp, "c2"),
                                      "--out", os.path.join(tmp, "dist%d" % rank)]))
        ok = all(rc == 0 for rc, _, _ in outs)
        check(ok, "cv: two ranks with --world-size and --rank")
        if not ok:
            show(outs)
        else:
            check(folds_without_times(os.path.join(tmp, "dist0", "report.json")) == single,
                  "cv: the folds shared out give exactly the numbers of one process")
            check(not os.path.exists(os.path.join(tmp, "dist1")), "cv: rank 1 writes no report")
            check("cross-validation (speaker, 2 folds" in outs[0][1] and outs[1][1] == "",
                  "cv: rank 0 prints the summary, rank 1 nothing on stdout")
            check("rank 1/2: fold 2/2" in outs[1][2], "cv: rank 1 trained fold 2 and says so")
            report = json.load(open(os.path.join(tmp, "dist0", "report.json")))
            check(report["cache"]["misses"] == 64 and report["cache"]["hits"] == 0,
                  "cv: every file extracted once in the job (64 misses, 0 hits)")

        torchrun = shutil.which("torchrun")
        if torchrun:
            # --redirects/--tee name an absent local rank: Debian 12's torchrun (torch 1.13 on Python
            # 3.11) cannot parse the default "no redirection" (docs/ser-train.md).
            r = subprocess.run([torchrun, "--standalone", "--nproc_per_node", "2", "--redirects", "9:1", "--tee", "9:1",
                                "--no_python", SER_TRAIN, "cv", *small, "--cache", os.path.join(tmp, "c3"),
                                "--out", os.path.join(tmp, "torchrun")], capture_output=True, text=True, timeout=300)
            check(r.returncode == 0 and folds_without_times(os.path.join(tmp, "torchrun", "report.json")) == single,
                  "torchrun --standalone --nproc_per_node 2 --no_python ser-train cv: the numbers of one process")
            if r.returncode != 0:
                print(r.stdout, r.stderr)
        else:
            print("skip torchrun: not installed")

        train = ["train", "--corpus", "ravdess=" + corpus, "--keep", "happy,sad", "--model", "issa1d",
                 "--hp", "first_channels=8", "--hp", "channels=8", "--epochs", "3", "--batch-size", "16",
                 "--seed", "5", "--cache", os.path.join(tmp, "c2"), "--dist-check-sync"]
        outs = wait(job(lambda rank: [*train, "--output", os.path.join(tmp, "model%d.sermodel" % rank)]))
        ok = all(rc == 0 for rc, _, _ in outs)
        check(ok, "train: two ranks data parallel, checked in step after every step")
        if not ok:
            show(outs)
        check(os.path.exists(os.path.join(tmp, "model0.sermodel")) and
              not os.path.exists(os.path.join(tmp, "model1.sermodel")), "train: rank 0 alone writes the bundle")
        info = subprocess.run([SER_TRAIN, "info", os.path.join(tmp, "model0.sermodel")], capture_output=True, text=True)
        check(info.returncode == 0 and "happy" in info.stdout, "train: the bundle loads")

        # A rank killed while the folds train: the other ends, and no report looks complete.
        long = [a if a != "3" else "2000" for a in small] + ["--patience", "0"]
        procs = job(lambda rank: ["cv", *long, "--cache", os.path.join(tmp, "c2"), "--out", os.path.join(tmp, "killed")],
                    timeout=30)
        for line in procs[1].stderr:
            if "fold 2/2" in line:
                break
        time.sleep(1)
        procs[1].send_signal(signal.SIGKILL)
        t0 = time.time()
        rc, _, err = wait(procs[:1], limit=120)[0]
        took = time.time() - t0
        procs[1].wait()
        check(rc == 1 and "rank 0/2: distributed job: lost contact with the other ranks" in err,
              "a killed rank ends the job: rank 0 exits 1 after %.1f s (timeout 30 s)" % took)
        check(not os.path.exists(os.path.join(tmp, "killed")), "a killed job writes no report")
    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
