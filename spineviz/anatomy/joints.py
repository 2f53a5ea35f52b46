"""The 48 facet joints as exact geometry: where each sits, which way it faces, how big it is.

Each joint is defined once per pair of levels (not once per vertebra), in the lower level's frame, from the
lower level's superior-facet orientation and the upper level's inferior-facet size. Both vertebrae then
build their articular facets to meet it, so neighbours of different size still meet with the designed gap,
and the loading model reads the joint from here rather than from a decimated mesh.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from spineviz.anatomy import atlantoaxial
from spineviz.anatomy.frames import endplates, transform_points, transform_vectors
from spineviz.anatomy.levels import FACET_JOINT_IDS, FacetJointId, Level
from spineviz.anatomy.tables import LevelDimensions, SegmentGeometry

# Cartilage thickness on each facet and the space between the two cartilage surfaces in neutral.
# Lumbar facet cartilage averages about 0.8 mm (the figure used by the laser-scanner and micro-CT study of
# its 3D thickness, Summer Bioengineering Conference 2011 abstract 54587, Inoue/Espinoza Orias group [R2]);
# 0.75 mm a side is used here. Finite-element models give a cartilage-to-cartilage gap of about 0.5 mm
# (anatomy-data 5.4 [M]).
CARTILAGE_MM = 0.75
NEUTRAL_GAP_MM = 0.5
BONE_GAP_MM = NEUTRAL_GAP_MM + 2 * CARTILAGE_MM


@dataclass(frozen=True)
class JointGeometry:
    """One facet joint in the spine frame at neutral.

    ``normal`` is the outward normal of the lower vertebra's superior facet: it points from that facet
    toward the upper vertebra's inferior facet, so a joint closes when the upper facet moves along
    ``-normal`` relative to the lower one. ``u`` is the facet's width axis (in its plane); its height axis
    is ``normal x u``.
    """

    id: FacetJointId
    centre: np.ndarray
    normal: np.ndarray
    u: np.ndarray
    half_width: float
    half_height: float
    # Curved joints (from real surfaces): the two bony articular surfaces sampled on a polar grid
    # (centre first, then rings), spine frame at neutral, with outward normals; sample i of one faces
    # sample i of the other. None for joints built from the table alone (flat elliptical facets).
    lower_surface: np.ndarray | None = None
    lower_normals: np.ndarray | None = None
    upper_surface: np.ndarray | None = None
    upper_normals: np.ndarray | None = None

    @property
    def curved(self) -> bool:
        return self.lower_surface is not None

    def samples(self, rings: int = 5, spokes: int = 24) -> tuple[np.ndarray, np.ndarray]:
        """Points on the joint's mid-surface and the joint's local normals there: where contact is evaluated.

        A curved joint uses the midpoints of its facing surface samples and the lower surface's normals; a
        flat one a polar grid on its ellipse with the one normal.
        """
        if self.curved:
            mid = 0.5 * (self.lower_surface + self.upper_surface)
            return mid, self.lower_normals.copy()
        pts = [self.centre]
        v = self.v  # one cross product, not one per sample (it was most of the app's start-up)
        for r in np.linspace(1.0 / rings, 1.0, rings):
            for a in np.linspace(0.0, 2 * np.pi, spokes, endpoint=False):
                pts.append(self.centre + r * (self.half_width * math.cos(a) * self.u
                                              + self.half_height * math.sin(a) * v))
        pts = np.array(pts)
        return pts, np.tile(self.normal, (len(pts), 1))

    @property
    def v(self) -> np.ndarray:
        return np.cross(self.normal, self.u)

    @property
    def upper_index(self) -> int:
        return self.id.segment.upper.index

    @property
    def lower_index(self) -> int:
        return self.id.segment.lower.index

    @property
    def name(self) -> str:
        return self.id.name

    def bone_facet(self, which: str) -> tuple[np.ndarray, np.ndarray]:
        """Centre and outward normal of the bony facet surface of the ``upper`` or ``lower`` vertebra."""
        off = 0.5 * BONE_GAP_MM
        if which == "lower":
            return self.centre - off * self.normal, self.normal.copy()
        return self.centre + off * self.normal, -self.normal


def superior_facet_normal(sft_deg: float, sfa_deg: float, side: str) -> np.ndarray:
    """Outward normal of a superior facet from its tilt and axial angle (see ``dimensions.csv``).

    In the axial view the facet faces medially at 0 deg, posteriorly at 90 deg, laterally at 180 deg;
    the tilt leans that horizontal direction up toward +z (a 45 deg facet faces half up, half back).
    """
    a, b = math.radians(sft_deg), math.radians(sfa_deg)
    hx, hy = -math.cos(b), -math.sin(b)  # right-side facet; the left mirrors x
    if side == "left":
        hx = -hx
    n = np.array([math.sin(a) * hx, math.sin(a) * hy, math.cos(a)])
    return n / np.linalg.norm(n)


# How far behind the body each joint sits, as a fraction of the lower level's canal depth [M]: cervical 0.4,
# thoracic 0.65 (lumbar and sacral 0.75). The C7/T1 joint is the cervicothoracic transition: C7's inferior
# facets are of the cervical kind (facing forward and down) and T1's superior facets face back and up, as the
# thoracic ones do (Gray 1918; Standring 2016, Gray's Anatomy 41st ed.); at T1 (the C7/T1 joint) and below
# they face posterolaterally (Pal, Routal & Saggu 2001, J Anat 198:431, abstract [R]). Placed by the thoracic
# rule (0.65 of T1's canal depth) it lay 5.7 mm behind C7's superior facet in C7's frame (1.6 mm at C5 and
# C6), so C7's articular pillar leaned back. It is placed by the cervical depth instead (C7_T1_DEPTH, a
# modelling value [M]: no measured sagittal position of the C7/T1 facet found), keeping the thoracic rule's
# lateral offset and height and T1's own tilt (dimensions.csv): C7's inferior facet then lies about 2 mm
# behind its superior one, as at C5 and C6.
CERVICAL_DEPTH, THORACIC_DEPTH, C7_T1_DEPTH = 0.4, 0.65, 0.4
# Session 20 (cerv20, issue 10): from the left the C4-C6 laminae hid behind the articular pillars: the
# spinolaminar junction (set by the table's canal depth behind the body) lay only 3.5-3.8 mm behind the pillars'
# posterior faces at C4 and C5, because the pillars stand where their joints do. The C4/5, C5/6 and C6/7 joints
# now sit a little further forward, a per-segment fraction of the lower level's canal depth keyed by the upper
# level (modelling values [M]: no measured sagittal position of the cervical facets relative to the canal was
# found); C3/4 keeps CERVICAL_DEPTH (C3's laminae already show 4.7 mm behind its pillars). Measured by
# tests/anatomy/test_cervical_shapes.py::test_spinolaminar_line_lies_behind_the_pillars.
CERVICAL_DEPTH_BY_SEGMENT = {"C4": 0.35, "C5": 0.35, "C6": 0.38}
# Session 15 (cerv15): the articular pillars stand lateral to the canal, the facets' medial margins beside the
# canal's side walls and not over it (Gray 1918, the cervical vertebrae: the articular processes at the junction
# of pedicle and lamina; the canal's transverse diameter is measured between the pedicles, Parihar). Placed at
# ``cw/2 + 5`` mm of the lower level, the C3/4-C6/7 facets' medial margins lay 0.4-1.6 mm inside the canal's
# outline of one level or the other (C6's inferior and C7's superior facets the most), so at the facets' height
# the canal's narrowest width read 19.9-21.9 mm against the table's 24-25 (Parihar). A joint now stands out far
# enough that its facets' medial margins lie CERVICAL_FACET_CLEAR mm beyond the wider of its two levels' canal
# walls (the width of the band of bare bone that frames an inferior facet medially, shapes/cervical.py
# PILLAR_RIM_MEDIAL_BELOW) -- but no further than leaves the facets' lateral margins CERVICAL_TIPS_BEYOND mm inside
# the transverse tubercles' tips (half the table's tip-to-tip span, Panjabi 1991, of the narrower level), so the
# process still shows end-on beyond the pillar from the side (tests: 1 mm). Both are modelling values [M] (no
# measured facet-to-canal distance read). With the table's spans the second limit holds the C3/4 and C4/5 joints
# where they were (their facets still 0.35-0.87 mm inside the canal's outline: the canal reads 21.3-22.0 mm at their
# height); C5/6 moves out 1.6 mm and C6/7 2.8 mm. The C2/3 joint is left as it was: C3's superior facet already lies
# clear of its canal, and moving it would reshape C2 (shapes/special.py).
CERVICAL_FACET_CLEAR = 1.0
CERVICAL_TIPS_BEYOND = 2.5


def _centre_local(upper: LevelDimensions, lower: LevelDimensions, disc_h: float, side: str) -> np.ndarray:
    """Where the joint sits in the lower level's frame (right side; the left mirrors x)."""
    top = endplates(lower)[0][:3, 3][2]
    depth, cw, cd, pw = lower.epd, lower.cw, lower.cd, lower.pw or 6.0
    if upper.level.name == "C1":
        (x, y), z = atlantoaxial.CENTRE_XY, top + 1.5
    elif lower.level.region == "cervical":
        frac = CERVICAL_DEPTH_BY_SEGMENT.get(upper.level.name, CERVICAL_DEPTH)
        x, y, z = cw / 2 + 5.0, -depth / 2 - frac * cd, top + disc_h / 2 + 1.0
        if upper.level.name != "C2":  # clear of both canals (CERVICAL_FACET_CLEAR)
            x = max(x, _clear_of_canals(upper, lower))
    elif lower.level.region == "thoracic":
        # lateral enough that the near-coronal facet clears the canal
        x = max(cw / 2 + 0.5 * pw + 1.0, cw / 2 + upper.ifw / 2 + 1.0)
        frac = C7_T1_DEPTH if upper.level.name == "C7" else THORACIC_DEPTH  # the transition (see above)
        y, z = -depth / 2 - frac * cd, top + disc_h / 2 + 2.0
    elif lower.level.is_sacrum:
        x, y, z = cw / 2 + 5.0, -depth / 2 - 0.75 * cd, top + disc_h / 2 - 1.5
    else:  # lumbar
        x, y, z = cw / 2 + 0.5 * pw, -depth / 2 - 0.75 * cd, top + disc_h / 2 + 1.0
    return np.array([x if side == "right" else -x, y, z])


