"""The referred-pain atlas: which body zones each facet joint refers pain to, with its sources.

The rows live in ``content/data/referral_zones.toml`` (package data); this module reads and checks
them and answers two questions: which zones does a joint refer to (:func:`zones_for`,
:func:`referrals_for`), and which joints refer to a body area (:func:`joints_referring_to`, which
also takes plain words such as "buttock", "thigh" or "shoulder blade").

Zones are named per body region, not per side: a left joint refers to the left-hand zone. The maps
overlap heavily, so a zone never identifies its joint; only controlled diagnostic blocks can.
"""

from __future__ import annotations

import difflib
import functools
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Literal

from spineviz.anatomy.levels import LevelError, Segment, parse_segment

Frequency = Literal["typical", "sometimes", "rare"]
Audience = Literal["patient", "clinician"]

FREQUENCIES: tuple[Frequency, ...] = ("typical", "sometimes", "rare")
"""The frequencies, strongest first."""
PROVENANCE_TAGS: tuple[str, ...] = ("R", "R2", "M")
"""Provenance tags as in the research notes: read [R], read in a secondary source [R2], unverified [M]."""

DEFAULT_DATA = "data/referral_zones.toml"
_ZONE_NAME = re.compile(r"^[a-z][a-z0-9]*(?:_[a-zA-Z0-9]+)*$")
_ROW_KEYS = {"joint", "zone", "frequency", "source", "provenance", "note", "see_also"}
_ROW_REQUIRED = ("joint", "zone", "frequency", "source", "provenance", "note")
_TOP_KEYS = {"sources", "zones", "words", "referral"}


class AtlasDataError(ValueError):
    """The atlas data file is malformed; the message names the file and the offending entry."""


class BodyAreaError(LookupError):
    """A body word or zone name the atlas does not know; the message suggests close matches."""


@dataclass(frozen=True)
class Source:
    """A publication that rows draw on, keyed as "Fukui 1996"."""

    key: str
    citation: str
    provenance: str
    basis: str


@dataclass(frozen=True)
class Zone:
    """A named body region pain can be referred to (one per side of the body when drawn)."""

    name: str
    display: str
    plain: str
    region: str
    advice: str | None = None
    """For a place no row of the atlas refers to (the front of the chest): what to tell someone who marks it."""

    def label(self, audience: Audience = "clinician") -> str:
        """The zone's name for ``audience``: the display name, or the plain words for a patient."""
        return self.plain if audience == "patient" else self.display


@dataclass(frozen=True)
class Referral:
    """One row of the atlas: the ``segment``'s facet joints refer pain to ``zone``."""

    segment: Segment
    zone: Zone
    frequency: Frequency
    source: Source
    provenance: str
    note: str
    see_also: tuple[Source, ...] = ()

    @property
    def strength(self) -> int:
        """0 for typical, 1 for sometimes, 2 for rare (smaller is stronger)."""
        return FREQUENCIES.index(self.frequency)


def strongest(referrals: Iterable[Referral]) -> Frequency:
    """The strongest frequency among some atlas rows ("typical" before "sometimes" before "rare").

    One rule for every place that sums rows up: a shaded zone, a ranked joint, a zone group.
    """
    return FREQUENCIES[min(r.strength for r in referrals)]


def normalise_words(text: str) -> str:
    """Fold a body word for lookup: lower case, ``_``/``-`` as spaces, no leading "my"/"the"."""
    t = re.sub(r"[\s_\-–—]+", " ", text.strip().lower())
    t = re.sub(r"^(?:my|the|a|an)\s+", "", t)
    return t.strip(" .,;:!?")


