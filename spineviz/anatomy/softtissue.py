"""Discs and facet cartilage: simple closed meshes made directly from the joint and endplate geometry.

They are cheap (a few hundred triangles each), so they are made at load time rather than shipped.
"""

from __future__ import annotations

import numpy as np
import pyvista as pv

from spineviz.anatomy.frames import endplates
from spineviz.anatomy.joints import CARTILAGE_MM, JointGeometry, draw_in_spoke, first_past, oval_radius
from spineviz.anatomy.tables import LevelDimensions

RING = 48
# A flat facet's cartilage covers this fraction of the facet's oval (width and height), leaving a bare rim.
FLAT_INSET = 0.94
# A curved layer's spoke reaching no more than this (a fraction of the facet's oval, about 0.06 mm) beyond the
# facing layer's is left as sampled (_within_partner): a modelling value [M].
TRIM_TOLERANCE = 0.01
# On a layer drawn in to its partner's reach (a procedural bone facing a template one, _within_partner), a spoke
# also stops where the two facing samples come closer than this (mm): there the bone under it was cut back by
# its clearance to the partner bone (BONE_GAP_MM - 0.1, shapes/common.cut_facets) over a millimetre below the
# fitted surface the layer follows. A modelling value [M].
SHAVED_GAP_MM = 1.2


def _with_normals(points: np.ndarray, triangles: np.ndarray) -> pv.PolyData:
    """A triangle mesh with consistent, outward point normals (``Normals``, the active normals).

    VTK's normals filter with the settings of PyVista's ``compute_normals(auto_orient_normals=True,
    cell_normals=False)``, called directly: the same filter and output, without PyVista's wrapping of each
    call, which took about two fifths of lofting the 119 discs and layers on the start-up path (issue 13).
    """
    from vtkmodules.vtkFiltersCore import vtkPolyDataNormals

    faces = np.column_stack([np.full(len(triangles), 3), triangles]).ravel()
    normals = vtkPolyDataNormals()
    normals.SetComputeCellNormals(False)
    normals.SetComputePointNormals(True)
    normals.SetSplitting(False)
    normals.SetFlipNormals(False)
    normals.SetConsistency(True)
    normals.SetAutoOrientNormals(True)
    normals.SetNonManifoldTraversal(True)
    normals.SetFeatureAngle(30.0)
    normals.SetInputData(pv.PolyData(points, faces))
    normals.Update()
    mesh = pv.wrap(normals.GetOutput())
    mesh.GetPointData().SetActiveNormals("Normals")
    return mesh


def _band(a: int, b: int, n: int) -> np.ndarray:
    """The triangles joining ring ``a`` to ring ``b`` (first indices, ``n`` points each), two a quad."""
    i = np.arange(n)
    j = (i + 1) % n
    return np.stack([np.column_stack([a + i, a + j, b + j]), np.column_stack([a + i, b + j, b + i])],
                    axis=1).reshape(-1, 3)


def _closed_loft(rings: list[np.ndarray]) -> pv.PolyData:
    """Join rings of equal length into a closed tube with flat caps (triangles, outward-consistent)."""
    n = len(rings[0])
    pts = np.vstack([*rings, rings[0].mean(axis=0), rings[-1].mean(axis=0)])
    c0, c1 = len(pts) - 2, len(pts) - 1
    last = (len(rings) - 1) * n
    i = np.arange(n)
    j = (i + 1) % n
    caps = np.stack([np.column_stack([np.full(n, c0), j, i]), np.column_stack([np.full(n, c1), last + i, last + j])],
                    axis=1).reshape(-1, 3)
    return _with_normals(pts, np.vstack([*(_band(r * n, (r + 1) * n, n) for r in range(len(rings) - 1)), caps]))


def polar_faces(rings: int, spokes: int, offset: int = 0) -> np.ndarray:
    """The triangles (k, 3) of a polar grid whose points start at ``offset``: centre, then ``rings`` of ``spokes``.

    A fan round the centre, then two triangles a spoke from each ring to the next; shared by the cartilage's
    layers and the T10 face built on T11's sampled facet (shapes/thoracic._face_to_partner).
    """
    i = np.arange(spokes)
    j = (i + 1) % spokes

    def ring_pair(a: int, b: int) -> np.ndarray:  # ring a to ring b, two triangles a spoke
        return np.stack([np.column_stack([a + i, b + i, b + j]), np.column_stack([a + i, b + j, a + j])],
                        axis=1).reshape(-1, 3)

    fan = np.column_stack([np.full(spokes, offset), offset + 1 + i, offset + 1 + j])  # round the centre
    return np.vstack([fan, *(ring_pair(offset + 1 + r * spokes, offset + 1 + (r + 1) * spokes)
                             for r in range(rings - 1))])


