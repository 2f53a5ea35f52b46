"""Issue 13, session 37: the moments a back-to-back tick's miss works out get their writes prepared too.

A tick that finds its moment not prepared works it out with the next ticks' in one batch (``_batch_on_miss``, session
30). Until session 37 those moments were kept but not passed on, so the view held no world matrices or names for them
(``SceneRenderer.prepare_writes``) and each of the next ticks went the long way (``apply_pose``, ``draw_marks``,
``set_facet_colours``: about 0.2 ms of main-thread CPU more than a prepared write). Now the batch is passed on
(``batch_prepared``, its names left for a gap as Play's budget leaves them) and the ticks it serves are prepared
writes, the miss's own tick too (its moment's writes are prepared before its frame). Here: past Play's budget every
tick is a prepared write (none on main), the last one
leaves what the long way leaves for its moment, and the names waiting for a gap are not dropped by a later tick's
batch.
"""

from __future__ import annotations

import numpy as np
import pytest

from spineviz.scene.state import at_time
from tests.app.playing import play_held
from tests.app.test_moments_batched import _BackToBack
from tests.app.test_prepared_write import _written

pytestmark = pytest.mark.gui


def _ticks(window, n: int) -> tuple[int, int, int]:
    """``n`` ticks back to back, each rendered: (moments found kept, worked out on the tick, prepared writes)."""
    live, renderer = window.live, window.viewport.renderer
    hits, misses, quick = live.moment_hits, live.moment_misses, renderer.prepared_frames
    for _ in range(n):
        live._tick()
        window.plotter.ren_win.Render()
    return live.moment_hits - hits, live.moment_misses - misses, renderer.prepared_frames - quick


def test_the_ticks_a_miss_worked_out_are_prepared_writes_and_draw_what_the_long_way_draws(window):
    play_held(window, _BackToBack(), budget_ms=0.0)  # Play prepares the cycle's first 16 steps only
    live, renderer = window.live, window.viewport.renderer
    live.set_state(at_time(live.state, 0.5))  # far past what Play prepared: nothing kept here
    _ticks(window, 1)  # the first tick after a change of state goes the long way
    hits, misses, quick = _ticks(window, 24)
    assert hits >= 12 and misses >= 4, f"{hits} kept, {misses} worked out: the batches serve most ticks"
    assert quick == hits + misses, f"{quick} prepared writes of {hits + misses} ticks (a miss's own is prepared first)"
    prepared = _written(window)
    renderer._quick = None
    renderer.__dict__.pop("_box_quick", None)
    renderer.set_motion(live.motion_of(live.state), settle=False)  # the same moment the long way
    long_way = _written(window)
    for key, value in long_way.items():
        if key == "pixels":
            assert np.array_equal(prepared[key], value), "the picture differs"
        else:
            assert prepared[key] == value, f"{key} differs"
    live.pause()


def test_names_waiting_for_a_gap_are_not_dropped_by_a_later_ticks_batch(window):
    play_held(window, _BackToBack(), budget_ms=0.0)  # one batch of 16 moments, its names left for a gap
    live, view = window.live, window.viewport
    waiting = len(view._waiting[1])
    assert waiting == 16
    live.set_state(at_time(live.state, 0.5))
    batched = live.moments_batched
    _ticks(window, 1)  # a miss: its moment and the next ticks' worked out, their names left for a gap too
    assert live.moments_batched > batched
    assert len(view._waiting[1]) == waiting + 1 + live.moments_batched - batched
    live.pause()
