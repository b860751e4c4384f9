"""Bermuda's BLE device_tracker per tracked device (home / not_home)."""

from __future__ import annotations

from typing import Any

from homeassistant.components.device_tracker import SourceType
from homeassistant.components.device_tracker.config_entry import BaseTrackerEntity
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import STATE_HOME, STATE_NOT_HOME
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddEntitiesCallback

from .entity import BermudaEntity, add_device_entities


async def async_setup_entry(
    hass: HomeAssistant, entry: ConfigEntry, async_add_entities: AddEntitiesCallback
) -> None:
    add_device_entities(
        hass,
        async_add_entities,
        lambda runtime, key, device: [BermudaDeviceTracker(runtime, key, device)],
    )


class BermudaDeviceTracker(BermudaEntity, BaseTrackerEntity):
    """`device_tracker.<device>_bermuda_tracker`, unique id = the device key."""

    _attr_name = "Bermuda Tracker"

    @property
    def unique_id(self) -> str:
        return self._key

    @property
    def state(self) -> str:
        return STATE_HOME if self._runtime.home(self._key) else STATE_NOT_HOME

    @property
    def source_type(self) -> SourceType:
        return SourceType.BLUETOOTH_LE

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        nearest = self._nearest()
        return {
            "scanner": self._scanner_name(nearest[0]) if nearest else None,
            "area": self._scanner_area(nearest[0])[1] if nearest else None,
        }

    @property
    def icon(self) -> str:
        return "mdi:bluetooth-connect" if self._runtime.home(self._key) else "mdi:bluetooth-off"
