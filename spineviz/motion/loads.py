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

Vectorised over joints and patch samples: a few einsums per call, no per-facet Python loop.
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
from spineviz.motion.pose import _rotations  # Rodrigues from rotation vectors, as the pose builds its own
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
        order = np.argsort(-self.newtons, kind="stable")[:n]
        return [(FACET_JOINT_IDS[i].name, float(self.newtons[i])) for i in order]

    def as_records(self) -> list[dict]:
        return [
            {"joint": jid.name, "upper": jid.segment.upper.name, "lower": jid.segment.lower.name,
             "side": jid.side, "gap_mm": round(float(self.gap[i]), 3),
             "load_n": round(float(self.newtons[i]), 2)}
            for i, jid in enumerate(FACET_JOINT_IDS)
        ]


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
                     arrays["gap"], region, s, n, rolling, pivot, outer, along, rows)


def _unroll(geo: _Geometry, rel_r: np.ndarray, d: np.ndarray, ds: np.ndarray):
    """The C1/2 displacements with the atlas's turn on the axis taken back out.

    The lateral atlanto-axial joints are surfaces of revolution about the dens axis, convex on convex
    (:mod:`spineviz.anatomy.atlantoaxial`): turning C1 about that axis slides each surface along its partner,
    and the descent the pose adds with the turn (``atlantoaxial.descent``) is what keeps the convex surfaces
    their 2 mm apart. Neither closes the joint, but measured as straight-line travel along the neutral normal
    a 40 degree turn of a point 18 mm off the axis reads as millimetres of closure (the chord cuts inside the
    arc). What is left after removing both (flexion, extension, side bending of C1 on C2) is real closure.
    ``d`` and ``ds`` are the rolling joints' own rows (``geo.rolling``), as are the two arrays returned; ``rel_r``
    (the relative rotations) may be all 48 joints' or the rolling joints' own rows.
    """
    centre, a, pivot, samples, _normals = geo.rolling_rows
    r = rel_r if len(rel_r) == len(centre) else rel_r[geo.rolling]
    theta = np.radians(_turn_about(r, a))
    back = _rotations(-theta[:, None] * a)  # (n,3,3)
    drop = descent(np.degrees(theta))[:, None] * a

    moved_c = centre + d
    moved_s = samples + ds
    new_c = (back @ (moved_c - pivot)[:, :, None])[:, :, 0] + pivot + drop
    new_s = (moved_s - pivot[:, None, :]) @ np.transpose(back, (0, 2, 1)) + (pivot + drop)[:, None, :]
    return new_c - centre, new_s - samples


def _turn_about(r: np.ndarray, axis: np.ndarray) -> np.ndarray:
    """(n,) degrees: the component along ``axis`` of each rotation's rotation vector (its turn about that axis)."""
    w = 0.5 * np.stack([r[:, 2, 1] - r[:, 1, 2], r[:, 0, 2] - r[:, 2, 0], r[:, 1, 0] - r[:, 0, 1]], axis=1)
    sin = np.linalg.norm(w, axis=1)
    angle = np.arctan2(sin, 0.5 * (np.trace(r, axis1=1, axis2=2) - 1.0))
    factor = np.where(sin > 1e-12, angle / np.maximum(sin, 1e-12), 1.0)
    return np.degrees(factor * np.einsum("ni,ni->n", w, axis))


def closures(geo: _Geometry, transforms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Axial closure (mm, at each joint's centre) and normal closure at every patch sample, (48,) and (48, K).

    The closure is the motion of the upper facet relative to the lower one, toward the lower surface. At a
    sample ``s`` with normal ``n`` moved by the relative rotation ``R`` and translation ``t`` it is
    ``-(R s + t - s) . n = s . n - sum_ij R_ij n_i s_j - t . n``: the two products of the sample alone
    (``geo.along``, ``geo.outer``) are made once per model, so a call is two small matrix products over the
    5,800 samples instead of rotating every sample (a third of a tick of Play's own Python, issue 13,
    docs/performance.md, session 16). The sum is taken in another order than rotating the points first:
    the result differs from that by rounding alone (under 1e-12 mm).
    """
    tu, tl = transforms[geo.upper], transforms[geo.lower]
    rl_t = np.transpose(tl[:, :3, :3], (0, 2, 1))
    rel_r = rl_t @ tu[:, :3, :3]
    rel_t = (rl_t @ (tu[:, :3, 3] - tl[:, :3, 3])[:, :, None])[:, :, 0]
    d = (rel_r @ geo.centre[:, :, None])[:, :, 0] + rel_t - geo.centre
    turned = (geo.outer @ rel_r.reshape(-1, 9, 1))[:, :, 0]  # sum_ij R_ij n_i s_j at every sample
    normal = geo.along - turned - (geo.sample_normals @ rel_t[:, :, None])[:, :, 0]
    if geo.rolling_rows:  # C1/2: the samples moved, then the atlas's turn on the dens taken back out (_unroll)
        sel, samples, normals = geo.rolling, geo.rolling_rows[3], geo.rolling_rows[4]
        r = rel_r[sel]
        ds = samples @ np.transpose(r, (0, 2, 1)) + rel_t[sel][:, None, :] - samples
        d[sel], ds = _unroll(geo, r, d[sel], ds)
        normal[sel] = -np.einsum("nki,nki->nk", ds, normals)
    return -np.einsum("ni,ni->n", d, geo.axis), normal


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
    spine holding one as ``.model``; results follow ``FACET_JOINT_IDS`` order.
    """
    transforms = getattr(pose, "transforms", pose)
    model = getattr(spine, "model", spine)
    geo = _geometry_cached(model)
    cal = calibration(model)
    ax, nm = closures(geo, transforms)
    f0 = cal.f0[geo.region]
    contact = _stiffen(nm, cal.stiffening_mm).mean(axis=1)
    x = f0 + cal.k_axial * _stiffen(ax, cal.stiffening_mm) + cal.k_normal * contact
    newtons = _softplus(x, 0.25 * f0)
    absent = _absent_joints(model)
    if absent is not None:  # a partial (imported) spine: no joint, no load, between levels it lacks
        newtons = np.where(absent, 0.0, newtons)
    return FacetLoads(gap=geo.gap0 - nm[:, 0], closure_axial=ax, closure_normal=nm.mean(axis=1),
                      newtons=newtons, patch_closure=nm)


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
