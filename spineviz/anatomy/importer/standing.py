"""``--standing``: give an imported spine the model's standing curves, keeping the patient's own bones.

A CT is taken lying on the back. Lying supine flattens the lumbar lordosis compared with standing (for
example Benditz et al. 2018, Sci Rep 8:14573; Hasegawa et al. 2018 found the same), so a CT shows a flatter
spine than the one the patient stands in. This option turns each segment in the sagittal plane, about the
middle of its disc, until the angle between its two bodies equals the model's standing angle, and sets the
lowest level at the model's standing tilt. Bones, facets and discs keep their shapes; only the curves change.
"""

from __future__ import annotations

import math

import numpy as np

from spineviz.anatomy.importer.levelframes import LevelGeometry
from spineviz.anatomy.levels import LEVEL_NAMES

NOTE = ("Standing curves: each segment was turned in the sagittal plane to the model's standing angle (a CT is "
        "taken lying down, where the lordosis is flatter); the bones' own shapes are unchanged.")


def _sagittal(lower: np.ndarray, upper: np.ndarray) -> float:
    """Signed angle (deg) of the upper frame's z relative to the lower's, about the lower's x axis."""
    x, z0, z1 = lower[:3, 0], lower[:3, 2], upper[:3, 2]
    return math.degrees(math.atan2(np.cross(z0, z1) @ x, z0 @ z1))


def _rotation_about(axis: np.ndarray, point: np.ndarray, deg: float) -> np.ndarray:
    a = axis / np.linalg.norm(axis)
    t = math.radians(deg)
    k = np.array([[0, -a[2], a[1]], [a[2], 0, -a[0]], [-a[1], a[0], 0]])
    r = np.eye(3) + math.sin(t) * k + (1 - math.cos(t)) * k @ k
    m = np.eye(4)
    m[:3, :3] = r
    m[:3, 3] = point - r @ point
    return m


def _move(g: LevelGeometry, m: np.ndarray) -> None:
    g.frame = m @ g.frame
    g.surface = g.surface.transform(m, inplace=False)
    g.interior = g.interior @ m[:3, :3].T + m[:3, 3]


def stand_up(levels: list[LevelGeometry]) -> str:
    """Re-angle ``levels`` (top to bottom, frames set) to the model's standing curves; return the note."""
    from spineviz.anatomy.spine import model

    frames = model().frames
    for k in range(len(levels) - 1, 0, -1):  # from the bottom up, each turn carrying everything above
        lower, upper = levels[k], levels[k - 1]
        i, j = LEVEL_NAMES.index(lower.name), LEVEL_NAMES.index(upper.name)
        delta = _sagittal(frames[i], frames[j]) - _sagittal(lower.frame, upper.frame)
        top = lower.frame[:3, :3] @ np.array(lower.landmarks["upper_endplate"]) + lower.frame[:3, 3]
        bottom = upper.frame[:3, :3] @ np.array(upper.landmarks["lower_endplate"]) + upper.frame[:3, 3]
        turn = _rotation_about(lower.frame[:3, 0], 0.5 * (top + bottom), delta)
        for g in levels[:k]:
            _move(g, turn)
    base = levels[-1]
    i = LEVEL_NAMES.index(base.name)
    tilt = math.degrees(math.atan2(np.cross(base.frame[:3, 2], frames[i][:3, 2]) @ base.frame[:3, 0],
                                   base.frame[:3, 2] @ frames[i][:3, 2]))
    turn = _rotation_about(base.frame[:3, 0], base.frame[:3, 3], tilt)
    for g in levels:
        _move(g, turn)
    return NOTE
