"""Facet joint gaps and an educational load estimate for any pose, all 48 joints at once.

This is an EDUCATIONAL ESTIMATE, NOT A PATIENT MEASUREMENT. No closed-form law of facet force against
posture exists; finite-element studies treat the facet as a contact problem. Here each joint gets:

- its gap: the neutral cartilage gap minus how far the upper (inferior) facet has moved toward the lower
  (superior) facet along the joint's normal (negative = overlap, the model's contact compression);
- a load in newtons: each facet's neutral share of the segment's compression (Adams & Hutton 1980: about
  16 % for the pair in lordotic standing), plus contact terms for closure down the lower vertebra's axis
  (extension and bending bring the inferior process down onto the joint and the lamina below) and closure
  along the joint's surface normals (rotation drives the inferior process into the contralateral superior
  facet), stiffening as the joint closes, and never negative. In the lumbar and thoracic spines the contact
  stiffness of each joint is proportional to its articular area (Panjabi 1993 facet sizes, which grow from
  L1 to L5), so for the same closure the larger lower lumbar joints push back harder. The normal closure is
  evaluated over points sampled across the articular patch, each against its own local normal: on a curved
  lumbar joint (the J-shaped superior facet wrapping the inferior one) a rotation closes one part of the
  patch more than another, so the contact is uneven and the stiffening weighs the most-closed part most. The
  stiffnesses are solved from published forces (Jaumard et al. 2011, Table 2): see
  ``data/load_calibration.toml``.

Vectorised over joints, patch samples and a batch of moments (:func:`facet_loads_many`), no per-facet Python loop;
every sum is taken element by element in one fixed order, so a moment's loads are the same alone or in a batch.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

import numpy as np

from spineviz.anatomy.atlantoaxial import descent
from spineviz.anatomy.levels import FACET_JOINT_IDS, parse_facet_joint
from spineviz.motion.pose import _apply, _product, _rotations  # as the pose builds its own (element by element)
from spineviz.motion.spine_shape import HasSpineModel, LoadableSpine

if TYPE_CHECKING:
    from spineviz.motion.pose import Pose

ESTIMATE_NOTE = (
    "Facet loads are an educational estimate from a simple model calibrated to cadaver and computer-model "
    "studies (Adams & Hutton 1980; Jaumard et al. 2011). They are not a measurement of any patient."
)
REGIONS = ("cervical", "thoracic", "lumbar")


@dataclass(frozen=True)
class FacetLoads:
    """Per-joint results in :data:`~spineviz.anatomy.levels.FACET_JOINT_IDS` order (48 entries each)."""

    gap: np.ndarray  # mm, cartilage-to-cartilage at the joint's centre sample; negative = overlap
    closure_axial: np.ndarray  # mm
    closure_normal: np.ndarray  # mm, mean over the patch samples
    newtons: np.ndarray  # N, educational estimate
    patch_closure: np.ndarray  # (48, K) mm, normal closure at each sample of the articular patch

    def most_loaded(self, n: int = 3) -> list[tuple[str, float]]:
        return most_loaded(self.newtons, n)

    def as_records(self) -> list[dict]:
        return [
            {"joint": jid.name, "upper": jid.segment.upper.name, "lower": jid.segment.lower.name,
             "side": jid.side, "gap_mm": round(float(self.gap[i]), 3),
             "load_n": round(float(self.newtons[i]), 2)}
            for i, jid in enumerate(FACET_JOINT_IDS)
        ]


def most_loaded(newtons: np.ndarray, n: int = 3) -> list[tuple[str, float]]:
    """The ``n`` most loaded joints of 48 loads (``FACET_JOINT_IDS`` order), most first: (name, newtons)."""
    order = np.argsort(-newtons, kind="stable")[:n]
    return [(FACET_JOINT_IDS[i].name, float(newtons[i])) for i in order]


@dataclass(frozen=True)
class _Geometry:
    centre: np.ndarray  # (48,3)
    normal: np.ndarray  # (48,3)
    axis: np.ndarray  # (48,3) lower vertebra's superior axis
    upper: np.ndarray
    lower: np.ndarray
    gap0: np.ndarray
    region: np.ndarray  # (48,) index into REGIONS
    samples: np.ndarray  # (48, K, 3) points across each articular patch
    sample_normals: np.ndarray  # (48, K, 3) the joint's local normal at each
    rolling: np.ndarray  # (48,) True for the lateral atlanto-axial joints (C1/2): they turn on the dens axis
    pivot: np.ndarray  # (48,3) the segment's centre of rotation (on the dens axis for C1/2)
    outer: np.ndarray  # (48, K, 9) each sample's normal times its point, n_i s_j at 3 i + j (see closures)
    along: np.ndarray  # (48, K) each sample's point along its own normal, s . n
    # the rolling joints' own rows of centre, axis, pivot, samples and sample normals, picked out once per model
    # rather than on every call (each tick of Play reads them; session 22)
    rolling_rows: tuple = ()
    # ``outer`` and ``sample_normals`` term by term, (9, 48, K) and (3, 48, K), each term one contiguous array:
    # the batched closures run through them (session 26)
    outer_terms: np.ndarray | None = None
    normal_terms: np.ndarray | None = None
    # the distinct (upper, lower) pairs of levels (a left and a right joint share one) and each joint's pair: the
    # upper level's motion relative to the lower one is worked out once a pair
    pairs: tuple = ()
    # the rolling joints' centre then samples as one (j, 1 + K, 3) array, and their pivots (j, 1, 3): one moment
    # alone moves them together (_unroll_one; session 29)
    rolling_points: np.ndarray | None = None
    rolling_pivots: np.ndarray | None = None


def _geometry(spine) -> _Geometry:
    model = getattr(spine, "model", spine)
    arrays = model.facet_arrays()
    axis = model.frames[arrays["lower"], :3, 2]
    region = np.array([REGIONS.index(j.segment.region) for j in FACET_JOINT_IDS])
    rolling = np.array([j.segment.name == "C1/2" for j in FACET_JOINT_IDS])
    pivot = np.asarray(model.rotation_centres)[[j.segment.index for j in FACET_JOINT_IDS]]
    s, n = arrays["samples"], arrays["sample_normals"]
    outer = (n[..., :, None] * s[..., None, :]).reshape(*s.shape[:2], 9)
    along = np.einsum("nki,nki->nk", s, n)
    rows = tuple(a[rolling] for a in (arrays["centre"], axis, pivot, s, n)) if rolling.any() else ()
    return _Geometry(arrays["centre"], arrays["normal"], axis, arrays["upper"], arrays["lower"],
                     arrays["gap"], region, s, n, rolling, pivot, outer, along, rows,
                     np.ascontiguousarray(np.moveaxis(outer, -1, 0)), np.ascontiguousarray(np.moveaxis(n, -1, 0)),
                     _pairs(arrays["upper"], arrays["lower"]),
                     np.concatenate([rows[0][:, None], rows[3]], axis=1) if rows else None,
                     rows[2][:, None] if rows else None)


def _pairs(upper: np.ndarray, lower: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(the upper levels of the distinct pairs, their lower levels, each joint's pair)."""
    pairs, of = np.unique(np.stack([upper, lower], axis=1), axis=0, return_inverse=True)
    return pairs[:, 0], pairs[:, 1], of.reshape(-1)


