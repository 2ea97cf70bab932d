#!/usr/bin/env python3
"""Counts the tests of a `meson test` run and prints "N skipped", then "N passed, N failed".

GoogleTest executables (protocol gtest) count one per test case, read from Meson's JUnit file;
any other test counts once, by Meson's verdict. A gtest executable that failed without reporting
a failed case (a crash, a timeout) counts one failure more. Exits 1 when anything failed.
"""
import json
import os
import sys
import xml.etree.ElementTree as ET


def main(testlog, junit):
    tests, unreadable = [], 0
    for line in open(testlog, encoding="utf-8", errors="replace"):
        if not line.strip():
            continue
        try:
            tests.append(json.loads(line))
        except json.JSONDecodeError:
            # Seen once after a fuzzer's long output: a record split over two lines. It is judged
            # by Meson's exit status below, so that a lost record neither passes nor fails unseen.
            unreadable += 1
    cases = {}  # meson test name -> [passed, failed, skipped]
    try:
        root = ET.parse(junit).getroot()
    except (OSError, ET.ParseError):
        root = None
    if root is not None:
        for suite in root.iter("testsuite"):
            # gtest suites are named "<project>.<meson test>.<gtest suite>"
            parts = suite.get("name", "").split(".")
            if len(parts) < 3:
                continue
            counts = cases.setdefault(parts[1], [0, 0, 0])
            for case in suite.iter("testcase"):
                if case.find("failure") is not None or case.find("error") is not None:
                    counts[1] += 1
                elif case.find("skipped") is not None or case.get("result") == "skipped":
                    counts[2] += 1
                else:
                    counts[0] += 1
    passed = failed = skipped = 0
    for t in tests:
        name, result = t["name"], t["result"]
        ok = result in ("OK", "EXPECTEDFAIL")
        if name in cases:
            p, f, s = cases[name]
            passed, failed, skipped = passed + p, failed + f, skipped + s
            if not ok and f == 0 and result != "SKIP":
                failed += 1
        elif result == "SKIP":
            skipped += 1
        elif ok:
            passed += 1
        else:
            failed += 1
    if unreadable:
        meson_failed = os.environ.get("MESON_STATUS", "1") != "0"
        print(f"test_summary: {unreadable} unreadable record(s) in {testlog}, counted as "
              f"{'failed' if meson_failed else 'passed'} by Meson's exit status", file=sys.stderr)
        if meson_failed:
            failed += unreadable
        else:
            passed += unreadable
    # CI reads the last line, which must be exactly "N passed, N failed".
    print(f"{skipped} skipped")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
