"""The reading panel's pages: articles and user documents turned into safe, term-linked HTML.

No widget here: a page is rendered once (Markdown or a loaded document, sanitised, linked by the
linker, with a side on joint links the text names) into a :class:`Rendered` value the panel shows,
so the hostile-document limits and link decoration can be reasoned about apart from Qt.
"""

from __future__ import annotations

import html as _html
import re
from dataclasses import dataclass
from pathlib import Path

import markdown

from spineviz.content.articles import article_ids, load_article
from spineviz.content.documents import load_document, plain_blocks_html
from spineviz.content.linker import HREF_SCHEME, link_html
from spineviz.content.sanitize import clean_html, markup_shape, sanitize
from spineviz.limits import DOCUMENT_MAX_ELEMENTS, PANEL_MAX_CHARS

ARTICLE = "article:"
FILE = "file:"
ARTICLE_HREF = f"{HREF_SCHEME}:article/"
"""Links between the app's articles are rewritten to ``spineviz:article/<id>[#anchor]``."""

LINK_TEXT_LIMIT = 300_000
"""Documents with more visible text than this (characters) are shown without term links: linking a
very long text takes seconds and fills it with thousands of links."""

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
    safe_html, cut = doc.html, ()
    too_many = markup_shape(doc.html, None, DOCUMENT_MAX_ELEMENTS)[1] > DOCUMENT_MAX_ELEMENTS
    if len(doc.text) > PANEL_MAX_CHARS or too_many:
        safe_html = clean_html(plain_blocks_html(doc.text[:PANEL_MAX_CHARS]))
        shown = min(len(doc.text), PANEL_MAX_CHARS)
        cut = (f"This document is too long or too many-parted to lay out here: it is shown as plain text"
               f"{f', its first {shown:,} characters' if shown < len(doc.text) else ''}.",)
    body, notes = _finish(safe_html, len(doc.text))
    contents = tuple((h.level, h.text or "(untitled)", h.anchor) for h in doc.contents)
    if cut:
        contents = ()  # the headings' anchors are gone from the simplified text
    return Rendered(doc.title, body, contents, (*doc.notes, *cut, *notes))
