"""Animation as data: a timeline of keyframes, and the motion at any time as a pure function of time.

Times are in seconds, angles in degrees (signs as in :mod:`spineviz.motion.motion`). Between two keyframes
each angle is interpolated with the timeline's easing; the timeline's mode says what happens after its
``duration``:

- ``"once"``: holds the first keyframe before it and the last one after it;
- ``"loop"``: repeats with period ``duration``; if the last keyframe comes before ``duration`` the motion
  travels from the last keyframe back to the first over the remaining time;
- ``"pingpong"``: plays forward, then backward, with period ``2 * duration``.

:data:`PRESETS` holds the packaged animations (``data/presets.toml``), by id.
"""

from __future__ import annotations

import bisect
import itertools
import math
import numbers
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from types import MappingProxyType

from spineviz.motion.motion import COMPONENTS, Motion, MotionError, parse_motion

EASINGS: tuple[str, ...] = ("linear", "ease_in_out")
MODES: tuple[str, ...] = ("once", "loop", "pingpong")


class TimelineError(MotionError):
    """A keyframe or timeline that makes no sense; the message names the bad part and the fix."""


def _seconds(name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TimelineError(f"{name} must be a number of seconds, not {type(value).__name__}")
    try:
        result = float(value)
    except (ValueError, OverflowError, TypeError):
        raise TimelineError(f"{name} is not a usable number of seconds") from None
    if not math.isfinite(result):
        raise TimelineError(f"{name} must be a finite number of seconds, not {result}")
    return result


@dataclass(frozen=True)
class Keyframe:
    """A motion to reach at time ``t`` (seconds from the start, ``t >= 0``)."""

    t: float
    motion: Motion

    def __post_init__(self) -> None:
        t = _seconds("a keyframe's time", self.t)
        if t < 0:
            raise TimelineError(f"a keyframe's time must not be negative, got {t}")
        if not isinstance(self.motion, Motion):
            raise TimelineError(
                f"a keyframe needs a Motion, not {type(self.motion).__name__}; build one with parse_motion()"
            )
        object.__setattr__(self, "t", t)


@dataclass(frozen=True)
class Timeline:
    """Keyframes in time order, an easing, a mode and a duration (seconds).

    Parameters
    ----------
    keyframes
        At least one; strictly increasing times; all with the same region.
    easing
        "linear" or "ease_in_out" (smoothstep: zero speed at every keyframe).
    mode
        "once", "loop" or "pingpong" (see the module docstring).
    duration
        Length of one pass; default the last keyframe's time. Must not be shorter than that.
    name
        Display name (presets have one).
    """

    keyframes: tuple[Keyframe, ...]
    easing: str = "linear"
    mode: str = "once"
    duration: float | None = None
    name: str = ""
    _times: tuple[float, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        try:
            keys = tuple(self.keyframes)
        except TypeError:
            raise TimelineError("keyframes must be a sequence of Keyframe") from None
        if not keys:
            raise TimelineError("a timeline needs at least one keyframe")
        for key in keys:
            if not isinstance(key, Keyframe):
                raise TimelineError(f"keyframes must be Keyframe objects, not {type(key).__name__}")
        times = tuple(k.t for k in keys)
        for before, after in itertools.pairwise(times):
            if after <= before:
                raise TimelineError(f"keyframe times must increase strictly; {after} follows {before}")
        regions = {k.motion.region for k in keys}
        if len(regions) > 1:
            raise TimelineError(
                f"all keyframes of a timeline must share one region, got {sorted(regions)}; "
                "split the animation into timelines per region"
            )
        if self.easing not in EASINGS:
            raise TimelineError(f"unknown easing {self.easing!r}; use one of {EASINGS}")
        if self.mode not in MODES:
            raise TimelineError(f"unknown mode {self.mode!r}; use one of {MODES}")
        duration = times[-1] if self.duration is None else _seconds("duration", self.duration)
        if duration < times[-1]:
            raise TimelineError(f"duration {duration} is shorter than the last keyframe's time {times[-1]}")
        if not isinstance(self.name, str):
            raise TimelineError("a timeline's name must be text")
        object.__setattr__(self, "keyframes", keys)
        object.__setattr__(self, "duration", duration)
        object.__setattr__(self, "_times", times)

    @property
    def region(self) -> str:
        return self.keyframes[0].motion.region

    @property
    def period(self) -> float:
        """Seconds after which the motion repeats (``inf`` for "once")."""
        if self.mode == "once":
            return math.inf
        return self.duration * (2.0 if self.mode == "pingpong" else 1.0)  # type: ignore[operator]

    def at(self, t: float) -> Motion:
        """The motion at time ``t``; same as :func:`motion_at`."""
        return motion_at(self, t)


def _ease(u: float, easing: str) -> float:
    if easing == "ease_in_out":
        return u * u * (3.0 - 2.0 * u)
    return u


def _between(a: Motion, b: Motion, u: float, region: str) -> Motion:
    return Motion(*(x + (y - x) * u for x, y in zip(a.angles, b.angles, strict=True)), region=region)


def motion_at(timeline: Timeline, t: float) -> Motion:
    """The motion of ``timeline`` at time ``t`` seconds: a pure function of its two arguments.

    Raises
    ------
    TimelineError
        If ``t`` is not a finite number.
    """
    t = _seconds("time", t)
    keys, times = timeline.keyframes, timeline._times
    duration: float = timeline.duration  # type: ignore[assignment]
    region = timeline.region
    if len(keys) == 1 or duration <= 0.0:
        return keys[0].motion
    if timeline.mode == "loop":
        tau = t % duration
    elif timeline.mode == "pingpong":
        tau = t % (2.0 * duration)
        tau = 2.0 * duration - tau if tau > duration else tau
    else:
        tau = min(max(t, 0.0), duration)

    if timeline.mode == "loop" and (tau < times[0] or tau > times[-1]):
        # Wrap from the last keyframe to the first one of the next pass.
        start = times[-1] if tau > times[-1] else times[-1] - duration
        span = times[0] + duration - times[-1]
        u = (tau - start) / span if span > 0 else 1.0
        return _between(keys[-1].motion, keys[0].motion, _ease(u, timeline.easing), region)
    if tau <= times[0]:
        return keys[0].motion
    if tau >= times[-1]:
        return keys[-1].motion
    i = bisect.bisect_right(times, tau) - 1
    u = (tau - times[i]) / (times[i + 1] - times[i])
    return _between(keys[i].motion, keys[i + 1].motion, _ease(u, timeline.easing), region)


def parse_presets(text: str) -> dict[str, Timeline]:
    """Parse presets TOML: one table per preset id with name, region, mode, easing, duration, keyframes.

    Each keyframe is ``{ t = seconds, motion = "parse_motion text" }``.

    Raises
    ------
    TimelineError
        For TOML that does not parse or a preset that does not validate; the message names the preset.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TimelineError(f"presets.toml: {exc}") from None
    presets: dict[str, Timeline] = {}
    for preset_id, table in data.items():
        try:
            if not isinstance(table, dict):
                raise TimelineError("must be a table")
            unknown = set(table) - {"name", "region", "mode", "easing", "duration", "keyframes"}
            if unknown:
                raise TimelineError(f"unknown keys {sorted(unknown)}")
            region = table.get("region", "all")
            keyframes = []
            for entry in table.get("keyframes", []):
                if not isinstance(entry, dict) or set(entry) != {"t", "motion"}:
                    raise TimelineError('each keyframe is { t = seconds, motion = "..." }')
                keyframes.append(Keyframe(entry["t"], parse_motion(entry["motion"], region=region)))
            presets[preset_id] = Timeline(
                tuple(keyframes),
                easing=table.get("easing", "linear"),
                mode=table.get("mode", "once"),
                duration=table.get("duration"),
                name=table.get("name", preset_id),
            )
        except MotionError as exc:
            raise TimelineError(f"presets.toml [{preset_id}]: {exc}") from None
    return presets


def _load_presets() -> MappingProxyType[str, Timeline]:
    text = resources.files("spineviz.motion").joinpath("data", "presets.toml").read_text(encoding="utf-8")
    return MappingProxyType(parse_presets(text))


PRESETS: MappingProxyType[str, Timeline] = _load_presets()

__all__ = [
    "COMPONENTS",
    "EASINGS",
    "MODES",
    "PRESETS",
    "Keyframe",
    "Timeline",
    "TimelineError",
    "motion_at",
    "parse_presets",
]
