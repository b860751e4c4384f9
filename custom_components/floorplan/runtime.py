"""Per-entry state, kept in hass.data because websocket commands outlive a config entry."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
import logging
from typing import Any

from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.dispatcher import async_dispatcher_send

from .const import DOMAIN, SIGNAL_ENTITY_UPDATED, SIGNAL_NEW_ENTITY
from .link import SidecarLink

_LOGGER = logging.getLogger(__name__)


class PresenceStore:
    """The last state the sidecar pushed for each moving entity."""

    def __init__(self, hass: HomeAssistant, entry_id: str) -> None:
        self._hass = hass
        self._entry_id = entry_id
        self.states: dict[str, dict[str, Any]] = {}
        self.available: set[str] = set()

    def new_entity_signal(self) -> str:
        """Dispatched with the entity id when a moving entity is seen for the first time."""
        return SIGNAL_NEW_ENTITY.format(entry_id=self._entry_id)

    def updated_signal(self, entity_id: str) -> str:
        """Dispatched when that moving entity's state or availability changed."""
        return SIGNAL_ENTITY_UPDATED.format(
            entry_id=self._entry_id, entity_id=entity_id
        )

    @callback
    def apply(
        self, entities: dict[str, dict[str, Any]], full: bool, removed: list[str]
    ) -> None:
        """Apply one floorplan/sidecar/update message."""
        changed: set[str] = set()
        for entity_id, state in entities.items():
            is_new = entity_id not in self.states
            self.states[entity_id] = state
            self.available.add(entity_id)
            if is_new:
                _LOGGER.debug("New moving entity %s", entity_id)
                async_dispatcher_send(self._hass, self.new_entity_signal(), entity_id)
            else:
                changed.add(entity_id)
        # Absent from a full update, or removed: unavailable, but the registry entries stay
        # so that history and customisations survive the entity coming back.
        gone = set(removed)
        if full:
            gone |= self.states.keys() - entities.keys()
        for entity_id in gone & self.available:
            self.available.discard(entity_id)
            changed.add(entity_id)
        for entity_id in changed:
            async_dispatcher_send(self._hass, self.updated_signal(entity_id))


@dataclass
class FloorplanRuntime:
    """What a loaded config entry holds."""

    entry_id: str
    link: SidecarLink
    store: PresenceStore
    # Serialises floorplan/config/save so two writers cannot both pass the SHA check.
    config_lock: asyncio.Lock = field(default_factory=asyncio.Lock)


@callback
def get_runtime(hass: HomeAssistant) -> FloorplanRuntime | None:
    """The loaded entry's state, or None when floorplan is not set up."""
    return hass.data.get(DOMAIN)
