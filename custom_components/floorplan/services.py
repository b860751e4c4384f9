"""The floorplan.* services: validate the fields, forward to the sidecar, return its answer."""

from __future__ import annotations

import logging
import math
from typing import Any

import voluptuous as vol

from homeassistant.core import (
    HomeAssistant,
    ServiceCall,
    ServiceResponse,
    SupportsResponse,
    callback,
)
from homeassistant.exceptions import HomeAssistantError, Unauthorized, UnknownUser
import homeassistant.helpers.config_validation as cv

from .const import (
    ALL_SERVICES,
    DOMAIN,
    ERR_NOT_SET_UP,
    MSG_NOT_SET_UP,
    SERVICE_ADD_BEACON_NODE,
    SERVICE_DELETE_BEACON_NODE,
    SERVICE_ENABLE_SENSORS,
    SERVICE_GET_ALL_ENTITY_COORDINATES,
    SERVICE_GET_ALL_MOVING_ENTITY_COORDINATES,
    SERVICE_GET_BEACON_NODES,
    SERVICE_GET_ENTITY_COORDINATES,
    SERVICE_GET_MOVING_ENTITY_COORDINATES,
    SERVICE_GET_ROOMS_BY_FLOOR,
    SERVICE_RELOAD,
    SERVICE_STATUS,
    SERVICE_UPDATE_BEACON_NODE,
    WRITE_SERVICES,
)
from .link import SidecarError
from .runtime import get_runtime

_LOGGER = logging.getLogger(__name__)


def finite_number(value: Any) -> float:
    # bool is an int in Python, but `true` is not a coordinate.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise vol.Invalid("expected a number")
    if not math.isfinite(value):
        raise vol.Invalid("expected a finite number")
    return float(value)


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise vol.Invalid("coordinates must be a list [x, y, z]")
    return value


COORDINATES = vol.All(
    _list,
    vol.Length(min=3, max=3, msg="coordinates must be exactly 3 numbers [x, y, z]"),
    [finite_number],
)
NON_EMPTY = vol.All(cv.string, vol.Length(min=1))

_EMPTY = vol.Schema({})
SERVICE_SCHEMAS: dict[str, vol.Schema] = {
    SERVICE_GET_MOVING_ENTITY_COORDINATES: vol.Schema(
        {vol.Required("entity_id"): cv.entity_id}
    ),
    SERVICE_GET_ALL_MOVING_ENTITY_COORDINATES: _EMPTY,
    SERVICE_GET_BEACON_NODES: _EMPTY,
    SERVICE_GET_ROOMS_BY_FLOOR: vol.Schema({vol.Required("floor_id"): NON_EMPTY}),
    SERVICE_GET_ENTITY_COORDINATES: vol.Schema(
        {vol.Required("entity_id"): cv.entity_id}
    ),
    SERVICE_GET_ALL_ENTITY_COORDINATES: _EMPTY,
    SERVICE_STATUS: _EMPTY,
    SERVICE_ADD_BEACON_NODE: vol.Schema(
        {
            vol.Required("node_id"): NON_EMPTY,
            vol.Required("coordinates"): COORDINATES,
            vol.Optional("name"): NON_EMPTY,
        }
    ),
    SERVICE_UPDATE_BEACON_NODE: vol.Schema(
        {
            vol.Required("node_id"): NON_EMPTY,
            vol.Required("coordinates"): COORDINATES,
        }
    ),
    SERVICE_DELETE_BEACON_NODE: vol.Schema({vol.Required("node_id"): NON_EMPTY}),
    SERVICE_RELOAD: _EMPTY,
    SERVICE_ENABLE_SENSORS: _EMPTY,
}
assert SERVICE_SCHEMAS.keys() == ALL_SERVICES


async def async_forward(
    hass: HomeAssistant, name: str, data: dict[str, Any], source: str
) -> Any:
    """Send a validated request to the sidecar; raises SidecarError."""
    if (runtime := get_runtime(hass)) is None:
        raise SidecarError(ERR_NOT_SET_UP, MSG_NOT_SET_UP)
    return await runtime.link.request(name, data, source)


async def _async_require_admin(hass: HomeAssistant, call: ServiceCall) -> None:
    # Same rule as Home Assistant's admin services: automations (no user) may edit,
    # users must be administrators.
    if not call.context.user_id:
        return
    user = await hass.auth.async_get_user(call.context.user_id)
    if user is None:
        raise UnknownUser(context=call.context)
    if not user.is_admin:
        raise Unauthorized(context=call.context)


@callback
def async_register_services(hass: HomeAssistant) -> None:
    """Register every floorplan.* service."""

    def make_handler(name: str):
        async def handle(call: ServiceCall) -> ServiceResponse:
            if name in WRITE_SERVICES:
                await _async_require_admin(hass, call)
            try:
                result = await async_forward(hass, name, dict(call.data), "service")
            except SidecarError as err:
                raise err.as_ha_error() from None
            if not call.return_response:
                return None
            if not isinstance(result, dict):
                raise HomeAssistantError(
                    f"floorplan sidecar answered {name} with {type(result).__name__},"
                    " not an object"
                )
            return result

        return handle

    for name, schema in SERVICE_SCHEMAS.items():
        hass.services.async_register(
            DOMAIN,
            name,
            make_handler(name),
            schema=schema,
            supports_response=(
                SupportsResponse.OPTIONAL
                if name in WRITE_SERVICES
                else SupportsResponse.ONLY
            ),
        )


@callback
def async_remove_services(hass: HomeAssistant) -> None:
    """Remove every floorplan.* service."""
    for name in SERVICE_SCHEMAS:
        hass.services.async_remove(DOMAIN, name)
