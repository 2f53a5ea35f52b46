"""Checks on the values a scene holds, each raising a :class:`SceneError` that names the key and the fix.

Used by :mod:`spineviz.scene.state` when a scene part is built and by :mod:`spineviz.scene.io` when a file
is read. Also here: the anatomy names a scene may use, and the motion ranges a scene must stay within
(the same limits at which :func:`spineviz.motion.pose.pose` clamps).
"""

from __future__ import annotations

import math
import numbers
import re
from functools import lru_cache

from spineviz.anatomy.levels import (
    FacetJointId,
    LevelError,
    parse_facet_joint,
    parse_level,
    parse_segment,
)
from spineviz.motion import Motion, MotionError
from spineviz.motion.motion import COMPONENTS, normalise_region
from spineviz.motion.rom import AXIAL_ROTATION, EXTENSION, FLEXION, LATERAL_BENDING
from spineviz.scene.errors import SceneError

MAX_COORDINATE = 100_000.0  # mm: 100 m, far beyond any useful camera position
MAX_JOINT_LIST = 48
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LIMIT_TOLERANCE = 1e-9


# ---- value checks, each naming the key and the fix ----------------------------------------------------


def _show(value: object) -> str:
    try:
        text = repr(value)
    except Exception:  # a broken __repr__ must not hide the real problem
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 40 else text[:37] + "..."


def _kind(value: object) -> str:
    names = {bool: "true/false", str: "text", int: "a whole number", float: "a number", list: "a list",
             tuple: "a list", dict: "a table"}
    return names.get(type(value), type(value).__name__)


def _number(key: str, value: object, lo: float, hi: float, unit: str = "") -> float:
    fix = f"use a number from {lo:g} to {hi:g}{unit}"
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise SceneError(f"must be a number, not {_kind(value)} {_show(value)}", key=key, fix=fix)
    try:
        result = float(value)
    except (OverflowError, ValueError):
        raise SceneError(f"{_show(value)} is not a usable number", key=key, fix=fix) from None
    if not math.isfinite(result) or not lo <= result <= hi:
        raise SceneError(f"{_show(value)} is out of range", key=key, fix=fix)
    return result


def _flag(key: str, value: object) -> bool:
    if not isinstance(value, bool):
        raise SceneError(f"must be true or false, not {_kind(value)} {_show(value)}", key=key,
                         fix=f"write {key.rsplit('.', 1)[-1]} = true or {key.rsplit('.', 1)[-1]} = false")
    return value


def _text(key: str, value: object, max_chars: int, *, multiline: bool = False) -> str:
    if not isinstance(value, str):
        raise SceneError(f"must be text, not {_kind(value)} {_show(value)}", key=key,
                         fix=f'put the text in quotes: {key.rsplit(".", 1)[-1]} = "..."')
    if len(value) > max_chars:
        raise SceneError(f"is {len(value)} characters long; the limit is {max_chars}", key=key,
                         fix="shorten it")
    bad = _CONTROL.search(value.replace("\t", " ") if multiline else value)
    if bad or (not multiline and ("\n" in value or "\r" in value)):
        what = "a line break" if not bad else f"the control character {bad.group()!r}"
        raise SceneError(f"contains {what}", key=key,
                         fix="remove it" + ("" if multiline else "; a title is one line"))
    return value


