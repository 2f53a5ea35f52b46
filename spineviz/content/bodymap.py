"""The referred-pain body map: an SVG picture of where the chosen facet joints refer pain.

Pure text, no Qt: :func:`body_map_svg` returns an SVG document with four views of a body outline
(from the front, left side, from behind, right side), every atlas zone as a named shape on each side, the zones the
chosen joints refer to shaded by frequency, a key, and a list of the shaded areas. A joint refers to
its own side: the left L4/5 joint shades the left buttock.

Each zone shape is a ``<path>`` with ``id="zone-<zone>-<side>-<view>"`` inside a group
``<g id="zone-<zone>">``, and carries ``data-zone``, ``data-side``, ``data-view``,
``data-frequency`` ("typical", "sometimes", "rare" or "none"), ``data-count`` (how many chosen
joints refer there) and ``data-joints``. The outline, the zone shapes and the wording for each
audience are data: ``content/data/bodymap.toml``.

The pieces live beside it: :mod:`~spineviz.content.bodymap_drawing` (the figure read from the TOML),
:mod:`~spineviz.content.bodymap_shading` (selection to shaded zones), :mod:`~spineviz.content.bodymap_legend`
(key, list and description) and :mod:`~spineviz.content.bodymap_style` (palette and SVG primitives).
This module assembles the document and keeps the names other code imports from here.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping, Sequence
from xml.sax.saxutils import escape

from spineviz.content.atlas import Atlas, Audience, default_atlas, strongest
from spineviz.content.bodymap_drawing import AUDIENCES as AUDIENCES
from spineviz.content.bodymap_drawing import DRAWING_DATA as DRAWING_DATA
from spineviz.content.bodymap_drawing import BodyMapDataError as BodyMapDataError
from spineviz.content.bodymap_drawing import BodySide as BodySide
from spineviz.content.bodymap_drawing import Point as Point
from spineviz.content.bodymap_drawing import View as View
from spineviz.content.bodymap_drawing import _Drawing as _Drawing
from spineviz.content.bodymap_drawing import _Shape as _Shape
from spineviz.content.bodymap_drawing import _ViewShapes as _ViewShapes
from spineviz.content.bodymap_drawing import drawing as drawing
from spineviz.content.bodymap_drawing import drawn_zones as drawn_zones
from spineviz.content.bodymap_drawing import parse_drawing as parse_drawing
from spineviz.content.bodymap_drawing import shapes_of_zone as shapes_of_zone
from spineviz.content.bodymap_legend import _description, _joint_phrase, _legend
from spineviz.content.bodymap_shading import SideChoice as SideChoice
from spineviz.content.bodymap_shading import ZoneShade as ZoneShade
from spineviz.content.bodymap_shading import provenance as provenance
from spineviz.content.bodymap_shading import selected_joints as selected_joints
from spineviz.content.bodymap_shading import shade_zones as shade_zones
from spineviz.content.bodymap_style import _BADGE_MIN as _BADGE_MIN
from spineviz.content.bodymap_style import _BODY_FILL as _BODY_FILL
from spineviz.content.bodymap_style import _BODY_STROKE as _BODY_STROKE
from spineviz.content.bodymap_style import _BODY_TOP as _BODY_TOP
from spineviz.content.bodymap_style import _DEFS as _DEFS
from spineviz.content.bodymap_style import _DETAIL_STROKE as _DETAIL_STROKE
from spineviz.content.bodymap_style import _FILL as _FILL
from spineviz.content.bodymap_style import _FONT as _FONT
from spineviz.content.bodymap_style import _GAP as _GAP
from spineviz.content.bodymap_style import _INK as _INK
from spineviz.content.bodymap_style import _LEGEND_W as _LEGEND_W
from spineviz.content.bodymap_style import _MARGIN as _MARGIN
from spineviz.content.bodymap_style import _MUTED as _MUTED
from spineviz.content.bodymap_style import _OVERLAP_STROKE as _OVERLAP_STROKE
from spineviz.content.bodymap_style import _TITLE_CHARS as _TITLE_CHARS
from spineviz.content.bodymap_style import _ZONE_STROKE as _ZONE_STROKE
from spineviz.content.bodymap_style import _attrs as _attrs
from spineviz.content.bodymap_style import _count_badge as _count_badge
from spineviz.content.bodymap_style import _num as _num
from spineviz.content.bodymap_style import _text as _text

ALL_VIEWS: tuple[View, ...] = ("front", "left", "back", "right")
PRINT_VIEWS: tuple[View, ...] = ("front", "back")
"""For a small printed figure (the PDF handout): front and back show every zone but the side views' own."""


