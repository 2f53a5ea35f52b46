"""The main window: the 3D spine with motion, display and information panels, menus and shortcuts."""

from __future__ import annotations

import os
from dataclasses import replace
from itertools import pairwise

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QTabBar,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from spineviz.anatomy.spine import load_spine
from spineviz.app.anatomy_open import install_anatomy
from spineviz.app.bodymap_panel import install_pain_map
from spineviz.app.cut_handle import install_cut_handle
from spineviz.app.explain import install_explanations
from spineviz.app.first_frame import FirstFrame
from spineviz.app.info_panel import InfoPanel
from spineviz.app.keys import ControlKeysFirst, binding, bindings, shortcuts_html
from spineviz.app.layers_panel import LayersPanel
from spineviz.app.live_scene import LiveScene, selection_kind
from spineviz.app.motion_panel import MotionPanel
from spineviz.app.native_view import grab_window, make_view
from spineviz.app.picking import Picker, describe
from spineviz.app.scene_actions import SceneActions
from spineviz.app.tour_player import install_tour_player
from spineviz.app.view_keys import ViewKeys
from spineviz.app.viewport import Viewport
from spineviz.app.wording import AUDIENCES
from spineviz.motion import Motion
from spineviz.render import look
from spineviz.render.posed import posed_bounds
from spineviz.scene import Camera, SceneState

VIEWS = ("anterior", "posterior", "left", "right", "superior", "oblique")
VIEW_KEYS = {v: binding(f"view.{v}").keys[0] for v in VIEWS}
REGIONS = ("cervical", "thoracic", "lumbar", "all")
DEFAULT_SIZE = (1280, 800)
"""The window's size on a screen that has room for it (logical pixels); smaller screens get less."""
NARROW = 1100
"""Below this width (logical pixels) the side panels collapse into one column of tabs on the left."""
DOCK_MIN_WIDTH = 180
"""A panel can shrink to this width; its contents scroll rather than push the 3D view aside."""
FRAME_ALLOWANCE = (16, 48)
"""Room left for the window manager's frame and title bar before the window is shown and they are known."""


def _scrolling(*widgets) -> QScrollArea:
    box = QWidget()
    lay = QVBoxLayout(box)
    for w in widgets:
        lay.addWidget(w)
    lay.addStretch(1)
    area = QScrollArea()
    area.setWidget(box)
    area.setWidgetResizable(True)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # its controls take the focus; the area is no Tab stop of its own
    return area


