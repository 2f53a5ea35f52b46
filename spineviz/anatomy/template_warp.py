"""L1-L5 from the lumbar template: each level warped to its row of the table with a thin-plate spline.

Landmarks are found on the template surface (:mod:`spineviz.anatomy.landmarks`), each table quantity moves
the landmarks that define it (endplate rims for the body, the pedicle isthmus walls for the pedicle, the
spinolaminar junction for the canal depth, the tips for the spinous and transverse processes, the
articular patch's extremes for the facet size), and VTK's ``vtkThinPlateSplineTransform`` carries the
whole surface along smoothly. The warp follows the table, so the table stays the single source of the
numbers: L2-L5 rows hold the mean shape's own measurements (their warps are nearly the identity apart
from the facet sizes), L1 is the L2 shape brought to the L1 row.
"""

from __future__ import annotations

import math
from dataclasses import replace
from functools import cache
from itertools import pairwise

import numpy as np

from spineviz.anatomy import measure
from spineviz.anatomy.landmarks import SIDES, VertebraLandmarks, find_landmarks
from spineviz.anatomy.tables import LevelDimensions
from spineviz.anatomy.template_thoracolumbar import THORACOLUMBAR, turn_inferior_processes, turn_superior_facets

_SIGN = {"left": -1.0, "right": 1.0}
# the template part each lumbar level is made from
# (T11 and T12 too: they share the lumbar plan below its pedicles, see spineviz.anatomy.template_thoracolumbar)
SOURCE_PART = {"T11": "L2", "T12": "L2", "L1": "L2", "L2": "L2", "L3": "L3", "L4": "L4", "L5": "L5"}


def thin_plate_spline(mesh, source: np.ndarray, target: np.ndarray):
    """Warp ``mesh`` so that ``source`` points land on ``target`` (VTK thin-plate spline, r basis)."""
    import pyvista as pv
    from vtkmodules.vtkCommonCore import vtkPoints
    from vtkmodules.vtkCommonTransforms import vtkThinPlateSplineTransform
    from vtkmodules.vtkFiltersGeneral import vtkTransformFilter

    def points(a: np.ndarray) -> vtkPoints:
        p = vtkPoints()
        p.SetNumberOfPoints(len(a))
        for i, q in enumerate(np.asarray(a, float)):
            p.SetPoint(i, *q)
        return p

    tps = vtkThinPlateSplineTransform()
    tps.SetSourceLandmarks(points(source))
    tps.SetTargetLandmarks(points(target))
    tps.SetBasisToR()
    f = vtkTransformFilter()
    f.SetInputData(mesh)
    f.SetTransform(tps)
    f.Update()
    out = pv.wrap(f.GetOutput())
    out.point_data.clear()
    return pv.PolyData(np.asarray(out.points, float), out.faces)


def measured(mesh, lm: VertebraLandmarks, d: LevelDimensions) -> LevelDimensions:
    """The table's quantities measured on a surface, the way the tests measure them (facets excepted)."""
    for _ in range(3):
        d = replace(d, **measure.body_dimensions(mesh, d))
    tip, base = lm.spinous_tip, lm.spinous_base
    spi = math.degrees(math.atan2(-(tip[2] - base[2]), -(tip[1] - base[1])))
    d = replace(d, spi=spi)
    pts = np.asarray(mesh.points)
    return replace(
        d,
        pw=float(np.mean([lm.pedicles[s].width for s in SIDES])),
        ph=float(np.mean([lm.pedicles[s].height for s in SIDES])),
        cw=lm.canal_width, cd=lm.canal_depth, spl=measure.spinous_length(pts, d, base),
        tps=measure.transverse_span(pts),
    )


def _height(d: LevelDimensions, y: float) -> float:
    """Body height at depth ``y`` (linear from the posterior to the anterior wall)."""
    f = np.clip(y / d.epd + 0.5, 0.0, 1.0)
    return d.vbhp + (d.vbha - d.vbhp) * f


