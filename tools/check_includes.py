#!/usr/bin/env python3
"""The layering rules of seremotion (docs/layout.md), checked on every #include.

Each part of the source tree may include some parts of lib/ and use some outside libraries;
nothing else. The build runs this before it compiles anything, so an include that breaks a rule
is a build error, also where the compiler alone would let it through (Debian's libtorch puts
<torch/script.h> and <ATen/...> in /usr/include, cairo has <cairo/cairo.h>).

An outside library counts wherever it is reached: a file that includes a header of another part
which includes <torch/...> uses libtorch too, and the error shows the chain.

  check_includes.py SOURCE_ROOT STAMP DEPFILE
writes STAMP (empty) and DEPFILE (every file and folder read, for Ninja) when the rules hold;
otherwise prints one line per broken rule and exits 1.
"""
import os
import re
import sys

# What each part may include: parts of lib/ (besides itself) and outside libraries. lib/common
# is open to all. A new folder of lib/ needs its line here.
RULES = {
    "lib/common": ([], []),
    "lib/dsp": ([], []),
    "lib/features": (["dsp"], []),
    "lib/io": ([], ["GStreamer"]),
    "lib/data": ([], []),
    "lib/vad": (["dsp", "features"], []),
    "lib/nn": (["dsp", "features"], ["libtorch"]),
    "lib/plot": ([], ["cairo"]),
    "lib/train": (["dsp", "features", "io", "data", "vad", "nn", "plot"], ["libtorch"]),
    "gst": (["dsp", "features", "io", "vad", "nn", "plot"], ["GStreamer"]),
    "tools": (["dsp", "features", "io", "data", "vad", "nn", "plot", "train"], []),
}

# Outside libraries by the headers that bring them in.
LIBRARIES = {
    "GStreamer": re.compile(r"^(gst/|glib[/.-]|glib\.h|gio/|gobject/|gmodule\.h)"),
    "libtorch": re.compile(r"^(torch/|ATen/|c10/|caffe2/)"),
    "cairo": re.compile(r"^cairo([/.-])"),
}

WHY = {
    "GStreamer": "only lib/io (decoding) and gst/ (the elements) use GStreamer",
    "libtorch": "only lib/nn and lib/train use libtorch (a file that includes it costs ~15 s and 1.5 GB to compile)",
    "cairo": "only lib/plot uses cairo: draw through lib/plot/canvas.h",
}

INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]', re.M)
SOURCE = re.compile(r"\.(h|hh|hpp|c|cc|cpp)$")


def part_of(root, path):
    rel = os.path.relpath(path, root)
    top = rel.split(os.sep)
    if top[0] == "lib" and len(top) > 2:
        return "lib/" + top[1]
    return top[0] if len(top) > 1 else None


def lib_part_name(part):
    return part[len("lib/"):] if part.startswith("lib/") else None


class Scanner:
    def __init__(self, root):
        self.root = root
        self.includes = {}  # path -> [(kind, name, resolved path or None)]
        self.libraries = {}  # path -> {library: chain of files leading to it}

    def read(self, path):
        if path not in self.includes:
            with open(path, encoding="utf-8", errors="replace") as f:
                text = f.read()
            found = []
            for m in INCLUDE.finditer(text):
                kind, name = m.group(1), m.group(2)
                found.append((kind, name, self.resolve(path, name) if kind == '"' else None))
            self.includes[path] = found
        return self.includes[path]

    def resolve(self, path, name):
        for base in (os.path.dirname(path), os.path.join(self.root, "lib")):
            candidate = os.path.normpath(os.path.join(base, name))
            if os.path.isfile(candidate):
                return candidate
        return None  # generated (ser_config.h) or outside the tree

    def libraries_of(self, path, active=()):
        """Each outside library the file reaches, with the chain of includes that reaches it."""
        if path in self.libraries:
            return self.libraries[path]
        reached = {}
        for kind, name, resolved in self.read(path):
            if kind == "<":
                for lib, pattern in LIBRARIES.items():
                    if pattern.match(name) and lib not in reached:
                        reached[lib] = ["<" + name + ">"]
            elif resolved and resolved not in active:
                for lib, chain in self.libraries_of(resolved, active + (path,)).items():
                    if lib not in reached:
                        reached[lib] = [os.path.relpath(resolved, self.root)] + chain
        self.libraries[path] = reached
        return reached


def check(root):
    scanner = Scanner(root)
    errors = []
    read = []
    for part in sorted(os.listdir(os.path.join(root, "lib"))):
        if os.path.isdir(os.path.join(root, "lib", part)) and "lib/" + part not in RULES:
            errors.append(f"lib/{part}: a part of lib/ with no layering rule: add its line to "
                          f"RULES in tools/check_includes.py and say it in docs/layout.md")
    for part, (parts, libraries) in RULES.items():
        top = os.path.join(root, part)
        if not os.path.isdir(top):
            continue
        allowed_parts = set(parts) | {"common", lib_part_name(part)}
        for folder, _, names in os.walk(top):
            read.append(folder)
            for name in sorted(names):
                if not SOURCE.search(name):
                    continue
                path = os.path.join(folder, name)
                rel = os.path.relpath(path, root)
                read.append(path)
                for kind, include, resolved in scanner.read(path):
                    if not resolved:
                        continue
                    target = part_of(root, resolved)
                    target_lib = lib_part_name(target) if target else None
                    if target == part or target_lib in allowed_parts:
                        continue
                    errors.append(f'{rel}: includes "{include}": {part} may not include {target}/ '
                                  f"(may: {', '.join('lib/' + p for p in sorted(allowed_parts))})")
                for lib, chain in scanner.libraries_of(path).items():
                    if lib not in libraries:
                        errors.append(f"{rel}: reaches {lib} through {' -> '.join(chain)}: {WHY[lib]}")
    read += [p for p in scanner.includes if p not in read]
    return errors, read


def main(root, stamp, depfile):
    root = os.path.abspath(root)
    errors, read = check(root)
    if errors:
        for e in errors:
            print("layering: " + e, file=sys.stderr)
        print(f"layering: {len(errors)} include(s) break the rules of docs/layout.md", file=sys.stderr)
        return 1
    with open(depfile, "w", encoding="utf-8") as f:
        f.write(stamp.replace(" ", "\\ ") + ": " + " ".join(p.replace(" ", "\\ ") for p in read) + "\n")
    open(stamp, "w").close()
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
