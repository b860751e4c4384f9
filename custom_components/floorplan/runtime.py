"""Per-entry state, kept in hass.data because websocket commands outlive a config entry."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
import logging
from typing import Any

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_send

from .const import (
    DOMAIN,
    HOUSE,
    KIND_HOUSE,
    KIND_PRESENCE,
    KIND_ROOM,
    KIND_ZONE,
    SIGNAL_NEW,
    SIGNAL_UPDATED,
)
from .link import SidecarLink

_LOGGER = logging.getLogger(__name__)


class PushedStore:
    """The last state the sidecar pushed for each item of one kind (moving entities, rooms…)."""

    def __init__(self, hass: HomeAssistant, entry_id: str, kind: str) -> None:
        self._hass = hass
        self._entry_id = entry_id
        self._kind = kind
        self.states: dict[str, dict[str, Any]] = {}
        self.available: set[str] = set()

    def new_entity_signal(self) -> str:
        """Dispatched with the key when an item is seen for the first time."""
        return SIGNAL_NEW.format(kind=self._kind, entry_id=self._entry_id)

    def updated_signal(self, key: str) -> str:
        """Dispatched when that item's state or availability changed."""
        return SIGNAL_UPDATED.format(
            kind=self._kind, entry_id=self._entry_id, key=key
        )

    @callback
    def apply(
        self, entities: dict[str, dict[str, Any]], full: bool, removed: list[str]
    ) -> None:
        """Apply one message: new and changed items; with full, the others are gone."""
        changed: set[str] = set()
        for key, state in entities.items():
            is_new = key not in self.states
            self.states[key] = state
            self.available.add(key)
            if is_new:
                _LOGGER.debug("New %s %s", self._kind, key)
                async_dispatcher_send(self._hass, self.new_entity_signal(), key)
            else:
                changed.add(key)
        # Absent from a full update, or removed: unavailable, but the registry entries stay
        # so that history and customisations survive the item coming back.
        gone = set(removed)
        if full:
            gone |= self.states.keys() - entities.keys()
        for key in gone & self.available:
            self.available.discard(key)
            changed.add(key)
        for key in changed:
            async_dispatcher_send(self._hass, self.updated_signal(key))

    @callback
    def set_unavailable(self) -> None:
        """Every item unavailable until the sidecar sends it again."""
        gone, self.available = self.available, set()
        for key in gone:
            async_dispatcher_send(self._hass, self.updated_signal(key))


@dataclass
class PresenceStores:
    """What floorplan/sidecar/presence pushed: per moving entity, the house, rooms, zones."""

    devices: PushedStore
    house: PushedStore
    rooms: PushedStore
    zones: PushedStore

    @classmethod
    def create(cls, hass: HomeAssistant, entry_id: str) -> PresenceStores:
        """Empty stores for a config entry."""
        return cls(
            *(
                PushedStore(hass, entry_id, kind)
                for kind in (KIND_PRESENCE, KIND_HOUSE, KIND_ROOM, KIND_ZONE)
            )
        )

    @callback
    def apply(self, msg: dict[str, Any]) -> None:
        """Apply one floorplan/sidecar/presence message."""
        full = msg["full"]
        self.devices.apply(msg["devices"], full, [])
        house = msg.get("house")
        self.house.apply({} if house is None else {HOUSE: house}, full, [])
        self.rooms.apply(msg["rooms"], full, [])
        self.zones.apply(msg["zones"], full, [])

    @callback
    def set_unavailable(self) -> None:
        """The sidecar detached: nobody computes presence, so none of it is current."""
        for store in (self.devices, self.house, self.rooms, self.zones):
            store.set_unavailable()


@dataclass
class FloorplanRuntime:
    """What a loaded config entry holds."""

    entry_id: str
    link: SidecarLink
    # The moving entities (floorplan/sidecar/update).
    store: PushedStore
    presence: PresenceStores
    # Serialises floorplan/config/save so two writers cannot both pass the SHA check.
    config_lock: asyncio.Lock = field(default_factory=asyncio.Lock)


@callback
def get_runtime(hass: HomeAssistant) -> FloorplanRuntime | None:
    """The loaded entry's state, or None when floorplan is not set up."""
    return hass.data.get(DOMAIN)
