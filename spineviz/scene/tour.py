"""Tours: an ordered list of scenes with captions, played with smooth camera moves, kept in one TOML file.

A tour file::

    version = 1
    title = "Why my back hurts when I lean back"
    audience = "patient"

    [[step]]
    preset = "l4-5-facet-pain-on-extension"   # or scene = "scenes/x.toml" (relative to the tour file)
    caption = "Leaning back presses the small joints at the back of the spine together."
    duration = 5        # seconds the step holds (0.5-60)
    transition = 1.5    # seconds the camera takes to move here from the previous step (0-10)
    region = "lumbar"   # any scene field overrides the base scene; a [step.camera], [step.layers],
                        # [step.motion], [step.clip] ... table replaces the base's whole table

The step's caption replaces the base scene's. A step may also have no base at all and give the scene's
fields itself. :func:`load_tour` checks everything and names the file, the step, the key and the fix;
:func:`save_tour` writes every step in full (no base references), atomically. :func:`camera_between` is
the smooth move between two cameras.
Pure data: the render floor plays and exports it (:mod:`spineviz.render.tour_export`).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from spineviz.scene.state import AUDIENCES, MAX_CAPTION, MAX_TITLE, SceneError, SceneState, _choice, _number, _text

TOUR_VERSION = 1
MAX_STEPS = 50
DURATION_RANGE = (0.5, 60.0)
TRANSITION_RANGE = (0.0, 10.0)
TOUR_KEYS = ("version", "title", "audience", "step")
STEP_OWN_KEYS = ("scene", "preset", "caption", "duration", "transition")
_SCENE_TABLES = ("camera", "motion", "animation", "layers", "document", "clip")
_EXAMPLE = ('a tour is version = 1, a title, and [[step]] tables, each with caption = "..." and a '
            'scene = "file.toml", a preset = "id" or the scene\'s own fields')


class TourError(SceneError):
    """A tour that cannot be used; like :class:`SceneError`, it names the file, the key and the fix."""


@dataclass(frozen=True)
class TourStep:
    """One stop of a tour: what is shown, what it says, how long it holds, how long the camera takes."""

    scene: SceneState
    caption: str
    duration: float = 5.0
    transition: float = 1.5

    def __post_init__(self) -> None:
        _text("caption", self.caption, MAX_CAPTION, multiline=True)
        if not isinstance(self.scene, SceneState):
            raise TourError(f"must be a SceneState, not {type(self.scene).__name__}", key="scene",
                            fix="build it with spineviz.scene.SceneState")
        if self.scene.caption != self.caption:  # the step's caption is what the scene says
            object.__setattr__(self, "scene", replace(self.scene, caption=self.caption))
        object.__setattr__(self, "duration", _number("duration", self.duration, *DURATION_RANGE, " s"))
        object.__setattr__(self, "transition", _number("transition", self.transition, *TRANSITION_RANGE, " s"))



@dataclass(frozen=True)
class Tour:
    """A titled, ordered list of :class:`TourStep`; see the module docstring."""

    title: str
    steps: tuple[TourStep, ...]
    audience: str = "patient"
    version: int = TOUR_VERSION

    def __post_init__(self) -> None:
        _text("title", self.title, MAX_TITLE)
        _choice("audience", self.audience, AUDIENCES)
        if not self.steps:
            raise TourError("has no steps", key="step", fix="add at least one [[step]] table with a caption")
        if len(self.steps) > MAX_STEPS:
            raise TourError(f"has {len(self.steps)} steps; the limit is {MAX_STEPS}", key="step",
                            fix="split it into shorter tours")

    @property
    def seconds(self) -> float:
        return float(sum(s.transition + s.duration for s in self.steps))


# ---- reading ------------------------------------------------------------------------------------------


def _base_data(step: dict, n: int, folder: Path) -> tuple[dict, Path]:
    """The TOML data of the step's base scene (a file or a preset), and the folder its paths are relative to."""
    from spineviz.scene.presets import preset_paths

    if "scene" in step and "preset" in step:
        raise TourError("gives both scene and preset", key=f"step[{n}].preset", fix="keep one of them")
    if "preset" in step:
        presets = preset_paths()
        pid = step["preset"]
        if not isinstance(pid, str) or pid not in presets:
            raise TourError(f"{pid!r} is not a preset scene", key=f"step[{n}].preset",
                            fix=f"use one of: {', '.join(sorted(presets))}")
        path = presets[pid]
    elif "scene" in step:
        if not isinstance(step["scene"], str):
            raise TourError("must be the path of a scene file, in quotes", key=f"step[{n}].scene",
                            fix='write scene = "scenes/my-scene.toml" (relative to the tour file)')
        path = (folder / step["scene"]).resolve()
        if not path.is_file():
            raise TourError(f"the scene file {path} does not exist", key=f"step[{n}].scene",
                            fix="check the path; it is relative to the tour file's folder")
    else:
        return {"version": 1}, folder
    try:
        return tomllib.loads(path.read_text(encoding="utf-8")), path.parent
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise TourError(f"the scene file {path} cannot be read ({exc})", key=f"step[{n}]",
                        fix="open it with spineviz to see what is wrong, and fix it") from None


