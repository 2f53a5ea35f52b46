"""Glue between the explanations (articles, documents, body map) and the 3D spine, in both directions.

``install_explanations(window)`` adds a Reading dock (tabbed with Motion) and a Body map dock (tabbed with
Display), File → Open document… (Ctrl+O) and Help → Articles, and wires:

- text → 3D: a level or joint named in the text selects it and frames it; a region zooms to it; a motion
  moves the current region into a representative pose (half its range, eased in); a body area shows
  the joints that can refer pain there on the body map and colours those facets in 3D by how often;
- 3D → text: selecting a facet opens the article section about its level and the body map for that
  joint; the Information panel's "Read more" opens the same section.

It owns no timers. The only animation (the eased motion) is a ``QVariantAnimation`` stopped when the
window closes, and every slot checks the window is still open before touching the 3D view.
"""

from __future__ import annotations

import html
from dataclasses import replace
from pathlib import Path

import numpy as np
from PySide6.QtCore import QEasingCurve, QEvent, QObject, QSize, Qt, QVariantAnimation
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMenu, QWidget

from spineviz.anatomy.levels import SEGMENTS, LevelError, parse_facet_joint, parse_level, parse_segment
from spineviz.app.bodymap_panel import BodyMapPanel
from spineviz.app.keys import binding
from spineviz.app.live_scene import selection_kind
from spineviz.content.articles import list_articles
from spineviz.content.atlas import BodyAreaError, default_atlas
from spineviz.motion import Motion
from spineviz.motion.rom import load_rom_table
from spineviz.render import look

MOTION_SHARE = 0.5
"""A motion link moves the current region through this share of its range in that direction."""
MOTION_MS = 700
READING_MIN_WIDTH = 200
READING_SIZE_HINT = (439, 446)
"""The Reading panel's size hint (its toolbar's width), which its place reports until the panel is made, so the
left panels open as wide as they did with the panel in them (the window caps them first at 1280 pixels wide).
``tests/app/test_first_frame.py`` holds it to a real panel's."""
FREQUENCY_COLOURS = look.FREQUENCY_COLOURS
_COMPONENT = {  # motion id → (Motion field, sign, ROM table column)
    "flexion": ("flexion", 1.0, "flexion"),
    "extension": ("flexion", -1.0, "extension"),
    "lateral_bending": ("lateral_bending", 1.0, "lateral_bending"),
    "rotation": ("axial_rotation", 1.0, "axial_rotation"),
}


def representative_motion(motion_id: str, region: str) -> Motion:
    """A clear, comfortable example of a motion on a region: :data:`MOTION_SHARE` of its summed range.

    Positive bending and rotation are to the patient's left (the model's convention).
    """
    field_name, sign, column = _COMPONENT[motion_id]
    rom = load_rom_table()
    segments = list(Motion(region=region).segments)
    total = float(np.asarray(getattr(rom, column))[segments].sum())
    degrees = max(1.0, round(total * MOTION_SHARE))
    return Motion(region=region, **{field_name: sign * degrees})


class _ReadingPlace(QWidget):
    """The Reading dock's content until the panel is made: empty, sized as the panel."""

    def __init__(self) -> None:
        super().__init__()
        self.setMinimumWidth(READING_MIN_WIDTH)

    def sizeHint(self) -> QSize:  # Qt override
        return QSize(*READING_SIZE_HINT)


def _dock(window, title: str, name: str, widget) -> QDockWidget:
    dock = QDockWidget(title, window)
    dock.setObjectName(name)
    dock.setWidget(widget)
    return dock


