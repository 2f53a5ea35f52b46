"""Issue 13, session 30: a tick that finds no moment prepared works out the next ticks' moments with its own.

Ticks made back to back (the benchmark's held clock, or frames slower than Play's timer) leave no gap for
``prepare_ahead``, and Play's budget prepares only the next second or two of the cycle, so most such ticks worked
their moment out alone. Now such a tick works out, in one batch with its own, the moments of the next ticks if they
come as far apart as the typical tick of late (``LiveScene._batch_on_miss``; a batch of 4 costs about half of 4
moments alone). Here a first pass of ticks back to back, nothing prepared, finds most of its moments kept and draws
exactly what the same ticks draw with every moment worked out on its tick; and over a whole cycle every moment a
batch kept is, byte for byte, what the moment alone gives. Fails on main (no batch: every such tick misses).
"""

from __future__ import annotations

import numpy as np
import pytest

from spineviz.app.live_scene import LiveScene
from spineviz.motion import loads
from spineviz.render.facet_colours import pose_and_colours
from spineviz.scene import Animation, SceneState
from spineviz.scene.state import at_time
from tests.app.playing import play_held
from tests.app.test_cycle_prepared import _pass
from tests.app.test_moments_kept import _same

pytestmark = pytest.mark.gui


class _BackToBack:
    """Ticks back to back: 16 ms apart (4 steps of 1/240 s), every fifth 20 ms (5 steps)."""

    def __init__(self) -> None:
        self.n = 0

    def start(self) -> None:
        pass

    def restart(self) -> int:
        self.n += 1
        return 20 if self.n % 5 == 0 else 16


def test_a_tick_that_misses_works_out_the_next_ticks_moments_and_they_draw_the_same(window):
    play_held(window, _BackToBack(), budget_ms=0.0)  # Play prepares one batch (the cycle's first 16 steps) only
    live = window.live
    start = at_time(live.state, 0.5)  # far past what Play prepared: nothing kept here
    made = getattr(live, "moments_batched", 0)
    batched, hits, misses = _pass(window, start, 16)
    assert misses + hits == 16
    assert hits >= 16 // 2, f"{hits} kept, {misses} worked out: the batches serve most ticks"
    assert live.moments_batched - made >= hits
    assert len({p["time"] for p in batched}) == 16
    live.keep_moments = False  # the same ticks, every moment worked out on its tick
    afresh, hits, misses = _pass(window, start, 16)
    assert (hits, misses) == (0, 0)
    for a, b in zip(batched, afresh, strict=True):
        assert a == b, f"the moment a batch kept at {a['time']} s draws something else"
    live.keep_moments = True
    live.batch_misses = False  # session 29's path: every tick works its own moment out alone
    live.set_state(start)
    live.prepare_cycle()  # the cycle's tag for this scene again (keep_moments is in it); then nothing kept
    live._kept.clear()
    _drawn, hits, misses = _pass(window, start, 16)
    assert (hits, misses) == (0, 16)
    live.pause()


def test_every_moment_a_batch_keeps_over_a_cycle_is_the_moment_alone_to_the_byte(window):
    model = window.live.model
    loads.calibration(model)
    live = LiveScene(model, SceneState(animation=Animation(preset="extension_rotation", time=0.0), loads=True))
    live.cycle_budget_ms = 0.0
    live.play()
    live.timer.start(2**31 - 1)  # playing; the test makes the ticks
    live._clock = _BackToBack()
    anim = live.state.animation
    kept_at_play = set(live._kept)
    ticks = round(anim.cycle * 240 / 4.2) + 10  # a whole cycle and round again
    for _ in range(ticks):
        live._tick()
    live.pause()
    assert getattr(live, "moments_batched", 0) > ticks // 2
    batched = [m for m in live._kept if m not in kept_at_play]
    assert len(batched) > ticks
    for motion in batched:
        _key, result = live._kept[motion]
        alone = pose_and_colours(live.state, model, motion)
        assert _same(result, alone), motion
        assert result[0].transforms.tobytes() == alone[0].transforms.tobytes()
        assert result[1].tobytes() == alone[1].tobytes()
        assert np.asarray(result[2]["newtons"]).tobytes() == alone[2]["newtons"].tobytes()
    live.shutdown()


@pytest.mark.parametrize("speed", [1.0, 0.7])
def test_a_tick_after_the_model_changed_under_play_moves_on(qapp, speed):
    """A new model under Play (as opening another spine sets it) forgets the moments on the next tick; a tick that
    then misses has no motion to batch for and must move on, not raise (session 30's review: at a speed whose cycle is
    not whole steps, ``prepare_cycle`` returns before it forgets, and the batch read a forgotten motion, None)."""
    import copy

    from spineviz.anatomy.spine import load_spine

    model = load_spine().model
    live = LiveScene(model, SceneState(animation=Animation(preset="extension_rotation", speed=speed, time=1.0)))
    try:
        live.cycle_budget_ms = 0.0
        live.play()
        live.timer.start(2**31 - 1)  # ticks only by hand
        live._clock = _BackToBack()
        for _ in range(3):
            live._tick()
        before = live.state.animation.time
        live.model = copy.copy(model)
        live._tick()
        assert live.state.animation.time != before
    finally:
        live.pause()
        live.shutdown()
