"""The referred-pain body map: an SVG picture of where the chosen facet joints refer pain.

Pure text, no Qt: :func:`body_map_svg` returns an SVG document with three views of a body outline
(left side, from behind, right side), every atlas zone as a named shape on each side, the zones the
chosen joints refer to shaded by frequency, a key, and a list of the shaded areas. A joint refers to
its own side: the left L4/5 joint shades the left buttock.

Each zone shape is a ``<path>`` with ``id="zone-<zone>-<side>-<view>"`` inside a group
``<g id="zone-<zone>">``, and carries ``data-zone``, ``data-side``, ``data-view``,
``data-frequency`` ("typical", "sometimes", "rare" or "none"), ``data-count`` (how many chosen
joints refer there) and ``data-joints``. The outline, the zone shapes and the wording for each
audience are data: ``content/data/bodymap.toml``.
"""

from __future__ import annotations

import functools
import math
import textwrap
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Literal
from xml.sax.saxutils import escape, quoteattr

from spineviz.anatomy.levels import LevelError, Segment, parse_facet_joint, parse_segment
from spineviz.content.atlas import FREQUENCIES, Atlas, Audience, Frequency, Referral, Zone, default_atlas

BodySide = Literal["left", "right"]
SideChoice = Literal["left", "right", "both"]
View = Literal["left", "back", "right"]

DRAWING_DATA = "data/bodymap.toml"
AUDIENCES: tuple[Audience, ...] = ("patient", "clinician")

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


class BodyMapDataError(ValueError):
    """The body-map drawing file is malformed; the message names the file and the entry."""


# ---- geometry ---------------------------------------------------------------------------------

Point = tuple[float, float, bool]  # x, y, sharp corner


@dataclass(frozen=True)
class _Shape:
    points: tuple[Point, ...]
    closed: bool = True

    def mirrored(self) -> _Shape:
        return _Shape(tuple((-x, y, c) for x, y, c in self.points), self.closed)

    def moved(self, dx: float, dy: float) -> _Shape:
        return _Shape(tuple((x + dx, y + dy, c) for x, y, c in self.points), self.closed)

    @property
    def size(self) -> tuple[float, float]:
        xs, ys = [p[0] for p in self.points], [p[1] for p in self.points]
        return max(xs) - min(xs), max(ys) - min(ys)

    @property
    def anchor(self) -> tuple[float, float]:
        n = len(self.points)
        return sum(p[0] for p in self.points) / n, sum(p[1] for p in self.points) / n

    def path(self) -> str:
        """SVG path data: a Catmull-Rom curve through the points, sharp at corner points."""
        pts = self.points
        n = len(pts)

        def tangent(i: int) -> tuple[float, float]:
            if pts[i][2] or (not self.closed and i in (0, n - 1)):
                return 0.0, 0.0
            a, b = pts[(i - 1) % n], pts[(i + 1) % n]
            return (b[0] - a[0]) / 6.0, (b[1] - a[1]) / 6.0

        parts = [f"M{_num(pts[0][0])},{_num(pts[0][1])}"]
        for i in range(n if self.closed else n - 1):
            j = (i + 1) % n
            (tx0, ty0), (tx1, ty1) = tangent(i), tangent(j)
            p, q = pts[i], pts[j]
            parts.append(
                f"C{_num(p[0] + tx0)},{_num(p[1] + ty0)} {_num(q[0] - tx1)},{_num(q[1] - ty1)} "
                f"{_num(q[0])},{_num(q[1])}"
            )
        if self.closed:
            parts.append("Z")
        return "".join(parts)


def _num(v: float) -> str:
    s = f"{v:.1f}"
    s = s[:-2] if s.endswith(".0") else s
    return "0" if s == "-0" else s