def layout(
    dr: _Drawing, top: float, views: Sequence[View] = ALL_VIEWS
) -> tuple[dict[View, _ViewShapes], float, float]:
    """Place the views side by side: front, left side facing left, back, right side facing right.

    The front comes first, as on a paper pain drawing; the side views flank the back, each on its own
    side. ``views`` picks which to draw, in that order. Returns the views with the body's top at ``top``,
    the x of the legend and the picture's width, in SVG units.
    """
    if not views or not set(views) <= set(ALL_VIEWS):
        raise ValueError(f"views must be some of {', '.join(ALL_VIEWS)}, not {views!r}")
    every: dict[View, _ViewShapes] = {
        "front": dr.front,
        "left": dr.side_right.mirrored_as_left(),
        "back": dr.back,
        "right": dr.side_right,
    }
    placed = {name: every[name] for name in ALL_VIEWS if name in views}
    out: dict[View, _ViewShapes] = {}
    x = _MARGIN
    for name, view in placed.items():
        lo, hi = view.x_range()
        out[name] = view.moved(x - lo, top)
        x += hi - lo + _GAP
    legend_x = x + 6
    return out, legend_x, legend_x + _LEGEND_W + _MARGIN


def body_map_svg(
    joints: Iterable[object],
    audience: Audience = "patient",
    *,
    atlas: Atlas | None = None,
    title: str | None = None,
    views: Sequence[View] = ALL_VIEWS,
) -> str:
    """Draw where the chosen facet joints refer pain, as an SVG document (text).

    Parameters
    ----------
    joints
        The chosen joints: :class:`~spineviz.anatomy.levels.FacetJointId` values, ``(segment,
        side)`` pairs with side "left", "right" or "both", or text such as "L4/5 left".
    audience
        "patient" for plain words, "clinician" for the display names, joint lists and sources.
    atlas
        The referral atlas to draw from; the package's own by default.
    title
        A title to use instead of the generated one.
    views
        Which views to draw (:data:`ALL_VIEWS` by default; :data:`PRINT_VIEWS` for a small printed figure).

    Returns
    -------
    str
        A standalone SVG document (UTF-8 text, no scripts, no external references) with a viewBox
        in SVG units; the body is 600 units tall.
    """
    if audience not in AUDIENCES:
        raise ValueError(f"audience must be 'patient' or 'clinician', not {audience!r}")
    atlas = atlas or default_atlas()
    dr = drawing()
    words = dr.text[audience]
    pairs = selected_joints(joints)
    shades = shade_zones(pairs, atlas)

    heading = title or (words["title"].format(joints=_joint_phrase(pairs, words)) if pairs else words["title_empty"])
    title_lines = textwrap.wrap(heading, _TITLE_CHARS, max_lines=3, placeholder=" …") or [""]
    top = _BODY_TOP + 24 * (len(title_lines) - 1)

    placed, legend_x, width = layout(dr, top, views)
    legend, legend_bottom = _legend(legend_x, top, shades, words, audience, dr.zone_order, bool(pairs))
    height = max(top + 600 + 52, legend_bottom + _MARGIN)

    joined = "; ".join(f"{s.name} {side}" for s, side in pairs)
    out = [
        '<svg xmlns="http://www.w3.org/2000/svg"'
        f"{_attrs(viewBox=f'0 0 {_num(width)} {_num(height)}', width=_num(width), height=_num(height))}"
        f"{_attrs(role='img', aria_labelledby='sv-title sv-desc', font_family=_FONT)}"
        f"{_attrs(data_audience=audience, data_joints=joined)}>",
        f'<title id="sv-title">{escape(heading)}</title>',
        f'<desc id="sv-desc">{escape(_description(shades, audience))}</desc>',
        _DEFS,
        f"<rect{_attrs(width=_num(width), height=_num(height), fill='#ffffff')}/>",
        '<g id="heading">',
        *(_text(_MARGIN, 40 + 24 * i, line, 20, font_weight="bold") for i, line in enumerate(title_lines)),
        _text(_MARGIN, top - 32, words["subtitle_one" if len(pairs) == 1 else "subtitle_many"], 13, fill=_MUTED),
        "</g>",
        '<g id="bodies">',
        *(f"<path{_attrs(id=f'body-{name}', d=v.outline.path(), fill=_BODY_FILL)}/>" for name, v in placed.items()),
        "</g>",
        _zones_svg(placed, shades, dr.zone_order, atlas, audience),
        # Outlines and detail lines over the zones; then the arms of the side views over both.
        f'<g id="outlines" fill="none" stroke="{_BODY_STROKE}" stroke-width="1.3" stroke-linejoin="round">',
        *(f"<path{_attrs(id=f'outline-{name}', d=v.outline.path())}/>" for name, v in placed.items()),
        f'<g stroke="{_DETAIL_STROKE}" stroke-width="0.9" stroke-linecap="round">',
        *(f"<path{_attrs(d=s.path())}/>" for v in placed.values() for s in v.details),
        "</g></g>",
        f'<g id="arms" fill="{_BODY_FILL}" stroke="{_BODY_STROKE}" stroke-width="1.3">',
        *(f"<path{_attrs(d=s.path())}/>" for v in placed.values() for s in v.extra),
        "</g>",
        _badges_svg(placed, shades),
        _view_labels(placed, top, words),
        legend,
        "</svg>",
    ]
    return "\n".join(out) + "\n"


