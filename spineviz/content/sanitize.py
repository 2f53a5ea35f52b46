"""Make HTML from any source safe to show, and give its headings stable anchors.

The policy is an allow-list applied by ``nh3`` (the ammonia sanitiser):

- text structure only: headings, paragraphs, lists, tables, quotes, code, emphasis, links, images;
- scripts, styles, frames, objects, embeds, forms, SVG and MathML are removed *with* their content;
  ``meta``, ``link`` and ``base`` are removed; no ``style`` or ``on*`` attribute survives;
- nothing is ever loaded from outside the document: an image keeps its ``src`` only when it is an
  inline ``data:image/png|jpeg|gif|webp`` URL (no http(s), ``file:``, protocol-relative or relative
  paths, and no SVG, which can name other files); only the first
  :data:`~spineviz.limits.DOCUMENT_MAX_IMAGES` pictures keep theirs;
- a link keeps its ``href`` only for ``http``, ``https``, ``mailto``, the app's own ``spineviz:``
  scheme or an in-page ``#anchor``; every link gets ``rel="noopener noreferrer"``.

Headings that have no ``id`` get one made from their text, unique within the document, so a contents
list can point at them.
"""

from __future__ import annotations

import html as _html
import re
import unicodedata
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

from spineviz.limits import DOCUMENT_MAX_IMAGES

ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "div", "span",
        "section", "article", "header", "footer", "aside", "nav", "main",
        "ul", "ol", "li", "dl", "dt", "dd",
        "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
        "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup",
        "abbr", "cite", "q", "dfn", "kbd", "samp", "var", "time",
        "a", "img", "figure", "figcaption", "blockquote", "code", "pre", "details", "summary",
    }
)
"""Tags kept (their attributes are filtered); any other tag is dropped but its text kept."""

REMOVED_WITH_CONTENT: frozenset[str] = frozenset(
    {
        "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "noscript",
        "noembed", "noframes", "template", "svg", "math", "title", "textarea", "select", "canvas",
        "audio", "video", "xmp", "plaintext",
    }
)
"""Tags removed together with everything inside them."""

_ATTRIBUTES: dict[str, set[str]] = {
    "*": {"id"},
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "abbr": {"title"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "time": {"datetime"},
}
LINK_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto", "spineviz"})
"""URL schemes a link may use; other links keep their text but lose their ``href``."""

_IMAGE_DATA_URL = re.compile(r"data:image/(?:png|jpeg|jpg|gif|webp)(?:;[a-z0-9=._-]+)*[;,]", re.I)
_URL_NOISE = re.compile(r"[\x00-\x20\x7f]+")  # browsers ignore these inside a URL; so do we when judging
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.I)
_NOT_ID = re.compile(r"[^\w\-.]+")
HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")


@dataclass(frozen=True)
class Heading:
    """One entry of a document's contents: heading ``level`` (1-6), its ``text`` and ``anchor`` id."""

    level: int
    text: str
    anchor: str


@dataclass(frozen=True)
class SanitizedHtml:
    """Safe HTML and the headings found in it, in document order."""

    html: str
    headings: tuple[Heading, ...]


def _clean_id(value: str) -> str | None:
    cleaned = _NOT_ID.sub("-", value).strip("-")
    return cleaned or None


def _link_target(value: str) -> str | None:
    compact = _URL_NOISE.sub("", value)
    if compact.startswith("#"):
        fragment = _clean_id(_html.unescape(compact[1:]))
        return f"#{fragment}" if fragment else None
    m = _SCHEME.match(compact)
    if m and m.group(1).lower() in LINK_SCHEMES:
        return value.strip()
    return None  # javascript:, data:, file:, vbscript:, relative or protocol-relative paths


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    if attr == "id":
        return _clean_id(value)
    if tag == "a" and attr == "href":
        return _link_target(value)
    if tag == "img" and attr == "src":
        return value if _IMAGE_DATA_URL.match(_URL_NOISE.sub("", value)) else None
    return value


