"""Setup, reload and unload of the entry, and the card the integration serves."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_capture_events,
)

from homeassistant.components.frontend import DATA_EXTRA_MODULE_URL, UrlManager
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError

from conftest import Sidecar, call_service
from custom_components.floorplan.const import CARD_URL, DOMAIN

CARD_JS = (
    "customElements.define('floorplan-presence-card', class extends HTMLElement {});\n"
)


async def test_started_event_fires_on_setup_and_reload(hass: HomeAssistant) -> None:
    events = async_capture_events(hass, "floorplan_integration_started")
    entry = MockConfigEntry(domain=DOMAIN)
    entry.add_to_hass(hass)

    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()
    assert len(events) == 1
    assert events[0].data == {"version": "0.1.0"}

    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()
    assert len(events) == 2


async def test_started_event_comes_after_everything_is_registered(
    hass: HomeAssistant, hass_ws_client: Any
) -> None:
    # A sidecar that re-attaches on the event must find the services and commands there.
    seen: list[bool] = []

    def on_started(_event: Any) -> None:
        seen.append(hass.services.has_service(DOMAIN, "status"))

    hass.bus.async_listen_once("floorplan_integration_started", on_started)
    entry = MockConfigEntry(domain=DOMAIN)
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done()

    assert seen == [True]


async def test_reload_drops_the_subscription_and_the_sidecar_attaches_again(
    hass: HomeAssistant, entry: MockConfigEntry, sidecar: Sidecar
) -> None:
    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()

    assert (await sidecar.next_event())["data"] == {"reason": "unloaded"}
    with pytest.raises(HomeAssistantError, match=r"^floorplan sidecar not connected$"):
        await call_service(hass, "status")

    await sidecar.attach()
    call = call_service(hass, "status")
    request = await sidecar.next_request()
    await sidecar.respond(request["request_id"], result={"ok": True})
    assert await call == {"ok": True}


async def test_unload_cleans_up(
    hass: HomeAssistant, entry: MockConfigEntry, sidecar: Sidecar
) -> None:
    in_flight = call_service(hass, "status")
    await sidecar.next_request()

    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done()

    assert entry.state is ConfigEntryState.NOT_LOADED
    # The sidecar is told its subscription ended...
    assert await sidecar.next_event() == {
        "request_id": None,
        "name": "detached",
        "data": {"reason": "unloaded"},
        "source": "integration",
    }
    # ...and, the subscription being gone, a later request could not reach it anyway.
    sub = await sidecar.command(
        {"type": "unsubscribe_events", "subscription": sidecar.sub_id}
    )
    assert sub["success"] is False
    # What was in flight fails, the services are gone.
    with pytest.raises(HomeAssistantError, match=r"^floorplan integration unloaded$"):
        await in_flight
    assert DOMAIN not in hass.services.async_services()
    assert DOMAIN not in hass.data
    msg = await sidecar.command(
        {"type": "floorplan/sidecar/subscribe", "version": "0.1.0"}
    )
    assert msg["error"]["code"] == "not_set_up"


@pytest.fixture
def card_file(tmp_path: Path) -> Path:
    path = tmp_path / "card" / "floorplan-presence-card.js"
    path.parent.mkdir()
    path.write_text(CARD_JS)
    return path


@pytest.fixture
def frontend_loaded(hass: HomeAssistant) -> UrlManager:
    # The frontend integration needs the home-assistant-frontend package, which the test
    # virtualenv does not have; what the card uses of it is this URL set.
    hass.data[DATA_EXTRA_MODULE_URL] = urls = UrlManager([])
    return urls


async def test_card_is_served_and_loaded_when_installed(
    hass: HomeAssistant,
    card_file: Path,
    frontend_loaded: UrlManager,
    hass_client: Any,
) -> None:
    with patch("custom_components.floorplan.card.CARD_PATH", card_file):
        entry = MockConfigEntry(domain=DOMAIN)
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()

        (loaded,) = frontend_loaded.urls
        assert loaded.startswith(f"{CARD_URL}?v=")
        client = await hass_client()
        response = await client.get(loaded)
        assert response.status == 200
        assert await response.text() == CARD_JS

        # An updated card gets a new URL, so browsers do not keep the old one; a reload does
        # not register the route twice (aiohttp would refuse).
        card_file.write_text(CARD_JS + "// v2\n")
        assert await hass.config_entries.async_reload(entry.entry_id)
        await hass.async_block_till_done()
        assert entry.state is ConfigEntryState.LOADED
        (reloaded,) = frontend_loaded.urls
        assert reloaded.startswith(f"{CARD_URL}?v=") and reloaded != loaded

        assert await hass.config_entries.async_unload(entry.entry_id)
        assert frontend_loaded.urls == frozenset()


async def test_missing_card_logs_one_warning_and_setup_goes_on(
    hass: HomeAssistant,
    tmp_path: Path,
    frontend_loaded: UrlManager,
    caplog: pytest.LogCaptureFixture,
    hass_client: Any,
) -> None:
    with patch("custom_components.floorplan.card.CARD_PATH", tmp_path / "missing.js"):
        entry = MockConfigEntry(domain=DOMAIN)
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()

    assert entry.state is ConfigEntryState.LOADED
    assert frontend_loaded.urls == frozenset()
    warnings = [
        r
        for r in caplog.records
        if r.name.startswith("custom_components.floorplan") and r.levelname == "WARNING"
    ]
    assert len(warnings) == 1
    assert "missing.js" in warnings[0].getMessage()
    client = await hass_client()
    assert (await client.get(CARD_URL)).status == 404
