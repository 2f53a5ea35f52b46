"""Issue 13, session 26: pressing Play works out the animation's whole cycle, so even a first pass draws kept moments.

Sessions 23 and 24 kept each moment once met and prepared the next tick's in the gap at Play's pace; the first pass
of ticks made back to back (the benchmark's) still worked every moment out on its tick. Now ``LiveScene.play``
works out every step of the cycle in batches before the first tick (``prepare_cycle``), and a tick whose scene
gives another key (another load scale, another region) prepares the cycle again. Here a first pass is served from
what was prepared, tick after tick, and draws exactly what the same ticks draw with every moment computed afresh.
"""

from __future__ import annotations

import pytest

from spineviz.app.live_scene import MOMENT_STEPS, MOMENTS_KEPT
from spineviz.scene.state import at_time
from tests.app.playing import play_held
from tests.app.test_moments_kept import _Clock, _picture

pytestmark = pytest.mark.gui


def _pass(window, start, ticks: int) -> tuple[list[dict], int, int]:
    """``ticks`` ticks from ``start``, each drawn; (pictures, look-ups served from kept moments, computed)."""
    live = window.live
    live.set_state(start)
    window.plotter.ren_win.Render()
    live._clock.n = 0
    hits, misses = live.moment_hits, live.moment_misses
    drawn = []
    for _ in range(ticks):
        live._tick()
        window.plotter.ren_win.Render()
        drawn.append(_picture(window))
    return drawn, live.moment_hits - hits, live.moment_misses - misses


def _afresh(window, start, ticks: int) -> list[dict]:
    """The same ticks with every moment worked out on its tick (nothing kept)."""
    live = window.live
    live.keep_moments = False
    try:
        return _pass(window, start, ticks)[0]
    finally:
        live.keep_moments = True


def test_a_first_pass_after_play_is_served_from_the_prepared_cycle_and_draws_the_same(window):
    live = window.live
    play_held(window, _Clock(jitter=True))  # Play pressed: the cycle is worked out before the first tick
    assert live.cycles_prepared == 1
    kept = dict(live._kept)
    assert 1000 < len(kept) <= MOMENTS_KEPT  # extension_rotation: 1,920 steps of 1/240 s, some moments alike
    start = at_time(live.state, 0.5)
    served, hits, misses = _pass(window, start, 14)
    assert (hits, misses) == (14, 0), "every tick of the first pass finds its moment prepared"
    assert live.cycles_prepared == 1, "the same scene: nothing prepared again"
    assert all(abs(p["time"] * MOMENT_STEPS - round(p["time"] * MOMENT_STEPS)) < 1e-6 for p in served)
    assert len({p["time"] for p in served}) == 14
    assert served == _afresh(window, start, 14), "a prepared moment draws something else"
    live.pause()


def test_a_tick_with_another_scene_prepares_the_cycle_again(window):
    live = window.live
    play_held(window, _Clock())
    before = live.cycles_prepared
    live.update_layers(load_range=(5.0, 80.0))  # the scene's own load scale: other colours at every moment
    live.set_region("lumbar")  # other joints shown: other three most loaded
    start = at_time(live.state, 2.0)
    served, hits, misses = _pass(window, start, 8)
    assert live.cycles_prepared == before + 1, "the first tick with the new scene prepared the cycle again"
    assert (hits, misses) == (8, 0)
    assert served == _afresh(window, start, 8)
    live.pause()
    live.play()  # the same scene again: what is kept is kept
    assert live.cycles_prepared == before + 1 or live.prepare_cycle() == 0
    live.pause()


def test_no_cycle_is_prepared_with_the_preparation_off(window):
    live = window.live
    live.prepare_cycles = False
    play_held(window, _Clock(), cycle=False)
    assert live.cycles_prepared == 0 and len(live._kept) <= 2  # the moments drawn before and when Play was pressed
    _served, hits, misses = _pass(window, at_time(live.state, 0.5), 4)
    assert (hits, misses) == (0, 4), "each tick works its moment out, as before session 26"
    live.pause()