@dataclass(frozen=True, eq=False)
class Atlas:
    """The loaded, checked atlas. Use :func:`load_atlas` or :func:`default_atlas` to get one."""

    origin: str
    sources: Mapping[str, Source]
    zones: Mapping[str, Zone]
    referrals: tuple[Referral, ...]
    words: Mapping[str, tuple[str, ...]]

    def referrals_for(self, segment: Segment | str) -> list[Referral]:
        """The rows for one joint level, strongest frequency first, then in file order.

        Parameters
        ----------
        segment
            A :class:`Segment` or its name as people write it ("L4/5", "C5-6").
        """
        seg = _as_segment(segment)
        rows = [r for r in self.referrals if r.segment == seg]
        return sorted(rows, key=lambda r: r.strength)

    def zones_for(self, segment: Segment | str) -> list[Zone]:
        """The zones one joint level refers to, strongest frequency first."""
        return [r.zone for r in self.referrals_for(segment)]

    def zones_matching(self, words: str) -> tuple[Zone, ...]:
        """The zones a zone name, display name, plain name or body word means.

        Raises
        ------
        BodyAreaError
            For words the atlas does not know; the message lists close matches.
        """
        index = self._index
        key = normalise_words(words)
        names = index.get(key)
        if names is None and key.endswith("s"):
            names = index.get(key[:-1])
        if names is None:
            close = difflib.get_close_matches(key, list(index), n=4, cutoff=0.6)
            hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
            raise BodyAreaError(f"{words!r} is not a body area the referral atlas knows{hint}")
        return tuple(self.zones[n] for n in self.zones if n in names)

    def joints_referring_to(self, words: str) -> list[tuple[Segment, Frequency]]:
        """The joint levels that refer pain to a body area, top to bottom, with their frequency.

        Parameters
        ----------
        words
            A zone name ("buttock", "paravertebral_T6") or a plain body word ("thigh", "groin",
            "shoulder blade", "shoulder", "hip", "below the knee"). A word that covers several zones
            gives each level once, with its strongest frequency among them.
        """
        names = {z.name for z in self.zones_matching(words)}
        best: dict[Segment, int] = {}
        for r in self.referrals:
            if r.zone.name in names:
                best[r.segment] = min(best.get(r.segment, 9), r.strength)
        return [(seg, FREQUENCIES[s]) for seg, s in sorted(best.items())]

    @functools.cached_property
    def _index(self) -> dict[str, frozenset[str]]:
        index: dict[str, set[str]] = {}
        for z in self.zones.values():
            for key in (z.name, z.display, z.plain):
                index.setdefault(normalise_words(key), set()).add(z.name)
        for word, names in self.words.items():
            index.setdefault(normalise_words(word), set()).update(names)
        return {k: frozenset(v) for k, v in index.items()}


def _as_segment(segment: Segment | str) -> Segment:
    return segment if isinstance(segment, Segment) else parse_segment(segment)


# ---- loading and checking ---------------------------------------------------------------------


