"""Presence and occupancy entities from floorplan/sidecar/presence."""

from __future__ import annotations

from typing import Any

import pytest

from homeassistant.const import STATE_UNAVAILABLE, STATE_UNKNOWN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er

from conftest import Sidecar
from custom_components.floorplan.const import DOMAIN

ALICE = {
    "name": "Alice",
    "home": True,
    "state": "home",
    "last_seen": "2026-11-21T09:30:12.345Z",
    "since": "2026-11-21T08:02:00.000Z",
    "room": "kitchen",
    "room_name": "Kitchen",
    "floor": "ground",
}
BOB_AWAY = {
    "name": "Bob",
    "home": False,
    "state": "not_home",
    "last_seen": "2026-11-21T07:00:00.000Z",
    "since": "2026-11-21T07:03:00.000Z",
    "room": None,
    "room_name": None,
    "floor": None,
}
HOUSE = {
    "state": "somebody",
    "occupied": True,
    "people": ["Alice"],
    "entity_ids": ["person.alice"],
}
KITCHEN = {
    "name": "Kitchen",
    "floor": "ground",
    "occupants": ["Alice"],
    "entity_ids": ["person.alice"],
}
HALL = {"name": "Hall", "floor": "ground", "occupants": [], "entity_ids": []}
BED = {
    "name": "Bed",
    "floor": "first",
    "state": "vacant",
    "occupants": [],
    "entity_ids": [],
    "sensor": False,
    "sensor_entity_id": "binary_sensor.bed_radar",
}
DESK = {
    "name": "Desk",
    "floor": "ground",
    "state": "Alice",
    "occupants": ["Alice"],
    "entity_ids": ["person.alice"],
    "sensor": None,
    "sensor_entity_id": None,
}
FULL = {
    "full": True,
    "devices": {"person.alice": ALICE, "person.bob": BOB_AWAY},
    "house": HOUSE,
    "rooms": {"kitchen": KITCHEN, "hall": HALL},
    "zones": {"bed": BED, "desk": DESK},
}
ENTITIES = (
    "sensor.alice_presence",
    "sensor.bob_presence",
    "sensor.home_occupancy",
    "sensor.kitchen_occupants",
    "binary_sensor.kitchen_occupancy",
    "sensor.hall_occupants",
    "binary_sensor.hall_occupancy",
    "sensor.bed_occupant",
    "sensor.desk_occupant",
)


async def send(sidecar: Sidecar, hass: HomeAssistant, **payload: Any) -> None:
    msg = await sidecar.presence(**payload)
    assert msg["success"], msg
    await hass.async_block_till_done()


def attributes(hass: HomeAssistant, entity_id: str) -> dict[str, Any]:
    """The entity's own attributes, without those Home Assistant adds."""
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    added = ("friendly_name", "icon", "device_class", "state_class")
    return {k: v for k, v in state.attributes.items() if k not in added}


async def test_presence_sensor_per_moving_entity_on_its_device(
    hass: HomeAssistant,
    sidecar: Sidecar,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
) -> None:
    # The room sensors made the device first; the presence sensor joins it.
    room_update = await sidecar.update(
        entities={"person.alice": {"name": "Alice", "present": True}}
    )
    assert room_update["success"]
    await send(sidecar, hass, **FULL)

    alice = hass.states.get("sensor.alice_presence")
    assert alice.state == "home"
    assert alice.attributes["friendly_name"] == "Alice Presence"
    assert alice.attributes["icon"] == "mdi:home-account"
    assert attributes(hass, "sensor.alice_presence") == {
        "last_seen": "2026-11-21T09:30:12.345Z",
        "since": "2026-11-21T08:02:00.000Z",
        "room": "kitchen",
        "room_name": "Kitchen",
        "floor": "ground",
        "entity_id": "person.alice",
    }
    bob = hass.states.get("sensor.bob_presence")
    assert bob.state == "not_home"
    assert bob.attributes["room"] is None
    assert bob.attributes["icon"] == "mdi:home-export-outline"

    device = device_registry.async_get_device(identifiers={(DOMAIN, "person.alice")})
    presence = entity_registry.async_get("sensor.alice_presence")
    assert presence.unique_id == "floorplan_person.alice_presence"
    assert presence.device_id == device.id
    assert entity_registry.async_get("sensor.alice_room").device_id == device.id


