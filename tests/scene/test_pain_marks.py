"""Pain marks ("Where does it hurt?") in scenes: validated on construction and kept through a save."""

from __future__ import annotations

import pytest

from spineviz.scene.io import load_scene, save_scene, scene_from_toml, scene_to_toml
from spineviz.scene.state import SceneError, SceneState


def test_marks_round_trip_through_a_scene_file(tmp_path):
    state = SceneState(title="Left buttock and thigh", pain_marks=["buttock-left", "lateral_thigh-left"])
    path = save_scene(state, tmp_path / "marks.toml")
    text = path.read_text(encoding="utf-8")
    assert 'pain_marks = ["buttock-left", "lateral_thigh-left"]' in text
    assert load_scene(path) == state
    assert load_scene(path).pain_marks == ("buttock-left", "lateral_thigh-left")


def test_a_scene_without_marks_writes_none_and_reads_back_empty():
    state = SceneState(title="No marks")
    text = scene_to_toml(state)
    assert "pain_marks" not in text
    assert scene_from_toml(text).pain_marks == ()


def test_marks_are_canonical_and_each_once():
    assert SceneState(pain_marks=("groin-right", " groin-right", "groin-left")).pain_marks == (
        "groin-right",
        "groin-left",
    )


@pytest.mark.parametrize(
    ("value", "key", "words"),
    [
        ("buttock-left", "pain_marks", "must be a list"),
        (["hand-left"], "pain_marks[1]", "not a zone"),
        (["buttock"], "pain_marks[1]", "not a pain mark"),
        (["buttock-left", 7], "pain_marks[2]", "text such as"),
        (["buttock-left"] * 97, "pain_marks", "limit"),
    ],
)
def test_bad_marks_are_refused_naming_the_key_and_the_fix(value, key, words):
    with pytest.raises(SceneError) as err:
        SceneState(pain_marks=value)
    assert err.value.key == key
    assert words in str(err.value) and "Fix:" in str(err.value)


def test_a_bad_mark_in_a_file_names_the_file_and_line(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text('version = 1\ntitle = "x"\npain_marks = ["buttok-left"]\n', encoding="utf-8")
    with pytest.raises(SceneError) as err:
        load_scene(path)
    message = str(err.value)
    assert "bad.toml" in message and "line 3" in message and "buttok" in message
