"""The window playing with a stand-in clock: the set-up the tick tests share (issue 13)."""

from __future__ import annotations


def play_held(window, clock, preset: str = "extension_rotation") -> None:
    """Coarse bones made, loads and level names on, ``preset`` playing; the ticks are the test's, timed by ``clock``.

    The timer runs (the app is *playing*: detail coarse, panels paced) but is never due.
    """
    window.viewport.prepare_detail()
    live = window.live
    live.update(loads=True)
    live.update_layers(labels=True)
    live.play(preset)
    live.timer.start(2**31 - 1)  # playing; the test makes the ticks
    live._clock = clock
