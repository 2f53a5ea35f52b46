"""The sacrum: S1 body and endplate, alae, the tapering curved triangle, dorsal crest, foramina, facets.

Its frame has the origin at the centre of the S1 endplate, z along the endplate's normal. Below the S1 body
the five fused segments follow a curve that is concave forward (the pelvic surface), narrowing from the
alae at the base to the apex; the dorsal surface carries the median crest over the canal, which opens
below as the sacral hiatus. Four pairs of foramina pass between the fused bodies and the lateral parts.
"""

from __future__ import annotations

from itertools import pairwise

import numpy as np

from spineviz.anatomy import sdf
from spineviz.anatomy.shapes.common import (
    Design,
    LocalJoint,
    facet_plate,
    kidney,
    mirror,
    slab,
    strut,
    superellipse,
)
from spineviz.anatomy.tables import LevelDimensions

SIDES = ("right", "left")
# The sacral curve [M, textbook shape]: per segment S2..S5 (and the apex), height below the S1 endplate,
# the anterior (pelvic) and dorsal surfaces at the midline, and the half-width to the lateral border (as
# a fraction of the table's half span). Concave forward: the middle lies behind the base-apex chord.
CURVE_Z = (-33.0, -49.0, -63.0, -76.0, -88.0)
CURVE_FRONT = (4.0, -9.5, -16.5, -19.0, -18.0)
CURVE_BACK = (-42.0, -41.0, -38.0, -34.0, -27.0)
CURVE_HALF = (0.86, 0.62, 0.42, 0.26, 0.12)
BODY_HALF = (17.0, 13.5, 10.5, 7.5)


def sacrum(d: LevelDimensions, above: list[LocalJoint]) -> Design:
    design = Design("S1", spacing=0.8)
    depth, w = d.epd, d.epw
    hb = d.vbhp
    half = d.tps / 2
    design.shift = np.array([0.0, 0.0, hb / 2])
    back = -depth / 2
    # the S1 body: its upper half a free kidney-shaped endplate, its lower half melting into the alae and
    # the fused bodies below (no free lower endplate)
    design.add(
        sdf.Profile((0.0, 0.0, 0.0), kidney(w / 2, depth / 2, notch=0.08), (0.0, 0.0), (-0.7 * hb, -0.7 * hb),
                    depth, max(w, depth) * 0.62, edge=1.8, waist=0.04),
        k=0.0,
    )
    # the base of the S1 body flares into the alae: a broad, low mass under the body's lower half fills
    # the angle between the body's side wall and the wings, so the body is not a drum set on a plate
    design.add(sdf.Ellipsoid((0.0, -4.0, -13.0), (0.5 * w + 9.0, 0.4 * depth, 8.5)), k=7.0)
    design.carve(sdf.Ellipsoid((0.0, 0.0, 0.1), (0.36 * w, 0.34 * depth, 1.3)), k=0.6)
    design.mark("upper_endplate", (0.0, 0.0, 0.0))
    # the promontory: the anterior lip of the S1 endplate jutting forward over the pelvis
    design.add(sdf.Ellipsoid((0.0, depth / 2 - 0.8, -3.8), (0.28 * w, 3.0, 3.0)), k=2.5)
    design.mark("promontory", (0.0, depth / 2 + 2.2, -3.8))
    # under the lip the body's front runs back smoothly to S2: no ledge (a drum's lower edge) below it
    design.add(sdf.Ellipsoid((0.0, depth / 2 - 9.0, -0.7 * hb - 2.0), (0.36 * w, 9.0, 9.0)), k=6.0)
    # the fused bodies and lateral parts, segment by segment along the curve: rounded, tapering masses
    # whose front is the concave pelvic surface and whose back carries the crests
    # (the first one stays 6 mm under the S1 endplate so that its blend does not lift the endplate's rim)
    for z, hw, bw in zip((-18.0, *CURVE_Z), (0.9, *CURVE_HALF), (w / 2 - 2.0, *BODY_HALF, 5.0), strict=False):
        yf, yb = _front_at(z), _back_at(z)
        thick = 0.5 * (yf - yb)
        rz = 12.0 if z > -20 else 13.0
        design.add(sdf.Ellipsoid((0.0, 0.5 * (yf + yb), z), (max(hw * half * 0.7, bw + 4.0), thick, rz)), k=8.0)
        # the fused body: its front is the pelvic surface, with a low transverse ridge at each fusion line
        design.add(sdf.Ellipsoid((0.0, yf - 0.4 * thick, z), (bw, 0.4 * thick + 1.5, 9.0)), k=4.0)
    apex = np.array([0.0, CURVE_FRONT[-1] - 4.0, CURVE_Z[-1] - 2.0])
    design.mark("apex", apex)
    for side in SIDES:
        _ala(design, side, half, w)
        design.mark(f"transverse_tip_{side}", mirror((half, -8.0, -16.0), side))
    _s1_arch(design, d, back)
    _crests(design)
    for side, j in {j.side: j for j in above}.items():
        # a stout process: the plate runs down into the arch and out onto the back of the ala
        roots = [mirror((d.cw / 2 + 4.0, back - 3.0, -6.0), side),
                 mirror((d.cw / 2 + 5.0, back - 0.9 * d.cd, -9.0), side),
                 mirror((d.cw / 2 + 11.0, back - 2.0, -11.0), side)]
        facet_plate(design, j, roots, thickness=6.0, k=2.5)
        # its body: a column behind the facet's lower half, standing on the arch and the ala
        n = np.asarray(j.normal, float)
        behind = j.centre - 6.0 * n + np.array([0.0, 0.0, -0.35 * j.half_height])
        design.add(sdf.Capsule(behind, mirror((d.cw / 2 + 7.0, back - 5.0, -11.0), side), 5.0, 6.5), k=3.0)
    for side in SIDES:
        _auricular(design, side, half)
    _foramina(design)
    _canal(design, d, back)
    return design


