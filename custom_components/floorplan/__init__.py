"""Floorplan Presence: the Home Assistant side of the floorplan sidecar.

The sidecar (`floorplan serve`) does the engine work; this integration registers the
floorplan.* services, the per-person sensors, the presence and occupancy entities and the
floorplan/* websocket commands, and
forwards. See docs/HOME-ASSISTANT.md for the protocol.
"""

from __future__ import annotations

import logging

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant, callback
import homeassistant.helpers.config_validation as cv
from homeassistant.helpers.typing import ConfigType

from .card import async_register_card, unregister_card
from .const import DOMAIN, EVENT_STARTED, KIND_ENTITY, VERSION
from .link import SidecarLink
from .runtime import FloorplanRuntime, PresenceStores, PushedStore
from .services import async_register_services, async_remove_services
from .stream import get_card_stream
from .websocket import async_register_websocket_commands

_LOGGER = logging.getLogger(__name__)

PLATFORMS: list[Platform] = [Platform.BINARY_SENSOR, Platform.SENSOR]

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the websocket commands: once per run, they cannot be unregistered."""
    async_register_websocket_commands(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    """Set up services, sensors and the card, then tell the sidecar to attach."""
    store = PushedStore(hass, entry.entry_id, KIND_ENTITY)
    presence = PresenceStores.create(hass, entry.entry_id)

    @callback
    def detached() -> None:
        """Nothing keeps the sidecar's entities current now: all of them unavailable."""
        store.set_unavailable()
        presence.set_unavailable()

    runtime = FloorplanRuntime(
        entry_id=entry.entry_id,
        link=SidecarLink(hass, get_card_stream(hass), on_detached=detached),
        store=store,
        presence=presence,
    )
    hass.data[DOMAIN] = runtime
    async_register_services(hass)
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    await async_register_card(hass)
    # Last, so a sidecar that attaches on this event finds everything in place.
    hass.bus.async_fire(EVENT_STARTED, {"version": VERSION})
    _LOGGER.info("Floorplan Presence %s set up; waiting for the sidecar", VERSION)
    return True


async def async_unload_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
    """Detach the sidecar, fail what is in flight and remove what setup added."""
    if not await hass.config_entries.async_unload_platforms(entry, PLATFORMS):
        return False
    runtime: FloorplanRuntime = hass.data.pop(DOMAIN)
    runtime.link.shutdown()
    async_remove_services(hass)
    unregister_card(hass)
    return True
