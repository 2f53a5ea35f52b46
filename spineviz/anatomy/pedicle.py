"""Pedicle width and height at mid-length, measured on any vertebra mesh the way the table defines them.

The table's pedicle width is the transverse (medio-lateral) thickness of the pedicle's isthmus and its
height the cranio-caudal one (Panjabi 1991/1992; Kaur 2016), as a caliper reads them on a dry bone. Here:

1. the pedicle runs from the posterior wall of the body to beside the centre of the canal
   (``canal_centre`` landmark), its middle ``cw/2 + pw/2`` from the midline there; its mid-length is
   halfway along (see :func:`pedicle_axis`), so the cut is through the pedicle whatever built the mesh;
2. the bone is sliced there by the plane square to the pedicle; of the closed section loops, the pedicle
   is the one beside the canal on the asked side, nearest to the axis;
3. width and height are chords through the loop's centre, across the axis and along z: the interval that contains
   the centre (ray casting), so a transverse process or articular process rising from the same section
   does not count, as calipers placed on the isthmus would not count it.

C2's pedicle has no section of its own; it is measured between the canal and the foramen transversarium
(:func:`measure_axis_pedicle`).

Used by the tests (every level with a pedicle within 15 % of the table) and worth reading before a
screw-planning question: these are the narrowest bone widths a transpedicular path meets.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from spineviz.anatomy.measure import chord
from spineviz.anatomy.tables import LevelDimensions

# How far each chord's ray reaches either side of the pedicle centre (mm): past the pedicle, short of the
# far side of the vertebra.
PEDICLE_REACH_MM = 120.0
# Sections are tried square to axes converging by these angles (transverse pedicle angle, deg): the
# smallest section is the one square to the pedicle. Lumbar pedicles converge about 10-30 deg, most at L5
# (Zindrick 1987; Panjabi 1992); a section square to the sagittal axis cuts an L5 pedicle obliquely,
# into the root of its transverse process (26-30 mm measured against 17.8 mm). The axes are turned from
# pedicle_axis's line, which starts the pedicle inside the body's outline; a pedicle built straighter than that
# line (T1-T2 since session 14, PEDICLE_CONVERGE in shapes/thoracic.py: T1's line runs 44 deg, its pedicle 10)
# needs the axes turned the other way (negative angles). Those are tried only where the mesh shows a straight
# medial wall (:func:`medial_wall_direction`), and then every axis is kept within WALL_TOLERANCE_DEG of that wall:
# a plane turned further runs along the pedicle, not across it, and its short section (T1's, 8.6 mm) is the
# pedicle's thickness along its length, not its width. Where the wall bows (the waisted lumbar pedicles, also the
# unwarped mean shape) the angles and sections are the ones used before session 14.
CONVERGENCE_DEG = (-40.0, -30.0, -20.0, -10.0, 0.0, 10.0, 20.0, 30.0, 40.0)
WALL_TOLERANCE_DEG = 30.0
# ... and a wall is straight when no point of it lies further than this (mm) from the fitted line.
WALL_STRAIGHT_MM = 0.5


@dataclass(frozen=True)
class PedicleSize:
    side: str
    width: float
    height: float
    centre: tuple[float, float, float]


def _loops(section) -> list[np.ndarray]:
    """The closed polylines of a plane section, each as an (n, 3) point array."""
    conn = section.connectivity()
    ids = np.asarray(conn.point_data["RegionId"])
    pts = np.asarray(conn.points)
    return [pts[ids == r] for r in range(int(ids.max()) + 1)] if len(ids) else []


def pedicle_start(d: LevelDimensions, side: str) -> np.ndarray:
    """Where the pedicle's axis leaves the back of the body (z = 0).

    Straight behind its end where the body is wide enough (thoracic, lumbar), else from the body's
    posterolateral corner (cervical).
    """
    sx = 1.0 if side == "right" else -1.0
    x_end = d.cw / 2 + d.pw / 2
    return np.array([sx * min(x_end, d.epw / 2 - d.pw / 2), -d.epd / 2, 0.0])


def pedicle_axis(d: LevelDimensions, landmarks: dict, side: str) -> tuple[np.ndarray, np.ndarray]:
    """Mid-length point and unit direction (horizontal) of one pedicle.

    The pedicle runs from the back of the body to beside the canal centre, where the table's canal width
    and pedicle width put its middle (``cw/2 + pw/2`` from the midline). Where the canal is wider than
    the body (the neck) the pedicle leaves the body's posterolateral corner and runs back and out.
    """
    sx = 1.0 if side == "right" else -1.0
    canal_y = float(landmarks["canal_centre"][1])
    start = pedicle_start(d, side)
    end = np.array([sx * (d.cw / 2 + d.pw / 2), canal_y, 0.0])
    axis = (end - start) / np.linalg.norm(end - start)
    return 0.5 * (start + end), axis


def medial_wall_direction(mesh, d: LevelDimensions, landmarks: dict, side: str) -> np.ndarray | None:
    """The unit direction (horizontal, pointing back) of the pedicle's medial wall, the canal's side, on the mesh.

    Rays from the midline outward at the pedicle's height (the ``pedicle_<side>`` landmark, else the body's
    mid-height), from the back of the body to the canal's centre, meet the medial wall first; a line fitted
    through those points runs along the pedicle whichever way it was built. None with fewer than 4 hits or
    where the wall is curved (a point off the line by more than WALL_STRAIGHT_MM): the waisted lumbar pedicle's
    medial wall bows toward the canal at the isthmus and a line through it points nowhere in particular.
    """
    sx = 1.0 if side == "right" else -1.0
    z = float(landmarks[f"pedicle_{side}"][2]) if f"pedicle_{side}" in landmarks else 0.0
    y0, y1 = float(pedicle_start(d, side)[1]) - 1.0, float(landmarks["canal_centre"][1])
    hits = []
    for y in np.linspace(y0, y1, 7):
        pts, _ = mesh.ray_trace((0.0, y, z), (sx * 3.0 * (d.cw / 2 + d.pw), y, z))
        if len(pts):
            hits.append((y, float(np.min(np.abs(np.asarray(pts)[:, 0])))))
    if len(hits) < 4:
        return None
    ys, xs = np.array(hits).T
    fit = np.polyfit(ys, xs, 1)
    if np.abs(np.polyval(fit, ys) - xs).max() > WALL_STRAIGHT_MM:
        return None
    slope = fit[0]  # d|x| / dy
    axis = np.array([-sx * slope, -1.0, 0.0])
    return axis / np.linalg.norm(axis)


def _section_at(mesh, d: LevelDimensions, point: np.ndarray, axis: np.ndarray, side: str):
    """The pedicle's section loop in the plane square to ``axis`` through ``point`` (or None)."""
    across = np.cross((0.0, 0.0, 1.0), axis)
    sx = 1.0 if side == "right" else -1.0
    best, best_err = None, np.inf
    for loop in _loops(mesh.slice(normal=axis, origin=point)):
        if np.ptp(loop, axis=0).max() < 2.0:  # a slice grazing a vertex or a crease, not a section
            continue
        c = loop.mean(axis=0)
        if sx * c[0] < 0.35 * d.cw / 2:  # a loop across the midline is the body or the arch, not a pedicle
            continue
        off = abs((c - point) @ across)
        if off > max(d.pw, 4.0):  # beside the pedicle: a transverse root, a foramen's wall
            continue
        if abs(c[2] - point[2]) > 0.9 * d.ph:  # wholly above or below it: a facet's rim, not a pedicle
            continue
        err = off + 0.3 * abs(c[2])
        if err < best_err:
            best, best_err = loop, err
    return best


