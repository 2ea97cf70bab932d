#!/usr/bin/env bash
# Installs the Debian packages named that are not installed yet (apt, through sudo when not root);
# installs nothing when all are there. Used by tools/setup.sh and tools/sanitize.sh.
#   tools/install-packages.sh WHO PACKAGE...     (WHO prefixes the message, e.g. "setup")
set -euo pipefail
who=$1
shift
missing=()
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
echo "$who: installing ${#missing[@]} Debian packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