def landmark_pairs(lm: VertebraLandmarks, src: LevelDimensions, dst: LevelDimensions,
                   facet_sizes: dict[str, tuple[float, float]] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Source landmarks on the template and where the table puts them (local frame, mm)."""
    sx, sy = dst.epw / src.epw, dst.epd / src.epd
    y_back_s = lm.canal_centre[1] + lm.canal_depth / 2
    y_back_t = y_back_s * sy
    k_post = dst.cd / src.cd
    sxp = dst.cw / src.cw

    def body_map(p: np.ndarray) -> np.ndarray:
        y_t = p[1] * sy
        return np.array([p[0] * sx, y_t, p[2] * _height(dst, y_t) / _height(src, p[1])])

    def arch_map(p: np.ndarray, xscale: float) -> np.ndarray:
        fz = _height(dst, -dst.epd / 2) / _height(src, -src.epd / 2)
        return np.array([p[0] * xscale, y_back_t - (y_back_s - p[1]) * k_post, p[2] * fz])

    src_pts, dst_pts = [], []

    def pair(a, b):
        src_pts.append(np.asarray(a, float))
        dst_pts.append(np.asarray(b, float))

    for plate in (lm.upper_endplate, lm.lower_endplate):
        for p in plate.rim[::2]:
            pair(p, body_map(p))
        pair(plate.centre, body_map(plate.centre))
    base_t = arch_map(lm.spinous_base, sxp)
    pair(lm.spinous_base, base_t)
    a = math.radians(dst.spi or 0.0)
    direction = np.array([0.0, -math.cos(a), -math.sin(a)])
    reach_s = float((lm.spinous_tip - lm.spinous_base) @ direction)
    pair(lm.spinous_tip, base_t + direction * reach_s * dst.spl / src.spl)
    for side in SIDES:
        s = _SIGN[side]
        ped = lm.pedicles[side]
        across = np.array([s, 0.0, 0.0])
        c_t = arch_map(ped.centre, sxp)
        for sign in (-1.0, 1.0):
            pair(ped.centre + sign * across * src.pw / 2, c_t + sign * across * dst.pw / 2)
            pair(ped.centre + sign * np.array([0.0, 0.0, src.ph / 2]), c_t + sign * np.array([0.0, 0.0, dst.ph / 2]))
        tip = lm.transverse_tips[side]
        t = arch_map(tip, sxp)
        t[0] = s * dst.tps / 2
        pair(tip, t)
        for which in ("superior", "inferior"):
            surf = lm.articular.get((which, side))
            if surf is None:
                continue
            c_t = arch_map(surf.centre, sxp)
            pair(surf.centre, c_t)
            if which == "inferior" and facet_sizes and side in facet_sizes:
                w_s, h_s = facet_sizes[side]
                n = surf.normal
                u = np.cross([0.0, 0.0, 1.0], n)
                u /= np.linalg.norm(u)
                v = np.cross(n, u)
                for sign in (-1.0, 1.0):
                    pair(surf.centre + sign * u * w_s / 2, c_t + sign * u * dst.ifw / 2)
                    pair(surf.centre + sign * v * h_s / 2, c_t + sign * v * dst.ifh / 2)
    return np.array(src_pts), np.array(dst_pts)


@cache
def template_facet_sizes() -> dict[str, dict[str, tuple[float, float]]]:
    """Inferior facet (width, height) of L2-L4 measured as the patch within 3 mm of the partner below.

    The template keeps its vertebrae in their measured relative positions, so the articular surface is
    exactly the part of each inferior process that faces (and nearly touches) the next vertebra.
    """
    from spineviz.anatomy.template import TEMPLATE_LEVELS, local_parts

    parts = local_parts()
    out = {}
    for a, b in pairwise(TEMPLATE_LEVELS):
        upper = parts[a].polydata()
        placed = upper.transform(np.linalg.inv(parts[a].to_local), inplace=False)
        lower = parts[b].polydata().transform(np.linalg.inv(parts[b].to_local), inplace=False)
        dist = np.abs(placed.compute_implicit_distance(lower).point_data["implicit_distance"])
        lm = find_landmarks(upper, a)
        pts = np.asarray(upper.points)
        sizes = {}
        for side in SIDES:
            sel = (dist < 3.0) & (_SIGN[side] * pts[:, 0] > 0)
            got = measure.facet_patch_size(pts[sel], lm.articular[("inferior", side)].normal)
            sizes[side] = (got["width"], got["height"])
        out[a] = sizes
    return out


def warp_to_table(name: str, dims: dict[str, LevelDimensions], thoracic: bool = True):
    """The template shape of level ``name`` warped to its table row, in its local frame (full resolution).

    A thoracic level (``THORACOLUMBAR``) then has its superior facets turned thoracic and, where the level
    below is a thoracic template level too (T11 over T12), its inferior processes turned with that level's
    superior ones; ``thoracic=False`` stops before those turns.
    """
    from spineviz.anatomy.template import local_parts

    part = SOURCE_PART[name]
    mesh = local_parts()[part].polydata()
    lm = find_landmarks(mesh, part, dims)
    src = measured(mesh, lm, dims[part])
    sizes = template_facet_sizes().get(part)
    s, t = landmark_pairs(lm, src, dims[name], sizes)
    warped = thin_plate_spline(mesh, s, t)
    if thoracic and name in THORACOLUMBAR:  # thoracic-type superior facets above a lumbar-type arch
        i = THORACOLUMBAR.index(name) + 1
        if i < len(THORACOLUMBAR):  # a thoracic joint below as well (T11/T12)
            warped = turn_inferior_processes(warped, name, THORACOLUMBAR[i], part, dims)
        warped = turn_superior_facets(warped, name, part, dims)
    return warped
