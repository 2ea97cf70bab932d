"""What the end-to-end scripts share: where the source tree and ../shared are, and their checks.

Imported from the scripts' own folder (Python puts a script's folder first on sys.path).
"""
import os
import socket
import subprocess

# $SEREMOTION_SOURCE_DIR, else the tree this file is in; $SEREMOTION_SHARED_DIR, else shared/ beside it.
SOURCE = os.environ.get("SEREMOTION_SOURCE_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SHARED = os.environ.get("SEREMOTION_SHARED_DIR") or os.path.join(SOURCE, "..", "shared")
failures = []


def check(cond, what):
    """Prints `what` as ok or FAIL, and keeps the failures for the exit status."""
    print(("ok   " if cond else "FAIL ") + what, flush=True)
    if not cond:
        failures.append(what)


def data_dir():
    """../shared/data, or None when it is absent."""
    path = os.path.join(SHARED, "data")
    return path if os.path.isdir(path) else None


def free_port():
    """A TCP port of 127.0.0.1 that was free a moment ago (for a job's rendezvous)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def communicate_all(procs, limit):
    """(returncode, stdout, stderr) of each process, waiting at most `limit` s for each; one that
    hangs is killed, and its stderr (or stdout, when stderr went there) says so."""
    out = []
    for p in procs:
        try:
            o, e = p.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            p.kill()
            o, e = p.communicate()
            if e is None:
                o += "\n(killed by the test: it hung)"
            else:
                e += "\n(killed by the test: it hung)"
        out.append((p.returncode, o, e))
    return out
