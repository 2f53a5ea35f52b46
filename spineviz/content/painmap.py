"""Where does it hurt? From the zones a patient marks on the body map to the facet joints that can refer there.

A mark is one atlas zone on one side of the body, written ``"<zone>-<side>"`` ("buttock-left",
"low_back-right"); :func:`parse_mark` checks one against the atlas and :func:`normalise_marks` a list.
:func:`rank_joints` answers the question: every facet joint (level and side) whose atlas rows refer pain
to a marked zone on its own side, ranked by how often the atlas says it refers there ("typical" before
"sometimes" before "rare"), then by how many marked zones it refers to at each frequency (a joint that
refers "typically" to two marked zones comes before one that refers "typically" to one and "rarely" to
another), then from top to bottom. The ranking only orders candidates: the referral maps overlap, so a
place of pain never names its joint; only controlled diagnostic blocks can (:data:`CAVEAT`).

Model floor: plain data and pure functions, no Qt.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from spineviz.anatomy.levels import Segment
from spineviz.content.atlas import FREQUENCIES, Atlas, Frequency, Referral, default_atlas, strongest
from spineviz.content.bodymap_shading import sided_referrals

SIDES = ("left", "right")
MAX_MARKS = 96
"""More marks than there are zones on both sides is never a real selection."""

CAVEAT = {
    "patient": (
        "Pain from different joints overlaps, so where it hurts cannot show which joint causes it. "
        "Only a test injection (a diagnostic block) can tell. This list is for talking it through "
        "with your clinician, not a diagnosis."
    ),
    "clinician": (
        "Referral maps overlap: pain location cannot identify the source joint; only controlled "
        "diagnostic blocks can. Ranked by the atlas's reported frequency, then by marked zones explained."
    ),
}
"""The caveat shown, always, beside the ranked joints."""

_MARK = re.compile(r"^([a-z][a-z0-9]*(?:_[a-zA-Z0-9]+)*)-(left|right)$")


class PainMarkError(ValueError):
    """A mark that is not a zone and side of the atlas; the message names it and the fix."""


def mark_id(zone: str, side: str) -> str:
    """The mark for one zone on one side: ``mark_id("buttock", "left") == "buttock-left"``."""
    return f"{zone}-{side}"


def parse_mark(mark: object, atlas: Atlas | None = None) -> tuple[str, str]:
    """``(zone, side)`` of a mark such as "buttock-left"; raise :class:`PainMarkError` if it is not one."""
    atlas = atlas or default_atlas()
    if not isinstance(mark, str):
        raise PainMarkError(f"a pain mark is text such as 'buttock-left', not {type(mark).__name__}")
    m = _MARK.match(mark.strip())
    if not m:
        raise PainMarkError(f"{mark!r} is not a pain mark; write a zone and a side, such as 'buttock-left'")
    zone, side = m.group(1), m.group(2)
    if zone not in atlas.zones:
        raise PainMarkError(f"{mark!r}: {zone!r} is not a zone of the referral atlas")
    return zone, side


def normalise_marks(marks: Iterable[object], atlas: Atlas | None = None) -> tuple[str, ...]:
    """Checked marks in canonical form, first occurrence kept, in the order given."""
    out: dict[str, None] = {}
    for mark in marks:
        zone, side = parse_mark(mark, atlas)
        out[mark_id(zone, side)] = None
    if len(out) > MAX_MARKS:
        raise PainMarkError(f"{len(out)} pain marks; at most {MAX_MARKS}")
    return tuple(out)


@dataclass(frozen=True)
class RankedJoint:
    """One facet joint that can refer pain to the marked zones, with the atlas rows that say so."""

    segment: Segment
    side: str
    frequency: Frequency
    referrals: tuple[Referral, ...]

    @property
    def name(self) -> str:
        """The joint as the scene and the 3D view name it: "L4/5 left"."""
        return f"{self.segment.name} {self.side}"

    @property
    def zones(self) -> tuple[str, ...]:
        """The marked zones this joint can refer to, strongest first."""
        return tuple(r.zone.name for r in self.referrals)

    def sort_key(self) -> tuple[int, ...]:
        """Order candidates: strongest frequency first, then by marked zones at each frequency.

        More marked zones at "typical" come first, then at "sometimes", then at "rare"; ties go top to
        bottom, left before right.
        """
        counts = [-sum(1 for r in self.referrals if r.frequency == f) for f in FREQUENCIES]
        return (FREQUENCIES.index(self.frequency), *counts, self.segment.index, SIDES.index(self.side))


def rank_joints(marks: Iterable[object], atlas: Atlas | None = None) -> list[RankedJoint]:
    """The facet joints that can refer pain to the marked zones, most likely first.

    Parameters
    ----------
    marks
        Marks such as "buttock-left" (see :func:`parse_mark`).
    atlas
        The referral atlas; the package's own by default.

    Returns
    -------
    list of RankedJoint
        One entry per joint level and side, ordered by the strongest frequency with which it refers to
        any marked zone, then by how many marked zones it refers to at each frequency, strongest first,
        then top to bottom, left first (:meth:`RankedJoint.sort_key`).
    """
    atlas = atlas or default_atlas()
    wanted = {parse_mark(m, atlas) for m in marks}
    every_joint = [(seg, side) for seg in dict.fromkeys(r.segment for r in atlas.referrals) for side in SIDES]
    hits: dict[tuple[Segment, str], list[Referral]] = {}
    for joint, ref in sided_referrals(every_joint, atlas):  # type: ignore[arg-type]
        if (ref.zone.name, joint[1]) in wanted:
            hits.setdefault(joint, []).append(ref)
    ranked = [
        RankedJoint(seg, side, strongest(refs), tuple(sorted(refs, key=lambda r: r.strength)))
        for (seg, side), refs in hits.items()
    ]
    return sorted(ranked, key=RankedJoint.sort_key)


def advice_for(marks: Iterable[object], atlas: Atlas | None = None) -> list[tuple[str, str]]:
    """``(mark, advice)`` for each marked place that no atlas row refers to and that carries advice.

    The front of the chest, the belly, the front of the thigh: no facet joint study in the atlas maps pain
    there, so the ranked list says nothing about them; the advice says what to do instead (chest or belly
    pain is checked by a doctor first).
    """
    atlas = atlas or default_atlas()
    referred = {r.zone.name for r in atlas.referrals}
    out = []
    for mark in normalise_marks(marks, atlas):
        zone = atlas.zones[parse_mark(mark, atlas)[0]]
        if zone.advice and zone.name not in referred:
            out.append((mark, zone.advice))
    return out


def frequency_by_joint(ranked: Iterable[RankedJoint]) -> dict[str, Frequency]:
    """``{"L4/5 left": "typical", …}``: what the 3D view colours, joint by joint."""
    return {r.name: r.frequency for r in ranked}
