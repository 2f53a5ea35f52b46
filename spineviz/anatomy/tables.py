"""The cited anatomy tables (per-level dimensions, per-segment discs and curvature), read from package data.

The numbers live in CSV files next to this module so that a reader can check each row against its source
without reading code; this module only parses and validates them.
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, fields
from functools import cache
from importlib import resources

from spineviz.anatomy.levels import LEVEL_NAMES, SEGMENTS, Level, Segment, parse_level, parse_segment


class TableError(ValueError):
    """A data table that does not parse; the message names the file, the row and the fix."""


@dataclass(frozen=True)
class LevelDimensions:
    """One row of ``dimensions.csv`` (mm and degrees; ``None`` where the level has no such part)."""

    level: Level
    epw: float | None
    epd: float | None
    vbha: float | None
    vbhp: float | None
    pw: float | None
    ph: float | None
    cw: float | None
    cd: float | None
    spl: float | None
    spi: float | None
    tps: float | None
    ifw: float | None
    ifh: float | None
    sft: float | None
    sfa: float | None
    source: str

    @property
    def body_wedge_deg(self) -> float:
        """Sagittal wedge of the body (positive = taller anteriorly, lordotic)."""
        if self.vbha is None or self.vbhp is None or not self.epd:
            return 0.0
        return math.degrees(math.atan((self.vbha - self.vbhp) / self.epd))

    @property
    def body_height(self) -> float:
        """Mean of anterior and posterior body height."""
        if self.vbha is None or self.vbhp is None:
            return 0.0
        return 0.5 * (self.vbha + self.vbhp)


@dataclass(frozen=True)
class SegmentGeometry:
    """One row of ``segments.csv``: the neutral disc between two levels."""

    segment: Segment
    disc_h: float
    wedge: float
    source: str


def _rows(name: str) -> list[tuple[int, dict[str, str]]]:
    text = resources.files("spineviz.anatomy").joinpath("data", name).read_text(encoding="utf-8")
    return _parse_csv(text, name)


def _parse_csv(text: str, name: str) -> list[tuple[int, dict[str, str]]]:
    lines = text.splitlines()
    kept = [(i + 1, ln) for i, ln in enumerate(lines) if ln.strip() and not ln.lstrip().startswith("#")]
    if not kept:
        raise TableError(f"{name}: no rows; restore the file from the package")
    reader = csv.DictReader(io.StringIO("\n".join(ln for _, ln in kept)))
    out = []
    for (lineno, _), row in zip(kept[1:], reader, strict=True):
        if None in row or any(v is None for v in row.values()):
            raise TableError(f"{name} line {lineno}: wrong number of columns; compare with the header")
        out.append((lineno, row))
    return out


def _number(value: str, name: str, lineno: int, column: str) -> float | None:
    if value.strip() == "":
        return None
    try:
        x = float(value)
    except ValueError:
        raise TableError(f"{name} line {lineno}: column {column!r} is {value!r}, not a number") from None
    if not math.isfinite(x) or x < 0:
        raise TableError(f"{name} line {lineno}: column {column!r} must be a finite number >= 0, got {x}")
    return x


def parse_dimensions(text: str, name: str = "dimensions.csv") -> dict[str, LevelDimensions]:
    """Parse the per-level table; every level C1..S1 must appear once, with a source."""
    numeric = [f.name for f in fields(LevelDimensions) if f.name not in ("level", "source")]
    table: dict[str, LevelDimensions] = {}
    for lineno, row in _parse_csv(text, name):
        try:
            lv = parse_level(row["level"])
        except ValueError as err:
            raise TableError(f"{name} line {lineno}: {err}") from None
        if not row.get("source", "").strip():
            raise TableError(f"{name} line {lineno}: {lv} has no source; every row must cite one")
        values = {c: _number(row[c], name, lineno, c) for c in numeric}
        table[lv.name] = LevelDimensions(level=lv, source=row["source"].strip(), **values)
    missing = [n for n in LEVEL_NAMES if n not in table]
    if missing:
        raise TableError(f"{name}: no row for {', '.join(missing)}; add one per level")
    return table


def parse_segments(text: str, name: str = "segments.csv") -> dict[str, SegmentGeometry]:
    """Parse the per-segment disc table; all 24 segments must appear once, with a source."""
    table: dict[str, SegmentGeometry] = {}
    for lineno, row in _parse_csv(text, name):
        try:
            seg = parse_segment(row["segment"])
        except ValueError as err:
            raise TableError(f"{name} line {lineno}: {err}") from None
        disc = _number(row["disc_h"], name, lineno, "disc_h")
        try:
            wedge = float(row["wedge"])
        except ValueError:
            raise TableError(f"{name} line {lineno}: wedge {row['wedge']!r} is not a number") from None
        if disc is None or not math.isfinite(wedge) or abs(wedge) > 30:
            raise TableError(f"{name} line {lineno}: disc_h must be given and |wedge| <= 30 degrees")
        if not row.get("source", "").strip():
            raise TableError(f"{name} line {lineno}: {seg} has no source; every row must cite one")
        table[seg.name] = SegmentGeometry(seg, disc, wedge, row["source"].strip())
    missing = [s.name for s in SEGMENTS if s.name not in table]
    if missing:
        raise TableError(f"{name}: no row for {', '.join(missing)}; add one per segment")
    return table


@cache
def dimensions() -> dict[str, LevelDimensions]:
    """The shipped per-level table, keyed by level name."""
    return parse_dimensions(
        resources.files("spineviz.anatomy").joinpath("data", "dimensions.csv").read_text(encoding="utf-8")
    )


@cache
def segments() -> dict[str, SegmentGeometry]:
    """The shipped per-segment table, keyed by segment name ("L4/5")."""
    return parse_segments(
        resources.files("spineviz.anatomy").joinpath("data", "segments.csv").read_text(encoding="utf-8")
    )
