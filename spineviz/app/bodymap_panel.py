"""The referred-pain body map beside the 3D view: where pain from the chosen facet joints can be felt.

The picture is the model's SVG (:func:`spineviz.content.bodymap.body_map_svg`), drawn with Qt's SVG widget
and kept in proportion. Under it a short caption repeats the shaded areas in words, readable at any dock
size, and two buttons export the picture as SVG or PNG (both written atomically).
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, Signal
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from spineviz.atomic import atomic_write_text
from spineviz.content.atlas import FREQUENCIES, default_atlas
from spineviz.content.bodymap import body_map_svg, selected_joints, shade_zones
from spineviz.render.bodymap_png import svg_to_png

FREQUENCY_WORDS = {
    "patient": {"typical": "Often", "sometimes": "Sometimes", "rare": "Occasionally"},
    "clinician": {"typical": "Typical", "sometimes": "Sometimes", "rare": "Rare"},
}
PNG_WIDTH = 1710  # twice the drawing's own width: sharp when printed or projected


def map_audience(audience: str) -> str:
    """The body map's wording for a view audience: the patient's, or the clinician's for everyone else."""
    return "patient" if audience == "patient" else "clinician"


def write_text_atomically(path: str | os.PathLike[str], text: str) -> Path:
    """Write UTF-8 ``text`` to ``path`` through a temporary file in the same folder, then rename it."""
    return atomic_write_text(path, text)


