"""Fit the warped lumbar template levels to each other in the stacked spine: curved facet joints.

The template keeps its vertebrae in their measured relative positions, so its facet surfaces are congruent;
the spine, though, is stacked from the table (disc heights and wedges), which moves each upper vertebra
by a few millimetres relative to the template's. Each joint is therefore re-seated: the part of the upper
vertebra's inferior process that faced its partner in the template (its articular patch, within 3 mm) is
moved onto the partner's superior facet, ``BONE_GAP_MM`` off its surface along its normal; the superior
process stays (it carries the pedicle, whose size the table fixes). A thin-plate spline per vertebra
carries the processes along, anchored on the body, pedicles and tips, so both surfaces stay curved.

T12 is built from the template too (its lumbar-type inferior facets make T12/L1 a joint between two
template bones; see :mod:`spineviz.anatomy.template_thoracolumbar`), and T11 above it (T11/T12, a thoracic joint
between two template bones). Where the partner is procedural (T10
above T11, the sacrum below L5), the template's own curved patch stays and the partner is built to a
quadric one bone gap off it, so those joints are curved as well.

The result, per joint, is a :class:`FacetPatch`: polar grids sampled on both bony surfaces (spine frame,
neutral), from which the joint's centre, normal, cartilage and load samples are derived.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from itertools import pairwise

import numpy as np

from spineviz.anatomy.frames import transform_points, transform_vectors
from spineviz.anatomy.joints import BONE_GAP_MM, draw_in_spoke, first_past, oval_radius
from spineviz.anatomy.landmarks import SIDES, find_landmarks
from spineviz.anatomy.levels import FACET_JOINT_IDS, LEVELS
from spineviz.anatomy.tables import LevelDimensions
from spineviz.anatomy.template import rotation_between as _rotation_between
from spineviz.anatomy.template import symmetrize
from spineviz.anatomy.template_thoracolumbar import THORACOLUMBAR, thoracolumbar_features

# every level built from the template, top down: T11, T12 (see template_thoracolumbar) and L1-L5
TEMPLATE_BUILT = (*THORACOLUMBAR, "L1", "L2", "L3", "L4", "L5")
_SIGN = {"left": -1.0, "right": 1.0}
PROCESS_REACH_MM = (1.5, 8.0)  # the back of a thoracic articular process: this far from its face (modelling)
RINGS, SPOKES = 5, 24  # polar sampling of each articular patch: centre + RINGS rings of SPOKES points
SPOKE_STEP, SPOKE_MIN_REACH = 0.05, 0.2  # a spoke off the bone's edge is drawn in by 5 % steps, to a fifth at most
# Where the lower bone of a joint is a thoracic template level (T11 under T10, T12 under T11), a spoke is also drawn
# in until every ray along it lands on that bone's superior articular facet itself: on a point whose normal turns no
# more than FACET_TURN_DEG from the joint's normal and which lies no more than FACET_DROP_MM off the plane through the
# centre sample (session 22, t10e, for T10/11; session 23, t12l, for T11/12). On s21 T11's outer samples of T10/11
# turned 55-83 deg over the facet's upper lateral rim and fell 6.5-7.2 mm off the plane down the process's side at
# its lower medial corner, so T11's layer draped off its facet there and T10's process, built to face it, could not
# (session 21, t10d: its articular_part). Inside them the patch stays within 1.1 mm of its plane and turns at most
# 40-48 deg. On s22 T12's outer samples of T11/12 fell 7.8-9.6 mm off the plane at four spokes a side, its layer
# 10.7 / 10.1 mm deep (left / right); drawn in by 0.05-0.15 of the half axes there, 2.4 / 1.9 mm.
# Modelling values [M].
FACET_TURN_DEG, FACET_DROP_MM = 60.0, 3.0


@dataclass(frozen=True)
class FacetPatch:
    """One joint's two bony articular surfaces, sampled on a polar grid (spine frame, neutral, mm).

    ``lower``/``upper`` are (1 + RINGS*SPOKES, 3) points on the lower bone's superior facet and on the
    upper bone's inferior facet, each with outward unit normals; sample i of one faces sample i of the
    other across the joint. ``normal`` points from the lower surface to the upper one (the joint contract).
    """

    joint: str
    lower: np.ndarray
    lower_normals: np.ndarray
    upper: np.ndarray
    upper_normals: np.ndarray
    centre: np.ndarray
    normal: np.ndarray
    u: np.ndarray


def _unit(v) -> np.ndarray:
    v = np.asarray(v, float)
    return v / np.linalg.norm(v)


def _normals(mesh):
    m = mesh.compute_normals(cell_normals=False, point_normals=True, auto_orient_normals=True,
                             consistent_normals=True, split_vertices=False)
    return np.asarray(m.points, float), np.asarray(m.point_data["Normals"], float)


def _sample(idx: np.ndarray, n: int) -> np.ndarray:
    """A deterministic, evenly spread subset of ``idx``."""
    if len(idx) <= n:
        return idx
    return idx[np.linspace(0, len(idx) - 1, n).round().astype(int)]


def _closest(points: np.ndarray, cloud: np.ndarray) -> np.ndarray:
    d = np.linalg.norm(points[:, None, :] - cloud[None, :, :], axis=2)
    return np.argmin(d, axis=1)


def _template_relative(upper: str, lower: str) -> np.ndarray:
    """4x4 from ``upper``'s local frame to ``lower``'s, as the template placed them (L1/2 uses L2/3)."""
    from spineviz.anatomy.template import local_parts
    from spineviz.anatomy.template_warp import SOURCE_PART

    parts = local_parts()
    a, b = SOURCE_PART[upper], SOURCE_PART[lower]
    if a == b:  # L1 is made from L2: seat it on L2 as L2 sits on L3
        a, b = "L2", "L3"
    return parts[b].to_local @ np.linalg.inv(parts[a].to_local)


def fit_lumbar(dims: dict[str, LevelDimensions], frames: np.ndarray):
    """Warped, re-seated L1-L5 meshes (local frames, full resolution) and their joints' patches.

    Returns ``(meshes, patches)``: ``{level: PolyData}`` and ``{joint name: FacetPatch}`` for every joint
    that touches a template level (T10/11 to L5/S1, both sides).
    """
    from spineviz.anatomy.template_warp import warp_to_table

    index = {lv.name: lv.index for lv in LEVELS}
    meshes = {name: warp_to_table(name, dims) for name in TEMPLATE_BUILT}
    lms = {name: find_landmarks(meshes[name], name, dims) for name in TEMPLATE_BUILT}
    src: dict[str, list] = {name: [] for name in TEMPLATE_BUILT}
    dst: dict[str, list] = {name: [] for name in TEMPLATE_BUILT}

    def anchor(name: str) -> None:
        lm = lms[name]
        pts = [*lm.upper_endplate.rim[::3], *lm.lower_endplate.rim[::3], lm.spinous_tip, lm.spinous_base,
               *lm.transverse_tips.values()]
        surface = np.asarray(meshes[name].points)
        for p in lm.pedicles.values():  # the pedicle keeps its shape: its surface around the isthmus
            near = np.flatnonzero(np.linalg.norm(surface - p.centre, axis=1) < max(p.width, p.height) / 2 + 3.0)
            pts += list(surface[_sample(near, 24)])
            pts.append(p.centre)
        if name == TEMPLATE_BUILT[0] and len(THORACOLUMBAR) > 1:
            # the top level's superior facets (T11's, turned thoracic, with no template partner above to
            # hold them) stay where they were turned while its inferior processes move whole onto T12
            for side in SIDES:
                pts += list(_sample_points(lm.articular[("superior", side)].points, 30))
        src[name] += pts
        dst[name] += pts

    for name in TEMPLATE_BUILT:
        anchor(name)
    n_anchor = {name: len(src[name]) for name in TEMPLATE_BUILT}
    for up, low in pairwise(TEMPLATE_BUILT):
        t_tab = np.linalg.inv(frames[index[low]]) @ frames[index[up]]
        t_tmpl = _template_relative(up, low)
        back = np.linalg.inv(t_tab)
        upper_in_low = meshes[up].transform(t_tmpl, inplace=False)
        lower_pts, lower_nrm = _normals(meshes[low])
        dist = np.abs(upper_in_low.compute_implicit_distance(meshes[low]).point_data["implicit_distance"])
        dist_l = np.abs(meshes[low].compute_implicit_distance(upper_in_low).point_data["implicit_distance"])
        up_pts, up_nrm = _normals(meshes[up])
        up_nrm = transform_vectors(t_tmpl, up_nrm)
        thoracic = up in THORACOLUMBAR and low in THORACOLUMBAR  # T11/12: the process moves whole
        junction = up in THORACOLUMBAR and low not in THORACOLUMBAR  # T12/L1
        for side in SIDES:
            s = _SIGN[side]
            patch_l = np.flatnonzero((dist_l < 3.0) & (s * lower_pts[:, 0] > 0))
            patch_u = np.flatnonzero((dist < 3.0) & (s * up_pts[:, 0] > 0))
            if not junction:
                # only the process's face (FACING_COS): the back of a thin process's tip within 3 mm of the
                # partner, moved onto the partner's facet, crossed the face (T11's tip, whose process moves whole
                # by the samples' mean: Jacobian determinant -0.66, 9 crossing pairs at full resolution). At T12/L1
                # the back samples stay: T12's face moves 4 mm back onto L1 and they carry its process along;
                # without them its medial border came 1-3 mm medially (see the README's "Tried and dropped", fit27)
                near_l = _closest(transform_points(t_tmpl, up_pts[patch_u]), lower_pts[patch_l])
                facing = np.einsum("ij,ij->i", up_nrm[patch_u], lower_nrm[patch_l][near_l]) < -FACING_COS
                patch_u = patch_u[facing]
            # the lower bone's superior process (next to its pedicle) stays as it is
            for i in _sample(patch_l, 30):
                src[low].append(lower_pts[i])
                dst[low].append(lower_pts[i])
            # the upper bone's inferior process moves onto it, a bone gap off its surface
            first = len(src[up])
            for i in _sample(patch_u, 40):
                p = up_pts[i]
                q = transform_points(t_tmpl, p[None])[0]
                j = _closest(q[None], lower_pts[patch_l])[0]
                c, n = lower_pts[patch_l][j], lower_nrm[patch_l][j]
                target = c + BONE_GAP_MM * n
                src[up].append(p)
                dst[up].append(transform_points(back, target[None])[0])
            if thoracic:  # a thoracic joint: the process moves whole
                shift = np.mean(np.array(dst[up][first:]) - np.array(src[up][first:]), axis=0)
                for p in _process_behind(up_pts, patch_u, lms[up].pedicles[side]):
                    src[up].append(p)
                    dst[up].append(p + shift)
    fitted = {}
    for name in TEMPLATE_BUILT:
        s_arr, d_arr = np.array(src[name]), np.array(dst[name])
        fitted[name] = _symmetric_spline(meshes[name], s_arr, d_arr)
    # bring each inferior facet to the table's size within its own surface (twice: the spline's smoothing
    # leaves part of the first correction undone)
    for up, low in [*pairwise(TEMPLATE_BUILT), *pairwise(TEMPLATE_BUILT)]:
        moves = _facet_size_moves(fitted[up], fitted[low], frames[index[up]], frames[index[low]], dims[up])
        if moves is not None:
            fitted[up] = _symmetric_spline(fitted[up], np.array(src[up][:n_anchor[up]] + moves[0]),
                                           np.array(dst[up][:n_anchor[up]] + moves[1]))
    # last, square the gap: the size moves slide points along the facet's mean plane, which on a curved
    # facet brings them off the partner's surface (the L4/5 gap had closed to 1.1-1.7 mm in places)
    for _ in range(2):
        for up, low in pairwise(TEMPLATE_BUILT):
            moves = _gap_moves(fitted[up], fitted[low], frames[index[up]], frames[index[low]], low)
            if moves is not None:
                fitted[up] = _symmetric_spline(fitted[up], np.array(src[up][:n_anchor[up]] + moves[0]),
                                               np.array(dst[up][:n_anchor[up]] + moves[1]))
    # the gap moves grow a facet's contact region again (on the symmetric template L2/3's to 17.6 mm high
    # against the table's 16.0): a facet still more than SIZE_TOLERANCE off the table is sized once more and
    # its gap squared again
    for up, low in pairwise(TEMPLATE_BUILT):
        moves = _facet_size_moves(fitted[up], fitted[low], frames[index[up]], frames[index[low]], dims[up],
                                  tolerance=SIZE_TOLERANCE)
        if moves is not None:
            fitted[up] = _symmetric_spline(fitted[up], np.array(src[up][:n_anchor[up]] + moves[0]),
                                           np.array(dst[up][:n_anchor[up]] + moves[1]))
            moves = _gap_moves(fitted[up], fitted[low], frames[index[up]], frames[index[low]], low)
            if moves is not None:
                fitted[up] = _symmetric_spline(fitted[up], np.array(src[up][:n_anchor[up]] + moves[0]),
                                               np.array(dst[up][:n_anchor[up]] + moves[1]))
    # L5's inferior facets face as the table's S1 superior facets do (the sacrum is built to meet them)
    moves = _sacral_facing_moves(fitted["L5"], frames[index["L5"]], frames[index["S1"]], dims)
    fitted["L5"] = _symmetric_spline(fitted["L5"], np.array(src["L5"][:n_anchor["L5"]] + moves[0]),
                                     np.array(dst["L5"][:n_anchor["L5"]] + moves[1]))
    # the spline moves above follow vertex samples of two differently triangulated halves, which leaves the
    # bones a few hundredths to tenths of a millimetre off symmetric: square them again
    for name in TEMPLATE_BUILT:
        fitted[name] = symmetrize(fitted[name])
    # the thoracic level's costal facets, mammillary and accessory processes: local, far from the joints
    for name in THORACOLUMBAR:
        fitted[name] = thoracolumbar_features(fitted[name], name, dims)
    patches = _patches(fitted, frames, index)
    return fitted, patches


MIDLINE_MM = 0.5  # a landmark this close to the mid-sagittal plane is its own mirror image [M]


def _symmetric_spline(mesh, src: np.ndarray, dst: np.ndarray):
    """The thin-plate spline of ``src`` onto ``dst``, made mirror-symmetric.

    It takes the landmarks on the +x side and their mirror images (those within ``MIDLINE_MM`` of the midline
    once, set on it). The two sides' moves were sampled on two differently triangulated halves, so the splines
    left the bones up to 1.3 mm off symmetric at the inferior processes' tips (L1's, L2's), more than half the
    plate's thickness;
    :func:`symmetrize`, which moves each vertex halfway to the nearest point of the mirrored surface, then
    pulled points of one face onto the other and crossed the tip over itself (L1 9 -> 65 crossing pairs at full
    resolution). A symmetric spline leaves the bone as symmetric as it came (the warp: 0.3 mm).
    """
    from spineviz.anatomy.template_warp import thin_plate_spline

    src, dst = np.asarray(src, float), np.asarray(dst, float)
    flip = np.array([-1.0, 1.0, 1.0])
    mid = np.abs(src[:, 0]) <= MIDLINE_MM
    side = src[:, 0] > MIDLINE_MM
    on_mid = np.array([0.0, 1.0, 1.0])  # the midline's landmarks (anchors: they stay) set on it
    return thin_plate_spline(mesh, np.vstack([src[side], src[side] * flip, src[mid] * on_mid]),
                             np.vstack([dst[side], dst[side] * flip, dst[mid] * on_mid]))


def _process_behind(pts: np.ndarray, patch: np.ndarray, pedicle) -> np.ndarray:
    """Up to 40 surface points of the articular process carrying ``patch`` (vertex indices), off the patch.

    Where the joint fit moves a thoracic inferior facet (T11's, turned to face forward onto T12's) by a few
    millimetres, moving its face alone would squeeze the thin process between its face and its back into a
    blade (T11's pinched to a point, 5 mm off); its back and sides within ``PROCESS_REACH_MM`` of the face,
    below the pedicle, go along with the face instead.
    """
    lo, hi = PROCESS_REACH_MM
    d = np.min(np.linalg.norm(pts[:, None, :] - pts[_sample(patch, 80)][None], axis=2), axis=1)
    below = pts[:, 2] < pedicle.centre[2] - pedicle.height / 2
    same_side = np.sign(pts[:, 0]) == np.sign(pts[patch, 0].mean())
    return pts[_sample(np.flatnonzero((d > lo) & (d < hi) & below & same_side), 40)]


def _width_axis(n: np.ndarray, frame: np.ndarray) -> np.ndarray:
    """A joint's width axis (spine frame): horizontal in the lower bone's frame, square to the normal."""
    u = _unit(np.cross([0.0, 0.0, 1.0], transform_vectors(np.linalg.inv(frame), n[None])[0]))
    return _unit(transform_vectors(frame, u[None])[0])


def _sacral_facing_moves(l5, frame_l5: np.ndarray, frame_s1: np.ndarray, dims: dict[str, LevelDimensions]):
    """Landmark moves that turn each L5 inferior facet to face as the table's S1 superior facet.

    The template has no sacrum, so L5's inferior facets keep whatever facing the mean L5 had on its own
    (unseen) S1; stacked on the table's S1 with the table's L5/S1 lordosis they faced 6 deg *downward* in
    the S1 frame, where every measured lumbar superior facet of the mean shape (L2-L5 rows) faces 7-9 deg
    upward and the S1 row 5 deg upward. The plane through the facet's surface (sampled as the joint is)
    is turned about its centroid onto the S1 row's facing (``sft``, ``sfa``); the process follows.
    """
    from spineviz.anatomy.joints import superior_facet_normal

    lm = find_landmarks(l5, "L5", dims)
    placed = l5.transform(frame_l5, inplace=False)
    pts = np.asarray(l5.points)
    back = np.linalg.inv(frame_l5)
    d = dims["L5"]
    src, dst, patch = [], [], []
    for side in SIDES:
        surf = lm.articular[("inferior", side)]
        n = _unit(-transform_vectors(frame_l5, surf.normal[None])[0])
        centre = transform_points(frame_l5, np.asarray(surf.centre)[None])[0]
        hits, _, hit = _ray_grid(placed, centre, n, _width_axis(n, frame_s1), d.ifw / 2 * 0.9, d.ifh / 2 * 0.9, n)
        h = hits[hit]
        c = h.mean(axis=0)
        m = np.linalg.svd(h - c)[2][2]
        m = m if m @ n > 0 else -m
        target = transform_vectors(frame_s1, superior_facet_normal(dims["S1"].sft, dims["S1"].sfa, side)[None])[0]
        rot = _rotation_between(_unit(m), _unit(target))
        for i in _sample(np.arange(len(h)), 60):
            src.append(transform_points(back, h[i][None])[0])
            dst.append(transform_points(back, (c + rot @ (h[i] - c))[None])[0])
        patch.append(transform_points(back, h))
    _hold_far(pts, np.vstack(patch), src, dst)
    return src, dst


def _gap_moves(upper, lower, frame_upper, frame_lower, lower_name: str):
    """Landmark moves that put each inferior facet exactly ``BONE_GAP_MM`` off its partner, along its normal.

    Points of the upper bone within ``FACET_CONTACT_MM`` + 0.5 mm of the lower one that face the lower
    bone's superior articular surface move along its normal at the nearest point by their error (at most
    1.5 mm); everything more than 10 mm from both facets stays.
    """
    near = contact_region(upper, lower, frame_upper, frame_lower, reach=FACET_CONTACT_MM + 0.5)
    pts, nrm = _normals(upper)
    placed = transform_points(frame_upper, pts)
    placed_nrm = transform_vectors(frame_upper, nrm)
    back = np.linalg.inv(frame_upper)
    src, dst, errors = [], [], []
    for side in SIDES:
        idx = np.flatnonzero(near & (_SIGN[side] * pts[:, 0] > 0))
        if len(idx) < 30:
            return None
        # the partner's superior articular surface only (not its lamina or mammillary process)
        facet = find_landmarks(lower, lower_name).articular[("superior", side)]
        low_pts = transform_points(frame_lower, facet.points)
        low_nrm = transform_vectors(frame_lower, facet.normals)
        for i in _sample(idx, 60):
            j = _closest(placed[i][None], low_pts)[0]
            off = placed[i] - low_pts[j]
            along = float(off @ low_nrm[j])
            # only points facing the partner's surface (not past its rim, where the nearest point's normal
            # turns away) are moved; the others follow through the spline
            if along < 0.9 * np.linalg.norm(off) or abs(along - BONE_GAP_MM) > 1.5:
                continue
            # nor the back of the process where it thins to its tip: it lies within reach too, a bone gap and the
            # plate's thickness off, and moved by that error it passed through the face (L1's and L2's tips)
            if placed_nrm[i] @ low_nrm[j] > -FACING_COS:
                continue
            src.append(pts[i])
            dst.append(transform_points(back, (placed[i] - (along - BONE_GAP_MM) * low_nrm[j])[None])[0])
            errors.append(along - BONE_GAP_MM)
    lo, hi = np.percentile(errors, [25, 75]) if errors else (0.0, 0.0)
    if -GAP_TOLERANCE_MM < lo and hi < GAP_TOLERANCE_MM:
        return None  # already seated: moving it would only grow its contact patch and add ripples
    _hold_far(pts, pts[near], src, dst)
    return src, dst


# a sample of an inferior facet moves onto its partner only where its own normal faces the partner's, within 60 deg
# [M]: the back of a thin process's tip lies within the reach of the moves as well
FACING_COS = 0.5
FACET_CONTACT_MM = BONE_GAP_MM + 1.0  # the inferior facet: the upper bone within this of the lower one
GAP_TOLERANCE_MM = 0.25  # a joint whose middle half of facing points is this close to the gap is left alone


def contact_region(upper, lower, frame_upper: np.ndarray, frame_lower: np.ndarray,
                   reach: float = FACET_CONTACT_MM) -> np.ndarray:
    """Vertex mask of ``upper`` (local frame) lying within ``reach`` mm of ``lower`` in the spine."""
    placed_u = upper.transform(frame_upper, inplace=False)
    placed_l = lower.transform(frame_lower, inplace=False)
    return np.abs(placed_u.compute_implicit_distance(placed_l).point_data["implicit_distance"]) < reach


SIZE_TOLERANCE = 0.05  # the last sizing pass leaves a facet within 5 % of the table's width and height alone


def _facet_size_moves(upper, lower, frame_upper, frame_lower, d: LevelDimensions, tolerance: float = 0.0):
    """Landmark moves that scale each inferior facet in its own plane to the table's width and height.

    Sizes are measured the way the tests do (the contact region's 2-98 % extents along the facet's
    horizontal and up-slope axes); points move along those axes only, so they stay on the joint. With a
    ``tolerance``, None when both facets are already within it of the table.
    """
    from spineviz.anatomy.measure import facet_patch_size

    near = contact_region(upper, lower, frame_upper, frame_lower)
    pts = np.asarray(upper.points)
    _, nrm = _normals(upper)
    src, dst, off = [], [], []
    for side in SIDES:
        idx = np.flatnonzero(near & (_SIGN[side] * pts[:, 0] > 0))
        if len(idx) < 30:
            return None
        n = _unit(nrm[idx].sum(axis=0))
        got = facet_patch_size(pts[idx], n)
        off += [abs(got["width"] / d.ifw - 1.0), abs(got["height"] / d.ifh - 1.0)]
        u = _unit(np.cross([0.0, 0.0, 1.0], n))
        v = np.cross(n, u)
        c = pts[idx].mean(axis=0)
        # the facet's top edge (under the pars) stays; its lower end moves, away from the process below
        top = float(np.percentile((pts[idx] - c) @ v, 98.0))
        for i in _sample(idx, 40):
            r = pts[i] - c
            height = top + (r @ v - top) * d.ifh / got["height"]
            moved = c + (r @ u) * d.ifw / got["width"] * u + height * v + (r @ n) * n
            src.append(pts[i])
            dst.append(moved)
    if max(off) <= tolerance:
        return None
    # everything more than 10 mm from both facets stays put, so only the inferior processes change
    _hold_far(pts, pts[near & (np.abs(pts[:, 0]) > 0)], src, dst)
    return src, dst


def _hold_far(pts: np.ndarray, patch: np.ndarray, src: list, dst: list) -> None:
    """Pin (src = dst) 160 surface points more than 10 mm from ``patch``: a local move stays local."""
    far = np.flatnonzero(np.min(np.linalg.norm(pts[:, None, :] - _sample_points(patch, 80)[None], axis=2),
                                axis=1) > 10.0)
    for i in _sample(far, 160):
        src.append(pts[i])
        dst.append(pts[i])


def _sample_points(points: np.ndarray, n: int) -> np.ndarray:
    return points[_sample(np.arange(len(points)), n)]


_ANGLES = np.linspace(0.0, 2 * np.pi, SPOKES, endpoint=False)
_RINGS = np.linspace(1.0 / RINGS, 1.0, RINGS)


def _cast(mesh, g: np.ndarray, toward: np.ndarray) -> np.ndarray | None:
    """The surface point of ``mesh`` on the line through ``g`` along ``toward`` (within 12 mm) nearest ``g``."""
    hits, _ = mesh.ray_trace(g - 12.0 * toward, g + 12.0 * toward)
    if not len(hits):
        return None
    t = (np.asarray(hits) - g) @ toward
    return np.asarray(hits)[np.argmin(np.abs(t))]


def _grid_point(centre, u, v, hw, hh, r: float, a: float) -> np.ndarray:
    return centre + r * (hw * np.cos(a) * u + hh * np.sin(a) * v)


def _spoke_reach(mesh, centre: np.ndarray, normal: np.ndarray, u: np.ndarray, hw: float, hh: float,
                 toward: np.ndarray) -> np.ndarray:
    """(SPOKES,) how far each spoke of the polar grid may reach with every ray along it meeting ``mesh``.

    The reach is a fraction of the facet's half axes.
    Where the table's facet is larger than the bone's own (the warped template's T12 inferior facets), a
    spoke is drawn in until all its rings land on the facet, so the patch follows the facet's outline.
    Grid points off the bone's edge used to fall on the nearest surface point, which folded the T12/L1
    cartilage over on itself.
    """
    v = np.cross(normal, u)
    reach = np.ones(SPOKES)
    for k, a in enumerate(_ANGLES):
        while reach[k] > SPOKE_MIN_REACH and any(
                _cast(mesh, _grid_point(centre, u, v, hw, hh, r * reach[k], a), toward) is None for r in _RINGS[::-1]):
            reach[k] -= SPOKE_STEP
    return reach


def _articular_reach(mesh, centre: np.ndarray, normal: np.ndarray, u: np.ndarray, hw: float, hh: float,
                     toward: np.ndarray, reach: np.ndarray) -> np.ndarray:
    """``reach`` (SPOKES,) drawn in further, by SPOKE_STEP, until each spoke's rays meet ``mesh`` on its facet.

    On its articular facet: FACET_TURN_DEG, FACET_DROP_MM. For the thoracic template levels' superior facets (T11
    under T10, T12 under T11), so that neither side's samples run off the facet's rim or down the process's side.
    The two sides share the grid, so the upper bone's samples (T10's, T11's) are drawn in with the lower one's.
    """
    v = np.cross(normal, u)
    pts, nrm_all = _normals(mesh)
    mid = _cast(mesh, centre, toward)
    level = centre if mid is None else mid
    cos_turn = np.cos(np.radians(FACET_TURN_DEG))

    def on_facet(g: np.ndarray) -> bool:
        h = _cast(mesh, g, toward)
        if h is None:
            return False
        nh = nrm_all[_closest(h[None], pts)[0]]
        return float(-(nh @ toward)) >= cos_turn and abs(float((h - level) @ normal)) <= FACET_DROP_MM

    reach = reach.copy()
    for k, a in enumerate(_ANGLES):
        while reach[k] > SPOKE_MIN_REACH and not all(
                on_facet(_grid_point(centre, u, v, hw, hh, r * reach[k], a)) for r in _RINGS[::-1]):
            reach[k] -= SPOKE_STEP
    return reach


def _ray_grid(mesh, centre: np.ndarray, normal: np.ndarray, u: np.ndarray, hw: float, hh: float,
              toward: np.ndarray, reach: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Points of ``mesh`` hit by rays along ``toward`` from a polar grid on the plane (centre, u, v).

    Also the mesh's normals there and whether each ray hit. Each spoke reaches ``reach`` of the half axes
    (the two bones of a joint share one ``reach``, so sample i of one still faces sample i of the other).
    """
    v = np.cross(normal, u)
    reach = np.ones(SPOKES) if reach is None else reach
    pts, nrm_all = _normals(mesh)
    grid = [centre] + [_grid_point(centre, u, v, hw, hh, r * reach[k], a)
                       for r in _RINGS for k, a in enumerate(_ANGLES)]
    out, normals, hit = [], [], []
    for g in grid:
        h = _cast(mesh, g, toward)
        hit.append(h is not None)
        if h is None:  # off the bone's edge: the nearest surface point
            h = pts[_closest(g[None], pts)[0]]
        out.append(h)
        normals.append(nrm_all[_closest(h[None], pts)[0]])
    return np.array(out), np.array(normals), np.array(hit)