def measure_pedicle(mesh, d: LevelDimensions, landmarks: dict, side: str) -> PedicleSize:
    """Width and height of one pedicle at its isthmus near mid-length (mm), in the level's local frame.

    Sections are taken at 30, 40 and 50 % of the pedicle's length from the body and through the
    ``pedicle_<side>`` landmark when there is one, square to axes converging by each of
    ``CONVERGENCE_DEG``; the smallest one is the isthmus (nearer the body the section runs into the body,
    further back into the articular pillar, the transverse process or the lamina), as a caliper finds it.
    C2's pedicle has no section of its own and is measured as C2's are (:func:`measure_axis_pedicle`).
    """
    if d.level.name == "C2":
        return measure_axis_pedicle(mesh, d, landmarks, side)
    mid, sagittal = pedicle_axis(d, landmarks, side)
    half = float(np.linalg.norm(mid[:2] - pedicle_start(d, side)[:2]))  # half the pedicle's length
    sx = 1.0 if side == "right" else -1.0
    wall = medial_wall_direction(mesh, d, landmarks, side)
    best = None
    for angle in CONVERGENCE_DEG:
        # the pedicle converges: its posterior end lies lateral to its anterior one by this angle
        axis = sagittal + np.tan(np.radians(angle)) * np.array([sx, 0.0, 0.0])
        axis /= np.linalg.norm(axis)
        if wall is None and angle < 0.0:
            continue  # turned back only toward a medial wall the mesh shows (see CONVERGENCE_DEG)
        if wall is not None and axis @ wall < np.cos(np.radians(WALL_TOLERANCE_DEG)):
            continue  # along the pedicle, not across it
        across = np.cross((0.0, 0.0, 1.0), axis)
        points = [mid + f * half * axis for f in (-0.4, -0.2, 0.0)]
        if f"pedicle_{side}" in landmarks:  # the isthmus the landmark finder located on this mesh
            points.append(np.asarray(landmarks[f"pedicle_{side}"], float))
        for point in points:
            loop = _section_at(mesh, d, point, axis, side)
            if loop is None:
                continue
            a = (loop - point) @ across
            size = np.ptp(a) * np.ptp(loop[:, 2])
            if best is None or size < best[0]:
                best = (size, loop, point, across)
    if best is None:
        return PedicleSize(side, 0.0, 0.0, tuple(float(v) for v in mid))
    _, loop, point, across = best
    # centre: the middle of the loop's box; height through it, width across the axis through it
    a = (loop - point) @ across
    centre = point + 0.5 * (a.min() + a.max()) * across
    centre[2] = 0.5 * (loop[:, 2].min() + loop[:, 2].max())
    height = chord(mesh, centre, (0.0, 0.0, 1.0), reach=PEDICLE_REACH_MM)
    width = chord(mesh, centre, across, reach=PEDICLE_REACH_MM)
    return PedicleSize(side, width, height, tuple(float(v) for v in centre))


