#!/usr/bin/env bash
# Creates (once) the virtualenv with Home Assistant and its pytest kit, and prints its path.
# Reinstalls when requirements.txt changes. Used by the Python tests and the real-HA e2e tests.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
venv="${FLOORPLAN_HA_VENV:-$(cd "$here/../.." && pwd)/.venv/ha}"
stamp="$venv/.requirements"
if [[ ! -f "$stamp" ]] || ! cmp -s "$here/requirements.txt" "$stamp"; then
  echo "Installing Home Assistant into $venv (first run takes a few minutes)…" >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$here/requirements.txt" >&2
  cp "$here/requirements.txt" "$stamp"
fi
cd "$venv" && pwd