def _polar_shell(bottom: np.ndarray, top: np.ndarray, rings: int, spokes: int) -> pv.PolyData:
    """A closed layer between two polar grids (centre, then ``rings`` rings of ``spokes``) of equal shape."""
    n = len(top)
    i = np.arange(spokes)
    j = (i + 1) % spokes

    def grid(offset: int, flip: bool) -> np.ndarray:
        tris = polar_faces(rings, spokes, offset)
        return tris[:, ::-1] if flip else tris

    a, b = 1 + (rings - 1) * spokes, n + 1 + (rings - 1) * spokes
    wall = np.stack([np.column_stack([a + i, b + j, b + i]), np.column_stack([a + i, a + j, b + j])],
                    axis=1).reshape(-1, 3)  # the side wall round the outer ring
    return _with_normals(np.vstack([top, bottom]), np.vstack([grid(0, False), grid(n, True), wall]))


def cartilage(joint: JointGeometry, which: str, frame: np.ndarray) -> pv.PolyData:
    """The cartilage layer on one bone's facet (``which`` = "upper" or "lower"), in that bone's frame.

    On a curved joint the layer follows the bone's own articular surface (sampled on a polar grid, see
    :class:`~spineviz.anatomy.joints.JointGeometry`): ``CARTILAGE_MM`` thick along the local surface
    normal, its underside sunk 0.2 mm into the bone so no seam shows. A flat joint gets a flat layer that
    thins to its rim (:func:`_flat_layer`).
    """
    inv = np.linalg.inv(frame)
    if joint.curved:
        surf = joint.lower_surface if which == "lower" else joint.upper_surface
        nrm = joint.lower_normals if which == "lower" else joint.upper_normals
        spokes = 24
        rings = (len(surf) - 1) // spokes
        if joint.id.segment.name not in FEATHERED:
            surf, nrm = _within_partner(joint, which, rings, spokes)
        p = surf @ inv[:3, :3].T + inv[:3, 3]
        n = nrm @ inv[:3, :3].T
        thick = _ring_thickness(rings, spokes) if joint.id.segment.name in FEATHERED else np.full(len(p), CARTILAGE_MM)
        return _polar_shell(p - 0.2 * n, p + thick[:, None] * n, rings, spokes)
    centre, normal = joint.bone_facet(which)
    c = inv[:3, :3] @ centre + inv[:3, 3]
    n = inv[:3, :3] @ normal
    u = inv[:3, :3] @ joint.u
    a, b = FLAT_INSET * joint.half_width, FLAT_INSET * joint.half_height
    if _bone_of(joint, which) in SET_IN:
        return _set_in_layer(c, n, u, a, b)
    return _flat_layer(c, n, u, a, b)


def _within_partner(joint: JointGeometry, which: str, rings: int, spokes: int) -> tuple[np.ndarray, np.ndarray]:
    """A curved layer's polar grid (points, normals), each spoke drawn in to the reach of the layer facing it.

    Where a template bone meets a procedural one (T10 on T11, the sacrum under L5) the procedural side's
    surface is the template's moved a bone gap along its normals, which lean outward at the facet's edge, so
    its outer samples spread to 1.15-1.26 of the facet's oval while the template side's, whose spokes were
    drawn in to stay on its bone, reach 0.87-0.93: the procedural bone's face, cut to that oval, stopped short
    of its cartilage, which hung past the bone's edge (blue below T10's inferior processes, issue 10). The
    two layers of a joint face each other across it, so each spoke of a layer now reaches (in the oval) no
    further than the facing layer's does, nor beyond ``FLAT_INSET`` (as a flat layer), nor past where the
    two facing samples come closer than ``SHAVED_GAP_MM`` (the quadric misses the template's surface by up
    to 1.2 mm at the rim, and there the procedural bone's clearance to its partner cut its face back: T10's
    lower medial and lateral corners); its rings are respaced along the sampled spoke (linearly between
    samples). Only a layer whose outer ring reaches further out than its partner's by more than
    ``TRIM_TOLERANCE`` (the procedural side: the sacrum's of L5/S1; T10's of T10/11 until session 22, whose samples
    are now drawn in the same way in template_fit._drawn_in, so its layer is its samples) is trimmed; the template
    bones' own layers (T11/12 to L4/5, and T11's and L5's of those two joints) are left exactly as sampled.
    """
    own = joint.lower_surface if which == "lower" else joint.upper_surface
    facing = joint.upper_surface if which == "lower" else joint.lower_surface
    nrm = joint.lower_normals if which == "lower" else joint.upper_normals
    v = np.cross(joint.normal, joint.u)
    mine, theirs = (oval_radius(p, joint.centre, joint.u, v, joint.half_width, joint.half_height)
                    for p in (own, facing))
    limit = np.minimum(theirs, FLAT_INSET)
    outer = slice(1 + (rings - 1) * spokes, None)
    if mine[outer].max() <= theirs[outer].max() + TRIM_TOLERANCE:
        return own, nrm  # a template bone's own surface: left as sampled
    gap = np.linalg.norm(own - facing, axis=1)
    surf, nrm = own.copy(), nrm.copy()
    for k in range(spokes):
        idx = np.r_[0, 1 + k + spokes * np.arange(rings)]  # centre, then each ring, along one spoke
        end = min(first_past(mine[idx] - limit[idx[-1]] - TRIM_TOLERANCE, mine[idx] - limit[idx[-1]]),
                  first_past(SHAVED_GAP_MM - gap[idx], SHAVED_GAP_MM - gap[idx]))
        if end < rings:
            draw_in_spoke(surf, nrm, idx, end)
    return surf, nrm


