"""A motion: what the spine is asked to do, as a value, and the parser for how people write it.

Sign convention (degrees, global angles of the region, the patient's own left and right):

- ``flexion``: positive = flexion (bending forward), negative = extension (bending backward).
- ``lateral_bending``: positive = bending to the patient's LEFT, negative = to the right.
- ``axial_rotation``: positive = turning to the patient's LEFT (the face turns left; counter-clockwise seen
  from above), negative = to the right.

In the spine frame (millimetres, RAS: x to the patient's right, y anterior, z superior) and about the lower
vertebra's own axes, flexion is a negative rotation about +x (the top moves to +y), bending to the left a
negative rotation about +y (the top moves to -x) and turning to the left a positive rotation about +z.

A *region* is where the motion happens: ``"all"`` (the whole spine), ``"cervical"`` (C1/2 … C7/T1),
``"thoracic"`` (T1/2 … T12/L1), ``"lumbar"`` (L1/2 … L5/S1), or a span of levels such as ``"L3-S1"``,
``"C5–C7"`` or ``"T12/L1"`` that covers every segment between its two levels ("L3-S1" covers L3/4, L4/5 and
L5/S1). Segments outside the region stay in their neutral relation.

Text form, for the command line and scene files (:func:`parse_motion`)::

    extension=15, rotation=20 left        # comma- or semicolon-separated "key=value" items
    flexion 30; bend=10 right; region=L3-S1
    neutral

Keys: ``flexion`` (``flex``), ``extension`` (``ext``, the negative of flexion), ``lateral`` /
``lateral_bending`` / ``bend`` / ``side_bending``, ``rotation`` / ``axial_rotation`` (``rot``), and
``region``. A value is a number of degrees (``15``, ``-20``, ``12.5°``, ``10 deg``); bending and rotation may
take a side word instead of a sign (``rotation=20 left`` = ``rotation=20``; ``rotation=20 right`` =
``rotation=-20``).
"""

from __future__ import annotations

import decimal
import math
import numbers
import re
from dataclasses import dataclass
from functools import lru_cache

from spineviz.anatomy.levels import SEGMENTS, LevelError, parse_level

COMPONENTS: tuple[str, str, str] = ("flexion", "lateral_bending", "axial_rotation")
NAMED_REGIONS: tuple[str, ...] = ("all", "cervical", "thoracic", "lumbar")
_WHOLE = frozenset({"all", "whole", "whole spine", "spine", "entire spine"})
_REGION_HELP = (
    "use 'all', 'cervical', 'thoracic', 'lumbar' or a span of levels such as 'L3-S1', 'C5-C7' or 'T12/L1'"
)
_MOTION_HELP = "write it like 'extension=15, rotation=20 left' (keys: flexion, extension, lateral, rotation)"


class MotionError(ValueError):
    """A motion, region or timeline that makes no sense; the message names the bad part and the fix."""


def _show(value: object) -> str:
    """A short, safe description of ``value`` for an error message."""
    try:
        text = repr(value)
    except Exception:  # any object may have a broken __repr__; the message must still be built
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 40 else text[:37] + "..."


