"""Scene files: round trip, a table of malformed files with their own messages, atomic and careful saves."""

import json
import os
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spineviz.motion import Keyframe, Timeline, parse_motion
from spineviz.scene import io as scene_io
from spineviz.scene.io import (
    UnreadableSceneError,
    line_of,
    load_scene,
    save_scene,
    scene_from_toml,
    scene_to_toml,
    toml_string,
)
from spineviz.scene.recent import add_recent_scene, forget_recent_scene, recent_scenes
from spineviz.scene.state import Animation, Camera, DocumentRef, Layers, SceneError, SceneState

HOSTILE = Path(__file__).parent / "hostile"


def _rich_states(tmp_path: Path) -> list[SceneState]:
    note = tmp_path / "docs" / "my notes.md"
    note.parent.mkdir(parents=True, exist_ok=True)
    note.write_text("# My notes\n\n## Low back\n\nText.\n", encoding="utf-8")
    inline = Timeline((Keyframe(0.0, parse_motion("neutral", region="L3-S1")),
                       Keyframe(1.25, parse_motion("extension=12.5, rotation=3.3 right", region="L3-S1")),
                       Keyframe(2.5, parse_motion("flexion=0.1, bend=2 left", region="L3-S1"))),
                      easing="ease_in_out", mode="pingpong", duration=3.0, name='Odd "name" \\ with ünïcode')
    return [
        SceneState(),
        SceneState(title="Tab\tand ünïcode — “quotes”", caption='Two\nlines with "quotes" and \\ and \ttabs',
                   audience="clinician", region="lumbar", isolate="L4", selection="L4/5 right",
                   highlight=("L4/5", "L5/S1 left"), loads=True, body_map=("L4/5", "L5/S1"),
                   camera=Camera(view=None, position=(0.1, -900.25, 1e-7), focal_point=(0.0, 0.0, 120.0),
                                 up=(0.0, 0.0, 1.0), zoom=1.7),
                   motion=parse_motion("extension=0.30000000000000004, bend=1e-5 left", region="lumbar"),
                   layers=Layers(regions=("thoracic", "lumbar", "sacral"), discs=False, cartilage=True,
                                 labels=True, bone_transparency=0.35, load_range=(5.5, 80.0)),
                   document=DocumentRef(article="referred-pain", audience="clinician",
                                        section="somatic-referred-versus-radicular-pain")),
        SceneState(title="preset", animation=Animation(preset="extension_rotation", speed=0.5, mode="once",
                                                       time=3.25)),
        SceneState(title="inline", animation=Animation(timeline=inline, speed=2.0)),
        SceneState(title="doc", document=DocumentRef(path=str(note), section="low-back"), audience="educator"),
    ]


def test_round_trip_gives_an_equal_state(tmp_path):
    for i, state in enumerate(_rich_states(tmp_path)):
        path = save_scene(state, tmp_path / f"scene{i}.toml")
        assert load_scene(path) == state, path.read_text(encoding="utf-8")
        # and the text is plain TOML that any reader accepts
        tomllib.loads(path.read_text(encoding="utf-8"))


def test_document_path_is_written_relative_to_the_scene(tmp_path):
    state = _rich_states(tmp_path)[-1]
    path = save_scene(state, tmp_path / "doc.toml")
    assert 'path = "docs/my notes.md"' in path.read_text(encoding="utf-8")
    moved = tmp_path / "moved"
    moved.mkdir()
    (moved / "docs").mkdir()
    (moved / "docs" / "my notes.md").write_bytes((tmp_path / "docs" / "my notes.md").read_bytes())
    os.replace(path, moved / "doc.toml")
    assert load_scene(moved / "doc.toml").document.path == str(moved / "docs" / "my notes.md")


def test_hand_written_forms(tmp_path):
    text = """
version = 1
motion = "extension=15, rotation=5 left, region=lumbar"
[camera]
position = [0, -900, 300]
focal_point = [0, 0, 300]
up = [0, 0, 1]
"""
    s = scene_from_toml(text)
    assert s.motion.flexion == -15.0 and s.motion.axial_rotation == 5.0 and s.motion.region == "lumbar"
    assert s.camera.explicit and s.camera.view is None
    s2 = scene_from_toml('version = 1\n[motion]\nextension = 10\nregion = "lumbar"\n')
    assert s2.motion.flexion == -10.0


