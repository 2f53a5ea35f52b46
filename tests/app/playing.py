"""The window playing with a stand-in clock: the set-up the tick tests share (issue 13)."""

from __future__ import annotations


def play_held(window, clock, preset: str = "extension_rotation", *, cycle: bool = True,
              budget_ms: float | None = None) -> None:
    """Coarse bones made, loads and level names on, ``preset`` playing; the ticks are the test's, timed by ``clock``.

    The timer runs (the app is *playing*: detail coarse, panels paced) but is never due. ``cycle=False``: the
    cycle is not prepared when Play starts (session 26), so the ticks work out their moments (or find them kept
    by sessions 23 and 24's means). ``budget_ms``: how long pressing Play may prepare before the first frame (the
    app's :data:`~spineviz.app.live_scene.CYCLE_BUDGET_MS`); None, the default here, prepares the whole cycle at once
    so that what a test's ticks find does not depend on the machine's speed.
    """
    window.viewport.prepare_detail()
    live = window.live
    live.prepare_cycles = cycle
    live.cycle_budget_ms = budget_ms
    live.update(loads=True)
    live.update_layers(labels=True)
    live.play(preset)
    live.timer.start(2**31 - 1)  # playing; the test makes the ticks
    live._clock = clock


class PacedClock:
    """Play's 33 ms timer with its jitter (31-35 ms a tick); ``elapsed`` is read after a frame of ``frame_ms``.

    The stand-in for the app's clock when the next tick is due ``FRAME_MS - frame_ms`` after a frame (issue 13,
    session 24: tests/app/test_moments_ahead.py, docs/performance-session24-ab.py ``--gap``).
    """

    def __init__(self, frame_ms: int) -> None:
        self.n, self.frame_ms = 0, frame_ms

    def start(self) -> None:
        pass

    def restart(self) -> int:
        self.n += 1
        return 31 + (self.n * 7) % 5

    def elapsed(self) -> int:
        return self.frame_ms
