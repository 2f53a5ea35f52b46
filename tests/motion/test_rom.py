"""The ROM table: complete, cited, pinned against the figures it cites, and validated on load."""

from __future__ import annotations

import numpy as np
import pytest

from spineviz.anatomy.levels import SEGMENTS, parse_segment
from spineviz.motion import rom
from spineviz.motion.rom import (
    AXIAL_ROTATION,
    COUPLING,
    EXTENSION,
    FLEXION,
    LATERAL_BENDING,
    ROM,
    RomTableError,
    parse_rom_table,
)


def _index(name: str) -> int:
    return parse_segment(name).index


def test_one_row_per_segment_with_source_and_provenance():
    for array in (FLEXION, EXTENSION, LATERAL_BENDING, AXIAL_ROTATION, COUPLING):
        assert array.shape == (len(SEGMENTS),)
        assert not array.flags.writeable
    assert len(ROM.source) == len(ROM.provenance) == len(ROM.split) == len(ROM.checked) == 24
    assert all("White & Panjabi 1990" in s for s in ROM.source)
    assert all(p in rom.PROVENANCE_TAGS for p in ROM.provenance)
    assert all(text.strip() for text in ROM.split + ROM.checked)
    assert np.all(FLEXION > 0) and np.all(EXTENSION > 0)
    assert np.all(LATERAL_BENDING > 0) and np.all(AXIAL_ROTATION > 0)


# White & Panjabi 1990 representative values as transcribed in anatomy-data.md §4.1 [M]:
# (flexion + extension, lateral bending one side, axial rotation one side).
WHITE_PANJABI = {
    "C1/2": (20, 5, 40),
    "C2/3": (10, 10, 3),
    "C4/5": (20, 11, 7),
    "C7/T1": (9, 4, 2),
    "T1/2": (4, 6, 9),
    "T6/7": (5, 6, 8),
    "T9/10": (6, 6, 4),
    "T11/12": (12, 9, 2),
    "T12/L1": (12, 8, 2),
    "L1/2": (12, 6, 2),
    "L3/4": (15, 8, 2),
    "L4/5": (16, 6, 2),
    "L5/S1": (17, 3, 1),
}


@pytest.mark.parametrize(("segment", "expected"), WHITE_PANJABI.items())
def test_values_pinned_to_white_and_panjabi(segment, expected):
    i = _index(segment)
    assert (ROM.flex_ext_total[i], LATERAL_BENDING[i], AXIAL_ROTATION[i]) == expected
    assert FLEXION[i] + EXTENSION[i] == pytest.approx(ROM.flex_ext_total[i], abs=0.011)


def test_flexion_extension_split_follows_the_cited_rules():
    cervical = [s.index for s in SEGMENTS if s.region == "cervical"]
    thoracic = [s.index for s in SEGMENTS if s.region == "thoracic"]
    # Cervical about half and half; thoracic symmetric (Wilke 2017): even split.
    np.testing.assert_allclose(FLEXION[cervical + thoracic], EXTENSION[cervical + thoracic])
    # Lumbar: more flexion than extension above L5/S1 (Pearcy 1984), 2:1 here; even at L5/S1.
    for name in ("L1/2", "L2/3", "L3/4", "L4/5"):
        i = _index(name)
        assert FLEXION[i] == pytest.approx(2 * EXTENSION[i], abs=0.02)
    assert FLEXION[_index("L5/S1")] == EXTENSION[_index("L5/S1")]


def test_in_vivo_checks_recorded_in_the_table_hold():
    # C1/2 axial rotation: in vivo 36.2 (Ishii 2004) and 37.5 (Salem 2013) per side; W&P 40 within 15 %.
    assert AXIAL_ROTATION[_index("C1/2")] == pytest.approx(37.0, rel=0.15)
    assert "36.2" in ROM.checked[_index("C1/2")]
    # Lumbar F+E about 14 per level in vivo (Pearcy 1984): every lumbar total within 12-17.
    lumbar = [s.index for s in SEGMENTS if s.region == "lumbar"]
    assert np.all((ROM.flex_ext_total[lumbar] >= 12) & (ROM.flex_ext_total[lumbar] <= 17))
    # Lateral bending smallest at L5/S1, as in Pearcy 1985.
    assert LATERAL_BENDING[_index("L5/S1")] == LATERAL_BENDING[lumbar].min()


