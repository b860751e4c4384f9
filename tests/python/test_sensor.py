"""Room, floor, nearest node and proximity sensors from floorplan/sidecar/update."""

from __future__ import annotations

from typing import Any

import pytest

from homeassistant.const import STATE_NOT_HOME, STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er

from conftest import Sidecar
from custom_components.floorplan.const import DOMAIN

ALICE = {
    "name": "Alice",
    "present": True,
    "room": "kitchen",
    "room_name": "Kitchen",
    "floor": "ground",
    "x": 7.91,
    "y": 5.02,
    "z": 1.0,
    "accuracy": 0.6,
    "confidence": 0.81,
    "last_seen": "2026-11-21T09:30:12.345Z",
    "nearest_node": "Kitchen",
    "nearest_node_id": "D4:8A:FC:10:00:05",
    "nearest_distance": 1.234,
    "proximity": "near",
}
BOB = {
    "name": "Bob",
    "present": True,
    "room": "office",
    "room_name": "Office",
    "floor": "first",
    "x": 2.0,
    "y": 3.0,
    "z": 3.5,
    "accuracy": 1.2,
    "confidence": 0.5,
    "last_seen": "2026-11-21T09:30:10.000Z",
}


async def push(sidecar: Sidecar, hass: HomeAssistant, **payload: Any) -> None:
    msg = await sidecar.update(**payload)
    assert msg["success"], msg
    await hass.async_block_till_done()


async def test_update_creates_a_device_with_room_and_floor_sensors(
    hass: HomeAssistant,
    sidecar: Sidecar,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
) -> None:
    await push(sidecar, hass, full=True, entities={"person.alice": ALICE}, removed=[])

    device = device_registry.async_get_device(identifiers={(DOMAIN, "person.alice")})
    assert device is not None
    assert device.name == "Alice"

    room = hass.states.get("sensor.alice_room")
    assert room is not None
    assert room.state == "Kitchen"
    assert {
        k: v for k, v in room.attributes.items() if k not in ("friendly_name", "icon")
    } == {
        "room_id": "kitchen",
        "x": 7.91,
        "y": 5.02,
        "z": 1.0,
        "floor": "ground",
        "accuracy": 0.6,
        "confidence": 0.81,
        "last_seen": "2026-11-21T09:30:12.345Z",
        "entity_id": "person.alice",
    }
    assert room.attributes["friendly_name"] == "Alice Room"

    floor = hass.states.get("sensor.alice_floor")
    assert floor is not None
    assert floor.state == "ground"
    assert floor.attributes["entity_id"] == "person.alice"

    nearest = hass.states.get("sensor.alice_nearest_node")
    assert nearest.state == "Kitchen"
    assert nearest.attributes["friendly_name"] == "Alice Nearest node"
    assert {
        k: v
        for k, v in nearest.attributes.items()
        if k not in ("friendly_name", "icon")
    } == {
        "node_id": "D4:8A:FC:10:00:05",
        "distance": 1.234,
        "proximity": "near",
        "entity_id": "person.alice",
    }

    proximity = hass.states.get("sensor.alice_proximity")
    assert proximity.state == "near"
    assert proximity.attributes["friendly_name"] == "Alice Proximity"
    assert proximity.attributes["device_class"] == "enum"
    assert proximity.attributes["options"] == ["near", "medium", "far", "not_home"]
    assert {
        k: v
        for k, v in proximity.attributes.items()
        if k not in ("friendly_name", "icon", "device_class", "options")
    } == {
        "node": "Kitchen",
        "node_id": "D4:8A:FC:10:00:05",
        "distance": 1.234,
        "entity_id": "person.alice",
    }

    for entity_id, unique_id in (
        ("sensor.alice_room", "floorplan_person.alice_room"),
        ("sensor.alice_floor", "floorplan_person.alice_floor"),
        ("sensor.alice_nearest_node", "floorplan_person.alice_nearest_node"),
        ("sensor.alice_proximity", "floorplan_person.alice_proximity"),
    ):
        registered = entity_registry.async_get(entity_id)
        assert registered.unique_id == unique_id
        assert registered.device_id == device.id


