"""The reading panel: the app's own articles and the user's documents, shown safely beside the 3D spine.

Everything shown here is HTML that went through :func:`spineviz.content.sanitize.sanitize`, and the text
browser is locked down on top of that: it loads no resource of any kind (no network, no files; only images
already inline in the document as ``data:image/...``), it never follows a link by itself, and it keeps no
history of its own. Terms the linker finds (levels, joints, regions, motions, body areas) become
``spineviz:KIND/TARGET`` links; clicking one emits :attr:`DocumentPanel.link_activated`, and the glue in
:mod:`spineviz.app.explain` turns that into a 3D selection, a camera move or a motion.

Places are ``(source, anchor)`` pairs: ``source`` is ``"article:<id>"`` or ``"file:<absolute path>"`` and
``anchor`` a heading id ("" for the top). Back and forward walk the panel's own list of places.

The jobs live in modules beside this one: :mod:`~spineviz.app.document_pages` (pages to safe, linked
HTML), :mod:`~spineviz.app.safe_browser` (the browser that loads nothing),
:mod:`~spineviz.app.document_find` (find in text) and :mod:`~spineviz.app.document_links` (what links
do). This module holds the panel widget, its navigation history, and keeps the old import paths.
"""

from __future__ import annotations

import html as _html
from collections import OrderedDict
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from spineviz.anatomy.levels import LevelError
from spineviz.app.document_find import _MAX_MATCHES_COUNTED as _MAX_MATCHES_COUNTED
from spineviz.app.document_find import FindInText
from spineviz.app.document_links import LinkHandling
from spineviz.app.document_pages import _TIPS as _TIPS
from spineviz.app.document_pages import ARTICLE as ARTICLE
from spineviz.app.document_pages import ARTICLE_HREF as ARTICLE_HREF
from spineviz.app.document_pages import FILE as FILE
from spineviz.app.document_pages import LINK_TEXT_LIMIT as LINK_TEXT_LIMIT
from spineviz.app.document_pages import Place as Place
from spineviz.app.document_pages import Rendered as Rendered
from spineviz.app.document_pages import article_audience as article_audience
from spineviz.app.document_pages import decorate_links as decorate_links
from spineviz.app.document_pages import render_article as render_article
from spineviz.app.document_pages import render_file as render_file
from spineviz.app.safe_browser import MAX_INLINE_IMAGE as MAX_INLINE_IMAGE
from spineviz.app.safe_browser import SafeTextBrowser as SafeTextBrowser
from spineviz.app.safe_browser import image_format as image_format
from spineviz.content.articles import ArticleError, list_articles, load_article, section_for_joint
from spineviz.content.documents import DocumentError

FONT_RANGE = (7.0, 32.0)
_CACHE_FILES = 8

_STYLE = """
body { color: #1f2328; }
h1 { color: #111827; }
h2 { color: #1f3a5f; margin-top: 14px; }
h3 { color: #1f3a5f; }
a { color: #0b57a4; }
a.term { color: #0a6b68; text-decoration: none; font-weight: 600; }
blockquote { background-color: #fff4e0; color: #3d2600; margin-left: 4px; margin-right: 4px; }
code, pre { font-family: monospace; background-color: #f2f3f5; }
th { background-color: #eef1f5; }
"""


