"""The atlas (C1) and the axis (C2) read as an anatomy teacher expects: measured on the shipped meshes.

Each test measures one feature a reader of the review sheets would look for, against its source where one
exists (Patel & Gupta for the atlas, 100 dry bones; Teo for the dens; Parihar for the C2 canal): the arches'
heights, the curve of the posterior arch, the grooves for the vertebral arteries, the hollow of the superior
facets, the broad flat transverse processes, the dens's neck and blunt apex, the median atlanto-axial joint
space, the C2/3 disc space, the C2 canal and the inverted-V root of C2's bifid spine.
"""

import itertools
import math

import numpy as np
import pytest

from spineviz.anatomy import atlantoaxial
from spineviz.anatomy.joints import CARTILAGE_MM
from spineviz.anatomy.levels import SEGMENTS, parse_level
from spineviz.anatomy.shapes import special
from spineviz.anatomy.spine import load_spine
from spineviz.anatomy.spine import model as spine_model
from spineviz.motion import parse_motion
from spineviz.motion.pose import pose

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

SIDES = ("left", "right")


@pytest.fixture(scope="module")
def spine():
    return load_spine()


def _hits(mesh, a, b) -> np.ndarray:
    pts, _ = mesh.ray_trace(np.asarray(a, float), np.asarray(b, float))
    return np.asarray(pts).reshape(-1, 3)


def _vertical_extent(mesh, x: float, y: float) -> tuple[float, float]:
    z = _hits(mesh, (x, y, 40.0), (x, y, -40.0))[:, 2]
    return float(z.min()), float(z.max())


def _placed(spine, name):
    return spine.bones[name].transform(spine.frames[parse_level(name).index], inplace=False)


# --- the atlas -------------------------------------------------------------------------------------------

def test_atlas_figures_are_their_source():
    """Patel & Gupta (Int J Res Med Sci; 100 dry atlases): arches 10.21/8.68 mm tall, superior facet 20.8 x 11.4 mm,
    4.1 mm of bone under an 8.2 mm groove for the vertebral artery."""
    assert special.ATLAS_ANTERIOR_ARCH_H == 10.21 and special.ATLAS_POSTERIOR_ARCH_H == 8.68
    assert special.ATLAS_SUPERIOR_FACET == pytest.approx((20.795, 11.365))
    assert special.ATLAS_GROOVE_THICKNESS == pytest.approx(4.07) and special.ATLAS_GROOVE_WIDTH == pytest.approx(8.18)
    source = spine_model().dims["C1"].source
    assert "Patel NP, Gupta DS" in source and "ijrms/article/view/291" in source and "[R]" in source
    assert "Lokanathan 2022" in source  # the facet's shapes (oval, kidney): the cup built is an oval with a notch


def test_atlas_arch_heights_at_the_tubercles(spine):
    """Measured top to bottom through each tubercle's midline, 3 mm inside its surface: within 10 %."""
    mesh, lm = spine.bones["C1"], spine.landmarks["C1"]
    lo, hi = _vertical_extent(mesh, 0.0, lm["anterior_tubercle"][1] - 3.0)
    assert hi - lo == pytest.approx(special.ATLAS_ANTERIOR_ARCH_H, rel=0.10), (lo, hi)
    lo, hi = _vertical_extent(mesh, 0.0, lm["posterior_tubercle"][1] + 3.0)
    assert hi - lo == pytest.approx(special.ATLAS_POSTERIOR_ARCH_H, rel=0.10), (lo, hi)


def test_atlas_canal_within_10_percent_of_patel_and_gupta(spine):
    """Patel & Gupta: canal 28.16 mm front to back (facet for the dens to the posterior arch) and 26.63 mm
    across (between the lateral masses); measured through the canal centre, both within 10 %."""
    d = spine.model.dims["C1"]
    mesh = spine.bones["C1"]
    c = np.array(spine.landmarks["C1"]["canal_centre"])
    depth = _hits(mesh, c, c + (0, 30, 0))[:, 1].min() - _hits(mesh, c, c - (0, 30, 0))[:, 1].max()
    assert depth == pytest.approx(d.cd, rel=0.10), depth
    p = c + (0.0, 0.0, 2.0)  # above the tubercles for the transverse ligament
    width = _hits(mesh, p, p + (40, 0, 0))[:, 0].min() - _hits(mesh, p, p - (40, 0, 0))[:, 0].max()
    assert width == pytest.approx(d.cw, rel=0.10), width

def _posterior_outer_y(mesh, x: float, z: float) -> float:
    return float(_hits(mesh, (x, -80.0, z), (x, 0.0, z))[:, 1].min())


def test_atlas_posterior_arch_is_curved_not_a_bar(spine):
    """From above, the back of the arch at the midline lies >= 3 mm behind the chord between its points
    10 mm either side; from behind, its upper border rises >= 2 mm from the artery grooves to the tubercle."""
    mesh = spine.bones["C1"]
    z = -1.0
    mid = _posterior_outer_y(mesh, 0.0, z)
    sides = [_posterior_outer_y(mesh, x, z) for x in (-10.0, 10.0)]
    assert np.mean(sides) - mid >= 3.0, (mid, sides)
    lm = spine.landmarks["C1"]
    tub_top = _vertical_extent(mesh, 0.0, lm["posterior_tubercle"][1] + 3.0)[1]
    for side in SIDES:
        g = lm[f"vertebral_artery_groove_{side}"]
        assert tub_top - _vertical_extent(mesh, g[0], g[1])[1] >= 2.0, side


@pytest.mark.parametrize("side", SIDES)
def test_atlas_groove_for_the_vertebral_artery(spine, side):
    """Behind each lateral mass the arch's upper surface dips into a groove: the bone under it is 4.1 mm
    thick (Patel & Gupta) within 15 %, and the arch stands >= 1 mm higher either side of the groove."""
    mesh, lm = spine.bones["C1"], spine.landmarks["C1"]
    g = np.array(lm[f"vertebral_artery_groove_{side}"])
    lo, hi = _vertical_extent(mesh, g[0], g[1])
    assert hi - lo == pytest.approx(special.ATLAS_GROOVE_THICKNESS, rel=0.15), (lo, hi)
    centre = np.array(lm["canal_centre"])
    radial = (g - centre) * (1.0, 1.0, 0.0)
    along = np.cross((0.0, 0.0, 1.0), radial / np.linalg.norm(radial))
    half = special.ATLAS_GROOVE_WIDTH
    rims = []
    for s in (-1.0, 1.0):
        p = g + s * half * along
        rp = (p - centre) * (1.0, 1.0, 0.0)  # back onto the arch's course (same distance from the centre)
        p = centre + rp / np.linalg.norm(rp) * np.linalg.norm(radial)
        rims.append(_vertical_extent(mesh, p[0], p[1])[1])
    assert min(rims) - hi >= 1.0, (hi, rims)