class MainWindow(QMainWindow):
    def __init__(self, settings: QSettings | None = None, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle("spineviz — the spine and its facet joints")
        self.setObjectName("spinevizMain")
        self.settings = settings or QSettings(
            QSettings.Format.IniFormat, QSettings.Scope.UserScope, "spineviz", "spineviz"
        )
        self.resize(*DEFAULT_SIZE)
        self._closed = False
        self._capped: set[QDockWidget] = set()

        self.plotter = make_view(self)  # a native window VTK draws to directly, where it can (issue 13)
        self.plotter.set_background(look.BACKGROUND[0], top=look.BACKGROUND[1])
        self.plotter.enable_lightkit()
        place = QWidget()  # the 3D view's place, laid out with the panels before the view first draws
        place_lay = QVBoxLayout(place)
        place_lay.setContentsMargins(0, 0, 0, 0)
        place_lay.addWidget(self.plotter.interactor)
        self.setCentralWidget(place)
        self.plotter.interactor.hide()  # shown on the window's first show, at its laid-out size (_show_view)
        self.first_frame = FirstFrame(self, self.plotter)  # what can wait until the spine is on screen
        self.spine = load_spine()
        self.live = LiveScene(self.spine.model, self._remembered_scene(), self)
        self.viewport = Viewport(self.plotter, self.spine, self.live, self.request_render, self)
        self.first_frame.defer(self.viewport.start_preparing)  # the coarse bones: after the spine is on screen
        self.picker = Picker(self.plotter, self.actors.pick_names(), self)
        self.picker.clicked.connect(lambda item: self.live.select(item[1] if item else None))
        self.picker.hovered.connect(self._show_hover)

        self.motion_panel = MotionPanel(self.live)
        self.layers_panel = LayersPanel(self.live)
        self.info_panel = InfoPanel(self.live, self.spine)
        self._dock("Motion", _scrolling(self.motion_panel), Qt.DockWidgetArea.LeftDockWidgetArea)
        self._dock("Display", _scrolling(self.layers_panel), Qt.DockWidgetArea.RightDockWidgetArea)
        info = QWidget()  # what is selected scrolls; the safety note under it never does
        info_lay = QVBoxLayout(info)
        info_lay.setContentsMargins(0, 0, 0, 0)
        info_lay.addWidget(_scrolling(self.info_panel), 1)
        info_lay.addWidget(self.info_panel.safety)
        self._dock("Information", info, Qt.DockWidgetArea.RightDockWidgetArea)
        self.hover_label = QLabel("")
        self.statusBar().addPermanentWidget(self.hover_label)
        self._build_menus()
        self.live.scene_changed.connect(self._show_state)  # not told of a tick of Play (session 29)
        self.scenes = SceneActions(self)
        self._restore_layout()  # after the docks exist, so they go back where they were
        self.fit_to_screen()
        self.explanations = install_explanations(self)
        self.pain_map = install_pain_map(self)  # "Where does it hurt?" (issue 14)
        self.cut_handle = install_cut_handle(self)  # View → Cross-section, and the draggable plane (issue 15)
        self.pain_map.dock.setWidget(_scrolling(self.pain_map.panel))  # it scrolls on a short screen
        self.tour_player = install_tour_player(self)
        self.view_keys = ViewKeys(self)
        self.control_keys = ControlKeysFirst(self)  # on the window, not the application (issue 13, session 35)
        self.installEventFilter(self.control_keys)
        self._tab_order()
        self.tabifiedDockWidgetActivated.connect(lambda _dock: self._name_dock_tabs())
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
        widget.setMinimumWidth(DOCK_MIN_WIDTH)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _action(self, menu, label: str, slot, shortcut: str | None = None, tip: str = "",
                checkable: bool = False) -> QAction:
        """A menu entry; ``shortcut`` is an id of the key table ("motion.play") or a key sequence.

        A plain key sequence is for an entry the table does not know yet; F1 lists it under "Other".
        """
        act = QAction(label, self)
        if shortcut:
            try:
                act.setShortcuts(binding(shortcut).sequences())
            except KeyError:
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
        self._action(file, "Save image…", self.save_image_dialog, "file.save_image", "Save the 3D view as a PNG")
        file.addSeparator()
        self._action(file, "Quit", self.close, "file.quit")
        view = bar.addMenu("&View")
        tools = QToolBar("Views")
        tools.setObjectName("viewsToolbar")
        self.addToolBar(tools)
        self.view_toolbar = tools
        for name in VIEWS:
            b = binding(f"view.{name}")
            act = self._action(view, name.capitalize(), lambda _=False, n=name: self.set_view(n), b.id,
                               f"{b.label} ({b.shown()})")
            tools.addAction(act)
            button = tools.widgetForAction(act)
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # toolbar buttons are no Tab stops by default
            button.setAccessibleName(b.label)
        view.addSeparator()
        for region in REGIONS:
            b = binding(f"region.{region}")
            self._action(view, b.label, lambda _=False, r=region: self.zoom_to_region(r), b.id)
        self._action(view, "Zoom to selection", self.zoom_to_selection, "view.zoom_selection")
        view.addSeparator()
        live = self.live
        self._action(view, "Colour facets by load", lambda: live.update(loads=not live.state.loads), "layer.loads")
        self._action(view, "X-ray bone", self.toggle_xray, "layer.xray")
        self._action(view, "Level names", lambda: live.update_layers(labels=not live.state.layers.labels),
                     "layer.labels")
        self._action(view, "Discs", lambda: live.update_layers(discs=not live.state.layers.discs), "layer.discs")
        self._action(view, "Facet cartilage", lambda: live.update_layers(
            cartilage=not live.state.layers.cartilage), "layer.cartilage")
        motion = bar.addMenu("&Motion")
        self._action(motion, "Play / pause", self.motion_panel.toggle_play, "motion.play")
        self._action(motion, "Reset to neutral", self.reset_motion, "motion.reset")
        help_menu = bar.addMenu("&Help")
        self._action(help_menu, "Keyboard shortcuts", self.show_shortcuts, "help.shortcuts")
        self._action(help_menu, "About spineviz", self.show_about)
        tools.addSeparator()
        self.audience = QComboBox()
        for a in AUDIENCES:
            self.audience.addItem(a.capitalize(), a)
        self.audience.setToolTip("Who is looking: changes wording and defaults, never the safety notes")
        self.audience.setAccessibleName("Audience")
        self.audience.currentIndexChanged.connect(lambda _: self.set_audience(self.audience.currentData()))
        label = QLabel(" Audience ")
        label.setBuddy(self.audience)
        tools.addWidget(label)
        tools.addWidget(self.audience)

    def _tab_order(self) -> None:
        """Tab goes from the 3D view to the toolbar (views, audience), then through the panels."""
        chain = [self.plotter.interactor]
        chain += [self.view_toolbar.widgetForAction(a) for a in self.view_toolbar.actions()
                  if a.isVisible() and not a.isSeparator() and self.view_toolbar.widgetForAction(a) is not None
                  and self.view_toolbar.widgetForAction(a).focusPolicy() & Qt.FocusPolicy.TabFocus]
        for a, b in pairwise(chain):
            QWidget.setTabOrder(a, b)

    def _name_dock_tabs(self) -> None:
        """Name the tab bars Qt makes for tabbed panels after their tabs, so a screen reader can say them."""
        for bar in self.findChildren(QTabBar):
            if bar.parent() is self:
                bar.setAccessibleName("Panels: " + ", ".join(bar.tabText(i) for i in range(bar.count())))

    def grab(self, *args):  # Qt override
        """The window as a picture; Qt cannot paint a native 3D view, so its pixels come from VTK."""
        return super().grab(*args) if args else grab_window(self, self.plotter)

    def showEvent(self, event) -> None:  # Qt override
        super().showEvent(event)
        if self.plotter.interactor.isHidden() and not self._closed:
            self._show_view()
        QTimer.singleShot(0, self._settle_layout)  # after the panels are tabbed on first show

    def _show_view(self) -> None:
        """Show the 3D view once the panels are placed, so its first frame is drawn once, at its size, framed.

        Shown with the window, the view drew at Qt's default 100x30 while the panels were still stacked
        (they are tabbed in the window's Show event, just before this), then again at its real size with the
        camera framed for the wrong shape, then once more when the framing caught up: four renders of the
        whole spine before the picture was right (issue 13).
        """
        self._cap_docks()
        self.layout().activate()
        view = self.plotter.interactor
        view.setGeometry(self.centralWidget().rect())
        ratio = view.devicePixelRatioF()
        self.plotter.ren_win.SetSize(max(1, round(view.width() * ratio)), max(1, round(view.height() * ratio)))
        self.viewport.fit_to_size(render=False)
        view.show()

    def _settle_layout(self) -> None:
        if self._closed:
            return
        self._name_dock_tabs()
        if self.width() < NARROW:
            self.collapse_docks()
        self._cap_docks()
        self.fit_to_screen()

    # --- fitting the screen ---------------------------------------------------------------------
    def fit_to_screen(self) -> None:
        """Keep the whole window, frame included, on its screen's free area, whatever the scale factor."""
        screen = self.screen()
        if screen is None:
            return
        free = screen.availableGeometry()
        frame = self.frameGeometry()
        extra_w, extra_h = (frame.width() - self.width(), frame.height() - self.height()) if self.isVisible() \
            else FRAME_ALLOWANCE
        width = min(self.width(), free.width() - extra_w)
        height = min(self.height(), free.height() - extra_h)
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
        frame = self.frameGeometry()
        x = min(max(frame.left(), free.left()), free.right() + 1 - frame.width())
        y = min(max(frame.top(), free.top()), free.bottom() + 1 - frame.height())
        if (x, y) != (frame.left(), frame.top()):
            self.move(x, y)

    def _docks(self, area=None) -> list[QDockWidget]:
        return [d for d in self.findChildren(QDockWidget) if d.parent() is self and not d.isFloating()
                and (area is None or self.dockWidgetArea(d) == area)]

    def collapse_docks(self) -> None:
        """Put every side panel into one column of tabs on the left, so a small screen keeps half for the 3D view."""
        left = Qt.DockWidgetArea.LeftDockWidgetArea
        docks = self._docks()
        anchor = next((d for d in docks if d.objectName() == "dockMotion"), None)
        if anchor is None or self.dockWidgetArea(anchor) != left:
            return
        for dock in docks:
            if dock is not anchor and self.dockWidgetArea(dock) != left:
                self.tabifyDockWidget(anchor, dock)
        anchor.raise_()
        self._name_dock_tabs()
        self.resizeDocks([anchor], [self.width() // 2 - 8], Qt.Orientation.Horizontal)

    def _cap_docks(self) -> None:
        """Side panels share at most half the window's width, each down to DOCK_MIN_WIDTH.

        A window shrunk by hand below about 720 px with panels on both sides leaves the 3D view the narrow part
        (110 px at Qt's smallest window); a window that opens narrow tabs them first (:meth:`collapse_docks`).
        """
        sides = [a for a in (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea)
                 if any(d.isVisible() for d in self._docks(a))]
        cap = max(DOCK_MIN_WIDTH, (self.width() // 2 - 8 * len(sides)) // max(1, len(sides)))
        for area in sides:
            for dock in self._docks(area):
                dock.setMaximumWidth(cap)
        for dock in self.findChildren(QDockWidget):
            if dock.isFloating():
                dock.setMaximumWidth(16777215)
            if dock not in self._capped:  # a panel pulled out (or enlarged) is free of the cap at once
                self._capped.add(dock)
                dock.topLevelChanged.connect(lambda floating, d=dock: self._dock_floated(d, floating))

    def _dock_floated(self, dock: QDockWidget, floating: bool) -> None:
        if floating:
            dock.setMaximumWidth(16777215)
        elif not self._closed:
            self._cap_docks()

    def resizeEvent(self, event) -> None:  # Qt override
        super().resizeEvent(event)
        if not self._closed and hasattr(self, "explanations"):
            self._cap_docks()

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
        state = self.live.state.with_audience(audience)
        if audience == "educator":
            state = replace(state, layers=replace(state.layers, labels=True))
        self.live.update(audience=state.audience, document=state.document, layers=state.layers)

    def _show_state(self, state: SceneState, old) -> None:
        if old is not None and state.audience == old.audience and state.title == old.title:
            return  # a tick of Play: the audience box and the title already show these
        idx = self.audience.findData(state.audience)
        if idx >= 0 and idx != self.audience.currentIndex():
            self.audience.blockSignals(True)
            self.audience.setCurrentIndex(idx)
            self.audience.blockSignals(False)
        self.setWindowTitle(f"spineviz — {state.title}" if state.title else "spineviz — the spine and its facet joints")

    def _show_hover(self, item) -> None:
        self.hover_label.setText(describe(item))

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
        """The F1 list: the key table, and any shortcut bound in the window that the table lacks."""
        known = {QKeySequence(k).toString() for b in bindings() for k in b.keys}
        others = [(a.text().replace("&", ""), a.shortcut().toString()) for a in self.findChildren(QAction)
                  if not a.shortcut().isEmpty() and a.shortcut().toString() not in known]
        return shortcuts_html(list(dict.fromkeys(others)))

    def show_shortcuts(self) -> None:
        from spineviz.app.shortcuts_dialog import ShortcutsDialog

        ShortcutsDialog.show_for(self)

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
            self.first_frame.cancel()
            self.live.shutdown()
            self.tour_player.stop()
            self.viewport.detach()
            self.scenes.close()
            self.statusBar().clearMessage()  # its timeout is a timer too
            self.picker.detach()
            self.cut_handle.detach()
            self.removeEventFilter(self.control_keys)
            for dialog in self.findChildren(QDialog):
                dialog.close()
            self._save_settings()
            self._closed = True
            self.plotter.close()
        super().closeEvent(event)

