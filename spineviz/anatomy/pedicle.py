"""Pedicle width and height at mid-length, measured on any vertebra mesh the way the table defines them.

The table's pedicle width is the transverse (medio-lateral) thickness of the pedicle's isthmus and its
height the cranio-caudal one (Panjabi 1991/1992; Kaur 2016), as a caliper reads them on a dry bone. Here:

1. the pedicle runs from the posterior wall of the body to beside the centre of the canal
   (``canal_centre`` landmark), its middle ``cw/2 + pw/2`` from the midline there; its mid-length is
   halfway along (see :func:`pedicle_axis`), so the cut is through the pedicle whatever built the mesh;
2. the bone is sliced there by the plane square to the pedicle; of the closed section loops, the pedicle
   is the one beside the canal on the asked side, nearest to the axis;
3. width and height are chords through the loop's centre, across the axis and along z: the interval that contains
   the centre (ray casting), so a transverse process or articular process rising from the same section
   does not count, as calipers placed on the isthmus would not count it.

Used by the tests (every level with a pedicle within 15 % of the table) and worth reading before a
screw-planning question: these are the narrowest bone widths a transpedicular path meets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from spineviz.anatomy.measure import chord
from spineviz.anatomy.tables import LevelDimensions

# How far each chord's ray reaches either side of the pedicle centre (mm): past the pedicle, short of the
# far side of the vertebra.
PEDICLE_REACH_MM = 120.0
# Sections are tried square to axes converging by these angles (transverse pedicle angle, deg): the
# smallest section is the one square to the pedicle. Lumbar pedicles converge about 10-30 deg, most at L5
# (Zindrick 1987; Panjabi 1992); a section square to the sagittal axis cuts an L5 pedicle obliquely,
# into the root of its transverse process (26-30 mm measured against 17.8 mm).
CONVERGENCE_DEG = (0.0, 10.0, 20.0, 30.0, 40.0)


@dataclass(frozen=True)
class PedicleSize:
    side: str
    width: float
    height: float
    centre: tuple[float, float, float]


def _loops(section) -> list[np.ndarray]:
    """The closed polylines of a plane section, each as an (n, 3) point array."""
    conn = section.connectivity()
    ids = np.asarray(conn.point_data["RegionId"])
    pts = np.asarray(conn.points)
    return [pts[ids == r] for r in range(int(ids.max()) + 1)] if len(ids) else []


def pedicle_start(d: LevelDimensions, side: str) -> np.ndarray:
    """Where the pedicle's axis leaves the back of the body (z = 0).

    Straight behind its end where the body is wide enough (thoracic, lumbar), else from the body's
    posterolateral corner (cervical).
    """
    sx = 1.0 if side == "right" else -1.0
    x_end = d.cw / 2 + d.pw / 2
    return np.array([sx * min(x_end, d.epw / 2 - d.pw / 2), -d.epd / 2, 0.0])


def pedicle_axis(d: LevelDimensions, landmarks: dict, side: str) -> tuple[np.ndarray, np.ndarray]:
    """Mid-length point and unit direction (horizontal) of one pedicle.

    The pedicle runs from the back of the body to beside the canal centre, where the table's canal width
    and pedicle width put its middle (``cw/2 + pw/2`` from the midline). Where the canal is wider than
    the body (the neck) the pedicle leaves the body's posterolateral corner and runs back and out.
    """
    sx = 1.0 if side == "right" else -1.0
    canal_y = float(landmarks["canal_centre"][1])
    start = pedicle_start(d, side)
    end = np.array([sx * (d.cw / 2 + d.pw / 2), canal_y, 0.0])
    axis = (end - start) / np.linalg.norm(end - start)
    return 0.5 * (start + end), axis


def _section_at(mesh, d: LevelDimensions, point: np.ndarray, axis: np.ndarray, side: str):
    """The pedicle's section loop in the plane square to ``axis`` through ``point`` (or None)."""
    across = np.cross((0.0, 0.0, 1.0), axis)
    sx = 1.0 if side == "right" else -1.0
    best, best_err = None, np.inf
    for loop in _loops(mesh.slice(normal=axis, origin=point)):
        if np.ptp(loop, axis=0).max() < 2.0:  # a slice grazing a vertex or a crease, not a section
            continue
        c = loop.mean(axis=0)
        if sx * c[0] < 0.35 * d.cw / 2:  # a loop across the midline is the body or the arch, not a pedicle
            continue
        off = abs((c - point) @ across)
        if off > max(d.pw, 4.0):  # beside the pedicle: a transverse root, a foramen's wall
            continue
        if abs(c[2] - point[2]) > 0.9 * d.ph:  # wholly above or below it: a facet's rim, not a pedicle
            continue
        err = off + 0.3 * abs(c[2])
        if err < best_err:
            best, best_err = loop, err
    return best


def measure_pedicle(mesh, d: LevelDimensions, landmarks: dict, side: str) -> PedicleSize:
    """Width and height of one pedicle at its isthmus near mid-length (mm), in the level's local frame.

    Sections are taken at 30, 40 and 50 % of the pedicle's length from the body and through the
    ``pedicle_<side>`` landmark when there is one, square to axes converging by each of
    ``CONVERGENCE_DEG``; the smallest one is the isthmus (nearer the body the section runs into the body,
    further back into the articular pillar, the transverse process or the lamina), as a caliper finds it.
    """
    mid, sagittal = pedicle_axis(d, landmarks, side)
    half = float(np.linalg.norm(mid[:2] - pedicle_start(d, side)[:2]))  # half the pedicle's length
    sx = 1.0 if side == "right" else -1.0
    best = None
    for angle in CONVERGENCE_DEG:
        # the pedicle converges: its posterior end lies lateral to its anterior one by this angle
        axis = sagittal + np.tan(np.radians(angle)) * np.array([sx, 0.0, 0.0])
        axis /= np.linalg.norm(axis)
        across = np.cross((0.0, 0.0, 1.0), axis)
        points = [mid + f * half * axis for f in (-0.4, -0.2, 0.0)]
        if f"pedicle_{side}" in landmarks:  # the isthmus the landmark finder located on this mesh
            points.append(np.asarray(landmarks[f"pedicle_{side}"], float))
        for point in points:
            loop = _section_at(mesh, d, point, axis, side)
            if loop is None:
                continue
            a = (loop - point) @ across
            size = np.ptp(a) * np.ptp(loop[:, 2])
            if best is None or size < best[0]:
                best = (size, loop, point, across)
    if best is None:
        return PedicleSize(side, 0.0, 0.0, tuple(float(v) for v in mid))
    _, loop, point, across = best
    # centre: the middle of the loop's box; height through it, width across the axis through it
    a = (loop - point) @ across
    centre = point + 0.5 * (a.min() + a.max()) * across
    centre[2] = 0.5 * (loop[:, 2].min() + loop[:, 2].max())
    height = chord(mesh, centre, (0.0, 0.0, 1.0), reach=PEDICLE_REACH_MM)
    width = chord(mesh, centre, across, reach=PEDICLE_REACH_MM)
    return PedicleSize(side, width, height, tuple(float(v) for v in centre))
