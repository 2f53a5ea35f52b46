"""Landmarks found on surfaces: the same finder on the template and on the procedural meshes."""

import math

import numpy as np
import pytest

from spineviz.anatomy.joints import superior_facet_normal
from spineviz.anatomy.landmarks import LandmarkError, find_landmarks
from spineviz.anatomy.spine import load_spine, model
from spineviz.anatomy.template import local_parts

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture(scope="module")
def spine():
    return load_spine()


def _check_plausible(lm, d):
    """What any vertebra's landmarks must satisfy, judged against its table row."""
    up, low = lm.upper_endplate, lm.lower_endplate
    assert up.centre[2] > 0 > low.centre[2]
    assert up.normal[2] > 0.9 and low.normal[2] < -0.9
    assert up.centre[2] - low.centre[2] == pytest.approx(d.body_height, rel=0.15)
    assert lm.canal_centre[1] < -d.epd / 2 + 2, "the canal lies behind the body"
    assert lm.canal_width == pytest.approx(d.cw, rel=0.10)
    assert lm.spinous_tip[1] < lm.spinous_base[1] < lm.canal_centre[1]
    assert lm.transverse_tips["right"][0] > d.cw / 2 > -d.cw / 2 > lm.transverse_tips["left"][0]
    for side, sign in (("left", -1), ("right", 1)):
        # beside the canal, not in it: the isthmus's centre at least 0.35 of the canal's width out. Not 0.4:
        # a cervical pedicle converges about 40-50 degrees toward the body (Panjabi 1991), so its isthmus,
        # found near the body's back wall, lies nearer the midline than the canal's half-width (C5 after
        # session 9's transverse-process gutter: 9.85 mm against a 24.7 mm canal, its width 5.6 mm against
        # the table's 6.0, was 7.0)
        assert sign * lm.pedicles[side].centre[0] > 0.35 * d.cw
        sup, inf = lm.articular[("superior", side)], lm.articular[("inferior", side)]
        assert sup.centre[2] > inf.centre[2], "superior process above the inferior one"
        assert sign * sup.centre[0] > 0 and sign * inf.centre[0] > 0
        expected = superior_facet_normal(d.sft, d.sfa, side)
        assert math.degrees(math.acos(np.clip(sup.normal @ expected, -1, 1))) < 30
        assert len(sup.points) == len(sup.normals) >= 20


@pytest.mark.parametrize("name", ["L2", "L3", "L4", "L5"])
def test_on_the_template(name):
    lm = find_landmarks(local_parts()[name].polydata(), name)
    _check_plausible(lm, model().dims[name])


@pytest.mark.parametrize("name", ["C5", "T6", "T12", "L1", "L3", "L5"])
def test_on_the_shipped_meshes(spine, name):
    lm = find_landmarks(spine.bones[name], name)
    _check_plausible(lm, model().dims[name])


@pytest.mark.parametrize("name", ["L1", "L2", "L3", "L4", "L5"])
def test_lumbar_pedicles_at_mid_length_within_15_percent(spine, name):
    """A quick isthmus measurement on the shipped lumbar meshes (the generic one is in pedicle.py)."""
    d = model().dims[name]
    lm = find_landmarks(spine.bones[name], name)
    for side in ("left", "right"):
        p = lm.pedicles[side]
        assert p.width == pytest.approx(d.pw, rel=0.15), (side, p.width, d.pw)
        assert p.height == pytest.approx(d.ph, rel=0.15), (side, p.height, d.ph)


@pytest.mark.parametrize("name", ["L2", "L3", "L4", "L5"])
def test_isthmus_found_behind_the_body_agrees_with_the_section_measurement(name):
    """On the unwarped mean shape, the landmark finder's isthmus and pedicle.py's sections agree (1 mm or 7 %).

    Regression (issue 10): the finder searched from just behind the midline back wall of the body, where
    the mean L4's pedicle still merges with the body's posterolateral corner, and read 9.6-10.0 mm there
    against 12.5-12.8 mm for the pedicle's own section at mid-length.
    """
    from spineviz.anatomy.pedicle import measure_pedicle

    mesh = local_parts()[name].polydata()
    d = model().dims[name]
    lm = find_landmarks(mesh, name)
    for side in ("left", "right"):
        p = lm.pedicles[side]
        section = measure_pedicle(mesh, d, lm.as_dict(), side)
        assert abs(p.width - section.width) < max(1.0, 0.07 * section.width), (side, p.width, section.width)
        assert abs(p.height - section.height) < max(1.0, 0.07 * section.height), (side, p.height, section.height)


