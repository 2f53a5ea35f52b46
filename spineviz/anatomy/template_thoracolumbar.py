"""T12 from the lumbar template: the thoracolumbar transition a teacher expects, on the warped L2 shape.

T12 shares the lumbar plan below its pedicles (a lumbar-type inferior articular process, a hatchet spine)
and the thoracic one above them. Starting from the mean L2 shape (Clouthier 2023) warped to T12's row of
``dimensions.csv`` (:func:`spineviz.anatomy.template_warp.warp_to_table`, which already shortens the spine
and pulls the transverse tips in to the row's span, so the long lumbar costal process becomes a stub),
this module makes the rest of the change, each step a local, smooth move of the surface:

- :func:`turn_superior_facets`: the superior articular facets turn from the lumbar facing (medial, curved)
  to the thoracic one of the row's facet angles (``sft``/``sfa``: back, up and a little out) and flatten;
  a thin-plate spline carries the process along, the pedicles and everything far away held;
- :func:`costal_facet`: one whole costal facet on each side of the body by the pedicle, for the head of
  the 12th rib: a shallow flat oval face sunk under 1 mm into the convex side (Gray 1918, "The Thoracic
  Vertebrae": T12 has a single whole facet on each side, none on its short transverse process);
- :func:`tubercle`: the mammillary process (on the back of the superior articular process) and the
  accessory process (below and behind the transverse stub), small smooth bumps; on the mean L2 shape
  the mammillary process is a faint swelling only.

T11 is made the same way from the same L2 shape warped to T11's row (Gray 1918: its body "approaches in its
form and size to that of the lumbar vertebrae"), with two differences: its inferior processes turn too
(:func:`turn_inferior_processes`; T11/T12 is a thoracic joint, so T11's inferior facets face forward onto
T12's turned superior ones) and its costal facet lies level with the pedicle; the upper border of its
spine falls toward the tip (:func:`lower_spine_border`).

The feature positions are kept in the mesh's ``field_data`` so that the build writes them as landmarks
(``costal_demifacet_<side>_0``, ``mammillary_<side>``, ``accessory_<side>``).
"""

from __future__ import annotations

import numpy as np

from spineviz.anatomy.tables import LevelDimensions

