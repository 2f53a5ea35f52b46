"""The vertebral levels, the motion segments between them, and a parser for how people write them.

The model covers the 24 mobile vertebrae (C1-C7, T1-T12, L1-L5) and the sacrum as the fixed base.
Order runs from the top (C1, index 0) to the sacrum (index 24); a *segment* is a pair of adjacent
levels, written upper first ("L4/5", "C7/T1", "L5/S1"). There are 24 segments and, with a left and a
right facet joint at each, 48 facet joints.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

Region = Literal["cervical", "thoracic", "lumbar", "sacral"]
Side = Literal["left", "right"]

_REGION_OF_LETTER: dict[str, Region] = {"C": "cervical", "T": "thoracic", "L": "lumbar", "S": "sacral"}
_COUNT: dict[str, int] = {"C": 7, "T": 12, "L": 5, "S": 1}
SIDES: tuple[Side, Side] = ("left", "right")


class LevelError(ValueError):
    """A level or joint name that does not exist in the model; the message says what would."""


@dataclass(frozen=True, order=True)
class Level:
    """One vertebra, by its position from the top (C1 = 0 … L5 = 23, sacrum = 24)."""

    index: int

    @property
    def name(self) -> str:
        return LEVEL_NAMES[self.index]

    @property
    def letter(self) -> str:
        return self.name[0]

    @property
    def number(self) -> int:
        return int(self.name[1:])

    @property
    def region(self) -> Region:
        return _REGION_OF_LETTER[self.letter]

    @property
    def is_sacrum(self) -> bool:
        return self.letter == "S"

    def __str__(self) -> str:
        return self.name


LEVEL_NAMES: tuple[str, ...] = tuple(
    f"{letter}{n}" for letter in "CTLS" for n in range(1, _COUNT[letter] + 1)
)
LEVELS: tuple[Level, ...] = tuple(Level(i) for i in range(len(LEVEL_NAMES)))
MOBILE_LEVELS: tuple[Level, ...] = LEVELS[:-1]
SACRUM: Level = LEVELS[-1]
_BY_NAME = {lv.name: lv for lv in LEVELS}


def level(name: str) -> Level:
    """Return the level called ``name`` ("L4", "c5", "S1"), or raise :class:`LevelError`."""
    return parse_level(name)


@dataclass(frozen=True, order=True)
class Segment:
    """A motion segment: two adjacent levels, ``upper`` directly above ``lower``."""

    upper: Level
    lower: Level

    def __post_init__(self) -> None:
        if self.lower.index != self.upper.index + 1:
            raise LevelError(f"{self.upper}/{self.lower} are not adjacent levels")

    @property
    def index(self) -> int:
        """Segment position from the top: C1/2 = 0 … L5/S1 = 23."""
        return self.upper.index

    @cached_property  # read thousands of times a second while Play runs; the 24 segments never change
    def name(self) -> str:
        """Clinical short form: "L4/5" within a region, "C7/T1" and "L5/S1" across."""
        if self.upper.letter == self.lower.letter:
            return f"{self.upper.name}/{self.lower.number}"
        return f"{self.upper.name}/{self.lower.name}"

    @property
    def region(self) -> Region:
        """The region of the upper level (C7/T1 counts as cervical, T12/L1 as thoracic)."""
        return self.upper.region

    def __str__(self) -> str:
        return self.name


SEGMENTS: tuple[Segment, ...] = tuple(Segment(LEVELS[i], LEVELS[i + 1]) for i in range(len(LEVELS) - 1))


@dataclass(frozen=True, order=True)
class FacetJointId:
    """One of the 48 facet joints: a segment and a side (the patient's left or right)."""

    segment: Segment
    side: Side

    @cached_property  # as Segment.name: asked for on every tick of Play
    def name(self) -> str:
        return f"{self.segment.name} {self.side}"

    @property
    def index(self) -> int:
        """Position in :data:`FACET_JOINT_IDS`: segment-major, left before right."""
        return 2 * self.segment.index + SIDES.index(self.side)

    def __str__(self) -> str:
        return self.name


FACET_JOINT_IDS: tuple[FacetJointId, ...] = tuple(
    FacetJointId(seg, side) for seg in SEGMENTS for side in SIDES
)

_LEVEL_RE = re.compile(r"^\s*([A-Za-z])\s*(\d{1,2})\s*$")
_JOINT_RE = re.compile(
    r"^\s*([A-Za-z])\s*(\d{1,2})\s*(?:[/\-\u2010-\u2015\u2212]|\s+to\s+|\s+)\s*([A-Za-z])?\s*(\d{1,2})\s*$",
    re.IGNORECASE,
)
_KNOWN = "levels C1-C7, T1-T12, L1-L5 and the sacrum (S1)"


def _make_level(letter: str, number: int, text: str) -> Level:
    letter = letter.upper()
    if letter == "C" and number == 0:
        raise LevelError(f"{text!r}: C0 (the occiput) is not modelled; the top joint is C1/2")
    if letter not in _COUNT:
        raise LevelError(f"{text!r}: no region {letter!r}; use {_KNOWN}")
    if not 1 <= number <= _COUNT[letter]:
        hint = ""
        if letter == "L" and number == 6:
            hint = " (a sixth lumbar vertebra is a variant this model does not include)"
        elif letter == "S" and number > 1:
            hint = " (the sacrum is modelled as one piece, S1)"
        raise LevelError(
            f"{text!r}: {letter}{number} does not exist{hint}; use {_KNOWN}"
        )
    return _BY_NAME[f"{letter}{number}"]


def parse_level(text: str) -> Level:
    """Parse one level as people write it: "L4", "l4", "C 5", "S1".

    Raises
    ------
    LevelError
        With a message that names the input and the valid levels.
    """
    if not isinstance(text, str):
        raise LevelError(f"a level must be text such as 'L4', not {type(text).__name__}")
    m = _LEVEL_RE.match(text)
    if not m:
        raise LevelError(f"{text!r} is not a level; write it like 'L4' or 'C5' ({_KNOWN})")
    return _make_level(m.group(1), int(m.group(2)), text)


def parse_segment(text: str) -> Segment:
    """Parse a joint or segment: "L4/5", "L4-L5", "L4–5", "L5/S1", "C5-6", "C7/T1", "T12-L1".

    The upper level comes first and the two must be adjacent.

    Raises
    ------
    LevelError
        For a level that does not exist, a pair that is not adjacent, or a reversed pair.
    """
    if not isinstance(text, str):
        raise LevelError(f"a joint must be text such as 'L4/5', not {type(text).__name__}")
    m = _JOINT_RE.match(text)
    if not m:
        single = _LEVEL_RE.match(text)
        if single:
            lv = _make_level(single.group(1), int(single.group(2)), text)
            raise LevelError(f"{text!r} is one level; a joint names two adjacent levels, like "
                             f"'{SEGMENTS[min(lv.index, len(SEGMENTS) - 1)].name}'")
        raise LevelError(
            f"{text!r} is not a joint; write the two adjacent levels upper first, like 'L4/5' or 'L5/S1'"
        )
    l1, n1, l2, n2 = m.group(1), int(m.group(2)), m.group(3) or m.group(1), int(m.group(4))
    upper = _make_level(l1, n1, text)
    lower = _make_level(l2, n2, text)
    if lower.index == upper.index - 1:
        raise LevelError(f"{text!r}: write the upper level first, as {Segment(lower, upper).name}")
    if lower.index != upper.index + 1:
        raise LevelError(
            f"{text!r}: {upper} and {lower} are not neighbours, so no facet joint joins them; "
            f"the joint below {upper} is {SEGMENTS[upper.index].name if not upper.is_sacrum else 'none'}"
        )
    return SEGMENTS[upper.index]


def parse_facet_joint(text: str) -> FacetJointId:
    """Parse "L4/5 left", "right L5/S1", "C5-6 R" into a facet joint."""
    if not isinstance(text, str):
        raise LevelError(f"a facet joint must be text such as 'L4/5 left', not {type(text).__name__}")
    m = re.match(r"^\s*(left|right|l|r)\b\s*(.+)$|^(.+?)\s+(left|right|l|r)\s*$", text, re.IGNORECASE)
    if not m:
        raise LevelError(f"{text!r}: name the side too, like 'L4/5 left' or 'L5/S1 right'")
    side_word = (m.group(1) or m.group(4)).lower()
    seg_text = m.group(2) if m.group(1) else m.group(3)
    side: Side = "left" if side_word.startswith("l") else "right"
    return FacetJointId(parse_segment(seg_text), side)


def parse_level_or_segment(text: str) -> Level | Segment:
    """A level ("L4") or a joint ("L4/5"), whichever the text names."""
    if isinstance(text, str) and _LEVEL_RE.match(text):
        return parse_level(text)
    return parse_segment(text)
