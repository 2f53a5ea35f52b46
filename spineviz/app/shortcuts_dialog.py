"""Help → Keyboard shortcuts (F1): the key table in a window that stays open beside the app while you try keys."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout


class ShortcutsDialog(QDialog):
    """A non-modal list of every key, from :func:`spineviz.app.keys.shortcuts_html` via the window."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.setWindowTitle("Keyboard shortcuts")
        self.setObjectName("shortcutsDialog")
        self.text = QTextBrowser()
        self.text.setAccessibleName("Keyboard shortcuts")
        self.text.setHtml(window.shortcuts_text())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        lay = QVBoxLayout(self)
        lay.addWidget(self.text)
        lay.addWidget(buttons)
        screen = window.screen().availableGeometry()
        self.resize(min(620, screen.width() - 40), min(700, screen.height() - 60))

    @classmethod
    def show_for(cls, window) -> ShortcutsDialog:
        """Show the window's one list (made on first use) and bring it to the front."""
        dialog = window.findChild(cls)
        if dialog is None:
            dialog = cls(window)
        dialog.show()
        dialog.raise_()
        return dialog
