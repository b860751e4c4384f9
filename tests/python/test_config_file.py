"""floorplan/config/get and floorplan/config/save: the file a remote sidecar edits."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest

from homeassistant.core import HomeAssistant

from conftest import Sidecar

ORIGINAL = "floors:\n  - id: ground\n"
EDITED = "floors:\n  - id: ground\n  - id: first\n"


def sha(text: str | bytes) -> str:
    data = text.encode() if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def yaml_path(config_dir: Path) -> Path:
    return config_dir / "floorplan" / "floorplan.yaml"


@pytest.fixture
def existing(yaml_path: Path) -> Path:
    yaml_path.parent.mkdir()
    yaml_path.write_text(ORIGINAL)
    return yaml_path


async def save(admin: Any, content: str, expected: str | None) -> dict[str, Any]:
    return await admin.command(
        {
            "type": "floorplan/config/save",
            "content": content,
            "expected_sha256": expected,
        }
    )


async def test_get_without_file_returns_null_content(
    hass: HomeAssistant, entry: Any, ws_client: Any, yaml_path: Path
) -> None:
    admin = await ws_client()

    msg = await admin.command({"type": "floorplan/config/get"})

    assert msg["result"] == {"path": str(yaml_path), "content": None}


async def test_get_returns_the_file(
    hass: HomeAssistant, entry: Any, ws_client: Any, existing: Path
) -> None:
    admin = await ws_client()

    msg = await admin.command({"type": "floorplan/config/get"})

    assert msg["result"] == {"path": str(existing), "content": ORIGINAL}


async def test_get_keeps_line_endings_so_the_sha_matches_the_disk(
    hass: HomeAssistant, entry: Any, ws_client: Any, yaml_path: Path
) -> None:
    yaml_path.parent.mkdir()
    yaml_path.write_bytes(b"floors: []\r\n")
    admin = await ws_client()

    content = (await admin.command({"type": "floorplan/config/get"}))["result"][
        "content"
    ]

    assert content == "floors: []\r\n"
    assert (await save(admin, EDITED, sha(content)))["success"]


async def test_save_creates_the_file_when_expected_is_null(
    hass: HomeAssistant, entry: Any, ws_client: Any, yaml_path: Path
) -> None:
    admin = await ws_client()

    msg = await save(admin, ORIGINAL, None)

    assert msg["success"], msg
    assert msg["result"] == {"path": str(yaml_path), "sha256": sha(ORIGINAL)}
    assert yaml_path.read_text() == ORIGINAL
    got = await admin.command({"type": "floorplan/config/get"})
    assert got["result"]["content"] == ORIGINAL


async def test_save_with_null_expected_refuses_to_overwrite(
    hass: HomeAssistant, entry: Any, ws_client: Any, existing: Path
) -> None:
    admin = await ws_client()

    msg = await save(admin, EDITED, None)

    assert msg["error"] == {
        "code": "conflict",
        "message": "floorplan.yaml changed on disk; reload and try again",
    }
    assert existing.read_text() == ORIGINAL


async def test_save_with_the_current_sha_replaces_the_file(
    hass: HomeAssistant, entry: Any, ws_client: Any, existing: Path
) -> None:
    admin = await ws_client()

    msg = await save(admin, EDITED, sha(ORIGINAL))

    assert msg["success"], msg
    assert existing.read_text() == EDITED
    # The returned hash is what the next save must send.
    assert (await save(admin, ORIGINAL, msg["result"]["sha256"]))["success"]
    assert existing.read_text() == ORIGINAL


async def test_save_after_someone_else_changed_the_file_conflicts(
    hass: HomeAssistant, entry: Any, ws_client: Any, existing: Path
) -> None:
    admin = await ws_client()
    read = (await admin.command({"type": "floorplan/config/get"}))["result"]["content"]
    existing.write_text("floors: [] # edited by hand\n")

    msg = await save(admin, EDITED, sha(read))

    assert msg["error"]["code"] == "conflict"
    assert existing.read_text() == "floors: [] # edited by hand\n"


async def test_save_with_a_sha_when_the_file_is_gone_conflicts(
    hass: HomeAssistant, entry: Any, ws_client: Any, yaml_path: Path
) -> None:
    admin = await ws_client()

    msg = await save(admin, EDITED, sha(ORIGINAL))

    assert msg["error"]["code"] == "conflict"
    assert not yaml_path.exists()


async def test_save_writes_a_temporary_file_and_renames_it(
    hass: HomeAssistant, entry: Any, ws_client: Any, existing: Path
) -> None:
    admin = await ws_client()
    real_replace = os.replace
    seen: list[tuple[str, str, str]] = []

    def replace(src: str, dst: str) -> None:
        # At the moment of the rename the new content is complete in the temporary file
        # and the old file is untouched: a reader sees one or the other, never a mix.
        seen.append(
            (Path(src).read_text(), Path(dst).read_text(), str(Path(src).parent))
        )
        real_replace(src, dst)

    with patch("custom_components.floorplan.config_file.os.replace", replace):
        assert (await save(admin, EDITED, sha(ORIGINAL)))["success"]

    assert seen == [(EDITED, ORIGINAL, str(existing.parent))]
    assert existing.read_text() == EDITED
    assert os.listdir(existing.parent) == ["floorplan.yaml"]


async def test_failed_write_keeps_the_old_file_and_no_temporary(
    hass: HomeAssistant, entry: Any, ws_client: Any, existing: Path
) -> None:
    admin = await ws_client()

    with patch(
        "custom_components.floorplan.config_file.os.replace",
        side_effect=OSError(28, "No space left on device"),
    ):
        msg = await save(admin, EDITED, sha(ORIGINAL))

    assert msg["error"]["code"] == "failed"
    assert "No space left on device" in msg["error"]["message"]
    assert existing.read_text() == ORIGINAL
    assert os.listdir(existing.parent) == ["floorplan.yaml"]


async def test_save_tells_the_sidecar(
    hass: HomeAssistant, sidecar: Sidecar, ws_client: Any, existing: Path
) -> None:
    card = await ws_client()

    assert (await save(card, EDITED, sha(ORIGINAL)))["success"]

    assert await sidecar.next_event() == {
        "request_id": None,
        "name": "config_changed",
        "data": {"path": str(existing), "sha256": sha(EDITED)},
        "source": "integration",
    }


async def test_save_does_not_log_the_content(
    hass: HomeAssistant,
    entry: Any,
    ws_client: Any,
    yaml_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level("DEBUG", logger="custom_components.floorplan")
    admin = await ws_client()

    assert (await save(admin, "secret: hunter2\n", None))["success"]

    ours = [
        r for r in caplog.records if r.name.startswith("custom_components.floorplan")
    ]
    assert any("Saved" in r.getMessage() for r in ours)
    assert not any("hunter2" in r.getMessage() for r in ours)
