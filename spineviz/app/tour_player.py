"""The tour player: a panel that plays a tour in the window, steps through it, edits captions and saves it.

A tour (:mod:`spineviz.scene.tour`) is a list of scenes with captions. Showing a step makes its scene the
window's one state, so the 3D view glides to it as it does for any change of view, and every panel
follows. Play holds each step for its ``duration`` (after its ``transition``), then moves on, and stops
at the last step. Editing the caption edits the step (and the picture's caption at once); Save writes
the whole tour to one TOML file through :func:`~spineviz.scene.tour.save_tour` (atomic).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from spineviz.scene import SceneError
from spineviz.scene.state import MAX_CAPTION
from spineviz.scene.tour import Tour, default_tour_dir, load_tour, save_tour


class TourPlayer(QWidget):
    """Plays, steps, edits and saves one :class:`~spineviz.scene.tour.Tour` in ``window``."""

    def __init__(self, window) -> None:
        super().__init__()
        self.main = window
        self.tour: Tour | None = None
        self.path: Path | None = None
        self.index = -1
        self.time_scale = 1.0  # < 1 plays faster (a preview; the tests)
        self.setObjectName("tourPlayer")
        self.heading = QLabel("No tour open")
        self.heading.setWordWrap(True)
        self.steps = QListWidget()
        self.steps.setAccessibleName("Tour steps")
        self.steps.currentRowChanged.connect(self._row_chosen)
        self.caption = QPlainTextEdit()
        self.caption.setAccessibleName("Caption of this step")
        self.caption.setTabChangesFocus(True)
        self.caption.setFixedHeight(self.fontMetrics().height() * 5 + 12)
        self.caption.textChanged.connect(self._caption_edited)
        self.previous = QPushButton("◀ Previous")
        self.play_button = QPushButton("Play tour")
        self.next = QPushButton("Next ▶")
        for b, name in ((self.previous, "Previous step"), (self.play_button, "Play the tour"),
                        (self.next, "Next step")):
            b.setAccessibleName(name)
        self.previous.clicked.connect(lambda: self.show_step(self.index - 1))
        self.next.clicked.connect(lambda: self.show_step(self.index + 1))
        self.play_button.clicked.connect(self.toggle_play)
        open_button = QPushButton("Open tour…")
        open_button.clicked.connect(self.open_dialog)
        self.save_button = QPushButton("Save tour as…")
        self.save_button.clicked.connect(self.save_dialog)
        row = QHBoxLayout()
        for b in (self.previous, self.play_button, self.next):
            row.addWidget(b)
        files = QHBoxLayout()
        files.addWidget(open_button)
        files.addWidget(self.save_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.heading)
        lay.addWidget(self.steps, 1)
        lay.addLayout(row)
        lay.addWidget(QLabel("Caption"))
        lay.addWidget(self.caption)
        lay.addLayout(files)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._advance)
        self._sync()

    # --- opening and saving ----------------------------------------------------------------------
    def open_path(self, path: str | Path) -> bool:
        """Load a tour file and show its first step; on a bad file say which and why, keep what was open."""
        try:
            tour = load_tour(path)
        except (SceneError, OSError) as err:
            QMessageBox.warning(self.main, "Could not open the tour", str(err))
            return False
        self.stop()
        self.tour, self.path = tour, Path(path)
        self.steps.blockSignals(True)
        self.steps.clear()
        for i, step in enumerate(tour.steps, 1):
            self.steps.addItem(f"{i}. {step.scene.title or step.caption[:60]}")
        self.steps.blockSignals(False)
        self.heading.setText(f"<b>{tour.title}</b> · {len(tour.steps)} steps")
        self.show_step(0)
        return True

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.main, "Open tour", str(default_tour_dir()),
                                              "spineviz tour (*.toml)")
        if path:
            self.open_path(path)

    def save_to(self, path: str | Path) -> bool:
        if self.tour is None:
            return False
        try:
            save_tour(self.tour, path)
        except (SceneError, OSError) as err:
            QMessageBox.warning(self.main, "Could not save the tour", str(err))
            return False
        self.path = Path(path)
        self.main.notify(f"Saved {path}")
        return True

    def save_dialog(self) -> None:
        start = str(self.path) if self.path else "tour.toml"
        path, _ = QFileDialog.getSaveFileName(self.main, "Save tour", start, "spineviz tour (*.toml)")
        if path:
            self.save_to(path if path.endswith(".toml") else path + ".toml")

    # --- stepping and playing --------------------------------------------------------------------
    def show_step(self, index: int) -> None:
        """Make step ``index`` the window's scene (kept within the tour)."""
        if self.tour is None:
            return
        index = max(0, min(index, len(self.tour.steps) - 1))
        self.index = index
        step = self.tour.steps[index]
        self.main.scenes.show(step.scene)
        self.steps.blockSignals(True)
        self.steps.setCurrentRow(index)
        self.steps.blockSignals(False)
        self.caption.blockSignals(True)
        self.caption.setPlainText(step.caption)
        self.caption.blockSignals(False)
        self._sync()

    def _row_chosen(self, row: int) -> None:
        if row >= 0 and row != self.index:
            self.stop()
            self.show_step(row)

    def toggle_play(self) -> None:
        if self.timer.isActive():
            self.stop()
        elif self.tour is not None:
            if self.index >= len(self.tour.steps) - 1:
                self.show_step(0)
            self._hold()

    def _hold(self) -> None:
        step = self.tour.steps[self.index]
        self.timer.start(round(1000 * self.time_scale * (step.transition + step.duration)))
        self._sync()

    def _advance(self) -> None:
        if self.tour is None or self.index >= len(self.tour.steps) - 1:
            self.stop()
            return
        self.show_step(self.index + 1)
        self._hold()

    def stop(self) -> None:
        self.timer.stop()
        self._sync()

    @property
    def playing(self) -> bool:
        return self.timer.isActive()

    # --- editing ---------------------------------------------------------------------------------
    def _caption_edited(self) -> None:
        if self.tour is None or self.index < 0:
            return
        text = " ".join(self.caption.toPlainText().split())[:MAX_CAPTION]
        steps = list(self.tour.steps)
        steps[self.index] = replace(steps[self.index], caption=text)
        self.tour = replace(self.tour, steps=tuple(steps))
        self.main.live.update(caption=text)

    def _sync(self) -> None:
        has = self.tour is not None
        last = has and self.index >= len(self.tour.steps) - 1
        self.previous.setEnabled(has and self.index > 0)
        self.next.setEnabled(has and not last)
        self.play_button.setEnabled(has)
        self.play_button.setText("Pause" if self.timer.isActive() else "Play tour")
        self.caption.setEnabled(has)
        self.save_button.setEnabled(has)


def install_tour_player(window):
    """A "Tour" dock (tabbed with the others on first show) and Scenes → Play a tour…; returns the player."""
    from spineviz.app.docks import add_tabbed_dock

    player = TourPlayer(window)
    dock = add_tabbed_dock(window, "Tour", "dockTour", player, Qt.DockWidgetArea.LeftDockWidgetArea, "dockMotion",
                           "Tour panel")
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions() if a.menu()}
    scenes = menus.get("Scenes")
    if scenes is not None:
        scenes.addSeparator()
        window._action(scenes, "Play a tour…", lambda: (player.open_dialog(), dock.show(), dock.raise_()))
        tours = scenes.addMenu("Shipped tours")
        for path in sorted(default_tour_dir().glob("*.toml")):
            act = tours.addAction(path.stem.replace("-", " ").capitalize())
            act.triggered.connect(lambda _=False, p=path: (player.open_path(p), dock.show(), dock.raise_()))
    player.dock = dock
    return player


__all__ = ["TourPlayer", "install_tour_player"]
