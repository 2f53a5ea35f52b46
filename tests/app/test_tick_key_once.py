"""Issue 13, session 27: a tick of Play works out what its moment is kept under (``LiveScene._key_of``) once.

The check for a cycle prepared for another scene (``_cycle_tag_of``) and the look-up of the tick's moment
(``frame_for``) each worked the key out, ``visible_segments()`` included; the tick now hands the first to the second
(only the time differs between the two states). Fails on main, where each tick works it out twice.
Since session 38 (perf38) a tick also hands its key to the next tick while only the time moves: once in six ticks.
"""

from __future__ import annotations

import pytest

from spineviz.scene.state import at_time
from tests.app.playing import play_held
from tests.app.test_moments_kept import _Clock

pytestmark = pytest.mark.gui


def test_a_tick_works_its_key_out_once_and_finds_its_moment(window, monkeypatch):
    live = window.live
    play_held(window, _Clock())
    live.set_state(at_time(live.state, 0.5))
    calls = []
    own = live._key_of

    def counted(state):
        calls.append(state)
        return own(state)

    monkeypatch.setattr(live, "_key_of", counted)
    hits = live.moment_hits
    for _ in range(6):
        live._tick()
    assert live.moment_hits - hits == 6, "each tick found its prepared moment under the key handed on"
    # since session 38 (perf38's lean ticks) the key is carried from tick to tick while only the time moves: the
    # first tick works it out, the next five take it from the last tick's tag (never more than once a tick)
    assert len(calls) == 1, f"the key worked out {len(calls)} times in 6 ticks"
    live.update_layers(load_range=(5.0, 80.0))  # another key: the next tick prepares the cycle again, served
    hits, misses = live.moment_hits, live.moment_misses
    live._tick()
    assert (live.moment_hits - hits, live.moment_misses - misses) == (1, 0)
    assert live._key_memo[1] == own(live.state)
    live.pause()
