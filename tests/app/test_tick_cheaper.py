"""Issue 13, session 22: a tick of Play's shortcuts give what the plain path gives.

Three shortcuts were kept because they measurably cut a tick's main-thread CPU (docs/performance.md,
"Session 22"): the new moment's scene made without validating again what did not change
(:func:`spineviz.scene.state.at_time`), a spine's neutral frames and rotation centres checked once rather than
on every pose, and the names' leader lines written into VTK objects held from Python between frames. Each
test here compares the shortcut with the plain path; the whole drawn picture of a tick (matrices, colours,
names) is compared with values computed afresh in tests/app/test_tick_picture.py.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from spineviz.motion import Keyframe, Motion, Timeline, parse_motion
from spineviz.motion import pose as pose_module
from spineviz.scene import Animation, Layers, SceneState
from spineviz.scene.errors import SceneError
from spineviz.scene.state import at_time


@pytest.mark.parametrize("anim", [
    Animation(preset="extension_rotation", time=0.0),
    Animation(preset="flexion_extension", speed=2.0, mode="pingpong", time=1.25),
    Animation(timeline=Timeline(keyframes=(Keyframe(0.0, Motion()), Keyframe(2.0, parse_motion("flexion=20"))),
                                mode="once")),
])
def test_a_new_moment_is_the_scene_replace_makes(anim):
    state = SceneState(audience="clinician", animation=anim, region="lumbar", layers=Layers(labels=True),
                       selection="L4/5 left", loads=True)
    for t in (0.0, 0.3333, anim.cycle / 2, anim.cycle):
        plain = dataclasses.replace(state, animation=dataclasses.replace(anim, time=t))
        quick = at_time(state, t)
        assert quick == plain and hash(quick) == hash(plain)
        assert vars(quick) == vars(plain) and vars(quick.animation) == vars(plain.animation)
        assert quick.current_motion() == plain.current_motion()
        assert state.animation.time == anim.time, "the old state is left as it was"


def test_a_new_moment_out_of_the_cycle_is_refused_as_replace_refuses_it():
    state = SceneState(animation=Animation(preset="extension_rotation"))
    for bad in (-0.1, state.animation.cycle + 0.5, float("nan")):
        with pytest.raises(SceneError):
            dataclasses.replace(state.animation, time=bad)
        with pytest.raises(SceneError):
            at_time(state, bad)
    with pytest.raises(SceneError):
        at_time(SceneState(), 0.0)


class _Spine:
    def __init__(self, neutral, centres):
        self.neutral, self.rotation_centres = neutral, centres


def test_a_spine_is_checked_once_while_it_keeps_its_arrays(monkeypatch):
    from spineviz.anatomy.spine import load_spine

    model = load_spine().model
    calls = []
    check = pose_module._check_spine_arrays
    monkeypatch.setattr(pose_module, "_check_spine_arrays", lambda spine: calls.append(1) or check(spine))
    spine = _Spine(model.neutral.copy(), model.rotation_centres.copy())
    motion = parse_motion("flexion=25,rotation=-10")
    first = pose_module.pose(spine, motion)
    again = pose_module.pose(spine, motion)
    assert len(calls) == 1, "the second pose of the same arrays does not check them again"
    assert np.array_equal(first.transforms, again.transforms)
    assert np.array_equal(first.transforms, pose_module.pose(model, motion).transforms)
    spine.neutral = spine.neutral.copy()
    spine.neutral[3, 0, 0] = np.nan  # new arrays are checked again
    with pytest.raises(ValueError, match="finite"):
        pose_module.pose(spine, motion)


def test_the_leaders_written_in_place_are_the_leaders_built_afresh():
    from spineviz.render.labels import _leader_actor, _set_leaders

    def points(actor):
        poly = actor.GetMapper().GetInput()
        lines = poly.GetLines()
        xyz = np.array([poly.GetPoint(i) for i in range(poly.GetNumberOfPoints())])
        return xyz, lines.GetNumberOfCells()

    kept = _leader_actor()
    rng = np.random.default_rng(22)
    for n in (3, 3, 5, 5, 5, 0, 2, 2):  # the same count again is written in place; a new one is built
        ends = rng.uniform(0, 800, size=(n, 4))
        before = kept.GetMapper().GetInput().GetPoints()
        _set_leaders(kept, [tuple(e) for e in ends], 1.5)
        fresh = _leader_actor()
        _set_leaders(fresh, [tuple(e) for e in ends], 1.5)
        got, want = points(kept), points(fresh)
        assert np.array_equal(got[0], want[0]) and got[1] == want[1] == n
        assert kept.GetProperty().GetLineWidth() == fresh.GetProperty().GetLineWidth()
        if n and before is not None and before.GetNumberOfPoints() == 2 * n:
            assert kept.GetMapper().GetInput().GetPoints() is before, "same count: the points written in place"
