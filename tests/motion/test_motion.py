"""Motion values, regions and the text parser; nonsense gives MotionError and nothing else."""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spineviz.motion.motion import Motion, MotionError, normalise_region, parse_motion, region_segments


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("extension=15, rotation=-20", (-15.0, 0.0, -20.0)),
        ("flexion=30", (30.0, 0.0, 0.0)),
        ("flex 10; bend=5 left", (10.0, 5.0, 0.0)),
        ("lateral=12 right", (0.0, -12.0, 0.0)),
        ("lateral_bending: -12", (0.0, -12.0, 0.0)),
        ("side bending = 7.5°", (0.0, 7.5, 0.0)),
        ("rotation=20 left", (0.0, 0.0, 20.0)),
        ("rotation=left 20", (0.0, 0.0, 20.0)),
        ("axial_rotation=20 deg to the right", (0.0, 0.0, -20.0)),
        ("Axial-Rotation = \u221220", (0.0, 0.0, -20.0)),
        ("ext 15, rot 10 right,", (-15.0, 0.0, -10.0)),
        ("EXTENSION=0", (0.0, 0.0, 0.0)),
        ("neutral", (0.0, 0.0, 0.0)),
        ("flexion=1e1", (10.0, 0.0, 0.0)),
        ("flexion=.5", (0.5, 0.0, 0.0)),
    ],
)
def test_parse_motion_examples(text, expected):
    motion = parse_motion(text)
    assert motion.angles == expected
    assert motion.region == "all"
    assert all(math.copysign(1.0, a) == 1.0 for a in motion.angles if a == 0.0)  # no -0.0


def test_parse_motion_region_argument_and_key():
    assert parse_motion("extension=15", region="lumbar").region == "lumbar"
    assert parse_motion("extension=15, region=L3-S1").region == "L3-S1"
    assert parse_motion("extension=15, region=l3 to s1", region="L3–S1").region == "L3-S1"
    with pytest.raises(MotionError, match="region=lumbar but region="):
        parse_motion("extension=15, region=lumbar", region="cervical")


@pytest.mark.parametrize(
    ("region", "canonical", "segments"),
    [
        ("all", "all", list(range(24))),
        ("Whole spine", "all", list(range(24))),
        ("cervical", "cervical", list(range(0, 7))),
        ("thoracic", "thoracic", list(range(7, 19))),
        ("LUMBAR", "lumbar", list(range(19, 24))),
        ("L3-S1", "L3-S1", [21, 22, 23]),
        ("L3–S1", "L3-S1", [21, 22, 23]),
        ("C5–C7", "C5-C7", [4, 5]),
        ("T12/L1", "T12-L1", [18]),
        ("L4/5", "L4-L5", [22]),
        ("c7 to t2", "C7-T2", [6, 7]),
        ("C1-S1", "C1-S1", list(range(24))),
    ],
)
def test_regions(region, canonical, segments):
    assert normalise_region(region) == canonical
    assert list(region_segments(region)) == segments
    assert list(Motion(region=region).segments) == segments
    assert Motion(region=region).region == canonical


@pytest.mark.parametrize(
    ("region", "message"),
    [
        ("sacral", "unknown region 'sacral'"),
        ("neck", "unknown region"),
        ("L4", "unknown region"),
        ("L4-L4", "single level"),
        ("S1-L5", "upper level first, as 'L5-S1'"),
        ("L3-L7", "L7 does not exist"),
        ("C0-C2", "C0 .* not modelled"),
        ("", "unknown region"),
    ],
)
def test_bad_regions(region, message):
    with pytest.raises(MotionError, match=message):
        Motion(region=region)
    with pytest.raises(MotionError, match=message):
        parse_motion("flexion=10", region=region)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("flexion=nan", "finite number of degrees, not nan"),
        ("rotation=inf", "finite"),
        ("rotation=-Infinity", "finite"),
        ("flexion=1e999", "too large"),
        ("flexion=forty", "'forty' is not a number of degrees"),
        ("flexion", "missing a number of degrees"),
        ("flexion=", "missing a number of degrees"),
        ("twist=10", "unknown motion key 'twist'"),
        ("10", "'10' has no key"),
        ("= 10", "has no key"),
        ("flexion=10, extension=5", "'flexion' and 'extension' both set flexion"),
        ("bend=5, lateral=3", "both set lateral bending"),
        ("flexion=10 left", "only apply to bending and rotation"),
        ("rotation=-20 right", "either a sign or 'left'/'right'"),
        ("", "empty motion"),
        ("   ", "empty motion"),
        ("region=", "needs a region"),
        ("region=lumbar, region=cervical", "region given twice"),
        ("flexion=10, region=lumbarish", "unknown region 'lumbarish'"),
    ],
)
def test_parse_motion_errors_name_the_bad_part(text, message):
    with pytest.raises(MotionError, match=message):
        parse_motion(text)


