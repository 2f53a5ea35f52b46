"""Issue 13, session 39 (perf39): a prepared write calls no hook that has nothing to do, and writes what it wrote.

A tick whose moment Play prepared is one prepared write (session 34). Until session 39 each such frame still called
the nerves' and the cut's hooks (``scene_render._nerves_and_clip``), which with no nerve shown and no cut (a prepared
write follows a frame with no cut) pose nothing and cut nothing; and the world matrices were made into lists on every
frame, where they are now made into lists once, with the prepared moment's other writes. Here: six prepared ticks
call the hooks not once with the nerves off (fails on session 38's tree: six calls), and with the nerves shown they are
still posed on every prepared frame, as the long way poses them at the same moment (the tubes' matrices and the
picture equal).
"""

from __future__ import annotations

import numpy as np
import pytest

from spineviz.render import scene_render
from spineviz.scene.state import at_time
from tests.app.playing import play_held
from tests.app.test_moments_kept import _Clock
from tests.app.test_prepared_write import _written

pytestmark = pytest.mark.gui


def _counted_hooks(monkeypatch) -> list:
    calls: list = []
    own = scene_render._nerves_and_clip

    def counted(renderer, state):
        calls.append(state)
        return own(renderer, state)

    monkeypatch.setattr(scene_render, "_nerves_and_clip", counted)
    return calls


def _prepared_ticks(window, n: int) -> int:
    live, renderer = window.live, window.viewport.renderer
    before = renderer.prepared_frames
    for _ in range(n):
        live._tick()
        window.plotter.ren_win.Render()
    return renderer.prepared_frames - before


def test_a_prepared_write_with_no_nerve_shown_calls_no_nerve_or_cut_hook(window, monkeypatch):
    live = window.live
    play_held(window, _Clock())  # the whole cycle prepared, with each moment's writes
    live.set_state(at_time(live.state, 0.5))
    live._tick()  # the first tick after a change of state goes the long way
    calls = _counted_hooks(monkeypatch)
    assert _prepared_ticks(window, 6) == 6, "six prepared writes"
    live.pause()
    assert calls == [], f"the nerves' and cut's hooks called {len(calls)} times by six prepared writes"


def _nerve_matrices(window) -> list:
    nerves = window.viewport.renderer.nerves
    return [np.asarray(a.user_matrix).tobytes() for _name, a in sorted(nerves.actors.items())]


def test_with_the_nerves_shown_a_prepared_write_poses_them_as_the_long_way_does(window):
    live, renderer = window.live, window.viewport.renderer
    play_held(window, _Clock())
    live.update_layers(nerves=True)
    live.set_state(at_time(live.state, 0.5))
    live._tick()
    assert _prepared_ticks(window, 5) == 5, "prepared writes with the nerves shown"
    prepared = _written(window), _nerve_matrices(window), live.state.animation.time
    renderer.prepared_writes = False  # the long way, at the same moment
    live.set_state(at_time(live.state, 0.25))
    live.set_state(at_time(live.state, prepared[2]))
    window.plotter.ren_win.Render()
    long_way = _written(window), _nerve_matrices(window)
    live.pause()
    assert prepared[1] == long_way[1], "the nerves' matrices differ"
    for key, value in long_way[0].items():
        if key == "pixels":
            assert np.array_equal(prepared[0][key], value), "the picture differs"
        else:
            assert prepared[0][key] == value, f"{key} differs"
