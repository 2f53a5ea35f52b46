"""The 3D view as a native window of its own, which VTK draws straight to the screen (issue 13).

pyvistaqt's ``QtInteractor`` is a ``QOpenGLWidget``: VTK renders into a framebuffer, and Qt then blits it,
composes it with the whole window and flushes that to the screen, every frame. In software OpenGL
(llvmpipe) a repaint that changed nothing cost 40–55 % more than the render itself (docs/performance.md).
:class:`NativeView` is the same PyVista plotter on VTK's own ``QVTKRenderWindowInteractor`` with its
``QWidget`` base: a native child window (``WA_PaintOnScreen``) that VTK's X11 render window draws into and
swaps itself; Qt composes nothing. It is the default where VTK's default render window is an X window and
Qt runs on X (``xcb``); anywhere else (Wayland, Qt's off-screen platform, EGL) the window keeps
pyvistaqt's widget, and ``SPINEVIZ_VIEW=qt`` asks for the widget (the benchmark's comparison).

It was opt-in for a while (2 December 2026): the GUI test lane's worker aborted twice while
tests/app/test_keys.py walked the focus chain with Tab from the native view. The C stack showed no VTK or
app code: ``QTest`` asserted on a null key target (``qtestkeyboard.h``: ``QTEST_ASSERT(window)``) because
the test passed ``QApplication.focusWidget()``, which was ``None``: the two xdist workers shared one Xvfb
with no window manager, and a window the other worker activated took the keyboard focus. Each worker now
has a display of its own (tests/app/conftest.py); see docs/performance.md.

What a native window changes for the rest of the window: Qt cannot paint it into a picture
(``QWidget.grab``), so :func:`grab_window` draws the view's own read-back over the window's grab; and no Qt
widget may lie over it (the window has none: its text and legend are VTK actors).
"""

from __future__ import annotations

import contextlib
import os

from PySide6.QtGui import QGuiApplication, QImage, QPainter, QPixmap
from PySide6.QtWidgets import QWidget
from pyvista.plotting.plotter import BasePlotter
from pyvista.plotting.render_window_interactor import RenderWindowInteractor
from vtkmodules.qt.QVTKRenderWindowInteractor import QVTKRenderWindowInteractor
from vtkmodules.vtkRenderingCore import vtkRenderWindow

from spineviz.app.first_frame import on_screen

VIEW_ENV = "SPINEVIZ_VIEW"
"""``qt``: the 3D view as pyvistaqt's ``QOpenGLWidget`` even where a native window would work."""


@contextlib.contextmanager
def _without_plotter_init():
    """``BasePlotter.__init__`` as a no-op for the duration of the Qt widget's own ``__init__``.

    PySide6 continues ``QWidget.__init__`` along the class's MRO into ``BasePlotter.__init__`` with no
    arguments; that call must do nothing (the real one follows with ours). pyvistaqt does the same.
    """
    init = BasePlotter.__init__
    BasePlotter.__init__ = lambda *args, **kwargs: None
    try:
        yield
    finally:
        BasePlotter.__init__ = init


def native_possible() -> bool:
    """Whether the view is a native Qt child window: not refused (``SPINEVIZ_VIEW=qt``), Qt on X11, VTK's X window."""
    if os.environ.get(VIEW_ENV, "").lower() == "qt":
        return False
    if QGuiApplication.platformName() != "xcb":
        return False
    return type(vtkRenderWindow()).__name__ == "vtkXOpenGLRenderWindow"


