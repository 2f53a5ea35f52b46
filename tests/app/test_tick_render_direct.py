"""Issue 13, session 35: a tick of Play drawn in its slot renders without PyVista's ``render`` in between.

PyVista's ``BasePlotter.render`` checks the plotter's window and flags, tells the renderers' charts and calls the
on-render callbacks around the render; the app's view has none of them, so a tick drawn in its slot
(``Viewport._draw_tick``) renders through ``NativeView.render_tick``: one render, no PyVista layer (fails on main,
where each tick goes through ``BasePlotter.render``). The pixels are those PyVista's path draws, and a view that has
an on-render callback still goes the whole way, so the callback is called.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication
from pyvista.plotting.plotter import BasePlotter

from tests.app.test_tick_drawn_at_once import _counting, _front_pixels, _playing

pytestmark = pytest.mark.gui


def _pyvista_renders(monkeypatch) -> list:
    calls: list = []
    own = BasePlotter.render

    def counted(self):
        calls.append(1)
        return own(self)

    monkeypatch.setattr(BasePlotter, "render", counted)
    return calls


def test_a_tick_drawn_in_its_slot_renders_once_without_pyvistas_render(window, qtbot, monkeypatch):
    _playing(window, qtbot)
    live = window.live
    pyvista, renders = _pyvista_renders(monkeypatch), _counting(window)
    for k in range(1, 7):
        live._tick()
        QApplication.processEvents()
        assert len(renders) == k, "one render a tick"
    assert pyvista == [], f"{len(pyvista)} of 6 ticks went through PyVista's render"
    window.viewport.render_ticks_direct = False  # the way before session 35 (the measuring script's A/B)
    live._tick()
    assert len(pyvista) == 1 and len(renders) == 7


def test_a_direct_tick_shows_the_pixels_pyvistas_render_shows(window, qtbot):
    _playing(window, qtbot)
    live, viewport = window.live, window.viewport
    shown = []
    for direct in (True, False, True, False):
        viewport.render_ticks_direct = direct
        state = live.state
        live._tick()
        QApplication.processEvents()
        pixels = _front_pixels(window)
        live.set_state(state)  # the same moment again, drawn the other way
        viewport.render_ticks_direct = not direct
        live._tick()
        QApplication.processEvents()
        shown.append((pixels, _front_pixels(window)))
    assert len({a for a, _ in shown}) > 1, "the ticks moved the spine"
    for k, (a, b) in enumerate(shown):
        assert a == b, f"pair {k}: the direct render's pixels differ from PyVista's"


def test_a_view_with_an_on_render_callback_goes_pyvistas_way(window, qtbot, monkeypatch):
    _playing(window, qtbot)
    called: list = []
    window.plotter.add_on_render_callback(lambda _plotter: called.append(1), render_event=False)
    pyvista = _pyvista_renders(monkeypatch)
    for _ in range(3):
        window.live._tick()
        QApplication.processEvents()
    assert len(pyvista) == 3 and len(called) == 3