def _superior_facet_frame(spine, side: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """C1's superior facet: its deepest point, its normal, and its axes along (front to back) and across."""
    lm = spine.landmarks["C1"]
    c = np.array(lm[f"superior_facet_{side}"])
    n = np.array(lm[f"superior_facet_{side}_normal"])
    along = np.array([0.0, 1.0, 0.0]) - n * n[1]
    along /= np.linalg.norm(along)
    return c, n, along, np.cross(along, n)


@pytest.mark.parametrize("side", SIDES)
def test_atlas_superior_facet_is_a_hollow(spine, side):
    """Looking down its normal, the middle of each superior facet lies 1.5-3.5 mm below its rim, both
    along the facet and across it (a cup for the occipital condyle, not a flat or a trough)."""
    mesh = spine.bones["C1"]
    c, n, along, across = _superior_facet_frame(spine, side)
    length, width = special.ATLAS_SUPERIOR_FACET

    def height(p):
        h = _hits(mesh, p + 15.0 * n, p - 15.0 * n)
        return float(((h - c) @ n).max())

    centre = height(c)
    for axis, half in ((along, length / 2), (across, width / 2)):
        rim = [height(c + s * 0.95 * half * axis) for s in (-1.0, 1.0)]
        assert 1.5 <= min(rim) - centre <= 3.5, (side, rim, centre)
    assert n[2] > 0.7 and np.sign(n[0]) == (1.0 if side == "left" else -1.0), "faces up and in"


@pytest.mark.parametrize("side", SIDES)
def test_atlas_transverse_process_is_broad_and_flat_with_a_foramen(spine, side):
    """3 mm inside its tip the process is >= 7 mm front to back and flatter than it is broad (no ball);
    its foramen is open from top to bottom and ringed by bone, 5.4 mm across (Patel & Gupta) within 10 %.
    "Top to bottom" is through the process, from 8 mm under its centre to 6 mm over it (past the process's upper
    surface, about 3.7 mm over it): the foramen's mouth opens there and runs back under the lateral mass's lip as
    the groove for the artery (session 14, second wave), so the lip 6.7 mm over it no longer counts as blocking
    (the foramen's cut, carried up into the lip, was what read as an upright rod from the left)."""
    mesh, lm = spine.bones["C1"], spine.landmarks["C1"]
    tip = np.array(lm[f"transverse_tip_{side}"])
    sx = np.sign(tip[0])
    p = tip - (sx * 3.0, 0.0, 0.0)
    ys = _hits(mesh, p + (0.0, 20.0, 0.0), p - (0.0, 20.0, 0.0))[:, 1]
    lo, hi = _vertical_extent(mesh, p[0], p[1])
    broad, tall = float(ys.max() - ys.min()), hi - lo
    assert broad >= 7.0 and broad >= 1.3 * tall, (broad, tall)
    f = np.array(lm[f"transverse_foramen_{side}"])
    assert len(_hits(mesh, f + (0, 0, -8.0), f + (0, 0, 6.0))) == 0, "the foramen is blocked"
    radii = []
    for a in np.linspace(0.0, 2 * np.pi, 12, endpoint=False):
        d = np.linalg.norm(_hits(mesh, f, f + 8.0 * np.array([np.cos(a), np.sin(a), 0.0])) - f, axis=1)
        assert len(d), f"no bone round the foramen toward {np.degrees(a):.0f} deg"
        radii.append(d.min())
    assert 2 * np.mean(radii) == pytest.approx(2 * special.ATLAS_FORAMEN_R, rel=0.10), radii


def test_median_atlantoaxial_joint_space(spine):
    """Between the dens's anterior facet and the facet on the back of the anterior arch: 1.5-2.5 mm of
    bone-to-bone space (two cartilage layers and the joint between) across the facet, measured along rays
    out from the dens's axis (the axis C1 turns about), at the facet's centre and 25 degrees and 2.5 mm
    either side of it."""
    c1, c2 = _placed(spine, "C1"), _placed(spine, "C2")
    frame = spine.frames[parse_level("C2").index]
    face = np.array(spine.landmarks["C2"]["dens_facet"])
    axis_pt = np.array([0.0, special.DENS_Y, face[2]])
    gaps = []
    for deg, dz in ((0, 0), (-25, 0), (25, 0), (0, -2.5), (0, 2.5)):
        a = np.radians(90.0 + deg)
        out = np.array([np.cos(a), np.sin(a), 0.0])
        p = frame[:3, :3] @ (axis_pt + (0.0, 0.0, dz)) + frame[:3, 3]
        d = frame[:3, :3] @ out
        dens = _hits(c2, p, p + 12.0 * d)
        arch = _hits(c1, p, p + 20.0 * d)
        assert len(dens) and len(arch), (deg, dz)
        gaps.append(float(np.min((arch - p) @ d) - np.max((dens - p) @ d)))
    assert 1.5 <= min(gaps) and max(gaps) <= 2.5, np.round(gaps, 2)


# --- the axis --------------------------------------------------------------------------------------------

def _dens_width(mesh, lm, z_above_top: float) -> float:
    """Width of the dens (x) at a height above the C2 body's upper endplate, from its axis outward (the axis
    leans back, session 14: the width is taken through the middle of the dens's section at that height)."""
    neck = np.array(lm["dens_neck"])
    top = neck[2] - special.DENS_PROFILE[2][0]
    p = np.array([0.0, _dens_centre_y(mesh, lm, top + z_above_top), top + z_above_top])
    right = _hits(mesh, p, p + (20.0, 0.0, 0.0))[:, 0].min()
    left = _hits(mesh, p, p - (20.0, 0.0, 0.0))[:, 0].max()
    return float(right - left)


def _dens_centre_y(mesh, lm, z: float) -> float:
    """Middle of the dens front to back (its midline section) at height ``z`` in C2's frame."""
    tip = np.array(lm["dens_tip"])
    p = np.array([0.0, tip[1], z])
    front = _hits(mesh, p + (0.0, 12.0, 0.0), p)[:, 1].max()
    back = _hits(mesh, p - (0.0, 12.0, 0.0), p)[:, 1].min()
    return 0.5 * float(front + back)


def test_dens_leans_back_on_the_body_from_the_side(spine):
    """Seen from the left the dens leans back on the body, not an upright finger: the middle of its midline
    section from just above its neck (5 mm over the endplate) to below its apex (15 mm) runs back 4-15 degrees
    from the vertical. Štulík et al. 2019 (dry axes, posterior dens angulation 167-169.5 degrees, i.e. 10.5-13
    off straight; 160-163 on CT); Gray 1918 describes the process rising from the body, a little inclined
    backward. Session 14's first wave: 0.0 degrees (upright)."""
    mesh, lm = spine.bones["C2"], spine.landmarks["C2"]
    top = np.array(lm["dens_neck"])[2] - special.DENS_PROFILE[2][0]
    low, high = _dens_centre_y(mesh, lm, top + 5.0), _dens_centre_y(mesh, lm, top + 15.0)
    lean = np.degrees(np.arctan2(low - high, 10.0))
    assert 4.0 <= lean <= 15.0, (round(low, 2), round(high, 2), round(float(lean), 2))


def test_dens_is_blunt_and_stands_its_height(spine):
    """The apex region of the dens is no wider than its neck (no ball on a rod), and the dens stands 17.8 mm (Teo)
    within 10 %.
    Until session 15 this test asked for a neck >= 0.8 mm narrower than the articular body all round
    (test_dens_is_waisted_and_blunt): that waist, built 1 mm deep, cancelled the dens's lean at its front and read as
    issue 10's bowling pin (test_dens_front_slopes_back_from_a_smooth_neck, still held). Sessions 15-22 asked for the
    opposite, a neck no more than 0.2 mm narrower than the articular body (test_dens_has_a_smooth_neck_and_is_blunt);
    session 23 draws Gray 1918's slight constriction at the sides and back only
    (test_dens_is_waisted_at_its_neck_and_tapers_to_a_blunt_point_from_the_front). Session 14: neck 8.7 mm, articular
    body 9.6 mm; session 15: 9.64 and 9.58; session 23: 8.75 and 9.52."""
    mesh, lm = spine.bones["C2"], spine.landmarks["C2"]
    neck = _dens_width(mesh, lm, special.DENS_PROFILE[2][0])
    apex = _dens_width(mesh, lm, special.DENS_HEIGHT - 2.5)
    assert apex <= neck, (apex, neck)
    tip = np.array(lm["dens_tip"])
    top = tip[2] - special.DENS_HEIGHT
    height = _vertical_extent(mesh, 0.0, tip[1])[1] - top
    assert height == pytest.approx(special.DENS_HEIGHT_TEO, rel=0.10)


def test_dens_anterior_facet_is_round_about_the_axis_c1_turns_on(spine):
    """Across its anterior facet (+/-30 degrees, +/-2.8 mm in height about its centre) the front of the dens
    lies at one radius from the dens's axis within 0.4 mm: the atlas turns about that axis, and a flat-fronted
    dens (as built before) swings its corners 1.7 mm into the atlas's facet at 40 degrees."""
    mesh, lm = spine.bones["C2"], spine.landmarks["C2"]
    f = np.array(lm["dens_facet"])
    radii = []
    for deg in (-30.0, 0.0, 30.0):
        a = np.radians(90.0 + deg)
        for dz in (-2.8, 0.0, 2.8):
            p = np.array([0.0, special.DENS_Y, f[2] + dz])
            out = np.array([np.cos(a), np.sin(a), 0.0])
            radii.append(float(((_hits(mesh, p + 12.0 * out, p) - p) @ out).max()))
    spread = [np.ptp(radii[i::3]) for i in range(3)]  # at each height, across the facet
    assert max(spread) <= 0.4, np.round(radii, 2)


@pytest.mark.parametrize("side", SIDES)
def test_c2_foramen_transversarium_turns_out_under_the_facet(spine, side):
    """The vertebral artery's canal through C2 is open along its course (up from below the body's side, then
    out under the superior articular surface) and roofed by bone: straight up from its bend, bone within
    8 mm."""
    mesh, lm = spine.bones["C2"], spine.landmarks["C2"]
    mid = np.array(lm[f"transverse_foramen_{side}"])
    bend, exit_ = np.array(lm[f"transverse_foramen_bend_{side}"]), np.array(lm[f"transverse_foramen_exit_{side}"])
    entry = 2 * mid - bend
    for a, b in ((entry, bend), (bend, exit_)):
        assert len(_hits(mesh, a, b)) == 0, f"{side}: blocked between {np.round(a, 1)} and {np.round(b, 1)}"
    assert len(_hits(mesh, bend, bend + (0.0, 0.0, 8.0))), "no roof of bone over the bend"
    # Session 20: past its bend it turns out and up beneath the facet (special.C2_FORAMEN_COURSE, modelling values),
    # rising >= 20 degrees, and opens out of the bone along that course (clear for 10 mm past its exit); straight out
    # from the bend the line runs into bone (session 19: it ran straight out of the body's side, rising 2.9 degrees,
    # and the horizontal line from the bend left the bone without meeting any).
    run = exit_ - bend
    assert np.degrees(np.arctan2(run[2], np.hypot(run[0], run[1]))) >= 20.0, np.round(run, 1)
    beyond = exit_ + 10.0 * run / np.linalg.norm(run)
    assert len(_hits(mesh, exit_, beyond)) == 0, f"{side}: the foramen does not open out past its exit"
    out = np.sign(bend[0]) * (40.0 - abs(bend[0]))
    assert len(_hits(mesh, bend, bend + (out, 0.0, 0.0))), f"{side}: the foramen runs straight out of the side"

def test_c2_c3_anterior_gap(spine):
    """Nowhere in the front half of C3 does C2 (its anteroinferior lip included) come within 1.5 mm."""
    c3_local = np.asarray(spine.bones["C3"].points)
    front = _placed(spine, "C3").extract_points(c3_local[:, 1] > 0.0)
    gap = np.abs(front.compute_implicit_distance(_placed(spine, "C2"))["implicit_distance"]).min()
    assert gap >= 1.5, f"C2-C3 front gap {gap:.2f} mm"


def test_c2_canal_within_10_percent_of_parihar(spine):
    """Parihar: C2 canal 21.57 x 14.4 mm; width between the pedicles and depth from the back of the body to
    the laminae, at the canal centre, both within 10 %."""
    d = spine.model.dims["C2"]
    mesh = spine.bones["C2"]
    c = np.array(spine.landmarks["C2"]["canal_centre"])
    for z in (-4.0, 0.0, 4.0):
        p = c + (0.0, 0.0, z)
        width = _hits(mesh, p, p + (40, 0, 0))[:, 0].min() - _hits(mesh, p, p - (40, 0, 0))[:, 0].max()
        assert width == pytest.approx(d.cw, rel=0.10), (z, width)
    depth = _hits(mesh, c, c + (0, 30, 0))[:, 1].min() - _hits(mesh, c, c - (0, 30, 0))[:, 1].max()
    assert depth == pytest.approx(d.cd, rel=0.10), depth


def test_c2_spine_is_v_sectioned_and_bifid(spine):
    """At 40 % of its length the underside of the spine is grooved: at the midline it lies >= 1.5 mm higher
    (square to the spine) than 3.5 mm either side; near the tip two tubercles stand apart with a notch."""
    mesh, lm = spine.bones["C2"], spine.landmarks["C2"]
    base, tip = np.array(lm["spinous_base"]), np.array(lm["spinous_tip"])
    axis = (tip - base) / np.linalg.norm(tip - base)
    up = np.array([0.0, axis[2], -axis[1]])

    def underside(x, at):
        p = base + at * axis + (x, 0.0, 0.0)
        h = _hits(mesh, p - 15.0 * up, p + 15.0 * up)
        return float(((h - p) @ up).min()) if len(h) else np.nan

    length = float(np.linalg.norm(tip - base))
    mid = underside(0.0, 0.4 * length)
    assert mid - max(underside(-3.5, 0.4 * length), underside(3.5, 0.4 * length)) >= 1.5
    reach = float(((np.asarray(mesh.points) - base) @ axis).max())
    assert np.isnan(underside(0.0, reach - 1.5)) or underside(0.0, reach - 1.5) > 3.0, "a notch at the tip"
    assert not np.isnan(underside(3.6, reach - 2.0)) and not np.isnan(underside(-3.6, reach - 2.0))


# --- the upper neck in motion ----------------------------------------------------------------------------

END_OF_RANGE = ["flexion=90", "extension=90", "rotation=90", "rotation=-90", "bend=60", "bend=-60"]


@pytest.mark.parametrize("spec", END_OF_RANGE)
def test_cervical_neighbours_touch_only_at_their_joints_at_end_of_range(spine, spec):
    """The whole neck driven to the end of its range (clamped to the cited ROM), C1/2 to C6/7: bones may
    meet only where they articulate (within a facet's radius + 8 mm of a facet joint's centre, or at C1/2
    of the dens's anterior facet: the rule of the lumbar end-of-range test), and C1 never touches C3."""
    p = pose(spine.model, parse_motion(spec, region="cervical"))
    world = np.einsum("nij,njk->nik", p.transforms, spine.frames)
    joints = {j.name: j for j in spine.model.joints}
    for seg in SEGMENTS[:6]:
        a = spine.bones[seg.upper.name].transform(world[seg.upper.index], inplace=False)
        b = spine.bones[seg.lower.name].transform(world[seg.lower.index], inplace=False)
        contact, n = a.collision(b, contact_mode=0)
        if not n:
            continue
        pts = np.asarray(contact.extract_cells(np.asarray(contact.field_data["ContactCells"])).points)
        to_world = world[seg.lower.index] @ np.linalg.inv(spine.frames[seg.lower.index])
        centres = [to_world @ np.append(joints[f"{seg.name} {side}"].centre, 1.0) for side in SIDES]
        if seg.name == "C1/2":
            centres.append(world[seg.lower.index] @ np.append(spine.landmarks["C2"]["dens_facet"], 1.0))
        dist = np.min(np.linalg.norm(pts[:, None, :] - np.array(centres)[None, :, :3], axis=2), axis=1)
        j = joints[f"{seg.name} left"]
        allowed = max(j.half_width, j.half_height) + 8.0
        assert dist.max() < allowed, f"{seg.name} at {spec}: bones meet {dist.max():.1f} mm from any joint"
    c1 = spine.bones["C1"].transform(world[0], inplace=False)
    c3 = spine.bones["C3"].transform(world[2], inplace=False)
    assert c1.collision(c3, contact_mode=0)[1] == 0, f"C1-C3 at {spec}"


# --- the lateral atlanto-axial joints: surfaces that turn about the dens ------------------------------------

ROTATION_ENDS = ["rotation=90", "rotation=-90"]  # clamped to C1/2's 40 degrees a side (rom.csv)


def _posed(spine, spec):
    p = pose(spine.model, parse_motion(spec, region="cervical"))
    return np.einsum("nij,njk->nik", p.transforms, spine.frames)


def _aa_joint(spine, side):
    return next(j for j in spine.model.joints if j.name == f"C1/2 {side}")


@pytest.mark.parametrize("spec", END_OF_RANGE)
def test_c1_and_c2_never_pass_through_each_other(spine, spec):
    """At the end of every range (neck rotation both ways, flexion, extension, side bending both ways) the
    atlas and the axis meshes do not intersect anywhere: no triangle of one crosses a triangle of the other."""
    world = _posed(spine, spec)
    c1 = spine.bones["C1"].transform(world[0], inplace=False)
    c2 = spine.bones["C2"].transform(world[1], inplace=False)
    _, n = c1.collision(c2, contact_mode=0)
    assert n == 0, f"C1 and C2 intersect at {spec} ({n} contacts)"


@pytest.mark.parametrize("spec", ROTATION_ENDS)
def test_atlantoaxial_cartilage_stays_apart_at_end_of_rotation(spine, spec):
    """At the end of neck rotation both ways the two cartilage layers of each lateral atlanto-axial joint do
    not pass through each other (what a clinician sees in the neck-rotation preset), and nowhere does C1
    come nearer C2 than the two layers' thickness (2 x 0.75 mm)."""
    world = _posed(spine, spec)
    for side in SIDES:
        name = f"C1/2 {side}"
        upper = spine.cartilage[(name, "upper")].transform(world[0], inplace=False)
        lower = spine.cartilage[(name, "lower")].transform(world[1], inplace=False)
        assert upper.collision(lower, contact_mode=0)[1] == 0, f"{name} cartilage layers meet at {spec}"
    c1 = spine.bones["C1"].transform(world[0], inplace=False)
    c2 = spine.bones["C2"].transform(world[1], inplace=False)
    nearest = float(np.min(np.asarray(c1.compute_implicit_distance(c2)["implicit_distance"])))
    assert nearest >= 2 * CARTILAGE_MM, f"C1 within {nearest:.2f} mm of C2 at {spec}"


def _lateral_joint_gap(spine, world, side) -> float:
    """Least bone-to-bone distance (mm) from C1's inferior articular surface to C2, posed: over C1's
    vertices within the facet's ellipse of the joint's centre (C1's frame)."""
    j = _aa_joint(spine, side)
    c1_local = np.asarray(spine.bones["C1"].points)
    centre = np.linalg.inv(spine.frames[0]) @ np.append(j.upper_surface[0], 1.0)
    near = np.linalg.norm(c1_local - centre[:3], axis=1) < max(j.half_width, j.half_height)
    c1 = spine.bones["C1"].transform(world[0], inplace=False).extract_points(near)
    c2 = spine.bones["C2"].transform(world[1], inplace=False)
    return float(np.min(np.abs(np.asarray(c1.compute_implicit_distance(c2)["implicit_distance"]))))


@pytest.mark.parametrize("spec", ROTATION_ENDS)
def test_atlas_descends_as_it_turns_and_its_joints_stay_in_contact(spine, spec):
    """Turning 40 degrees, C1 comes down along C2's axis by atlantoaxial.descent (convex on convex: 2.2 +/- 1.2
    mm at 36.8 degrees in vivo, PubMed 28662932), and that descent is what the shapes need: each lateral
    joint still holds 1.5-2.5 mm of bone to bone (neither gaping nor closing) at the end of the turn."""
    assert atlantoaxial.descent(atlantoaxial.INVIVO_ROTATION_DEG) == pytest.approx(
        atlantoaxial.INVIVO_DESCENT_MM[0], abs=atlantoaxial.INVIVO_DESCENT_MM[1])
    world = _posed(spine, spec)
    rel = np.linalg.inv(world[1]) @ world[0]
    neutral = np.linalg.inv(spine.frames[1]) @ spine.frames[0]
    centre = spine.model.rotation_centres[0]
    on_axis = np.linalg.inv(spine.frames[1]) @ np.append(centre, 1.0)
    drop = on_axis[2] - (rel @ np.linalg.inv(neutral) @ on_axis)[2]  # C1's point on the dens axis, in C2's frame
    assert drop == pytest.approx(atlantoaxial.descent(40.0), abs=0.05)
    assert drop >= 1.0
    for side in SIDES:
        gap = _lateral_joint_gap(spine, world, side)
        assert 1.5 <= gap <= 2.5, f"C1/2 {side} at {spec}: {gap:.2f} mm bone to bone"


@pytest.mark.parametrize("side", SIDES)
def test_lateral_atlantoaxial_joint_in_neutral(spine, side):
    """Neutral: 1.5-2.5 mm bone to bone where the joint's surfaces meet, and the biconvex joint opens toward
    its front and back rims (>= 1 mm wider 8 mm along the arc), as a lens between two convex surfaces does."""
    gap = _lateral_joint_gap(spine, spine.frames, side)
    assert 1.5 <= gap <= 2.5, f"C1/2 {side}: {gap:.2f} mm"
    j = _aa_joint(spine, side)
    rim = (j.upper_surface - j.lower_surface)[1 + 4 * 24:] @ j.normal  # the outer ring of samples
    assert rim.max() >= gap + 1.0, np.round(rim, 2)


@pytest.mark.parametrize("side", SIDES)
def test_c2_superior_articular_surface_is_gently_convex_and_slopes_out(spine, side):
    """On C2's mesh, looking straight down: through the joint's centre the superior articular surface is
    convex front to back (its middle 0.5-3 mm above the mean of the points 6 mm before and behind it) and
    slopes down laterally (>= 1.5 mm lower 4 mm further out than 4 mm further in): broad, gently convex,
    sloping, not a flat plate carrying a cap."""
    j = _aa_joint(spine, side)
    inv = np.linalg.inv(spine.frames[1])
    c = inv[:3, :3] @ j.lower_surface[0] + inv[:3, 3]
    mesh = spine.bones["C2"]

    def top(dx, dy):
        p = c + (dx, dy, 0.0)
        return float(_hits(mesh, p + (0, 0, 8.0), p - (0, 0, 8.0))[:, 2].max())

    sx = np.sign(c[0])
    mid, front, back = top(0, 0), top(0, 6.0), top(0, -6.0)
    assert 0.5 <= mid - (front + back) / 2 <= 3.0, (mid, front, back)
    assert top(-4.0 * sx, 0) - top(4.0 * sx, 0) >= 1.5


@pytest.mark.parametrize("side", SIDES)
def test_atlas_superior_facet_rim_does_not_flare(spine, side):
    """Through the front, middle and back of each superior facet (coronal sections), the lateral-most bone of
    the rim (the top 3 mm of the mass) stands no further out than the mass 3-7 mm lower: the rim is a blunt
    lip over the lateral mass, not a flange flaring out like a trumpet's bell."""
    mesh, lm = spine.bones["C1"], spine.landmarks["C1"]
    c = np.array(lm[f"superior_facet_{side}"])
    sx = np.sign(c[0])
    half = special.ATLAS_SUPERIOR_FACET[0] / 2
    def reach(y, z):
        h = _hits(mesh, (sx * 60.0, y, z), (0.0, y, z))
        return float(np.abs(h[:, 0]).max()) if len(h) else 0.0

    for dy in (-0.6 * half, 0.0, 0.6 * half):
        y = c[1] + dy
        top = _vertical_extent(mesh, c[0], y)[1]
        rim = max(reach(y, top - d) for d in (0.5, 1.5, 2.5))
        below = max(reach(y, top - d) for d in (3.0, 5.0, 7.0))
        assert rim <= below + 0.5, f"{side} at {dy:+.1f} mm: rim reaches {rim:.1f}, the mass below {below:.1f}"


def _transverse_sizes(spine, side: str) -> tuple[tuple[float, float], tuple[float, float]]:
    """C1's transverse process (front-to-back breadth, height) just outside its foramen's ring and 3 mm
    inside its tip, measured through the tip's landmark."""
    mesh, lm = spine.bones["C1"], spine.landmarks["C1"]
    tip, f = np.array(lm[f"transverse_tip_{side}"]), np.array(lm[f"transverse_foramen_{side}"])
    sx = np.sign(tip[0])

    def size(x):
        p = np.array([x, tip[1], tip[2]])
        ys = _hits(mesh, p + (0.0, 20.0, 0.0), p - (0.0, 20.0, 0.0))[:, 1]
        zs = _hits(mesh, p + (0.0, 0.0, 20.0), p - (0.0, 0.0, 20.0))[:, 2]
        return float(ys.max() - ys.min()), float(zs.max() - zs.min())

    return size(f[0] + sx * (special.ATLAS_FORAMEN_R + 1.0)), size(tip[0] - sx * 3.0)


@pytest.mark.parametrize("side", SIDES)
def test_atlas_transverse_process_tip_is_broader_than_its_shaft(spine, side):
    """The transverse process ends in a broad tip, not a rod: 3 mm inside the tip it is >= 1.0 x as broad
    (front to back) and >= 1.1 x as tall as its shaft just outside the foramen's ring of bone.
    Session 15 lowered the breadth limit from 1.2 x: it asked for a tip fanning out front to back past the bone round
    the foramen, and the 16.4 mm plate that met it read from the left as a bar across the lateral mass (issue 10;
    test_atlas_transverse_tip_is_a_knob_on_the_mass_from_the_side). What this test guards against, a rod ending in
    a ball narrower than its root, a tip no narrower than the shaft still rules out (session 15: 1.04 x, 1.12 x)."""
    shaft, end = _transverse_sizes(spine, side)
    assert end[0] >= 1.0 * shaft[0] and end[1] >= 1.1 * shaft[1], (end, shaft)


# --- issue 10 item 7, teaching grade: the shapes a teacher points at (each failed on the session-6 meshes) --

def _lateral_mass_axes(side: str) -> tuple[np.ndarray, np.ndarray]:
    """The lateral mass's long (front-to-back) and cross axes in plan: converging forward by 18 degrees."""
    sx = 1.0 if side == "right" else -1.0
    a = np.radians(18.0 * sx)
    return np.array([-np.sin(a), np.cos(a)]), np.array([np.cos(a), np.sin(a)])


@pytest.mark.parametrize("side", SIDES)
def test_atlas_lateral_mass_is_an_oval_from_above(spine, side):
    """Looking down on the upper half of each lateral mass (bone higher than 2 mm under the superior facet's
    deepest point, within 10.5 mm of it across and 16 mm along), its outline fills no more of its own bounding
    box (in the mass's axes) than an ellipse does (pi/4): an ovoid pillar, not a block with square corners
    (the session-6 blocks filled 0.83)."""
    mesh, lm = spine.bones["C1"], spine.landmarks["C1"]
    c = np.array(lm[f"superior_facet_{side}"])
    along, across = _lateral_mass_axes(side)
    pts = np.asarray(mesh.points)
    sel = pts[(pts[:, 2] > c[2] - 2.0) & (np.abs(pts[:, 0] - c[0]) < 10.5) & (np.abs(pts[:, 1] - c[1]) < 16.0)]
    q = np.column_stack([(sel[:, :2] - c[:2]) @ across, (sel[:, :2] - c[:2]) @ along])
    lo, hi = q.min(axis=0), q.max(axis=0)
    filled = []
    for a in np.linspace(lo[0], hi[0], 24):
        for b in np.linspace(lo[1], hi[1], 30):
            xy = c[:2] + a * across + b * along
            h = _hits(mesh, (xy[0], xy[1], 40.0), (xy[0], xy[1], -40.0))
            filled.append(len(h) > 0 and h[:, 2].max() > c[2] - 2.0)
    assert hi[1] - lo[1] >= special.ATLAS_SUPERIOR_FACET[0], "the mass is shorter than its facet"
    assert np.mean(filled) <= np.pi / 4, f"fills {np.mean(filled):.2f} of its box from above"


@pytest.mark.parametrize("side", SIDES)
def test_atlas_superior_facet_is_a_deep_cup_rising_front_and_back(spine, side):
    """Looking down its normal along the facet's long axis: its front and back rims stand >= 3 mm above its
    floor and >= 1 mm higher than the middle of its medial and lateral rims (>= 1.8 mm), as the condyle's
    cup rises in front and behind (session 6: 2.3-2.6 mm front and back, 1.6-1.7 across)."""
    mesh, lm = spine.bones["C1"], spine.landmarks["C1"]
    c = np.array(lm[f"superior_facet_{side}"])
    n = np.array(lm[f"superior_facet_{side}_normal"])
    along, _ = _lateral_mass_axes(side)
    along = np.append(along, 0.0) - n * (np.append(along, 0.0) @ n)
    along /= np.linalg.norm(along)
    across = np.cross(along, n)

    def height(p):
        h = _hits(mesh, p + 15.0 * n, p - 15.0 * n)
        return float(((h - c) @ n).max()) if len(h) else np.nan

    floor = min(height(c + s * along) for s in np.linspace(-3.0, 3.0, 7))
    ends = [np.nanmax([height(c + s * t * along) for t in np.linspace(6.0, 14.0, 17)]) - floor for s in (-1, 1)]
    sides = [np.nanmax([height(c + s * t * across) for t in np.linspace(3.0, 9.0, 13)]) - floor for s in (-1, 1)]
    assert min(ends) >= 3.0, (side, ends)
    assert min(sides) >= 1.8 and min(ends) >= max(sides) + 1.0, (side, ends, sides)


def test_atlas_posterior_tubercle_stands_out_behind_the_arch(spine):
    """From above, at the midline the back of the posterior arch (the tubercle) stands >= 3.5 mm behind the
    arch 6 mm either side of it, at every height through the tubercle (session 6: 1.9 mm, the ring's curve).
    The heights follow the tubercle's landmark (0.4 mm under it to 1.6 mm over it; session 15 raised the tubercle
    with the arch's climb, special.POSTERIOR_ARCH_RISE; before, these were the fixed heights -1, 0 and 1 mm)."""
    mesh = spine.bones["C1"]
    z_t = float(spine.landmarks["C1"]["posterior_tubercle"][2])
    for z in (z_t - 0.4, z_t + 0.6, z_t + 1.6):
        mid = _posterior_outer_y(mesh, 0.0, z)
        beside = np.mean([_posterior_outer_y(mesh, x, z) for x in (-6.0, 6.0)])
        assert beside - mid >= 3.5, (z, mid, beside)


@pytest.mark.parametrize("side", SIDES)
def test_atlas_lateral_mass_is_a_wedge_lower_behind_from_the_side(spine, side):
    """Seen from the left, the lateral mass (all bone 12-30 mm from the midline) is a wedge, lower behind: its
    upper border 9 mm behind the superior facet's deepest point (near the back of the 20.8 mm facet) lies
    >= 2.5 mm below its highest point in front, as the superior facet faces up, in and a little back (Gray
    1918, "The Atlas"). Before session 11's follow-up it fell 1.4 mm: a box with a level top."""
    pts = np.asarray(spine.bones["C1"].points)
    c = np.array(spine.landmarks["C1"][f"superior_facet_{side}"])
    sx = np.sign(c[0])
    mass = pts[(sx * pts[:, 0] >= 12.0) & (sx * pts[:, 0] <= 30.0)]
    back = mass[np.abs(mass[:, 1] - (c[1] - 9.0)) <= 0.5]
    drop = mass[:, 2].max() - back[:, 2].max()
    assert drop >= 2.5, f"{side}: upper border falls {drop:.2f} mm from the front to the back of the cup"


def test_atlas_anterior_tubercle_stands_clear_in_front_of_the_lateral_masses(spine):
    """Seen from the side, the anterior arch's tubercle is the most forward bone of the atlas and stands
    >= 2 mm in front of the lateral masses (all bone 10 mm or more from the midline), as in any atlas's lateral
    view (Gray 1918, "The Atlas"); before session 11's follow-up it stood 1.0 mm clear, level with the masses'
    front swelling, and the side view read as a box."""
    pts = np.asarray(spine.bones["C1"].points)
    tubercle = pts[np.abs(pts[:, 0]) < 3.0][:, 1].max()
    masses = pts[np.abs(pts[:, 0]) >= 10.0][:, 1].max()
    assert tubercle == pytest.approx(pts[:, 1].max()), "the tubercle is not the front of the atlas"
    assert tubercle - masses >= 2.0, f"tubercle {tubercle:.1f} mm, masses {masses:.1f} mm forward"


@pytest.mark.parametrize("bone", ("C1", "C2"))
@pytest.mark.parametrize("side", SIDES)
def test_atlantoaxial_cartilage_is_seated_on_bone(spine, bone, side):
    """Each lateral atlanto-axial cartilage sits on bone out to its rim with bone beyond it: all round its
    outer ring, the point 1 mm further out along the surface and 0.6 mm under it lies inside the bone (no
    cartilage disc overhanging a narrower pad like a mushroom's cap; session 6: C1 had bone there at
    8-17 % of the rim, C2 missed it across the joint by 0.2 mm)."""
    import pyvista as pv

    index, which = (0, "upper") if bone == "C1" else (1, "lower")
    j = _aa_joint(spine, side)
    inv = np.linalg.inv(spine.frames[index])
    p = getattr(j, f"{which}_surface") @ inv[:3, :3].T + inv[:3, 3]
    n = getattr(j, f"{which}_normals") @ inv[:3, :3].T
    ring, normals = p[1 + 4 * 24:], n[1 + 4 * 24:]
    out = ring - p[0]
    out -= normals * np.sum(out * normals, axis=1)[:, None]
    out /= np.linalg.norm(out, axis=1)[:, None]
    probe = pv.PolyData(ring + 1.0 * out - 0.6 * normals)
    d = np.asarray(probe.compute_implicit_distance(spine.bones[bone])["implicit_distance"])
    assert np.all(d < 0.0), f"{bone} {side}: {np.sum(d >= 0)} of {len(d)} rim points overhang by up to {d.max():.2f} mm"


@pytest.mark.parametrize("side", SIDES)
def test_atlas_transverse_process_is_no_rod_with_a_ball(spine, side):
    """Just outside its foramen's ring the process is a thick plate (>= 7 mm tall, >= 10 mm front to back),
    and its tip, though the broadest part, is at most 1.3 x as tall as that: a long broad process ending in a
    flattened tip, not a thin rod carrying a ball (session 6: 5.7 mm tall there, the tip 1.5 x)."""
    (broad, tall), end = _transverse_sizes(spine, side)
    assert tall >= 7.0 and broad >= 10.0, (broad, tall)
    assert end[1] <= 1.3 * tall, (end, tall)


# --- session 8: C2's superior facets and laminae ---------------------------------------------------------

def test_c2_facet_and_lamina_figures_are_their_sources():
    """Kaur et al. (50 dry axes): superior facet 17.53 x 15.24 mm (means of 17.42/17.64 and 15.31/15.17); Chan,
    Yusof & Abdullah 2021 (Asian Spine J, CT of 330 adults): C2 lamina 5.74 mm thick, 11.76 mm tall."""
    assert special.C2_SUPERIOR_FACET == pytest.approx((17.53, 15.24))
    assert special.C2_LAMINA == (5.74, 11.76)
    source = spine_model().dims["C2"].source
    assert "Kaur" in source and "Chan" in source and "Asian Spine J" in source


def _c2_facet_outline(spine, side: str) -> tuple[float, float, float, float]:
    """C2's superior articular cartilage (the facet it covers), in C2's frame: its length front to back, its
    width along the slope (measured on the facet, as dry-bone studies measure it), its width seen from above
    and the slope (degrees from the horizontal, in the coronal plane) of its best-fit plane."""
    inv = np.linalg.inv(spine.frames[1])
    j = _aa_joint(spine, side)
    p = j.lower_surface @ inv[:3, :3].T + inv[:3, 3]  # the bony face the cartilage lies on
    centred = p - p.mean(axis=0)
    normal = np.linalg.svd(centred)[2][2]
    normal *= np.sign(normal[2])
    across = np.cross((0.0, 1.0, 0.0), normal)
    across /= np.linalg.norm(across)
    slope = float(np.degrees(np.arctan2(abs(normal[0]), normal[2])))
    return float(np.ptp(p[:, 1])), float(np.ptp(centred @ across)), float(np.ptp(p[:, 0])), slope


@pytest.mark.parametrize("side", SIDES)
def test_c2_superior_facet_is_an_oval_longer_front_to_back_and_slopes_out(spine, side):
    """The facet is an oval longer front to back than across (Kaur: 17.5 x 15.2 mm, 1.15; the atlas's inferior
    facet 17.8 x 15.0, Patel & Gupta): across, measured along its slope, within 10 % of Kaur's 15.2 mm and the
    length >= 1.1 x the width; from above (the review sheet's view) >= 1.25 x as long as wide, an oval and not
    a round disc (session 7: 15.0 mm across seen from above, so 16.6 mm along the slope and 1.19 from above);
    its plane sloping down laterally 20-30 degrees from the horizontal."""
    length, width, seen_width, slope = _c2_facet_outline(spine, side)
    assert width == pytest.approx(special.C2_SUPERIOR_FACET[1], rel=0.10), width
    assert length >= 1.1 * width, (length, width)
    assert length >= 1.25 * seen_width, (length, seen_width)
    assert 20.0 <= slope <= 30.0, slope


@pytest.mark.parametrize("side", SIDES)
def test_c2_superior_facet_is_kidney_shaped(spine, side):
    """The facet's medial border is drawn in at its middle (the kidney's hilum, toward the dens): at the facet's
    mid-length its medial edge lies >= 0.6 mm nearer its centre than the ellipse through its ends would put it."""
    inv = np.linalg.inv(spine.frames[1])
    j = _aa_joint(spine, side)
    ring = (j.lower_surface @ inv[:3, :3].T + inv[:3, 3])[1 + 4 * 24:]
    c = ring.mean(axis=0)
    sx = np.sign(c[0])
    medial = ring[(ring[:, 0] - c[0]) * sx < 0]
    half_len = np.ptp(ring[:, 1]) / 2
    mid = medial[np.abs(medial[:, 1] - c[1]) < 0.15 * half_len]
    shoulders = medial[np.abs(np.abs(medial[:, 1] - c[1]) - 0.5 * half_len) < 0.15 * half_len]
    # on an ellipse the medial edge at half the half-length lies sqrt(0.75) of the way out that it does mid-way
    expected = np.mean(np.abs(shoulders[:, 0] - c[0])) / np.sqrt(0.75)
    assert expected - np.max(np.abs(mid[:, 0] - c[0])) >= 0.6


def _lamina_section(spine, side: str, at: float) -> tuple[float, float]:
    """C2's lamina cut square to its course (pillar to spine root) ``at`` mm from its landmark: the section's
    least width over all directions (its thickness) and its height (top to bottom)."""
    mesh, lm = spine.bones["C2"], spine.landmarks["C2"]
    m, base = np.array(lm[f"lamina_{side}"]), np.array(lm["spinous_base"])
    ax = (base - m) * (1.0, 1.0, 0.0)
    ax /= np.linalg.norm(ax)
    o = m + at * ax
    back = np.cross((0.0, 0.0, 1.0), ax)
    back *= -np.sign(back[1])  # horizontal, square to the lamina, pointing backward
    q = np.asarray(mesh.slice(normal=ax, origin=o).points) - o
    uv = np.column_stack([q @ back, q[:, 2]])
    # the lamina's own section: the canal lies in front of it (so nothing of the body within 5 mm ahead)
    uv = uv[(uv[:, 0] > -5.0) & (uv[:, 0] < 12.0) & (np.abs(uv[:, 1]) < 11.0)]
    widths = [np.ptp(uv @ (np.cos(a), np.sin(a))) for a in np.radians(np.arange(0.0, 180.0, 5.0))]
    return float(min(widths)), float(np.ptp(uv[:, 1]))


@pytest.mark.parametrize("side", SIDES)
def test_c2_lamina_is_thick_and_tall(spine, side):
    """At mid-length and 2 mm either side, C2's lamina is the thick, tall plate of the largest cervical arch:
    thickness within 15 % of Chan 2021's 5.74 mm (thinnest section >= 0.85 x, mid-length within 15 %) and
    height within 15 % of 11.76 mm (session 7: 4.6 mm thick, a rod beside C3's plate)."""
    thick, tall = special.C2_LAMINA
    sections = [_lamina_section(spine, side, at) for at in (-2.0, 0.0, 2.0)]
    mid_thick, mid_tall = sections[1]
    assert mid_thick == pytest.approx(thick, rel=0.15), sections
    assert mid_tall == pytest.approx(tall, rel=0.15), sections
    assert min(s[0] for s in sections) >= 0.85 * thick, sections


@pytest.mark.parametrize("side", SIDES)
def test_c2_inferior_articular_process_is_an_upright_pillar(spine, side):
    """Like C3's below it, C2's inferior articular process is an upright pillar with the facet (facing forward and
    down) as its lower face: from the facet's centre up 9 mm its back stays within 2 mm of one upright line and
    its lateral face within 1.5 mm (session 7: a plate lying back from the lamina, its back slanting 2.8 mm and
    its side drawn in 2.3 mm over that height)."""
    mesh, lm = spine.bones["C2"], spine.landmarks["C2"]
    f = np.array(lm[f"inferior_facet_{side}"])
    n = np.array(lm[f"inferior_facet_{side}_normal"])
    assert n[1] > 0.5 and n[2] < -0.5, n  # forward and down
    sx = np.sign(f[0])
    backs, sides = [], []
    for dz in (0.0, 3.0, 6.0, 9.0):
        z = f[2] + dz
        backs.append(_hits(mesh, (f[0], f[1] - 30.0, z), (f[0], f[1] + 3.0, z))[:, 1].min())
        lateral = _hits(mesh, (f[0] + sx * 30.0, f[1] - 2.0, z), (f[0] - sx * 6.0, f[1] - 2.0, z))
        sides.append(np.abs(lateral[:, 0]).max())
    assert np.ptp(backs) <= 2.0, np.round(backs, 1)
    assert np.ptp(sides) <= 1.5, np.round(sides, 1)


@pytest.mark.parametrize("sx", (1.0, -1.0))
def test_c2_transverse_process_points_down_and_out(spine, sx):
    """C2's small transverse process points down and laterally: below the superior facet's rim (z < 4 mm in C2's
    frame), its outermost 2 mm of bone lies >= 25 degrees below the bone 20-23 mm from the midline (session 7: it
    rose 10 degrees)."""
    p = np.asarray(spine.bones["C2"].points)
    x = sx * p[:, 0]
    tp = p[(p[:, 2] < 4.0) & (x > 19.0)]
    xs = sx * tp[:, 0]
    inner, outer = tp[(xs > 20.0) & (xs < 23.0)], tp[xs > xs.max() - 2.0]
    drop = inner[:, 2].mean() - outer[:, 2].mean()
    run = abs(outer[:, 0].mean() - inner[:, 0].mean())
    assert np.degrees(np.arctan2(drop, run)) >= 25.0, (drop, run)


@pytest.mark.parametrize("side", SIDES)
def test_atlas_lateral_mass_is_a_wedge_taller_in_front(spine, side):
    """Seen from the side, each lateral mass is a wedge: through the middle of the mass, its height 9 mm ahead of
    the superior facet's centre is >= 1.4 x its height 9 mm behind, and the top of its front end (the cup's
    front rim) stands >= 3 mm higher than the top of its back end (the superior facet faces up, in and a
    little back; session 7: 0.5 mm, a rounded rectangle from the left)."""
    mesh, lm = spine.bones["C1"], spine.landmarks["C1"]
    s, i = np.array(lm[f"superior_facet_{side}"]), np.array(lm[f"inferior_facet_{side}"])
    x = 0.5 * (s[0] + i[0])
    front, back = _vertical_extent(mesh, x, s[1] + 9.0), _vertical_extent(mesh, x, s[1] - 9.0)
    assert front[1] - front[0] >= 1.4 * (back[1] - back[0]), (front, back)
    assert front[1] - back[1] >= 3.0, (front, back)


# --- Session 9: C2's superior facets as the sloping tops of masses that run into the body.


@pytest.mark.parametrize("side", SIDES)
def test_c2_lateral_mass_runs_into_the_body_beside_the_dens(spine, side):
    """From the dens's root (5 mm from the midline) out to under the facet's medial rim (8 mm), level with the
    facet's centre front to back, the top of the bone never falls more than 0.3 mm below its height at the
    dens's root: no groove parts the lateral mass from the body, so the facet reads as the sloping top of one
    mass of bone and not as a drum set beside the dens. Main before session 9: a groove 0.7 mm deep
    (12.2 mm at the dens's root, 11.5 mm at 6 mm); session 9: 0.1 mm at most. The root is taken 0.4 mm outside the
    dens's neck, and no nearer than 5 mm: session 15's neck (special.DENS_NECK_RADIUS 4.8 mm, was 4.3) puts the dens's
    own flank under the ray at 5 mm, which is not the top of the body."""
    mesh, c = spine.bones["C2"], np.array(spine.landmarks["C2"][f"superior_facet_{side}"])
    sx = np.sign(c[0])
    root = max(5.0, special.DENS_NECK_RADIUS + 0.4)
    tops = [_vertical_extent(mesh, sx * x, c[1])[1] for x in np.arange(root, 8.01, 0.5)]
    assert tops[0] - min(tops) <= 0.3, np.round(tops, 2)


@pytest.mark.parametrize("side", SIDES)
def test_atlantoaxial_cartilage_thins_to_its_rim(spine, side):
    """The lateral atlanto-axial cartilage on both bones is CARTILAGE_MM thick over its middle and thins to a
    quarter of that at its outer ring, as the flat layers do (softtissue.TAPER_FROM): a layer feathered into its
    bone, not a pad outlined by a 0.75 mm wall (main before session 9: full thickness to the rim)."""
    name = f"C1/2 {side}"
    for which in ("upper", "lower"):
        layer = np.asarray(spine.cartilage[(name, which)].points)
        top, bottom = layer[: len(layer) // 2], layer[len(layer) // 2:]
        thick = np.linalg.norm(top - bottom, axis=1) - 0.2  # the underside is sunk 0.2 mm into the bone
        assert thick[0] == pytest.approx(CARTILAGE_MM, abs=0.01), (which, thick[0])
        assert thick[-24:].max() <= 0.3 * CARTILAGE_MM, (which, np.round(thick[-24:], 2))


@pytest.mark.parametrize("side", SIDES)
def test_c2_inferior_process_hangs_below_the_lamina_from_behind(spine, side):
    """From behind, C2's inferior articular process hangs below the lamina's junction with the pedicle and its
    lateral border slopes in toward the lamina: behind the pedicle, the bone more than 4 mm lateral to the
    inferior facet's centre rises no higher than 10 mm under the superior facet's centre. Session 9's first
    round (s9): 5.5 mm under it, the top of an upright block that with the lamina made a flat-backed wall
    across the bone (special.C2_PILLAR_TOP_DROP, C2_PILLAR_TOP_NARROW; modelling values)."""
    p, lm = np.asarray(spine.bones["C2"].points), spine.landmarks["C2"]
    inf, sup = np.array(lm[f"inferior_facet_{side}"]), np.array(lm[f"superior_facet_{side}"])
    sx = np.sign(inf[0])
    behind = p[(sx * p[:, 0] > sx * inf[0] + 4.0) & (p[:, 1] < lm[f"pedicle_{side}"][1] - 0.5)]
    assert len(behind), side
    assert sup[2] - behind[:, 2].max() >= 10.0, (side, round(float(sup[2] - behind[:, 2].max()), 2))


def test_c2_spine_ends_in_a_deep_bifid_tip(spine):
    """The largest spine in the neck above C7 ends deep: within 5 mm of its tip (along its length) its bone spans
    at least 11.5 mm from top to bottom (s9: 10.7 mm; special.C2_TUBERCLE and C2_SPINE_END_DROP, modelling
    values read off drawings of dry axes), and its two tubercles stand at least 14 mm apart overall."""
    p, lm = np.asarray(spine.bones["C2"].points), spine.landmarks["C2"]
    tip = p[p[:, 1] < lm["spinous_tip"][1] + 5.0]
    assert np.ptp(tip[:, 2]) >= 11.5, round(float(np.ptp(tip[:, 2])), 2)
    assert np.ptp(tip[:, 0]) >= 14.0, round(float(np.ptp(tip[:, 0])), 2)


def test_c2_lateral_masses_do_not_jut_ahead_of_the_body_low_down(spine):
    """The body is the front of the bone: low on its sides (8 mm under its mid-height), the lateral masses' feet
    stand no more than 2 mm ahead of the body's front (s9: 5.1 mm, a flat-fronted block beside the body in the
    front-oblique view; special.SHOULDER_FOOT_Y and SHOULDER_HALF_FOOT, modelling values)."""
    p = np.asarray(spine.bones["C2"].points)
    front = p[(np.abs(p[:, 0]) < 3.0) & (np.abs(p[:, 2]) < 5.0)][:, 1].max()
    feet = p[(np.abs(p[:, 0]) > 9.5) & (np.abs(p[:, 2] + 8.0) < 1.0)][:, 1].max()
    assert feet - front <= 2.0, round(float(feet - front), 2)


# --- Session 10: C2's arch from behind ----------------------------------------------------------------------

def _arch_from_behind(spine, x: float, half: float = 0.6) -> tuple[float, float]:
    """Top and bottom (z, C2's frame) of C2's bone behind the canal's middle (y < -16 mm), within ``half`` mm of
    ``x`` mm from the midline on either side: the arch's outline as seen from behind."""
    p = np.asarray(spine.bones["C2"].points)
    sel = p[(np.abs(np.abs(p[:, 0]) - x) < half) & (p[:, 1] < -16.0)]
    assert len(sel), x
    return float(sel[:, 2].max()), float(sel[:, 2].min())


def test_c2_laminae_slope_down_to_the_spine_from_behind(spine):
    """From behind, the laminae of the axis slope down from the lateral masses to the root of the spine (Gray
    1918; Standring 2016): the arch's upper border 12-14 mm from the midline stands >= 4 mm above it at the
    midline and never falls on the way out (a V with the spine at its lowest point). Session 9: a level bar,
    0.3 mm higher at 14 mm than at the midline (special.C2_LAMINA_CORNERS, C2_SPINE_BASE_Z; modelling values)."""
    tops = [_arch_from_behind(spine, x)[0] for x in np.arange(0.0, 14.01, 2.0)]
    assert max(tops[-2:]) - tops[0] >= 4.0, np.round(tops, 2)
    assert all(b >= a - 0.3 for a, b in itertools.pairwise(tops)), np.round(tops, 2)


def test_c2_arch_lower_border_arches_up_between_spine_and_inferior_process(spine):
    """Under the lamina, between the forked spine and the inferior articular process, the arch's lower border
    rises: somewhere 8-12 mm from the midline the lowest bone behind the canal stands >= 4 mm above the spine's
    lowest point and above the inferior process's at 14 mm (the C2/3 interlaminar space seen from behind; session 9:
    at most 0.2 mm, one level lower border). Session 32: the spine's lowest point is measured at the lobes (its
    lowest bone within the tubercles' half-spread of the midline), not in the notch between them."""
    p, lm = np.asarray(spine.bones["C2"].points), spine.landmarks["C2"]
    half = 0.5 * float(np.ptp(p[p[:, 1] < lm["spinous_tip"][1] + 5.0][:, 0]))  # the tubercles' half-spread
    notch = max(_arch_from_behind(spine, x, 0.3)[1] for x in np.arange(8.0, 12.01, 0.5))
    spine_bottom = float(p[(np.abs(p[:, 0]) <= half) & (p[:, 1] < -16.0)][:, 2].min())
    process_bottom = _arch_from_behind(spine, 14.0)[1]
    assert notch - spine_bottom >= 4.0, (notch, spine_bottom)
    assert notch - process_bottom >= 4.0, (notch, process_bottom)


# --- Session 11: a bone rim round C2's superior facets; C1's posterior arch flattened from above down -------

def _silhouette_from_above(mesh, lo: np.ndarray, size: float, res: float) -> np.ndarray:
    """A boolean image [ix, iy] of what ``mesh`` covers seen straight from above, ``res`` mm a pixel from ``lo``."""
    from PIL import Image, ImageDraw

    tri = mesh.triangulate()
    faces = np.asarray(tri.faces).reshape(-1, 4)[:, 1:]
    xy = (np.asarray(tri.points)[:, :2] - lo) / res
    n = int(size / res)
    img = Image.new("1", (n, n), 0)
    draw = ImageDraw.Draw(img)
    for t in xy[faces]:
        draw.polygon([tuple(v) for v in t], fill=1)
    return np.asarray(img).T


@pytest.mark.parametrize("side", SIDES)
def test_c2_superior_facet_is_rimmed_by_bone_from_above(spine, side):
    """Seen from above, bone shows beyond the superior facet's cartilage all round: along every ray from the
    cartilage's centre (every 5 degrees), at least 1.8 mm of bone lies between the cartilage's outline and the
    bone's, as a dry axis shows a band of bone round each facet (Gray 1918). Main before session 11: 0.75 mm
    laterally, the cartilage a cap over the whole top of the lateral mass."""
    res = 0.1
    cart = spine.cartilage[(f"C1/2 {side}", "lower")]
    centre = np.asarray(cart.center)[:2]
    lo = centre - 40.0
    bone_px = _silhouette_from_above(spine.bones["C2"], lo, 80.0, res)
    cart_px = _silhouette_from_above(cart, lo, 80.0, res)
    r = np.arange(0.0, 38.0, res / 2)
    rims = []
    for a in np.radians(np.arange(0.0, 360.0, 5.0)):
        ij = ((centre + np.outer(r, (np.cos(a), np.sin(a))) - lo) / res).astype(int)
        on_cart, on_bone = cart_px[ij[:, 0], ij[:, 1]], bone_px[ij[:, 0], ij[:, 1]]
        edge = r[np.nonzero(on_cart)[0].max()]
        off = np.nonzero((r > edge) & ~on_bone)[0]
        rims.append((r[off[0]] if len(off) else r[-1]) - edge)
    assert min(rims) >= 1.8, f"{side}: {min(rims):.2f} mm at {5 * int(np.argmin(rims))} deg"


@pytest.mark.parametrize("deg", (-60.0, -120.0))
def test_atlas_posterior_arch_is_flattened_from_above_down(spine, deg):
    """Between the groove for the vertebral artery and the posterior tubercle (60 degrees from the midline
    about the canal's centre), the posterior arch cut square to its course is >= 1.25 x as broad (radially)
    as it is tall: a flattened bar (Gray 1918), not a round rod. Main before session 11: 6.1 mm broad, 7.0 mm
    tall (0.87)."""
    mesh, c = spine.bones["C1"], np.array(spine.landmarks["C1"]["canal_centre"])
    a = np.radians(deg)
    radial = np.array([np.cos(a), np.sin(a), 0.0])
    p = np.asarray(mesh.slice(normal=(-radial[1], radial[0], 0.0), origin=c).points) - c
    along = p @ radial
    arch = p[along > 5.0]
    broad, tall = float(np.ptp(along[along > 5.0])), float(np.ptp(arch[:, 2]))
    assert broad >= 1.25 * tall, (round(broad, 2), round(tall, 2))


def test_atlas_anterior_tubercle_is_a_rounded_knob_from_the_side(spine):
    """Seen from the side, the front of the anterior arch (bone within 6 mm of the midline) is convex: over its
    first 0.6 mm it spans at most 0.5 of the arch's height 3-3.6 mm further back, and it stands >= 4 mm in front of
    the lateral masses (all bone 10 mm or more from the midline), as the anterior tubercle does on a lateral
    radiograph (Gray 1918, "The Atlas"). Issue 10, session 12's start: 0.98 (a square tab) and 2.5 mm."""
    pts = np.asarray(spine.bones["C1"].points)
    arch = pts[np.abs(pts[:, 0]) < 6.0]
    front = arch[:, 1].max()
    tip = np.ptp(arch[arch[:, 1] > front - 0.6][:, 2])
    inner = np.ptp(arch[(arch[:, 1] > front - 3.6) & (arch[:, 1] <= front - 3.0)][:, 2])
    clear = front - pts[np.abs(pts[:, 0]) >= 10.0][:, 1].max()
    assert tip <= 0.5 * inner, (round(float(tip), 2), round(float(inner), 2))
    assert clear >= 4.0, round(float(clear), 2)


# --- Session 13: C1's lateral mass from the side and its thick superior cup (issue 10).


def _side_silhouette(mesh, c: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The lateral mass seen from its own side (rays across 12-30 mm from the midline) within 16 mm of the superior
    facet's centre front to back: heights (1 mm apart), positions front to back (0.5 mm apart), filled grid."""
    sx = np.sign(c[0])
    ys, zs = np.arange(c[1] - 16.0, c[1] + 16.0, 0.5), np.arange(-20.0, 25.0, 1.0)
    img = np.array([[len(_hits(mesh, (sx * 30.0, y, z), (sx * 12.0, y, z))) > 0 for y in ys] for z in zs])
    rows = img.any(axis=1)
    return zs[rows], ys, img[rows]


@pytest.mark.parametrize("side", SIDES)
def test_atlas_lateral_mass_tapers_to_its_inferior_facet_from_the_side(spine, side):
    """Seen from the left, the lateral mass is a wedge with rounded corners, not a box: its front border at three
    quarters of its height stands >= 3 mm ahead of its front border at one quarter (the inferior facet, 17.8 mm, is
    shorter than the superior, 20.8 mm: Patel & Gupta), and no stretch of the front border taller than 10 mm (the
    cup's front horn) stands within 1 mm of its foremost point (session 12: an upright front face 14 mm tall, from
    the horn to the inferior facet, the taper 1 mm)."""
    c = np.array(spine.landmarks["C1"][f"superior_facet_{side}"])
    zs, ys, img = _side_silhouette(spine.bones["C1"], c)
    front = np.array([ys[np.nonzero(r)[0].max()] for r in img])
    h = zs[-1] - zs[0]
    upper, lower = (float(np.interp(zs[0] + f * h, zs, front)) for f in (0.75, 0.25))
    assert upper - lower >= 3.0, f"{side}: front border leans back {upper - lower:.1f} mm from 3/4 to 1/4 height"
    upright = float(np.sum(front >= front.max() - 1.0))
    assert upright <= 10.0, f"{side}: the front border is upright over {upright:.0f} mm"


def _bone_runs(mesh, o: np.ndarray, d: np.ndarray, reach: float = 30.0) -> np.ndarray:
    """Distances along the ray from ``o`` in direction ``d`` at which it enters and leaves bone, in order."""
    return np.sort((_hits(mesh, o, o + reach * d) - o) @ d)


@pytest.mark.parametrize("side", SIDES)
def test_atlas_superior_facet_is_set_in_thick_bone(spine, side):
    """The cup for the condyle is thick bone round and under it, not a shell: 1 mm above its floor, in the facet's
    plane, its wall is >= 4.5 mm thick toward the transverse process (laterally, 45 degrees either side) and
    >= 4.5 mm in front and behind, >= 3 mm toward the canal beside the medial notch (the canal, 26.6 mm wide, Patel
    & Gupta, bounds it there); and straight down from the facet the bone is >= 6 mm deep (session 12: a lip
    3.2 mm thick laterally that fell away at once into a hollow beside the cup)."""
    mesh = spine.bones["C1"]
    c, n, along, across = _superior_facet_frame(spine, side)
    out = across * np.sign(across[0] * c[0])  # in the facet's plane, away from the midline
    o = c + 1.0 * n
    need = {0.0: 4.5, 45.0: 4.5, -45.0: 4.5, 90.0: 4.5, -90.0: 4.5, 150.0: 3.0, -150.0: 3.0}
    thin = {}
    for deg, t in need.items():
        a = np.radians(deg)
        d = np.cos(a) * out + np.sin(a) * along
        run = _bone_runs(mesh, o, d)
        wall = float(run[1] - run[0]) if len(run) >= 2 else 0.0
        if wall < t:
            thin[deg] = round(wall, 1)
    assert not thin, f"{side}: the cup's wall is thin at (degrees from lateral: mm) {thin}"
    under = []
    for u in np.linspace(-3.5, 3.5, 5):
        for v in np.linspace(-7.0, 7.0, 5):
            run = _bone_runs(mesh, c + u * across + v * along + (0.0, 0.0, 6.0), np.array([0.0, 0.0, -1.0]), 40.0)
            under.append(float(run[1] - run[0]))
    assert min(under) >= 6.0, f"{side}: only {min(under):.1f} mm of bone under the superior facet"


# --- Session 13, second wave (issue 10): C1's medial face and the back of its lateral mass; C2's broad spine.


def _medial_face(mesh, sx: float, y: float, z: float) -> float:
    """Distance (mm) from the midline of the first bone met going out from the canal (4 mm from the midline) at
    height ``z`` and ``y`` mm forward, toward the side ``sx`` (+1 right, -1 left): the medial face of the mass."""
    p = _hits(mesh, (sx * 4.0, y, z), (sx * 30.0, y, z))
    return float(np.abs(p[:, 0]).min()) if len(p) else np.nan


@pytest.mark.parametrize("side", SIDES)
def test_atlas_medial_face_has_no_pit_beside_the_cup(spine, side):
    """The medial face of the lateral mass under the superior facet (from 6 mm behind the facet's centre to level
    with it, 1.5-6.5 mm above C1's mid-plane) is smooth bone: no point of it lies > 0.6 mm deeper than both points
    2 mm in front of and behind it. Session 13's first wave: a pit 1.3 mm deep, 3 mm wide, 4 mm under the rim (the
    lower end of the cut for the kidney's medial notch, special.NOTCH_DEPTH), a dark hole beside the cup."""
    mesh = spine.bones["C1"]
    c = np.array(spine.landmarks["C1"][f"superior_facet_{side}"])
    sx = np.sign(c[0])
    pits = {}
    for y in np.arange(c[1] - 6.0, c[1] + 0.01, 0.5):
        for z in np.arange(1.5, 6.51, 0.5):
            d = _medial_face(mesh, sx, y, z)
            depth = d - max(_medial_face(mesh, sx, y - 2.0, z), _medial_face(mesh, sx, y + 2.0, z))
            if depth > 0.6:
                pits[(round(float(y - c[1]), 1), float(z))] = round(depth, 2)
    assert not pits, f"{side}: pits in the medial face (mm behind the facet, height: depth) {pits}"


@pytest.mark.parametrize("side", SIDES)
def test_atlas_has_a_tubercle_for_the_transverse_ligament(spine, side):
    """On the medial face of each lateral mass, level with the body of the dens and behind it, the tubercle for
    the transverse ligament (Gray 1918, "The Atlas"; special.LIGAMENT_TUBERCLE, a modelling size) stands >= 1.5 mm
    proud of the face, measured against the mean of the face 4 mm above C1's mid-plane and 5 mm below it.
    Session 13's first wave: 0.5 mm (the tubercle lay inside the canal's wall, which cut it away)."""
    mesh = spine.bones["C1"]
    c = np.array(spine.landmarks["C1"][f"superior_facet_{side}"])
    sx = np.sign(c[0])
    proud = max(0.5 * (_medial_face(mesh, sx, y, 4.0) + _medial_face(mesh, sx, y, -5.0)) - _medial_face(mesh, sx, y, z)
                for y in np.arange(c[1] - 3.5, c[1] + 0.51, 0.5) for z in (-1.5, -1.0, -0.5, 0.0))
    assert proud >= 1.5, f"{side}: the tubercle stands {proud:.2f} mm proud of the medial face"


def _mass_top(mesh, sx: float, y: float) -> float:
    """Highest bone of the lateral mass proper (14-24 mm from the midline) at ``y``, seen from the side."""
    tops = [_hits(mesh, (sx * x, y, 30.0), (sx * x, y, -30.0))[:, 2] for x in np.arange(14.0, 24.01, 1.0)]
    return max(float(t.max()) for t in tops if len(t))


@pytest.mark.parametrize("side", SIDES)
def test_atlas_lateral_mass_top_falls_to_a_low_rounded_back(spine, side):
    """Seen from the left, the top of the lateral mass falls toward its back instead of running level to a square
    corner: 11 mm behind the superior facet's centre (the last millimetre before the back face drops to the
    posterior arch) it lies >= 1.8 mm below its height 6 mm behind, and it falls by >= 0.5 mm over each of its
    last 2 mm (special.SUP_FACET_RIM_RISE_BACK, SUP_FACET_SHOULDER_BACK, RIM_OUT_BACK; modelling values). Session 13's
    first wave: 1.2 mm, its last 2 mm nearly level, a box from the side."""
    mesh = spine.bones["C1"]
    c = np.array(spine.landmarks["C1"][f"superior_facet_{side}"])
    sx = np.sign(c[0])
    top = {dy: _mass_top(mesh, sx, c[1] - dy) for dy in (6.0, 9.0, 10.0, 11.0)}
    seen = (side, {k: round(v, 2) for k, v in top.items()})
    assert top[6.0] - top[11.0] >= 1.8, seen
    assert top[9.0] - top[10.0] >= 0.5 and top[10.0] - top[11.0] >= 0.5, seen


def _spine_frame(spine) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """C2's spine: its base, unit axis (base to tip), the 'up' square to it in the midline plane, and its length."""
    lm = spine.landmarks["C2"]
    base, tip = np.array(lm["spinous_base"]), np.array(lm["spinous_tip"])
    axis = (tip - base) / np.linalg.norm(tip - base)
    return base, axis, np.array([0.0, axis[2], -axis[1]]), float(np.linalg.norm(tip - base))


def test_c2_spine_is_broad_and_its_blades_thick(spine):
    """C2's spine is the largest of the cervical spines, broad and deeply bifid (Gray 1918, "The Epistropheus"):
    at half its length from the root it covers >= 16.5 mm across seen square to its top, and each of its two
    blades, cut across at the section's mid-height, is >= 6.5 mm thick there and >= 7.5 mm at 70 % of its length
    (special.C2_BLADE, C2_BLADE_SPREAD: modelling values). Session 13's first wave: 14.5 mm across, blades 5.5 and
    6.7 mm thick, a thin fork from above."""
    mesh = spine.bones["C2"]
    base, axis, up, length = _spine_frame(spine)
    o = base + 0.5 * length * axis
    covered = 0.5 * sum(len(_hits(mesh, o + (x, 0.0, 0.0) + 15.0 * up, o + (x, 0.0, 0.0) - 15.0 * up)) > 0
                        for x in np.arange(-12.0, 12.01, 0.5))
    assert covered >= 16.5, f"the spine covers {covered:.1f} mm across at mid-length"
    for at, need in ((0.5, 6.5), (0.7, 7.5)):
        o = base + at * length * axis
        q = np.asarray(mesh.slice(normal=axis, origin=o).points) - o
        h = (q[np.abs(q[:, 0]) < 14.0]) @ up
        mid = o + 0.5 * (h.min() + h.max()) * up
        runs = _bone_runs(mesh, mid - (14.0, 0.0, 0.0), np.array([1.0, 0.0, 0.0]), 28.0)
        blades = np.diff(runs)[::2]
        assert len(blades) and blades.min() >= need, (at, np.round(blades, 2))


# --- Session 13, third wave (issue 10): C1's back slopes down into the posterior arch from the side.


def _back_border(mesh, c: np.ndarray, zs: np.ndarray) -> np.ndarray:
    """The rearmost bone of the lateral mass seen from its own side (rays across 12-30 mm from the midline, every
    0.25 mm from 4 mm ahead of the superior facet's centre to 24 mm behind it) at each height ``zs``."""
    sx = np.sign(c[0])
    ys = np.arange(c[1] - 24.0, c[1] + 4.0, 0.25)
    back = []
    for z in zs:
        hit = [y for y in ys if len(_hits(mesh, (sx * 30.0, y, z), (sx * 12.0, y, z)))]
        back.append(min(hit) if hit else np.nan)
    return np.array(back)


@pytest.mark.parametrize("side", SIDES)
def test_atlas_lateral_mass_back_slopes_down_into_the_posterior_arch(spine, side):
    """Seen from the left, the back of the lateral mass slopes down and back from the top's back corner into the
    posterior arch, which leaves the mass low down (Gray 1918, "The Atlas": a wedge, tall in front, low behind):
    between 1 mm over the arch's upper border (special.POSTERIOR_ARCH_TOP, 2.3 mm) and 8 mm higher, its back border
    leans >= 25 degrees from the vertical (a straight-line fit), and no stretch of it taller than 3 mm stands within
    1 mm of upright (special.MASS_BACK_*, modelling values). Session 13's second wave: an upright back face 7.5 mm tall
    (its fit leaning -1 degree, overhanging), a box from the side."""
    c = np.array(spine.landmarks["C1"][f"superior_facet_{side}"])
    zs = np.arange(special.POSTERIOR_ARCH_TOP + 1.0, special.POSTERIOR_ARCH_TOP + 9.01, 0.5)
    back = _back_border(spine.bones["C1"], c, zs)
    assert not np.isnan(back).any(), (side, back)
    lean = np.degrees(np.arctan(np.polyfit(zs, back, 1)[0]))  # the border runs forward as it rises
    upright = max(float(zs[j] - zs[i]) for i in range(len(zs)) for j in range(i, len(zs))
                  if np.ptp(back[i:j + 1]) < 1.0)
    seen = (side, round(float(lean), 1), round(upright, 1), np.round(back - c[1], 2).tolist())
    assert lean >= 25.0, seen
    assert upright <= 3.0, seen


@pytest.mark.parametrize("side", SIDES)
def test_atlas_transverse_tip_lies_below_and_behind_the_mass_front_from_the_side(spine, side):
    """Seen from the left, the transverse process's tip (the centre of its outermost 4 mm of bone) is not centred on
    the lateral mass's side: it lies >= 11 mm behind the mass's front border at its height and >= 1.8 mm below the
    mass's mid-height at its position front to back (Gray 1918, "The Atlas"; special.TRANSVERSE_TIP_BACK, a
    modelling value). Session 13's second wave: 9.9 mm behind, 0.9 mm below, an oval lump in the middle of the side."""
    mesh = spine.bones["C1"]
    c = np.array(spine.landmarks["C1"][f"superior_facet_{side}"])
    sx = np.sign(c[0])
    pts = np.asarray(mesh.points)
    out = sx * pts[:, 0]
    ty, tz = pts[out >= out.max() - 4.0][:, 1:].mean(axis=0)

    def mass(at) -> list[float]:  # where rays across the mass proper (12-24 mm from the midline) meet bone
        return [p for p in np.arange(-25.0, 25.0, 0.25) if len(_hits(mesh, (sx * 24.0, *at(p)), (sx * 12.0, *at(p))))]

    front = max(mass(lambda y: (y, tz)))
    zs = mass(lambda z: (ty, z))
    seen = (side, round(float(front - ty), 2), round(float(0.5 * (min(zs) + max(zs)) - tz), 2))
    assert front - ty >= 11.0 and 0.5 * (min(zs) + max(zs)) - tz >= 1.8, seen


# --- Session 14 (issue 10): C1's transverse tip and back slope, C2's channelled spine.


def _tip_views(mesh, lm, side: str) -> tuple[float, float, float]:
    """C1's transverse process tip: seen end-on from the side (its outermost 4 mm of bone), its breadth front to back
    over its height and how much of that bounding rectangle it fills; and seen from behind (vertical sections through
    the tip's middle), its tallest section within 6 mm of the end over its section 8 mm in from the end."""
    tip = np.array(lm[f"transverse_tip_{side}"])
    sx = np.sign(tip[0])
    pts = np.asarray(mesh.points)
    out = sx * pts[:, 0]
    end = float(out.max())
    ys, zs = np.arange(tip[1] - 14.0, tip[1] + 14.0, 0.5), np.arange(tip[2] - 10.0, tip[2] + 10.0, 0.5)
    occ = np.array([[len(_hits(mesh, (sx * (end + 1.0), y, z), (sx * (end - 4.0), y, z))) > 0 for z in zs] for y in ys])
    ii, jj = np.nonzero(occ)
    breadth, height = (np.ptp(ii) + 1) * 0.5, (np.ptp(jj) + 1) * 0.5
    fill = occ.sum() / ((np.ptp(ii) + 1) * (np.ptp(jj) + 1))
    yc = float(pts[out >= end - 4.0][:, 1].mean())

    def tall(x):
        z = _hits(mesh, (sx * x, yc, tip[2] + 20.0), (sx * x, yc, tip[2] - 20.0))[:, 2]
        return float(np.ptp(z))

    knob = max(tall(end - dx) for dx in np.arange(1.0, 6.01, 0.5))
    return breadth / height, float(fill), knob / tall(end - 8.0)


@pytest.mark.parametrize("side", SIDES)
def test_atlas_transverse_tip_is_one_flattened_blunt_tubercle(spine, side):
    """The atlas's transverse process ends in one large tubercle, flattened from above down (Gray 1918, "The Atlas";
    special.TRANSVERSE_TIP_*, modelling values): seen end-on from the side its outermost 4 mm is >= 1.2 x as broad
    front to back as it is tall and fills >= 0.85 of its bounding rectangle (a blunt, square-ended end; an ovoid
    fills pi/4, 0.79), and seen from behind it stands at most 1.18 x as tall as the process 8 mm in from its end (no
    knob on a neck). Session 13: 1.58 x, 0.80, and 1.27 x: an egg on the end of the shaft. Session 14 asked for
    >= 1.75 x; the plate built to it (1.89 x, 16.75 mm front to back) was from the left a bar across the lateral
    mass (issue 10, session 14's review), so session 15 asks only that the end be broader than tall, flattened from
    above down, and test_atlas_transverse_tip_is_a_knob_on_the_mass_from_the_side bounds its breadth (now 1.33 x)."""
    aspect, fill, knob = _tip_views(spine.bones["C1"], spine.landmarks["C1"], side)
    seen = (side, round(aspect, 2), round(fill, 3), round(knob, 2))
    assert aspect >= 1.2 and fill >= 0.85 and knob <= 1.18, seen


def _solidity(runs: list[tuple[float, float, float]]) -> float:
    """Area of a horizontal section given as runs (y, x0, x1) 0.25 mm apart, over the area of its convex hull."""
    pts = sorted({(x, y) for y, x0, x1 in runs for x in (x0, x1)})

    def half(seq):
        h = []
        for p in seq:
            while len(h) >= 2 and (h[-1][0] - h[-2][0]) * (p[1] - h[-2][1]) \
                    - (h[-1][1] - h[-2][1]) * (p[0] - h[-2][0]) <= 0:
                h.pop()
            h.append(p)
        return h

    hull = np.array(half(pts)[:-1] + half(pts[::-1])[:-1])
    area = 0.5 * abs(np.dot(hull[:, 0], np.roll(hull[:, 1], 1)) - np.dot(hull[:, 1], np.roll(hull[:, 0], 1)))
    return sum((x1 - x0) * 0.25 for _, x0, x1 in runs) / area


@pytest.mark.parametrize("side", SIDES)
def test_atlas_lateral_mass_back_runs_into_the_arch_without_a_buttress(spine, side):
    """Behind the lateral mass, the fill that slopes its back down to the posterior arch is one rounded surface with
    the mass and the arch, not a plate propped against them (Gray 1918, "The Atlas"; special.MASS_BACK_*, modelling
    values): seen from above, the bone 11-32 mm from the midline and 6-22 mm behind the superior facet's centre that
    lies at or under 1.2 and 2.2 mm over the arch's upper border (special.POSTERIOR_ARCH_TOP) fills >= 0.83 of its
    convex hull. Session 14, third wave: at that height the groove for the vertebral artery now runs on round the
    back of the mass (special.ARTERY_GROOVE_BEHIND), a channel with a floor of bone, which a dry atlas has there and
    which a bare horizontal section counted as a gap (0.69); a plate standing apart from the arch leaves a gap open
    to below, which this still counts. Session 13: 0.81 and 0.82, the plate standing apart (0.54 as a bare section);
    session 14's second wave 0.835 (0.86 bare); now 0.90."""
    mesh = spine.bones["C1"]
    c = np.array(spine.landmarks["C1"][f"superior_facet_{side}"])
    sx = np.sign(c[0])
    xs = np.arange(11.0, 32.0, 0.25)
    for dz in (1.2, 2.2):
        z = special.POSTERIOR_ARCH_TOP + dz
        runs = []
        for y in np.arange(c[1] - 22.0, c[1] - 6.0, 0.25):
            occ = [len(_hits(mesh, (sx * x, y, z), (sx * x, y, -10.0))) > 0
                   or len(_hits(mesh, (sx * x, y, z), (sx * x, y, 40.0))) % 2 == 1 for x in xs]
            i = 0
            while i < len(xs):
                if occ[i]:
                    j = i
                    while j + 1 < len(xs) and occ[j + 1]:
                        j += 1
                    runs.append((float(y), float(xs[i]), float(xs[j]) + 0.25))
                    i = j + 1
                else:
                    i += 1
        solid = _solidity(runs)
        assert solid >= 0.83, (side, dz, round(solid, 3))


def test_c2_spine_is_deeply_channelled_beneath(spine):
    """A deep groove runs along the underside of the axis's spine (Gray 1918, "The Epistropheus";
    special.C2_SPINE_CHANNEL, a modelling value): at 10, 30, 50 and 70 % of its length, its underside 1.5 mm either side
    of the midline lies >= 2 mm higher (square to the spine) than 4.5 mm either side, a channel >= 3 mm wide from its
    root to the notch between its tubercles. Session 13: 0.5 and 1.5 mm at 10 and 30 %, a flat underside with a slit
    between the blades further out."""
    mesh = spine.bones["C2"]
    base, axis, up, length = _spine_frame(spine)

    def underside(x, at):
        p = base + at * length * axis + (x, 0.0, 0.0)
        h = _hits(mesh, p - 15.0 * up, p + 15.0 * up)
        return float(((h - p) @ up).min()) if len(h) else np.nan

    depth = {at: min(underside(s * 1.5, at) - underside(s * 4.5, at) for s in (-1.0, 1.0))
             for at in (0.1, 0.3, 0.5, 0.7)}
    assert min(depth.values()) >= 2.0, {k: round(v, 2) for k, v in depth.items()}


def test_c2_spine_lower_border_is_hollow_from_the_side(spine):
    """Seen from the left, the lower border of the axis's spine is hollowed between its root and its forked end, which
    hangs deepest (special.C2_SPINE_HOLLOW, a modelling value after Gray 1918's lateral view of the epistropheus): at
    40, 50 and 60 % of its length its lowest bone (square to the spine, over its whole width) lies >= 0.8 mm above the
    chord from 10 % to 85 %. Session 13: 0.11-0.18 mm, a straight lower edge (a bar of even depth)."""
    mesh = spine.bones["C2"]
    base, axis, up, length = _spine_frame(spine)

    def lowest(at):
        low = []
        for x in np.arange(-8.0, 8.01, 0.5):
            p = base + at * length * axis + (x, 0.0, 0.0)
            h = _hits(mesh, p - 15.0 * up, p + 15.0 * up)
            if len(h):
                low.append(float(((h - p) @ up).min()))
        return min(low)

    ends = lowest(0.1), lowest(0.85)
    rise = {at: lowest(at) - (ends[0] + (at - 0.1) / 0.75 * (ends[1] - ends[0])) for at in (0.4, 0.5, 0.6)}
    assert min(rise.values()) >= 0.8, {k: round(v, 2) for k, v in rise.items()}


# --- Session 14, second wave (issue 10): C1's foramen transversarium opens into the groove for the artery.


@pytest.mark.parametrize("side", SIDES)
def test_atlas_foramen_opens_back_into_a_groove_under_the_lip(spine, side):
    """Seen from the left, no upright rod-shaped channel stands over the transverse process's tip: the foramen ends
    at the process's upper surface, its bony roof (the lateral mass's lip overhanging its mouth) <= 7.2 mm over its
    centre (Patel & Gupta's 5.4 mm foramen; session 14's first wave: 8.6 mm, the cut bored 5 mm up into the lip and
    ended blind). From its mouth a shallow groove runs back under the lip toward the groove on the posterior arch,
    the artery's course (Gray 1918, "The Atlas"; special.ARTERY_GROOVE_*, modelling values): every 0.5 mm from the
    mouth to 1 mm short of the back of the mass its axis is clear of bone, and beyond the foramen's rim it has a
    floor of bone <= 2.5 mm under it."""
    mesh, lm = spine.bones["C1"], spine.landmarks["C1"]
    f = np.array(lm[f"transverse_foramen_{side}"])
    roof = _hits(mesh, f, f + (0.0, 0.0, 20.0))[:, 2].min() - f[2]
    assert roof <= 7.2, (side, round(float(roof), 2))
    a, b = np.array(lm[f"vertebral_artery_mouth_{side}"]), np.array(lm[f"vertebral_artery_bend_{side}"])
    length = float(np.linalg.norm(b - a))
    blocked, floating = [], []
    for t in np.arange(0.0, length - 1.0, 0.5):
        p = a + (b - a) * t / length
        if len(_hits(mesh, p, p + (0.0, 0.0, 60.0))) % 2:
            blocked.append(np.round(p, 1).tolist())
        elif np.hypot(*(p - f)[:2]) > special.ATLAS_FORAMEN_R + 0.5 and not len(_hits(mesh, p, p - (0.0, 0.0, 2.5))):
            floating.append(np.round(p, 1).tolist())
    assert not blocked and not floating, (side, blocked, floating)


# --- Session 14, third wave (issue 10): C1's groove for the vertebral artery runs on round the back of the mass.


@pytest.mark.parametrize("side", SIDES)
def test_atlas_artery_groove_runs_on_round_the_mass_onto_the_arch(spine, side):
    """As on a dry atlas, the groove for the vertebral artery runs on unbroken from the back of the lateral mass, behind
    it, onto the groove on the posterior arch (Gray 1918, "The Atlas"; special.ARTERY_GROOVE_BEHIND, ARTERY_LEDGE_*,
    MASS_BACK_*, modelling values). Along the artery's course from where the groove under the lip meets the back of the
    mass (the bend) to the middle of the arch's groove (special.ATLAS_GROOVE_THICKNESS over the arch's lower border),
    every 0.5 mm the groove's axis (1 mm over a floor falling straight from the bend's floor to the arch's) is clear
    of bone (under the mass's overhanging back as far as the point behind its middle, open above from there on), the
    floor of bone lies <= 2.5 mm under it, and, up to 2 mm short of the arch's groove, in front of it (toward the
    superior facet's centre, within 5 mm) bone stands >= 1.5 mm over the axis: the groove's front wall.
    Session 14's second wave: the fill behind the mass stood on the course 3.5-7 mm over the axis (the groove ended
    at the bend)."""
    mesh, lm = spine.bones["C1"], spine.landmarks["C1"]
    c = np.array(lm[f"superior_facet_{side}"])
    bend = np.array(lm[f"vertebral_artery_bend_{side}"])
    arch = np.array(lm[f"vertebral_artery_groove_{side}"])
    # the course seen from above: round the back of the mass, through the point behind it (or straight on, where the
    # bone has none)
    behind = np.array(lm.get(f"vertebral_artery_behind_{side}", 0.5 * (bend + arch)))
    floor0 = bend[2] - special.ARTERY_GROOVE_HALF[1]
    path = [bend, behind, arch]
    pts = []
    for a, b in itertools.pairwise(path):
        n = int(np.linalg.norm((b - a)[:2]) / 0.5)
        pts += [a + (b - a) * t for t in np.linspace(0.0, 1.0, n, endpoint=False)]
    pts.append(arch)
    total = sum(float(np.linalg.norm((b - a)[:2])) for a, b in itertools.pairwise(pts))
    behind_at = float(np.linalg.norm((behind - bend)[:2]))
    bad, run = [], 0.0
    for i, p in enumerate(pts):
        if i:
            run += float(np.linalg.norm((p - pts[i - 1])[:2]))
        floor = floor0 + (arch[2] - floor0) * run / total
        q = np.array([p[0], p[1], floor + 1.0])
        above = len(_hits(mesh, q, q + (0.0, 0.0, 40.0)))
        if above % 2 or (above and run >= behind_at):
            bad.append(("in bone" if above % 2 else "covered", np.round(q, 1).tolist()))
            continue
        if not len(_hits(mesh, q, q - (0.0, 0.0, 2.5))):
            bad.append(("no floor", np.round(q, 1).tolist()))
        fwd = (c - q) * (1.0, 1.0, 0.0)
        fwd /= np.linalg.norm(fwd)
        wall = max((float(_hits(mesh, q + s * fwd + (0.0, 0.0, 30.0), q + s * fwd - (0.0, 0.0, 5.0))[:, 2].max())
                    for s in np.arange(0.5, 5.01, 0.5)
                    if len(_hits(mesh, q + s * fwd + (0.0, 0.0, 30.0), q + s * fwd - (0.0, 0.0, 5.0)))), default=-99.0)
        if wall - q[2] < 1.5 and run <= total - 2.0:  # on the arch, its walls lie along the arch (test above)
            bad.append(("no front wall", np.round(q, 1).tolist(), round(wall - q[2], 1)))
    assert not bad, (side, bad)


# --- Session 15 (issue 10): C1 from the side (no horizontal bar), C2's dens a peg leaning back.


def test_atlas_posterior_arch_climbs_to_its_tubercle_from_the_side(spine):
    """Seen from the left, the posterior arch leaves the lateral mass low down and climbs to its tubercle (Gray 1918,
    "The Atlas"; special.POSTERIOR_ARCH_RISE, a modelling value): the middle of its height 3 mm inside the tubercle
    stands >= 2 mm higher than at the groove for the vertebral artery behind each mass, and its lower border there
    hangs no lower than at the groove. Session 14: the middle rose 0.3 mm and the lower border hung 1.9 mm lower
    (a level bar, in line with the transverse process's tip in front of it)."""
    mesh, lm = spine.bones["C1"], spine.landmarks["C1"]
    lo_t, hi_t = _vertical_extent(mesh, 0.0, lm["posterior_tubercle"][1] + 3.0)
    for side in SIDES:
        g = lm[f"vertebral_artery_groove_{side}"]
        lo_g, hi_g = _vertical_extent(mesh, g[0], g[1])
        seen = (side, round(0.5 * (lo_t + hi_t) - 0.5 * (lo_g + hi_g), 2), round(lo_t - lo_g, 2))
        assert seen[1] >= 2.0 and seen[2] >= 0.0, seen


@pytest.mark.parametrize("side", SIDES)
def test_atlas_transverse_tip_is_a_knob_on_the_mass_from_the_side(spine, side):
    """Seen from the left, the transverse process's tip (its outermost 4 mm of bone, end-on) is a knob on the side of
    the lateral mass, not a bar across it (Gray 1918, "The Atlas"; special.TRANSVERSE_TIP_HALF_BREADTH, a modelling
    value): its breadth front to back is <= 0.6 of the superior facet's measured length (20.8 mm, Patel & Gupta; the
    mass's own length front to back), and the lateral mass (rays across 12-24 mm from the midline) shows >= 6 mm in
    front of it at its height. Session 14: 16.75 mm (0.81 of the facet), 5.2 mm of the mass in front (a plate from
    the middle of the mass's side to its back, drawn on backward by the posterior arch at its height)."""
    mesh = spine.bones["C1"]
    tip = np.array(spine.landmarks["C1"][f"transverse_tip_{side}"])
    sx = np.sign(tip[0])
    pts = np.asarray(mesh.points)
    out = sx * pts[:, 0]
    end = float(out.max())
    tz = float(pts[out >= end - 4.0][:, 2].mean())
    ys = np.arange(tip[1] - 14.0, tip[1] + 14.0, 0.25)
    knob = [y for y in ys if len(_hits(mesh, (sx * (end + 1.0), y, tz), (sx * (end - 4.0), y, tz)))]
    front = max(y for y in np.arange(-30.0, 25.0, 0.25) if len(_hits(mesh, (sx * 24.0, y, tz), (sx * 12.0, y, tz))))
    breadth = max(knob) - min(knob) + 0.25
    seen = (side, round(breadth, 2), round(breadth / special.ATLAS_SUPERIOR_FACET[0], 3), round(front - max(knob), 2))
    assert breadth <= 0.6 * special.ATLAS_SUPERIOR_FACET[0] and front - max(knob) >= 6.0, seen


def _dens_front(mesh, lm, z_above_top: float) -> float:
    """The front of the dens in its midline section (C2's frame, y) at a height above the C2 body's upper endplate."""
    top = np.array(lm["dens_neck"])[2] - special.DENS_PROFILE[2][0]
    p = np.array([0.0, float(np.array(lm["dens_tip"])[1]), top + z_above_top])
    return float(_hits(mesh, p + (0.0, 14.0, 0.0), p)[:, 1].max())


def test_dens_front_slopes_back_from_a_smooth_neck(spine):
    """Seen from the left, the dens is a tall peg leaning back on the body (Štulík et al. 2019; Gray 1918), its front
    (which carries the facet for the atlas's arch) leaning with it: from just above the body (the neck, 3.2 mm over the
    endplate) to the facet's centre (11 mm) the front runs back >= 0.8 mm (about 6 degrees from the vertical), no
    4 mm stretch of it between the neck and the top of the facet (13.8 mm) stands within 0.3 mm of upright, and it
    never comes forward again on the way up (no waist). Session 14: the waisted neck (radius 4.3 mm under a 4.8 mm
    articular body) cancelled the lean at the front: 0.49 mm from the neck to the facet's centre, upright within
    0.25 mm from 3 to 9 mm, and at sheet size the dens read as an upright finger (issue 10's bowling pin)."""
    mesh, lm = spine.bones["C2"], spine.landmarks["C2"]
    neck = special.DENS_PROFILE[2][0]
    zs = np.arange(neck, special.DENS_FACET_Z + 2.81, 0.2)
    front = np.array([_dens_front(mesh, lm, z) for z in zs])
    fall = front[0] - float(np.interp(special.DENS_FACET_Z, zs, front))
    upright = max(float(zs[j] - zs[i]) for i in range(len(zs)) for j in range(i, len(zs))
                  if np.ptp(front[i:j + 1]) < 0.3)
    forward = float(np.max(front - np.minimum.accumulate(front)))
    seen = (round(fall, 2), round(upright, 1), round(forward, 2))
    assert fall >= 0.8 and upright < 4.0 and forward <= 0.1, seen


# --- session 16 (atlas16): the axis read as a stout peg on a body, from all four views ------------------------------

def _c2_top(lm) -> float:
    """Height of the C2 body's upper endplate (the dens profile's zero) in C2's frame."""
    return float(np.array(lm["dens_neck"])[2] - special.DENS_PROFILE[2][0])


def test_dens_is_full_width_over_the_atlas_facet(spine):
    """The dens's articular body is a stout peg about 10 mm across (dry axes 8.5-10.3 mm wide, Yousuf et al.; CT
    9.04 mm, Makhlouf et al.; built 9.6) and it carries the whole of the facet the atlas's anterior arch turns on, an
    oval 8.96 mm wide and 9.18 mm tall (Patel & Gupta, special.ATLAS_DENS_FACET) centred on the dens's facet
    (special.DENS_FACET_Z): from 4.1 mm below to 4.1 mm above that centre the dens is at least as wide as that oval
    at the same height plus 0.4 mm (so >= 9.36 mm at the centre; the mesh reads 9.52 for the built 9.6), and >= 9.4 mm
    over the middle 4 mm. Before session 16 the dens tapered from 1 mm over the facet's centre (9.1 mm wide 2 mm over
    it, 7.7 mm 4 mm over it): the upper third of the atlas's facet faced a narrowing finger, and from the
    front-oblique the dens read as a rod. Sessions 16-22 asked for >= 9.4 mm over the whole 8.3 mm (a cylinder under
    a squat cap); session 23 lets the upper end of the oval facet lie on the apex's taper (Gray 1918, "The
    Epistropheus": the apex pointed): 9.48 mm 2 mm over the centre, 8.3 mm 4 mm over it."""
    mesh, lm = spine.bones["C2"], spine.landmarks["C2"]
    wide, tall = special.ATLAS_DENS_FACET
    half = 0.45 * tall
    dzs = np.linspace(-half, half, 7)
    widths = np.array([_dens_width(mesh, lm, special.DENS_FACET_Z + dz) for dz in dzs])
    oval = wide * np.sqrt(1.0 - (dzs / (0.5 * tall)) ** 2)
    assert np.all(widths >= oval + 0.4), np.round(np.c_[dzs, widths, oval + 0.4], 2)
    middle = [_dens_width(mesh, lm, special.DENS_FACET_Z + dz) for dz in np.linspace(-2.0, 2.0, 5)]
    assert min(middle) >= 9.4, np.round(middle, 2)


def _c2_superior_facets_top(spine) -> float:
    """Highest point of C2's superior articular cartilage (both sides) in C2's frame (the cartilage is held in the
    frame of its bone)."""
    index = parse_level("C2").index
    tops = [float(np.asarray(spine.cartilage[(j.name, "lower")].points)[:, 2].max())
            for j in spine.model.joints if j.lower_index == index and j.name.startswith("C1/2")]
    assert tops, "no C1/2 cartilage on C2"
    return max(tops)


def test_dens_rises_clear_of_the_facets_from_the_side(spine):
    """On a dry axis the facets' medial margins meet the dens at its base and no bone beside it stands higher, so
    from the left the dens rises about 15 mm clear of them (dens 15.8 mm tall from its base, Yousuf et al., 30 dry
    axes; the issue's 14-16 mm). Between the dens and the facets' medial margins (1.2 mm outside the dens's neck out
    to 11 mm from the midline, over the facet's front-to-back extent) the top of the bone stands no more than 0.3 mm
    above the highest point of C2's superior articular cartilage, and the dens's apex 14-16 mm above that bone.
    Before session 16 the turning surface's cut rose on medially past the facets to 15.0 mm, 1.1 mm over the
    cartilage, and from the left the facets and that bone hid the lower quarter of the dens."""
    mesh, lm = spine.bones["C2"], spine.landmarks["C2"]
    cart = _c2_superior_facets_top(spine)
    tops = [_vertical_extent(mesh, sx * x, y)[1] for sx in (-1.0, 1.0)
            for x in np.arange(special.DENS_NECK_RADIUS + 1.2, 11.01, 0.5) for y in np.arange(-5.0, 7.01, 1.0)]
    beside = max(tops)
    tip = np.array(lm["dens_tip"])
    apex = _vertical_extent(mesh, 0.0, tip[1])[1]
    seen = (round(beside, 2), round(cart, 2), round(apex - beside, 2))
    assert beside <= cart + 0.3 and 14.0 <= apex - beside <= 16.0, seen
    # and the dens still stands the table's height (Teo, CT) within 10 %
    assert apex - _c2_top(lm) == pytest.approx(special.DENS_HEIGHT_TEO, rel=0.10)


def test_dens_is_grooved_behind_for_the_transverse_ligament(spine):
    """The back of the dens carries a groove for the transverse ligament of the atlas (Gray 1918, "The
    Epistropheus"), level with its anterior facet: in the midline the back of the dens there lies >= 0.7 mm in front
    of the straight line between its back 4 mm above and 4 mm below, and the dens is shallower front to back there
    than it is wide. Before session 16 the back was a smooth cylinder (0.0 mm, as deep as wide)."""
    mesh, lm = spine.bones["C2"], spine.landmarks["C2"]
    top, tip = _c2_top(lm), np.array(lm["dens_tip"])

    def back(dz: float) -> float:
        p = np.array([0.0, tip[1], top + special.DENS_FACET_Z + dz])
        return float(_hits(mesh, p - (0.0, 12.0, 0.0), p + (0.0, 2.0, 0.0))[:, 1].min())

    depth = back(0.0) - 0.5 * (back(-4.0) + back(4.0))
    assert depth >= 0.7, round(depth, 2)
    z = special.DENS_FACET_Z
    front = _dens_front(mesh, lm, z)
    assert front - back(0.0) < _dens_width(mesh, lm, z) - 0.5, (round(front - back(0.0), 2))


# --- Session 17 (atlas17, issue 10): C2's spine a deep wedge from the left, its bifid tip spread from behind.


def _spine_depth(spine, at: float) -> float:
    """C2's spine seen from the left at ``at`` of its length from the root: the span of its bone square to it (top to
    bottom, over its whole width)."""
    mesh = spine.bones["C2"]
    base, axis, up, length = _spine_frame(spine)
    hs = []
    for x in np.arange(-10.0, 10.01, 0.5):
        p = base + at * length * axis + (x, 0.0, 0.0)
        hs += list((_hits(mesh, p - 15.0 * up, p + 15.0 * up) - p) @ up)
    return float(np.ptp(hs))


def test_c2_spine_is_a_deep_wedge_tapering_back_from_the_left(spine):
    """Seen from the left the axis's spine is a deep wedge, deepest at its root and tapering back to its fork (Gray
    1918, "The Epistropheus"; special.C2_SPINE_ROOT_KEEL, C2_SPINE_CREST, C2_TUBERCLE: modelling values): square to
    the spine, its depth at 10 % of its length is >= 1.35 x its depth at 90 %, and it never deepens again by more
    than 0.3 mm on the way back (10, 30, 50, 70, 90 %). Session 16: 12.5, 10.0, 9.8, 10.7, 10.8 mm, a rod of even
    depth ending in a ball (1.16 x)."""
    depth = [_spine_depth(spine, at) for at in (0.1, 0.3, 0.5, 0.7, 0.9)]
    assert depth[0] >= 1.35 * depth[-1], np.round(depth, 2)
    assert all(b <= a + 0.3 for a, b in itertools.pairwise(depth)), np.round(depth, 2)


def _gap_between_tubercles(mesh, z: float) -> float:
    """Seen from behind (rays forward from behind the spine's tip to 28 mm behind C2's body), the bone-free run
    across the midline at height ``z``."""
    xs = np.arange(-8.0, 8.01, 0.1)
    hit = np.array([len(_hits(mesh, (x, -70.0, z), (x, -28.0, z))) > 0 for x in xs])
    left, right = xs[(xs < 0.0) & hit], xs[(xs > 0.0) & hit]
    assert len(left) and len(right), z
    return float(right.min() - left.max())


def test_c2_bifid_tubercles_spread_apart_from_behind(spine):
    """From behind, the two tubercles of the axis's bifid spine spread apart below a notch that opens downward (Gray
    1918, "The Epistropheus"; special.C2_SPINE_NOTCH, C2_TUBERCLE_SPLAY_DEG: modelling values): 3 mm above their
    lowest point they stand >= 4.3 mm apart, >= 2.5 mm further apart than 6 mm above it. Session 16: 3.6 and 1.7 mm,
    two lumps side by side parted by a slit."""
    mesh, lm = spine.bones["C2"], spine.landmarks["C2"]
    p = np.asarray(mesh.points)
    lowest = float(p[p[:, 1] < lm["spinous_tip"][1] + 5.0][:, 2].min())
    low, high = _gap_between_tubercles(mesh, lowest + 3.0), _gap_between_tubercles(mesh, lowest + 6.0)
    assert low >= 4.3 and low - high >= 2.5, (round(low, 2), round(high, 2))


# --- Session 20: C2 from the left, from in front and from below (atlas20, issue 10) -------------------------


def _round_opening_from_the_side(mesh, sx: float, centre: np.ndarray, res: float = 0.25, depth: float = 4.0,
                                 reach: float = 6.0) -> float:
    """Seen from its own side (rays square to the sagittal plane over 14 mm round ``centre``), the widest round
    opening in C2's side: the diameter of the largest circle of pixels whose first bone lies >= ``depth`` mm deeper
    than bone met within ``reach`` mm in each of eight directions round it (a pit ringed by the near surface)."""
    ys = np.arange(centre[1] - 14.0, centre[1] + 14.0, res)
    zs = np.arange(centre[2] - 14.0, centre[2] + 14.0, res)
    near = np.full((len(zs), len(ys)), -np.inf)  # how far out (|x|) the first bone is met
    for i, z in enumerate(zs):
        for j, y in enumerate(ys):
            h = _hits(mesh, (sx * 40.0, y, z), (0.0, y, z))
            if len(h):
                near[i, j] = np.abs(h[:, 0]).max()
    pit = np.isfinite(near)
    steps = round(reach / res)
    for di, dj in itertools.product((-1, 0, 1), repeat=2):
        if di == dj == 0:
            continue
        ringed = np.zeros_like(pit)
        for s in range(1, steps + 1):
            moved = np.full_like(near, -np.inf)
            a0, a1 = max(0, -di * s), len(zs) - max(0, di * s)
            b0, b1 = max(0, -dj * s), len(ys) - max(0, dj * s)
            moved[a0:a1, b0:b1] = near[a0 + di * s:a1 + di * s, b0 + dj * s:b1 + dj * s]
            ringed |= moved >= near + depth
        pit &= ringed
    if not pit.any():
        return 0.0
    inside, outside = np.argwhere(pit), np.argwhere(~pit)
    radius = max(float(np.sqrt(((outside - q) ** 2).sum(axis=1)).min()) for q in inside)
    return (2.0 * radius - 1.0) * res


def test_c2_side_shows_no_round_hole_from_the_left(spine):
    """From the left (and from the right) the side of the axis under its superior facet shows no round, drilled
    mouth: the foramen transversarium turns out and up beneath the facet (special.C2_FORAMEN_COURSE, modelling
    values; Gray 1918, "The Epistropheus"), so its mouth is seen at a slant, and the widest round opening is
    <= 3.0 mm across (its bore is 2 x special.C2_FORAMEN_R = 4.8 mm). Now 2.25 mm; session 19: 4.3 mm, the round
    mouth of a hole bored straight in."""
    mesh, lm = spine.bones["C2"], spine.landmarks["C2"]
    widest = {side: _round_opening_from_the_side(mesh, sx, np.array(lm[f"transverse_foramen_bend_{side}"]))
              for side, sx in (("left", -1.0), ("right", 1.0))}
    assert max(widest.values()) <= 3.0, {k: round(v, 2) for k, v in widest.items()}


def _side_outline(mesh, y: float, sx: float, zs: np.ndarray) -> np.ndarray:
    """C2 cut square to front-to-back at ``y``: on the side ``sx``, how far the bone reaches from the midline at each
    height in ``zs`` (the section's outline seen from in front; rays in from the side)."""
    return np.array([np.abs(_hits(mesh, (sx * 40.0, y, z), (0.0, y, z))[:, 0]).max() for z in zs])


@pytest.mark.parametrize("y", (2.0, 3.0, 4.0))
def test_c2_body_is_hollowed_under_the_overhanging_shoulders(spine, y):
    """In front of the foramen transversarium the side of the axis is waisted under the overhanging lateral mass
    (special.C2_BODY_HOLLOW, modelling values, no measured figure found), not one straight slope from the
    body's lower corner to the rim under the facet (a box from the left and from in front): cut square to
    front-to-back 2, 3 and 4 mm ahead of C2's centre, between 8 mm under mid-height and the overhang's widest
    point the outline lies >= 0.6 mm inside the straight line joining them, on both sides. Now 0.8-1.1 mm; session
    19: 0.0 mm."""
    mesh = spine.bones["C2"]
    zs = np.arange(-8.0, 8.01, 0.25)
    for sx in (-1.0, 1.0):
        reach = _side_outline(mesh, y, sx, zs)
        top = int(np.argmax(reach))
        chord = reach[0] + (reach[top] - reach[0]) * (zs[:top + 1] - zs[0]) / (zs[top] - zs[0])
        hollow = float(np.max(chord - reach[:top + 1]))
        assert hollow >= 0.6, (sx, round(hollow, 2), round(float(zs[top]), 1))


def _transverse_width_from_below(mesh, sx: float, tip_z: float, inside: float) -> float:
    """C2's transverse process seen from below ``inside`` mm in from its tip: its width front to back (the bone
    within 4 mm over the tip's height, cut square to the left-right axis)."""
    p = np.asarray(mesh.points)
    tip = float(np.max(sx * p[(p[:, 2] < tip_z + 4.0) & (sx * p[:, 0] > 17.0)][:, 0]))
    q = np.asarray(mesh.slice(normal=(1.0, 0.0, 0.0), origin=(sx * (tip - inside), 0.0, 0.0)).points)
    return float(np.ptp(q[q[:, 2] < tip_z + 4.0][:, 1]))


@pytest.mark.parametrize("side", SIDES)
def test_c2_transverse_process_tapers_to_its_tip_from_below(spine, side):
    """Seen from below, the axis's small transverse process tapers to its tip (Gray 1918, "The Epistropheus";
    special.C2_TRANSVERSE_THICK, modelling values) instead of ending as a thick stub: 2 mm inside its tip it is
    <= 3.6 mm wide front to back and it widens steadily toward its root (2, 4 and 6 mm inside the tip, each >= 0.3 mm
    wider than the last). Now 3.2, 3.7 and 4.3 mm; session 19: 4.8, 5.1 and 6.1 mm."""
    mesh, lm = spine.bones["C2"], spine.landmarks["C2"]
    tip = np.array(lm[f"transverse_tip_{side}"])
    widths = [_transverse_width_from_below(mesh, np.sign(tip[0]), tip[2], at) for at in (2.0, 4.0, 6.0)]
    assert widths[0] <= 3.6, np.round(widths, 2)
    assert all(b >= a + 0.3 for a, b in itertools.pairwise(widths)), np.round(widths, 2)


# --- Session 20 (c1b, issue 10): C1's lateral mass from the left, the cup's outline between its horns.


def _side_top(mesh, sx: float, y: float) -> float:
    """Highest bone 12-30 mm from the midline at ``y``: the lateral mass's upper border seen from its side."""
    tops = [_hits(mesh, (sx * x, y, 40.0), (sx * x, y, -40.0))[:, 2] for x in np.arange(12.0, 30.01, 0.5)]
    return max(float(t.max()) for t in tops if len(t))


@pytest.mark.parametrize("side", SIDES)
def test_atlas_superior_facet_is_concave_from_the_side(spine, side):
    """Seen from the left, the upper border of the lateral mass dips between the cup's front and back horns, as the
    superior facet of a dry atlas is concave from before back (Gray 1918, "The Atlas"; special.SUP_FACET_LATERAL_DIP,
    a modelling value): within 4 mm of the facet's centre it lies >= 1.4 mm below the straight line joining its
    heights 8 mm ahead of and behind that centre. s20: 0.3 mm, a straight ramp from the front horn to the back, the
    mass a block from the side; now 1.6 mm."""
    mesh = spine.bones["C1"]
    c = np.array(spine.landmarks["C1"][f"superior_facet_{side}"])
    sx = np.sign(c[0])
    front, back = _side_top(mesh, sx, c[1] + 8.0), _side_top(mesh, sx, c[1] - 8.0)
    dips = {dy: back + (front - back) * (dy + 8.0) / 16.0 - _side_top(mesh, sx, c[1] + dy)
            for dy in (-4.0, -2.0, 0.0, 2.0, 4.0)}
    assert max(dips.values()) >= 1.4, (side, {k: round(v, 2) for k, v in dips.items()})


# --- Session 21 (c2c, issue 10): C2's front from the left.


def _front_from_the_left(mesh, sx: float, z: float, xs: np.ndarray) -> float:
    """C2 seen from its side ``sx``: the foremost bone (y, C2's frame) at height ``z`` among rays from in front at
    ``sx * xs`` mm from the midline (the front of the bone's outline in that view)."""
    ahead = [_hits(mesh, (sx * x, 30.0, z), (sx * x, -10.0, z))[:, 1] for x in xs]
    return max(float(a.max()) for a in ahead if len(a))


@pytest.mark.parametrize("side", SIDES)
def test_c2_anterior_inferior_lip_stands_out_in_front_from_the_left(spine, side):
    """Seen from the side, the front of the axis is its body, whose anterior-inferior lip projects down and forward
    over the C2/3 disc (Gray 1918, "The Epistropheus"): the lip's foremost point (within about 2 mm of the body's
    lower border, z -13 to -9 mm in C2's frame) stands >= 1.2 mm ahead of the bone's whole outline 2-6 mm under
    mid-height. Session 20: 1.0 mm behind it, the lateral mass's upright front wall standing ahead of the lip (C2 a
    box from the left); now 1.9 mm ahead (special.C2_FRONT_SLOPE, a modelling value)."""
    mesh, sx = spine.bones["C2"], (1.0 if side == "right" else -1.0)
    xs = np.arange(0.0, 30.01, 0.5)
    lip = max(_front_from_the_left(mesh, sx, z, xs) for z in np.arange(-13.0, -8.99, 0.5))
    waist = max(_front_from_the_left(mesh, sx, z, xs) for z in np.arange(-6.0, -1.99, 0.5))
    assert lip - waist >= 1.2, (side, round(lip, 2), round(waist, 2))


@pytest.mark.parametrize("side", SIDES)
def test_c2_lateral_mass_does_not_stand_ahead_of_the_body_at_mid_height(spine, side):
    """From the left, under the superior facet's rounded front the lateral mass falls back onto the body's front
    line: at every height 1-5 mm under the body's mid-height the foremost bone on that side stands <= 1.0 mm ahead of
    the body's front in the midline (rays within 3 mm of it). Session 20: 2.2-3.4 mm ahead, one upright wall from
    the facet's rim to the lateral mass's foot; now <= 0.7 mm (special.C2_FRONT_SLOPE, a modelling value)."""
    mesh, sx = spine.bones["C2"], (1.0 if side == "right" else -1.0)
    ahead = {float(z): _front_from_the_left(mesh, sx, z, np.arange(0.0, 30.01, 0.5))
             - _front_from_the_left(mesh, sx, z, np.arange(0.0, 3.01, 0.5)) for z in np.arange(-5.0, -0.99, 1.0)}
    assert max(ahead.values()) <= 1.0, (side, {k: round(v, 2) for k, v in ahead.items()})


# --- Session 21 (c1c, issue 10): C1's lateral mass from the front, a wedge rather than a drum.


def _front_lateral_border(mesh, sx: float, c: np.ndarray, z: float, ahead: tuple[float, float] = (3.0, 12.0)) -> float:
    """How far from the midline (mm) the lateral mass reaches at height ``z`` seen from the front, over its front half
    (3-12 mm ahead of the superior facet's centre, unless ``ahead`` says otherwise). Session 24: the section is cut
    exactly at the window's ends (it was the farthest section vertex inside them, up to ~0.5 mm short)."""
    sl = mesh.slice(normal=(0.0, 0.0, 1.0), origin=(0.0, 0.0, z))
    if sl.n_points:
        sl = sl.clip(normal=(0.0, -1.0, 0.0), origin=(0.0, c[1] + ahead[0], 0.0))  # keeps what lies ahead of it
    if sl.n_points:
        sl = sl.clip(normal=(0.0, 1.0, 0.0), origin=(0.0, c[1] + ahead[1], 0.0))
    p = np.asarray(sl.points).reshape(-1, 3)
    p = p[sx * p[:, 0] > 8.0]
    return float((sx * p[:, 0]).max()) if len(p) else float("nan")


def _front_border_profile(spine, side: str, ahead: tuple[float, float] = (3.0, 12.0), top: float = 3.0):
    """The lateral mass's front border (``_front_lateral_border``) every 0.5 mm from 3 mm under the inferior facet's
    centre (its lateral rim: the facet faces down and in) to ``top`` mm over the superior facet's centre (3: under the
    lip): the heights over the inferior facet's centre, over the superior facet's centre, and the borders."""
    mesh, lm = spine.bones["C1"], spine.landmarks["C1"]
    c = np.array(lm[f"superior_facet_{side}"])
    low = float(lm[f"inferior_facet_{side}"][2])
    zs = np.arange(low - 3.0, c[2] + top + 0.01, 0.5)
    return zs - low, zs - c[2], np.array([_front_lateral_border(mesh, np.sign(c[0]), c, z, ahead) for z in zs])


@pytest.mark.parametrize("side", SIDES)
def test_atlas_lateral_mass_is_a_wedge_from_the_front(spine, side):
    """Seen from the front, each lateral mass of a dry atlas is broadest just under its superior facet, whose lip
    overhangs, and narrows down to the smaller inferior facet (shape read off dry bones, facets after Gray 1918,
    "The Atlas"; special.LATERAL_MASS_HALF_LOW/_HIGH and LATERAL_MASS_HEAD_X, modelling values). Over the mass's
    front half its lateral border from 2 mm under to 3 mm over the superior facet's centre (under the lip) stands
    >= 1.2 mm further out than the inferior facet's lateral rim (the foot: from 3 mm under to 1 mm over the facet's
    centre) and further out than anywhere between.
    Session 24 (upper24) re-measured it: session 21 compared the lip with the border 3-5 mm over the inferior facet's
    centre (>= 3.5 mm), a height on the foot of a facet 15 mm across whose own rim, with its pad, stands 26.3 mm from
    the midline, so the shape met it by drawing the mass in just above the foot, a drum (4.2-4.7 there, the foot
    itself only 1.1 mm inside the lip). Now 1.4 mm (session 23: 1.1)."""
    over_inferior, over_superior, b = _front_border_profile(spine, side)
    lip = np.nanmax(b[over_superior >= -2.0])
    foot = np.nanmax(b[over_inferior <= 1.0])
    assert lip - foot >= 1.2, (side, round(lip, 2), round(foot, 2))
    assert np.nanmax(b) <= lip + 0.05, (side, round(float(np.nanmax(b)), 2), round(lip, 2))


# Ahead of the transverse process's anterior root (which, at mid-height, stands out of the mass's front 3-5 mm ahead of
# the superior facet's centre): the front of the lateral mass itself.
AHEAD_OF_THE_TRANSVERSE_ROOT = (5.0, 12.0)
# How far the border may come in and go out again on its way down (mm): the mesh's own waviness is < 0.05.
MAX_WAIST_MM = 0.3
# Session 31 (atlas31, the lead's ruling): the top of that border's window, mm over the superior facet's centre, is the
# base of the superior facet's lip, where the lip meets the outer wall: the lowest point of the bead of bone that rounds
# the facet's lateral rim (special.LATERAL_LIP_*) at its station 60 degrees from straight ahead, the direction in which
# the window's outermost border lies (5 mm ahead of the facet's centre and ~9.5 mm out). Gray 1918 ("The Atlas") gives
# the superior facet's margin as a lip overhanging the lateral mass: above its base the border may come in as the lip
# rolls over into the cup, which is no waist (3 mm over the centre, as before, the window read the lip's roll: 0.4 mm
# once the wall under it slopes out to meet it). Session 23's waist lay 5 mm over the inferior facet, far below.
LIP_BASE_OVER_SUPERIOR = (float(np.interp(60.0, *np.array(special.LATERAL_LIP_PATH)[:, [0, 2]].T))
                          - special.LATERAL_LIP_SINK / math.sqrt(2.0) - special.LATERAL_LIP_RADIUS)


def _out_again(b: np.ndarray) -> np.ndarray:
    """At each height of a border profile (listed from the bottom up), how far (mm) the border stands further out than
    the least border at or above it: a waist it comes out of again on its way down."""
    return b - np.minimum.accumulate(b[::-1])[::-1]


def test_waist_measure_still_catches_session_23s_waist():
    """The window's lower top (LIP_BASE_OVER_SUPERIOR, -1.9 mm) still holds session 23's waist: its border, 25.4 mm
    from the midline at the foot, 21.5 mm 5 mm over the inferior facet and out to the lip (a profile with those
    figures, the superior facet's centre 17.5 mm over the inferior's, as on main), comes in and out again 3.9 mm in the
    lowered window as in the old one."""
    h = np.arange(-3.0, 17.5 + 3.01, 0.5)  # over the inferior facet's centre, to 3 mm over the superior's
    b = np.interp(h, (-3.0, 0.0, 5.0, 10.0, 17.5, 20.5), (24.8, 25.4, 21.5, 24.0, 27.0, 27.5))
    for top in (3.0, LIP_BASE_OVER_SUPERIOR):
        keep = h <= 17.5 + top + 0.01
        assert np.nanmax(_out_again(b[keep])) == pytest.approx(3.9, abs=0.01)
        assert np.nanmax(_out_again(b[keep])) > MAX_WAIST_MM


@pytest.mark.parametrize("side", SIDES)
def test_atlas_lateral_mass_has_no_waist_above_its_foot(spine, side):
    """Seen from the front, a dry atlas's lateral mass is one block from the overhanging lip of its superior facet down
    to its inferior facet, turned down and in (Gray 1918, "The Atlas"): no waist above a round foot. Going down its
    front's lateral border from the base of the superior facet's lip (LIP_BASE_OVER_SUPERIOR; 3 mm over the superior
    facet's centre before session 31) to the inferior facet's lateral rim (3 mm under its centre), the border never
    comes in and then goes out again by more than MAX_WAIST_MM. Measured ahead of the transverse process's root
    (AHEAD_OF_THE_TRANSVERSE_ROOT). Session 23: 3.9 mm (the border 21.5 mm from the midline 5 mm over the facet, 25.4
    at the foot); session 30: 0.2; session 31: 0.20-0.22 (in the old window 0.38-0.39, the lip's roll over the cup
    once the wall under it slopes out to meet it)."""
    h, _, b = _front_border_profile(spine, side, AHEAD_OF_THE_TRANSVERSE_ROOT, LIP_BASE_OVER_SUPERIOR)
    out_again = _out_again(b)
    i = int(np.nanargmax(out_again))
    assert out_again[i] <= MAX_WAIST_MM, (side, f"{out_again[i]:.2f} mm out again {h[i]:.1f} mm over the facet",
                                          f"border {b[i]:.2f}, {b[i] - out_again[i]:.2f} above")


def _arch_top_toward_the_mass(mesh, sx: float, y: float) -> np.ndarray:
    """The upper border (highest bone) at ``y``, 6-12 mm from the midline in 0.5 mm steps: where the anterior arch
    meets the front of the lateral mass."""
    return np.array([_hits(mesh, (sx * x, y, 40.0), (sx * x, y, -40.0))[:, 2].max()
                     for x in np.arange(6.0, 12.01, 0.5)])


@pytest.mark.parametrize("side", SIDES)
def test_atlas_anterior_arch_sweeps_up_into_the_lateral_mass(spine, side):
    """Seen from the front-oblique, the anterior arch's upper border runs up into the front of the lateral mass in a
    smooth curve, as on a dry atlas (read off views such as Gray 1918's; special.ANTERIOR_ARCH_SWEEP, a modelling
    value), not in a corner: through the arch (level with the facet for the dens front to back, or up to 1 mm behind
    it) the upper border rises by no more than 5 mm within any 1 mm across, 6-12 mm from the midline (s20: 8.4-10.2
    mm, a step from the 6 mm bar up to the mass's top; now 2.8-4.3 mm, the rest of the climb spread over 5 mm)."""
    mesh, lm = spine.bones["C1"], spine.landmarks["C1"]
    sx = 1.0 if side == "right" else -1.0
    fy = lm["dens_facet"][1]
    steps = {dy: float(np.max(t[2:] - t[:-2])) for dy in (-1.0, -0.5, 0.0)
             for t in [_arch_top_toward_the_mass(mesh, sx, fy + dy)]}
    assert max(steps.values()) <= 5.0, (side, {k: round(v, 2) for k, v in steps.items()})


# --- Session 21 (c2d, issue 10): C2's superior facet from the left, set on a rounded shoulder.


@pytest.mark.parametrize("side", SIDES)
def test_c2_superior_facet_rounds_over_into_the_front_from_the_left(spine, side):
    """Seen from the side, the top of the axis's lateral mass rises from the superior facet's front edge to its
    middle and rounds over into the front of the bone as a low shoulder (Gray 1918, "The Epistropheus"): on the
    outline of the bone 12-30 mm from the midline, 1 mm inside its front end (its foremost point 0-14 mm high), the
    top lies >= 5.0 mm below the top over the facet's centre. Session 20/21 (s21): 4.3 mm, the facet set on a flat
    plate whose front end met the front of the bone in a square corner; now 5.4 mm (special.C2_ROLL, a modelling
    value)."""
    mesh, sx = spine.bones["C2"], (1.0 if side == "right" else -1.0)
    c = np.array(spine.landmarks["C2"][f"superior_facet_{side}"])
    ahead = [_hits(mesh, (sx * x, 30.0, z), (sx * x, -10.0, z))[:, 1]
             for x in np.arange(12.0, 30.01, 0.5) for z in np.arange(0.0, 14.01, 0.25)]
    front = max(float(a.max()) for a in ahead if len(a))
    drop = _side_top(mesh, sx, c[1]) - _side_top(mesh, sx, front - 1.0)
    assert drop >= 5.0, (side, round(front, 2), round(drop, 2))


# --- Session 21 (c2e, issue 10): the foramen transversarium's mouth from the side -----------------------------


def _segment_distance(q: np.ndarray, a: np.ndarray, b: np.ndarray) -> float:
    ab = b - a
    t = float(np.clip((q - a) @ ab / (ab @ ab), 0.0, 1.0))
    return float(np.linalg.norm(q - (a + t * ab)))


def _canal_wall_seen_from_the_side(mesh, lm, side: str, sx: float, res: float = 0.25) -> float:
    """Seen from its own side (rays square to the sagittal plane round the foramen's course), the area (mm²) of
    pixels whose first bone is the wall of the foramen transversarium itself (within special.C2_FORAMEN_R + 0.3 mm
    of its course, entry-bend-exit as the landmarks give it): how much of the canal's inside shows as an open mouth."""
    mid, bend = np.array(lm[f"transverse_foramen_{side}"]), np.array(lm[f"transverse_foramen_bend_{side}"])
    exit_, entry = np.array(lm[f"transverse_foramen_exit_{side}"]), 2 * mid - bend
    seen = 0
    for z in np.arange(bend[2] - 8.0, exit_[2] + 10.0, res):
        for y in np.arange(bend[1] - 10.0, bend[1] + 10.0, res):
            h = _hits(mesh, (sx * 40.0, y, z), (0.0, y, z))
            if len(h):
                q = h[np.argmax(sx * h[:, 0])]
                gap = min(_segment_distance(q, entry, bend), _segment_distance(q, bend, exit_))
                seen += gap < special.C2_FORAMEN_R + 0.3
    return seen * res * res


def test_c2_foramen_mouth_is_mostly_hidden_from_the_side(spine):
    """From the left (and the right) the mouth of the axis's foramen transversarium should be mostly hidden under
    the superior facet's overhang and behind the transverse process (Gray 1918, "The Epistropheus": the foramen
    directed up and out beneath the facet), not an open oval in the side: <= 10 mm² of the canal's own wall seen
    from the side. s21: 31.2 / 31.1 mm² (left / right), an oval about 4.5 x 7.5 mm; s22 (c2f, the canal walled in by
    the transverse process's root, special.C2_FORAMEN_WALL): 16.4 / 16.5 mm², a smaller mouth under the facet's rim,
    held as a strict xfail; s23 (c12_23: the canal's last part turned up and back to open at the back of the lateral
    mass under the facet's posterolateral rim, the wall carried up beside it): 7.8 / 7.6 mm², a slit from the side."""
    mesh, lm = spine.bones["C2"], spine.landmarks["C2"]
    seen = {side: _canal_wall_seen_from_the_side(mesh, lm, side, sx) for side, sx in (("left", -1.0), ("right", 1.0))}
    assert max(seen.values()) <= 10.0, {k: round(v, 1) for k, v in seen.items()}


# --- Session 22 (c2f, issue 10): the foramen transversarium walled in by bone up to its mouth ----------------------


def _open_directions(mesh, q: np.ndarray, run: np.ndarray, reach: float, n: int = 24) -> int:
    """How many of ``n`` directions square to ``run`` from ``q`` meet no bone within ``reach`` mm."""
    a = np.cross(run, (0.0, 1.0, 0.0))
    a /= np.linalg.norm(a)
    b = np.cross(run, a)
    return sum(not len(_hits(mesh, q, q + reach * (np.cos(t) * a + np.sin(t) * b)))
               for t in np.linspace(0.0, 2 * np.pi, n, endpoint=False))


@pytest.mark.parametrize("side", SIDES)
def test_c2_foramen_transversarium_is_walled_in_up_to_its_mouth(spine, side):
    """The axis's foramen transversarium is a canal through bone, its lateral wall the small transverse process's root,
    opening up and out beneath the superior facet (Gray 1918, "The Epistropheus"), not a trench open along the side:
    from its bend to 3 mm short of its exit (the landmarks), every point of the course has bone all round it within
    special.C2_FORAMEN_R + 1.5 mm (24 directions square to the course). s21: open toward the side and down over 3-9
    of 24 directions from 7 mm past the bend to 3 mm short of the exit (the side of the bone lay inside the canal's
    lateral edge, a trench); s22 (c2f, special.C2_FORAMEN_WALL, modelling values): closed all round."""
    mesh, lm = spine.bones["C2"], spine.landmarks["C2"]
    bend, exit_ = np.array(lm[f"transverse_foramen_bend_{side}"]), np.array(lm[f"transverse_foramen_exit_{side}"])
    run = (exit_ - bend) / np.linalg.norm(exit_ - bend)
    reach = special.C2_FORAMEN_R + 1.5
    gaps = {round(float(k), 1): _open_directions(mesh, bend + k * run, run, reach)
            for k in np.arange(0.0, np.linalg.norm(exit_ - bend) - 2.99, 0.5)}
    assert max(gaps.values()) == 0, (side, {k: v for k, v in gaps.items() if v})


# --- Session 23 (c12_23, issue 10): the dens waisted at its neck and tapering to a blunt point ----------------------


def _dens_widths(spine, heights) -> np.ndarray:
    """Widths (x, through the middle of its midline section) of the dens at heights over the C2 upper endplate."""
    mesh, lm = spine.bones["C2"], spine.landmarks["C2"]
    return np.array([_dens_width(mesh, lm, float(z)) for z in heights])


def test_dens_is_waisted_at_its_neck_and_tapers_to_a_blunt_point_from_the_front(spine):
    """Seen from the front, the dens is slightly constricted at its neck, widest a little above it, and tapers over
    its upper part to a blunt point (Gray 1918, "The Epistropheus"), not a straight peg under a round cap: its least
    width 3-4.5 mm over C2's upper endplate (the neck, where it leaves the body) is 0.3-1.5 mm less than its
    greatest width 5-11 mm over it (the articular body); 4 mm under the apex it is <= 0.9 of that greatest width,
    and 1 mm under the apex <= 0.5 of it (a dome as wide as the dens, a round cap, is 0.61 there).
    s22: neck 9.57 mm, as wide as the articular body (9.58); 4 mm under the apex 9.60 (1.00); 1 mm under 6.02
    (0.63): a cylinder from 3 to 15.6 mm over the endplate under a squat dome. s23 (c12_23, special.DENS_WAIST,
    DENS_FULL_TO, DENS_APEX): neck 8.69, widest 9.60; 8.41 (0.88) and 4.30 (0.45) under the apex."""
    lm = spine.landmarks["C2"]
    top, tip = _c2_top(lm), np.array(spine.landmarks["C2"]["dens_tip"])
    apex = _vertical_extent(spine.bones["C2"], 0.0, tip[1])[1] - top
    neck = float(_dens_widths(spine, np.arange(3.0, 4.51, 0.25)).min())
    widest = float(_dens_widths(spine, np.arange(5.0, 11.01, 0.5)).max())
    below4, below1 = _dens_widths(spine, (apex - 4.0, apex - 1.0))
    seen = dict(neck=round(neck, 2), widest=round(widest, 2), below4=round(below4 / widest, 3),
                below1=round(below1 / widest, 3), apex=round(apex, 2))
    assert 0.3 <= widest - neck <= 1.5, seen
    assert below4 <= 0.9 * widest and below1 <= 0.5 * widest, seen


# --- Session 24 (upper24b, issue 10): C2's lateral mass from the left, a rounded side, not one flat face -------------

# Where the lateral mass's side is read from the left (mm in C2's frame): front to back over the foramen's wall and the
# notch behind it, at heights from 2 mm under to 2 mm over the frame's origin (under the superior facet's rim).
MASS_SIDE_Y = (-13.0, -3.0)
MASS_SIDE_Z = (-2.0, -1.0, 0.0, 1.0, 2.0)
# The side's border counts as its crown where it lies within this much (mm) of its most lateral point.
MASS_CROWN_BAND = 0.25
# ... and it must fall at least MIN_MASS_CROWN mm short of the crown MASS_CROWN_REACH mm ahead and behind (the
# chord's mean): a side convex front to back, modelling value after Gray 1918 ("The Epistropheus": the lateral mass's
# side rounded, sloping down and out to the small transverse process).
MASS_CROWN_REACH = 2.0
MIN_MASS_CROWN = 0.45
# Behind the crown the border may fall no more than this (mm) within any 1 mm front to back (no step into a notch).
MAX_MASS_STEP = 2.2


def _mass_side_profile(mesh, sx: float, z: float, res: float = 0.25) -> tuple[np.ndarray, np.ndarray]:
    """From the left (sx -1) or the right, C2's lateral border at height ``z``: how far from the midline the first bone
    met by rays square to the sagittal plane lies, at each front-to-back position over MASS_SIDE_Y."""
    ys = np.arange(MASS_SIDE_Y[0], MASS_SIDE_Y[1] + 0.01, res)
    reach = []
    for y in ys:
        h = _hits(mesh, (sx * 40.0, y, z), (0.0, y, z))
        reach.append(float(np.abs(h[:, 0]).max()) if len(h) else 0.0)
    return ys, np.array(reach)


def _mass_side_figures(mesh, sx: float, z: float) -> tuple[float, float, float]:
    """The side's crown over its chord (MASS_CROWN_REACH either side of the crown's middle), the crown's length front
    to back (within MASS_CROWN_BAND of the most lateral point) and the steepest fall within 1 mm behind it (mm)."""
    ys, b = _mass_side_profile(mesh, sx, z)
    top = b >= b.max() - MASS_CROWN_BAND
    mid = 0.5 * (ys[top].min() + ys[top].max())
    at = np.interp([mid - MASS_CROWN_REACH, mid, mid + MASS_CROWN_REACH], ys, b)
    crown = float(at[1] - 0.5 * (at[0] + at[2]))
    behind = b[ys <= mid]
    n = round(1.0 / (ys[1] - ys[0]))
    step = float(np.max(behind[n:] - behind[:-n]))
    return crown, float(top.sum() * (ys[1] - ys[0])), step


@pytest.mark.parametrize("side", SIDES)
def test_c2_lateral_mass_side_is_rounded_from_the_left(spine, side):
    """From the left (and the right) the side of C2's lateral mass under the superior facet is rounded, convex front to
    back, sloping away behind into the notch over the inferior process, not one flat face with a step behind it: at
    each height in MASS_SIDE_Z the border stands >= MIN_MASS_CROWN mm proud of the chord MASS_CROWN_REACH mm ahead and
    behind the crown's middle, and behind the crown falls <= MAX_MASS_STEP mm within any 1 mm (special.C2_MASS_CROWN,
    C2_MASS_BACK_FILLET; modelling values after Gray 1918, "The Epistropheus"). Session 23: the foramen wall's flat
    outer face at 25.5 mm over 4.25-5.0 mm front to back, crown 0.11-0.19 mm, a step of 2.90-3.47 mm within 1 mm
    behind (failing); now crown 0.62-0.83 mm over 2.0-2.5 mm, steps <= 1.95 mm (left / right alike)."""
    mesh, sx = spine.bones["C2"], (-1.0 if side == "left" else 1.0)
    figures = {z: _mass_side_figures(mesh, sx, z) for z in MASS_SIDE_Z}
    shown = {z: tuple(round(v, 2) for v in f) for z, f in figures.items()}
    assert min(f[0] for f in figures.values()) >= MIN_MASS_CROWN, (side, shown)
    assert max(f[2] for f in figures.values()) <= MAX_MASS_STEP, (side, shown)


# --- Session 24 (upper24c, issue 10): C1's foot from behind, its rim blunt under the foramen ----------------------

# The foot's margin behind and lateral to the inferior facet: directions in the facet's plane, degrees from lateral
# toward the back (below the foramen transversarium's lower opening and the hollow behind the mass).
FOOT_RIM_DIRECTIONS = (15.0, 30.0, 45.0, 60.0, 75.0)
# The part of each section's outline that is the foot's margin: mm out from the facet's centre (in its plane) and up
# from it (into the bone); the hollow's floor over the foot lies 3.6-4.7 mm up.
FOOT_RIM_OUT, FOOT_RIM_UP = (4.0, 14.0), (-3.0, 3.5)
# Over any FOOT_RIM_ARC mm of that outline the surface may turn (convex) by at most MAX_FOOT_RIM_TURN_DEG: a roll of
# at least 1.5 / radians(65) = 1.3 mm radius. s24: 72-84 degrees (the margin a wall 1-2 mm tall between two tight
# corners); now 47-62.
FOOT_RIM_ARC = 1.5
MAX_FOOT_RIM_TURN_DEG = 65.0


def _convex_turn(q: np.ndarray, keep, arc: float, step: float = 0.05) -> float:
    """The most the closed outline ``q`` (n, 2) turns outward (convex, degrees) over ``arc`` mm of its length, at
    points where ``keep(point)`` holds; chords 0.6 mm long give the directions (smoothing the mesh's facets)."""
    mid, turn = _outline_turn_along(q, arc, step)
    ok = keep(mid)
    return float(turn[ok].max()) if ok.any() else float("nan")


def _outline_turn_along(q: np.ndarray, arc: float, step: float = 0.05) -> tuple[np.ndarray, np.ndarray]:
    """Points along the closed outline ``q`` (n, 2) every ``step`` mm and how far it turns outward there (degrees,
    convex > 0, concave < 0) over ``arc`` mm of its length (see ``_convex_turn``)."""
    s = np.concatenate([[0.0], np.cumsum(np.linalg.norm(np.diff(q, axis=0), axis=1))])
    ss = np.arange(0.0, s[-1], step)
    p = np.column_stack([np.interp(ss, s, q[:, 0]), np.interp(ss, s, q[:, 1])])
    area = 0.5 * np.sum(q[:-1, 0] * q[1:, 1] - q[1:, 0] * q[:-1, 1])  # > 0: anticlockwise, the bone on the left
    t, w = round(0.3 / step), round(0.5 * arc / step)
    chord = p[2 * t:] - p[:-2 * t]
    ang = np.arctan2(chord[:, 1], chord[:, 0])  # direction at p[t:-t]
    turn = np.sign(area) * np.degrees((ang[2 * w:] - ang[:-2 * w] + np.pi) % (2 * np.pi) - np.pi)
    return p[t + w:len(p) - t - w], turn


def _foot_rim_turn(spine, side: str, deg: float) -> float:
    """The sharpest convex turn of the foot's margin in the section of C1 through the inferior facet's centre along
    its normal and the direction ``deg`` from lateral toward the back (see FOOT_RIM_*)."""
    mesh, lm = spine.bones["C1"], spine.landmarks["C1"]
    c, n = np.array(lm[f"inferior_facet_{side}"]), np.array(lm[f"inferior_facet_{side}_normal"])
    sx = 1.0 if side == "right" else -1.0
    lateral = np.array([sx, 0.0, 0.0]) - n * sx * n[0]
    lateral /= np.linalg.norm(lateral)
    back = np.array([0.0, -1.0, 0.0]) + n * n[1] + lateral * lateral[1]
    back /= np.linalg.norm(back)
    d = math.cos(math.radians(deg)) * lateral + math.sin(math.radians(deg)) * back
    sec = mesh.slice(normal=np.cross(n, d), origin=c).strip(join=True, max_length=1_000_000)

    def keep(rh):
        return ((rh[:, 0] > FOOT_RIM_OUT[0]) & (rh[:, 0] < FOOT_RIM_OUT[1])
                & (rh[:, 1] > FOOT_RIM_UP[0]) & (rh[:, 1] < FOOT_RIM_UP[1]))

    turns = []
    for i in range(sec.n_cells):
        p = np.asarray(sec.points)[sec.get_cell(i).point_ids]
        rh = np.column_stack([(p - c) @ d, -(p - c) @ n])
        if len(rh) > 10 and np.linalg.norm(rh[0] - rh[-1]) < 1e-3 and keep(rh).sum() >= 3:
            turns.append(_convex_turn(rh, keep, FOOT_RIM_ARC))
    assert turns, (side, deg, "no outline of the foot's margin in the section")
    return max(turns)


@pytest.mark.parametrize("side", SIDES)
def test_atlas_foot_rim_is_blunt_from_behind(spine, side):
    """Seen from behind, the margin of C1's inferior facet under the foramen transversarium and the hollow behind the
    mass is blunt and the mass's surface rolls over into it (Gray 1918, "The Atlas"; special.FOOT_BEAD_*, modelling
    values), not a sharp edge: in sections through the facet's centre along its normal, FOOT_RIM_DIRECTIONS from
    lateral toward the back, the outline of the foot's margin turns by at most MAX_FOOT_RIM_TURN_DEG over any
    FOOT_RIM_ARC mm (s24: 72-84 degrees; now 47-62)."""
    turns = {deg: round(_foot_rim_turn(spine, side, deg), 1) for deg in FOOT_RIM_DIRECTIONS}
    assert max(turns.values()) <= MAX_FOOT_RIM_TURN_DEG, (side, turns)


# --- Session 25 (upper25, issue 10): C1's lateral mass a rounded block, not an upright prism.

# The chord over which an outline's turn is measured (mm): a corner rounded less than about this reads as square at
# the review's sizes.
MASS_CORNER_ARC = 2.0
# The sagittal sections through the top-front corner: mm lateral of the superior facet's centre (the cup's front horn
# and its lateral lip, within the mass's upright front wall); and what part of each is the corner: from this far
# ahead of the facet's centre (mm) and from this far under it (mm).
TOP_FRONT_SECTIONS = (0.2, 1.2, 2.2, 3.2)
TOP_FRONT_AHEAD, TOP_FRONT_UNDER = 4.0, 3.0
MAX_TOP_FRONT_TURN_DEG = 58.0
# The horizontal sections through the lateral face: at these fractions of the mass's height (from the inferior
# facet's centre to the superior's; at half height the transverse process's root joins the face, so not there), the
# part lateral of the facet's centre by this much (mm), from ahead of the foramen transversarium's front to the
# front of the mass (mm ahead of the superior facet's centre) and this far from the foramen's axis (mm).
LATERAL_FACE_HEIGHTS = (0.25, 0.75)
LATERAL_FACE_OUT = 2.2
LATERAL_FACE_AHEAD = (1.2, 9.7)
LATERAL_FACE_CLEAR_OF_FORAMEN = 4.0
MAX_LATERAL_FACE_TURN_DEG = 45.0


def _outline_turns(mesh, origin, normal, to_plane, keep) -> list[float]:
    """The sharpest convex turn (degrees over MASS_CORNER_ARC mm) of each closed outline of the section of ``mesh``
    through ``origin`` square to ``normal`` that has points where ``keep`` holds; ``to_plane`` maps the outline's
    3D points (n, 3) to the section's 2D coordinates."""
    sec = mesh.slice(normal=normal, origin=origin).strip(join=True, max_length=1_000_000)
    turns = []
    for i in range(sec.n_cells):
        q = to_plane(np.asarray(sec.points)[sec.get_cell(i).point_ids])
        if len(q) > 10 and np.linalg.norm(q[0] - q[-1]) < 1e-3 and keep(q).sum() >= 3:
            turns.append(round(_convex_turn(q, keep, MASS_CORNER_ARC), 1))
    return turns


@pytest.mark.parametrize("side", SIDES)
def test_atlas_lateral_mass_top_front_corner_is_rounded_from_the_side(spine, side):
    """Seen from the left a dry atlas's lateral mass is a thick, rounded block (Gray 1918, "The Atlas"): its upright
    walls turn over into the rim of the superior facet, with no square top-front corner
    (special.LATERAL_MASS_DOME, a modelling value). In sagittal sections through the front horn and the lateral lip of
    the cup (TOP_FRONT_SECTIONS), the outline's top-front corner (TOP_FRONT_AHEAD ahead of the facet's centre and
    above TOP_FRONT_UNDER under it) turns by at most MAX_TOP_FRONT_TURN_DEG over MASS_CORNER_ARC mm.
    Main before session 25: 69-79 degrees (the walls ruled straight up to the cup's cut); now 44-53."""
    mesh, c = spine.bones["C1"], np.array(spine.landmarks["C1"][f"superior_facet_{side}"])
    sx = np.sign(c[0])

    def keep(q):
        return (q[:, 0] > c[1] + TOP_FRONT_AHEAD) & (q[:, 1] > c[2] - TOP_FRONT_UNDER)

    turns = {dx: _outline_turns(mesh, c + (sx * dx, 0.0, 0.0), (1.0, 0.0, 0.0), lambda p: p[:, 1:], keep)
             for dx in TOP_FRONT_SECTIONS}
    assert all(turns.values()), (side, turns)
    assert max(max(t) for t in turns.values()) <= MAX_TOP_FRONT_TURN_DEG, (side, turns)


@pytest.mark.parametrize("side", SIDES)
def test_atlas_lateral_mass_has_no_upright_edge_on_its_lateral_face(spine, side):
    """A dry atlas's lateral mass is rounded on its outer side (Gray 1918, "The Atlas"), not a prism whose lateral face
    meets its front at an upright edge (seen front-oblique, a drum): in horizontal sections at LATERAL_FACE_HEIGHTS of
    the mass's height, the front part of its lateral face (LATERAL_FACE_*, clear of the foramen transversarium) turns
    by at most MAX_LATERAL_FACE_TURN_DEG over MASS_CORNER_ARC mm (special.LATERAL_MASS_WAIST_FROM/_RAMP, modelling
    values). Main before session 25: 60-62 degrees at one quarter, 57-60 at three quarters (where the waist for the
    vertebral artery ended over 3 mm); now 32-35 and 18-26. The mass's outline from above is unchanged there: the
    facet and ring measures (the superior facet's size and cup, the oval from above, the canal) hold as before."""
    lm = spine.landmarks["C1"]
    mesh, c = spine.bones["C1"], np.array(lm[f"superior_facet_{side}"])
    low, fx = np.array(lm[f"inferior_facet_{side}"]), np.array(lm[f"transverse_foramen_{side}"])
    sx = np.sign(c[0])

    def keep(q):
        return ((sx * q[:, 0] > sx * c[0] + LATERAL_FACE_OUT) & (q[:, 1] > c[1] + LATERAL_FACE_AHEAD[0])
                & (q[:, 1] < c[1] + LATERAL_FACE_AHEAD[1])
                & (np.hypot(q[:, 0] - fx[0], q[:, 1] - fx[1]) > LATERAL_FACE_CLEAR_OF_FORAMEN))

    turns = {f: _outline_turns(mesh, (0.0, 0.0, low[2] + f * (c[2] - low[2])), (0.0, 0.0, 1.0),
                               lambda p: p[:, :2], keep) for f in LATERAL_FACE_HEIGHTS}
    assert all(turns.values()), (side, turns)
    assert max(max(t) for t in turns.values()) <= MAX_LATERAL_FACE_TURN_DEG, (side, turns)


# --- Session 27 (c1_27, issue 10): C1's lateral mass is no drum from the front-oblique; a smooth anterior tubercle.

# The vertical sections through the superior facet's centre in which the front-lateral wall is measured (degrees from
# straight ahead toward the lateral side), and the heights between which (mm over the inferior facet's centre, mm over
# the superior facet's centre: the foot and the rim) its outline is compared with the straight line joining them.
WALL_SECTIONS_DEG = (30.0, 45.0)
WALL_FOOT_OVER_INFERIOR, WALL_RIM_OVER_SUPERIOR = 1.0, 2.0
MIN_WALL_BULGE_MM = 0.8


def _wall_bulge(mesh, c: np.ndarray, low: np.ndarray, deg: float) -> float:
    """How far (mm) the lateral mass's outer wall stands outside the straight line from its foot to its rim in the
    vertical section through ``c`` (the superior facet's centre) along the direction ``deg`` from straight ahead toward
    the lateral side: the outermost bone every 0.25 mm of height, seen from 40 mm out along that direction."""
    sx, a = np.sign(c[0]), math.radians(deg)
    d = np.array([sx * math.sin(a), math.cos(a), 0.0])
    z0, z1 = low[2] + WALL_FOOT_OVER_INFERIOR, c[2] + WALL_RIM_OVER_SUPERIOR
    zs = np.arange(z0, z1 + 1e-6, 0.25)
    r = []
    for z in zs:
        o = np.array([c[0], c[1], z])
        h = _hits(mesh, o + 40.0 * d, o)
        r.append(float(((h - o) @ d).max()) if len(h) else float("nan"))
    r = np.array(r)
    return float(np.nanmax(r - (r[0] + (r[-1] - r[0]) * (zs - z0) / (z1 - z0))))


@pytest.mark.parametrize("side", SIDES)
def test_atlas_lateral_mass_wall_is_rounded_from_foot_to_rim(spine, side):
    """A dry atlas's lateral mass is a thick, rounded block (Gray 1918, "The Atlas"), not a drum: its outer wall
    curves from the inferior facet's margin out and up to the superior facet's rim. In the vertical sections through
    the superior facet's centre WALL_SECTIONS_DEG from straight ahead (the face seen from the front-oblique), the wall
    stands >= MIN_WALL_BULGE_MM outside the straight line from its foot (WALL_FOOT_OVER_INFERIOR over the inferior
    facet's centre) to its rim (WALL_RIM_OVER_SUPERIOR over the superior facet's centre) (special.LATERAL_MASS_BULGE,
    a modelling value). Main before session 27: 0.03-0.06 mm (a straight, ruled wall); session 27: 1.2; session 30:
    0.9 (the rounded lip, special.LATERAL_LIP_*, carries the rim end of the chord out).
    Straight ahead and laterally the wall keeps its outline: the side's taper and the wedge from the front (tests above)
    hold it there."""
    lm = spine.landmarks["C1"]
    c, low = np.array(lm[f"superior_facet_{side}"]), np.array(lm[f"inferior_facet_{side}"])
    bulges = {deg: round(_wall_bulge(spine.bones["C1"], c, low, deg), 2) for deg in WALL_SECTIONS_DEG}
    assert min(bulges.values()) >= MIN_WALL_BULGE_MM, (side, bulges)


# Horizontal sections through the anterior tubercle (mm over and under its centre), the part of them measured (within
# this far of the midline, and this far behind the tubercle's front), and the sharpest concave turn allowed there.
TUBERCLE_SECTIONS = (-1.8, 0.0, 1.7)
TUBERCLE_HALF_WIDTH, TUBERCLE_DEPTH = 10.0, 7.0
MAX_TUBERCLE_NECK_TURN_DEG = 45.0


def test_atlas_anterior_tubercle_rises_smoothly_from_the_arch(spine):
    """The anterior tubercle is a smooth, rounded prominence on the front of the anterior arch (Gray 1918, "The
    Atlas"), not a knob set on it: in horizontal sections through it (TUBERCLE_SECTIONS), the front of the arch within
    TUBERCLE_HALF_WIDTH of the midline turns inward (concave, where the tubercle meets the arch) by at most
    MAX_TUBERCLE_NECK_TURN_DEG over MASS_CORNER_ARC mm (special.ANTERIOR_TUBERCLE_BLEND, a modelling value). Main
    before session 27: 54-75 degrees (from above a knob on a neck); now 32-37."""
    mesh, tub = spine.bones["C1"], np.array(spine.landmarks["C1"]["anterior_tubercle"])

    def keep(q):
        return (np.abs(q[:, 0]) < TUBERCLE_HALF_WIDTH) & (q[:, 1] > tub[1] - TUBERCLE_DEPTH)

    necks = {}
    for dz in TUBERCLE_SECTIONS:
        sec = mesh.slice(normal=(0.0, 0.0, 1.0), origin=tub + (0.0, 0.0, dz)).strip(join=True, max_length=1_000_000)
        for i in range(sec.n_cells):
            q = np.asarray(sec.points)[sec.get_cell(i).point_ids][:, :2]
            if len(q) > 10 and np.linalg.norm(q[0] - q[-1]) < 1e-3 and keep(q).sum() >= 3:
                mid, turn = _outline_turn_along(q, MASS_CORNER_ARC)
                ok = keep(mid)
                necks[dz] = round(float(-turn[ok].min()), 1) if ok.any() else float("nan")
    assert len(necks) == len(TUBERCLE_SECTIONS), necks
    assert max(necks.values()) <= MAX_TUBERCLE_NECK_TURN_DEG, necks


# --- Session 29 (atlas29, issue 10): C1's anterior arch no thin rod under a ball; the transverse process's root slopes.

# Where the anterior arch's height is compared with its height at the tubercle (mm either side of the midline), and
# the least fraction of it allowed there [M].
ARCH_BESIDE_TUBERCLE_X = 6.0
MIN_ARCH_BESIDE_TUBERCLE = 0.75


def _arch_height_from_the_front(mesh, tub: np.ndarray, x: float) -> float:
    """The anterior arch's height (mm) seen from the front at ``x``: its tallest vertical section within 9 mm behind
    the tubercle's front, every 0.25 mm front to back."""
    best = 0.0
    for y in np.arange(tub[1] - 9.0, tub[1] + 1.0, 0.25):
        z = _hits(mesh, (x, y, 20.0), (x, y, -20.0))[:, 2]
        if len(z):
            best = max(best, float(np.ptp(z)))
    return best


def test_atlas_anterior_arch_is_tall_beside_its_tubercle(spine):
    """Seen from the front the anterior arch is a curved bar, convex in front with the tubercle at its centre (Gray
    1918, "The Atlas") and stouter than the posterior arch (Wilson 1854, "The Atlas"), not a ball on a thin rod: at
    ARCH_BESIDE_TUBERCLE_X either side of the midline the arch stands >= MIN_ARCH_BESIDE_TUBERCLE of its height at the
    tubercle (special.ANTERIOR_ARCH_SIDE_HALF, a modelling value). Main before session 29: 0.66 (7.3 of 11.0 mm);
    now 0.81."""
    mesh, tub = spine.bones["C1"], np.array(spine.landmarks["C1"]["anterior_tubercle"])
    middle = _arch_height_from_the_front(mesh, tub, 0.0)
    beside = {x: round(_arch_height_from_the_front(mesh, tub, x) / middle, 3)
              for x in (-ARCH_BESIDE_TUBERCLE_X, ARCH_BESIDE_TUBERCLE_X)}
    assert min(beside.values()) >= MIN_ARCH_BESIDE_TUBERCLE, (round(middle, 2), beside)


# Session 32 (atlas32, issue 10) [M]: the stricter figure for a bar that thickens gradually into a low tubercle.
MIN_ARCH_BESIDE_TUBERCLE_GRADUAL = 0.88


def test_atlas_anterior_arch_thickens_gradually_into_its_tubercle(spine):
    """Seen from the front the anterior arch is a gently curved bar that thickens toward the middle into a low, rounded
    tubercle blended into it (Gray 1918, "The Atlas"), not an egg set in a thin bar: at ARCH_BESIDE_TUBERCLE_X either
    side of the midline the arch stands >= MIN_ARCH_BESIDE_TUBERCLE_GRADUAL of its height at the tubercle
    (special.ANTERIOR_ARCH_SIDE_HALF, ANTERIOR_TUBERCLE_SPREAD and ANTERIOR_TUBERCLE_KNOB, modelling values). Main
    before session 32: 0.81; now 0.92."""
    mesh, tub = spine.bones["C1"], np.array(spine.landmarks["C1"]["anterior_tubercle"])
    middle = _arch_height_from_the_front(mesh, tub, 0.0)
    beside = {x: round(_arch_height_from_the_front(mesh, tub, x) / middle, 3)
              for x in (-ARCH_BESIDE_TUBERCLE_X, ARCH_BESIDE_TUBERCLE_X)}
    assert min(beside.values()) >= MIN_ARCH_BESIDE_TUBERCLE_GRADUAL, (round(middle, 2), beside)


# Session 33 (atlas33, issue 10) [M]: seen from the front, the front face of the anterior arch (the bone within
# ARCH_FRONT_FACE_DEPTH mm of the most forward bone at that distance from the midline), where the arch meets the lateral
# masses (ARCH_FRONT_FACE_X mm either side), and the least fraction of its height at the midline allowed there.
ARCH_FRONT_FACE_DEPTH = 2.0
ARCH_FRONT_FACE_X = (8.0, 8.5, 9.0)
MIN_ARCH_FRONT_FACE = 0.75


def _arch_front_face_height(mesh, tub: np.ndarray, x: float) -> float:
    """Seen from the front at ``x``: the height (mm) over which the first bone met by rays running back (0.2 mm apart,
    from 20 mm in front of the anterior tubercle to 12 mm behind it) lies within ARCH_FRONT_FACE_DEPTH of the most
    forward bone met at that ``x``."""
    zs = np.arange(tub[2] - 12.0, tub[2] + 14.0, 0.2)
    first = np.array([max(_hits(mesh, (x, tub[1] + 20.0, z), (x, tub[1] - 12.0, z))[:, 1], default=-np.inf)
                      for z in zs])
    face = zs[first >= first.max() - ARCH_FRONT_FACE_DEPTH]
    return float(face.max() - face.min())


def test_atlas_anterior_arch_front_is_a_bar_into_the_lateral_masses(spine):
    """Seen from the front the anterior arch is a curved bar between the lateral masses with the tubercle a low
    prominence on the middle of its front (Gray 1918, "The Atlas"), not an egg-shaped swelling on a thin bar: where it
    meets the masses (ARCH_FRONT_FACE_X either side of the midline) its front face stands >= MIN_ARCH_FRONT_FACE of its
    height at the midline (special.ANTERIOR_TUBERCLE_SPREAD and ANTERIOR_ARCH_EDGE, modelling values). Main before
    session 33: 0.54-0.60 (5.2-5.8 of 9.6 mm, the tubercle's swelling alone standing forward); now 0.78-0.84."""
    mesh, tub = spine.bones["C1"], np.array(spine.landmarks["C1"]["anterior_tubercle"])
    middle = _arch_front_face_height(mesh, tub, 0.0)
    beside = {sx * x: round(_arch_front_face_height(mesh, tub, sx * x) / middle, 2)
              for x in ARCH_FRONT_FACE_X for sx in (-1.0, 1.0)}
    assert min(beside.values()) >= MIN_ARCH_FRONT_FACE, (round(middle, 2), beside)


# How far (mm) the lateral border, seen from the front, must stand outside the lip half-way down from the lip to the
# transverse process's upper surface [M], and the lip's height over the superior facet's centre.
MIN_ROOT_SLOPE_OUT = 1.0
LIP_OVER_SUPERIOR = 2.0


def _front_silhouette_border(mesh, sx: float, z: float) -> float:
    """How far from the midline (mm) bone reaches at height ``z`` seen from the front (rays front to back, 0.25 mm
    apart, over the whole depth of the atlas)."""
    for x in np.arange(40.0, 10.0, -0.25):
        if len(_hits(mesh, (sx * x, 40.0, z), (sx * x, -40.0, z))):
            return float(x)
    return float("nan")


@pytest.mark.parametrize("side", SIDES)
def test_atlas_transverse_root_slopes_down_and_out_from_the_lip_from_the_front(spine, side):
    """Seen from the front, the atlas's transverse process springs from the lateral mass and runs out and down to its
    tip, the foramen in its root (Gray 1918, "The Atlas"), so the outline falls from the superior facet's lateral lip
    out to the process with no upright wall of the mass between them (special.TRANSVERSE_ROOT_*, modelling values):
    half-way down from the lip (LIP_OVER_SUPERIOR over the superior facet's centre) to the process's upper surface
    (the highest level at which the outline reaches within 2 mm of the tip), the border stands >= MIN_ROOT_SLOPE_OUT
    outside its place at the lip. Main before session 29: 1.0-1.2 mm inside it (an upright wall 7 mm tall over a level
    process, a knob stuck on a drum); now 1.75 outside."""
    mesh, lm = spine.bones["C1"], spine.landmarks["C1"]
    c = np.array(lm[f"superior_facet_{side}"])
    sx = np.sign(c[0])
    end = float((sx * np.asarray(mesh.points)[:, 0]).max())
    zs = np.arange(c[2] + LIP_OVER_SUPERIOR, -10.0, -0.25)
    border = np.array([_front_silhouette_border(mesh, sx, z) for z in zs])
    top = float(zs[np.nonzero(border >= end - 2.0)[0][0]])
    lip = border[0]
    half = _front_silhouette_border(mesh, sx, 0.5 * (zs[0] + top))
    assert half - lip >= MIN_ROOT_SLOPE_OUT, (side, round(float(top), 2), round(float(lip), 2), round(half, 2))


# --- Session 30 (axis30, issue 10): C2 from behind and the left: blunt broad tubercles, a groove not a pit, a blunt
# transverse process. Modelling limits [M], the shapes after Gray 1918, "The Epistropheus".

# Where each tubercle is cut square to the spine (mm inside the spine's furthest reach along its axis), and the raster
# the sections are read on (mm).
TUBERCLE_CUTS = (1.0, 2.0, 3.0, 4.0)
SECTION_RES = 0.2
# A tubercle's section 1 mm inside the spine's end over its section 4 mm inside: a rounded (ellipsoidal) end gives about
# 0.35 (main before session 30: 0.30); a broad, flattened, blunt end keeps more of its section to the end [M].
MIN_TUBERCLE_END_KEPT = 0.45
# ... and the mean, over the cuts 1-3 mm inside the end, of how much of its box (along its own long and short axes) the
# section fills: an ellipse fills at most pi/4 (0.785; main read 0.74 on the raster), a rounded rectangle more [M].
MIN_TUBERCLE_FILL = 0.78


def _tubercle_section(mesh, o: np.ndarray, up: np.ndarray, sx: float) -> np.ndarray:
    """The bone of one tubercle (``sx`` the side of the midline) in the plane square to C2's spine through ``o``: the
    raster points inside, as (across, up) pairs in mm."""
    import pyvista as pv

    xs = sx * np.arange(0.0, 16.0, SECTION_RES)
    hs = np.arange(-16.0, 10.0, SECTION_RES)
    across, height = np.meshgrid(xs, hs)
    pts = o + across[..., None] * np.array([1.0, 0.0, 0.0]) + height[..., None] * up
    inside = pv.PolyData(pts.reshape(-1, 3)).compute_implicit_distance(mesh)["implicit_distance"] < 0.0
    inside = inside.reshape(across.shape)
    return np.column_stack([across[inside], height[inside]])


def _section_figures(q: np.ndarray) -> tuple[float, float]:
    """A section's area (mm²) and how much of its box along its own principal axes it fills."""
    area = len(q) * SECTION_RES ** 2
    axes = np.linalg.svd(q - q.mean(axis=0), full_matrices=False)[2]
    box = np.prod(np.ptp((q - q.mean(axis=0)) @ axes.T, axis=0) + SECTION_RES)
    return float(area), float(area / box)


@pytest.mark.parametrize("sx", (1.0, -1.0))
def test_c2_bifid_tubercles_end_broad_and_blunt_not_in_balls(spine, sx):
    """From behind, each tubercle of the axis's bifid spine is broad, flattened and blunt (Gray 1918, "The
    Epistropheus": a bifid, tuberculated extremity; special.C2_TUBERCLE, C2_TUBERCLE_ROUND: modelling values), not a
    ball hanging under the plate: cut square to the spine, its section 1 mm inside the spine's end keeps
    >= MIN_TUBERCLE_END_KEPT of its section 4 mm inside, and 1-3 mm inside the end it fills on average
    >= MIN_TUBERCLE_FILL of its box. Main before session 30 (ellipsoids): 0.30 and 0.74; session 30: 0.52 and 0.81."""
    mesh = spine.bones["C2"]
    base, axis, up, _length = _spine_frame(spine)
    reach = float(((np.asarray(mesh.points) - base) @ axis).max())
    cuts = {d: _section_figures(_tubercle_section(mesh, base + (reach - d) * axis, up, sx)) for d in TUBERCLE_CUTS}
    kept = cuts[1.0][0] / cuts[4.0][0]
    fill = float(np.mean([cuts[d][1] for d in (1.0, 2.0, 3.0)]))
    assert kept >= MIN_TUBERCLE_END_KEPT and fill >= MIN_TUBERCLE_FILL, (round(kept, 3), round(fill, 3))


# How far round from straight behind (degrees, either side) the groove for the transverse ligament must still be
# found, and how deep (mm, the back inside the chord 4 mm above and below, read from the dens's axis) [M]: Gray 1918
# ("The Epistropheus") draws a groove across the back of the dens, frequently running on to its sides; an ovoid cut in
# the midline alone left an oval pit about 6 mm across, closed at its sides (main before session 30: 0.11 mm at 30
# degrees, -0.30 at 45 and 60, the back bulging there as a round peg's does).
GROOVE_ROUND_DEG = (45.0, 60.0)
MIN_GROOVE_ROUND = 0.45


def _dens_radial(mesh, lm, deg: float, dz: float) -> float:
    """How far the dens's surface lies from its (leaning) axis along a horizontal ray ``deg`` degrees round from
    straight behind, at ``dz`` mm over C2's upper endplate."""
    top = _c2_top(lm)
    c = np.array([0.0, special.DENS_Y - float(special.dens_lean(dz)), top + dz])
    a = np.radians(deg)
    out = np.array([np.sin(a), -np.cos(a), 0.0])
    return float(((_hits(mesh, c + 12.0 * out, c) - c) @ out).max())


def test_dens_groove_runs_across_its_back_not_a_pit(spine):
    """From behind the dens is a smooth peg with a groove across its back for the transverse ligament, not an oval pit
    (special.DENS_GROOVE, DENS_GROOVE_ROUND: modelling values): at the anterior facet's height, at
    GROOVE_ROUND_DEG either side of straight behind, the back lies >= MIN_GROOVE_ROUND mm inside the chord between 4 mm
    above and below. Session 30: 0.59-0.71 mm."""
    mesh, lm = spine.bones["C2"], spine.landmarks["C2"]
    z = special.DENS_FACET_Z
    dips = {}
    for deg in (*GROOVE_ROUND_DEG, *(-d for d in GROOVE_ROUND_DEG)):
        r = [_dens_radial(mesh, lm, deg, z + dz) for dz in (-4.0, 0.0, 4.0)]
        dips[deg] = round(0.5 * (r[0] + r[2]) - r[1], 2)
    assert min(dips.values()) >= MIN_GROOVE_ROUND, dips


# The transverse process seen from behind: the height of its bone 1 mm inside its tip must be at least this (mm) and
# this fraction of its height 3 mm inside [M]. The axis's transverse process is small but ends bluntly in a single
# tubercle (Gray 1918, "The Epistropheus"); main before session 30: 1.8 mm and 0.47, a pin tapering to a point.
MIN_TRANSVERSE_TIP_HEIGHT = 3.5
MIN_TRANSVERSE_TIP_KEPT = 0.75


def _transverse_height_from_behind(mesh, sx: float, x: float) -> float:
    """From behind (rays front to back), the height of the lowest run of bone ``x`` mm from the midline, under 4 mm in
    C2's frame: the transverse process's, beyond the lateral mass."""
    zs = np.arange(-16.0, 4.0, 0.1)
    hit = np.array([len(_hits(mesh, (sx * x, -60.0, z), (sx * x, 40.0, z))) > 0 for z in zs])
    if not hit.any():
        return 0.0
    first = int(np.argmax(hit))
    gap = np.nonzero(~hit[first:])[0]
    last = first + (int(gap[0]) if len(gap) else len(hit) - first)
    return float(zs[last - 1] - zs[first] + 0.1)


@pytest.mark.parametrize("sx", (1.0, -1.0))
def test_c2_transverse_process_ends_blunt_not_in_a_pin(spine, sx):
    """Seen from behind, C2's small transverse process, pointing down and out, ends bluntly (Gray 1918, "The
    Epistropheus": a single tubercle; special.C2_TRANSVERSE_TIP_END, a modelling value), not in a pin: 1 mm inside its
    outermost point its bone stands >= MIN_TRANSVERSE_TIP_HEIGHT tall and >= MIN_TRANSVERSE_TIP_KEPT of its height
    3 mm inside."""
    p = np.asarray(spine.bones["C2"].points)
    end = float((sx * p[p[:, 2] < 4.0][:, 0]).max())
    near, far = (_transverse_height_from_behind(spine.bones["C2"], sx, end - d) for d in (1.0, 3.0))
    assert near >= MIN_TRANSVERSE_TIP_HEIGHT and near >= MIN_TRANSVERSE_TIP_KEPT * far, (round(near, 2), round(far, 2))


# --- Session 30 (atlas30, issue 10): C1's superior facet's lateral rim a rounded lip, not a drum's square top edge.

# The vertical sections through the superior facet's centre in which the lip is measured (degrees from straight ahead
# toward the lateral side: the face seen from the front-oblique and the left), the part of each that is the lip's
# outer edge (further out than LIP_OUT mm from the facet's centre and higher than LIP_UNDER mm under it), and the
# sharpest turn allowed there over MASS_CORNER_ARC mm [M].
LIP_SECTIONS_DEG = (40.0, 50.0, 60.0, 70.0, 80.0)
LIP_OUT, LIP_UNDER = 6.0, 4.0
MAX_LIP_TURN_DEG = 48.0


@pytest.mark.parametrize("side", SIDES)
def test_atlas_superior_facet_lateral_rim_is_a_rounded_lip(spine, side):
    """Gray 1918 ("The Atlas") gives the superior facet's outer rim as a rounded lip over a thick, rounded lateral mass,
    not the square top edge of a drum: in vertical sections through the superior facet's centre LIP_SECTIONS_DEG from
    straight ahead toward the lateral side, the outline's outer top edge (LIP_OUT out, above LIP_UNDER under the
    centre) turns by at most MAX_LIP_TURN_DEG over MASS_CORNER_ARC mm (special.LATERAL_LIP_*, modelling values).
    Main before session 30: 46-56 degrees (the cup's sloping shoulder meeting an upright wall); now 35-46."""
    mesh, c = spine.bones["C1"], np.array(spine.landmarks["C1"][f"superior_facet_{side}"])
    sx = np.sign(c[0])
    turns = {}
    for deg in LIP_SECTIONS_DEG:
        a = math.radians(deg)
        d = np.array([sx * math.sin(a), math.cos(a), 0.0])

        def to_plane(p, d=d):
            return np.column_stack([(p - c) @ d, p[:, 2] - c[2]])

        def keep(q):
            return (q[:, 0] > LIP_OUT) & (q[:, 1] > -LIP_UNDER)

        turns[deg] = _outline_turns(mesh, c, np.cross(d, (0.0, 0.0, 1.0)), to_plane, keep)
    assert all(turns.values()), (side, turns)
    assert max(max(t) for t in turns.values()) <= MAX_LIP_TURN_DEG, (side, turns)


# --- Session 31 (atlas31, issue 10): C1's lateral mass a wedge, its outer wall sloping out from mid-height to the lip.

# The vertical sections through the superior facet's centre in which the outer wall is measured (degrees from straight
# ahead toward the lateral side: the face seen from the front, the front-oblique and the left, ahead of the foramen
# transversarium), the least it must lean out from the mass's mid-height up to the base of the superior facet's lip
# (mm), and the most it may come in again on the way up (mm) [M].
WALL_LEAN_SECTIONS_DEG = (30.0, 45.0, 60.0, 75.0)
MIN_WALL_LEAN_MM = 0.9
MAX_WALL_IN_AGAIN_MM = 0.1


def _wall_lean(mesh, c: np.ndarray, low: np.ndarray, deg: float) -> tuple[float, float]:
    """In the vertical section through ``c`` (the superior facet's centre) ``deg`` from straight ahead toward the
    lateral side, the outermost bone every 0.25 mm of height from the mass's mid-height (half-way between the facets'
    centres) up to the lip's base there (the lowest point of the bead that rounds the facet's rim,
    special.LATERAL_LIP_*): how far it stands further out at the top than at mid-height, and the most it comes in
    again on the way up (mm)."""
    sx, a = np.sign(c[0]), math.radians(deg)
    d = np.array([sx * math.sin(a), math.cos(a), 0.0])
    path = np.array(special.LATERAL_LIP_PATH)
    top = c[2] + float(np.interp(deg, path[:, 0], path[:, 2])) - special.LATERAL_LIP_SINK / math.sqrt(2.0) \
        - special.LATERAL_LIP_RADIUS
    r = []
    for z in np.arange(0.5 * (low[2] + c[2]), top + 1e-6, 0.25):
        o = np.array([c[0], c[1], z])
        r.append(float(((_hits(mesh, o + 40.0 * d, o) - o) @ d).max()))
    r = np.array(r)
    return r[-1] - r[0], float(np.max(np.maximum.accumulate(r) - r))


@pytest.mark.parametrize("side", SIDES)
def test_atlas_lateral_mass_wall_slopes_out_from_mid_height_to_the_lip(spine, side):
    """A dry atlas's lateral mass is a stout wedge whose outer surface slopes in toward its base (Gray 1918, "The
    Atlas": the mass, broadest under the superior facet's lip, narrows to the inferior facet turned down and in), not
    an upright drum under an overhanging lip. In the vertical sections through the superior facet's centre
    WALL_LEAN_SECTIONS_DEG from straight ahead, the outer wall stands >= MIN_WALL_LEAN_MM further out at the lip's base
    than at the mass's mid-height and never comes in by more than MAX_WALL_IN_AGAIN_MM on the way up
    (special.LATERAL_LIP_WALL, a modelling value). Main before session 31: it leant out only 0.28-0.83 mm (upright
    from mid-height to under the lip) and came in again by up to 0.26 mm (the crease under the lip at 30-45 and 75
    degrees); now 1.06-1.56 and <= 0.03."""
    lm = spine.landmarks["C1"]
    c, low = np.array(lm[f"superior_facet_{side}"]), np.array(lm[f"inferior_facet_{side}"])
    leans = {deg: tuple(round(float(v), 2) for v in _wall_lean(spine.bones["C1"], c, low, deg))
             for deg in WALL_LEAN_SECTIONS_DEG}
    assert min(v[0] for v in leans.values()) >= MIN_WALL_LEAN_MM, (side, leans)
    assert max(v[1] for v in leans.values()) <= MAX_WALL_IN_AGAIN_MM, (side, leans)


# --- Session 31 (atlas31b, issue 10): C1's posterior arch deepens into its tubercle, no rod ending in a ball.

# The angle from the midline behind (degrees about the canal's centre) at which the posterior arch, cut square to its
# course, must already stand this fraction of its height at the midline (the tubercle) [M]; and, seen from the left,
# how tall its end must stand 1 mm inside its back-most point, as a fraction of its height 6 mm inside [M].
ARCH_DEEPENS_AT_DEG = 20.0
MIN_ARCH_DEEPENED = 0.8
MIN_END_BLUNTNESS = 0.65


def _posterior_arch_height(mesh, c: np.ndarray, deg: float) -> float:
    """The posterior arch's height (mm) cut square to its course ``deg`` from the midline behind (+ toward the left)."""
    a = np.radians(-90.0 - deg)
    radial = np.array([np.cos(a), np.sin(a), 0.0])
    p = np.asarray(mesh.slice(normal=(-radial[1], radial[0], 0.0), origin=c).points) - c
    return float(np.ptp(p[p @ radial > 5.0][:, 2]))


def test_atlas_posterior_arch_deepens_into_a_blunt_tubercle(spine):
    """Gray 1918 ("The Atlas"): the posterior arch is flattened from above down just behind the lateral mass (the groove
    for the vertebral artery) and ends in the posterior tubercle, a rudimentary spinous process: the arch thickens
    toward the midline and the tubercle is its own rough, blunt end, not a ball on a rod. Cut square to its course
    ARCH_DEEPENS_AT_DEG from the midline, the arch stands >= MIN_ARCH_DEEPENED of its height at the midline
    (special.POSTERIOR_TUBERCLE_*); and seen from the left, 1 mm inside its back-most point it stands
    >= MIN_END_BLUNTNESS of its height 6 mm inside (modelling values). Session 31's atlas31: 0.65 (6.31 mm against 9.67,
    an ovoid knob blended onto a bar of even depth) and 0.56 (5.38 mm against 9.55, a ball's end from the left)."""
    mesh, lm = spine.bones["C1"], spine.landmarks["C1"]
    c = np.array(lm["canal_centre"])
    mid = _posterior_arch_height(mesh, c, 0.0)
    beside = [_posterior_arch_height(mesh, c, s * ARCH_DEEPENS_AT_DEG) for s in (-1.0, 1.0)]
    assert min(beside) >= MIN_ARCH_DEEPENED * mid, (round(mid, 2), np.round(beside, 2).tolist())
    back = min(float(_hits(mesh, (0.0, -80.0, z), (0.0, 0.0, z))[:, 1].min(initial=0.0))
               for z in np.arange(-4.0, 10.0, 0.1))
    end, inside = (float(np.ptp(_hits(mesh, (0.0, back + t, 40.0), (0.0, back + t, -40.0))[:, 2])) for t in (1.0, 6.0))
    assert end >= MIN_END_BLUNTNESS * inside, (round(end, 2), round(inside, 2))


# --- Session 32 (axis32, issue 10): C2 from behind reads as an axis, not a molar with four roots ----------------
# From behind, the axis's inferior articular processes stand out below the lateral ends of the laminae as short
# processes, and its spine is broad and deep with a bifid end whose notch is modest (Gray 1918, "The Epistropheus").
# Main before session 32: each process hung 9.6 mm below the top of the slot between it and the spine (two round legs
# from the lamina), and the notch between the tubercles rose 7.3 mm, 0.40 of the spine's height at the midline (a
# slot parting two more roots). The limits are modelling values [M]: the process's hang stays >= 4 mm
# (test_c2_arch_lower_border_arches_up_between_spine_and_inferior_process).
MAX_PROCESS_HANG = 6.5
MAX_BIFID_NOTCH = 0.3


def _from_behind(spine, res: float = 0.1) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """C2's bone behind the canal's middle (y < -16 mm) seen from behind: for each column x (every ``res`` mm), the
    lowest and highest bone (z, C2's frame; nan where there is none)."""
    from PIL import Image, ImageDraw

    tri = spine.bones["C2"].triangulate()
    faces = np.asarray(tri.faces).reshape(-1, 4)[:, 1:]
    pts = np.asarray(tri.points)
    keep = pts[faces][:, :, 1].mean(axis=1) < -16.0
    lo = np.array([-30.0, -30.0])
    xz = (pts[:, [0, 2]] - lo) / res
    n = int(60.0 / res)
    img = Image.new("1", (n, n), 0)
    draw = ImageDraw.Draw(img)
    for t in xz[faces[keep]]:
        draw.polygon([tuple(v) for v in t], fill=1)
    cover = np.asarray(img).T  # [ix, iz]
    xs, zs = lo[0] + res * np.arange(n), lo[1] + res * np.arange(n)
    any_ = cover.any(axis=1)
    bottom = np.where(any_, zs[np.argmax(cover, axis=1)], np.nan)
    top = np.where(any_, zs[n - 1 - np.argmax(cover[:, ::-1], axis=1)], np.nan)
    return xs, bottom, top


@pytest.mark.parametrize("side", SIDES)
def test_c2_inferior_processes_hang_short_under_the_arch_from_behind(spine, side):
    """From behind, each inferior articular process is a short process under the lamina's lateral end, not a leg: its
    lowest bone (within 2 mm of its facet's centre, across) lies <= MAX_PROCESS_HANG mm below the top of the opening
    between it and the spine (the highest lower border 7-13 mm from the midline)."""
    xs, bottom, _top = _from_behind(spine)
    f = np.array(spine.landmarks["C2"][f"inferior_facet_{side}"])
    sx = np.sign(f[0])
    process = float(np.nanmin(bottom[np.abs(xs - f[0]) <= 2.0]))
    band = (sx * xs >= 7.0) & (sx * xs <= 13.0)
    apex = float(np.nanmax(bottom[band]))
    assert apex - process <= MAX_PROCESS_HANG, (side, round(apex, 2), round(process, 2))


def test_c2_bifid_notch_is_modest_from_behind(spine):
    """From behind, the notch between the tubercles of the axis's spine is modest, not a slot parting two roots: at the
    midline it rises <= MAX_BIFID_NOTCH of the spine's height there above the lobes' lowest bone (within the
    tubercles' half-spread of the midline)."""
    p, lm = np.asarray(spine.bones["C2"].points), spine.landmarks["C2"]
    half = 0.5 * float(np.ptp(p[p[:, 1] < lm["spinous_tip"][1] + 5.0][:, 0]))
    xs, bottom, top = _from_behind(spine)
    lobes = float(np.nanmin(bottom[np.abs(xs) <= half]))
    mid = np.abs(xs) < 0.05
    notch, height = float(np.nanmax(bottom[mid])) - lobes, float(np.nanmax(top[mid])) - lobes
    assert notch <= MAX_BIFID_NOTCH * height, (round(notch, 2), round(height, 2))


# From the left, how far (mm) the back of the dens above its groove may stand behind its back below the groove [M]:
# the dens tapers up to its apex (Gray 1918, "The Epistropheus"); main before session 32: 0.35 mm, a knob above the
# groove (special.DENS_GROOVE's upper fade 3.0 mm ended under the apex's taper).
MAX_DENS_KNOB = 0.15


def test_dens_has_no_knob_above_its_groove_from_the_left(spine):
    """In the midline, the rearmost point of the dens's back over the 6 mm above the groove's height (its anterior
    facet's) stands <= MAX_DENS_KNOB mm further back than the rearmost over the 6 mm below."""
    mesh, lm = spine.bones["C2"], spine.landmarks["C2"]
    top, tip = _c2_top(lm), np.array(lm["dens_tip"])

    def back(dz: float) -> float:
        p = np.array([0.0, tip[1], top + special.DENS_FACET_Z + dz])
        return float(_hits(mesh, p - (0.0, 12.0, 0.0), p + (0.0, 2.0, 0.0))[:, 1].min())

    above = min(back(dz) for dz in np.arange(0.5, 6.01, 0.25))
    below = min(back(dz) for dz in np.arange(-6.0, -0.49, 0.25))
    assert below - above <= MAX_DENS_KNOB, (round(above, 2), round(below, 2))


# --- Session 33 (axis33, issue 10): C2's foramen transversarium opens plainly on the underside -------------------

# Seen from below, the least width (mm) of the foramen transversarium's lower opening [M]: on a dry axis it is a round
# hole beside the body under the lateral mass (Gray 1918, "The Epistropheus"); its bore is 2 x special.C2_FORAMEN_R =
# 4.8 mm and the mean foramen of C3-C6 is about 5.5 mm (Sangari et al. 2015, abstract). Measured as the largest disc
# of columns open 1.5 mm above the underside: the canal runs up and back, so its front wall shows from below and the
# disc is smaller than the bore (session 33: 3.7-3.8 mm). Main before session 33: 0.9 mm, a small dark pit (the round
# end of the cut only grazed the underside).
MIN_FORAMEN_OPENING_BELOW = 3.5


def _opening_from_below(mesh, entry: np.ndarray, res: float = 0.2, deep: float = 1.5) -> float:
    """Seen from below round the foramen's entry (x, y of ``entry``), the widest round opening in C2's underside: the
    diameter of the largest disc, centred within 3 mm of the entry, of columns whose lowest bone lies >= ``deep`` mm
    above the underside round it (the median lowest bone 5-7 mm from the entry) or that meet no bone."""
    xs = np.arange(entry[0] - 7.0, entry[0] + 7.0 + res / 2, res)
    ys = np.arange(entry[1] - 7.0, entry[1] + 7.0 + res / 2, res)
    low = np.full((len(xs), len(ys)), np.nan)
    for i, x in enumerate(xs):
        for j, y in enumerate(ys):
            h = _hits(mesh, (x, y, -40.0), (x, y, 40.0))
            if len(h):
                low[i, j] = h[:, 2].min()
    gx, gy = np.meshgrid(xs - entry[0], ys - entry[1], indexing="ij")
    r = np.hypot(gx, gy)
    ring = low[(r >= 5.0) & (r <= 7.0)]
    ref = float(np.nanmedian(ring))
    hole = np.isnan(low) | (low >= ref + deep)
    inside, outside = np.argwhere(hole & (r <= 3.0)), np.argwhere(~hole)
    if not len(inside):
        return 0.0
    radius = max(float(np.sqrt(((outside - q) ** 2).sum(axis=1)).min()) for q in inside)
    return (2.0 * radius - 1.0) * res


@pytest.mark.parametrize("side", SIDES)
def test_c2_foramen_transversarium_opens_as_a_round_hole_from_below(spine, side):
    """From below, the lower opening of the axis's foramen transversarium is a round hole >= MIN_FORAMEN_OPENING_BELOW
    mm across beside the body (special.C2_FORAMEN_COURSE's entry, C2_FORAMEN_MOUTH), not a small dark pit."""
    mesh, lm = spine.bones["C2"], spine.landmarks["C2"]
    mid, bend = np.array(lm[f"transverse_foramen_{side}"]), np.array(lm[f"transverse_foramen_bend_{side}"])
    width = _opening_from_below(mesh, 2 * mid - bend)
    assert width >= MIN_FORAMEN_OPENING_BELOW, (side, round(width, 2))


# --- Session 34 (axis34, issue 10): C2's inferior articular process rounds into the lamina from the left; the
# transverse process stout for its size, not a thin fin.

# Seen from the left, the most the bone may step in within 1 mm front to back behind the inferior process's lateral
# face (mm) [M]: a rounded back sloping in to the lamina, not the square back edge of a block. Main before session 34:
# 5.7 mm (an upright crease from the facet's lowest point to the lamina).
MAX_PILLAR_BACK_STEP = 2.5


def _reach_from_the_left(mesh, sx: float, y: float, z: float) -> float:
    """How far from the midline the bone seen from the side stands at (y, z): the outermost hit of a ray coming in
    from the side (nan where the ray meets no bone)."""
    h = _hits(mesh, (sx * 40.0, y, z), (sx * 5.0, y, z))
    return float(np.abs(h[:, 0]).max()) if len(h) else float("nan")


def _pillar_back_steps(mesh, lm, side: str) -> list[float]:
    """At 0, 2, 4 and 6 mm over the inferior facet's centre: behind the inferior process's outermost point, the largest
    step in (fall of) the bone's reach from the midline within 1 mm front to back, until the reach has fallen to
    3 mm inside the facet's centre (the web and the lamina behind the process)."""
    f = np.array(lm[f"inferior_facet_{side}"])
    sx, floor = np.sign(f[0]), abs(f[0]) - 3.0
    ys = np.arange(f[1], f[1] - 10.01, -0.25)
    steps = []
    for dz in (0.0, 2.0, 4.0, 6.0):
        reach = np.array([_reach_from_the_left(mesh, sx, y, f[2] + dz) for y in ys])
        reach = np.where(np.isnan(reach), 0.0, reach)
        top = int(np.argmax(reach))
        end = top + int(np.argmax(reach[top:] < floor))
        seg = np.maximum(reach[top:end + 1], floor)
        steps.append(float((seg[:-4] - seg[4:]).max()) if len(seg) > 4 else 0.0)
    return steps


@pytest.mark.parametrize("side", SIDES)
def test_c2_inferior_process_rounds_into_the_lamina_from_the_left(spine, side):
    """Seen from the left, the axis's inferior articular process is a pillar continuing the junction of pedicle and
    lamina downward, its back rounding into the lamina behind it (Gray 1918, "The Epistropheus";
    special.C2_PILLAR_BACK, modelling values), not a square block whose lateral face ends in an upright edge: at 0-6 mm
    over the facet's centre, behind the process's outermost point, the bone seen from the side steps in no more than
    MAX_PILLAR_BACK_STEP mm within any 1 mm front to back. Main before session 34: 5.7, 5.3, 4.7 and 3.3 mm at 0, 2, 4
    and 6 mm over the facet's centre; now 2.1, 2.0, 1.9 and 1.7 mm."""
    steps = _pillar_back_steps(spine.bones["C2"], spine.landmarks["C2"], side)
    assert max(steps) <= MAX_PILLAR_BACK_STEP, np.round(steps, 2)


# The transverse process 3 mm inside its outermost point (the middle of the part standing free of the lateral mass):
# the least height of its section (top to bottom, mm) and the least product of height and front-to-back breadth
# (mm²) [M]. The axis's transverse processes are small but stout, each ending in a single tubercle (Gray 1918, "The
# Epistropheus"). Main before session 34: 5.5 mm and 20.9 mm² (5.5 x 3.8 mm), a thin fin from the front and below.
# Session 39 (c2r39b, issue 10): the height floor (6.3 mm) is replaced by a floor on breadth / height
# (MIN_TRANSVERSE_MID_BREADTH_RATIO) [M]. A floor on the height 3 mm inside the tip held the free end tall and narrow
# (6.85 x 4.03 mm on main, 0.59), the fang hanging 8.3 mm under the lateral mass from the left; Gray's processes "are
# very small, and each ends in a single tubercle", which asks for bulk, not height: the bulk floor (25 mm²) is kept and
# a thin fin (tall for its breadth) is what is now refused. Session 34's thin fin: 3.8 / 5.5 = 0.69; s38: 0.59.
MIN_TRANSVERSE_MID_BREADTH_RATIO = 0.75
MIN_TRANSVERSE_MID_BULK = 25.0


def _transverse_mid_section(mesh, lm, side: str, inside: float = 3.0) -> tuple[float, float]:
    """C2's transverse process cut square to the left-right axis ``inside`` mm inside its outermost point: the height
    (z extent) and front-to-back breadth (y extent) of the loop of the section nearest the process's tip landmark."""
    tip = np.array(lm[f"transverse_tip_{side}"])
    sx, p = np.sign(tip[0]), np.asarray(mesh.points)
    end = float(np.max(sx * p[(p[:, 2] < tip[2] + 4.0) & (sx * p[:, 0] > 17.0)][:, 0]))
    cut = mesh.slice(normal=(1.0, 0.0, 0.0), origin=(sx * (end - inside), 0.0, 0.0)).connectivity()
    ids, q = np.asarray(cut.point_data["RegionId"]), np.asarray(cut.points)
    near = ids[np.argmin(np.hypot(q[:, 1] - tip[1], q[:, 2] - tip[2]))]
    loop = q[ids == near]
    assert loop[:, 2].max() < 0.0, "the section reaches the lateral mass: not the free process"
    return float(np.ptp(loop[:, 2])), float(np.ptp(loop[:, 1]))


@pytest.mark.parametrize("side", SIDES)
def test_c2_transverse_process_is_stout_not_a_thin_fin(spine, side):
    """The axis's small transverse process, pointing down and out, is stout for its size (Gray 1918, "The
    Epistropheus": "very small, and each ends in a single tubercle"; special.C2_TRANSVERSE_TIP_END, C2_TRANSVERSE_CORE,
    modelling values), not a thin fin: 3 mm inside its outermost point its section's height times its front-to-back
    breadth is >= MIN_TRANSVERSE_MID_BULK mm² and its breadth >= MIN_TRANSVERSE_MID_BREADTH_RATIO of its height, while
    it still tapers to its tip from below (test_c2_transverse_process_tapers_to_its_tip_from_below). Main before
    session 34: 5.5 mm tall, 3.8 mm broad (20.9 mm²; breadth / height 0.69); session 34-38: 6.8 and 4.0 mm (27.5 mm²;
    0.59), a tall, narrow end hanging 8.3 mm under the lateral mass from the left. Session 39 (c2r39b) replaced the
    floor of 6.3 mm on the height, which held that fang, by the floor on breadth / height: Gray's very small process
    asks for bulk, not height. Now 5.6 and 4.6 mm (26 mm²; 0.82): shorter and broader, as stout."""
    tall, broad = _transverse_mid_section(spine.bones["C2"], spine.landmarks["C2"], side)
    assert broad >= MIN_TRANSVERSE_MID_BREADTH_RATIO * tall and tall * broad >= MIN_TRANSVERSE_MID_BULK, (
        round(tall, 2), round(broad, 2))


# The lateral mass's lower border seen from the left (z in C2's frame, mm, read off the left view in session 38) [M],
# and how far below it the transverse process may hang (mm), and its hang at most this many times its breadth front to
# back halfway down [M]: the axis's transverse processes "are very small, and each ends in a single tubercle" (Gray
# 1918, "The Epistropheus"). Main before session 39: 8.3 mm and 2.0 (a fang under the mass).
C2_MASS_FLOOR_Z = -3.0
MAX_TRANSVERSE_HANG = 6.2
MAX_TRANSVERSE_HANG_RATIO = 1.3


def _transverse_hang_from_the_left(mesh, sx: float) -> tuple[float, float]:
    """C2's transverse process seen from the side: how far its bone (more than 19 mm from the midline, between the
    inferior facet's front and the body's front, y -9.5 to 1.5 mm) hangs below C2_MASS_FLOOR_Z, and its breadth front
    to back halfway down that hang (mm). As docs/c2-review-session38.py's ``transverse_fang`` measures it."""
    p = np.asarray(mesh.points)
    tp = p[(sx * p[:, 0] > 19.0) & (p[:, 1] > -9.5) & (p[:, 1] < 1.5)]
    hang = C2_MASS_FLOOR_Z - float(tp[:, 2].min())
    band = tp[np.abs(tp[:, 2] - (C2_MASS_FLOOR_Z - 0.5 * hang)) < 0.5]
    return hang, float(np.ptp(band[:, 1]))


@pytest.mark.parametrize("sx", (1.0, -1.0))
def test_c2_transverse_process_hangs_little_below_the_lateral_mass_from_the_left(spine, sx):
    """Seen from the left, the axis's transverse process is a small process ending in a single tubercle under the
    lateral mass (Gray 1918, "The Epistropheus": "very small, and each ends in a single tubercle";
    special.C2_TRANSVERSE_TIP_Z, C2_TRANSVERSE_TIP_END, modelling values), not a fang: its bone hangs at most
    MAX_TRANSVERSE_HANG mm below the mass's lower border (C2_MASS_FLOOR_Z) and at most MAX_TRANSVERSE_HANG_RATIO times
    its breadth front to back halfway down. Main before session 39 (c2r39b): 8.3 mm, 4.2 mm broad (2.0); now 5.9 mm,
    5.0-5.4 mm broad (1.1-1.2)."""
    hang, broad = _transverse_hang_from_the_left(spine.bones["C2"], sx)
    assert hang <= MAX_TRANSVERSE_HANG and hang <= MAX_TRANSVERSE_HANG_RATIO * broad, (round(hang, 2), round(broad, 2))


# --- Session 35 (c1geo35, issue 10): C1's lateral masses and the lateral atlanto-axial joints nearer the midline.

# Where the atlas's lateral mass is centred, from the midline (mm): Su BW et al. 2018 (Global Spine J 8:507, 42
# cadaveric lateral masses, [R] abstract) give the mass 17.0 mm wide, the C1 pedicle's medial wall 13.5 mm from the
# midline and 6.9 mm of mass medial to it, so the mass spans about 6.6-23.6 mm and is centred about 15.1 mm out
# ([M] arithmetic on their means).
C1_MASS_CENTRE_SU = 13.5 - 6.9 + 17.0 / 2


@pytest.mark.parametrize("side", SIDES)
def test_atlas_inferior_facet_is_centred_under_the_lateral_mass(spine, side):
    """Seen from above, the cartilage of C1's inferior facet (the lateral atlanto-axial joint) is centred, halfway
    between its medial and lateral rims, within 15 % of the lateral mass's centre as cadaveric atlases give it
    (C1_MASS_CENTRE_SU, 15.1 mm from the midline), and so does not reach far under the foramen transversarium, whose
    medial margin is 22.4 mm out (Patel & Gupta). Main before session 35: 18.54 mm (rims 12.29 and 24.80, 2.4 mm
    past the foramen's medial margin); now 17.05 (10.79 and 23.30; atlantoaxial.CENTRE_XY 16.5, was 18)."""
    j = _aa_joint(spine, side)
    inv = np.linalg.inv(spine.frames[0])
    ring = (j.upper_surface @ inv[:3, :3].T + inv[:3, 3])[1 + 4 * 24:]  # the cartilage's outer ring, C1's frame
    sx = 1.0 if side == "right" else -1.0
    medial, lateral = float(np.min(sx * ring[:, 0])), float(np.max(sx * ring[:, 0]))
    centre = 0.5 * (medial + lateral)
    assert centre <= 1.15 * C1_MASS_CENTRE_SU, (side, round(medial, 2), round(lateral, 2), round(centre, 2))
