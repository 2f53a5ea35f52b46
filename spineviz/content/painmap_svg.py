"""The "Where does it hurt?" picture: the body map with the patient's marks and the joints that can refer there.

:func:`pain_map` draws the same three views as the referred-pain body map
(:mod:`spineviz.content.bodymap`), every atlas zone outlined faintly as a place to click, the marked
zones filled, an optional keyboard focus ring, and beside them the ranked joints
(:func:`spineviz.content.painmap.rank_joints`) with the caveat that maps overlap, always. It returns a
:class:`PainMapPicture`: the SVG text and, for the app, the zone shapes in SVG units so that a click at
a point can be turned into a mark (:meth:`PainMapPicture.mark_at`).

Model floor: text and NumPy, no Qt.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

import numpy as np

from spineviz.content import bodymap as bm
from spineviz.content.atlas import FREQUENCIES, Atlas, Audience, default_atlas
from spineviz.content.bodymap_legend import headed_lines
from spineviz.content.painmap import (
    CAVEAT,
    RankedJoint,
    advice_for,
    mark_id,
    normalise_marks,
    parse_mark,
    rank_joints,
)

MARK_FILL = "#6a51a3"  # purple: apart from the oranges that grade referral frequency
MARK_STROKE = "#3f007d"
TARGET_STROKE = "#b4bac4"
FOCUS_STROKE = "#0b57d0"
_LIST_ITEMS = 14

WORDS: Mapping[str, Mapping[str, str]] = {
    "patient": {
        "title": "Where does it hurt?",
        "subtitle": "Click or drag over the places where you feel pain; click again to clear one.",
        "marked": "Where you feel pain",
        "none": "Nothing marked yet.",
        "joints": "Joints whose pain can be felt there",
        "typical": "Often",
        "sometimes": "Sometimes",
        "rare": "Occasionally",
        "more": "… and {n} more",
        "advice": "Check first",
    },
    "clinician": {
        "title": "Pain drawing: facet joints that can refer to the marked areas",
        "subtitle": "Marked zones (purple); candidate joints ranked by reported frequency.",
        "marked": "Marked zones",
        "none": "No zone marked.",
        "joints": "Candidate joints",
        "typical": "Typical",
        "sometimes": "Sometimes",
        "rare": "Rare",
        "more": "… and {n} more",
        "advice": "Not explained by the atlas",
    },
}


@dataclass(frozen=True)
class ZoneTarget:
    """One clickable zone shape: the mark it stands for, its view, and its outline in SVG units."""

    mark: str
    view: str
    polygon: np.ndarray  # (n, 2)

    def contains(self, x: float, y: float) -> bool:
        return _inside(self.polygon, x, y)

    @property
    def centre(self) -> tuple[float, float]:
        c = self.polygon.mean(axis=0)
        return float(c[0]), float(c[1])


@dataclass(frozen=True)
class PainMapPicture:
    """The drawn pain map: SVG text, its size in SVG units, and the zones a click can hit."""

    svg: str
    width: float
    height: float
    marks: tuple[str, ...]
    ranked: tuple[RankedJoint, ...]
    targets: tuple[ZoneTarget, ...]  # in drawing order: the last one hit is the one on top
    blockers: tuple[np.ndarray, ...]  # shapes drawn over the zones (the arms of the side views)

    def mark_at(self, x: float, y: float) -> str | None:
        """The mark of the zone drawn on top at SVG point (x, y), or None (background, an arm)."""
        if any(_inside(b, x, y) for b in self.blockers):
            return None
        for target in reversed(self.targets):
            if target.contains(x, y):
                return target.mark
        return None

    def zone_order(self) -> tuple[str, ...]:
        """Every mark once, in the order the keyboard visits them: head to foot, left then right."""
        seen: dict[str, tuple[float, int]] = {}
        for t in self.targets:
            if t.mark not in seen and t.view == "back":
                seen[t.mark] = (t.centre[1], 0 if t.mark.endswith("-left") else 1)
        for t in self.targets:  # zones only the side views show (the groin)
            if t.mark not in seen:
                seen[t.mark] = (t.centre[1], 0 if t.mark.endswith("-left") else 1)
        return tuple(sorted(seen, key=lambda m: seen[m]))

    def centre_of(self, mark: str) -> tuple[float, float]:
        """Return where the mark's zone is drawn (its back-view shape if it has one), in SVG units."""
        shapes = [t for t in self.targets if t.mark == mark]
        if not shapes:
            raise KeyError(mark)
        return next((t for t in shapes if t.view == "back"), shapes[0]).centre