def _half_at(z: float) -> float:
    return float(np.interp(-z, [20.0, *(-v for v in CURVE_Z)], [0.95, *CURVE_HALF]))


def _mid_at(z: float) -> float:
    return 0.5 * (_front_at(z) + _back_at(z)) + 1.0


def _front_at(z: float) -> float:
    return float(np.interp(-z, [0.0, *(-v for v in CURVE_Z)], [18.0, *CURVE_FRONT]))


def _back_at(z: float) -> float:
    return float(np.interp(-z, [0.0, *(-v for v in CURVE_Z)], [-40.0, *CURVE_BACK]))


# Ala and lateral mass [M, textbook shape]: the wing's centre, semi-axes and the lateral (auricular) mass;
# the wing is tilted ALA_SLOPE_DEG so that its upper face runs down and out from the body.
ALA = ((0.52, -5.0, -17.0), (0.38, 12.0, 8.0))
ALA_SLOPE_DEG = 24.0
LATERAL_MASS = ((0.74, -9.0, -27.0), (0.24, 14.0, 17.0))


def _ala(design: Design, side: str, half: float, w: float) -> None:
    """The ala and the lateral mass: smooth curved masses, no flat faces and no corners.

    The ala is a broad wing fanning out from the body, its upper face sloping down and out; below it the
    thick lateral mass carries the auricular surface.
    """
    (fx, y, z), (rx, ry, rz) = ALA
    root = mirror((w / 2 - 6.0, -3.0, -15.0), side)
    design.add(sdf.Ellipsoid(root, (11.0, 13.0, 8.5)), k=5.0)
    design.add(sdf.Ellipsoid(mirror((fx * half, y, z), side), (rx * half, ry, rz),
                             _rot_y(ALA_SLOPE_DEG if side == "right" else -ALA_SLOPE_DEG)), k=7.0)
    (fx, y, z), (rx, ry, rz) = LATERAL_MASS
    design.add(sdf.Ellipsoid(mirror((fx * half, y, z), side), (rx * half, ry, rz),
                             _rot_y(-12.0 if side == "right" else 12.0)), k=6.0)
    # the lateral part tapers down the side of S3 to the inferolateral angle
    design.add(sdf.Capsule(mirror((0.62 * half, -12.0, -40.0), side), mirror((0.3 * half, _mid_at(-66.0), -66.0),
                                                                               side), 9.0, 5.0), k=6.0)


def _rot_y(deg: float) -> np.ndarray:
    c, s = np.cos(np.radians(deg)), np.sin(np.radians(deg))
    return np.array([[c, 0.0, s], [0.0, 1.0, 0.0], [-s, 0.0, c]])


# The auricular surface [M, atlas shape]: an ear-shaped (L-shaped) flat face on the side of the lateral
# mass, S1-S3, for the ilium: a shorter cranial limb running back and a longer caudal limb running down
# and back. Each limb is (y, z) corners of a convex outline in the sagittal plane, in mm.
AURICULAR_LIMBS = (((1.0, -12.0), (1.0, -22.0), (-15.0, -27.0), (-15.0, -17.0)),
                   ((-1.0, -16.0), (-9.0, -16.0), (-17.0, -41.0), (-9.0, -42.0)))
