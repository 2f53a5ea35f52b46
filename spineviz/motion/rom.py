"""The cited segmental range-of-motion (ROM) table and the cervical coupling ratios, read from package data.

The numbers live in ``data/rom.csv`` and ``data/coupling.csv`` so that a reader can check every row against
its source without reading code (``data/ROM_SOURCES.md`` says what was checked). This module only parses and
validates them and exposes one read-only array of shape (24,) per direction, indexed like
:data:`spineviz.anatomy.levels.SEGMENTS` (C1/2 = 0 … L5/S1 = 23). All angles are in degrees.

- :data:`FLEXION`, :data:`EXTENSION`: each direction from neutral (both positive numbers).
- :data:`LATERAL_BENDING`, :data:`AXIAL_ROTATION`: one side (the model treats left and right alike).
- :data:`COUPLING`: degrees of same-side axial rotation per degree of lateral bending (cervical only).
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass
from importlib import resources

import numpy as np

from spineviz.anatomy.levels import SEGMENTS, LevelError, parse_segment

PROVENANCE_TAGS = ("R", "R2", "M")
_ROM_COLUMNS = (
    "segment",
    "flex_ext_total",
    "flexion",
    "extension",
    "lateral_bending",
    "axial_rotation",
    "provenance",
    "source",
    "split",
    "checked",
)
_COUPLING_COLUMNS = ("segment", "ratio", "provenance", "source", "checked")
_SUM_TOLERANCE = 0.011  # degrees: the split values are written to two decimals


class RomTableError(ValueError):
    """A ROM or coupling table that does not parse or validate; the message names the file, row and fix."""


@dataclass(frozen=True)
class RomTable:
    """The validated ROM table: one entry per segment, in :data:`SEGMENTS` order (degrees)."""

    flex_ext_total: np.ndarray
    flexion: np.ndarray
    extension: np.ndarray
    lateral_bending: np.ndarray
    axial_rotation: np.ndarray
    coupling: np.ndarray
    provenance: tuple[str, ...]
    source: tuple[str, ...]
    split: tuple[str, ...]
    checked: tuple[str, ...]
    coupling_source: tuple[str, ...]


def _rows(text: str, name: str, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """Parse CSV text, skipping blank lines and ``#`` comments; return (line number, row) pairs."""
    kept = [
        (i + 1, line)
        for i, line in enumerate(text.splitlines())
        if line.strip() and not line.lstrip().startswith("#")
    ]
    if not kept:
        raise RomTableError(f"{name}: no rows; restore the file from the package")
    reader = csv.DictReader(io.StringIO("\n".join(line for _, line in kept)))
    header = tuple(reader.fieldnames or ())
    if header != columns:
        raise RomTableError(f"{name}: columns are {header}; expected {columns}")
    rows = []
    for (lineno, _), row in zip(kept[1:], reader, strict=True):
        if None in row or any(v is None for v in row.values()):
            raise RomTableError(
                f"{name} line {lineno}: expected {len(columns)} fields; quote text with commas"
            )
        rows.append((lineno, row))
    return rows


def _number(row: dict[str, str], key: str, where: str, *, positive: bool = True) -> float:
    text = row[key].strip()
    try:
        value = float(text)
    except ValueError:
        raise RomTableError(f"{where}: {key}={text!r} is not a number of degrees") from None
    if not math.isfinite(value):
        raise RomTableError(f"{where}: {key}={text!r} must be a finite number")
    if positive and value <= 0:
        raise RomTableError(f"{where}: {key}={value} must be greater than 0")
    if not positive and value < 0:
        raise RomTableError(f"{where}: {key}={value} must not be negative")
    return value


def _text(row: dict[str, str], key: str, where: str) -> str:
    value = row[key].strip()
    if not value:
        raise RomTableError(f"{where}: the {key!r} column is empty; every row needs its {key}")
    return value


def _provenance(row: dict[str, str], where: str) -> str:
    tag = row["provenance"].strip()
    if tag not in PROVENANCE_TAGS:
        raise RomTableError(f"{where}: provenance {tag!r} is not one of {PROVENANCE_TAGS}")
    return tag


