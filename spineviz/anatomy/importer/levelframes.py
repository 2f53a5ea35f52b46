"""Each imported level's local frame: origin on its body, x right, y anterior, z up the body's axis.

The frame is what lets every other part of spineviz (motion, loads, discs, labels) treat a patient's bone
like the model's. It is found from the bone itself, not from the scanner's axes, so a scoliotic or rotated
vertebra gets its own frame:

1. the body is the thickest part of a vertebra: the interior points deepest below the surface (deeper
   than 60 % of the deepest) lie in the body, since the arch, processes and lateral masses are thin;
2. z is the body's own axis — the direction in which the body core is thinnest (a vertebral body is wider
   and deeper than it is tall) — when that lies within 25° of the spine's course (from the centroid of the
   level below to the one above), else the spine's course; y points from the whole bone's centroid to its
   body (the arch lies behind the body); x = y × z (right-handed);
3. the shared landmark finder (through :mod:`.landmarking`) finds the endplates on the mesh in that frame;
   the origin moves to the midpoint between their centres and z turns to the mean of their normals.

The sacrum's frame is set from its upper (S1) endplate, found below L5's lower endplate, so that the spine
frame's origin can sit at its centre as in the model.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from spineviz.anatomy.importer import landmarking
from spineviz.anatomy.levels import LEVEL_NAMES

CORE_FRACTION = 0.6
MAX_SAMPLES = 12_000


@dataclass
class LevelGeometry:
    """What the importer knows about one level in world mm, before and after its frame is found."""

    name: str
    surface: object  # pyvista PolyData, world mm
    interior: np.ndarray  # (n, 3) points inside the bone, world mm
    depth: np.ndarray | None = None  # distance of each interior point below the surface
    frame: np.ndarray | None = None  # local → world
    landmarks: dict | None = None

    @property
    def centroid(self) -> np.ndarray:
        return self.interior.mean(axis=0)

    def core(self) -> np.ndarray:
        """Interior points in the body (deeper than CORE_FRACTION of the deepest)."""
        if self.depth is None:
            pts = self.interior
            if len(pts) > MAX_SAMPLES:
                pts = pts[np.random.default_rng(0).choice(len(pts), MAX_SAMPLES, replace=False)]
                self.interior = pts
            import pyvista as pv

            probe = pv.PolyData(pts).compute_implicit_distance(self.surface)
            self.depth = -np.asarray(probe["implicit_distance"])
        return self.interior[self.depth >= CORE_FRACTION * self.depth.max()]


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v)


def _frame(origin: np.ndarray, y_hint: np.ndarray, z: np.ndarray) -> np.ndarray:
    z = _unit(z)
    x = _unit(np.cross(y_hint - z * (y_hint @ z), z))
    y = np.cross(z, x)
    m = np.eye(4)
    m[:3, 0], m[:3, 1], m[:3, 2], m[:3, 3] = x, y, z, origin
    return m


def _local(mesh, frame: np.ndarray):
    return mesh.transform(np.linalg.inv(frame), inplace=False)


def spine_axes(levels: list[LevelGeometry]) -> list[np.ndarray]:
    """Per level, the direction up the spine (from the next level down to the next level up)."""
    c = [g.centroid for g in levels]
    out = []
    for i in range(len(levels)):
        above, below = c[max(i - 1, 0)], c[min(i + 1, len(c) - 1)]
        out.append(_unit(above - below))
    return out


def find_frames(levels: list[LevelGeometry]) -> None:
    """Set ``frame`` and ``landmarks`` on every level (ordered top to bottom, at least two)."""
    axes = spine_axes(levels)
    hints = []
    for g, z in zip(levels, axes, strict=True):
        towards_body = g.core().mean(axis=0) - g.centroid
        hints.append(towards_body - z * (towards_body @ z))
    good = [h for h, g in zip(hints, levels, strict=True) if g.name not in ("C1", "S1") and np.linalg.norm(h) > 1]
    shared = _unit(np.sum([_unit(h) for h in good], axis=0)) if good else np.array([0.0, 1.0, 0.0])
    for g, z, hint in zip(levels, axes, hints, strict=True):
        if g.name == "S1":
            continue
        y_hint = hint if g.name != "C1" and np.linalg.norm(hint) > 1 else shared
        origin = g.core().mean(axis=0) if g.name != "C1" else g.centroid
        if g.name != "C1":
            core = g.core()
            thin = np.linalg.svd(core - core.mean(axis=0), full_matrices=False)[2][2]
            thin = thin if thin @ z > 0 else -thin
            z = thin if thin @ z > np.cos(np.radians(25)) else z
        frame = _frame(origin, y_hint, z)
        for _ in range(2):  # re-centre on the endplates, then once more in the corrected frame
            marks = landmarking.level_landmarks(_local(g.surface, frame), g.name)
            top, bottom = np.array(marks["upper_endplate"]), np.array(marks["lower_endplate"])
            mid = frame[:3, :3] @ (0.5 * (top + bottom)) + frame[:3, 3]
            new_z = frame[:3, 2]
            if "upper_endplate_normal" in marks:  # the body's axis: between the two endplates' normals
                axis = frame[:3, :3] @ (np.array(marks["upper_endplate_normal"])
                                        - np.array(marks["lower_endplate_normal"]))
                if np.linalg.norm(axis) > 0.5 and _unit(axis) @ new_z > np.cos(np.radians(25)):
                    new_z = axis
            frame = _frame(mid, frame[:3, 1], new_z)
        g.frame = frame
        g.landmarks = landmarking.level_landmarks(_local(g.surface, frame), g.name)
    sacrum = next((g for g in levels if g.name == "S1"), None)
    if sacrum is not None:
        _sacrum_frame(sacrum, levels, shared)


def _sacrum_frame(sacrum: LevelGeometry, levels: list[LevelGeometry], shared_y: np.ndarray) -> None:
    """Frame of the sacrum from its upper endplate: below L5's lower endplate, facing up."""
    from spineviz.anatomy.spine import model

    half = model().dims["S1"].vbhp / 2
    l5 = next((g for g in levels if g.name == "L5" and g.frame is not None), None)
    pts = np.asarray(sacrum.surface.points)
    normals = np.asarray(sacrum.surface.point_data["Normals"])
    if l5 is not None:
        z5 = l5.frame[:3, 2]
        start = l5.frame[:3, :3] @ np.array(l5.landmarks["lower_endplate"]) + l5.frame[:3, 3]
        _, plateau = sacrum.surface.find_closest_cell(start, return_closest_point=True)
        plateau = np.asarray(plateau, float).reshape(3)
        near = (np.linalg.norm(pts - plateau, axis=1) < 12.0) & (normals @ z5 > 0.5)
        z = _unit(normals[near].mean(axis=0)) if near.sum() >= 3 else z5
        y_hint = l5.frame[:3, 1]
    else:
        z = spine_axes(levels)[-1]
        plateau = pts[np.argmax(pts @ z)]
        y_hint = shared_y
    sacrum.frame = _frame(plateau - half * z, y_hint, z)
    sacrum.landmarks = {"upper_endplate": [0.0, 0.0, half], "lower_endplate": [0.0, 0.0, -half]}


def order_index(name: str) -> int:
    return LEVEL_NAMES.index(name)
