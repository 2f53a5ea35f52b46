"""Hover names and click selection in the 3D view, without breaking drag-to-rotate.

A click is a press and release within a few pixels; anything longer is a drag, left to the camera.
Mouse events are watched with a Qt event filter on the viewport widget rather than VTK observers: once a
VTK interactor style starts rotating it grabs the event focus and observers never see the release.
Picking casts a ray on the CPU (vtkCellPicker), so it needs no extra render pass, and hover picks are
throttled so moving the mouse never competes with drawing.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from vtkmodules.vtkRenderingCore import vtkCellPicker

from spineviz.render.spine_actors import actor_key

CLICK_TOLERANCE_PX = 4


class Picker(QObject):
    hovered = Signal(object)  # (kind, name) or None
    clicked = Signal(object)  # (kind, name) or None

    def __init__(self, plotter, names: dict[str, tuple[str, str]], parent=None) -> None:
        super().__init__(parent)
        self.plotter = plotter
        self.names = names
        self._picker = vtkCellPicker()
        self._picker.SetTolerance(0.0005)
        self._press = None
        self._hover_pos = None
        self._hover_timer = QTimer(self)
        self._hover_timer.setSingleShot(True)
        self._hover_timer.setInterval(90)
        self._hover_timer.timeout.connect(self._hover_now)
        self.widget = plotter.interactor
        self.widget.setMouseTracking(True)
        self.widget.installEventFilter(self)

    def pick_at(self, x: int, y: int) -> tuple[str, str] | None:
        """What is drawn at display pixel (x, y), VTK coordinates (origin bottom-left)."""
        if not self._picker.Pick(x, y, 0, self.plotter.renderer):
            return None
        actor = self._picker.GetActor()
        return self.names.get(actor_key(actor)) if actor is not None else None

    def _vtk_pos(self, event) -> tuple[int, int]:
        """Qt widget coordinates (top-left origin, logical pixels) to VTK display pixels."""
        ratio = self.widget.devicePixelRatioF()
        p = event.position()
        return int(p.x() * ratio), int((self.widget.height() - p.y()) * ratio)

    def eventFilter(self, obj, event) -> bool:
        kind = event.type()
        if kind == QEvent.Type.MouseButtonPress and event.button() == Qt.MouseButton.LeftButton:
            self._press = self._vtk_pos(event)
        elif kind == QEvent.Type.MouseButtonRelease and event.button() == Qt.MouseButton.LeftButton:
            self._release(self._vtk_pos(event))
        elif kind == QEvent.Type.MouseMove and self._press is None:
            self._hover_pos = self._vtk_pos(event)
            self._hover_timer.start()
        return False  # never swallow: the camera still gets every event

    def _release(self, pos: tuple[int, int]) -> None:
        if self._press is None:
            return
        (x0, y0), (x, y) = self._press, pos
        self._press = None
        if abs(x - x0) <= CLICK_TOLERANCE_PX and abs(y - y0) <= CLICK_TOLERANCE_PX:
            self.clicked.emit(self.pick_at(x, y))

    def _hover_now(self) -> None:
        if self._hover_pos is not None:
            self.hovered.emit(self.pick_at(*self._hover_pos))

    def detach(self) -> None:
        """Stop listening and stop the hover timer (teardown; safe twice)."""
        self._hover_timer.stop()
        if self.widget is not None:
            self.widget.removeEventFilter(self)
            self.widget = None
