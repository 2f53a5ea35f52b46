"""The body maps beside the 3D view: where pain from chosen joints can be felt, and where it hurts.

:class:`BodyMapPanel` shows the referred-pain body map (:func:`spineviz.content.bodymap.body_map_svg`),
drawn with Qt's SVG widget and kept in proportion. Under it a short caption repeats the shaded areas in
words, readable at any dock size, and two buttons export the picture as SVG or PNG (both atomic).

:class:`PainMapPanel` is "Where does it hurt?": the patient marks zones with the mouse or the keyboard
(:class:`PainMapView`), the joints that can refer there are listed, ranked by the atlas
(:func:`spineviz.content.painmap.rank_joints`), with the caveat always shown; :class:`PainMapLink`
colours those joints in 3D. :func:`install_pain_map` adds it to the main window.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QObject, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import (
    QBoxLayout,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
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
WIDE_PANEL = 640  # px: from this width the pain map lists the joints beside the picture, not under it
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


# ---- Where does it hurt? ------------------------------------------------------------------------------


class PainMapView(QWidget):
    """The body outlines with their zones, drawn from :func:`spineviz.content.painmap_svg.pain_map`.

    Mouse: a click toggles the zone under the pointer; a drag carries that change over every zone it
    passes. Keyboard: Tab and Shift+Tab (or the arrow keys) move a focus ring from zone to zone, head to
    foot; Space or Enter toggles the focused zone; Tab past the last zone leaves the picture.
    """

    toggled = Signal(str, bool)  # mark, now marked

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("painMapPicture")
        self.setAccessibleName("Where does it hurt? Body map: Tab to a zone, Space to mark it")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(False)
        self.setMinimumSize(240, 300)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.renderer = QSvgRenderer(self)
        self.picture = None
        self.focus_mark: str | None = None
        self._drag: bool | None = None  # the state a drag gives the zones it passes
        self._dragged: set[str] = set()

    def show_picture(self, picture) -> None:
        self.picture = picture
        self.renderer.load(QByteArray(picture.svg.encode("utf-8")))
        self.update()

    # --- geometry: widget pixels ↔ SVG units ----------------------------------------------------
    def target_rect(self) -> QRectF:
        """Where the picture is drawn: as large as fits, in proportion, centred."""
        if self.picture is None:
            return QRectF(self.rect())
        w, h = self.width(), self.height()
        s = min(w / self.picture.width, h / self.picture.height)
        pw, ph = self.picture.width * s, self.picture.height * s
        return QRectF((w - pw) / 2, (h - ph) / 2, pw, ph)

    def to_svg(self, x: float, y: float) -> tuple[float, float]:
        r = self.target_rect()
        s = r.width() / self.picture.width
        return (x - r.left()) / s, (y - r.top()) / s

    def to_widget(self, x: float, y: float) -> QPointF:
        """A point in SVG units as widget pixels (tests click zones through this)."""
        r = self.target_rect()
        s = r.width() / self.picture.width
        return QPointF(r.left() + x * s, r.top() + y * s)

    def mark_at(self, pos: QPointF) -> str | None:
        return None if self.picture is None else self.picture.mark_at(*self.to_svg(pos.x(), pos.y()))

    # --- painting and input ---------------------------------------------------------------------
    def paintEvent(self, event) -> None:  # Qt override
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        self.renderer.render(painter, self.target_rect())
        painter.end()

    def mousePressEvent(self, event) -> None:  # Qt override
        if event.button() != Qt.MouseButton.LeftButton:
            return
        mark = self.mark_at(event.position())
        if mark is None:
            return
        self._drag = mark not in self.picture.marks
        self._dragged = {mark}
        self.focus_mark = mark
        self.toggled.emit(mark, self._drag)

    def mouseMoveEvent(self, event) -> None:  # Qt override
        if self._drag is None:
            return
        mark = self.mark_at(event.position())
        if mark is not None and mark not in self._dragged:
            self._dragged.add(mark)
            self.toggled.emit(mark, self._drag)

    def mouseReleaseEvent(self, event) -> None:  # Qt override
        self._drag = None
        self._dragged = set()

    def event(self, event) -> bool:  # Qt override
        # Space and the arrows are the window's shortcuts elsewhere (play/pause); here they mark zones.
        if event.type() == QEvent.Type.ShortcutOverride and event.key() in _PICTURE_KEYS:
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:  # Qt override
        key = event.key()
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Down):
            self.move_focus(1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Up):
            self.move_focus(-1)
        elif key in (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.focus_mark:
            self.toggled.emit(self.focus_mark, self.focus_mark not in self.picture.marks)
        else:
            super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:  # Qt override
        """Tab leaves the picture at once (the arrows walk its zones): a hundred zones are no hundred Tabs."""
        self.focus_mark = None
        self.toggled.emit("", False)  # redraw without the ring
        return super().focusNextPrevChild(next)

    def move_focus(self, step: int, wrap: bool = True) -> bool:
        """Move the focus ring ``step`` zones on; False when it would leave the ends (without ``wrap``)."""
        order = self.picture.zone_order()
        if self.focus_mark in order:
            i = order.index(self.focus_mark) + step
        else:
            i = 0 if step > 0 else len(order) - 1
        if not 0 <= i < len(order):
            if not wrap:
                return False
            i %= len(order)
        self.focus_mark = order[i]
        self.toggled.emit("", False)  # redraw with the ring
        self.setAccessibleDescription(self.focus_mark)
        return True


_PICTURE_KEYS = (Qt.Key.Key_Space, Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down,
                 Qt.Key.Key_Return, Qt.Key.Key_Enter)


class PainMapPanel(QWidget):
    """Where does it hurt? The patient marks zones; the joints that can refer there are listed, ranked.

    The caveat that maps overlap stays visible under the list whatever is marked. ``marks_changed``
    carries the marks ("buttock-left", …) and the ranked joints after every change.
    """

    marks_changed = Signal(tuple, tuple)  # marks, ranked joints (RankedJoint)
    enlarge_requested = Signal(bool)

    def __init__(self, audience: str = "patient", parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("painMapPanel")
        self.audience = map_audience(audience)
        self.marks: tuple[str, ...] = ()
        self.ranked: tuple = ()
        self.view = PainMapView()
        self.view.toggled.connect(self._toggled)
        self.joints = QListWidget()
        self.joints.setObjectName("painMapJoints")
        self.joints.setAccessibleName("Joints that can refer pain to the marked areas, most likely first")
        self.joints.setMinimumHeight(90)
        self.caveat = QLabel()
        self.caveat.setObjectName("painMapCaveat")
        self.caveat.setWordWrap(True)
        self.caveat.setStyleSheet(
            "QLabel { background: #fff8e1; border: 1px solid #b7791f; border-radius: 4px; padding: 4px; }"
        )
        # Marked places no facet joint refers to (front of the chest, belly): what to do instead.
        self.advice = QLabel()
        self.advice.setObjectName("painMapAdvice")
        self.advice.setWordWrap(True)
        self.advice.setStyleSheet(
            "QLabel { background: #fdecec; border: 1px solid #9b1c1c; border-radius: 4px; padding: 4px; }"
        )
        self.advice.hide()
        self.heading = QLabel()
        self.heading.setObjectName("painMapJointsHeading")
        self.heading.setStyleSheet("QLabel { font-weight: bold; }")
        self.clear_button = QPushButton("Clear marks")
        self.clear_button.setToolTip("Remove every mark")
        self.clear_button.clicked.connect(lambda: self.set_marks(()))
        self.large_button = QPushButton("Enlarge")
        self.large_button.setCheckable(True)
        self.large_button.setToolTip("Show the map large, in its own window, to mark small areas such as the neck")
        self.large_button.toggled.connect(self._enlarge_toggled)
        self.side = QWidget()
        side = QVBoxLayout(self.side)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.heading)
        side.addWidget(self.joints, 1)
        side.addWidget(self.advice)
        side.addWidget(self.caveat)
        buttons = QHBoxLayout()
        buttons.addWidget(self.large_button)
        buttons.addStretch(1)
        buttons.addWidget(self.clear_button)
        side.addLayout(buttons)
        # Narrow (a dock): the picture on top, as wide as the dock. Wide: the list beside the picture.
        self.box = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        self.box.setContentsMargins(4, 4, 4, 4)
        self.box.addWidget(self.view, 3)
        self.box.addWidget(self.side, 1)
        self._redraw()

    def resizeEvent(self, event) -> None:  # Qt override
        wide = self.width() >= WIDE_PANEL
        self.box.setDirection(QBoxLayout.Direction.LeftToRight if wide else QBoxLayout.Direction.TopToBottom)
        self.joints.setMaximumHeight(16777215 if wide else 150)
        self.side.setMaximumWidth(360 if wide else 16777215)
        super().resizeEvent(event)

    def _enlarge_toggled(self, on: bool) -> None:
        self.large_button.setText("Put back" if on else "Enlarge")
        self.enlarge_requested.emit(on)

    def set_marks(self, marks) -> None:
        """Show these marks (checked against the atlas) and announce the change."""
        from spineviz.content.painmap import normalise_marks

        self.marks = normalise_marks(marks)
        self._redraw()
        self.marks_changed.emit(self.marks, self.ranked)

    def set_audience(self, audience: str) -> None:
        new = map_audience(audience)
        if new != self.audience:
            self.audience = new
            self._redraw()

    def joint_lines(self) -> list[str]:
        """The ranked list as shown: "L4/5 left — Often", strongest first."""
        return [self.joints.item(i).text() for i in range(self.joints.count())]

    def _toggled(self, mark: str, on: bool) -> None:
        if not mark:  # only the focus ring moved
            self._redraw()
            return
        marks = [m for m in self.marks if m != mark] + ([mark] if on else [])
        self.set_marks(marks)

    def _redraw(self) -> None:
        from spineviz.content.painmap import CAVEAT, advice_for
        from spineviz.content.painmap_svg import WORDS, mark_label, pain_map

        picture = pain_map(self.marks, self.audience, focus=self.view.focus_mark, legend=False)  # type: ignore[arg-type]
        self.ranked = picture.ranked
        self.view.show_picture(picture)
        words = WORDS[self.audience]
        self.heading.setText(words["joints"] if self.marks else words["none"])
        self.joints.clear()
        for r in self.ranked:
            item = QListWidgetItem(f"{r.name} \u2014 {FREQUENCY_WORDS[self.audience][r.frequency]}")
            item.setData(Qt.ItemDataRole.UserRole, r.name)
            item.setToolTip(", ".join(z.replace("_", " ") for z in r.zones))
            self.joints.addItem(item)
        advice = advice_for(self.marks)
        self.advice.setText("\n".join(f"{mark_label(m, self.audience)}: {text}" for m, text in advice))  # type: ignore[arg-type]
        self.advice.setVisible(bool(advice))
        self.caveat.setText(CAVEAT[self.audience])


class PainMapLink(QObject):
    """Joins the pain map to the window's one state: the marks live in ``SceneState.pain_marks``.

    Marking a zone writes the marks into the :class:`~spineviz.app.live_scene.LiveScene`; the scene
    renderer then colours the ranked joints' facets by frequency (the facet cartilage, deep to pale
    orange, as a body-area link), so a pose change, a save and a reload all keep them. A state that
    arrives (a scene opened) shows its marks in the panel. Load colours, when on, take precedence.
    """

    def __init__(self, window, panel: PainMapPanel, dock: QDockWidget) -> None:
        super().__init__(window)
        self.window, self.panel, self.dock = window, panel, dock
        self.live = window.live
        panel.marks_changed.connect(self._marked)
        panel.enlarge_requested.connect(self.enlarge)
        dock.topLevelChanged.connect(self._floated)
        window.installEventFilter(self)
        self.live.paced.connect(self._state_changed)  # 5 a second while playing (issue 13)
        self._state_changed(self.live.state)

    def _marked(self, marks, _ranked=()) -> None:
        if getattr(self.window, "_closed", False):
            return
        self.live.update(pain_marks=tuple(marks))

    @property
    def coloured(self) -> dict[str, str]:
        """{joint name: frequency} of the facets the 3D view colours for the marks (none with loads on)."""
        from spineviz.content.painmap import frequency_by_joint

        state = self.live.state
        return {} if state.loads or not state.pain_marks else frequency_by_joint(self.panel.ranked)

    def enlarge(self, on: bool) -> None:
        """Float the pain map in a window large enough for the small zones, or put it back in its dock."""
        dock = self.dock
        if on and not dock.isFloating():
            dock.setFloating(True)
            dock.show()
            screen = self.window.screen().availableGeometry()
            width, height = min(1000, screen.width() - 40), min(760, screen.height() - 40)
            dock.resize(width, height)
            frame = self.window.frameGeometry()
            dock.move(max(screen.left(), frame.right() - width - 20), max(screen.top(), frame.top() + 60))
        elif not on and dock.isFloating():
            dock.setFloating(False)
        dock.raise_()

    def eventFilter(self, watched, event) -> bool:  # Qt override
        if watched is self.window and event.type() == QEvent.Type.Close and self.dock.isFloating():
            self.dock.setFloating(False)  # a floating panel would outlive its window
        return False

    def _floated(self, floating: bool) -> None:
        b = self.panel.large_button
        b.blockSignals(True)
        b.setChecked(floating)
        b.setText("Put back" if floating else "Enlarge")
        b.blockSignals(False)

    def _state_changed(self, state, _old=None) -> None:
        self.panel.set_audience(state.audience)
        if tuple(state.pain_marks) != self.panel.marks:
            self.panel.set_marks(state.pain_marks)


def install_pain_map(window) -> PainMapLink:
    """Add the "Where does it hurt?" dock to ``window`` (right-hand side) and join it to the 3D view."""
    from spineviz.app.docks import add_tabbed_dock

    panel = PainMapPanel(window.live.state.audience)
    dock = add_tabbed_dock(window, "Where does it hurt?", "dockPainMap", panel, Qt.DockWidgetArea.RightDockWidgetArea,
                           "dockDisplay", "Where does it hurt? panel")  # a tab beside Display and Body map
    return PainMapLink(window, panel, dock)
