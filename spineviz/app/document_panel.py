"""The reading panel: the app's own articles and the user's documents, shown safely beside the 3D spine.

Everything shown here is HTML that went through :func:`spineviz.content.sanitize.sanitize`, and the text
browser is locked down on top of that: it loads no resource of any kind (no network, no files; only images
already inline in the document as ``data:image/...``), it never follows a link by itself, and it keeps no
history of its own. Terms the linker finds (levels, joints, regions, motions, body areas) become
``spineviz:KIND/TARGET`` links; clicking one emits :attr:`DocumentPanel.link_activated`, and the glue in
:mod:`spineviz.app.explain` turns that into a 3D selection, a camera move or a motion.

Places are ``(source, anchor)`` pairs: ``source`` is ``"article:<id>"`` or ``"file:<absolute path>"`` and
``anchor`` a heading id ("" for the top). Back and forward walk the panel's own list of places.
"""

from __future__ import annotations

import base64
import binascii
import html as _html
import re
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import markdown
from PySide6.QtCore import QByteArray, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QFont, QImage, QKeySequence, QShortcut, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from spineviz.anatomy.levels import LevelError
from spineviz.content.articles import ArticleError, article_ids, list_articles, load_article, section_for_joint
from spineviz.content.documents import DocumentError, load_document
from spineviz.content.linker import HREF_SCHEME, link_html, parse_href
from spineviz.content.sanitize import sanitize

ARTICLE = "article:"
FILE = "file:"
ARTICLE_HREF = f"{HREF_SCHEME}:article/"
"""Links between the app's articles are rewritten to ``spineviz:article/<id>[#anchor]``."""

LINK_TEXT_LIMIT = 300_000
"""Documents with more visible text than this (characters) are shown without term links: linking a
very long text takes seconds and fills it with thousands of links."""

MAX_INLINE_IMAGE = 5 * 1024 * 1024
FONT_RANGE = (7.0, 32.0)
_CACHE_FILES = 8
_MAX_MATCHES_COUNTED = 999

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