# Levels built from the template although the table calls them thoracic (the top template level first).
THORACOLUMBAR = ("T11", "T12")
_SIGN = {"left": -1.0, "right": 1.0}
_FLIP = np.array([-1.0, 1.0, 1.0])  # mirror image across the mid-sagittal plane x = 0
# How much of the superior facet's departure from its plane is taken out when it turns thoracic (a
# modelling value: thoracic superior facets are nearly flat, the lumbar ones a J in an axial cut).
FLATTEN = 0.6
# The superior articular process turns whole within the first distance of its facet's centre, not at all
# beyond the second, mm (modelling values: the process is about 12 mm across).
SWING_MM = (7.0, 14.0)
# The superior process turns by a share of the whole turn (the same axis through the same centre), the share
# falling off with the distance from the facet's centre, and not by a blend of its turned and unturned
# positions. Such a map's Jacobian determinant is 1 + angle * grad(share) . (axis x (p - centre)): a share
# that depends on the distance alone leaves it at 1 (each sphere about the centre turns as a whole), and
# only the holds below change it. The blend of the two positions used until session 26, with the pedicle held
# by a 4 mm ramp, folded T11's and T12's processes over themselves at their lateral rims (75 and 74 pairs of
# crossing triangles on the default meshes; determinant down to -1.1 in T11's bone, -0.97 in T12's, below
# zero at about 800 points a side of a 0.5 mm grid at the process's lateral rim).
# SWING_HOLD_MM: the pedicle and the root of the transverse process stay: the share grows (smoothstep) from
# nothing at the first distance below the pedicle's centre to whole over the second, mm, so the facet, 5.6-6.2 mm
# above the pedicle's centre, turns whole as before and the ramp lies lower and longer than the old 4 mm;
# SWING_MIDLINE_MM: the share fades (smoothstep) to nothing at the midline over this distance, where the two
# sides' turns meet. With these the determinant stays positive in the bone: 0.6 in T12's and 0.03-0.15 in T11's
# (whose facets lie nearer the midline), at the upper border of the lamina beside the midline (modelling values [M]).
SWING_HOLD_MM = (8.0, 12.0)
SWING_MIDLINE_MM = 3.0
# Costal facet on the body: half width (along the body's side) and half height, and how far its flat face
# is sunk below the most prominent bone it replaces, mm. Modelling values sized to a rib head (about
# 10 x 8 mm on a dry T12), held under 2 mm deep by the tests: a surface, not a bite.
COSTAL_HALF = (5.0, 4.2)
COSTAL_SINK = 0.9
# Where the costal facet's centre lies below the pedicle's centre, as a fraction of the pedicle's height: at
# T12 on the body, a little below the pedicle root; at T11 the facet is "placed chiefly on the pedicles"
# (Gray 1918, "The Thoracic Vertebrae"), so level with the pedicle's centre (modelling values).
COSTAL_DROP = {"T11": 0.0, "T12": 0.25}
# Mammillary and accessory tubercles: height and radius of the smooth bump, mm (modelling values, small
# tubercles as on a dry T12).
MAMMILLARY = (2.2, 4.5)
ACCESSORY = (1.8, 3.5)
# A tubercle's bump rises fully where the surface faces its axis within this cosine and less where the surface
# turns away, down to nothing where it faces square to the axis (a modelling value [M]).
BUMP_FACING = 0.5
# Levels whose mammillary and accessory tubercles are placed once, on the left, from the mean of the left
# landmark and the mirror image of the right one, then mirrored (:func:`tubercle_pair`). On the symmetric
# bone the landmark finder put T12's right superior facet centre 2.5 mm lower and 2.2 mm more lateral than the
# mirror image of the left one, so its processes stood 3.0 mm out of mirror (the left 2 mm higher, 2.3 mm
# more medial, 2.2-3.2 mm from its facet's lower medial rim). T11's are 0.6 mm out and are left: moving them
# moves the T10/11 joint grid drawn on T11's facet, which T10 is built to meet (see the T10 notch test).
MIRRORED_TUBERCLES = ("T12",)
# How far the upper border of the spinous process comes down at its free end, mm, and over which stretch
# behind its root the drop grows from nothing to whole (modelling values). The mean L2's hatchet keeps
# its upper border level to the tip; at T11 that border met the steep spine of T10 at the end of
# extension (1.75 mm deep, 28.5 mm from the facets). T11's spine is "short, and nearly horizontal"
# (Gray 1918, "The Thoracic Vertebrae") and lower than a lumbar hatchet, so its upper border falls toward
# the tip and the spine above rides over it.
SPINE_TOP_DROP = {"T11": 4.0}
SPINE_DROP_RAMP_MM = (8.0, 18.0)
SPINE_SQUEEZE_MM = 6.0


def _unit(v) -> np.ndarray:
    v = np.asarray(v, float)
    return v / np.linalg.norm(v)


def _point_normals(mesh) -> tuple[np.ndarray, np.ndarray]:
    m = mesh.compute_normals(cell_normals=False, point_normals=True, auto_orient_normals=True,
                             consistent_normals=True, split_vertices=False)
    return np.asarray(m.points, float), np.asarray(m.point_data["Normals"], float)


def turn_superior_facets(mesh, name: str, source: str, dims: dict[str, LevelDimensions]):
    """Turn both superior facets of a warped template level to its table row's facing, and flatten them.

    The facets are found with the source part's priors (``source``: the mean shape they came from, whose
    facing they still have); each patch is turned about its centroid onto the row's facing and most of its
    curvature taken out; a thin-plate spline moves the process with it while the pedicles (their surface
    around the isthmus) and every point more than 10 mm from both patches stay.
    """
    from spineviz.anatomy.joints import superior_facet_normal
    from spineviz.anatomy.landmarks import SIDES, find_landmarks
    from spineviz.anatomy.template_fit import _hold_far, _rotation_between, _sample
    from spineviz.anatomy.template_warp import thin_plate_spline

    d = dims[name]
    mesh = _swing_processes(mesh, find_landmarks(mesh, source, dims), d)
    lm = find_landmarks(mesh, name, dims)
    pts = np.asarray(mesh.points, float)
    src, dst, patches = [], [], []
    for side in SIDES:
        surf = lm.articular[("superior", side)]
        target = superior_facet_normal(d.sft, d.sfa, side)
        c = surf.points.mean(axis=0)
        rot = _rotation_between(_unit(surf.normal), _unit(target))
        for i in _sample(np.arange(len(surf.points)), 60):
            q = c + rot @ (surf.points[i] - c)
            q -= FLATTEN * float((q - c) @ target) * target
            src.append(surf.points[i])
            dst.append(q)
        patches.append(surf.points)
    patch = np.vstack(patches)
    for p in lm.pedicles.values():  # the pedicle keeps the table's size: hold its surface at the isthmus
        near = np.flatnonzero((np.linalg.norm(pts - p.centre, axis=1) < max(p.width, p.height) / 2 + 2.0)
                              & (np.min(np.linalg.norm(pts[:, None] - patch[None, ::7], axis=2), axis=1) > 4.0))
        for i in _sample(near, 24):
            src.append(pts[i])
            dst.append(pts[i])
    _hold_far(pts, patch, src, dst)
    return thin_plate_spline(mesh, np.array(src), np.array(dst))


