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

**Made bilaterally symmetric first.** An 87-spine mean is not exactly symmetric, and a teaching model of
the mean spine should not carry that residue. Measured on the published parts, in frames aligned to each
part's best mirror plane: the left articular patches sit up to 0.6 mm more lateral than the mirrored right
ones and face up to 3 deg differently (L5's superior contact patch with L4: 0.6 mm more lateral, facing
2.2 deg less upward); the frames the shapes give are 0.4-0.8 deg off those planes (another 0.4 mm left
and right at the facets); and the mean L4 sits on L5 0.6 mm to the left, bent 0.3 deg and turned 0.4 deg.
Carried through the warp, the left L4/5 joint closed half as much as the right in extension. So
:func:`local_parts` squares each part's frame to its mid-sagittal plane (:func:`mirror_plane`), moves every
vertex halfway to the mirrored surface (:func:`symmetrize`, triangles kept) and stacks each part on the one
above with only the sagittal part of their measured placement (:func:`sagittal_only`). It is all
deterministic: no random sampling, fixed iteration counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise

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


MIRROR_ITERATIONS = 10  # plane refinements in mirror_plane (it settles to 0.01 deg within about six)
MIRROR_PAIR_MM = 2.0  # vertices closer than this to their mirror partner say little about the plane's normal
SYMMETRY_PASSES = 2  # symmetrize passes: the second takes out most of what the first's closest points left


def rotation_between(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The smallest rotation taking unit vector ``a`` to unit vector ``b`` (Rodrigues)."""
    axis = np.cross(a, b)
    s, c = np.linalg.norm(axis), float(a @ b)
    if s < 1e-9:
        return np.eye(3)
    k = axis / s
    kx = np.array([[0.0, -k[2], k[1]], [k[2], 0.0, -k[0]], [-k[1], k[0], 0.0]])
    return np.eye(3) + s * kx + (1.0 - c) * kx @ kx


def _closest_on(mesh, points: np.ndarray) -> np.ndarray:
    """The closest point of the surface ``mesh`` to each of ``points`` (on its triangles, not its vertices)."""
    _, closest = mesh.find_closest_cell(np.asarray(points, float), return_closest_point=True)
    return np.asarray(closest, float).reshape(-1, 3)


def mirror_plane(mesh, iterations: int = MIRROR_ITERATIONS) -> tuple[np.ndarray, float]:
    """The mid-sagittal plane of a vertebra roughly in its local frame: ``(unit normal, offset)``, n.p = offset.

    A best mirror fit started from x = 0: each vertex is reflected in the plane, the closest point of the
    surface to its image stands for its mirror partner, and the plane is refitted as the one that bisects
    vertex and partner (normal: the main direction of their differences; offset: through their midpoints).
    """
    pts = np.asarray(mesh.points, float)
    normal, offset = np.array([1.0, 0.0, 0.0]), 0.0
    for _ in range(iterations):
        image = pts - 2.0 * ((pts @ normal) - offset)[:, None] * normal
        diff = pts - _closest_on(mesh, image)
        far = np.linalg.norm(diff, axis=1) > MIRROR_PAIR_MM
        n = np.linalg.eigh(diff[far].T @ diff[far])[1][:, -1]
        normal = n if n @ normal > 0 else -n
        offset = float(np.mean((pts[far] - 0.5 * diff[far]) @ normal))
    return normal, offset


def mirror_misfit(mesh) -> np.ndarray:
    """Per vertex, how far the mirror image (about x = 0) of ``mesh`` passes from the mesh, mm."""
    image = np.asarray(mesh.points, float) * np.array([-1.0, 1.0, 1.0])
    return np.linalg.norm(_closest_on(mesh, image) - image, axis=1)


def symmetrize(mesh, passes: int = SYMMETRY_PASSES):
    """``mesh`` made mirror-symmetric about x = 0, its triangles kept.

    Each vertex moves to the midpoint of itself and its closest point on the mirrored surface.
    On the mean lumbar shape every vertex moves by half the local asymmetry (tenths of a millimetre), so
    the surface stays closed, manifold, one piece and smooth, and left and right become each other's mirror
    image to within a fraction of an edge.
    """
    import pyvista as pv

    flip = np.array([-1.0, 1.0, 1.0])
    out = pv.PolyData(np.asarray(mesh.points, float).copy(), mesh.faces)
    for _ in range(passes):
        pts = np.asarray(out.points, float)
        out = pv.PolyData(0.5 * (pts + _closest_on(pv.PolyData(pts * flip, out.faces), pts)), out.faces)
    return out


def sagittal_only(relative: np.ndarray) -> np.ndarray:
    """The symmetric part of a rigid placement between two vertebrae' local frames (4x4).

    Only the turn about x (flexion-extension) and the y/z translation are kept; the lateral shift, lateral
    bend and axial turn, all zero in a bilaterally symmetric stack, are dropped.
    """
    r = relative[:3, :3]
    angle = np.arctan2(r[2, 1] - r[1, 2], r[1, 1] + r[2, 2])
    out = np.eye(4)
    out[1:3, 1:3] = [[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]]
    out[1:3, 3] = relative[1:3, 3]
    return out


def _frame_from_endplates(mesh, name: str, keep_x: bool) -> np.ndarray:
    """4x4 refining a local frame on the endplates: origin midway, z along the bisector of their normals.

    With ``keep_x`` the x axis (the mirror plane's normal) is kept and the origin stays on x = 0.
    """
    from spineviz.anatomy.landmarks import find_endplates

    upper, lower = find_endplates(mesh, name)
    z = _unit(upper.normal - lower.normal)
    origin = 0.5 * (upper.centre + lower.centre)
    if keep_x:
        z = _unit(z * np.array([0.0, 1.0, 1.0]))
        origin[0] = 0.0
        y = np.cross(z, [1.0, 0.0, 0.0])
    else:
        y = _unit(np.array([0.0, 1.0, 0.0]) - z * z[1])
    return _rigid(np.column_stack([np.cross(y, z), y, z]), origin)


@cache
def local_parts() -> dict[str, TemplatePart]:
    """The four template vertebrae, each in its own local frame and made symmetric (see the module docstring).

    ``to_local`` of the top part (L2) maps the published coordinates to its frame; each part below is
    placed on the one above with the sagittal part of its measured placement (:func:`sagittal_only`).
    """
    import pyvista as pv

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
        for _ in range(3):
            m = _frame_from_endplates(mesh.transform(m, inplace=False), name, keep_x=False) @ m
        # x square to the part's mid-sagittal plane, the origin on it; the shape made symmetric about it
        normal, offset = mirror_plane(mesh.transform(m, inplace=False))
        align = np.eye(4)
        align[:3, :3] = rotation_between(normal, np.array([1.0, 0.0, 0.0]))
        align[0, 3] = -offset
        m = align @ m
        local = symmetrize(mesh.transform(m, inplace=False))
        step = _frame_from_endplates(local, name, keep_x=True)
        out[name] = TemplatePart(name, np.asarray(local.transform(step, inplace=False).points, float), faces,
                                 step @ m)
    for above, name in pairwise(TEMPLATE_LEVELS):
        part = out[name]
        placed = sagittal_only(part.to_local @ np.linalg.inv(out[above].to_local)) @ out[above].to_local
        out[name] = TemplatePart(name, part.points, part.faces, placed)
    return out