def _inside(poly: np.ndarray, x: float, y: float) -> bool:
    """Tell whether (x, y) is inside the polygon, by the even-odd rule."""
    xs, ys = poly[:, 0], poly[:, 1]
    xj, yj = np.roll(xs, 1), np.roll(ys, 1)
    crosses = (ys > y) != (yj > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        at = (xj - xs) * (y - ys) / (yj - ys) + xs
    return bool(np.count_nonzero(crosses & (x < at)) % 2)


def pain_map(
    marks: Iterable[object],
    audience: Audience = "patient",
    *,
    atlas: Atlas | None = None,
    focus: str | None = None,
    legend: bool = True,
) -> PainMapPicture:
    """Draw the marks and the joints that can refer there.

    Parameters
    ----------
    marks
        Marks such as "buttock-left" (see :func:`spineviz.content.painmap.parse_mark`).
    audience
        "patient" or "clinician" (adds each joint's sources and provenance tags).
    atlas
        The referral atlas; the package's own by default.
    focus
        A mark to draw the keyboard focus ring around, or None.
    legend
        Draw the marked areas, the ranked joints and the caveat beside the bodies; without it the picture
        is the bodies only (the app lists the joints and shows the caveat in its own widgets).
    """
    if audience not in bm.AUDIENCES:
        raise ValueError(f"audience must be 'patient' or 'clinician', not {audience!r}")
    atlas = atlas or default_atlas()
    marked = normalise_marks(marks, atlas)
    if focus is not None:
        parse_mark(focus, atlas)
    ranked = tuple(rank_joints(marked, atlas))
    words = WORDS[audience]
    dr = bm.drawing()
    top = bm._BODY_TOP
    views, legend_x, width = bm.layout(dr, top)
    legend_svg, legend_bottom = _legend(legend_x, top, marked, ranked, words, audience, atlas)
    if not legend:
        legend_svg, legend_bottom, width = "", 0.0, legend_x - bm._GAP + bm._MARGIN - 6
    height = max(top + 600 + 52, legend_bottom + bm._MARGIN)

    targets: list[ZoneTarget] = []
    zone_svg = ['<g id="pain-zones">']
    focus_svg = []
    for name in dr.zone_order:
        if name not in atlas.zones:
            continue
        for view_name, side, suffix, shape in bm.shapes_of_zone(views, name):
            mark = mark_id(name, side)
            on = mark in marked
            attrs = {
                "id": f"mark-{name}-{suffix}",
                "data_mark": mark,
                "data_zone": name,
                "data_side": side,
                "data_view": view_name,
                "data_marked": "true" if on else "false",
                "fill": MARK_FILL if on else "#ffffff",
                "fill_opacity": "0.85" if on else "0.01",
                "stroke": MARK_STROKE if on else TARGET_STROKE,
                "stroke_width": "1.2" if on else "0.6",
                "stroke_dasharray": "none" if on else "2 2",
            }
            tip = f"{atlas.zones[name].label(audience)} ({side})"
            zone_svg.append(f"<path{bm._attrs(**attrs, d=shape.path())}><title>{escape(tip)}</title></path>")
            targets.append(ZoneTarget(mark, view_name, np.array(shape.polygon())))
            if mark == focus:
                focus_svg.append(
                    f"<path{bm._attrs(d=shape.path(), fill='none', stroke=FOCUS_STROKE)}"
                    f' stroke-width="2.6" data-focus="{escape(mark)}"/>'
                )
    zone_svg.append("</g>")
    blockers = tuple(np.array(s.polygon()) for v in views.values() for s in v.extra)

    subtitle = textwrap.wrap(words["subtitle"], 90 if legend else 64)[:2]
    out = [
        '<svg xmlns="http://www.w3.org/2000/svg"'
        f"{bm._attrs(viewBox=f'0 0 {bm._num(width)} {bm._num(height)}', width=bm._num(width), height=bm._num(height))}"
        f"{bm._attrs(role='img', aria_labelledby='sv-title sv-desc', font_family=bm._FONT)}"
        f"{bm._attrs(data_audience=audience, data_marks=' '.join(marked))}>",
        f'<title id="sv-title">{escape(words["title"])}</title>',
        f'<desc id="sv-desc">{escape(_description(marked, ranked, audience, atlas))}</desc>',
        f"<rect{bm._attrs(width=bm._num(width), height=bm._num(height), fill='#ffffff')}/>",
        '<g id="heading">',
        bm._text(bm._MARGIN, 40, words["title"], 20, font_weight="bold"),
        *(bm._text(bm._MARGIN, top - 40 + 16 * i, line, 13, fill=bm._MUTED) for i, line in enumerate(subtitle)),
        "</g>",
        '<g id="bodies">',
        *(f"<path{bm._attrs(id=f'body-{n}', d=v.outline.path(), fill=bm._BODY_FILL)}/>" for n, v in views.items()),
        "</g>",
        "\n".join(zone_svg),
        f'<g id="outlines" fill="none" stroke="{bm._BODY_STROKE}" stroke-width="1.3" stroke-linejoin="round">',
        *(f"<path{bm._attrs(d=v.outline.path())}/>" for v in views.values()),
        f'<g stroke="{bm._DETAIL_STROKE}" stroke-width="0.9" stroke-linecap="round">',
        *(f"<path{bm._attrs(d=s.path())}/>" for v in views.values() for s in v.details),
        "</g></g>",
        f'<g id="arms" fill="{bm._BODY_FILL}" stroke="{bm._BODY_STROKE}" stroke-width="1.3">',
        *(f"<path{bm._attrs(d=s.path())}/>" for v in views.values() for s in v.extra),
        "</g>",
        '<g id="focus">', *focus_svg, "</g>",
        bm._view_labels(views, top, bm.drawing().text[audience]),
        legend_svg,
        "</svg>",
    ]
    return PainMapPicture("\n".join(out) + "\n", width, height, marked, ranked, tuple(targets), blockers)


def joint_lines(ranked: Sequence[RankedJoint], audience: Audience) -> list[tuple[str, str]]:
    """Give the ranked joints as lines (style, text), grouped under their frequency headings.

    A clinician's line names the marked zones the joint refers to and the sources with provenance tags.
    """
    items = []
    for r in ranked:
        text = r.name
        if audience == "clinician":
            text += f": {', '.join(z.replace('_', ' ') for z in r.zones)} \u2014 {bm.provenance(r.referrals)}"
        items.append((r.frequency, text))
    return headed_lines(items, WORDS[audience])


def _legend(
    x: float,
    top: float,
    marked: Sequence[str],
    ranked: Sequence[RankedJoint],
    words: Mapping[str, str],
    audience: Audience,
    atlas: Atlas,
) -> tuple[str, float]:
    out = ['<g id="legend">']
    y = top + 4
    out.append(
        f"<rect{bm._attrs(x=bm._num(x), y=bm._num(y - 13), width='22', height='16', rx='3', fill=MARK_FILL)}"
        f"{bm._attrs(stroke=MARK_STROKE)}/>"
    )
    out.append(bm._text(x + 30, y, words["marked"], 14, font_weight="bold"))
    y += 20
    names = [mark_label(m, audience, atlas) for m in marked] or [words["none"]]
    for name in names[:_LIST_ITEMS]:
        for i, part in enumerate(textwrap.wrap(name, 40)):
            out.append(bm._text(x + (8 if i == 0 else 16), y, part, 12))
            y += 15
    if len(names) > _LIST_ITEMS:
        out.append(bm._text(x + 8, y, words["more"].format(n=len(names) - _LIST_ITEMS), 12))
        y += 15
    y += 14
    out.append(bm._text(x, y, words["joints"], 14, font_weight="bold"))
    y += 20
    lines = joint_lines(ranked, audience)
    items = 0
    out.append('<g id="ranked-joints">')
    for style, text in lines:
        if style == "item":
            items += 1
            if items > _LIST_ITEMS:
                continue
        if style == "head":
            y += 2
            out.append(bm._text(x, y, text, 12, font_weight="bold", fill=bm._MUTED, data_frequency=_key(text, words)))
            y += 16
            continue
        for i, part in enumerate(textwrap.wrap(text, 42)):
            out.append(bm._text(x + (8 if i == 0 else 16), y, part, 12))
            y += 15
    if items > _LIST_ITEMS:
        out.append(bm._text(x + 8, y, words["more"].format(n=items - _LIST_ITEMS), 12))
        y += 15
    out.append("</g>")
    advice = advice_for(marked, atlas)
    if advice:  # marked places no facet joint refers to: say so, and what to do
        y += 10
        out.append(f'<g id="advice">{bm._text(x, y, words["advice"], 14, font_weight="bold", fill="#9b1c1c")}')
        y += 18
        for mark, text in advice:
            for i, part in enumerate(textwrap.wrap(f"{mark_label(mark, audience, atlas)}: {text}", 44)):
                out.append(bm._text(x + (0 if i == 0 else 8), y, part, 12, **({"data_mark": mark} if i == 0 else {})))
                y += 15
            y += 4
        out.append("</g>")
    # The caveat, always, in a box.
    y += 10
    caveat = textwrap.wrap(CAVEAT[audience], 44)
    box_h = 15 * len(caveat) + 14
    out.append(
        f'<g id="caveat"><rect{bm._attrs(x=bm._num(x - 6), y=bm._num(y - 4), width="282", height=bm._num(box_h))}'
        f"{bm._attrs(rx='4', fill='#fff8e1', stroke='#b7791f')}/>"
    )
    y += 12
    for part in caveat:
        out.append(bm._text(x, y, part, 12, fill=bm._INK))
        y += 15
    out.append("</g></g>")
    return "\n".join(out), y + 10


def _key(heading: str, words: Mapping[str, str]) -> str:
    return next((f for f in FREQUENCIES if words[f] == heading), "")


def mark_label(mark: str, audience: Audience, atlas: Atlas | None = None) -> str:
    """A mark in words for ``audience``: "Buttock (left)", "Front of the chest (right)"."""
    atlas = atlas or default_atlas()
    zone, side = parse_mark(mark, atlas)
    label = atlas.zones[zone].label(audience)
    return f"{label[:1].upper()}{label[1:]} ({side})"


def _description(marked: Sequence[str], ranked: Sequence[RankedJoint], audience: Audience, atlas: Atlas) -> str:
    if not marked:
        return "Body outline from the left, from behind and from the right; nothing marked."
    where = "; ".join(mark_label(m, audience, atlas) for m in marked)
    joints = "; ".join(f"{r.name} ({r.frequency})" for r in ranked) or "none in the atlas"
    advice = " ".join(text for _, text in advice_for(marked, atlas))
    return f"Marked: {where}. Joints that can refer there: {joints}. {advice + ' ' if advice else ''}{CAVEAT[audience]}"
