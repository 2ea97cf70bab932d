#!/usr/bin/env python3
"""Distributed training on 127.0.0.1 with Gloo: ranks of dist_worker (dist_worker.cc) train a small
network data parallel, checking after every step that every rank holds the same parameters; a team
of one trains exactly as a process alone; a rank that fails, dies or hangs ends the others; a job
that does not assemble says so.

Usage: test_dist.py DIST_WORKER
"""
import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "e2e"))
from e2e_support import check, communicate_all, failures, free_port  # noqa: E402

WORKER = sys.argv[1]


def start(rank, world, port, *extra, timeout=30):
    args = [WORKER, "--world-size", str(world), "--rank", str(rank), "--port", str(port), "--timeout", str(timeout)]
    return subprocess.Popen(args + [str(x) for x in extra], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)


def finish(procs, limit=240):
    """(returncode, output) of each rank (stderr goes to stdout)."""
    return [(rc, out) for rc, out, _ in communicate_all(procs, limit)]


def result(text):
    for line in text.splitlines():
        if line.startswith("result "):
            words = line.split()[1:]
            return dict(zip(words[0::2], words[1::2]))
    return None


def wait_for_line(proc, needle, limit=120):
    """Reads proc's output until a line holds `needle`; returns what was read."""
    seen = []
    deadline = time.time() + limit
    while time.time() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        seen.append(line)
        if needle in line:
            break
    return "".join(seen)


def show(outputs):
    for i, (rc, text) in enumerate(outputs):
        print("--- rank %d (exit %s)\n%s" % (i, rc, text.strip()))


def main():
    alone = subprocess.run([WORKER], capture_output=True, text=True)
    single = result(alone.stdout)
    check(alone.returncode == 0 and single is not None, "one process alone trains")

    # Data parallel on two ranks: every step checked in step (dist_worker sets check_sync).
    port = free_port()
    outs = finish([start(r, 2, port, "--epochs", 8) for r in range(2)])
    res = [result(t) for _, t in outs]
    check(all(rc == 0 for rc, _ in outs) and all(res), "two ranks train data parallel, in step after every step")
    if all(res):
        check(res[0]["hash"] == res[1]["hash"], "both ranks end with the same weights")
        check(float(res[0]["last_loss"]) < float(res[0]["first_loss"]), "the loss falls (%s -> %s)" %
              (res[0]["first_loss"], res[0]["last_loss"]))
        check(float(res[0]["accuracy"]) >= 0.9, "it learns the problem: test accuracy %s" % res[0]["accuracy"])
        check(res[0]["team_size"] == "2", "the team is the two ranks")
    else:
        show(outs)

    # mixup through the data-parallel path: probability targets shared out, every rank in step.
    # (That the ranks mix the same pairs is not seen here: the gradients are averaged before the
    # step, so ranks that mixed otherwise would still stay in step.)
    port = free_port()
    outs = finish([start(r, 2, port, "--epochs", 8, "--mixup", 0.4) for r in range(2)])
    res = [result(t) for _, t in outs]
    check(all(rc == 0 for rc, _ in outs) and all(res), "two ranks train data parallel with mixup, in step after every step")
    if all(res):
        check(res[0]["hash"] == res[1]["hash"], "both ranks end with the same weights with mixup")
        check(float(res[0]["accuracy"]) >= 0.9, "it learns the problem with mixup: test accuracy %s" % res[0]["accuracy"])
    else:
        show(outs)

    # Three ranks in two teams: ranks 0 and 2 train together, rank 1 alone, as one process would.
    port = free_port()
    outs = finish([start(r, 3, port, "--teams", 2, "--epochs", 4) for r in range(3)])
    res = [result(t) for _, t in outs]
    check(all(rc == 0 for rc, _ in outs) and all(res), "three ranks in two teams train")
    if all(res):
        check(res[0]["team_size"] == "2" and res[2]["team_size"] == "2" and res[1]["team_size"] == "1",
              "teams of ranks {0, 2} and {1}")
        check(res[0]["hash"] == res[2]["hash"], "a team's ranks end with the same weights")
        alone4 = result(subprocess.run([WORKER, "--epochs", "4"], capture_output=True, text=True).stdout)
        check(alone4 is not None and res[1]["hash"] == alone4["hash"],
              "a team of one trains exactly as a process alone (the same bits)")
    else:
        show(outs)

    # A rank whose work fails tells the others, which end with its message.
    port = free_port()
    t0 = time.time()
    outs = finish([start(r, 2, port, "--epochs", 200, "--fail-rank", 1, "--fail-epoch", 2) for r in range(2)])
    took = time.time() - t0
    check(outs[1][0] == 1 and "failed on purpose at epoch 2" in outs[1][1], "the failing rank exits with its error")
    check(outs[0][0] == 1 and "rank 1 of 2 failed: rank 1 failed on purpose at epoch 2" in outs[0][1],
          "rank 0 ends with rank 1's message (%.1f s in all)" % took)

    # A rank killed outright: the other notices at once (its connections close).
    port = free_port()
    procs = [start(r, 2, port, "--epochs", 2000) for r in range(2)]
    wait_for_line(procs[1], "epoch 2 ")
    procs[1].send_signal(signal.SIGKILL)
    t0 = time.time()
    outs = finish(procs)
    took = time.time() - t0
    check(outs[0][0] == 1 and "lost contact with the other ranks" in outs[0][1],
          "rank 0 ends when rank 1 is killed (after %.1f s)" % took)
    check(took < 30, "... well within its 30 s timeout")

    # A rank that hangs whole (stopped): the other ends after the timeout, not never.
    port = free_port()
    procs = [start(r, 2, port, "--epochs", 2000, timeout=4) for r in range(2)]
    wait_for_line(procs[1], "epoch 2 ")
    procs[1].send_signal(signal.SIGSTOP)
    t0 = time.time()
    outs = finish(procs[:1], limit=60)
    took = time.time() - t0
    procs[1].kill()
    procs[1].wait()
    check(outs[0][0] == 1 and "lost contact with the other ranks" in outs[0][1],
          "rank 0 ends when rank 1 hangs (after %.1f s, timeout 4 s)" % took)

    # A job that does not assemble: each side says what is missing.
    port = free_port()
    outs = finish([start(1, 2, port, timeout=2)], limit=60)
    check(outs[0][0] == 1 and "cannot join the rendezvous at 127.0.0.1:%d" % port in outs[0][1],
          "a rank without rank 0 says it cannot join the rendezvous")
    outs = finish([start(0, 2, port, timeout=2)], limit=60)
    check(outs[0][0] == 1 and "only 1 of the 2 ranks came to the rendezvous" in outs[0][1],
          "rank 0 without the others says how many came")

    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
