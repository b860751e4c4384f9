"""What every floorplan entity shares: its state is the sidecar's last push for one item."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddEntitiesCallback

from .const import DOMAIN, NAME
from .runtime import PushedStore


@callback
def add_pushed_entities(
    hass: HomeAssistant,
    entry: ConfigEntry,
    async_add_entities: AddEntitiesCallback,
    store: PushedStore,
    make: Callable[[str], Iterable[Entity]],
) -> None:
    """Add make(key)'s entities for each item known now and for each new one."""

    @callback
    def add(keys: list[str]) -> None:
        async_add_entities(entity for key in keys for entity in make(key))

    @callback
    def add_new(key: str) -> None:
        add([key])

    add(list(store.states))
    entry.async_on_unload(
        async_dispatcher_connect(hass, store.new_entity_signal(), add_new)
    )


def device_info(identifier: str, name: str, model: str) -> DeviceInfo:
    """One of the integration's devices: a moving entity, the house, a room or a zone."""
    return DeviceInfo(
        identifiers={(DOMAIN, identifier)},
        name=name,
        manufacturer=NAME,
        model=model,
    )


class PushedEntity(Entity):
    """An entity written whenever the sidecar sends its item; unavailable while it is not
    listed (or no sidecar is attached, for presence)."""

    _attr_has_entity_name = True
    _attr_should_poll = False

    def __init__(self, store: PushedStore, key: str) -> None:
        self._store = store
        self._key = key

    @property
    def _state(self) -> dict[str, Any]:
        return self._store.states[self._key]

    @property
    def available(self) -> bool:
        """Whether the sidecar lists the item now."""
        return self._key in self._store.available

    async def async_added_to_hass(self) -> None:
        """Write the state whenever the sidecar sends this item."""
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass,
                self._store.updated_signal(self._key),
                self.async_write_ha_state,
            )
        )


class RoomEntity(PushedEntity):
    """One of a room's entities, on the room's device; the unique id ends with the
    translation key."""

    def __init__(self, store: PushedStore, room_id: str) -> None:
        super().__init__(store, room_id)
        self._attr_unique_id = f"floorplan_room_{room_id}_{self._attr_translation_key}"
        name = store.states[room_id].get("name") or room_id
        self._attr_device_info = device_info(f"room:{room_id}", name, "Room")
