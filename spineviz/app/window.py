"""The main window: the 3D spine with motion, display and information panels, menus and shortcuts."""

from __future__ import annotations

import os
from dataclasses import replace

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QToolBar,
    QVBoxLayout,
    QWidget,
)
from pyvistaqt import QtInteractor

from spineviz.anatomy.spine import load_spine
from spineviz.app.anatomy_open import install_anatomy
from spineviz.app.bodymap_panel import install_pain_map
from spineviz.app.explain import install_explanations
from spineviz.app.info_panel import InfoPanel
from spineviz.app.layers_panel import LayersPanel
from spineviz.app.live_scene import LiveScene, selection_kind
from spineviz.app.motion_panel import MotionPanel
from spineviz.app.picking import Picker
from spineviz.app.scene_actions import SceneActions
from spineviz.app.viewport import Viewport
from spineviz.app.wording import AUDIENCES
from spineviz.motion import Motion
from spineviz.render import look
from spineviz.render.posed import posed_bounds
from spineviz.scene import Camera, SceneState

VIEW_KEYS = {"anterior": "1", "posterior": "2", "left": "3", "right": "4", "superior": "5", "oblique": "6"}
REGION_KEYS = {"cervical": "Ctrl+1", "thoracic": "Ctrl+2", "lumbar": "Ctrl+3", "all": "Ctrl+0"}
REGION_ACTIONS = {"cervical": "Show the neck", "thoracic": "Show the mid-back", "lumbar": "Show the low back",
                  "all": "Whole spine"}


def _scrolling(*widgets) -> QScrollArea:
    box = QWidget()
    lay = QVBoxLayout(box)
    for w in widgets:
        lay.addWidget(w)
    lay.addStretch(1)
    area = QScrollArea()
    area.setWidget(box)
    area.setWidgetResizable(True)
    return area


