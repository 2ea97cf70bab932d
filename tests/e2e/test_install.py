#!/usr/bin/env python3
"""`meson install --destdir` into a temporary folder, and the installed tree at work from there
(installed_tree.py): its plugin with its default model, the header through pkg-config, ser-train.

The temporary folder is outside the source and build trees, so the installed binaries can only
find the installed models; and they must hold no path of either tree.

  test_install.py BUILD_DIR PREFIX BINDIR LIBDIR DATADIR VERSION PACKAGE_NAME PACKAGE_ORIGIN LIBEXECDIR
"""
import os
import subprocess
import sys
import tempfile

from e2e_support import SOURCE, check, failures
from installed_tree import Layout, check_installed_tree

build, prefix, bindir, libdir, datadir, version, package, origin, libexecdir = sys.argv[1:10]

with tempfile.TemporaryDirectory(prefix="seremotion-install-") as root:
    r = subprocess.run(["meson", "install", "-C", build, "--destdir", root, "--no-rebuild", "--quiet"],
                       capture_output=True, text=True, timeout=300)
    check(r.returncode == 0, f"meson install --destdir {root} ({r.stderr.strip()[:300]})")
    check_installed_tree(root, Layout(prefix, bindir, libdir, datadir, libexecdir=libexecdir), version, package, origin,
                         forbidden=[os.path.realpath(SOURCE), os.path.realpath(build)])

sys.exit(1 if failures else 0)