AURICULAR_NORMAL = (1.0, -0.15, 0.1)  # faces laterally, a little back and up (right side)


def _auricular(design: Design, side: str, half: float) -> None:
    """The ear-shaped auricular surface on the side of the lateral mass (S1-S3) for the ilium.

    Two flat plates whose outer faces lie in one plane make the two limbs of the ear; blended into the
    lateral mass, the face stands a little proud of it with a rounded rim, as on a dry sacrum.
    """
    n = mirror(AURICULAR_NORMAL, side)
    n = n / np.linalg.norm(n)
    face_x = 0.96 * half
    for limb in AURICULAR_LIMBS:
        pts = [mirror((face_x - 3.0, y, z), side) for y, z in limb]
        design.add(slab(pts, 6.0, r=2.6, normal=n), k=4.0)
    design.mark(f"auricular_surface_{side}", mirror((face_x, -5.0, -24.0), side))


def _s1_arch(design: Design, d: LevelDimensions, back: float) -> None:
    """S1's pedicles and the roof of the canal behind them, carrying the superior articular processes."""
    x = d.cw / 2 + 3.0
    for side in SIDES:
        design.add(strut(mirror((x, back + 4.0, -11.0), side), mirror((x, back - d.cd + 1.0, -11.0), side), 11.0,
                         12.0, r=2.0), k=4.0)
    # the roof stays below the L5/S1 interlaminar space, where L5's inferior articular processes hang
    # (its top is 13 mm under the endplate: higher, it met the lower edge of the template L5's lamina)
    roof = [(x - 2.0, back - d.cd - 1.0, -13.0), (-x + 2.0, back - d.cd - 1.0, -13.0),
            (-x - 3.0, back - d.cd - 2.5, -18.0), (-x + 2.0, _back_at(-26.0) + 6.0, -26.0),
            (x - 2.0, _back_at(-26.0) + 6.0, -26.0), (x + 3.0, back - d.cd - 2.5, -18.0)]
    design.add(slab(roof, 6.0, r=2.8), k=6.0)


def _crests(design: Design) -> None:
    """The median sacral crest and the lateral crests.

    The median crest is the row of fused spinous tubercles (S1-S4) on a ridge; the lateral crests are the
    fused transverse tubercles, lateral to the dorsal foramina.
    """
    # the S1 tubercle sits low enough to clear L5's spine as it swings down in full extension: at -20 mm
    # (ridge from -16) the template L5's spine met it at extension=27, 35 mm from the L5/S1 facets
    zs = (-25.0, -36.0, -48.0, -60.0)
    # the median crest: a low sagittal blade along the midline whose edge rises into a flattened
    # tubercle at each fused spine, not a row of beads
    edge = [(_back_at(z) - (4.2 - 0.5 * i), z) for i, z in enumerate(zs)]
    blade = [(_back_at(-22.0) + 1.0, -22.0), *edge, (_back_at(-68.0) - 1.0, -68.0), (_back_at(-68.0) + 2.0, -68.0),
             *[(_back_at(z) + 2.0, z) for z in zs], (_back_at(-22.0) + 2.0, -22.0)]
    design.add(slab([(0.0, y, z) for y, z in blade], 3.4, r=1.2, normal=(1.0, 0.0, 0.0)), k=2.5)
    for i, z in enumerate(zs):
        design.add(sdf.Ellipsoid((0.0, _back_at(z) - 2.6 + 0.4 * i, z), (2.4 - 0.2 * i, 2.2, 5.5 - 0.5 * i)), k=3.5)
    design.mark("median_crest", (0.0, _back_at(-30.0) - 5.0, -30.0))
    for side in SIDES:
        # the lateral crest: the fused transverse tubercles as one low, knobbly ridge lateral to the
        # dorsal foramina, from the back of the ala down toward the inferolateral angle
        crest = []
        for i, (z, bw) in enumerate(zip(CURVE_Z[:4], BODY_HALF, strict=True)):
            zf = z + 7.0
            x = bw + 2.0 * FORAMEN_DORSAL[i] + 6.0
            ht = 0.5 * (_front_at(zf) - _back_at(zf))
            crest.append(mirror((x, _back_at(zf) + ht * (0.62 if i < 2 else 0.45), zf - 3.0), side))
        for i, (a, b) in enumerate(pairwise(crest)):
            design.add(sdf.Capsule(a, b, 2.6 - 0.3 * i, 2.3 - 0.3 * i), k=3.0)
        design.mark(f"lateral_crest_{side}", mirror((BODY_HALF[1] + 2.0 * FORAMEN_DORSAL[1] + 6.0,
                                                     _back_at(-42.0) + 1.0, -45.0), side))


