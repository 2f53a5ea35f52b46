"""Issue 13, session 31: a tick of Play is drawn in its own slot, with no repaint asked of Qt.

The native view paints by rendering; a tick that asked Qt for a repaint paid for Qt's update request, its paint
event and the Python event filters they pass (docs/performance.md, session 31). The tick now renders at once
(``Viewport.draw_ticks_now``): one render inside the tick, none left for the event loop, and the same pixels as
the repaint drew. A glide of the camera under way still asks Qt, so its steps and the tick share one render.
"""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtWidgets import QApplication
from vtkmodules.vtkCommonCore import vtkUnsignedCharArray

from spineviz.scene.state import at_time
from tests.app.playing import play_held

pytestmark = pytest.mark.gui


class _Clock:
    """33 ms a tick, whatever the machine's speed (the moments are the same each run)."""

    def start(self) -> None:
        pass

    def restart(self) -> int:
        return 33


def _playing(window, qtbot) -> None:
    """Play held (the ticks are the test's), once the camera's glide to the animation's framing has ended.

    Only the native view draws a tick at once; pyvistaqt's widget (``SPINEVIZ_VIEW=qt``, or no X11) keeps Qt's
    repaint, where these tests would compare the same path with itself.
    """
    if type(window.plotter).__name__ != "NativeView":
        pytest.skip("the tick is drawn at once only on the native view")
    play_held(window, _Clock())
    qtbot.waitUntil(lambda: not window.viewport.camera.moving, timeout=10_000)
    window.live._tick()
    QApplication.processEvents()


def _counting(window) -> list:
    renders: list = []
    window.plotter.ren_win.AddObserver("EndEvent", lambda *_: renders.append(1))
    return renders


def _front_pixels(window) -> bytes:
    """What the last render put on screen (the front buffer), read without rendering again."""
    ren_win = window.plotter.ren_win
    w, h = ren_win.GetSize()
    data = vtkUnsignedCharArray()
    ren_win.GetPixelData(0, 0, w - 1, h - 1, 1, data, 0)
    return bytes(memoryview(data))


def _frames(window, at_once: bool, ticks: int) -> list[bytes]:
    """``ticks`` ticks of Play from 0.5 s, each frame's pixels as shown once the event loop has run."""
    live = window.live
    window.viewport.draw_ticks_now = at_once
    live.set_state(at_time(live.state, 0.5))
    QApplication.processEvents()
    pictures = []
    for _ in range(ticks):
        live._tick()
        QApplication.processEvents()
        pictures.append(_front_pixels(window))
    return pictures


def test_a_tick_of_play_is_drawn_in_its_slot_and_nothing_is_left_for_the_event_loop(window, qtbot):
    _playing(window, qtbot)
    live = window.live
    renders = _counting(window)
    for k in range(1, 7):
        live._tick()
        assert len(renders) == k, "the tick drew its frame before returning"
        QApplication.processEvents()
        assert len(renders) == k, "and no repaint was left for Qt to draw again"
    window.viewport.draw_ticks_now = False  # session 30's path, the measuring script's A/B
    live._tick()
    assert len(renders) == 6
    QApplication.processEvents()
    assert len(renders) == 7


def test_a_tick_drawn_at_once_shows_the_pixels_the_repaint_showed(window, qtbot):
    _playing(window, qtbot)
    queued = _frames(window, at_once=False, ticks=5)
    at_once = _frames(window, at_once=True, ticks=5)
    assert len(set(at_once)) > 1, "the ticks moved the spine"
    for k, (a, b) in enumerate(zip(at_once, queued, strict=True)):
        assert a == b, f"tick {k}: {np.count_nonzero(np.frombuffer(a, np.uint8) != np.frombuffer(b, np.uint8))} bytes"


def test_a_tick_during_a_camera_glide_shares_the_glides_repaint(window, qtbot):
    _playing(window, qtbot)
    live, viewport = window.live, window.viewport
    start = viewport.camera.current()
    window.plotter.camera.azimuth = window.plotter.camera.azimuth + 30
    viewport.camera.glide_from(start)
    assert viewport.camera.moving
    renders = _counting(window)
    live._tick()
    assert renders == [], "a tick during a glide asks Qt, as the glide's steps do"
    QApplication.processEvents()
    assert len(renders) == 1
    viewport.camera.stop()


def test_a_tick_after_a_repaint_was_asked_leaves_its_frame_to_that_paint(window, qtbot):
    """A repaint already asked of Qt in the same turn of the event loop (a hover, the cut plane dragged, a zoom, a
    resize) draws the tick's frame too: one render for both, as before session 31, not two (the review of
    perf31b: 2 renders a turn with a hover before each tick)."""
    _playing(window, qtbot)
    live = window.live
    renders = _counting(window)
    for k in range(1, 5):
        window.request_render()  # what a hover settling asks
        live._tick()
        QApplication.processEvents()
        assert len(renders) == k, f"turn {k}: {len(renders)} renders for {k} turns"
    live._tick()  # and with nothing asked, the tick draws itself again
    assert len(renders) == 5
    QApplication.processEvents()
    assert len(renders) == 5