async def test_later_updates_change_state_and_add_new_entities(
    hass: HomeAssistant, sidecar: Sidecar, entity_registry: er.EntityRegistry
) -> None:
    await push(sidecar, hass, full=True, entities={"person.alice": ALICE})

    moved = {**ALICE, "room": "hall", "room_name": "Hall", "x": 3.0}
    await push(
        sidecar, hass, entities={"person.alice": moved, "device_tracker.bob_phone": BOB}
    )

    room = hass.states.get("sensor.alice_room")
    assert room.state == "Hall"
    assert room.attributes["room_id"] == "hall"
    assert room.attributes["x"] == 3.0
    assert hass.states.get("sensor.bob_room").state == "Office"
    assert hass.states.get("sensor.bob_floor").state == "first"
    assert hass.states.get("sensor.bob_room").attributes["entity_id"] == (
        "device_tracker.bob_phone"
    )
    # Still four sensors per moving entity.
    assert len(er.async_entries_for_config_entry(entity_registry, _entry_id(hass))) == 8


@pytest.mark.parametrize(
    "away",
    [
        pytest.param(
            {
                **ALICE,
                "present": False,
                "room": None,
                "room_name": None,
                "floor": None,
                "x": None,
                "y": None,
                "z": None,
            },
            id="without_a_room",
        ),
        # Away wins over a stale room still in the payload.
        pytest.param({**ALICE, "present": False}, id="with_a_stale_room"),
    ],
)
async def test_away_is_not_home(
    hass: HomeAssistant, sidecar: Sidecar, away: dict[str, Any]
) -> None:
    await push(sidecar, hass, entities={"person.alice": away})

    for kind in ("room", "floor", "nearest_node", "proximity"):
        assert hass.states.get(f"sensor.alice_{kind}").state == STATE_NOT_HOME


async def test_present_without_a_fix_is_unknown(
    hass: HomeAssistant, sidecar: Sidecar
) -> None:
    await push(
        sidecar,
        hass,
        entities={"person.alice": {"name": "Alice", "present": True, "room": None}},
    )

    room = hass.states.get("sensor.alice_room")
    assert room.state == STATE_UNKNOWN
    assert room.attributes["x"] is None
    assert hass.states.get("sensor.alice_floor").state == STATE_UNKNOWN


async def test_nearest_node_and_proximity_without_a_position(
    hass: HomeAssistant, sidecar: Sidecar
) -> None:
    # Two nodes hear the keys: no room, but the nearest node and its window.
    keys = {
        "name": "Keys",
        "present": True,
        "room": None,
        "x": None,
        "nearest_node": "office-proxy",
        "nearest_node_id": "office-proxy",
        "nearest_distance": 3.2,
        "proximity": "medium",
    }
    await push(sidecar, hass, entities={"device_tracker.keys": keys})

    assert hass.states.get("sensor.keys_room").state == STATE_UNKNOWN
    nearest = hass.states.get("sensor.keys_nearest_node")
    assert nearest.state == "office-proxy"
    assert nearest.attributes["distance"] == 3.2
    assert hass.states.get("sensor.keys_proximity").state == "medium"

    # The node moved off to far, then no node hears the keys any more.
    await push(
        sidecar,
        hass,
        entities={"device_tracker.keys": {**keys, "proximity": "far"}},
    )
    assert hass.states.get("sensor.keys_proximity").state == "far"
    unheard = {
        **keys,
        "nearest_node": None,
        "nearest_node_id": None,
        "nearest_distance": None,
        "proximity": None,
    }
    await push(sidecar, hass, entities={"device_tracker.keys": unheard})
    assert hass.states.get("sensor.keys_nearest_node").state == STATE_UNKNOWN
    proximity = hass.states.get("sensor.keys_proximity")
    assert proximity.state == STATE_UNKNOWN
    assert proximity.attributes["node_id"] is None


async def test_an_older_sidecar_without_proximity_leaves_them_unknown(
    hass: HomeAssistant, sidecar: Sidecar
) -> None:
    older = {k: v for k, v in ALICE.items() if not k.startswith(("nearest", "prox"))}
    await push(sidecar, hass, entities={"person.alice": older})

    assert hass.states.get("sensor.alice_room").state == "Kitchen"
    assert hass.states.get("sensor.alice_nearest_node").state == STATE_UNKNOWN
    assert hass.states.get("sensor.alice_proximity").state == STATE_UNKNOWN
    assert hass.states.get("sensor.alice_proximity").attributes["distance"] is None