class MainWindow(QMainWindow):
    def __init__(self, settings: QSettings | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("spineviz — the spine and its facet joints")
        self.setObjectName("spinevizMain")
        self.settings = settings or QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, "spineviz", "spineviz"
        )
        self.resize(1280, 800)
        self._closed = False

        self.plotter = QtInteractor(self, multi_samples=0, auto_update=False)
        self.plotter.set_background(look.BACKGROUND[0], top=look.BACKGROUND[1])
        self.plotter.enable_lightkit()
        self.setCentralWidget(self.plotter.interactor)
        self.spine = load_spine()
        self.live = LiveScene(self.spine.model, self._remembered_scene(), self)
        self.viewport = Viewport(self.plotter, self.spine, self.live, self.request_render, self)
        self.picker = Picker(self.plotter, self.actors.pick_names(), self)
        self.picker.clicked.connect(lambda item: self.live.select(item[1] if item else None))
        self.picker.hovered.connect(self._show_hover)

        self.motion_panel = MotionPanel(self.live)
        self.layers_panel = LayersPanel(self.live)
        self.info_panel = InfoPanel(self.live, self.spine)
        self._dock("Motion", _scrolling(self.motion_panel), Qt.DockWidgetArea.LeftDockWidgetArea)
        self._dock("Display", _scrolling(self.layers_panel), Qt.DockWidgetArea.RightDockWidgetArea)
        self._dock("Information", _scrolling(self.info_panel), Qt.DockWidgetArea.RightDockWidgetArea)
        self.hover_label = QLabel("")
        self.statusBar().addPermanentWidget(self.hover_label)
        self._build_menus()
        self.live.changed.connect(self._show_state)
        self.scenes = SceneActions(self)
        self._restore_layout()  # after the docks exist, so they go back where they were
        self.explanations = install_explanations(self)
        self.pain_map = install_pain_map(self)  # "Where does it hurt?" (issue 14)
        self.anatomy = install_anatomy(self)  # a patient's own spine (issue 12)
        self._show_state(self.live.state, None)

    @property
    def actors(self):
        return self.viewport.actors

    @property
    def camera(self):
        return self.viewport.camera

    # --- layout ---------------------------------------------------------------------------------
    def _dock(self, title: str, widget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock{title}")
        widget.setMinimumWidth(260)
        widget.setMaximumWidth(340)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _action(self, menu, label: str, slot, shortcut: str | None = None, tip: str = "",
                checkable: bool = False) -> QAction:
        act = QAction(label, self)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        act.setToolTip(tip or label)
        act.setStatusTip(tip or label)
        act.setCheckable(checkable)
        act.triggered.connect(slot)
        menu.addAction(act)
        self.addAction(act)
        return act

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        self._action(file, "Open anatomy…", lambda: self.anatomy.open_dialog(), None,
                     "Show a patient's own spine: a folder made by `spineviz anatomy import`")
        self._action(file, "Save image…", self.save_image_dialog, "Ctrl+Shift+S", "Save the 3D view as a PNG")
        file.addSeparator()
        self._action(file, "Quit", self.close, "Ctrl+Q")
        view = bar.addMenu("&View")
        tools = QToolBar("Views")
        tools.setObjectName("viewsToolbar")
        self.addToolBar(tools)
        for name, key in VIEW_KEYS.items():
            act = self._action(view, name.capitalize(), lambda _=False, n=name: self.set_view(n), key,
                               f"Look from the {name} side ({key})")
            tools.addAction(act)
        view.addSeparator()
        for region, key in REGION_KEYS.items():
            self._action(view, REGION_ACTIONS[region], lambda _=False, r=region: self.zoom_to_region(r), key)
        self._action(view, "Zoom to selection", self.zoom_to_selection, "F")
        view.addSeparator()
        live = self.live
        self._action(view, "Colour facets by load", lambda: live.update(loads=not live.state.loads), "L")
        self._action(view, "X-ray bone", self.toggle_xray, "X")
        self._action(view, "Level names", lambda: live.update_layers(labels=not live.state.layers.labels), "N")
        self._action(view, "Discs", lambda: live.update_layers(discs=not live.state.layers.discs), "D")
        self._action(view, "Facet cartilage", lambda: live.update_layers(
            cartilage=not live.state.layers.cartilage), "C")
        motion = bar.addMenu("&Motion")
        self._action(motion, "Play / pause", self.motion_panel.toggle_play, "Space")
        self._action(motion, "Reset to neutral", self.reset_motion, "R")
        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "Keyboard shortcuts", self.show_shortcuts, "F1")
        self._action(help_menu, "About spineviz", self.show_about)
        tools.addSeparator()
        self.audience = QComboBox()
        for a in AUDIENCES:
            self.audience.addItem(a.capitalize(), a)
        self.audience.setToolTip("Who is looking: changes wording and defaults, never the safety notes")
        self.audience.setAccessibleName("Audience")
        self.audience.currentIndexChanged.connect(lambda _: self.set_audience(self.audience.currentData()))
        tools.addWidget(QLabel(" Audience "))
        tools.addWidget(self.audience)

    # --- actions --------------------------------------------------------------------------------
    def notify(self, text: str, ms: int = 5000) -> None:
        """A status-bar message; none after closing (its timeout timer would outlive the window)."""
        if not self._closed:
            self.statusBar().showMessage(text, ms)

    def request_render(self) -> None:
        if not self._closed:
            self.plotter.interactor.update()

    def render_now(self) -> None:
        if not self._closed:
            self.plotter.render()

    def set_view(self, view: str) -> None:
        self.live.set_view(view)

    def zoom_to_region(self, region: str) -> None:
        """Show a region (Ctrl+1-3, Ctrl+0), whatever was hidden before; the camera glides to it."""
        self.live.set_region(region)
        if self.live.state.camera.explicit:
            self.live.set_view("left")

    def zoom_to_selection(self) -> None:
        sel = selection_kind(self.live.state.selection)
        if sel is None:
            return
        if sel[0] == "bone":
            bounds = posed_bounds(self.spine, self.live.pose().transforms, [sel[1]])
        else:
            bounds = self.actors.cartilage[(sel[1], "lower")].bounds
            pad = 25.0
            bounds = (bounds[0] - pad, bounds[1] + pad, bounds[2] - pad, bounds[3] + pad, bounds[4] - pad,
                      bounds[5] + pad)
        self.viewport.zoom_to(bounds)

    def reset_motion(self) -> None:
        self.live.set_motion(Motion(region=self.live.state.current_motion().region))

    def toggle_xray(self) -> None:
        xray = 1.0 - look.XRAY_OPACITY
        self.live.update_layers(bone_transparency=0.0 if self.live.state.layers.bone_transparency > 0 else xray)

    def set_audience(self, audience: str) -> None:
        if audience == "educator":
            self.live.update(audience=audience, layers=replace(self.live.state.layers, labels=True))
        else:
            self.live.update(audience=audience)

    def _show_state(self, state: SceneState, _old) -> None:
        idx = self.audience.findData(state.audience)
        if idx >= 0 and idx != self.audience.currentIndex():
            self.audience.blockSignals(True)
            self.audience.setCurrentIndex(idx)
            self.audience.blockSignals(False)
        self.setWindowTitle(f"spineviz — {state.title}" if state.title else "spineviz — the spine and its facet joints")

    def _show_hover(self, item) -> None:
        self.hover_label.setText("" if item is None else (item[1] if item[0] == "bone" else f"{item[1]} facet"))

    def save_image(self, path: str, scale: int = 1) -> str:
        """Write the 3D view to ``path`` (PNG) at ``scale`` times the window size, atomically."""
        self.plotter.render()
        tmp = f"{path}.partial.png"
        self.plotter.screenshot(tmp, scale=scale)
        os.replace(tmp, path)
        return path

    def save_image_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save image", "spineviz.png", "PNG image (*.png)")
        if path:
            if not path.lower().endswith(".png"):
                path += ".png"
            try:
                self.save_image(path, scale=2)
                self.notify(f"Saved {path}")
            except (OSError, RuntimeError) as err:
                QMessageBox.warning(self, "Could not save the image", f"{path}: {err}")

    def shortcuts_text(self) -> str:
        rows = [f"<tr><td><b>{a.shortcut().toString()}</b></td><td>{a.text()}</td></tr>"
                for a in self.actions() if not a.shortcut().isEmpty()]
        return "<table cellpadding='3'>" + "".join(rows) + "</table>"

    def show_shortcuts(self) -> None:
        QMessageBox.information(self, "Keyboard shortcuts", self.shortcuts_text())

    def show_about(self) -> None:
        QMessageBox.about(self, "About spineviz",
                          "spineviz shows the spine in 3D and explains facet joint pain. For education only.")

    # --- settings and teardown ------------------------------------------------------------------
    def _restore_layout(self) -> None:
        s = self.settings
        if s.value("geometry") is not None:
            self.restoreGeometry(s.value("geometry"))
        if s.value("windowState") is not None:
            self.restoreState(s.value("windowState"))

    def _remembered_scene(self) -> SceneState:
        """The view settings from last time, as the starting scene."""
        s = self.settings
        audience = s.value("audience", "clinician")
        view = s.value("view", "left")
        base = SceneState()
        return SceneState(
            audience=audience if audience in AUDIENCES else "clinician",
            camera=Camera(view=view if view in VIEW_KEYS else "left"),
            loads=s.value("loads", "false") in (True, "true"),
            layers=replace(base.layers, labels=s.value("labels", "false") in (True, "true")),
        )

    def _save_settings(self) -> None:
        s, st = self.settings, self.live.state
        s.setValue("geometry", self.saveGeometry())
        s.setValue("windowState", self.saveState())
        s.setValue("audience", st.audience)
        s.setValue("view", st.camera.view or "left")
        s.setValue("loads", st.loads)
        s.setValue("labels", st.layers.labels)
        s.sync()

    def closeEvent(self, event) -> None:
        if not self._closed:
            self.live.shutdown()
            self.viewport.detach()
            self.scenes.close()
            self.statusBar().clearMessage()  # its timeout is a timer too
            self.picker.detach()
            self._save_settings()
            self._closed = True
            self.plotter.close()
        super().closeEvent(event)

