"""Rigid-transform helpers and the neutral stacking of the vertebrae.

The spine frame (written down once, used everywhere): millimetres, right-handed RAS — x to the patient's
right, y anterior, z superior (standing vertical) — with its origin at the centre of the sacrum's upper
(S1) endplate. Each vertebra has a local frame with the same axis meanings, centred on its body (midway
between its endplate centres; for C1, the middle of the ring at the height of its lateral masses).
"""

from __future__ import annotations

import math

import numpy as np

from spineviz.anatomy.levels import LEVELS, SEGMENTS
from spineviz.anatomy.tables import LevelDimensions, SegmentGeometry

# The atlas sits on the axis through its facets, not on a disc: its centre lies this far above the C2
# body's upper endplate (lateral-mass half height + joint space + the height of the C2 facets above the
# endplate). Design value from the atlas arch heights (Patel & Gupta, Int J Res Med Sci, 100 dry atlases:
# 10.2/8.7 mm) [M].
C1_ABOVE_C2_TOP = 11.0


def translation(x: float, y: float, z: float) -> np.ndarray:
    m = np.eye(4)
    m[:3, 3] = (x, y, z)
    return m


def rot_x(deg: float) -> np.ndarray:
    """Rotation about +x; a positive angle tips +z toward -y (backwards, the extension direction)."""
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    m = np.eye(4)
    m[1:3, 1:3] = [[c, -s], [s, c]]
    return m


def endplates(d: LevelDimensions) -> tuple[np.ndarray, np.ndarray]:
    """Upper and lower endplate frames in the level's local frame (z = the endplate's upward normal).

    The faces of a wedged body tilt by half the wedge each, so a taller front tips the upper face back.
    """
    if d.level.is_sacrum:  # only its upper endplate matters; the body hangs below it
        return translation(0, 0, d.vbhp / 2), translation(0, 0, -d.vbhp / 2)
    if d.level.name == "C2":  # its anterior height includes the anteroinferior lip, not a wedge
        return translation(0, 0, d.vbhp / 2), translation(0, 0, -d.vbhp / 2)
    if d.vbha is None or d.vbhp is None or d.epd is None:  # C1: no body
        return translation(0, 0, 5.0), translation(0, 0, -5.0)
    hc = d.body_height
    phi = math.degrees(math.atan((d.vbha - d.vbhp) / (2.0 * d.epd)))
    return translation(0, 0, hc / 2) @ rot_x(phi), translation(0, 0, -hc / 2) @ rot_x(-phi)


def stack_frames(
    dims: dict[str, LevelDimensions], segs: dict[str, SegmentGeometry]
) -> tuple[np.ndarray, float]:
    """Place every level in the spine frame at neutral standing; return (frames (25,4,4), sacral slope).

    Chains up from the sacrum: each disc is a mid-height translation with its wedge rotation in the middle.
    The sacral slope is then chosen so that the C7 body lies plumb over the posterosuperior corner of S1,
    the balance rule of standing posture (Spine Secrets [R2]: C7 plumb line within about 2 cm of that corner).
    """
    frames = np.zeros((len(LEVELS), 4, 4))
    frames[-1] = np.linalg.inv(endplates(dims["S1"])[0])
    for seg in reversed(SEGMENTS):
        upper, lower = dims[seg.upper.name], dims[seg.lower.name]
        geo = segs[seg.name]
        up_lower = endplates(lower)[0]
        if upper.level.name == "C1":
            frames[seg.upper.index] = (
                frames[seg.lower.index] @ up_lower @ translation(0, 0, C1_ABOVE_C2_TOP) @ rot_x(geo.wedge)
            )
            continue
        low_upper = endplates(upper)[1]
        frames[seg.upper.index] = (
            frames[seg.lower.index]
            @ up_lower
            @ translation(0, 0, geo.disc_h / 2)
            @ rot_x(geo.wedge)
            @ translation(0, 0, geo.disc_h / 2)
            @ np.linalg.inv(low_upper)
        )
    slope = _balanced_sacral_slope(frames, dims)
    tilt = rot_x(-slope)
    return np.einsum("ij,njk->nik", tilt, frames), slope


def _balanced_sacral_slope(frames: np.ndarray, dims: dict[str, LevelDimensions]) -> float:
    c7 = frames[LEVELS[6].index][:3, 3]
    corner = np.array([0.0, -dims["S1"].epd / 2, 0.0])

    def offset(slope: float) -> float:
        r = rot_x(-slope)[:3, :3]
        return float((r @ c7)[1] - (r @ corner)[1])

    lo, hi = 0.0, 70.0
    if offset(lo) * offset(hi) > 0:
        return 40.0
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        if offset(lo) * offset(mid) <= 0:
            hi = mid
        else:
            lo = mid
    return 0.5 * (lo + hi)


def transform_points(m: np.ndarray, pts: np.ndarray) -> np.ndarray:
    """Apply a 4x4 rigid transform to (N,3) points."""
    pts = np.asarray(pts, dtype=float)
    return pts @ m[:3, :3].T + m[:3, 3]


def transform_vectors(m: np.ndarray, vecs: np.ndarray) -> np.ndarray:
    """Apply the rotation part of a 4x4 transform to (N,3) direction vectors."""
    return np.asarray(vecs, dtype=float) @ m[:3, :3].T
