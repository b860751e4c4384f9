"""The cards' live subscription: who watches, and what they are sent.

Cards subscribe with floorplan/subscribe; the link tells them whether a sidecar is attached,
and passes on what the sidecar streams with floorplan/sidecar/stream. The subscribers belong
to the Home Assistant run, not to a config entry: a websocket subscription has no "ended"
message a card could act on, so across a reload a card keeps its subscription and sees
connected false, then true once the sidecar attaches again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from homeassistant.components.websocket_api import ActiveConnection
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback

from .const import DOMAIN

_DATA_CARD_STREAM = f"{DOMAIN}_card_stream"


class CardStream:
    """The card subscriptions, and whether a sidecar feeds them."""

    def __init__(self) -> None:
        # (connection, subscription id): a connection may hold several subscriptions.
        self._subscribers: set[tuple[ActiveConnection, int]] = set()
        self._connected = False
        self._listeners: list[Callable[[bool], None]] = []

    @property
    def watched(self) -> bool:
        """Whether any card is subscribed."""
        return bool(self._subscribers)

    @callback
    def subscribe(self, connection: ActiveConnection, msg_id: int) -> CALLBACK_TYPE:
        """Add a card: it is sent whether a sidecar is attached; returns its unsubscribe."""
        key = (connection, msg_id)
        self._subscribers.add(key)
        connection.send_event(msg_id, self._connected_event())
        if len(self._subscribers) == 1:
            self._watched_changed()

        @callback
        def unsubscribe() -> None:
            # Home Assistant calls this when the card unsubscribes or its connection closes.
            self._subscribers.remove(key)
            if not self._subscribers:
                self._watched_changed()

        return unsubscribe

    @callback
    def add_listener(self, listener: Callable[[bool], None]) -> CALLBACK_TYPE:
        """Call listener(watched) when the first card subscribes or the last one leaves."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    @callback
    def set_connected(self, connected: bool) -> None:
        """Tell the cards a sidecar attached or detached (a replaced sidecar is no change)."""
        if connected != self._connected:
            self._connected = connected
            self.forward(self._connected_event())

    @callback
    def forward(self, event: dict[str, Any]) -> None:
        """Send an event to every card."""
        for connection, msg_id in self._subscribers:
            connection.send_event(msg_id, event)

    def _connected_event(self) -> dict[str, Any]:
        return {"type": "connected", "connected": self._connected}

    @callback
    def _watched_changed(self) -> None:
        for listener in self._listeners:
            listener(self.watched)


@callback
def get_card_stream(hass: HomeAssistant) -> CardStream:
    """The run's card stream, made on first use: it outlives config entries."""
    if (stream := hass.data.get(_DATA_CARD_STREAM)) is None:
        stream = hass.data[_DATA_CARD_STREAM] = CardStream()
    return stream