def _clear_of_canals(upper: LevelDimensions, lower: LevelDimensions) -> float:
    """How far out a C3/4-C6/7 joint's centre stands: its facets clear of both canals, inside the tubercles.

    The facet's width axis is horizontal in its plane (:func:`_width_axis`), so its margins lie ``ifw/2`` times
    that axis's lateral component either side of the centre: the medial one CERVICAL_FACET_CLEAR mm beyond the
    wider canal's half-width, unless that would bring the lateral one within CERVICAL_TIPS_BEYOND mm of the
    narrower level's transverse half-span.
    """
    u = _width_axis(superior_facet_normal(lower.sft, lower.sfa, "right"))
    half = abs(float(u[0])) * upper.ifw / 2
    clear = max(upper.cw, lower.cw) / 2 + half + CERVICAL_FACET_CLEAR
    return min(clear, min(upper.tps, lower.tps) / 2 - half - CERVICAL_TIPS_BEYOND)


def build_joints(
    frames: np.ndarray, dims: dict[str, LevelDimensions], segs: dict[str, SegmentGeometry],
    surfaces: dict[str, dict[str, np.ndarray]] | None = None,
) -> list[JointGeometry]:
    """All 48 joints, in :data:`FACET_JOINT_IDS` order, in the spine frame at neutral.

    ``surfaces`` (joint name -> arrays, see :func:`read_facet_surfaces`) gives the joints whose surfaces
    were found on real bone: their centre and normal come from those surfaces, not from the table.
    """
    surfaces = surfaces or {}
    out = []
    for jid in FACET_JOINT_IDS:
        upper = dims[jid.segment.upper.name]
        if jid.name in surfaces:
            f = surfaces[jid.name]
            out.append(JointGeometry(
                id=jid, centre=f["centre"], normal=f["normal"], u=f["u"],
                half_width=upper.ifw / 2, half_height=upper.ifh / 2,
                lower_surface=f.get("lower"), lower_normals=f.get("lower_normals"),
                upper_surface=f.get("upper"), upper_normals=f.get("upper_normals"),
            ))
            continue
        lower = dims[jid.segment.lower.name]
        frame = frames[jid.segment.lower.index]
        c_local = _centre_local(upper, lower, segs[jid.segment.name].disc_h, jid.side)
        n_local = superior_facet_normal(lower.sft, lower.sfa, jid.side)
        u_local = _width_axis(n_local)
        if jid.segment.upper.name == "C1":  # curved: surfaces turning about the dens (atlantoaxial.py)
            out.append(_atlantoaxial(jid, frame, c_local, lower.sft, u_local, upper))
            continue
        out.append(
            JointGeometry(
                id=jid,
                centre=transform_points(frame, c_local[None])[0],
                normal=transform_vectors(frame, n_local[None])[0],
                u=transform_vectors(frame, u_local[None])[0],
                half_width=upper.ifw / 2,
                half_height=upper.ifh / 2,
            )
        )
    return out


