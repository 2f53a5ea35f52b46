"""Smooth camera moves: a few frames from where the camera was to where it has just been set.

Callers point the camera at its target (the scene renderer frames it), then call :meth:`glide_from`
with where it was; the mover puts it back and swings it to the target around the focal point, so a
region or view change is a short move rather than a cut. The last step puts the camera exactly as it was set
(position, focal point, view up and clipping range), so what will be drawn once the glide is over is known when it
starts (:meth:`CameraMover.at_target`: the names of Play's prepared moments are laid out for it; issue 13, session
27).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
from PySide6.QtCore import QObject, QTimer
from vtkmodules.vtkRenderingCore import vtkCamera

STEPS = 8
STEP_MS = 30


class CameraMover(QObject):
    def __init__(self, plotter, request_render, parent=None, on_done=None) -> None:
        super().__init__(parent)
        self.plotter = plotter
        self._render = request_render
        self._on_done = on_done
        self._settle = False
        self._timer = QTimer(self)
        self._timer.setInterval(STEP_MS)
        self._timer.timeout.connect(self._step)
        self._path: list = []
        self._target: vtkCamera | None = None  # the camera as it was set, where the glide ends (exactly)

    def current(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(position, focal point, up) of the camera now."""
        c = self.plotter.camera
        return np.array(c.position, float), np.array(c.focal_point, float), np.array(c.up, float)

    def _set(self, pos, focal, up) -> None:
        cam = self.plotter.camera
        cam.position, cam.focal_point, cam.up = tuple(pos), tuple(focal), tuple(up)
        self.plotter.renderer.ResetCameraClippingRange()

    def glide_from(self, start, settle: bool = False) -> None:
        """Swing from ``start`` to where the camera is now; with ``settle``, report the end to ``on_done``."""
        self._timer.stop()
        target = self.current()
        self._settle = settle
        if all(np.allclose(a, b) for a, b in zip(start, target, strict=True)):
            self._finish()
            return
        self._path = []
        self._target = vtkCamera()
        self._target.DeepCopy(self.plotter.camera)
        d0, d1 = start[0] - start[1], target[0] - target[1]
        for k in range(1, STEPS + 1):
            t = 0.5 - 0.5 * np.cos(np.pi * k / STEPS)
            focal = (1 - t) * start[1] + t * target[1]
            r = (1 - t) * np.linalg.norm(d0) + t * np.linalg.norm(d1)
            d = (1 - t) * d0 / np.linalg.norm(d0) + t * d1 / np.linalg.norm(d1)
            if np.linalg.norm(d) < 1e-6:
                d = d1
            up = (1 - t) * start[2] + t * target[2]
            self._path.append((focal + r * d / np.linalg.norm(d), focal, up / np.linalg.norm(up)))
        self._set(*start)
        self._timer.start()

    def _step(self) -> None:
        if not self._path:
            self._timer.stop()
            self._finish()
            return
        step = self._path.pop(0)
        if self._path or self._target is None:
            self._set(*step)
        else:  # the last step: exactly the camera as it was set (the same numbers, the same clipping range)
            _put(self.plotter.camera, self._target)
        self._render()

    @contextmanager
    def at_target(self) -> Iterator[None]:
        """Put the camera where the glide under way ends for the body of a ``with``, then back exactly as it was.

        Nothing is drawn meanwhile. Without a glide under way the camera stays as it is.
        """
        if not self.moving or self._target is None:
            yield
            return
        camera = self.plotter.camera
        now = vtkCamera()
        now.DeepCopy(camera)
        _put(camera, self._target)
        try:
            yield
        finally:
            _put(camera, now)

    def _finish(self) -> None:
        self._render()
        if self._settle and self._on_done is not None:
            self._settle = False
            self._on_done()

    def stop(self) -> None:
        self._timer.stop()
        self._path = []

    @property
    def moving(self) -> bool:
        return self._timer.isActive()

    @property
    def settling(self) -> bool:
        """The glide under way reports its end to ``on_done`` (its camera becomes the state's)."""
        return self.moving and self._settle


def _put(camera: vtkCamera, source: vtkCamera) -> None:
    """Set ``camera`` exactly to ``source`` (every number, the clipping range too).

    DeepCopy leaves the modification time as it was; the caches keyed on it (the anatomy's box, the names' layouts)
    must see the change, hence ``Modified``.
    """
    camera.DeepCopy(source)
    camera.Modified()
