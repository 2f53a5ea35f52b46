"""File → Export…: one dialog for the file, its size, background, frame rate and caption.

The options are those of ``spineviz render`` (``--size``, ``--transparent``, ``--fps``, the scene's caption)
and go to the same :func:`~spineviz.render.export.export_scene`, so a picture exported from the window is
the one the command line would write. Only the options the chosen format uses are enabled.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from spineviz.render.clip import DEFAULT_FPS
from spineviz.scene.state import MAX_CAPTION

# suffix → (name in the list, default size or None when the format has no pixel size, animated)
FORMATS = {
    ".png": ("PNG picture", (1200, 900), False),
    ".gif": ("Animated GIF", (640, 480), True),
    ".mp4": ("MP4 film", (640, 480), True),
    ".html": ("3D web page (works offline)", None, False),
    ".glb": ("glTF 3D model", None, False),
    ".svg": ("Body map drawing (SVG)", None, False),
}
SIDE_RANGE = (16, 8192)
"""Pixels a side, as ``spineviz render --size`` accepts."""
FPS_RANGE = (1, 60)


@dataclass(frozen=True)
class ExportOptions:
    """What the dialog asks for: the keyword arguments of ``export_scene`` plus the caption to show."""

    path: Path
    size: tuple[int, int] | None
    transparent: bool
    fps: int
    caption: str


class ExportDialog(QDialog):
    """Choose the file and the options; :meth:`options` reads them back (see the module docstring)."""

    def __init__(self, parent, caption: str = "", folder: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.setObjectName("exportDialog")
        self.kind = QComboBox()
        for suffix, (name, _size, _anim) in FORMATS.items():
            self.kind.addItem(name, suffix)
        self.kind.setAccessibleName("File type")
        self.path = QLineEdit(str(Path(folder or Path.home()) / "spineviz.png"))
        self.path.setAccessibleName("File to write")
        browse = QPushButton("Choose…")
        browse.setAccessibleName("Choose the file")
        browse.clicked.connect(self._browse)
        where = QHBoxLayout()
        where.addWidget(self.path, 1)
        where.addWidget(browse)
        self.width_box, self.height_box = QSpinBox(), QSpinBox()
        for box, name in ((self.width_box, "Width in pixels"), (self.height_box, "Height in pixels")):
            box.setRange(*SIDE_RANGE)
            box.setSuffix(" px")
            box.setAccessibleName(name)
        size = QHBoxLayout()
        size.addWidget(self.width_box)
        size.addWidget(QLabel("×"))
        size.addWidget(self.height_box)
        size.addStretch(1)
        self.size_row = QWidget()
        self.size_row.setLayout(size)
        self.background = QComboBox()
        self.background.addItem("The app's soft gradient", False)
        self.background.addItem("Transparent (to place on slides)", True)
        self.background.setAccessibleName("Background")
        self.fps = QSpinBox()
        self.fps.setRange(*FPS_RANGE)
        self.fps.setValue(DEFAULT_FPS)
        self.fps.setSuffix(" frames a second")
        self.fps.setAccessibleName("Frame rate")
        self.caption = QPlainTextEdit(caption)
        self.caption.setAccessibleName("Caption")
        self.caption.setTabChangesFocus(True)
        self.caption.setPlaceholderText("Words shown under the picture (leave empty for none)")
        self.caption.setFixedHeight(self.fontMetrics().height() * 4 + 12)
        self.problem = QLabel("")
        self.problem.setObjectName("exportProblem")
        self.problem.setWordWrap(True)
        form = QFormLayout()
        form.addRow("File type", self.kind)
        form.addRow("File", where)
        form.addRow("Size", self.size_row)
        form.addRow("Background", self.background)
        form.addRow("Frame rate", self.fps)
        form.addRow("Caption", self.caption)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        self.buttons.accepted.connect(self._accept_if_valid)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.problem)
        lay.addWidget(self.buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.path.textEdited.connect(self._path_edited)
        self._kind_changed()

    # --- the form follows the format -------------------------------------------------------------
    def suffix(self) -> str:
        return self.kind.currentData()

    def _kind_changed(self, *_) -> None:
        suffix = self.suffix()
        _name, size, animated = FORMATS[suffix]
        self.size_row.setEnabled(size is not None)
        if size is not None:
            self.width_box.setValue(size[0])
            self.height_box.setValue(size[1])
        self.background.setEnabled(suffix == ".png")
        if suffix != ".png":
            self.background.setCurrentIndex(0)
        self.fps.setEnabled(animated)
        self.caption.setEnabled(suffix not in (".svg",))
        path = Path(self.path.text().strip() or "spineviz")
        if path.suffix.lower() != suffix:
            self.path.setText(str(path.with_suffix(suffix)))

    def _path_edited(self, text: str) -> None:
        i = self.kind.findData(Path(text.strip()).suffix.lower())
        if i >= 0 and i != self.kind.currentIndex():
            self.kind.blockSignals(True)
            self.kind.setCurrentIndex(i)
            self.kind.blockSignals(False)
            self._kind_changed()

    def _browse(self) -> None:
        suffix = self.suffix()
        name = FORMATS[suffix][0]
        path, _ = QFileDialog.getSaveFileName(self, "Export to", self.path.text(), f"{name} (*{suffix})")
        if path:
            self.path.setText(path if path.lower().endswith(suffix) else path + suffix)

    # --- reading it back -------------------------------------------------------------------------
    def options(self) -> ExportOptions:
        suffix = self.suffix()
        size = (self.width_box.value(), self.height_box.value()) if FORMATS[suffix][1] is not None else None
        return ExportOptions(path=Path(self.path.text().strip()), size=size,
                             transparent=bool(self.background.currentData()) and suffix == ".png",
                             fps=self.fps.value(), caption=" ".join(self.caption.toPlainText().split()))

    def _accept_if_valid(self) -> None:
        opts = self.options()
        problem = ""
        if not opts.path.name or opts.path.suffix.lower() != self.suffix():
            problem = f"Name a file ending in {self.suffix()}."
        elif not opts.path.parent.is_dir():
            problem = f"The folder {opts.path.parent} does not exist: choose another with Choose…"
        elif len(opts.caption) > MAX_CAPTION:
            problem = f"The caption is {len(opts.caption)} characters; keep it to {MAX_CAPTION}."
        self.problem.setText(problem)
        if not problem:
            self.accept()

    def keyPressEvent(self, event) -> None:  # Qt override: Return in the caption box does not export
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.caption.hasFocus():
            return
        super().keyPressEvent(event)


__all__ = ["FORMATS", "ExportDialog", "ExportOptions"]
