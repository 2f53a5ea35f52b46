"""File → Open anatomy…: show a patient's own spine (an imported anatomy folder) in the window.

The anatomy shown is part of the scene (``SceneState.anatomy``), so it is saved in scene files and opening a
scene that names one switches to it. This module listens to the window's :class:`LiveScene`; when the
scene's anatomy differs from the spine the window holds, it loads the folder and swaps the spine under
every view that draws or reads it: the viewport's actors (through the same
:class:`~spineviz.render.spine_actors.SpineActors` the CLI and exporters use), the picker, the
information panel and the state's pose and loads. A folder that cannot be opened leaves the window as it
was and says why. The status bar names the anatomy and its levels, with its provenance in the tooltip.
"""

from __future__ import annotations

import os
from dataclasses import replace

from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox

from spineviz.scene import SceneState


class AnatomySwitch:
    """Keeps the window's spine the one its scene names; see the module docstring."""

    def __init__(self, window) -> None:
        self.window = window
        self.folder: str | None = None  # what the window's spine was loaded from (None: the model)
        self.error = ""  # why the last folder asked for could not be shown
        self.label = QLabel("")
        self.label.setObjectName("anatomyLabel")
        self.label.setAccessibleName("Anatomy shown")
        window.statusBar().addPermanentWidget(self.label)
        window.live.scene_changed.connect(self._follow)  # not told of a tick of Play (session 29)
        self._show_caption()

    # --- what the user does -----------------------------------------------------------------------
    def open_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self.window, "Open an anatomy folder (spineviz anatomy import)",
                                                  os.getcwd())
        if folder:
            self.open(folder)

    def open(self, folder: str | None) -> bool:
        """Show the anatomy in ``folder`` (``None``: the model); False, with a message, if it cannot be read."""
        folder = os.path.normpath(os.path.abspath(folder)) if folder else None
        self.window.live.update(anatomy=folder)
        return self.folder == folder

    # --- following the state ----------------------------------------------------------------------
    def _follow(self, new: SceneState, old: SceneState) -> None:
        wanted = os.path.normpath(new.anatomy) if new.anatomy else None
        if wanted == self.folder:
            return
        from spineviz.anatomy.importer.report import folder_problem
        from spineviz.anatomy.meshset import MeshSetError
        from spineviz.anatomy.spine import load_spine

        problem = folder_problem(wanted) if wanted else None
        if problem:
            self._refuse(wanted, problem, old)
            return
        try:
            spine = load_spine(wanted)
        except (MeshSetError, OSError, ValueError) as err:
            self._refuse(wanted, str(err), old)
            return
        self._swap(spine, wanted)
        live = self.window.live
        live.changed.emit(new, old)  # every panel again, now with the new spine's pose and loads
        live.scene_changed.emit(new, old)

    def _refuse(self, folder: str | None, why: str, old: SceneState) -> None:
        self.error = why
        live = self.window.live
        live.set_state(replace(live.state, anatomy=self.folder))  # back to the spine still shown
        if self.window.isVisible():
            QMessageBox.warning(self.window, "Cannot open this anatomy", why)
        self.window.notify(f"Cannot open {folder}: {why}", 8000)

    def _swap(self, spine, folder: str | None) -> None:
        """Put ``spine`` under every view: rebuild the actors on the same plotter, then redraw the state."""
        from spineviz.render.spine_actors import SpineActors

        w = self.window
        renderer = w.viewport.renderer
        plotter = w.plotter
        old = renderer.actors
        old.remove()  # its parts, and the merged actors it draws while moving
        nerves = getattr(renderer, "nerves", None)
        if nerves is not None:  # built for the old spine's landmarks: made again when the layer is on
            for actor in nerves.actors.values():
                plotter.remove_actor(actor, render=False)
            renderer.nerves = None
        renderer.actors = SpineActors.build(plotter, spine)
        renderer._framed = ((), None)
        w.spine = spine
        w.info_panel.spine = spine
        w.live.model = spine.model
        w.live.forget_moments()  # poses, loads and colours of the old spine
        renderer.forget_held()  # the old spine's matrices and names worked out ahead (each holds the old spine)
        w.picker.names = renderer.actors.pick_names()
        self.folder = folder
        renderer.apply(w.live.state, frame_camera=not w.live.state.camera.explicit)
        w.viewport.prepare_again()  # the new spine's coarse and merged parts, a step at a time as at start-up
        self._show_caption()
        w.request_render()

    def _show_caption(self) -> None:
        from spineviz.anatomy.importer.report import caption

        text, tip = caption(self.window.spine)
        self.label.setText(text)
        self.label.setToolTip(tip)


def install_anatomy(window) -> AnatomySwitch:
    """Add the anatomy switch to ``window`` (its File menu entry calls :meth:`AnatomySwitch.open_dialog`)."""
    return AnatomySwitch(window)


__all__ = ["AnatomySwitch", "install_anatomy"]