@dataclass(frozen=True)
class _ViewShapes:
    """One view's outline, extra outline parts, detail lines and zone shapes (per body side)."""

    outline: _Shape
    extra: tuple[_Shape, ...]  # drawn over the zones (the arm in a side view)
    details: tuple[_Shape, ...]
    zones: Mapping[tuple[str, BodySide], tuple[_Shape, ...]]

    def moved(self, dx: float, dy: float) -> _ViewShapes:
        return _ViewShapes(
            self.outline.moved(dx, dy),
            tuple(s.moved(dx, dy) for s in self.extra),
            tuple(s.moved(dx, dy) for s in self.details),
            {k: tuple(s.moved(dx, dy) for s in v) for k, v in self.zones.items()},
        )

    def mirrored_as_left(self) -> _ViewShapes:
        """The mirror image of a right side view: the left side seen from the left."""
        return _ViewShapes(
            self.outline.mirrored(),
            tuple(s.mirrored() for s in self.extra),
            tuple(s.mirrored() for s in self.details),
            {(name, "left"): tuple(s.mirrored() for s in v) for (name, _), v in self.zones.items()},
        )

    def x_range(self) -> tuple[float, float]:
        xs = [p[0] for s in (self.outline, *self.extra) for p in s.points]
        return min(xs), max(xs)


@dataclass(frozen=True)
class _Drawing:
    text: Mapping[str, Mapping[str, str]]
    zone_order: tuple[str, ...]
    back: _ViewShapes  # both halves, x = 0 on the midline
    side_right: _ViewShapes  # the right side seen from the right, anterior to +x


def _points(where: str, raw: object) -> tuple[Point, ...]:
    if not isinstance(raw, list) or len(raw) < 2:
        raise BodyMapDataError(f"{where}: needs a list of at least two [x, y] points")
    out = []
    for p in raw:
        if (
            not isinstance(p, list)
            or len(p) not in (2, 3)
            or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in p)
        ):
            raise BodyMapDataError(f"{where}: {p!r} is not a point [x, y] or [x, y, 1]")
        out.append((float(p[0]), float(p[1]), len(p) == 3 and bool(p[2])))
    return tuple(out)


def _shape(where: str, raw: object) -> _Shape:
    if not isinstance(raw, Mapping):
        raise BodyMapDataError(f"{where}: a shape is a table with 'points' or 'ellipse'")
    if "ellipse" in raw:
        e = raw["ellipse"]
        if not isinstance(e, list) or len(e) != 4:
            raise BodyMapDataError(f"{where}: ellipse must be [cx, cy, rx, ry]")
        cx, cy, rx, ry = (float(v) for v in e)
        pts = tuple(
            (cx + rx * math.cos(2 * math.pi * k / 12), cy + ry * math.sin(2 * math.pi * k / 12), False)
            for k in range(12)
        )
        return _Shape(pts)
    return _Shape(_points(where, raw.get("points")), bool(raw.get("closed", True)))


def _zone_shapes(origin: str, view: str, raw: object) -> dict[str, tuple[_Shape, ...]]:
    if not isinstance(raw, Mapping):
        raise BodyMapDataError(f"{origin}: [{view}.zones] must be a table of zone = [shapes]")
    out = {}
    for name, shapes in raw.items():
        if not isinstance(shapes, list) or not shapes:
            raise BodyMapDataError(f"{origin}: [{view}.zones] {name}: a list of shapes")
        out[name] = tuple(_shape(f"{origin}: [{view}.zones] {name}", s) for s in shapes)
    return out


def _both_sides(right: Mapping[str, tuple[_Shape, ...]]) -> dict[tuple[str, BodySide], tuple[_Shape, ...]]:
    zones: dict[tuple[str, BodySide], tuple[_Shape, ...]] = {}
    for name, shapes in right.items():
        zones[(name, "right")] = shapes
        zones[(name, "left")] = tuple(s.mirrored() for s in shapes)
    return zones


def _paravertebral(origin: str, raw: object) -> dict[str, tuple[_Shape, ...]]:
    if not isinstance(raw, Mapping) or not {"top", "bottom", "inner", "outer"} <= set(raw):
        raise BodyMapDataError(f"{origin}: [back.paravertebral] needs top, bottom, inner and outer")
    top, bottom, inner, outer = (float(raw[k]) for k in ("top", "bottom", "inner", "outer"))
    step = (bottom - top) / 12
    bands = {}
    for k in range(12):
        y0, y1 = top + k * step, top + (k + 1) * step - 0.8
        pts = ((inner, y0, True), (outer, y0, True), (outer, y1, True), (inner, y1, True))
        bands[f"paravertebral_T{k + 1}"] = (_Shape(pts),)
    return bands


