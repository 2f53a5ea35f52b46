"""The facet-load estimate reproduces the published directions and its calibration anchors."""

from dataclasses import replace
from itertools import pairwise

import numpy as np
import pytest

from spineviz.anatomy.levels import FACET_JOINT_IDS, parse_facet_joint
from spineviz.anatomy.spine import model
from spineviz.motion import Motion, parse_motion
from spineviz.motion.loads import ESTIMATE_NOTE, calibration, facet_loads
from spineviz.motion.pose import pose


def loads(spec: str, region: str = "lumbar"):
    return facet_loads(model(), pose(model(), parse_motion(spec, region=region)))


def n(result, joint: str) -> float:
    return float(result.newtons[parse_facet_joint(joint).index])


NEUTRAL = facet_loads(model(), pose(model(), Motion()))


def test_neutral_share_adams_hutton():
    # Adams & Hutton 1980: ~16 % of compression for the pair in lordotic standing; 500 N lumbar preload
    assert n(NEUTRAL, "L4/5 left") + n(NEUTRAL, "L4/5 right") == pytest.approx(0.16 * 500, rel=0.02)
    assert np.allclose(NEUTRAL.gap, 0.5)


@pytest.mark.parametrize("joint", ["L3/4", "L4/5", "L5/S1"])
def test_extension_loads_both_facets_more_than_neutral(joint):
    ext = loads("extension=15")
    for side in ("left", "right"):
        assert n(ext, f"{joint} {side}") > n(NEUTRAL, f"{joint} {side}") * 1.3


@pytest.mark.parametrize("joint", ["L3/4", "L4/5", "L5/S1"])
def test_flexion_unloads_them(joint):
    flex = loads("flexion=30")
    for side in ("left", "right"):
        assert n(flex, f"{joint} {side}") < 0.3 * n(NEUTRAL, f"{joint} {side}")


def test_flexed_sitting_carries_almost_nothing():
    # Adams & Hutton 1980: about 0 % in flexed sitting
    flex = loads("flexion=40")
    lumbar = [n(flex, f"{j} {s}") for j in ("L1/2", "L2/3", "L3/4", "L4/5", "L5/S1") for s in ("left", "right")]
    assert max(lumbar) < 0.05 * n(NEUTRAL, "L4/5 left")


@pytest.mark.parametrize("side", ["left", "right"])
def test_l5_s1_joint_faces_as_the_s1_row(side):
    """The sacral side of the curved L5/S1 joint faces up and back as the S1 row's superior facet does
    (85 deg tilt, 52 deg to the mid-sagittal plane, dimensions.csv): regression for issue 10, where L5's
    template facet, stacked on the table's S1, faced 6 deg downward and flexed sitting closed the joint."""
    from spineviz.anatomy.joints import superior_facet_normal

    m = model()
    j = next(j for j in m.joints if j.name == f"L5/S1 {side}")
    r = m.frames[j.lower_index][:3, :3]
    local = j.lower_normals @ r  # each sample's normal in the sacrum's frame
    mean = local.mean(axis=0) / np.linalg.norm(local.mean(axis=0))
    d = m.dims["S1"]
    expected = superior_facet_normal(d.sft, d.sfa, side)
    assert np.degrees(np.arccos(np.clip(mean @ expected, -1.0, 1.0))) < 5.0
    assert mean[2] > 0.0, "faces upward, so flexion opens the joint"


@pytest.mark.parametrize("joint", ["L1/2", "L2/3", "L3/4", "L4/5", "L5/S1"])
def test_rotation_loads_the_contralateral_facet(joint):
    left_turn = loads("rotation=8")  # turning to the left loads the RIGHT facets
    assert n(left_turn, f"{joint} right") > n(left_turn, f"{joint} left")
    right_turn = loads("rotation=-8")
    assert n(right_turn, f"{joint} left") > n(right_turn, f"{joint} right")


def test_rotation_reproduces_its_calibration_anchor():
    """Only checks the fit: 70.3 N contralateral at T12-L2 in torsion is an anchor of the calibration."""
    assert n(loads("rotation=9"), "L1/2 right") == pytest.approx(70.3, rel=0.05)


def test_torsion_ipsilateral_facet_carries_less_than_half():
    """Independent of the fit: Jaumard 2011 Table 2 gives 31.3 N ipsilateral against 70.3 N contralateral
    (a ratio of 0.45); the ipsilateral force was not used in the calibration."""
    r = loads("rotation=9")
    for joint in ("L1/2", "L2/3", "L3/4", "L4/5"):
        contra, ipsi = n(r, f"{joint} right"), n(r, f"{joint} left")
        assert 0.0 < ipsi < 0.5 * contra, joint


