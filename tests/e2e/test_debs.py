#!/usr/bin/env python3
"""The Debian packages of tools/build-debs.sh: their fields and file lists, then, unpacked with
`dpkg -x` into a temporary root, the packaged plugin and ser-train at work from there
(installed_tree.py: the plugin with its default model on the packaged sample, read through the
packaged header by a C program built with pkg-config; ser-train predict).

  test_debs.py DEB_DIR VERSION

Exit status 77 (skipped) when DEB_DIR holds no packages, unless SEREMOTION_REQUIRE_DEBS is set
(CI builds them first: .ci/run).
"""
import glob
import os
import subprocess
import sys
import tempfile

from e2e_support import SOURCE, check, failures
from installed_tree import Layout, check_installed_tree

deb_dir, version = sys.argv[1], sys.argv[2]
debs = sorted(glob.glob(os.path.join(deb_dir, "*.deb")))
if not debs:
    if os.environ.get("SEREMOTION_REQUIRE_DEBS"):
        print(f"FAIL no packages in {deb_dir}: tools/build-debs.sh did not make them")
        sys.exit(1)
    print(f"skipped: no packages in {deb_dir} (tools/build-debs.sh makes them; CI does)")
    sys.exit(77)

arch = subprocess.run(["dpkg", "--print-architecture"], capture_output=True, text=True).stdout.strip()
multiarch = subprocess.run(["dpkg-architecture", "-qDEB_HOST_MULTIARCH"], capture_output=True, text=True).stdout.strip()
deb_version = version + "-1"
lib = f"usr/lib/{multiarch}"

# Each package's files (directories aside), exactly.
EXPECTED = {
    "gstreamer1.0-seremotion": {
        f"{lib}/gstreamer-1.0/libgstseremotion.so",
        "usr/share/seremotion/models/seremotion-en.sermodel",
        "usr/share/seremotion/models/seremotion-multi.sermodel",
        "usr/share/seremotion/samples/ravdess-actor01-4-emotions.opus",
        "usr/share/seremotion/samples/README.md",
        "usr/share/seremotion/models/silero-vad/LICENSE",
        "usr/share/seremotion/models/silero-vad/README.md",
        "usr/share/seremotion/models/silero-vad/silero-vad-16k.weights",
    },
    "ser-train": {"usr/bin/ser-train", "usr/libexec/seremotion/ser-train-nn"},
    "gstreamer1.0-seremotion-dev": {
        "usr/include/gstreamer-1.0/gst/seremotion/gstseremotionmeta.h",
        f"{lib}/pkgconfig/gstreamer-seremotion-1.0.pc",
    },
}
# Debian 12's packages each must depend on (from dpkg-shlibdeps, or stated in tools/debian/control).
DEPENDS = {
    "gstreamer1.0-seremotion": ["libgstreamer1.0-0", "libgstreamer-plugins-base1.0-0", "libtorch1.13",
                                "libfftw3-single3", "libfftw3-double3", "libsoxr0"],
    "ser-train": ["libgstreamer1.0-0", "libflac12", "libtorch1.13", "libfftw3-single3", "libsoxr0", "libcairo2"],
    "gstreamer1.0-seremotion-dev": ["libgstreamer1.0-dev", f"gstreamer1.0-seremotion (= {deb_version})"],
}

for p in EXPECTED:
    EXPECTED[p] |= {f"usr/share/doc/{p}/copyright", f"usr/share/doc/{p}/changelog.Debian.gz"}


def field(deb, name):
    return subprocess.run(["dpkg-deb", "-f", deb, name], capture_output=True, text=True).stdout.strip()


def files_of(deb):
    out = subprocess.run(["dpkg-deb", "-c", deb], capture_output=True, text=True).stdout
    return {line.split(None, 5)[5].lstrip("./").split(" -> ")[0] for line in out.splitlines() if not line.startswith("d")}


names = {field(d, "Package"): d for d in debs}
check(sorted(names) == sorted(EXPECTED), f"packages: {sorted(names)}")
for name, deb in names.items():
    if name not in EXPECTED:
        continue
    check(os.path.basename(deb) == f"{name}_{deb_version}_{arch}.deb", f"{os.path.basename(deb)}: named for {deb_version}")
    check(field(deb, "Version") == deb_version and field(deb, "Architecture") == arch,
          f"{name}: Version {field(deb, 'Version')}, Architecture {field(deb, 'Architecture')}")
    got = files_of(deb)
    check(got == EXPECTED[name], f"{name}: files {sorted(got)}"
          + ("" if got == EXPECTED[name] else f" (missing {sorted(EXPECTED[name] - got)}, extra {sorted(got - EXPECTED[name])})"))
    depends = [d.strip() for d in field(deb, "Depends").split(",")]
    for want in DEPENDS[name]:
        check(any(d == want or d.startswith(want + " ") for d in depends), f"{name} depends on {want}")
    check(field(deb, "Maintainer") != "", f"{name}: Maintainer {field(deb, 'Maintainer')}")

with tempfile.TemporaryDirectory(prefix="seremotion-debs-") as root:
    for deb in names.values():
        subprocess.run(["dpkg", "-x", deb, root], check=True)
    copyright = open(os.path.join(root, "usr/share/doc/gstreamer1.0-seremotion/copyright"), encoding="utf-8").read()
    check("License: GPL-2.0-or-later" in copyright and "License: CC-BY-NC-SA-4.0" in copyright
          and "non-commercial" in copyright, "the copyright file states the GPL and the models' CC BY-NC-SA terms")
    check_installed_tree(root, Layout("/usr", "bin", f"lib/{multiarch}", "share"), version,
                         f"seremotion {deb_version} (Debian package)",
                         os.environ.get("SEREMOTION_PACKAGE_ORIGIN", "Unknown package origin"),
                         forbidden=[os.path.realpath(SOURCE)])

sys.exit(1 if failures else 0)