def _dot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The dot products of (..., 3) vectors, broadcast, summed in one fixed order (as :func:`pose._apply`)."""
    return a[..., 0] * b[..., 0] + a[..., 1] * b[..., 1] + a[..., 2] * b[..., 2]


def _unroll(geo: _Geometry, r: np.ndarray, d: np.ndarray, ds: np.ndarray):
    """The C1/2 displacements with the atlas's turn on the axis taken back out.

    The lateral atlanto-axial joints are surfaces of revolution about the dens axis, convex on convex
    (:mod:`spineviz.anatomy.atlantoaxial`): turning C1 about that axis slides each surface along its partner,
    and the descent the pose adds with the turn (``atlantoaxial.descent``) is what keeps the convex surfaces
    their 2 mm apart. Neither closes the joint, but measured as straight-line travel along the neutral normal
    a 40 degree turn of a point 18 mm off the axis reads as millimetres of closure (the chord cuts inside the
    arc). What is left after removing both (flexion, extension, side bending of C1 on C2) is real closure.
    ``r`` (the relative rotations, (n, j, 3, 3)), ``d`` ((n, j, 3)) and ``ds`` ((n, j, K, 3)) are the rolling
    joints' own rows (``geo.rolling``) over a batch of n moments, as are the two arrays returned. One moment's
    arrays without the batch axis are taken too, ``r`` then all 48 joints' or the rolling joints' own rows.
    """
    centre, a, pivot, samples, _normals = geo.rolling_rows
    if r.ndim == 3:  # one moment
        r = r if len(r) == len(centre) else r[geo.rolling]
        new_d, new_ds = _unroll(geo, r[None], d[None], ds[None])
        return new_d[0], new_ds[0]
    theta = np.radians(_turn_about(r, a))  # (n, j)
    back = _rotations((-theta[..., None] * a).reshape(-1, 3)).reshape(*theta.shape, 3, 3)
    drop = descent(np.degrees(theta))[..., None] * a

    moved_c = centre + d
    moved_s = samples + ds
    new_c = _apply(back, moved_c - pivot) + pivot + drop
    new_s = _apply(back[:, :, None], moved_s - pivot[:, None, :]) + (pivot + drop)[:, :, None, :]
    return new_c - centre, new_s - samples


def _unroll_one(geo: _Geometry, r: np.ndarray, t: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One moment's C1/2 rows of :func:`closures_many`: the centres' displacements (j, 3) and normal closures (j, K).

    The same arithmetic, element by element and in the same order, as the batch's path (the centre moved as in
    ``d``, the samples as in ``ds``, then :func:`_unroll`), so the bytes are the same; but the centre rides as
    sample 0 of one (j, 1 + K, 3) array (``geo.rolling_points``, made once per model), so each step over the points
    is one NumPy call instead of two, and the rows are picked from the moment's arrays once. A tick of Play whose
    moment was not prepared pays this (issue 13, session 29: the unrolling was a quarter of one moment's work).
    ``r`` (j, 3, 3) and ``t`` (j, 3) are the rolling joints' relative rotations and translations.
    """
    centre, a, pivot, _samples, normals = geo.rolling_rows
    points, pivots = geo.rolling_points, geo.rolling_pivots
    theta = np.radians(_turn_about(r, a))  # (j,)
    back = _rotations(-theta[:, None] * a)
    drop = descent(np.degrees(theta))[:, None] * a
    moved = points + (_apply(r[:, None], points) + t[:, None] - points)  # centre + d, samples + ds
    turned = _apply(back[:, None], moved - pivots)
    new_d = turned[:, 0] + pivot + drop - centre
    new_ds = turned[:, 1:] + (pivot + drop)[:, None] - points[:, 1:]
    return new_d, -_dot(new_ds, normals)