def _partner_surface(pts: np.ndarray, nrm: np.ndarray, hit: np.ndarray, centre: np.ndarray, n: np.ndarray,
                     u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The procedural partner's facet facing a template surface: a quadric one bone gap off it.

    ``pts``/``nrm`` sample the template bone's articular surface (normals pointing at the partner); they
    are moved ``BONE_GAP_MM`` along their normals and a quadric is fitted to them in the joint frame
    (centre, u, n x u, n), so the partner, which is built from a signed-distance model, can carry exactly
    that surface (see :class:`spineviz.anatomy.sdf.Facet`). Returns the quadric sampled at the same grid
    and its unit normals facing back at the template bone.
    """
    from spineviz.anatomy.sdf import bend_height, fit_bend

    moved = pts + BONE_GAP_MM * nrm
    use = hit if hit.sum() >= 12 else np.ones(len(pts), bool)
    coef = fit_bend(moved[use], centre, n, u)
    v = np.cross(n, u)
    r = moved - centre
    pu, pv = r @ u, r @ v
    big = 1e6  # no radial clamp here: the samples lie within the facet
    h = bend_height(coef, pu, pv, big, big)
    a, b, c, d, e, _f = coef
    dh_du, dh_dv = 2 * a * pu + b * pv + d, b * pu + 2 * c * pv + e
    surface = centre + np.outer(pu, u) + np.outer(pv, v) + np.outer(h, n)
    up = n[None, :] - np.outer(dh_du, u) - np.outer(dh_dv, v)  # the quadric's normal toward +n
    up /= np.linalg.norm(up, axis=1, keepdims=True)
    facing = -up if (nrm @ n).mean() > 0 else up  # facing the template bone, against its normals
    return surface, facing


def _drawn_in(own: np.ndarray, nrm: np.ndarray, facing: np.ndarray, centre: np.ndarray, n: np.ndarray,
              u: np.ndarray, hw: float, hh: float) -> tuple[np.ndarray, np.ndarray]:
    """``own`` (a polar grid: centre, then RINGS rings of SPOKES), each spoke drawn in to ``facing``'s reach.

    In the joint's plane, its rings respaced evenly along the sampled spoke (linearly between samples): the
    trim softtissue._within_partner made on T10's drawn layer, made on its samples, so that the layer and the
    load model's samples are one surface (session 22, t10e). Moved across the bone gap along T11's normals,
    which lean out at the rim, T10's outer samples reach past T11's.
    """
    v = np.cross(n, u)
    mine, theirs = (oval_radius(p, centre, u, v, hw, hh) for p in (own, facing))
    pts, nms = own.copy(), nrm.copy()
    for k in range(SPOKES):
        idx = np.r_[0, 1 + k + SPOKES * np.arange(RINGS)]
        level = mine[idx] - theirs[idx[-1]]
        if level[-1] > 0.0 and level[0] < 0.0:  # only a spoke whose end lies past the facing one's
            draw_in_spoke(pts, nms, idx, first_past(level, level))
    return pts, nms


def _across(pts: np.ndarray, nrm: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """T10's samples of T10/11: T11's sampled articular facet moved BONE_GAP_MM along its normals, facing back.

    T10's bone is built to face exactly that surface (shapes/thoracic.IAP_FACE_T10; its facet cut is still the
    quadric fitted to these samples), so its layer, drawn on these samples, and the load model's samples are one
    surface (session 22, t10e). Until then T10 carried the quadric itself (:func:`_partner_surface`, still the
    sacrum's): its samples stood 1.05-2.7 mm off T11, and the bone, grown to 2.0 mm off T11, buried a quarter of
    the layer's points up to 0.7 mm deep.
    """
    return pts + BONE_GAP_MM * nrm, -nrm


_MIRROR = np.diag([-1.0, 1.0, 1.0])  # the spine frame's mid-sagittal mirror (x = 0)


def _joint_frame(lms: dict, frames, index, up: str, low: str, side: str) -> tuple[np.ndarray, np.ndarray]:
    """One joint's centre and normal (spine frame) from its template bone's articular patch."""
    if low in TEMPLATE_BUILT:  # the joint faces as the lower bone's superior facet does
        fr = frames[index[low]]
        surf = lms[low].articular[("superior", side)]
        n = _unit(transform_vectors(fr, surf.normal[None])[0])
        return transform_points(fr, np.asarray(surf.centre)[None])[0] + 0.5 * BONE_GAP_MM * n, n
    # L5/S1: as L5's inferior facet does, the normal pointing back at it
    fu = frames[index[up]]
    surf = lms[up].articular[("inferior", side)]
    n = _unit(-transform_vectors(fu, surf.normal[None])[0])
    return transform_points(fu, np.asarray(surf.centre)[None])[0] - 0.5 * BONE_GAP_MM * n, n


def _symmetric_joint_frame(lms: dict, frames, index, up: str, low: str, side: str) -> tuple[np.ndarray, np.ndarray]:
    """The joint's centre and normal made the mirror image of its partner's across the mid-sagittal plane.

    The template bones are symmetric (:func:`spineviz.anatomy.template.symmetrize`) and the stack is, so the
    two sides differ only by where the landmark finder's vertex selections happen to fall on two
    differently triangulated halves (up to 0.5 mm and 1.5 deg): both are taken as the mean of the side's
    own and the mirrored other side's.
    """
    other = "right" if side == "left" else "left"
    c, n = _joint_frame(lms, frames, index, up, low, side)
    c_o, n_o = _joint_frame(lms, frames, index, up, low, other)
    return 0.5 * (c + _MIRROR @ c_o), _unit(n + _MIRROR @ n_o)


def _patches(fitted, frames, index) -> dict[str, FacetPatch]:
    """Every joint touching a template level: both surfaces sampled on a polar grid across the facet.

    Between two template levels both surfaces are the bones' own. Where the partner is procedural (T10
    above T11, the sacrum below L5) the template side is the bone's own, and the partner's lies one bone gap
    off it: the sacrum's the quadric (:func:`_partner_surface`), T10's the surface itself moved across
    (:func:`_across`), which the partner then carries: both stay curved. Where the lower bone is a thoracic
    template level (T10/11, T11/12) the shared grid is drawn in to its superior articular facet
    (:func:`_articular_reach`).
    """
    from spineviz.anatomy.tables import dimensions

    dims = dimensions()
    lms = {name: find_landmarks(fitted[name], name, dims) for name in TEMPLATE_BUILT}
    out = {}
    for jid in FACET_JOINT_IDS:
        up, low = jid.segment.upper.name, jid.segment.lower.name
        if up not in TEMPLATE_BUILT and low not in TEMPLATE_BUILT:
            continue
        side = jid.side
        hw, hh = dims[up].ifw / 2 * 0.9, dims[up].ifh / 2 * 0.9
        fr = frames[index[low]]
        centre, n = _symmetric_joint_frame(lms, frames, index, up, low, side)
        u = _width_axis(n, fr)
        placed = {name: fitted[name].transform(frames[index[name]], inplace=False)
                  for name in (up, low) if name in TEMPLATE_BUILT}
        reach = np.min([_spoke_reach(mesh, centre, n, u, hw, hh, -n if name == low else n)
                        for name, mesh in placed.items()], axis=0)
        if low in THORACOLUMBAR:  # T10/11, T11/12: only the thoracic superior facet itself (FACET_TURN_DEG)
            reach = _articular_reach(placed[low], centre, n, u, hw, hh, -n, reach)
        if low in TEMPLATE_BUILT:
            lo, lo_n, _lo_hit = _ray_grid(placed[low], centre, n, u, hw, hh, -n, reach)
        if up in TEMPLATE_BUILT:
            hi, hi_n, hi_hit = _ray_grid(placed[up], centre, n, u, hw, hh, n, reach)
        if up not in TEMPLATE_BUILT:  # T10's face: T11's articular facet moved across the bone gap
            hi, hi_n = _drawn_in(*_across(lo, lo_n), lo, centre, n, u, hw, hh)
        if low not in TEMPLATE_BUILT:  # the sacrum carries the quadric off L5's inferior facet
            lo, lo_n = _partner_surface(hi, hi_n, hi_hit, centre, n, u)
        mid = 0.5 * (lo + hi)
        out[jid.name] = FacetPatch(jid.name, lo, lo_n, hi, hi_n, mid[0], n, u)
    return out


def write_facet_surfaces(patches: dict[str, FacetPatch], path) -> None:
    """Store the joints for :func:`spineviz.anatomy.joints.read_facet_surfaces` (float32, atomically).

    Flat joints (a procedural partner) store only their plane; curved ones both sampled surfaces.
    """
    from spineviz.atomic import atomic_output

    arrays = {}
    for name, p in patches.items():
        arrays[f"{name}|centre"] = p.centre
        arrays[f"{name}|normal"] = p.normal
        arrays[f"{name}|u"] = p.u
        if np.ptp(p.lower_normals @ p.normal) > 1e-6:  # curved
            for field in ("lower", "lower_normals", "upper", "upper_normals"):
                arrays[f"{name}|{field}"] = getattr(p, field)
    arrays = {k: np.asarray(v, np.float32) for k, v in sorted(arrays.items())}
    with atomic_output(path) as tmp, open(tmp, "wb") as fh:
        np.savez_compressed(fh, **arrays)


@cache
def fitted_lumbar():
    """:func:`fit_lumbar` on the shipped tables (cached: the mesh build asks once per level and LOD)."""
    from spineviz.anatomy.frames import stack_frames
    from spineviz.anatomy.tables import dimensions, segments

    dims = dimensions()
    frames, _ = stack_frames(dims, segments())
    return fit_lumbar(dims, frames)