class Explanations(QObject):
    """The installed explanation panels and their wiring (see the module docstring)."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.live = window.live
        audience = self.live.state.audience
        self._documents = None  # the Reading panel, made when first needed (see documents)
        reading = _ReadingPlace()  # its place until then: the Reading tab opens behind Motion
        self.bodymap = BodyMapPanel(audience)
        self.bodymap.setMinimumWidth(200)
        self.reading_dock = _dock(window, "Reading", "dockReading", reading)
        self.bodymap_dock = _dock(window, "Body map", "dockBodyMap", self.bodymap)
        self._audience = audience
        self._from_text = False
        self.last_dir = str(window.settings.value("documentDir", "") or "")
        self.tween = QVariantAnimation(self)
        self.tween.setDuration(MOTION_MS)
        self.tween.setEasingCurve(QEasingCurve.Type.InOutCubic)
        self.tween.setStartValue(0.0)
        self.tween.setEndValue(1.0)
        self.tween.valueChanged.connect(self._tween_step)
        self.tween.finished.connect(lambda: self._tween_step(1.0))
        self._tween_from: Motion | None = None
        self._tween_to: Motion | None = None
        self._raise_when_shown: list[QDockWidget] = []
        self._tabify_pending: list[tuple[str, QDockWidget]] = []
        self.area: str | None = None  # the body area the body map shows, when it shows one

        self._place_docks()
        self._add_menus()
        self.bodymap.exported.connect(lambda p: self._status(f"Saved {p}"))
        self.bodymap.enlarge_requested.connect(self.enlarge_bodymap)
        self.bodymap_dock.topLevelChanged.connect(self.bodymap.set_enlarged)
        self.live.scene_changed.connect(self._state_changed)  # not told of a tick of Play (session 29)
        window.info_panel.read_more.connect(self.read_about)
        window.installEventFilter(self)

        # The Reading tab opens behind Motion: its first article (a second of linking) waits for the first frame.
        first_frame = getattr(window, "first_frame", None)
        (first_frame.defer if first_frame is not None else lambda job: job())(self._open_first_article)
        if self.live.state.selection is not None:  # with none, the body map already shows the blank map
            self._selection_changed(selection_kind(self.live.state.selection))

    @property
    def documents(self):
        """The Reading panel (a :class:`~spineviz.app.document_panel.DocumentPanel`), made on first use.

        It is behind the Motion tab when the window opens, so it is made after the first frame (with its
        first article) unless something needs it sooner: importing it (Markdown, the sanitiser, the term
        linker and its patterns) and building it were about a tenth of a second of the start-up (issue 13).
        """
        if self._documents is None:
            from spineviz.app.document_panel import DocumentPanel

            panel = DocumentPanel(self._audience)
            panel.setMinimumWidth(READING_MIN_WIDTH)
            panel.link_activated.connect(self.follow_link)
            panel.hint.connect(self._hint)
            self._documents = panel
            placeholder = self.reading_dock.widget()
            self.reading_dock.setWidget(panel)
            if placeholder is not None:
                placeholder.deleteLater()
        return self._documents

    def _open_first_article(self) -> None:
        if not self._closed() and not self.documents.current_source:  # nothing opened before it could run
            self.documents.open_article(list_articles()[0].id)

    # --- layout ---------------------------------------------------------------------------------
    def _place_docks(self) -> None:
        """Put the docks where they were last time, or Reading behind Motion and Body map behind Display.

        Tabifying before the window is first shown leaves a stray copy of the second tab bar behind
        (Qt 6.12; it stays where it was drawn once the docks are resized), so a new layout is
        tabified on the window's first show.
        """
        w = self.window
        for dock, area, partner in (
            (self.reading_dock, Qt.DockWidgetArea.LeftDockWidgetArea, "dockMotion"),
            (self.bodymap_dock, Qt.DockWidgetArea.RightDockWidgetArea, "dockDisplay"),
        ):
            if not w.restoreDockWidget(dock):
                w.addDockWidget(area, dock)
                self._tabify_pending.append((partner, dock))
        if w.isVisible():
            self._tabify()

    def _tabify(self) -> None:
        w = self.window
        pending, self._tabify_pending = self._tabify_pending, []
        for partner_name, dock in pending:
            partner = w.findChild(QDockWidget, partner_name)
            if partner is None or partner.isFloating() or w.dockWidgetArea(partner) != w.dockWidgetArea(dock):
                continue
            w.tabifyDockWidget(partner, dock)
            partner.raise_()
            if dock is self.bodymap_dock:
                info = w.findChild(QDockWidget, "dockInformation")
                if info is not None and w.dockWidgetArea(info) == w.dockWidgetArea(dock):
                    w.resizeDocks([partner, info], [390, 330], Qt.Orientation.Vertical)
        if self._raise_when_shown:
            for dock in self._raise_when_shown:
                dock.raise_()
            self._raise_when_shown = []

    def _add_menus(self) -> None:
        w = self.window
        menus = {a.text().replace("&", ""): a.menu() for a in w.menuBar().actions() if a.menu()}
        file_menu = menus.get("File") or w.menuBar().addMenu("&File")
        self.open_action = QAction("Open document…", w)
        self.open_action.setShortcuts(binding("file.open_document").sequences())
        tip = "Open a document (.md, .txt, .html) to read it beside the spine, with its terms linked to the 3D view"
        self.open_action.setToolTip(tip)
        self.open_action.setStatusTip(tip)
        self.open_action.triggered.connect(self.open_document_dialog)
        first = file_menu.actions()[0] if file_menu.actions() else None
        file_menu.insertAction(first, self.open_action)
        if first is not None:
            file_menu.insertSeparator(first)
        w.addAction(self.open_action)

        help_menu = menus.get("Help") or w.menuBar().addMenu("&Help")
        self.articles_menu = QMenu("Articles", w)
        self.article_actions: list[QAction] = []
        for info in list_articles():
            act = QAction(info.title, w)
            act.setStatusTip(f"Read “{info.title}” in the Reading panel")
            act.triggered.connect(lambda _=False, i=info.id: self.show_article(i))
            self.articles_menu.addAction(act)
            self.article_actions.append(act)
        first = help_menu.actions()[0] if help_menu.actions() else None
        help_menu.insertMenu(first, self.articles_menu)
        if first is not None:
            help_menu.insertSeparator(first)

        view_menu = menus.get("View")
        if view_menu is not None:
            view_menu.addSeparator()
            for dock, label in ((self.reading_dock, "Reading panel"), (self.bodymap_dock, "Body map panel")):
                act = dock.toggleViewAction()
                act.setText(label)
                view_menu.addAction(act)

    def _raise(self, dock: QDockWidget, force: bool = False) -> None:
        if not dock.toggleViewAction().isChecked() and not force:
            return  # the user closed it; leave it closed
        dock.show()
        dock.raise_()
        if self._tabify_pending:  # not tabbed yet: raise it once it is
            self._raise_when_shown.append(dock)

    # --- 3D → text ------------------------------------------------------------------------------
    def _selection_changed(self, selection) -> None:
        if self._closed():
            return
        if selection is None:
            if not self._from_text and self.area is None:
                self.bodymap.show_joints(())
            return
        self.area = None
        kind, name = selection
        if kind == "facet":
            joint = parse_facet_joint(name)
            self.bodymap.show_joints([joint])
            self._raise(self.bodymap_dock)
            if not self._from_text:  # a link in the text selected it: keep the reader where they are
                if self.documents.open_joint(joint.segment.name):
                    self._raise(self.reading_dock)
        elif kind == "nerve":  # the nerves layer: the article on blocks and radiofrequency treatment
            from spineviz.anatomy.nerves import nerve_data

            if not self._from_text:
                self.show_article(nerve_data()["article"])
        else:
            level = parse_level(name)
            self.bodymap.show_joints([(s, "both") for s in _segments_of(level)])

    def read_about(self, segment: str) -> None:
        """Open the article section about a joint level ("L4/5") and show the Reading panel."""
        if self.documents.open_joint(segment):
            self._raise(self.reading_dock, force=True)
            self._remember_document()

    def show_article(self, article_id: str, anchor: str = "") -> None:
        if self.documents.open_article(article_id, anchor):
            self._raise(self.reading_dock, force=True)
            self._remember_document()

    def _remember_document(self) -> None:
        """A document the user opened becomes the scene's, so saving keeps it."""
        from spineviz.scene import SceneError

        try:
            self.live.update(document=self.document_ref())
        except SceneError:  # a section the scene format cannot name: keep the scene's document
            pass

    def _state_changed(self, state, old) -> None:
        if state.selection != old.selection:
            self._selection_changed(selection_kind(state.selection))
        if state.audience != self._audience:
            self._audience = state.audience
            if self._documents is not None:  # one made later takes the audience then
                self._documents.set_audience(state.audience)
            self.bodymap.set_audience(state.audience)
            if self.area is not None:  # its title and caption are worded for the audience
                self._area_map(self.area)

    # --- text → 3D ------------------------------------------------------------------------------
    def follow_link(self, kind: str, target: str) -> None:
        """Act on a term link: ``kind`` and ``target`` as :attr:`DocumentPanel.link_activated` gives them."""
        if self._closed():
            return
        try:
            if kind == "level":
                self._select(("bone", parse_level(target).name))
            elif kind == "joint":
                name = target if " " in target else f"{parse_segment(target).name} left"
                self._select(("facet", parse_facet_joint(name).name))
            elif kind == "region":
                self.window.zoom_to_region(target)
            elif kind == "motion":
                self.move(target)
            elif kind == "body_area":
                self.show_body_area(target)
        except (LevelError, ValueError, KeyError, BodyAreaError) as err:
            self.documents.show_notice(f"Cannot show “{target}” in 3D: {err}", error=True)

    def _select(self, selection: tuple[str, str]) -> None:
        self._from_text = True
        try:
            self.live.select(selection[1])
        finally:
            self._from_text = False
        self.window.zoom_to_selection()

    def move(self, motion_id: str) -> Motion:
        """Ease the current region into a representative ``motion_id`` pose; return the target motion."""
        live = self.live
        live.pause()
        current = live.state.current_motion()
        target = representative_motion(motion_id, current.region)
        self.tween.stop()
        self._tween_from, self._tween_to = current, target
        self.tween.start()
        return target

    def _tween_step(self, value) -> None:
        if self._closed() or self._tween_to is None or self._tween_from is None:
            self.tween.stop()
            return
        if self.live.playing:  # the user started an animation: it wins
            self.tween.stop()
            return
        t = float(value)
        a, b = self._tween_from, self._tween_to
        if t >= 1.0:
            self.live.set_motion(b)
            return
        self.live.set_motion(
            replace(
                b,
                flexion=a.flexion + (b.flexion - a.flexion) * t,
                lateral_bending=a.lateral_bending + (b.lateral_bending - a.lateral_bending) * t,
                axial_rotation=a.axial_rotation + (b.axial_rotation - a.axial_rotation) * t,
            )
        )

    def show_body_area(self, area: str) -> list:
        """Show the joints that can refer pain to a body area: on the body map, and coloured in 3D.

        Facets are coloured by how often they refer there (until the next pose change recolours them);
        none is selected, because the maps overlap and a body area never names its joint.
        """
        found = self._area_map(area)
        self._raise(self.bodymap_dock)
        if not found:
            return found
        state = self.live.state
        if state.loads:
            self.documents.show_notice(
                "Load colours are on (L): turn them off to see these joints coloured by how often they refer here."
            )
        else:
            colours = np.tile(np.array(look.CARTILAGE["color"], dtype=float), (48, 1))
            for seg, freq in found:
                colours[2 * seg.index : 2 * seg.index + 2] = FREQUENCY_COLOURS[freq]
            self.window.actors.set_facet_colours(colours)
        bones = self.window.actors.bones
        boxes = [bones[lv.name].bounds for seg, _ in found for lv in (seg.upper, seg.lower) if lv.name in bones]
        if boxes:
            b = np.array(boxes)
            box = (b[:, 0].min(), b[:, 1].max(), b[:, 2].min(), b[:, 3].max(), b[:, 4].min(), b[:, 5].max())
            self.window.viewport.zoom_to(box)
        self.window.request_render()
        return found

    def _area_map(self, area: str) -> list:
        found = default_atlas().joints_referring_to(area)
        words = area.replace("_", " ")
        title = (
            f"Facet joints whose pain can be felt in the {words}"
            if self.bodymap.audience == "patient"
            else f"Facet joints that refer pain to the {words}"
        )
        words_for = self.bodymap.frequency_words()
        by_freq: dict[str, list[str]] = {}
        for seg, freq in found:
            by_freq.setdefault(freq, []).append(seg.name)
        caption = "<br>".join(
            f"<b>{words_for[f]}:</b> {', '.join(names)}"
            for f in ("typical", "sometimes", "rare")
            if (names := by_freq.get(f))
        )
        if not caption:  # a place no atlas row refers to (the front of the thigh): say so, and what to do
            advice = next((z.advice for z in default_atlas().zones_matching(area) if z.advice), None)
            caption = html.escape(advice) if advice else ""
        self.bodymap.show_joints([(seg, "both") for seg, _ in found], title=title, caption=caption or None)
        self.area = area
        return found

    def enlarge_bodymap(self, on: bool) -> None:
        """Float the body map in a window big enough to read its key, or put it back in its dock."""
        dock = self.bodymap_dock
        if on and not dock.isFloating():
            dock.setFloating(True)
            dock.show()
            screen = self.window.screen().availableGeometry()
            width = min(900, screen.width() - 40)
            dock.resize(width, min(round(width * 0.95), screen.height() - 40))
            frame = self.window.frameGeometry()
            dock.move(max(screen.left(), frame.center().x() - width // 2), max(screen.top(), frame.top() + 40))
        elif not on and dock.isFloating():
            dock.setFloating(False)
        dock.raise_()

    # --- documents ------------------------------------------------------------------------------
    def open_document(self, path: str) -> bool:
        ok = self.documents.open_file(path)
        self._raise(self.reading_dock, force=True)
        if ok:
            self._remember_document()
        return ok

    def open_document_dialog(self) -> None:
        from spineviz.content.documents import KINDS

        patterns = " ".join(f"*{ext}" for ext in KINDS)
        path, _ = QFileDialog.getOpenFileName(
            self.window, "Open document", self.last_dir, f"Documents ({patterns});;All files (*)"
        )
        if not path:
            return
        self.last_dir = str(Path(path).parent)
        self.window.settings.setValue("documentDir", self.last_dir)
        self.open_document(path)

    # --- small things ---------------------------------------------------------------------------
    def _hint(self, text: str) -> None:
        self._status(text)

    def _status(self, text: str) -> None:
        """Show a status-bar message until the next one (a timed message would leave a timer running)."""
        if not self._closed():
            self.window.statusBar().showMessage(text)

    def _closed(self) -> bool:
        return bool(getattr(self.window, "_closed", False))

    # --- scenes ---------------------------------------------------------------------------------
    def document_ref(self):
        """What the Reading panel shows, as a scene's DocumentRef (None when nothing is open)."""
        return None if self._documents is None else _document_ref(self._documents)

    def body_map_joints(self) -> list[str]:
        return list(self.bodymap.joint_names())

    def show_scene_parts(self, document, body_map, audience: str) -> None:
        """Open the scene's document at its section, and show its body-map joints."""
        if document is not None:
            if document.article:
                self.documents.open_article(document.article, document.section or "")
            elif document.path:
                self.documents.open_file(document.path)
                if document.section:
                    self.documents.go_to_anchor(document.section)
        self.bodymap.show_joints(body_map)

    def eventFilter(self, watched, event) -> bool:  # Qt override
        if watched is self.window:
            if event.type() == QEvent.Type.Close:
                self.tween.stop()
                for dock in (self.reading_dock, self.bodymap_dock):
                    if dock.isFloating():  # a floating panel would outlive its window: dock it first
                        dock.setFloating(False)
            elif event.type() == QEvent.Type.Show and self._tabify_pending:
                self._tabify()
        return False


def _segments_of(level):
    """The joint levels a vertebra takes part in: the one above it and the one below it."""
    return [s for s in SEGMENTS if level in (s.upper, s.lower)]


def install_explanations(window) -> Explanations:
    """Add the Reading and Body map panels to ``window`` and wire them to the 3D view; return the glue."""
    return Explanations(window)


def _document_ref(panel):
    """The document panel's place as a scene's DocumentRef (None when nothing is open)."""
    from spineviz.app.document_panel import ARTICLE, FILE
    from spineviz.scene.state import DocumentRef

    source, anchor = panel.current_source, panel.current_anchor or None
    if source.startswith(ARTICLE):
        return DocumentRef(article=source.removeprefix(ARTICLE), section=anchor)
    if source.startswith(FILE):
        return DocumentRef(path=source.removeprefix(FILE), section=anchor)
    return None