def _turn_about(r: np.ndarray, axis: np.ndarray) -> np.ndarray:
    """(..., ) degrees: the component along ``axis`` of each rotation's rotation vector (its turn about that axis)."""
    w = 0.5 * np.stack([r[..., 2, 1] - r[..., 1, 2], r[..., 0, 2] - r[..., 2, 0], r[..., 1, 0] - r[..., 0, 1]],
                       axis=-1)
    sin = np.sqrt(_dot(w, w))
    angle = np.arctan2(sin, 0.5 * ((r[..., 0, 0] + r[..., 1, 1] + r[..., 2, 2]) - 1.0))
    factor = np.where(sin > 1e-12, angle / np.maximum(sin, 1e-12), 1.0)
    return np.degrees(factor * _dot(w, axis))


def closures(geo: _Geometry, transforms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Axial closure (mm, at each joint's centre) and normal closure at every patch sample, (48,) and (48, K).

    The closure is the motion of the upper facet relative to the lower one, toward the lower surface. At a
    sample ``s`` with normal ``n`` moved by the relative rotation ``R`` and translation ``t`` it is
    ``-(R s + t - s) . n = s . n - sum_ij R_ij n_i s_j - t . n``: the two products of the sample alone
    (``geo.along``, ``geo.outer``) are made once per model, so a call is nine products over the 5,800 samples
    instead of rotating every sample (a third of a tick of Play's own Python, issue 13, docs/performance.md,
    session 16). The sum is taken in another order than rotating the points first: the result differs from
    that by rounding alone (under 1e-12 mm). One moment of :func:`closures_many`.
    """
    axial, normal = closures_many(geo, np.asarray(transforms)[None])
    return axial[0], normal[0]


def closures_many(geo: _Geometry, transforms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`closures` of a batch of poses' transforms (n, 25, 4, 4): (n, 48) and (n, 48, K).

    Every sum is taken element by element in one fixed order (never BLAS or einsum, whose order can depend on
    the arrays' shapes), so each moment's closures are bit for bit those it has alone (issue 13, session 26).
    """
    upper, lower, of = geo.pairs or (geo.upper, geo.lower, None)
    tu, tl = transforms[:, upper], transforms[:, lower]
    rl_t = np.swapaxes(tl[..., :3, :3], -1, -2)
    rel_r = _product(rl_t, tu[..., :3, :3])
    rel_t = _apply(rl_t, tu[..., :3, 3] - tl[..., :3, 3])
    if of is not None:  # each joint its pair's
        rel_r, rel_t = rel_r[:, of], rel_t[:, of]
    d = _apply(rel_r, geo.centre) + rel_t - geo.centre
    # s . n less sum_ij R_ij n_i s_j less t . n at every sample, a term at a time, in place: nine products of
    # the rotation's entries and three of the translation's with arrays made once per model (geo.outer_terms,
    # geo.normal_terms), each term over all the samples of a batch of moments
    flat = np.moveaxis(rel_r.reshape(*rel_r.shape[:-2], 9), -1, 0)[..., None]  # (9, n, 48, 1)
    shift = np.moveaxis(rel_t, -1, 0)[..., None]  # (3, n, 48, 1)
    normal = geo.along - geo.outer_terms[0] * flat[0]
    term = np.empty_like(normal)
    for m in range(1, 9):
        normal -= np.multiply(geo.outer_terms[m], flat[m], out=term)
    for i in range(3):
        normal -= np.multiply(geo.normal_terms[i], shift[i], out=term)
    if geo.rolling_rows and len(transforms) == 1:  # one moment alone (an unprepared tick, a slider): _unroll_one
        d[0, geo.rolling], normal[0, geo.rolling] = _unroll_one(geo, rel_r[0, geo.rolling], rel_t[0, geo.rolling])
    elif geo.rolling_rows:  # C1/2: the samples moved, then the atlas's turn on the dens taken back out (_unroll)
        sel, samples, normals = geo.rolling, geo.rolling_rows[3], geo.rolling_rows[4]
        r = rel_r[:, sel]
        ds = _apply(r[:, :, None], samples) + rel_t[:, sel][:, :, None, :] - samples
        d[:, sel], ds = _unroll(geo, r, d[:, sel], ds)
        normal[:, sel] = -_dot(ds, normals)
    return -_dot(d, geo.axis), normal


@dataclass(frozen=True)
class Calibration:
    stiffening_mm: float
    f0: np.ndarray  # (3,) per region, N per facet
    k_axial: np.ndarray  # (48,) N/mm
    k_normal: np.ndarray  # (48,)


def _stiffen(d: np.ndarray, s: float) -> np.ndarray:
    return d + np.maximum(d, 0.0) ** 2 / s


def _softplus(x: np.ndarray, scale: np.ndarray) -> np.ndarray:
    return scale * np.logaddexp(0.0, x / scale)


def _read_calibration() -> dict:
    text = resources.files("spineviz.motion").joinpath("data", "load_calibration.toml").read_text("utf-8")
    return tomllib.loads(text)


@cache
def calibration(spine) -> Calibration:
    """Solve the per-region stiffnesses from the anchors in ``load_calibration.toml``."""
    from spineviz.motion.motion import parse_motion
    from spineviz.motion.pose import pose

    spine = getattr(spine, "model", spine)
    data = _read_calibration()
    s = float(data["stiffening_mm"])
    share = float(data["neutral_share"]["value"]) / 2
    f0 = np.array([share * float(data["compression"][r]) for r in REGIONS])
    geo = _geometry(spine)
    scale = area_scale(spine, geo)
    k = {}
    for region in ("lumbar", "cervical"):
        anchors = [a for a in data["anchor"] if a["region"] == region]
        rows, rhs = [], []
        for a in anchors:
            p = pose(spine, parse_motion(a["motion"], region=a["motion_region"]), whole=True)  # as measured
            ax, nm = closures(geo, p.transforms)
            i = parse_facet_joint(a["joint"]).index
            rows.append([scale[i] * _stiffen(ax, s)[i], scale[i] * _stiffen(nm[i], s).mean()])
            rhs.append(float(a["newtons"]) - f0[REGIONS.index(region)])
        k[region] = np.linalg.solve(np.array(rows), np.array(rhs))
    k_axial, k_normal = np.zeros(48), np.zeros(48)
    for r, name in enumerate(REGIONS):
        sel = geo.region == r
        source = "lumbar" if name == "thoracic" else name  # no thoracic anchors: the lumbar contact law
        k_axial[sel], k_normal[sel] = k[source][0] * scale[sel], k[source][1] * scale[sel]
    return Calibration(s, f0, np.maximum(k_axial, 0.0), np.maximum(k_normal, 0.0))


def area_scale(spine, geo: _Geometry | None = None) -> np.ndarray:
    """(48,) each joint's contact-stiffness factor: its articular area over the mean lumbar one.

    Applied in the regions ``load_calibration.toml`` lists under ``[area_scaling]`` (the stiffnesses are
    solved at the anchors with it, so the anchors still hold); 1 elsewhere. A cartilage layer of the same
    thickness and modulus pressed by the same amount pushes back in proportion to the area in contact.
    """
    geo = geo or _geometry(spine)
    model = getattr(spine, "model", spine)
    area = model.facet_arrays()["area"]
    regions = _read_calibration()["area_scaling"]["regions"]
    scale = area / area[geo.region == REGIONS.index("lumbar")].mean()
    keep = np.isin(geo.region, [REGIONS.index(r) for r in regions])
    return np.where(keep, scale, 1.0)


def facet_loads(spine: LoadableSpine | HasSpineModel, pose: Pose | np.ndarray) -> FacetLoads:
    """Gap and estimated load of all 48 facet joints for a pose (or a (25,4,4) transform array).

    ``spine`` is the anatomy model (a :class:`~spineviz.motion.spine_shape.LoadableSpine`) or a loaded
    spine holding one as ``.model``; results follow ``FACET_JOINT_IDS`` order. One moment of
    :func:`facet_loads_many`.
    """
    transforms = getattr(pose, "transforms", pose)
    return facet_loads_many(spine, np.asarray(transforms)[None])[0]


BATCH = 16
"""Moments worked out together by :func:`facet_loads_many`: their patch closures (48 x 121 samples each) stay
within a few megabytes."""


def facet_loads_many(spine: LoadableSpine | HasSpineModel, transforms: np.ndarray) -> list[FacetLoads]:
    """:func:`facet_loads` of each of a batch of poses' transforms (n, 25, 4, 4), worked out in whole arrays.

    Each moment's loads are bit for bit those :func:`facet_loads` gives it alone (issue 13, session 26: a whole
    cycle of Play's moments prepared before it is shown). Worked in chunks of :data:`BATCH` moments.
    """
    model = getattr(spine, "model", spine)
    geo = _geometry_cached(model)
    cal = calibration(model)
    absent = _absent_joints(model)
    f0 = cal.f0[geo.region]
    out: list[FacetLoads] = []
    for start in range(0, len(transforms), BATCH):
        ax, nm = closures_many(geo, transforms[start:start + BATCH])
        stiff = np.maximum(nm, 0.0)  # _stiffen(nm, s) in place: nm + max(nm, 0) ** 2 / s
        stiff *= stiff
        stiff /= cal.stiffening_mm
        stiff += nm
        contact = stiff.mean(axis=-1)
        del stiff
        x = f0 + cal.k_axial * _stiffen(ax, cal.stiffening_mm) + cal.k_normal * contact
        newtons = _softplus(x, 0.25 * f0)
        if absent is not None:  # a partial (imported) spine: no joint, no load, between levels it lacks
            newtons = np.where(absent, 0.0, newtons)
        gap, mean = geo.gap0 - nm[..., 0], nm.mean(axis=-1)
        out += [FacetLoads(gap=gap[j], closure_axial=ax[j], closure_normal=mean[j], newtons=newtons[j],
                           patch_closure=nm[j]) for j in range(len(ax))]
    return out


@cache
def _absent_joints(spine) -> np.ndarray | None:
    """(48,) True for joints whose segment a partial spine lacks (its ``present_segments``); None if whole."""
    names = getattr(spine, "present_segments", None)
    if names is None or len(names) == len({j.segment.name for j in FACET_JOINT_IDS}):
        return None
    have = set(names)
    return np.array([jid.segment.name not in have for jid in FACET_JOINT_IDS])


@cache
def _geometry_cached(spine) -> _Geometry:
    return _geometry(spine)
