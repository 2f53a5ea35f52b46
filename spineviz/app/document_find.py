"""Find in text for the reading panel: next/previous match with wrap-around and all matches highlighted.

A mixin of :class:`~spineviz.app.document_panel.DocumentPanel` (it uses the panel's ``search`` box,
``matches`` label and ``browser``), so the find bar's behaviour reads in one place.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextEdit

_MAX_MATCHES_COUNTED = 999


class FindInText:
    """The panel's search: select, count and highlight matches of the search box's text."""

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def clear_search(self) -> None:
        self.search.clear()
        self.browser.setExtraSelections([])
        self._search_status("")

    def find_next(self) -> bool:
        return self.find()

    def find_previous(self) -> bool:
        return self.find(backward=True)

    def find(self, text: str | None = None, *, backward: bool = False, from_start: bool = False) -> bool:
        """Select the next (or previous) match of ``text`` (the search box by default), wrapping around.

        All matches are highlighted; the status beside the box says "3 of 12" or "No match".
        """
        if text is not None and text != self.search.text():
            self.search.setText(text)
        text = self.search.text()
        if not text:
            self.clear_search()
            return False
        doc = self.browser.document()
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        cursor = QTextCursor(self.browser.textCursor())
        if from_start:
            cursor.setPosition(cursor.selectionStart())
        found = doc.find(text, cursor, flags)
        if found.isNull():
            start = QTextCursor(doc)
            if backward:
                start.movePosition(QTextCursor.MoveOperation.End)
            found = doc.find(text, start, flags)
        if found.isNull():
            self.browser.setExtraSelections([])
            self._search_status("No match", error=True)
            return False
        self._pinned = ""
        self.browser.setTextCursor(found)
        self.browser.ensureCursorVisible()
        total, index = self._highlight_all(text, found)
        shown = f"{total}+" if total > _MAX_MATCHES_COUNTED else str(total)
        self._search_status(f"{index} of {shown}" if index else f"{shown} found")
        return True

    def _highlight_all(self, text: str, current: QTextCursor | None = None) -> tuple[int, int]:
        doc = self.browser.document()
        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#ffe066"))
        now = QTextCharFormat()
        now.setBackground(QColor("#ff9f1c"))
        selections = []
        cursor = doc.find(text, 0)
        index = 0
        while not cursor.isNull() and len(selections) <= _MAX_MATCHES_COUNTED:
            sel = QTextEdit.ExtraSelection()
            sel.cursor = cursor
            is_current = current is not None and cursor.selectionStart() == current.selectionStart()
            sel.format = now if is_current else fmt
            selections.append(sel)
            if is_current:
                index = len(selections)
            cursor = doc.find(text, cursor)
        self.browser.setExtraSelections(selections)
        return len(selections), index

    def _search_status(self, text: str, *, error: bool = False) -> None:
        self.matches.setText(text)
        self.matches.setStyleSheet("QLabel { color: #b00020; font-weight: bold; }" if error else "")
        self.search.setStyleSheet("QLineEdit { background: #fde8e8; }" if error else "")
