"""The sacrum: S1 body and endplate, alae, the tapering curved triangle, dorsal crest, foramina, facets.

Its frame has the origin at the centre of the S1 endplate, z along the endplate's normal. Below the S1 body
the five fused segments follow a curve that is concave forward (the pelvic surface), narrowing from the
alae at the base to the apex; the dorsal surface carries the median crest over the canal, which opens
below as the sacral hiatus. Four pairs of foramina pass between the fused bodies and the lateral parts.
"""

from __future__ import annotations

import numpy as np

from spineviz.anatomy import sdf
from spineviz.anatomy.shapes.common import (
    Design,
    LocalJoint,
    facet_plate,
    kidney,
    mirror,
    slab,
    superellipse,
)
from spineviz.anatomy.tables import LevelDimensions

SIDES = ("right", "left")
# The sacral curve [M, textbook shape]: per segment S2..S5 (and the apex), height below the S1 endplate,
# the anterior (pelvic) and dorsal surfaces at the midline, and the half-width to the lateral border (as
# a fraction of the table's half span). Concave forward: the middle lies behind the base-apex chord.
CURVE_Z = (-33.0, -49.0, -63.0, -76.0, -88.0)
CURVE_FRONT = (12.0, 5.0, 0.0, -3.0, -4.0)
CURVE_BACK = (-34.0, -27.0, -22.0, -18.0, -13.0)
CURVE_HALF = (0.86, 0.62, 0.42, 0.26, 0.12)
BODY_HALF = (17.0, 13.5, 10.5, 7.5)


def sacrum(d: LevelDimensions, above: list[LocalJoint]) -> Design:
    design = Design("S1", spacing=0.8)
    depth, w = d.epd, d.epw
    hb = d.vbhp
    half = d.tps / 2
    design.shift = np.array([0.0, 0.0, hb / 2])
    back = -depth / 2
    design.add(
        sdf.Profile((0.0, 0.0, 0.0), kidney(w / 2, depth / 2, notch=0.08), (0.0, 0.0), (-hb, -hb), depth,
                    max(w, depth) * 0.62, edge=1.8, waist=0.04),
        k=0.0,
    )
    design.carve(sdf.Ellipsoid((0.0, 0.0, 0.1), (0.36 * w, 0.34 * depth, 1.3)), k=0.6)
    design.mark("upper_endplate", (0.0, 0.0, 0.0))
    # the fused bodies S2-S5: flattened, shrinking, each a little behind the one above (transverse ridges
    # show where they meet)
    for z, yf, bw in zip(CURVE_Z, CURVE_FRONT, BODY_HALF, strict=False):
        body_d = 0.45 * (yf - _back_at(z)) + 2.0
        design.add(sdf.Ellipsoid((0.0, yf - body_d / 2, z), (bw, body_d / 2, 8.5)), k=3.0)
    apex = np.array([0.0, CURVE_FRONT[-1] - 4.0, CURVE_Z[-1] - 2.0])
    design.mark("apex", apex)
    for side in SIDES:
        _lateral_part(design, side, half, back)
        design.mark(f"transverse_tip_{side}", mirror((half, -8.0, -16.0), side))
    # the tapering lower sacrum, in two plates so that it follows the curve
    for zs, t in (((-36.0, -49.0, -63.0), (22.0, 15.0)), ((-60.0, -76.0, -88.0), (15.0, 9.0))):
        pts = [(f * half, _mid_at(z), z) for z in zs for f in (_half_at(z), -_half_at(z))]
        design.add(slab([(0.0, _mid_at(zs[0]), zs[0]), (0.0, _mid_at(zs[-1]), zs[-1]), *pts], t, r=4.5), k=4.0)
    _dorsum(design, d, back)
    for side, j in {j.side: j for j in above}.items():
        roots = [mirror((d.cw / 2 + 4.0, back - 3.0, -6.0), side),
                 mirror((d.cw / 2 + 5.0, back - 0.9 * d.cd, -9.0), side)]
        facet_plate(design, j, roots, thickness=6.0, k=2.5)
    _foramina(design)
    _canal(design, d, back)
    design.mark("promontory", (0.0, depth / 2, 0.0))
    return design


