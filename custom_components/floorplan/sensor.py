"""Sensors, written as the sidecar pushes: per moving entity (one device each) its room, floor,
nearest node, proximity and presence; the house's occupancy; each room's occupants; each zone's
occupant."""

from __future__ import annotations

from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorStateClass,
)
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import STATE_NOT_HOME
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddEntitiesCallback

from .const import DOMAIN, HOUSE
from .entity import PushedEntity, RoomEntity, add_pushed_entities, device_info
from .runtime import FloorplanRuntime, PushedStore

ROOM_ATTRIBUTES = ("x", "y", "z", "floor", "accuracy", "confidence", "last_seen")
# The sidecar's proximity windows (server/presence/proximity.ts), nearest first.
PROXIMITY_WINDOWS = ("near", "medium", "far")
# Home Assistant refuses a state longer than this.
MAX_STATE_LENGTH = 255


async def async_setup_entry(
    hass: HomeAssistant, entry: ConfigEntry, async_add_entities: AddEntitiesCallback
) -> None:
    """Add sensors for the items known now and for each new one."""
    runtime: FloorplanRuntime = hass.data[DOMAIN]
    store, presence = runtime.store, runtime.presence
    add_pushed_entities(
        hass,
        entry,
        async_add_entities,
        store,
        lambda entity_id: (
            RoomSensor(store, entity_id),
            FloorSensor(store, entity_id),
            NearestNodeSensor(store, entity_id),
            ProximitySensor(store, entity_id),
        ),
    )
    for pushed, sensor in (
        (presence.devices, PresenceSensor),
        (presence.house, HouseOccupancySensor),
        (presence.rooms, RoomOccupantsSensor),
        (presence.zones, ZoneOccupantSensor),
    ):
        add_pushed_entities(
            hass,
            entry,
            async_add_entities,
            pushed,
            lambda key, pushed=pushed, sensor=sensor: (sensor(pushed, key),),
        )


class _MovingEntitySensor(PushedEntity, SensorEntity):
    """A sensor whose state comes from the sidecar's last update for one moving entity, on
    the moving entity's device (named as the sidecar names the entity)."""

    _kind: str

    def __init__(self, store: PushedStore, entity_id: str) -> None:
        super().__init__(store, entity_id)
        self._moving_entity_id = entity_id
        self._attr_unique_id = f"floorplan_{entity_id}_{self._kind}"
        self._attr_translation_key = self._kind
        name = store.states[entity_id].get("name") or entity_id
        self._attr_device_info = device_info(entity_id, name, "Moving entity")


class RoomSensor(_MovingEntitySensor):
    """The room's name; not_home when away; unknown without a fix."""

    _kind = "room"
    _attr_icon = "mdi:map-marker-radius"

    @property
    def native_value(self) -> str | None:
        """The room's name."""
        state = self._state
        if not state["present"]:
            return STATE_NOT_HOME
        if state.get("room") is None:
            return None
        return state.get("room_name") or state["room"]

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """Position and quality of the fix."""
        state = self._state
        return {
            "room_id": state.get("room"),
            **{key: state.get(key) for key in ROOM_ATTRIBUTES},
            "entity_id": self._moving_entity_id,
        }


class FloorSensor(_MovingEntitySensor):
    """The floor id; not_home when away; unknown without a fix."""

    _kind = "floor"
    _attr_icon = "mdi:layers"

    @property
    def native_value(self) -> str | None:
        """The floor id."""
        state = self._state
        if not state["present"]:
            return STATE_NOT_HOME
        return state.get("floor")

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """Which moving entity this is about."""
        return {"entity_id": self._moving_entity_id}


def _proximity_fields(state: dict[str, Any]) -> dict[str, Any]:
    """The nearest node as attributes; None where missing (an older sidecar sends none)."""
    window = state.get("proximity")
    return {
        "node": state.get("nearest_node"),
        "node_id": state.get("nearest_node_id"),
        "distance": state.get("nearest_distance"),
        "proximity": window if window in PROXIMITY_WINDOWS else None,
    }


