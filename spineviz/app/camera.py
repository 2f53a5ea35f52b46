"""Smooth camera moves between standard views and zoom targets (a few frames of interpolation)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, QTimer

from spineviz.render import look

STEPS = 8
STEP_MS = 30


class CameraMover(QObject):
    def __init__(self, plotter, request_render, parent=None) -> None:
        super().__init__(parent)
        self.plotter = plotter
        self._render = request_render
        self._timer = QTimer(self)
        self._timer.setInterval(STEP_MS)
        self._timer.timeout.connect(self._step)
        self._path: list = []

    def _current(self):
        c = self.plotter.camera
        return np.array(c.position), np.array(c.focal_point), np.array(c.up)

    def _target(self, view: str, bounds):
        start = self._current()
        look.frame_view(self.plotter, view, bounds)
        target = self._current()
        self._set(*start)
        return start, target

    def _set(self, pos, focal, up) -> None:
        cam = self.plotter.camera
        cam.position, cam.focal_point, cam.up = tuple(pos), tuple(focal), tuple(up)
        self.plotter.renderer.ResetCameraClippingRange()

    def go(self, view: str, bounds, animate: bool = True) -> None:
        """Move the camera to look at ``bounds`` from ``view``; smoothly unless ``animate`` is False."""
        self._timer.stop()
        start, target = self._target(view, bounds)
        if not animate:
            self._set(*target)
            self._render()
            return
        # interpolate around the focal point so the camera swings instead of cutting through the model
        self._path = []
        for k in range(1, STEPS + 1):
            t = 0.5 - 0.5 * np.cos(np.pi * k / STEPS)
            focal = (1 - t) * start[1] + t * target[1]
            d0, d1 = start[0] - start[1], target[0] - target[1]
            r = (1 - t) * np.linalg.norm(d0) + t * np.linalg.norm(d1)
            d = (1 - t) * d0 / np.linalg.norm(d0) + t * d1 / np.linalg.norm(d1)
            if np.linalg.norm(d) < 1e-6:
                d = d1
            up = (1 - t) * start[2] + t * target[2]
            self._path.append((focal + r * d / np.linalg.norm(d), focal, up / np.linalg.norm(up)))
        self._timer.start()

    def _step(self) -> None:
        if not self._path:
            self._timer.stop()
            return
        self._set(*self._path.pop(0))
        self._render()

    def stop(self) -> None:
        self._timer.stop()
        self._path = []

    @property
    def moving(self) -> bool:
        return self._timer.isActive()