def test_flattened_dict_for_the_manifest():
    lm = find_landmarks(local_parts()["L4"].polydata(), "L4")
    flat = lm.as_dict()
    assert {"upper_endplate", "lower_endplate", "canal_centre", "spinous_base", "spinous_tip",
            "transverse_tip_left", "pedicle_right", "superior_facet_left_normal"} <= set(flat)
    assert np.isclose(np.linalg.norm(flat["inferior_facet_right_normal"]), 1.0, atol=1e-3)


def test_a_mesh_far_from_its_frame_is_a_clear_error():
    mesh = local_parts()["L4"].polydata().translate((0.0, 0.0, 80.0), inplace=False)
    with pytest.raises(LandmarkError, match="L4: the origin is not inside the vertebral body"):
        find_landmarks(mesh, "L4")


@pytest.mark.parametrize("name", ["C3", "C4", "C5", "C6", "C7"])
def test_cervical_canal_is_not_pinched_beside_the_inferior_processes(spine, name):
    """The canal's narrowest width between the arch's side walls, over the body's height at the canal's mid-depth,
    is within 10 % of the table's transverse (interpedicular) diameter (Parihar, the cervical rows).

    Regression (session 14): the band of bone framing each inferior facet (session 13, PILLAR_RIM_MEDIAL_BELOW)
    and the facet's shelf, both put back after the canal's cut, stood 1.2-2.4 mm into the canal low in the arch:
    the narrowest chord read 21.3 mm at C4 (table 24.5) and 20.3 mm at C6 (table 25); before session 13, 24.1 and
    22.7. Since cerv14 the bone behind each facet's medial margin falls back to the canal's wall (CANAL_SLOPE).
    """
    lm = find_landmarks(spine.bones[name], name)
    d = model().dims[name]
    assert lm.canal_width == pytest.approx(d.cw, rel=0.10), (name, round(lm.canal_width, 2), d.cw)


def _narrowest_canal_chord(mesh, lm) -> tuple[float, float]:
    """The narrowest side-to-side chord of the canal at its mid-depth, from 3 mm below the lower endplate to 3 mm
    above the upper one (every height of the arch, the facets' included), and the height where it lies."""
    c = np.asarray(lm.canal_centre, float)
    out = []
    for z in np.arange(lm.lower_endplate.centre[2] - 3.0, lm.upper_endplate.centre[2] + 3.0, 0.25):
        start = np.array([0.0, c[1], z])
        pts, _ = mesh.ray_trace(start - (60.0, 0.0, 0.0), start + (60.0, 0.0, 0.0))
        x = np.asarray(pts).reshape(-1, 3)[:, 0]
        if (x > 0).any() and (x < 0).any():
            out.append((float(x[x > 0].min() - x[x < 0].max()), float(z)))
    return min(out)


@pytest.mark.parametrize("name", ["C6", "C7"])
def test_cervical_canal_is_clear_at_the_facets_height(spine, name):
    """At every height of the arch, the facets' included, the canal's width at its mid-depth is at least 95 % of
    the table's (Parihar): the articular pillars stand beside the canal, not over it.

    Regression (session 15, cerv15): the finder above looks from 0.3 of the body's height below its middle to 0.45
    above; lower and higher, at the inferior and superior facets, the facets' medial margins (placed 0.4-1.6 mm
    inside the canal's outline by joints.py) and the bone framing them narrowed it to 19.9 mm at C6 and 20.7 at C7
    (table 25, 24). Since the C5/6 and C6/7 joints stand clear of both canals (joints.CERVICAL_FACET_CLEAR): 25.1 and
    23.8. C3-C5 still read 21.3/21.6/22.0 mm at their C3/4 and C4/5 facets, whose joints the transverse span holds
    (joints.CERVICAL_TIPS_BEYOND): not yet clear, so not tested here.
    """
    lm = find_landmarks(spine.bones[name], name)
    d = model().dims[name]
    width, z = _narrowest_canal_chord(spine.bones[name], lm)
    assert width >= 0.95 * d.cw, (name, round(width, 2), round(z, 1), d.cw)
