"""The cards' live events: floorplan/subscribe, floorplan/sidecar/stream, and the stream
notification that tells the sidecar whether a card is watching."""

from __future__ import annotations

from typing import Any

from homeassistant.core import HomeAssistant

from conftest import Sidecar, stream_notification

CONNECTED = {"type": "connected", "connected": True}
DISCONNECTED = {"type": "connected", "connected": False}
POSITIONS = {
    "type": "positions",
    "entities": [{"entity_id": "person.alice", "coordinates": [7.91, 5.02, 1.0]}],
    "removed": ["person.bob"],
    "nodes_heard": {"hall": "2026-11-21T09:30:12.345Z", "attic": None},
}
LAYOUT_CHANGED = {"type": "layout_changed", "revision": "r2"}
NOT_THE_SIDECAR = {
    "code": "not_connected",
    "message": "this connection is not the attached floorplan sidecar",
}


async def test_any_user_may_subscribe_and_first_hears_whether_a_sidecar_is_there(
    hass: HomeAssistant, entry: Any, new_card: Any, hass_read_only_access_token: str
) -> None:
    card = await new_card(hass_read_only_access_token)

    assert await card.next_event() == DISCONNECTED
    await card.assert_silent()


async def test_the_first_card_starts_the_stream(
    hass: HomeAssistant, sidecar: Sidecar, new_card: Any
) -> None:
    card = await new_card()

    assert await card.next_event() == CONNECTED
    assert await sidecar.next_event() == stream_notification(True)


async def test_cards_hear_the_sidecar_attach_and_detach(
    hass: HomeAssistant,
    entry: Any,
    new_card: Any,
    new_sidecar: Any,
    hass_read_only_access_token: str,
) -> None:
    cards = [await new_card(hass_read_only_access_token), await new_card()]
    for card in cards:
        assert await card.next_event() == DISCONNECTED

    sidecar = await new_sidecar()

    # Cards watch already, so it is told to stream as soon as it attaches.
    assert await sidecar.next_event() == stream_notification(True)
    for card in cards:
        assert await card.next_event() == CONNECTED

    await sidecar.close()

    for card in cards:
        assert await card.next_event() == DISCONNECTED


async def test_stream_events_reach_every_card_as_sent(
    hass: HomeAssistant,
    sidecar: Sidecar,
    new_card: Any,
    hass_read_only_access_token: str,
) -> None:
    cards = [await new_card(hass_read_only_access_token), await new_card()]
    for card in cards:
        assert await card.next_event() == CONNECTED
    # Told once, when the first card came.
    assert await sidecar.next_event() == stream_notification(True)
    await sidecar.assert_silent()

    for event in (POSITIONS, LAYOUT_CHANGED):
        msg = await sidecar.stream(event)
        assert msg["success"] and msg["result"] is None
        for card in cards:
            assert await card.next_event() == event


async def test_unsubscribed_cards_get_nothing_and_the_last_one_stops_the_stream(
    hass: HomeAssistant, sidecar: Sidecar, new_card: Any
) -> None:
    first, second = await new_card(), await new_card()
    for card in (first, second):
        assert await card.next_event() == CONNECTED
    assert await sidecar.next_event() == stream_notification(True)

    await first.unsubscribe()
    await sidecar.stream(LAYOUT_CHANGED)

    assert await second.next_event() == LAYOUT_CHANGED
    await first.assert_silent()
    # One card still watches.
    await sidecar.assert_silent()

    await second.unsubscribe()

    assert await sidecar.next_event() == stream_notification(False)
    # An event already on its way when the last card left is no error.
    assert (await sidecar.stream(POSITIONS))["success"]
    await second.assert_silent()


async def test_a_closed_card_connection_leaves_like_an_unsubscribe(
    hass: HomeAssistant, sidecar: Sidecar, new_card: Any
) -> None:
    card = await new_card()
    assert await sidecar.next_event() == stream_notification(True)

    await card.close()

    assert await sidecar.next_event() == stream_notification(False)


async def test_only_the_attached_sidecar_may_stream(
    hass: HomeAssistant, sidecar: Sidecar, ws_client: Any, new_card: Any
) -> None:
    card = await new_card()
    assert await card.next_event() == CONNECTED
    assert await sidecar.next_event() == stream_notification(True)
    other_admin = await ws_client()

    msg = await other_admin.command(
        {"type": "floorplan/sidecar/stream", "event": POSITIONS}
    )
    assert msg["error"] == NOT_THE_SIDECAR

    # Nor the sidecar once it detached.
    await sidecar.unsubscribe()
    assert (await sidecar.stream(POSITIONS))["error"] == NOT_THE_SIDECAR
    assert await card.next_event() == DISCONNECTED
    await card.assert_silent()


async def test_a_replaced_sidecar_is_no_change_to_the_cards_and_may_not_stream(
    hass: HomeAssistant, sidecar: Sidecar, new_sidecar: Any, new_card: Any
) -> None:
    card = await new_card()
    assert await card.next_event() == CONNECTED
    assert await sidecar.next_event() == stream_notification(True)

    replacement = await new_sidecar()

    assert await replacement.next_event() == stream_notification(True)
    assert (await sidecar.next_event())["data"] == {"reason": "replaced"}
    assert (await sidecar.stream(POSITIONS))["error"] == NOT_THE_SIDECAR
    await card.assert_silent()
    assert (await replacement.stream(POSITIONS))["success"]
    assert await card.next_event() == POSITIONS


async def test_cards_stay_subscribed_across_a_reload(
    hass: HomeAssistant, entry: Any, sidecar: Sidecar, new_card: Any
) -> None:
    card = await new_card()
    assert await card.next_event() == CONNECTED
    assert await sidecar.next_event() == stream_notification(True)

    assert await hass.config_entries.async_reload(entry.entry_id)
    await hass.async_block_till_done()

    assert await card.next_event() == DISCONNECTED
    assert (await sidecar.next_event())["data"] == {"reason": "unloaded"}

    await sidecar.attach()

    assert await card.next_event() == CONNECTED
    assert await sidecar.next_event() == stream_notification(True)
    await sidecar.stream(LAYOUT_CHANGED)
    assert await card.next_event() == LAYOUT_CHANGED
