#!/usr/bin/env bash
# Makes sure Debian's Mosquitto broker is installed for the MQTT sink's tests, which start their own
# broker on 127.0.0.1 (tests/mqtt/broker.ts). Quiet when it is already there; run before `vitest run`.
set -euo pipefail
# Debian puts the broker in /usr/sbin, which is not on every user's PATH.
[[ -x /usr/sbin/mosquitto && -x /usr/bin/mosquitto_passwd ]] && exit 0
command -v mosquitto >/dev/null 2>&1 && command -v mosquitto_passwd >/dev/null 2>&1 && exit 0
# Where an init system runs, the package also starts a system broker on port 1883; the tests do not use it.
exec bash "$(dirname "$0")/../support/apt-install.sh" tests/mqtt/mosquitto.sh /usr/sbin/mosquitto \
  "install the Mosquitto broker (with mosquitto_passwd) and put it on PATH" --no-install-recommends mosquitto
