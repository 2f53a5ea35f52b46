"""Fuzzing the document loader with nested and large HTML and Markdown.

Whatever the document, :func:`load_document` returns one whose HTML is shallow enough for the reading
panel (at most :data:`DOCUMENT_MAX_DEPTH` levels, at most :data:`DOCUMENT_MAX_IMAGES` pictures, no SVG, no
``src`` that is not an inline raster picture), or raises :class:`DocumentError`; never a RecursionError.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spineviz.content.documents import DocumentError, load_document
from spineviz.content.sanitize import markup_shape
from spineviz.limits import DOCUMENT_MAX_DEPTH, DOCUMENT_MAX_IMAGES

FUZZ = settings(max_examples=40, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

TAGS = st.sampled_from(["div", "ul", "li", "blockquote", "b", "i", "table", "td", "span", "section", "p",
                        "svg", "script", "a", "h2", "pre", "ol", "details", "math", "iframe"])
IMG = st.sampled_from(['<img src="data:image/png;base64,iVBORw0KGgo=">', '<img src="file:///etc/passwd">',
                       '<img src="data:image/svg+xml;base64,PHN2Zy8+">', '<img src="/dev/zero">',
                       '<img src="http://example.com/x.png">'])
WORDS = st.sampled_from(["the L4/5 facet", "lower back", "x", "&amp;", "<", "bending backwards", ""])


@st.composite
def html_documents(draw) -> str:
    depth = draw(st.sampled_from([0, 3, DOCUMENT_MAX_DEPTH, DOCUMENT_MAX_DEPTH + 1, 500, 10_000]))
    tags = draw(st.lists(TAGS, min_size=1, max_size=5))
    close = draw(st.booleans())
    opening = "".join(f"<{tags[i % len(tags)]}>" for i in range(depth))
    closing = "".join(f"</{tags[i % len(tags)]}>" for i in reversed(range(depth))) if close else ""
    images = draw(IMG) * draw(st.sampled_from([0, 1, DOCUMENT_MAX_IMAGES + 5, 300]))
    return f"<h1>Fuzz</h1><p>{draw(WORDS)}</p>{opening}{draw(WORDS)} text{images}{closing}"


@st.composite
def markdown_documents(draw) -> str:
    depth = draw(st.sampled_from([0, 5, DOCUMENT_MAX_DEPTH + 1, 3000, 10_000]))
    marker = draw(st.sampled_from(["- ", "> ", "1. ", "* ", "+ "]))
    style = draw(st.sampled_from(["inline", "indented"]))
    if style == "inline":
        body = marker * depth + "the L4/5 joint\n"
    else:
        body = "".join("  " * i + marker + f"item {i}\n" for i in range(min(depth, 400)))
    return "# Fuzz\n\n" + body + draw(WORDS) + "\n"


def _check(doc) -> None:
    depth, _ = markup_shape(doc.html)
    assert depth <= DOCUMENT_MAX_DEPTH + 2, depth
    assert "<svg" not in doc.html.lower() and "<script" not in doc.html.lower()
    srcs = re.findall(r'src="([^"]*)"', doc.html)
    assert len(srcs) <= DOCUMENT_MAX_IMAGES
    assert all(s.startswith("data:image/png") for s in srcs), srcs


@FUZZ
@given(html_documents())
def test_any_html_document_is_shallow_and_loads_nothing(tmp_path_factory, page):
    path = tmp_path_factory.mktemp("fuzz") / "page.html"
    path.write_text(page, encoding="utf-8")
    try:
        _check(load_document(path))
    except DocumentError as exc:
        assert "page.html" in str(exc)


@FUZZ
@given(markdown_documents())
def test_any_markdown_document_is_read_without_recursion(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("fuzz") / "notes.md"
    path.write_text(text, encoding="utf-8")
    doc = load_document(path)
    _check(doc)
    assert "Fuzz" in doc.text