def test_coupling_is_cervical_same_side_and_decreasing():
    nonzero = np.flatnonzero(COUPLING)
    assert [SEGMENTS[i].name for i in nonzero] == ["C2/3", "C3/4", "C4/5", "C5/6", "C6/7", "C7/T1"]
    assert COUPLING[_index("C2/3")] == pytest.approx(2 / 3, abs=1e-3)  # 2 deg per 3 deg at C2
    assert COUPLING[_index("C7/T1")] == pytest.approx(1 / 7.5, abs=1e-3)  # 1 deg per 7.5 deg at C7
    assert np.all(np.diff(COUPLING[nonzero]) < 0)
    assert all(ROM.coupling_source[i] for i in nonzero)


def _texts() -> tuple[str, str]:
    return rom._read("rom.csv"), rom._read("coupling.csv")


def test_packaged_tables_parse():
    table = parse_rom_table(*_texts())
    np.testing.assert_array_equal(table.flexion, FLEXION)


def _break(rom_text: str, old: str, new: str) -> str:
    assert old in rom_text
    return rom_text.replace(old, new, 1)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("C1/2,20,10,10,5,40,M", "C1/2,20,10,10,5,nan,M", "finite"),
        ("C1/2,20,10,10,5,40,M", "C1/2,20,10,10,5,forty,M", "not a number"),
        ("C1/2,20,10,10,5,40,M", "C1/2,20,10,10,5,0,M", "greater than 0"),
        ("C1/2,20,10,10,5,40,M", "C1/2,20,12,10,5,40,M", r"flexion \+ extension = 22"),
        ("C1/2,20,10,10,5,40,M", "C1/2,20,10,10,5,40,X", "provenance"),
        ('C1/2,20,10,10,5,40,M,"White', 'C1/2,20,10,10,5,40,M," ","White', "columns|fields"),
        ("C1/2,20", "C3/4,20", "expected C1/2"),
        ("C1/2,20", "C1/9,20", "C9 does not exist"),
    ],
)
def test_broken_rom_table_is_refused_with_a_message(old, new, message):
    rom_text, coupling_text = _texts()
    with pytest.raises(RomTableError, match=message):
        parse_rom_table(_break(rom_text, old, new), coupling_text)


def test_missing_source_is_refused():
    rom_text, coupling_text = _texts()
    line = next(ln for ln in rom_text.splitlines() if ln.startswith("L4/5,"))
    fields = line.split(",", 7)
    broken = ",".join([*fields[:7], '""' + fields[7][fields[7].index('",') + 1 :]])
    with pytest.raises(RomTableError, match="'source' column is empty"):
        parse_rom_table(rom_text.replace(line, broken), coupling_text)


def test_missing_row_is_refused():
    rom_text, coupling_text = _texts()
    lines = [ln for ln in rom_text.splitlines() if not ln.startswith("T5/6,")]
    with pytest.raises(RomTableError, match="23 rows"):
        parse_rom_table("\n".join(lines), coupling_text)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("C2/3,0.667", "T2/3,0.667", "C2/3 to C7/T1 only"),
        ("C2/3,0.667", "C2/3,1.5", "not plausible"),
        ("C3/4,0.560", "C2/3,0.560", "twice"),
    ],
)
def test_broken_coupling_table_is_refused(old, new, message):
    rom_text, coupling_text = _texts()
    with pytest.raises(RomTableError, match=message):
        parse_rom_table(rom_text, _break(coupling_text, old, new))
