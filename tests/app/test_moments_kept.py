"""Issue 13, session 23: a looping animation's moments are kept, and a kept moment draws what a computed one does.

Play's clock moves the time in whole steps of 1/``MOMENT_STEPS`` s, so every pass of a loop meets the same
moments; :meth:`LiveScene.frame_for` keeps each moment's pose, facet loads, colours and three most loaded joints
and looks them up on the next pass. Here a pass is played, then played again from the same start: the second
pass is served from what was kept, and every vertebra's matrix, every cartilage layer's colour, every name (its
text, anchor and place) and the summary are exactly those of the first, computed pass. Each input the picture
of a moment depends on (the moment itself, through the preset, a custom timeline's amplitude, the spine; the
joints shown; the load scale; loads on or off) gives a look-up that is not served from what was kept, and what
it returns is what the moment computed afresh gives; the playback speed only decides which moments are met.
"""

from __future__ import annotations

import copy

import numpy as np
import pytest

from spineviz.app.live_scene import MOMENT_STEPS, MOMENTS_KEPT, LiveScene, next_moment
from spineviz.motion import Motion
from spineviz.motion.timeline import Keyframe, Timeline
from spineviz.render.facet_colours import pose_and_colours
from spineviz.render.marks import marks_of
from spineviz.scene import Animation, Layers, SceneState
from spineviz.scene.state import at_time
from tests.app.playing import play_held
from tests.render.drawn import drawn_layer_colours

pytestmark = pytest.mark.gui


class _Clock:
    """Play's timer at 33 ms a tick, or a jittery one (31–35 ms) when given ``jitter``."""

    def __init__(self, jitter: bool = False) -> None:
        self.n, self.jitter = 0, jitter

    def start(self) -> None:
        pass

    def restart(self) -> int:
        self.n += 1
        return 31 + (self.n * 7) % 5 if self.jitter else 33


def _picture(window) -> dict:
    """What the window draws now: the bones' matrices, the cartilage colours, the names, the summary."""
    actors = window.actors
    labels = marks_of(window.plotter).labels
    colours = drawn_layer_colours(actors)  # its own uniform, or the merged array while drawn merged (session 29)
    matrices = {name: tuple(a.GetUserMatrix().GetElement(i, j) for i in range(4) for j in range(4))
                for name, a in actors.bones.items()}
    last = window.viewport.renderer.last
    return {"time": window.live.state.animation.time, "matrices": matrices, "colours": colours,
            "texts": list(labels.texts), "anchors": labels.anchors.tolist(),
            "places": [labels.position(i) for i in range(len(labels.texts))],
            "most_loaded": last["most_loaded"], "newtons": last["newtons"].tolist()}


def test_a_second_pass_is_served_from_the_kept_moments_and_draws_exactly_the_first(window, qtbot):
    play_held(window, _Clock(jitter=True), cycle=False)  # the first pass computed on its ticks (session 26: not
    # prepared when Play starts)
    live = window.live
    start = live.state
    passes = []
    for _ in range(2):
        live.set_state(at_time(start, 0.5))  # the same start for both passes
        window.plotter.ren_win.Render()
        hits, misses = live.moment_hits, live.moment_misses
        drawn = []
        live._clock.n = 0  # the same ticks' lengths
        for _tick in range(12):
            live._tick()
            window.plotter.ren_win.Render()
            drawn.append(_picture(window))
        passes.append((drawn, live.moment_hits - hits, live.moment_misses - misses))
    (first, first_hits, first_misses), (second, second_hits, second_misses) = passes
    assert (first_hits, first_misses) == (0, 12), "the first pass computes each moment"
    assert (second_hits, second_misses) == (12, 0), "the second pass is served from what was kept"
    for a, b in zip(first, second, strict=True):
        assert abs(a["time"] * MOMENT_STEPS - round(a["time"] * MOMENT_STEPS)) < 1e-6, "the time moves in whole steps"
        assert a == b, f"the kept moment at {a['time']} s draws something else"
    assert len({a["time"] for a in first}) == 12, "each tick a new moment"
    live.keep_moments = False  # and computed afresh, once more: the same picture
    live.set_state(at_time(start, 0.5))
    live._clock.n = 0
    for want in first:
        live._tick()
        window.plotter.ren_win.Render()
        assert _picture(window) == want
    live.pause()


def _timeline(scale: float) -> Timeline:
    return Timeline(keyframes=(Keyframe(0.0, Motion()), Keyframe(2.0, Motion(flexion=30.0 * scale)),
                               Keyframe(4.0, Motion())), mode="loop", duration=4.0)


def _same(a: tuple, b: tuple) -> bool:
    return (np.array_equal(a[0].transforms, b[0].transforms) and np.array_equal(a[1], b[1])
            and a[2].keys() == b[2].keys()
            and all(np.array_equal(a[2][k], b[2][k]) if k == "newtons" else a[2][k] == b[2][k] for k in a[2]))


