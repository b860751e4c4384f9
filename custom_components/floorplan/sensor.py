"""Room, floor, nearest node and proximity sensors, one device per moving entity, written as the
sidecar pushes."""

from __future__ import annotations

from typing import Any

from homeassistant.components.sensor import SensorDeviceClass, SensorEntity
from homeassistant.config_entries import ConfigEntry
from homeassistant.const import STATE_NOT_HOME
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.dispatcher import async_dispatcher_connect
from homeassistant.helpers.entity_platform import AddEntitiesCallback

from .const import DOMAIN, NAME
from .runtime import FloorplanRuntime, PresenceStore

ROOM_ATTRIBUTES = ("x", "y", "z", "floor", "accuracy", "confidence", "last_seen")
# The sidecar's proximity windows (server/presence/proximity.ts), nearest first.
PROXIMITY_WINDOWS = ("near", "medium", "far")


async def async_setup_entry(
    hass: HomeAssistant, entry: ConfigEntry, async_add_entities: AddEntitiesCallback
) -> None:
    """Add sensors for the moving entities known now and for each new one."""
    runtime: FloorplanRuntime = hass.data[DOMAIN]
    store = runtime.store

    @callback
    def add(entity_ids: list[str]) -> None:
        async_add_entities(
            sensor
            for entity_id in entity_ids
            for sensor in (
                RoomSensor(store, entity_id),
                FloorSensor(store, entity_id),
                NearestNodeSensor(store, entity_id),
                ProximitySensor(store, entity_id),
            )
        )

    @callback
    def add_new(entity_id: str) -> None:
        add([entity_id])

    add(list(store.states))
    entry.async_on_unload(
        async_dispatcher_connect(hass, store.new_entity_signal(), add_new)
    )


class _MovingEntitySensor(SensorEntity):
    """A sensor whose state comes from the sidecar's last update for one moving entity."""

    _attr_has_entity_name = True
    _attr_should_poll = False
    _kind: str

    def __init__(self, store: PresenceStore, entity_id: str) -> None:
        self._store = store
        self._moving_entity_id = entity_id
        self._attr_unique_id = f"floorplan_{entity_id}_{self._kind}"
        self._attr_translation_key = self._kind
        self._attr_device_info = DeviceInfo(
            identifiers={(DOMAIN, entity_id)},
            name=store.states[entity_id].get("name") or entity_id,
            manufacturer=NAME,
            model="Moving entity",
        )

    @property
    def _state(self) -> dict[str, Any]:
        return self._store.states[self._moving_entity_id]

    @property
    def available(self) -> bool:
        """Unavailable once the sidecar stops listing the moving entity."""
        return self._moving_entity_id in self._store.available

    async def async_added_to_hass(self) -> None:
        """Write the state whenever the sidecar sends this moving entity."""
        self.async_on_remove(
            async_dispatcher_connect(
                self.hass,
                self._store.updated_signal(self._moving_entity_id),
                self.async_write_ha_state,
            )
        )


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
