"""The three vertebrae that are not variations on the typical one: atlas (C1), axis (C2) and sacrum."""

from __future__ import annotations

import math
from dataclasses import replace
from itertools import pairwise

import numpy as np

from spineviz.anatomy import sdf
from spineviz.anatomy.pedicle import pedicle_axis
from spineviz.anatomy.shapes.common import (
    Design,
    LocalJoint,
    articular_process,
    body,
    box_between,
    canal,
    canal_true_strut,
    facet_plate,
    mirror,
    slab,
    spinous_tip_direction,
    strut,
    superellipse,
)
from spineviz.anatomy.shapes.sacrum import sacrum
from spineviz.anatomy.tables import LevelDimensions

__all__ = ["DENS_Y", "atlas", "axis", "sacrum"]

SIDES = ("right", "left")

# Atlas figures from Patel & Gupta (100 dry atlases) [R]: distance between the transverse foramina,
# outer 55.48 mm and inner 44.77 mm (so each foramen is centred 25.06 mm from the midline, 2.68 mm in
# radius); arch heights anterior 10.21 mm, posterior 8.68 mm; facet for the dens 8.96 x 9.18 mm.
ATLAS_FORAMEN_X = (55.48 + 44.77) / 4
ATLAS_FORAMEN_R = (55.48 - 44.77) / 4
ATLAS_ANTERIOR_ARCH_H = 10.21
ATLAS_POSTERIOR_ARCH_H = 8.68
ATLAS_DENS_FACET = (8.96, 9.18)
# Dens of the axis: 17.8 mm tall above the body (Teo et al., CT) [R]; about 10 mm wide [M].
DENS_HEIGHT = 17.8
DENS_RADIUS = 4.8
DENS_Y = 1.0


def _arc(centre_y: float, a: float, b: float, t0: float, t1: float, n: int) -> np.ndarray:
    t = np.linspace(math.radians(t0), math.radians(t1), n)
    return np.column_stack([a * np.cos(t), centre_y + b * np.sin(t), np.zeros(n)])


def _arch(design: Design, pts: np.ndarray, thick: float, height: float, k: float = 1.2) -> None:
    """A curved bar of oval section through ``pts``.

    Overlapping ellipsoids along the curve, so the arch is smooth and round in section, not a chain of
    boxes.
    """
    for p, q in pairwise(pts):
        t = q - p
        length = float(np.linalg.norm(t))
        t = t / length
        n = np.cross((0.0, 0.0, 1.0), t)
        n /= np.linalg.norm(n)
        rot = np.column_stack([t, n, np.cross(t, n)])
        design.add(sdf.Ellipsoid((p + q) / 2, (0.85 * length, thick / 2, height / 2), rot), k=k)


def _rot_z(deg: float) -> np.ndarray:
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]], dtype=float)


