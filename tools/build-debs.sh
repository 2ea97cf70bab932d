#!/usr/bin/env bash
# Builds the Debian packages of seremotion from a staged install, with the Debian tools:
#
#   gstreamer1.0-seremotion       the plugin, the shipped models, the speech sample
#   ser-train                     the trainer
#   gstreamer1.0-seremotion-dev   the meta header and gstreamer-seremotion-1.0.pc
#
#   tools/build-debs.sh [BUILD_DIR]        (default build-deb; the packages go to BUILD_DIR/debs/)
#
# Configures its own build (prefix /usr, Debian's multiarch libdir and hardening flags, no tests),
# installs it into BUILD_DIR/stage, splits the files by tools/debian/<package>.install, adds the
# copyright and changelog, computes the library dependencies (dpkg-shlibdeps), writes the control
# files (dpkg-gencontrol) and builds each package (dpkg-deb). The version is the changelog's,
# whose upstream part must be meson.build's. Install the result with
#
#   sudo apt install ./build-deb/debs/*.deb
#
# Packagers may set SEREMOTION_PACKAGE_ORIGIN (the plugin's origin URL in gst-inspect-1.0).
set -euo pipefail
cd "$(dirname "$0")/.."
source_dir=$PWD

case "${1:-}" in -h|--help) sed -n '2,19p' "$0"; exit 0 ;; esac
build=$(realpath -m "${1:-build-deb}")
debian=tools/debian
packages=(gstreamer1.0-seremotion ser-train gstreamer1.0-seremotion-dev)

fail() { echo "build-debs: $*" >&2; exit 1; }
for tool in dpkg-architecture dpkg-buildflags dpkg-parsechangelog dpkg-shlibdeps dpkg-gencontrol dpkg-deb; do
  command -v "$tool" >/dev/null || fail "$tool not found: install dpkg-dev (tools/setup.sh does)"
done

version=$(dpkg-parsechangelog -l "$debian/changelog" -S Version)
upstream=$(meson introspect --projectinfo meson.build | python3 -c 'import json, sys; print(json.load(sys.stdin)["version"])')
[ "${version%-*}" = "$upstream" ] ||
  fail "$debian/changelog is at $version but meson.build at $upstream: add a changelog entry for $upstream-1"
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)

# Debian's hardening flags, without its -O2 and -g: the project's release build is -O3, and the
# packages ship stripped binaries.
flags() { dpkg-buildflags --get "$1" | sed -e 's/-O2//' -e 's/\(^\| \)-g\( \|$\)/ /'; }
if [ ! -f "$build/build.ninja" ]; then
  CPPFLAGS=$(flags CPPFLAGS) CXXFLAGS=$(flags CXXFLAGS) LDFLAGS=$(flags LDFLAGS) \
    meson setup "$build" --prefix=/usr --libdir="lib/$multiarch" --buildtype=release -Dtests=disabled \
    -Dpackage-name="seremotion $version (Debian package)" \
    -Dpackage-origin="${SEREMOTION_PACKAGE_ORIGIN:-Unknown package origin}"
fi
rm -rf "$build/stage" "$build/pkg" "$build/debs"
ninja -C "$build"
meson install -C "$build" --destdir "$build/stage" --no-rebuild --strip --quiet

# The layout dpkg-shlibdeps and dpkg-gencontrol expect: debian/control, debian/<package>/.
work=$build/pkg
mkdir -p "$work/debian" "$build/debs"
cp "$debian/control" "$debian/changelog" "$work/debian/"
for p in "${packages[@]}"; do
  root=$work/debian/$p
  [ -f "$debian/$p.install" ] || fail "$debian/$p.install is missing"
  while read -r pattern; do
    [ -n "$pattern" ] || continue
    matched=0
    for f in "$build/stage"/$pattern; do
      [ -e "$f" ] || continue
      rel=${f#"$build/stage/"}
      install -D -m 0644 "$f" "$root/$rel"
      matched=1
    done
    [ $matched -eq 1 ] || fail "$debian/$p.install: nothing installed matches $pattern"
  done < "$debian/$p.install"
  [ ! -d "$root/usr/bin" ] || chmod 0755 "$root"/usr/bin/*
  doc=$root/usr/share/doc/$p
  install -D -m 0644 "$debian/copyright" "$doc/copyright"
  gzip -9n < "$debian/changelog" > "$doc/changelog.Debian.gz"
  chmod 0644 "$doc/changelog.Debian.gz"
done

# What the staged install holds that no package takes is a mistake in the .install files.
(cd "$build/stage" && find . -type f | sed 's|^\./||' | sort) > "$work/staged"
(cd "$work/debian" && for p in "${packages[@]}"; do (cd "$p" && find usr -type f ! -path 'usr/share/doc/*'); done | sort) > "$work/packaged"
unpackaged=$(comm -23 "$work/staged" "$work/packaged")
[ -z "$unpackaged" ] || fail "installed but in no package (add it to a $debian/*.install): $unpackaged"

(
  cd "$work"
  for p in "${packages[@]}"; do
    # dpkg-shlibdeps finds a binary's package by the DEBIAN folder above it.
    mkdir -p "debian/$p/DEBIAN"
    elf=$(find "debian/$p" -type f \( -name '*.so' -o -path '*/bin/*' \))
    : > "debian/$p.substvars"
    [ -z "$elf" ] || dpkg-shlibdeps -T"debian/$p.substvars" $elf
    echo "misc:Depends=" >> "debian/$p.substvars"
    (cd "debian/$p" && find usr -type f -print0 | sort -z | xargs -0 md5sum > DEBIAN/md5sums)
    dpkg-gencontrol -p"$p" -T"debian/$p.substvars" -P"debian/$p"
    chmod 0644 "debian/$p/DEBIAN/control" "debian/$p/DEBIAN/md5sums"
    find "debian/$p" -type d -exec chmod 0755 {} +
    dpkg-deb --root-owner-group -Zxz --build "debian/$p" "$build/debs/" >/dev/null
  done
)
ls -1 "$build/debs/"
echo "build-debs: install with: sudo apt install $(realpath --relative-to="$source_dir" "$build/debs")/*.deb"
