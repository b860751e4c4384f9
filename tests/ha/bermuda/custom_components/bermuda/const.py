"""Constants and key handling shared by the Bermuda test double."""

from __future__ import annotations

import re

DOMAIN = "bermuda"
PLATFORMS = ["sensor", "device_tracker"]

CONF_SCANNERS = "scanners"
CONF_DEVICES = "devices"
CONF_NAME = "name"
CONF_AREA = "area"
CONF_BLE_MAC = "ble_mac"
CONF_HOME = "home"

UNAVAILABLE = "unavailable"

# Entities listen on this signal (formatted with the device key) for new values.
SIGNAL_UPDATE = "bermuda_test_double_update_{}"

STORAGE_KEY = "bermuda_test_double"
STORAGE_VERSION = 1

_MAC = re.compile(r"^[0-9a-f]{2}(:[0-9a-f]{2}){5}$")
_IBEACON = re.compile(r"^[0-9a-f]{32}_[0-9a-f]*_[0-9a-f]*$")


def mac(value: str) -> str:
    """Normalise a MAC as Home Assistant stores it: lower case, colon separated."""
    hexdigits = re.sub(r"[^0-9a-fA-F]", "", value).lower()
    if len(hexdigits) != 12:
        raise ValueError(f"not a MAC address: {value!r}")
    return ":".join(hexdigits[i : i + 2] for i in range(0, 12, 2))


def device_key(value: str) -> str:
    """Bermuda's unique id for a tracked device.

    A MAC address in lower-case colon form; an iBeacon `uuid_major_minor` or a
    32-hex IRK kept as is (lower case), as real Bermuda keys its metadevices.
    """
    text = value.strip().lower()
    if re.fullmatch(r"[0-9a-f]{2}([:-]?[0-9a-f]{2}){5}", text):
        return mac(text)
    return text


def is_mac(key: str) -> bool:
    return bool(_MAC.match(key))


def is_ibeacon(key: str) -> bool:
    return bool(_IBEACON.match(key))
