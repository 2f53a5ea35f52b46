"""Posed world matrices and bounds: the one place that turns a pose into where each vertebra is.

A pose (:class:`spineviz.motion.Pose`) holds one rigid transform per vertebra that acts *on top of* the
neutral spine; each mesh lives in its own vertebra's frame (``spine.frames``). The world matrix of
vertebra ``i`` is therefore ``transforms[i] @ frames[i]``. Actors, labels, joint marks, the glTF and
HTML exporters and the camera framing all read it from here.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

Bounds = tuple[float, float, float, float, float, float]


def world_matrices(spine, transforms: np.ndarray) -> np.ndarray:
    """(25, 4, 4) matrices from each vertebra's own frame to the spine frame (mm), posed."""
    return np.einsum("nij,njk->nik", np.asarray(transforms, float), spine.frames)


def posed_bounds(spine, transforms: np.ndarray, levels: Iterable[str]) -> Bounds:
    """Bounds (xmin, xmax, ymin, ymax, zmin, zmax) of the named vertebrae, posed.

    Each mesh's own box is carried through its world matrix corner by corner (as VTK does for an actor
    with a user matrix), so these are the bounds the renderer frames, with or without a window. Levels an
    imported spine lacks are left out; if none of the named ones is there, the whole spine is framed.
    """
    from spineviz.anatomy.levels import parse_level

    world = world_matrices(spine, transforms)
    corners = []
    have = [name for name in levels if name in spine.bones] or list(spine.bones)
    for name in have:
        b = np.asarray(spine.bones[name].bounds, float).reshape(3, 2)
        box = np.array(np.meshgrid(b[0], b[1], b[2], indexing="ij")).reshape(3, -1).T
        m = world[parse_level(name).index]
        corners.append(box @ m[:3, :3].T + m[:3, 3])
    pts = np.concatenate(corners)
    lo, hi = pts.min(axis=0), pts.max(axis=0)
    return (float(lo[0]), float(hi[0]), float(lo[1]), float(hi[1]), float(lo[2]), float(hi[2]))


def union(boxes: Iterable[Bounds]) -> Bounds:
    """The box holding every box in ``boxes``."""
    b = np.array(list(boxes), float)
    return (b[:, 0].min(), b[:, 1].max(), b[:, 2].min(), b[:, 3].max(), b[:, 4].min(), b[:, 5].max())


__all__ = ["Bounds", "posed_bounds", "union", "world_matrices"]
