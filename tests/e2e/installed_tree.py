"""Checks of an installed seremotion, as a user meets it: by `meson install --destdir` or by the
Debian packages unpacked with `dpkg -x`, in a folder that is not where it will live.

The tree is ROOT + PREFIX (e.g. /tmp/x + /usr/local). What is checked:
- the plugin, ser-train, the models, the sample, the header and the .pc file are where they belong;
- neither binary holds the source tree's or the build tree's path (they find their models from
  where they are, lib/common/shipped_files.h);
- gst-inspect-1.0 shows the plugin's version, licence, package and origin;
- pkg-config gives the installed header, and a C program built with it alone (read_metas.c) runs the installed plugin, with its default model, on the installed
  speech sample and reads the metas; the model it loaded lies under ROOT + PREFIX;
- the installed ser-train predicts the sample with its default model.
"""
import glob
import os
import re
import shutil
import subprocess
import tempfile

from e2e_support import check

HERE = os.path.dirname(os.path.abspath(__file__))


class Layout:
    """Where things are installed, relative to the prefix (meson's bindir, libdir, datadir)."""

    def __init__(self, prefix, bindir, libdir, datadir, includedir="include", libexecdir="libexec"):
        self.prefix, self.bindir, self.libdir, self.datadir, self.includedir = prefix, bindir, libdir, datadir, includedir
        self.libexecdir = libexecdir

    def under(self, root, *parts):
        return os.path.join(root, self.prefix.lstrip("/"), *parts)

    def files(self, version_header=True):
        """The files every installed tree has, relative to ROOT, without the leading '/'."""
        p = self.prefix.lstrip("/")
        return {
            "plugin": os.path.join(p, self.libdir, "gstreamer-1.0", "libgstseremotion.so"),
            "ser-train": os.path.join(p, self.bindir, "ser-train"),
            "ser-train-nn": os.path.join(p, self.libexecdir, "seremotion", "ser-train-nn"),
            "model-en": os.path.join(p, self.datadir, "seremotion", "models", "seremotion-en.sermodel"),
            "model-multi": os.path.join(p, self.datadir, "seremotion", "models", "seremotion-multi.sermodel"),
            "sample": os.path.join(p, self.datadir, "seremotion", "samples", "ravdess-actor01-4-emotions.opus"),
            "header": os.path.join(p, self.includedir, "gstreamer-1.0", "gst", "seremotion", "gstseremotionmeta.h"),
            "pc": os.path.join(p, self.libdir, "pkgconfig", "gstreamer-seremotion-1.0.pc"),
        }


def gst_env(root, layout, work):
    """The installed plugin beside the system's (decodebin, audioconvert, ...), in a registry of its own."""
    env = dict(os.environ)
    env["GST_PLUGIN_PATH"] = layout.under(root, layout.libdir, "gstreamer-1.0")
    env["GST_REGISTRY"] = os.path.join(work, "registry.bin")
    for name in ("SEREMOTION_DEFAULT_MODEL", "GST_PLUGIN_PATH_1_0"):
        env.pop(name, None)
    return env


def check_files(root, layout):
    files = layout.files()
    for what, rel in files.items():
        check(os.path.isfile(os.path.join(root, rel)), f"installed {what}: /{rel}")
    return {what: os.path.join(root, rel) for what, rel in files.items()}


def check_no_build_paths(paths, forbidden):
    """No installed binary may hold a path of the machine that built it."""
    for what in ("plugin", "ser-train", "ser-train-nn"):
        if not os.path.isfile(paths[what]):
            continue
        data = open(paths[what], "rb").read()
        for f in forbidden:
            check(f.encode() not in data, f"{what} holds no trace of {f}")


def check_inspect(env, paths, version, package, origin):
    r = subprocess.run(["gst-inspect-1.0", "seremotion"], capture_output=True, text=True, env=env, timeout=120)
    fields = dict(re.findall(r"^\s+(Version|License|Binary package|Origin URL|Filename)\s+(.*)$", r.stdout, re.M))
    check(r.returncode == 0, f"gst-inspect-1.0 seremotion finds the installed plugin (exit {r.returncode}: {r.stderr.strip()[:200]})")
    check(os.path.realpath(fields.get("Filename", "")) == os.path.realpath(paths["plugin"]),
          f"gst-inspect-1.0: Filename {fields.get('Filename')}")
    check(fields.get("Version") == version, f"gst-inspect-1.0: Version {fields.get('Version')} (the project's {version})")
    check(fields.get("License") == "GPL", f"gst-inspect-1.0: License {fields.get('License')}")
    check(fields.get("Binary package") == package, f"gst-inspect-1.0: Binary package {fields.get('Binary package')!r}")
    check(fields.get("Origin URL") == origin, f"gst-inspect-1.0: Origin URL {fields.get('Origin URL')!r}")


