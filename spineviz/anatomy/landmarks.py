"""Landmarks found on a vertebra's surface, whatever made the surface (template, procedural or a CT).

API
---
``find_landmarks(mesh, level_name) -> VertebraLandmarks``

``mesh`` is one closed triangle surface (``pyvista.PolyData``) of one vertebra, in millimetres, placed
*roughly* in the local vertebra frame: RAS axes (x to the patient's right, y anterior, z superior) with the
origin near the middle of the body. "Roughly" means within about 5 mm and 10 degrees: everything is found
by casting rays and slicing from the body centre outwards, and then measured on the surface itself.
``level_name`` ("L4", "T12", ...) only supplies priors where a surface alone is ambiguous: which way the
articular facets should face (from ``dimensions.csv``'s facet angles) and the spinous inclination.

What comes back (all in the mesh's own coordinates):

- ``upper_endplate`` / ``lower_endplate``: :class:`Endplate` with the centre (where the body's axis meets
  it), the outward unit normal of its best-fit plane and 24 rim points (the apophyseal ring, every 15°).
- ``canal_centre``, ``canal_width`` (narrowest between the pedicles), ``canal_depth`` (midline, body to
  lamina) and ``spinous_base`` (the spinolaminar junction: the canal's posterior wall in the midline).
- ``pedicles["left" | "right"]``: :class:`PedicleAxis`, the isthmus centre, its axis direction (posterior
  to anterior) and its width (x) and height (z) there.
- ``articular[(which, side)]`` with ``which`` in ("superior", "inferior"): :class:`ArticularSurface`, the
  surface patch as points with outward normals, plus its area-weighted centre and mean normal. A superior
  patch faces up/back toward the level above; an inferior one faces down/forward toward the level below.
- ``spinous_tip`` and ``transverse_tips["left" | "right"]``.

``as_dict()`` flattens the point landmarks to the manifest's ``{name: [x, y, z]}`` form.
Raises :class:`LandmarkError` (naming the level and the part) when a part cannot be found, for example a
mesh far from the local frame.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from spineviz.anatomy.joints import superior_facet_normal
from spineviz.anatomy.levels import LEVELS, parse_level
from spineviz.anatomy.tables import LevelDimensions, dimensions

SIDES = ("left", "right")
_SIGN = {"left": -1.0, "right": 1.0}


class LandmarkError(ValueError):
    """A landmark could not be found on the surface; the message names the level and the part."""


@dataclass(frozen=True)
class Endplate:
    centre: np.ndarray
    normal: np.ndarray  # outward: +z-ish for the upper, -z-ish for the lower
    rim: np.ndarray  # (24, 3)


@dataclass(frozen=True)
class PedicleAxis:
    centre: np.ndarray  # centre of the narrowest cross-section (the isthmus)
    direction: np.ndarray  # unit, posterior -> anterior
    width: float  # mm, across (x) at the isthmus
    height: float  # mm, vertical (z) at the isthmus


@dataclass(frozen=True)
class ArticularSurface:
    which: str  # "superior" or "inferior"
    side: str
    points: np.ndarray  # (N, 3) surface vertices of the patch
    normals: np.ndarray  # (N, 3) outward unit normals
    centre: np.ndarray
    normal: np.ndarray  # area-weighted mean outward normal, unit


@dataclass(frozen=True)
class VertebraLandmarks:
    level: str
    upper_endplate: Endplate
    lower_endplate: Endplate
    canal_centre: np.ndarray
    canal_width: float
    canal_depth: float
    spinous_base: np.ndarray
    spinous_tip: np.ndarray
    transverse_tips: dict[str, np.ndarray]
    pedicles: dict[str, PedicleAxis]
    articular: dict[tuple[str, str], ArticularSurface] = field(default_factory=dict)

    @property
    def body_centre(self) -> np.ndarray:
        return 0.5 * (self.upper_endplate.centre + self.lower_endplate.centre)

    def as_dict(self) -> dict[str, list[float]]:
        out = {
            "upper_endplate": self.upper_endplate.centre, "lower_endplate": self.lower_endplate.centre,
            "canal_centre": self.canal_centre, "spinous_base": self.spinous_base,
            "spinous_tip": self.spinous_tip,
        }
        for side in SIDES:
            out[f"transverse_tip_{side}"] = self.transverse_tips[side]
            out[f"pedicle_{side}"] = self.pedicles[side].centre
            for which in ("superior", "inferior"):
                s = self.articular.get((which, side))
                if s is not None:
                    out[f"{which}_facet_{side}"] = s.centre
                    out[f"{which}_facet_{side}_normal"] = s.normal
        return {k: [round(float(x), 4) for x in v] for k, v in out.items()}


def _chords(mesh, origin, direction, reach: float = 150.0) -> np.ndarray:
    """Signed distances along ``direction`` from ``origin`` where the line crosses the surface, sorted."""
    origin, direction = np.asarray(origin, float), np.asarray(direction, float)
    pts, _ = mesh.ray_trace(origin - reach * direction, origin + reach * direction)
    if len(pts) == 0:
        return np.zeros(0)
    return np.unique(np.round((np.asarray(pts) - origin) @ direction, 4))


def _interval_at(t: np.ndarray, at: float = 0.0) -> tuple[float, float] | None:
    """The bone interval (entry, exit) along a chord that contains ``at``, or None."""
    for a, b in zip(t[0::2], t[1::2], strict=False):
        if a <= at <= b:
            return float(a), float(b)
    return None


def _unit(v) -> np.ndarray:
    v = np.asarray(v, float)
    return v / np.linalg.norm(v)


def _plane_fit(pts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    c = pts.mean(axis=0)
    n = np.linalg.svd(pts - c, full_matrices=False)[2][2]
    return c, n


def _surface(mesh):
    m = mesh.compute_normals(cell_normals=False, point_normals=True, auto_orient_normals=True,
                             consistent_normals=True, split_vertices=False)
    return m, np.asarray(m.points, float), np.asarray(m.point_data["Normals"], float)


def _endplate(mesh, pts, nrm, which: str, body: dict, name: str) -> Endplate:
    sign = 1.0 if which == "upper" else -1.0
    z_face = body["z_top"] if which == "upper" else body["z_bot"]
    inside = ((pts[:, 0] > body["x_l"] + 1.0) & (pts[:, 0] < body["x_r"] - 1.0)
              & (pts[:, 1] > body["y_back"] + 1.0) & (pts[:, 1] < body["y_front"] - 1.0))
    face = inside & (sign * nrm[:, 2] > 0.75) & (np.abs(pts[:, 2] - z_face) < 6.0)
    if face.sum() < 12:
        raise LandmarkError(f"{name}: no {which} endplate surface found near z = {z_face:.1f} mm")
    c, n = _plane_fit(pts[face])
    n = n if n[2] * sign > 0 else -n
    # the rim: the outermost endplate point every 15 degrees around the face's centroid
    c0 = pts[face].mean(axis=0)
    rel = pts[face] - c0
    ang = np.arctan2(rel[:, 1], rel[:, 0])
    rad = np.hypot(rel[:, 0], rel[:, 1])
    rim = []
    for a in np.radians(np.arange(0, 360, 15)):
        d = np.angle(np.exp(1j * (ang - a)))
        sel = np.abs(d) < math.radians(10)
        rim.append(pts[face][sel][np.argmax(rad[sel])] if sel.any() else c0)
    rim = np.array(rim)
    # the centre: the middle of the rim's outline, on the best-fit plane
    xy = 0.5 * (rim[:, :2].min(axis=0) + rim[:, :2].max(axis=0))
    z = c[2] - ((xy - c[:2]) @ n[:2]) / n[2]
    centre = np.array([xy[0], xy[1], z])
    return Endplate(centre, _unit(n), rim)


def _body(mesh, name: str) -> dict:
    z = _chords(mesh, (0, 0, 0), (0, 0, 1))
    y = _chords(mesh, (0, 0, 0), (0, 1, 0))
    x = _chords(mesh, (0, 0, 0), (1, 0, 0))
    iz, iy, ix = _interval_at(z), _interval_at(y), _interval_at(x)
    if iz is None or iy is None or ix is None:
        raise LandmarkError(f"{name}: the origin is not inside the vertebral body; place the mesh in its "
                            "local frame (origin at the body centre, z superior, y anterior)")
    return {"z_bot": iz[0], "z_top": iz[1], "y_back": iy[0], "y_front": iy[1], "x_l": ix[0], "x_r": ix[1]}


def _canal(mesh, body: dict, name: str) -> tuple[np.ndarray, float, float, float]:
    """Midline canal: from the body's back wall to the first bone behind it, at the best height."""
    h = body["z_top"] - body["z_bot"]
    best = None
    for f in (0.0, 0.15, -0.15, 0.3, -0.3, 0.45, -0.45):
        zc = f * h + 0.5 * (body["z_top"] + body["z_bot"])
        start = np.array([0.0, body["y_back"] - 0.3, zc])
        t = _chords(mesh, start, (0.0, -1.0, 0.0), reach=80.0)
        ahead = t[t > 0.0]
        # along -y from inside the canal: first crossing is the front of the arch
        if len(ahead) and ahead[0] < 40.0:
            depth = float(ahead[0]) + 0.3
            best = (zc, depth)
            break
    if best is None:
        raise LandmarkError(f"{name}: no posterior arch found behind the body (no canal)")
    zc, depth = best
    centre = np.array([0.0, body["y_back"] - depth / 2, zc])
    widths = []
    for dz in np.linspace(-0.3 * h, 0.45 * h, 16):
        c = centre + (0.0, 0.0, dz)
        t = _chords(mesh, c, (1.0, 0.0, 0.0), reach=60.0)
        right, left = t[t > 0], t[t < 0]
        if len(right) and len(left):
            widths.append((float(right[0] - left[-1]), dz))
    if not widths:
        raise LandmarkError(f"{name}: the canal has no lateral walls (no pedicles found)")
    width, dz = min(widths)
    return centre, width, depth, float(centre[2] + dz)


