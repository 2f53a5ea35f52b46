"""Issue 13, session 24: while Play runs at its timer's pace, the next tick's moments are prepared in the gap.

Session 23 kept each moment once met, so a loop's second pass was looked up; the first pass still computed every
moment on the tick (the pose, the 48 loads, the colours: about half of a tick's own work). Now, after a tick's
frame is drawn and while the timer's next tick is far enough off (:data:`PREPARE_SLACK_MS`), the steps the next
tick can reach (due, give or take the timer's jitter) are worked out and kept (:meth:`LiveScene.prepare_ahead`).
Here a first pass with a timer's jitter finds every tick after the first served from what was prepared, and draws
exactly what the same pass draws with every moment computed on its tick; with no gap (frames slower than the timer, the
benchmark's held clock) nothing is prepared, so a tick never waits for work it did not need.
"""

from __future__ import annotations

import pytest

from spineviz.app.live_scene import FRAME_MS, PREPARE_SLACK_MS
from spineviz.scene.state import at_time
from tests.app.playing import PacedClock, play_held
from tests.app.test_moments_kept import _picture

pytestmark = pytest.mark.gui


def _at_pace(window, due_ms: int) -> None:
    """The window playing with Play's timer at its own pace, the next tick ``due_ms`` away after each frame."""
    play_held(window, PacedClock(FRAME_MS - due_ms), cycle=False)  # the gap's preparation alone (no whole cycle)
    live = window.live
    live.timer.start(FRAME_MS)  # the app's pace (play_held holds the clock); the test makes the ticks
    live._due_ms = lambda: due_ms


def _first_pass(window, ticks: int, *, prepare: bool, gap: bool = True) -> tuple[list[dict], int, int, int]:
    """``ticks`` ticks from 0.5 s, nothing kept; after each frame the gap's preparation, as the event loop runs it."""
    live = window.live
    live.forget_moments()
    live.prepare_moments = prepare
    live.set_state(at_time(live.state, 0.5))
    live._clock.n = 0
    hits, misses, prepared = live.moment_hits, live.moment_misses, live.moments_prepared
    drawn = []
    for _ in range(ticks):
        live._tick()
        window.plotter.ren_win.Render()
        drawn.append(_picture(window))
        assert live._ahead.isActive() == prepare, "the gap's work is asked for after each tick at the timer's pace"
        if gap:
            live._ahead.stop()
            live.prepare_ahead()  # what the single-shot timer runs in the event loop's next turn
    return drawn, live.moment_hits - hits, live.moment_misses - misses, live.moments_prepared - prepared


def test_a_first_pass_at_the_timers_pace_finds_its_moments_prepared_and_draws_the_same(window):
    _at_pace(window, due_ms=FRAME_MS - 12)  # a 12 ms frame: 21 ms to the next tick
    computed, hits, misses, prepared = _first_pass(window, 16, prepare=False)
    assert (hits, misses, prepared) == (0, 16, 0), "without preparing, a first pass computes every moment on its tick"
    ahead, hits, misses, prepared = _first_pass(window, 16, prepare=True)
    assert (hits, misses) == (15, 1), "every tick after the first finds its moment prepared in the gap before it"
    assert 16 <= prepared <= 2 * 16, "the steps a tick 31-35 ms after the last reaches (7 or 8), each tick"
    assert len({p["time"] for p in ahead}) == 16
    for a, b in zip(computed, ahead, strict=True):
        assert a == b, f"the moment prepared ahead at {a['time']} s draws something else"
    window.live.pause()


def test_nothing_is_prepared_without_a_gap(window):
    _at_pace(window, due_ms=PREPARE_SLACK_MS - 1)  # a frame slower than the timer leaves no gap
    _drawn, hits, misses, prepared = _first_pass(window, 6, prepare=True)
    assert (hits, misses, prepared) == (0, 6, 0)
    live = window.live
    live.timer.start(2**31 - 1)  # the benchmark's held clock: ticks back to back, as fast as they are drawn
    live._due_ms = lambda: FRAME_MS
    _drawn, hits, misses, prepared = _first_pass(window, 6, prepare=False, gap=False)
    live.prepare_moments = True
    live._tick()
    assert not live._ahead.isActive(), "ticks not at the timer's pace ask for no preparation"
    assert live.prepare_ahead() == 0
    live.pause()
    assert live.prepare_ahead() == 0, "nothing is prepared while paused"
