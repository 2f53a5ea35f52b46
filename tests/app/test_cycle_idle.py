"""Issue 13, session 38: the cycle of an animation shown but not playing is worked out while the app is idle.

Until session 38 pressing Play worked out what its budget reached (a second or two of the cycle) and the rest was left
to the gaps after frames; ticks made back to back (the benchmark's, a machine slower than the timer) leave no gap, so
12-38 % of them found their moment not prepared and worked it out (2.5-2.8 ms of main-thread CPU each). Now a preset
opened (a scene loaded, Play paused) has its whole cycle worked out in the event loop's idle turns, a few ms a
chunk (``LiveScene._idle_step``), with the view's writes and names for each moment; a change of the preset, speed or
load range throws it away and begins the new one. Here: after the idle work a back-to-back pass of the whole cycle
finds every moment prepared and draws each by a prepared write (on main: the misses of a budget of 0 ms); changing the
speed, the preset or the load range throws the prepared cycle away (on main: nothing was prepared); a key press is
answered while the cycle is being prepared, between two chunks (on main: nothing was being prepared). And a tick
reaches the 3D view by a direct call, not the ``changed`` signal's dispatch, and draws what the signal's way draws, byte
for byte (on main: the view is only a listener of the signal).
"""

from __future__ import annotations

import time
from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from spineviz.scene import Animation
from spineviz.scene.state import at_time
from tests.app.playing import play_held
from tests.app.test_moments_batched import _BackToBack
from tests.app.test_prepared_write import _written

pytestmark = pytest.mark.gui

PRESET = "extension_rotation"


def _open_preset(window, preset: str = PRESET) -> None:
    """Coarse bones made, loads and names on, ``preset`` chosen in the Motion panel's box (not played)."""
    window.viewport.prepare_detail()
    live = window.live
    live.update(loads=True)
    live.update_layers(labels=True)
    live.update(animation=Animation(preset=preset, speed=1.0, time=0.0), motion=None)  # as _chose_animation does


def _busy(live) -> bool:
    """Whether the idle work is still asked for (main has none)."""
    idle = getattr(live, "_idle", None)
    return idle is not None and idle.isActive()


def _idle(qtbot, live, still_s: float = 1.5, most_s: float = 60.0) -> int:
    """Let the event loop run until the moments kept stop growing for ``still_s`` and the idle work (the names after
    the moments) is done; how many moments are kept then."""
    end, last, since = time.monotonic() + most_s, -1, time.monotonic()
    while time.monotonic() < end:
        qtbot.wait(25)
        n = len(live._kept)
        if n != last:
            last, since = n, time.monotonic()
        elif time.monotonic() - since >= still_s and not _busy(live):
            break
    return last


def _back_to_back(window, n: int) -> tuple[int, int, int]:
    """``n`` ticks back to back (each drawn): (moments found kept, worked out on the tick, prepared writes)."""
    live, renderer = window.live, window.viewport.renderer
    hits, misses, quick = live.moment_hits, live.moment_misses, renderer.prepared_frames
    for _ in range(n):
        live._tick()
    return live.moment_hits - hits, live.moment_misses - misses, renderer.prepared_frames - quick


def _play_back_to_back(window) -> None:
    live = window.live
    live.cycle_budget_ms = 0.0  # Play's own budget prepares nothing more: what the ticks find, the idle turns made
    live.play()
    live.timer.start(2**31 - 1)  # playing; the test makes the ticks
    live._clock = _BackToBack()


def test_a_back_to_back_pass_of_the_cycle_after_the_idle_work_finds_every_moment_prepared(window, qtbot):
    _open_preset(window)
    live = window.live
    kept = _idle(qtbot, live)
    assert kept >= 1600, f"{kept} moments kept after the idle turns (the cycle has 1,671 distinct)"
    assert live.idle_chunks > 20, "worked out in many short chunks, not at once"
    assert not window.viewport._waiting[1], "and the names of every moment laid out"
    _play_back_to_back(window)
    _back_to_back(window, 1)  # the first tick after a change of state goes the long way
    hits, misses, quick = _back_to_back(window, 460)  # 460 ticks of 4-5 steps: the whole 1,920-step cycle
    live.pause()
    assert misses == 0, f"{misses} of 460 back-to-back ticks worked their moment out"
    assert hits == 460 and quick == 460, f"{hits} kept, {quick} prepared writes of 460"


