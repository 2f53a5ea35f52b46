"""Ambient occlusion of one bone by itself, worked out once when its mesh is built (issue 10's look, session 36).

The bones are lit by a light kit with no shadowing, so the floor of a hole that faces the camera is lit as brightly
as its rim (S1's canal mouth from above reads as a flat plate). A bone is rigid: how much of the sky each point of its
surface sees past the rest of the same bone never changes, so it is computed here, at mesh build, and shipped with
the mesh as the point array :data:`ARRAY` (its share of the sky, 0 to 1); the renderer darkens the bone's colour by it
(``spineviz.render.shading``). Other bones are left out: they move.

The method (CPU only, NumPy, deterministic; no display needed): the surface is sampled densely (every triangle
subdivided until its samples are at most :data:`SPACING_MM` apart, its vertices among them). For each of
:data:`DIRECTIONS` directions of a Fibonacci sphere, the samples are projected along the direction onto a grid of
:data:`CELL_MM` cells, and each cell keeps the height (towards the viewer) of its highest sample: an orthographic
depth map of the bone seen from that side. A vertex is *seen* from that side when it lies within
:data:`TOLERANCE_MM` of its cell's top, plus the rise of its own surface across a cell (a flat face seen at a slant
climbs within one cell; without that allowance a flat, open face would read as partly shadowed). Each direction
counts with the cosine between it and the vertex's normal (directions behind the surface count nothing): the share
is the cosine-weighted fraction of the hemisphere above the vertex from which it is seen.

Session 35 (``docs/performance-session35-baked.py``) worked the same share out from OpenGL depth maps of 512 x 512
pixels; the values here are compared with it in docs/performance.md ("Session 36: bake36").
"""

from __future__ import annotations

import numpy as np

ARRAY = "Occlusion"
"""The point array of a bone's mesh holding each vertex's share of the sky (1: open, 0: sees nothing)."""
DIRECTIONS = 96
"""Directions of the Fibonacci sphere [M]: as session 35's GL bake; 48 gave visibly blotchier floors there."""
CELL_MM = 0.6
"""The depth map's cell [M]: fine enough that a 2-mm gap between two plates of bone is not filled over."""
SPACING_MM = 0.3
"""Largest distance between two samples of one triangle [M]: half a cell, so a projected triangle leaves no cell of
its shadow empty (an empty cell would let a vertex below it count as seen)."""
TOLERANCE_MM = 1.5
"""How far below its cell's top a vertex may lie and still count as seen [M] (session 35's value)."""
RISE_LIMIT_MM = 20.0
"""Cap of the slope allowance (a surface almost edge-on to a direction counts almost nothing there anyway)."""


def fibonacci_directions(n: int = DIRECTIONS) -> np.ndarray:
    """``n`` unit vectors spread evenly over the sphere (the golden-angle spiral), always in the same order."""
    i = np.arange(n) + 0.5
    phi, theta = np.arccos(1.0 - 2.0 * i / n), np.pi * (1.0 + 5.0 ** 0.5) * i
    return np.c_[np.cos(theta) * np.sin(phi), np.sin(theta) * np.sin(phi), np.cos(phi)]


def surface_samples(points: np.ndarray, triangles: np.ndarray, spacing: float = SPACING_MM) -> np.ndarray:
    """Points on every triangle at most ``spacing`` apart (a triangular lattice of barycentric steps), vertices too."""
    a, b, c = points[triangles[:, 0]], points[triangles[:, 1]], points[triangles[:, 2]]
    longest = np.max([np.linalg.norm(b - a, axis=1), np.linalg.norm(c - b, axis=1), np.linalg.norm(a - c, axis=1)],
                     axis=0)
    steps = np.maximum(1, np.ceil(longest / spacing)).astype(int)
    out = [points]
    for n in np.unique(steps):
        if n < 2:
            continue  # a small triangle's vertices are its samples
        on = steps == n
        i, j = np.meshgrid(np.arange(n + 1), np.arange(n + 1), indexing="ij")
        keep = (i + j <= n) & ~(((i == 0) & (j == 0)) | ((i == n) & (j == 0)) | ((i == 0) & (j == n)))
        wb, wc = i[keep] / n, j[keep] / n
        wa = 1.0 - wb - wc
        out.append((wa[None, :, None] * a[on][:, None, :] + wb[None, :, None] * b[on][:, None, :]
                    + wc[None, :, None] * c[on][:, None, :]).reshape(-1, 3))
    return np.concatenate(out)


def _frame(d: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    up = np.array([0.0, 0.0, 1.0]) if abs(d[2]) < 0.9 else np.array([0.0, 1.0, 0.0])
    right = np.cross(up, d)
    right /= np.linalg.norm(right)
    return right, np.cross(d, right)


def sky_share(points: np.ndarray, normals: np.ndarray, triangles: np.ndarray, directions: int = DIRECTIONS,
              cell: float = CELL_MM) -> np.ndarray:
    """Each vertex's cosine-weighted share (0-1) of the directions from which it is seen past the rest of the mesh.

    ``points`` (n, 3) and unit ``normals`` (n, 3) in mm, ``triangles`` (m, 3) vertex indices.
    """
    points = np.asarray(points, np.float64)
    normals = np.asarray(normals, np.float64)
    normals = normals / np.maximum(np.linalg.norm(normals, axis=1, keepdims=True), 1e-12)
    samples = surface_samples(points, np.asarray(triangles, np.int64))
    centre = samples.mean(axis=0)
    samples, rel = samples - centre, points - centre
    seen_sum, weight_sum = np.zeros(len(points)), np.zeros(len(points))
    for d in fibonacci_directions(directions):
        cos = normals @ d
        facing = cos > 0.0
        if not facing.any():
            continue
        right, up = _frame(d)
        su, sv, sh = samples @ right, samples @ up, samples @ d
        u0, v0 = su.min(), sv.min()
        cols = int((su.max() - u0) / cell) + 1
        top = np.full((int((sv.max() - v0) / cell) + 1) * cols, -np.inf)
        np.maximum.at(top, ((sv - v0) / cell).astype(np.int64) * cols + ((su - u0) / cell).astype(np.int64), sh)
        q = rel[facing]
        at = ((q @ up - v0) / cell).astype(np.int64) * cols + ((q @ right - u0) / cell).astype(np.int64)
        c = cos[facing]
        rise = np.minimum(cell * np.sqrt(2.0) * np.sqrt(np.maximum(1.0 - c * c, 0.0)) / c, RISE_LIMIT_MM)
        seen = top[at] - q @ d <= TOLERANCE_MM + rise
        seen_sum[facing] += c * seen
        weight_sum[facing] += c
    return np.clip(seen_sum / np.maximum(weight_sum, 1e-12), 0.0, 1.0)


def bake(mesh) -> np.ndarray:
    """The share of the sky of each vertex of a triangle ``mesh`` (PyVista) with point ``Normals``, as float32."""
    faces = np.asarray(mesh.faces).reshape(-1, 4)
    if not np.all(faces[:, 0] == 3):
        raise ValueError("occlusion: the mesh must be all triangles")
    normals = mesh.point_data["Normals"] if "Normals" in mesh.point_data else mesh.point_normals
    return np.round(sky_share(mesh.points, normals, faces[:, 1:]), 4).astype(np.float32)


__all__ = ["ARRAY", "CELL_MM", "DIRECTIONS", "SPACING_MM", "TOLERANCE_MM", "bake", "fibonacci_directions",
           "sky_share", "surface_samples"]
