import math
from itertools import pairwise

import numpy as np
import pytest

from spineviz.anatomy.joints import BONE_GAP_MM, NEUTRAL_GAP_MM, superior_facet_normal
from spineviz.anatomy.levels import LEVELS, parse_level
from spineviz.anatomy.spine import model


def _sagittal_angle(frame_a, frame_b):
    """Signed sagittal angle (deg) from endplate a to endplate b; positive = lordotic (b tips forward)."""
    za, zb = frame_a[:3, 2], frame_b[:3, 2]
    ang_a = math.degrees(math.atan2(-za[1], za[2]))
    ang_b = math.degrees(math.atan2(-zb[1], zb[2]))
    return ang_b - ang_a


def _lv(name):
    return parse_level(name)


def test_counts():
    m = model()
    assert m.frames.shape == (25, 4, 4)
    assert len(m.joints) == 48
    assert {j.id.side for j in m.joints} == {"left", "right"}


def test_frames_are_rigid():
    for f in model().frames:
        r = f[:3, :3]
        assert np.allclose(r @ r.T, np.eye(3), atol=1e-9) and np.isclose(np.linalg.det(r), 1.0)


def test_origin_is_s1_endplate_centre():
    e = model().endplate(LEVELS[-1], "upper")
    assert np.allclose(e[:3, 3], 0.0, atol=1e-9)


def test_lumbar_lordosis_in_published_range():
    # PMC6680033 [R]: T12-S1 lordosis standing 49.8 +/- 11.2 deg; L4-S1 is 70.8 % of it.
    m = model()
    ll = _sagittal_angle(m.endplate(_lv("S1"), "upper"), m.endplate(_lv("L1"), "upper"))
    l4s1 = _sagittal_angle(m.endplate(_lv("S1"), "upper"), m.endplate(_lv("L4"), "upper"))
    assert 49.8 - 11.2 <= ll <= 49.8 + 11.2, ll
    assert 0.6 <= l4s1 / ll <= 0.8, l4s1 / ll


def test_thoracic_kyphosis_in_published_range():
    # Spine Secrets [R2]: T1-T12 kyphosis 20-50 deg in young adults
    m = model()
    tk = -_sagittal_angle(m.endplate(_lv("T12"), "lower"), m.endplate(_lv("T1"), "upper"))
    assert 20 <= tk <= 50, tk


def test_cervical_lordosis_design_range():
    # anatomy-data 3.2: C2-C7 lordosis default 15-20 deg (design, from Spine Secrets ranges [R2])
    m = model()
    cl = _sagittal_angle(m.endplate(_lv("C7"), "lower"), m.endplate(_lv("C2"), "lower"))
    assert 10 <= cl <= 25, cl


def test_sagittal_balance():
    # Spine Secrets [R2]: the C7 plumb line falls within about 2 cm of the posterosuperior corner of S1
    m = model()
    c7 = m.frames[_lv("C7").index][:3, 3]
    corner = m.endplate(_lv("S1"), "upper") @ np.array([0.0, -m.dims["S1"].epd / 2, 0.0, 1.0])
    assert abs(c7[1] - corner[1]) < 20.0
    assert 25 <= m.sacral_slope <= 55, m.sacral_slope


def test_levels_stack_upwards():
    z = [model().frames[lv.index][2, 3] for lv in LEVELS]
    assert all(a > b for a, b in pairwise(z))


FROM_SURFACES = {f"{s} {side}" for s in ("T10/11", "T11/12", "T12/L1", "L1/2", "L2/3", "L3/4", "L4/5", "L5/S1")
                 for side in ("left", "right")}


def test_joint_normals_follow_the_table():
    """Table-built joints face exactly as the table says; joints found on the template's surfaces agree
    with the table's facet angles (measured on the same mean shape, or [M] at T12, L1 and S1) within 12 deg."""
    m = model()
    assert {j.name for j in m.joints if j.name in FROM_SURFACES} == FROM_SURFACES
    for j in m.joints:
        lower = m.dims[j.id.segment.lower.name]
        expected = m.frames[j.lower_index][:3, :3] @ superior_facet_normal(lower.sft, lower.sfa, j.id.side)
        error = math.degrees(math.acos(np.clip(expected @ j.normal, -1, 1)))
        assert error < (12.0 if j.name in FROM_SURFACES else 0.01), (j.name, error)


def test_left_and_right_joints_mirror():
    """Exact for table-built joints; the measured mean shape is symmetric to about a millimetre."""
    m = model()
    for left, right in zip(m.joints[::2], m.joints[1::2], strict=True):
        assert left.id.side == "left" and right.id.side == "right"
        flip = np.array([-1.0, 1.0, 1.0])
        tol = 1.5 if right.name in FROM_SURFACES else 1e-6
        assert np.allclose(left.centre * flip, right.centre, atol=tol), right.name
        angle = math.degrees(math.acos(np.clip((left.normal * flip) @ right.normal, -1, 1)))
        assert angle < (4.0 if right.name in FROM_SURFACES else 1e-3), (right.name, angle)


def test_facet_orientation_by_region():
    """Cervical ~45 deg to the transverse plane, thoracic ~60, lumbar near vertical and near sagittal."""
    m = model()
    by = {j.name: j for j in m.joints}

    def local_normal(name):
        j = by[name]
        return m.frames[j.lower_index][:3, :3].T @ j.normal

    n = local_normal("C5/6 right")
    assert 35 < math.degrees(math.acos(n[2])) < 55
    n = local_normal("T6/7 right")
    assert 50 < math.degrees(math.acos(n[2])) < 70
    assert n[1] < -0.7  # faces posteriorly: near coronal
    n = local_normal("L2/3 right")
    assert math.degrees(math.acos(abs(n[2]))) > 80
    assert n[0] < -0.75  # faces medially, within 40 deg of sagittal (L3: 37 deg on the Clouthier 2023 mean shape)
    assert local_normal("L5/S1 right")[1] < local_normal("L2/3 right")[1]  # more coronal at L5/S1


def test_neutral_gap_constants():
    assert NEUTRAL_GAP_MM == pytest.approx(0.5)
    assert BONE_GAP_MM > NEUTRAL_GAP_MM


def test_rotation_centres_placed_anatomically():
    m = model()
    for seg_index, c in enumerate(m.rotation_centres):
        lower = LEVELS[seg_index + 1]
        local = np.linalg.inv(m.frames[lower.index]) @ np.append(c, 1.0)
        if lower.region == "lumbar" or (lower.region == "cervical" and lower.name != "C2"):
            assert local[1] < 0, "posterior part of the lower body"
        if lower.region == "thoracic" and seg_index > 7:
            assert local[1] > 0, "anterior region of the disc"


def test_facet_arrays_are_the_joints_samples_and_fresh_each_call():
    """The samples are made once per model (start-up speed), yet each call hands out its own arrays."""
    m = model()
    first = m.facet_arrays()
    for i in (0, 17, 47):
        pts, normals = m.joints[i].samples()
        np.testing.assert_array_equal(first["samples"][i], pts)
        np.testing.assert_array_equal(first["sample_normals"][i], normals)
    kept = first["samples"].copy()
    first["samples"][:] = 0.0
    first["sample_normals"][:] = 0.0
    again = m.facet_arrays()
    np.testing.assert_array_equal(again["samples"], kept)
    assert np.abs(again["sample_normals"]).sum() > 0
