"""SceneState: typed fields with valid ranges, canonical names, and what a renderer derives from it."""

import dataclasses
import pickle

import pytest

from spineviz.motion import PRESETS, Keyframe, Timeline, parse_motion
from spineviz.scene.state import (
    LAYER_REGIONS,
    VIEWS,
    Animation,
    Camera,
    DocumentRef,
    Layers,
    SceneError,
    SceneState,
    angle_limits,
)


def test_default_scene_is_the_whole_neutral_spine():
    s = SceneState()
    assert s.audience == "patient" and s.region == "all" and s.camera.view == "left"
    assert len(s.visible_levels()) == 25 and len(s.visible_segments()) == 24
    assert s.current_motion().is_neutral
    assert s.version == 1


def test_views_match_the_renderer():
    from spineviz.render.look import VIEWS as RENDER_VIEWS

    assert tuple(VIEWS) == tuple(RENDER_VIEWS)


def test_frozen_and_replaceable():
    s = SceneState(title="a")
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.title = "b"  # type: ignore[misc]
    t = dataclasses.replace(s, layers=dataclasses.replace(s.layers, labels=True))
    assert t.layers.labels and not s.layers.labels


def test_names_are_canonical():
    s = SceneState(selection="l4/5 R", isolate="l4", highlight=["L4-L5", "l5/s1 left", "L4/5"],
                   body_map=("c5-6", "C6/7 right"))
    assert s.selection == "L4/5 right" and s.isolate == "L4"
    assert s.highlight == ("L4/5", "L5/S1 left")  # duplicates dropped, order kept
    assert s.body_map == ("C5/6", "C6/7 right")
    assert [j.name for j in s.highlighted_joints()] == ["L4/5 left", "L4/5 right", "L5/S1 left"]
    assert s.selected_joint.name == "L4/5 right" and s.selected_level is None
    assert SceneState(selection="T6").selected_level.name == "T6"


@pytest.mark.parametrize(
    ("kwargs", "key", "words"),
    [
        ({"audience": "student"}, "audience", "patient, clinician, educator"),
        ({"region": "sacral"}, "region", "all, cervical"),
        ({"title": "two\nlines"}, "title", "line break"),
        ({"title": "x" * 200}, "title", "limit is 120"),
        ({"caption": "bad \x00 byte"}, "caption", "control character"),
        ({"loads": 1}, "loads", "true or false"),
        ({"selection": "L4/5"}, "selection", "both facet joints"),
        ({"selection": "L6"}, "selection", "sixth lumbar"),
        ({"isolate": "L9"}, "isolate", "does not exist"),
        ({"highlight": "L4/5"}, "highlight", "must be a list"),
        ({"body_map": ["L3/5"]}, "body_map[1]", "not neighbours"),
        ({"version": 2}, "version", "newer spineviz"),
        ({"version": True}, "version", "not a scene format version"),
        ({"region": "cervical", "isolate": "L4"}, "isolate", "outside the region"),
        ({"region": "lumbar", "layers": Layers(regions=("cervical",))}, "layers.regions", "hidden"),
        ({"motion": parse_motion("extension=40", region="lumbar")}, "motion.flexion", "27.5"),
        ({"motion": parse_motion("rotation=10 left", region="lumbar")}, "motion.axial_rotation", "9"),
        ({"motion": parse_motion("flexion=1")}, None, None),  # fine: well inside the whole spine's range
    ],
)
def test_invalid_values_name_key_and_fix(kwargs, key, words):
    if key is None:
        SceneState(**kwargs)
        return
    with pytest.raises(SceneError) as info:
        SceneState(**kwargs)
    assert info.value.key == key
    assert words in str(info.value)
    assert "Fix:" in str(info.value)


