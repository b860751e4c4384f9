"""Constants shared by the Floorplan Presence integration."""

from __future__ import annotations

from typing import Final

DOMAIN: Final = "floorplan"
NAME: Final = "Floorplan Presence"
VERSION: Final = "0.1.0"

# Fired at the end of every setup (first start and reload): an attached sidecar
# subscribes again on it, because a reload drops its subscription.
EVENT_STARTED: Final = "floorplan_integration_started"

# How long a forwarded request waits for the sidecar's answer, in seconds.
REQUEST_TIMEOUT: Final[float] = 10.0

# floorplan.yaml, relative to the Home Assistant config dir.
CONFIG_SUBDIR: Final = "floorplan"
CONFIG_FILENAME: Final = "floorplan.yaml"

# Where the card is served; one install gives both the integration and the card.
CARD_URL: Final = "/floorplan_presence/floorplan-presence-card.js"

# Data services: they only answer.
SERVICE_GET_MOVING_ENTITY_COORDINATES: Final = "get_moving_entity_coordinates"
SERVICE_GET_ALL_MOVING_ENTITY_COORDINATES: Final = "get_all_moving_entity_coordinates"
SERVICE_GET_BEACON_NODES: Final = "get_beacon_nodes"
SERVICE_GET_ROOMS_BY_FLOOR: Final = "get_rooms_by_floor"
SERVICE_GET_ENTITY_COORDINATES: Final = "get_entity_coordinates"
SERVICE_GET_ALL_ENTITY_COORDINATES: Final = "get_all_entity_coordinates"
SERVICE_STATUS: Final = "status"
# Editing services: they change floorplan.yaml or the sidecar's state; admin only.
SERVICE_ADD_BEACON_NODE: Final = "add_beacon_node"
SERVICE_UPDATE_BEACON_NODE: Final = "update_beacon_node"
SERVICE_DELETE_BEACON_NODE: Final = "delete_beacon_node"
SERVICE_RELOAD: Final = "reload"
SERVICE_ENABLE_SENSORS: Final = "enable_sensors"

DATA_SERVICES: Final = frozenset(
    {
        SERVICE_GET_MOVING_ENTITY_COORDINATES,
        SERVICE_GET_ALL_MOVING_ENTITY_COORDINATES,
        SERVICE_GET_BEACON_NODES,
        SERVICE_GET_ROOMS_BY_FLOOR,
        SERVICE_GET_ENTITY_COORDINATES,
        SERVICE_GET_ALL_ENTITY_COORDINATES,
        SERVICE_STATUS,
    }
)
WRITE_SERVICES: Final = frozenset(
    {
        SERVICE_ADD_BEACON_NODE,
        SERVICE_UPDATE_BEACON_NODE,
        SERVICE_DELETE_BEACON_NODE,
        SERVICE_RELOAD,
        SERVICE_ENABLE_SENSORS,
    }
)
ALL_SERVICES: Final = DATA_SERVICES | WRITE_SERVICES

# What only the card asks, with floorplan/call: not services, so automations cannot call them.
CARD_LAYOUT: Final = "card_layout"
CARD_POSITIONS: Final = "card_positions"
CARD_EDIT: Final = "card_edit"
CARD_REQUESTS: Final = frozenset({CARD_LAYOUT, CARD_POSITIONS, CARD_EDIT})
# The card's calibration view (docs/CALIBRATION.md); all but the status change something.
CALIBRATION_STATUS: Final = "calibration_status"
CALIBRATION_WRITES: Final = frozenset(
    {
        "calibration_start",
        "calibration_spot",
        "calibration_remove_spot",
        "calibration_cancel",
        "calibration_apply",
    }
)
# The stats view (docs/PRESENCE.md): read-only, from the sidecar's history.
STATS_SUMMARY: Final = "stats_summary"
# What floorplan/call forwards, and which of those need an administrator.
CALL_REQUESTS: Final = (
    ALL_SERVICES
    | CARD_REQUESTS
    | {CALIBRATION_STATUS, STATS_SUMMARY}
    | CALIBRATION_WRITES
)
CALL_WRITES: Final = WRITE_SERVICES | {CARD_EDIT} | CALIBRATION_WRITES

# Events the sidecar streams to the cards; "connected" is the integration's own.
STREAM_EVENTS: Final = ("positions", "layout_changed")

# Notifications to the sidecar: floorplan/config/save wrote the file; a card started
# watching, or the last one stopped (the sidecar streams only while one watches).
NOTIFY_CONFIG_CHANGED: Final = "config_changed"
NOTIFY_STREAM: Final = "stream"

# Error codes in the sidecar's answers and in websocket errors.
ERR_INVALID: Final = "invalid"
ERR_FAILED: Final = "failed"
ERR_CONFLICT: Final = "conflict"
ERR_NOT_CONNECTED: Final = "not_connected"
ERR_NOT_SET_UP: Final = "not_set_up"
ERR_TIMEOUT: Final = "timeout"

MSG_NOT_SET_UP: Final = "floorplan is not set up"
MSG_NOT_CONNECTED: Final = "floorplan sidecar not connected"
MSG_NOT_THE_SIDECAR: Final = "this connection is not the attached floorplan sidecar"
MSG_REPLACED: Final = "floorplan sidecar replaced"
MSG_DISCONNECTED: Final = "floorplan sidecar disconnected"
MSG_UNLOADED: Final = "floorplan integration unloaded"
MSG_CONFLICT: Final = "floorplan.yaml changed on disk; reload and try again"

# Dispatcher signals, formatted with what the sidecar pushed (a kind below), the config
# entry id and the item's key (a moving entity id, a room or zone id).
SIGNAL_NEW: Final = "floorplan_new_{kind}_{entry_id}"
SIGNAL_UPDATED: Final = "floorplan_{kind}_updated_{entry_id}_{key}"
# The kinds: moving entities (floorplan/sidecar/update), and presence per moving entity,
# the house, rooms and zones (floorplan/sidecar/presence).
KIND_ENTITY: Final = "entity"
KIND_PRESENCE: Final = "presence"
KIND_HOUSE: Final = "house"
KIND_ROOM: Final = "room"
KIND_ZONE: Final = "zone"
# The house is one item; this is its key.
HOUSE: Final = "house"
