"""Serve the Lovelace card from the integration, so one install gives both."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from homeassistant.components.frontend import DATA_EXTRA_MODULE_URL, add_extra_js_url
from homeassistant.core import HomeAssistant

from .const import CARD_URL, DOMAIN

_LOGGER = logging.getLogger(__name__)

# Built into the integration's folder by the card's build; a module constant so tests can
# point it elsewhere.
CARD_PATH = Path(__file__).resolve().parent / "frontend" / "floorplan-presence-card.js"

# The route outlives a config entry: aiohttp cannot remove it, so it is added once per run.
_DATA_CARD_ROUTE = f"{DOMAIN}_card_route"
_DATA_CARD_MODULE = f"{DOMAIN}_card_module"


def module_url(content: bytes) -> str:
    """The card's URL with its content's digest, so browsers fetch an updated card at once."""
    return f"{CARD_URL}?v={hashlib.sha256(content).hexdigest()[:12]}"


async def async_register_card(hass: HomeAssistant) -> bool:
    """Serve the card and load it on every dashboard; False when it is not installed."""
    path = CARD_PATH
    if not await hass.async_add_executor_job(path.is_file):
        _LOGGER.warning(
            "The floorplan card is not installed (%s is missing); the integration works"
            " without it, but dashboards cannot show the floor plan",
            path,
        )
        return False
    if not hass.data.get(_DATA_CARD_ROUTE):
        # No cache headers: an update replaces the file under the same URL.
        hass.http.register_static_path(CARD_URL, str(path), cache_headers=False)
        hass.data[_DATA_CARD_ROUTE] = True
    if DATA_EXTRA_MODULE_URL in hass.data:
        url = module_url(await hass.async_add_executor_job(path.read_bytes))
        hass.data[_DATA_CARD_MODULE] = url
        add_extra_js_url(hass, url)
    else:
        _LOGGER.warning(
            "The frontend is not loaded; add %s as a dashboard resource to use the card",
            CARD_URL,
        )
    return True


def unregister_card(hass: HomeAssistant) -> None:
    """Stop loading the card on dashboards (the route itself stays until restart)."""
    url = hass.data.pop(_DATA_CARD_MODULE, None)
    if url is not None and (urls := hass.data.get(DATA_EXTRA_MODULE_URL)) is not None:
        urls.remove(url)