# name -> (fragments that must all appear in the message, line expected or None)
HOSTILE_CASES = {
    "unknown_key.toml": (["unknown key 'colour'", "Fix:", "the keys here are"], 3),
    "wrong_type.toml": (["camera.zoom", "must be a number", "text 'big'", "from 0.1 to 10"], 6),
    "out_of_range_angle.toml": (["motion.flexion", "extension of 90°", "lumbar region's range of 27.5°"], 5),
    "unknown_level.toml": (["selection", "unknown level", "L6", "sixth lumbar"], 4),
    "unknown_joint.toml": (["highlight[2]", "unknown joint", "'L4/6'"], 3),
    "unknown_preset.toml": (["animation.preset", "no animation preset 'moonwalk'", "flexion_extension"], 5),
    "missing_document.toml": (["document.path", "cannot be opened", "missing-letter.md", "relative to the scene"], 5),
    "not_toml.toml": (["not valid TOML", "key = value"], 3),
    "binary.toml": (["binary file", "NUL"], None),
    "empty.toml": (["the file is empty", "version = 1"], None),
    "missing_version.toml": (["version", "add version = 1"], None),
    "newer_version.toml": (["format 7", "newer spineviz", "update spineviz"], 1),
    "motion_and_animation.toml": (["not both", "remove [motion] or [animation]"], 7),
    # issue 16: refused before TOML parsing (no RecursionError, no quadratic parse) or by a limit
    "deep_arrays.toml": (["nested more than 8 deep", "lists of inline tables"], 3),
    "deep_inline_tables.toml": (["nested more than 8 deep", "lists of inline tables"], 4),
    "deep_highlight.toml": (["nested more than 8 deep", "lists of inline tables"], 5),
    "dotted_header.toml": (["more than 256 dotted parts", "like camera.zoom"], 2),
    "huge_duration.toml": (["animation.duration", "1000000000000.0 seconds", "limit of 600 s", "at most 600"], 5),
    "huge_duration_1e300.toml": (["animation.duration", "1e+300 seconds", "at most 600"], 6),
    "document_outside.toml": (["document.path", "outside the scene's folder", "../../secret/notes.txt",
                               "copy the document into the scene's folder"], 5),
    "document_symlink.toml": (["document.path", "outside the scene's folder", "leads to /etc/passwd",
                               "File > Open document"], 6),
}


def test_every_hostile_file_has_a_case():
    assert {p.name for p in HOSTILE.glob("*.toml")} == set(HOSTILE_CASES)


@pytest.mark.parametrize("name", sorted(HOSTILE_CASES))
def test_hostile_scene_files(name):
    fragments, line = HOSTILE_CASES[name]
    with pytest.raises(SceneError) as info:
        load_scene(HOSTILE / name)
    message = str(info.value)
    assert message.startswith(str(HOSTILE / name)), message
    for fragment in fragments:
        assert fragment in message, message
    assert "Fix:" in message
    assert info.value.line == line, message
    if line is not None:
        assert f"line {line}" in message


def test_hostile_messages_are_all_different():
    messages = set()
    for name in HOSTILE_CASES:
        with pytest.raises(SceneError) as info:
            load_scene(HOSTILE / name)
        messages.add(str(info.value).removeprefix(str(HOSTILE / name)))  # the line and what follows
    assert len(messages) == len(HOSTILE_CASES)