def _superior_turns(lm, d: LevelDimensions) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per side, the superior facet's centre (as the source shape has it) and its turn onto the row's facing."""
    from spineviz.anatomy.joints import superior_facet_normal
    from spineviz.anatomy.landmarks import SIDES
    from spineviz.anatomy.template_fit import _rotation_between

    out = {}
    for side in SIDES:
        surf = lm.articular[("superior", side)]
        out[side] = (surf.points.mean(axis=0),
                     _rotation_between(_unit(surf.normal), _unit(superior_facet_normal(d.sft, d.sfa, side))))
    return out


def _swing(pts: np.ndarray, out: np.ndarray, near: np.ndarray, pivot: np.ndarray, rot: np.ndarray,
           w: np.ndarray) -> None:
    """Add to ``out`` the turn of ``pts`` by ``rot`` about ``pivot``, whole within ``SWING_MM[0]`` of ``near``.

    The turn fades smoothly (smoothstep) to nothing by ``SWING_MM[1]``; ``w`` (0-1 per point) limits it
    further to the process that moves.
    """
    r0, r1 = SWING_MM
    dist = np.linalg.norm(pts - near, axis=1)
    w = w * np.clip((r1 - dist) / (r1 - r0), 0.0, 1.0)
    w = w * w * (3.0 - 2.0 * w)
    out += w[:, None] * ((pivot + (pts - pivot) @ rot.T) - pts)


def _smoothstep(t: np.ndarray) -> np.ndarray:
    t = np.clip(t, 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def _axis_angle(rot: np.ndarray) -> tuple[np.ndarray, float]:
    """The unit axis and the angle (radians, 0 to pi) of a rotation matrix."""
    angle = float(np.arccos(np.clip((np.trace(rot) - 1.0) / 2.0, -1.0, 1.0)))
    axis = np.array([rot[2, 1] - rot[1, 2], rot[0, 2] - rot[2, 0], rot[1, 0] - rot[0, 1]])
    n = np.linalg.norm(axis)
    return (axis / n if n > 1e-12 else np.array([0.0, 0.0, 1.0])), angle


def superior_swing_share(pts: np.ndarray, centre: np.ndarray, pedicle_z: float, side: str,
                         body_back: float) -> np.ndarray:
    """The share (0-1) of the whole turn that each point of ``pts`` takes in :func:`_swing_processes`.

    Whole within ``SWING_MM[0]`` of the facet's ``centre``, nothing beyond ``SWING_MM[1]`` (smoothstep in
    between); held below the pedicle's centre (``SWING_HOLD_MM``), faded out at the midline
    (``SWING_MIDLINE_MM``) and nothing in front of the body's back (``body_back``, y, mm).
    """
    r0, r1 = SWING_MM
    below, over = SWING_HOLD_MM
    share = _smoothstep((r1 - np.linalg.norm(pts - centre, axis=1)) / (r1 - r0))
    share = share * _smoothstep((pts[:, 2] - (pedicle_z - below)) / over)
    share = share * _smoothstep(_SIGN[side] * pts[:, 0] / SWING_MIDLINE_MM)
    return share * (pts[:, 1] < body_back)


def _twist(pts: np.ndarray, centre: np.ndarray, rot: np.ndarray, share: np.ndarray) -> np.ndarray:
    """``pts`` each turned about ``centre`` by its ``share`` of the rotation ``rot`` (same axis, part of the angle)."""
    axis, angle = _axis_angle(rot)
    a = share * angle
    c, s = np.cos(a)[:, None], np.sin(a)[:, None]
    d = pts - centre
    return centre + d * c + np.cross(axis, d) * s + axis * (d @ axis)[:, None] * (1.0 - c)


def _swing_processes(mesh, lm, d: LevelDimensions):
    """Turn each superior articular process, about its facet's centre, toward the row's facing.

    The points of the process within ``SWING_MM[0]`` of the facet's centre take the whole turn, less toward
    the pedicle; the turn's angle fades smoothly to nothing by ``SWING_MM[1]``, below the pedicle
    (``SWING_HOLD_MM``) and at the midline (:func:`superior_swing_share`), so the lumbar process, a plate
    standing front to back, becomes a plate across without folding over itself.
    """
    import pyvista as pv

    pts = np.asarray(mesh.points, float)
    out = pts.copy()
    back = float(lm.upper_endplate.rim[:, 1].min())
    for side, (c, rot) in _superior_turns(lm, d).items():
        share = superior_swing_share(pts, c, lm.pedicles[side].centre[2], side, back)
        out += _twist(pts, c, rot, share) - pts
    return pv.PolyData(out, mesh.faces)


def turn_inferior_processes(mesh, name: str, below: str, source: str, dims: dict[str, LevelDimensions]):
    """Turn each inferior articular process of ``name`` with the superior one of the template level below it.

    A thoracic joint (T11/T12: T11's inferior facets face forward onto T12's superior ones, which face back;
    Gray 1918, "The Thoracic Vertebrae") made from two lumbar-template bones: in the template the inferior
    process of the upper bone wraps its partner's superior process, so both turn by the same rotation
    about the same centre (the lower facet's, carried into this bone's frame as the template placed the two
    bones, see :func:`spineviz.anatomy.template_fit._template_relative`) and stay congruent. The joint fit
    then seats the turned surfaces a bone gap apart. Everything below the pedicle's middle on the side,
    within ``SWING_MM`` of the inferior facet, turns; the pedicle and body stay.
    """
    import pyvista as pv

    from spineviz.anatomy.landmarks import SIDES, find_landmarks
    from spineviz.anatomy.template_fit import _template_relative

    lm = find_landmarks(mesh, source, dims)
    lm_below = find_landmarks(warp_plain(below, dims), source, dims)
    to_mine = np.linalg.inv(_template_relative(name, below))
    turns = _superior_turns(lm_below, dims[below])
    pts = np.asarray(mesh.points, float)
    out = pts.copy()
    for side in SIDES:
        c, rot = turns[side]
        pivot = to_mine[:3, :3] @ c + to_mine[:3, 3]
        rot_mine = to_mine[:3, :3] @ rot @ to_mine[:3, :3].T
        ped = lm.pedicles[side]
        w = np.clip((ped.centre[2] - pts[:, 2]) / 4.0, 0.0, 1.0)  # the pedicle stays
        w *= (_SIGN[side] * pts[:, 0] > 0) * (pts[:, 1] < lm.lower_endplate.rim[:, 1].min())
        _swing(pts, out, lm.articular[("inferior", side)].points.mean(axis=0), pivot, rot_mine, w)
    return pv.PolyData(out, mesh.faces)


def warp_plain(name: str, dims: dict[str, LevelDimensions]):
    """The template shape warped to ``name``'s row, before any thoracolumbar change (see template_warp)."""
    from spineviz.anatomy.template_warp import warp_to_table

    return warp_to_table(name, dims, thoracic=False)


