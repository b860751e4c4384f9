"""floorplan.* services: forwarded to the sidecar, its answer returned, its errors raised."""

from __future__ import annotations

from typing import Any
from unittest.mock import patch

import pytest
import voluptuous as vol

from homeassistant.core import Context, HomeAssistant, SupportsResponse
from homeassistant.exceptions import (
    HomeAssistantError,
    ServiceValidationError,
    Unauthorized,
)

from conftest import Sidecar, call_service
from custom_components.floorplan.const import DOMAIN

DATA_SERVICES = {
    "get_moving_entity_coordinates",
    "get_all_moving_entity_coordinates",
    "get_beacon_nodes",
    "get_rooms_by_floor",
    "get_entity_coordinates",
    "get_all_entity_coordinates",
    "status",
}
WRITE_SERVICES = {
    "add_beacon_node",
    "update_beacon_node",
    "delete_beacon_node",
    "reload",
    "enable_sensors",
}

# One call per service, with the fields the doc lists and an answer of the doc's shape.
CASES: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    (
        "get_moving_entity_coordinates",
        {"entity_id": "person.alice"},
        {
            "entity_id": "person.alice",
            "coordinates": [7.9, 5.0, 1.0],
            "confidence": 0.8,
            "accuracy": 0.6,
            "floor": "ground",
            "room": "kitchen",
            "last_updated": "2026-11-21T09:30:12.345Z",
        },
    ),
    (
        "get_all_moving_entity_coordinates",
        {},
        {"moving_entities": {}, "count": 0, "timestamp": "2026-11-21T09:30:12.345Z"},
    ),
    ("get_beacon_nodes", {}, {"nodes": {"hall": [1.0, 2.0, 0.5]}, "count": 1}),
    (
        "get_rooms_by_floor",
        {"floor_id": "ground"},
        {"rooms": [], "count": 0, "floor_height": 2.6, "floor_min_height": 0},
    ),
    (
        "get_entity_coordinates",
        {"entity_id": "light.kitchen"},
        {"entity_id": "light.kitchen", "coordinates": None},
    ),
    (
        "get_all_entity_coordinates",
        {},
        {
            "entity_coordinates": {},
            "count": 0,
            "beacon_nodes": {},
            "beacon_nodes_count": 0,
        },
    ),
    ("status", {}, {"sidecar": "ok", "problems": []}),
    (
        "add_beacon_node",
        {"node_id": "attic", "coordinates": [1, 2.5, 5], "name": "Attic proxy"},
        {"node_id": "attic", "coordinates": [1.0, 2.5, 5.0]},
    ),
    (
        "update_beacon_node",
        {"node_id": "attic", "coordinates": [1.5, 2.5, 5.0]},
        {"node_id": "attic", "coordinates": [1.5, 2.5, 5.0]},
    ),
    ("delete_beacon_node", {"node_id": "attic"}, {"node_id": "attic"}),
    ("reload", {}, {"beacon_nodes": 4, "rooms": 7, "floors": 2}),
    ("enable_sensors", {}, {"enabled": ["sensor.alice_phone_distance_hall"]}),
]


def expected_data(data: dict[str, Any]) -> dict[str, Any]:
    """The data as the sidecar gets it: coordinates as floats."""
    if "coordinates" in data:
        return {**data, "coordinates": [float(v) for v in data["coordinates"]]}
    return data


async def test_every_service_is_registered_with_its_response_mode(
    hass: HomeAssistant, entry: Any
) -> None:
    assert set(hass.services.async_services()[DOMAIN]) == DATA_SERVICES | WRITE_SERVICES
    for name in DATA_SERVICES:
        assert hass.services.supports_response(DOMAIN, name) is SupportsResponse.ONLY
    for name in WRITE_SERVICES:
        assert (
            hass.services.supports_response(DOMAIN, name) is SupportsResponse.OPTIONAL
        )


@pytest.mark.parametrize("name", sorted(DATA_SERVICES | WRITE_SERVICES))
async def test_service_without_sidecar_raises_clear_error(
    hass: HomeAssistant, entry: Any, name: str
) -> None:
    data = next(data for case, data, _ in CASES if case == name)
    with pytest.raises(HomeAssistantError, match=r"^floorplan sidecar not connected$"):
        await call_service(hass, name, data)


@pytest.mark.parametrize(("name", "data", "answer"), CASES, ids=[c[0] for c in CASES])
async def test_service_forwards_and_returns_the_sidecar_answer(
    hass: HomeAssistant,
    sidecar: Sidecar,
    name: str,
    data: dict[str, Any],
    answer: dict[str, Any],
) -> None:
    call = call_service(hass, name, data)

    request = await sidecar.next_request()
    assert request["name"] == name
    assert request["data"] == expected_data(data)
    assert request["source"] == "service"
    assert (await sidecar.respond(request["request_id"], result=answer))["success"]

    assert await call == answer


