"""The typical vertebrae, C3 to L5: body, pedicles, laminae, processes and facets, by region.

Each region differs in more than size: cervical bodies carry uncinate lips and their transverse processes a
foramen; thoracic bodies are heart-shaped with costal facets and a long down-sloping spine; lumbar bodies
are kidney-shaped with thick pedicles, a hatchet spine and mammillary processes.
"""

from __future__ import annotations

import math

import numpy as np

from spineviz.anatomy import sdf
from spineviz.anatomy.shapes.common import (
    Design,
    LocalJoint,
    articular_process,
    body,
    box_between,
    canal,
    heart,
    kidney,
    mirror,
    spinous_tip_direction,
    superellipse,
)
from spineviz.anatomy.tables import LevelDimensions

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


def lumbar(d: LevelDimensions, above: list[LocalJoint], below: list[LocalJoint]) -> Design:
    design = Design(d.level.name, spacing=0.6)
    hc, depth = d.body_height, d.epd
    body(design, d, kidney(d.epw / 2, depth / 2, notch=0.08), edge=1.8, waist=0.07)
    px = d.cw / 2 + d.pw / 2
    zp = 0.12 * hc
    back = -depth / 2
    for side in SIDES:
        design.add(box_between(mirror((px, back + 4, zp), side), mirror((px, back - 0.6 * d.cd, zp), side),
                               d.pw, d.ph, r=min(d.pw, d.ph) / 2.3), k=2.5)
        lam_a = mirror((px - 1.5, back - 0.6 * d.cd, -0.05 * hc), side)
        lam_b = (0.0, back - d.cd - 2.0, -0.12 * hc)
        design.add(box_between(lam_a, lam_b, 6.0, 0.72 * hc, up=(0, 0.3, 1), r=2.5), k=2.0)
        l5 = d.level.name == "L5"  # L5's stout transverse processes spring from pedicle and body
        root_t = mirror((px, back + (2.0 if l5 else -0.35 * d.cd), zp + (6.0 if l5 else 0.0)), side)
        tip_t = mirror((d.tps / 2, back + (1.0 if l5 else -0.2 * d.cd), zp + (8.0 if l5 else 2.0)), side)
        _transverse_tip(design, root_t, tip_t, 4.2 if d.level.name != "L5" else 6.0, 2.8, side)
        design.add(box_between(root_t, tip_t - mirror((4.0, 0.0, 0.0), side), 3.2, 8.0, r=1.5), k=2.0)
    for side, j in _by_side(above).items():
        root = mirror((px, back - 0.55 * d.cd, zp + 2.0), side)
        articular_process(design, j, root, thickness=5.5)
        mam = j.centre - 4.5 * j.normal + np.array([0.0, -4.0, -1.0])
        design.add(sdf.Ellipsoid(mam, (3.0, 3.2, 3.5)), k=1.8)
        design.mark(f"mammillary_{side}", mam)
    for side, j in _by_side(below).items():
        root = mirror((d.cw / 2 - 1.0, back - d.cd + 1.0, -0.35 * hc), side)
        articular_process(design, j, root, thickness=5.5)
    base = _spinous_base(design, d, -0.1 * hc)
    direction = spinous_tip_direction(d)
    tip = base + d.spl * direction
    blade_h = 0.62 * hc
    design.add(box_between(base + 2 * direction, tip - 3.0 * direction, 5.5, blade_h, r=2.4), k=2.5)
    design.add(sdf.Capsule(tip - 3.0 * direction + (0, 0, blade_h * 0.42),
                           tip - 3.0 * direction - (0, 0, blade_h * 0.5), 3.0, 3.0), k=2.0)
    design.mark("spinous_tip", tip)
    canal(design, d, "triangle")
    return design


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
    design.add(sdf.Capsule(base, tip - 3.2 * direction, 4.0, 2.4), k=2.5)
    design.add(sdf.Ellipsoid(tip - 3.2 * direction, (3.0, 3.2, 4.0)), k=1.5)
    design.add(box_between(base, base + 0.5 * d.spl * direction, 3.5, 7.0, r=1.6), k=2.0)
    design.mark("spinous_tip", tip)
    canal(design, d, "oval")
    return design


