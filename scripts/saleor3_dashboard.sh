#!/usr/bin/env bash
# The Saleor 3 Dashboard build the demo and the browser tests serve under /dashboard/, from
# SALEOR3_DASHBOARD (required; never downloaded): a Dashboard build folder (the one holding
# index.html) or a .tar.gz of one, e.g. the shared
# SALEOR3_DASHBOARD=../shared/hosts/saleor-dashboard-3.23.27.tar.gz. An archive is unpacked
# once into .saleor3/dashboard/<sha256 of the archive>/ and again only when it changes.
# Prints the folder holding the build's index.html on stdout.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
die() { printf '\033[1;31msaleor3_dashboard: %s\033[0m\n' "$*" >&2; exit 1; }

[ -n "${SALEOR3_DASHBOARD:-}" ] || die "SALEOR3_DASHBOARD is not set: name a Saleor Dashboard build folder or \
its .tar.gz, e.g. SALEOR3_DASHBOARD=$ROOT/../shared/hosts/saleor-dashboard-3.23.27.tar.gz"

# The folder of a tree that holds the build's index.html (the tree itself or one level or two down).
build_in() {
  local found
  found="$(find "$1" -maxdepth 3 -name index.html | awk '{ print length($0) " " $0 }' | sort -n | head -1 \
    | cut -d' ' -f2-)"
  [ -n "$found" ] && grep -q "__SALEOR_CONFIG__" "$found" \
    || die "$SALEOR3_DASHBOARD holds no Saleor Dashboard build (an index.html with window.__SALEOR_CONFIG__)."
  dirname "$found"
}

if [ -d "$SALEOR3_DASHBOARD" ]; then
  build_in "$(cd "$SALEOR3_DASHBOARD" && pwd)"
  exit 0
fi
case "$SALEOR3_DASHBOARD" in
  *.tar.gz|*.tgz) [ -f "$SALEOR3_DASHBOARD" ] || die "SALEOR3_DASHBOARD=$SALEOR3_DASHBOARD does not exist." ;;
  *) die "SALEOR3_DASHBOARD=$SALEOR3_DASHBOARD is neither a folder nor a .tar.gz archive." ;;
esac
TREE="$ROOT/.saleor3/dashboard/$(sha256sum "$SALEOR3_DASHBOARD" | cut -d' ' -f1)"
if [ ! -d "$TREE" ]; then
  mkdir -p "$ROOT/.saleor3/dashboard"
  scratch="$(mktemp -d "$ROOT/.saleor3/dashboard/.unpack.XXXXXX")"
  tar -xzf "$SALEOR3_DASHBOARD" -C "$scratch" || { rm -rf "$scratch"; die "could not unpack $SALEOR3_DASHBOARD."; }
  # Another run may have unpacked it meanwhile: keep theirs.
  mv -T "$scratch" "$TREE" 2>/dev/null || rm -rf "$scratch"
fi
build_in "$TREE"