def _half_at(z: float) -> float:
    return float(np.interp(-z, [20.0, *(-v for v in CURVE_Z)], [0.95, *CURVE_HALF]))


def _mid_at(z: float) -> float:
    return 0.5 * (_front_at(z) + _back_at(z)) + 1.0


def _front_at(z: float) -> float:
    return float(np.interp(-z, [0.0, *(-v for v in CURVE_Z)], [18.0, *CURVE_FRONT]))


def _back_at(z: float) -> float:
    return float(np.interp(-z, [0.0, *(-v for v in CURVE_Z)], [-40.0, *CURVE_BACK]))


def _lateral_part(design: Design, side: str, half: float, back: float) -> None:
    """Ala and lateral mass: a broad wing sloping down laterally from the body, thinning outward."""
    pts = []
    for x, z in ((8.0, -4.0), (half - 1.0, -15.0), (half, -20.0), (half - 2.0, -34.0), (0.8 * half, -44.0),
                 (8.0, -44.0)):
        pts.append(mirror((x, _mid_at(z) - 3.0 - 0.08 * (x - 8.0), z), side))
    design.add(slab(pts, (38.0, 24.0), r=9.0), k=5.0)


def _dorsum(design: Design, d: LevelDimensions, back: float) -> None:
    """The roof over the canal with the median sacral crest (fused spinous tubercles) along it."""
    zs = (-9.0, -30.0, -50.0, -66.0, -78.0)
    halves = (17.0, 16.0, 13.0, 9.0, 6.0)
    pts = [(x, _back_at(z) + 4.5, z) for z, hw in zip(zs, halves, strict=True) for x in (hw, -hw)]
    design.add(slab(pts[:6], 9.0, r=3.0), k=3.0)
    design.add(slab(pts[4:], 7.0, r=2.5), k=3.0)
    for z in (-16.0, -32.0, -48.0, -62.0):
        design.add(sdf.Ellipsoid((0.0, _back_at(z) - 1.0, z), (2.6, 3.4, 5.0)), k=2.5)
    hiatus = np.array([0.0, _back_at(-78.0) + 1.0, -80.0])
    design.carve_late(sdf.Ellipsoid(hiatus, (5.0, 5.0, 8.0)), k=1.0)


def _foramina(design: Design) -> None:
    """Four pairs of sacral foramina between the fused bodies and the lateral parts, front to back."""
    for i, (z, bw) in enumerate(zip(CURVE_Z[:4], BODY_HALF, strict=True)):
        zf = z + 7.0
        r = 4.0 - 0.45 * i
        for side in SIDES:
            fx = mirror((bw + r + 1.0, 0.0, zf), side)
            design.carve_late(sdf.Capsule(fx + (0, _front_at(zf) + 8.0, 0), fx + (0, _back_at(zf) - 8.0, 0), r, r),
                              k=0.8)


def _canal(design: Design, d: LevelDimensions, back: float) -> None:
    """The sacral canal: the S1 canal's shape above, then a tapering tube following the curve."""
    cy = back - d.cd / 2 - 1.0
    design.carve_late(
        sdf.Profile((0.0, cy, -10.0), superellipse(d.cw / 2 - 2, d.cd / 2 - 2, 2.2), (20.0, 20.0), (-20.0, -20.0),
                    d.cd, d.cw, edge=1.0),
        k=1.0,
    )
    path = [(0.0, cy + 2.0, -25.0), (0.0, -20.0, -42.0), (0.0, -17.0, -58.0), (0.0, -13.5, -72.0), (0.0, -11.0, -84.0)]
    radii = (6.0, 5.0, 4.0, 3.2, 3.0)
    for (a, ra), (b, rb) in zip(zip(path, radii, strict=True), zip(path[1:], radii[1:], strict=True), strict=False):
        design.carve_late(sdf.Capsule(a, b, ra, rb), k=0.8)
    design.mark("canal_centre", (0.0, back - d.cd / 2, -10.0))