def atlas(d: LevelDimensions, below: list[LocalJoint], dens_y: float) -> Design:
    """C1: a ring of two slender arches and two stout lateral masses around the dens, long transverse processes.

    ``dens_y`` is where the dens axis of C2 lies in this frame, so the anterior arch wraps it.
    """
    design = Design("C1", spacing=0.4)
    inner_front = dens_y + DENS_RADIUS + 0.8
    inner_back = inner_front - d.cd
    canal_y = 0.5 * (inner_front + inner_back)
    # Anterior arch: a slender bar, swelling at the midline into the anterior tubercle (full cited height).
    front = _arc(canal_y, 14.0, inner_front + 2.4 - canal_y, 30, 150, 13)
    _arch(design, front, 4.6, 6.4, k=1.4)
    design.add(sdf.Ellipsoid((0.0, inner_front + 3.6, 0.3), (5.5, 3.2, ATLAS_ANTERIOR_ARCH_H / 2)), k=1.8)
    design.add(sdf.Ellipsoid((0.0, inner_front + 5.2, 0.3), (2.6, 1.6, 3.2)), k=1.2)
    design.mark("anterior_tubercle", (0.0, inner_front + 6.8, 0.3))
    # Posterior arch: a rounder bar rising a little behind, thinned just behind each lateral mass (the
    # groove for the vertebral artery) and ending in a small posterior tubercle.
    back = _arc(canal_y, 16.0, canal_y - inner_back + 2.5, 204, 336, 15)
    back[:, 2] = 0.6 + 1.2 * np.sin(np.linspace(0, math.pi, len(back)))
    _arch(design, back, 5.0, 5.8, k=1.4)
    tub = np.array([0.0, inner_back - 3.2, 1.8])
    design.add(sdf.Ellipsoid(tub, (5.0, 3.4, ATLAS_POSTERIOR_ARCH_H / 2)), k=1.8)
    design.mark("posterior_tubercle", tub + (0.0, -3.4, 0.0))
    design.carve(sdf.Ellipsoid((0.0, inner_front - 0.4, 0.0),
                               (ATLAS_DENS_FACET[1] / 2, 1.4, ATLAS_DENS_FACET[0] / 2)), k=0.5)
    design.mark("dens_facet", (0.0, inner_front, 0.0))
    for side, j in {j.side: j for j in below}.items():
        turn = _rot_z(18.0 if side == "right" else -18.0)  # the masses converge in front
        mass = mirror((17.4, canal_y + 1.2, 1.2), side)
        design.add(sdf.Ellipsoid(mass, (6.6, 10.8, 8.8), turn), k=2.0)
        design.add(sdf.Ellipsoid(mass + mirror((-0.6, 0, 3.6), side), (6.2, 10.6, 6.6), turn), k=2.0)
        design.add(sdf.Ellipsoid(mass + (0, 0, -3.5), (6.0, 9.0, 5.5), turn), k=2.0)
        articular_process(design, j, mass + (0, 0, -2.0), thickness=5.0)
        # Superior facet: a kidney-shaped cup facing up and in, its two lobes along the mass.
        sup = mirror((16.6, canal_y + 1.2, 8.2), side)
        n_sup = mirror((-0.45, 0.0, 0.89), side)
        # one shallow dish (about 2 mm deep) over the whole top of the mass, long front to back and
        # converging forward; a notch on its medial border gives the kidney outline
        design.carve(sdf.Ellipsoid(sup + 14.0 * n_sup, (8.5, 16.0, 15.0), turn), k=1.0)
        design.carve(sdf.Ellipsoid(sup + mirror((-6.4, 0.0, 1.2), side), (2.6, 3.2, 3.4), turn), k=1.2)
        design.mark(f"superior_facet_{side}", sup)
        design.landmarks[f"superior_facet_{side}_normal"] = [float(v) for v in n_sup]
        # Transverse process: a flattened bar around the foramen, long, ending in a knob.
        tip = mirror((d.tps / 2, canal_y - 1.0, 0.0), side)
        design.add(sdf.Ellipsoid(mirror((ATLAS_FORAMEN_X + 0.5, canal_y, 0.5), side), (6.0, 5.6, 4.0)), k=2.0)
        design.add(sdf.Capsule(mirror((ATLAS_FORAMEN_X, canal_y, 0.3), side), tip - mirror((4.2, 0, 0), side),
                               3.4, 3.2), k=1.8)
        design.add(sdf.Ellipsoid(tip - mirror((3.6, 0, 0.3), side), (3.6, 3.8, 4.4)), k=1.5)
        design.mark(f"transverse_tip_{side}", tip)
        fx = mirror((ATLAS_FORAMEN_X, canal_y, 0.0), side)
        design.carve_late(sdf.Capsule(fx + (0, 0, -4.0), fx + (0, 0, 7.0), ATLAS_FORAMEN_R, ATLAS_FORAMEN_R),
                          k=0.4)
        design.mark(f"transverse_foramen_{side}", fx)
        # Groove for the vertebral artery across the top of the posterior arch, behind the lateral mass.
        g = back[2] if side == "right" else back[-3]
        g2 = back[3] if side == "right" else back[-4]
        gd = (g2 - g) / np.linalg.norm(g2 - g)
        design.carve(sdf.Capsule(g - 3.0 * gd + (0, 0, 5.6), g + 4.0 * gd + (0, 0, 5.6), 3.0, 3.0), k=1.0)
    design.carve_late(
        sdf.Profile((0.0, canal_y, 0.0), superellipse(d.cw / 2, d.cd / 2, 2.2), (14.0, 14.0), (-3.5, -3.5),
                    d.cd, max(d.cw, d.cd) * 0.7, edge=0.8),
        k=0.8,
    )
    design.mark("canal_centre", (0.0, canal_y, 0.0))
    return design


