"""Finding and undoing folded triangles, the creases quadric decimation leaves on a bone.

A triangle is *folded* when its own normal points against the mean of its three corners' vertex normals:
decimation has collapsed an edge so that the triangle lies turned over in a pleat of the surface. Under
smooth shading a fold draws as a dark speck or crease, and it turns inside/outside tests near it over
(session 10: a fold on C2's lamina put points 9 mm above the bone "inside" it). Fold counts of the shipped
meshes before this module (dot < 0): 1-5 per mesh on 17 of 25 default meshes (38 in all), 20 on 11 fine meshes.

The repair (:func:`fix_folds`) works on the few triangles concerned: edge flips first (no point moves), edge
collapses where no flip helps (two triangles fewer each), and only if a fold resists both, a few Taubin steps
on the points round it. Every move keeps the surface closed and manifold, and the result depends only on the
input (fixed order, no randomness). VTK has no filter for this: its smoothing filters move every point of
the mesh (no mask), and its decimators neither check for nor undo turned-over triangles.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

# A triangle counts as folded below this agreement (cosine) between its normal and its corners' mean normal.
# 0 is the geometric definition (turned over by more than 90 degrees); the repair aims a little higher
# (REPAIR_MARGIN) so that the repaired triangles are not left on the edge of turning over. [M]
FOLD_COSINE = 0.0
REPAIR_MARGIN = 0.2


def _triangles(mesh: pv.PolyData) -> np.ndarray:
    faces = np.asarray(mesh.faces).reshape(-1, 4)
    if not (faces[:, 0] == 3).all():
        raise ValueError("fold measures need an all-triangle mesh")
    return faces[:, 1:]


def fold_agreement(mesh: pv.PolyData) -> np.ndarray:
    """Per triangle, the cosine between its normal and the mean of its corners' vertex normals (1 = flat).

    VTK's own normals (the ones smooth shading draws with), so a fold counted here is a speck on screen.
    """
    m = mesh.compute_normals(cell_normals=True, point_normals=True, split_vertices=False,
                             consistent_normals=False, auto_orient_normals=False)
    corners = np.asarray(m.point_data["Normals"], dtype=float)[_triangles(m)].mean(axis=1)
    corners /= np.maximum(np.linalg.norm(corners, axis=1), 1e-300)[:, None]
    return np.einsum("ij,ij->i", np.asarray(m.cell_data["Normals"], dtype=float), corners)


def folded_cells(mesh: pv.PolyData, threshold: float = FOLD_COSINE) -> np.ndarray:
    """Indices of the triangles of ``mesh`` whose agreement with their corners is below ``threshold``."""
    return np.flatnonzero(fold_agreement(mesh) < threshold)


def _edges(tris: np.ndarray) -> np.ndarray:
    e = np.concatenate([tris[:, [0, 1]], tris[:, [1, 2]], tris[:, [2, 0]]])
    e = np.sort(e, axis=1)
    return np.unique(e, axis=0)


def _grow(selected: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """``selected`` (a boolean mask of points) and every point one edge away from it."""
    out = selected.copy()
    out[edges[selected[edges[:, 0]], 1]] = True
    out[edges[selected[edges[:, 1]], 0]] = True
    return out


def _taubin_local(points: np.ndarray, edges: np.ndarray, movable: np.ndarray, steps: int,
                  lam: float = 0.5, mu: float = -0.53) -> np.ndarray:
    """Taubin smoothing of the ``movable`` points only; every other point stays where it is.

    Taubin 1995: a shrinking step ``lam`` then an inflating step ``mu`` towards the mean of the edge neighbours.
    """
    p = points.copy()
    n = len(p)
    degree = np.zeros(n)
    np.add.at(degree, edges[:, 0], 1.0)
    np.add.at(degree, edges[:, 1], 1.0)
    degree = np.maximum(degree, 1.0)
    for i in range(2 * steps):
        f = lam if i % 2 == 0 else mu
        s = np.zeros_like(p)
        np.add.at(s, edges[:, 0], p[edges[:, 1]])
        np.add.at(s, edges[:, 1], p[edges[:, 0]])
        delta = s / degree[:, None] - p
        p[movable] += f * delta[movable]
    return p


def _polydata(points: np.ndarray, tris: np.ndarray) -> pv.PolyData:
    return pv.PolyData(points, np.column_stack([np.full(len(tris), 3), tris]).ravel())


def _badness(agreement: np.ndarray, threshold: float) -> float:
    return float(np.clip(threshold - agreement, 0.0, None).sum())


def _edge_map(tris: np.ndarray) -> dict[tuple[int, int], list[int]]:
    edge_cells: dict[tuple[int, int], list[int]] = {}
    for i, t in enumerate(tris.tolist()):
        for k in range(3):
            a, b = t[k], t[(k + 1) % 3]
            edge_cells.setdefault((a, b) if a < b else (b, a), []).append(i)
    return edge_cells


def _flip(tris: np.ndarray, edge_cells, c1: int, k: int):
    """``tris`` with the edge ``k`` of triangle ``c1`` flipped, or None where the flip is not allowed."""
    a, b, c = (int(v) for v in np.roll(tris[c1], -k))  # directed edge a->b, third corner c
    pair = edge_cells.get((min(a, b), max(a, b)), [])
    if len(pair) != 2:
        return None
    c2 = pair[0] if pair[1] == c1 else pair[1]
    d = int(next(v for v in tris[c2] if v not in (a, b)))
    if d == c or (min(c, d), max(c, d)) in edge_cells:  # the new diagonal exists: flipping would pinch
        return None
    trial = tris.copy()
    trial[c1], trial[c2] = (a, d, c), (d, b, c)
    return trial


def _collapse(points: np.ndarray, tris: np.ndarray, edge_cells, c1: int, k: int):
    """Points and triangles with edge ``k`` of ``c1`` collapsed to its midpoint, or None where not allowed.

    A collapse is allowed where it keeps the surface manifold (the link condition: the edge's two ends have
    exactly the edge's two opposite corners as common neighbours).
    """
    a, b = int(tris[c1][k]), int(tris[c1][(k + 1) % 3])
    pair = edge_cells.get((min(a, b), max(a, b)), [])
    if len(pair) != 2:
        return None

    def ring(v: int) -> set[int]:
        return {w for (x, y) in edge_cells if v in (x, y) for w in (x, y) if w != v}

    opposite = {int(v) for cell in pair for v in tris[cell] if v not in (a, b)}
    if ring(a) & ring(b) != opposite:
        return None
    new_points = points.copy()
    new_points[a] = 0.5 * (points[a] + points[b])
    new_tris = np.where(tris == b, a, tris)
    keep = np.ones(len(tris), bool)
    keep[pair] = False
    return new_points, new_tris[keep]


def untangle_folds(mesh: pv.PolyData, threshold: float = REPAIR_MARGIN, rounds: int = 40) -> pv.PolyData:
    """A copy of the all-triangle ``mesh`` with folds undone by edge flips, else edge collapses.

    A fold left by decimation is usually a pair of triangles whose shared edge runs the wrong way across a
    quadrilateral that bends: the other diagonal lays both flat again, and no point moves. For each
    triangle below ``threshold`` (worst first) its three edges are tried as flips; where no flip helps,
    as collapses to the edge's midpoint (two triangles fewer). A move is kept only when it lowers the
    summed shortfall below ``threshold`` over the whole mesh, and only moves that keep the surface closed
    and manifold are tried (a flip whose new diagonal already exists, or a collapse failing the link
    condition, is skipped). Deterministic: fixed order, no randomness.
    """
    points = np.asarray(mesh.points, dtype=float).copy()
    tris = _triangles(mesh).copy()
    agreement = fold_agreement(_polydata(points, tris))
    score = _badness(agreement, threshold)
    for _ in range(rounds):
        bad = np.flatnonzero(agreement < threshold)
        if not len(bad):
            break
        edge_cells = _edge_map(tris)
        accepted = None
        for kind in ("flip", "collapse"):  # flips of every fold before any collapse: flips move no point
            for c1 in bad[np.argsort(agreement[bad], kind="stable")]:
                for k in range(3):
                    if kind == "flip":
                        trial = _flip(tris, edge_cells, int(c1), k)
                        trial = None if trial is None else (points, trial)
                    else:
                        trial = _collapse(points, tris, edge_cells, int(c1), k)
                    if trial is None:
                        continue
                    trial_agreement = fold_agreement(_polydata(*trial))
                    trial_score = _badness(trial_agreement, threshold)
                    if trial_score < score - 1e-9:
                        accepted = (*trial, trial_agreement, trial_score)
                        break
                if accepted:
                    break
            if accepted:
                break
        if accepted is None:
            break
        points, tris, agreement, score = accepted
    used = np.unique(tris)  # a collapse leaves its removed point unused: drop it, renumbering the rest
    renumber = np.full(len(points), -1)
    renumber[used] = np.arange(len(used))
    out = _polydata(points[used].astype(np.asarray(mesh.points).dtype), renumber[tris])
    for key in mesh.field_data.keys():
        out.field_data[key] = mesh.field_data[key]
    return out


def repair_folds(mesh: pv.PolyData, threshold: float = REPAIR_MARGIN, rounds: int = 12) -> pv.PolyData:
    """A copy of the all-triangle ``mesh`` with its folds smoothed out by moving the points round them.

    Each round finds the triangles whose agreement is below ``threshold``, takes their corners and the points
    up to ``1 + round // 3`` edges away, and runs a few Taubin steps on those points alone; the region grows
    when a fold resists. Points elsewhere do not move, so the bone's sizes and facets are untouched away from
    the folds. Stops when no triangle is below ``threshold`` or after ``rounds`` rounds (whatever is left is
    reported by :func:`folded_cells`; the build's tests require none below :data:`FOLD_COSINE`).
    """
    tris = _triangles(mesh)
    edges = _edges(tris)
    out = mesh.copy()
    points = np.asarray(mesh.points, dtype=float).copy()
    for r in range(rounds):
        out.points = points.astype(out.points.dtype)
        bad = np.flatnonzero(fold_agreement(out) < threshold)
        if not len(bad):
            break
        movable = np.zeros(len(points), bool)
        movable[tris[bad].ravel()] = True
        for _ in range(1 + r // 3):
            movable = _grow(movable, edges)
        points = _taubin_local(points, edges, movable, steps=3)
    out.points = points.astype(out.points.dtype)
    return out


def fix_folds(mesh: pv.PolyData, threshold: float = REPAIR_MARGIN) -> pv.PolyData:
    """Edge flips first (no point moves), then local smoothing of what flips cannot undo, then flips again."""
    out = untangle_folds(mesh, threshold)
    if len(folded_cells(out, threshold)):
        out = untangle_folds(repair_folds(out, threshold), threshold)
    return out
