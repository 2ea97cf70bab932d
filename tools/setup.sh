#!/usr/bin/env bash
# Sets seremotion up on Debian 12: installs the packages it needs (apt, only what is missing),
# configures and builds it, then runs the main job: the seremotion element with the shipped
# default model on a real speech sample, printing what it hears.
#
#   tools/setup.sh [--no-run] [BUILD_DIR] [-- extra meson setup arguments, e.g. -Dtorch_dir=...]
#
# Runs apt through sudo when not root. Idempotent: a second run installs nothing and rebuilds
# only what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

run_main_job=1
build=build
meson_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --no-run) run_main_job=0 ;;
    --) shift; meson_args=("$@"); break ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) build=$1 ;;
  esac
  shift
done

packages=(
  # build (gcc: the C program of the install test; dpkg-dev: tools/build-debs.sh)
  meson ninja-build pkg-config g++ gcc python3 dpkg-dev
  # GStreamer: decoding, the element, its tests
  libgstreamer1.0-dev libgstreamer-plugins-base1.0-dev gstreamer1.0-tools
  gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-bad
  # decoding plain FLAC without a pipeline; features
  libflac-dev libfftw3-dev libsoxr-dev
  # networks (libtorch 1.13, CPU) and fast BLAS under it; Gloo's headers for c10d's process groups
  libtorch-dev libopenblas0-openmp libgloo-dev
  # checking TorchScript zips before libtorch reads them
  zlib1g-dev
  # tools, reports, tests
  nlohmann-json3-dev libcli11-dev libcairo2-dev libgtest-dev
  python3-gst-1.0 gir1.2-gstreamer-1.0 gir1.2-gst-plugins-base-1.0 python3-torch python3-numpy
  # seremotionscope in a desktop window, tested under a virtual screen (ximagesink, Xvfb)
  gstreamer1.0-x xvfb
)
tools/install-packages.sh setup "${packages[@]}"

if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" "${meson_args[@]}"
elif [ ${#meson_args[@]} -gt 0 ]; then
  meson setup --reconfigure "$build" "${meson_args[@]}"
fi
ninja -C "$build"

if [ $run_main_job -eq 1 ]; then
  tools/main-job.sh --build "$build"
fi