def _step_from(step: object, n: int, folder: Path, audience: str) -> TourStep:
    from spineviz.scene.io import TOP_KEYS, _state_from

    key = f"step[{n}]"
    if not isinstance(step, dict):
        raise TourError("must be a table", key=key, fix="write each step as a [[step]] table")
    allowed = STEP_OWN_KEYS + tuple(k for k in TOP_KEYS if k != "caption")
    for k in step:
        if k not in allowed:
            raise TourError(f"unknown key {k!r}", key=f"{key}.{k}", fix=f"the keys of a step are: {', '.join(allowed)}")
    if "caption" not in step:
        raise TourError("has no caption", key=key, fix='add caption = "what this step shows, in a sentence or two"')
    data, base_dir = _base_data(step, n, folder)
    data = dict(data)
    for k, v in step.items():
        if k in STEP_OWN_KEYS:
            continue
        data[k] = v
        if k == "motion":
            data.pop("animation", None)
        elif k == "animation":
            data.pop("motion", None)
    data.setdefault("version", 1)
    data.setdefault("audience", audience)
    try:
        scene = _state_from(data, base_dir, True)
        return TourStep(scene, step["caption"], step.get("duration", 5.0), step.get("transition", 1.5))
    except SceneError as exc:
        raise TourError(exc.problem, key=f"{key}.{exc.key}" if exc.key else key, fix=exc.fix) from None


def tour_from_toml(text: str, *, origin: object = None, folder: str | os.PathLike[str] | None = None) -> Tour:
    """Read tour TOML text; problems are a :class:`TourError` naming ``origin``, the step, key and fix."""
    where = origin if origin is not None else "tour"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TourError(f"this is not valid TOML ({exc})", path=where, fix=_EXAMPLE) from None
    base = Path(folder) if folder is not None else Path.cwd()
    try:
        for k in data:
            if k not in TOUR_KEYS:
                raise TourError(f"unknown key {k!r}", key=k, fix=f"the top-level keys are: {', '.join(TOUR_KEYS)}")
        if data.get("version") != TOUR_VERSION:
            raise TourError(f"version {data.get('version')!r} is not a tour format this spineviz reads",
                            key="version", fix=f"write version = {TOUR_VERSION} as the first line")
        steps = data.get("step")
        if not isinstance(steps, list):
            raise TourError("has no [[step]] tables", key="step", fix=_EXAMPLE)
        audience = data.get("audience", "patient")
        _choice("audience", audience, AUDIENCES)
        return Tour(data.get("title", ""), tuple(_step_from(s, i + 1, base, audience) for i, s in enumerate(steps)),
                    audience)
    except SceneError as exc:
        raise TourError(exc.problem, key=exc.key, fix=exc.fix, path=where) from None


