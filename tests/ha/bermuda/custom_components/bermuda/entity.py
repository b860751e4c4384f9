"""Base entity of the Bermuda test double: device link and update signal."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import area_registry as ar
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddEntitiesCallback

from .const import CONF_BLE_MAC, CONF_DEVICES, CONF_NAME, CONF_SCANNERS, DOMAIN, SIGNAL_UPDATE, is_ibeacon, is_mac

if TYPE_CHECKING:
    from . import Runtime


def add_device_entities(
    hass: HomeAssistant,
    async_add_entities: AddEntitiesCallback,
    build: Callable[[Runtime, str, dict[str, Any]], Iterable[Entity]],
) -> None:
    """Add the entities `build` makes for each tracked device: every platform's setup."""
    runtime: Runtime = hass.data[DOMAIN]
    assert runtime.config is not None
    async_add_entities(
        entity
        for key, device in runtime.config[CONF_DEVICES].items()
        for entity in build(runtime, key, device)
    )


class BermudaEntity(Entity):
    """An entity of one tracked device, pushed by the test services."""

    _attr_should_poll = False
    _attr_has_entity_name = True

    def __init__(self, runtime: Runtime, key: str, device: dict[str, Any]) -> None:
        self._runtime = runtime
        self._key = key
        self._device = device

    @property
    def device_info(self) -> DeviceInfo:
        # As Bermuda links its entities: identifier (bermuda, key), plus the
        # connection that lets the device merge with the Bluetooth/iBeacon one.
        if is_mac(self._key):
            connections = {(dr.CONNECTION_BLUETOOTH, self._key.upper())}
        elif is_ibeacon(self._key):
            connections = {("ibeacon", self._key)}
        else:
            connections = {("private_ble_device", self._key)}
        info = DeviceInfo(
            identifiers={(DOMAIN, self._key)},
            connections=connections,
            name=self._device["name"],
        )
        if is_ibeacon(self._key):
            info["model"] = f"iBeacon: {self._key}"
        return info

    async def async_added_to_hass(self) -> None:
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass, SIGNAL_UPDATE.format(self._key), self._async_updated
            )
        )

    @callback
    def _async_updated(self) -> None:
        self.async_write_ha_state()

    # -- what the device currently "hears" ------------------------------------

    def _scanners(self) -> dict[str, dict[str, Any]]:
        assert self._runtime.config is not None
        return self._runtime.config[CONF_SCANNERS]

    def _nearest(self) -> tuple[str, float] | None:
        """The scanner with the shortest known distance, as Bermuda picks an area."""
        best: tuple[str, float] | None = None
        for scanner in self._scanners():
            value = self._runtime.distance(self._key, scanner)
            if isinstance(value, (int, float)) and (best is None or value < best[1]):
                best = (scanner, float(value))
        return best

    def _scanner_area(self, wifi_mac: str) -> tuple[str | None, str | None]:
        """The area (id, name) of a scanner's device in the registry."""
        device = dr.async_get(self.hass).async_get_device(
            connections={(dr.CONNECTION_NETWORK_MAC, wifi_mac)}
        )
        if device is None or device.area_id is None:
            return None, None
        area = ar.async_get(self.hass).async_get_area(device.area_id)
        return device.area_id, area.name if area else None

    def _scanner_name(self, wifi_mac: str) -> str:
        """The proxy's name as the user sees it (a rename in the UI wins)."""
        device = dr.async_get(self.hass).async_get_device(
            connections={(dr.CONNECTION_NETWORK_MAC, wifi_mac)}
        )
        if device is not None:
            return device.name_by_user or device.name or self._scanners()[wifi_mac][CONF_NAME]
        return self._scanners()[wifi_mac][CONF_NAME]

    def _scanner_source(self, wifi_mac: str) -> str:
        """The address the proxy's adverts come from (WiFi MAC before ESPHome 2025.3)."""
        return self._scanners()[wifi_mac].get(CONF_BLE_MAC) or wifi_mac