@pytest.mark.parametrize(
    ("text", "key", "line"),
    [
        ("version = 1\n[layers]\nlabels = 1\n", "layers.labels", 3),
        ("version = 1\n[layers]\nxray = 0.5\n", "layers.xray", 3),
        ("version = 1\n[camera]\nzom = 2\n", "camera.zom", 3),
        ('version = 1\n[animation]\nkeyframes = [\n { t = 0, motion = "neutral" },\n'
         ' { t = 1, motion = "extension=99" },\n]\nregion = "lumbar"\n', "animation.keyframes[2].motion.flexion", 5),
        ("version = 1\n[animation]\npreset = \"flexion_extension\"\nduration = 3\n", "animation.duration", 4),
        ("version = 1\ncamera = 3\n", "camera", 2),
        ("version = 1\n[document]\narticle = \"referred-pain\"\nsection = \"nope\"\n", "document.section", 4),
        ("version = 1\n[motion]\nflexion = 5\nextension = 5\n", "motion.extension", 4),
        ("version = 1\n[motion]\nflexion = true\n", "motion.flexion", 3),
        ("version = 1\n[motion]\nregion = \"L5-L3\"\n", "motion.region", 3),
    ],
)
def test_errors_name_the_key_and_line(text, key, line):
    with pytest.raises(SceneError) as info:
        scene_from_toml(text, origin="x.toml")
    assert info.value.key == key and info.value.line == line, str(info.value)


def test_line_of_finds_dotted_keys_and_headers():
    text = 'version = 1\ncamera.zoom = 3\n[layers]\n# labels = true\nlabels = "yes"\n'
    assert line_of(text, "camera.zoom") == 2
    assert line_of(text, "layers.labels") == 5
    assert line_of(text, "layers.nothing") == 3
    assert line_of(text, "nowhere") is None


def test_toml_string_escapes_everything():
    nasty = 'a"b\\c\n\t\x00\x1f\x7f ü \u2028'
    assert tomllib.loads(f"x = {toml_string(nasty)}")["x"] == nasty


# ---- saving -------------------------------------------------------------------------------------------


def test_interrupted_save_leaves_the_old_file_intact(tmp_path, monkeypatch):
    path = save_scene(SceneState(title="old"), tmp_path / "scene.toml")
    before = path.read_bytes()

    def crash(src, dst):
        raise OSError(28, "No space left on device (simulated crash before the rename)")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(SceneError, match="cannot be written"):
        save_scene(SceneState(title="new"), path)
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scene.toml"]  # no temporary file left behind
    assert load_scene(path).title == "old"


def test_interrupted_write_leaves_no_partial_file(tmp_path, monkeypatch):
    path = save_scene(SceneState(title="old"), tmp_path / "scene.toml")
    real_fsync = os.fsync

    def crash(fd):
        raise KeyboardInterrupt  # the process is stopped while the temporary file is being flushed

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(KeyboardInterrupt):
        save_scene(SceneState(title="new"), path)
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert load_scene(path).title == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["scene.toml"]


def test_save_refuses_to_replace_a_file_it_cannot_read(tmp_path):
    other = tmp_path / "notes.toml"
    other.write_text("[tool.poetry]\nname = 'something else'\n", encoding="utf-8")
    with pytest.raises(UnreadableSceneError) as info:
        save_scene(SceneState(title="x"), other)
    assert "not replaced" in str(info.value) and "overwrite_unreadable" in str(info.value)
    assert "something else" in other.read_text(encoding="utf-8")
    save_scene(SceneState(title="x"), other, overwrite_unreadable=True)
    assert load_scene(other).title == "x"


def test_save_replaces_a_readable_scene_and_keeps_its_mode(tmp_path):
    path = save_scene(SceneState(title="a"), tmp_path / "s.toml")
    os.chmod(path, 0o640)
    save_scene(SceneState(title="b"), path)
    assert load_scene(path).title == "b"
    assert (path.stat().st_mode & 0o777) == 0o640


def test_save_wants_a_toml_name_and_an_existing_folder(tmp_path):
    with pytest.raises(SceneError, match=r"end in \.toml"):
        save_scene(SceneState(), tmp_path / "scene.png")
    with pytest.raises(SceneError, match="does not exist"):
        save_scene(SceneState(), tmp_path / "no" / "such" / "scene.toml")


