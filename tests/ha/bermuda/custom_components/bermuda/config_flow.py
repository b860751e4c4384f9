"""Config flow of the Bermuda test double: only the YAML import."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigFlow
from homeassistant.data_entry_flow import FlowResult

from .const import DOMAIN


class BermudaTestConfigFlow(ConfigFlow, domain=DOMAIN):
    """One entry, created from and kept in step with configuration.yaml."""

    VERSION = 1

    async def async_step_import(self, data: dict[str, Any]) -> FlowResult:
        await self.async_set_unique_id(DOMAIN)
        # On every start the YAML is imported again: an edited configuration
        # replaces the entry's data and reloads it.
        self._abort_if_unique_id_configured(updates=data)
        return self.async_create_entry(title="Bermuda BLE Trilateration", data=data)