@pytest.mark.parametrize("name", sorted(WRITE_SERVICES))
async def test_editing_service_without_response_still_forwards(
    hass: HomeAssistant, sidecar: Sidecar, name: str
) -> None:
    data = next(data for case, data, _ in CASES if case == name)
    call = call_service(hass, name, data, return_response=False)

    request = await sidecar.next_request()
    assert request["name"] == name
    await sidecar.respond(request["request_id"], result={"node_id": "x"})

    assert await call is None


async def test_each_request_has_its_own_id(
    hass: HomeAssistant, sidecar: Sidecar
) -> None:
    first = call_service(hass, "get_beacon_nodes")
    second = call_service(hass, "status")
    requests = [await sidecar.next_request(), await sidecar.next_request()]
    assert requests[0]["request_id"] != requests[1]["request_id"]

    # Answered in the other order: each caller gets its own answer.
    by_name = {r["name"]: r["request_id"] for r in requests}
    await sidecar.respond(by_name["status"], result={"which": "status"})
    await sidecar.respond(by_name["get_beacon_nodes"], result={"which": "nodes"})
    assert await first == {"which": "nodes"}
    assert await second == {"which": "status"}


async def test_invalid_answer_raises_service_validation_error(
    hass: HomeAssistant, sidecar: Sidecar
) -> None:
    call = call_service(hass, "get_rooms_by_floor", {"floor_id": "attic"})
    request = await sidecar.next_request()
    message = "unknown floor `attic` (floors: ground, first)"
    await sidecar.respond(
        request["request_id"], error={"code": "invalid", "message": message}
    )

    with pytest.raises(ServiceValidationError) as err:
        await call
    assert str(err.value) == message


async def test_failed_answer_raises_home_assistant_error(
    hass: HomeAssistant, sidecar: Sidecar
) -> None:
    call = call_service(hass, "reload")
    request = await sidecar.next_request()
    await sidecar.respond(
        request["request_id"],
        error={"code": "failed", "message": "floorplan.yaml: bad indentation"},
    )

    with pytest.raises(HomeAssistantError) as err:
        await call
    assert not isinstance(err.value, ServiceValidationError)
    assert str(err.value) == "floorplan.yaml: bad indentation"


async def test_unanswered_request_times_out(
    hass: HomeAssistant, sidecar: Sidecar
) -> None:
    from custom_components.floorplan import link

    # The message a user sees is built from this constant: "within 10 s".
    assert link.REQUEST_TIMEOUT == 10
    with patch("custom_components.floorplan.link.REQUEST_TIMEOUT", 0.05):
        call = call_service(hass, "status")
        request = await sidecar.next_request()
        with pytest.raises(
            HomeAssistantError,
            match=r"^floorplan sidecar did not answer within 0\.05 s$",
        ):
            await call

    # A late answer finds nobody waiting.
    late = await sidecar.respond(request["request_id"], result={})
    assert late["success"] is False
    assert late["error"]["code"] == "not_found"


async def test_answer_twice_or_unknown_id_is_not_found(
    hass: HomeAssistant, sidecar: Sidecar
) -> None:
    call = call_service(hass, "status")
    request = await sidecar.next_request()
    assert (await sidecar.respond(request["request_id"], result={"a": 1}))["success"]
    again = await sidecar.respond(request["request_id"], result={"a": 2})
    assert again["error"]["code"] == "not_found"
    assert await call == {"a": 1}

    unknown = await sidecar.respond("no-such-request", result={})
    assert unknown["error"]["code"] == "not_found"


async def test_answer_from_another_connection_is_refused(
    hass: HomeAssistant, sidecar: Sidecar, new_sidecar: Any
) -> None:
    call = call_service(hass, "status")
    request = await sidecar.next_request()
    other = await new_sidecar(attach=False)

    refused = await other.respond(request["request_id"], result={"from": "other"})
    assert refused["error"]["code"] == "not_found"

    await sidecar.respond(request["request_id"], result={"from": "sidecar"})
    assert await call == {"from": "sidecar"}


async def test_new_sidecar_replaces_the_old_one(
    hass: HomeAssistant, sidecar: Sidecar, new_sidecar: Any
) -> None:
    in_flight = call_service(hass, "status")
    await sidecar.next_request()

    replacement = await new_sidecar()

    # The old sidecar is told, and its request fails.
    assert await sidecar.next_event() == {
        "request_id": None,
        "name": "detached",
        "data": {"reason": "replaced"},
        "source": "integration",
    }
    with pytest.raises(HomeAssistantError, match=r"^floorplan sidecar replaced$"):
        await in_flight

    # New requests go to the replacement only.
    call = call_service(hass, "get_beacon_nodes")
    request = await replacement.next_request()
    await replacement.respond(request["request_id"], result={"nodes": {}, "count": 0})
    assert await call == {"nodes": {}, "count": 0}
    await sidecar.assert_silent()


