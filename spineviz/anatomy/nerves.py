"""The nerves blocks and radiofrequency treatment are about, as centre-lines that move with the vertebrae.

Two kinds, on both sides:

- **exiting nerve roots** C3–C8, T1–T12 and L1–L5, each through its own intervertebral foramen: below the
  pedicle of its own vertebra in the thoracic and lumbar spine (L4 through L4/5), above it in the neck
  (C6 through C5/6, so C8 through C7/T1), lying in the upper part of the foramen;
- **medial branches of the dorsal rami** that supply the facet joints: L1–L4 in the groove where the root of
  the transverse process below meets its superior articular process, under the mamillo-accessory ligament,
  then across the lamina (the L5 dorsal ramus in the groove between the sacral ala and the S1 superior
  articular process); C3–C7 around the waist of their own articular pillar.

The courses and their sources are data (``data/nerves.toml``); this module turns them into points in the
local frame of the vertebra that carries each nerve, built from that vertebra's dimensions
(:mod:`spineviz.anatomy.tables`) and its landmarks (the mesh set's manifest). Posing the carrier poses the
nerve. Pure NumPy: no plotter, no Qt.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from spineviz.anatomy.frames import transform_points
from spineviz.anatomy.levels import LEVELS, Level, level

DATA = Path(__file__).with_name("data") / "nerves.toml"
SIDES = ("left", "right")
KINDS = ("root", "medial_branch")

# Where the shape builders put the pedicle's centre, as a fraction of the body height above the body's
# centre (spineviz/anatomy/shapes: lumbar 0.12, L5 0.2, thoracic 0.22, cervical 0.05). The pedicle is not a
# landmark, so the same design rule is repeated here; tests check the roots against the meshes.
_PEDICLE_Z = {"lumbar": 0.12, "L5": 0.20, "thoracic": 0.22, "cervical": 0.05}


@dataclass(frozen=True, eq=False)
class NervePath:
    """One nerve on one side, as a centre-line (mm) in the local frame of the vertebra carrying it.

    ``branches`` are short articular twigs (each its own polyline, starting on the main line) to the facet
    joints the nerve supplies, named in ``supplies``.
    """

    name: str
    kind: str
    nerve: str
    side: str
    carrier: str
    points: np.ndarray
    radius: float
    source: str
    article: str
    supplies: tuple[str, ...] = ()
    branches: tuple[np.ndarray, ...] = ()

    @property
    def carrier_level(self) -> Level:
        return level(self.carrier)

    def world(self, frames: np.ndarray, transforms: np.ndarray | None = None) -> list[np.ndarray]:
        """The main line and its branches in the spine frame, for neutral ``frames`` and a pose's transforms."""
        i = self.carrier_level.index
        m = frames[i] if transforms is None else transforms[i] @ frames[i]
        return [transform_points(m, p) for p in (self.points, *self.branches)]


@cache
def nerve_data() -> dict:
    """The parsed ``nerves.toml`` (sources, article id, pillar heights, radii)."""
    with DATA.open("rb") as f:
        return tomllib.load(f)


def _sx(side: str) -> float:
    return 1.0 if side == "right" else -1.0  # x runs to the patient's right


def _mirror(p, side: str) -> np.ndarray:
    p = np.array(p, float)
    p[0] *= _sx(side)
    return p


def _pedicle(d, lv: Level) -> tuple[float, float, float]:
    """Pedicle centre x (lateral, positive), centre z and half height in the level's local frame."""
    hc = d.body_height
    if lv.region == "cervical":
        return d.epw / 2 - 1.0, _PEDICLE_Z["cervical"] * hc, d.ph / 2
    key = "L5" if lv.name == "L5" else lv.region
    extra = 1.0 if lv.region == "thoracic" else 0.0
    return d.cw / 2 + d.pw / 2 + extra, _PEDICLE_Z[key] * hc, d.ph / 2


