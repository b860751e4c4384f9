#!/usr/bin/env bash
# Runs the Home Assistant integration's tests (custom_components/floorplan) with pytest in the
# Home Assistant virtualenv; tests/ha/venv.sh creates it on first use (FLOORPLAN_HA_VENV moves it).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
venv="$(bash "$root/tests/ha/venv.sh")"
cd "$root"
# No __pycache__ in custom_components/: HACS installs the folder as it is in the repo.
export PYTHONDONTWRITEBYTECODE=1
exec "$venv/bin/python" -m pytest -c tests/python/pytest.ini --rootdir tests/python tests/python "$@"