# The four pairs of sacral foramina (mm). Pelvic (anterior) radii [M, textbook proportions]: larger than
# the dorsal ones (they carry the ventral rami) and shrinking from S1 to S4. Dorsal foramina (height,
# width): S1 10.36 x 7.66 and S2 7.05 x 7.30 mm, Saluja et al. 2018 (J Clin Diagn Res 12:AC01, 108 dry
# adult sacra) [R]; S3 and S4 continue the taper [M]. FORAMEN_DORSAL is their mean radius.
FORAMEN_PELVIC = (5.2, 4.4, 3.6, 2.8)
FORAMEN_DORSAL_SIZE = ((10.36, 7.66), (7.05, 7.30), (6.0, 4.8), (5.0, 4.0))
FORAMEN_DORSAL = tuple(round((h + w) / 4, 2) for h, w in FORAMEN_DORSAL_SIZE)


def _foramina(design: Design) -> None:
    """Four pairs of pelvic and of dorsal foramina, each square to the local curve of the sacrum.

    Both open from the canal's lateral recess at the line between the fused bodies (the remains of the
    intervertebral foramina); the pelvic ones pass forward through the front, the dorsal ones back.
    """
    for i, (z, bw) in enumerate(zip(CURVE_Z[:4], BODY_HALF, strict=True)):
        zf = z + 7.0
        slope = (_mid_at(zf + 2.0) - _mid_at(zf - 2.0)) / 4.0  # dy/dz of the curve
        fwd = np.array([0.0, 1.0, -slope])
        fwd /= np.linalg.norm(fwd)
        for side in SIDES:
            rp, rd = FORAMEN_PELVIC[i], FORAMEN_DORSAL[i]
            inner = mirror((bw + rp + 0.5, _mid_at(zf) - 2.0, zf), side)
            design.carve_late(sdf.Capsule(inner, inner + fwd * 30.0, rp * 0.8, rp), k=0.8)
            # an oval opening: a stadium of the measured height and width, its rim softened
            h, wd = FORAMEN_DORSAL_SIZE[i]
            # (opening straight back, so that seen from behind it shows its measured height and width)
            dors = mirror((bw + rd + 2.5, _mid_at(zf) - 2.0, zf), side)
            back = np.array([0.0, -1.0, 0.0])
            half_len = max(0.0, (h - wd) / 2)
            for dz in (-half_len, half_len) if half_len > 0.2 else (0.0,):
                a = dors + np.array([0.0, 0.0, dz])
                design.carve_late(sdf.Capsule(a, a + back * 30.0, wd / 2 * 0.9, wd / 2), k=1.0)
            if side == "right":
                design.mark(f"pelvic_foramen_{i + 1}", inner + fwd * (_front_at(zf) - inner[1]))
                design.mark(f"dorsal_foramen_{i + 1}", dors + back * (dors[1] - _back_at(zf)))


def _canal(design: Design, d: LevelDimensions, back: float) -> None:
    """The sacral canal: the S1 canal's shape above, then a tapering tube following the curve."""
    cy = back - d.cd / 2 - 1.0
    design.carve_late(
        sdf.Profile((0.0, cy, -10.0), superellipse(d.cw / 2 - 2, d.cd / 2 - 2, 2.2), (20.0, 20.0), (-20.0, -20.0),
                    d.cd, d.cw, edge=1.0),
        k=1.0,
    )
    path = [(0.0, cy + 2.0, -22.0)] + [(0.0, _back_at(z) + 0.36 * (_front_at(z) - _back_at(z)), z)
                                       for z in (-40.0, -56.0, -70.0, -82.0)]
    radii = (6.0, 5.0, 4.0, 3.2, 3.0)
    for (a, ra), (b, rb) in zip(zip(path, radii, strict=True), zip(path[1:], radii[1:], strict=True), strict=False):
        design.carve_late(sdf.Capsule(a, b, ra, rb), k=0.8)
    hiatus = np.array([0.0, _back_at(-78.0) + 1.0, -80.0])
    design.carve_late(sdf.Ellipsoid(hiatus, (5.0, 5.0, 8.0)), k=1.0)
    design.mark("sacral_hiatus", hiatus)
    design.mark("canal_centre", (0.0, back - d.cd / 2, -10.0))
