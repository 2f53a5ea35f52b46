"""Measure a generated vertebra the way the dimension table defines its numbers.

Used by the tests (each measured value must be within 10 % of its table row) and by ``spineviz info``, so
a reader can see the model's own numbers beside the published ones.
"""

from __future__ import annotations

import math

import numpy as np

from spineviz.anatomy.frames import endplates
from spineviz.anatomy.tables import LevelDimensions


def _extent(values: np.ndarray) -> float:
    return float(values.max() - values.min()) if len(values) else 0.0


def chord(mesh, origin, direction, reach: float = 200.0) -> float:
    """Length of the bone interval that contains ``origin`` along a line (ray casting, both ways)."""
    origin, direction = np.asarray(origin, float), np.asarray(direction, float)
    pts, _ = mesh.ray_trace(origin - reach * direction, origin + reach * direction)
    if len(pts) < 2:
        return 0.0
    t = np.sort((np.asarray(pts) - origin) @ direction)
    below, above = t[t <= 0], t[t > 0]
    if not len(below) or not len(above):
        return 0.0
    return float(above[0] - below[-1])


# C3-C7: the endplate's width is taken RIM_DEPTH mm under the upper endplate's plane [M], just under its
# rim, as calipers are laid across the rim of a dry bone's endplate (Panjabi et al. 1991, Spine 16:861,
# upper endplate width, the table's source; their method not read). Below that the costal root springs from
# the body's side (Gray 1918) and the calipers would run on out along the process.
CERVICAL_RIM = ("C3", "C4", "C5", "C6", "C7")
RIM_DEPTH = 1.0


def body_dimensions(mesh, d: LevelDimensions) -> dict[str, float]:
    """Endplate width and depth (just under the upper endplate) and anterior/posterior body height.

    Measured as chords through the body along the axes, so processes that join the body elsewhere do
    not count, as with calipers on a dry bone.
    """
    top = endplates(d)[0][:3, 3][2]
    # C2 has no free upper endplate (the dens and the big facets stand on it): measure under its lower one
    # just under the endplate (its central hollow reaches about a tenth of the body height down); C3-C7's width just
    # under the rim (CERVICAL_RIM; session 37, was 1.5 mm under, which ran across the costal root's top, so the root
    # was kept low, off that line, and left a dimple under the rim; their depth is taken 1.5 mm under as before,
    # the upper surface's front border being bevelled)
    level_z = top - d.vbhp + 1.5 if d.level.name == "C2" else top - max(1.5, 0.1 * d.vbhp)
    below_top = np.array([0.0, 0.0, level_z])
    rim = np.array([0.0, 0.0, top - RIM_DEPTH]) if d.level.name in CERVICAL_RIM else below_top
    mid = top - d.vbhp / 2
    inset = 1.0 if d.level.name == "C2" else max(2.75, 0.13 * d.epd)
    return {
        "epw": chord(mesh, rim, (1.0, 0.0, 0.0)),
        "epd": chord(mesh, below_top, (0.0, 1.0, 0.0)),
        "vbhp": chord(mesh, (0.0, -d.epd / 2 + max(2.75, 0.13 * d.epd), mid), (0.0, 0.0, 1.0)),
        "vbha": chord(mesh, (0.0, d.epd / 2 - inset, mid), (0.0, 0.0, 1.0)),
    }


def spinous_length(points: np.ndarray, d: LevelDimensions, base: np.ndarray) -> float:
    """Furthest reach of the bone along the spinous direction from the spinolaminar junction."""
    a = math.radians(d.spi or 0.0)
    direction = np.array([0.0, -math.cos(a), -math.sin(a)])
    return float(((points - base) @ direction).max())


def transverse_span(points: np.ndarray) -> float:
    return _extent(points[:, 0])


def facet_measure(mesh, centre, normal, u, half_w: float, half_h: float) -> dict[str, float]:
    """Size of the flat facet face and the angle between its mean face normal and the design normal."""
    centre, normal, u = (np.asarray(v, float) for v in (centre, normal, u))
    v = np.cross(normal, u)
    pts = np.asarray(mesh.points)
    rel = pts - centre
    h = rel @ normal
    pu, pv = rel @ u, rel @ v
    near = (np.abs(h) < 0.3) & ((pu / (1.3 * half_w)) ** 2 + (pv / (1.3 * half_h)) ** 2 < 1.0)
    cells = mesh.compute_normals(cell_normals=True, point_normals=False, auto_orient_normals=True)
    cc = np.asarray(cells.cell_centers().points) - centre
    cn = np.asarray(cells.cell_data["Normals"])
    areas = np.asarray(cells.compute_cell_sizes(length=False, volume=False).cell_data["Area"])
    inside = (np.abs(cc @ normal) < 0.3) & (((cc @ u) / half_w) ** 2 + ((cc @ v) / half_h) ** 2 < 0.8)
    mean = (cn[inside] * areas[inside, None]).sum(axis=0)
    angle = math.degrees(math.acos(np.clip(mean @ normal / max(np.linalg.norm(mean), 1e-9), -1, 1)))
    return {"width": _extent(pu[near]), "height": _extent(pv[near]), "normal_error_deg": angle,
            "face_points": int(near.sum())}


def facet_patch_size(points: np.ndarray, normal) -> dict[str, float]:
    """Width (horizontal, in the patch's best-fit plane) and height (up its slope) of an articular patch.

    Extents between the 2nd and 98th percentiles, so a stray vertex at the patch edge does not count.
    """
    n = np.asarray(normal, float)
    n = n / np.linalg.norm(n)
    u = np.cross([0.0, 0.0, 1.0], n)
    if np.linalg.norm(u) < 0.3:  # a near-horizontal facet: width runs across the body
        u = np.cross(n, [0.0, 1.0, 0.0])
    u /= np.linalg.norm(u)
    v = np.cross(n, u)
    rel = np.asarray(points, float) - np.asarray(points, float).mean(axis=0)

    def spread(x: np.ndarray) -> float:
        lo, hi = np.percentile(x, [2.0, 98.0])
        return float(hi - lo)

    return {"width": spread(rel @ u), "height": spread(rel @ v)}


def facet_angles(normal, side: str) -> dict[str, float]:
    """A superior facet's tilt to the transverse plane and axial angle to the mid-sagittal plane (degrees).

    The inverse of :func:`spineviz.anatomy.joints.superior_facet_normal` (the table's ``sft``/``sfa``).
    """
    n = np.asarray(normal, float)
    n = n / np.linalg.norm(n)
    hx = -n[0] if side == "right" else n[0]
    return {"sft": math.degrees(math.acos(np.clip(n[2], -1.0, 1.0))),
            "sfa": math.degrees(math.atan2(-n[1], hx))}
