"""Test double of Bermuda BLE Trilateration for floorplan's end-to-end tests.

Real Bermuda is not on PyPI and needs Bluetooth hardware. This integration
creates the same registry entries and entities real Bermuda creates (unique
ids, names, units, device links, disabled-by-default distance sensors), but
its values come from the `bermuda.set_distances` and `bermuda.set_presence`
services instead of radio adverts. Values are stored, so they survive a
restart of Home Assistant as a real environment would keep reporting them.

configuration.yaml (imported into a config entry, as Bermuda is config-entry
based):

    bermuda:
      scanners:                        # ESPHome proxies, keyed by WiFi MAC
        "24:0a:c4:00:00:01": {name: Kitchen Proxy, area: Kitchen}
      devices:                         # tracked devices, keyed by address
        "aa:bb:cc:dd:ee:01": {name: Alice Phone}
"""

from __future__ import annotations

from dataclasses import dataclass, field
import logging
from typing import Any

import voluptuous as vol

from homeassistant.config_entries import SOURCE_IMPORT, ConfigEntry
from homeassistant.core import HomeAssistant, ServiceCall
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.dispatcher import async_dispatcher_send
from homeassistant.helpers.storage import Store
from homeassistant.helpers.typing import ConfigType

from .const import (
    CONF_AREA,
    CONF_BLE_MAC,
    CONF_DEVICES,
    CONF_HOME,
    CONF_NAME,
    CONF_SCANNERS,
    DOMAIN,
    PLATFORMS,
    SIGNAL_UPDATE,
    STORAGE_KEY,
    STORAGE_VERSION,
    UNAVAILABLE,
    device_key,
    mac,
)

_LOGGER = logging.getLogger(__name__)


def _mac(value: Any) -> str:
    try:
        return mac(cv.string(value))
    except ValueError as err:
        raise vol.Invalid(str(err)) from err


def _key(value: Any) -> str:
    return device_key(cv.string(value))


def _normalised_keys(normalise):
    """Validate a mapping and normalise its keys (MACs in any case or separator)."""

    def validate(value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise vol.Invalid("expected a mapping")
        return {normalise(k): v for k, v in value.items()}

    return validate


SCANNER_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_NAME): cv.string,
        vol.Optional(CONF_AREA): cv.string,
        # The address the proxy reports adverts from. ESPHome before 2025.3 used
        # the WiFi MAC, which is also what Bermuda keeps in its unique ids.
        vol.Optional(CONF_BLE_MAC): _mac,
    }
)
DEVICE_SCHEMA = vol.Schema(
    {
        vol.Required(CONF_NAME): cv.string,
        vol.Optional(CONF_HOME, default=True): cv.boolean,
    }
)
CONFIG_SCHEMA = vol.Schema(
    {
        DOMAIN: vol.Schema(
            {
                vol.Optional(CONF_SCANNERS, default={}): vol.All(
                    _normalised_keys(_mac), {str: SCANNER_SCHEMA}
                ),
                vol.Optional(CONF_DEVICES, default={}): vol.All(
                    _normalised_keys(_key), {str: DEVICE_SCHEMA}
                ),
            }
        )
    },
    extra=vol.ALLOW_EXTRA,
)

DISTANCE = vol.Any(None, UNAVAILABLE, vol.All(vol.Coerce(float), vol.Range(min=0)))
SET_DISTANCES_SCHEMA = vol.Schema(
    {
        vol.Required("device"): _key,
        vol.Required("distances"): vol.All(_normalised_keys(_mac), {str: DISTANCE}),
    }
)
SET_PRESENCE_SCHEMA = vol.Schema(
    {vol.Required("device"): _key, vol.Required("home"): cv.boolean}
)


