"""Fuzzing the scene reader with hostile shapes: deep nesting, long dotted keys, long lists and text.

Whatever the text, :func:`scene_from_toml` returns a scene or raises :class:`SceneError` with a fix: never a
RecursionError, a MemoryError or any other exception. Bounded: a fixed number of examples, no deadline
(the machine is shared), the whole module in a few seconds to tens of seconds.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spineviz.limits import SCENE_MAX_KEY_DOTS_PER_LINE, SCENE_MAX_LIST, SCENE_MAX_NESTING
from spineviz.scene.io import scene_from_toml
from spineviz.scene.state import SceneError, SceneState

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

KEYS = st.sampled_from(["version", "title", "caption", "highlight", "body_map", "loads", "region", "camera",
                        "motion", "animation", "layers", "document", "zoom", "duration", "keyframes", "t", "a"])
SCALARS = st.one_of(
    st.integers(-10**30, 10**30).map(str),
    st.sampled_from(["1e12", "1e300", "-0.0", "inf", "nan", "1.5", "true", "false", '"L4/5"', '"L5/S1 left"',
                     '"neutral"', '"extension=15"', '"lumbar"', '"../../etc/passwd"']),
    st.text(st.characters(blacklist_categories=["Cs"]), max_size=30).map(lambda s: '"' + s.replace("\\", "/")
                                                                           .replace('"', "'").replace("\n", " ") + '"'),
)


def nested(depth: int, inner: str, kinds: list[bool]) -> str:
    """``inner`` wrapped ``depth`` times in arrays (True) or inline tables (False), without recursion."""
    text = inner
    for i in range(depth):
        text = f"[{text}]" if kinds[i % len(kinds)] else f"{{ k = {text} }}"
    return text


@st.composite
def hostile_scenes(draw) -> str:
    lines = ["version = 1"] if draw(st.booleans()) else []
    for _ in range(draw(st.integers(0, 6))):
        shape = draw(st.sampled_from(["plain", "nested", "dotted", "list", "header", "long"]))
        key = draw(KEYS)
        if shape == "plain":
            lines.append(f"{key} = {draw(SCALARS)}")
        elif shape == "nested":
            depth = draw(st.sampled_from([1, 2, SCENE_MAX_NESTING, SCENE_MAX_NESTING + 1, 50, 600, 1000]))
            lines.append(f"{key} = {nested(depth, draw(SCALARS), draw(st.lists(st.booleans(), min_size=1)))}")
        elif shape == "dotted":
            parts = draw(st.sampled_from([2, 3, SCENE_MAX_KEY_DOTS_PER_LINE, SCENE_MAX_KEY_DOTS_PER_LINE + 2, 5000]))
            lines.append(".".join([key] * parts) + f" = {draw(SCALARS)}")
        elif shape == "list":
            n = draw(st.sampled_from([0, 3, SCENE_MAX_LIST, SCENE_MAX_LIST + 1, 5000]))
            lines.append(f"{key} = [" + ", ".join(['"L4/5"'] * n) + "]")
        elif shape == "header":
            parts = draw(st.sampled_from([1, 2, 400, 20000]))
            lines.append("[" + ".".join([key] * parts) + "]")
        else:
            lines.append(f'{key} = "' + "x" * draw(st.sampled_from([120, 1001, 5000, 100_000])) + '"')
    return "\n".join(lines) + "\n"


@FUZZ
@given(hostile_scenes())
def test_any_scene_text_is_read_or_refused_with_a_fix(text):
    try:
        state = scene_from_toml(text, origin="fuzz.toml", check_files=False)
    except SceneError as exc:
        message = str(exc)
        assert message.startswith("fuzz.toml") and "Fix:" in message, message
    else:
        assert isinstance(state, SceneState)


@FUZZ
@given(st.integers(SCENE_MAX_NESTING + 1, 5000), st.lists(st.booleans(), min_size=1, max_size=4))
def test_deep_nesting_is_refused_with_its_line(depth, kinds):
    text = 'version = 1\ntitle = "deep"\nhighlight = ' + nested(depth, '"L4/5"', kinds) + "\n"
    try:
        scene_from_toml(text, origin="deep.toml", check_files=False)
    except SceneError as exc:
        assert exc.line == 3 and "nested more than" in str(exc)
    else:
        raise AssertionError("a scene nested deeper than the limit was accepted")


@FUZZ
@given(st.floats(min_value=600.001, max_value=1e308, allow_nan=False), st.sampled_from(["once", "loop", "pingpong"]))
def test_any_duration_beyond_the_limit_is_refused_naming_the_key(duration, mode):
    text = (f'version = 1\n\n[animation]\nmode = "{mode}"\nduration = {duration!r}\n'
            'keyframes = [{ t = 0, motion = "neutral" }, { t = 2, motion = "extension=10" }]\n')
    try:
        scene_from_toml(text, origin="long.toml", check_files=False)
    except SceneError as exc:
        assert exc.key == "animation.duration" and exc.line == 5 and "at most 600 seconds" in str(exc)
    else:
        raise AssertionError(f"duration {duration} was accepted")