def _atlantoaxial(jid: FacetJointId, frame: np.ndarray, c_local: np.ndarray, tilt: float, u_local: np.ndarray,
                  upper: LevelDimensions) -> JointGeometry:
    """A lateral atlanto-axial joint from :class:`spineviz.anatomy.atlantoaxial.Joint`, in the spine frame."""
    aa = atlantoaxial.Joint(c_local, tilt, jid.side, BONE_GAP_MM)
    low, low_n, up, up_n = aa.surfaces(u_local, upper.ifw / 2, upper.ifh / 2)
    return JointGeometry(
        id=jid, centre=transform_points(frame, c_local[None])[0],
        normal=transform_vectors(frame, aa.centre_normal()[None])[0],
        u=transform_vectors(frame, u_local[None])[0], half_width=upper.ifw / 2, half_height=upper.ifh / 2,
        lower_surface=transform_points(frame, low), lower_normals=transform_vectors(frame, low_n),
        upper_surface=transform_points(frame, up), upper_normals=transform_vectors(frame, up_n),
    )


FACET_SURFACES_FILE = "facet_surfaces.npz"


def read_facet_surfaces() -> dict[str, dict[str, np.ndarray]]:
    """The joints derived from real bone surfaces (written by ``spineviz meshes build``), by joint name.

    Empty when the file is absent (the first stage of a build, before the template levels are fitted).
    Flat joints (a procedural partner) carry only centre, normal and u; curved ones their two surfaces.
    """
    from importlib import resources

    path = resources.files("spineviz.anatomy").joinpath("data", FACET_SURFACES_FILE)
    if not path.is_file():
        return {}
    out: dict[str, dict[str, np.ndarray]] = {}
    with path.open("rb") as fh, np.load(fh) as z:
        for key in z.files:
            joint, field = key.split("|")
            out.setdefault(joint, {})[field] = z[key].astype(float)
    return out


