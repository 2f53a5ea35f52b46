"""The corners of a point set's convex hull, and the screen box of points whose hull corners are known.

The names beside the spine keep out of the anatomy's screen box, the box of the framing points
(:func:`spineviz.render.scene_render.framing_points`: a sample of each visible vertebra's vertices, and of
its nerves', over every pose of an animation). Every frame in which the camera moves needs that box again.
Each vertebra (and each nerve, which moves with its vertebra) is carried into a pose by one affine map, so
the box is decided by the corners of each body's convex hull, found once, and the other points need not be
projected at all.

Why the corners suffice, for perspective too: a point ``X`` in front of the camera reaches the screen at
``x = f(X) / w(X)``, with ``f`` and ``w`` affine and ``w > 0`` (a row of the camera's projection matrix
over its last row). A ratio of affine functions over a positive denominator is quasi-linear on the
half-space ``w > 0``: its sub-level sets ``{f <= c·w}`` and its super-level sets are half-spaces. So over a
convex set in front of the camera its largest and smallest values are reached at extreme points (a point
between two others has a value between theirs), and the extreme points of the hull of a finite set are
points of the set. The box of a body's hull corners is then the box of all its points; an affine map (a
pose) takes hull corners to hull corners. A parallel projection is the case ``w = 1``. When any corner
is not in front of the camera (``w`` at or below :data:`W_MIN`: the camera inside or behind the spine) the
argument fails and the caller projects every point, as before.

There is no SciPy here. VTK's Delaunay tetrahedralisation (``vtkDelaunay3D``, no alpha, no tolerance)
was tried first: the outer surface of its tetrahedra held every extreme point of the vertebrae's samples but
was not convex (faces with other surface points 7 to 11 mm outside their planes, session 20), so nothing
could be proved from it. The hull is made here by a short quickhull in NumPy instead, then checked: the
surface must be closed and convex, and a point found outside any face's plane is kept as a corner too;
if the check fails the body keeps all its points. Either way no corner can be lost, at worst a few points
too many are kept. About 3 ms a vertebra (190 points, 50 corners), once per process.
"""

from __future__ import annotations

from collections import OrderedDict

import numpy as np

from spineviz.render.labels import apply_row, projection_rows

W_MIN = 1e-12
"""The smallest projective ``w`` :func:`spineviz.render.labels.project` divides by (its guard against 0)."""
INSIDE_TOLERANCE = 1e-9
"""How far (a share of the set's size) a point may stand outside a hull face and still count as on it."""
CACHE_SIZE = 512
"""Point sets whose hull corners are kept (by their bytes): the vertebrae's and nerves' samples."""

_corners_cache: OrderedDict[bytes, np.ndarray] = OrderedDict()


def hull_corners(points: np.ndarray) -> np.ndarray:
    """Indices of the points of ``points`` (n, 3) that can be corners of their convex hull, sorted.

    Every extreme point of the hull is among them (some points on the hull's faces may be too). Computed
    once per distinct point set (kept by its bytes, :data:`CACHE_SIZE` sets); a flat or tiny set keeps
    all its points.
    """
    pts = np.ascontiguousarray(points, dtype=float).reshape(-1, 3)
    key = pts.tobytes()
    found = _corners_cache.get(key)
    if found is None:
        found = _corners(pts)
        found.setflags(write=False)
        _corners_cache[key] = found
        while len(_corners_cache) > CACHE_SIZE:
            _corners_cache.popitem(last=False)
    else:
        _corners_cache.move_to_end(key)
    return found


def hull_corners_known(points: np.ndarray) -> bool:
    """Whether :func:`hull_corners` has these points' corners at hand (no hull to make)."""
    return np.ascontiguousarray(points, dtype=float).reshape(-1, 3).tobytes() in _corners_cache


def _corners(pts: np.ndarray) -> np.ndarray:
    every = np.arange(len(pts))
    if len(pts) < 5:
        return every
    size = float(np.linalg.norm(pts.max(axis=0) - pts.min(axis=0)))
    triangles = _quickhull(pts, size)
    if triangles is None or not _closed(triangles):
        return every
    a, b, c = (pts[triangles[:, k]] for k in range(3))
    normals = np.cross(b - a, c - a)
    lengths = np.linalg.norm(normals, axis=1)
    good = lengths > 1e-12 * size**2  # a sliver's normal says nothing; its neighbours' do
    normals, a = normals[good] / lengths[good, None], a[good]
    offsets = np.einsum("ij,ij->i", normals, a)
    ids = np.unique(triangles)
    if len(normals) < 4 or (pts[ids] @ normals.T - offsets > INSIDE_TOLERANCE * size).any():
        return every  # not a convex surface: do not trust it
    outside = (pts @ normals.T - offsets > 0.0).any(axis=1)  # strictly outside a face's plane: keep it too
    keep = np.zeros(len(pts), bool)
    keep[ids] = True
    keep |= outside
    return np.flatnonzero(keep)