def parse_drawing(text: str, origin: str = "bodymap.toml") -> _Drawing:
    """Check and build the drawing from TOML ``text`` (``origin`` names it in errors)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise BodyMapDataError(f"{origin}: not valid TOML: {exc}") from None
    try:
        words = {a: dict(data["text"][a]) for a in AUDIENCES}
        back, side = data["back"], data["side"]
        back_outline_half = _points(f"{origin}: [back] outline", back["outline"])
        side_outline = _Shape(_points(f"{origin}: [side] outline", side["outline"]))
        arm = _Shape(_points(f"{origin}: [side] arm", side["arm"]))
    except KeyError as exc:
        raise BodyMapDataError(f"{origin}: missing {exc.args[0]!r}") from None
    mirrored = tuple((-x, y, c) for x, y, c in reversed(back_outline_half[1:-1]))
    back_outline = _Shape(back_outline_half + mirrored)
    back_right = _zone_shapes(origin, "back", back.get("zones"))
    back_right.update(_paravertebral(origin, back.get("paravertebral")))
    details = [_shape(f"{origin}: [back] details", d) for d in back.get("details", [])]
    details += [d.mirrored() for d in details]
    for key in ("midline", "cleft"):
        if key in back:
            details.append(_Shape(_points(f"{origin}: [back] {key}", back[key]), closed=False))
    side_zones = _zone_shapes(origin, "side", side.get("zones"))
    side_details = tuple(_shape(f"{origin}: [side] details", d) for d in side.get("details", []))
    # Drawing order: the file's order, with the paravertebral bands over the interscapular zone.
    bands = [n for n in back_right if n.startswith("paravertebral_")]
    order: list[str] = []
    for name in back.get("zones", {}):
        order.append(name)
        if name == "interscapular":
            order += bands
    order += [n for n in (*back_right, *side_zones) if n not in order]
    return _Drawing(
        text=words,
        zone_order=tuple(order),
        back=_ViewShapes(back_outline, (), tuple(details), _both_sides(back_right)),
        side_right=_ViewShapes(
            side_outline,
            (arm,),
            side_details,
            {(n, "right"): s for n, s in side_zones.items()},
        ),
    )


@functools.cache
def drawing() -> _Drawing:
    """The package's body-map drawing, loaded once."""
    text = resources.files("spineviz.content").joinpath(DRAWING_DATA).read_text(encoding="utf-8")
    return parse_drawing(text, f"spineviz/content/{DRAWING_DATA}")


def drawn_zones() -> frozenset[str]:
    """The zone names the drawing has a shape for, in any view."""
    d = drawing()
    return frozenset(n for n, _ in (*d.back.zones, *d.side_right.zones))


# ---- the selection and its shading ------------------------------------------------------------

_SIDE_WORDS: dict[str, SideChoice] = {
    "left": "left",
    "l": "left",
    "right": "right",
    "r": "right",
    "both": "both",
    "b": "both",
    "bilateral": "both",
}


def _side(value: object) -> SideChoice:
    side = _SIDE_WORDS.get(str(value).strip().lower()) if isinstance(value, str) else None
    if side is None:
        raise ValueError(f"side must be 'left', 'right' or 'both', not {value!r}")
    return side


def _segment(value: object) -> Segment:
    if isinstance(value, Segment):
        return value
    if isinstance(value, str):
        return parse_segment(value)
    raise LevelError(f"a joint level must be a Segment or text such as 'L4/5', not {type(value).__name__}")


def _expand(item: object) -> list[tuple[Segment, BodySide]]:
    if isinstance(item, Segment):
        return [(item, "left"), (item, "right")]
    if isinstance(item, str):
        try:
            joint = parse_facet_joint(item)
        except LevelError:
            seg, side = parse_segment(item), "both"
        else:
            seg, side = joint.segment, joint.side
    elif hasattr(item, "segment") and hasattr(item, "side"):
        seg, side = _segment(item.segment), _side(item.side)
    elif isinstance(item, Sequence) and len(item) == 2:
        seg, side = _segment(item[0]), _side(item[1])
    else:
        raise TypeError(f"a joint is a FacetJointId, (segment, side) or text like 'L4/5 left', not {item!r}")
    return [(seg, "left"), (seg, "right")] if side == "both" else [(seg, side)]