def oval_radius(points: np.ndarray, centre: np.ndarray, u: np.ndarray, v: np.ndarray, half_width: float,
                half_height: float) -> np.ndarray:
    """How far out each point lies in a joint's facet oval (1 on the oval), measured in the plane (u, v)."""
    rel = points - centre
    return np.hypot(rel @ u / half_width, rel @ v / half_height)


def first_past(test: np.ndarray, level: np.ndarray) -> float:
    """Where, along one spoke (centre, then rings), ``level`` first rises through 0, in sample steps.

    Only if ``test`` is positive somewhere on the spoke; otherwise the number of rings (its full reach).
    """
    if not (test > 0.0).any() or level[0] >= 0.0:
        return float(len(level) - 1)
    out = int(np.argmax(level > 0.0))
    a, b = level[out - 1], level[out]
    return out - 1 + float(-a / (b - a))


def draw_in_spoke(points: np.ndarray, normals: np.ndarray, idx: np.ndarray, end: float) -> None:
    """Respace one spoke of a polar grid (``idx``: its centre, then each ring) to end ``end`` sample steps out.

    In place: the rings are moved evenly along the sampled spoke (linearly between samples) and their normals
    interpolated the same way. Shared by the drawn layers' trim (softtissue) and the samples' (template_fit),
    so the cartilage drawn and the load model's samples are drawn in alike.
    """
    rings = len(idx) - 1
    steps = np.arange(rings + 1, dtype=float)
    at = steps[1:] * end / rings
    p, q = points[idx].copy(), normals[idx].copy()
    points[idx[1:]] = np.column_stack([np.interp(at, steps, p[:, c]) for c in range(3)])
    bent = np.column_stack([np.interp(at, steps, q[:, c]) for c in range(3)])
    normals[idx[1:]] = bent / np.linalg.norm(bent, axis=1, keepdims=True)


def _width_axis(n: np.ndarray) -> np.ndarray:
    """The facet's width direction: horizontal for steep facets; for flat ones (C1/2) across the body."""
    z = np.array([0.0, 0.0, 1.0])
    if abs(n[2]) < math.cos(math.radians(45)):
        u = np.cross(z, n)  # horizontal, in the facet plane
    else:
        u = np.cross(n, np.array([0.0, 1.0, 0.0]))  # transverse-ish; height runs front to back
    return u / np.linalg.norm(u)


def joints_of_level(joints: list[JointGeometry], lv: Level) -> dict[str, list[JointGeometry]]:
    """The joints a level takes part in: ``above`` (its superior facets) and ``below`` (its inferior)."""
    return {
        "above": [j for j in joints if j.lower_index == lv.index],
        "below": [j for j in joints if j.upper_index == lv.index],
    }
