"""Issue 13: the window's 3D view is a native window VTK draws to itself; everything a user does still works.

Under Xvfb (Qt's xcb platform, VTK's X render window) the app takes the native path by default;
``SPINEVIZ_VIEW=qt`` asks for pyvistaqt's widget instead.
A screenshot of the window shows the spine where the view is,
and real Qt mouse events on the native widget (not VTK events injected below Qt) pick and hover.
"""

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QImage
from PySide6.QtTest import QTest

from spineviz.app.native_view import NativeView

pytestmark = pytest.mark.gui


@pytest.fixture(autouse=True)
def default_view(monkeypatch):
    monkeypatch.delenv("SPINEVIZ_VIEW", raising=False)  # what a user gets


def _rgb(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    arr = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return arr[:, : image.width() * 3].reshape(image.height(), image.width(), 3).astype(int)


def _settled(window, qtbot) -> None:
    qtbot.waitUntil(lambda: not window.camera.moving and not window.actors.coarse, timeout=30_000)
    window.render_now()
    qtbot.wait(60)


def test_the_view_is_native_and_a_grab_of_the_window_shows_the_spine(window, qtbot):
    view = window.plotter.interactor
    assert isinstance(window.plotter, NativeView), "under X the app draws into a native window by default"
    assert view.testAttribute(Qt.WidgetAttribute.WA_NativeWindow)
    assert type(window.plotter.ren_win).__name__ == "vtkXOpenGLRenderWindow"
    _settled(window, qtbot)
    grabbed = _rgb(window.grab().toImage())
    top_left = view.mapTo(window, QPoint(0, 0))
    region = grabbed[top_left.y(): top_left.y() + view.height(), top_left.x(): top_left.x() + view.width()]
    shown = window.plotter.screenshot(return_img=True).astype(int)
    assert region.shape == shown.shape
    assert np.abs(region - shown).mean() < 1.0, "the window's picture is the view's own pixels"
    # the background is a vertical gradient: a pixel unlike its row's first (background) pixel is the spine
    drawn = (np.abs(region - region[:, :1]).sum(axis=2) > 60).mean()
    assert drawn > 0.03, f"the spine covers only {drawn:.1%} of the view in the window's grab"


def _bone_pixel(window, name: str) -> tuple[int, int]:
    """A VTK display pixel (origin bottom-left) where ``name`` is what a click picks."""
    w, h = window.plotter.window_size
    for y in range(h // 10, h, max(1, h // 60)):
        for x in range(w // 10, w, max(1, w // 60)):
            if window.picker.pick_at(x, y) == ("bone", name):
                return x, y
    raise AssertionError(f"{name} is nowhere in the view")


def test_a_real_click_and_hover_on_the_native_view_name_the_bone(window, qtbot):
    window.live.set_region("lumbar")
    _settled(window, qtbot)
    x, y = _bone_pixel(window, "L3")
    view = window.plotter.interactor
    at = QPoint(round(x / view.devicePixelRatioF()), round(view.height() - y / view.devicePixelRatioF()))
    QTest.mouseMove(view, at)
    qtbot.waitUntil(lambda: window.picker.hover_item == ("bone", "L3"), timeout=5000)
    assert "L3" in window.hover_label.text()
    QTest.mouseClick(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
    qtbot.waitUntil(lambda: window.live.state.selection == "L3", timeout=5000)


def test_spineviz_view_qt_asks_for_pyvistaqts_widget(monkeypatch, qtbot, tmp_path):
    """The native view is the default (the test above); ``SPINEVIZ_VIEW=qt`` still gives pyvistaqt's widget."""
    from PySide6.QtCore import QSettings
    from pyvistaqt import QtInteractor

    from spineviz.app.window import MainWindow

    monkeypatch.setenv("SPINEVIZ_VIEW", "qt")
    w = MainWindow(settings=QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    try:
        assert isinstance(w.plotter, QtInteractor) and not isinstance(w.plotter, NativeView)
    finally:
        w.close()