@pytest.mark.parametrize("change", ["speed", "preset", "load range"])
def test_changing_the_speed_preset_or_range_throws_the_prepared_cycle_away(window, qtbot, change):
    _open_preset(window)
    live, renderer = window.live, window.viewport.renderer
    _idle(qtbot, live)
    old = set(live._motions.values())
    assert len(old) >= 1600 and all(m in live._kept for m in old), "the cycle prepared while idle"
    assert len(renderer._held) >= 1600, "with its moments' writes"
    anim = live.state.animation
    if change == "speed":
        live.update(animation=replace(anim, speed=0.5))
    elif change == "preset":
        live.update(animation=Animation(preset="flexion_extension", speed=1.0, time=0.0))
    else:
        live.update_layers(load_range=(0.0, 400.0))
    assert not any(m in live._kept for m in old), "the old cycle's moments are thrown away at the change"
    assert not renderer._held, "and the view's writes for them"
    assert live._pending, "the new cycle is begun"
    _idle(qtbot, live)
    _play_back_to_back(window)
    _back_to_back(window, 1)
    hits, misses, _quick = _back_to_back(window, 60)
    live.pause()
    assert misses == 0 and hits == 60, f"the new cycle prepared while idle: {misses} of 60 ticks missed"


def test_the_window_answers_a_key_press_while_the_cycle_is_prepared(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    window.plotter.interactor.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=3000)
    _open_preset(window)
    live = window.live
    answered: list = []

    def press() -> None:  # a key the user presses once the event loop has run a turn after the preset opened
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_1)  # the anterior view
        answered.append((live.state.camera.view, len(live._pending), len(live._kept)))

    QTimer.singleShot(0, press)
    qtbot.waitUntil(lambda: bool(answered), timeout=10000)
    view, pending, kept = answered[0]
    assert view == "anterior", "the key was answered"
    assert pending > 0, f"the key was answered while the cycle was prepared ({kept} moments kept, {pending} to go)"
    assert _idle(qtbot, live) >= 1600, "and the cycle went on after it"


def _ticks_from(window, t0: float, n: int) -> dict:
    """``n`` back-to-back ticks from the moment ``t0`` (the first after a change of state goes the long way)."""
    live = window.live
    live.set_state(at_time(live.state, t0))
    live._clock = _BackToBack()
    for _ in range(n):
        live._tick()
    return _written(window)


def test_a_tick_reaches_the_view_by_a_direct_call_and_draws_what_the_signal_drew(window):
    play_held(window, _BackToBack())  # the whole cycle prepared, with each moment's writes
    live, view = window.live, window.viewport
    own = live.view_listener
    assert own == view._show, "the 3D view is told of each change directly"
    told: list = []
    live.view_listener = lambda new, old: (told.append(live.ticking), own(new, old))
    direct = _ticks_from(window, 0.5, 7)
    assert told == [False, *[True] * 7], "the change of state, then seven ticks, each known to be a moment alone"
    heard: list = []
    live.changed.connect(lambda *a: heard.append(a))  # another listener: it hears every change too, after the view
    live.view_listener = None  # main's way: the view a listener of the signal like any other
    live.changed.connect(view._show)
    by_signal = _ticks_from(window, 0.5, 7)
    live.pause()
    assert len(heard) == 8
    for key, value in by_signal.items():
        if key == "pixels":
            assert np.array_equal(direct[key], value), "the picture differs"
        else:
            assert direct[key] == value, f"{key} differs"


def test_the_idle_chunks_take_the_cycle_tag_from_the_state_they_were_begun_for(window, qtbot, monkeypatch):
    """Session 39 (perf39): an idle chunk asks whether the state is still the one its cycle was begun for by identity.

    On session 38's tree each chunk worked the cycle tag out again (``_cycle_tag_of``, ``visible_segments()`` among
    it), once in ``_idle_step`` and once more for its batch (``_work_pending``): 2 or more a chunk, some 300 for a
    cycle. Now the tag of the state is worked out once and kept with it (``LiveScene._tag_now``, as the ticks' memo).
    """
    live = window.live
    calls: list = []
    own = live._cycle_tag_of

    def counted(state):
        calls.append(state)
        return own(state)

    monkeypatch.setattr(live, "_cycle_tag_of", counted)
    _open_preset(window)
    chunks = live.idle_chunks
    assert _idle(qtbot, live) >= 1600, "the cycle prepared while idle"
    chunks = live.idle_chunks - chunks
    assert chunks > 20, "in many chunks"
    assert len(calls) <= 4, f"the cycle tag worked out {len(calls)} times in {chunks} idle chunks"
    assert live._tag_now() == own(live.state), "and the tag kept is the state's"
