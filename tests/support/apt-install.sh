#!/usr/bin/env bash
# Installs Debian packages the tests need (as root, or with password-less sudo), quietly unless it
# fails, and checks that a file they provide is there afterwards.
# Usage: apt-install.sh CALLER FILE HINT APT-GET-INSTALL-ARGUMENTS…
#   CALLER names the script in messages; HINT says what to do where there is no apt-get.
set -euo pipefail
caller="$1" file="$2" hint="$3"
shift 3
packages=()
for arg in "$@"; do [[ "$arg" == -* ]] || packages+=("$arg"); done

if [[ "$(id -u)" -eq 0 ]]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo=(sudo -n)
else
  echo "$caller: $file is missing and installing it needs root (or password-less sudo): run 'sudo apt-get install -y ${packages[*]}'" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "$caller: $file is missing and there is no apt-get here; $hint" >&2
  exit 1
fi

echo "$caller: installing ${packages[*]} for the tests…" >&2
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! { "${sudo[@]}" apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "$@"; } >"$log" 2>&1; then
  cat "$log" >&2
  echo "$caller: could not install ${packages[*]} with apt-get (output above)" >&2
  exit 1
fi
[[ -x "$file" ]] || { echo "$caller: apt-get installed ${packages[*]} but $file is still missing" >&2; exit 1; }