# C2's pedicle (session 35, axis35b, issue 10). The axis has no pedicle standing free between two notches: the
# pediculoisthmic component runs from the body under the superior facet back into the lateral mass and the inferior
# articular process, and its sections square to any axis are one loop with the lateral mass (Naderi 2004: the isthmus
# covers the pedicle; Schmidt/Tubbs 2023: no true isthmus). What is measured on C2 is the bone between the vertebral
# canal (medially) and the foramen transversarium (laterally), see measure_axis_pedicle.
# Axial levels are tried this far apart (mm) over the foramen's course:
AXIS_LEVEL_STEP_MM = 0.25


def _section_edges(mesh, z: float) -> list[tuple[np.ndarray, np.ndarray]]:
    """The closed loops of the axial section at height ``z``, each as its edges' (start, end) points in (x, y)."""
    conn = mesh.slice(normal=(0.0, 0.0, 1.0), origin=(0.0, 0.0, z)).connectivity()
    if not conn.n_points:
        return []
    ids = np.asarray(conn.point_data["RegionId"])
    pts = np.asarray(conn.points)[:, :2]
    lines = conn.lines.reshape(-1, 3)[:, 1:]
    loops = (lines[ids[lines[:, 0]] == r] for r in range(int(ids.max()) + 1))
    return [(pts[e[:, 0]], pts[e[:, 1]]) for e in loops if len(e) >= 3]


def _encloses(edges: tuple[np.ndarray, np.ndarray], p: np.ndarray) -> bool:
    """Whether the loop runs round the point ``p`` (x, y) (crossings of a ray toward +x)."""
    a, b = edges
    crosses = (a[:, 1] > p[1]) != (b[:, 1] > p[1])
    dy = np.where(crosses, b[:, 1] - a[:, 1], 1.0)
    x = a[:, 0] + (p[1] - a[:, 1]) / dy * (b[:, 0] - a[:, 0])
    return bool(np.count_nonzero(crosses & (x > p[0])) % 2)


def _lumen(loops: list, p: np.ndarray):
    """The wall of the lumen the point ``p`` lies in: the smallest loop round it (or None)."""
    around = [e for e in loops if _encloses(e, p)]
    return min(around, key=lambda e: abs(float(np.sum(e[0][:, 0] * e[1][:, 1] - e[1][:, 0] * e[0][:, 1])))) \
        if around else None


def _through_bone(s0: np.ndarray, s1: np.ndarray, a: np.ndarray, b: np.ndarray) -> bool:
    """Whether the segment s0-s1 (its ends on two walls) crosses none of the section's edges a-b: wholly in bone."""
    u, v = s0 + 1e-3 * (s1 - s0), s1 - 1e-3 * (s1 - s0)

    def orient(p, q, r):
        return (q[..., 0] - p[..., 0]) * (r[..., 1] - p[..., 1]) - (q[..., 1] - p[..., 1]) * (r[..., 0] - p[..., 0])

    return not np.any((orient(u, v, a) * orient(u, v, b) < 0) & (orient(a, b, u) * orient(a, b, v) < 0))


def foramen_course(landmarks: dict, side: str) -> list[np.ndarray]:
    """C2's foramen transversarium as a polyline from below: lower end, bend, exit.

    Its ``transverse_foramen`` landmark lies halfway up the lower run, so the lower end is that run carried down as
    far again below it.
    """
    mid, bend, exit_ = (np.asarray(landmarks[f"{k}_{side}"], float) for k in
                        ("transverse_foramen", "transverse_foramen_bend", "transverse_foramen_exit"))
    return [2.0 * mid - bend, bend, exit_]


