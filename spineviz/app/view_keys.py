"""Keys that act on the 3D view while it has the focus: turn, tilt, zoom and step the selection.

The bindings come from the key table (``where = "view"``) as actions on the viewport widget with a
widget-only context, so the same arrows still move a slider or a list when one of those has the focus.
Every key ends as a change of the scene state: a turned view is an explicit camera, a zoom the
camera's ``zoom`` (a named view keeps its name), a selection the state's ``selection``.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction

from spineviz.app.keys import binding
from spineviz.scene import Camera
from spineviz.scene.state import ZOOM_RANGE

TURN_DEGREES = 15.0
"""One arrow press turns or tilts the view by this much."""
ZOOM_STEP = 1.25
"""One + or - press magnifies or shrinks by this factor."""


def _rotate(v: np.ndarray, axis: np.ndarray, degrees: float) -> np.ndarray:
    """``v`` turned about the unit ``axis`` (Rodrigues' formula)."""
    a = np.radians(degrees)
    k = axis / np.linalg.norm(axis)
    return v * np.cos(a) + np.cross(k, v) * np.sin(a) + k * np.dot(k, v) * (1 - np.cos(a))


def turned(position, focal, up, azimuth: float, elevation: float):
    """The camera (position, focal point, up) orbited about the focal point, at the same distance.

    ``azimuth`` turns about the view's up, then ``elevation`` about its right-hand axis (degrees).
    """
    pos, foc, upv = (np.asarray(x, float) for x in (position, focal, up))
    sight = pos - foc
    sight = _rotate(sight, upv, azimuth)
    right = np.cross(upv, sight)
    if np.linalg.norm(right) > 1e-9:
        sight = _rotate(sight, right, elevation)
        upv = _rotate(upv, right, elevation)
    return tuple(foc + sight), tuple(foc), tuple(upv / np.linalg.norm(upv))


class ViewKeys(QObject):
    """Installs the ``view`` keys on the 3D view widget of ``window`` (see the module docstring)."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        live = window.live
        slots = {
            "turn.left": lambda: self.turn(-TURN_DEGREES, 0.0),
            "turn.right": lambda: self.turn(TURN_DEGREES, 0.0),
            "turn.up": lambda: self.turn(0.0, TURN_DEGREES),
            "turn.down": lambda: self.turn(0.0, -TURN_DEGREES),
            "zoom.in": lambda: self.zoom(ZOOM_STEP),
            "zoom.out": lambda: self.zoom(1 / ZOOM_STEP),
            "select.level_up": lambda: live.step_level(-1),
            "select.level_down": lambda: live.step_level(1),
            "select.joint_up": lambda: live.step_joint(-1),
            "select.joint_down": lambda: live.step_joint(1),
            "select.side_left": lambda: live.joint_side("left"),
            "select.side_right": lambda: live.joint_side("right"),
            "select.clear": lambda: live.select(None),
        }
        widget = window.plotter.interactor
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        widget.setAccessibleName("3D view of the spine")
        widget.setAccessibleDescription("Arrows turn it, plus and minus zoom, Page Up and Page Down step through "
                                        "the vertebrae, Shift with the arrows through the facet joints")
        self.actions: dict[str, QAction] = {}
        for key_id, slot in slots.items():
            b = binding(key_id)
            act = QAction(b.label, widget)
            act.setShortcuts(b.sequences())
            act.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            act.triggered.connect(slot)
            widget.addAction(act)
            self.actions[key_id] = act

    def turn(self, azimuth: float, elevation: float) -> None:
        """Orbit the camera; the result is the state's (explicit) camera."""
        live = self.window.live
        cam = live.state.camera
        if cam.explicit:
            pos, foc, up = cam.position, cam.focal_point, cam.up
        else:
            c = self.window.plotter.camera
            pos, foc, up = c.position, c.focal_point, c.up
        pos, foc, up = turned(pos, foc, up, azimuth, elevation)
        live.update(camera=Camera(view=None, position=pos, focal_point=foc, up=up, zoom=cam.zoom if cam.explicit
                                  else 1.0))  # a named view's zoom is already in its camera distance

    def zoom(self, factor: float) -> None:
        """Magnify by ``factor``: a named view within the scene's zoom range, an explicit camera by moving closer."""
        live = self.window.live
        cam = live.state.camera
        if cam.explicit:
            pos, foc = np.asarray(cam.position, float), np.asarray(cam.focal_point, float)
            live.update(camera=replace(cam, position=tuple(foc + (pos - foc) / factor)))
            return
        z = float(np.clip(cam.zoom * factor, *ZOOM_RANGE))
        live.update(camera=replace(cam, zoom=round(z, 4)))


__all__ = ["TURN_DEGREES", "ZOOM_STEP", "ViewKeys", "turned"]
