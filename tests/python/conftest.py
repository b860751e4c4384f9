"""Fixtures: a real Home Assistant core in-process, the floorplan entry and a fake sidecar."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from pathlib import Path
from typing import Any

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from homeassistant.core import HomeAssistant

from custom_components.floorplan.const import DOMAIN

RECEIVE_TIMEOUT = 5


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load custom_components/floorplan from the repo."""


@pytest.fixture(autouse=True)
def config_dir(hass: HomeAssistant, tmp_path: Path) -> Path:
    """A config dir per test, so floorplan.yaml never lands in the test kit's folder."""
    hass.config.config_dir = str(tmp_path)
    return tmp_path


@pytest.fixture
async def entry(hass: HomeAssistant) -> MockConfigEntry:
    """The floorplan config entry, set up."""
    config_entry = MockConfigEntry(domain=DOMAIN, title="Floorplan Presence")
    config_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(config_entry.entry_id)
    await hass.async_block_till_done()
    return config_entry


class WsClient:
    """A websocket connection to Home Assistant, with helpers for floorplan commands."""

    # The floorplan subscription this connection holds, if any.
    sub_id: int | None = None

    def __init__(self, ws: Any) -> None:
        self.ws = ws

    async def command(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Send a command and return its result message."""
        await self.ws.send_json_auto_id(payload)
        msg = await self.ws.receive_json(timeout=RECEIVE_TIMEOUT)
        assert msg["type"] == "result", msg
        return msg

    async def subscribe(self, payload: dict[str, Any]) -> None:
        msg = await self.command(payload)
        assert msg["success"], msg
        self.sub_id = msg["id"]

    async def unsubscribe(self) -> None:
        msg = await self.command(
            {"type": "unsubscribe_events", "subscription": self.sub_id}
        )
        assert msg["success"], msg

    async def next_event(self) -> dict[str, Any]:
        """The next event on the subscription."""
        msg = await self.ws.receive_json(timeout=RECEIVE_TIMEOUT)
        assert msg["type"] == "event" and msg["id"] == self.sub_id, msg
        return msg["event"]

    async def assert_silent(self) -> None:
        """Nothing more arrives on this connection (for a moment)."""
        with pytest.raises(TimeoutError):
            await self.ws.receive_json(timeout=0.1)

    async def close(self) -> None:
        await self.ws.close()


class Sidecar(WsClient):
    """What the Node sidecar does on its connection, driven by the test."""

    async def attach(self, version: str = "0.1.0") -> None:
        await self.subscribe({"type": "floorplan/sidecar/subscribe", "version": version})

    async def next_request(self) -> dict[str, Any]:
        """The next forwarded request; checks the request event's shape."""
        event = await self.next_event()
        assert set(event) == {"request_id", "name", "data", "source"}, event
        assert isinstance(event["request_id"], str) and event["request_id"]
        return event

    async def respond(self, request_id: str, **answer: Any) -> dict[str, Any]:
        return await self.command(
            {"type": "floorplan/sidecar/respond", "request_id": request_id, **answer}
        )

    async def update(self, **payload: Any) -> dict[str, Any]:
        return await self.command({"type": "floorplan/sidecar/update", **payload})

    async def presence(self, **payload: Any) -> dict[str, Any]:
        return await self.command({"type": "floorplan/sidecar/presence", **payload})

    async def stream(self, event: dict[str, Any]) -> dict[str, Any]:
        return await self.command({"type": "floorplan/sidecar/stream", "event": event})


def stream_notification(active: bool) -> dict[str, Any]:
    """What the sidecar is sent when the first card subscribes or the last one leaves."""
    return {
        "request_id": None,
        "name": "stream",
        "data": {"active": active},
        "source": "integration",
    }


@pytest.fixture
def ws_client(hass: HomeAssistant, hass_ws_client: Any):
    """Open an admin websocket connection (or another user's, given their token)."""

    async def open_client(access_token: str | None = None) -> WsClient:
        if access_token is None:
            return WsClient(await hass_ws_client(hass))
        return WsClient(await hass_ws_client(hass, access_token))

    return open_client


@pytest.fixture
def new_card(ws_client: Any):
    """Open a connection as ws_client does and subscribe it as a card."""

    async def open_card(access_token: str | None = None) -> WsClient:
        card = await ws_client(access_token)
        await card.subscribe({"type": "floorplan/subscribe"})
        return card

    return open_card


@pytest.fixture
def new_sidecar(hass: HomeAssistant, hass_ws_client: Any):
    """Open an admin connection and attach it as the sidecar."""

    async def open_sidecar(attach: bool = True) -> Sidecar:
        sidecar = Sidecar(await hass_ws_client(hass))
        if attach:
            await sidecar.attach()
        return sidecar

    return open_sidecar


@pytest.fixture
async def sidecar(entry: MockConfigEntry, new_sidecar: Any) -> Sidecar:
    """An attached sidecar on a set-up entry."""
    return await new_sidecar()


def call_service(
    hass: HomeAssistant,
    name: str,
    data: dict[str, Any] | None = None,
    return_response: bool = True,
    **kwargs: Any,
) -> asyncio.Task[Any]:
    """Start a floorplan service call; the test answers as the sidecar, then awaits it."""
    coro: Awaitable[Any] = hass.services.async_call(
        DOMAIN,
        name,
        data or {},
        blocking=True,
        return_response=return_response,
        **kwargs,
    )
    return asyncio.ensure_future(coro)