class _NearestNodeSensorBase(_MovingEntitySensor):
    """One of the nearest node's fields as the state, the others as attributes; not_home when
    away; unknown when no node hears the moving entity.

    Needs one node, not three: the room-level signal where there is no position.
    """

    _field: str

    @property
    def native_value(self) -> str | None:
        """The field."""
        state = self._state
        if not state["present"]:
            return STATE_NOT_HOME
        return _proximity_fields(state)[self._field]

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """The other fields, and which moving entity this is about."""
        fields = _proximity_fields(self._state)
        return {
            **{key: value for key, value in fields.items() if key != self._field},
            "entity_id": self._moving_entity_id,
        }


class NearestNodeSensor(_NearestNodeSensorBase):
    """The nearest beacon node's name (else its id)."""

    _kind = "nearest_node"
    _field = "node"
    _attr_icon = "mdi:access-point"


class ProximitySensor(_NearestNodeSensorBase):
    """near, medium or far from the nearest node."""

    _kind = "proximity"
    _field = "proximity"
    _attr_icon = "mdi:signal-distance-variant"
    _attr_device_class = SensorDeviceClass.ENUM
    # An enum sensor's state must be one of its options, and not_home is one of its states.
    _attr_options = [*PROXIMITY_WINDOWS, STATE_NOT_HOME]


class _ConfiguredStateSensor(SensorEntity):
    """A state floorplan.yaml `presence` configures (home/away, occupied/vacant), with an
    icon for each side."""

    _flag: str
    _icons: tuple[str, str]
    _state: dict[str, Any]

    @property
    def native_value(self) -> str:
        """The configured state."""
        return self._state["state"]

    @property
    def icon(self) -> str:
        """The first icon while the flag is set, else the second."""
        return self._icons[0] if self._state[self._flag] else self._icons[1]


class PresenceSensor(_MovingEntitySensor, _ConfiguredStateSensor):
    """home_state or away_state, with a consider-home delay."""

    _kind = "presence"
    _flag = "home"
    _icons = ("mdi:home-account", "mdi:home-export-outline")

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """When last seen, since when home or away, and where."""
        state = self._state
        return {
            **{
                key: state.get(key)
                for key in ("last_seen", "since", "room", "room_name", "floor")
            },
            "entity_id": self._moving_entity_id,
        }


class HouseOccupancySensor(PushedEntity, _ConfiguredStateSensor):
    """occupied_state or vacant_state: whether anybody is home."""

    _attr_translation_key = "occupancy"
    _attr_unique_id = "floorplan_house_occupancy"
    _flag = "occupied"
    _icons = ("mdi:home-account", "mdi:home-outline")

    def __init__(self, store: PushedStore, key: str) -> None:
        super().__init__(store, key)
        self._attr_device_info = device_info(HOUSE, "Home", "House")

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """Who is home."""
        state = self._state
        return {
            "people": state["people"],
            "count": len(state["entity_ids"]),
            "entity_ids": state["entity_ids"],
        }


class RoomOccupantsSensor(RoomEntity, SensorEntity):
    """How many moving entities are in the room; who, as attributes."""

    _attr_translation_key = "occupants"
    _attr_icon = "mdi:account-multiple"
    _attr_state_class = SensorStateClass.MEASUREMENT

    @property
    def native_value(self) -> int:
        """The number of occupants."""
        return len(self._state["entity_ids"])

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """The occupants' names and entity ids, in the same order."""
        return {
            "occupants": self._state["occupants"],
            "entity_ids": self._state["entity_ids"],
        }


class ZoneOccupantSensor(PushedEntity, SensorEntity):
    """Who is in the zone: names, `unknown` (the sensor says occupied, nobody tracked is
    there) or `vacant`."""

    _attr_translation_key = "occupant"
    _attr_icon = "mdi:account-box-outline"

    def __init__(self, store: PushedStore, zone_id: str) -> None:
        super().__init__(store, zone_id)
        self._attr_unique_id = f"floorplan_zone_{zone_id}_occupant"
        self._attr_device_info = device_info(
            f"zone:{zone_id}", store.states[zone_id].get("name") or zone_id, "Zone"
        )

    @property
    def native_value(self) -> str:
        """The zone's state, cut to what Home Assistant stores."""
        return self._state["state"][:MAX_STATE_LENGTH]

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """The occupants, and the occupancy sensor that decided with the positions."""
        state = self._state
        sensor = state.get("sensor")
        return {
            "occupants": state["occupants"],
            "entity_ids": state["entity_ids"],
            "sensor": None if sensor is None else ("on" if sensor else "off"),
            "sensor_entity_id": state.get("sensor_entity_id"),
        }