def _root(lv: Level, side: str, dims, lm: dict) -> np.ndarray:
    """Centre-line of a thoracic or lumbar root under its own pedicle, or a cervical one above it."""
    d = dims[lv.name]
    back = -d.epd / 2
    px, zp, hh = _pedicle(d, lv)
    out = px + d.pw / 2
    if lv.region == "cervical":  # above the pedicle, then in the gutter of the transverse process
        z = zp + hh + 2.5
        tf = np.asarray(lm[f"transverse_foramen_{side}"], float) * (_sx(side), 1.0, 1.0)
        tip = np.asarray(lm[f"transverse_tip_{side}"], float) * (_sx(side), 1.0, 1.0)  # x made lateral-positive
        pts = [(d.cw / 2 - 2.0, back - 0.35 * d.cd, z + 2.0), (px + 1.0, back - 1.0, z),
               (tf[0] + 1.5, tf[1] - 3.5, tf[2] + 5.0), (tip[0] + 5.0, back + 3.0, tip[2] - 1.0),
               (tip[0] + 13.0, back + 8.0, tip[2] - 10.0)]
    else:  # below the pedicle, in the upper part of the foramen, then out and down
        # the pedicle's rounded underside; thoracic pedicles spring higher and sit lower relative to it
        z = zp - (hh + 1.0 if lv.region == "thoracic" else 0.75 * hh + 2.0)
        drop = 14.0 if lv.region == "lumbar" else 8.0
        pts = [(d.cw / 2 - 3.0, back - 0.3 * d.cd, zp + hh * 0.3), (d.cw / 2 + 0.5, back - 0.15 * d.cd, z + 0.5),
               (px + 1.0, back - 1.5, z), (out + 9.0, back + 4.0, z - drop * 0.6),
               (out + 18.0, back + 9.0, z - drop * 1.9)]
    return np.array([_mirror(p, side) for p in pts])


def _c8_root(side: str, dims) -> np.ndarray:
    """C8 leaves through C7/T1, above the T1 pedicle (carried by T1)."""
    d = dims["T1"]
    back = -d.epd / 2
    px, zp, hh = _pedicle(d, level("T1"))
    z = zp + hh + 3.0
    pts = [(d.cw / 2 - 2.0, back - 0.35 * d.cd, z + 2.0), (px, back - 1.0, z),
           (px + d.pw / 2 + 8.0, back + 3.0, z - 1.0), (px + d.pw / 2 + 18.0, back + 8.0, z - 8.0)]
    return np.array([_mirror(p, side) for p in pts])


def _mammillary(lm: dict, side: str) -> np.ndarray:
    """The mammillary process: the mesh set's landmark, or where the procedural shapes put it.

    A template-built lumbar mesh has no such landmark; the process then sits on the posterior border of
    the superior articular process, 4.5 mm deep to the facet's centre, about 6 mm behind it and 3 mm lower.
    """
    if f"mammillary_{side}" in lm:
        return np.asarray(lm[f"mammillary_{side}"], float)
    sup = np.asarray(lm[f"superior_facet_{side}"], float)
    n = np.asarray(lm.get(f"superior_facet_{side}_normal", (0.0, -1.0, 0.0)), float)
    n = n / np.linalg.norm(n)
    back = np.array([0.0, -1.0, 0.0]) + n * n[1]
    back /= np.linalg.norm(back)
    return sup - 4.5 * n + 6.0 * back + np.array([0.0, -1.0, -3.0])


