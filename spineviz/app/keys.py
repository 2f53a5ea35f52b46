"""The keyboard: one table of shortcuts (``data/keys.toml``) that binds the keys and that F1 lists.

Two rules keep the keys predictable:

- a single key without Ctrl or Alt ("Space", "L", "3") is the window's only while no control needs it:
  :class:`ControlKeysFirst` hands Space to a focused button, the arrows to a slider, every typed
  character to a number or text box, before any shortcut sees them;
- keys marked ``where = "view"`` (turning, zooming, stepping the selection) act only while the 3D view
  has the focus, so the arrows still move sliders and lists everywhere else.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from html import escape
from importlib import resources

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

WHERE = ("window", "view", "reading", "control")


@dataclass(frozen=True)
class Binding:
    """One row of the key table: what the keys do and where they act."""

    id: str
    keys: tuple[str, ...]
    label: str
    group: str
    where: str

    def sequences(self) -> list[QKeySequence]:
        return [QKeySequence(k) for k in self.keys]

    def shown(self) -> str:
        """The keys as the F1 list writes them, in the platform's own words."""
        return " or ".join(QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in self.keys)


@cache
def bindings() -> tuple[Binding, ...]:
    """Every row of ``data/keys.toml`` in file order; an unknown ``where`` or a duplicate id is a bug."""
    raw = tomllib.loads(resources.files("spineviz.app").joinpath("data", "keys.toml").read_text("utf-8"))
    rows = tuple(Binding(r["id"], tuple(r["keys"]), r["label"], r["group"], r["where"]) for r in raw["key"])
    ids = [b.id for b in rows]
    bad = [b.id for b in rows if b.where not in WHERE] + [i for i in ids if ids.count(i) > 1]
    if bad:
        raise ValueError(f"keys.toml: bad rows {sorted(set(bad))} (where must be one of {WHERE}; ids unique)")
    return rows


def binding(key_id: str) -> Binding:
    for b in bindings():
        if b.id == key_id:
            return b
    raise KeyError(f"no key {key_id!r} in keys.toml")


def shortcuts_html(others: list[tuple[str, str]] = ()) -> str:
    """The F1 list: every row of the table under its group, then ``others`` (label, keys) not in it."""
    groups: dict[str, list[str]] = {}
    for b in bindings():
        groups.setdefault(b.group, []).append(f"<tr><td><b>{escape(b.shown())}</b></td><td>{escape(b.label)}</td></tr>")
    for label, keys in others:
        groups.setdefault("Other", []).append(f"<tr><td><b>{escape(keys)}</b></td><td>{escape(label)}</td></tr>")
    parts = []
    for group, rows in groups.items():
        parts.append(f"<tr><td colspan='2'><br><b><u>{escape(group)}</u></b></td></tr>" + "".join(rows))
    note = ("<p>Keys in <i>In the 3D view</i> act while the 3D view has the focus: click it, or Tab to it. "
            "A key a focused control uses itself (Space on a button, arrows on a slider) stays with that control.</p>")
    return note + "<table cellpadding='2'>" + "".join(parts) + "</table>"


_NAVIGATION = {Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp,
               Qt.Key.Key_PageDown, Qt.Key.Key_Home, Qt.Key.Key_End}
_PRESS = {Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter}
_STEP = {Qt.Key.Key_Plus, Qt.Key.Key_Minus, Qt.Key.Key_Equal}


def control_uses(widget, key: int, modifiers) -> bool:
    """Whether the focused ``widget`` does something itself with ``key`` (pressed without Ctrl/Alt/Meta)."""
    if modifiers & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
                    | Qt.KeyboardModifier.MetaModifier):
        return False
    typing = isinstance(widget, QLineEdit | QAbstractSpinBox) or (
        isinstance(widget, QTextEdit | QPlainTextEdit) and not widget.isReadOnly()) or (
        isinstance(widget, QComboBox) and widget.isEditable())
    if typing:
        return key not in (Qt.Key.Key_Escape, Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and not (
            Qt.Key.Key_F1 <= key <= Qt.Key.Key_F35)
    if isinstance(widget, QAbstractButton):
        return key in _PRESS
    if isinstance(widget, QAbstractSlider):
        return key in _NAVIGATION or key in _STEP
    if isinstance(widget, QComboBox | QAbstractItemView | QTabBar | QTextEdit | QPlainTextEdit):
        return key in _NAVIGATION or key in _PRESS
    return False


class ControlKeysFirst(QObject):
    """The main window's event filter: a key the focused control uses goes to it, not to a shortcut.

    Qt asks the focused widget first with a ``ShortcutOverride`` event; accepting it sends the key to
    the widget as an ordinary key press. A ``ShortcutOverride`` no widget accepts is handed on from the
    focused widget to its parents up to its window (``QApplication::notify``), so a filter on the main window
    sees every one whose widget is inside that window, and looks at the widget that has the focus: the
    widgets of a dialog or a floating panel (windows of their own) are not looked at, as before.

    Until session 35 the filter was the application's: Qt called it, from C++ into Python, for every event of
    every object (each timer, each paint of the side panels while Play runs), to act on key presses alone.
    On the window it sees the window's own events only (issue 13).
    """

    def __init__(self, window) -> None:
        super().__init__(window)
        self.main = window

    def eventFilter(self, watched, event) -> bool:  # Qt override
        if event.type() == QEvent.Type.ShortcutOverride:
            focus = QApplication.focusWidget()
            if focus is None:
                return False
            try:  # QWidget.window, not an attribute a panel may have called "window"
                mine = QWidget.window(focus) is self.main
            except RuntimeError:  # a widget being deleted
                return False
            if mine and control_uses(focus, event.key(), event.modifiers()):
                event.accept()
                return True
        return False


__all__ = ["Binding", "ControlKeysFirst", "binding", "bindings", "control_uses", "shortcuts_html"]