def _nh3_clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(REMOVED_WITH_CONTENT),
        attributes={tag: set(attrs) for tag, attrs in _ATTRIBUTES.items()},
        attribute_filter=_attribute_filter,
        url_schemes=set(LINK_SCHEMES) | {"data"},
        strip_comments=True,
        link_rel="noopener noreferrer",
    )


def slugify(text: str) -> str:
    """Return an anchor id for a heading: lower case ASCII words joined by ``-`` ("section" if none)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:60].rstrip("-") or "section"


class _HeadingScanner(HTMLParser):
    """Finds heading start tags (with their offsets in the source) and their text."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=True)
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.ids: set[str] = set()
        self.found: list[dict] = []
        self._open: list[dict] = []

    def _offset(self) -> int:
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = dict(attrs)
        if attr.get("id"):
            self.ids.add(attr["id"])
        if tag in HEADING_TAGS:
            raw = self.get_starttag_text() or ""
            entry = {"level": int(tag[1]), "start": self._offset(), "raw": raw, "id": attr.get("id"),
                     "text": []}
            self.found.append(entry)
            self._open.append(entry)

    def handle_endtag(self, tag: str) -> None:
        if tag in HEADING_TAGS:
            for i in range(len(self._open) - 1, -1, -1):
                if self._open[i]["level"] == int(tag[1]):
                    del self._open[i:]
                    break

    def handle_data(self, data: str) -> None:
        for entry in self._open:
            entry["text"].append(data)


def anchor_headings(html: str) -> SanitizedHtml:
    """Give every heading of cleaned ``html`` an ``id`` and list the headings (see :func:`sanitize`)."""
    scanner = _HeadingScanner(html)
    scanner.feed(html)
    scanner.close()
    taken = set(scanner.ids)
    headings: list[Heading] = []
    pieces: list[str] = []
    pos = 0
    for entry in scanner.found:
        text = " ".join("".join(entry["text"]).split())
        anchor = entry["id"]
        if not anchor:
            base = slugify(text)
            anchor, n = base, 2
            while anchor in taken:
                anchor, n = f"{base}-{n}", n + 1
            taken.add(anchor)
            start = entry["start"]
            pieces += [html[pos:start], f'<h{entry["level"]} id="{_html.escape(anchor)}">']
            pos = start + len(entry["raw"])
        headings.append(Heading(entry["level"], text, anchor))
    pieces.append(html[pos:])
    return SanitizedHtml("".join(pieces), tuple(headings))


_TAG_TOKEN = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>")
_VOID = frozenset({"br", "hr", "img", "col", "wbr", "area", "base", "embed", "input", "link", "meta", "source",
                   "track", "param"})
_INLINE_IMAGE = re.compile(r"<img\b[^>]*>", re.I)


def markup_shape(html: str, max_depth: int | None = None, max_elements: int | None = None) -> tuple[int, int]:
    """(deepest element nesting, number of elements) of sanitised ``html``, in one linear scan.

    The sanitiser's output is well formed (every element it keeps is closed), so counting start and end
    tags is exact; no parser recursion, whatever the nesting. The scan stops as soon as the depth passes
    ``max_depth`` or the count passes ``max_elements``: the caller only needs to know that it did.
    """
    depth = deepest = elements = 0
    max_depth = max_depth if max_depth is not None else len(html)
    max_elements = max_elements if max_elements is not None else len(html)
    for m in _TAG_TOKEN.finditer(html):
        closing, name, self_closing = m.group(1), m.group(2).lower(), m.group(3)
        if closing:
            depth = max(0, depth - 1)
            continue
        elements += 1
        if name not in _VOID and not self_closing:
            depth += 1
            deepest = max(deepest, depth)
        if deepest > max_depth or elements > max_elements:
            break
    return deepest, elements