async def test_sidecar_disconnect_fails_pending_requests(
    hass: HomeAssistant, sidecar: Sidecar
) -> None:
    call = call_service(hass, "status")
    await sidecar.next_request()

    await sidecar.close()

    with pytest.raises(HomeAssistantError, match=r"^floorplan sidecar disconnected$"):
        await call
    with pytest.raises(HomeAssistantError, match=r"^floorplan sidecar not connected$"):
        await call_service(hass, "status")


async def test_sidecar_can_attach_again_after_disconnect(
    hass: HomeAssistant, sidecar: Sidecar, new_sidecar: Any
) -> None:
    await sidecar.close()
    await hass.async_block_till_done()
    again = await new_sidecar()

    call = call_service(hass, "status")
    request = await again.next_request()
    await again.respond(request["request_id"], result={"ok": True})
    assert await call == {"ok": True}


@pytest.mark.parametrize(
    ("name", "data", "field"),
    [
        ("add_beacon_node", {"node_id": "a", "coordinates": [1, 2]}, "coordinates"),
        (
            "add_beacon_node",
            {"node_id": "a", "coordinates": [1, 2, 3, 4]},
            "coordinates",
        ),
        (
            "add_beacon_node",
            {"node_id": "a", "coordinates": [1, "x", 3]},
            "coordinates",
        ),
        (
            "add_beacon_node",
            {"node_id": "a", "coordinates": [1, True, 3]},
            "coordinates",
        ),
        ("add_beacon_node", {"node_id": "a", "coordinates": "1,2,3"}, "coordinates"),
        ("add_beacon_node", {"coordinates": [1, 2, 3]}, "node_id"),
        ("add_beacon_node", {"node_id": "", "coordinates": [1, 2, 3]}, "node_id"),
        ("update_beacon_node", {"node_id": "a"}, "coordinates"),
        ("delete_beacon_node", {}, "node_id"),
        ("get_rooms_by_floor", {}, "floor_id"),
        ("get_moving_entity_coordinates", {"entity_id": "alice"}, "entity_id"),
        ("get_entity_coordinates", {}, "entity_id"),
        ("get_beacon_nodes", {"unexpected": 1}, "unexpected"),
    ],
)
async def test_bad_fields_are_refused_before_forwarding(
    hass: HomeAssistant,
    sidecar: Sidecar,
    name: str,
    data: dict[str, Any],
    field: str,
) -> None:
    with pytest.raises(vol.Invalid) as err:
        await call_service(hass, name, data)
    assert field in str(err.value)

    # Nothing reached the sidecar: the next request it sees is the next call.
    call = call_service(hass, "status")
    request = await sidecar.next_request()
    assert request["name"] == "status"
    await sidecar.respond(request["request_id"], result={})
    await call


async def test_editing_services_need_an_administrator(
    hass: HomeAssistant,
    sidecar: Sidecar,
    hass_read_only_user: Any,
    hass_admin_user: Any,
) -> None:
    with pytest.raises(Unauthorized):
        await call_service(
            hass,
            "delete_beacon_node",
            {"node_id": "hall"},
            context=Context(user_id=hass_read_only_user.id),
        )

    # Reading is allowed to anyone.
    read = call_service(
        hass, "get_beacon_nodes", context=Context(user_id=hass_read_only_user.id)
    )
    request = await sidecar.next_request()
    assert request["name"] == "get_beacon_nodes"
    await sidecar.respond(request["request_id"], result={"nodes": {}, "count": 0})
    assert await read == {"nodes": {}, "count": 0}

    # Administrators and automations (no user) may edit.
    for context in (Context(user_id=hass_admin_user.id), Context()):
        call = call_service(
            hass, "delete_beacon_node", {"node_id": "hall"}, context=context
        )
        request = await sidecar.next_request()
        assert request["name"] == "delete_beacon_node"
        await sidecar.respond(request["request_id"], result={"node_id": "hall"})
        assert await call == {"node_id": "hall"}


async def test_service_call_data_is_not_logged(
    hass: HomeAssistant, sidecar: Sidecar, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG", logger="custom_components.floorplan")
    call = call_service(
        hass,
        "add_beacon_node",
        {"node_id": "secret-node-name", "coordinates": [1, 2, 3]},
    )
    request = await sidecar.next_request()
    await sidecar.respond(request["request_id"], result={"node_id": "x"})
    await call

    # Home Assistant's own debug logging is not ours to change; the integration's is.
    ours = "\n".join(
        r.getMessage()
        for r in caplog.records
        if r.name.startswith("custom_components.floorplan")
    )
    assert "add_beacon_node" in ours
    assert "secret-node-name" not in ours


async def test_sidecar_of_another_release_is_warned_about(
    hass: HomeAssistant,
    entry: Any,
    new_sidecar: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    same = await new_sidecar(attach=False)
    await same.attach("0.1.7")
    assert "does not match" not in caplog.text

    other = await new_sidecar(attach=False)
    await other.attach("0.2.0")
    assert "Floorplan sidecar 0.2.0 does not match the integration 0.1.0" in caplog.text