def _degrees(name: str, value: object) -> float:
    """Return ``value`` as a finite float, or raise :class:`MotionError` naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real | decimal.Decimal):
        hint = "; use parse_motion() for text" if isinstance(value, str) else ""
        raise MotionError(
            f"{name} must be a number of degrees, not {type(value).__name__} {_show(value)}{hint}"
        )
    try:
        result = float(value)
    except (ValueError, OverflowError, TypeError, ArithmeticError):
        raise MotionError(f"{name}={_show(value)} is not a usable number of degrees") from None
    if not math.isfinite(result):
        raise MotionError(f"{name}={_show(value)} must be a finite number of degrees (not NaN or infinity)")
    return result


_SPAN_RE = re.compile(
    r"^\s*([A-Za-z])\s*(\d{1,2})\s*(?:[/\-\u2010-\u2015\u2212]|\s+to\s+)\s*([A-Za-z])?\s*(\d{1,2})\s*$",
    re.ASCII | re.IGNORECASE,
)


def normalise_region(region: object) -> str:
    """Return the canonical name of a region: "all", "cervical", "thoracic", "lumbar" or a span "L3-S1".

    Raises
    ------
    MotionError
        For anything that is not a region, with the valid forms in the message.
    """
    if not isinstance(region, str):
        raise MotionError(
            f"a region must be text, not {type(region).__name__} {_show(region)}; {_REGION_HELP}"
        )
    key = " ".join(region.replace("_", " ").split()).lower()
    if key in _WHOLE:
        return "all"
    if key in NAMED_REGIONS:
        return key
    m = _SPAN_RE.match(region)
    if not m:
        raise MotionError(f"unknown region {_show(region)}; {_REGION_HELP}")
    first_letter, first_number, second_letter, second_number = m.groups()
    try:
        upper = parse_level(f"{first_letter}{first_number}")
        lower = parse_level(f"{second_letter or first_letter}{second_number}")
    except LevelError as exc:
        raise MotionError(f"region {_show(region)}: {exc}") from None
    if lower.index == upper.index:
        example = f"{upper}-{SEGMENTS[upper.index].lower}" if upper.index < len(SEGMENTS) else "L5-S1"
        raise MotionError(
            f"region {_show(region)} is a single level; a region spans at least two, such as '{example}'"
        )
    if lower.index < upper.index:
        raise MotionError(f"region {_show(region)}: write the upper level first, as '{lower}-{upper}'")
    return f"{upper}-{lower}"


@lru_cache(maxsize=512)
def _segments_of(canonical: str) -> tuple[int, ...]:
    if canonical == "all":
        return tuple(range(len(SEGMENTS)))
    if canonical in NAMED_REGIONS:
        return tuple(s.index for s in SEGMENTS if s.region == canonical)
    upper_name, lower_name = canonical.split("-")
    return tuple(range(parse_level(upper_name).index, parse_level(lower_name).index))


def region_segments(region: str) -> tuple[int, ...]:
    """The indices (into :data:`SEGMENTS`, top to bottom) of the segments a region covers."""
    return _segments_of(normalise_region(region))


@dataclass(frozen=True)
class Motion:
    """A global motion of a region of the spine (degrees; signs as in the module docstring).

    Parameters
    ----------
    flexion
        Positive = flexion (forward), negative = extension.
    lateral_bending
        Positive = bending to the patient's left, negative = to the right.
    axial_rotation
        Positive = turning to the patient's left, negative = to the right.
    region
        "all", "cervical", "thoracic", "lumbar" or a span such as "L3-S1"; stored in canonical form.

    Raises
    ------
    MotionError
        For an angle that is not a finite real number, or an unknown region.
    """

    flexion: float = 0.0
    lateral_bending: float = 0.0
    axial_rotation: float = 0.0
    region: str = "all"

    def __post_init__(self) -> None:
        for name in COMPONENTS:
            object.__setattr__(self, name, _degrees(name, getattr(self, name)))
        object.__setattr__(self, "region", normalise_region(self.region))

    @property
    def segments(self) -> tuple[int, ...]:
        """Indices of the segments this motion moves (see :func:`region_segments`)."""
        return _segments_of(self.region)

    @property
    def angles(self) -> tuple[float, float, float]:
        """(flexion, lateral_bending, axial_rotation) in degrees."""
        return (self.flexion, self.lateral_bending, self.axial_rotation)

    @property
    def is_neutral(self) -> bool:
        return self.flexion == 0.0 and self.lateral_bending == 0.0 and self.axial_rotation == 0.0

    def spec(self) -> str:
        """The motion as :func:`parse_motion` text; ``parse_motion(m.spec()) == m`` exactly."""
        return (
            f"flexion={self.flexion!r}, lateral_bending={self.lateral_bending!r}, "
            f"axial_rotation={self.axial_rotation!r}, region={self.region}"
        )

    def describe(self) -> str:
        """Plain English, e.g. "extension 15°, rotation 20° to the left (lumbar)"."""
        parts = []
        if self.flexion:
            parts.append(f"{'flexion' if self.flexion > 0 else 'extension'} {abs(self.flexion):g}°")
        if self.lateral_bending:
            side = "left" if self.lateral_bending > 0 else "right"
            parts.append(f"side bending {abs(self.lateral_bending):g}° to the {side}")
        if self.axial_rotation:
            side = "left" if self.axial_rotation > 0 else "right"
            parts.append(f"rotation {abs(self.axial_rotation):g}° to the {side}")
        what = ", ".join(parts) if parts else "neutral"
        where = "whole spine" if self.region == "all" else self.region
        return f"{what} ({where})"


NEUTRAL = Motion()

# key -> (component, sign); "region" is handled apart.
_KEYS: dict[str, tuple[str, float]] = {
    "flexion": ("flexion", 1.0),
    "flex": ("flexion", 1.0),
    "extension": ("flexion", -1.0),
    "ext": ("flexion", -1.0),
    "lateral": ("lateral_bending", 1.0),
    "lateral_bending": ("lateral_bending", 1.0),
    "lateral_bend": ("lateral_bending", 1.0),
    "lateral_flexion": ("lateral_bending", 1.0),
    "bend": ("lateral_bending", 1.0),
    "side_bending": ("lateral_bending", 1.0),
    "side_bend": ("lateral_bending", 1.0),
    "rotation": ("axial_rotation", 1.0),
    "axial_rotation": ("axial_rotation", 1.0),
    "rot": ("axial_rotation", 1.0),
}
_SIDE_WORDS = ("left", "right")
_VALUE_RE = re.compile(
    r"^(?:(?P<side1>left|right)\s+)?"
    r"(?P<number>[+\-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+\-]?\d+)?)"
    r"\s*(?:°|deg|degs|degree|degrees)?"
    r"(?:\s+(?:to\s+the\s+)?(?P<side2>left|right))?$",
    re.ASCII | re.IGNORECASE,
)
_NON_FINITE = frozenset({"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"})


def _split_item(item: str) -> tuple[str, str]:
    """Split one "key=value" / "key: value" / "key value" item into its key and value text."""
    for sep in ("=", ":"):
        if sep in item:
            key, _, value = item.partition(sep)
            return key.strip(), value.strip()
    words = item.split()
    for i, word in enumerate(words):
        if word.lower() in _SIDE_WORDS or word[:1] in "+-.0123456789":
            return " ".join(words[:i]), " ".join(words[i:])
    return item.strip(), ""


def _normal_key(key: str) -> str:
    return "_".join(key.lower().replace("-", " ").split())


def _parse_value(key: str, component: str, value: str) -> float:
    where = f"{key}={value}" if value else key
    if not value:
        raise MotionError(f"{_show(where)}: missing a number of degrees, e.g. '{key}=15'")
    m = _VALUE_RE.match(value)
    if not m:
        if value.strip().lower() in _NON_FINITE:
            raise MotionError(f"{_show(where)}: the angle must be a finite number of degrees, not {value}")
        raise MotionError(f"{_show(where)}: {_show(value)} is not a number of degrees, e.g. '{key}=15'")
    number_text = m.group("number")
    side = m.group("side1") or m.group("side2")
    number = float(number_text)
    if not math.isfinite(number):
        raise MotionError(
            f"{_show(where)}: {_show(number_text)} is too large; give a finite number of degrees"
        )
    if side is None:
        return number
    if component == "flexion":
        raise MotionError(
            f"{_show(where)}: 'left'/'right' only apply to bending and rotation; "
            "use flexion=... or extension=..."
        )
    if number_text[0] in "+-":
        raise MotionError(f"{_show(where)}: give either a sign or 'left'/'right', not both")
    return number if side.lower() == "left" else -number


def parse_motion(text: str, region: str | None = None) -> Motion:
    """Parse a motion as written on the command line: ``"extension=15, rotation=20 left"``.

    Parameters
    ----------
    text
        Comma- or semicolon-separated items (see the module docstring), or ``"neutral"``.
    region
        The region, unless the text names one with ``region=...``; default the whole spine.

    Returns
    -------
    Motion
        Angles in degrees, signed as in the module docstring.

    Raises
    ------
    MotionError
        For anything else: not text, an empty text, an unknown key, a key given twice (or both flexion
        and extension), a value that is not a finite number, a side word on flexion, or an unknown region.
    """
    if not isinstance(text, str):
        raise MotionError(f"a motion must be text, not {type(text).__name__} {_show(text)}; {_MOTION_HELP}")
    if region is not None and not isinstance(region, str):
        raise MotionError(
            f"a region must be text, not {type(region).__name__} {_show(region)}; {_REGION_HELP}"
        )
    cleaned = text.replace("\u2212", "-").strip()
    if not cleaned:
        raise MotionError(f"empty motion; {_MOTION_HELP}, or 'neutral'")
    values: dict[str, float] = {}
    given: dict[str, str] = {}
    text_region: str | None = None
    if cleaned.lower() != "neutral":
        for item in re.split(r"[,;\n]", cleaned):
            if not item.strip():
                continue
            key, value = _split_item(item)
            normal = _normal_key(key)
            if normal == "region":
                if text_region is not None:
                    raise MotionError(f"region given twice in {_show(text)}")
                if not value:
                    raise MotionError(f"'region=' needs a region; {_REGION_HELP}")
                text_region = normalise_region(value)
                continue
            if not normal:
                raise MotionError(f"{_show(item.strip())} has no key; {_MOTION_HELP}")
            if normal not in _KEYS:
                raise MotionError(f"unknown motion key {_show(key)} in {_show(item.strip())}; {_MOTION_HELP}")
            component, sign = _KEYS[normal]
            if component in given:
                raise MotionError(
                    f"{given[component]!r} and {key.strip()!r} both set "
                    f"{component.replace('_', ' ')}; give one of them"
                )
            given[component] = key.strip()
            values[component] = sign * _parse_value(key.strip(), component, value) + 0.0
    if text_region is not None and region is not None and normalise_region(region) != text_region:
        raise MotionError(f"the text says region={text_region} but region={_show(region)} was also given")
    return Motion(**values, region=text_region or (region if region is not None else "all"))
