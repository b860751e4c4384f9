"""Websocket commands: the sidecar attaches, pushes and streams; the card calls and watches.

Commands are registered once per Home Assistant run and cannot be unregistered, so every
handler looks the loaded entry up and answers "floorplan is not set up" when there is none.
"""

from __future__ import annotations

import logging
from typing import Any

import voluptuous as vol
from voluptuous.humanize import humanize_error

from homeassistant.components import websocket_api
from homeassistant.components.websocket_api import ActiveConnection
from homeassistant.core import HomeAssistant, callback
import homeassistant.helpers.config_validation as cv

from .config_file import ConfigConflict, config_path, read_config, write_config
from .const import (
    CALL_REQUESTS,
    CALL_WRITES,
    ERR_CONFLICT,
    ERR_FAILED,
    ERR_INVALID,
    ERR_NOT_CONNECTED,
    ERR_NOT_SET_UP,
    MSG_CONFLICT,
    MSG_NOT_SET_UP,
    MSG_NOT_THE_SIDECAR,
    NOTIFY_CONFIG_CHANGED,
    STREAM_EVENTS,
)
from .link import SidecarError
from .runtime import FloorplanRuntime, get_runtime
from .services import SERVICE_SCHEMAS, finite_number
from .stream import get_card_stream

_LOGGER = logging.getLogger(__name__)

_OPTIONAL_NUMBER = vol.Any(None, finite_number)
_OPTIONAL_STRING = vol.Any(None, str)
# Where a moving entity is, in both the entity updates and the presence updates.
_WHERE = {
    vol.Optional("name"): _OPTIONAL_STRING,
    vol.Optional("room"): _OPTIONAL_STRING,
    vol.Optional("room_name"): _OPTIONAL_STRING,
    vol.Optional("floor"): _OPTIONAL_STRING,
    vol.Optional("last_seen"): _OPTIONAL_STRING,
}

# One moving entity in floorplan/sidecar/update. Extra keys are kept so a newer sidecar
# can send more without breaking an older integration.
ENTITY_STATE_SCHEMA = vol.Schema(
    {
        **_WHERE,
        vol.Required("present"): bool,
        vol.Optional("x"): _OPTIONAL_NUMBER,
        vol.Optional("y"): _OPTIONAL_NUMBER,
        vol.Optional("z"): _OPTIONAL_NUMBER,
        vol.Optional("accuracy"): _OPTIONAL_NUMBER,
        vol.Optional("confidence"): _OPTIONAL_NUMBER,
    },
    extra=vol.ALLOW_EXTRA,
)

# floorplan/sidecar/presence: per moving entity, the house, each room and zone. Extra keys are
# kept, as for the moving entities.
_NAMES = [str]
PRESENCE_DEVICE_SCHEMA = vol.Schema(
    {
        **_WHERE,
        vol.Required("home"): bool,
        vol.Required("state"): str,
        vol.Optional("since"): _OPTIONAL_STRING,
    },
    extra=vol.ALLOW_EXTRA,
)
HOUSE_SCHEMA = vol.Schema(
    {
        vol.Required("state"): str,
        vol.Required("occupied"): bool,
        vol.Required("people"): _NAMES,
        vol.Required("entity_ids"): [cv.entity_id],
    },
    extra=vol.ALLOW_EXTRA,
)
ROOM_SCHEMA = vol.Schema(
    {
        vol.Optional("name"): _OPTIONAL_STRING,
        vol.Optional("floor"): _OPTIONAL_STRING,
        # Names and entity ids, in the same order.
        vol.Required("occupants"): _NAMES,
        vol.Required("entity_ids"): [cv.entity_id],
    },
    extra=vol.ALLOW_EXTRA,
)
ZONE_SCHEMA = ROOM_SCHEMA.extend(
    {
        vol.Required("state"): str,
        vol.Optional("sensor"): vol.Any(None, bool),
        vol.Optional("sensor_entity_id"): vol.Any(None, cv.entity_id),
    }
)

# One event of floorplan/sidecar/stream: the integration checks only what it is, the card
# reads the rest (server/sinks/card/messages.ts).
STREAM_EVENT_SCHEMA = vol.Schema(
    {vol.Required("type"): vol.In(STREAM_EVENTS)}, extra=vol.ALLOW_EXTRA
)


