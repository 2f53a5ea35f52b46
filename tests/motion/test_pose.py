"""pose(): sharing, clamping, coupling, rigidity, chaining and continuity, on synthetic spines."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spineviz.anatomy.atlantoaxial import BEND_CENTRE_DROP, descent
from spineviz.anatomy.levels import LEVELS, SEGMENTS, parse_level, parse_segment
from spineviz.motion.motion import Motion
from spineviz.motion.pose import Clamp, pose, segment_angles
from spineviz.motion.rom import AXIAL_ROTATION, COUPLING, EXTENSION, FLEXION, LATERAL_BENDING

from .conftest import SyntheticSpine, make_spine

SACRUM = 24
REGIONS = ["all", "cervical", "thoracic", "lumbar", "L3-S1", "C5-C7", "T12-L1", "C7-T3"]


def posed_frames(spine: SyntheticSpine, motion: Motion) -> np.ndarray:
    return pose(spine, motion).transforms @ spine.neutral


def assert_rigid(transforms: np.ndarray) -> None:
    rotation = transforms[:, :3, :3]
    identity = np.broadcast_to(np.eye(3), rotation.shape)
    np.testing.assert_allclose(rotation @ rotation.transpose(0, 2, 1), identity, atol=1e-12)
    np.testing.assert_allclose(np.linalg.det(rotation), 1.0, atol=1e-12)
    np.testing.assert_array_equal(
        transforms[:, 3], np.broadcast_to([0.0, 0.0, 0.0, 1.0], (len(transforms), 4))
    )


def assert_within_range(angles: np.ndarray) -> None:
    tol = 1e-9
    assert np.all(angles[:, 0] <= FLEXION + tol) and np.all(angles[:, 0] >= -EXTENSION - tol)
    assert np.all(np.abs(angles[:, 1]) <= LATERAL_BENDING + tol)
    assert np.all(np.abs(angles[:, 2]) <= AXIAL_ROTATION + tol)


@pytest.mark.parametrize("region", REGIONS)
def test_neutral_gives_identity(spine, region):
    result = pose(spine, Motion(region=region))
    np.testing.assert_array_equal(result.transforms, np.broadcast_to(np.eye(4), (25, 4, 4)))
    assert not result.angles.any() and not result.is_clamped


@pytest.mark.parametrize(
    ("motion", "column"),
    [
        (Motion(flexion=50), 0),
        (Motion(flexion=-40), 0),
        (Motion(lateral_bending=-25, region="lumbar"), 1),
        (Motion(lateral_bending=20, region="thoracic"), 1),
        (Motion(axial_rotation=60), 2),
        (Motion(axial_rotation=-5, region="lumbar"), 2),
        (Motion(flexion=20, region="L3-S1"), 0),
    ],
)
def test_segment_angles_add_up_to_the_global_angle(spine, motion, column):
    result = pose(spine, motion)
    assert not result.is_clamped
    assert result.angles[:, column].sum() == pytest.approx(motion.angles[column], abs=1e-9)
    others = [c for c in range(3) if c != column]
    assert not result.angles[:, others].any()  # pure motions stay pure (no coupling outside the neck)


def test_whole_spine_bending_adds_coupled_rotation_only_in_the_neck(spine):
    result = pose(spine, Motion(lateral_bending=30))
    assert result.angles[:, 1].sum() == pytest.approx(30)
    assert result.angles[:, 2].sum() == pytest.approx(result.coupled_rotation.sum())
    assert np.flatnonzero(result.angles[:, 2]).tolist() == [1, 2, 3, 4, 5, 6]


def test_shares_follow_the_rom_of_the_direction():
    flexion, *_ = segment_angles(Motion(flexion=10, region="lumbar"))
    extension, *_ = segment_angles(Motion(flexion=-10, region="lumbar"))
    lumbar = slice(19, 24)
    np.testing.assert_allclose(flexion[lumbar, 0], 10 * FLEXION[lumbar] / FLEXION[lumbar].sum())
    np.testing.assert_allclose(extension[lumbar, 0], -10 * EXTENSION[lumbar] / EXTENSION[lumbar].sum())
    # L5/S1 has a bigger share of extension than of flexion (even split vs 2:1 above it).
    assert extension[23, 0] / -10 > flexion[23, 0] / 10


def test_segments_outside_the_region_do_not_move(spine):
    result = pose(spine, Motion(flexion=10, lateral_bending=5, axial_rotation=-4, region="thoracic"))
    inside = [s.index for s in SEGMENTS if s.region == "thoracic"]
    outside = [i for i in range(24) if i not in inside]
    assert not result.angles[outside].any() and result.angles[inside].all()
    # Below the region: untouched.
    for level in ("L1", "L3", "L5"):
        np.testing.assert_array_equal(result.transforms[parse_level(level).index], np.eye(4))
    # Above it: the cervical spine rides rigidly on T1.
    t1 = result.transforms[parse_level("T1").index]
    for level in ("C1", "C4", "C7"):
        np.testing.assert_allclose(result.transforms[parse_level(level).index], t1, atol=1e-12)


@pytest.mark.parametrize(
    ("motion", "component", "applied"),
    [
        (Motion(flexion=200), "flexion", FLEXION.sum()),
        (Motion(flexion=-200), "flexion", -EXTENSION.sum()),
        (Motion(flexion=-40, region="lumbar"), "flexion", -27.5),
        (Motion(axial_rotation=20, region="lumbar"), "axial_rotation", 9.0),
        (Motion(lateral_bending=-90, region="cervical"), "lateral_bending", -56.0),
    ],
)
def test_clamping_is_reported(spine, motion, component, applied):
    result = pose(spine, motion)
    assert result.is_clamped
    assert result.clamped == (Clamp(component, getattr(motion, component), pytest.approx(applied)),)
    assert getattr(result.applied, component) == pytest.approx(applied)
    assert result.applied.region == motion.region
    assert result.motion is motion
    index = ("flexion", "lateral_bending", "axial_rotation").index(component)
    assert result.angles[:, index].sum() == pytest.approx(applied)
    assert_within_range(result.angles)
    assert "limited to" in str(result.clamped[0])


def test_clamp_message():
    assert str(Clamp("flexion", -40.0, -27.5)) == "extension limited to 27.5° (asked for 40.0°)"
    assert str(Clamp("axial_rotation", -20.0, -9.0)) == "right rotation limited to 9.0° (asked for 20.0°)"


def test_unclamped_pose_reports_nothing(spine):
    result = pose(spine, Motion(-15, 0, 8, "lumbar"))
    assert result.clamped == () and result.applied == result.motion


def test_transforms_are_rigid_and_the_sacrum_never_moves(spine):
    rng = np.random.default_rng(7)
    sacral_points = rng.normal(scale=30.0, size=(20, 3))
    for flexion, lateral, rotation in rng.uniform(-150, 150, size=(30, 3)):
        result = pose(spine, Motion(flexion, lateral, rotation))
        assert_rigid(result.transforms)
        np.testing.assert_array_equal(result.transforms[SACRUM], np.eye(4))
        moved = sacral_points @ result.transforms[SACRUM, :3, :3].T + result.transforms[SACRUM, :3, 3]
        np.testing.assert_array_equal(moved, sacral_points)


def test_outputs_are_read_only(straight_spine):
    result = pose(straight_spine, Motion(10))
    for array in (result.transforms, result.angles, result.coupled_rotation):
        with pytest.raises(ValueError):
            array[0] = 1.0


def test_each_segment_rotates_about_its_centre(spine):
    """The centre of a lone moving segment stays put, for every segment and every direction, except that
    C1 turning on C2 also comes down along C2's axis (atlantoaxial.descent) and bends about a point lower on
    the dens axis (there, that point stays put)."""
    for segment in SEGMENTS:
        region = f"{segment.upper}-{segment.lower}"
        for motion in (Motion(2, 0, 0, region), Motion(0, -2, 0, region), Motion(0, 0, 1, region)):
            result = pose(spine, motion)
            upper = result.transforms[segment.upper.index]
            centre = spine.rotation_centres[segment.index]
            axis = spine.neutral[1, :3, 2]
            if segment.index == 0 and motion.lateral_bending:
                centre = centre - BEND_CENTRE_DROP * axis
            drop = descent(result.angles[0, 2]) * axis if segment.index == 0 else 0.0
            np.testing.assert_allclose(upper[:3, :3] @ centre + upper[:3, 3], centre - drop, atol=1e-9)
            assert not np.allclose(upper, np.eye(4))


def _axis_angle(rotation: np.ndarray) -> np.ndarray:
    """Rotation vector (radians) of a rotation matrix (angles below 180 degrees)."""
    angle = np.arccos(np.clip((np.trace(rotation) - 1) / 2, -1, 1))
    if angle < 1e-12:
        return np.zeros(3)
    axis = np.array(
        [rotation[2, 1] - rotation[1, 2], rotation[0, 2] - rotation[2, 0], rotation[1, 0] - rotation[0, 1]]
    )
    return axis / (2 * np.sin(angle)) * angle


def test_segment_rotation_is_about_the_lower_vertebras_axes(curved_spine):
    """Relative rotation of upper to lower, in the lower's posed axes, is the segment's rotation vector."""
    motion = Motion(25, -15, 30)
    result = pose(curved_spine, motion)
    frames = result.transforms @ curved_spine.neutral
    for segment in SEGMENTS:
        lower, upper = frames[segment.lower.index], frames[segment.upper.index]
        lower_neutral = curved_spine.neutral[segment.lower.index, :3, :3]
        upper_neutral = curved_spine.neutral[segment.upper.index, :3, :3]
        neutral_relative = lower_neutral.T @ upper_neutral
        relative = lower[:3, :3].T @ upper[:3, :3] @ neutral_relative.T
        expected = np.radians(result.angles[segment.index]) * [-1, -1, 1]
        np.testing.assert_allclose(_axis_angle(relative), expected, atol=1e-9)


def test_sign_convention_in_the_spine_frame(straight_spine):
    top = LEVELS[0].index
    for motion, axis, direction in [
        (Motion(flexion=20), 1, +1),  # flexion: the top moves anterior (+y)
        (Motion(flexion=-20), 1, -1),  # extension: posterior
        (Motion(lateral_bending=20), 0, -1),  # bending left: the top moves to the patient's left (-x)
        (Motion(lateral_bending=-20), 0, +1),
    ]:
        moved = posed_frames(straight_spine, motion)[top, :3, 3] - straight_spine.neutral[top, :3, 3]
        assert np.sign(moved[axis]) == direction, motion
    # Turning left: the top vertebra's anterior axis (local +y) swings toward the patient's left (-x).
    for rotation, direction in ((30, -1), (-30, +1)):
        frames = posed_frames(straight_spine, Motion(axial_rotation=rotation))
        assert np.sign(frames[top, 0, 1]) == direction


def test_extension_with_rotation_works(spine):
    motion = Motion(flexion=-15, axial_rotation=8, region="lumbar")
    result = pose(spine, motion)
    assert not result.is_clamped
    lumbar = [s.index for s in SEGMENTS if s.region == "lumbar"]
    assert result.angles[lumbar, 0].sum() == pytest.approx(-15)
    assert result.angles[lumbar, 2].sum() == pytest.approx(8)
    assert np.all(result.angles[lumbar, 0] < 0) and np.all(result.angles[lumbar, 2] > 0)
    assert_within_range(result.angles)
    l1 = parse_level("L1").index
    frames = result.transforms @ spine.neutral
    # L1 tilts backward (its superior axis gains a posterior component) and faces left.
    neutral_up = spine.neutral[l1, :3, 2]
    assert (frames[l1, :3, 2] - neutral_up)[1] < 0
    assert frames[l1, 0, 1] < spine.neutral[l1, 0, 1]


@pytest.mark.parametrize("side", [+1, -1])
def test_cervical_coupling_goes_to_the_side_of_the_bend(straight_spine, side):
    result = pose(straight_spine, Motion(lateral_bending=side * 20, region="cervical"))
    coupled = [parse_segment(n).index for n in ("C2/3", "C3/4", "C4/5", "C5/6", "C6/7", "C7/T1")]
    assert np.all(np.sign(result.angles[coupled, 2]) == side)
    assert result.angles[parse_segment("C1/2").index, 2] == 0.0
    np.testing.assert_array_equal(result.angles[:, 2], result.coupled_rotation)
    np.testing.assert_allclose(
        result.coupled_rotation[coupled],
        np.minimum(COUPLING[coupled] * np.abs(result.angles[coupled, 1]), AXIAL_ROTATION[coupled]) * side,
    )
    # The spinous processes swing to the convex side: for a left bend, to the right (+x) relative to the
    # vertebra below.
    frames = result.transforms @ straight_spine.neutral
    for s in coupled:
        lower, upper = frames[SEGMENTS[s].lower.index], frames[SEGMENTS[s].upper.index]
        spinous_direction = lower[:3, :3].T @ upper[:3, :3] @ np.array([0.0, -1.0, 0.0])
        assert np.sign(spinous_direction[0]) == side


def test_no_coupling_outside_the_neck(spine):
    result = pose(spine, Motion(lateral_bending=30, region="C7-L5"))
    assert not result.angles[7:, 2].any()
    assert result.angles[6, 2] > 0  # C7/T1 is the last coupled segment


def test_coupled_rotation_uses_up_rotation_range(straight_spine):
    cervical = slice(0, 7)
    cap = AXIAL_ROTATION[cervical].sum()
    result = pose(straight_spine, Motion(lateral_bending=56, axial_rotation=cap, region="cervical"))
    assert result.is_clamped and result.applied.axial_rotation < cap
    total = result.angles[cervical, 2].sum()
    assert total == pytest.approx(cap)
    assert total == pytest.approx(result.applied.axial_rotation + result.coupled_rotation.sum())
    assert_within_range(result.angles)
    # Turning against the bend has all the range it needs.
    opposite = pose(straight_spine, Motion(lateral_bending=56, axial_rotation=-30, region="cervical"))
    assert not opposite.is_clamped
    assert opposite.angles[:, 2].sum() == pytest.approx(-30 + opposite.coupled_rotation.sum())


def test_mirrored_motions_give_mirrored_poses(spine):
    mirror = np.diag([-1.0, 1.0, 1.0, 1.0])
    for flexion, lateral, rotation, region in [
        (-15, 0, 8, "lumbar"),
        (10, 20, -30, "all"),
        (0, -25, 5, "cervical"),
    ]:
        left = pose(spine, Motion(flexion, lateral, rotation, region)).transforms
        right = pose(spine, Motion(flexion, -lateral, -rotation, region)).transforms
        np.testing.assert_allclose(right, mirror @ left @ mirror, atol=1e-10)


def _max_translation_change(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.abs(a - b).max())


@pytest.mark.parametrize(
    "base",
    [
        Motion(),  # across zero in every component
        Motion(30, -10, 20),
        Motion(FLEXION.sum(), 0, 0),  # at the clamp
        Motion(0, 40, 0, "cervical"),  # coupled C2/3 rotation at its limit
        Motion(-27.5, 0, 9.0, "lumbar"),
    ],
)
def test_pose_is_continuous(curved_spine, base):
    delta = 1e-4  # degrees
    rng = np.random.default_rng(3)
    reference = pose(curved_spine, base).transforms
    for step in rng.choice([-delta, delta], size=(10, 3)):
        nearby = Motion(*(np.array(base.angles) + step), base.region)
        change = _max_translation_change(pose(curved_spine, nearby).transforms, reference)
        # 500 mm lever arm, 1e-4 degrees: a few thousandths of a millimetre at most.
        assert change < 3 * 500 * np.radians(delta)


def test_pose_rejects_bad_input(straight_spine):
    with pytest.raises(TypeError, match="parse_motion"):
        pose(straight_spine, "flexion=10")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"\.neutral and \.rotation_centres"):
        pose(object(), Motion())
    with pytest.raises(ValueError, match=r"\(25, 4, 4\)"):
        pose(SyntheticSpine(straight_spine.neutral[:24], straight_spine.rotation_centres), Motion())
    bad = straight_spine.rotation_centres.copy()
    bad[3, 1] = np.nan
    with pytest.raises(ValueError, match="finite"):
        pose(SyntheticSpine(straight_spine.neutral, bad), Motion())


def test_works_with_any_object_with_the_two_attributes():
    class Plain:
        def __init__(self) -> None:
            spine = make_spine(2.0, spacing=25.0)
            self.neutral = spine.neutral.tolist()  # lists are fine too
            self.rotation_centres = spine.rotation_centres.tolist()

    result = pose(Plain(), Motion(10, 5, 5))
    assert result.transforms.shape == (25, 4, 4)
    assert_rigid(result.transforms)


_angle = st.floats(min_value=-400, max_value=400, allow_nan=False)


@settings(max_examples=150, database=None, deadline=None)
@given(_angle, _angle, _angle, st.sampled_from(REGIONS), st.sampled_from([0.0, 3.0]))
def test_pose_properties(flexion, lateral, rotation, region, curve):
    spine = make_spine(curve)
    motion = Motion(flexion, lateral, rotation, region)
    result = pose(spine, motion)
    assert_rigid(result.transforms)
    assert_within_range(result.angles)
    np.testing.assert_array_equal(result.transforms[SACRUM], np.eye(4))
    applied = result.applied
    assert result.angles[:, 0].sum() == pytest.approx(applied.flexion, abs=1e-9)
    assert result.angles[:, 1].sum() == pytest.approx(applied.lateral_bending, abs=1e-9)
    expected_rotation = applied.axial_rotation + result.coupled_rotation.sum()
    assert result.angles[:, 2].sum() == pytest.approx(expected_rotation, abs=1e-9)
    names = ("flexion", "lateral_bending", "axial_rotation")
    changed = {name for name, a, b in zip(names, motion.angles, applied.angles, strict=True) if a != b}
    assert {c.component for c in result.clamped} == changed
    outside = [i for i in range(24) if i not in motion.segments]
    assert not result.angles[outside].any()