@dataclass
class Runtime:
    """What the (simulated) radios currently report, shared by all entities."""

    store: Store
    # device key -> {"home": bool, "distances": {scanner wifi mac: float | None | "unavailable"}}
    values: dict[str, dict[str, Any]] = field(default_factory=dict)
    # The loaded entry's configuration: {"scanners": {...}, "devices": {...}}.
    config: dict[str, Any] | None = None

    def distance(self, key: str, scanner: str) -> float | str | None:
        return self.values.get(key, {}).get("distances", {}).get(scanner)

    def home(self, key: str) -> bool:
        stored = self.values.get(key, {}).get("home")
        if stored is not None:
            return bool(stored)
        assert self.config is not None
        return bool(self.config[CONF_DEVICES][key].get(CONF_HOME, True))

    def check_device(self, key: str) -> dict[str, Any]:
        if self.config is None:
            raise ServiceValidationError("the bermuda config entry is not loaded")
        if key not in self.config[CONF_DEVICES]:
            known = ", ".join(sorted(self.config[CONF_DEVICES])) or "none"
            raise ServiceValidationError(f"unknown device `{key}` (devices: {known})")
        return self.values.setdefault(key, {"home": None, "distances": {}})


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Load stored values, register the services and import the YAML."""
    store: Store = Store(hass, STORAGE_VERSION, STORAGE_KEY)
    runtime = Runtime(store=store, values=(await store.async_load()) or {})
    hass.data[DOMAIN] = runtime

    async def set_distances(call: ServiceCall) -> None:
        key = call.data["device"]
        entry = runtime.check_device(key)
        assert runtime.config is not None
        scanners = runtime.config[CONF_SCANNERS]
        unknown = [m for m in call.data["distances"] if m not in scanners]
        if unknown:
            known = ", ".join(sorted(scanners)) or "none"
            raise ServiceValidationError(
                f"unknown scanner {', '.join(unknown)} (scanners: {known})"
            )
        entry["distances"].update(call.data["distances"])
        await store.async_save(runtime.values)
        async_dispatcher_send(hass, SIGNAL_UPDATE.format(key))

    async def set_presence(call: ServiceCall) -> None:
        key = call.data["device"]
        runtime.check_device(key)["home"] = call.data["home"]
        await store.async_save(runtime.values)
        async_dispatcher_send(hass, SIGNAL_UPDATE.format(key))

    hass.services.async_register(
        DOMAIN, "set_distances", set_distances, schema=SET_DISTANCES_SCHEMA
    )
    hass.services.async_register(
        DOMAIN, "set_presence", set_presence, schema=SET_PRESENCE_SCHEMA
    )

    if DOMAIN in config:
        hass.async_create_task(
            hass.config_entries.flow.async_init(
                DOMAIN, context={"source": SOURCE_IMPORT}, data=config[DOMAIN]
            )
        )
    return True


async def async_setup_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    """Register the scanners' devices and set up the entities."""
    runtime: Runtime = hass.data[DOMAIN]
    runtime.config = {
        CONF_SCANNERS: dict(entry.data.get(CONF_SCANNERS, {})),
        CONF_DEVICES: dict(entry.data.get(CONF_DEVICES, {})),
    }

    # The proxies' devices, as the ESPHome integration registers them: matched by
    # their WiFi MAC connection, named by the user, placed in an area.
    registry = dr.async_get(hass)
    for wifi_mac, scanner in runtime.config[CONF_SCANNERS].items():
        registry.async_get_or_create(
            config_entry_id=entry.entry_id,
            connections={(dr.CONNECTION_NETWORK_MAC, wifi_mac)},
            name=scanner[CONF_NAME],
            manufacturer="Espressif",
            model="esp32 bluetooth proxy (test double)",
            suggested_area=scanner.get(CONF_AREA),
        )

    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    return True


async def async_unload_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    """Unload the entities; the stored values stay for the next setup."""
    unloaded = await hass.config_entries.async_unload_platforms(entry, PLATFORMS)
    if unloaded:
        hass.data[DOMAIN].config = None
    return unloaded