def test_load_errors_for_paths(tmp_path):
    with pytest.raises(SceneError, match="no such file"):
        load_scene(tmp_path / "nope.toml")
    with pytest.raises(SceneError, match="folder"):
        load_scene(tmp_path)
    big = tmp_path / "big.toml"
    big.write_bytes(b"# " + b"x" * (scene_io.MAX_SCENE_BYTES + 10))
    with pytest.raises(SceneError, match="too big"):
        load_scene(big)
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b'version = 1\ntitle = "caf\xe9"\n')
    with pytest.raises(SceneError, match="UTF-8") as info:
        load_scene(latin)
    assert info.value.line == 2


# ---- the reader never fails with anything but SceneError ----------------------------------------------

_KEYS = ["version", "title", "caption", "audience", "region", "isolate", "selection", "highlight", "loads",
         "body_map", "view", "zoom", "position", "focal_point", "up", "flexion", "extension", "lateral_bending",
         "axial_rotation", "preset", "mode", "speed", "time", "keyframes", "easing", "duration", "name",
         "regions", "discs", "cartilage", "labels", "bone_transparency", "load_range", "article", "path", "section",
         "t", "motion", "camera", "animation", "layers", "document", "zzz"]
_VALUES = st.one_of(
    st.integers(min_value=-(2**63), max_value=2**63 - 1).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(lambda f: repr(f).replace("nan", "nan").replace("inf", "inf")),
    st.booleans().map(lambda b: "true" if b else "false"),
    st.sampled_from(['"L4/5 right"', '"L4"', '"lumbar"', '"left"', '"flexion_extension"', '"extension=15"',
                     '"referred-pain"', '"patient"', '"loop"', '"x.md"', '"neutral"', '"L6"', '"\\u0000"',
                     "1979-05-27T07:32:00Z", "[]", "[1, 2, 3]", '["L4/5", 3]', "{}", "{ t = 0, motion = 1 }",
                     '[{ t = 0, motion = "neutral" }, { t = -1, motion = "flexion=5" }]', '[[1], ["a"]]']),
    st.text(max_size=12).map(lambda s: json.dumps(s)),
)
_LINE = st.one_of(
    st.tuples(st.sampled_from(_KEYS), _VALUES).map(lambda kv: f"{kv[0]} = {kv[1]}"),
    st.sampled_from(["[camera]", "[motion]", "[animation]", "[layers]", "[document]", "[[camera]]", "[x.y]",
                     "version = 1", "version = 1", "version = 1"]),
    st.text(max_size=30),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_LINE, max_size=12))
def test_reader_raises_only_scene_errors(lines):
    text = "\n".join(lines)
    try:
        state = scene_from_toml(text, origin="fuzz.toml", check_files=False)
    except SceneError as exc:
        assert str(exc).startswith("fuzz.toml")
    else:
        assert isinstance(state, SceneState)
        assert scene_from_toml(scene_to_toml(state), check_files=False) == state


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_reader_raises_only_scene_errors_on_any_text(text):
    try:
        scene_from_toml(text, check_files=False)
    except SceneError:
        pass


# ---- recent scenes ------------------------------------------------------------------------------------


def test_recent_scenes(tmp_path):
    store = tmp_path / "config" / "recent.json"
    files = []
    for i in range(12):
        files.append(save_scene(SceneState(title=str(i)), tmp_path / f"s{i}.toml"))
        add_recent_scene(files[-1], store=store)
    recent = recent_scenes(store)
    assert len(recent) == 10 and recent[0] == files[-1] and recent[-1] == files[2]
    add_recent_scene(files[5], store=store)
    assert recent_scenes(store)[0] == files[5] and len(recent_scenes(store)) == 10
    files[11].unlink()
    assert files[11] not in recent_scenes(store)
    forget_recent_scene(files[5], store=store)
    assert files[5] not in recent_scenes(store)


@pytest.mark.parametrize("content", [b"", b"{not json", b"[1, 2]", b'{"recent": "x"}', b"\x00\xff", b'{"recent": [3]}'])
def test_recent_scenes_tolerate_a_corrupt_list(tmp_path, content):
    store = tmp_path / "recent.json"
    store.write_bytes(content)
    assert recent_scenes(store) == []
    scene = save_scene(SceneState(), tmp_path / "a.toml")
    assert add_recent_scene(scene, store=store) == [scene]
    assert json.loads(store.read_text(encoding="utf-8"))["recent"] == [str(scene)]


