#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for the browser tests (Playwright's own browser
# downloads are not used). Quiet when it is already there; run before `vitest run`.
set -euo pipefail
chromium="${FLOORPLAN_CHROMIUM:-/usr/bin/chromium}"
[[ -x "$chromium" ]] && exit 0
exec bash "$(dirname "$0")/../support/apt-install.sh" tests/browser/chromium.sh "$chromium" \
  "install Chromium and set FLOORPLAN_CHROMIUM to its path" chromium
