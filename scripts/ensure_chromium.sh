#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (never a downloaded browser build). Install it
# when it is missing; when that is impossible, fail loudly: the browser tests never skip.
set -euo pipefail
CHROMIUM="${LOYALTY_CHROMIUM:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] && exit 0

echo "==> Installing Chromium for the browser tests (apt-get)" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo -n"
export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends chromium; } >&2; then
  echo "Chromium could not be installed at $CHROMIUM, and the browser tests need it." >&2
  echo "Install Debian's 'chromium' package (apt-get install chromium), or set LOYALTY_CHROMIUM." >&2
  exit 1
fi
[ -x "$CHROMIUM" ] || { echo "apt-get installed chromium, but $CHROMIUM is not there." >&2; exit 1; }