def _pedicle(mesh, side: str, body: dict, canal_c: np.ndarray, canal_w: float, z_ped: float,
             name: str) -> PedicleAxis:
    """The pedicle's isthmus: the narrowest bone bridge beside the canal, between body and arch.

    At each depth behind the body, a chord runs outward from inside the canal at the pedicles' height
    (its length is the pedicle's width there) and a vertical chord through its middle gives the height;
    the isthmus is the depth where width x height is least. The axis joins the centres around it.

    Only the part of the canal's depth that the pedicles flank is searched (a quarter to six tenths of the way
    from the body's back wall, in the midline, to the lamina): in front of it the pedicle still merges with the
    posterolateral corner of the body, whose back wall lies 1-3 mm behind the midline one, and a chord
    there runs along the body-pedicle junction (on the mean L4 it read 9.6-10.0 mm where the pedicle
    itself is 12-13 mm wide at mid-length); behind it the pedicle becomes lamina and transverse process
    (on the mean L5 a chord at 70 % ran into the root of the lamina and read 6 mm).
    """
    s = _SIGN[side]
    depth = 2 * (body["y_back"] - canal_c[1])
    found = []
    for y in np.arange(body["y_back"] - 0.25 * max(depth, 6.0), body["y_back"] - 0.6 * max(depth, 6.0), -0.75):
        for alpha in np.radians([0.0, 10.0, 20.0, 30.0, 40.0]):
            across = np.array([s * math.cos(alpha), math.sin(alpha), 0.0])  # outward, square to the axis
            z = z_ped
            sec = None
            for _ in range(2):
                start = np.array([s * 0.3 * canal_w, y, z])
                t = _chords(mesh, start, across, reach=60.0)
                ahead = t[t > 0]
                if len(ahead) < 2 or ahead[0] > canal_w:
                    break
                a, b = float(ahead[0]), float(ahead[1])
                mid = start + 0.5 * (a + b) * across
                iv = _interval_at(_chords(mesh, mid, (0.0, 0.0, 1.0), reach=60.0), 0.0)
                if iv is None:
                    break
                sec = (b - a, iv[1] - iv[0], mid + (0.0, 0.0, 0.5 * (iv[0] + iv[1])))
                z = float(sec[2][2])
            if sec and sec[0] > 3.0 and sec[1] > max(4.0, 0.3 * (body["z_top"] - body["z_bot"])):
                found.append((sec[0] * sec[1], y, *sec))
    if not found:
        raise LandmarkError(f"{name}: no {side} pedicle found beside the canal")
    best = min(found, key=lambda t: t[0])
    near = np.array([t[4] for t in found if abs(t[1] - best[1]) <= 3.0])
    d = _unit(near[0] - near[-1]) if len(near) >= 2 else np.array([0.0, 1.0, 0.0])
    d = d if d[1] > 0 else -d
    return PedicleAxis(best[4], d, float(best[2]), float(best[3]))