def measure_axis_pedicle(mesh, d: LevelDimensions, landmarks: dict, side: str) -> PedicleSize:
    """C2's pedicle measured as C2's is: the thinnest bone between the canal and the foramen transversarium (mm).

    What is measured: at each height over the foramen's course (every AXIS_LEVEL_STEP_MM, from the foramen's lower
    end to its exit) where both the canal and the foramen are closed rings of bone in the axial section, as on an
    axial CT slice through C2's pedicle, the canal's wall is the smallest loop round the ``canal_centre`` landmark
    and the foramen's the smallest loop round its course (:func:`foramen_course`). The width is the shortest
    straight segment from the one wall to the other that runs wholly through bone (across a notch or a slit it does
    not count) with its middle behind the body's back (``pedicle_start``: the pedicle joins the body there; in front
    of it the bone beside the foramen is the body's side), over all those heights. The height is the vertical chord
    of bone through that segment's middle.

    Why: C2's pediculoisthmic component runs from the body under the superior facet on into the lateral mass and the
    inferior articular process, so no section of it is a loop of its own (the generic measure finds none). What the
    sources measure is the bone a screw passes between the cord and the vertebral artery: the mediolateral diameter
    of the pedicle at its narrowest on axial CT (Smith et al., 93 patients: 5.8 mm), which a vertebral artery lying
    medially narrows (PMID 27352376, 89 CT scans: the foramen's wall bounds it laterally), the inferior width and the
    height of the pediculoisthmic component with a caliper on dry axes (Naderi 2004: 6.0/5.5 mm and 10.3/9.9 mm,
    R/L), the narrowest section lying posteromedial to the foramen (Eur Spine J, doi:10.1007/s00586-012-2417-6:
    6.9 x 11.6). Width and height 0.0 where no height shows both rings.

    On the shipped meshes (default LOD, session 35): main's C2 (a 5.5 x 7 rod beside a slit) reads 7.8 wide, its
    height 14.1 (right, at the top of the ring) / 5.8 (left, through the rod); axis35's bar reads 8.0 x 9.5 both
    sides: the table's 5.8 x 10.1 is not reached in width (at the narrowest the bar's lateral face lies 2.5-2.8 mm
    short of the foramen's wall; the bone between is the isthmus floor's and the lateral mass's). Session 36 (axis36):
    the bar 1 mm further out and the foramen's bend 0.5 mm in and back (special.C2_PEDICLE_OUT, C2_FORAMEN_COURSE)
    read 6.3 x 10.2 both sides, both LODs.
    """
    canal = np.asarray(landmarks["canal_centre"], float)[:2]
    back = float(pedicle_start(d, side)[1])
    course = foramen_course(landmarks, side)
    best = None
    for z in np.arange(course[0][2], course[-1][2] + 1e-9, AXIS_LEVEL_STEP_MM):
        k = 0 if z <= course[1][2] else 1
        t = (z - course[k][2]) / (course[k + 1][2] - course[k][2])
        hole = (course[k] + t * (course[k + 1] - course[k]))[:2]
        loops = _section_edges(mesh, float(z))
        wall, ring = _lumen(loops, canal), _lumen(loops, hole)
        if wall is None or ring is None or wall is ring or _encloses(ring, canal) or _encloses(wall, hole):
            continue  # the canal or the foramen opens out at this height: not an axial section through a pedicle
        a_all, b_all = np.vstack([e[0] for e in loops]), np.vstack([e[1] for e in loops])
        pa, pb = np.unique(wall[0], axis=0), np.unique(ring[0], axis=0)
        gaps = np.linalg.norm(pa[:, None, :] - pb[None, :, :], axis=2)
        for flat in np.argsort(gaps, axis=None):
            i, j = np.unravel_index(flat, gaps.shape)
            if best is not None and gaps[i, j] >= best[0]:
                break
            if 0.5 * (pa[i][1] + pb[j][1]) < back and _through_bone(pa[i], pb[j], a_all, b_all):
                best = (float(gaps[i, j]), np.r_[0.5 * (pa[i] + pb[j]), z])
                break
    if best is None:
        return PedicleSize(side, 0.0, 0.0, tuple(float(v) for v in landmarks[f"pedicle_{side}"]))
    width, centre = best
    height = chord(mesh, centre, (0.0, 0.0, 1.0), reach=PEDICLE_REACH_MM)
    return PedicleSize(side, width, height, tuple(float(v) for v in centre))
