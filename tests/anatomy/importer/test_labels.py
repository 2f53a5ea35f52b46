"""The label tables are data with their sources, and the numbers are the published ones."""

from __future__ import annotations

from importlib import resources

import pytest

from spineviz.anatomy.importer.errors import ImportInputError
from spineviz.anatomy.importer.labels import built_in, detect


def _text(name: str) -> str:
    return resources.files("spineviz.anatomy").joinpath("data", "labelmaps", name).read_text("utf-8")


def test_totalsegmentator_v2_numbers_and_source():
    ts = built_in("totalsegmentator")
    assert (ts.labels[25], ts.labels[26], ts.labels[27], ts.labels[31], ts.labels[32], ts.labels[43],
            ts.labels[44], ts.labels[50]) == ("S1", "S1", "L5", "L1", "T12", "T1", "C7", "C1")
    assert ts.level_of_file("vertebrae_L4") == "L4" and ts.level_of_file("sacrum") == "S1"
    assert "Wasserthal" in _text("totalsegmentator.toml") and "map_to_binary" in _text("totalsegmentator.toml")


def test_verse_numbers_and_source():
    verse = built_in("verse")
    assert (verse.labels[1], verse.labels[7], verse.labels[8], verse.labels[19], verse.labels[20],
            verse.labels[24], verse.labels[25], verse.labels[26], verse.labels[28]) == (
        "C1", "C7", "T1", "T12", "L1", "L5", "L6", "S1", "T13")
    assert "Sekuboyina" in _text("verse.toml")


def test_bodyparts3d_fma_identifiers_and_source():
    fma = built_in("bodyparts3d")
    assert fma.level_of_file("FMA13075") == "L4"
    assert fma.level_of_file("FMA16202") == "S1"
    assert fma.level_of_file("FMA12519") == "C1"
    assert fma.level_of_file("FMA9165") == "T1"
    assert fma.level_of_file("FMA10081") == "T12"
    assert len(fma.files) == 25
    assert "Rosse" in _text("bodyparts3d_fma.toml") and "Mitsuhashi" in _text("bodyparts3d_fma.toml")


def test_detection_tells_the_conventions_apart():
    assert detect({1, 5, 30, 31, 32, 33, 52, 117}, "x").name == "totalsegmentator"  # organs plus T11-L2
    assert detect({20, 21, 22, 23, 24, 26}, "x").name == "verse"
    with pytest.raises(ImportInputError, match="unknown label set"):
        detect({200, 201}, "x")
