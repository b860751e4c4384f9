"""Per room, whether anybody is in it (device class occupancy), written as the sidecar pushes."""

from __future__ import annotations

from homeassistant.components.binary_sensor import (
    BinarySensorDeviceClass,
    BinarySensorEntity,
)
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddEntitiesCallback

from .const import DOMAIN
from .entity import RoomEntity, add_pushed_entities
from .runtime import FloorplanRuntime


async def async_setup_entry(
    hass: HomeAssistant, entry: ConfigEntry, async_add_entities: AddEntitiesCallback
) -> None:
    """Add a binary sensor for each room known now and for each new one."""
    runtime: FloorplanRuntime = hass.data[DOMAIN]
    rooms = runtime.presence.rooms
    add_pushed_entities(
        hass,
        entry,
        async_add_entities,
        rooms,
        lambda room_id: (RoomOccupancySensor(rooms, room_id),),
    )


class RoomOccupancySensor(RoomEntity, BinarySensorEntity):
    """On while any moving entity that is home is in the room."""

    _attr_translation_key = "occupancy"
    _attr_device_class = BinarySensorDeviceClass.OCCUPANCY

    @property
    def is_on(self) -> bool:
        """Whether the room has occupants."""
        return bool(self._state["entity_ids"])
