"""floorplan/* websocket commands: who may use them, and what malformed messages get."""

from __future__ import annotations

from typing import Any

import pytest

from homeassistant.core import HomeAssistant

from conftest import Sidecar
from custom_components.floorplan.const import DOMAIN

ADMIN_COMMANDS = [
    {"type": "floorplan/sidecar/subscribe", "version": "0.1.0"},
    {"type": "floorplan/sidecar/respond", "request_id": "x", "result": {}},
    {"type": "floorplan/sidecar/update", "full": True, "entities": {}, "removed": []},
    {"type": "floorplan/sidecar/presence", "full": True},
    {"type": "floorplan/sidecar/stream", "event": {"type": "layout_changed"}},
    {"type": "floorplan/config/get"},
    {
        "type": "floorplan/config/save",
        "content": "floors: []\n",
        "expected_sha256": None,
    },
]
ADMIN_IDS = [c["type"] for c in ADMIN_COMMANDS]
WRITE_CALLS = [
    ("add_beacon_node", {"node_id": "a", "coordinates": [1, 2, 3]}),
    ("update_beacon_node", {"node_id": "a", "coordinates": [1, 2, 3]}),
    ("delete_beacon_node", {"node_id": "a"}),
    ("reload", {}),
    ("enable_sensors", {}),
    ("card_edit", {"revision": "r1", "edits": [{"op": "remove_node", "id": "a"}]}),
    ("calibration_start", {"device": "c0:ff:ee:00:00:01"}),
    ("calibration_spot", {"x": 1, "y": 2, "height": 1.2, "duration": 45}),
    ("calibration_remove_spot", {"spot": 1}),
    ("calibration_cancel", {}),
    ("calibration_apply", {}),
]


@pytest.mark.parametrize("command", ADMIN_COMMANDS, ids=ADMIN_IDS)
async def test_admin_commands_refuse_other_users(
    hass: HomeAssistant,
    entry: Any,
    ws_client: Any,
    hass_read_only_access_token: str,
    config_dir: Any,
    command: dict[str, Any],
) -> None:
    user = await ws_client(hass_read_only_access_token)

    msg = await user.command(dict(command))

    assert msg["success"] is False
    assert msg["error"]["code"] == "unauthorized"
    # config/save must not have written anything.
    assert not (config_dir / "floorplan").exists()


@pytest.mark.parametrize(("name", "data"), WRITE_CALLS, ids=[c[0] for c in WRITE_CALLS])
async def test_call_refuses_writes_from_other_users(
    hass: HomeAssistant,
    sidecar: Sidecar,
    ws_client: Any,
    hass_read_only_access_token: str,
    name: str,
    data: dict[str, Any],
) -> None:
    user = await ws_client(hass_read_only_access_token)

    msg = await user.command({"type": "floorplan/call", "name": name, "data": data})

    assert msg["error"]["code"] == "unauthorized"
    await sidecar.assert_silent()


