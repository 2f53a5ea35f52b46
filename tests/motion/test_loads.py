"""The facet-load estimate reproduces the published directions and its calibration anchors."""

from itertools import pairwise

import numpy as np
import pytest

from spineviz.anatomy.levels import parse_facet_joint
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


@pytest.mark.parametrize("joint", ["L1/2", "L2/3", "L3/4", "L4/5", "L5/S1"])
def test_rotation_loads_the_contralateral_facet(joint):
    left_turn = loads("rotation=8")  # turning to the left loads the RIGHT facets
    assert n(left_turn, f"{joint} right") > n(left_turn, f"{joint} left")
    right_turn = loads("rotation=-8")
    assert n(right_turn, f"{joint} left") > n(right_turn, f"{joint} right")


def test_rotation_magnitudes_like_jaumard():
    # Jaumard 2011 Table 2: 70.3 N contralateral vs 31.3 N ipsilateral at T12-L2 under torsion
    r = loads("rotation=9")
    contra, ipsi = n(r, "L1/2 right"), n(r, "L1/2 left")
    assert contra == pytest.approx(70.3, rel=0.05)
    assert ipsi < contra / 2


@pytest.mark.parametrize("joint", ["L2/3", "L3/4", "L4/5"])
def test_lateral_bending_loads_the_concave_side(joint):
    bend_left = loads("bend=15")
    assert n(bend_left, f"{joint} left") > n(bend_left, f"{joint} right")


def test_extension_anchor_and_cervical_anchors():
    # calibration anchors (load_calibration.toml): Jaumard 2011 Table 2
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
    m = parse_motion(spec, region="lumbar")
    mirrored = Motion(m.flexion, -m.lateral_bending, -m.axial_rotation, m.region)
    a = facet_loads(model(), pose(model(), m)).newtons
    b = facet_loads(model(), pose(model(), mirrored)).newtons
    assert np.allclose(a[0::2], b[1::2], rtol=1e-6, atol=1e-6)
    assert np.allclose(a[1::2], b[0::2], rtol=1e-6, atol=1e-6)


def test_gap_closes_where_load_rises():
    r = loads("rotation=9")
    i_contra, i_ipsi = parse_facet_joint("L2/3 right").index, parse_facet_joint("L2/3 left").index
    assert r.gap[i_contra] < 0.5 < r.gap[i_ipsi]


def test_extension_with_rotation_is_the_classic_loader():
    r = loads("extension=15, rotation=8")
    assert n(r, "L4/5 right") > n(loads("extension=15"), "L4/5 right")
    assert r.most_loaded(1)[0][0].split()[0] in ("L4/5", "L5/S1")


def test_accepts_a_transform_array_and_a_loaded_spine():
    p = pose(model(), parse_motion("extension=10", region="lumbar"))
    assert np.allclose(facet_loads(model(), p.transforms).newtons, facet_loads(model(), p).newtons)


def test_records_and_note():
    recs = NEUTRAL.as_records()
    assert len(recs) == 48 and recs[0]["joint"] == "C1/2 left"
    assert "not a measurement" in ESTIMATE_NOTE
    cal = calibration(model())
    assert (cal.k_axial >= 0).all() and (cal.k_normal >= 0).all()
