#!/usr/bin/env python3
"""make_test_model, the scripts' model writer: an option is never taken as the bundle's path.

  test_make_test_model.py MAKE_TEST_MODEL

--help and -h print the usage and write nothing; another option in the path's place, or a value
that is not a number, is an error (exit 2) that writes nothing; a plain path writes the bundle.
"""
import os
import subprocess
import sys
import tempfile

PROGRAM = os.path.abspath(sys.argv[1])
failures = []


def expect(name, ok, detail=""):
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else ": " + detail))
    if not ok:
        failures.append(name)


def run(args):
    with tempfile.TemporaryDirectory() as cwd:
        r = subprocess.run([PROGRAM] + args, cwd=cwd, capture_output=True, text=True, timeout=60)
        return r, sorted(os.listdir(cwd))


for option in (["--help"], ["-h"], ["model.sermodel", "--help"]):
    r, files = run(option)
    expect(f"{' '.join(option)} prints the usage and writes nothing",
           r.returncode == 0 and r.stdout.startswith("usage: make_test_model PATH") and files == [],
           f"exit {r.returncode}, files {files}, stdout {r.stdout!r}")

for args, says in ((["--out.sermodel"], "'--out.sermodel' is an option, not a path"),
                   (["-", "8000"], "'-' is an option, not a path"),
                   (["m.sermodel", "8k"], "RATE '8k' is not a sample rate"),
                   (["m.sermodel", "8000", "0"], "WINDOW_SECONDS '0' is not a duration > 0"),
                   (["m.sermodel", "8000", "0.5", "nan"], "HOP_SECONDS 'nan' is not a duration > 0"),
                   (["m.sermodel", "8000", "0.5", "0.25", "-1"], "SEED '-1' is not an unsigned integer")):
    r, files = run(args)
    expect(f"{' '.join(args)} is refused", r.returncode == 2 and says in r.stderr and files == [],
           f"exit {r.returncode}, files {files}, stderr {r.stderr!r}")

r, files = run(["m.sermodel", "8000", "0.5", "0.25", "0"])
expect("a path and valid values write the bundle", r.returncode == 0 and files == ["m.sermodel"],
       f"exit {r.returncode}, files {files}, stderr {r.stderr!r}")

sys.exit(1 if failures else 0)
