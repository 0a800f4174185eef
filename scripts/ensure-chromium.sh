#!/usr/bin/env bash
# Browser tests drive Debian's Chromium (Playwright's own browser download does not work
# on our machines). Install it when missing and we are allowed to.
set -euo pipefail
if [ -n "${RENSTRA_SKIP_BROWSER:-}" ] || command -v chromium >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ]; then
  echo "Installing Debian's chromium for the browser tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
else
  echo "chromium is missing: run 'sudo apt-get install -y chromium' (or set RENSTRA_SKIP_BROWSER=1)." >&2
  exit 1
fi
