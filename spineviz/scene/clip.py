"""A cross-section of the scene: one clipping plane, named (sagittal, coronal, axial) or free.

The plane is part of the scene (``[clip]`` in a scene file): ``plane``, and where it passes — ``at`` a level
or a segment ("L4" through that body's centre, "L4/5" through the disc's centre, following the pose),
or an explicit ``origin`` (mm, spine frame) — plus an ``offset`` along the normal. ``normal`` (needed for a
``free`` plane) points toward the part that is cut away, i.e. toward the viewer who looks at the cut face:
a sagittal cut removes the patient's left half (seen from the left view), a coronal cut the back half
(seen from behind), an axial cut everything above (seen from above). Pure data; the renderer does the cut.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

PLANES = ("sagittal", "coronal", "axial", "free")
NORMALS = {"sagittal": (-1.0, 0.0, 0.0), "coronal": (0.0, -1.0, 0.0), "axial": (0.0, 0.0, 1.0)}
"""Unit normals in the spine frame (x right, y anterior, z superior), toward the half removed."""
VIEW_FOR_PLANE = {"sagittal": "left", "coronal": "posterior", "axial": "superior", "free": "oblique"}
"""The named view that looks straight at each plane's cut face."""
MAX_OFFSET = 300.0
CLIP_KEYS = ("plane", "at", "origin", "normal", "offset")


@dataclass(frozen=True)
class ClipPlane:
    """One clipping plane; see the module docstring.

    Parameters
    ----------
    plane
        One of :data:`PLANES`.
    at
        A level ("L4") or segment ("L4/5") the plane passes through, or ``None``.
    origin
        A point (mm, spine frame) the plane passes through; not with ``at``.
    normal
        Toward the part removed; required for ``free``, optional otherwise (overrides the named normal).
    offset
        Millimetres to move the plane along its normal (-300 to 300).
    """

    plane: str = "sagittal"
    at: str | None = None
    origin: tuple[float, float, float] | None = None
    normal: tuple[float, float, float] | None = None
    offset: float = 0.0

    def __post_init__(self) -> None:
        from spineviz.anatomy.levels import LevelError, parse_level_or_segment
        from spineviz.scene.state import SceneError, _choice, _number, _vector

        set_ = object.__setattr__
        _choice("plane", self.plane, PLANES)
        if self.at is not None and self.origin is not None:
            raise SceneError("gives both at and origin", key="at", fix="keep one: at = \"L4/5\" or origin = [x, y, z]")
        if self.at is not None:
            try:
                set_(self, "at", parse_level_or_segment(self.at).name)  # type: ignore[arg-type]
            except (LevelError, TypeError, AttributeError) as exc:
                raise SceneError(f"{self.at!r} is not a level or segment ({exc})", key="at",
                                 fix='write a level such as "L4" or a segment such as "L4/5"') from None
        if self.origin is not None:
            set_(self, "origin", _vector("origin", self.origin))
        if self.normal is not None:
            n = _vector("normal", self.normal)
            if math.hypot(*n) < 1e-9:
                raise SceneError("is zero", key="normal", fix="give a direction such as [-1, 0, 0]")
            set_(self, "normal", n)
        elif self.plane == "free":
            raise SceneError("a free plane needs a normal", key="normal",
                             fix="add normal = [x, y, z] pointing toward the part to cut away")
        set_(self, "offset", _number("offset", self.offset, -MAX_OFFSET, MAX_OFFSET, " mm"))

    def unit_normal(self) -> np.ndarray:
        n = np.asarray(self.normal if self.normal is not None else NORMALS[self.plane], float)
        return n / np.linalg.norm(n)

    def world_plane(self, spine_model, transforms: np.ndarray | None = None,
                    fallback: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(origin, unit normal) in the spine frame for the pose ``transforms`` (default neutral).

        ``fallback`` is the origin used when neither ``at`` nor ``origin`` is given (the renderer passes
        the centre of what is visible); without it, the S1 endplate centre (the frame's origin).
        """
        n = self.unit_normal()
        if self.origin is not None:
            o = np.asarray(self.origin, float)
        elif self.at is not None:
            o = anchor_point(spine_model, self.at, transforms)
        else:
            o = np.zeros(3) if fallback is None else np.asarray(fallback, float)
        return o + self.offset * n, n


def anchor_point(spine_model, name: str, transforms: np.ndarray | None = None) -> np.ndarray:
    """A level's body centre, or a segment's disc centre (between the two endplates), posed (mm)."""
    from spineviz.anatomy.levels import Segment, parse_level_or_segment

    item = parse_level_or_segment(name)
    eye = np.repeat(np.eye(4)[None], len(spine_model.frames), axis=0) if transforms is None else transforms
    if isinstance(item, Segment):
        low = eye[item.upper.index] @ spine_model.endplate(item.upper, "lower")
        up = eye[item.lower.index] @ spine_model.endplate(item.lower, "upper")
        return 0.5 * (low[:3, 3] + up[:3, 3])
    return (eye[item.index] @ spine_model.frames[item.index])[:3, 3]


def clip_from_flags(plane: str, at: str | None = None, offset: float = 0.0) -> ClipPlane:
    """The plane ``spineviz render --clip PLANE [--clip-at L4/5] [--clip-offset MM]`` asks for."""
    return ClipPlane(plane=plane, at=at, offset=offset)


def clip_to_toml_lines(clip: ClipPlane) -> list[str]:
    """The ``[clip]`` table of a scene file."""
    from spineviz.scene.io import toml_number, toml_string

    lines = ["", "[clip]", f"plane = {toml_string(clip.plane)}"]
    if clip.at is not None:
        lines.append(f"at = {toml_string(clip.at)}")
    for key in ("origin", "normal"):
        value = getattr(clip, key)
        if value is not None:
            lines.append(f"{key} = [{', '.join(toml_number(v) for v in value)}]")
    if clip.offset:
        lines.append(f"offset = {toml_number(clip.offset)}")
    return lines