def load_tour(path: str | os.PathLike[str]) -> Tour:
    """Read a tour file (scene paths in it are relative to its folder)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise TourError("there is no such file", path=p, fix="check the name and folder") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise TourError(f"cannot be read as text ({exc})", path=p, fix="open a tour .toml file") from None
    return tour_from_toml(text, origin=p, folder=p.parent)


# ---- writing ------------------------------------------------------------------------------------------


def tour_to_toml(tour: Tour) -> str:
    """The tour file text, every step written in full."""
    from spineviz.scene.io import scene_to_toml, toml_number, toml_string

    lines = [f"# spineviz tour, format version {TOUR_VERSION}", f"version = {tour.version}",
             f"title = {toml_string(tour.title)}", f"audience = {toml_string(tour.audience)}"]
    for step in tour.steps:
        lines += ["", "[[step]]", f"caption = {toml_string(step.caption)}",
                  f"duration = {toml_number(step.duration)}", f"transition = {toml_number(step.transition)}"]
        for line in scene_to_toml(replace(step.scene, caption="")).splitlines():
            if line.startswith("#") or line.startswith("caption ="):
                continue
            if line.startswith("[") and not line.startswith("[["):
                line = f"[step.{line[1:]}"
            lines.append(line)
    return "\n".join(lines) + "\n"


def save_tour(tour: Tour, path: str | os.PathLike[str]) -> Path:
    """Write ``tour`` atomically; the result reads back equal with :func:`load_tour`."""
    from spineviz.atomic import atomic_write_text

    p = Path(path)
    try:
        atomic_write_text(p, tour_to_toml(tour))
    except OSError as exc:
        raise TourError(f"cannot be written ({exc})", path=p, fix="choose a folder you can write to") from None
    return p


# ---- the camera between steps -------------------------------------------------------------------------


Camera3 = tuple[np.ndarray, np.ndarray, np.ndarray]


def _slerp(a: np.ndarray, b: np.ndarray, t: float) -> np.ndarray:
    a, b = a / np.linalg.norm(a), b / np.linalg.norm(b)
    dot = float(np.clip(a @ b, -1.0, 1.0))
    if dot > 0.9995:
        v = a + t * (b - a)
        return v / np.linalg.norm(v)
    if dot < -0.9995:  # opposite: turn about any axis across them
        axis = np.cross(a, [0.0, 0.0, 1.0] if abs(a[2]) < 0.9 else [1.0, 0.0, 0.0])
        axis /= np.linalg.norm(axis)
        ang = np.pi * t
        return a * np.cos(ang) + np.cross(axis, a) * np.sin(ang)
    omega = np.arccos(dot)
    return (np.sin((1 - t) * omega) * a + np.sin(t * omega) * b) / np.sin(omega)


def ease(t: float) -> float:
    """Smoothstep: starts and ends at rest, so a move never jerks."""
    t = float(np.clip(t, 0.0, 1.0))
    return t * t * (3.0 - 2.0 * t)


def camera_between(a, b, t: float) -> Camera3:
    """The camera a fraction ``t`` (0-1, eased) of the way from ``a`` to ``b``.

    Each camera is (position, focal point, up) in mm. The focal point moves in a straight line, the
    direction of view turns on a great circle (so the spine stays in view, never swinging through it),
    the distance changes geometrically (a zoom feels even) and the up vector turns with it.
    """
    (pa, fa, ua), (pb, fb, ub) = ([np.asarray(v, float) for v in cam] for cam in (a, b))
    s = ease(t)
    focal = fa + s * (fb - fa)
    da, db = pa - fa, pb - fb
    la, lb = np.linalg.norm(da), np.linalg.norm(db)
    direction = _slerp(da, db, s)
    distance = la * (lb / la) ** s
    up = _slerp(ua, ub, s)
    up = up - direction * (up @ direction)
    if np.linalg.norm(up) < 1e-6:
        up = ub
    return focal + direction * distance, focal, up / np.linalg.norm(up)


def default_tour_dir() -> Path:
    """The shipped tours: inside the installed package, or ``tours/`` in a source checkout."""
    here = Path(__file__).resolve().parent.parent
    for candidate in (here / "_data" / "tours", here.parent / "tours"):
        if candidate.is_dir():
            return candidate
    return here.parent / "tours"