def _bone_of(joint: JointGeometry, which: str) -> str:
    """The name of the bone that carries ``which`` ("upper" or "lower") layer of ``joint``."""
    segment = joint.id.segment
    return segment.upper.name if which == "upper" else segment.lower.name


# Curved joints whose layer thins at its rim (_ring_thickness): the lateral atlanto-axial joints, whose broad
# layers read as pads outlined by their 0.75 mm edge on the C2 review sheet (session 9). The curved thoracolumbar
# layers keep their full thickness to the rim: their curvature checks (tests/anatomy/test_meshes.py) measure the
# layer's top, and T12/L1 fell below its floor with the rim thinned [M].
FEATHERED = ("C1/2",)


def _ring_thickness(rings: int, spokes: int) -> np.ndarray:
    """The layer's thickness at each sample of a polar grid (centre, then rings): full inside, thinner at the rim.

    As on a flat joint (``TAPER_FROM``), the outermost ring thins to a quarter of ``CARTILAGE_MM``, so the
    layer's edge meets its bone in a feathered margin and not a 0.75 mm wall that outlines it like a pad.
    """
    thick = np.full(1 + rings * spokes, CARTILAGE_MM)
    thick[1 + (rings - 1) * spokes:] = 0.25 * CARTILAGE_MM
    return thick


FLAT_RINGS = (1 / 6, 1 / 3, 1 / 2, 2 / 3, 0.8, 0.86, 0.92, 0.96, 1.0)  # of the layer's oval, finer at the rim
TAPER_FROM = 0.92  # the layer is full thickness inside this fraction of its oval


def _flat_layer(c: np.ndarray, n: np.ndarray, u: np.ndarray, a: float, b: float, spokes: int = 32) -> pv.PolyData:
    """A flat joint's cartilage: a layer on the facet's plane, inside its oval, thinning at the rim.

    ``CARTILAGE_MM`` thick out to ``TAPER_FROM`` of its oval, then thinning to a quarter of that at the
    margin, as hyaline cartilage thins to the joint's edge; its underside is sunk 0.2 mm into the bone so no
    seam shows. The thinning is kept to the outermost rings so that the layer shades as the flat sheet it is
    (the renderer's interpolated normals stay square to the facet over most of it) rather than as a dome. It
    stays ``FLAT_INSET`` of the facet's size, so it never reaches past the bone's margin (the bony rim of a
    cervical facet is not wholly covered by cartilage: Yoganandan et al. 2003, Spine 28:2317).
    """
    def thick(radial: np.ndarray) -> np.ndarray:
        return CARTILAGE_MM * (1.0 - 0.75 * np.clip((radial - TAPER_FROM) / (1.0 - TAPER_FROM), 0.0, 1.0))

    return _oval_layer(c, n, u, (a, b), FLAT_RINGS, thick, spokes)


