"""Issue 13, session 35: the keys' filter (a focused control keeps its keys) is the window's, not the application's.

Until session 35 ``ControlKeysFirst`` was the application's event filter: Qt called it, from C++ into Python, for
every event of every object (each timer, each paint of the side panels while Play runs) to act on key presses alone.
A ``ShortcutOverride`` that no widget accepts is handed on from the focused widget to its parents up to its window,
so the filter on the window sees every one it must act on. Here the calls are counted while the panels follow Play
(fails on main: the filter runs for each of the panels' paints), and every kind of control in the window is checked
to keep the keys it uses, as the application's filter gave them.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from spineviz.app.keys import ControlKeysFirst, control_uses

pytestmark = pytest.mark.gui


class _Paints(QObject):
    """Counts the paint events of the window's widgets (an application filter of the test's own)."""

    def __init__(self, window):
        super().__init__()
        self.window, self.count = window, 0

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and isinstance(obj, QWidget) and self.window.isAncestorOf(obj):
            self.count += 1
        return False


class _Counted(ControlKeysFirst):
    """The keys' filter, counting its calls (Qt calls the installed object's own method)."""

    calls = 0

    def eventFilter(self, watched, event) -> bool:  # Qt override
        _Counted.calls += 1
        return super().eventFilter(watched, event)


@pytest.fixture
def counted_window(qtbot, tmp_path, monkeypatch):
    """The window as the ``window`` fixture makes it, its keys' filter a :class:`_Counted`."""
    from PySide6.QtCore import QSettings

    import spineviz.app.window as window_module

    monkeypatch.setattr(window_module, "ControlKeysFirst", _Counted)
    w = window_module.MainWindow(settings=QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: min(w.plotter.interactor.width(), w.plotter.interactor.height()) > 200, timeout=10_000)
    assert isinstance(w.control_keys, _Counted)
    yield w
    w.close()


def test_the_keys_filter_is_not_called_for_the_panels_repaints_while_play_runs(counted_window, qtbot):
    from PySide6.QtWidgets import QDockWidget

    window = counted_window
    live = window.live
    live.update(loads=True)
    live.play("flexion_extension")
    live.timer.start(2**31 - 1)  # playing; the test makes the ticks and the panels' passes
    dock = window.findChild(QDockWidget, "dockMotion")
    dock.show()
    dock.raise_()
    window.plotter.interactor.setFocus()
    qtbot.waitUntil(window.motion_panel.isVisible)
    qtbot.wait(100)
    _Counted.calls = 0
    paints = _Paints(window)
    app = QApplication.instance()
    app.installEventFilter(paints)
    anim = live.state.animation
    try:
        for k in range(1, 13):  # twelve moments, each passed on to the panels as their pace would
            live.update(animation=replace(anim, time=round(anim.cycle * k / 12, 6)))
            live._pass_on()
            qtbot.wait(30)  # the panels' repaints delivered
    finally:
        app.removeEventFilter(paints)
        live.pause()
    assert paints.count >= 24, f"the panels repainted ({paints.count} paints over 12 moments)"
    assert _Counted.calls <= 24, (f"the keys' filter ran {_Counted.calls} times for {paints.count} paints of the "
                                  "panels: it should see the window's own events alone (its repaint requests)")


def _overridden(widget, key, modifiers=Qt.KeyboardModifier.NoModifier) -> bool:
    """Whether a shortcut would give way to ``widget`` for ``key``: the ``ShortcutOverride`` Qt sends it, accepted."""
    event = QKeyEvent(QEvent.Type.ShortcutOverride, key, modifiers)
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


KEYS = (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down,
        Qt.Key.Key_PageDown, Qt.Key.Key_Home, Qt.Key.Key_Plus, Qt.Key.Key_Minus, Qt.Key.Key_1, Qt.Key.Key_L,
        Qt.Key.Key_F1, Qt.Key.Key_Escape)


def test_every_control_of_the_window_keeps_the_keys_it_uses(window, qtbot):
    """For each focusable control inside the window, each key it uses itself overrides the shortcuts, as before."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    controls = [w for w in window.findChildren(QWidget)
                if w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.isVisible() and w.isEnabled()
                and QWidget.window(w) is window]
    kinds = {type(w).__name__ for w in controls}
    assert len(controls) >= 20 and len(kinds) >= 5, kinds
    checked = 0
    for widget in controls:
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        if QApplication.focusWidget() is not widget:
            continue
        for key in KEYS:
            if control_uses(widget, key, Qt.KeyboardModifier.NoModifier):
                assert _overridden(widget, key), (type(widget).__name__, widget.objectName(), key)
                checked += 1
    assert checked >= 40, checked