def _lumbar_medial_branch(carrier: Level, side: str, dims, lm: dict) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
    """The medial branch of the level above ``carrier``, on ``carrier``'s transverse process root (L1–L4)."""
    d = dims[carrier.name]
    back = -d.epd / 2
    px, zp, hh = _pedicle(d, carrier)
    sup = np.asarray(lm[f"superior_facet_{side}"], float)
    mam = _mammillary(lm, side)
    inf = np.asarray(lm[f"inferior_facet_{side}"], float)
    sx = _sx(side)
    edge = px + d.pw / 2  # lateral face of the pedicle = root of the transverse process
    junction = np.array([sx * (edge + 1.5), back - 0.45 * d.cd, zp + 6.5])  # over the TP root, beside the SAP
    groove = np.array([sx * (edge + 1.0), back - 0.62 * d.cd, zp + 1.5])  # down the TP/SAP junction
    under_mal = mam + np.array([sx * 1.5, 3.5, -6.5])  # beneath the mamillo-accessory ligament
    lamina = np.array([sx * (d.cw / 2 + 1.0), back - d.cd - 2.0, -0.22 * d.body_height])
    medial = np.array([sx * 5.0, back - d.cd - 6.5, -0.45 * d.body_height])
    start = np.array([sx * (edge + 3.0), back - 0.15 * d.cd, zp + hh + 7.0])  # from the foramen above
    main = np.array([start, junction, groove, under_mal, lamina, medial])
    up = np.array([junction, sup + np.array([sx * 2.0, -5.0, -5.5])])  # to the joint above
    down = np.array([lamina, inf + np.array([0.0, -5.0, 4.5])])  # to the joint below
    return main, (up, down)


def _l5_dorsal_ramus(side: str, dims, lm: dict) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
    """The L5 dorsal ramus in the groove between the sacral ala and the S1 superior articular process."""
    sup = np.asarray(lm[f"superior_facet_{side}"], float)
    sx = _sx(side)
    ax = abs(sup[0])
    pts = [(ax + 11.0, sup[1] + 9.0, sup[2] + 3.0), (ax + 9.0, sup[1] + 4.0, sup[2] - 6.0),
           (ax + 7.5, sup[1] - 1.0, sup[2] - 15.0), (ax + 2.0, sup[1] - 6.0, sup[2] - 21.0),
           (ax - 6.0, sup[1] - 9.0, sup[2] - 24.0)]
    main = np.array([_mirror(p, side) for p in pts])
    up = np.array([main[1], sup + np.array([sx * 3.0, -4.5, -5.0])])
    return main, (up,)


def _cervical_medial_branch(lv: Level, side: str, dims, lm: dict, joints) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
    """Around the waist of the articular pillar of ``lv``: lateral face, back, then medially."""
    sup = np.asarray(lm[f"superior_facet_{side}"], float)
    inf = np.asarray(lm[f"inferior_facet_{side}"], float)
    f = float(nerve_data()["cervical_pillar_height"][lv.name])
    centre = inf + f * (sup - inf)
    half = max(j.half_width for j in joints) + 1.0
    sx = _sx(side)
    pts = [centre + (sx * (half + 6.0), 6.0, 1.5), centre + (sx * (half + 2.0), 1.5, 0.5),
           centre + (sx * (half + 0.5), -4.5, 0.0), centre + (sx * (half * 0.3), -7.5, -0.5),
           centre + (-sx * 4.0, -9.0, -1.5), centre + (-sx * 9.0, -12.0, -2.5)]
    main = np.array(pts)
    up = np.array([main[2], sup + (sx * 1.0, -4.5, 1.0)])
    down = np.array([main[3], inf + (sx * 1.0, -4.5, -1.0)])
    return main, (up, down)


def _joint_name(upper: str, lower: str) -> str:
    return f"{upper}/{lower[1:] if upper[0] == lower[0] else lower}"