def _text(where: str, table: Mapping, key: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise AtlasDataError(f"{where}: '{key}' must be non-empty text, not {value!r}")
    return value.strip()


def _only(where: str, table: Mapping, allowed: set[str]) -> None:
    extra = sorted(set(table) - allowed)
    if extra:
        allowed_keys = ", ".join(sorted(allowed))
        raise AtlasDataError(f"{where}: unknown key(s) {', '.join(extra)}; allowed: {allowed_keys}")


def _load_sources(origin: str, raw: object) -> dict[str, Source]:
    if not isinstance(raw, Mapping) or not raw:
        raise AtlasDataError(f"{origin}: [sources] must be a table of publications")
    sources = {}
    for key, entry in raw.items():
        where = f"{origin}, [sources.{key!r}]"
        if not isinstance(entry, Mapping):
            raise AtlasDataError(f"{where}: must be a table")
        _only(where, entry, {"citation", "provenance", "basis"})
        tag = _text(where, entry, "provenance")
        if tag not in PROVENANCE_TAGS:
            raise AtlasDataError(f"{where}: provenance {tag!r} is not one of {', '.join(PROVENANCE_TAGS)}")
        sources[key] = Source(key, _text(where, entry, "citation"), tag, _text(where, entry, "basis"))
    return sources


def _load_zones(origin: str, raw: object) -> dict[str, Zone]:
    if not isinstance(raw, Mapping) or not raw:
        raise AtlasDataError(f"{origin}: [zones] must be a table of zone names")
    zones = {}
    for name, entry in raw.items():
        where = f"{origin}, zone {name!r}"
        if not _ZONE_NAME.match(name):
            raise AtlasDataError(f"{where}: a zone name is lower_snake_case like 'greater_trochanter'")
        if not isinstance(entry, Mapping):
            raise AtlasDataError(f"{where}: must be a table with display, plain and region")
        _only(where, entry, {"display", "plain", "region", "advice"})
        zones[name] = Zone(
            name,
            _text(where, entry, "display"),
            _text(where, entry, "plain"),
            _text(where, entry, "region"),
            _text(where, entry, "advice") if "advice" in entry else None,
        )
    return zones


def _load_words(origin: str, raw: object, zones: Mapping[str, Zone]) -> dict[str, tuple[str, ...]]:
    if not isinstance(raw, Mapping):
        raise AtlasDataError(f"{origin}: [words] must be a table of body word = [zone names]")
    words = {}
    for word, names in raw.items():
        where = f"{origin}, [words] {word!r}"
        if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
            raise AtlasDataError(f"{where}: must be a non-empty list of zone names")
        unknown = [n for n in names if n not in zones]
        if unknown:
            raise AtlasDataError(f"{where}: unknown zone(s) {', '.join(map(repr, unknown))}")
        words[word] = tuple(names)
    return words


def _load_row(where: str, row: object, zones: Mapping[str, Zone], sources: Mapping[str, Source]) -> Referral:
    if not isinstance(row, Mapping):
        raise AtlasDataError(f"{where}: must be a table")
    _only(where, row, _ROW_KEYS)
    for key in _ROW_REQUIRED:
        if key not in row:
            raise AtlasDataError(f"{where}: missing '{key}'")
    try:
        segment = parse_segment(_text(where, row, "joint"))
    except LevelError as exc:
        raise AtlasDataError(f"{where}: unknown joint: {exc}") from None
    zone = _text(where, row, "zone")
    if zone not in zones:
        close = difflib.get_close_matches(zone, list(zones), n=3)
        hint = f" (did you mean {', '.join(map(repr, close))}?)" if close else ""
        raise AtlasDataError(f"{where}: unknown zone {zone!r}{hint}; zones are declared in [zones]")
    frequency = _text(where, row, "frequency")
    if frequency not in FREQUENCIES:
        raise AtlasDataError(f"{where}: frequency {frequency!r} is not one of {', '.join(FREQUENCIES)}")
    source = _text(where, row, "source")
    if source not in sources:
        raise AtlasDataError(f"{where}: source {source!r} is not in [sources] ({', '.join(sources)})")
    tag = _text(where, row, "provenance")
    if tag not in PROVENANCE_TAGS:
        raise AtlasDataError(f"{where}: provenance {tag!r} is not one of {', '.join(PROVENANCE_TAGS)}")
    see_also = row.get("see_also", [])
    if not isinstance(see_also, list) or any(s not in sources for s in see_also):
        raise AtlasDataError(f"{where}: see_also must list keys of [sources], not {see_also!r}")
    return Referral(
        segment=segment,
        zone=zones[zone],
        frequency=frequency,  # type: ignore[arg-type]
        source=sources[source],
        provenance=tag,
        note=_text(where, row, "note"),
        see_also=tuple(sources[s] for s in see_also),
    )


def parse_atlas(text: str, origin: str = "referral_zones.toml") -> Atlas:
    """Check and build an atlas from TOML ``text``; ``origin`` names the file in error messages.

    Raises
    ------
    AtlasDataError
        For invalid TOML, an unknown zone, joint, source or frequency, a missing field or a
        duplicated joint-and-zone row. The message names the file and the row.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise AtlasDataError(f"{origin}: not valid TOML: {exc}") from None
    _only(origin, data, _TOP_KEYS)
    sources = _load_sources(origin, data.get("sources"))
    zones = _load_zones(origin, data.get("zones"))
    words = _load_words(origin, data.get("words", {}), zones)
    rows = data.get("referral")
    if not isinstance(rows, list) or not rows:
        raise AtlasDataError(f"{origin}: no [[referral]] rows")
    referrals: list[Referral] = []
    seen: dict[tuple[Segment, str], int] = {}
    for number, row in enumerate(rows, start=1):
        label = ""
        if isinstance(row, Mapping):
            label = f" (joint = {row.get('joint')!r}, zone = {row.get('zone')!r})"
        where = f"{origin}, [[referral]] row {number}{label}"
        ref = _load_row(where, row, zones, sources)
        key = (ref.segment, ref.zone.name)
        if key in seen:
            raise AtlasDataError(f"{where}: duplicates row {seen[key]}; give one row per joint and zone")
        seen[key] = number
        referrals.append(ref)
    return Atlas(
        origin=origin,
        sources=MappingProxyType(sources),
        zones=MappingProxyType(zones),
        referrals=tuple(referrals),
        words=MappingProxyType(words),
    )


def load_atlas(path: str | Path | None = None) -> Atlas:
    """Load the atlas from ``path``, or from the package's own data file when ``path`` is None.

    Raises
    ------
    AtlasDataError
        When the file is malformed (see :func:`parse_atlas`) or cannot be read.
    """
    if path is None:
        origin = f"spineviz/content/{DEFAULT_DATA}"
        text = resources.files("spineviz.content").joinpath(DEFAULT_DATA).read_text(encoding="utf-8")
    else:
        origin = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise AtlasDataError(f"{origin}: cannot read the atlas: {exc.strerror or exc}") from None
    return parse_atlas(text, origin)


@functools.cache
def default_atlas() -> Atlas:
    """The package's atlas, loaded once."""
    return load_atlas()


def zones_for(segment: Segment | str) -> list[Zone]:
    """The zones a joint level refers pain to, strongest first (see :meth:`Atlas.zones_for`)."""
    return default_atlas().zones_for(segment)


def referrals_for(segment: Segment | str) -> list[Referral]:
    """The atlas rows for a joint level, strongest first (see :meth:`Atlas.referrals_for`)."""
    return default_atlas().referrals_for(segment)


def joints_referring_to(words: str) -> list[tuple[Segment, Frequency]]:
    """The joint levels that refer pain to a zone or body word (see :meth:`Atlas.joints_referring_to`)."""
    return default_atlas().joints_referring_to(words)


def body_words() -> Mapping[str, tuple[str, ...]]:
    """The plain body words the atlas understands, each with the zone names it means."""
    return default_atlas().words
