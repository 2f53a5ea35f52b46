"""All UI wording goes through :func:`text`, so the audience mode changes words in one place."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

AUDIENCES = ("patient", "clinician", "educator")


@cache
def _strings() -> dict:
    return tomllib.loads(resources.files("spineviz.app").joinpath("data", "strings.toml").read_text("utf-8"))


def text(key: str, audience: str = "clinician", **values) -> str:
    """The wording for ``key`` in ``audience`` (falling back to "default"), formatted with ``values``."""
    entry = _strings()[key]
    template = entry.get(audience) or entry.get("default") or next(iter(entry.values()))
    return template.format(**values) if values else template


def load_words(newtons: float, neutral: float) -> str:
    """Plain words for a load relative to the joint's neutral share (for patients: no numbers)."""
    words = _strings()["load_words"]
    if newtons < 0.75 * neutral:
        return words["low"]
    if newtons < 1.6 * neutral:
        return words["moderate"]
    return words["high"]


def all_load_words() -> tuple[str, ...]:
    """Every wording :func:`load_words` can give (what a label keeps room for)."""
    return tuple(_strings()["load_words"].values())


def held_words(clamps, audience: str) -> str:
    """The note when a motion reaches the end of the normal range.

    No numbers for patients; the angle held for clinicians and educators. ``clamps`` are the pose's
    :class:`~spineviz.motion.pose.Clamp` values.
    """
    from spineviz.render.annotate import PLAIN_MOVES

    if not clamps:
        return ""
    moves = [PLAIN_MOVES[c.component][0 if c.requested >= 0 else 1] for c in clamps]
    held = "; ".join(f"{m} stops at {abs(c.applied):.1f}°" for m, c in zip(moves, clamps, strict=True))
    return text("clamped", audience, moves=" and ".join(dict.fromkeys(moves)), held=held)