class NativeView(QVTKRenderWindowInteractor, BasePlotter):
    """A PyVista plotter whose window is a native Qt child widget (see the module docstring).

    The plotter API the app uses is PyVista's ``BasePlotter`` (meshes, camera, ``render``, ``screenshot``);
    ``interactor`` is the Qt widget, ``iren`` PyVista's interactor wrapper, as with pyvistaqt.
    """

    def __init__(self, parent: QWidget | None = None, multi_samples: int = 0) -> None:
        with _without_plotter_init():
            QVTKRenderWindowInteractor.__init__(self, parent=parent)
        BasePlotter.__init__(self)
        self.interactor = self
        self.ren_win = self.GetRenderWindow()
        self.ren_win.SetMultiSamples(multi_samples)
        for renderer in self.renderers:
            renderer.view_isometric()
            self.ren_win.AddRenderer(renderer)
        self._off_screen = False
        self.iren = RenderWindowInteractor(self, interactor=self.ren_win.GetInteractor())
        self.iren.interactor.RemoveObservers("MouseMoveEvent")  # as pyvistaqt: VTK's own hover work is not ours
        self.iren.initialize()
        self.enable_trackball_style()
        self._observers: dict = {}
        self.iren.add_observer("KeyPressEvent", self.key_press_event)
        self.reset_key_events()
        self._first_time = False  # BasePlotter renders only after this (pyvistaqt sets it likewise)

    def render(self) -> None:
        """Draw now (on screen when the widget is shown); nothing after :meth:`close`."""
        if getattr(self, "_closed", False):
            return
        self._rendered = True
        BasePlotter.render(self)

    def render_tick(self) -> None:
        """:meth:`render` for a tick of Play (``Viewport._draw_tick``, the view known to be seen), in fewer layers.

        PyVista's ``render`` checks that the plotter has a window, was shown and does not hold its renders back, tells
        the renderers' charts, renders and then calls the on-render callbacks. The app's view has no chart and no
        callback and holds no render back: then this renders at once (0.05 ms of main-thread CPU less a frame than
        :meth:`render`, issue 13, session 35); otherwise it is :meth:`render`.
        """
        if self._on_render_callbacks or self._suppress_rendering or self._first_time or any(
                r._charts is not None for r in self.renderers):
            self.render()
            return
        self._rendered = True
        self.ren_win.Render()

    #: A repaint asked of Qt (:meth:`update`) and not painted yet. A tick of Play that draws itself at once
    #: (``Viewport._draw_tick``) leaves its frame to that paint instead: both would draw the same picture, and a
    #: queued paint (a hover, the cut plane dragged, a zoom, a resize) then drew it a second time (session 31).
    paint_asked = False

    def update(self, *args) -> None:  # Qt override (the app's and VTK's own repaint requests come through here)
        self.paint_asked = True
        QWidget.update(self, *args)

    def paintEvent(self, event) -> None:  # Qt override
        """Draw, unless nobody can see it: a paint before the window is mapped is never on screen.

        Qt paints the view once inside the window's ``show()``, before the window system has mapped (exposed)
        the window, and again when it is exposed; only the second reaches the screen. The first was a whole
        render of the spine (compiling its shaders) on the start-up path; the exposed window paints again.
        """
        self.paint_asked = False
        if self.seen():
            BasePlotter.render(self)

    def seen(self) -> bool:
        """Whether a render now reaches the screen: the view open, shown, and its window exposed (mapped)."""
        return not getattr(self, "_closed", False) and self.isVisible() and on_screen(self.window())

    def _check_has_ren_win(self) -> None:
        if self.render_window is not None:
            self.render_window.MakeCurrent()
        BasePlotter._check_has_ren_win(self)

    def close(self) -> None:  # the plotter's close, as pyvistaqt's (returns None)
        if getattr(self, "_closed", True):
            return
        BasePlotter.close(self)
        QWidget.close(self)

    def closeEvent(self, event) -> None:  # Qt override
        if self.render_window is not None:
            self.render_window.Finalize()


def make_view(parent: QWidget | None = None):
    """The 3D view's plotter: a :class:`NativeView` where it works, else pyvistaqt's ``QtInteractor``."""
    if native_possible():
        return NativeView(parent, multi_samples=0)
    from pyvistaqt import QtInteractor

    return QtInteractor(parent, multi_samples=0, auto_update=False)


def grab_window(window: QWidget, plotter) -> QPixmap:
    """``window`` as a picture, with the 3D view's pixels read back from VTK when Qt cannot paint them."""
    picture = QWidget.grab(window)
    view = plotter.interactor
    if not isinstance(view, NativeView) or not view.isVisible():
        return picture
    plotter.render()
    rgb = plotter.screenshot(return_img=True)
    image = QImage(rgb.tobytes(), rgb.shape[1], rgb.shape[0], rgb.shape[1] * 3, QImage.Format.Format_RGB888)
    painter = QPainter(picture)
    top_left = view.mapTo(window, view.rect().topLeft())
    painter.drawImage(top_left, image.scaled(view.size()))
    painter.end()
    return picture


__all__ = ["NativeView", "grab_window", "make_view", "native_possible"]