def build_reader(root, layout, work, pc_path):
    """read_metas.c built with `pkg-config --cflags --libs gstreamer-seremotion-1.0` alone.

    The .pc file says prefix=PREFIX, where the tree will live; here it lies under ROOT, so a copy
    says prefix=ROOT/PREFIX (everything else in it is relative to ${prefix}). The system's
    GStreamer is found where it is, as for any user."""
    text = open(pc_path, encoding="utf-8").read()
    check(re.search(r"^prefix=" + re.escape(layout.prefix) + r"$", text, re.M) is not None,
          f"the .pc file says prefix={layout.prefix}")
    check("${prefix}" in text and "/" + layout.prefix.strip("/") + "/" not in text.split("\n", 1)[1],
          "the rest of the .pc file is relative to ${prefix}")
    pc_dir = os.path.join(work, "pkgconfig")
    os.makedirs(pc_dir)
    with open(os.path.join(pc_dir, os.path.basename(pc_path)), "w", encoding="utf-8") as f:
        f.write(re.sub(r"^prefix=.*$", "prefix=" + layout.under(root), text, count=1, flags=re.M))
    env = dict(os.environ)
    env["PKG_CONFIG_PATH"] = pc_dir
    r = subprocess.run(["pkg-config", "--cflags", "--libs", "gstreamer-seremotion-1.0"], capture_output=True,
                       text=True, env=env)
    flags = r.stdout.split()
    include = "-I" + layout.under(root, layout.includedir, "gstreamer-1.0")
    check(r.returncode == 0 and include in flags, f"pkg-config --cflags gstreamer-seremotion-1.0 gives {include}")
    models = subprocess.run(["pkg-config", "--variable=modelsdir", "gstreamer-seremotion-1.0"], capture_output=True,
                            text=True, env=env).stdout.strip()
    check(models == layout.under(root, layout.datadir, "seremotion", "models") and os.path.isdir(models),
          f"pkg-config --variable=modelsdir: {models}")
    exe = os.path.join(work, "read_metas")
    cc = os.environ.get("CC", "cc")
    r = subprocess.run([cc, "-Wall", "-Werror", "-o", exe, os.path.join(HERE, "read_metas.c")] + flags + ["-lm"],
                       capture_output=True, text=True)
    check(r.returncode == 0, f"read_metas.c compiles against the installed header ({r.stderr.strip()[:300]})")
    return exe if r.returncode == 0 else None


def check_reader(reader, env, paths, root, layout):
    r = subprocess.run([reader, paths["sample"]], capture_output=True, text=True, env=env, timeout=300)
    metas = [line for line in r.stdout.splitlines() if line.startswith("meta ")]
    check(r.returncode == 0 and len(metas) >= 10,
          f"read_metas: the installed plugin on the installed sample: {len(metas)} metas "
          f"(exit {r.returncode}{': ' + r.stderr.strip()[:300] if r.returncode else ''})")
    location = re.search(r'"location":"([^"]*)"', r.stdout)
    location = location.group(1) if location else ""
    models = layout.under(root, layout.datadir, "seremotion", "models")
    check(location.startswith(models + os.sep) and location.endswith("seremotion-en.sermodel"),
          f"the installed plugin's default model is the installed one: {location}")


def check_ser_train(paths):
    env = dict(os.environ)
    env.pop("SEREMOTION_DEFAULT_MODEL", None)
    r = subprocess.run([paths["ser-train"], "predict", paths["sample"]], capture_output=True, text=True, env=env,
                       timeout=300)
    check(r.returncode == 0 and '"label"' in r.stdout,
          f"installed ser-train predict, default model, on the installed sample: exit {r.returncode} "
          f"{(r.stdout or r.stderr).strip()[:200]}")


def check_installed_tree(root, layout, version, package, origin, forbidden=()):
    """Every check above on the tree ROOT + layout.prefix."""
    paths = check_files(root, layout)
    check_no_build_paths(paths, forbidden)
    with tempfile.TemporaryDirectory() as work:
        env = gst_env(root, layout, work)
        check_inspect(env, paths, version, package, origin)
        reader = build_reader(root, layout, work, paths["pc"])
        if reader:
            check_reader(reader, env, paths, root, layout)
    check_ser_train(paths)
