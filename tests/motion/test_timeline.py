"""Timelines: a pure function of time; loop is periodic, ping-pong symmetric, easing hits its keyframes."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spineviz.motion.motion import Motion, MotionError
from spineviz.motion.pose import pose
from spineviz.motion.timeline import PRESETS, Keyframe, Timeline, TimelineError, motion_at, parse_presets

from .conftest import make_spine


def _timeline(mode: str = "once", easing: str = "linear", duration: float | None = None) -> Timeline:
    return Timeline(
        (
            Keyframe(0.0, Motion()),
            Keyframe(1.0, Motion(flexion=20, axial_rotation=10)),
            Keyframe(3.0, Motion(flexion=-10, lateral_bending=5)),
        ),
        easing=easing,
        mode=mode,
        duration=duration,
    )


@pytest.mark.parametrize("easing", ["linear", "ease_in_out"])
@pytest.mark.parametrize("mode", ["once", "loop", "pingpong"])
def test_keyframes_are_hit_exactly(mode, easing):
    timeline = _timeline(mode, easing, duration=3.0 if mode != "loop" else 4.0)
    for key in timeline.keyframes:
        assert motion_at(timeline, key.t) == key.motion


def test_linear_interpolation_and_easing_midpoints():
    linear, eased = _timeline("once", "linear"), _timeline("once", "ease_in_out")
    assert motion_at(linear, 0.5).angles == (10.0, 0.0, 5.0)
    assert motion_at(eased, 0.5).angles == pytest.approx((10.0, 0.0, 5.0))  # smoothstep(0.5) = 0.5
    assert motion_at(linear, 0.25).flexion == pytest.approx(5.0)
    assert motion_at(eased, 0.25).flexion == pytest.approx(20 * 0.15625)  # 3u^2 - 2u^3 at u = 1/4
    assert motion_at(linear, 2.0).angles == pytest.approx((5.0, 2.5, 5.0))


def test_ease_in_out_starts_and_ends_slowly():
    eased = _timeline("once", "ease_in_out")
    h = 1e-4
    start_speed = (motion_at(eased, h).flexion - motion_at(eased, 0.0).flexion) / h
    end_speed = (motion_at(eased, 1.0).flexion - motion_at(eased, 1.0 - h).flexion) / h
    linear_speed = 20.0
    assert abs(start_speed) < 0.01 * linear_speed and abs(end_speed) < 0.01 * linear_speed


def test_once_holds_the_ends():
    timeline = _timeline("once")
    assert motion_at(timeline, -5.0) == timeline.keyframes[0].motion
    assert motion_at(timeline, 1e9) == timeline.keyframes[-1].motion
    assert timeline.period == math.inf


@settings(max_examples=200, database=None)
@given(st.floats(min_value=-1e4, max_value=1e4, allow_nan=False), st.integers(min_value=-5, max_value=5))
def test_loop_is_periodic(t, k):
    timeline = _timeline("loop", "ease_in_out", duration=4.0)
    assert timeline.period == 4.0
    a, b = motion_at(timeline, t), motion_at(timeline, t + k * timeline.period)
    np.testing.assert_allclose(a.angles, b.angles, atol=1e-6)


def test_loop_wraps_from_the_last_keyframe_back_to_the_first():
    timeline = _timeline("loop", "linear", duration=4.0)
    # Between t=3 (last keyframe) and t=4 (= first keyframe of the next pass): halfway at 3.5.
    assert motion_at(timeline, 3.5).angles == pytest.approx((-5.0, 2.5, 0.0))
    assert motion_at(timeline, 4.0) == timeline.keyframes[0].motion
    # Continuous at the wrap.
    before, after = motion_at(timeline, 4.0 - 1e-9), motion_at(timeline, 4.0 + 1e-9)
    np.testing.assert_allclose(before.angles, after.angles, atol=1e-6)


def test_loop_with_a_late_first_keyframe_wraps_before_it():
    timeline = Timeline(
        (Keyframe(1.0, Motion(flexion=10)), Keyframe(2.0, Motion(flexion=20))), mode="loop", duration=3.0
    )
    # From the last (t=2, 20) to the first of the next pass (t=4, 10): at t=0.5 (= 3.5) three quarters there.
    assert motion_at(timeline, 0.5).flexion == pytest.approx(12.5)
    assert motion_at(timeline, 3.5).flexion == pytest.approx(12.5)


@settings(max_examples=200, database=None)
@given(st.floats(min_value=-1e4, max_value=1e4, allow_nan=False))
def test_pingpong_is_symmetric_and_periodic(t):
    timeline = _timeline("pingpong", "ease_in_out", duration=3.0)
    assert timeline.period == 6.0
    forward, backward = motion_at(timeline, t), motion_at(timeline, 6.0 - t)
    np.testing.assert_allclose(forward.angles, backward.angles, atol=1e-6)
    np.testing.assert_allclose(forward.angles, motion_at(timeline, t + 6.0).angles, atol=1e-6)


def test_pingpong_turns_at_the_ends():
    timeline = _timeline("pingpong", duration=3.0)
    assert motion_at(timeline, 3.0) == timeline.keyframes[-1].motion
    assert motion_at(timeline, 4.0) == motion_at(timeline, 2.0)
    assert motion_at(timeline, 6.0) == timeline.keyframes[0].motion


def test_motion_at_is_pure():
    timeline = _timeline("loop", "ease_in_out", duration=4.0)
    times = np.linspace(-3, 9, 61)
    first = [motion_at(timeline, t) for t in times]
    second = [motion_at(timeline, t) for t in times[::-1]][::-1]
    assert first == second
    assert timeline.at(1.3) == motion_at(timeline, 1.3)


def test_single_keyframe_is_constant():
    still = Timeline((Keyframe(0.0, Motion(5)),), mode="loop")
    assert still.duration == 0.0
    assert all(motion_at(still, t) == Motion(5) for t in (-1.0, 0.0, 7.5))


def test_region_is_kept():
    timeline = Timeline((Keyframe(0, Motion(region="lumbar")), Keyframe(1, Motion(-10, region="lumbar"))))
    assert motion_at(timeline, 0.5).region == "lumbar"


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Keyframe(-1.0, Motion()), "not be negative"),
        (lambda: Keyframe(float("nan"), Motion()), "finite"),
        (lambda: Keyframe("1", Motion()), "number of seconds"),
        (lambda: Keyframe(0.0, "flexion=10"), "needs a Motion"),
        (lambda: Timeline(()), "at least one keyframe"),
        (lambda: Timeline((Keyframe(1, Motion()), Keyframe(1, Motion(5)))), "increase strictly"),
        (lambda: Timeline((Keyframe(0, Motion()), Keyframe(1, Motion(region="lumbar")))), "share one region"),
        (lambda: Timeline((Keyframe(0, Motion()),), easing="bounce"), "unknown easing 'bounce'"),
        (lambda: Timeline((Keyframe(0, Motion()),), mode="reverse"), "unknown mode 'reverse'"),
        (lambda: Timeline((Keyframe(0, Motion()), Keyframe(2, Motion())), duration=1.0), "shorter"),
        (lambda: Timeline((Keyframe(0, Motion()),), duration=math.inf), "finite"),
        (lambda: Timeline(("x",)), "Keyframe objects"),
        (lambda: motion_at(_timeline(), float("nan")), "finite"),
        (lambda: motion_at(_timeline(), "1"), "number of seconds"),
    ],
)
def test_timeline_errors(build, message):
    with pytest.raises(TimelineError, match=message):
        build()
    assert issubclass(TimelineError, MotionError) and issubclass(TimelineError, ValueError)


def test_presets_are_complete_and_named():
    assert set(PRESETS) == {
        "flexion_extension",
        "rotation_left_right",
        "side_bending_left_right",
        "extension_rotation",
    }
    for timeline in PRESETS.values():
        assert timeline.name and timeline.mode == "loop"
        # Each loop starts and ends in neutral, so it is continuous across passes.
        assert timeline.keyframes[0].motion.is_neutral and timeline.keyframes[-1].motion.is_neutral
    ext_rot = PRESETS["extension_rotation"]
    assert ext_rot.region == "lumbar"
    peaks = [k.motion.angles for k in ext_rot.keyframes if not k.motion.is_neutral]
    assert peaks == [(-15.0, 0.0, 8.0), (-15.0, 0.0, -8.0)]


@pytest.mark.parametrize("preset_id", sorted(PRESETS))
def test_presets_never_clamp(preset_id):
    timeline, spine = PRESETS[preset_id], make_spine(3.0)
    for t in np.linspace(0.0, timeline.period, 97):
        assert not pose(spine, motion_at(timeline, t)).is_clamped


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[a]\nname = 1\nkeyframes = [ { t = 0.0, motion = 'neutral' } ]", "name must be text"),
        ("[a]\nkeyframes = [ { t = 0.0, motion = 'twist=3' } ]", r"\[a\]: unknown motion key 'twist'"),
        ("[a]\nkeyframes = [ { t = 0.0 } ]", "each keyframe is"),
        ("[a]\nspeed = 2\nkeyframes = []", "unknown keys"),
        ("[a]\nkeyframes = []", "at least one keyframe"),
        ("[a\n", "presets.toml"),
        ("a = 3", "must be a table"),
    ],
)
def test_bad_presets_are_refused(text, message):
    with pytest.raises(TimelineError, match=message):
        parse_presets(text)