@callback
def _runtime(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> FloorplanRuntime | None:
    if (runtime := get_runtime(hass)) is None:
        connection.send_error(msg["id"], ERR_NOT_SET_UP, MSG_NOT_SET_UP)
    return runtime


@callback
def _attached_sidecar(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> FloorplanRuntime | None:
    """The runtime, if this connection is the attached sidecar; else an error is sent.

    What only the current sidecar may send (presence, the card stream): a replaced one's
    would stay current after it left, or mix in with the new one's.
    """
    if (runtime := _runtime(hass, connection, msg)) is None:
        return None
    if not runtime.link.is_sidecar(connection):
        connection.send_error(msg["id"], ERR_NOT_CONNECTED, MSG_NOT_THE_SIDECAR)
        return None
    return runtime


@websocket_api.require_admin
@websocket_api.websocket_command(
    {
        vol.Required("type"): "floorplan/sidecar/subscribe",
        vol.Required("version"): str,
    }
)
@callback
def ws_sidecar_subscribe(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Attach the sidecar: requests arrive as events on this subscription."""
    if (runtime := _runtime(hass, connection, msg)) is None:
        return
    # The result first: attaching may send the first event (stream).
    connection.send_result(msg["id"])
    connection.subscriptions[msg["id"]] = runtime.link.attach(
        connection, msg["id"], msg["version"]
    )


@websocket_api.require_admin
@websocket_api.websocket_command(
    {
        vol.Required("type"): "floorplan/sidecar/respond",
        vol.Required("request_id"): str,
        vol.Exclusive("result", "answer"): object,
        vol.Exclusive("error", "answer"): {
            vol.Required("code"): str,
            vol.Required("message"): str,
        },
    }
)
@callback
def ws_sidecar_respond(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Deliver the sidecar's answer to the request waiting for it."""
    if (runtime := _runtime(hass, connection, msg)) is None:
        return
    if runtime.link.respond(
        connection, msg["request_id"], msg.get("result"), msg.get("error")
    ):
        connection.send_result(msg["id"])
    else:
        connection.send_error(
            msg["id"],
            websocket_api.ERR_NOT_FOUND,
            f"no request {msg['request_id']} is waiting for an answer",
        )


@websocket_api.require_admin
@websocket_api.websocket_command(
    {
        vol.Required("type"): "floorplan/sidecar/update",
        vol.Optional("full", default=False): bool,
        vol.Optional("entities", default=dict): {cv.entity_id: ENTITY_STATE_SCHEMA},
        vol.Optional("removed", default=list): [cv.entity_id],
    }
)
@callback
def ws_sidecar_update(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Write the moving entities' states to their sensors."""
    if (runtime := _runtime(hass, connection, msg)) is None:
        return
    runtime.store.apply(msg["entities"], msg["full"], msg["removed"])
    connection.send_result(msg["id"])


@websocket_api.require_admin
@websocket_api.websocket_command(
    {
        vol.Required("type"): "floorplan/sidecar/presence",
        vol.Optional("full", default=False): bool,
        vol.Optional("devices", default=dict): {cv.entity_id: PRESENCE_DEVICE_SCHEMA},
        vol.Optional("house"): vol.Any(None, HOUSE_SCHEMA),
        vol.Optional("rooms", default=dict): {str: ROOM_SCHEMA},
        vol.Optional("zones", default=dict): {str: ZONE_SCHEMA},
    }
)
@callback
def ws_sidecar_presence(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Write presence and occupancy to their entities."""
    if (runtime := _attached_sidecar(hass, connection, msg)) is None:
        return
    runtime.presence.apply(msg)
    connection.send_result(msg["id"])


@websocket_api.require_admin
@websocket_api.websocket_command(
    {
        vol.Required("type"): "floorplan/sidecar/stream",
        vol.Required("event"): STREAM_EVENT_SCHEMA,
    }
)
@callback
def ws_sidecar_stream(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Pass an event on to every card."""
    if _attached_sidecar(hass, connection, msg) is None:
        return
    get_card_stream(hass).forward(msg["event"])
    connection.send_result(msg["id"])


@websocket_api.websocket_command({vol.Required("type"): "floorplan/subscribe"})
@callback
def ws_subscribe(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Subscribe a card to the live events; any user may watch, as any user may read."""
    if _runtime(hass, connection, msg) is None:
        return
    # The result first: subscribing sends the first event (connected).
    connection.send_result(msg["id"])
    connection.subscriptions[msg["id"]] = get_card_stream(hass).subscribe(
        connection, msg["id"]
    )


@websocket_api.websocket_command(
    {
        vol.Required("type"): "floorplan/call",
        vol.Required("name"): vol.In(sorted(CALL_REQUESTS)),
        vol.Optional("data", default=dict): dict,
    }
)
@websocket_api.async_response
async def ws_call(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Forward a request from the card, which has a connection but calls no services."""
    name = msg["name"]
    if name in CALL_WRITES and not connection.user.is_admin:
        connection.send_error(
            msg["id"], websocket_api.ERR_UNAUTHORIZED, f"{name} needs an administrator"
        )
        return
    if (runtime := _runtime(hass, connection, msg)) is None:
        return
    # A service's fields are checked as the service would; the card requests' data only the
    # sidecar can judge (card_edit's against the plan), so it answers `invalid` itself.
    data = msg["data"]
    if (schema := SERVICE_SCHEMAS.get(name)) is not None:
        try:
            data = schema(data)
        except vol.Invalid as err:
            connection.send_error(msg["id"], ERR_INVALID, humanize_error(data, err))
            return
    try:
        result = await runtime.link.request(name, data, "card")
    except SidecarError as err:
        connection.send_error(msg["id"], err.code, err.message)
        return
    connection.send_result(msg["id"], result)


@websocket_api.require_admin
@websocket_api.websocket_command({vol.Required("type"): "floorplan/config/get"})
@websocket_api.async_response
async def ws_config_get(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Return floorplan.yaml's path and content (null when it does not exist)."""
    if _runtime(hass, connection, msg) is None:
        return
    path = config_path(hass)
    try:
        content = await hass.async_add_executor_job(read_config, path)
    except (OSError, UnicodeDecodeError) as err:
        connection.send_error(msg["id"], ERR_FAILED, f"cannot read {path}: {err}")
        return
    connection.send_result(msg["id"], {"path": str(path), "content": content})


@websocket_api.require_admin
@websocket_api.websocket_command(
    {
        vol.Required("type"): "floorplan/config/save",
        vol.Required("content"): str,
        vol.Required("expected_sha256"): vol.Any(None, str),
    }
)
@websocket_api.async_response
async def ws_config_save(
    hass: HomeAssistant, connection: ActiveConnection, msg: dict[str, Any]
) -> None:
    """Write floorplan.yaml if nobody changed it since the writer read it."""
    if (runtime := _runtime(hass, connection, msg)) is None:
        return
    path = config_path(hass)
    async with runtime.config_lock:
        try:
            sha256 = await hass.async_add_executor_job(
                write_config, path, msg["content"], msg["expected_sha256"]
            )
        except ConfigConflict:
            connection.send_error(msg["id"], ERR_CONFLICT, MSG_CONFLICT)
            return
        except OSError as err:
            _LOGGER.error("Cannot write %s: %s", path, err)
            connection.send_error(msg["id"], ERR_FAILED, f"cannot write {path}: {err}")
            return
    # The content is not logged: it may hold names and places people consider private.
    _LOGGER.info("Saved %s (%d characters)", path, len(msg["content"]))
    runtime.link.notify(NOTIFY_CONFIG_CHANGED, {"path": str(path), "sha256": sha256})
    connection.send_result(msg["id"], {"path": str(path), "sha256": sha256})


@callback
def async_register_websocket_commands(hass: HomeAssistant) -> None:
    """Register the floorplan/* commands (once per Home Assistant run)."""
    for handler in (
        ws_sidecar_subscribe,
        ws_sidecar_respond,
        ws_sidecar_update,
        ws_sidecar_presence,
        ws_sidecar_stream,
        ws_subscribe,
        ws_call,
        ws_config_get,
        ws_config_save,
    ):
        websocket_api.async_register_command(hass, handler)