def test_torsion_loads_similar_down_the_lumbar_spine():
    """Independent of the fit: only L1/2 is anchored; the other curved lumbar joints, with their own measured
    shapes, must give the same order of contralateral force (within 40 % of the anchor)."""
    r = loads("rotation=9")
    for joint in ("L2/3", "L3/4", "L4/5"):
        assert n(r, f"{joint} right") == pytest.approx(70.3, rel=0.4), joint


def test_curved_joint_loads_unevenly_in_rotation():
    """Independent of the fit: on the curved L4/5 joint, a rotation closes the patch unevenly, more than the
    same joint would if its surfaces were a flat ellipse (same centre, normal and size)."""
    m = model()
    j = next(j for j in m.joints if j.name == "L4/5 right")
    assert j.curved
    p = pose(m, parse_motion("rotation=9", region="lumbar")).transforms
    rel = np.linalg.inv(p[j.lower_index]) @ p[j.upper_index]

    def spread(joint) -> float:
        pts, normals = joint.samples()
        moved = pts @ rel[:3, :3].T + rel[:3, 3]
        closure = -np.einsum("ki,ki->k", moved - pts, normals)
        return float(np.ptp(closure))

    flat = replace(j, lower_surface=None, lower_normals=None, upper_surface=None, upper_normals=None)
    assert spread(j) > 1.15 * spread(flat), (spread(j), spread(flat))  # 0.66 against 0.51 mm when written
    closures = loads("rotation=9").patch_closure[parse_facet_joint("L4/5 right").index]
    assert np.ptp(closures) > 0.3, "the contact differs across the patch by a visible amount"


@pytest.mark.parametrize("joint", ["L2/3", "L3/4", "L4/5"])
def test_lateral_bending_loads_the_concave_side(joint):
    bend_left = loads("bend=15")
    assert n(bend_left, f"{joint} left") > n(bend_left, f"{joint} right")


def test_extension_and_cervical_reproduce_their_calibration_anchors():
    """Only checks the fit: these three forces (Jaumard 2011 Table 2) are anchors in load_calibration.toml."""
    assert n(loads("extension=20"), "L4/5 right") == pytest.approx(117.0, rel=0.02)
    assert n(loads("extension=20", "cervical"), "C5/6 right") == pytest.approx(37.6, rel=0.02)
    assert n(loads("rotation=25", "cervical"), "C5/6 right") == pytest.approx(28.5, rel=0.02)


def test_loads_rise_toward_end_of_range():
    values = [n(loads(f"extension={a}"), "L4/5 right") for a in (0, 5, 10, 15, 20, 25)]
    assert all(b > a for a, b in pairwise(values))
    steps = np.diff(values)
    assert steps[-1] > steps[0], "contact stiffens as the joint closes"


@pytest.mark.parametrize("spec", ["rotation=7", "bend=12", "extension=10, rotation=6", "flexion=10, bend=-8"])
def test_left_and_right_mirror(spec):
    """A mirrored motion gives mirrored loads: exactly in the neck and chest (built symmetric), within
    in the lumbar spine (10 % or 1.5 N), whose joints come from a measured mean shape symmetric to about a mm."""
    m = parse_motion(spec, region="lumbar")
    mirrored = Motion(m.flexion, -m.lateral_bending, -m.axial_rotation, m.region)
    a = facet_loads(model(), pose(model(), m)).newtons
    b = facet_loads(model(), pose(model(), mirrored)).newtons
    lumbar = np.array([jid.segment.lower.region in ("lumbar", "sacral") for jid in FACET_JOINT_IDS])
    for first, second in ((0, 1), (1, 0)):
        x, y, lum = a[first::2], b[second::2], lumbar[first::2]
        assert np.allclose(x[~lum], y[~lum], rtol=1e-6, atol=1e-6)
        assert np.allclose(x[lum], y[lum], rtol=0.10, atol=1.5)


def test_gap_closes_where_load_rises():
    r = loads("rotation=9")
    i_contra, i_ipsi = parse_facet_joint("L2/3 right").index, parse_facet_joint("L2/3 left").index
    assert r.gap[i_contra] < 0.5 < r.gap[i_ipsi]


def test_extension_with_rotation_is_the_classic_loader():
    r = loads("extension=15, rotation=8")
    assert n(r, "L4/5 right") > n(loads("extension=15"), "L4/5 right")


def test_extension_with_rotation_loads_the_lower_lumbar_joints_most():
    r = loads("extension=15, rotation=8")
    assert r.most_loaded(1)[0][0].split()[0] in ("L4/5", "L5/S1")


