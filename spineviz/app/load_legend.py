"""The Display panel's load legend: a title, a row of equal colour cells, and the tick words under it.

Painted rather than laid out as an HTML table, whose columns take the width of the numbers under them
(uneven swatches). The ticks are those of the 3D view's legend (:func:`spineviz.render.annotate.legend_ticks`):
newtons for clinicians and educators, "less pressure" to "more pressure" for patients.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from spineviz.render import look
from spineviz.render.annotate import legend_ticks

CELLS = 6
"""Colour cells, each the colour at its middle on the load scale (the ticks say which newtons)."""


class LoadLegend(QWidget):
    """Title, :data:`CELLS` swatches of one width, and the tick words; for the audience it is set to."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.title = ""
        self.ticks: list[tuple[float, str]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setObjectName("loadLegend")

    def show_for(self, title: str, audience: str, scale: tuple[float, float] = look.FIXED_LOAD_SCALE) -> None:
        """Show ``title`` and the ticks of ``scale`` (low, high newtons: the scene's load colour scale)."""
        ticks = legend_ticks(audience, scale)
        if (title, ticks) == (self.title, self.ticks):
            return  # called on every change of state (each tick of Play): only a new audience or scale redraws
        self.title = title
        self.ticks = ticks
        self.setAccessibleName(f"{title}: colours from {self.ticks[0][1]} to {self.ticks[-1][1]}")
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # Qt override
        line = self.fontMetrics().height()
        return QSize(220, 3 * line + 22)

    def minimumSizeHint(self) -> QSize:  # Qt override
        return QSize(120, self.sizeHint().height())

    def cell_rects(self) -> list[QRect]:
        """The swatches: equal widths (the last pixel columns of the row are left over rather than shared)."""
        fm = self.fontMetrics()
        pad = max(fm.horizontalAdvance(self.ticks[0][1]) // 2, 4) if self.ticks and self.ticks[0][1].isdigit() else 2
        right_pad = max(fm.horizontalAdvance(self.ticks[-1][1]) // 2, 4) if self.ticks and self.ticks[-1][1].isdigit() \
            else 2
        width = (self.width() - pad - right_pad) // CELLS
        top = fm.height() + 6
        return [QRect(pad + i * width, top, width, 18) for i in range(CELLS)]

    def paintEvent(self, event) -> None:  # Qt override
        painter = QPainter(self)
        fm = self.fontMetrics()
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(self.palette().windowText().color())
        painter.drawText(QRect(0, 0, self.width(), fm.height() + 4), Qt.AlignmentFlag.AlignLeft, self.title)
        painter.setFont(self.font())
        cells = self.cell_rects()
        for i, rect in enumerate(cells):
            r, g, b = look.load_colour((i + 0.5) / CELLS)
            painter.fillRect(rect, QColor.fromRgbF(r, g, b))
        left, right = cells[0].left(), cells[-1].right() + 1
        y = cells[0].bottom() + 4
        for share, words in self.ticks:
            x = round(left + share * (right - left))
            w = fm.horizontalAdvance(words)
            if share == 0.0 and not words.isdigit():
                box = QRect(left, y, w + 2, fm.height())
            elif share == 1.0 and not words.isdigit():
                box = QRect(right - w - 2, y, w + 2, fm.height())
            else:
                box = QRect(x - w // 2 - 1, y, w + 2, fm.height())
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, words)
        painter.end()
