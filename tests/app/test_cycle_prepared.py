"""Issue 13, session 26: pressing Play works out the animation's whole cycle, so even a first pass draws kept moments.

Sessions 23 and 24 kept each moment once met and prepared the next tick's in the gap at Play's pace; the first pass
of ticks made back to back (the benchmark's) still worked every moment out on its tick. Now ``LiveScene.play``
works out every step of the cycle in batches before the first tick (``prepare_cycle``), and a tick whose scene
gives another key (another load scale, another region) prepares the cycle again. Here a first pass is served from
what was prepared, tick after tick, and draws exactly what the same ticks draw with every moment computed afresh.
"""

from __future__ import annotations

import pytest

from spineviz.app.live_scene import CYCLE_BATCH, FRAME_MS, MOMENT_STEPS, MOMENTS_KEPT
from spineviz.render.marks import marks_of
from spineviz.scene.state import at_time
from tests.app.playing import PacedClock, play_held
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


def _names(window) -> tuple:
    """The names as VTK draws them: each one's visibility, justification and place, and the leader lines' points."""
    from tests.render.test_labels import _drawn_names

    names, extra, leaders, shown = _drawn_names(marks_of(window.plotter).labels)
    return names, extra, leaders.tolist(), shown


def test_a_moment_met_again_under_the_same_camera_places_its_names_with_no_layout(window):
    """Session 26: the names' layout is kept with what it depends on; a moment met again is placed from it.

    A second pass over the same moments (the camera held) works out no layout in Python, and every name's text,
    visibility, justification and place and every leader line are those of the first pass, which are those of a
    layout made afresh for the frame.
    """
    from tests.render.test_labels import _drawn_names, _fresh_layout

    play_held(window, _Clock(jitter=True))
    live = window.live
    labels = marks_of(window.plotter).labels
    start = at_time(live.state, 0.5)
    passes = []
    for _ in range(2):
        live.set_state(start)
        window.plotter.ren_win.Render()
        live._clock.n = 0
        made = labels.layouts_made
        drawn = []
        for _tick in range(10):
            live._tick()
            window.plotter.ren_win.Render()
            drawn.append((_picture(window), _names(window)))
            fresh = _fresh_layout(labels)
            try:
                again = _drawn_names(fresh)
            finally:
                fresh.detach()
            assert drawn[-1][1][0] == again[0] and drawn[-1][1][2] == again[2].tolist()
        passes.append((drawn, labels.layouts_made - made))
    (first, first_made), (second, second_made) = passes
    assert first_made == 10, "the first pass lays out each new moment's names"
    assert second_made == 0, "the second pass finds each layout kept"
    assert first == second
    live.pause()


def _gap(ms: int):
    """A stand-in for the timer's remaining time: ``ms`` at first, 1 ms less at each reading (time passing)."""
    left = [ms + 1]

    def due() -> int:
        left[0] = max(0, left[0] - 1)
        return left[0]

    return due


def test_play_prepares_within_its_budget_and_the_rest_in_the_gaps(window):
    """Pressing Play works out at most its budget's batches before the first frame; the gaps after frames do the rest.

    With a budget of 0 ms exactly one batch is prepared when Play is pressed (Play starts at once, and a change while
    playing does not stall the picture); each gap of 21 ms then works out more of the cycle in batches, never when
    the next tick is near, and a first pass draws exactly what ticks computing every moment draw.
    """
    live = window.live
    play_held(window, PacedClock(12), budget_ms=0.0)
    live.timer.start(FRAME_MS)  # the app's pace (play_held holds the clock); the test makes the ticks
    assert live.cycles_prepared == 1
    kept_at_play = len(live._kept)
    assert live.cycle_made_at_once == CYCLE_BATCH, "a budget of 0 ms: the first batch only"
    assert len(live._pending) > 1000 - CYCLE_BATCH
    live._due_ms = lambda: 3  # the next tick too near: nothing of the cycle's rest
    live.prepare_ahead()
    assert len(live._kept) == kept_at_play
    live._due_ms = _gap(21)  # a gap of 21 ms, time passing as it is read
    live.prepare_ahead()
    assert len(live._kept) > kept_at_play, "a gap works out more of the cycle"
    assert live._pending, "one gap does not work out the whole cycle: it stops as the next tick nears"
    pending = len(live._pending)
    while live._pending:  # gap after gap, the whole cycle
        live._due_ms = _gap(21)
        live.prepare_ahead()
        assert len(live._pending) < pending
        pending = len(live._pending)
    start = at_time(live.state, 0.0)
    served, hits, misses = _pass(window, start, 10)
    assert (hits, misses) == (10, 0)
    assert served == _afresh(window, start, 10), "a moment prepared in a gap draws something else"
    live.pause()


def test_a_change_while_playing_drops_the_pending_rest(window):
    """The cycle's rest is for the scene it was asked for: after a change of what a tick draws it is not worked out."""
    live = window.live
    play_held(window, PacedClock(12), budget_ms=0.0)
    live.timer.start(FRAME_MS)
    assert live._pending
    live.update_layers(load_range=(5.0, 80.0))
    kept = len(live._kept)
    live._due_ms = lambda: 21
    live.prepare_ahead()
    assert not live._pending
    assert all(v[0] == live._look_up(live.state, m)[0] for m, v in list(live._kept.items())[kept:])
    live.pause()