def test_each_input_of_a_moment_misses_what_is_kept(window):
    model = window.live.model
    live = LiveScene(model)
    base = SceneState(animation=Animation(preset="flexion_extension", time=1.0), loads=True)

    def look_up(state: SceneState, *, kept: bool) -> None:
        hits, misses = live.moment_hits, live.moment_misses
        got = live.frame_for(state, state.current_motion())
        want = pose_and_colours(state, live.model, state.current_motion())  # afresh: no cache
        assert _same(got, want)
        assert (live.moment_hits - hits, live.moment_misses - misses) == ((1, 0) if kept else (0, 1)), state

    look_up(base, kept=False)
    look_up(base, kept=True)
    look_up(at_time(base, 1.0 + 1 / MOMENT_STEPS), kept=False)  # another moment
    look_up(SceneState(animation=Animation(preset="rotation_left_right", time=1.0), loads=True), kept=False)
    custom = SceneState(animation=Animation(timeline=_timeline(1.0), time=1.0), loads=True)
    look_up(custom, kept=False)
    look_up(custom, kept=True)
    look_up(SceneState(animation=Animation(timeline=_timeline(0.5), time=1.0), loads=True), kept=False)  # amplitude
    look_up(SceneState(animation=Animation(preset="flexion_extension", time=1.0, speed=2.0), loads=True),
            kept=True)  # the speed decides which moments are met, not what one looks like
    look_up(SceneState(animation=base.animation, loads=True, region="lumbar"), kept=False)  # the joints shown
    look_up(SceneState(animation=base.animation, loads=True, layers=Layers(load_range=(0.0, 200.0))), kept=False)
    off = SceneState(animation=base.animation, loads=False, highlight=("L4/5 left",))
    look_up(off, kept=False)  # loads off: the highlights, the selection and the pain marks colour the joints
    look_up(off, kept=True)
    look_up(SceneState(animation=base.animation, loads=False, highlight=("L3/4 right",)), kept=False)
    look_up(SceneState(animation=base.animation, loads=False, highlight=("L3/4 right",), selection="C5/6 left"),
            kept=False)
    look_up(SceneState(animation=base.animation, loads=False, highlight=("L3/4 right",), selection="C5/6 left",
                       pain_marks=("buttock-left",)), kept=False)
    live.model = copy.copy(model)  # another spine (an anatomy opened): nothing of the old one is used
    look_up(base, kept=False)
    look_up(base, kept=True)
    live.shutdown()


def test_the_kept_moments_are_bounded(window):
    live = LiveScene(window.live.model)
    state = SceneState(loads=True)
    moments = [Motion(flexion=k / 100) for k in range(MOMENTS_KEPT + 50)]
    for motion in moments:
        live.frame_for(state, motion)
    assert len(live._kept) == MOMENTS_KEPT
    misses = live.moment_misses
    live.frame_for(state, moments[-1])
    assert live.moment_misses == misses, "the newest moments are kept"
    live.frame_for(state, moments[0])
    assert live.moment_misses == misses + 1, "the oldest moments went first"
    live.shutdown()


@pytest.mark.parametrize("speed", [0.5, 1.0, 1.5, 2.0])
def test_every_pass_of_a_loop_meets_the_same_moments_and_keeps_its_speed(speed):
    anim = Animation(preset="extension_rotation", speed=speed, time=0.0)
    lengths = [32, 33, 34, 33, 33, 32, 34]  # the 33 ms timer's jitter
    passes: list[list[float]] = [[0.0]]
    ticks = 0
    while len(passes) < 4:
        t, wrapped = next_moment(anim, lengths[ticks % len(lengths)])
        ticks += 1
        if wrapped:
            passes.append([])
        passes[-1].append(t)
        anim = Animation(preset="extension_rotation", speed=speed, time=t)
    assert passes[1] == passes[0] == passes[2], "every pass meets the same moments, bit for bit"
    assert len(set(passes[0])) == len(passes[0]) > 100
    assert all(abs(t * MOMENT_STEPS / speed - round(t * MOMENT_STEPS / speed)) < 1e-6 for t in passes[0]), "steps"
    wall = sum(lengths[k % len(lengths)] for k in range(ticks)) / 1000
    assert 3 * anim.cycle / speed == pytest.approx(wall - len(passes[3]) * 0.033, rel=0.02), "it keeps its speed"


def test_a_slow_speed_keeps_its_speed_and_a_single_pass_stops_at_its_end():
    anim = Animation(preset="extension_rotation", speed=0.1, time=0.0)
    for _ in range(300):  # 9.9 s of wall time: 0.99 s of the animation
        t, _wrapped = next_moment(anim, 33)
        anim = Animation(preset="extension_rotation", speed=0.1, time=t)
    assert anim.time == pytest.approx(0.99, rel=0.02), "whole steps of wall time, not of animation time"
    once = Animation(preset="extension_rotation", mode="once", time=7.99)
    assert next_moment(once, 33) == (once.cycle, True)
