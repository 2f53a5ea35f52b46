"""The cross-section in the app: choose a cut from the View menu, then drag its plane in the 3D view.

The cut itself is the scene's ``clip`` (:class:`~spineviz.scene.clip.ClipPlane`), drawn by the one scene
renderer (:mod:`spineviz.render.cut`), so what the handle shows is what a saved scene or
``spineviz render --clip`` shows. The handle is VTK's implicit plane widget (through PyVista's
``add_plane_widget``): drag the plane to move the cut, drag its arrow to tilt it. When a drag ends the
plane the user left it at is written into the scene as a ``free`` plane through that point, so undo, save
and export keep it; a cut chosen from the menu or loaded from a file moves the handle to match.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup

from spineviz.scene.clip import ClipPlane

CUTS = {"none": "No cut", "sagittal": "Sagittal cut (side)", "coronal": "Coronal cut (front)",
        "axial": "Axial cut (from above)"}
HANDLE_COLOUR = (0.05, 0.36, 0.68)
HANDLE_FACTOR = 1.15
"""How far past the visible spine the handle's outline reaches."""


class CutHandle(QObject):
    """The View menu's cut choices and the draggable plane; see the module docstring."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.plotter, self.live = window.plotter, window.live
        self.widget = None
        self._writing = False
        menu = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "View")
        menu.addSeparator()
        cuts = menu.addMenu("Cross-section")
        group = QActionGroup(self)
        self.choices: dict[str, QAction] = {}
        for key, label in CUTS.items():
            act = QAction(label, self, checkable=True)
            act.triggered.connect(lambda _=False, k=key: self.choose(k))
            group.addAction(act)
            cuts.addAction(act)
            self.choices[key] = act
        cuts.addSeparator()
        self.drag = QAction("Drag the cut plane", self, checkable=True)
        self.drag.setToolTip("Show a handle in the 3D view to move and tilt the cut")
        self.drag.toggled.connect(self.show_handle)
        cuts.addAction(self.drag)
        self.live.scene_changed.connect(self._follow)  # not told of a tick of Play (session 29)
        self._follow(self.live.state, None)

    # -- from the menu --

    def choose(self, key: str) -> None:
        """A named cut through the middle of what is shown, or none."""
        self.live.update(clip=None if key == "none" else ClipPlane(plane=key))

    def show_handle(self, on: bool) -> None:
        if on and self.live.state.clip is None:
            self.choose("sagittal")  # a handle needs a cut to move
        self._remove()
        if on and self.live.state.clip is not None:
            self._add()
        self.window.request_render()

    # -- the widget --

    def _plane(self) -> tuple[np.ndarray, np.ndarray]:
        from spineviz.render.cut import world_plane

        return world_plane(self.window.viewport.renderer, self.live.state)

    def _add(self) -> None:
        origin, normal = self._plane()
        self.widget = self.plotter.add_plane_widget(
            self._dragged, normal=tuple(normal), origin=tuple(origin),
            bounds=self.window.viewport.renderer.framing_bounds(), factor=HANDLE_FACTOR, color=HANDLE_COLOUR,
            outline_translation=False, implicit=True, interaction_event="end", test_callback=False,
            outline_opacity=0.25)

    def _remove(self) -> None:
        if self.widget is not None:
            self.plotter.clear_plane_widgets()
            self.widget = None

    def _dragged(self, normal, origin) -> None:
        """A drag ended: the plane where the user left it becomes the scene's cut."""
        n = np.asarray(normal, float)
        clip = ClipPlane(plane="free", origin=tuple(float(v) for v in origin),
                         normal=tuple(float(v) for v in n / np.linalg.norm(n)))
        self._writing = True
        try:
            self.live.update(clip=clip)
        finally:
            self._writing = False

    def _follow(self, new, old) -> None:
        """Keep the menu's tick and the handle in step with the scene's cut, whoever changed it."""
        clip = new.clip
        key = "none" if clip is None else clip.plane
        if key in self.choices:
            if not self.choices[key].isChecked():  # set only on a change (session 29)
                self.choices[key].setChecked(True)
        elif clip is not None:
            for act in self.choices.values():
                if act.isChecked():
                    act.setChecked(False)
        if old is not None and clip == old.clip:
            return
        if clip is None:
            if self.drag.isChecked():
                self.drag.setChecked(False)  # removes the handle
        elif self.widget is not None and not self._writing:
            origin, normal = self._plane()
            self.widget.SetOrigin(*origin)
            self.widget.SetNormal(*normal)

    def detach(self) -> None:
        self._remove()
        try:
            self.live.scene_changed.disconnect(self._follow)
        except (RuntimeError, TypeError):
            pass


def install_cut_handle(window) -> CutHandle:
    return CutHandle(window)


__all__ = ["CUTS", "CutHandle", "install_cut_handle"]