async def test_house_occupancy(
    hass: HomeAssistant, sidecar: Sidecar, entity_registry: er.EntityRegistry
) -> None:
    await send(sidecar, hass, **FULL)

    house = hass.states.get("sensor.home_occupancy")
    assert house.state == "somebody"
    assert house.attributes["friendly_name"] == "Home Occupancy"
    assert attributes(hass, "sensor.home_occupancy") == {
        "people": ["Alice"],
        "count": 1,
        "entity_ids": ["person.alice"],
    }
    registered = entity_registry.async_get("sensor.home_occupancy")
    assert registered.unique_id == "floorplan_house_occupancy"

    # Everybody left: the configured vacant state, nobody listed.
    nobody = {"state": "nobody", "occupied": False, "people": [], "entity_ids": []}
    await send(sidecar, hass, house=nobody)
    house = hass.states.get("sensor.home_occupancy")
    assert house.state == "nobody"
    assert house.attributes["count"] == 0
    assert house.attributes["icon"] == "mdi:home-outline"


async def test_room_occupants_and_occupancy(
    hass: HomeAssistant,
    sidecar: Sidecar,
    device_registry: dr.DeviceRegistry,
    entity_registry: er.EntityRegistry,
) -> None:
    await send(sidecar, hass, **FULL)

    kitchen = hass.states.get("sensor.kitchen_occupants")
    assert kitchen.state == "1"
    assert kitchen.attributes["friendly_name"] == "Kitchen Occupants"
    assert kitchen.attributes["state_class"] == "measurement"
    assert attributes(hass, "sensor.kitchen_occupants") == {
        "occupants": ["Alice"],
        "entity_ids": ["person.alice"],
    }
    occupancy = hass.states.get("binary_sensor.kitchen_occupancy")
    assert occupancy.state == "on"
    assert occupancy.attributes["device_class"] == "occupancy"
    assert occupancy.attributes["friendly_name"] == "Kitchen Occupancy"
    # Empty rooms are listed too.
    assert hass.states.get("sensor.hall_occupants").state == "0"
    assert hass.states.get("binary_sensor.hall_occupancy").state == "off"

    room = device_registry.async_get_device(identifiers={(DOMAIN, "room:kitchen")})
    assert room.name == "Kitchen"
    for entity_id, unique_id in (
        ("sensor.kitchen_occupants", "floorplan_room_kitchen_occupants"),
        ("binary_sensor.kitchen_occupancy", "floorplan_room_kitchen_occupancy"),
    ):
        registered = entity_registry.async_get(entity_id)
        assert registered.unique_id == unique_id
        assert registered.device_id == room.id

    # Alice walks into the hall: only the two rooms are sent.
    kitchen_empty = {**KITCHEN, "occupants": [], "entity_ids": []}
    hall = {**HALL, "occupants": ["Alice"], "entity_ids": ["person.alice"]}
    await send(sidecar, hass, rooms={"kitchen": kitchen_empty, "hall": hall})
    assert hass.states.get("binary_sensor.kitchen_occupancy").state == "off"
    assert hass.states.get("sensor.kitchen_occupants").state == "0"
    assert hass.states.get("binary_sensor.hall_occupancy").state == "on"
    assert hass.states.get("sensor.hall_occupants").attributes["occupants"] == ["Alice"]


@pytest.mark.parametrize(
    ("zone", "state", "sensor"),
    [
        pytest.param(DESK, "Alice", None, id="positions_alone"),
        pytest.param(BED, "vacant", "off", id="radar_off"),
        pytest.param(
            {**BED, "state": "unknown", "sensor": True},
            STATE_UNKNOWN,
            "on",
            id="radar_on_nobody_tracked",
        ),
        pytest.param(
            {
                **BED,
                "state": "Alice, Bob",
                "occupants": ["Alice", "Bob"],
                "entity_ids": ["person.alice", "person.bob"],
                "sensor": True,
            },
            "Alice, Bob",
            "on",
            id="radar_on_two_tracked",
        ),
    ],
)
async def test_zone_occupant(
    hass: HomeAssistant,
    sidecar: Sidecar,
    entity_registry: er.EntityRegistry,
    zone: dict[str, Any],
    state: str,
    sensor: str | None,
) -> None:
    await send(sidecar, hass, full=True, zones={"zone": {**zone, "name": "Bed"}})

    occupant = hass.states.get("sensor.bed_occupant")
    assert occupant.state == state
    assert occupant.attributes["friendly_name"] == "Bed Occupant"
    assert attributes(hass, "sensor.bed_occupant") == {
        "occupants": zone["occupants"],
        "entity_ids": zone["entity_ids"],
        "sensor": sensor,
        "sensor_entity_id": zone["sensor_entity_id"],
    }
    registered = entity_registry.async_get("sensor.bed_occupant")
    assert registered.unique_id == "floorplan_zone_zone_occupant"


