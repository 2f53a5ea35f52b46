"""Cervical vertebrae C3-C7: small wide bodies with uncinate lips, articular pillars, bifid spines.

The transverse processes are grooved, with a foramen between anterior and posterior tubercles; the laminae
are thin and slope down and back to a bifid spine (C3-C6) or the long single spine of C7.

The articular pillar (lateral mass) is one column of bone whose upper and lower surfaces are the facets,
sloping at about 45 degrees, so that the pillars stack into the smooth articular column seen from the side.
"""

from __future__ import annotations

import numpy as np

from spineviz.anatomy import sdf
from spineviz.anatomy.shapes.common import (
    Design,
    LocalJoint,
    body,
    box_between,
    canal,
    facet_axes,
    facet_pad,
    mirror,
    slab,
    spinous_tip_direction,
    superellipse,
)
from spineviz.anatomy.tables import LevelDimensions

SIDES = ("right", "left")
RECESS = 1.3


def cervical(d: LevelDimensions, above: list[LocalJoint], below: list[LocalJoint]) -> Design:
    design = Design(d.level.name, spacing=0.4)
    hc, depth, w = d.body_height, d.epd, d.epw
    body(design, d, superellipse(w / 2, depth / 2, 2.6), edge=1.2, waist=0.05)
    back = -depth / 2
    for side in SIDES:  # uncinate processes: lips raised on the posterolateral rims of the upper endplate
        rim = ((w / 2 - 1.6, back + 2.0, hc / 2 - 1.5), (w / 2 - 1.8, depth / 4, hc / 2 - 1.5),
               (w / 2 - 1.6, depth / 5, hc / 2 + 1.8), (w / 2 - 1.4, back + 2.5, hc / 2 + 2.6))
        lip = [mirror(p, side) for p in rim]
        design.add(slab(lip, 2.4, r=1.0, normal=(1.0, 0.0, 0.0)), k=1.0)
        design.mark(f"uncinate_{side}", mirror((w / 2 - 1.4, 0.0, hc / 2 + 2.0), side))
    design.add(sdf.Ellipsoid((0.0, depth / 2 - 1.8, -hc / 2 + 0.6), (w / 3, 2.2, 1.2)), k=1.0)
    sup, inf = {j.side: j for j in above}, {j.side: j for j in below}
    base = np.array([0.0, back - d.cd, -0.15 * hc])
    design.mark("spinous_base", base)
    for side in SIDES:
        centre = _pillar(design, sup[side], inf[side])
        design.add(box_between(mirror((w / 2 - 2.5, back + 2.5, 0.05 * hc), side), centre + (0.0, 2.0, 0.0),
                               d.pw, d.ph, r=min(d.pw, d.ph) / 2.3), k=1.5)
        sx = 1.0 if side == "right" else -1.0
        lam = [centre + (-sx * 5.0, -2.0, 2.0), base + (0.0, -1.0, 0.3 * hc + 1.0),
               base + (0.0, -3.5, -0.35 * hc), centre + (-sx * 5.0, -3.0, -3.0)]
        design.add(slab(lam, 3.6, r=1.4), k=1.5)
        _transverse(design, d, side, centre)
    _spinous(design, d, base)
    canal(design, d, "triangle")
    return design


def _pillar(design: Design, s: LocalJoint, i: LocalJoint) -> np.ndarray:
    """The lateral mass: a column between the superior and inferior facet planes; returns its centre."""
    corners = []
    widths = []
    for j in (s, i):
        u, v, _hu, hv = facet_axes(j)
        mid = np.asarray(j.centre) - RECESS * np.asarray(j.normal)
        corners += [mid + (hv + 0.6) * v, mid - (hv + 0.6) * v]
        widths.append(u * np.sign(u[0] or 1.0))
        facet_pad(design, j, RECESS)
    normal = widths[0] + widths[1]
    half = max(s.half_width, i.half_width) + 0.6
    design.add(slab(corners, 2 * half, r=3.5, normal=normal), k=1.5)
    return np.mean(corners, axis=0)


def _transverse(design: Design, d: LevelDimensions, side: str, pillar: np.ndarray) -> None:
    """Anterior and posterior roots around the transverse foramen, ending in the two tubercles."""
    w, depth, hc = d.epw, d.epd, d.body_height
    back = -depth / 2
    z = -0.05 * hc
    half = d.tps / 2
    c7 = d.level.name == "C7"
    ant_root = mirror((w / 2 - 1.0, 0.5, z), side)
    ant_tub = mirror((half - (5.0 if c7 else 3.5), back + 2.5, z - 0.8), side)
    post_tub = mirror((half - 2.4, back - 2.0, z - 0.3), side)
    design.add(sdf.Capsule(ant_root, ant_tub, 1.9, 2.0), k=1.2)
    design.add(sdf.Capsule(pillar + mirror((1.5, 1.5, -1.5), side), post_tub, 2.4, 2.2), k=1.2)
    design.add(sdf.Capsule(ant_tub, post_tub, 1.7, 1.9), k=1.0)
    design.add(sdf.Ellipsoid(ant_tub, (2.2, 2.0, 2.8 if not c7 else 1.8)), k=1.0)
    design.add(sdf.Ellipsoid(post_tub, (2.4, 2.2, 3.0)), k=1.0)
    design.mark(f"transverse_tip_{side}", mirror((half, back - 2.0, z - 0.3), side))
    foramen = mirror((w / 2 + 3.2, back + 2.8, z), side)
    r = 2.6 if not c7 else 1.8
    design.carve_late(sdf.Capsule(foramen + (0, 0, -9.0), foramen + (0, 0, 9.0), r, r), k=0.5)
    design.mark(f"transverse_foramen_{side}", foramen)


def _spinous(design: Design, d: LevelDimensions, base: np.ndarray) -> None:
    """C3-C6: a short stem that forks into two tubercles; C7: long, single, with a rounded tubercle."""
    direction = spinous_tip_direction(d)
    tip = base + d.spl * direction
    up = np.array([0.0, direction[2], -direction[1]])
    if d.level.name == "C7":
        end = tip - 3.5 * direction
        stem = [base + up * 4.5, end + up * 2.8, end - up * 3.2, base - up * 5.5]
        design.add(slab(stem, (4.0, 4.5), r=1.6, normal=(1.0, 0.0, 0.0)), k=1.8)
        design.add(sdf.Ellipsoid(end, (3.6, 3.5, 4.0)), k=1.5)
    else:
        fork = base + 0.55 * d.spl * direction
        stem = [base + up * 3.8, fork + up * 2.8, fork - up * 3.2, base - up * 4.5]
        design.add(slab(stem, (3.4, 3.0), r=1.2, normal=(1.0, 0.0, 0.0)), k=1.5)
        for sx in (1, -1):
            end = tip - 2.2 * direction + (sx * 3.4, 0.0, -0.6)
            design.add(sdf.Capsule(fork, end, 2.0, 1.9), k=1.0)
            design.add(sdf.Ellipsoid(end, (1.9, 2.2, 3.0)), k=0.8)
        design.mark("bifid_tips", tip)
    design.mark("spinous_tip", tip)