def test_contact_stiffness_grows_with_facet_area_down_the_lumbar_spine():
    """The lower lumbar joints carry more for the same closure because their facets are larger (Panjabi 1993
    sizes in dimensions.csv): the contact stiffnesses follow the articular areas, L1/2 to L5/S1."""
    from spineviz.motion.loads import _read_calibration, area_scale

    m = model()
    cal = calibration(m)
    idx = [parse_facet_joint(f"{j} right").index for j in ("L1/2", "L2/3", "L3/4", "L4/5", "L5/S1")]
    area = m.facet_arrays()["area"][idx]
    assert all(b > a for a, b in pairwise(area)), area
    assert np.allclose(cal.k_normal[idx] / cal.k_normal[idx[0]], area / area[0], rtol=1e-9)
    assert np.allclose(cal.k_axial[idx] / cal.k_axial[idx[0]], area / area[0], rtol=1e-9)
    assert area_scale(m)[parse_facet_joint("C5/6 right").index] == 1.0  # the neck keeps its own anchors
    assert "Panjabi et al. 1993" in _read_calibration()["area_scaling"]["source"]


def test_accepts_a_transform_array_and_a_loaded_spine():
    p = pose(model(), parse_motion("extension=10", region="lumbar"))
    assert np.allclose(facet_loads(model(), p.transforms).newtons, facet_loads(model(), p).newtons)


def test_records_and_note():
    recs = NEUTRAL.as_records()
    assert len(recs) == 48 and recs[0]["joint"] == "C1/2 left"
    assert "not a measurement" in ESTIMATE_NOTE
    cal = calibration(model())
    assert (cal.k_axial >= 0).all() and (cal.k_normal >= 0).all()


@pytest.mark.parametrize("degrees", [45, 90, -90])
def test_atlas_turning_on_the_axis_does_not_read_as_closure(degrees):
    """The lateral atlanto-axial joints turn on surfaces of revolution about the dens axis, and the pose
    lowers C1 as it turns so the convex surfaces keep their gap (atlantoaxial.descent): neither is
    compression. Straight-line travel along the neutral normal would read 40 degrees of turn as 3.4 mm of
    closure and about 340 N; the joint keeps its neutral gap and share."""
    m = model()
    neutral = facet_loads(m, pose(m, parse_motion("rotation=0", region="cervical")))
    turned = facet_loads(m, pose(m, parse_motion(f"rotation={degrees}", region="cervical")))
    c12 = [parse_facet_joint(f"C1/2 {side}").index for side in ("left", "right")]
    assert np.allclose(turned.gap[c12], neutral.gap[c12], atol=0.05), turned.gap[c12]
    assert np.allclose(turned.newtons[c12], neutral.newtons[c12], atol=1.0), turned.newtons[c12]
    # the turn still loads the contralateral facets below, as published
    c23 = {side: turned.newtons[parse_facet_joint(f"C2/3 {side}").index] for side in ("left", "right")}
    assert max(c23.values()) > 20.0 * min(c23.values()) + 10.0, c23


def test_atlas_side_bending_still_closes_its_joint():
    """Only the turn and its descent are taken out at C1/2: bending C1 on C2 closes the joint on the side it
    bends to, as on any other level."""
    m = model()
    bent = facet_loads(m, pose(m, parse_motion("lateral_bending=90", region="cervical")))
    left, right = (bent.newtons[parse_facet_joint(f"C1/2 {s}").index] for s in ("left", "right"))
    assert max(left, right) > 10.0 * min(left, right) + 20.0, (left, right)


def test_patch_closure_equals_every_sample_moved_directly():
    """Session 16: the closure at each patch sample from precomputed sample products (issue 13's tick).

    The reference moves every sample by the upper vertebra's motion relative to the lower one, an inverted
    4x4 matrix per joint, and measures it along the sample's own normal; the C1/2 joints then take the
    atlas's turn on the dens back out as the model does (``_unroll``). The two may differ by rounding only.
    """
    from spineviz.motion.loads import _geometry_cached, _unroll, closures

    geo = _geometry_cached(model())
    rng = np.random.default_rng(16)
    sel = geo.rolling
    for i in range(40):
        region = ("all", "cervical", "thoracic", "lumbar")[i % 4]
        t = pose(model(), Motion(*rng.uniform(-50.0, 50.0, 3), region=region)).transforms
        rel = np.linalg.inv(t[geo.lower]) @ t[geo.upper]  # (48, 4, 4)
        moved = np.einsum("nij,nkj->nki", rel[:, :3, :3], geo.samples) + rel[:, None, :3, 3]
        ds = moved - geo.samples
        d = np.einsum("nij,nj->ni", rel[:, :3, :3], geo.centre) + rel[:, :3, 3] - geo.centre
        d[sel], ds[sel] = _unroll(geo, rel[:, :3, :3], d[sel], ds[sel])
        axial, normal = closures(geo, t)
        assert np.allclose(normal, -np.einsum("nki,nki->nk", ds, geo.sample_normals), rtol=0, atol=1e-9), region
        assert np.allclose(axial, -np.einsum("ni,ni->n", d, geo.axis), rtol=0, atol=1e-9), region