@pytest.mark.parametrize("bad", [None, 15, b"flexion=10", ["flexion=10"]])
def test_parse_motion_needs_text(bad):
    with pytest.raises(MotionError, match="a motion must be text"):
        parse_motion(bad)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"flexion": float("nan")}, "flexion=nan must be a finite number"),
        ({"lateral_bending": float("inf")}, "lateral_bending=inf must be a finite"),
        ({"axial_rotation": np.float32("nan")}, "axial_rotation=.* finite"),
        ({"flexion": "15"}, "flexion must be a number of degrees, not str '15'; use parse_motion"),
        ({"flexion": True}, "not bool"),
        ({"flexion": None}, "not NoneType"),
        ({"flexion": 1j}, "not complex"),
        ({"flexion": 10**400}, "not a usable number"),
        ({"flexion": Decimal("sNaN")}, "not a usable number"),
        ({"region": 3}, "a region must be text"),
    ],
)
def test_motion_errors(kwargs, message):
    with pytest.raises(MotionError, match=message):
        Motion(**kwargs)


def test_motion_accepts_real_numbers_and_is_frozen():
    motion = Motion(np.int64(10), Fraction(1, 2), Decimal("2.5"), "lumbar")
    assert motion.angles == (10.0, 0.5, 2.5)
    assert all(type(a) is float for a in motion.angles)
    with pytest.raises(AttributeError):
        motion.flexion = 3.0  # type: ignore[misc]
    assert Motion() == Motion(0, 0, 0, "whole spine")
    assert hash(Motion(1, 2, 3)) == hash(Motion(1.0, 2.0, 3.0))
    assert Motion().is_neutral and not motion.is_neutral


def test_describe():
    assert Motion(-15, 0, 20, "lumbar").describe() == "extension 15°, rotation 20° to the left (lumbar)"
    assert Motion(0, -5).describe() == "side bending 5° to the right (whole spine)"
    assert Motion().describe() == "neutral (whole spine)"


# --- properties -------------------------------------------------------------------------------------------

_anything = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.fractions(),
    st.complex_numbers(),
    st.text(max_size=30),
    st.binary(max_size=10),
    st.lists(st.integers(), max_size=3),
)

_motion_words = st.sampled_from(
    [
        "flexion",
        "extension",
        "bend",
        "lateral",
        "rotation",
        "axial_rotation",
        "region",
        "left",
        "right",
        "=",
        ":",
        ",",
        ";",
        " ",
        "-",
        "+",
        ".",
        "e",
        "1",
        "15",
        "1e999",
        "nan",
        "inf",
        "°",
        "deg",
        "L3-S1",
        "lumbar",
        "C5–C7",
        "neutral",
        "\u2212",
        "to the",
        "\n",
    ]
)


@settings(max_examples=300, database=None)
@given(
    text=st.one_of(st.text(max_size=60), st.lists(_motion_words, max_size=12).map("".join), _anything),
    region=st.one_of(st.none(), st.text(max_size=12), _anything),
)
def test_parse_motion_never_raises_anything_but_motion_error(text, region):
    try:
        motion = parse_motion(text, region=region)
    except MotionError:
        return
    assert isinstance(motion, Motion)
    assert all(math.isfinite(a) for a in motion.angles)


@settings(max_examples=300, database=None)
@given(flexion=_anything, lateral=_anything, rotation=_anything, region=st.one_of(_anything, st.text()))
def test_motion_never_raises_anything_but_motion_error(flexion, lateral, rotation, region):
    try:
        motion = Motion(flexion, lateral, rotation, region)
    except MotionError:
        return
    assert all(type(a) is float and math.isfinite(a) for a in motion.angles)


_finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
_regions = st.sampled_from(["all", "cervical", "thoracic", "lumbar", "L3-S1", "C5-C7", "T12-L1"])


@settings(max_examples=200, database=None)
@given(_finite, _finite, _finite, _regions)
def test_spec_round_trips(flexion, lateral, rotation, region):
    motion = Motion(flexion, lateral, rotation, region)
    assert parse_motion(motion.spec()) == motion
