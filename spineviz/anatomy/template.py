"""The lumbar template: the mean L2-L5 surface of 87 CT spines (Clouthier et al. 2023, MIT), as data.

The file ``data/templates/clouthier_lumbar_mean.npz`` holds the four vertebrae exactly as published
(scanner coordinates, millimetres, float32), one connected part each. Nothing about the scanner's axes is
assumed here: they are worked out from the shapes themselves —

- *superior* is the direction along which the four parts are stacked (the line through their centroids),
  signed so that the stack runs L2 (top) to L5; the bodies' endplate normals then refine it;
- *lateral* is the axis of each part's mirror symmetry (the principal axis, in the plane across the stack,
  about which the part is least skewed);
- *anterior* is the other way along the remaining axis from the long spinous process (the body's front is
  closer to the centroid than the spinous tip is).

Each part is then brought to the project's local vertebra frame (RAS: x right, y anterior, z superior,
origin midway between its endplate centres, z along the bisector of the endplate normals) by
:func:`local_parts`, using the same landmark finder as any other mesh.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np

TEMPLATE_FILE = "clouthier_lumbar_mean.npz"
TEMPLATE_LEVELS = ("L2", "L3", "L4", "L5")
CITATION = ("Clouthier AL, Wenghofer J, Wai EK, Graham RB. Morphable models of the lumbar spine to vary "
            "geometry based on pathology, demographics, and anatomical measurements. J Biomech "
            "2023;146:111421 (mean shape of 87 CT spines; MIT licence)")
SOURCE = "Clouthier 2023, mean of 87 CT spines"


@dataclass(frozen=True)
class TemplatePart:
    """One template vertebra in its local frame, and the rigid transform that placed it there."""

    level: str
    points: np.ndarray  # (N,3) float64, local frame
    faces: np.ndarray  # (M,3) int
    to_local: np.ndarray  # 4x4: template (scanner) coordinates -> local frame

    def polydata(self):
        import pyvista as pv

        faces = np.hstack([np.full((len(self.faces), 1), 3), self.faces]).ravel()
        return pv.PolyData(self.points.copy(), faces)


def _raw() -> list[tuple[np.ndarray, np.ndarray]]:
    path = resources.files("spineviz.anatomy").joinpath("data", "templates", TEMPLATE_FILE)
    with path.open("rb") as fh, np.load(fh) as z:
        return [(z[f"part{i}_points"].astype(float), z[f"part{i}_faces"].astype(np.int64)) for i in range(4)]


def _unit(v) -> np.ndarray:
    v = np.asarray(v, float)
    return v / np.linalg.norm(v)


def scanner_axes(parts: list[np.ndarray]) -> tuple[list[int], np.ndarray]:
    """Order the parts top to bottom and find (right, anterior, superior) unit axes in scanner coordinates.

    Works on the vertices only, so any rotation or mirror of the published file gives the same answer.
    """
    cents = np.array([p.mean(axis=0) for p in parts])
    stack = _unit(np.linalg.svd(cents - cents.mean(axis=0))[2][0])
    # the lowest lumbar vertebra is the largest (L5 body widest): orient the stack from it upward
    sizes = [np.ptp(p, axis=0).prod() for p in parts]
    order_along = np.argsort(cents @ stack)
    if sizes[order_along[0]] < sizes[order_along[-1]]:
        stack = -stack
        order_along = order_along[::-1]
    top_down = [int(i) for i in order_along[::-1]]
    # lateral: the principal axis across the stack about which the parts are least skewed (mirror symmetry)
    basis = np.linalg.svd(np.eye(3) - np.outer(stack, stack))[0][:, :2]
    # principal directions within the plane
    q = np.vstack([(p - p.mean(axis=0)) for p in parts]) @ basis
    evecs = np.linalg.eigh(q.T @ q)[1]
    dirs = [basis @ evecs[:, 0], basis @ evecs[:, 1]]
    sk = []
    for a in dirs:
        s = 0.0
        for p in parts:
            t = (p - p.mean(axis=0)) @ a
            s += abs(np.mean(t**3)) / np.mean(t**2) ** 1.5
        sk.append(s)
    lateral = _unit(dirs[int(np.argmin(sk))])
    ap = _unit(np.cross(stack, lateral))
    # anterior: away from the spinous process, the far extreme from the centroid
    far_pos = np.mean([((p - p.mean(axis=0)) @ ap).max() for p in parts])
    far_neg = np.mean([-((p - p.mean(axis=0)) @ ap).min() for p in parts])
    anterior = ap if far_pos < far_neg else -ap
    right = _unit(np.cross(anterior, stack))  # x = y cross z in a right-handed RAS frame
    return top_down, np.column_stack([right, anterior, stack])


def _rigid(r: np.ndarray, origin: np.ndarray) -> np.ndarray:
    """4x4 taking scanner points to the frame with axes ``r`` (columns) at ``origin``."""
    m = np.eye(4)
    m[:3, :3] = r.T
    m[:3, 3] = -r.T @ origin
    return m


@cache
def local_parts() -> dict[str, TemplatePart]:
    """The four template vertebrae, each in its own local frame (see the module docstring)."""
    import pyvista as pv

    from spineviz.anatomy.landmarks import find_endplates

    raw = _raw()
    order, axes = scanner_axes([p for p, _ in raw])
    out = {}
    for name, i in zip(TEMPLATE_LEVELS, order, strict=True):
        pts, faces = raw[i]
        mesh = pv.PolyData(pts, np.hstack([np.full((len(faces), 1), 3), faces]).ravel())
        # a first origin: the middle of the body, found as the centre of the front third of the part
        rel = (pts - pts.mean(axis=0)) @ axes
        front = rel[:, 1] > rel[:, 1].max() - 0.3 * np.ptp(rel[:, 1])
        origin = pts.mean(axis=0) + axes @ np.array([0.0, rel[:, 1].max() - 17.0, np.median(rel[front, 2])])
        m = _rigid(axes, origin)
        for _ in range(3):  # refine on the endplates: origin midway, z along the bisector of their normals
            local = mesh.transform(m, inplace=False)
            upper, lower = find_endplates(local, name)
            z = _unit(upper.normal - lower.normal)
            y = _unit(np.array([0.0, 1.0, 0.0]) - z * z[1])
            x = np.cross(y, z)
            r_local = np.column_stack([x, y, z])
            step = _rigid(r_local, 0.5 * (upper.centre + lower.centre))
            m = step @ m
        local = mesh.transform(m, inplace=False)
        out[name] = TemplatePart(name, np.asarray(local.points, float), faces, m)
    return out
