"""The main window: the 3D spine in a Qt viewport (the full chairside app grows from here)."""

from __future__ import annotations

from PySide6.QtWidgets import QMainWindow
from pyvistaqt import QtInteractor

from spineviz.anatomy.spine import load_spine
from spineviz.render import look
from spineviz.render.spine_actors import SpineActors


class MainWindow(QMainWindow):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("spineviz")
        self.resize(1280, 800)
        self.plotter = QtInteractor(self, multi_samples=0)
        self.plotter.set_background(look.BACKGROUND[0], top=look.BACKGROUND[1])
        self.setCentralWidget(self.plotter.interactor)
        self.spine = load_spine()
        self.actors = SpineActors.build(self.plotter, self.spine)
        look.frame_view(self.plotter, "left", self.actors.visible_bounds())
        self._closed = False

    def closeEvent(self, event) -> None:
        if not self._closed:
            self._closed = True
            self.plotter.close()
        super().closeEvent(event)
