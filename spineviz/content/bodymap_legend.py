"""The body map's words: its key, the list of shaded areas, the sources, the title phrase and the description.

Separate from the figure because the wording differs by audience (plain words for a patient, zone
names, joints and cited sources for a clinician) and is laid out as wrapped text lines.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping, Sequence

from spineviz.anatomy.levels import Segment
from spineviz.content.atlas import FREQUENCIES, Audience, Frequency, Zone
from spineviz.content.bodymap_drawing import BodySide
from spineviz.content.bodymap_shading import ZoneShade, provenance
from spineviz.content.bodymap_style import (
    _FILL,
    _LIST_LINES,
    _MUTED,
    _OVERLAP_STROKE,
    _ZONE_STROKE,
    _attrs,
    _count_badge,
    _num,
    _text,
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
    merged: dict[tuple[int, int, str, tuple[str, ...], str], set[str]] = {}
    zones: dict[str, Zone] = {}
    for (name, side), sh in shades.items():
        zones[name] = sh.zone
        segs = () if audience == "patient" else tuple(s.name for s in sorted({s for s, _ in sh.joints}))
        cited = "" if audience == "patient" else provenance(sh.referrals)
        key = (FREQUENCIES.index(sh.frequency), rank.get(name, len(rank)), name, segs, cited)
        merged.setdefault(key, set()).add(side)
    items = []
    for key in sorted(merged):
        strength, _, name, segs, cited = key
        item = f"{zones[name].label(audience)} ({_side_word(merged[key], words)})"
        if segs:
            item += f": {', '.join(segs)}"
        if cited:
            item += f" \u2014 {cited}"
        items.append((FREQUENCIES[strength], item))
    return headed_lines(items, words)


def headed_lines(items: Iterable[tuple[Frequency, str]], words: Mapping[str, str]) -> list[tuple[str, str]]:
    """Items already ordered strongest first, as lines under frequency headings: ("head" | "item", text).

    Shared by the body map's zone list and the pain map's ranked joints; an item repeated under the same
    list (two zones with the same plain words) is shown once.
    """
    lines: list[tuple[str, str]] = []
    seen: set[str] = set()
    current = None
    for freq, item in items:
        if item in seen:
            continue
        seen.add(item)
        if freq != current:
            lines.append(("head", words[freq]))
            current = freq
        lines.append(("item", item))
    return lines


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
        f"{_attrs(fill='#fdae6b', stroke=_OVERLAP_STROKE, stroke_width='1.6')}/>" + _count_badge(x + 15, y + 9, 2)
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