def test_motion_and_animation_are_exclusive():
    with pytest.raises(SceneError, match="not both"):
        SceneState(motion=parse_motion("flexion=5"), animation=Animation(preset="flexion_extension"))


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"zoom": 0.0}, "zoom"),
        ({"zoom": 11}, "zoom"),
        ({"zoom": float("nan")}, "zoom"),
        ({"view": "below"}, "view"),
        ({"view": None}, "view"),
        ({"view": None, "position": (0, -900, 0)}, "focal_point"),
        ({"view": None, "position": (0, 0, 0), "focal_point": (0, 0, 0), "up": (0, 0, 1)}, "position"),
        ({"view": None, "position": (0, 0, 900), "focal_point": (0, 0, 0), "up": (0, 0, 1)}, "up"),
        ({"view": "left", "position": (0, -900, 0), "focal_point": (0, 0, 0), "up": (0, 0, 1)}, "view"),
        ({"view": None, "position": (0, -1e9, 0), "focal_point": (0, 0, 0), "up": (0, 0, 1)}, "position[2]"),
    ],
)
def test_camera_ranges(kwargs, key):
    with pytest.raises(SceneError) as info:
        Camera(**kwargs)
    assert info.value.key == key


def test_explicit_camera():
    c = Camera(view=None, position=[0, -900, 300], focal_point=(0, 0, 300), up=(0, 0, 1), zoom=2)
    assert c.explicit and c.position == (0.0, -900.0, 300.0) and c.zoom == 2.0


def test_layers():
    lay = Layers(regions=["lumbar", "cervical"], bone_transparency=1)
    assert lay.regions == ("cervical", "lumbar") and lay.bone_transparency == 1.0
    for bad, key in ((-0.1, "bone_transparency"), (1.5, "bone_transparency")):
        with pytest.raises(SceneError) as info:
            Layers(bone_transparency=bad)
        assert info.value.key == key
    with pytest.raises(SceneError, match="nothing would be visible"):
        Layers(regions=[])
    with pytest.raises(SceneError) as info:
        Layers(regions=["neck"])
    assert info.value.key == "regions[1]"
    assert Layers().regions == LAYER_REGIONS


def test_a_scene_may_set_its_own_load_scale_and_none_does_by_default():
    """``layers.load_range`` (session 12): opt-in, two numbers low < high in newtons; ``None`` keeps the fixed
    scale, so no scene without it changes colour."""
    assert Layers().load_range is None
    assert Layers(load_range=[0, 80]).load_range == (0.0, 80.0)
    for bad, key in (((80, 0), "load_range"), ((10, 10), "load_range"), ((0,), "load_range"), ("0-80", "load_range"),
                     ((-1, 80), "load_range[1]"), ((0, 5000), "load_range[2]"), ((0, True), "load_range[2]")):
        with pytest.raises(SceneError) as info:
            Layers(load_range=bad)
        assert info.value.key == key, bad


def test_region_layers_and_isolation_decide_what_is_visible():
    assert SceneState(region="lumbar").visible_levels() == ("L1", "L2", "L3", "L4", "L5", "S1")
    assert SceneState(region="lumbar", isolate="L4").visible_levels() == ("L3", "L4", "L5")
    assert SceneState(isolate="S1").visible_levels() == ("L5", "S1")
    assert SceneState(isolate="C1").visible_segments() == ("C1/2",)
    shown = SceneState(layers=Layers(regions=("cervical", "lumbar"))).visible_levels()
    assert "T6" not in shown and "C5" in shown and "L5" in shown and "S1" not in shown


def test_animation_preset_and_inline():
    a = Animation(preset="extension_rotation", speed=2.0, mode="pingpong")
    assert a.resolved().mode == "pingpong" and a.cycle == 16.0 and a.playback_seconds == 8.0
    assert a.still_time() == 2.0  # the first of the most-moved keyframes
    tl = Timeline((Keyframe(0.0, parse_motion("neutral", region="lumbar")),
                   Keyframe(2.0, parse_motion("extension=20", region="lumbar"))), mode="once")
    b = Animation(timeline=tl, mode="loop", time=1.0)
    assert b.mode is None and b.timeline.mode == "loop"  # the override is folded into the timeline
    assert b.at(1.0).flexion == pytest.approx(-10.0) and b.at(2.0).is_neutral  # a loop wraps
    s = SceneState(animation=b)
    assert s.current_motion().flexion == pytest.approx(-10.0)