def nerve_paths(spine_model, landmarks: dict[str, dict[str, list[float]]]) -> list[NervePath]:
    """Every modelled nerve on both sides, in its carrier's local frame.

    Parameters
    ----------
    spine_model
        :func:`spineviz.anatomy.spine.model` (dimensions and joints).
    landmarks
        Per level, the mesh set's landmarks (``Spine.landmarks`` or :func:`shipped_landmarks`).
    """
    data = nerve_data()
    src, article, radius = data["sources"], data["article"], data["radius"]
    dims = spine_model.dims
    out: list[NervePath] = []
    names = [lv.name for lv in LEVELS]
    for lv in LEVELS:
        if lv.is_sacrum or lv.name in ("C1", "C2"):
            continue
        for side in SIDES:
            pts = _root(lv, side, dims, landmarks[lv.name])
            out.append(NervePath(f"{lv.name} nerve root ({side})", "root", lv.name, side, lv.name, pts,
                                 radius[f"root_{lv.region}"], src["nerve_roots"], article))
    for side in SIDES:
        out.append(NervePath(f"C8 nerve root ({side})", "root", "C8", side, "T1", _c8_root(side, dims),
                             radius["root_cervical"], src["nerve_roots"], article))
    for lv in LEVELS:
        i = names.index(lv.name)
        for side in SIDES:
            if lv.region == "cervical" and 3 <= lv.number <= 7:
                joints = [j for j in spine_model.joints if j.id.side == side
                          and (j.upper_index == lv.index or j.lower_index == lv.index)]
                main, twigs = _cervical_medial_branch(lv, side, dims, landmarks[lv.name], joints)
                supplies = (_joint_name(names[i - 1], lv.name), _joint_name(lv.name, names[i + 1]))
                if lv.name == "C3":
                    supplies = supplies[1:]  # C2/3 is supplied mainly by the third occipital nerve
                out.append(NervePath(f"{lv.name} medial branch ({side})", "medial_branch", lv.name, side, lv.name,
                                     main, radius["medial_branch"], src["cervical_medial_branch"], article,
                                     supplies, twigs))
            elif lv.region == "lumbar" and lv.number <= 4:
                carrier = LEVELS[i + 1]
                main, twigs = _lumbar_medial_branch(carrier, side, dims, landmarks[carrier.name])
                supplies = (_joint_name(lv.name, carrier.name), _joint_name(carrier.name, names[i + 2]))
                out.append(NervePath(f"{lv.name} medial branch ({side})", "medial_branch", lv.name, side,
                                     carrier.name, main, radius["medial_branch"], src["lumbar_medial_branch"],
                                     article, supplies, twigs))
            elif lv.name == "L5":
                main, twigs = _l5_dorsal_ramus(side, dims, landmarks["S1"])
                out.append(NervePath(f"L5 dorsal ramus ({side})", "medial_branch", "L5", side, "S1", main,
                                     radius["medial_branch"], src["lumbar_l5_dorsal_ramus"], article,
                                     ("L5/S1",), twigs))
    return out


def shipped_landmarks() -> dict[str, dict[str, list[float]]]:
    """The landmarks of the shipped mesh set (read from its manifest; no meshes loaded)."""
    from spineviz.anatomy.meshset import default_mesh_dir, read_manifest

    return read_manifest(default_mesh_dir())["landmarks"]


def nerve_by_name(paths: list[NervePath], name: str) -> NervePath:
    """The path called ``name`` ("L4 medial branch (left)"); a clear error lists what there is."""
    for p in paths:
        if p.name.lower() == name.strip().lower():
            return p
    raise KeyError(f"no nerve called {name!r}; names look like 'L4 medial branch (left)' or 'L5 nerve root (right)'")


def nerves_for_joint(paths: list[NervePath], joint: str) -> list[NervePath]:
    """The medial branches that supply a facet joint ("L4/5": the L3 and L4 medial branches)."""
    return [p for p in paths if joint in p.supplies]


def nerve_records(paths: list[NervePath]) -> list[dict]:
    """Plain records for listing and for the app: name, kind, carrier, joints supplied, source, article."""
    return [{"name": p.name, "kind": p.kind, "carrier": p.carrier, "supplies": list(p.supplies),
             "source": " ".join(p.source.split()), "article": p.article} for p in paths]