def _quickhull(pts: np.ndarray, size: float) -> np.ndarray | None:
    """Triangles (m, 3; indices into ``pts``, counter-clockwise seen from outside) of the convex hull, or None.

    Quickhull: from a tetrahedron of far-apart points, the point farthest outside the hull so far is added
    (the faces it sees replaced by a fan from their horizon to it) until no point is farther out than a
    hair (``1e-12`` of the set's size). None for a set without volume. The caller checks the result.
    """
    hair = 1e-12 * size
    i0 = int(np.argmin(pts[:, 0]))
    i1 = int(np.argmax(np.linalg.norm(pts - pts[i0], axis=1)))
    line = (pts[i1] - pts[i0]) / max(float(np.linalg.norm(pts[i1] - pts[i0])), 1e-300)
    off_line = (pts - pts[i0]) - np.outer((pts - pts[i0]) @ line, line)
    i2 = int(np.argmax(np.linalg.norm(off_line, axis=1)))
    normal = np.cross(pts[i1] - pts[i0], pts[i2] - pts[i0])
    heights = (pts - pts[i0]) @ normal / max(float(np.linalg.norm(normal)), 1e-300)
    i3 = int(np.argmax(np.abs(heights)))
    if np.linalg.norm(off_line[i2]) <= 1e-9 * size or abs(heights[i3]) <= 1e-9 * size:
        return None  # flat (or a line): no volume
    inner = pts[[i0, i1, i2, i3]].mean(axis=0)  # inside every hull grown from this tetrahedron
    faces = []
    for f in ((i0, i1, i2), (i0, i1, i3), (i0, i2, i3), (i1, i2, i3)):
        a, b, c = pts[list(f)]
        faces.append(f if np.cross(b - a, c - a) @ (inner - a) < 0 else (f[0], f[2], f[1]))
    tri = np.array(faces, np.int64)
    normals, offsets = _planes(pts, tri)
    todo = np.arange(len(pts))  # points not yet known to be inside (the hull only grows: inside stays inside)
    for _ in range(len(pts)):
        dist = pts[todo] @ normals.T - offsets
        far = dist.max(axis=1)
        out = far > hair
        if not out.any():
            return tri
        todo, dist, far = todo[out], dist[out], far[out]
        k = int(np.argmax(far))
        p = int(todo[k])
        seen = dist[k] > hair
        edges = {(int(u), int(v)) for f in tri[seen] for u, v in ((f[0], f[1]), (f[1], f[2]), (f[2], f[0]))}
        new = np.array([(u, v, p) for u, v in edges if (v, u) not in edges], np.int64).reshape(-1, 3)
        new_normals, new_offsets = _planes(pts, new)
        tri = np.vstack([tri[~seen], new])
        normals = np.vstack([normals[~seen], new_normals])
        offsets = np.concatenate([offsets[~seen], new_offsets])
    return None


def _planes(pts: np.ndarray, triangles: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unit normals and offsets (``n · x = offset``) of the triangles' planes."""
    a, b, c = (pts[triangles[:, k]] for k in range(3))
    u, v = b - a, c - a
    normals = np.column_stack((u[:, 1] * v[:, 2] - u[:, 2] * v[:, 1], u[:, 2] * v[:, 0] - u[:, 0] * v[:, 2],
                               u[:, 0] * v[:, 1] - u[:, 1] * v[:, 0]))  # np.cross, without its overhead
    normals /= np.maximum(np.linalg.norm(normals, axis=1), 1e-300)[:, None]
    return normals, np.einsum("ij,ij->i", normals, a)


def _closed(triangles: np.ndarray) -> bool:
    """Whether every edge of the triangles is shared by exactly two of them (a closed surface)."""
    edges = np.sort(np.concatenate([triangles[:, [0, 1]], triangles[:, [1, 2]], triangles[:, [2, 0]]]), axis=1)
    _, counts = np.unique(edges, axis=0, return_counts=True)
    return bool(np.all(counts == 2))


def screen_box(renderer, columns: np.ndarray) -> tuple[float, float, float, float] | None:
    """The box (left, bottom, right, top; display pixels) that points project to, or None if one is behind.

    ``columns`` holds the points as three rows (x, y, z; shape (3, n), best C-contiguous: a third of the
    time of an (n, 3) array's strided columns). The pixels are those :func:`~spineviz.render.labels.project`
    gives. None when any point is not in front of the camera (``w <= W_MIN``): the caller then projects all
    points. Only the rows of the projection that the screen needs (x, y and w) are computed, and only the
    box's four values are mapped to pixels (the map is increasing in each coordinate).
    """
    px, py, pz = np.asarray(columns, float).reshape(3, -1)
    if not len(px):
        return None
    rx, ry, rw = projection_rows(renderer)
    w = apply_row(rw, px, py, pz)
    if not w.min() > W_MIN:
        return None
    x = apply_row(rx, px, py, pz) / w
    y = apply_row(ry, px, py, pz) / w
    width, height = renderer.GetSize()
    ox, oy = renderer.GetOrigin()
    return (float(ox + (x.min() + 1.0) * 0.5 * width), float(oy + (y.min() + 1.0) * 0.5 * height),
            float(ox + (x.max() + 1.0) * 0.5 * width), float(oy + (y.max() + 1.0) * 0.5 * height))


__all__ = ["hull_corners", "hull_corners_known", "screen_box"]
