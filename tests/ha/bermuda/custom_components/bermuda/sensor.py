"""Sensors of the Bermuda test double, with Bermuda's unique ids and names.

Per tracked device (key = lower-case MAC, iBeacon uuid_major_minor or IRK):

| unique id                  | name                           | enabled |
| -------------------------- | ------------------------------ | ------- |
| `<key>`                    | Area                           | yes     |
| `<key>_range`              | Distance (to the nearest)      | yes     |
| `<key>_<wifi mac>_range`     | Distance to <scanner>          | no      |
| `<key>_<wifi mac>_range_raw` | Unfiltered Distance to <scanner> | no    |
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from homeassistant.components.sensor import SensorDeviceClass, SensorEntity, SensorStateClass
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import UnitOfLength
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddEntitiesCallback

from .const import CONF_SCANNERS, UNAVAILABLE
from .entity import BermudaEntity, add_device_entities

if TYPE_CHECKING:
    from . import Runtime


async def async_setup_entry(
    hass: HomeAssistant, entry: ConfigEntry, async_add_entities: AddEntitiesCallback
) -> None:
    add_device_entities(hass, async_add_entities, _device_sensors)


def _device_sensors(runtime: Runtime, key: str, device: dict[str, Any]) -> Iterator[SensorEntity]:
    assert runtime.config is not None
    yield BermudaAreaSensor(runtime, key, device)
    yield BermudaRangeSensor(runtime, key, device)
    for wifi_mac in runtime.config[CONF_SCANNERS]:
        yield BermudaScannerRangeSensor(runtime, key, device, wifi_mac)
        yield BermudaScannerRangeRawSensor(runtime, key, device, wifi_mac)


class BermudaAreaSensor(BermudaEntity, SensorEntity):
    """Area of the nearest scanner."""

    _attr_name = "Area"
    _attr_device_class = "bermuda__custom_device_class"

    @property
    def unique_id(self) -> str:
        return self._key

    @property
    def native_value(self) -> str | None:
        nearest = self._nearest()
        return self._scanner_area(nearest[0])[1] if nearest else None

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        nearest = self._nearest()
        area_id, area_name = self._scanner_area(nearest[0]) if nearest else (None, None)
        return {"area_id": area_id, "area_name": area_name, "current_mac": self._key}


class BermudaRangeSensor(BermudaEntity, SensorEntity):
    """Distance to the nearest scanner."""

    _attr_name = "Distance"
    _attr_device_class = SensorDeviceClass.DISTANCE
    _attr_native_unit_of_measurement = UnitOfLength.METERS
    _attr_state_class = SensorStateClass.MEASUREMENT

    @property
    def unique_id(self) -> str:
        return f"{self._key}_range"

    @property
    def native_value(self) -> float | None:
        nearest = self._nearest()
        return round(nearest[1], 1) if nearest else None

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        return {"current_mac": self._key}


class BermudaScannerRangeSensor(BermudaEntity, SensorEntity):
    """Distance to one scanner: the sensor floorplan reads. Disabled by default."""

    _attr_device_class = SensorDeviceClass.DISTANCE
    _attr_native_unit_of_measurement = UnitOfLength.METERS
    _attr_state_class = SensorStateClass.MEASUREMENT
    _attr_entity_registry_enabled_default = False
    _suffix = "range"
    _prefix = "Distance to"

    def __init__(
        self, runtime: Runtime, key: str, device: dict[str, Any], wifi_mac: str
    ) -> None:
        super().__init__(runtime, key, device)
        self._wifi_mac = wifi_mac

    @property
    def unique_id(self) -> str:
        # Bermuda keys these by the proxy's WiFi MAC (kept across ESPHome 2025.3).
        return f"{self._key}_{self._wifi_mac}_{self._suffix}"

    @property
    def name(self) -> str:
        return f"{self._prefix} {self._scanner_name(self._wifi_mac)}"

    @property
    def available(self) -> bool:
        return self._runtime.distance(self._key, self._wifi_mac) != UNAVAILABLE

    @property
    def native_value(self) -> float | None:
        value = self._runtime.distance(self._key, self._wifi_mac)
        return round(float(value), 3) if isinstance(value, (int, float)) else None

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        # Bermuda only describes the scanner once it has heard the device.
        if not isinstance(self._runtime.distance(self._key, self._wifi_mac), (int, float)):
            return None
        area_id, area_name = self._scanner_area(self._wifi_mac)
        return {
            "area_id": area_id,
            "area_name": area_name,
            "area_scanner_mac": self._scanner_source(self._wifi_mac),
            "area_scanner_name": self._scanner_name(self._wifi_mac),
        }


class BermudaScannerRangeRawSensor(BermudaScannerRangeSensor):
    """Unfiltered distance to one scanner (the same value here). Disabled by default."""

    _suffix = "range_raw"
    _prefix = "Unfiltered Distance to"