def test_recent_file_is_in_the_user_config_dir(monkeypatch, tmp_path):
    import platformdirs

    from spineviz.scene import recent

    monkeypatch.setattr(platformdirs, "user_config_dir", lambda *a, **k: str(tmp_path / "cfg"))
    assert recent.recent_file() == tmp_path / "cfg" / "recent-scenes.json"


# A structured fuzz: start from a valid scene, change or drop one key at any depth, to reach deep checks.

_BASE_SCENES = [
    'version = 1\ntitle = "t"\nregion = "lumbar"\nisolate = "L4"\nselection = "L4/5 right"\nhighlight = ["L4/5"]\n'
    'loads = true\nbody_map = ["L5/S1"]\n[camera]\nview = "left"\nzoom = 1.0\n[motion]\nextension = 10.0\n'
    'region = "lumbar"\n[layers]\nregions = ["lumbar", "sacral"]\nbone_transparency = 0.4\n[document]\n'
    'article = "referred-pain"\nsection = "low-back-l45-and-l5s1"\n',
    'version = 1\n[animation]\nname = "n"\nregion = "lumbar"\nmode = "loop"\neasing = "linear"\nduration = 4.0\n'
    'keyframes = [{ t = 0.0, motion = "neutral" }, { t = 2.0, motion = "extension=10" }]\nspeed = 1.0\ntime = 1.0\n',
    'version = 1\n[camera]\nposition = [0.0, -900.0, 300.0]\nfocal_point = [0.0, 0.0, 300.0]\nup = [0.0, 0.0, 1.0]\n'
    '[animation]\npreset = "extension_rotation"\nmode = "pingpong"\n',
]


def _dump_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return {"nan": "nan", "inf": "inf", "-inf": "-inf"}.get(repr(v), repr(v))
    if isinstance(v, str):
        return toml_string(v)
    if isinstance(v, list):
        return "[" + ", ".join(_dump_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{toml_string(k)} = {_dump_value(x)}" for k, x in v.items()) + " }"
    return v.isoformat()


def _dump(data: dict) -> str:
    lines = [f"{toml_string(k)} = {_dump_value(v)}" for k, v in data.items() if not isinstance(v, dict)]
    for k, v in data.items():
        if isinstance(v, dict):
            lines.append(f"[{toml_string(k)}]")
            lines += [f"{toml_string(kk)} = {_dump_value(vv)}" for kk, vv in v.items()]
    return "\n".join(lines) + "\n"


_SCALARS = st.one_of(
    st.booleans(), st.integers(min_value=-(2**63), max_value=2**63 - 1), st.floats(),
    st.text(max_size=10), st.sampled_from(["L4", "L4/5 left", "L3-S1", "lumbar", "left", "loop", "neutral",
                                            "extension=400", "flexion_extension", "x.md", "", "nan"]),
    st.datetimes(),
)
_ANY = st.recursive(_SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                      st.dictionaries(st.sampled_from(_KEYS), inner, max_size=3)),
                    max_leaves=6)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_BASE_SCENES), st.data())
def test_reader_raises_only_scene_errors_on_mutated_scenes(base, data):
    scene = tomllib.loads(base)
    tables = [scene] + [v for v in scene.values() if isinstance(v, dict)]
    table = data.draw(st.sampled_from(tables))
    key = data.draw(st.sampled_from(sorted(table) + _KEYS))
    value = data.draw(_ANY)
    if data.draw(st.booleans()) and data.draw(st.booleans()):
        table.pop(key, None)
    else:
        table[key] = value
    try:
        state = scene_from_toml(_dump(scene), origin="mutant.toml", check_files=False)
    except SceneError as exc:
        assert str(exc).startswith("mutant.toml")
    else:
        assert scene_from_toml(scene_to_toml(state), check_files=False) == state