async def call_answered_by_sidecar(
    client: Any, sidecar: Sidecar, call: dict[str, Any], **answer: Any
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Send a floorplan/call, let the sidecar answer it: the request it saw, the reply."""
    await client.ws.send_json_auto_id({"type": "floorplan/call", **call})
    request = await sidecar.next_request()
    await sidecar.respond(request["request_id"], **answer)
    return request, await client.ws.receive_json(timeout=5)


async def test_call_lets_any_user_read(
    hass: HomeAssistant,
    sidecar: Sidecar,
    ws_client: Any,
    hass_read_only_access_token: str,
) -> None:
    user = await ws_client(hass_read_only_access_token)
    answer = {"moving_entities": {}, "count": 0, "timestamp": "2026-11-21T09:30:00Z"}

    request, msg = await call_answered_by_sidecar(
        user, sidecar, {"name": "get_all_moving_entity_coordinates"}, result=answer
    )

    assert request["name"] == "get_all_moving_entity_coordinates"
    assert request["data"] == {}
    assert request["source"] == "card"
    assert msg["success"] is True
    assert msg["result"] == answer


@pytest.mark.parametrize(
    "name", ["card_layout", "card_positions", "calibration_status", "stats_summary"]
)
async def test_card_reads_are_for_any_user_and_reach_the_sidecar_as_they_are(
    hass: HomeAssistant,
    sidecar: Sidecar,
    ws_client: Any,
    hass_read_only_access_token: str,
    name: str,
) -> None:
    user = await ws_client(hass_read_only_access_token)
    answer = {"revision": "r1", "floors": []}

    request, msg = await call_answered_by_sidecar(
        user, sidecar, {"name": name, "data": {"floor": "ground"}}, result=answer
    )

    # Not services: the sidecar checks their data.
    assert not hass.services.has_service(DOMAIN, name)
    assert request["name"] == name
    assert request["data"] == {"floor": "ground"}
    assert request["source"] == "card"
    assert msg["result"] == answer


async def test_card_edit_goes_to_the_sidecar_which_judges_it(
    hass: HomeAssistant, sidecar: Sidecar, ws_client: Any
) -> None:
    admin = await ws_client()
    data = {"revision": "stale", "edits": [{"op": "remove_node", "id": "hall"}]}
    error = {"code": "invalid", "message": "the plan changed since it was loaded"}

    request, msg = await call_answered_by_sidecar(
        admin, sidecar, {"name": "card_edit", "data": data}, error=error
    )

    assert not hass.services.has_service(DOMAIN, "card_edit")
    assert request["name"] == "card_edit"
    assert request["data"] == data
    assert request["source"] == "card"
    assert msg["error"] == error


async def test_call_lets_an_administrator_write(
    hass: HomeAssistant, sidecar: Sidecar, ws_client: Any
) -> None:
    admin = await ws_client()

    request, msg = await call_answered_by_sidecar(
        admin,
        sidecar,
        {"name": "add_beacon_node", "data": {"node_id": "hall", "coordinates": [1, 2, 3]}},
        result={"node_id": "hall", "coordinates": [1, 2, 3]},
    )

    assert request["name"] == "add_beacon_node"
    assert request["data"] == {"node_id": "hall", "coordinates": [1.0, 2.0, 3.0]}
    assert request["source"] == "card"
    assert msg["result"] == {"node_id": "hall", "coordinates": [1, 2, 3]}


async def test_call_passes_the_sidecar_error_code(
    hass: HomeAssistant, sidecar: Sidecar, ws_client: Any
) -> None:
    card = await ws_client()
    error = {"code": "invalid", "message": "unknown floor `x`"}

    _, msg = await call_answered_by_sidecar(
        card, sidecar, {"name": "get_rooms_by_floor", "data": {"floor_id": "x"}}, error=error
    )

    assert msg["error"] == error


async def test_call_checks_fields_like_the_service(
    hass: HomeAssistant, sidecar: Sidecar, ws_client: Any
) -> None:
    card = await ws_client()

    msg = await card.command(
        {
            "type": "floorplan/call",
            "name": "add_beacon_node",
            "data": {"node_id": "hall", "coordinates": [1, 2]},
        }
    )

    assert msg["error"]["code"] == "invalid"
    assert "coordinates" in msg["error"]["message"]
    await sidecar.assert_silent()


async def test_call_without_sidecar(
    hass: HomeAssistant, entry: Any, ws_client: Any
) -> None:
    card = await ws_client()

    msg = await card.command({"type": "floorplan/call", "name": "status"})

    assert msg["error"] == {
        "code": "not_connected",
        "message": "floorplan sidecar not connected",
    }


@pytest.mark.parametrize(
    "command",
    [
        {"type": "floorplan/sidecar/subscribe"},
        {"type": "floorplan/sidecar/respond", "result": {}},
        {
            "type": "floorplan/sidecar/respond",
            "request_id": "x",
            "result": {},
            "error": {"code": "failed", "message": "both"},
        },
        {
            "type": "floorplan/sidecar/update",
            "entities": {"person.alice": {"name": "A"}},
        },
        {
            "type": "floorplan/sidecar/update",
            "entities": {"not an id": {"present": True}},
        },
        {"type": "floorplan/call", "name": "no_such_service"},
        {"type": "floorplan/call", "name": "status", "data": [1]},
        {"type": "floorplan/call", "name": "card_edit", "data": "edits"},
        {"type": "floorplan/sidecar/stream"},
        {"type": "floorplan/sidecar/stream", "event": "positions"},
        {"type": "floorplan/sidecar/stream", "event": {"entities": []}},
        # The integration alone says whether a sidecar is connected.
        {"type": "floorplan/sidecar/stream", "event": {"type": "connected"}},
        {"type": "floorplan/sidecar/stream", "event": {"type": "rooms"}},
        {"type": "floorplan/config/save", "content": "x"},
        {"type": "floorplan/config/save", "content": 3, "expected_sha256": None},
    ],
    ids=lambda c: c["type"],
)
async def test_malformed_messages_get_invalid_format(
    hass: HomeAssistant, entry: Any, ws_client: Any, command: dict[str, Any]
) -> None:
    admin = await ws_client()

    msg = await admin.command(command)

    assert msg["error"]["code"] == "invalid_format"


@pytest.mark.parametrize(
    "command",
    [
        *ADMIN_COMMANDS,
        {"type": "floorplan/call", "name": "status"},
        {"type": "floorplan/subscribe"},
    ],
    ids=[*ADMIN_IDS, "floorplan/call", "floorplan/subscribe"],
)
async def test_commands_answer_not_set_up_without_a_loaded_entry(
    hass: HomeAssistant, entry: Any, ws_client: Any, command: dict[str, Any]
) -> None:
    assert await hass.config_entries.async_unload(entry.entry_id)
    admin = await ws_client()

    msg = await admin.command(dict(command))

    assert msg["error"] == {"code": "not_set_up", "message": "floorplan is not set up"}