def costal_facet(pts: np.ndarray, nrm: np.ndarray, centre: np.ndarray, out: np.ndarray,
                 half: tuple[float, float] = COSTAL_HALF, sink: float = COSTAL_SINK) -> np.ndarray:
    """Flatten an oval of the surface around ``centre`` onto a plane ``sink`` mm inside it, facing ``out``.

    Points proud of the plane inside the oval move onto it along ``out``; the move fades to nothing over
    the oval's outer third, so the face meets the bone around it without a step (a shallow articular face
    with a low rim, never a pit). Returns the moved points.
    """
    out = _unit(out)
    up = _unit(np.array([0.0, 0.0, 1.0]) - out[2] * out)
    across = np.cross(up, out)
    rel = pts - centre
    r = np.hypot((rel @ across) / half[0], (rel @ up) / half[1])
    facing = nrm @ out > 0.3
    w = np.clip((1.3 - r) / 0.45, 0.0, 1.0) * facing
    w = w * w * (3.0 - 2.0 * w)  # smoothstep
    proud = np.maximum(rel @ out + sink, 0.0)
    return pts - (w * proud)[:, None] * out


def tubercle(pts: np.ndarray, nrm: np.ndarray, centre: np.ndarray, height: float,
             radius: float) -> tuple[np.ndarray, np.ndarray]:
    """Raise a smooth round bump ``height`` mm tall over ``radius`` mm of the surface nearest ``centre``.

    Returns the moved points and the middle of the bump (half its height under its top: inside the bone).
    """
    i = int(np.argmin(np.linalg.norm(pts - centre, axis=1)))
    return _bump(pts, nrm, pts[i], nrm[i], height, radius)