_SRC_VALUE = re.compile(r'\ssrc="([^"]*)"')
_ALT_VALUE = re.compile(r'\salt="([^"]*)"')
_RASTER_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")


def is_raster_data_url(url: str) -> bool:
    """Whether a ``data:`` URL's bytes start like a PNG, JPEG, GIF or WebP picture, whatever it claims.

    An SVG labelled ``image/png`` is not one: SVG can name other files, which a picture decoder would open.
    """
    import base64
    import binascii

    head, sep, data = _html.unescape(url).partition(",")
    if not sep or ";base64" not in head.lower():
        return False
    try:
        start = base64.b64decode(_URL_NOISE.sub("", data[:32]) + "==", validate=False)[:12]
    except (binascii.Error, ValueError):
        return False
    return start.startswith(_RASTER_MAGIC) or (start[:4] == b"RIFF" and start[8:12] == b"WEBP")


def _limit_images(html: str, limit: int = DOCUMENT_MAX_IMAGES) -> str:
    """Keep the first ``limit`` real inline pictures; any other picture becomes its alt text, marked."""
    seen = 0

    def one(m: re.Match[str]) -> str:
        nonlocal seen
        src = _SRC_VALUE.search(m.group(0))
        if src and is_raster_data_url(src.group(1)):
            seen += 1
            if seen <= limit:
                return m.group(0)
        alt = _ALT_VALUE.search(m.group(0))
        why = "beyond the first " + str(limit) if src and seen > limit else "not an inline picture"
        label = f": {alt.group(1)}" if alt and alt.group(1).strip() else ""
        return f"<span>[picture not shown ({why}){label}]</span>"

    return _INLINE_IMAGE.sub(one, html)


def sanitize(html: str) -> SanitizedHtml:
    """Return safe HTML for ``html`` (any fragment or page, however broken) and its headings.

    Parameters
    ----------
    html
        Untrusted HTML. A whole page is fine; only what a page shows as text and structure is kept.

    Returns
    -------
    SanitizedHtml
        The cleaned HTML, with an ``id`` on every heading, and the headings as a contents list.
    """
    return anchor_headings(clean_html(html))


def clean_html(html: str) -> str:
    """The allow-list cleaning of :func:`sanitize` alone (no heading anchors): fast, in Rust."""
    return _limit_images(_nh3_clean(html))


def sanitize_html(html: str) -> str:
    """Return only the safe HTML of :func:`sanitize`."""
    return sanitize(html).html


_BLOCK_TAGS = frozenset(
    {
        "p", "div", "section", "article", "header", "footer", "aside", "nav", "main", "ul", "ol", "li",
        "dl", "dt", "dd", "table", "caption", "thead", "tbody", "tfoot", "tr", "blockquote", "pre",
        "figure", "figcaption", "details", "summary", "hr", "br", *HEADING_TAGS,
    }
)


_BLOCK_NAMES = "|".join(sorted(_BLOCK_TAGS, key=len, reverse=True))
_BLOCK_TAG = re.compile(rf"</?(?:{_BLOCK_NAMES})\b[^>]*>", re.I)


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "pre":
            self._pre += 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")
        elif tag in ("td", "th"):
            self.parts.append("\t")

    def handle_endtag(self, tag: str) -> None:
        if tag == "pre":
            self._pre = max(0, self._pre - 1)
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        self.parts.append(data if self._pre else re.sub(r"\s+", " ", data))


def quick_text(html: str) -> str:
    """Like :func:`visible_text` for huge or deeply nested cleaned HTML: regular expressions, no parser."""
    text = _BLOCK_TAG.sub("\n", html)  # type: ignore[union-attr]
    text = _html.unescape(re.sub(r"<[^>]*>", "", text)).replace("\xa0", " ")
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


def visible_text(html: str) -> str:
    """Return the text a reader sees in (sanitised) ``html``: one line per block, blank lines between."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    text = "".join(collector.parts).replace("\xa0", " ")
    lines = [line.strip(" ") for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
