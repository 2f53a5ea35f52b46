"""Cervical vertebrae C3-C7: small wide bodies with uncinate lips, articular pillars, bifid spines.

The transverse processes are grooved, with a foramen between anterior and posterior tubercles; the laminae
are thin and slope down and back to a bifid spine (C3-C6) or the long single spine of C7.

The articular pillar (lateral mass) is one column of bone whose upper and lower surfaces are the facets,
sloping at about 45 degrees, so that the pillars stack into the smooth articular column seen from the side.
"""

from __future__ import annotations

import numpy as np

from spineviz.anatomy import sdf
from spineviz.anatomy.pedicle import pedicle_axis
from spineviz.anatomy.shapes.common import (
    Design,
    LocalJoint,
    body,
    canal,
    canal_true_strut,
    facet_axes,
    facet_pad,
    mirror,
    slab,
    spinous_tip_direction,
    strut,
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
    if d.level.name == "C3":  # its anterosuperior rim is bevelled where the lip of C2 hangs over it
        design.carve(sdf.Ellipsoid((0.0, depth / 2 + 3.5, hc / 2 + 0.6), (w / 2.4, 7.0, 2.4)), k=1.2)
    sup, inf = {j.side: j for j in above}, {j.side: j for j in below}
    base = np.array([0.0, back - d.cd, -0.15 * hc])
    design.mark("spinous_base", base)
    canal_y = back - d.cd / 2
    for side in SIDES:
        centre = _pillar(design, sup[side], inf[side])
        mid, axis = pedicle_axis(d, {"canal_centre": (0.0, canal_y, 0.0)}, side)
        zp = 0.12 * hc  # clear of the plane of the inferior facet below and behind it
        start, end = canal_true_strut(d, side, zp, 2.5, -2.5)
        design.add_late(strut(start, end, d.pw, d.ph), k=0.6)
        design.mark(f"pedicle_{side}", (mid[0], mid[1], zp))
        # the lamina: a plate of real thickness from the back of the pillar to the spine's root
        sx = 1.0 if side == "right" else -1.0
        lam = [centre + (-sx * 3.5, -2.5, 3.5), base + (0.0, -0.5, 0.3 * hc + 1.5),
               base + (0.0, -3.5, -0.4 * hc), centre + (-sx * 3.5, -3.5, -3.5)]
        design.add(slab(lam, (5.0, 4.2), r=1.6), k=1.6)
        _transverse(design, d, side, centre, mid, axis)
    _spinous(design, d, base)
    canal(design, d, "triangle")
    return design


def _pillar(design: Design, s: LocalJoint, i: LocalJoint) -> np.ndarray:
    """The lateral mass: a column between the superior and inferior facet planes; returns its centre.

    It is waisted: drawn in at mid-height on its outer and back faces, between the flared facet ends.
    """
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
    design.add(slab(corners, 2 * half, r=2.6, normal=normal), k=1.5)
    centre = np.mean(corners, axis=0)
    sx = 1.0 if centre[0] > 0 else -1.0
    zc = 0.5 * (s.centre[2] + i.centre[2])
    waist = np.array([centre[0], centre[1], zc])
    design.carve(sdf.Ellipsoid(waist + (sx * (half + 2.6), 0.0, 0.0), (3.6, 7.0, 2.6)), k=1.2)
    design.carve(sdf.Ellipsoid(waist + (0.0, -7.4, 0.0), (5.0, 3.4, 2.4)), k=1.2)
    return centre


def _transverse(design: Design, d: LevelDimensions, side: str, pillar: np.ndarray, ped_mid: np.ndarray,
                ped_axis: np.ndarray) -> None:
    """A gutter of bone around the transverse foramen, ending in anterior and posterior tubercles.

    The anterior root springs from the side of the body, the posterior root from the pedicle and the
    front of the pillar; the bar joining them lateral to the foramen is hollowed on its upper surface
    into the gutter that carries the spinal nerve. The foramen (vertebral artery) passes at every level
    from C3 to C7 (small at C7, whose artery usually enters at C6). At C6 the anterior tubercle is the
    large carotid tubercle; at C7 the anterior one is small and the posterior one long.
    """
    w, depth, hc = d.epw, d.epd, d.body_height
    back = -depth / 2
    z = 0.07 * hc  # high enough that its tubercles clear the next pillar's top below
    half = d.tps / 2
    name = d.level.name
    c7 = name == "C7"
    fr = 1.7 if c7 else 2.6  # foramen radius
    # the foramen lies in front of and lateral to the pedicle, clear of it
    across = np.cross((0.0, 0.0, 1.0), ped_axis)
    if across[1] < 0:
        across = -across
    foramen = ped_mid + across * (d.pw / 2 + fr + 1.0)
    foramen[2] = z
    fx = abs(foramen[0])
    ant_tub = mirror((half - (6.0 if c7 else 2.6), foramen[1] + 2.4, z - 1.2), side)
    post_tub = mirror((half - 1.8, foramen[1] - 2.8, z - 0.4), side)
    # anterior root, from the side of the body in front of the foramen
    design.add(sdf.Capsule(mirror((w / 2 - 1.5, back + 4.0, z), side), ant_tub, 1.9, 1.7 if c7 else 2.0), k=1.3)
    # posterior root, from the pedicle and pillar behind the foramen
    design.add(sdf.Capsule(mirror((fx - 0.5, foramen[1] - fr - 1.6, z + 0.4), side), post_tub, 2.5, 2.4), k=1.3)
    # the lateral bar closing the foramen, widening into the floor of the gutter
    lat = mirror((fx + fr + 1.9, foramen[1], z - 0.3), side)
    design.add(sdf.Capsule(lat + (0.0, 3.0, 0.0), lat - (0.0, fr + 2.0, 0.0), 1.9, 2.1), k=1.2)
    floor = [foramen + mirror((fr + 0.6, fr + 2.0, -1.8), side), ant_tub + (0.0, 0.0, -0.6),
             post_tub + (0.0, 0.0, -0.8), foramen + mirror((fr + 0.6, -fr - 2.5, -1.6), side)]
    design.add(slab(floor, 2.6, r=1.0, normal=(0.0, 0.0, 1.0)), k=1.2)
    # tubercles: blunt knobs, taller than wide, drawn into the bar (not balls on sticks)
    at_size = (2.5, 2.6, 4.0) if name == "C6" else ((1.5, 1.6, 2.2) if c7 else (1.8, 2.0, 3.2))
    design.add(sdf.Ellipsoid(ant_tub + (0.0, 0.0, -0.6), at_size), k=2.0)
    design.add(sdf.Ellipsoid(post_tub, (2.1, 2.3, 3.4) if not c7 else (2.8, 2.6, 3.8)), k=2.0)
    design.mark(f"anterior_tubercle_{side}", ant_tub)
    design.mark(f"posterior_tubercle_{side}", post_tub)
    if name == "C6":
        design.mark(f"carotid_tubercle_{side}", ant_tub)
    # the gutter: a trough along the upper surface, from beside the pillar out between the tubercles
    g0 = foramen + mirror((fr + 1.2, -0.6, 2.9), side)
    g1 = mirror((half - 2.0, back + 0.6, z + 2.6), side)
    design.carve(sdf.Capsule(g0, g1, 1.7, 1.9), k=0.8)
    design.mark(f"transverse_tip_{side}", mirror((half, post_tub[1], z - 0.4), side))
    design.carve_late(sdf.Capsule(foramen + (0, 0, -9.0), foramen + (0, 0, 9.0), fr, fr), k=0.5)
    design.mark(f"transverse_foramen_{side}", foramen)


def _spinous(design: Design, d: LevelDimensions, base: np.ndarray) -> None:
    """C3-C6: a tapering stem that forks into two tubercles; C7: long, single, ending in one tubercle."""
    direction = spinous_tip_direction(d)
    tip = base + d.spl * direction
    up = np.array([0.0, direction[2], -direction[1]])
    if d.level.name == "C7":
        end = tip - 3.2 * direction
        stem = [base + up * 5.5, end + up * 2.8, end - up * 3.0, base - up * 6.0]
        design.add(slab(stem, (5.5, 4.0), r=1.6, normal=(1.0, 0.0, 0.0)), k=2.0)
        design.add(sdf.Ellipsoid(end, (3.2, 3.8, 3.2), np.column_stack([(1.0, 0.0, 0.0), up, -direction])),
                   k=2.6)
    else:
        fork = base + 0.45 * d.spl * direction
        stem = [base + up * 4.6, fork + up * 3.0, fork - up * 3.4, base - up * 5.2]
        design.add(slab(stem, (4.6, 3.4), r=1.3, normal=(1.0, 0.0, 0.0)), k=1.8)
        for sx in (1, -1):
            end = tip - 2.4 * direction + (sx * 3.4, 0.0, -0.8)
            design.add(slab([fork + up * 2.6, end + up * 2.0 + (-sx * 0.8, 0, 0), end - up * 2.8,
                             fork - up * 3.0], (3.0, 2.8), r=1.1,
                            normal=np.cross(end - fork, up)), k=1.4)
            # each tubercle: a lump drawn downward and outward, as on a dry bone
            design.add(sdf.Ellipsoid(end - up * 0.6, (2.1, 3.0, 2.3),
                                     np.column_stack([(1.0, 0.0, 0.0), up, -direction])), k=1.6)
        design.mark("bifid_tips", tip)
    design.mark("spinous_tip", tip)