def selected_joints(joints: Iterable[object]) -> tuple[tuple[Segment, BodySide], ...]:
    """Expand a selection into distinct (segment, side) pairs, in the order given.

    Each item is a :class:`~spineviz.anatomy.levels.FacetJointId` (or anything with ``segment``
    and ``side``), a ``(segment, side)`` pair with side "left", "right" or "both", or text such as
    "L4/5 left". A level without a side ("L4/5", or a :class:`Segment`) means both sides.
    """
    out: list[tuple[Segment, BodySide]] = []
    for item in joints:
        for pair in _expand(item):
            if pair not in out:
                out.append(pair)
    return tuple(out)


@dataclass(frozen=True)
class ZoneShade:
    """How one zone on one side of the body is shaded for a selection."""

    zone: Zone
    side: BodySide
    frequency: Frequency
    joints: tuple[tuple[Segment, BodySide], ...]
    referrals: tuple[Referral, ...]

    @property
    def count(self) -> int:
        """How many of the selected joints refer pain here."""
        return len(self.joints)


def shade_zones(
    joints: Iterable[object], atlas: Atlas | None = None
) -> dict[tuple[str, BodySide], ZoneShade]:
    """The shaded zones for a selection: (zone name, side) to its strongest frequency and joints."""
    atlas = atlas or default_atlas()
    found: dict[tuple[str, BodySide], list[tuple[tuple[Segment, BodySide], Referral]]] = {}
    for seg, side in selected_joints(joints):
        for ref in atlas.referrals_for(seg):
            found.setdefault((ref.zone.name, side), []).append(((seg, side), ref))
    shades = {}
    for (name, side), hits in found.items():
        refs = tuple(r for _, r in hits)
        strongest = FREQUENCIES[min(r.strength for r in refs)]
        shades[(name, side)] = ZoneShade(atlas.zones[name], side, strongest, tuple(j for j, _ in hits), refs)
    return shades


# ---- SVG --------------------------------------------------------------------------------------


def _attrs(**attrs: object) -> str:
    return "".join(f" {k.rstrip('_').replace('_', '-')}={quoteattr(str(v))}" for k, v in attrs.items())


def _text(x: float, y: float, content: str, size: float = 12, **attrs: object) -> str:
    style = {"font_size": _num(size), "fill": _INK} | attrs
    return f"<text{_attrs(x=_num(x), y=_num(y), **style)}>{escape(content)}</text>"


def _count_badge(x: float, y: float, count: int, **data: object) -> str:
    return (
        f"<g{_attrs(**data)}>"
        f"<circle{_attrs(cx=_num(x), cy=_num(y), r='5.5', fill='#ffffff', stroke=_OVERLAP_STROKE)}"
        f' stroke-width="1"/>'
        + _text(x, y + 3, str(count), 8.5, font_weight="bold", text_anchor="middle")
        + "</g>"
    )


def _side_word(sides: set[str], words: Mapping[str, str]) -> str:
    return words["side_both"] if len(sides) == 2 else words[f"side_{next(iter(sides))}"]


def _joint_phrase(pairs: Sequence[tuple[Segment, BodySide]], words: Mapping[str, str]) -> str:
    """Name the selection: 'the right L4/5 and L5/S1 facet joints' (patient), 'L4/5 and L5/S1 R …'."""
    by_seg: dict[Segment, set[str]] = {}
    for seg, side in pairs:
        by_seg.setdefault(seg, set()).add(side)
    groups: dict[str, list[str]] = {}
    for seg, sides in by_seg.items():
        key = "both" if len(sides) == 2 else next(iter(sides))
        groups.setdefault(key, []).append(seg.name)
    shown = []
    for key, names in groups.items():
        names_text = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        if key == "both":
            shown.append(words["group_both"].format(segments=names_text))
        else:
            shown.append(words["group"].format(side=words[f"side_{key}"], segments=names_text))
    template = words["joint_one"] if len(pairs) == 1 else words["joint_many"]
    return template.format(joints=words["group_sep"].join(shown))


