"""Issue 13, session 28: a tick whose moment is prepared only copies what the prepared cycle holds.

When Play prepares its cycle, each moment's motion (``LiveScene._motions``), and with each batch the world matrices
and the names' texts and anchors its frame will write (``SceneRenderer.prepare_writes``), are worked out with it. A
tick that finds its moment prepared then works out no motion (no ``Timeline.at``), compares no whole states, does
not set the level of detail again while it holds, and copies the matrices and anchors. What it draws must be bit for
bit what the unprepared path draws: checked here on every moment of a cycle (matrices' bytes, anchors, names,
colours), and tick by tick against the actors. Fails on main, where none of ``tick_copies``, ``prepare_writes``,
``motion_of`` exist and each tick calls ``Timeline.at`` and ``set_detail``.
"""

from __future__ import annotations

import numpy as np
import pytest
from vtkmodules.vtkCommonMath import vtkMatrix4x4

from spineviz.anatomy.levels import parse_level
from spineviz.motion.timeline import Timeline
from spineviz.render.facet_colours import pose_and_colours
from spineviz.render.marks import Marks, _present_marks, marks_of
from spineviz.render.posed import world_matrices
from spineviz.scene import SceneState
from spineviz.scene.state import at_time
from tests.app.playing import play_held
from tests.app.test_moments_kept import _Clock

pytestmark = pytest.mark.gui


def _matrix(m: vtkMatrix4x4) -> np.ndarray:
    return np.array([[m.GetElement(i, j) for j in range(4)] for i in range(4)])


def test_every_prepared_moment_holds_what_the_unprepared_path_writes(window):
    live, renderer = window.live, window.viewport.renderer
    play_held(window, _Clock())
    live.pause()
    state, spine, model = live.state, renderer.spine, renderer.spine.model
    assert len(live._motions) == 1920, "the whole cycle's motions kept with it (8 s at 240 steps a second)"
    marks = _present_marks(spine, state)
    checked, copied = 0, set()
    for t, motion in live._motions.items():
        at = at_time(state, t)
        assert motion == at.current_motion(), f"the motion kept for {t} s is not the timeline's"
        _key, (p, colours, _summary) = live._kept[motion]
        fresh_p, fresh_colours, _ = pose_and_colours(at, model, at.current_motion())  # afresh, nothing kept
        assert p.transforms.tobytes() == fresh_p.transforms.tobytes()
        assert colours.tobytes() == fresh_colours.tobytes(), f"colours at {t} s"
        checked += 1
        held = renderer._held.get(id(p))
        if held is None:  # a moment worked out alone before Play prepared the cycle (the scene shown at Play)
            continue
        assert held[0] is p
        world = world_matrices(spine, fresh_p.transforms)
        assert held[2].tobytes() == world.tobytes(), f"world matrices at {t} s"
        texts, is_joint, anchors = Marks._names(spine, at, marks, fresh_p.transforms, world)
        assert held[3][1:3] == (tuple(texts), tuple(is_joint))
        assert held[3][3].tobytes() == anchors.tobytes(), f"names' anchors at {t} s"
        copied.add(id(p))
    assert checked == 1920
    assert len(copied) >= len({id(v[1][0]) for v in live._kept.values()}) - 2, "the writes of every moment Play made"


def test_a_prepared_tick_copies_and_draws_what_the_unprepared_path_draws(window):
    live, actors = window.live, window.actors
    labels = marks_of(window.plotter).labels
    play_held(window, _Clock())
    live.set_state(at_time(live.state, 0.5))
    spine, model = actors.spine, actors.spine.model
    for _ in range(8):
        live._tick()
        window.plotter.render()
        state = live.state
        p, _colours, _ = pose_and_colours(state, model, state.current_motion())  # afresh
        world = world_matrices(spine, p.transforms)
        for name, bone in actors.bones.items():
            got = _matrix(bone.GetUserMatrix())
            assert np.array_equal(got, world[parse_level(name).index]), f"{name} at {state.animation.time}"
        assert actors.world.tobytes() == world.tobytes()
        texts, is_joint, anchors = Marks._names(spine, state, _present_marks(spine, state), p.transforms, world)
        assert labels.texts == texts and labels.joints == is_joint
        assert labels.anchors.tobytes() == anchors.tobytes()
    live.pause()


def test_a_prepared_tick_works_out_no_motion_compares_no_states_and_leaves_the_detail(window, monkeypatch):
    live, renderer = window.live, window.viewport.renderer
    play_held(window, _Clock())
    live.set_state(at_time(live.state, 0.5))
    live._tick()  # the first tick after a change of state sets the detail (and starts the still timer)
    live._tick()
    counts = {"Timeline.at": 0, "set_detail": 0, "SceneState ==": 0, "at_time": 0}

    def counting(owner, name, label):
        own = getattr(owner, name)

        def wrapper(*a, **k):
            counts[label] += 1
            return own(*a, **k)

        monkeypatch.setattr(owner, name, wrapper)

    counting(Timeline, "at", "Timeline.at")
    counting(renderer, "set_detail", "set_detail")
    counting(SceneState, "__eq__", "SceneState ==")
    import spineviz.app.live_scene as live_scene

    counting(live_scene, "at_time", "at_time")
    hits = live.moment_hits
    for _ in range(6):
        live._tick()
    assert live.moment_hits - hits == 6, "each tick found its prepared moment"
    assert counts == {"Timeline.at": 0, "set_detail": 0, "SceneState ==": 0, "at_time": 6}, counts
    window.plotter.camera.zoom(1.25)  # the camera changed: the next tick sets the detail again, once
    live._tick()
    live._tick()
    assert counts["set_detail"] == 1
    live.tick_copies = False  # session 27's path: the motion and the detail on every tick again
    for _ in range(3):
        live._tick()
    assert counts["Timeline.at"] == 3 and counts["set_detail"] == 4
    live.pause()


def test_the_panels_take_the_ticks_motion_and_the_kept_pose(window, monkeypatch):
    live = window.live
    play_held(window, _Clock())
    live.set_state(at_time(live.state, 0.5))
    live._tick()
    calls = []
    own = Timeline.at
    monkeypatch.setattr(Timeline, "at", lambda self, t: calls.append(t) or own(self, t))
    motion = live.motion_of(live.state)
    p = live.pose()
    assert calls == [], "pose() asked the timeline again for the tick's motion"
    assert p is live._kept[motion][1][0], "the panels' pose is the moment's kept one"
    assert live.loads().newtons.shape == (48,)
    live.pause()