def _oval_layer(c: np.ndarray, n: np.ndarray, u: np.ndarray, axes: tuple[float, float], rings: tuple[float, ...],
                thick, spokes: int) -> pv.PolyData:
    """A closed layer on a facet's plane, over an oval, its height above the plane a function of the radius.

    The plane passes through ``c`` square to ``n``; the oval has semi-axes ``axes`` (along ``u`` and ``n x u``)
    and is sampled on ``rings`` (fractions of the oval); ``thick(radial)`` is the layer's height above the
    plane at each fraction. Its underside lies 0.2 mm below the plane, sunk into the bone so no seam shows.
    """
    v = np.cross(n, u)
    t = np.linspace(0.0, 2 * np.pi, spokes, endpoint=False)
    grid = np.vstack([np.zeros((1, 2))] + [np.column_stack([r * np.cos(t), r * np.sin(t)]) for r in rings])
    plane = c + np.outer(axes[0] * grid[:, 0], u) + np.outer(axes[1] * grid[:, 1], v)
    top = np.outer(thick(np.hypot(grid[:, 0], grid[:, 1])), n)
    return _polar_shell(plane - 0.2 * n, plane + top, len(rings), spokes)


# The bones whose flat facets carry a layer set into the pillar (_set_in_layer) rather than the flat sheet of
# _flat_layer: the typical cervical vertebrae, whose sheet read from every side of the review sheets as a blue
# coin capping the pillar, 0.75 mm proud of the bone at 0.92 of its oval and walled in a steep, light-blue edge
# (issue 10). The other flat levels (C2's inferior facet, T1-T11) keep theirs unchanged.
SET_IN = ("C3", "C4", "C5", "C6", "C7")
# The set-in layer is CARTILAGE_MM thick out to SET_IN_FULL of its oval and thins from there in a half-cosine to
# nothing at its edge (its top meets the facet plane, its 0.2 mm sunk underside stays in the bone), so the
# cartilage's margin feathers into the bone instead of standing on it. Working values [M]: articular cartilage
# thins toward a joint's margin and the bony rim of a cervical facet is not wholly covered (Yoganandan et al.
# 2003, Spine 28:2317); no measured thickness profile across a cervical facet was read. SET_IN_FULL keeps the
# middle of the facet (0.6 of its oval, tests) at full thickness; with a facet about 11-13 mm across the top
# then slopes at most about 25 degrees.
SET_IN_FULL = 0.62
SET_IN_RINGS = (1 / 6, 1 / 3, 1 / 2, SET_IN_FULL, 0.69, 0.76, 0.82, 0.87, 0.91, 0.945, 0.975, 1.0)


def _set_in_layer(c: np.ndarray, n: np.ndarray, u: np.ndarray, a: float, b: float,
                  spokes: int = 32) -> pv.PolyData:
    """A cervical facet's cartilage: full thickness over the middle, feathered to nothing at its edge.

    The same oval and sunk underside as :func:`_flat_layer`, but the top falls smoothly (a half-cosine from
    ``SET_IN_FULL`` of the oval) to the facet plane at the margin, so that from above, behind or the side the
    layer reads as the joint's surface set flush into its pillar, framed by the bone round it, and not as a
    coin with a rim standing on it.
    """
    def thick(radial: np.ndarray) -> np.ndarray:
        fall = np.clip((radial - SET_IN_FULL) / (1.0 - SET_IN_FULL), 0.0, 1.0)
        return CARTILAGE_MM * 0.5 * (1.0 + np.cos(np.pi * fall))

    return _oval_layer(c, n, u, (a, b), SET_IN_RINGS, thick, spokes)


def _outline(d: LevelDimensions, n: int = RING) -> np.ndarray:
    t = np.linspace(0.0, 2 * np.pi, n, endpoint=False)
    a, b = d.epw / 2 - 1.2, d.epd / 2 - 1.2
    c, s = np.cos(t), np.sin(t)
    r = (np.abs(c / a) ** 2.4 + np.abs(s / b) ** 2.4) ** (-1 / 2.4)
    return np.column_stack([r * c, r * s, np.zeros(n)])


def disc(upper: LevelDimensions, lower: LevelDimensions, frame_upper: np.ndarray,
         frame_lower: np.ndarray) -> pv.PolyData:
    """The disc between two bodies, lofted from the lower endplate of ``upper`` to the upper of ``lower``.

    Made in the lower level's frame, with a slight outward bulge of the annulus at mid-height.
    """
    rel = np.linalg.inv(frame_lower) @ frame_upper
    top_frame = rel @ endplates(upper)[1]
    bot_frame = endplates(lower)[0]
    ring = 0.5 * (_outline(upper) + _outline(lower))
    bottom = ring @ bot_frame[:3, :3].T + bot_frame[:3, 3] + 0.25 * bot_frame[:3, 2]
    top = ring @ top_frame[:3, :3].T + top_frame[:3, 3] - 0.25 * top_frame[:3, 2]
    mid = 0.5 * (bottom + top)
    centre = mid.mean(axis=0)
    mid = centre + (mid - centre) * 1.04
    return _closed_loft([bottom, mid, top])