def _zone_list(
    shades: Mapping[tuple[str, BodySide], ZoneShade],
    words: Mapping[str, str],
    audience: Audience,
    order: Sequence[str],
) -> list[tuple[str, str]]:
    """Lines for the list of shaded areas, strongest first: (style, text), style "head" or "item".

    The patient's list names each area once (several zones share plain words, such as the
    paravertebral bands); the clinician's list names each zone with the joints that refer to it.
    """
    rank = {n: i for i, n in enumerate(order)}
    merged: dict[tuple[int, int, str, tuple[str, ...]], set[str]] = {}
    zones: dict[str, Zone] = {}
    for (name, side), sh in shades.items():
        zones[name] = sh.zone
        segs = () if audience == "patient" else tuple(s.name for s in sorted({s for s, _ in sh.joints}))
        key = (FREQUENCIES.index(sh.frequency), rank.get(name, len(rank)), name, segs)
        merged.setdefault(key, set()).add(side)
    lines: list[tuple[str, str]] = []
    seen: set[str] = set()
    current = -1
    for key in sorted(merged):
        strength, _, name, segs = key
        item = f"{zones[name].label(audience)} ({_side_word(merged[key], words)})"
        if segs:
            item += f": {', '.join(segs)}"
        if item in seen:
            continue
        seen.add(item)
        if strength != current:
            lines.append(("head", words[FREQUENCIES[strength]]))
            current = strength
        lines.append(("item", item))
    return lines


def body_map_svg(
    joints: Iterable[object],
    audience: Audience = "patient",
    *,
    atlas: Atlas | None = None,
    title: str | None = None,
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

    heading = title or (
        words["title"].format(joints=_joint_phrase(pairs, words)) if pairs else words["title_empty"]
    )
    title_lines = textwrap.wrap(heading, _TITLE_CHARS, max_lines=3, placeholder=" …") or [""]
    top = _BODY_TOP + 24 * (len(title_lines) - 1)

    # Three views side by side: the left side (facing left), the back, the right side (facing right).
    left_view = dr.side_right.mirrored_as_left()
    back_min, back_max = dr.back.x_range()
    l_min, l_max = left_view.x_range()
    r_min, r_max = dr.side_right.x_range()
    ox_left = _MARGIN - l_min
    ox_back = ox_left + l_max + _GAP - back_min
    ox_right = ox_back + back_max + _GAP - r_min
    legend_x = ox_right + r_max + _GAP + 6
    width = legend_x + _LEGEND_W + _MARGIN
    views: dict[View, _ViewShapes] = {
        "left": left_view.moved(ox_left, top),
        "back": dr.back.moved(ox_back, top),
        "right": dr.side_right.moved(ox_right, top),
    }
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
        _text(
            _MARGIN, top - 32, words["subtitle_one" if len(pairs) == 1 else "subtitle_many"], 13, fill=_MUTED
        ),
        "</g>",
        '<g id="bodies">',
        *(
            f"<path{_attrs(id=f'body-{name}', d=v.outline.path(), fill=_BODY_FILL)}/>"
            for name, v in views.items()
        ),
        "</g>",
        _zones_svg(views, shades, dr.zone_order, atlas),
        # Outlines and detail lines over the zones; then the arms of the side views over both.
        f'<g id="outlines" fill="none" stroke="{_BODY_STROKE}" stroke-width="1.3" stroke-linejoin="round">',
        *(f"<path{_attrs(id=f'outline-{name}', d=v.outline.path())}/>" for name, v in views.items()),
        f'<g stroke="{_DETAIL_STROKE}" stroke-width="0.9" stroke-linecap="round">',
        *(f"<path{_attrs(d=s.path())}/>" for v in views.values() for s in v.details),
        "</g></g>",
        f'<g id="arms" fill="{_BODY_FILL}" stroke="{_BODY_STROKE}" stroke-width="1.3">',
        *(f"<path{_attrs(d=s.path())}/>" for v in views.values() for s in v.extra),
        "</g>",
        _badges_svg(views, shades),
        _view_labels(views, top, words),
        legend,
        "</svg>",
    ]
    return "\n".join(out) + "\n"