def _bump(pts, nrm, top, axis, height, radius) -> tuple[np.ndarray, np.ndarray]:
    dist = np.linalg.norm(pts - top, axis=1)
    # the surface facing away from the bump's axis stays, and the surface turning away from it rises less
    # and less (BUMP_FACING), not all or nothing: a sharp cut-off crossed triangles over on the rim of T11's and
    # T12's superior processes (session 26)
    w = np.clip(1.0 - (dist / radius) ** 2, 0.0, 1.0) ** 2 * np.clip(nrm @ axis / BUMP_FACING, 0.0, 1.0)
    return pts + (height * w)[:, None] * axis, top + 0.5 * height * axis


def tubercle_pair(pts: np.ndarray, nrm: np.ndarray, centre: np.ndarray, height: float,
                  radius: float) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Raise a pair of :func:`tubercle` bumps that are mirror images of each other across x = 0.

    ``centre`` is the left one's target (the right one's is its mirror image). Each bump's top is the mean
    of the surface vertex nearest the target on that side and the mirror image of the one nearest it on the
    other side, and it rises along the mean of their (mirrored) normals, so the two bumps sit at mirrored
    places, not each at its own side's nearest vertex (the halves are triangulated differently). Returns the
    moved points and, per side, the middle of the bump.
    """
    i = int(np.argmin(np.linalg.norm(pts - centre, axis=1)))
    j = int(np.argmin(np.linalg.norm(pts - centre * _FLIP, axis=1)))
    top = 0.5 * (pts[i] + pts[j] * _FLIP)
    axis = _unit(nrm[i] + nrm[j] * _FLIP)
    middles = {}
    for side, flip in (("left", np.ones(3)), ("right", _FLIP)):
        pts, middles[side] = _bump(pts, nrm, top * flip, axis * flip, height, radius)
    return pts, middles


def mirrored_mean(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """The left-side point halfway between ``left`` and the mirror image of ``right`` across x = 0."""
    return 0.5 * (np.asarray(left, float) + np.asarray(right, float) * _FLIP)


def lower_spine_border(pts: np.ndarray, base: np.ndarray, tip: np.ndarray, drop: float) -> np.ndarray:
    """Bring the upper border of the spinous process down by up to ``drop`` mm toward its free end.

    Only bone above the line from the spine's root to its tip moves, down in proportion to its height over
    that line (the border fully, the middle not at all: the process is squeezed, not cut), and only behind
    the root by ``SPINE_DROP_RAMP_MM`` (nothing at the first distance, whole by the second), within 8 mm of
    the midline (fading out by 12 mm); the laminae and facets stay. Bone ``SPINE_SQUEEZE_MM`` or more above
    the line moves the whole ``drop``, so no part of the process moves more than two thirds of its height.
    """
    back = _unit((tip - base) * np.array([0.0, 1.0, 1.0]))
    behind = (pts - base) @ back
    r0, r1 = SPINE_DROP_RAMP_MM
    ramp = np.clip((behind - r0) / (r1 - r0), 0.0, 1.0)
    ramp = ramp * ramp * (3.0 - 2.0 * ramp)
    over = pts[:, 2] - (base[2] + behind * back[2])  # height above the root-to-tip line
    w = ramp * np.clip(over / SPINE_SQUEEZE_MM, 0.0, 1.0) * np.clip((12.0 - np.abs(pts[:, 0])) / 4.0, 0.0, 1.0)
    out = pts.copy()
    out[:, 2] -= drop * w
    return out


def thoracolumbar_features(mesh, name: str, dims: dict[str, LevelDimensions]):
    """Costal facets, mammillary and accessory processes on a template-built thoracic level (local frame).

    Placed from the landmarks found on the surface: the costal facet at the back of the body's side, level
    with the pedicle's lower half (T12's facet lies on the body, below and in front of the pedicle root);
    the mammillary process on the back of the superior articular process, below its facet; the accessory
    process behind the root of the transverse stub, below the mammillary one. Returns a new mesh whose
    ``field_data`` holds the feature points.
    """
    from spineviz.anatomy.landmarks import SIDES, find_landmarks

    lm = find_landmarks(mesh, name, dims)
    d = dims[name]
    pts, nrm = _point_normals(mesh)
    marks = {}
    for side in SIDES:
        s = _SIGN[side]
        ped = lm.pedicles[side]
        body_y = -0.5 * d.epd + 6.0
        # the body's side, just in front of the pedicle root, a little below its centre
        z = ped.centre[2] - COSTAL_DROP[name] * ped.height
        start = np.array([0.0, body_y, z])
        hits, _ = mesh.ray_trace(start, start + np.array([s * 60.0, 0.0, 0.0]))
        wall = np.asarray(hits)[np.argmax(s * np.asarray(hits)[:, 0])] if len(hits) else start
        out = _unit(np.array([s, -0.35, 0.0]))
        pts = costal_facet(pts, nrm, wall, out)
        marks[f"costal_demifacet_{side}_0"] = wall - COSTAL_SINK * 0.5 * out
        if name in MIRRORED_TUBERCLES:
            continue
        mam = _mammillary_at(lm.articular[("superior", side)].centre, s)
        pts, marks[f"mammillary_{side}"] = tubercle(pts, nrm, mam, *MAMMILLARY)
        acc = _accessory_at(ped.centre, lm.transverse_tips[side])
        pts, marks[f"accessory_{side}"] = tubercle(pts, nrm, acc, *ACCESSORY)
    if name not in MIRRORED_TUBERCLES:
        return _with_marks(pts, mesh, marks, name, lm)
    sup = mirrored_mean(lm.articular[("superior", "left")].centre, lm.articular[("superior", "right")].centre)
    pts, mam = tubercle_pair(pts, nrm, _mammillary_at(sup, _SIGN["left"]), *MAMMILLARY)
    ped = mirrored_mean(lm.pedicles["left"].centre, lm.pedicles["right"].centre)
    tip = mirrored_mean(lm.transverse_tips["left"], lm.transverse_tips["right"])
    pts, acc = tubercle_pair(pts, nrm, _accessory_at(ped, tip), *ACCESSORY)
    for side in SIDES:
        marks[f"mammillary_{side}"] = mam[side]
        marks[f"accessory_{side}"] = acc[side]
    return _with_marks(pts, mesh, marks, name, lm)


def _mammillary_at(superior_facet_centre: np.ndarray, s: float) -> np.ndarray:
    """Where a mammillary tubercle is raised: behind, below and lateral to its side's superior facet (mm) [M]."""
    return superior_facet_centre + np.array([s * 3.0, -5.0, -3.5])


def _accessory_at(pedicle_centre: np.ndarray, transverse_tip: np.ndarray) -> np.ndarray:
    """Where an accessory tubercle is raised: behind the root of the transverse stub, below the mammillary [M]."""
    return pedicle_centre + 0.55 * (transverse_tip - pedicle_centre) + np.array([0.0, -5.0, -3.0])


def _with_marks(pts: np.ndarray, mesh, marks: dict, name: str, lm):
    """The finished mesh: T11's spine border lowered, the feature points kept in its ``field_data``."""
    import pyvista as pv

    if name in SPINE_TOP_DROP:
        pts = lower_spine_border(pts, lm.spinous_base, lm.spinous_tip, SPINE_TOP_DROP[name])
    out_mesh = pv.PolyData(pts, mesh.faces)
    for key, p in marks.items():
        out_mesh.field_data[key] = np.asarray(p, float)
    return out_mesh
