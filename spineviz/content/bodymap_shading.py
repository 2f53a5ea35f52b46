"""Which body-map zones a selection of facet joints shades, and how strongly.

A joint refers to its own side: the selection is expanded into (segment, side) pairs, and each zone
and side takes the strongest frequency of the atlas rows that refer there, with the joints and rows
behind it so that the figure can count overlaps and cite its sources.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

from spineviz.anatomy.levels import LevelError, Segment, parse_facet_joint, parse_segment
from spineviz.content.atlas import Atlas, Frequency, Referral, Zone, default_atlas, strongest
from spineviz.content.bodymap_drawing import BodySide

SideChoice = Literal["left", "right", "both"]

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


def sided_referrals(
    joints: Iterable[tuple[Segment, BodySide]], atlas: Atlas
) -> Iterator[tuple[tuple[Segment, BodySide], Referral]]:
    """Each atlas row of each joint, on the joint's own side: ``((segment, side), row)``.

    The one place that applies "a joint refers to its own side"; the body map groups the pairs by zone,
    the pain map (:func:`spineviz.content.painmap.rank_joints`) by joint.
    """
    for seg, side in joints:
        for ref in atlas.referrals_for(seg):
            yield (seg, side), ref


def shade_zones(joints: Iterable[object], atlas: Atlas | None = None) -> dict[tuple[str, BodySide], ZoneShade]:
    """The shaded zones for a selection: (zone name, side) to its strongest frequency and joints."""
    atlas = atlas or default_atlas()
    found: dict[tuple[str, BodySide], list[tuple[tuple[Segment, BodySide], Referral]]] = {}
    for joint, ref in sided_referrals(selected_joints(joints), atlas):
        found.setdefault((ref.zone.name, joint[1]), []).append((joint, ref))
    shades = {}
    for (name, side), hits in found.items():
        refs = tuple(r for _, r in hits)
        shades[(name, side)] = ZoneShade(atlas.zones[name], side, strongest(refs), tuple(j for j, _ in hits), refs)
    return shades


def provenance(referrals: Iterable[Referral]) -> str:
    """The sources of some atlas rows with each row's provenance tag: "Marks 1989 [R]; McCall 1979 [M]"."""
    tags: dict[str, list[str]] = {}
    for r in referrals:
        tags.setdefault(r.source.key, [])
        if r.provenance not in tags[r.source.key]:
            tags[r.source.key].append(r.provenance)
    return "; ".join(f"{key} [{'/'.join(t)}]" for key, t in tags.items())
