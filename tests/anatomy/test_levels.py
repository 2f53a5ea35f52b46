import pytest

from spineviz.anatomy.levels import (
    FACET_JOINT_IDS,
    LEVELS,
    SEGMENTS,
    LevelError,
    parse_facet_joint,
    parse_level,
    parse_segment,
)


def test_counts_and_order():
    assert [lv.name for lv in LEVELS[:7]] == [f"C{i}" for i in range(1, 8)]
    assert len([lv for lv in LEVELS if lv.region == "thoracic"]) == 12
    assert len([lv for lv in LEVELS if lv.region == "lumbar"]) == 5
    assert LEVELS[-1].is_sacrum and len(LEVELS) == 25
    assert len(SEGMENTS) == 24 and SEGMENTS[0].name == "C1/2" and SEGMENTS[-1].name == "L5/S1"
    assert len(FACET_JOINT_IDS) == 48
    assert all(j.index == i for i, j in enumerate(FACET_JOINT_IDS))


@pytest.mark.parametrize(
    ("text", "expected"),
    [("L4/5", "L4/5"), ("L4-L5", "L4/5"), ("L4–5", "L4/5"), ("L4 - 5", "L4/5"), ("l4/l5", "L4/5"),
     ("L5/S1", "L5/S1"), ("L5-S1", "L5/S1"), ("C5-6", "C5/6"), ("C7/T1", "C7/T1"), ("T12-L1", "T12/L1"),
     ("C1/2", "C1/2"), ("T6 to T7", "T6/7")],
)
def test_segment_spellings(text, expected):
    assert parse_segment(text).name == expected


@pytest.mark.parametrize(("text", "expected"), [("L4", "L4"), (" c5 ", "C5"), ("T12", "T12"), ("S1", "S1")])
def test_level_spellings(text, expected):
    assert parse_level(text).name == expected


@pytest.mark.parametrize(
    ("text", "fragment"),
    [("L6", "does not exist"), ("T13", "does not exist"), ("C8", "does not exist"), ("S2", "one piece"),
     ("C0/C1", "occiput"), ("L5/L3", "not neighbours"), ("L5/4", "upper level first"), ("X3", "no region"),
     ("", "not a joint"), ("L4/5/6", "not a joint"), ("back", "not a joint")],
)
def test_segment_rejections_are_clear(text, fragment):
    with pytest.raises(LevelError) as err:
        parse_segment(text)
    assert fragment in str(err.value)
    assert repr(text) in str(err.value) or text == ""


def test_level_rejects_nonsense_and_non_text():
    with pytest.raises(LevelError, match="does not exist"):
        parse_level("L6")
    with pytest.raises(LevelError, match="not int"):
        parse_level(4)  # type: ignore[arg-type]


def test_facet_joint_names():
    j = parse_facet_joint("right L5/S1")
    assert j.name == "L5/S1 right" and j.index == 47
    assert parse_facet_joint("C5-6 L").name == "C5/6 left"
    with pytest.raises(LevelError, match="side"):
        parse_facet_joint("L4/5")
