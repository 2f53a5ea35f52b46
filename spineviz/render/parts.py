"""The visible parts of a scene as plain arrays: what the glTF and the interactive HTML exporters write.

Each :class:`Part` is one mesh (a vertebra, a disc, or one cartilage layer of a facet joint) in its own
vertebra's frame, with the posed world matrix of that vertebra, its colour and opacity, chosen exactly as
:mod:`spineviz.render.facet_colours` colours the actors.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from spineviz.anatomy.levels import FACET_JOINT_IDS, LEVELS, SEGMENTS
from spineviz.render import look
from spineviz.render.facet_colours import bone_colour, pose_and_colours
from spineviz.render.posed import world_matrices
from spineviz.scene.state import SceneState


@dataclass(frozen=True)
class Part:
    """One mesh of the scene.

    Attributes
    ----------
    name
        "L4", "disc L4/5", "facet L4/5 left (upper)".
    group
        "bone", "disc" or "facet".
    level
        The vertebra it moves with (its index in ``LEVELS``).
    points
        (n, 3) float32, millimetres, in the vertebra's own frame.
    normals
        (n, 3) float32 unit vectors in the same frame.
    triangles
        (m, 3) uint32 vertex indices.
    colour
        (r, g, b), 0-1.
    opacity
        0-1.
    sky
        (n,) float32: a bone's share of the sky at each vertex (its baked occlusion,
        :data:`spineviz.anatomy.occlusion.ARRAY`), which the exporters turn into the app's grey
        (:func:`spineviz.render.shading.vertex_grey`); None for discs and cartilage (never darkened) and for a
        bone whose mesh carries none (an imported spine's).
    """

    name: str
    group: str
    level: int
    points: np.ndarray
    normals: np.ndarray
    triangles: np.ndarray
    colour: tuple[float, float, float]
    opacity: float
    sky: np.ndarray | None = None


def _arrays(mesh) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    tri = mesh if mesh.is_all_triangles else mesh.triangulate()
    if "Normals" not in tri.point_data:
        tri = tri.compute_normals(point_normals=True, cell_normals=False, auto_orient_normals=False)
    points = np.asarray(tri.points, dtype=np.float32)
    normals = np.asarray(tri.point_data["Normals"], dtype=np.float32)
    lengths = np.linalg.norm(normals, axis=1, keepdims=True)
    normals = np.where(lengths > 1e-12, normals / np.maximum(lengths, 1e-12), np.float32([0, 0, 1]))
    faces = np.asarray(tri.faces).reshape(-1, 4)[:, 1:].astype(np.uint32)
    return points, normals.astype(np.float32), faces


def _sky(mesh, count: int) -> np.ndarray | None:
    """A bone mesh's share of the sky a vertex (float32), or None when it carries none (or not one a vertex)."""
    from spineviz.anatomy.occlusion import ARRAY

    if ARRAY not in mesh.point_data or mesh.n_points != count:
        return None
    return np.asarray(mesh.point_data[ARRAY], dtype=np.float32)


def scene_parts(state: SceneState, spine, motion=None) -> tuple[list[Part], np.ndarray, dict]:
    """The visible parts of ``state`` at ``motion`` (default its current motion).

    Returns
    -------
    parts
        Bones, then discs, then facet cartilage, top to bottom.
    world
        (25, 4, 4) posed matrices from each vertebra's frame to the spine frame (mm).
    summary
        As :func:`~spineviz.render.facet_colours.pose_and_colours` returns it.
    """
    motion = motion if motion is not None else state.current_motion()
    p, colours, summary = pose_and_colours(state, spine.model, motion)
    world = world_matrices(spine, p.transforms)
    levels = set(state.visible_levels())
    segments = set(state.visible_segments())
    bone_opacity = 1.0 - state.layers.bone_transparency
    parts: list[Part] = []
    if bone_opacity > 0.001:
        for lv in LEVELS:
            if lv.name in levels and lv.name in spine.bones:
                colour = bone_colour(state, lv.name)
                bone = spine.bones[lv.name]
                points, normals, faces = _arrays(bone)
                parts.append(Part(lv.name, "bone", lv.index, points, normals, faces, tuple(float(c) for c in colour),
                                  bone_opacity, sky=_sky(bone, len(points))))
    if state.layers.discs:
        for seg in SEGMENTS:
            if seg.name in segments and seg.name in spine.discs:
                parts.append(Part(f"disc {seg.name}", "disc", seg.lower.index, *_arrays(spine.discs[seg.name]),
                                  tuple(float(c) for c in look.DISC["color"]), float(look.DISC["opacity"])))
    if state.layers.cartilage:
        joints = {j.name: j for j in spine.model.joints}
        for jid in FACET_JOINT_IDS:
            if jid.segment.name not in segments or (jid.name, "upper") not in spine.cartilage:
                continue
            j = joints[jid.name]
            for which, idx in (("upper", j.upper_index), ("lower", j.lower_index)):
                parts.append(Part(f"facet {jid.name} ({which})", "facet", idx,
                                  *_arrays(spine.cartilage[(jid.name, which)]),
                                  tuple(float(c) for c in colours[jid.index]), 1.0))
    return parts, world, summary


__all__ = ["Part", "scene_parts"]