async def test_full_update_marks_unlisted_entities_unavailable(
    hass: HomeAssistant, sidecar: Sidecar
) -> None:
    await push(
        sidecar,
        hass,
        full=True,
        entities={"person.alice": ALICE, "person.bob": BOB},
    )

    # A partial update leaves Bob alone.
    await push(sidecar, hass, entities={"person.alice": ALICE})
    assert hass.states.get("sensor.bob_room").state == "Office"

    # A full update without Bob: Bob is unavailable, Alice is not.
    await push(sidecar, hass, full=True, entities={"person.alice": ALICE})
    for kind in ("room", "floor", "nearest_node", "proximity"):
        assert hass.states.get(f"sensor.bob_{kind}").state == STATE_UNAVAILABLE
    assert hass.states.get("sensor.alice_room").state == "Kitchen"

    # Listed again: back.
    await push(sidecar, hass, entities={"person.bob": BOB})
    assert hass.states.get("sensor.bob_room").state == "Office"


async def test_sensors_are_unavailable_while_no_sidecar_is_attached(
    hass: HomeAssistant, sidecar: Sidecar, new_sidecar: Any
) -> None:
    await push(sidecar, hass, full=True, entities={"person.alice": ALICE})

    # Nothing keeps a room current without the sidecar: an automation must not act on a
    # stale one.
    await sidecar.close()
    await hass.async_block_till_done()
    for kind in ("room", "floor", "nearest_node", "proximity"):
        assert hass.states.get(f"sensor.alice_{kind}").state == STATE_UNAVAILABLE, kind

    again = await new_sidecar()
    await push(again, hass, full=True, entities={"person.alice": ALICE})
    assert hass.states.get("sensor.alice_room").state == "Kitchen"
    assert hass.states.get("sensor.alice_proximity").state == "near"


async def test_removed_entities_become_unavailable_and_keep_their_registry_entries(
    hass: HomeAssistant,
    sidecar: Sidecar,
    entity_registry: er.EntityRegistry,
    device_registry: dr.DeviceRegistry,
) -> None:
    await push(sidecar, hass, entities={"person.alice": ALICE, "person.bob": BOB})

    await push(sidecar, hass, removed=["person.bob"])

    assert hass.states.get("sensor.bob_room").state == STATE_UNAVAILABLE
    assert hass.states.get("sensor.bob_floor").state == STATE_UNAVAILABLE
    assert hass.states.get("sensor.alice_room").state == "Kitchen"
    assert entity_registry.async_get("sensor.bob_room") is not None
    assert device_registry.async_get_device(identifiers={(DOMAIN, "person.bob")})


async def test_sensors_are_pushed_not_polled(
    hass: HomeAssistant, sidecar: Sidecar
) -> None:
    await push(sidecar, hass, entities={"person.alice": ALICE})

    component = hass.data["sensor"]
    for kind in ("room", "floor", "nearest_node", "proximity"):
        assert component.get_entity(f"sensor.alice_{kind}").should_poll is False


async def test_update_needs_no_attached_sidecar_but_a_loaded_entry(
    hass: HomeAssistant, entry: Any, ws_client: Any
) -> None:
    admin = await ws_client()
    msg = await admin.command(
        {"type": "floorplan/sidecar/update", "entities": {"person.alice": ALICE}}
    )
    await hass.async_block_till_done()

    assert msg["success"]
    assert hass.states.get("sensor.alice_room").state == "Kitchen"


async def test_entities_come_back_after_reload(
    hass: HomeAssistant, sidecar: Sidecar, new_sidecar: Any
) -> None:
    await push(sidecar, hass, full=True, entities={"person.alice": ALICE})
    entry_id = _entry_id(hass)

    assert await hass.config_entries.async_reload(entry_id)
    await hass.async_block_till_done()
    # Not deleted, just waiting for the sidecar.
    assert hass.states.get("sensor.alice_room").state == STATE_UNAVAILABLE

    again = await new_sidecar()
    await push(again, hass, full=True, entities={"person.alice": ALICE})
    assert hass.states.get("sensor.alice_room").state == "Kitchen"


def _entry_id(hass: HomeAssistant) -> str:
    [entry] = hass.config_entries.async_entries(DOMAIN)
    return entry.entry_id