_TERM_LINK = re.compile(rf'<a href="{HREF_SCHEME}:([a-z_]+)/([^"#]*)">(.*?)</a>', re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_SIDE_BEFORE = re.compile(
    r"\b(left|right)(?:[\s-]+(?:sided|side|hand))?(?:\s+(?:lumbar|cervical|thoracic|facet))?\s*$", re.I
)
_SIDE_AFTER = re.compile(
    r"^\s*(?:(?:facet|zygapophys[ae]al)\s+(?:joints?\s+)?)?(?:(?:on\s+the|,)\s+)?(left|right)\b", re.I
)
_ARTICLE_LINK = re.compile(r'href="([a-z0-9]+(?:-[a-z0-9]+)*)(?:\.md)?(#[^"]*)?"')

_TIPS = {
    "level": "Select {t} in the 3D view",
    "joint": "Select the {t} facet joint in the 3D view",
    "region": "Zoom the 3D view to the {t} spine",
    "motion": "Show {t} on the current region",
    "body_area": "Show the facet joints that can refer pain to the {t}",
}


def article_audience(audience: str) -> str:
    """The article version for a view audience: the patient's, or the clinician's for everyone else."""
    return "patient" if audience == "patient" else "clinician"


@dataclass(frozen=True)
class Place:
    """Where the reader is: a source ("article:<id>" or "file:<path>") and a heading anchor ("" = top)."""

    source: str
    anchor: str = ""


@dataclass(frozen=True)
class Rendered:
    """A page ready for the browser: final HTML, its contents (level, text, anchor) and title."""

    title: str
    html: str
    contents: tuple[tuple[int, str, str], ...]
    notes: tuple[str, ...] = ()


def _plain(fragment: str) -> str:
    return _html.unescape(_TAG.sub("", fragment))


def decorate_links(html: str) -> str:
    """Give every linker link a class and a tooltip, and a side (``#left``/``#right``) when the text says it.

    ``html`` is :func:`spineviz.content.linker.link_html` output; its links are exactly
    ``<a href="spineviz:KIND/TARGET">term</a>``. A joint written "the right L4/5" or "L4/5 on the left"
    gets the side as the URL fragment, so a click can select that facet rather than a default one.
    """
    out: list[str] = []
    pos = 0
    for m in _TERM_LINK.finditer(html):
        kind, target, inner = m.group(1), _html.unescape(m.group(2)), m.group(3)
        href = f"{HREF_SCHEME}:{kind}/{target}"
        if kind == "joint":
            before = _plain(html[max(0, m.start() - 160) : m.start()])[-40:]
            after = _plain(html[m.end() : m.end() + 160])[:40]
            side = _SIDE_BEFORE.search(before) or _SIDE_AFTER.match(after)
            if side:
                href += "#" + side.group(1).lower()
        words = target.replace("_", " ")
        tip = _TIPS.get(kind, "{t}").format(t=words)
        out += [
            html[pos : m.start()],
            f'<a class="term" href="{_html.escape(href)}" title="{_html.escape(tip)}">{inner}</a>',
        ]
        pos = m.end()
    out.append(html[pos:])
    return "".join(out)


def _finish(safe_html: str, text_length: int) -> tuple[str, tuple[str, ...]]:
    if text_length > LINK_TEXT_LIMIT:
        note = f"This document is long ({text_length:,} characters), so its terms are not linked to the 3D view."
        return safe_html, (note,)
    return decorate_links(link_html(safe_html)), ()


def render_article(article_id: str, audience: str) -> Rendered:
    """Render one of the app's articles to safe, linked HTML with anchors matching its sections.

    Raises
    ------
    ArticleError
        For an unknown article or audience.
    """
    art = load_article(article_id, article_audience(audience))
    raw = markdown.markdown(art.markdown, extensions=["extra", "sane_lists", "toc"], output_format="html")
    known = set(article_ids())

    def to_article(m: re.Match[str]) -> str:
        if m.group(1) not in known:
            return m.group(0)
        return f'href="{ARTICLE_HREF}{m.group(1)}{m.group(2) or ""}"'

    cleaned = sanitize(_ARTICLE_LINK.sub(to_article, raw))
    body, notes = _finish(cleaned.html, len(art.markdown))
    contents = ((1, art.title, ""), *((s.level, s.heading, s.anchor) for s in art.sections))
    return Rendered(art.title, body, contents, notes)


def render_file(path: str | Path) -> Rendered:
    """Load a user's document safely and link its terms.

    Raises
    ------
    DocumentError
        For a missing, unsupported, binary, empty or too large file (the message says what to do).
    """
    doc = load_document(path)
    body, notes = _finish(doc.html, len(doc.text))
    contents = tuple((h.level, h.text or "(untitled)", h.anchor) for h in doc.contents)
    return Rendered(doc.title, body, contents, (*doc.notes, *notes))


class SafeTextBrowser(QTextBrowser):
    """A text browser that loads nothing and navigates nowhere on its own.

    :meth:`loadResource` is how Qt fetches anything a document refers to (images, style sheets,
    sources). It must never answer "nothing": for a null answer ``QTextDocument`` falls back to reading
    the URL as a local file itself. So every URL gets a harmless non-null answer: a blank 1×1 image
    for an image (an image already inline as ``data:image/...`` is decoded and shown), empty bytes for
    anything else. Every URL refused is kept in :attr:`refused`, so tests can see what was asked.
    """

    relaid = Signal()  # resized or shown: the text has been laid out again

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.refused: list[str] = []
        self.inline = 0

    def loadResource(self, kind: int, url: QUrl):  # Qt override
        text = url.toString()
        if kind == int(QTextDocument.ResourceType.ImageResource.value) and text.startswith("data:image/"):
            image = _inline_image(text)
            if image is not None:
                self.inline += 1
                return image
        if len(self.refused) < 1000:
            self.refused.append(text)
        if kind == int(QTextDocument.ResourceType.ImageResource.value):
            return _blank_image()
        return QByteArray()

    def doSetSource(self, name: QUrl, type_=None) -> None:  # Qt override
        """Never load a source: the panel sets HTML itself."""
        return None

    def resizeEvent(self, event) -> None:  # Qt override
        super().resizeEvent(event)
        self.relaid.emit()

    def showEvent(self, event) -> None:  # Qt override
        super().showEvent(event)
        self.relaid.emit()


def _blank_image() -> QImage:
    image = QImage(1, 1, QImage.Format.Format_ARGB32)
    image.fill(0)
    return image


def _inline_image(url: str) -> QImage | None:
    head, sep, data = url.partition(",")
    if not sep or ";base64" not in head or len(data) > MAX_INLINE_IMAGE * 4 // 3 + 4:
        return None
    try:
        raw = base64.b64decode(data, validate=False)
    except (binascii.Error, ValueError):
        return None
    image = QImage.fromData(raw)
    return None if image.isNull() else image


class DocumentPanel(QWidget):
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
        ctx = Qt.ShortcutContext.WidgetWithChildrenShortcut
        keys = (
            (("Ctrl++", "Ctrl+="), self.zoom_in),
            (("Ctrl+-",), self.zoom_out),
            (("Alt+Left",), self.back),
            (("Alt+Right",), self.forward),
            (("Ctrl+F",), self.focus_search),
            (("F3",), self.find_next),
            (("Shift+F3",), self.find_previous),
        )
        self._keys: list[QShortcut] = []
        for sequences, slot in keys:
            for seq in sequences:
                sc = QShortcut(QKeySequence(seq), self, context=ctx)
                sc.activated.connect(slot)
                self._keys.append(sc)
        back = QShortcut(QKeySequence("Shift+Return"), self.search, context=Qt.ShortcutContext.WidgetShortcut)
        back.activated.connect(self.find_previous)
        self._keys.append(back)
        esc = QShortcut(QKeySequence("Escape"), self.search, context=Qt.ShortcutContext.WidgetShortcut)
        esc.activated.connect(self.clear_search)
        self._keys.append(esc)

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

    # --- links ----------------------------------------------------------------------------------
    def _contents_clicked(self, item: QListWidgetItem) -> None:
        anchor = item.data(Qt.ItemDataRole.UserRole)
        if self.place is None or anchor == self.place.anchor:
            self._scroll_to(anchor or "")
            return
        self.go_to_anchor(anchor or "")

    def _anchor_clicked(self, url: QUrl) -> None:
        self.activate_href(url.toString())

    def activate_href(self, href: str) -> None:
        """Act on a link from the text: in-page anchors, the app's articles, linker terms, outside links."""
        base, _, fragment = href.partition("#")
        if not base and fragment:
            self.go_to_anchor(fragment)
            return
        if base.startswith(ARTICLE_HREF):
            self.open_article(base.removeprefix(ARTICLE_HREF), fragment)
            return
        found = parse_href(base)
        if found is not None:
            kind, target = found
            if kind == "joint" and fragment in ("left", "right"):
                target = f"{target} {fragment}"
            self.link_activated.emit(kind, target)
            return
        scheme = QUrl(href).scheme().lower()
        if scheme in ("http", "https", "mailto"):
            self.show_notice(
                f"This link leads outside spineviz and was not opened: {href}  "
                "(select and copy it to open it in your browser)."
            )
        else:
            self.show_notice(f"This link cannot be opened here: {href}", error=True)

    def _hovered(self, url: QUrl) -> None:
        href = url.toString()
        if not href:
            self.hint.emit("")
            return
        found = parse_href(href.partition("#")[0])
        if found:
            kind, target = found
            self.hint.emit(_TIPS.get(kind, "{t}").format(t=target.replace("_", " ")))
        elif href.startswith(ARTICLE_HREF):
            self.hint.emit("Open the article " + href.removeprefix(ARTICLE_HREF).partition("#")[0])
        else:
            self.hint.emit(href)

    # --- search ---------------------------------------------------------------------------------
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
