"""Lumbar vertebrae L1-L5: kidney body, short thick pedicles, a broad sloping arch, a hatchet spine.

Textbook features built here: the laminae are broad plates sloping down and back, meeting in the
midline at the root of a tall quadrangular (hatchet) spinous process with a thickened posterior border;
the narrow lateral part of each lamina between the articular processes is the pars interarticularis.
The articular processes are vertical plates: the superior ones stand lateral, facing back and inward, with
a mammillary process on their posterior border; the inferior ones hang from the laminae, facing out.
The transverse processes are thin flat bars tapering to their tips (L5's are short, stout and spring from
the body as well as the pedicle).
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
    facet_plate,
    kidney,
    mirror,
    slab,
    spinous_tip_direction,
)
from spineviz.anatomy.tables import LevelDimensions

SIDES = ("right", "left")


def lumbar(d: LevelDimensions, above: list[LocalJoint], below: list[LocalJoint]) -> Design:
    design = Design(d.level.name, spacing=0.6)
    hc, depth = d.body_height, d.epd
    body(design, d, kidney(d.epw / 2, depth / 2, notch=0.08), edge=1.8, waist=0.08)
    l5 = d.level.name == "L5"
    px = d.cw / 2 + d.pw / 2
    zp = (0.2 if l5 else 0.12) * hc  # L5's pedicles spring high, clear of the sacral superior processes
    back = -depth / 2
    sup = {j.side: j for j in above}
    inf = {j.side: j for j in below}
    base = np.array([0.0, back - d.cd, -0.1 * hc])
    design.mark("spinous_base", base)
    for side in SIDES:
        # pedicle: a short thick bar from the back of the body to the arch
        design.add(box_between(mirror((px, back + 4, zp), side), mirror((px, back - 0.55 * d.cd, zp), side),
                               d.pw, d.ph, r=min(d.pw, d.ph) / 2.3), k=2.5)
        i = inf[side]
        inf_mid = i.centre - 3.8 * np.asarray(i.normal)
        _lamina(design, d, side, inf_mid)
        _transverse(design, d, side, px, zp, l5)
        s = sup[side]
        roots = [mirror((px, back - 1.0, zp + 2.0), side), mirror((px, back - 0.6 * d.cd, zp - 2.0), side)]
        facet_plate(design, s, roots, thickness=5.0, reach=1.2)
        _mammillary(design, s, side)
        facet_plate(design, i, [inf_mid + (0.0, 0.0, 9.0), inf_mid + mirror((-4.0, 0.0, 6.0), side)],
                    thickness=5.0, reach=0.8)
    _spinous(design, d, base)
    canal(design, d, "triangle")
    return design


def _lamina(design: Design, d: LevelDimensions, side: str, inf_mid: np.ndarray) -> None:
    """A broad plate sloping down and back from the pedicle to the midline and the inferior process.

    Its narrow lateral edge, between the two articular processes, is the pars interarticularis.
    """
    hc, back, cw, cd = d.body_height, -d.epd / 2, d.cw, d.cd
    top_lat = mirror((cw / 2 + 2.5, back - 0.45 * cd, 0.3 * hc), side)
    top_med = mirror((0.0, back - cd - 1.5, 0.16 * hc), side)
    bot_med = mirror((0.0, back - cd - 5.0, -0.48 * hc), side)
    bot_lat = inf_mid + mirror((-3.0, 0.0, 2.0), side)
    pars = mirror((cw / 2 + 3.0, back - 0.7 * cd, -0.1 * hc), side)
    design.add(slab([top_lat, top_med, bot_med, bot_lat, pars], 6.5, r=2.2), k=2.0)


def _transverse(design: Design, d: LevelDimensions, side: str, px: float, zp: float, l5: bool) -> None:
    """A thin, flat process tapering to its tip; the tip's outer point is exactly half the table span."""
    back = -d.epd / 2
    half = d.tps / 2
    if l5:  # short, stout, conical; rooted on the pedicle and the side of the body
        root_y, tip_y, root_h, tip_h, t = back + 4.0, back + 1.0, 12.0, 8.0, (9.0, 5.5)
        tip_z = zp + 5.0
    else:
        root_y, tip_y, root_h, tip_h, t = back - 0.35 * d.cd, back - 0.1 * d.cd, 11.0, 6.5, (5.0, 3.0)
        tip_z = zp + 2.5
    root_x = px - 1.0
    pts = [mirror((root_x, root_y, zp + root_h / 2), side), mirror((half - 2.0, tip_y, tip_z + tip_h / 2), side),
           mirror((half, tip_y, tip_z), side), mirror((half - 2.0, tip_y, tip_z - tip_h / 2), side),
           mirror((root_x, root_y, zp - root_h / 2), side)]
    design.add(slab(pts, t, r=1.6), k=2.5)
    design.mark(f"transverse_tip_{side}", mirror((half, tip_y, tip_z), side))


def _mammillary(design: Design, s: LocalJoint, side: str) -> None:
    """A rounded tubercle on the posterior border of the superior articular process."""
    n = np.asarray(s.normal)
    back = np.array([0.0, -1.0, 0.0]) - n * (-n[1])
    back /= np.linalg.norm(back)
    mam = s.centre - 4.5 * n + back * (s.half_width + 1.5) + np.array([0.0, -1.0, -3.0])
    design.add(sdf.Ellipsoid(mam, (2.6, 3.0, 3.6)), k=1.8)
    design.mark(f"mammillary_{side}", mam)


def _spinous(design: Design, d: LevelDimensions, base: np.ndarray) -> None:
    """The hatchet: a tall quadrangular blade whose posterior border is thickened and bulbous below."""
    hc = d.body_height
    direction = spinous_tip_direction(d)
    tip = base + d.spl * direction
    up = np.array([0.0, direction[2], -direction[1]])  # perpendicular to the blade's length, upward
    h_base, h_tip = 0.46 * hc, 0.52 * hc  # leaves the spines clear of each other at full extension
    end = tip - 2.8 * direction
    pts = [base + direction * 1.0 + up * (0.45 * h_base), end + up * (0.45 * h_tip),
           end - up * (0.55 * h_tip), base + direction * 1.0 - up * (0.55 * h_base)]
    design.add(slab(pts, (5.0, 6.0), r=2.2, normal=(1.0, 0.0, 0.0)), k=2.5)
    design.add(sdf.Capsule(end + up * (0.38 * h_tip), end - up * (0.42 * h_tip), 2.4, 3.0), k=2.0)
    design.mark("spinous_tip", tip)
