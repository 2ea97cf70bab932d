"""What the end-to-end scripts share: where the source tree and ../shared are, and their checks.

Imported from the scripts' own folder (Python puts a script's folder first on sys.path).
"""
import os

# $SEREMOTION_SOURCE_DIR, else the tree this file is in; $SEREMOTION_SHARED_DIR, else shared/ beside it.
SOURCE = os.environ.get("SEREMOTION_SOURCE_DIR", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SHARED = os.environ.get("SEREMOTION_SHARED_DIR") or os.path.join(SOURCE, "..", "shared")
failures = []


def check(cond, what):
    """Prints `what` as ok or FAIL, and keeps the failures for the exit status."""
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def data_dir():
    """../shared/data, or None when it is absent."""
    path = os.path.join(SHARED, "data")
    return path if os.path.isdir(path) else None
