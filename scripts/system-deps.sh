#!/usr/bin/env bash
# System packages that tests and pictures need, from Debian's packages:
#   raptor2-utils   rapper, an independent RDF parser the tests check exports with
#   virtuoso-opensource-7-bin   Virtuoso 7's server binary (virtuoso-t, no system service):
#                   the remote-store tests start it on loopback as a second SPARQL server
# Runs as root (CI, developer machines); elsewhere prints what to install.
set -euo pipefail
PKGS=(raptor2-utils fonts-noto-cjk chromium chromium-driver graphviz virtuoso-opensource-7-bin)  # fonts: Chinese in SVG/PNG; chromium: HTML pictures tested offline; graphviz: DOT checked
missing=()
for p in "${PKGS[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "please install: ${missing[*]} (apt-get install ${missing[*]})" >&2
fi
