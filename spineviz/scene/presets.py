"""The preset scenes shipped with spineviz (``scenes/*.toml``), found in the installed package or a checkout.

A wheel carries them as ``spineviz/_data/scenes`` (``pyproject.toml``'s force-include); a source checkout
has them in ``scenes/`` beside the package. A file ``NN-some-name.toml`` is the preset ``some-name``; the
number only orders the Scenes menu.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from spineviz.scene.io import load_scene
from spineviz.scene.state import SceneError, SceneState

CHAIRSIDE = "l4-5-facet-pain-on-extension"
"""The one-click chairside preset."""

_NAME = re.compile(r"^(?:\d+-)?(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)\.toml$")


def default_scene_dir() -> Path:
    """Where the preset scenes are: inside the installed package, or ``scenes/`` in a source checkout."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "_data" / "scenes", here.parent / "scenes"):
        if candidate.is_dir() and any(candidate.glob("*.toml")):
            return candidate
    return here.parent / "scenes"


@dataclass(frozen=True)
class PresetInfo:
    """What a menu needs: the preset's id, its file, title and caption."""

    id: str
    path: Path
    title: str
    caption: str


def preset_paths(folder: Path | None = None) -> dict[str, Path]:
    """Preset id to file, in menu order."""
    folder = folder or default_scene_dir()
    found = {}
    for path in sorted(folder.glob("*.toml")):
        m = _NAME.match(path.name)
        if m:
            found[m["id"]] = path
    return found


def list_presets(folder: Path | None = None) -> list[PresetInfo]:
    """Every preset that loads, in menu order; a broken one raises (the tests keep them all valid)."""
    return [PresetInfo(pid, path, (s := load_scene(path)).title, s.caption)
            for pid, path in preset_paths(folder).items()]


def load_preset(preset_id: str, folder: Path | None = None) -> SceneState:
    """Load a preset by id ("whole-spine-overview").

    Raises
    ------
    SceneError
        For an unknown id (the message lists the ids) or a preset that does not validate.
    """
    paths = preset_paths(folder)
    if preset_id not in paths:
        raise SceneError(f"no preset scene {preset_id!r}", key="preset",
                         fix=f"use one of: {', '.join(paths) or '(none found in ' + str(default_scene_dir()) + ')'}")
    return load_scene(paths[preset_id])


__all__ = ["CHAIRSIDE", "PresetInfo", "default_scene_dir", "list_presets", "load_preset", "preset_paths"]
