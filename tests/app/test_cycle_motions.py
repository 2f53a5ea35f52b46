"""Issue 13, session 33: Play's budget goes to moments, not to working out the whole cycle's motions first.

Pressing Play used to work out the motion (``Timeline.at``) of each of the cycle's 1,920 steps before the first of
its moments (12-20 ms of the 80 ms budget on the project's machine). Now each motion is worked out with its moment, a
batch at a time: a Play that prepares one batch works out that batch's motions alone (fails on main: 1,920). The
cycle worked out to its end still holds every step's motion, equal to the timeline's, and each moment the same bytes
(``tests/app/test_tick_copies.py`` checks the same on the window); a tick past what was prepared keeps the motion it
worked out with the cycle's, and the next tick at that time works out no motion.
"""

from __future__ import annotations

import pytest

from spineviz.app.live_scene import CYCLE_BATCH, LiveScene
from spineviz.motion import loads
from spineviz.motion import timeline as timeline_module
from spineviz.render.facet_colours import pose_and_colours
from spineviz.scene import Animation, SceneState
from spineviz.scene.state import at_time


class _Counted:
    """``Timeline.at`` counted while installed."""

    def __init__(self, monkeypatch) -> None:
        self.calls = 0
        own = timeline_module.Timeline.at

        def at(timeline, t):
            self.calls += 1
            return own(timeline, t)

        monkeypatch.setattr(timeline_module.Timeline, "at", at)


class _Clock:
    def start(self) -> None:
        pass

    def restart(self) -> int:
        return 17  # 4 steps of 1/240 s


@pytest.fixture
def live(qapp):
    from spineviz.anatomy.spine import load_spine

    model = load_spine().model
    loads.calibration(model)
    scene = LiveScene(model, SceneState(animation=Animation(preset="extension_rotation", time=2.0), loads=True))
    yield scene
    scene.pause()
    scene.shutdown()


@pytest.mark.gui
def test_play_with_room_for_one_batch_works_out_that_batchs_motions_alone(live, monkeypatch):
    counted = _Counted(monkeypatch)
    live.cycle_budget_ms = 0.0  # one batch: the first is always made
    live.play()
    assert live.cycle_made_at_once == CYCLE_BATCH
    assert counted.calls <= CYCLE_BATCH + 2, f"{counted.calls} motions worked out for {CYCLE_BATCH} moments"
    assert len(live._pending) >= 1920 - CYCLE_BATCH - 2, "the rest of the cycle still to come, in order"


@pytest.mark.gui
def test_the_cycle_worked_out_lazily_holds_every_motion_and_moment_as_before(live, monkeypatch):
    live.cycle_budget_ms = 0.0
    live.play()
    while live._work_pending(lambda: False):  # the gaps after frames, all at once
        pass
    lazy_motions, lazy_kept = dict(live._motions), dict(live._kept)
    live.pause()
    live.forget_moments()
    live.lazy_motions = False  # main's path: every motion first
    live.cycle_budget_ms = None
    live.play()
    assert lazy_motions == live._motions and len(lazy_motions) == 1920
    assert list(lazy_kept) == list(live._kept), "the same moments, in the same order"
    for motion in list(lazy_kept)[::97]:
        a, b = lazy_kept[motion][1], live._kept[motion][1]
        assert a[0].transforms.tobytes() == b[0].transforms.tobytes() and a[1].tobytes() == b[1].tobytes()
        alone = pose_and_colours(at_time(live.state, 0.0), live.model, motion)
        assert a[1].tobytes() == alone[1].tobytes()


@pytest.mark.gui
def test_a_tick_past_the_prepared_moments_keeps_its_motion_with_the_cycle(live, monkeypatch):
    live.cycle_budget_ms = 0.0
    live.play()
    live.timer.start(2**31 - 1)  # playing; the test makes the ticks
    live._clock = _Clock()
    for _ in range(8):  # 32 steps: past the one batch of 16 prepared
        live._tick()
    t = live.state.animation.time
    assert live._motions[t] == live.state.current_motion()
    counted = _Counted(monkeypatch)
    assert live.motion_of(live.state) is live._motions[t]
    live.set_state(at_time(live.state, t - 4 / 240))
    live._clock = _Clock()
    live._tick()  # the same time again
    assert live.state.animation.time == t
    assert counted.calls == 0, "the motion kept with the cycle's, not worked out again"


@pytest.mark.gui
def test_play_on_a_long_cycle_works_out_one_batchs_times_and_holds_no_list_of_them(qapp, monkeypatch):
    """A 600 s ping-pong at speed 0.1 (the limits allow both) is 2.88 million steps of 1/240 s: Play worked out every
    step's time before its first batch and copied the rest once a batch (5,970 ms against main's 99, reviewer, session
    33). Now it works out the times and motions of its one batch alone, and what it holds is bounded by MOMENTS_KEPT."""
    from spineviz.anatomy.spine import load_spine
    from spineviz.app import live_scene as live_scene_module
    from spineviz.app.live_scene import MOMENTS_KEPT
    from spineviz.motion import Motion, Timeline
    from spineviz.motion.timeline import Keyframe

    model = load_spine().model
    loads.calibration(model)
    timeline = Timeline(keyframes=(Keyframe(0.0, Motion()), Keyframe(600.0, Motion(flexion=30.0))), mode="pingpong")
    anim = Animation(timeline=timeline, speed=0.1, time=0.0)
    assert round(anim.cycle / (anim.speed / 240)) == 2_880_000
    live = LiveScene(model, SceneState(animation=anim, loads=True))
    try:
        times = [0]
        own = live_scene_module.moment_after_steps

        def counted(a, s):
            times[0] += 1
            return own(a, s)

        monkeypatch.setattr(live_scene_module, "moment_after_steps", counted)
        motions = _Counted(monkeypatch)
        live.cycle_budget_ms = 0.0  # one batch: the first is always made
        live.play()
        live.pause()
        assert live.cycle_made_at_once == CYCLE_BATCH
        assert times[0] <= CYCLE_BATCH + 4, f"{times[0]} times worked out for {CYCLE_BATCH} moments"
        assert motions.calls <= CYCLE_BATCH + 4, f"{motions.calls} motions worked out for {CYCLE_BATCH} moments"
        assert 0 < len(live._pending) <= MOMENTS_KEPT, "the moments still to come: at most MOMENTS_KEPT"
        assert len(live._motions) <= CYCLE_BATCH + 4
        while live._work_pending(lambda: False):  # the gaps after frames, to the end of what the cycle may add
            pass
        assert not live._pending
        assert len(live._kept) <= MOMENTS_KEPT and len(live._motions) <= MOMENTS_KEPT + 4
        assert times[0] <= MOMENTS_KEPT + 8, "the steps looked at: those of the moments the cycle adds"
    finally:
        live.pause()
        live.shutdown()
