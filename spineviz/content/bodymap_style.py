"""How the body map looks: its palette, hatch patterns, layout sizes and the SVG text primitives.

Kept apart from the figure and the legend so that the body map and the pain-map SVG (which borrows
the same look) draw with one set of colours and one way of writing numbers, text and count badges.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

# Colour-blind-safe single-hue scheme (ColorBrewer Oranges) plus texture, so that the three
# frequencies also differ in greyscale: solid dark, hatched middle, dotted light.
_FILL: dict[str, str] = {"typical": "#d94801", "sometimes": "url(#sv-sometimes)", "rare": "url(#sv-rare)"}
_ZONE_STROKE = "#a63603"
_OVERLAP_STROKE = "#3b1300"
_BODY_FILL = "#f2f3f5"
_BODY_STROKE = "#5a6270"
_DETAIL_STROKE = "#a3aab5"
_INK = "#1f2328"
_MUTED = "#4b5563"
_FONT = "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif"

_DEFS = (
    "<defs>"
    '<pattern id="sv-sometimes" patternUnits="userSpaceOnUse" width="5" height="5">'
    '<rect width="5" height="5" fill="#fdae6b"/>'
    '<path d="M-1,1 l2,-2 M0,5 l5,-5 M4,6 l2,-2" stroke="#a63603" stroke-width="1.1"/></pattern>'
    '<pattern id="sv-rare" patternUnits="userSpaceOnUse" width="4" height="4">'
    '<rect width="4" height="4" fill="#fee6ce"/>'
    '<circle cx="2" cy="2" r="0.75" fill="#d94801"/></pattern>'
    "</defs>"
)

# Layout, in SVG units (the body is 600 units tall).
_MARGIN = 28.0
_BODY_TOP = 96.0
_GAP = 44.0
_LEGEND_W = 290.0
_BADGE_MIN = 14.0  # a zone smaller than this (either way) gets no count, only the heavy outline
_TITLE_CHARS = 68
_LIST_LINES = 26


def _num(v: float) -> str:
    s = f"{v:.1f}"
    s = s[:-2] if s.endswith(".0") else s
    return "0" if s == "-0" else s


def _attrs(**attrs: object) -> str:
    return "".join(f" {k.rstrip('_').replace('_', '-')}={quoteattr(str(v))}" for k, v in attrs.items())


def _text(x: float, y: float, content: str, size: float = 12, **attrs: object) -> str:
    style = {"font_size": _num(size), "fill": _INK} | attrs
    return f"<text{_attrs(x=_num(x), y=_num(y), **style)}>{escape(content)}</text>"


def _count_badge(x: float, y: float, count: int, **data: object) -> str:
    return (
        f"<g{_attrs(**data)}>"
        f"<circle{_attrs(cx=_num(x), cy=_num(y), r='5.5', fill='#ffffff', stroke=_OVERLAP_STROKE)}"
        f' stroke-width="1"/>' + _text(x, y + 3, str(count), 8.5, font_weight="bold", text_anchor="middle") + "</g>"
    )