def _zones_svg(
    views: Mapping[View, _ViewShapes],
    shades: Mapping[tuple[str, BodySide], ZoneShade],
    order: Sequence[str],
    atlas: Atlas,
    audience: Audience = "patient",
) -> str:
    """Every zone of the atlas as a named group of shapes, shaded or not.

    For a clinician each shaded shape also carries its sources and provenance tags (``data-sources``
    and its tooltip), the same as the zone list in the legend.
    """
    out = ['<g id="zones">']
    for name in order:
        if name not in atlas.zones:
            continue
        group = [sh for (n, _), sh in shades.items() if n == name]
        freq = strongest(r for sh in group for r in sh.referrals) if group else "none"
        count = max((sh.count for sh in group), default=0)
        out.append(f"<g{_attrs(id=f'zone-{name}', data_zone=name, data_frequency=freq, data_count=count)}>")
        for view_name, side, suffix, shape in shapes_of_zone(views, name):
            sh = shades.get((name, side))
            attrs: dict[str, object] = {
                "id": f"zone-{name}-{suffix}",
                "data_zone": name,
                "data_side": side,
                "data_view": view_name,
                "data_frequency": sh.frequency if sh else "none",
                "data_count": sh.count if sh else 0,
            }
            tip = f"{atlas.zones[name].display} ({side})"
            if sh:
                attrs["data_joints"] = "; ".join(f"{s.name} {sd}" for s, sd in sh.joints)
                attrs["fill"] = _FILL[sh.frequency]
                attrs["stroke"] = _OVERLAP_STROKE if sh.count > 1 else _ZONE_STROKE
                attrs["stroke_width"] = "1.6" if sh.count > 1 else "0.6"
                tip += f": {sh.frequency}, from {', '.join(s.name for s, _ in sh.joints)}"
                if audience == "clinician":
                    attrs["data_sources"] = provenance(sh.referrals)
                    tip += f" \u2014 {attrs['data_sources']}"
            else:
                attrs["fill"] = "none"
                attrs["stroke"] = "none"
            out.append(f"<path{_attrs(**attrs, d=shape.path())}><title>{escape(tip)}</title></path>")
        out.append("</g>")
    out.append("</g>")
    return "\n".join(out)


def _badges_svg(views: Mapping[View, _ViewShapes], shades: Mapping[tuple[str, BodySide], ZoneShade]) -> str:
    """The count on each zone that more than one chosen joint refers to (once per zone and side)."""
    out = ['<g id="overlap-counts">']
    for (name, side), sh in shades.items():
        if sh.count < 2:
            continue
        # On the back view, or the front, or that side's view, the first that shows the zone.
        shown = (views[v].zones.get((name, side)) for v in ("back", "front", side) if v in views)
        shapes = next((s for s in shown if s), None)
        if not shapes or min(shapes[0].size) < _BADGE_MIN:
            continue  # too small for a number: its heavy outline still shows the overlap
        x, y = shapes[0].anchor
        out.append(_count_badge(x, y, sh.count, data_zone=name, data_side=side, data_count=sh.count))
    out.append("</g>")
    return "\n".join(out)


def _view_labels(views: Mapping[View, _ViewShapes], top: float, words: Mapping[str, str]) -> str:
    out = ['<g id="view-labels">']
    for name, view in views.items():
        lo, hi = view.x_range()
        out.append(
            _text(
                (lo + hi) / 2,
                top + 630,
                words[f"view_{name}"],
                13,
                font_weight="bold",
                text_anchor="middle",
                fill=_MUTED,
            )
        )
    # Which side is which: from behind the patient's left is on the viewer's left; from the front, the right.
    for name, near, far in (("back", "left", "right"), ("front", "right", "left")):
        if name not in views:
            continue
        lo, hi = views[name].x_range()
        out.append(_text(lo, top + 30, words[near], 12, text_anchor="start", fill=_MUTED, data_side=near))
        out.append(_text(hi, top + 30, words[far], 12, text_anchor="end", fill=_MUTED, data_side=far))
    out.append("</g>")
    return "\n".join(out)