@pytest.mark.parametrize(
    ("kwargs", "key"),
    [
        ({"preset": "moonwalk"}, "preset"),
        ({}, "preset"),
        ({"preset": "flexion_extension", "speed": 0}, "speed"),
        ({"preset": "flexion_extension", "speed": 50}, "speed"),
        ({"preset": "flexion_extension", "mode": "bounce"}, "mode"),
        ({"preset": "flexion_extension", "time": 9.0}, "time"),
        ({"preset": "flexion_extension", "time": -1}, "time"),
    ],
)
def test_animation_ranges(kwargs, key):
    with pytest.raises(SceneError) as info:
        Animation(**kwargs)
    assert info.value.key == key


def test_inline_keyframes_must_stay_in_range():
    tl = Timeline((Keyframe(0.0, parse_motion("neutral", region="lumbar")),
                   Keyframe(2.0, parse_motion("extension=40", region="lumbar"))))
    with pytest.raises(SceneError) as info:
        Animation(timeline=tl)
    assert info.value.key == "keyframes[2].motion.flexion"


def test_every_motion_preset_fits_its_ranges():
    for preset_id in PRESETS:
        Animation(preset=preset_id)


def test_angle_limits_are_the_rom_sums():
    lumbar = angle_limits("lumbar")
    assert lumbar["flexion"] == pytest.approx((-27.5, 46.5))
    assert lumbar["axial_rotation"] == pytest.approx((-9.0, 9.0))
    whole = angle_limits("all")
    assert whole["flexion"] == pytest.approx((-121.0, 140.0))


def test_documents():
    d = DocumentRef(article="referred-pain", audience="patient", section="low-back-l45-and-l5s1")
    assert SceneState(document=d).article_audience == "patient"
    with pytest.raises(SceneError) as info:
        DocumentRef(article="nope")
    assert info.value.key == "article" and "referred-pain" in info.value.fix
    with pytest.raises(SceneError) as info:
        DocumentRef(article="referred-pain", audience="patient", section="nowhere")
    assert info.value.key == "section"
    with pytest.raises(SceneError):
        DocumentRef(article="referred-pain", path="x.md")
    with pytest.raises(SceneError):
        DocumentRef(path="x.md", audience="patient")
    # Sections belong to one audience's version: a clinician scene checks the clinician headings.
    with pytest.raises(SceneError) as info:
        SceneState(audience="clinician", document=DocumentRef(article="referred-pain",
                                                               section="why-pain-can-be-felt-away-from-the-joint"))
    assert info.value.key == "document.section"


def test_switching_audience_keeps_the_article_and_drops_a_section_the_other_version_lacks():
    """A patient scene opening a patient-only heading (the chairside preset) can be shown to a clinician: the
    article stays open, at its top; a heading both versions share is kept; a document's own audience wins."""
    from spineviz.scene.presets import CHAIRSIDE, load_preset

    chairside = load_preset(CHAIRSIDE)
    assert chairside.audience == "patient" and chairside.document.section is not None
    with pytest.raises(SceneError):  # what the window used to do: the state refuses the patient heading
        dataclasses.replace(chairside, audience="clinician")
    clin = chairside.with_audience("clinician")
    assert clin.audience == "clinician" and clin.document.article == chairside.document.article
    assert clin.document.section is None
    assert clin.with_audience("patient").audience == "patient"
    shared = SceneState(audience="patient", document=DocumentRef(article="referred-pain"))
    assert shared.with_audience("educator").document == shared.document
    own = SceneState(audience="patient", document=DocumentRef(article="referred-pain", audience="patient",
                                                             section="low-back-l45-and-l5s1"))
    assert own.with_audience("clinician").document == own.document  # it names its own version


def test_scene_error_pickles_and_locates():
    err = SceneError("is out of range", key="zoom", fix="use 1").at("camera").located("a.toml", 7)
    assert str(err) == "a.toml, line 7: camera.zoom: is out of range. Fix: use 1"
    again = pickle.loads(pickle.dumps(err))
    assert str(again) == str(err) and again.line == 7