def _segment_index(row: dict[str, str], where: str) -> int:
    try:
        return parse_segment(row["segment"]).index
    except LevelError as exc:
        raise RomTableError(f"{where}: {exc}") from None


def _frozen(values: list[float]) -> np.ndarray:
    array = np.array(values, dtype=float)
    array.setflags(write=False)
    return array


def parse_rom_table(rom_text: str, coupling_text: str) -> RomTable:
    """Parse and validate the two tables (the text of ``rom.csv`` and ``coupling.csv``).

    Raises
    ------
    RomTableError
        For a missing or extra segment, a row out of order, a non-finite or non-positive angle, a
        flexion/extension split that does not add up to the combined range, a missing source, or an
        unknown provenance tag.
    """
    rom_rows = _rows(rom_text, "rom.csv", _ROM_COLUMNS)
    if len(rom_rows) != len(SEGMENTS):
        raise RomTableError(f"rom.csv: {len(rom_rows)} rows; expected one per segment, {len(SEGMENTS)}")
    numbers: dict[str, list[float]] = {
        k: [] for k in ("flex_ext_total", "flexion", "extension", "lateral_bending", "axial_rotation")
    }
    texts: dict[str, list[str]] = {k: [] for k in ("provenance", "source", "split", "checked")}
    for expected, (lineno, row) in enumerate(rom_rows):
        where = f"rom.csv line {lineno} ({row['segment'].strip()})"
        index = _segment_index(row, where)
        if index != expected:
            raise RomTableError(f"{where}: expected {SEGMENTS[expected].name} here; keep rows top to bottom")
        for key, values in numbers.items():
            values.append(_number(row, key, where))
        total = numbers["flex_ext_total"][-1]
        split_sum = numbers["flexion"][-1] + numbers["extension"][-1]
        if abs(split_sum - total) > _SUM_TOLERANCE:
            raise RomTableError(
                f"{where}: flexion + extension = {split_sum:g} but flex_ext_total = {total:g}; "
                "make them agree"
            )
        texts["provenance"].append(_provenance(row, where))
        for key in ("source", "split", "checked"):
            texts[key].append(_text(row, key, where))

    coupling = [0.0] * len(SEGMENTS)
    coupling_source = [""] * len(SEGMENTS)
    seen: set[int] = set()
    for lineno, row in _rows(coupling_text, "coupling.csv", _COUPLING_COLUMNS):
        where = f"coupling.csv line {lineno} ({row['segment'].strip()})"
        index = _segment_index(row, where)
        if index in seen:
            raise RomTableError(f"{where}: segment listed twice")
        seen.add(index)
        if SEGMENTS[index].region != "cervical" or index == 0:
            raise RomTableError(f"{where}: coupling is modelled for C2/3 to C7/T1 only")
        ratio = _number(row, "ratio", where, positive=False)
        if ratio > 1.0:
            raise RomTableError(
                f"{where}: ratio {ratio} above 1 (more rotation than bending) is not plausible"
            )
        _provenance(row, where)
        _text(row, "checked", where)
        coupling[index] = ratio
        coupling_source[index] = _text(row, "source", where)

    return RomTable(
        **{k: _frozen(v) for k, v in numbers.items()},
        coupling=_frozen(coupling),
        provenance=tuple(texts["provenance"]),
        source=tuple(texts["source"]),
        split=tuple(texts["split"]),
        checked=tuple(texts["checked"]),
        coupling_source=tuple(coupling_source),
    )


def _read(name: str) -> str:
    return resources.files("spineviz.motion").joinpath("data", name).read_text(encoding="utf-8")


def load_rom_table() -> RomTable:
    """Read and validate the packaged ``rom.csv`` and ``coupling.csv``."""
    return parse_rom_table(_read("rom.csv"), _read("coupling.csv"))


ROM: RomTable = load_rom_table()
FLEXION: np.ndarray = ROM.flexion
EXTENSION: np.ndarray = ROM.extension
LATERAL_BENDING: np.ndarray = ROM.lateral_bending
AXIAL_ROTATION: np.ndarray = ROM.axial_rotation
COUPLING: np.ndarray = ROM.coupling
