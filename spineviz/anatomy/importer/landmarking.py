"""The one seam between the importer and the landmark code: landmarks of a level, and its facet joints.

Every source (template, procedural, imported) has its landmarks found by one piece of model code,
:func:`spineviz.anatomy.landmarks.find_landmarks` (see ARCHITECTURE.md, "Where bone shapes come from"), and
its facet joints placed by the same rule the template uses (``template_fit``): a joint sits half the bony
gap out from the lower bone's superior articular surface, facing along that surface's mean normal; at L5/S1
it is taken from L5's inferior surface. The importer calls only :func:`level_landmarks` and
:func:`facet_joint`. Where the shared finder cannot find a part on a patient's bone (a coarse scan, an
unusual shape), an interim finder written before the shared one was merged steps in: rays from the body
centre for the endplates, and for a joint the two surfaces' facing contact patch. The manifest records
which one placed each joint.

Both work in millimetres on closed surfaces: a level's mesh in its own local frame (origin on the body,
x right, y anterior, z up), and neighbouring meshes in the spine frame for the joints.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from spineviz.anatomy.joints import BONE_GAP_MM, _width_axis

# How close two neighbouring bones must come for their surfaces to count as one joint's two facets: the bony
# gap of a facet joint (cartilage plus joint space) and this much surface error. 1 mm kept every round-trip
# joint within 2 degrees at 1 mm and at 1 x 1 x 2.5 mm oblique voxels; wider slack lets the facet rims in.
CONTACT_SLACK_MM = 1.0
# A facet is at most about 20 mm across (lumbar, Panjabi 1993): contacts farther than this from the patch's
# median are another pair of surfaces (a pedicle near an ala, a lamina near a process tip).
PATCH_RADIUS_MM = 12.0
# Contacts nearer the midline than this are between spinous processes or laminae, not facets.
MIDLINE_MM = 4.0


def _surface_points(mesh) -> tuple[np.ndarray, np.ndarray]:
    if "Normals" not in mesh.point_data:
        mesh = mesh.compute_normals(auto_orient_normals=True, cell_normals=False)
    return np.asarray(mesh.points, float), np.asarray(mesh.point_data["Normals"], float)


def _reach(mesh, start: np.ndarray, direction: np.ndarray, offsets: np.ndarray) -> float | None:
    """Median distance from ``start`` (+ each offset) along ``direction`` to the first surface crossing."""
    out = []
    for off in offsets:
        origin = start + off
        hits, _ = mesh.ray_trace(origin, origin + 150.0 * direction, first_point=True)
        if np.size(hits):
            out.append(float((np.asarray(hits, float).reshape(-1, 3)[0] - origin) @ direction))
    return float(np.median(out)) if out else None


def _ring(axis: int, r: float = 3.0) -> np.ndarray:
    """The start point and four points ``r`` mm around it, across ``axis``."""
    others = [i for i in range(3) if i != axis]
    pts = [np.zeros(3)]
    for sign in (1.0, -1.0):
        for k in others:
            p = np.zeros(3)
            p[k] = sign * r
            pts.append(p)
    return np.array(pts)


def level_landmarks(mesh_local, level: str) -> dict[str, list[float]]:
    """Landmarks of one level from its closed mesh in (roughly) its local frame, by the shared finder.

    Returns the shared finder's point landmarks (``as_dict``) plus ``upper_endplate_normal``,
    ``body_width`` and ``body_depth`` (from the endplate rims); falls back to :func:`interim_landmarks`
    (with ``"finder": ["interim"]``) when the shared finder cannot read this bone.
    """
    from spineviz.anatomy.landmarks import LandmarkError, find_landmarks

    if level not in ("C1",):
        try:
            lm = find_landmarks(mesh_local, level)
        except (LandmarkError, ValueError, IndexError):
            lm = None
        if lm is not None:
            out = {k: [float(v) for v in np.asarray(val).ravel()] for k, val in lm.as_dict().items()}
            rims = np.vstack([lm.upper_endplate.rim, lm.lower_endplate.rim])
            out["upper_endplate_normal"] = [float(v) for v in lm.upper_endplate.normal]
            out["lower_endplate_normal"] = [float(v) for v in lm.lower_endplate.normal]
            out["body_width"] = [float(np.ptp(rims[:, 0]))]
            out["body_depth"] = [float(np.ptp(rims[:, 1]))]
            return out
    out = interim_landmarks(mesh_local, level)
    out["finder"] = ["interim"]
    if level not in ("C1",):
        _keep_endplates(mesh_local, level, out)
    return out


def _keep_endplates(mesh_local, level: str, out: dict[str, list[float]]) -> None:
    """Put the shared finder's endplates into interim landmarks ``out`` where it can still read them.

    The shared finder gives up on the whole bone when one part is missing (a voxelised L5 whose right
    inferior facet a 1 mm grid blurred away), but the level's frame rests on its endplates alone: with the
    interim finder's ray-cast centres and no endplate normals, such an L5 was tilted 3.5 degrees and its
    L4/5 joint read 3 mm and 10 degrees off in the round trip.
    """
    from spineviz.anatomy.landmarks import LandmarkError, find_endplates

    try:
        upper, lower = find_endplates(mesh_local, level)
    except (LandmarkError, ValueError, IndexError):
        return
    out["upper_endplate"] = [float(v) for v in upper.centre]
    out["lower_endplate"] = [float(v) for v in lower.centre]
    out["upper_endplate_normal"] = [float(v) for v in upper.normal]
    out["lower_endplate_normal"] = [float(v) for v in lower.normal]
    out["finder"] = ["interim", "endplates"]


# The shared finder expects a mesh "roughly" in its local frame; on a coarse or oblique scan one part can be
# missed in the estimated frame and found in a frame a few degrees away. These are the nearby frames tried.
_NUDGES_DEG = ((0.0, 0.0), (4.0, 0.0), (-4.0, 0.0), (0.0, 4.0), (0.0, -4.0))


def _nudge(about_x: float, about_z: float) -> np.ndarray:
    ax, az = np.radians(about_x), np.radians(about_z)
    rx = np.array([[1, 0, 0], [0, np.cos(ax), -np.sin(ax)], [0, np.sin(ax), np.cos(ax)]])
    rz = np.array([[np.cos(az), -np.sin(az), 0], [np.sin(az), np.cos(az), 0], [0, 0, 1]])
    return rz @ rx


_ARTICULAR_CACHE: dict[tuple, object] = {}


def shared_articular(mesh_local, level: str, which: str, side: str, near: np.ndarray | None = None):
    """The shared finder's articular surface of one bone (local frame), or None if it cannot find it.

    Tries the frame as given; if the finder cannot read the bone there, frames turned a few degrees
    (``_NUDGES_DEG``), keeping the surface whose centre lies nearest ``near`` (where the bones meet), mapped
    back into the given frame.
    """
    from spineviz.anatomy.landmarks import ArticularSurface, LandmarkError, find_landmarks

    key = (level, which, side, mesh_local.n_points, float(np.asarray(mesh_local.points).sum()))
    if key in _ARTICULAR_CACHE:
        return _ARTICULAR_CACHE[key]
    found, candidates = None, []
    for about_x, about_z in _NUDGES_DEG:
        r = _nudge(about_x, about_z)
        m = np.eye(4)
        m[:3, :3] = r
        try:
            lm = find_landmarks(mesh_local.transform(m, inplace=False), level)
        except (LandmarkError, ValueError, IndexError):
            continue
        a = lm.articular.get((which, side))
        if a is not None:
            candidates.append(ArticularSurface(a.which, a.side, a.points @ r, a.normals @ r, a.centre @ r,
                                               a.normal @ r))
            if about_x == about_z == 0.0 or near is None:
                break
    if candidates:
        found = candidates[0] if near is None else min(candidates, key=lambda c: np.linalg.norm(c.centre - near))
    if len(_ARTICULAR_CACHE) > 256:
        _ARTICULAR_CACHE.clear()
    _ARTICULAR_CACHE[key] = found
    return found


def interim_landmarks(mesh_local, level: str) -> dict[str, list[float]]:
    """Landmarks of one level from its closed mesh in (roughly) its local frame (interim finder).

    Returns at least ``upper_endplate`` and ``lower_endplate`` (centres, local mm), the body's
    ``body_width`` and ``body_depth`` (mm, as one-element lists) and ``spinous_tip`` and ``canal_centre``.
    Rays cast from the origin (inside the body) to the body's walls measure it, which does not depend on
    where a decimated mesh happens to keep its vertices. The atlas has no body: its "endplates" are the
    top and bottom of its lateral masses.
    """
    pts = np.asarray(mesh_local.points, float)
    e = np.eye(3)
    o = np.zeros(3)
    top = _reach(mesh_local, o, e[2], _ring(2))
    bottom = _reach(mesh_local, o, -e[2], _ring(2))
    if top is None or bottom is None or level == "C1":
        top, bottom = float(np.percentile(pts[:, 2], 95)), float(np.percentile(pts[:, 2], 5))
    else:
        bottom = -bottom
    front = _reach(mesh_local, o, e[1], _ring(1)) or 10.0
    back = -(_reach(mesh_local, o, -e[1], _ring(1)) or front)
    right = _reach(mesh_local, o, e[0], _ring(0)) or front
    left = _reach(mesh_local, o, -e[0], _ring(0)) or right
    behind = pts[pts[:, 1] < back - 2.0]
    tip = behind[np.argmin(behind[:, 1])] if len(behind) else np.array([0.0, back, 0.0])
    return {
        "upper_endplate": [0.0, 0.0, top],
        "lower_endplate": [0.0, 0.0, bottom],
        "body_width": [left + right],
        "body_depth": [front - back],
        "spinous_tip": [float(v) for v in tip],
        "canal_centre": [0.0, float(back - 8.0), 0.5 * (top + bottom)],
    }


@dataclass(frozen=True)
class FoundJoint:
    """One facet joint found between two neighbouring meshes, in the spine frame (mm)."""

    centre: np.ndarray
    normal: np.ndarray  # outward normal of the lower bone's superior facet, toward the upper bone
    u: np.ndarray
    half_width: float
    half_height: float
    contact_points: int
    method: str  # "shared" (the shared finder's articular surface) or "contact" (the facing contact patch)


def _facing(this, other, reach: float, frame_inv: np.ndarray, side: str) -> tuple[np.ndarray, np.ndarray]:
    """Points of ``this`` surface within ``reach`` of ``other`` that face it, behind the body and off the midline."""
    import pyvista as pv

    pts, normals = _surface_points(this)
    dist = np.asarray(this.compute_implicit_distance(other)["implicit_distance"])
    local = pts @ frame_inv[:3, :3].T + frame_inv[:3, 3]
    sign = 1.0 if side == "right" else -1.0
    keep = (np.abs(dist) < reach) & (sign * local[:, 0] > MIDLINE_MM) & (local[:, 1] < -4.0)
    if keep.any():  # a facet faces its partner: a step along its normal brings it nearer the other bone
        step = pv.PolyData(pts[keep] + normals[keep]).compute_implicit_distance(other)["implicit_distance"]
        keep[np.flatnonzero(keep)] = np.asarray(step) < dist[keep] - 0.3
    return pts[keep], normals[keep]


def facet_joint(upper_world, lower_world, frames: tuple[np.ndarray, np.ndarray], names: tuple[str, str],
                side: str, slack_mm: float = CONTACT_SLACK_MM) -> FoundJoint | str:
    """The facet joint on ``side`` between two neighbouring bones (spine frame), or why there is none.

    The two surfaces must face each other across the joint (:func:`contact_joint`); the joint is then
    placed by the shared rule from the shared finder's articular surface, its size from the contact patch.
    """
    contact = contact_joint(upper_world, lower_world, frames[1], side, slack_mm)
    if isinstance(contact, str):
        return contact
    upper_frame, lower_frame = frames
    up_name, low_name = names
    def local(frame: np.ndarray, point: np.ndarray) -> np.ndarray:
        inv = np.linalg.inv(frame)
        return inv[:3, :3] @ point + inv[:3, 3]

    if low_name == "S1":  # the model's L5/S1 joint comes from L5's inferior surface
        patch = shared_articular(upper_world.transform(np.linalg.inv(upper_frame), inplace=False), up_name,
                                 "inferior", side, local(upper_frame, contact.centre))
        frame, sign = upper_frame, -1.0
    else:
        patch = shared_articular(lower_world.transform(np.linalg.inv(lower_frame), inplace=False), low_name,
                                 "superior", side, local(lower_frame, contact.centre))
        frame, sign = lower_frame, 1.0
    if patch is None:
        return contact
    n = _unit(sign * (frame[:3, :3] @ patch.normal))
    bone = frame[:3, :3] @ patch.centre + frame[:3, 3]
    centre = bone + sign * 0.5 * BONE_GAP_MM * n
    if n @ contact.normal < np.cos(np.radians(35)) or np.linalg.norm(centre - contact.centre) > 8.0:
        return contact  # the shared patch is not the surface that meets the neighbour: trust the contact
    return FoundJoint(centre, n, _width_axis(n), contact.half_width, contact.half_height, contact.contact_points,
                      "shared")


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v)


def contact_joint(upper_world, lower_world, lower_frame: np.ndarray, side: str,
                  slack_mm: float = CONTACT_SLACK_MM) -> FoundJoint | str:
    """The facet joint on ``side`` where the two bones' articular surfaces face each other, or why not.

    The facets are the parts of each surface, behind the vertebral body and off the midline, that lie
    within the joint's bony gap (plus ``slack_mm``) of the other bone and face it. The joint's plane is the
    best-fit plane through both patches (its normal the direction of least spread); the normal points from
    the lower patch toward the upper one (the model's convention), judged by the surface normals and, where
    smoothing has let the two surfaces touch, by the offset between the patches. The centre lies midway
    between the two patches.
    """
    reach = BONE_GAP_MM + slack_mm
    inv = np.linalg.inv(lower_frame)
    lp, ln = _facing(lower_world, upper_world, reach, inv, side)
    up_, un = _facing(upper_world, lower_world, reach, inv, side)
    if len(lp) >= 3 and len(up_) >= 3:
        middle = np.median(np.vstack([lp, up_]), axis=0)
        near_l = np.linalg.norm(lp - middle, axis=1) < PATCH_RADIUS_MM
        near_u = np.linalg.norm(up_ - middle, axis=1) < PATCH_RADIUS_MM
        lp, ln, up_, un = lp[near_l], ln[near_l], up_[near_u], un[near_u]
    if len(lp) < 3 or len(up_) < 3:
        return (f"no {side} facet contact: the two bones never come within {reach:.1f} mm behind the bodies "
                "(articular processes too coarse in the scan, or the joint is wide open)")
    centre = 0.5 * (lp.mean(axis=0) + up_.mean(axis=0))
    both = np.vstack([lp, up_])
    normal = np.linalg.svd(both - both.mean(axis=0), full_matrices=False)[2][2]
    offset = up_.mean(axis=0) - lp.mean(axis=0)
    facing = ln.mean(axis=0) - un.mean(axis=0)
    vote = normal @ offset if abs(normal @ offset) > 0.5 else normal @ facing
    normal = normal if vote > 0 else -normal
    u = _width_axis(normal)
    v = np.cross(normal, u)
    both = both - centre
    half_w = float(np.percentile(np.abs(both @ u), 90))
    half_h = float(np.percentile(np.abs(both @ v), 90))
    return FoundJoint(centre, normal, u, max(half_w, 2.0), max(half_h, 2.0), len(lp) + len(up_), "contact")