def _expected_normals(level_name: str, dims: dict[str, LevelDimensions]) -> dict[tuple[str, str], np.ndarray]:
    """Prior facing of each articular facet, from the table's facet angles (this level and the next)."""
    lv = parse_level(level_name)
    d = dims[lv.name]
    out = {}
    below = LEVELS[lv.index + 1] if lv.index + 1 < len(LEVELS) else None
    for side in SIDES:
        if d.sft is not None and d.sfa is not None:
            out[("superior", side)] = superior_facet_normal(d.sft, d.sfa, side)
        if below is not None:
            b = dims[below.name]
            if b.sft is not None and b.sfa is not None:
                out[("inferior", side)] = -superior_facet_normal(b.sft, b.sfa, side)
    return out


def articular_patch(mesh, pts, nrm, region: np.ndarray, expected: np.ndarray, cone_deg: float = 55.0,
                    seed: np.ndarray | None = None) -> np.ndarray:
    """Vertex indices of the surface patch facing ``expected`` within ``region`` (one connected piece).

    The piece kept is the largest, or the one nearest ``seed`` when given.
    """
    cand = region & (nrm @ expected > math.cos(math.radians(cone_deg)))
    idx = np.flatnonzero(cand)
    if len(idx) < 6:
        return idx
    tagged = mesh.copy(deep=False)
    tagged.point_data["_vid"] = np.arange(mesh.n_points)
    sub = tagged.extract_points(idx, adjacent_cells=False, include_cells=True)
    if sub.n_points == 0:
        return idx
    conn = sub.connectivity("all")
    rid = np.asarray(conn.point_data["RegionId"])
    orig = np.asarray(conn.point_data["_vid"])
    ids = [orig[rid == r] for r in range(rid.max() + 1)]
    if seed is not None:
        pick = min(ids, key=lambda g: np.linalg.norm(pts[g] - seed, axis=1).min() - 0.02 * len(g))
    else:
        pick = max(ids, key=len)
    return np.asarray(pick)


