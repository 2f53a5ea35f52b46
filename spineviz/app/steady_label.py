"""A label that changes its words without asking its panel to be laid out again (issue 13).

While Play runs, the Display panel's "most loaded" line and the Information panel's reading of the selected
joint get new numbers a few times a second. A plain :class:`QLabel` calls ``updateGeometry()`` on every
``setText``: its parent's layout is invalidated and Qt lays the panel, its scroll area and the dock out again
although nothing moved. :class:`SteadyLabel` holds the room its *reserve* needs (texts the caller expects,
each number written with the font's widest digit) and draws its text in an inner :class:`QLabel` that is
fixed to the room; a fixed-size widget's ``updateGeometry()`` reaches no layout (Qt:
``QWidgetPrivate::updateGeometry_helper``), so a new text within the room is a repaint only. A text longer
than its reserve is measured, and if it does not fit the room grows (one layout) rather than clip it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

_DIGIT = re.compile(r"\d")


class SteadyLabel(QWidget):
    """A word-wrapped label whose size hint follows its reserve, not each text it shows.

    ``setText(text, reserve)``: ``reserve`` are the texts the label keeps room for (``text`` alone when not
    given). A new reserve is one layout; a new text that fits in the room the reserve holds is a repaint.
    The inner label (:attr:`label`) has the object name, font and text format the panel gives it.
    """

    linkActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)  # no jump in the room
        self.label.linkActivated.connect(self.linkActivated)
        self._probe = QLabel(self)  # measures reserves; hidden, so its texts reach no layout
        self._probe.hide()
        self._reserve: tuple[str, ...] = ("",)
        self._grown: tuple[str, ...] = ()  # texts that did not fit in the reserve (until a new reserve)
        self._heights: dict[int, int] = {}
        self._hints: tuple[QSize, QSize] | None = None
        self._widest: dict[tuple, str] = {}  # (font, resolution, texts) -> the widest text (widest)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    # --- what a QLabel offers the panels -------------------------------------------------------
    def text(self) -> str:
        return self.label.text()

    def setText(self, text: str, reserve: Sequence[str] | None = None) -> None:
        """Show ``text`` in room for ``reserve`` (see the class docstring).

        A reserve is meant to be the same words as the texts shown with it, in their widest form (the widest
        digits, the widest of the names that can stand there), so a text no longer than its reserve fits
        without measuring it (measuring a rich text costs as much as laying it out). A longer one is
        measured and, if the room is short, the room grows (one layout) rather than the text being clipped.
        """
        reserve = (text,) if reserve is None else tuple(reserve)
        if reserve != self._reserve:
            self._reserve, self._grown = reserve, ()
            self._relayout()
        self.label.setText(text)  # fixed to the room: a repaint, no layout request
        if len(text) > max(len(t) for t in self._texts()):
            width = self.width()
            if self.label.heightForWidth(width) > self.heightForWidth(width):
                self._grown += (text,)
                self._relayout()

    def setObjectName(self, name: str) -> None:
        super().setObjectName(name)
        self.label.setObjectName(name)

    def setTextFormat(self, fmt: Qt.TextFormat) -> None:
        self.label.setTextFormat(fmt)
        self._relayout()

    def setOpenExternalLinks(self, on: bool) -> None:
        self.label.setOpenExternalLinks(on)

    def widest_digits(self, text: str) -> str:
        """``text`` with each digit replaced by the font's widest: room for any number of as many digits."""
        return _DIGIT.sub(self.widest("0123456789"), text)

    def widest(self, texts: Sequence[str]) -> str:
        """The one of ``texts`` that is widest in the label's font.

        Kept for the font and the screen's resolution it was measured in: the Display panel asks for the widest of
        the 48 joints' names each time its most-loaded line changes (5 a second while playing), and measuring them
        was two thirds of that line's time (issue 13, session 29).
        """
        texts = tuple(texts)
        key = (self.label.font().key(), self.label.logicalDpiX(), texts)
        found = self._widest.get(key)
        if found is None:
            if len(self._widest) > 32:
                self._widest.clear()
            found = self._widest[key] = max(texts, key=self.label.fontMetrics().horizontalAdvance)
        return found

    # --- the room ------------------------------------------------------------------------------
    def sizeHint(self) -> QSize:
        return self._size_hints()[0]

    def minimumSizeHint(self) -> QSize:
        return self._size_hints()[1]

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        height = self._heights.get(width)
        if height is None:
            height = max(self._measure(t).heightForWidth(width) for t in self._texts())
            self._heights[width] = height
        return height

    def resizeEvent(self, event) -> None:
        self.label.setFixedSize(event.size())
        super().resizeEvent(event)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (event.Type.FontChange, event.Type.StyleChange):
            self._relayout()

    def _texts(self) -> tuple[str, ...]:
        return self._reserve + self._grown

    def _size_hints(self) -> tuple[QSize, QSize]:
        if self._hints is None:
            hint, least = QSize(0, 0), QSize(0, 0)
            for t in self._texts():
                probe = self._measure(t)
                hint, least = hint.expandedTo(probe.sizeHint()), least.expandedTo(probe.minimumSizeHint())
            self._hints = (hint, least)
        return self._hints

    def _measure(self, text: str) -> QLabel:
        """The probe label dressed as the shown one, holding ``text``."""
        probe, label = self._probe, self.label
        probe.setFont(label.font())
        probe.setTextFormat(label.textFormat())
        probe.setWordWrap(label.wordWrap())
        probe.setContentsMargins(label.contentsMargins())
        probe.setIndent(label.indent())
        probe.setMargin(label.margin())
        probe.setText(text)
        return probe

    def _relayout(self) -> None:
        """The room changed: forget the measures and let the panel lay itself out (once)."""
        self._heights.clear()
        self._hints = None
        self.updateGeometry()


__all__ = ["SteadyLabel"]
