"""Config flow: one confirmation step; the sidecar is configured on its own side."""

from __future__ import annotations

from typing import Any

from homeassistant.config_entries import ConfigFlow
from homeassistant.data_entry_flow import FlowResult

from .const import DOMAIN, NAME


class FloorplanConfigFlow(ConfigFlow, domain=DOMAIN):
    """Create the single Floorplan Presence entry."""

    VERSION = 1

    async def async_step_user(
        self, user_input: dict[str, Any] | None = None
    ) -> FlowResult:
        """Confirm, then create the entry."""
        # One sidecar link and one set of services per Home Assistant.
        if self._async_current_entries():
            return self.async_abort(reason="single_instance_allowed")
        if user_input is None:
            return self.async_show_form(step_id="user")
        return self.async_create_entry(title=NAME, data={})
