"""The sanitiser: nothing active or remote survives, and headings get stable anchors."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spineviz.content.sanitize import Heading, sanitize, sanitize_html, slugify, visible_text

ACTIVE_TAGS = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "applet", "form", "input",
    "button", "link", "meta", "base", "svg", "math", "noscript", "template", "audio", "video", "source",
}
SAFE_HREF = re.compile(r"^(https?:|mailto:|spineviz:|#)", re.IGNORECASE)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> _Collector:
    c = _Collector()
    c.feed(html)
    c.close()
    return c


def assert_inert(html: str) -> None:
    """Nothing in ``html`` can run code, load anything or leave the page."""
    parsed = parse(html)
    for tag, attrs in parsed.tags:
        assert tag not in ACTIVE_TAGS, html
        for name, value in attrs.items():
            assert not name.startswith("on"), html
            assert name not in {"style", "srcset", "background", "formaction", "action", "xlink:href"}, html
            v = re.sub(r"[\x00-\x20]", "", value or "").lower()
            assert not v.startswith(("javascript:", "vbscript:", "file:", "data:text")), html
            assert "url(" not in v, html
            if name == "src":
                assert tag == "img" and v.startswith("data:image/"), html
            if name == "href":
                assert tag == "a" and SAFE_HREF.match(v), html
    assert "<script" not in html.lower()


HOSTILE = [
    "<script>alert('x')</script><p>kept</p>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT><p>kept</p>",
    '<img src="x" onerror="alert(1)"><p>kept</p>',
    '<img src="http://evil.example/track.png" alt="tracker"><p>kept</p>',
    '<img src="https://evil.example/track.png"><p>kept</p>',
    '<img src="//evil.example/track.png"><p>kept</p>',
    '<img src="file:///etc/passwd"><p>kept</p>',
    '<img src="images/local.png"><p>kept</p>',
    '<img srcset="http://evil.example/a.png 2x"><p>kept</p>',
    '<iframe src="https://evil.example"></iframe><p>kept</p>',
    '<a href="javascript:alert(1)">kept</a>',
    '<a href="JaVaScRiPt:alert(1)">kept</a>',
    '<a href="jav&#x09;ascript:alert(1)">kept</a>',
    '<a href="&#106;avascript:alert(1)">kept</a>',
    '<a href=" javascript:alert(1)">kept</a>',
    '<a href="vbscript:msgbox(1)">kept</a>',
    '<a href="file:///etc/passwd">kept</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">kept</a>',
    '<a href="other.html">kept</a>',
    "<style>body{background:url(http://evil.example/x)}</style><p>kept</p>",
    '<p style="background:url(http://evil.example/x)">kept</p>',
    '<p style="behavior:url(x.htc)">kept</p>',
    '<object data="x.swf"><param name="movie" value="x.swf"></object><p>kept</p>',
    '<embed src="x.swf"><p>kept</p>',
    '<svg onload="alert(1)"><circle r="1"/></svg><p>kept</p>',
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg><p>kept</p>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math><p>kept</p>',
    '<meta http-equiv="refresh" content="0;url=http://evil.example"><p>kept</p>',
    '<base href="http://evil.example/"><a href="page">kept</a>',
    '<link rel="stylesheet" href="http://evil.example/x.css"><p>kept</p>',
    '<form action="http://evil.example"><input name="q"><button formaction="x">go</button></form><p>kept</p>',
    '<p onclick="alert(1)" onmouseover="alert(2)">kept</p>',
    '<div><p>kept<!--[if IE]><script>alert(1)</script><![endif]--></p></div>',
    '<body onload="alert(1)"><p>kept</p></body>',
    '<p>kept<noscript><img src="http://evil.example/x"></noscript></p>',
    '<video src="http://evil.example/v.mp4" poster="http://evil.example/p.png"></video><p>kept</p>',
    "<p>kept</p><template><script>alert(1)</script></template>",
    '<table background="http://evil.example/x.png"><tr><td>kept</td></tr></table>',
    '<a href="#x" onclick="alert(1)" style="color:red">kept</a>',
    "<p>kept <scr<script>ipt>alert(1)</script></p>",
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_nothing_active_survives(hostile):
    out = sanitize_html(hostile)
    assert_inert(out)
    assert "kept" in out


def test_script_and_style_content_is_removed_not_shown():
    out = sanitize_html("<p>a</p><script>var secret = 1;</script><style>p{color:red}</style><p>b</p>")
    assert "secret" not in out and "color" not in out
    assert visible_text(out) == "a\n\nb"


def test_page_title_and_head_do_not_leak_into_body():
    out = sanitize_html("<html><head><title>T</title><meta charset=utf-8></head><body><p>x</p></body></html>")
    assert out == "<p>x</p>"


@pytest.mark.parametrize(
    "href",
    ["https://example.org/a?b=1", "http://example.org", "mailto:someone@example.org", "spineviz:joint/L4/5"],
)
def test_allowed_links_keep_href_and_get_rel(href):
    (tag, attrs), *_ = parse(sanitize_html(f'<a href="{href}">x</a>')).tags
    assert tag == "a" and attrs["href"] == href
    assert attrs["rel"] == "noopener noreferrer"


def test_internal_anchor_link_still_matches_its_target_id():
    out = sanitize_html('<p><a href="#fn:1">1</a></p><p id="fn:1">note</p>')
    tags = parse(out).tags
    href = next(a["href"] for t, a in tags if t == "a")
    ids = [a["id"] for _, a in tags if "id" in a]
    assert href == "#fn-1" and ids == ["fn-1"]


def test_inline_data_image_is_kept_but_svg_data_is_not():
    png = "data:image/png;base64,iVBORw0KGgo="
    assert f'src="{png}"' in sanitize_html(f'<img src="{png}" alt="x">')
    assert "src=" not in sanitize_html('<img src="data:image/svg+xml;base64,PHN2Zz4=">')


def test_svg_labelled_as_png_loses_its_src_and_says_so():
    """An SVG can name files that a decoder would open; what decides is the bytes, not the label."""
    import base64

    svg = base64.b64encode(b'<svg xmlns="http://www.w3.org/2000/svg"><image href="/etc/passwd"/></svg>').decode()
    html = sanitize_html(f'<p><img src="data:image/png;base64,{svg}" alt="chart"></p>')
    assert "src=" not in html and "[picture not shown (not an inline picture): chart]" in html


def test_only_the_first_pictures_are_kept():
    from spineviz.limits import DOCUMENT_MAX_IMAGES

    png = "data:image/png;base64,iVBORw0KGgo="
    html = sanitize_html("".join(f'<p><img src="{png}" alt="p{i}"></p>' for i in range(DOCUMENT_MAX_IMAGES + 3)))
    assert html.count("src=") == DOCUMENT_MAX_IMAGES
    assert f"beyond the first {DOCUMENT_MAX_IMAGES}): p{DOCUMENT_MAX_IMAGES + 2}]" in html


def test_text_structure_survives():
    html = (
        "<h2>Title</h2><p><em>e</em> <strong>s</strong></p>"
        "<ul><li>one</li></ul><ol start='3'><li>two</li></ol>"
        "<table><thead><tr><th>h</th></tr></thead><tbody><tr><td colspan='2'>d</td></tr></tbody></table>"
        "<blockquote>q</blockquote><pre><code>c = 1</code></pre>"
    )
    tags = [t for t, _ in parse(sanitize_html(html)).tags]
    for t in ("h2", "p", "em", "strong", "ul", "ol", "li", "table", "th", "td", "blockquote", "pre", "code"):
        assert t in tags


def test_broken_html_is_repaired():
    out = sanitize_html("<p>unclosed <b>bold <div><script>alert(1)<h1>x")
    assert "unclosed" in out and "bold" in out
    assert_inert(out)


def test_headings_get_unique_stable_ids_and_keep_their_own():
    result = sanitize(
        "<h1>Facet joints</h1><h2>Pain</h2><h2>Pain</h2><h3 id='own'>Mine</h3><h2>Ünïcode héad</h2>"
    )
    assert result.headings == (
        Heading(1, "Facet joints", "facet-joints"),
        Heading(2, "Pain", "pain"),
        Heading(2, "Pain", "pain-2"),
        Heading(3, "Mine", "own"),
        Heading(2, "Ünïcode héad", "unicode-head"),
    )
    assert sanitize(result.html) == result  # stable: sanitising again changes nothing
    for h in result.headings:
        assert f'id="{h.anchor}"' in result.html


def test_generated_id_never_collides_with_an_existing_one():
    result = sanitize("<p id='pain'>x</p><h2>Pain</h2>")
    assert result.headings[0].anchor == "pain-2"


def test_heading_with_markup_and_entities():
    result = sanitize("<h2>Facet <em>pain</em> &amp; you</h2>")
    assert result.headings == (Heading(2, "Facet pain & you", "facet-pain-you"),)


def test_slugify_never_empty():
    assert slugify("!!!") == "section"
    assert slugify("") == "section"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_sanitize_never_crashes_on_any_text(text):
    result = sanitize(text)
    assert_inert(result.html)
    visible_text(result.html)


_FRAGMENTS = st.sampled_from(
    [
        "<", ">", "<script>", "</script>", "<a href='", "javascript:", "'>", "<img src=", "http://x/",
        " onerror=", "<h2>", "</h2>", "<h1 id='", '"', "&#", "x;", "<style>", "<!--", "-->", "<svg",
        "<iframe>", "<p>", "</p>", "<table>", "<td>", "data:", "#a", "<base href=//x>",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_FRAGMENTS, st.text(max_size=5)), max_size=30).map("".join))
def test_sanitize_is_inert_on_hostile_soup(soup):
    result = sanitize(soup)
    assert_inert(result.html)
    assert all(f'id="{h.anchor}"' in result.html for h in result.headings)