async def test_a_zone_state_longer_than_home_assistant_allows_is_cut(
    hass: HomeAssistant, sidecar: Sidecar
) -> None:
    names = [f"Guest {i:03d}" for i in range(40)]
    crowded = {**DESK, "state": ", ".join(names), "occupants": names}

    await send(sidecar, hass, zones={"desk": crowded})

    occupant = hass.states.get("sensor.desk_occupant")
    assert len(occupant.state) == 255
    assert occupant.attributes["occupants"] == names


async def test_full_message_marks_what_it_does_not_list_unavailable(
    hass: HomeAssistant, sidecar: Sidecar
) -> None:
    await send(sidecar, hass, **FULL)

    # A partial message changes only what it lists.
    await send(sidecar, hass, devices={"person.bob": {**BOB_AWAY, "state": "away"}})
    assert hass.states.get("sensor.bob_presence").state == "away"
    assert hass.states.get("sensor.home_occupancy").state == "somebody"

    # The hall and the bed are gone from the plan, Bob is no longer tracked.
    await send(
        sidecar,
        hass,
        full=True,
        devices={"person.alice": ALICE},
        house=HOUSE,
        rooms={"kitchen": KITCHEN},
        zones={"desk": DESK},
    )
    for entity_id in (
        "sensor.bob_presence",
        "sensor.hall_occupants",
        "binary_sensor.hall_occupancy",
        "sensor.bed_occupant",
    ):
        assert hass.states.get(entity_id).state == STATE_UNAVAILABLE, entity_id
    assert hass.states.get("sensor.alice_presence").state == "home"
    assert hass.states.get("sensor.kitchen_occupants").state == "1"


async def test_everything_is_unavailable_while_no_sidecar_is_attached(
    hass: HomeAssistant, sidecar: Sidecar, new_sidecar: Any
) -> None:
    await send(sidecar, hass, **FULL)

    await sidecar.close()
    await hass.async_block_till_done()
    for entity_id in ENTITIES:
        assert hass.states.get(entity_id).state == STATE_UNAVAILABLE, entity_id

    again = await new_sidecar()
    await send(again, hass, **FULL)
    assert hass.states.get("sensor.alice_presence").state == "home"
    assert hass.states.get("binary_sensor.kitchen_occupancy").state == "on"


async def test_only_the_attached_sidecar_may_send_presence(
    hass: HomeAssistant, sidecar: Sidecar, new_sidecar: Any
) -> None:
    other = await new_sidecar(attach=False)

    msg = await other.presence(**FULL)
    await hass.async_block_till_done()

    assert msg["success"] is False
    assert msg["error"]["code"] == "not_connected"
    assert hass.states.get("sensor.alice_presence") is None


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param({"devices": {"person.alice": {"home": True}}}, id="no_state"),
        pytest.param(
            {"devices": {"not an entity id": {**ALICE}}}, id="bad_entity_id"
        ),
        pytest.param({"house": {"state": "somebody"}}, id="house_without_people"),
        pytest.param({"rooms": {"kitchen": {"occupants": "Alice"}}}, id="names_not_a_list"),
        pytest.param({"zones": {"bed": {**BED, "sensor": "on"}}}, id="sensor_not_bool"),
    ],
)
async def test_malformed_presence_is_refused(
    hass: HomeAssistant, sidecar: Sidecar, payload: dict[str, Any]
) -> None:
    msg = await sidecar.presence(**payload)

    assert msg["success"] is False
    assert msg["error"]["code"] == "invalid_format"


async def test_presence_entities_are_pushed_not_polled(
    hass: HomeAssistant, sidecar: Sidecar
) -> None:
    await send(sidecar, hass, **FULL)

    for entity_id in ENTITIES:
        platform = hass.data[entity_id.split(".")[0]]
        assert platform.get_entity(entity_id).should_poll is False, entity_id
