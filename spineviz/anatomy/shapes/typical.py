"""The typical vertebrae, C3 to L5: body, pedicles, laminae, processes and facets, by region.

Each region differs in more than size: cervical bodies carry uncinate lips and their transverse processes a
foramen; thoracic bodies are heart-shaped with costal facets and a long down-sloping spine; lumbar bodies
are kidney-shaped with thick pedicles, a hatchet spine and mammillary processes.
"""

from __future__ import annotations

import math

import numpy as np

from spineviz.anatomy import sdf
from spineviz.anatomy.pedicle import pedicle_start
from spineviz.anatomy.shapes.cervical import cervical
from spineviz.anatomy.shapes.common import (
    Design,
    LocalJoint,
    body,
    canal,
    facet_plate,
    flat_articular_cut,
    heart,
    mirror,
    slab,
    spinous_tip_direction,
    strut,
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
    """T1-T12: heart-shaped body with costal demifacets, slim pedicles, roof-tile laminae, a sloping spine.

    The pedicle is a short strut from the upper half of the body; the transverse process, the superior
    articular process and the lamina all spring from its posterior end, so the pedicle's isthmus stays
    clear. The inferior articular processes are plates hanging from the lower border of the laminae,
    whose lower edges reach down behind the next level's laminae (the roof tiles). T11 and T12 turn
    toward lumbar: shorter laminae, a mammillary process on the superior articular process, an accessory
    process at the root of the transverse process, and at T12 a hatchet-shaped spine.
    """
    design = Design(d.level.name, spacing=0.5)
    hc, depth, w = d.body_height, d.epd, d.epw
    outline = heart(w / 2, depth / 2)
    body(design, d, outline, edge=1.4, waist=0.06)
    n = d.level.number
    for side in SIDES:
        _costal_demifacets(design, d, outline, side, n)
    px = d.cw / 2 + d.pw / 2
    back = -depth / 2
    zp = hc / 2 - d.ph / 2  # thoracic pedicles leave the upper half of the body, flush with its top
    sup, inf = _by_side(above), _by_side(below)
    base = _spinous_base(design, d, -0.12 * hc)
    for side in SIDES:
        junction = mirror((px, back - 0.62 * d.cd, zp), side)
        p0 = pedicle_start(d, side)
        axis = (junction - p0 - (0.0, 0.0, zp)) / np.linalg.norm(junction - p0 - (0.0, 0.0, zp))
        design.add_late(strut(p0 - 4.5 * axis + (0.0, 0.0, zp), junction, d.pw, d.ph), k=1.2)
        design.mark(f"pedicle_{side}", mirror((px, back - 0.3 * d.cd, zp), side))
        i = inf[side]
        inf_mid = i.centre - 3.6 * np.asarray(i.normal)
        # the lamina: a sloping plate from the junction to the spine's root, its lower edge overlapping
        # the lamina below like a roof tile
        low = -0.5 * hc - (2.5 if n <= 10 else 1.0)
        bottom = i.centre - 3.0 * np.asarray(i.normal) + np.array([0.0, 0.0, -0.55 * i.half_height])
        lam = [junction + mirror((-0.5, -1.0, 0.35 * d.ph), side), base + (0.0, 0.5, 0.3 * hc + 2.0),
               base + (0.0, -4.0, low - base[2] + 1.0), inf_mid + mirror((-2.5, -1.0, -2.0), side),
               bottom + mirror((-1.0, -0.5, 0.0), side), junction + mirror((0.8, -3.0, -0.3 * d.ph), side)]
        design.add(slab(lam, (5.0, 4.2), r=1.8), k=1.8)
        # the superior articular process: a plate standing up from the junction, its facet facing back
        facet_plate(design, sup[side], [junction + (0.0, -1.0, 1.5), junction + mirror((1.5, -2.0, -1.0), side)],
                    thickness=3.8, reach=0.6, k=1.4)
        # the inferior articular process: a plate under the lamina, its facet facing forward
        facet_plate(design, i, [inf_mid + (0.0, -1.0, 7.0), inf_mid + mirror((-4.0, -1.0, 5.0), side)],
                    thickness=3.8, reach=0.8, k=1.2)
        _thoracic_transverse(design, d, side, junction, n)
        if n >= 11:
            _mammillary_accessory(design, sup[side], junction, side, full=n == 12)
    if n == 12:
        _hatchet_spine(design, d, base)
    else:
        _sloping_spine(design, d, base)
    canal(design, d, "oval")
    return design


def _costal_demifacets(design: Design, d: LevelDimensions, outline, side: str, n: int) -> None:
    """Flat oval articular faces for the rib heads at the posterolateral rims of the body.

    T1-T9 carry an upper and a lower demifacet (T1's upper one a whole facet for the first rib), T10 only
    an upper one, T11 and T12 a single whole facet lower down on the side of the body.
    """
    hc = d.body_height
    theta = np.radians(-28.0 if n <= 10 else -15.0)
    if side == "left":
        theta = np.pi - theta
    r = float(outline(np.array([theta]))[0])
    out = np.array([np.cos(theta), np.sin(theta), 0.0])
    spots = [(0.5 * hc - 2.2, 3.2), (-0.5 * hc + 2.2, 2.8)] if n <= 9 else (
        [(0.5 * hc - 2.6, 3.4)] if n == 10 else [(0.08 * hc, 4.2)])
    for k, (z, hv) in enumerate(spots):
        p = r * out * 0.97 + np.array([0.0, 0.0, z])
        normal = out + np.array([0.0, 0.0, 0.25 if k == 0 and n <= 10 else -0.25 if n <= 10 else 0.0])
        flat_articular_cut(design, p, normal, 3.8, hv, depth=0.7, name=f"costal_demifacet_{side}_{k}")


def _thoracic_transverse(design: Design, d: LevelDimensions, side: str, junction: np.ndarray, n: int) -> None:
    """A stout process reaching out, back and up from the junction, clubbed at its tip.

    T1-T10 carry a shallow flat costal facet on the front of the tip for the tubercle of the rib; T11
    and T12 have none (their ribs do not reach the transverse processes).
    """
    back = -d.epd / 2
    root = junction + mirror((0.0, -1.5, 1.0), side)
    reach = d.tps / 2 - abs(root[0])
    tip = mirror((d.tps / 2, back - 0.62 * d.cd - reach * math.tan(math.radians(32)), root[2] + 3.0), side)
    r_root, r_tip = (4.2, 3.8) if n <= 10 else (3.4, 2.6)
    axis = (tip - root) / np.linalg.norm(tip - root)
    design.add(sdf.Capsule(root, tip - axis * r_tip, r_root, r_tip * 0.85), k=2.0)
    club = tip - axis * (r_tip + 0.3)
    design.add(sdf.Ellipsoid(club, (r_tip * 1.1, r_tip, r_tip * 1.25), sdf.frame_from(axis, (0, 0, 1))), k=1.5)
    design.mark(f"transverse_tip_{side}", tip)
    if n <= 10:
        fwd = np.array([0.0, 1.0, 0.0]) + 0.45 * mirror((1.0, 0.0, 0.0), side)
        fwd /= np.linalg.norm(fwd)
        face = club + fwd * (r_tip * 0.95)
        flat_articular_cut(design, face, fwd, 2.6, 2.8, depth=0.8, name=f"costal_facet_{side}")


def _mammillary_accessory(design: Design, s: LocalJoint, junction: np.ndarray, side: str, full: bool) -> None:
    """T11-T12 turning lumbar: a mammillary tubercle behind the superior process, an accessory one below it."""
    nrm = np.asarray(s.normal)
    mam = s.centre - 3.8 * nrm + np.array([0.0, -2.0, -3.0]) + mirror((1.5, 0.0, 0.0), side)
    size = (2.2, 2.6, 3.2) if full else (1.6, 1.9, 2.4)
    design.add(sdf.Ellipsoid(mam, size), k=1.6)
    design.mark(f"mammillary_{side}", mam)
    acc = junction + mirror((4.0, -4.5, -0.5), side)
    design.add(sdf.Ellipsoid(acc, (1.8, 1.8, 2.2) if full else (1.3, 1.4, 1.6)), k=1.5)
    design.mark(f"accessory_{side}", acc)


def _sloping_spine(design: Design, d: LevelDimensions, base: np.ndarray) -> None:
    """A long triangular spine sloping down, thinning and narrowing to a small clubbed tubercle."""
    direction = spinous_tip_direction(d)
    tip = base + d.spl * direction
    up = np.array([0.0, direction[2], -direction[1]])
    end = tip - 3.0 * direction
    blade = [base + up * 7.0 + direction * 0.5, end + up * 2.8, end - up * 2.4, base - up * 6.0]
    design.add(slab(blade, (6.0, 3.4), r=1.4, normal=(1.0, 0.0, 0.0)), k=2.4)
    # the tubercle: the tip swells a little, more in height than in width, and blends into the blade
    tub = tip - 3.0 * direction
    design.add(sdf.Ellipsoid(tub, (2.3, 3.1, 2.6), np.column_stack([(1.0, 0.0, 0.0), up, -direction])), k=3.0)
    design.mark("spinous_tip", tip)


def _hatchet_spine(design: Design, d: LevelDimensions, base: np.ndarray) -> None:
    """T12: a short, tall, nearly horizontal blade like a lumbar spine, thickened along its back border."""
    hc = d.body_height
    direction = spinous_tip_direction(d)
    tip = base + d.spl * direction
    up = np.array([0.0, direction[2], -direction[1]])
    end = tip - 2.4 * direction
    h0, h1 = 0.5 * hc, 0.55 * hc
    pts = [base + up * (0.45 * h0), end + up * (0.45 * h1), end - up * (0.55 * h1), base - up * (0.55 * h0)]
    design.add(slab(pts, (6.0, 5.0), r=1.8, normal=(1.0, 0.0, 0.0)), k=2.2)
    design.add(sdf.Capsule(end + up * (0.36 * h1), end - up * (0.42 * h1), 2.6, 3.2), k=1.8)
    design.mark("spinous_tip", tip)