def cervical(d: LevelDimensions, above: list[LocalJoint], below: list[LocalJoint]) -> Design:
    design = Design(d.level.name, spacing=0.4)
    hc, depth, w = d.body_height, d.epd, d.epw
    body(design, d, superellipse(w / 2, depth / 2, 3.0), edge=1.0, waist=0.04)
    back = -depth / 2
    for side in SIDES:
        design.add(sdf.Capsule(mirror((w / 2 - 1.4, back + 2.0, hc / 2 + 0.8), side),
                               mirror((w / 2 - 1.6, depth / 4, hc / 2 + 0.6), side), 1.5, 1.1), k=1.2)
        design.mark(f"uncinate_{side}", mirror((w / 2 - 1.4, 0.0, hc / 2 + 2.0), side))
    design.add(sdf.Ellipsoid((0.0, depth / 2 - 1.8, -hc / 2 + 0.6), (w / 3, 2.2, 1.2)), k=1.0)
    sup, inf = _by_side(above), _by_side(below)
    pillars = {}
    for side in SIDES:
        a, b = sup[side], inf[side]
        top = a.centre - 2.5 * a.normal
        bot = b.centre - 2.5 * b.normal
        design.add(sdf.Capsule(top, bot, 4.4, 4.4), k=1.5)
        pillars[side] = 0.5 * (top + bot)
        design.add(box_between(mirror((w / 2 - 2.5, back + 2.5, 0.05 * hc), side), pillars[side],
                               d.pw, d.ph, r=min(d.pw, d.ph) / 2.3), k=1.5)
        lam_b = (0.0, back - d.cd - 1.5, -0.12 * hc)
        design.add(box_between(pillars[side] + (0, -1.5, -0.5), lam_b, 3.2, 0.9 * hc, up=(0, 0.4, 1), r=1.4),
                   k=1.5)
        articular_process(design, a, pillars[side], thickness=3.8, k=1.2)
        articular_process(design, b, pillars[side], thickness=3.8, k=1.2)
        _cervical_transverse(design, d, side, pillars[side])
    base = _spinous_base(design, d, -0.15 * hc)
    direction = spinous_tip_direction(d)
    tip = base + d.spl * direction
    if d.level.name == "C7":
        design.add(sdf.Capsule(base, tip - 3.5 * direction, 3.3, 2.6), k=1.8)
        design.add(sdf.Ellipsoid(tip - 3.5 * direction, (3.6, 3.5, 3.8)), k=1.5)
    else:
        fork = base + 0.6 * d.spl * direction
        design.add(sdf.Capsule(base, fork, 2.6, 2.2), k=1.6)
        for sx in (1, -1):
            end = tip - 2.2 * direction + (sx * 3.4, 0.0, 0.0)
            design.add(sdf.Capsule(fork, end, 2.1, 2.0), k=1.0)
            design.add(sdf.Ellipsoid(end, (2.0, 2.2, 2.8)), k=0.8)
        design.mark("bifid_tips", tip)
    design.mark("spinous_tip", tip)
    canal(design, d, "triangle")
    return design


def _cervical_transverse(design: Design, d: LevelDimensions, side: str, pillar: np.ndarray) -> None:
    """Anterior and posterior roots around the transverse foramen, meeting in a grooved bar."""
    w, depth, hc = d.epw, d.epd, d.body_height
    back = -depth / 2
    z = -0.05 * hc
    half = d.tps / 2
    ant_root = mirror((w / 2 - 1.0, 0.5, z), side)
    ant_tub = mirror((half - 3.0, back + 2.0, z - 0.5), side)
    post_tub = mirror((half - 2.5, back - 2.5, z), side)
    design.add(sdf.Capsule(ant_root, ant_tub, 2.1, 2.4), k=1.2)
    design.add(sdf.Capsule(pillar + mirror((1.0, 1.0, -1.0), side), post_tub, 2.4, 2.5), k=1.2)
    design.add(sdf.Capsule(ant_tub, post_tub, 2.0, 2.0), k=1.0)
    design.mark(f"transverse_tip_{side}", mirror((half, back - 0.5, z), side))
    foramen = mirror((w / 2 + 3.2, back + 2.8, z), side)
    r = 2.6 if d.level.name != "C7" else 1.8
    design.carve_late(sdf.Capsule(foramen + (0, 0, -9.0), foramen + (0, 0, 9.0), r, r), k=0.5)
    design.mark(f"transverse_foramen_{side}", foramen)
