"""The typical vertebrae, C3 to L5: body, pedicles, laminae, processes and facets, by region.

Each region differs in more than size: cervical bodies carry uncinate lips and their transverse processes a
foramen; thoracic bodies are heart-shaped with costal facets and a long down-sloping spine; lumbar bodies
are kidney-shaped with thick pedicles, a hatchet spine and mammillary processes.
"""

from __future__ import annotations

import math

import numpy as np

from spineviz.anatomy import sdf
from spineviz.anatomy.shapes.cervical import cervical
from spineviz.anatomy.shapes.common import (
    Design,
    LocalJoint,
    articular_process,
    body,
    box_between,
    canal,
    heart,
    mirror,
    slab,
    spinous_tip_direction,
)
from spineviz.anatomy.shapes.lumbar import lumbar
from spineviz.anatomy.tables import LevelDimensions

__all__ = ["cervical", "lumbar", "thoracic"]

SIDES = ("right", "left")


def _by_side(joints: list[LocalJoint]) -> dict[str, LocalJoint]:
    return {j.side: j for j in joints}


def _spinous_base(design: Design, d: LevelDimensions, z: float) -> np.ndarray:
    base = np.array([0.0, -d.epd / 2 - d.cd, z])
    design.mark("spinous_base", base)
    return base


def _transverse_tip(design: Design, root, tip, r_root: float, r_tip: float, side: str) -> None:
    """A transverse process whose outermost point is exactly ``tip`` (the table's half span)."""
    root, tip = np.asarray(root, float), np.asarray(tip, float)
    axis = (tip - root) / np.linalg.norm(tip - root)
    design.add(sdf.Capsule(root, tip - axis * r_tip, r_root, r_tip), k=2.0)
    design.mark(f"transverse_tip_{side}", tip)


def thoracic(d: LevelDimensions, above: list[LocalJoint], below: list[LocalJoint]) -> Design:
    design = Design(d.level.name, spacing=0.55)
    hc, depth, w = d.body_height, d.epd, d.epw
    body(design, d, heart(w / 2, depth / 2), edge=1.4, waist=0.06)
    n = d.level.number
    for side in SIDES:
        sx = 1 if side == "right" else -1
        spots = [0.5 * hc, -0.5 * hc] if n <= 9 else ([0.5 * hc] if n == 10 else [0.15 * hc])
        for z in spots:
            design.carve(sdf.Ellipsoid((sx * 0.46 * w, -0.25 * depth, z), (4.2, 4.2, 3.4)), k=0.8)
    px = d.cw / 2 + d.pw / 2 + 1.0
    back = -depth / 2
    zp = 0.22 * hc
    for side in SIDES:
        design.add(box_between(mirror((px - 1.0, back + 3, zp), side), mirror((px, back - 0.5 * d.cd, zp), side),
                               max(d.pw, 4.5), d.ph, r=min(max(d.pw, 4.5), d.ph) / 2.3), k=2.0)
        lam_a = mirror((px - 0.5, back - 0.55 * d.cd, -0.05 * hc), side)
        lam_b = (0.0, back - d.cd - 2.0, -0.15 * hc)
        lam_h = 0.9 * hc if n <= 10 else 0.7 * hc  # T11-T12 arches turn lumbar-like
        design.add(box_between(lam_a, lam_b, 6.5, lam_h, up=(0, 0.35, 1), r=2.6), k=2.0)
        root_t = mirror((px, back - 0.6 * d.cd, zp), side)
        reach = d.tps / 2 - px
        tip_t = mirror((d.tps / 2, back - 0.6 * d.cd - reach * math.tan(math.radians(30)), zp + 3.0), side)
        _transverse_tip(design, root_t, tip_t, 5.0, 4.5, side)
        if n <= 10:
            axis = (tip_t - root_t) / np.linalg.norm(tip_t - root_t)
            knob = tip_t - 4.5 * axis
            design.carve(sdf.Ellipsoid(knob + (0, 4.3, 0), (3.0, 1.6, 3.0)), k=0.6)
    for side, j in _by_side(above).items():
        root = mirror((px, back - 0.5 * d.cd, 0.35 * hc), side)
        articular_process(design, j, root, thickness=4.5)
    for side, j in _by_side(below).items():
        root = mirror((d.cw / 2, back - d.cd + 0.5, -0.4 * hc), side)
        articular_process(design, j, root, thickness=4.5)
    base = _spinous_base(design, d, -0.12 * hc)
    direction = spinous_tip_direction(d)
    tip = base + d.spl * direction
    # a long spine, deep and three-sided at its root, tapering to a small tubercle at the tip
    up = np.array([0.0, direction[2], -direction[1]])
    end = tip - 3.0 * direction
    blade = [base + up * 5.5, end + up * 2.4, end - up * 2.0, base - up * 4.5]
    design.add(slab(blade, (6.0, 4.0), r=1.8, normal=(1.0, 0.0, 0.0)), k=2.5)
    design.add(sdf.Ellipsoid(end, (2.8, 3.0, 3.6)), k=1.5)
    design.mark("spinous_tip", tip)
    canal(design, d, "oval")
    return design