def axis(d: LevelDimensions, above: list[LocalJoint], below: list[LocalJoint]) -> Design:
    """C2: a tall body carrying the dens, big superior facets beside it, a heavy bifid spine.

    The anteroinferior lip is a tongue on the front of the body hanging in front of C3's bevelled
    anterosuperior rim, so the C2/3 disc space stays open at the front. The superior facets sit on
    broad buttresses that rise from the side of the body and the pedicles.
    """
    design = Design("C2", spacing=0.4)
    hc, depth, w = d.vbhp, d.epd, d.epw
    body(design, replace(d, vbha=d.vbhp), superellipse(w / 2, depth / 2, 2.6), edge=1.2, waist=0.05)
    lip = d.vbha - d.vbhp
    design.add(sdf.Ellipsoid((0.0, depth / 2 - 0.1, -hc / 2 - 0.2), (w / 3.0, 1.8, 0.45 * lip + 0.8)), k=2.0)
    design.mark("anterior_inferior_lip", (0.0, depth / 2, -hc / 2 - 0.45 * lip - 1.0))
    top = hc / 2
    # Dens: a broad base, a slightly narrower neck, a long body carrying the facet for the atlas, and a
    # blunt apex: a gentle taper, not a ball on a stalk.
    design.add(sdf.Capsule((0.0, DENS_Y, top - 3.0), (0.0, DENS_Y, top + 5.0), DENS_RADIUS + 0.8, 4.3), k=2.5)
    design.add(sdf.Ellipsoid((0.0, DENS_Y, top + 10.5), (4.6, 4.7, 6.8)), k=2.5)
    design.add(sdf.Ellipsoid((0.0, DENS_Y - 0.3, top + DENS_HEIGHT - 3.6), (3.4, 3.6, 3.6)), k=2.5)
    design.mark("dens_tip", (0.0, DENS_Y, top + DENS_HEIGHT))
    back = -depth / 2
    canal_y = back - d.cd / 2
    sup, inf = {j.side: j for j in above}, {j.side: j for j in below}
    for side in SIDES:
        a, b = sup[side], inf[side]
        # the buttress under the big superior facet, flowing down into the body and the pedicle
        under = a.centre - 5.0 * a.normal
        design.add(box_between(mirror((w / 2 - 3.5, 0.5, top - 10.0), side), under, 12.0, 10.0,
                               up=(0, 0, 1), r=4.0), k=3.0)
        facet_plate(design, a, [mirror((w / 2 - 2.0, 2.0, top - 6.0), side), mirror((w / 2, -4.0, top - 7.0), side)],
                    thickness=5.0, reach=1.0, k=2.0)
        bot = b.centre - 2.8 * b.normal
        pillar_top = mirror((14.0, back - 4.0, top - 6.0), side)
        design.add(sdf.Capsule(pillar_top, bot, 4.8, 4.6), k=2.0)
        mid, _ax = pedicle_axis(d, {"canal_centre": (0.0, canal_y, 0.0)}, side)
        zp = 0.1 * hc
        start, end = canal_true_strut(d, side, zp, 3.0, 2.5)
        design.add_late(strut(start, end, d.pw, d.ph), k=1.0)
        design.mark(f"pedicle_{side}", (mid[0], mid[1], zp))
        articular_process(design, b, bot, thickness=4.0, k=1.4)
        lam_b = (0.0, back - d.cd - 2.0, -0.05 * hc)
        design.add(box_between(0.5 * (pillar_top + bot), lam_b, 6.5, 13.0, up=(0, 0.35, 1), r=2.8), k=2.0)
        tp_root = mirror((w / 2 + 1.0, -2.0, top - 8.0), side)
        tp_tip = mirror((d.tps / 2, -4.0, top - 12.0), side)
        axis_v = (tp_tip - tp_root) / np.linalg.norm(tp_tip - tp_root)
        design.add(sdf.Capsule(tp_root, tp_tip - 2.6 * axis_v, 3.4, 2.6), k=1.5)
        design.mark(f"transverse_tip_{side}", tp_tip)
        fx = mirror((w / 2 + 3.6, -2.5, top - 8.0), side)
        design.carve_late(sdf.Capsule(fx + (0, 0, -6.0), fx + (0, 0, 6.0), 2.4, 2.4), k=0.4)
        design.mark(f"transverse_foramen_{side}", fx)
    base = np.array([0.0, back - d.cd, -0.05 * hc])
    design.mark("spinous_base", base)
    direction = spinous_tip_direction(d)
    tip = base + d.spl * direction
    up = np.array([0.0, direction[2], -direction[1]])
    # a massive blade, deep and broad, split at its end into two stout tubercles by a midline notch
    end = tip - 3.5 * direction
    design.add(slab([base + up * 7.0, end + up * 5.5, end - up * 6.5, base - up * 7.0], (9.0, 10.0), r=2.5,
                    normal=(1.0, 0.0, 0.0)), k=2.5)
    for sx in (1, -1):
        design.add(sdf.Ellipsoid(end + (sx * 3.2, 0.0, -1.0), (3.4, 3.6, 5.8)), k=2.0)
    design.carve(sdf.Ellipsoid(tip + 0.5 * direction + (0.0, 0.0, -1.0), (1.8, 5.5, 7.5)), k=1.2)
    design.mark("spinous_tip", tip)
    design.mark("bifid_tips", tip)
    canal(design, d, "triangle", z_half=top + 6.0)
    return design


def _tilt_x(deg: float) -> np.ndarray:
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return np.array([[1, 0, 0], [0, c, -s], [0, s, c]], dtype=float)
