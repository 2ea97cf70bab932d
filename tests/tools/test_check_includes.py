#!/usr/bin/env python3
"""tools/check_includes.py on small trees: each rule broken once is a failure naming file, include
and rule; a tree that keeps the rules passes and writes the stamp and the depfile.

  test_check_includes.py CHECK_INCLUDES_PY
"""
import os
import subprocess
import sys
import tempfile

CHECK = sys.argv[1]


def write(root, files):
    for rel, text in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


def run(files):
    with tempfile.TemporaryDirectory() as root:
        write(root, files)
        stamp, dep = os.path.join(root, "stamp"), os.path.join(root, "stamp.d")
        r = subprocess.run([sys.executable, CHECK, root, stamp, dep], capture_output=True, text=True)
        wrote = os.path.exists(stamp) and os.path.exists(dep)
        deps = open(dep, encoding="utf-8").read() if os.path.exists(dep) else ""
        return r.returncode, r.stderr, wrote, deps


GOOD = {
    "lib/common/error.h": "#pragma once\n#include <string>\n",
    "lib/dsp/stft.h": '#pragma once\n#include "common/error.h"\n#include <fftw3.h>\n',
    "lib/features/extractor.h": '#pragma once\n#include "dsp/stft.h"\n#include <nlohmann/json.hpp>\n',
    "lib/io/decode.cc": "#include <gst/gst.h>\n#include <glib.h>\n",
    "lib/nn/classifier.h": '#pragma once\n#include "features/extractor.h"\n',
    "lib/nn/torch_modules.h": "#pragma once\n#include <torch/nn/module.h>\n",
    "lib/nn/classifier.cc": '#include "nn/classifier.h"\n#include "nn/torch_modules.h"\n#include <ATen/ATen.h>\n',
    "lib/plot/canvas.cc": "#include <cairo.h>\n",
    "lib/train/report/plots.cc": '#include "plot/canvas.h"\n#include "nn/torch_modules.h"\n',
    "lib/plot/canvas.h": "#pragma once\n",
    "gst/element.cc": '#include "element.h"\n#include "nn/classifier.h"\n#include <gst/base/gstbasetransform.h>\n',
    "gst/element.h": "#pragma once\n#include <gst/gst.h>\n",
    "lib/train/report/report.h": '#pragma once\n#include "plot/canvas.h"\n',
    "tools/ser-train/main.cc": '#include "train/report/report.h"\n#include "commands.h"\n',
    "tools/ser-train/commands.h": '#pragma once\n',
}

failures = []


def expect(name, ok):
    print(("ok   " if ok else "FAIL ") + name)
    if not ok:
        failures.append(name)


rc, err, wrote, deps = run(GOOD)
expect("a tree that keeps the rules passes", rc == 0 and err == "" and wrote)
expect("the depfile names the headers read", "lib/nn/torch_modules.h" in deps and "gst/element.h" in deps)

BAD = [
    ("lib/dsp/db.cc", "#include <torch/script.h>\n", "lib/dsp/db.cc: reaches libtorch through <torch/script.h>"),
    ("lib/features/x.cc", "#include <ATen/ATen.h>\n", "reaches libtorch through <ATen/ATen.h>"),
    ("lib/data/x.cc", "#include <gst/gst.h>\n", "lib/data/x.cc: reaches GStreamer through <gst/gst.h>"),
    ("lib/dsp/x.cc", "#include <glib.h>\n", "reaches GStreamer through <glib.h>"),
    ("lib/train/x.cc", "#include <cairo/cairo.h>\n", "lib/train/x.cc: reaches cairo through <cairo/cairo.h>"),
    ("gst/x.cc", '#include "nn/torch_modules.h"\n',
     "gst/x.cc: reaches libtorch through lib/nn/torch_modules.h -> <torch/nn/module.h>"),
    ("lib/dsp/up.cc", '#include "features/extractor.h"\n',
     'lib/dsp/up.cc: includes "features/extractor.h": lib/dsp may not include lib/features/'),
    ("lib/nn/up.h", '#include "train/report/report.h"\n', "lib/nn may not include lib/train/"),
    ("tools/x.cc", '#include "train/report/plots.cc"\n',
     "tools/x.cc: reaches libtorch through lib/train/report/plots.cc -> lib/nn/torch_modules.h"),
    ("lib/newpart/x.cc", "\n", "lib/newpart: a part of lib/ with no layering rule"),
]
for path, text, message in BAD:
    rc, err, wrote, _ = run({**GOOD, path: text})
    expect(f"{path} with {text.strip()} fails, saying {message!r}", rc == 1 and message in err and not wrote)

sys.exit(1 if failures else 0)
