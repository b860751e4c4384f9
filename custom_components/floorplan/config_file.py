"""Read and write floorplan.yaml for a sidecar that cannot reach the HA config dir."""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path
import tempfile

from homeassistant.core import HomeAssistant

from .const import CONFIG_FILENAME, CONFIG_SUBDIR


class ConfigConflict(Exception):
    """The file on disk is not the one the writer last read."""


def config_path(hass: HomeAssistant) -> Path:
    """<HA config dir>/floorplan/floorplan.yaml."""
    return Path(hass.config.path(CONFIG_SUBDIR, CONFIG_FILENAME))


def sha256_hex(data: bytes) -> str:
    """SHA-256 of the UTF-8 bytes, lowercase hex: what expected_sha256 is compared to."""
    return hashlib.sha256(data).hexdigest()


def read_config(path: Path) -> str | None:
    """The file's content, or None when it does not exist. Runs in the executor."""
    try:
        # Bytes, then decode: text mode would translate CRLF and change the SHA-256.
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return None


def write_config(path: Path, content: str, expected_sha256: str | None) -> str:
    """Replace the file if it still has expected_sha256; returns the new SHA-256.

    Runs in the executor. The write goes to a temporary file in the same directory and is
    then renamed over the old one, so a reader never sees half a file.
    """
    try:
        current: bytes | None = path.read_bytes()
    except FileNotFoundError:
        current = None
    if expected_sha256 is None:
        if current is not None:
            raise ConfigConflict
    elif current is None or sha256_hex(current) != expected_sha256.lower():
        raise ConfigConflict

    data = content.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if current is not None else 0o644
    fd, tmp_name = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(data)
            tmp.flush()
            os.fsync(tmp.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise
    return sha256_hex(data)
