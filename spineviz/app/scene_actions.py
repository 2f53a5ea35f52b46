"""Scenes in the app: the Scenes menu and start page, open/save/recent, and File -> Export with progress."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QFileDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
)

from spineviz.scene import SceneError, load_scene, save_scene
from spineviz.scene.io import UnreadableSceneError
from spineviz.scene.presets import CHAIRSIDE, list_presets, load_preset
from spineviz.scene.recent import add_recent_scene, recent_scenes


class StartPage(QDialog):
    """One big button per preset: the chairside one-click start."""

    def __init__(self, actions: SceneActions) -> None:
        super().__init__(actions.window)
        self.setWindowTitle("spineviz — start")
        self.setObjectName("startPage")
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel("<h2>What would you like to show?</h2>"))
        self.buttons = {}
        for info in list_presets():
            b = QPushButton(f"{info.title}")
            b.setToolTip(info.caption)
            b.setMinimumHeight(44)
            b.clicked.connect(lambda _=False, i=info.id: (actions.open_preset(i), self.accept()))
            if info.id == CHAIRSIDE:
                b.setDefault(True)
            lay.addWidget(b)
            self.buttons[info.id] = b
        self.show_again = QCheckBox("Show this page when spineviz starts")
        self.show_again.setChecked(actions.window.settings.value("startPage", "true") in (True, "true"))
        self.show_again.toggled.connect(lambda on: actions.window.settings.setValue("startPage", on))
        lay.addWidget(self.show_again)
        close = QPushButton("Explore freely")
        close.clicked.connect(self.reject)
        lay.addWidget(close)


class SceneActions:
    """File → Open/Save/Export and the Scenes menu: each reads or replaces the window's one scene state."""

    def __init__(self, window) -> None:
        self.window = window
        self.path: Path | None = None
        w = window
        bar = w.menuBar()
        file_menu = next(a.menu() for a in bar.actions() if a.text() == "&File")
        first = file_menu.actions()[0]
        for label, slot, key in (("Open scene…", self.open_dialog, "file.open_scene"),
                                 ("Save scene", self.save, "file.save_scene"),
                                 ("Save scene as…", self.save_as_dialog, None),
                                 ("Export…", self.export_dialog, "file.export"),
                                 ("Patient handout…", self.handout_dialog, "file.handout")):
            act = w._action(file_menu, label, slot, key)
            file_menu.insertAction(first, act)
        self.recent_menu = file_menu.addMenu("Recent scenes")
        file_menu.insertMenu(first, self.recent_menu)
        file_menu.insertSeparator(first)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        scenes = QMenu("&Scenes", bar)
        bar.insertMenu(bar.actions()[-1], scenes)  # before Help
        for info in list_presets():
            key = "scenes.chairside" if info.id == CHAIRSIDE else None
            w._action(scenes, info.title, lambda _=False, i=info.id: self.open_preset(i), key, info.caption)
        scenes.addSeparator()
        w._action(scenes, "Start page…", self.show_start_page)
        self.start_page: StartPage | None = None

    # --- opening --------------------------------------------------------------------------------
    def show(self, scene) -> None:
        """Make ``scene`` the window's state; every panel and the 3D view follow it."""
        w = self.window
        w.live.pause()
        w.live.set_state(scene)
        explain = getattr(w, "explanations", None)
        if explain is not None:
            explain.show_scene_parts(scene.document, scene.body_map, scene.audience)

    def open_preset(self, preset_id: str) -> None:
        """Show a preset on the spine now shown: on a patient's own spine a preset keeps that spine."""
        scene = load_preset(preset_id)
        anatomy = self.window.live.state.anatomy
        if anatomy and not scene.anatomy:
            scene = replace(scene, anatomy=anatomy)
        self.show(scene)
        self.path = None

    def open_path(self, path: str | Path) -> bool:
        """Show the scene in ``path``; on error say which file and why, and keep what was shown."""
        try:
            scene = load_scene(path)
        except (SceneError, OSError) as err:
            QMessageBox.warning(self.window, "Could not open the scene", str(err))
            return False
        self.show(scene)
        self.path = Path(path)
        add_recent_scene(path)
        return True

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Open scene", "", "spineviz scene (*.toml)")
        if path:
            self.open_path(path)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        items = recent_scenes()
        if not items:
            self.recent_menu.addAction("(none yet)").setEnabled(False)
        for p in items:
            self.recent_menu.addAction(str(p), lambda p=p: self.open_path(p))

    def show_start_page(self) -> StartPage:
        if self.start_page is None:
            self.start_page = StartPage(self)
        self.start_page.show()
        self.start_page.raise_()
        return self.start_page

    # --- saving ---------------------------------------------------------------------------------
    def current_scene(self):
        """What is shown: the window's one state, saved and exported as it is."""
        return self.window.live.state

    def save(self) -> None:
        if self.path is None:
            self.save_as_dialog()
        else:
            self.save_to(self.path)

    def save_as_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self.window, "Save scene", "scene.toml", "spineviz scene (*.toml)")
        if path:
            self.save_to(Path(path if path.endswith(".toml") else path + ".toml"))

    def save_to(self, path: Path, ask=None) -> bool:
        """Save atomically; a file that is not a readable scene is only replaced if the user agrees."""
        try:
            save_scene(self.current_scene(), path)
        except UnreadableSceneError as err:
            message = f"{err}\n\nReplace it with the current scene?"
            ask = ask or (lambda: QMessageBox.question(self.window, "Replace this file?", message)
                          == QMessageBox.StandardButton.Yes)
            if not ask():
                return False
            save_scene(self.current_scene(), path, overwrite_unreadable=True)
        except (SceneError, OSError) as err:
            QMessageBox.warning(self.window, "Could not save the scene", str(err))
            return False
        self.path = path
        add_recent_scene(path)
        self.window.notify(f"Saved {path}")
        return True

    # --- exporting ------------------------------------------------------------------------------
    def export_to(self, path: Path, progress_dialog: QProgressDialog | None = None, options=None) -> bool:
        """Export what is shown to ``path``.

        ``options`` (an :class:`~spineviz.app.export_dialog.ExportOptions`) give the size, background,
        frame rate and caption, as ``spineviz render`` takes them.
        """
        from dataclasses import replace

        from spineviz.render.export import ExportCancelled, ExportError, export_scene

        dialog = progress_dialog

        def progress(f: float) -> None:
            if dialog is not None:
                dialog.setValue(round(100 * f))
            QApplication.processEvents()

        extra = {} if options is None else {"size": options.size, "transparent": options.transparent,
                                            "fps": options.fps}
        try:
            scene = self.current_scene() if options is None else replace(self.current_scene(),
                                                                          caption=options.caption)
            export_scene(scene, path, progress=progress, spine=self.window.spine,
                         cancel=(lambda: dialog.wasCanceled()) if dialog is not None else None, **extra)
        except ExportCancelled:
            self.window.notify("Export cancelled; nothing was written")
            return False
        except (ExportError, SceneError, OSError) as err:
            QMessageBox.warning(self.window, "Could not export", str(err))
            return False
        finally:
            if dialog is not None:
                dialog.reset()  # stops its show-later timer too
                dialog.close()
        self.window.notify(f"Exported {path}")
        return True

    def export_dialog(self):
        """Open File → Export… (window-modal, not blocking); on Export, write the file with a progress bar."""
        from spineviz.app.export_dialog import ExportDialog

        folder = str(self.window.settings.value("exportDir", "") or "")
        chooser = ExportDialog(self.window, caption=self.current_scene().caption, folder=folder)
        chooser.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        chooser.accepted.connect(lambda: self._export_chosen(chooser.options()))
        chooser.open()
        return chooser

    def _export_chosen(self, options) -> bool:
        self.window.settings.setValue("exportDir", str(options.path.parent))
        dialog = QProgressDialog("Exporting…", "Cancel", 0, 100, self.window)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        return self.export_to(options.path, dialog, options)

    def handout_dialog(self) -> None:
        from spineviz.render.export import ExportError, write_handout

        path, _ = QFileDialog.getSaveFileName(self.window, "Patient handout", "handout.html", "Web page (*.html)")
        if not path:
            return
        try:
            write_handout(self.current_scene(), path, spine=self.window.spine)
        except (ExportError, SceneError, OSError) as err:
            QMessageBox.warning(self.window, "Could not write the handout", str(err))
            return
        self.window.notify(f"Wrote {path}")

    def close(self) -> None:
        if self.start_page is not None:
            self.start_page.close()
