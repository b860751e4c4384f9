#!/usr/bin/env bash
# Makes sure Debian's Chromium is installed for the browser tests (Playwright's own browser
# downloads are not used). Quiet when it is already there; run before `vitest run`.
set -euo pipefail
chromium="${FLOORPLAN_CHROMIUM:-/usr/bin/chromium}"
[[ -x "$chromium" ]] && exit 0

if [[ "$(id -u)" -eq 0 ]]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  echo "tests/browser/chromium.sh: $chromium is missing and installing it needs root (or password-less sudo): run 'sudo apt-get install -y chromium'" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "tests/browser/chromium.sh: $chromium is missing and there is no apt-get here; install Chromium and set FLOORPLAN_CHROMIUM to its path" >&2
  exit 1
fi

echo "Installing Chromium for the browser tests…" >&2
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! { "${sudo[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq chromium; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "tests/browser/chromium.sh: could not install chromium with apt-get (output above)" >&2
  exit 1
fi
[[ -x "$chromium" ]] || { echo "tests/browser/chromium.sh: apt-get installed chromium but $chromium is still missing" >&2; exit 1; }
