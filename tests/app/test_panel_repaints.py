"""Issue 13, session 32: a new moment repaints only what it changes in the Motion panel, and the screen shows the same.

While Play runs, the panels are told of a new moment a few times a second. A slider whose handle stays on its pixel
draws the same picture, so it is not repainted (nor the panel's frame under it); a number box's new value repaints
its text, not its frame and arrows (nor what is under them). What the screen shows must be what a whole repaint
draws: the screen's own pixels are compared.
"""

from dataclasses import replace

import pytest

from spineviz.app.motion_panel import ANGLES

pytestmark = pytest.mark.gui


class _Paints:
    """Counts the paint events each widget of ``root`` (itself included) receives."""

    def __init__(self, root):
        from PySide6.QtCore import QEvent, QObject
        from PySide6.QtWidgets import QApplication, QWidget

        self.counts: dict = {}
        outer = self

        class Filter(QObject):
            def eventFilter(self, obj, event):
                if (event.type() == QEvent.Type.Paint and isinstance(obj, QWidget)
                        and (obj is root or root.isAncestorOf(obj))):
                    outer.counts[obj] = outer.counts.get(obj, 0) + 1
                return False

        self._filter = Filter()
        self._app = QApplication.instance()
        self._app.installEventFilter(self._filter)

    def of(self, widget) -> int:
        return self.counts.get(widget, 0)

    def close(self):
        self._app.removeEventFilter(self._filter)


def _playing(window, qtbot):
    """Play held (the test makes the moments), the Motion dock raised, nothing focused in the panel."""
    from PySide6.QtWidgets import QDockWidget

    live = window.live
    live.play("flexion_extension")
    live.timer.start(2**31 - 1)
    dock = window.findChild(QDockWidget, "dockMotion")
    dock.show()
    dock.raise_()
    window.plotter.interactor.setFocus()  # no blinking text cursor in a number box
    qtbot.waitUntil(window.motion_panel.isVisible)
    return live


def _at(window, time: float) -> None:
    """The panels told of the moment ``time`` s into the animation, as their pace does."""
    live = window.live
    live.update(animation=replace(live.state.animation, time=round(time, 6)))
    live._pass_on()


def _pictures(panel) -> dict:
    """Each row's slider and number box as a fresh paint draws them (``QWidget.grab``), as bytes."""
    out = {}
    for name, row in panel.rows.items():
        for part in ("slider", "box"):
            image = getattr(row, part).grab().toImage()
            out[name, part] = bytes(image.constBits())
    return out


def _settle(qtbot, ms: int = 120) -> None:
    qtbot.wait(ms)  # Qt asks the window for its repaint on a timer


def test_a_moment_that_leaves_a_handle_on_its_pixel_repaints_the_number_alone(window, qtbot):
    live = _playing(window, qtbot)
    panel = window.motion_panel
    cycle = live.state.animation.cycle
    found = None
    for k in range(40):  # moments a few hundredths of a second apart: small changes of angle
        t0 = cycle * (0.05 + 0.02 * k)
        _at(window, t0)
        _settle(qtbot, 30)
        before, values = _pictures(panel), {n: r.value() for n, r in panel.rows.items()}
        _at(window, t0 + 0.02)
        after = _pictures(panel)
        for name, _label, _tip, _limit in ANGLES:
            row = panel.rows[name]
            if row.value() != values[name] and after[name, "slider"] == before[name, "slider"]:
                found = (t0, name)
                break
        if found:
            break
    assert found, "no pair of moments moved a number but not its slider's handle"
    t0, name = found
    row = panel.rows[name]
    _at(window, t0)
    _settle(qtbot)
    paints = _Paints(panel)
    try:
        _at(window, t0 + 0.02)
        assert abs(row.value() - getattr(live.state.current_motion(), name)) <= 0.05
        _settle(qtbot)
    finally:
        paints.close()
    assert paints.of(row.box.lineEdit()) >= 1, "the new number is drawn"
    assert paints.of(row.slider) == 0, "the slider draws the same picture: not repainted"
    assert paints.of(row.box) == 0, "the box's frame and arrows are as they were: only its text is repainted"
    assert paints.of(panel) == 0, "nothing under the row is repainted"


def test_a_moment_that_moves_a_handle_repaints_its_slider(window, qtbot):
    live = _playing(window, qtbot)
    panel = window.motion_panel
    cycle = live.state.animation.cycle
    _at(window, cycle * 0.05)
    _settle(qtbot)
    before = _pictures(panel)
    paints = _Paints(panel)
    try:
        _at(window, cycle * 0.3)
        _settle(qtbot)
    finally:
        paints.close()
    after = _pictures(panel)
    moved = [name for name, *_ in ANGLES if after[name, "slider"] != before[name, "slider"]]
    assert moved, "a quarter of a cycle moved a handle"
    for name in moved:
        assert paints.of(panel.rows[name].slider) >= 1, name


def _on_screen(widget):
    """The pixels the X server shows for ``widget`` now (not a fresh paint: what was last drawn and flushed)."""
    from PySide6.QtCore import QPoint

    corner = widget.mapToGlobal(QPoint(0, 0))
    shot = widget.screen().grabWindow(0, corner.x(), corner.y(), widget.width(), widget.height()).toImage()
    return shot.convertToFormat(shot.Format.Format_RGB32)


def test_the_panel_on_screen_after_twelve_moments_is_what_a_whole_repaint_draws(window, qtbot):
    live = _playing(window, qtbot)
    panel = window.motion_panel
    cycle = live.state.animation.cycle
    _at(window, 0.0)
    _settle(qtbot, 300)
    for k in range(1, 13):
        _at(window, cycle * (k - 0.5) / 12 + 0.013 * k)
        _settle(qtbot, 60)
        shown = _on_screen(panel)
        panel.repaint()  # the whole panel drawn again, now
        _settle(qtbot, 60)
        whole = _on_screen(panel)
        assert shown == whole, f"moment {k}: the screen differs from a whole repaint of the panel"
    assert any(row.value() != 0 for row in panel.rows.values())
