"""What HACS and Home Assistant read from the integration's files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import voluptuous as vol

from homeassistant.core import HomeAssistant
from homeassistant.helpers.service import async_get_all_descriptions

from custom_components.floorplan.const import DOMAIN, VERSION
from custom_components.floorplan.services import SERVICE_SCHEMAS

ROOT = Path(__file__).resolve().parents[2]
INTEGRATION = ROOT / "custom_components" / "floorplan"


def load(path: Path) -> Any:
    return json.loads(path.read_text())


def test_manifest_has_what_hacs_and_home_assistant_require() -> None:
    manifest = load(INTEGRATION / "manifest.json")

    assert manifest["domain"] == DOMAIN
    assert manifest["name"] == "Floorplan Presence"
    assert manifest["config_flow"] is True
    assert manifest["iot_class"] == "local_push"
    assert manifest["version"] == VERSION == load(ROOT / "package.json")["version"]
    assert manifest["requirements"] == []
    assert {"http", "websocket_api"} <= set(manifest["dependencies"])
    for key in ("documentation", "issue_tracker", "codeowners"):
        assert manifest[key]
    # hassfest wants domain and name first, then the keys sorted.
    keys = list(manifest)
    assert keys[:2] == ["domain", "name"] and keys[2:] == sorted(keys[2:])


def test_hacs_json_names_the_integration() -> None:
    hacs = load(ROOT / "hacs.json")

    assert hacs["name"] == "Floorplan Presence"
    assert "homeassistant" in hacs


def test_english_translation_matches_strings() -> None:
    strings = load(INTEGRATION / "strings.json")
    english = load(INTEGRATION / "translations" / "en.json")

    # Same keys everywhere; text differs only where strings.json refers to a common string.
    def flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, str]:
        out: dict[str, str] = {}
        for key, value in tree.items():
            if isinstance(value, dict):
                out |= flatten(value, f"{prefix}{key}.")
            else:
                out[f"{prefix}{key}"] = value
        return out

    flat_strings, flat_english = flatten(strings), flatten(english)
    assert flat_strings.keys() == flat_english.keys()
    for key, text in flat_strings.items():
        if not text.startswith("[%key:"):
            assert flat_english[key] == text, key


async def test_every_service_is_described_with_its_fields(
    hass: HomeAssistant, entry: Any, caplog: Any
) -> None:
    descriptions = (await async_get_all_descriptions(hass))[DOMAIN]

    assert "Unable to parse services.yaml" not in caplog.text
    assert descriptions.keys() == SERVICE_SCHEMAS.keys()
    for name, schema in SERVICE_SCHEMAS.items():
        description = descriptions[name]
        assert description["name"] and description["description"], name
        fields = description.get("fields", {})
        assert fields.keys() == {str(key) for key in schema.schema}, name
        for key in schema.schema:
            field = fields[str(key)]
            assert field["selector"], (name, key)
            assert bool(field.get("required")) == isinstance(key, vol.Required), (
                name,
                key,
            )
            assert field["name"] and field["description"], (name, key)
