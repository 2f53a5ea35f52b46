"""The recent-scenes list: a small JSON file in the user's config folder, written atomically.

A missing, unreadable or corrupt list is an empty one; the next change writes a good one.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from spineviz.atomic import atomic_write_bytes

LIMIT = 10
FILE_NAME = "recent-scenes.json"


def recent_file() -> Path:
    """Where the list lives: the platform's user config folder for spineviz."""
    import platformdirs

    return Path(platformdirs.user_config_dir("spineviz", appauthor=False)) / FILE_NAME


def _read(store: Path) -> list[str]:
    try:
        data = json.loads(store.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    items = data.get("recent") if isinstance(data, dict) else None
    if not isinstance(items, list):
        return []
    return [p for p in items if isinstance(p, str) and p and "\x00" not in p]


def _write(store: Path, items: list[str]) -> None:
    store.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(store, json.dumps({"version": 1, "recent": items}, indent=1).encode("utf-8"))


def recent_scenes(store: Path | None = None) -> list[Path]:
    """The recent scene files that still exist, most recent first."""
    return [Path(p) for p in _read(store or recent_file()) if os.path.isfile(p)]


def add_recent_scene(path: str | os.PathLike[str], store: Path | None = None, limit: int = LIMIT) -> list[Path]:
    """Put ``path`` first in the list (once), keep at most ``limit``, and return the list."""
    store = store or recent_file()
    item = os.path.abspath(path)
    items = [item] + [p for p in _read(store) if p != item]
    items = items[:limit]
    _write(store, items)
    return [Path(p) for p in items]


def forget_recent_scene(path: str | os.PathLike[str], store: Path | None = None) -> list[Path]:
    """Remove ``path`` from the list (say, after it failed to open) and return the list."""
    store = store or recent_file()
    item = os.path.abspath(path)
    items = [p for p in _read(store) if p != item]
    _write(store, items)
    return [Path(p) for p in items]


__all__ = ["add_recent_scene", "forget_recent_scene", "recent_file", "recent_scenes"]