def _surface_patch(pts, nrm, ids, which: str, side: str) -> ArticularSurface:
    p, n = pts[ids], nrm[ids]
    mean = _unit(n.sum(axis=0))
    return ArticularSurface(which, side, p, n, p.mean(axis=0), mean)


def _articular(mesh, pts, nrm, level_name, body, canal_c, canal_w, dims, name) -> dict:
    out = {}
    h = body["z_top"] - body["z_bot"]
    for (which, side), expected in _expected_normals(level_name, dims).items():
        s = _SIGN[side]
        lateral = s * pts[:, 0] > 0.3 * canal_w
        behind = pts[:, 1] < body["y_back"] - 2.0
        if which == "superior":
            height = pts[:, 2] > canal_c[2] - 0.1 * h
            seed = np.array([s * (canal_w / 2 + 5.0), canal_c[1] - 8.0, body["z_top"] + 2.0])
        else:
            height = pts[:, 2] < canal_c[2] - 0.1 * h
            seed = np.array([s * (canal_w / 2), canal_c[1] - 12.0, body["z_bot"]])
        ids = articular_patch(mesh, pts, nrm, lateral & behind & height, expected, seed=seed)
        if len(ids) < 6:
            raise LandmarkError(f"{name}: no {which} articular facet found on the {side}")
        out[(which, side)] = _surface_patch(pts, nrm, ids, which, side)
    return out


def find_endplates(mesh, level_name: str) -> tuple[Endplate, Endplate]:
    """Only the two endplates (enough to set up a vertebra's local frame): (upper, lower)."""
    name = parse_level(level_name).name
    m, pts, nrm = _surface(mesh)
    body = _body(m, name)
    return _endplate(m, pts, nrm, "upper", body, name), _endplate(m, pts, nrm, "lower", body, name)


def find_landmarks(mesh, level_name: str, dims: dict[str, LevelDimensions] | None = None) -> VertebraLandmarks:
    """Find the landmarks of one vertebra surface roughly in its local frame (see the module docstring)."""
    dims = dims or dimensions()
    name = parse_level(level_name).name
    m, pts, nrm = _surface(mesh)
    body = _body(m, name)
    upper = _endplate(m, pts, nrm, "upper", body, name)
    lower = _endplate(m, pts, nrm, "lower", body, name)
    canal_c, canal_w, canal_d, z_ped = _canal(m, body, name)
    base = np.array([0.0, canal_c[1] - canal_d / 2, canal_c[2]])
    spi = math.radians(dims[name].spi or 0.0)
    direction = np.array([0.0, -math.cos(spi), -math.sin(spi)])
    mid = np.abs(pts[:, 0]) < 8.0
    behind = pts[:, 1] < base[1]
    if not (mid & behind).any():
        raise LandmarkError(f"{name}: no spinous process behind the canal")
    cand = np.flatnonzero(mid & behind)
    tip = pts[cand[np.argmax((pts[cand] - base) @ direction)]]
    post = pts[:, 1] < body["y_back"] + 0.3 * (body["y_front"] - body["y_back"])
    right = np.flatnonzero(post)[np.argmax(pts[post, 0])]
    left = np.flatnonzero(post)[np.argmin(pts[post, 0])]
    pedicles = {side: _pedicle(m, side, body, canal_c, canal_w, z_ped, name) for side in SIDES}
    art = _articular(m, pts, nrm, name, body, canal_c, canal_w, dims, name)
    return VertebraLandmarks(name, upper, lower, canal_c, canal_w, canal_d, base, tip,
                             {"left": pts[left], "right": pts[right]}, pedicles, art)