def _zones_svg(
    views: Mapping[View, _ViewShapes],
    shades: Mapping[tuple[str, BodySide], ZoneShade],
    order: Sequence[str],
    atlas: Atlas,
) -> str:
    """Every zone of the atlas as a named group of shapes, shaded or not."""
    out = ['<g id="zones">']
    for name in order:
        if name not in atlas.zones:
            continue
        group = [sh for (n, _), sh in shades.items() if n == name]
        freq = FREQUENCIES[min(FREQUENCIES.index(sh.frequency) for sh in group)] if group else "none"
        count = max((sh.count for sh in group), default=0)
        out.append(f"<g{_attrs(id=f'zone-{name}', data_zone=name, data_frequency=freq, data_count=count)}>")
        for view_name, view in views.items():
            for side in ("left", "right"):
                sh = shades.get((name, side))
                for k, shape in enumerate(view.zones.get((name, side), ())):
                    attrs: dict[str, object] = {
                        "id": f"zone-{name}-{side}-{view_name}" + (f"-{k + 1}" if k else ""),
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
        # On the back view, or on that side's view for a zone the back view does not show.
        shapes = views["back"].zones.get((name, side)) or views[side].zones.get((name, side))
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
    lo, hi = views["back"].x_range()
    out.append(_text(lo, top + 30, words["left"], 12, text_anchor="start", fill=_MUTED))
    out.append(_text(hi, top + 30, words["right"], 12, text_anchor="end", fill=_MUTED))
    out.append("</g>")
    return "\n".join(out)


def _legend(
    x: float,
    top: float,
    shades: Mapping[tuple[str, BodySide], ZoneShade],
    words: Mapping[str, str],
    audience: Audience,
    order: Sequence[str],
    any_selected: bool,
) -> tuple[str, float]:
    """The key, the list of shaded areas, the sources (clinician) and the footnote; and its bottom."""
    out = ['<g id="legend">']
    y = top + 4
    out.append(_text(x, y, words["key"], 14, font_weight="bold"))
    y += 14
    for freq in FREQUENCIES:
        out.append(
            f"<rect{_attrs(x=_num(x), y=_num(y), width='30', height='18', rx='3', fill=_FILL[freq])}"
            f"{_attrs(stroke=_ZONE_STROKE, stroke_width='0.6', data_frequency=freq)}/>"
        )
        out.append(_text(x + 40, y + 13.5, words[freq], 12))
        y += 26
    overlap_lines = textwrap.wrap(words["overlap"], 34)
    out.append(
        f'<g id="legend-overlap"><rect{_attrs(x=_num(x), y=_num(y), width="30", height="18", rx="3")}'
        f"{_attrs(fill='#fdae6b', stroke=_OVERLAP_STROKE, stroke_width='1.6')}/>"
        + _count_badge(x + 15, y + 9, 2)
    )
    out.extend(_text(x + 40, y + 13.5 + 15 * i, line, 12) for i, line in enumerate(overlap_lines))
    out.append("</g>")
    y += 26 + 15 * (len(overlap_lines) - 1) + 20

    out.append(_text(x, y, words["list"], 14, font_weight="bold"))
    y += 20
    lines = _zone_list(shades, words, audience, order) if any_selected else [("item", words["none_selected"])]
    if len(lines) > _LIST_LINES:
        rest = sum(1 for style, _ in lines[_LIST_LINES - 1 :] if style == "item")
        lines = [*lines[: _LIST_LINES - 1], ("item", words["more"].format(n=rest))]
    for style, text in lines:
        if style == "head":
            y += 4
            out.append(_text(x, y, text, 12, font_weight="bold", fill=_MUTED))
            y += 16
            continue
        for i, part in enumerate(textwrap.wrap(text, 40)):
            out.append(_text(x + (8 if i == 0 else 16), y, part, 12))
            y += 15
    if audience == "clinician" and shades:
        y += 12
        out.append(_text(x, y, words["sources"], 14, font_weight="bold"))
        y += 18
        used = {r.source.key: r.source.provenance for sh in shades.values() for r in sh.referrals}
        cited = "; ".join(f"{key} [{tag}]" for key, tag in sorted(used.items()))
        for part in textwrap.wrap(cited, 42):
            out.append(_text(x, y, part, 11, fill=_MUTED))
            y += 14
    y += 14
    for part in textwrap.wrap(words["footnote"], 46):
        out.append(_text(x, y, part, 11, fill=_MUTED))
        y += 14
    out.append("</g>")
    return "\n".join(out), y


def _description(shades: Mapping[tuple[str, BodySide], ZoneShade], audience: Audience) -> str:
    if not shades:
        return "Body outline from the left, from behind and from the right; no zone shaded."
    ordered = sorted(shades.items(), key=lambda kv: (FREQUENCIES.index(kv[1].frequency), kv[0]))
    items = [
        f"{sh.zone.label(audience)} ({side}): {sh.frequency}, {sh.count} joint{'s' if sh.count > 1 else ''}"
        for (_, side), sh in ordered
    ]
    return "Body outline from the left, from behind and from the right. Shaded: " + "; ".join(items) + "."