def _choice(key: str, value: object, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in choices:
        raise SceneError(f"{_show(value)} is not one of {', '.join(choices)}", key=key,
                         fix=f"use one of: {', '.join(choices)}")
    return value


def _vector(key: str, value: object) -> tuple[float, float, float]:
    if isinstance(value, str) or not isinstance(value, list | tuple) or len(value) != 3:
        raise SceneError(f"must be a list of three numbers (x, y, z in mm), not {_show(value)}", key=key,
                         fix=f"write {key.rsplit('.', 1)[-1]} = [0.0, -900.0, 300.0]")
    return tuple(_number(f"{key}[{i + 1}]", v, -MAX_COORDINATE, MAX_COORDINATE, " mm")
                 for i, v in enumerate(value))  # type: ignore[return-value]


def _text_list(key: str, value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise SceneError(f"must be a list, not {_kind(value)} {_show(value)}", key=key,
                         fix=f'write {key.rsplit(".", 1)[-1]} = ["L4/5", "L5/S1 left"]')
    if len(value) > MAX_JOINT_LIST:
        raise SceneError(f"has {len(value)} entries; the limit is {MAX_JOINT_LIST}", key=key,
                         fix="list each joint once")
    return tuple(value)


# ---- anatomy names ------------------------------------------------------------------------------------


def _pain_marks(value: object) -> tuple[str, ...]:
    """Pain marks checked against the referral atlas, canonical, each once."""
    from spineviz.content.painmap import MAX_MARKS, PainMarkError, normalise_marks

    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise SceneError(f"must be a list, not {_kind(value)} {_show(value)}", key="pain_marks",
                         fix='write pain_marks = ["buttock-left", "low_back-right"]')
    if len(value) > MAX_MARKS:
        raise SceneError(f"has {len(value)} entries; the limit is {MAX_MARKS}", key="pain_marks",
                         fix="list each zone and side once")
    for i, mark in enumerate(value):
        try:
            normalise_marks([mark])
        except PainMarkError as exc:
            raise SceneError(str(exc), key=f"pain_marks[{i + 1}]",
                             fix="name an atlas zone and a side, like 'buttock-left' or 'low_back-right'") from None
    return normalise_marks(value)


def _level_name(key: str, value: object) -> str:
    try:
        return parse_level(value).name  # type: ignore[arg-type]
    except LevelError as exc:
        raise SceneError(f"unknown level: {exc}", key=key,
                         fix="name a level C1-C7, T1-T12, L1-L5 or S1, like 'L4'") from None


def _joint_name(key: str, value: object) -> str:
    """A facet joint ("L4/5 right") or a segment for both sides ("L4/5"), canonical."""
    if not isinstance(value, str):
        raise SceneError(f"a joint must be text such as 'L4/5 left', not {_kind(value)} {_show(value)}",
                         key=key, fix='write it in quotes, like "L4/5" or "L5/S1 left"')
    try:
        if re.search(r"\b(left|right|l|r)\b", value, re.IGNORECASE):
            return parse_facet_joint(value).name
        return parse_segment(value).name
    except LevelError as exc:
        raise SceneError(f"unknown joint: {exc}", key=key,
                         fix="name a joint like 'L4/5' (both sides) or 'L5/S1 left', upper level first") from None


NERVE_NAME = re.compile(r"([CTLS])(\d{1,2}) (nerve root|medial branch) \((left|right)\)", re.IGNORECASE)
"""A nerve's name in the nerves layer (:mod:`spineviz.anatomy.nerves`), selectable like a level or joint."""


def _selection_name(key: str, value: object) -> str:
    if not isinstance(value, str):
        raise SceneError(f"must be text such as 'L4' or 'L4/5 right', not {_kind(value)} {_show(value)}",
                         key=key, fix='write selection = "L4" or selection = "L4/5 right"')
    if re.fullmatch(r"\s*[A-Za-z]\s*\d{1,2}\s*", value):
        return _level_name(key, value)
    nerve = NERVE_NAME.fullmatch(value.strip())
    if nerve:  # a nerve of the nerves layer, as the 3-D view names it: "L4 medial branch (left)"
        return f"{nerve[1].upper()}{nerve[2]} {nerve[3].lower()} ({nerve[4].lower()})"
    try:
        return parse_facet_joint(value).name
    except LevelError as exc:
        try:
            seg = parse_segment(value)
        except LevelError:
            raise SceneError(f"unknown level or facet joint: {exc}", key=key,
                             fix="select a level like 'L4' or one facet joint like 'L4/5 right'") from None
        raise SceneError(f"{value!r} names both facet joints of {seg.name}; a selection is one of them",
                         key=key, fix=f"write '{seg.name} left' or '{seg.name} right', or a level like "
                         f"'{seg.upper.name}'") from None


def expand_joints(names: tuple[str, ...]) -> tuple[FacetJointId, ...]:
    """Facet joints named by a list of canonical names; a segment name ("L4/5") means both sides."""
    out: list[FacetJointId] = []
    for name in names:
        try:
            ids = [parse_facet_joint(name)]
        except LevelError:
            seg = parse_segment(name)
            ids = [FacetJointId(seg, "left"), FacetJointId(seg, "right")]
        out.extend(i for i in ids if i not in out)
    return tuple(out)


# ---- motion ranges ------------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def angle_limits(region: str) -> dict[str, tuple[float, float]]:
    """The allowed range of each motion component for a region, in degrees: {component: (min, max)}.

    These are the sums of the region's segmental ranges (:mod:`spineviz.motion.rom`): the limits at which
    :func:`spineviz.motion.pose.pose` clamps. Flexion runs from -extension to +flexion; bending and rotation
    are symmetric. Use them to bound sliders.
    """
    segs = list(Motion(region=region).segments)
    return {
        "flexion": (-float(EXTENSION[segs].sum()), float(FLEXION[segs].sum())),
        "lateral_bending": (-float(LATERAL_BENDING[segs].sum()), float(LATERAL_BENDING[segs].sum())),
        "axial_rotation": (-float(AXIAL_ROTATION[segs].sum()), float(AXIAL_ROTATION[segs].sum())),
    }


_WORDS = {"flexion": ("flexion", "extension"), "lateral_bending": ("bending to the left", "bending to the right"),
          "axial_rotation": ("rotation to the left", "rotation to the right")}


def check_motion_range(motion: Motion, key: str = "motion") -> None:
    """Raise :class:`SceneError` if a component of ``motion`` lies beyond its region's range."""
    limits = angle_limits(motion.region)
    for component in COMPONENTS:
        value = getattr(motion, component)
        lo, hi = limits[component]
        if lo - _LIMIT_TOLERANCE <= value <= hi + _LIMIT_TOLERANCE:
            continue
        word = _WORDS[component][0 if value > 0 else 1]
        cap = hi if value > 0 else -lo
        where = "whole spine" if motion.region == "all" else f"{motion.region} region"
        raise SceneError(
            f"{word} of {abs(value):g}° is beyond the {where}'s range of {cap:g}°",
            key=f"{key}.{component}",
            fix=f"use {component} from {lo:g} to {hi:g} degrees, or a larger region",
        )


def _motion(key: str, value: object) -> Motion:
    if not isinstance(value, Motion):
        raise SceneError(f"must be a Motion, not {_kind(value)}", key=key,
                         fix="build it with spineviz.motion.parse_motion()")
    check_motion_range(value, key)
    return value


def motion_error(exc: MotionError | LevelError, key: str) -> SceneError:
    """A motion or level error from the model, as a :class:`SceneError` at ``key``."""
    return SceneError(str(exc), key=key, fix="write a motion like 'extension=15, rotation=8 left' "
                      "with region 'all', 'cervical', 'thoracic', 'lumbar' or a span like 'L3-S1'")


def canonical_region(value: object, key: str) -> str:
    """A motion region in canonical form, or :class:`SceneError` at ``key``."""
    try:
        return normalise_region(value)
    except MotionError as exc:
        raise motion_error(exc, key) from None


__all__ = ["MAX_COORDINATE", "MAX_JOINT_LIST", "angle_limits", "canonical_region", "check_motion_range",
           "expand_joints", "motion_error"]