class BodyMapPanel(QWidget):
    """The body map for a set of joints, with export buttons.

    ``joints`` takes anything :func:`spineviz.content.bodymap.selected_joints` does: "L4/5 right",
    ``("L4/5", "both")``, segments.
    """

    exported = Signal(str)  # the path written
    enlarge_requested = Signal(bool)  # True: show the map large (in its own window); False: back in place

    def __init__(self, audience: str = "clinician", parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("bodyMapPanel")
        self.audience = map_audience(audience)
        self.joints: tuple = ()
        self.title: str | None = None
        self.custom_caption: str | None = None
        self.svg_text = ""
        self.last_dir = ""

        self.heading = QLabel("")
        self.heading.setObjectName("bodyMapTitle")
        self.heading.setWordWrap(True)
        self.heading.setStyleSheet("QLabel { font-weight: bold; }")
        self.picture = QSvgWidget()
        self.picture.setObjectName("bodyMapPicture")
        self.picture.renderer().setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        self.picture.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.picture.setMinimumSize(220, 190)
        self.picture.setAccessibleName("Body map")
        self.caption = QLabel("")
        self.caption.setObjectName("bodyMapCaption")
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.RichText)
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.svg_button = QPushButton("Export SVG…")
        self.svg_button.setToolTip("Save the body map as an SVG picture (scales to any size)")
        self.svg_button.clicked.connect(self.export_svg_dialog)
        self.png_button = QPushButton("Export PNG…")
        self.png_button.setToolTip(f"Save the body map as a PNG image, {PNG_WIDTH} pixels wide")
        self.png_button.clicked.connect(self.export_png_dialog)
        self.large_button = QPushButton("Enlarge")
        self.large_button.setCheckable(True)
        self.large_button.setToolTip("Show the body map large, in its own window, to read its key")
        self.large_button.toggled.connect(self._enlarge_toggled)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.large_button)
        buttons.addStretch(1)
        buttons.addWidget(self.svg_button)
        buttons.addWidget(self.png_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.setSpacing(4)
        lay.addWidget(self.heading)
        lay.addWidget(self.picture, 1)
        lay.addWidget(self.caption)
        lay.addLayout(buttons)
        self.show_joints(())

    # --- what is shown ----------------------------------------------------------------------------
    def show_joints(self, joints: Iterable[object], title: str | None = None, caption: str | None = None) -> None:
        """Shade where pain from ``joints`` can be felt; an empty selection shows the blank map.

        ``caption`` (rich text) goes under the picture; by default a map of several joints lists its
        shaded areas, and a single joint's map has none (the Information panel lists them).
        """
        self.joints = selected_joints(joints)
        self.title = title
        self.custom_caption = caption
        self._redraw()

    def set_audience(self, audience: str) -> None:
        new = map_audience(audience)
        if new != self.audience:
            self.audience = new
            self._redraw()

    def _redraw(self) -> None:
        self.svg_text = body_map_svg(self.joints, self.audience, title=self.title)  # type: ignore[arg-type]
        self.picture.load(QByteArray(self.svg_text.encode("utf-8")))
        self.picture.renderer().setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        caption = self.custom_caption if self.custom_caption is not None else self._caption()
        self.caption.setText(caption)
        self.caption.setVisible(bool(caption))
        m = re.search(r'<title id="sv-title">(.*?)</title>', self.svg_text, re.DOTALL)
        heading = html.unescape(m.group(1)) if m else ""
        self.heading.setText(heading)
        self.picture.setToolTip(heading)

    def _caption(self) -> str:
        if not self.joints:
            return "<i>Select a facet joint in the 3D view to see where its pain can be felt.</i>"
        if len(self.joints) == 1:
            return ""
        words = FREQUENCY_WORDS[self.audience]
        shades = shade_zones(self.joints, default_atlas())
        by_freq: dict[str, list[str]] = {}
        for (_name, side), sh in sorted(shades.items(), key=lambda kv: FREQUENCIES.index(kv[1].frequency)):
            label = sh.zone.label(self.audience)  # type: ignore[arg-type]
            sides = {s for (n, s) in shades if n == _name}
            item = label if len(sides) == 2 else f"{label} ({side})"
            if item not in by_freq.setdefault(sh.frequency, []):
                by_freq[sh.frequency].append(item)
        rows = [f"<b>{words[f]}:</b> {', '.join(by_freq[f])}" for f in FREQUENCIES if by_freq.get(f)]
        return "<br>".join(rows)

    def _enlarge_toggled(self, on: bool) -> None:
        self.large_button.setText("Put back" if on else "Enlarge")
        self.enlarge_requested.emit(on)

    def set_enlarged(self, on: bool) -> None:
        """Show the button's state without asking again (the window was floated or docked elsewhere)."""
        self.large_button.blockSignals(True)
        self.large_button.setChecked(on)
        self.large_button.setText("Put back" if on else "Enlarge")
        self.large_button.blockSignals(False)

    def frequency_words(self) -> dict[str, str]:
        return FREQUENCY_WORDS[self.audience]

    def joint_names(self) -> Sequence[str]:
        return [f"{seg.name} {side}" for seg, side in self.joints]

    # --- export ---------------------------------------------------------------------------------
    def export_svg(self, path: str | os.PathLike[str]) -> Path:
        """Write the picture as SVG; raises OSError when the file cannot be written."""
        out = write_text_atomically(path, self.svg_text)
        self.exported.emit(str(out))
        return out

    def export_png(self, path: str | os.PathLike[str], width: int = PNG_WIDTH) -> Path:
        """Write the picture as PNG; raises OSError or ValueError when it cannot be made."""
        out = svg_to_png(self.svg_text, path, width=width)
        self.exported.emit(str(out))
        return out

    def _default_name(self, suffix: str) -> str:
        names = sorted({seg.name.replace("/", "-") for seg, _ in self.joints})
        stem = "body-map-" + "_".join(names[:4]) if names else "body-map"
        return str(Path(self.last_dir or Path.home()) / f"{stem}{suffix}")

    def export_svg_dialog(self) -> None:
        self._export_dialog("Export the body map as SVG", ".svg", "SVG picture (*.svg)", self.export_svg)

    def export_png_dialog(self) -> None:
        self._export_dialog("Export the body map as PNG", ".png", "PNG image (*.png)", self.export_png)

    def _export_dialog(self, caption: str, suffix: str, filter_: str, write) -> None:
        path, _ = QFileDialog.getSaveFileName(self, caption, self._default_name(suffix), filter_)
        if not path:
            return
        if not path.lower().endswith(suffix):
            path += suffix
        self.last_dir = str(Path(path).parent)
        try:
            write(path)
        except (OSError, ValueError) as err:
            QMessageBox.warning(self, "Could not export the body map", f"{path}:\n{err}")