class DocumentPanel(FindInText, LinkHandling, QWidget):
    """Articles and documents with contents, search, back/forward, font size and term links.

    Signals
    -------
    link_activated(kind, target)
        A linker term was clicked: kind is one of ``level``, ``joint``, ``region``, ``motion``,
        ``body_area``; target as in :class:`spineviz.content.linker.Link`, except that a joint the
        text gives a side for reads "L4/5 right".
    place_changed(Place)
        The source or anchor shown changed.
    hint(str)
        Text for a status bar (the link under the mouse).
    """

    link_activated = Signal(str, str)
    place_changed = Signal(object)
    title_changed = Signal(str)
    hint = Signal(str)

    def __init__(self, audience: str = "clinician", parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("documentPanel")
        self.audience = article_audience(audience)
        self.place: Place | None = None
        self.rendered: Rendered | None = None
        self.history: list[Place] = []
        self.history_index = -1
        self.joint: str | None = None  # the segment the current article was opened for, if any
        self._files: OrderedDict[str, Rendered] = OrderedDict()

        self.back_button = self._tool("Back (Alt+Left)", Qt.ArrowType.LeftArrow, self.back)
        self.forward_button = self._tool("Forward (Alt+Right)", Qt.ArrowType.RightArrow, self.forward)
        self.picker = QComboBox()
        self.picker.setPlaceholderText("Choose an article…")
        self.picker.setToolTip("The app's articles about facet joints")
        self.picker.setAccessibleName("Article")
        for info in list_articles():
            self.picker.addItem(info.title, info.id)
        self.picker.activated.connect(lambda i: self.open_article(self.picker.itemData(i)))
        self.smaller = self._tool("Smaller text (Ctrl+-)", None, self.zoom_out, "A−")
        self.larger = self._tool("Larger text (Ctrl++)", None, self.zoom_in, "A+")
        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        for w in (self.back_button, self.forward_button):
            top.addWidget(w)
        top.addWidget(self.picker, 1)
        top.addWidget(self.smaller)
        top.addWidget(self.larger)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Find in text (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Find in text")
        self.search.setToolTip("Find a word in the text: Enter for the next match, Shift+Enter for the previous")
        self.search.textEdited.connect(lambda _: self.find(from_start=True))
        self.search.returnPressed.connect(self.find_next)
        self.prev_button = self._tool("Previous match (Shift+F3)", Qt.ArrowType.UpArrow, self.find_previous)
        self.next_button = self._tool("Next match (F3)", Qt.ArrowType.DownArrow, self.find_next)
        self.matches = QLabel("")
        self.matches.setObjectName("searchStatus")
        self.matches.setMinimumWidth(70)
        find_row = QHBoxLayout()
        find_row.setContentsMargins(0, 0, 0, 0)
        find_row.addWidget(self.search, 1)
        find_row.addWidget(self.prev_button)
        find_row.addWidget(self.next_button)
        find_row.addWidget(self.matches)

        self.doc_title = QLabel("")
        self.doc_title.setObjectName("documentTitle")
        self.doc_title.setWordWrap(True)
        self.doc_title.hide()
        self.notice = QLabel("")
        self.notice.setObjectName("documentNotice")
        self.notice.setWordWrap(True)
        self.notice.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notice.hide()

        self.contents = QListWidget()
        self.contents.setObjectName("documentContents")
        self.contents.setAccessibleName("Contents")
        self.contents.setToolTip("Contents: click a heading to go to it")
        self.contents.itemActivated.connect(self._contents_clicked)
        self.contents.itemClicked.connect(self._contents_clicked)
        self.browser = SafeTextBrowser()
        self.browser.setObjectName("documentText")
        self.browser.setAccessibleName("Document text")
        self.browser.document().setDefaultStyleSheet(_STYLE)
        self.browser.anchorClicked.connect(self._anchor_clicked)
        self.browser.highlighted.connect(self._hovered)
        self.browser.relaid.connect(self._keep_anchor)
        self.browser.verticalScrollBar().actionTriggered.connect(self._unpin)
        self._pinned = ""  # the anchor to keep in view while the text is laid out again
        self.split = QSplitter(Qt.Orientation.Vertical)
        self.split.addWidget(self.contents)
        self.split.addWidget(self.browser)
        self.split.setStretchFactor(0, 0)
        self.split.setStretchFactor(1, 1)
        self.split.setSizes([110, 500])
        self.split.setCollapsible(1, False)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.setSpacing(4)
        lay.addLayout(top)
        lay.addLayout(find_row)
        lay.addWidget(self.doc_title)
        lay.addWidget(self.notice)
        lay.addWidget(self.split, 1)

        base = QApplication.font().pointSizeF()
        self.font_size = min(max((base if base > 0 else 10.0) + 1.0, FONT_RANGE[0]), FONT_RANGE[1])
        self._apply_font()
        self._shortcuts()
        self._sync_buttons()

    # --- construction helpers -------------------------------------------------------------------
    def _tool(self, tip: str, arrow, slot, text: str = "") -> QToolButton:
        b = QToolButton()
        if arrow is not None:
            b.setArrowType(arrow)
        if text:
            b.setText(text)
        b.setToolTip(tip)
        b.setAccessibleName(tip.split(" (")[0])
        b.setAutoRaise(True)
        b.clicked.connect(slot)
        return b

    def _shortcuts(self) -> None:
        """The reading keys, from the app's key table (F1 lists them from the same rows)."""
        from spineviz.app.keys import binding

        ctx = Qt.ShortcutContext.WidgetWithChildrenShortcut
        keys = (
            ("reading.bigger", self, ctx, self.zoom_in),
            ("reading.smaller", self, ctx, self.zoom_out),
            ("reading.back", self, ctx, self.back),
            ("reading.forward", self, ctx, self.forward),
            ("reading.find", self, ctx, self.focus_search),
            ("reading.find_next", self, ctx, self.find_next),
            ("reading.find_previous", self, ctx, self.find_previous),
            ("reading.next_link", self.browser, Qt.ShortcutContext.WidgetShortcut,
             lambda: self.browser.step_link(True)),
            ("reading.previous_link", self.browser, Qt.ShortcutContext.WidgetShortcut,
             lambda: self.browser.step_link(False)),
            ("reading.search_previous", self.search, Qt.ShortcutContext.WidgetShortcut, self.find_previous),
            ("reading.search_clear", self.search, Qt.ShortcutContext.WidgetShortcut, self.clear_search),
        )
        self._keys: list[QShortcut] = []
        for key_id, owner, context, slot in keys:
            for seq in binding(key_id).sequences():
                sc = QShortcut(seq, owner, context=context)
                sc.activated.connect(slot)
                self._keys.append(sc)

    # --- what is shown ----------------------------------------------------------------------------
    @property
    def current_source(self) -> str:
        return self.place.source if self.place else ""

    @property
    def current_anchor(self) -> str:
        return self.place.anchor if self.place else ""

    @property
    def html(self) -> str:
        """The HTML last given to the browser (sanitised and linked)."""
        return self.rendered.html if self.rendered else ""

    @property
    def title(self) -> str:
        return self.rendered.title if self.rendered else ""

    def plain_text(self) -> str:
        return self.browser.toPlainText()

    # --- opening --------------------------------------------------------------------------------
    def open_article(self, article_id: str, anchor: str = "", *, record: bool = True) -> bool:
        """Show one of the app's articles in the current audience's version, at ``anchor``."""
        self.joint = None
        return self._go(Place(f"{ARTICLE}{article_id}", anchor), record)

    def open_joint(self, segment: str) -> bool:
        """Show the article section about a joint level ("L4/5"); False when no section names it."""
        try:
            found = section_for_joint(segment, self.audience)
        except (LevelError, ArticleError) as err:
            self.show_notice(str(err), error=True)
            return False
        if found is None:
            self.show_notice(f"No article section is about {segment} yet.")
            return False
        ok = self._go(Place(f"{ARTICLE}{found[0]}", found[1]), True)
        self.joint = segment if ok else self.joint
        return ok

    def open_file(self, path: str | Path) -> bool:
        """Show a user's document; a bad file leaves what is shown alone and explains the problem."""
        return self._go(Place(f"{FILE}{Path(path).expanduser().absolute()}"), True, reload=True)

    def set_audience(self, audience: str) -> None:
        """Switch to the patient or clinician version; an article on show is reloaded in that version."""
        new = article_audience(audience)
        if new == self.audience:
            return
        self.audience = new
        if self.place is None or not self.place.source.startswith(ARTICLE):
            return
        article_id = self.place.source.removeprefix(ARTICLE)
        anchor = self.place.anchor
        try:
            anchors = {s.anchor for s in load_article(article_id, new).sections}
        except ArticleError:
            anchors = set()
        if anchor and anchor not in anchors:
            found = section_for_joint(self.joint, new) if self.joint else None
            anchor = found[1] if found and found[0] == article_id else ""
        joint = self.joint
        self._go(Place(self.place.source, anchor), record=False, reload=True, replace=True)
        self.joint = joint

    def go_to_anchor(self, anchor: str, *, record: bool = True) -> None:
        if self.place is None:
            return
        self._go(Place(self.place.source, anchor), record)

    def _render(self, source: str, reload: bool) -> Rendered:
        if source.startswith(ARTICLE):
            return render_article(source.removeprefix(ARTICLE), self.audience)
        path = source.removeprefix(FILE)
        if not reload and path in self._files:
            self._files.move_to_end(path)
            return self._files[path]
        rendered = render_file(path)
        self._files[path] = rendered
        while len(self._files) > _CACHE_FILES:
            self._files.popitem(last=False)
        return rendered

    def _go(self, place: Place, record: bool, reload: bool = False, replace: bool = False) -> bool:
        same_page = self.place is not None and place.source == self.place.source and not reload and not replace
        if not same_page:
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                rendered = self._render(place.source, reload)
            except (DocumentError, ArticleError) as err:
                self.show_notice(str(err), error=True)
                return False
            except Exception as err:  # a document must never take the app down
                name = place.source.removeprefix(FILE).removeprefix(ARTICLE)
                self.show_notice(f"Could not show '{name}': {type(err).__name__}: {err}", error=True)
                return False
            finally:
                QApplication.restoreOverrideCursor()
            self.rendered = rendered
            self.browser.setHtml(rendered.html)
            self._show_doc_title(place.source, rendered.title)
            self._fill_contents(rendered)
            self.show_notice(" ".join(rendered.notes))
            self.title_changed.emit(rendered.title)
            if self.search.text():
                self._highlight_all(self.search.text())
        elif self.notice.property("error"):
            self.show_notice("")
        if record:
            del self.history[self.history_index + 1 :]
            if not self.history or self.history[-1] != place:
                self.history.append(place)
            self.history_index = len(self.history) - 1
        elif replace and 0 <= self.history_index < len(self.history):
            self.history[self.history_index] = place
        self.place = place
        self._scroll_to(place.anchor)
        self._sync_picker()
        self._sync_buttons()
        self.place_changed.emit(place)
        return True

    def _show_doc_title(self, source: str, title: str) -> None:
        if source.startswith(FILE):
            name = Path(source.removeprefix(FILE)).name
            shown = title if title == Path(name).stem else f"{title} — {name}"
            self.doc_title.setText(f"<b>Your document:</b> {_html.escape(shown)}")
            self.doc_title.setToolTip(source.removeprefix(FILE))
        self.doc_title.setVisible(source.startswith(FILE))

    def _keep_anchor(self) -> None:
        if self._pinned:
            self.browser.scrollToAnchor(self._pinned)

    def _unpin(self, *_) -> None:
        self._pinned = ""

    def _scroll_to(self, anchor: str) -> None:
        self._pinned = anchor
        if anchor:
            self.browser.scrollToAnchor(anchor)
        else:
            self.browser.verticalScrollBar().setValue(0)
        for i in range(self.contents.count()):
            item = self.contents.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == anchor:
                self.contents.blockSignals(True)
                self.contents.setCurrentItem(item)
                self.contents.blockSignals(False)
                break

    def _fill_contents(self, rendered: Rendered) -> None:
        self.contents.blockSignals(True)
        self.contents.clear()
        top = min((lv for lv, _, _ in rendered.contents), default=1)
        for level, text, anchor in rendered.contents:
            item = QListWidgetItem("    " * (level - top) + text)
            item.setData(Qt.ItemDataRole.UserRole, anchor)
            item.setToolTip(text)
            if level == top:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.contents.addItem(item)
        self.contents.blockSignals(False)
        self.contents.setVisible(bool(rendered.contents))

    def _sync_picker(self) -> None:
        source = self.current_source
        index = self.picker.findData(source.removeprefix(ARTICLE)) if source.startswith(ARTICLE) else -1
        self.picker.setCurrentIndex(index)

    def _sync_buttons(self) -> None:
        self.back_button.setEnabled(self.can_go_back())
        self.forward_button.setEnabled(self.can_go_forward())

    def show_notice(self, text: str, *, error: bool = False) -> None:
        """Show (or, with empty text, hide) the message bar above the text."""
        self.notice.setText(text)
        self.notice.setProperty("error", bool(text) and error)
        if error:
            self.notice.setStyleSheet(
                "QLabel { background: #fde8e8; color: #7a1010; border: 1px solid #e0a0a0; padding: 4px; }"
            )
        else:
            self.notice.setStyleSheet(
                "QLabel { background: #eef3fb; color: #1f3a5f; border: 1px solid #c4d3ea; padding: 4px; }"
            )
        self.notice.setVisible(bool(text))

    # --- history --------------------------------------------------------------------------------
    def can_go_back(self) -> bool:
        return self.history_index > 0

    def can_go_forward(self) -> bool:
        return self.history_index < len(self.history) - 1

    def back(self) -> None:
        if self.can_go_back():
            self._step(-1)

    def forward(self) -> None:
        if self.can_go_forward():
            self._step(+1)

    def _step(self, delta: int) -> None:
        target = self.history_index + delta
        if self._go(self.history[target], record=False):
            self.history_index = target
            self._sync_buttons()

    # --- contents -------------------------------------------------------------------------------
    def _contents_clicked(self, item: QListWidgetItem) -> None:
        anchor = item.data(Qt.ItemDataRole.UserRole)
        if self.place is None or anchor == self.place.anchor:
            self._scroll_to(anchor or "")
            return
        self.go_to_anchor(anchor or "")

    # --- font size ------------------------------------------------------------------------------
    def zoom_in(self) -> None:
        self.set_font_size(self.font_size + 1)

    def zoom_out(self) -> None:
        self.set_font_size(self.font_size - 1)

    def set_font_size(self, points: float) -> None:
        self.font_size = min(max(float(points), FONT_RANGE[0]), FONT_RANGE[1])
        self._apply_font()

    def _apply_font(self) -> None:
        font = QFont(self.browser.font())
        font.setPointSizeF(self.font_size)
        self.browser.setFont(font)
        self.browser.document().setDefaultFont(font)
        self.smaller.setEnabled(self.font_size > FONT_RANGE[0])
        self.larger.setEnabled(self.font_size < FONT_RANGE[1])
