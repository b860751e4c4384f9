"""The link to the sidecar: forwards requests over its websocket subscription.

The sidecar attaches with floorplan/sidecar/subscribe; every service call or card call becomes
an event on that subscription and waits for floorplan/sidecar/respond. Only one sidecar is
attached at a time. The link also tells the cards whether a sidecar is attached, and the
sidecar whether a card is watching. No engine logic lives here.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
import logging
from typing import Any
import uuid

from homeassistant.components.websocket_api import ActiveConnection
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError

from .const import (
    ERR_FAILED,
    ERR_INVALID,
    ERR_NOT_CONNECTED,
    ERR_TIMEOUT,
    MSG_DISCONNECTED,
    MSG_NOT_CONNECTED,
    MSG_REPLACED,
    MSG_UNLOADED,
    NOTIFY_STREAM,
    REQUEST_TIMEOUT,
    VERSION,
)
from .stream import CardStream

_LOGGER = logging.getLogger(__name__)


class SidecarError(Exception):
    """A forwarded request failed; code is sent as is to websocket callers."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def as_ha_error(self) -> HomeAssistantError:
        """The exception a service call raises: the caller's input is wrong, or not."""
        if self.code == ERR_INVALID:
            return ServiceValidationError(self.message)
        return HomeAssistantError(self.message)


@dataclass(eq=False)
class _Sidecar:
    connection: ActiveConnection
    msg_id: int
    version: str
    unsubscribe: Callable[[], None] = field(default=lambda: None)

    def describe(self) -> str:
        return f"{self.version} ({self.connection.get_description(None)})"


class SidecarLink:
    """Holds the attached sidecar and the requests waiting for its answers."""

    def __init__(
        self,
        hass: HomeAssistant,
        cards: CardStream,
        on_detached: Callable[[], None] = lambda: None,
    ) -> None:
        self._hass = hass
        self._cards = cards
        # Called when the attached sidecar goes and none replaces it.
        self._on_detached = on_detached
        self._sidecar: _Sidecar | None = None
        self._pending: dict[str, tuple[asyncio.Future[Any], _Sidecar]] = {}
        self._remove_cards_listener = cards.add_listener(self._notify_stream)

    @callback
    def attach(
        self, connection: ActiveConnection, msg_id: int, version: str
    ) -> Callable[[], None]:
        """Make this subscription the sidecar; returns its unsubscribe callback."""
        previous = self._sidecar
        sidecar = _Sidecar(connection, msg_id, version)
        self._sidecar = sidecar

        @callback
        def unsubscribe() -> None:
            # Home Assistant calls this when the connection closes or the client unsubscribes.
            if self._sidecar is sidecar:
                self._sidecar = None
                self._cards.set_connected(False)
                self._on_detached()
                _LOGGER.info("Floorplan sidecar %s detached", sidecar.describe())
            self._fail_pending(sidecar, MSG_DISCONNECTED)

        sidecar.unsubscribe = unsubscribe
        if previous is not None:
            _LOGGER.info(
                "Floorplan sidecar %s replaced by %s",
                previous.describe(),
                sidecar.describe(),
            )
            self._end(previous, "replaced", MSG_REPLACED)
        else:
            _LOGGER.info("Floorplan sidecar %s attached", sidecar.describe())
        # The protocol may change between minor versions while below 1.0.
        if version.split(".")[:2] != VERSION.split(".")[:2]:
            _LOGGER.warning(
                "Floorplan sidecar %s does not match the integration %s; update both"
                " to the same release",
                version,
                VERSION,
            )
        self._cards.set_connected(True)
        if self._cards.watched:
            self._notify_stream(True)
        return unsubscribe

    @callback
    def is_sidecar(self, connection: ActiveConnection) -> bool:
        """Whether this connection is the attached sidecar's."""
        return self._sidecar is not None and self._sidecar.connection is connection

    @callback
    def shutdown(self) -> None:
        """End the subscription (sidecar and cards are told) and fail what is in flight."""
        self._remove_cards_listener()
        sidecar, self._sidecar = self._sidecar, None
        # Every pending request belongs to this sidecar: a replaced one's failed already.
        if sidecar is not None:
            self._end(sidecar, "unloaded", MSG_UNLOADED)
        self._cards.set_connected(False)

    async def request(self, name: str, data: dict[str, Any], source: str) -> Any:
        """Send a request to the sidecar and return its answer."""
        sidecar = self._sidecar
        if sidecar is None:
            raise SidecarError(ERR_NOT_CONNECTED, MSG_NOT_CONNECTED)
        request_id = uuid.uuid4().hex
        future: asyncio.Future[Any] = self._hass.loop.create_future()
        self._pending[request_id] = (future, sidecar)
        # The data is not logged: editing requests may carry what users consider private.
        _LOGGER.debug("Request %s: %s from %s", request_id, name, source)
        sidecar.connection.send_event(
            sidecar.msg_id,
            {"request_id": request_id, "name": name, "data": data, "source": source},
        )
        try:
            async with asyncio.timeout(REQUEST_TIMEOUT):
                return await future
        except TimeoutError:
            _LOGGER.warning(
                "Floorplan sidecar did not answer %s (request %s) within %g s",
                name,
                request_id,
                REQUEST_TIMEOUT,
            )
            raise SidecarError(
                ERR_TIMEOUT,
                f"floorplan sidecar did not answer within {REQUEST_TIMEOUT:g} s",
            ) from None
        finally:
            self._pending.pop(request_id, None)

    @callback
    def respond(
        self,
        connection: ActiveConnection,
        request_id: str,
        result: Any = None,
        error: dict[str, str] | None = None,
    ) -> bool:
        """Deliver an answer; False when no request waits for it from this connection."""
        pending = self._pending.get(request_id)
        if pending is None:
            return False
        future, sidecar = pending
        if future.done() or sidecar.connection is not connection:
            return False
        if error is not None:
            future.set_exception(SidecarError(error["code"], error["message"]))
        else:
            future.set_result(result)
        return True

    @callback
    def notify(self, name: str, data: dict[str, Any]) -> bool:
        """Tell the sidecar something; request_id null means no answer is expected."""
        if (sidecar := self._sidecar) is None:
            return False
        sidecar.connection.send_event(
            sidecar.msg_id,
            {"request_id": None, "name": name, "data": data, "source": "integration"},
        )
        return True

    @callback
    def _notify_stream(self, active: bool) -> None:
        self.notify(NOTIFY_STREAM, {"active": active})

    @callback
    def _end(self, sidecar: _Sidecar, reason: str, message: str) -> None:
        # A websocket subscription has no "ended" message, so the sidecar gets a last event.
        sidecar.connection.send_event(
            sidecar.msg_id,
            {
                "request_id": None,
                "name": "detached",
                "data": {"reason": reason},
                "source": "integration",
            },
        )
        subscriptions = sidecar.connection.subscriptions
        if subscriptions.get(sidecar.msg_id) is sidecar.unsubscribe:
            del subscriptions[sidecar.msg_id]
        self._fail_pending(sidecar, message)

    @callback
    def _fail_pending(self, sidecar: _Sidecar, message: str) -> None:
        for future, target in self._pending.values():
            if target is sidecar and not future.done():
                future.set_exception(SidecarError(ERR_FAILED, message))
